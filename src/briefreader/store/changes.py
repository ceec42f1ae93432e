"""Many annotation changes in one transaction (:class:`ChangesMixin`): what an import that
updates hundreds of annotations needs.

Rows are read in a few queries and written in one flush, with autoflush off: going through
``update_annotation`` and friends, 1,000 updates from a spreadsheet took ~35 s (several fsync'd
commits each); one transaction with a get and a flush per row still took 13 s of ORM work.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from briefreader.store.annotations import AnnotationsMixin
from briefreader.store.errors import Conflict, NotFound
from briefreader.store.inputs import AnnotationChange, _validate_source
from briefreader.store.models import AnnotationRow, AnnotationTagRow, SourceRow, utcnow
from briefreader.store.records import Annotation
from briefreader.text.validate import normalise_tag

_T = TypeVar("_T")
#: Ids per IN (...) list: well under SQLite's limit on bound variables.
_CHUNK = 5000


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


class ChangesMixin(AnnotationsMixin):
    """Batched changes: one transaction for the whole batch."""

    def apply_changes(self, changes: Sequence[AnnotationChange]) -> list[Annotation]:
        """Apply every change or none: a failure (:class:`Conflict` when an annotation changed
        since ``expected_revision``, :class:`NotFound`, ``InvalidValue``) rolls the whole batch
        back and is raised with ``index`` (the failing change's position) set on it. Each
        changed annotation gets one new revision. Returns the annotations as they now are."""
        if not changes:
            return []
        ids = list(dict.fromkeys(c.annotation_id for c in changes))
        now = utcnow()
        with self._write() as s, s.begin(), s.no_autoflush:
            rows: dict[int, AnnotationRow] = {}
            sources: dict[int, SourceRow] = {}
            for chunk in _chunks(ids):
                for found in s.execute(
                    select(AnnotationRow).where(col(AnnotationRow.id).in_(chunk))
                ).scalars():
                    rows[found.id or 0] = found
                for src in s.execute(
                    select(SourceRow).where(col(SourceRow.annotation_id).in_(chunk))
                ).scalars():
                    sources[src.id or 0] = src
            new_tags: dict[int, list[str]] = {}
            for index, change in enumerate(changes):
                try:
                    if change.annotation_id not in rows:
                        raise NotFound(f"no annotation with id {change.annotation_id}")
                    row = rows[change.annotation_id]
                    if (
                        change.expected_revision is not None
                        and row.revision != change.expected_revision
                    ):
                        raise Conflict(
                            "this annotation was changed elsewhere since you opened it",
                            self._load_annotations(s, [row])[0],
                        )
                    self._set_fields(s, row, dict(change.fields))
                    if change.tags is not None:
                        new_tags[change.annotation_id] = sorted(
                            {normalise_tag(t) for t in change.tags}
                        )
                    self._change_sources(s, change, sources)
                except Exception as exc:
                    exc.index = index  # type: ignore[attr-defined]
                    raise
                row.updated_at = now
                row.revision += 1
            if new_tags:
                self._write_tags(s, new_tags)
            s.flush()
            return self._load_annotations(s, [rows[i] for i in ids])

    def _write_tags(self, s: Session, new_tags: dict[int, list[str]]) -> None:
        tag_ids = self._tag_ids(s, sorted({n for names in new_tags.values() for n in names}))
        changed = list(new_tags)
        for chunk in _chunks(changed):
            s.execute(
                delete(AnnotationTagRow).where(col(AnnotationTagRow.annotation_id).in_(chunk))
            )
        links = [
            {"annotation_id": ann_id, "tag_id": tag_ids[name]}
            for ann_id, names in new_tags.items()
            for name in names
        ]
        if links:
            s.execute(insert(AnnotationTagRow), links)

    def _change_sources(
        self, s: Session, change: AnnotationChange, sources: dict[int, SourceRow]
    ) -> None:
        ann_id = change.annotation_id

        def owned(source_id: int) -> SourceRow:
            row = sources.get(source_id)
            if row is None or row.annotation_id != ann_id:
                raise NotFound(f"annotation {ann_id} has no source with id {source_id}")
            return row

        for source_id, source in change.change_sources:
            row = owned(source_id)
            clean = _validate_source(source)
            row.url, row.relation, row.title, row.note = (
                clean.url,
                clean.relation,
                clean.title,
                clean.note,
            )
        for source_id in change.remove_sources:
            s.delete(owned(source_id))
            del sources[source_id]
        for source in change.add_sources:
            s.add(SourceRow(annotation_id=ann_id, **vars(_validate_source(source))))
