"""The Store's methods on the sources linked to an annotation: add, update, delete
(:class:`SourcesPart`). Each change bumps the annotation's revision."""

from __future__ import annotations

from briefreader.store.base import StorePart
from briefreader.store.errors import NotFound
from briefreader.store.inputs import _validate_source
from briefreader.store.models import SourceRow
from briefreader.store.records import Source, SourceInput
from briefreader.store.rows import source_of_row


class SourcesPart(StorePart):
    """Sources: each method is one transaction."""

    def add_source(self, annotation_id: int, source: SourceInput) -> Source:
        clean = _validate_source(source)
        with self.store._transaction() as s:
            self.store._touch(s, annotation_id)
            row = SourceRow(annotation_id=annotation_id, **vars(clean))
            s.add(row)
            s.flush()
            assert row.id is not None
            return source_of_row(row)

    def update_source(self, source_id: int, source: SourceInput) -> Source:
        clean = _validate_source(source)
        with self.store._transaction() as s:
            row = s.get(SourceRow, source_id)
            if row is None:
                raise NotFound(f"no source with id {source_id}")
            self.store._touch(s, row.annotation_id)
            row.url, row.relation, row.title, row.note = (
                clean.url,
                clean.relation,
                clean.title,
                clean.note,
            )
            s.add(row)
            return source_of_row(row)

    def delete_source(self, source_id: int) -> Source:
        with self.store._transaction() as s:
            row = s.get(SourceRow, source_id)
            if row is None:
                raise NotFound(f"no source with id {source_id}")
            self.store._touch(s, row.annotation_id)
            snapshot = source_of_row(row)
            s.delete(row)
            return snapshot
