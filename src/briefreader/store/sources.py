"""The Store's methods on the sources an annotation cites: add, update, delete a link
(:class:`SourcesPart`). Each change bumps the annotation's revision. The sources themselves
(one per URL) are :mod:`briefreader.store.source_refs`': adding a link finds the source by
its URL or makes it; deleting the last link to a source leaves the source."""

from __future__ import annotations

from sqlalchemy.orm import Session

from briefreader.store.base import StorePart
from briefreader.store.errors import NotFound
from briefreader.store.inputs import _validate_source
from briefreader.store.models import SourceRow
from briefreader.store.records import Source, SourceInput
from briefreader.store.rows import load_link
from briefreader.store.source_refs import ensure_refs, link_values


def relink(s: Session, row: SourceRow, clean: SourceInput) -> None:
    """Make the link ``row`` cite the source of ``clean``'s URL (found or made) with its
    relation, note and quote: an explicit edit, so what ``clean`` says of the source (title,
    author, … when not empty) replaces what the source had."""
    row.source_id = ensure_refs(s.connection(), [clean], overwrite=True)[clean.url]
    row.relation, row.note, row.quote = clean.relation, clean.note, clean.quote


class SourcesPart(StorePart):
    """An annotation's sources: each method is one transaction."""

    def add_source(self, annotation_id: int, source: SourceInput) -> Source:
        """Cite ``source`` from the annotation: the source with that URL (made if there is
        none; its empty fields filled from ``source``, none it has replaced)."""
        clean = _validate_source(source)
        with self.store._transaction() as s:
            self.store._touch(s, annotation_id)
            source_id = ensure_refs(s.connection(), [clean])[clean.url]
            row = SourceRow(annotation_id=annotation_id, **link_values(clean, source_id))
            s.add(row)
            s.flush()
            assert row.id is not None
            return self._link(s, row.id)

    def update_source(self, source_id: int, source: SourceInput) -> Source:
        """Change the link ``source_id`` (a :class:`Source`'s ``id``): its relation, note and
        quote become ``source``'s; another URL makes it cite that source; a title (author,
        …) given that differs from the source's is written to the source, which every
        annotation citing it then shows."""
        clean = _validate_source(source)
        with self.store._transaction() as s:
            row = s.get(SourceRow, source_id)
            if row is None:
                raise NotFound(f"no source with id {source_id}")
            self.store._touch(s, row.annotation_id)
            relink(s, row, clean)
            s.add(row)
            s.flush()
            return self._link(s, source_id)

    def delete_source(self, source_id: int) -> Source:
        """Remove the link ``source_id`` from its annotation; the source stays (uncited, it
        is still in ``list_sources``)."""
        with self.store._transaction() as s:
            row = s.get(SourceRow, source_id)
            if row is None:
                raise NotFound(f"no source with id {source_id}")
            self.store._touch(s, row.annotation_id)
            snapshot = self._link(s, source_id)
            s.delete(row)
            return snapshot

    def _link(self, s: Session, link_id: int) -> Source:
        found = load_link(s.connection(), link_id)
        if found is None:
            raise NotFound(f"no source with id {link_id}")
        return found
