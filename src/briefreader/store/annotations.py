"""The Store's methods on annotations: read, create, update with optimistic concurrency, delete,
restore for undo, and their tags (:class:`AnnotationsPart`). Creating and changing many at once
is :mod:`briefreader.store.changes`'."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlmodel import col

from briefreader.anchoring import context
from briefreader.store.base import StorePart
from briefreader.store.brief_read import read_brief_annotations
from briefreader.store.claims import (
    CHECK_FIELDS,
    apply_check,
    new_check,
    restored_history,
    tracked,
)
from briefreader.store.errors import Conflict, NotFound
from briefreader.store.inputs import _UNSET, NewAnnotation, _validate_fields, _validate_source
from briefreader.store.models import (
    AnnotationRow,
    AnnotationTagRow,
    SourceRefRow,
    SourceRow,
    utcnow,
)
from briefreader.store.records import Annotation, SourceInput, UuidTable
from briefreader.store.rows import annotation_row_values
from briefreader.store.source_refs import ensure_refs, link_values
from briefreader.text.validate import (
    InvalidValue,
    normalise_color,
    normalise_tag,
    single_line,
    without_nul,
)


def _valid_uuid(value: str | None) -> str | None:
    """``value`` as a canonical UUID string, or None if it is not one (imports keep an
    annotation's identity only when it is a real UUID)."""
    if not value:
        return None
    try:
        return str(uuidlib.UUID(value.removeprefix("urn:uuid:")))
    except ValueError:
        return None


class AnnotationsPart(StorePart):
    """Annotations: each public method is one transaction."""

    def get_annotation(self, annotation_id: int) -> Annotation:
        with self.store._read() as s:
            return self._get_annotation(s, annotation_id)

    def _get_annotation(self, s: Session, annotation_id: int) -> Annotation:
        row = s.get(AnnotationRow, annotation_id)
        if row is None:
            raise NotFound(f"no annotation with id {annotation_id}")
        return self.store._load_annotations(s, [row])[0]

    def annotations_for_brief(
        self,
        brief_id: int,
        *,
        which: Literal["anchored", "orphans", "all"] = "anchored",
        with_context: bool = True,
        uuids: UuidTable | None = None,
    ) -> list[Annotation]:
        """The brief's annotations in text order (start, then end, then id): those on its
        current text (the default), its orphans (by where they used to be), or all.

        ``with_context=False``: the annotations on the text come without their ``prefix`` and
        ``suffix`` (empty), always the text around the quote (``anchoring.context``), which
        :meth:`restore_annotation` puts back. ``uuids``: their uuids go into this table (packed)
        instead (empty in the records). What a reader holds for 100,000 annotations is 26 MB
        less with both. An orphan keeps its own."""
        with self.store._read() as s:
            return read_brief_annotations(s.connection(), brief_id, which, with_context, uuids)

    def find_annotation_by_uuid(self, uuid: str) -> Annotation | None:
        with self.store._read() as s:
            row = s.execute(
                select(AnnotationRow).where(col(AnnotationRow.uuid) == uuid)
            ).scalar_one_or_none()
            return self.store._load_annotations(s, [row])[0] if row is not None else None

    def _prepare(self, text: str, item: NewAnnotation) -> dict[str, Any]:
        status = item.claim_status
        if item.kind == "claim" and status is None:
            status = "unverified"
        _validate_fields(item.kind, item.claim_type, status)
        if item.orphan:
            # Kept with the quote it was made on; the span only says where it used to be.
            if not item.quote or not item.quote.strip():
                raise InvalidValue("an orphan annotation needs the quote it was made on")
            start = min(max(0, item.start), len(text))
            end = min(max(start, item.end), len(text))
            quote = without_nul(item.quote)
            prefix, suffix = without_nul(item.prefix or ""), without_nul(item.suffix or "")
        else:
            if not 0 <= item.start < item.end <= len(text):
                raise InvalidValue(
                    f"span {item.start}..{item.end} is empty or outside the brief (0..{len(text)})"
                )
            start, end = item.start, item.end
            quote = text[start:end]
            prefix, suffix = context(text, start, end)
        now = utcnow()
        created = item.created_at or now
        return {
            "uuid": _valid_uuid(item.uuid) or str(uuidlib.uuid4()),
            "kind": item.kind,
            "start": start,
            "end": end,
            "quote": quote,
            "prefix": prefix,
            "suffix": suffix,
            "note": without_nul(item.note.strip()),
            "color": normalise_color(item.color),
            "claimant": single_line(item.claimant) if item.claimant else None,
            "claim_type": item.claim_type,
            "claim_status": status,
            "created_at": created,
            "updated_at": now,
            "revision": 1,
            "orphan": item.orphan,
            "previous_quote": None,
            **new_check(item, status, self.store.user, now),
            "creator": single_line(item.creator) if item.creator else self.store.user,
        }

    def create_annotation(self, brief_id: int, item: NewAnnotation) -> Annotation:
        """Create one annotation (quote and context taken from the brief's text)."""
        tags = sorted({normalise_tag(t) for t in item.tags})
        sources = [_validate_source(src) for src in item.sources]
        with self.store._transaction() as s:
            values = self._prepare(self.store._brief_text(s, brief_id), item)
            row = AnnotationRow(brief_id=brief_id, **values)
            s.add(row)
            s.flush()
            assert row.id is not None
            for tag_id in self.store._tag_ids(s, tags).values():
                s.add(AnnotationTagRow(annotation_id=row.id, tag_id=tag_id))
            ref_ids = ensure_refs(s.connection(), sources)
            for src in sources:
                s.add(SourceRow(annotation_id=row.id, **link_values(src, ref_ids[src.url])))
            s.flush()
            return self._get_annotation(s, row.id)

    def update_annotation(
        self,
        annotation_id: int,
        *,
        expected_revision: int | None = None,
        kind: str = _UNSET,
        note: str = _UNSET,
        color: str | None = _UNSET,
        claimant: str | None = _UNSET,
        claim_type: str | None = _UNSET,
        claim_status: str | None = _UNSET,
        span: tuple[int, int] = _UNSET,
        check_status: str = _UNSET,
        conclusion: str | None = _UNSET,
        rationale: str = _UNSET,
        contacted_at: datetime | None = _UNSET,
        contact_outcome: str | None = _UNSET,
    ) -> Annotation:
        """Change fields of an annotation. With ``expected_revision``, a change made since the
        caller read the annotation raises :class:`Conflict` instead of being overwritten. A
        claim's check status, verdict, conclusion and rationale keep their history (who,
        when, from, to: :meth:`claim_history`); see :mod:`briefreader.store.claims`."""
        with self.store._transaction() as s:
            row = self._row_for_update(s, annotation_id, expected_revision)
            self._set_fields(
                s,
                row,
                {
                    k: v
                    for k, v in (
                        ("kind", kind),
                        ("note", note),
                        ("color", color),
                        ("claimant", claimant),
                        ("claim_type", claim_type),
                        ("claim_status", claim_status),
                        ("span", span),
                        ("check_status", check_status),
                        ("conclusion", conclusion),
                        ("rationale", rationale),
                        ("contacted_at", contacted_at),
                        ("contact_outcome", contact_outcome),
                    )
                    if v is not _UNSET
                },
            )
            row.updated_at = utcnow()
            row.revision += 1
            s.add(row)
            s.flush()
            return self.store._load_annotations(s, [row])[0]

    def _row_for_update(
        self, s: Session, annotation_id: int, expected_revision: int | None
    ) -> AnnotationRow:
        """The row to change; :class:`Conflict` if it changed since ``expected_revision``."""
        row = s.get(AnnotationRow, annotation_id)
        if row is None:
            raise NotFound(f"no annotation with id {annotation_id}")
        if expected_revision is not None and row.revision != expected_revision:
            raise Conflict(
                "this annotation was changed elsewhere since you opened it",
                self.store._load_annotations(s, [row])[0],
            )
        return row

    def _set_fields(self, s: Session, row: AnnotationRow, fields: dict[str, Any]) -> None:
        """Apply ``fields`` (kind, note, color, claimant, claim_type, claim_status, span, and
        a claim's check fields: see :mod:`briefreader.store.claims`) to ``row``, validated
        together, with the claim's history; the caller bumps the revision."""
        unknown = set(fields) - {
            "kind",
            "note",
            "color",
            "claimant",
            "claim_type",
            "claim_status",
            "span",
            *CHECK_FIELDS,
        }
        if unknown:
            raise InvalidValue(f"not an annotation field: {', '.join(sorted(unknown))}")
        new_kind = fields.get("kind", row.kind)
        new_type = fields.get("claim_type", row.claim_type)
        new_status = fields.get("claim_status", row.claim_status)
        if new_kind == "claim" and new_status is None:
            new_status = "unverified"
        if new_kind != "claim":
            # Turning a claim into a highlight/note drops its verdict fields.
            new_type = new_status = None
        _validate_fields(new_kind, new_type, new_status)
        before = tracked(row)
        row.kind, row.claim_type, row.claim_status = new_kind, new_type, new_status
        s.add_all(apply_check(row, before, fields, self.store.user, utcnow()))
        if "note" in fields:
            row.note = without_nul(fields["note"].strip())
        if "color" in fields:
            row.color = normalise_color(fields["color"])
        if "claimant" in fields:
            claimant = fields["claimant"]
            row.claimant = single_line(claimant) if claimant else None
        if "span" in fields:
            text = self.store._brief_text(s, row.brief_id)
            start, end = fields["span"]
            if not 0 <= start < end <= len(text):
                raise InvalidValue(f"span {start}..{end} is empty or outside the brief")
            row.start, row.end, row.quote = start, end, text[start:end]
            row.prefix, row.suffix = context(text, start, end)
            row.orphan = False

    def _replace_tags(self, s: Session, annotation_id: int, names: Iterable[str]) -> None:
        normalised = sorted({normalise_tag(n) for n in names})
        s.execute(
            delete(AnnotationTagRow).where(col(AnnotationTagRow.annotation_id) == annotation_id)
        )
        for tag_id in self.store._tag_ids(s, normalised).values():
            s.add(AnnotationTagRow(annotation_id=annotation_id, tag_id=tag_id))
        s.flush()

    def reattach_annotation(
        self, annotation_id: int, start: int, end: int, *, expected_revision: int | None = None
    ) -> Annotation:
        """Put an annotation (an orphan, usually) on ``start..end`` of its brief's current text.
        It is no longer an orphan; if the text there differs from its quote, the old quote is
        kept as ``previous_quote`` ("text changed") until :meth:`accept_text_change`."""
        with self.store._transaction() as s:
            row = self._row_for_update(s, annotation_id, expected_revision)
            text = self.store._brief_text(s, row.brief_id)
            if not 0 <= start < end <= len(text):
                raise InvalidValue(f"span {start}..{end} is empty or outside the brief")
            quote = text[start:end]
            if quote != row.quote and row.previous_quote is None:
                row.previous_quote = row.quote
            elif quote == row.previous_quote:
                row.previous_quote = None
            row.start, row.end, row.quote = start, end, quote
            row.prefix, row.suffix = context(text, start, end)
            row.orphan = False
            row.updated_at = utcnow()
            row.revision += 1
            s.add(row)
            s.flush()
            return self.store._load_annotations(s, [row])[0]

    def accept_text_change(
        self, annotation_id: int, *, expected_revision: int | None = None
    ) -> Annotation:
        """Clear the "text changed" flag: the annotation's current quote is the one to keep.
        With ``expected_revision``, a change made since raises :class:`Conflict`."""
        with self.store._transaction() as s:
            row = self._row_for_update(s, annotation_id, expected_revision)
            if row.previous_quote is not None:
                row.previous_quote = None
                row.updated_at = utcnow()
                row.revision += 1
                s.add(row)
                s.flush()
            return self.store._load_annotations(s, [row])[0]

    def delete_annotation(
        self, annotation_id: int, *, expected_revision: int | None = None
    ) -> Annotation:
        """Delete an annotation with its tags links and sources; return what it was (for undo).
        With ``expected_revision``, a change made since raises :class:`Conflict` (nothing is
        deleted: the caller shows what changed and asks)."""
        with self.store._transaction() as s:
            self._row_for_update(s, annotation_id, expected_revision)
            snapshot = self._get_annotation(s, annotation_id)
            s.execute(delete(SourceRow).where(col(SourceRow.annotation_id) == annotation_id))
            s.execute(
                delete(AnnotationTagRow).where(col(AnnotationTagRow.annotation_id) == annotation_id)
            )
            s.execute(delete(AnnotationRow).where(col(AnnotationRow.id) == annotation_id))
            return snapshot

    def restore_annotation(self, snapshot: Annotation) -> Annotation:
        """Make the annotation exactly ``snapshot`` again (same id, uuid, fields, tags and
        sources), whether it was deleted (undo of a delete) or changed since (undo of an edit);
        a snapshot the reader held without its context and uuid gets them back.
        A restored change gets a new revision and ``updated_at`` so other readers see it."""
        with self.store._transaction() as s:
            text = self.store._brief_text(s, snapshot.brief_id)
            existing = s.get(AnnotationRow, snapshot.id)
            revision, updated_at = snapshot.revision, snapshot.updated_at
            # A snapshot loaded without its uuid (see annotations_for_brief) keeps the row's;
            # one whose row is gone too (deleted elsewhere, restored from what a reader held)
            # gets a new one.
            uuid = snapshot.uuid or (
                existing.uuid if existing is not None else str(uuidlib.uuid4())
            )
            if existing is not None:
                revision = max(existing.revision, snapshot.revision) + 1
                updated_at = utcnow()
                s.execute(delete(SourceRow).where(col(SourceRow.annotation_id) == snapshot.id))
                s.execute(
                    delete(AnnotationTagRow).where(
                        col(AnnotationTagRow.annotation_id) == snapshot.id
                    )
                )
                s.delete(existing)
                s.flush()
            fields = annotation_row_values(snapshot)
            fields.update(revision=revision, updated_at=updated_at, uuid=uuid)
            if not snapshot.orphan:  # (a snapshot loaded without them: see annotations_for_brief)
                fields["prefix"], fields["suffix"] = context(text, snapshot.start, snapshot.end)
            row = AnnotationRow(**fields)
            if existing is not None:  # undoing a change is a change: the history keeps it
                s.add_all(restored_history(existing, row, self.store.user, updated_at))
            s.add(row)
            s.flush()
            for tag_id in self.store._tag_ids(s, list(snapshot.tags)).values():
                s.add(AnnotationTagRow(annotation_id=snapshot.id, tag_id=tag_id))
            for src, ref_id in zip(snapshot.sources, self._ref_ids(s, snapshot), strict=True):
                s.add(
                    SourceRow(
                        id=src.id,
                        annotation_id=snapshot.id,
                        source_id=ref_id,
                        relation=src.relation,
                        note=src.note,
                        quote=src.quote,
                        added_at=src.added_at or utcnow(),
                    )
                )
            s.flush()
            return self._get_annotation(s, snapshot.id)

    def _ref_ids(self, s: Session, snapshot: Annotation) -> list[int]:
        """The source each of the snapshot's links cites: the one it cited if it is still
        there, else the source of its URL (made again, with what the snapshot says of it, if
        it was deleted since)."""
        ref = SourceRefRow.__table__  # type: ignore[attr-defined]
        wanted = [src.source_id for src in snapshot.sources if src.source_id]
        there = (
            {row[0] for row in s.connection().execute(select(ref.c.id).where(ref.c.id.in_(wanted)))}
            if wanted
            else set()
        )
        again = [
            SourceInput(
                src.url,
                src.relation,
                src.title,
                author=src.author,
                publisher=src.publisher,
                published=src.published,
                accessed_at=src.accessed_at,
                archive_url=src.archive_url,
            )
            for src in snapshot.sources
            if src.source_id not in there
        ]
        by_url = ensure_refs(s.connection(), again)
        return [
            src.source_id if src.source_id in there else by_url[src.url] for src in snapshot.sources
        ]

    def set_annotation_tags(self, annotation_id: int, names: Iterable[str]) -> Annotation:
        with self.store._transaction() as s:
            self.store._touch(s, annotation_id)
            self._replace_tags(s, annotation_id, names)
            return self._get_annotation(s, annotation_id)

    def toggle_annotation_tag(self, annotation_id: int, name: str) -> tuple[Annotation, bool]:
        """Add the tag if absent, remove it if present; return the annotation and whether the
        tag is now on it."""
        normalised = normalise_tag(name)
        with self.store._transaction() as s:
            self.store._touch(s, annotation_id)
            tag_id = self.store._tag_ids(s, [normalised])[normalised]
            link = s.get(AnnotationTagRow, (annotation_id, tag_id))
            if link is None:
                s.add(AnnotationTagRow(annotation_id=annotation_id, tag_id=tag_id))
            else:
                s.delete(link)
            s.flush()
            return self._get_annotation(s, annotation_id), link is None
