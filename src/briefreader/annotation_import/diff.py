"""What an import would change in an annotation already in the library: :func:`diff` compares
a record's values (:class:`~briefreader.annotation_import.clean.Clean`) with the stored
annotation and returns the change with a description for the report, or None.

Our own formats set every field they carry (a source missing from the cell is deleted). Other
tools' files only add: a note the annotation does not hold yet (after the one written here, if
any, never instead of it), tags it lacks, a colour when it has none. Source URLs are compared
in their normal form (:func:`briefreader.exchange.importers.uris.url_key`), so an export that
spelled a URL another way is no change, and the stored spelling is kept. A claim's check
status, conclusion and rationale are set as our formats say; who checked it and when are then
the store's to fill in (the import is a change like any other), and who made it stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from briefreader.annotation_import.clean import Clean
from briefreader.exchange.imported import ImportedAnnotation
from briefreader.exchange.importers._common import shorten
from briefreader.exchange.importers.uris import url_key
from briefreader.store.api import Annotation, Source, SourceInput


@dataclass
class Update:
    """A planned change of one annotation."""

    item: ImportedAnnotation
    annotation: Annotation
    fields: dict[str, Any]
    tags: tuple[str, ...] | None
    add_sources: list[SourceInput]
    change_sources: list[tuple[int, SourceInput]]
    remove_sources: list[int]
    description: str


def _note(ann: Annotation, clean: Clean, complete: bool, changes: list[str]) -> str | None:
    """The note to store, or None for no change."""
    note = clean.note
    if note is None or note == ann.note:
        return None
    if complete:
        if not ann.note:
            changes.append(f"note added {shorten(note, 30)!r}")
        elif not note:
            changes.append("note cleared")
        else:
            changes.append(f"note {shorten(ann.note, 20)!r} → {shorten(note, 30)!r}")
        return note
    if not note or note in ann.note:
        return None
    if not ann.note:
        changes.append(f"note added {shorten(note, 30)!r}")
        return note
    changes.append(f"note appended {shorten(note, 30)!r}")
    return f"{ann.note}\n\n{note}"


def _claim(ann: Annotation, clean: Clean, fields: dict[str, Any], changes: list[str]) -> None:
    """The claim fields of an annotation that is (or becomes) a claim."""
    was_claim = ann.kind == "claim"
    old_type = ann.claim_type if was_claim else None
    new_type = clean.claim_type if clean.claim_type_given else old_type
    if new_type != old_type or (not was_claim and new_type is not None):
        fields["claim_type"] = new_type
        changes.append(f"claim_type {old_type or 'none'} → {new_type or 'none'}")
    old_status = ann.claim_status if was_claim else None
    new_status = (clean.claim_status if clean.claim_status_given else old_status) or "unverified"
    if new_status != old_status:
        fields["claim_status"] = new_status
        changes.append(f"claim_status {old_status or 'none'} → {new_status}")


def _check(ann: Annotation, clean: Clean, fields: dict[str, Any], changes: list[str]) -> None:
    """The check fields of an annotation that is (or becomes) a claim."""
    check = ann.check if ann.kind == "claim" else None
    old_status = None if check is None else check.status
    if clean.check_status is not None and (
        clean.check_status != old_status or "claim_status" in fields
    ):
        # Given with a new verdict even when it is the stored one: the file's status wins
        # over the store's "a finding makes it checked".
        fields["check_status"] = clean.check_status
        if clean.check_status != old_status:
            changes.append(f"check_status {old_status or 'none'} → {clean.check_status}")
    old_conclusion = None if check is None else check.conclusion
    if clean.conclusion_given and clean.conclusion != old_conclusion:
        fields["conclusion"] = clean.conclusion
        if clean.conclusion is None:
            changes.append("conclusion cleared")
        else:
            changes.append(f"conclusion {shorten(clean.conclusion, 30)!r}")
    old_rationale = "" if check is None else check.rationale
    if clean.rationale is not None and clean.rationale != old_rationale:
        fields["rationale"] = clean.rationale
        changes.append(
            f"rationale {shorten(clean.rationale, 30)!r}"
            if clean.rationale
            else "rationale cleared"
        )


def diff(ann: Annotation, clean: Clean, item: ImportedAnnotation, complete: bool) -> Update | None:
    """The change that makes ``ann`` what the record says (see the module docstring)."""
    fields: dict[str, Any] = {}
    changes: list[str] = []
    kind = ann.kind
    if complete and clean.kind != ann.kind:
        kind = fields["kind"] = clean.kind
        changes.append(f"kind {ann.kind} → {clean.kind}")
    note = _note(ann, clean, complete, changes)
    if note is not None:
        fields["note"] = note
    if (
        clean.color_given
        and clean.color != ann.color
        and (complete or (clean.color and not ann.color))
    ):
        fields["color"] = clean.color
        changes.append(f"color {ann.color or 'none'} → {clean.color or 'none'}")
    if complete and clean.claimant_given and clean.claimant != ann.claimant:
        fields["claimant"] = clean.claimant
        changes.append(f"claimant {ann.claimant or 'none'} → {clean.claimant or 'none'}")
    if complete and kind == "claim":
        _claim(ann, clean, fields, changes)
        _check(ann, clean, fields, changes)
    tags: tuple[str, ...] | None = None
    if clean.tags is not None:
        wanted = set(clean.tags) if complete else set(clean.tags) | set(ann.tags)
        if wanted != set(ann.tags):
            tags = tuple(sorted(wanted))
            changes.append(
                "tags "
                + " ".join(
                    [f"+{t}" for t in sorted(wanted - set(ann.tags))]
                    + [f"-{t}" for t in sorted(set(ann.tags) - wanted)]
                )
            )
    add: list[SourceInput] = []
    change: list[tuple[int, SourceInput]] = []
    remove: list[int] = []
    if complete and clean.sources is not None:
        add, change, remove = source_changes(ann.sources, clean.sources)
        had = {s.id: s for s in ann.sources}
        changes.extend(f"source +{src.url}" for src in add)
        changes.extend(_source_change(had[i], src) for i, src in change)
        changes.extend(f"source -{had[i].url}" for i in remove)
    if not (fields or tags is not None or add or change or remove):
        return None
    return Update(item, ann, fields, tags, add, change, remove, "; ".join(changes))


#: What a source input may say of the source it cites besides its title (and of the link,
#: its quote); left empty, it says nothing of it.
_SAID = ("quote", "author", "publisher", "published", "accessed_at", "archive_url")


def _says_more(have: Source, want: SourceInput) -> bool:
    """Whether ``want`` gives the link or its source a title, quote, author, … (not empty)
    other than ``have``'s. A source's title and details are the source's, shared by every
    annotation citing it: an import that leaves them empty does not clear them."""
    return any(
        getattr(want, name) not in (None, "") and getattr(want, name) != getattr(have, name)
        for name in ("title", *_SAID)
    )


def _source_change(had: Source, src: SourceInput) -> str:
    """A changed source as the report says it."""
    if had.relation != src.relation:
        return f"source {src.url} {had.relation} → {src.relation}"
    if had.title != src.title:
        return f"source {src.url} title {shorten(had.title, 20)!r} → {shorten(src.title, 20)!r}"
    said = [name for name in _SAID if getattr(src, name) != getattr(had, name)]
    return f"source {src.url} {', '.join(name.replace('_', ' ') for name in said)}"


def source_changes(
    have: Sequence[Source], want: Sequence[SourceInput]
) -> tuple[list[SourceInput], list[tuple[int, SourceInput]], list[int]]:
    """Sources to add, to change (relation, or what the input says of the link's quote and of
    the source: title, author, …; keeping the stored URL and note) and to delete so that
    ``have`` becomes ``want``. Matched first on everything, then by URL; URLs are compared in
    their normal form."""
    remaining = list(have)
    unmatched: list[SourceInput] = []
    for src in want:
        key = url_key(src.url)
        same = next(
            (
                h
                for h in remaining
                if (url_key(h.url), h.relation) == (key, src.relation) and not _says_more(h, src)
            ),
            None,
        )
        if same is None:
            unmatched.append(src)
        else:
            remaining.remove(same)
    add: list[SourceInput] = []
    change: list[tuple[int, SourceInput]] = []
    for src in unmatched:
        key = url_key(src.url)
        same_url = next((h for h in remaining if url_key(h.url) == key), None)
        if same_url is None:
            add.append(src)
        else:
            remaining.remove(same_url)
            change.append(
                (
                    same_url.id,
                    replace(
                        src,
                        url=same_url.url,
                        title=src.title or same_url.title,
                        note=same_url.note,
                        quote=src.quote or same_url.quote,
                    ),
                )
            )
    return add, change, [h.id for h in remaining]
