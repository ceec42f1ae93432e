"""Reading all of one brief's annotations at once (``Store.annotations_for_brief``: what the
reader opens a brief with; 100,000 annotations in ~0.65 s, from ~1.05 s).

Core rows read as the driver gives them, made into records by :mod:`briefreader.store.rows`,
with their tags and sources read beforehand. On SQLite, when the brief's annotations are at
least a quarter of their range of ids (made in this brief, not spread thinly among other
briefs'), that range is read in the file's own order — rows, tag links, source links and
uuids alike — and SQLite puts the rows in text order itself, in the statement's first step (in
C, without holding Python's lock: the screen goes on drawing meanwhile). Through the brief's
(brief, start) index instead, every row and every link is a lookup of its own: ~0.3 s more for
100,000. Either way the records are made in text order, the order everything after walks them
in (made in another and sorted, they cost a walk over them twice the time: memory).
See ``benchmarks/bench_scale.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from itertools import chain, islice
from typing import Any, Literal

from sqlalchemy import Connection, case, func, literal, select

from briefreader.store.models import AnnotationRow
from briefreader.store.records import Annotation, UuidTable
from briefreader.store.rows import (
    ANNOTATION_FIELDS,
    IdRange,
    annotation_columns,
    annotation_records,
    load_attached,
    raw_rows,
    started_cursor,
)

#: The range of a brief's annotation ids is read whole when they are at least this share of
#: the annotations in it (see :func:`dense_span`).
DENSE = 0.25
#: Uuids go into the reader's table this many at a time.
_UUID_BATCH = 4096


def dense_span(conn: Connection, brief_id: int) -> IdRange | None:
    """The range of the brief's annotation ids on SQLite, when they are most of it; else
    None (and None on other databases, whose tables are not kept in id order)."""
    if conn.dialect.name != "sqlite":
        return None
    a = AnnotationRow.__table__  # type: ignore[attr-defined]
    first, last, count = conn.execute(
        select(func.min(a.c.id), func.max(a.c.id), func.count()).where(a.c.brief_id == brief_id)
    ).one()
    if not count or count < DENSE * (last - first + 1):
        return None
    return IdRange(first, last)


def read_brief_annotations(
    conn: Connection,
    brief_id: int,
    which: Literal["anchored", "orphans", "all"],
    with_context: bool,
    uuids: UuidTable | None,
) -> list[Annotation]:
    """What ``Store.annotations_for_brief`` answers (see there), read in ``conn``'s
    transaction."""
    a = AnnotationRow.__table__  # type: ignore[attr-defined]
    conditions = []
    if which == "anchored":
        conditions.append(a.c.orphan.is_(False))
    elif which == "orphans":
        conditions.append(a.c.orphan.is_(True))
    columns: list[Any] = annotation_columns(a)
    if not with_context:
        for name in ("prefix", "suffix"):
            columns[ANNOTATION_FIELDS.index(name)] = _orphans_only(a, name)
    text_order = (a.c.start, a.c.end, a.c.id)
    span = dense_span(conn, brief_id)
    if span is None:
        # Tags and sources of all the brief's annotations: the (brief, start) index alone
        # answers that, where the orphan flag needs every row (3x the time).
        tags, sources = load_attached(conn, select(a.c.id).where(a.c.brief_id == brief_id))
        statement = select(*columns).where(a.c.brief_id == brief_id, *conditions)
        rows = raw_rows(conn, statement.order_by(*text_order))
        return annotation_records(rows, tags, sources, uuids)
    # (The brief as an expression, so that SQLite reads the range, not the brief's index.)
    in_span = (a.c.id.between(span.first, span.last), a.c.brief_id + 0 == brief_id)
    # The table takes the uuids of those on the text (an orphan keeps its own).
    table = uuids if which != "orphans" else None
    if table is not None:
        columns[ANNOTATION_FIELDS.index("uuid")] = _orphans_only(a, "uuid")
    # Started first: SQLite reads and sorts all the rows in this one step, while the screen
    # goes on drawing the text (the other reads step row by row, each taking Python's lock).
    cursor = started_cursor(
        conn, select(*columns).where(*in_span, *conditions).order_by(*text_order)
    )
    try:
        if table is not None:
            _fill(conn, table, in_span)
        tags, sources = load_attached(conn, span)
        return annotation_records(_fetched(cursor), tags, sources)
    finally:
        cursor.close()


def _orphans_only(a: Any, name: str) -> Any:
    """Column ``name`` of an orphan, empty for an annotation on the text."""
    return case((a.c.orphan.is_(True), a.c[name]), else_=literal(""))


def _fetched(cursor: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a started driver cursor, fetched as :func:`raw_rows` fetches them but
    iterated in C (no generator to resume for each of 100,000 rows)."""
    return chain.from_iterable(iter(partial(cursor.fetchmany, 100), []))


def _fill(conn: Connection, uuids: UuidTable, in_span: tuple[Any, ...]) -> None:
    """Put the uuids of the annotations on the text in ``in_span`` into ``uuids``: read apart
    from the rows, in id order, so that the table is filled in its own order and never sorted
    later (that took ~60 ms, at the first key press that needed a uuid); a batch at a time,
    each packed in a few C calls (see :meth:`UuidTable.add_all`), few held at once."""
    a = AnnotationRow.__table__  # type: ignore[attr-defined]
    on_text = select(a.c.id, a.c.uuid).where(*in_span, a.c.orphan.is_(False))
    rows = raw_rows(conn, on_text.order_by(a.c.id))
    while batch := list(islice(rows, _UUID_BATCH)):
        ids, values = zip(*batch, strict=True)
        uuids.add_all(list(ids), list(values))
