"""Annotations out for export: the one definition of an export row (:class:`ExportRow`; its
fields, :data:`EXPORT_FIELDS`, give the order of :data:`ExportTuple`, the CSV columns and the
columns read), the one selection of what an export holds (:func:`export_selection`: which
annotations, in which order), and the Store's two ways of reading it (:class:`ExportPart`):
``iter_export_rows``, a lazy stream that stays flat in memory (CSV), and
``export_annotations``, the annotation records (W3C JSON, Markdown).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from operator import attrgetter, itemgetter
from typing import Any

from sqlalchemy import Select, String, select, type_coerce

from briefreader.store.base import StorePart
from briefreader.store.models import AnnotationRow, AnnotationTagRow, BriefRow, TagRow
from briefreader.store.records import Annotation
from briefreader.store.rows import (
    ANNOTATION_FIELDS,
    annotation_columns,
    annotation_records,
    aware,
    load_attached,
    load_source_links,
    load_tags,
    stream_rows,
)
from briefreader.text.validate import normalise_tag


@dataclass(frozen=True)
class ExportRow:
    """One annotation with all an export needs (see :meth:`Store.iter_export_rows`)."""

    annotation_id: int
    uuid: str
    brief_id: int
    brief_title: str
    brief_source: str | None
    kind: str
    quote: str
    start: int | str  # "" for an orphan: it has no place in the current text
    end: int | str
    prefix: str
    suffix: str
    note: str
    tags: tuple[str, ...]
    color: str | None
    claimant: str | None
    claim_type: str | None
    claim_status: str | None
    sources: tuple[tuple[str, str, str], ...]  # (relation, url, title)
    created_at: datetime
    updated_at: datetime
    # Version 4 (appended, so the columns before them keep their places): a claim's check
    # (None, "" and None for highlights and notes) and who made the annotation.
    check_status: str | None
    conclusion: str | None
    rationale: str
    checked_by: str | None
    checked_at: datetime | None
    contacted_at: datetime | None
    contact_outcome: str | None
    creator: str | None


#: The fields of an export row, in order: the one list every export shape follows.
EXPORT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ExportRow))
#: The fields that are times: datetimes in an :class:`ExportRow`, strings in an ExportTuple
#: (None stays None).
EXPORT_TIMES: tuple[str, ...] = ("created_at", "updated_at", "checked_at", "contacted_at")

#: One annotation as :meth:`ExportRows.tuples` yields it: the fields of :class:`ExportRow` in
#: order, except that the times (:data:`EXPORT_TIMES`) are ISO 8601 UTC strings ending in ``Z``
#: (``2026-11-27T19:55:10.704679Z``; no fraction when the microseconds are 0), or None. (Written
#: out for the type checker; tests/unit/test_store_rows.py checks it against EXPORT_FIELDS.)
ExportTuple = tuple[
    int,
    str,
    int,
    str,
    str | None,
    str,
    str,
    int | str,
    int | str,
    str,
    str,
    str,
    tuple[str, ...],
    str | None,
    str | None,
    str | None,
    str | None,
    tuple[tuple[str, str, str], ...],
    str,
    str,
    str | None,
    str | None,
    str,
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
]


def _export_timestamp(value: object) -> str:
    """A stored timestamp as ISO 8601 UTC with ``Z``: exactly what ``isoformat`` writes for the
    aware datetime the ORM would hand back."""
    if isinstance(value, str) and len(value) == 26 and value[10] == " " and value[19] == ".":
        # SQLAlchemy's SQLite storage format (naive UTC, always 6 fraction digits). Slicing it
        # costs a tenth of parsing a datetime and formatting it again, 200,000 times an export.
        if value.endswith(".000000"):
            return f"{value[:10]}T{value[11:19]}Z"
        return f"{value[:10]}T{value[11:]}Z"
    if isinstance(value, str):  # a hand-edited SQLite file
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"not a timestamp: {value!r}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


_row_values = attrgetter(*EXPORT_FIELDS)


def export_tuple(row: ExportRow) -> ExportTuple:
    """``row`` as an :data:`ExportTuple`."""
    values: ExportTuple = tuple(  # type: ignore[assignment]
        _export_timestamp(value) if name in EXPORT_TIMES and value is not None else value
        for name, value in zip(EXPORT_FIELDS, _row_values(row), strict=True)
    )
    return values


class ExportRows(Iterator[ExportRow]):
    """What :meth:`Store.iter_export_rows` returns: the rows, read lazily (nothing is queried
    before the first one is wanted), as :class:`ExportRow` objects.

    A writer that only needs the values calls :meth:`tuples` instead of iterating: that skips
    building a dataclass and two datetimes per row, 40% of the work of a large CSV export.
    """

    def __init__(self, stream: Callable[[bool], Iterator[Any]]) -> None:
        self._stream = stream
        self._rows: Iterator[ExportRow] | None = None

    def __next__(self) -> ExportRow:
        if self._rows is None:
            self._rows = self._stream(False)
        return next(self._rows)

    def tuples(self) -> Iterator[ExportTuple]:
        """The rows not yet taken, as :data:`ExportTuple` values; this object is then used up."""
        rows, self._rows = self._rows, iter(())
        if rows is None:
            stream: Iterator[ExportTuple] = self._stream(True)
            return stream
        return map(export_tuple, rows)

    def close(self) -> None:
        """Stop early, closing the database session now rather than when collected."""
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()


def export_selection(
    brief_ids: Sequence[int] | None, tag: str | None, kind: str | None = None
) -> tuple[Select[Any], Select[Any] | None]:
    """What an export of ``brief_ids`` (all briefs when empty or None) holds, only the
    annotations tagged ``tag`` and of this ``kind`` if given: the statement reading them
    (ordered by brief, start, end, id; the columns of :data:`SELECTED`, times as stored), and a
    statement of their ids (None when every annotation is in it) for their tags and sources."""
    a, b = AnnotationRow.__table__, BriefRow.__table__  # type: ignore[attr-defined]
    at, t = AnnotationTagRow.__table__, TagRow.__table__  # type: ignore[attr-defined]
    conditions = []
    if brief_ids:
        conditions.append(a.c.brief_id.in_(list(brief_ids)))
    if kind is not None:
        conditions.append(a.c.kind == kind)
    if tag is not None:
        wanted = normalise_tag(tag)
        conditions.append(
            a.c.id.in_(
                select(at.c.annotation_id).join(t, t.c.id == at.c.tag_id).where(t.c.name == wanted)
            )
        )
    # Times as stored (no datetime is built): rows.aware or _export_timestamp converts them.
    columns = [
        type_coerce(c, String) if c.name in EXPORT_TIMES else c for c in annotation_columns(a)
    ]
    statement = (
        select(*columns, b.c.title, b.c.source)
        .join(b, b.c.id == a.c.brief_id)
        .where(*conditions)
        .order_by(a.c.brief_id, a.c.start, a.c.end, a.c.id)
    )
    # Unfiltered, every tag link and source belongs to an exported annotation: no IN needed.
    return statement, select(a.c.id).where(*conditions) if conditions else None


#: The columns :func:`export_selection` reads, in order.
SELECTED: tuple[str, ...] = (*ANNOTATION_FIELDS, "brief_title", "brief_source")
#: What an export row holds besides the columns read, worked out for each row (in this order,
#: after them): its tags and sources, its times converted, its offsets (none for an orphan).
_WORKED_OUT = (
    "tags",
    "sources",
    "created_at",
    "updated_at",
    "start",
    "end",
    "checked_at",
    "contacted_at",
)
_PLACE = (
    {name: i for i, name in enumerate(SELECTED)}
    | {"annotation_id": SELECTED.index("id")}
    | {name: len(SELECTED) + i for i, name in enumerate(_WORKED_OUT)}
)
#: The export row's values, in the order of EXPORT_FIELDS, from a row read with the values
#: worked out appended.
_PICK = itemgetter(*(_PLACE[name] for name in EXPORT_FIELDS))
#: Where the values a row's export needs to work out are in the row read.
_AT = tuple(
    SELECTED.index(name)
    for name in (
        "id",
        "created_at",
        "updated_at",
        "orphan",
        "start",
        "end",
        "checked_at",
        "contacted_at",
    )
)


class ExportPart(StorePart):
    """Export: one read transaction per stream."""

    def iter_export_rows(
        self, brief_ids: Sequence[int] | None = None, tag: str | None = None
    ) -> ExportRows:
        """Stream the :func:`export_selection` as export rows, with Core statements.

        Tags and sources of the selected annotations are read first (two queries), then the
        annotations are streamed, so memory stays flat in the annotation text. Nothing is read
        before the first row is wanted.
        """
        return ExportRows(lambda as_tuples: self._export_stream(brief_ids, tag, as_tuples))

    def export_annotations(
        self,
        brief_ids: Sequence[int] | None = None,
        tag: str | None = None,
        kind: str | None = None,
    ) -> list[Annotation]:
        """The :func:`export_selection` as annotation records (W3C JSON, Markdown; the
        claims desk reads every claim with ``kind="claim"``)."""
        with self.store._read() as s:
            conn = s.connection()
            statement, ids = export_selection(brief_ids, tag, kind)
            tags, sources = load_attached(conn, ids)
            head = itemgetter(slice(0, len(ANNOTATION_FIELDS)))
            return annotation_records(map(head, stream_rows(conn, statement)), tags, sources)

    def _export_stream(
        self, brief_ids: Sequence[int] | None, tag: str | None, as_tuples: bool
    ) -> Iterator[Any]:
        """ExportRow objects, or with ``as_tuples`` :data:`ExportTuple` values."""
        with self.store._read() as s:
            conn = s.connection()
            statement, ids = export_selection(brief_ids, tag)
            tags, links = load_tags(conn, ids), load_source_links(conn, ids)
            no_tags: tuple[str, ...] = ()
            no_links: tuple[tuple[str, str, str], ...] = ()
            time = _export_timestamp if as_tuples else aware
            pick = _PICK
            at_id, at_created, at_updated, at_orphan, at_start, at_end = _AT[:6]
            at_checked, at_contacted = _AT[6:]
            for row in stream_rows(conn, statement):
                ann_id, created, updated = row[at_id], row[at_created], row[at_updated]
                created_at = time(created)
                updated_at = created_at if updated == created else time(updated)
                if row[at_orphan]:  # not on the current text: no offsets to give
                    start = end = ""
                else:
                    start, end = row[at_start], row[at_end]
                checked, contacted = row[at_checked], row[at_contacted]  # None but for claims
                values = pick(
                    (
                        *row,
                        tags.get(ann_id, no_tags),
                        links.get(ann_id, no_links),
                        created_at,
                        updated_at,
                        start,
                        end,
                        checked if checked is None else time(checked),
                        contacted if contacted is None else time(contacted),
                    )
                )
                yield values if as_tuples else ExportRow(*values)
