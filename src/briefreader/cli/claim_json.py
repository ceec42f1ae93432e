"""A claim as the command line hands it to scripts: the JSON object of ``claims --json`` and
``claim ID --json`` (every field of the claim and its check, its sources, its history and its
claim group), and
the claim fields ``search --json`` adds to its items. Times are ISO 8601 UTC ending in ``Z``.

The JSON names are the ones a person reads: ``verdict`` for what the store calls
``claim_status``, ``check_status`` for where checking it stands; a history entry names the
field it changed the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from briefreader.store.api import (
    Annotation,
    ClaimCheck,
    ClaimGroup,
    HistoryEntry,
    SearchHit,
    Store,
)

#: A claim's field in the history as the JSON names it (the others keep their names).
_FIELD_NAMES = {"claim_status": "verdict"}
#: An unchecked claim's check, for an annotation that has none (not a claim).
_NO_CHECK = ClaimCheck()
#: The claim fields each ``search --json`` item carries (null for briefs and other kinds).
SEARCH_FIELDS = (
    "claimant",
    "claim_type",
    "verdict",
    "check_status",
    "conclusion",
    "checked_by",
    "checked_at",
)
#: Beyond this many briefs, the claims of a search are read from the whole library at once.
_MANY_BRIEFS = 500


def iso(moment: datetime | None) -> str | None:
    """``moment`` in ISO 8601 UTC with ``Z`` (``2026-05-01T14:03:07.120000Z``), or None."""
    if moment is None:
        return None
    if moment.tzinfo is None:  # stored as UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def history_json(entry: HistoryEntry) -> dict[str, Any]:
    return {
        "at": iso(entry.at),
        "by": entry.by,
        "field": _FIELD_NAMES.get(entry.field, entry.field),
        "old": entry.old,
        "new": entry.new,
        "rationale": entry.rationale,
        "correction": entry.correction,
    }


def group_json(group: ClaimGroup | None) -> dict[str, Any] | None:
    """A claim group for a script: its id and its appearances, the first appearance first."""
    if group is None:
        return None
    return {
        "id": group.id,
        "first_claim_id": group.first.annotation_id,
        "appearances": [
            {
                "claim_id": a.annotation_id,
                "brief_id": a.brief_id,
                "brief_imported_at": iso(a.brief_imported_at),
                "added_at": iso(a.added_at),
                "added_by": a.added_by,
            }
            for a in group.appearances
        ],
    }


def claim_json(
    claim: Annotation,
    brief_title: str | None,
    history: Sequence[HistoryEntry],
    group: ClaimGroup | None = None,
) -> dict[str, Any]:
    """Every field of ``claim`` for a script, with its brief's title, its history and its
    claim group (null when in none)."""
    check = claim.check or _NO_CHECK
    return {
        "id": claim.id,
        "uuid": claim.uuid,
        "brief_id": claim.brief_id,
        "brief_title": brief_title,
        "quote": claim.quote,
        "orphan": claim.orphan,
        "claimant": claim.claimant,
        "claim_type": claim.claim_type,
        "verdict": claim.claim_status,
        "check_status": check.status,
        "conclusion": check.conclusion,
        "rationale": check.rationale,
        "checked_by": check.checked_by,
        "checked_at": iso(check.checked_at),
        "contacted_at": iso(check.contacted_at),
        "contact_outcome": check.contact_outcome,
        "creator": claim.creator,
        "note": claim.note,
        "tags": list(claim.tags),
        "sources": [
            {"url": s.url, "title": s.title, "relation": s.relation, "note": s.note}
            for s in claim.sources
        ],
        "history": [history_json(entry) for entry in history],
        "group": group_json(group),
        "created_at": iso(claim.created_at),
        "updated_at": iso(claim.updated_at),
    }


def search_claims(store: Store, hits: Sequence[SearchHit]) -> dict[int, Annotation]:
    """The claims among ``hits`` by id, read in one go (those deleted since are left out)."""
    wanted = {
        h.annotation_id
        for h in hits
        if h.annotation_kind == "claim" and h.annotation_id is not None
    }
    if not wanted:
        return {}
    brief_ids = sorted({h.brief_id for h in hits if h.annotation_id in wanted})
    found = store.export_annotations(brief_ids if len(brief_ids) <= _MANY_BRIEFS else None)
    return {a.id: a for a in found if a.id in wanted and a.kind == "claim"}


def search_fields(claim: Annotation | None) -> dict[str, Any]:
    """The :data:`SEARCH_FIELDS` of a search item: ``claim``'s, or all null."""
    if claim is None:
        return dict.fromkeys(SEARCH_FIELDS)
    check = claim.check or _NO_CHECK
    return {
        "claimant": claim.claimant,
        "claim_type": claim.claim_type,
        "verdict": claim.claim_status,
        "check_status": check.status,
        "conclusion": check.conclusion,
        "checked_by": check.checked_by,
        "checked_at": iso(check.checked_at),
    }
