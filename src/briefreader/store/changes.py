"""Many annotations created or changed in one transaction (:class:`ChangesPart`): what an
import of hundreds of annotations needs.

Rows are read in a few queries and written in one flush, with autoflush off: going through
``update_annotation`` and friends, 1,000 updates from a spreadsheet took ~35 s (several fsync'd
commits each); one transaction with a get and a flush per row still took 13 s of ORM work.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from briefreader.store.base import StorePart
from briefreader.store.engine import copy_rows, is_sqlite
from briefreader.store.errors import Conflict, NotFound
from briefreader.store.inputs import AnnotationChange, NewAnnotation, _validate_source
from briefreader.store.models import AnnotationRow, AnnotationTagRow, SourceRow, utcnow
from briefreader.store.records import Annotation
from briefreader.store.source_refs import ensure_refs, link_values
from briefreader.store.sources import relink
from briefreader.text.validate import normalise_tag

_T = TypeVar("_T")
#: Ids per IN (...) list: well under SQLite's limit on bound variables.
_CHUNK = 5000


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


class ChangesPart(StorePart):
    """Batched creates and changes: one transaction for the whole batch."""

    def bulk_create_annotations(self, brief_id: int, items: Iterable[NewAnnotation]) -> int:
        """Create many annotations in one transaction with Core ``executemany`` (imports,
        benchmarks); returns how many were created."""
        batch_size = 5000
        created = 0
        a = AnnotationRow.__table__  # type: ignore[attr-defined]
        normalised: dict[str, str] = {}  # an import repeats a few tag names many times

        def tag_names(item: NewAnnotation) -> set[str]:
            names = set()
            for raw in item.tags:
                name = normalised.get(raw)
                if name is None:
                    name = normalised[raw] = normalise_tag(raw)
                names.add(name)
            return names

        with self.store._transaction() as s:
            text = self.store._brief_text(s, brief_id)
            conn = s.connection()
            batch: list[tuple[dict[str, Any], NewAnnotation, set[str]]] = []
            raw = is_sqlite(self.store.engine)

            def insert_many(model: Any, rows: list[dict[str, Any]]) -> None:
                table = model.__table__
                if conn.dialect.name == "postgresql":
                    copy_rows(conn, table, rows)
                    return
                keys = list(rows[0])
                compiled = insert(table).compile(dialect=conn.dialect, column_keys=keys)
                order = compiled.positiontup
                if not raw or order is None or sorted(order) != sorted(keys):
                    conn.execute(insert(table), rows)
                    return
                # SQLAlchemy's executemany turns every row's dict into parameters in Python
                # (~15 µs a row: 1.5 s of a 100,000-row import). Compiled once, and with the
                # bind processors SQLAlchemy would apply (the timestamps'), rows go to sqlite3.
                dialect = conn.dialect
                processors = [table.c[key].type.bind_processor(dialect) for key in order]
                conn.exec_driver_sql(
                    compiled.string,
                    [
                        tuple(
                            row[key] if proc is None else proc(row[key])
                            for key, proc in zip(order, processors, strict=True)
                        )
                        for row in rows
                    ],
                )

            def flush() -> None:
                # Ids only grow, so every row inserted now gets an id above this one; reading
                # the range back is one scan, where looking up 5,000 uuids is 5,000 searches.
                # Rows another writer might add to the range (not on SQLite: we hold its write
                # lock) are told apart by uuid.
                floor = conn.execute(select(func.max(a.c.id))).scalar_one() or 0
                insert_many(
                    AnnotationRow, [dict(values, brief_id=brief_id) for values, _, _ in batch]
                )
                ids: dict[str, int] = {
                    uuid: ann_id
                    for uuid, ann_id in conn.execute(select(a.c.uuid, a.c.id).where(a.c.id > floor))
                }
                tag_ids = self.store._tag_ids(
                    s, sorted(set().union(*(names for _, _, names in batch)))
                )
                links = [
                    {"annotation_id": ids[values["uuid"]], "tag_id": tag_ids[name]}
                    for values, _, names in batch
                    for name in names
                ]
                if links:
                    insert_many(AnnotationTagRow, links)
                cited = [
                    (ids[values["uuid"]], values["created_at"], _validate_source(src))
                    for values, item, _ in batch
                    for src in item.sources
                ]
                if cited:
                    ref_ids = ensure_refs(conn, [clean for _, _, clean in cited])
                    insert_many(
                        SourceRow,
                        [
                            dict(
                                link_values(clean, ref_ids[clean.url]),
                                annotation_id=ann_id,
                                added_at=added_at,
                            )
                            for ann_id, added_at, clean in cited
                        ],
                    )
                batch.clear()

            # With SQLite's default 2 MB page cache a large insert keeps spilling pages to the
            # WAL and reading index pages back (100,000 rows: ~15% slower); 64 MB for this
            # transaction only.
            cache_size = None
            if is_sqlite(self.store.engine):
                cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
                conn.exec_driver_sql("PRAGMA cache_size = -65536")
            try:
                for item in items:
                    batch.append(
                        (self.store._annotations._prepare(text, item), item, tag_names(item))
                    )
                    created += 1
                    if len(batch) >= batch_size:
                        flush()
                if batch:
                    flush()
            finally:
                if cache_size is not None:
                    conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache_size)}")
        return created

    def apply_changes(self, changes: Sequence[AnnotationChange]) -> list[Annotation]:
        """Apply every change or none: a failure (:class:`Conflict` when an annotation changed
        since ``expected_revision``, :class:`NotFound`, ``InvalidValue``) rolls the whole batch
        back and is raised with ``index`` (the failing change's position) set on it. Each
        changed annotation gets one new revision. Returns the annotations as they now are."""
        if not changes:
            return []
        ids = list(dict.fromkeys(c.annotation_id for c in changes))
        now = utcnow()
        with self.store._transaction() as s, s.no_autoflush:
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
                            self.store._load_annotations(s, [row])[0],
                        )
                    self.store._annotations._set_fields(s, row, dict(change.fields))
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
            return self.store._load_annotations(s, [rows[i] for i in ids])

    def _write_tags(self, s: Session, new_tags: dict[int, list[str]]) -> None:
        tag_ids = self.store._tag_ids(s, sorted({n for names in new_tags.values() for n in names}))
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
            relink(s, owned(source_id), _validate_source(source))
        for source_id in change.remove_sources:
            s.delete(owned(source_id))
            del sources[source_id]
        if change.add_sources:
            added = [_validate_source(source) for source in change.add_sources]
            ref_ids = ensure_refs(s.connection(), added)
            for clean in added:
                s.add(SourceRow(annotation_id=ann_id, **link_values(clean, ref_ids[clean.url])))
