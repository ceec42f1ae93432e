"""A claim's check, apart from its verdict: its status (to-check → checking → checked, or
not-checkable), conclusion, rationale, who checked it and when, the claimant contacted; and the
history of every change to its status, verdict, conclusion and rationale (:class:`ClaimsPart`
reads it back).

:func:`apply_check` is what every write of an annotation's fields goes through
(``update_annotation``, ``apply_changes``, undo's ``restore_annotation``): it validates the
check fields, fills in who checked and when, and returns the history rows the change makes.
Giving a verdict to a claim still to be checked marks it checked; changing the verdict (or
its wording) of a checked claim is a *correction*, marked as such in the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from briefreader import vocabulary
from briefreader.store.base import StorePart
from briefreader.store.inputs import NewAnnotation
from briefreader.store.models import AnnotationRow, ClaimHistoryRow
from briefreader.store.records import HistoryEntry
from briefreader.store.rows import aware
from briefreader.text.validate import InvalidValue, single_line, without_nul

#: The check fields a caller may set (who checked it and when are filled in here).
CHECK_FIELDS = ("check_status", "conclusion", "rationale", "contacted_at", "contact_outcome")
#: Verdicts that say a claim was checked (all but "unverified").
FINDINGS = tuple(v for v in vocabulary.VERDICTS if v != vocabulary.UNCHECKED)


def tracked(row: AnnotationRow) -> dict[str, str | None]:
    """The row's values of the fields its history keeps."""
    return {name: getattr(row, name) for name in vocabulary.TRACKED}


def _clean(name: str, value: Any) -> Any:
    if name == "check_status":
        if value not in vocabulary.CHECK_STATUSES:
            raise InvalidValue(
                f"check status {value!r}: use one of {', '.join(vocabulary.CHECK_STATUSES)}"
            )
        return value
    if name == "rationale":
        return without_nul(str(value or "").strip())
    if name in ("conclusion", "contact_outcome"):
        return single_line(value) or None if value else None
    if name == "contacted_at":
        if value is not None and not isinstance(value, datetime):
            raise InvalidValue(f"contacted_at {value!r}: a date and time, or None")
        return value
    raise InvalidValue(f"not a check field: {name}")


def apply_check(
    row: AnnotationRow,
    before: Mapping[str, str | None],
    fields: Mapping[str, Any],
    user: str | None,
    now: datetime,
) -> list[ClaimHistoryRow]:
    """Apply the check ``fields`` to ``row``, whose kind and verdict were just set (``before``:
    its tracked values before this change); the history rows the change makes (not added)."""
    given = {name: _clean(name, value) for name, value in fields.items() if name in CHECK_FIELDS}
    if row.kind != "claim":
        if any(value not in (None, "") for value in given.values()):
            raise InvalidValue("a check status, conclusion or rationale applies to claims only")
        row.check_status = row.conclusion = row.checked_by = None
        row.checked_at = row.contacted_at = row.contact_outcome = None
        row.rationale = ""
    else:
        for name, value in given.items():
            setattr(row, name, value)
        if row.check_status is None:
            row.check_status = vocabulary.TO_CHECK
        verdict_given = row.claim_status != before["claim_status"]
        if (
            verdict_given
            and "check_status" not in given
            and row.claim_status in FINDINGS
            and row.check_status in (vocabulary.TO_CHECK, "checking")
        ):
            row.check_status = vocabulary.CHECKED  # giving a verdict is checking it
        now_checked = row.check_status == vocabulary.CHECKED
        if now_checked and (before["check_status"] != vocabulary.CHECKED or verdict_given):
            row.checked_by, row.checked_at = user, now
    return _history(row, before, row, user, now)


def _history(
    row: AnnotationRow,
    before: Mapping[str, str | None],
    now_as: AnnotationRow,
    user: str | None,
    now: datetime,
) -> list[ClaimHistoryRow]:
    """One history row per tracked field that differs between ``before`` and ``now_as`` (an
    empty value and none are the same); a verdict or its wording changed on a checked claim
    is a correction."""
    after = tracked(now_as)
    was_checked = before["check_status"] == vocabulary.CHECKED
    assert row.id is not None  # an annotation in the database
    return [
        ClaimHistoryRow(
            annotation_id=row.id,
            at=now,
            by=user,
            field=name,
            old=before[name],
            new=after[name],
            rationale=now_as.rationale,
            correction=was_checked and name in ("claim_status", "conclusion"),
        )
        for name in vocabulary.TRACKED
        if (after[name] or None) != (before[name] or None)
    ]


def new_check(
    item: NewAnnotation, verdict: str | None, user: str | None, now: datetime
) -> dict[str, Any]:
    """The check columns of a new annotation: a claim starts to be checked, unless ``item``
    (an import) says how far it went; one made with a finding is checked, by ``user`` now."""
    if item.kind != "claim":
        if item.check_status or item.conclusion or item.rationale:
            raise InvalidValue("a check status, conclusion or rationale applies to claims only")
        return dict.fromkeys(("check_status", "conclusion", "checked_by", "checked_at")) | {
            "rationale": ""
        }
    status = item.check_status
    checked_by = single_line(item.checked_by) if item.checked_by else None
    checked_at = item.checked_at
    if status is None:
        status = vocabulary.CHECKED if verdict in FINDINGS else vocabulary.TO_CHECK
        if status == vocabulary.CHECKED and checked_by is None and checked_at is None:
            checked_by, checked_at = user, now  # given its verdict as it is made
    return {
        "check_status": _clean("check_status", status),
        "conclusion": _clean("conclusion", item.conclusion),
        "rationale": _clean("rationale", item.rationale),
        "checked_by": checked_by,
        "checked_at": checked_at,
    }


def restored_history(
    existing: AnnotationRow, restored: AnnotationRow, user: str | None, now: datetime
) -> list[ClaimHistoryRow]:
    """The history rows of putting ``restored`` in place of ``existing`` (undo, redo)."""
    return _history(existing, tracked(existing), restored, user, now)


class ClaimsPart(StorePart):
    """Reading a claim's history."""

    def claim_history(self, annotation_id: int) -> list[HistoryEntry]:
        """Every change of the claim's check status, verdict, conclusion and rationale, oldest
        first (kept after the claim is deleted)."""
        return self.claim_histories([annotation_id]).get(annotation_id, [])

    def claim_histories(self, annotation_ids: Iterable[int]) -> dict[int, list[HistoryEntry]]:
        """The histories of these claims in one read (those with none are left out)."""
        h = ClaimHistoryRow.__table__  # type: ignore[attr-defined]
        wanted = sorted(set(annotation_ids))
        found: dict[int, list[HistoryEntry]] = {}
        with self.store._read() as s:
            for chunk in (wanted[i : i + 5000] for i in range(0, len(wanted), 5000)):
                rows = s.execute(
                    select(
                        h.c.annotation_id,
                        h.c.at,
                        h.c.by,
                        h.c.field,
                        h.c.old,
                        h.c.new,
                        h.c.rationale,
                        h.c.correction,
                    )
                    .where(h.c.annotation_id.in_(chunk))
                    .order_by(h.c.annotation_id, h.c.at, h.c.id)
                )
                for ann_id, at, by, field, old, new, rationale, correction in rows:
                    entry = HistoryEntry(
                        ann_id, aware(at), by, field, old, new, rationale, bool(correction)
                    )
                    found.setdefault(ann_id, []).append(entry)
        return found
