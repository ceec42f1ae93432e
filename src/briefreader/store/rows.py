"""Database rows to records: the one converter from annotation and source rows (driver tuples,
Core rows or ORM objects) to the :class:`Annotation` and :class:`Source` of
:mod:`briefreader.store.records`, and the one loader of the tags and sources of a set of
annotations. Every Store method that hands out annotations goes through here.

Rows are read in the order of :data:`ANNOTATION_FIELDS` / :data:`SOURCE_FIELDS` (the records'
own fields; a source's from its link joined to the source it cites), with times as stored:
:func:`aware` makes them aware UTC datetimes, :func:`as_date` dates. Tags are
sorted in Python (code point order, whatever the server's collation), one tuple per
combination of tags; small repeated strings (kind, colour, claim fields) are shared too, so
100,000 annotations of a brief hold each of them once (see ``benchmarks/bench_scale.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from sqlalchemy import Column, Connection, Select, String, func, select
from sqlalchemy import cast as sql_cast

from briefreader.store.models import AnnotationTagRow, SourceRefRow, SourceRow, TagRow
from briefreader.store.records import (
    UNCHECKED_CLAIM,
    Annotation,
    ClaimCheck,
    Source,
    UuidTable,
    slots_maker,
)
from briefreader.store.records import (
    aware as aware,  # (where it was: store modules read it from here)
)

#: The columns of a claim's check (:class:`ClaimCheck`), in its fields' order.
CHECK_COLUMNS: tuple[str, ...] = (
    "check_status",
    "conclusion",
    "rationale",
    "checked_by",
    "checked_at",
    "contacted_at",
    "contact_outcome",
)
#: The columns an annotation record is made from, in the order :func:`annotation_records`
#: reads them: the fields of :class:`Annotation` but its tags, sources and check, then the
#: check's columns and the creator.
ANNOTATION_FIELDS: tuple[str, ...] = (
    *(f.name for f in fields(Annotation) if f.name not in ("tags", "sources", "check", "creator")),
    *CHECK_COLUMNS,
    "creator",
)
#: The columns a :class:`Source` is made from, in its fields' order.
SOURCE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Source))
#: Those of them that are the cited source's (``source_ref``); the others are the link's.
REF_COLUMNS = frozenset(
    ("url", "title", "author", "publisher", "published", "accessed_at", "archive_url")
)

_annotation_values = attrgetter(*ANNOTATION_FIELDS)

#: What :func:`load_attached` gives: each annotation's tags (sorted) and sources (by id).
Attached = tuple[dict[int, tuple[str, ...]], dict[int, tuple[Source, ...]]]


@dataclass(frozen=True, slots=True)
class IdRange:
    """Every annotation id from ``first`` to ``last``: where a brief's annotations are when
    they were made together (see ``annotations_for_brief``). What is read for it is read in
    one sweep of the tables' id order rather than looked up id by id (a third of the time);
    the tags and sources it gives may include other briefs' annotations in that range."""

    first: int
    last: int


#: The annotations whose tags and sources :func:`load_attached` reads: a few ids, a SELECT of
#: many, a range of ids, or None for all.
Ids = Select[Any] | Sequence[int] | IdRange | None


#: :class:`Annotation`, :class:`Source` and :class:`ClaimCheck` made quickly (see
#: :func:`~briefreader.store.records.slots_maker`).
_new_annotation = slots_maker(Annotation)
_new_source = slots_maker(Source)
_new_check = slots_maker(ClaimCheck)


def annotation_columns(table: Any) -> list[Column[Any]]:
    """The annotation table's columns in the order of :data:`ANNOTATION_FIELDS`."""
    return [table.c[name] for name in ANNOTATION_FIELDS]


def raw_rows(conn: Connection, statement: Select[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of ``statement`` as the driver gives them, in the connection's transaction:
    no result processing (the caller converts), for loading many rows (a third of the time).
    sqlite3 steps the statement only as rows are fetched; a PostgreSQL driver's cursor holds
    the whole result (see :func:`stream_rows`)."""
    cursor = started_cursor(conn, statement)
    try:
        # Small batches: the rows just fetched are still in the CPU's caches when they are
        # used (a tenth faster over 100,000 rows than batches of 5,000).
        while rows := cursor.fetchmany(100):
            yield from rows
    finally:
        cursor.close()


def started_cursor(conn: Connection, statement: Select[Any]) -> Any:
    """A driver cursor that has executed ``statement`` (the caller fetches and closes it):
    on SQLite that is its first step, where a sort is done (without holding Python's lock)."""
    compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positiontup is not None:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), params)
    except BaseException:
        cursor.close()
        raise
    return cursor


def stream_rows(conn: Connection, statement: Select[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of ``statement`` as tuples read as they are wanted, memory flat however many:
    driver rows on SQLite, a server-side cursor elsewhere (whose times are what the column type
    gives, unless the statement coerces them: both are what :func:`aware` takes)."""
    if conn.dialect.name == "sqlite":
        return raw_rows(conn, statement)
    streaming = conn.execution_options(stream_results=True, yield_per=2000)
    return map(tuple, streaming.execute(statement))


def as_date(value: Any) -> date | None:
    """A stored day (text on SQLite, a date on PostgreSQL) as a date."""
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    assert isinstance(value, date)
    return value


def source_record(values: Sequence[Any]) -> Source:
    """A :class:`Source` from a row in the order of :data:`SOURCE_FIELDS`."""
    (
        link_id,
        annotation_id,
        url,
        title,
        relation,
        note,
        added_at,
        source_id,
        quote,
        author,
        publisher,
        published,
        accessed_at,
        archive_url,
    ) = values
    return _new_source(
        link_id,
        annotation_id,
        url,
        title,
        relation,
        note,
        aware(added_at),
        source_id,
        quote,
        author,
        publisher,
        published,
        as_date(accessed_at),
        archive_url,
    )


def source_columns(names: Sequence[str]) -> list[Column[Any]]:
    """The columns ``names`` of a link joined to its source (see :func:`linked_sources`)."""
    link, ref = SourceRow.__table__, SourceRefRow.__table__  # type: ignore[attr-defined]
    return [(ref if name in REF_COLUMNS else link).c[name] for name in names]


def linked_sources(names: Sequence[str]) -> Select[Any]:
    """The columns ``names`` of every link with the source it cites (a link whose source is
    gone, in a damaged file, is left out, as a missing tag is), by link id."""
    link, ref = SourceRow.__table__, SourceRefRow.__table__  # type: ignore[attr-defined]
    return (
        select(*source_columns(names))
        .select_from(link)
        .join(ref, ref.c.id == link.c.source_id)
        .order_by(link.c.id)
    )


def load_link(conn: Connection, link_id: int) -> Source | None:
    """The :class:`Source` of one link, or None if there is no such link."""
    link = SourceRow.__table__  # type: ignore[attr-defined]
    row = conn.execute(linked_sources(SOURCE_FIELDS).where(link.c.id == link_id)).first()
    return None if row is None else source_record(row)


def load_attached(conn: Connection, ids: Ids) -> Attached:
    """The tags and sources of the annotations ``ids``: a few ids, or a SELECT of many, or
    an :class:`IdRange`, or None for every annotation (many are read as driver rows, and their
    tags named from one dict of all tags: each name decoded once)."""
    return load_tags(conn, ids), load_sources(conn, ids)


def load_tags(conn: Connection, ids: Ids) -> dict[int, tuple[str, ...]]:
    """The tag names of the annotations ``ids`` (see :func:`load_attached`), sorted by
    :func:`sorted_tags`. A link to a tag that is missing (a damaged file) is skipped, as a
    join would."""
    at, t = AnnotationTagRow.__table__, TagRow.__table__  # type: ignore[attr-defined]
    if isinstance(ids, IdRange):
        return _tags_in_range(conn, ids)
    lists: dict[int, list[str]] = {}
    if ids is None or isinstance(ids, Select):
        names = {tag_id: name for tag_id, name in conn.execute(select(t.c.id, t.c.name))}
        links = select(at.c.annotation_id, at.c.tag_id)
        if ids is not None:
            links = links.where(at.c.annotation_id.in_(ids))
        for ann_id, tag_id in raw_rows(conn, links):
            name = names.get(tag_id)
            if name is None:
                continue
            held = lists.get(ann_id)
            if held is None:
                lists[ann_id] = [name]
            else:
                held.append(name)
    elif ids:
        for ann_id, name in conn.execute(
            select(at.c.annotation_id, t.c.name)
            .join(t, t.c.id == at.c.tag_id)
            .where(at.c.annotation_id.in_(list(ids)))
        ):
            lists.setdefault(ann_id, []).append(name)
    return sorted_tags(lists)


def _tags_in_range(conn: Connection, ids: IdRange) -> dict[int, tuple[str, ...]]:
    """:func:`load_tags` for a range of ids: each annotation's tag ids as one string, grouped
    by the database, named and sorted once per combination of tags (a few hundred for
    100,000 annotations), not once per annotation."""
    at, t = AnnotationTagRow.__table__, TagRow.__table__  # type: ignore[attr-defined]
    names = {tag_id: name for tag_id, name in conn.execute(select(t.c.id, t.c.name))}
    grouped = (
        select(at.c.annotation_id, func.aggregate_strings(sql_cast(at.c.tag_id, String), ","))
        .where(at.c.annotation_id.between(ids.first, ids.last))
        .group_by(at.c.annotation_id)
    )
    combinations: dict[str, tuple[str, ...]] = {}
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    out: dict[int, tuple[str, ...]] = {}
    for ann_id, joined in raw_rows(conn, grouped):
        held = combinations.get(joined)
        if held is None:
            # A link to a tag that is missing (a damaged file) is skipped, as a join would.
            found = (names.get(int(tag_id)) for tag_id in joined.split(","))
            held = tuple(sorted(name for name in found if name is not None))
            held = combinations[joined] = shared.setdefault(held, held)
        if held:
            out[ann_id] = held
    return out


def load_sources(conn: Connection, ids: Ids) -> dict[int, tuple[Source, ...]]:
    """The sources of the annotations ``ids`` (see :func:`load_attached`), each
    annotation's in the order they were added."""
    found: dict[int, list[Source]] = {}
    for row in _source_rows(conn, ids, SOURCE_FIELDS):
        source = source_record(row)
        held = found.get(source.annotation_id)
        if held is None:
            found[source.annotation_id] = [source]
        else:
            held.append(source)
    return {ann_id: tuple(held) for ann_id, held in found.items()}


def load_source_links(conn: Connection, ids: Ids) -> dict[int, tuple[tuple[str, str, str], ...]]:
    """:func:`load_sources` as an export writes them: ``(relation, url, title)`` only, with
    no record built (a quarter of the time)."""
    found: dict[int, list[tuple[str, str, str]]] = {}
    for ann_id, relation, url, title in _source_rows(
        conn, ids, ("annotation_id", "relation", "url", "title")
    ):
        held = found.get(ann_id)
        if held is None:
            found[ann_id] = [(relation, url, title)]
        else:
            held.append((relation, url, title))
    return {ann_id: tuple(held) for ann_id, held in found.items()}


def _source_rows(conn: Connection, ids: Ids, names: Sequence[str]) -> Iterable[Sequence[Any]]:
    """The columns ``names`` of the sources of the annotations ``ids``, by link id."""
    src = SourceRow.__table__  # type: ignore[attr-defined]
    statement = linked_sources(names)
    if ids is None:
        return raw_rows(conn, statement)
    if isinstance(ids, IdRange):
        return raw_rows(conn, statement.where(src.c.annotation_id.between(ids.first, ids.last)))
    if isinstance(ids, Select):
        return raw_rows(conn, statement.where(src.c.annotation_id.in_(ids)))
    if ids:
        return conn.execute(statement.where(src.c.annotation_id.in_(list(ids))))
    return ()


def sorted_tags(lists: dict[int, list[str]]) -> dict[int, tuple[str, ...]]:
    """Each annotation's tag names sorted in Python, one tuple per combination: thousands of
    annotations share them."""
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    share = shared.setdefault
    out: dict[int, tuple[str, ...]] = {}
    for ann_id, held in lists.items():
        names = tuple(sorted(held)) if len(held) > 1 else (held[0],)
        out[ann_id] = share(names, names)
    return out


#: How many uuids :func:`annotation_records` hands to the table at a time.
_UUID_BATCH = 1024


def annotation_records(
    rows: Iterable[Sequence[Any]],
    tags: dict[int, tuple[str, ...]],
    sources: dict[int, tuple[Source, ...]],
    uuids: UuidTable | None = None,
) -> list[Annotation]:
    """The records of ``rows`` (in the order of :data:`ANNOTATION_FIELDS`, times as stored or
    as datetimes) with their tags and sources (from :func:`load_attached`). ``uuids``: the
    uuids of the annotations on the text go into this table, and their records have none."""
    out = []
    no_tags: tuple[str, ...] = ()
    no_sources: tuple[Source, ...] = ()
    # Kinds, colours, claim fields and brief ids: a few values, each held once.
    shared: dict[Any, Any] = {}
    share = shared.setdefault
    # The uuids go into the table a batch at a time (few held at once: memory stays flat).
    uuid_ids: list[int] = []
    uuid_values: list[str] = []
    new_annotation = _new_annotation
    fromisoformat = datetime.fromisoformat
    for (
        ann_id,
        uuid,
        brief_id,
        kind,
        start,
        end,
        quote,
        prefix,
        suffix,
        note,
        color,
        claimant,
        claim_type,
        claim_status,
        created_at,
        updated_at,
        revision,
        orphan,
        previous_quote,
        check_status,
        conclusion,
        rationale,
        checked_by,
        checked_at,
        contacted_at,
        contact_outcome,
        creator,
    ) in rows:
        # (aware's common case inline: a call less for each of 100,000 rows.)
        if created_at.__class__ is str and len(created_at) <= 26:
            try:
                created = fromisoformat(created_at + "+00:00")
            except ValueError:
                created = aware(created_at)
        else:
            created = aware(created_at)
        check: ClaimCheck | None = None
        if kind == "claim":
            if (
                check_status in (None, UNCHECKED_CLAIM.status)
                and conclusion is None
                and not rationale
                and checked_by is None
                and checked_at is None
                and contacted_at is None
                and contact_outcome is None
            ):
                check = UNCHECKED_CLAIM  # most claims: one object for all of them
            else:
                check = _new_check(
                    check_status or UNCHECKED_CLAIM.status,
                    conclusion,
                    rationale or "",
                    checked_by if checked_by is None else share(checked_by, checked_by),
                    aware(checked_at),
                    aware(contacted_at),
                    contact_outcome,
                )
        if uuids is not None and not orphan:
            uuid_ids.append(ann_id)
            uuid_values.append(uuid)
            uuid = ""
            if len(uuid_ids) == _UUID_BATCH:
                uuids.add_all(uuid_ids, uuid_values)
                uuid_ids, uuid_values = [], []
        out.append(
            new_annotation(
                ann_id,
                uuid,
                share(brief_id, brief_id),
                share(kind, kind),
                start,
                end,
                quote,
                prefix,
                suffix,
                note,
                color if color is None else share(color, color),
                claimant if claimant is None else share(claimant, claimant),
                claim_type if claim_type is None else share(claim_type, claim_type),
                claim_status if claim_status is None else share(claim_status, claim_status),
                created,
                created if updated_at == created_at else aware(updated_at),
                revision,
                tags.get(ann_id, no_tags),
                sources.get(ann_id, no_sources),
                bool(orphan),
                previous_quote,
                check,
                creator if creator is None else share(creator, creator),
            )
        )
    if uuids is not None:
        uuids.add_all(uuid_ids, uuid_values)
    return out


def annotation_row_values(annotation: Annotation) -> dict[str, Any]:
    """The columns of ``annotation``'s row (all of :data:`ANNOTATION_FIELDS`): the inverse of
    :func:`annotation_records`, for writing a record back (undo)."""
    values = {
        name: getattr(annotation, name) for name in ANNOTATION_FIELDS[: -len(CHECK_COLUMNS) - 1]
    }
    check = annotation.check
    values.update(
        check_status=None if check is None else check.status,
        conclusion=None if check is None else check.conclusion,
        rationale="" if check is None else check.rationale,
        checked_by=None if check is None else check.checked_by,
        checked_at=None if check is None else check.checked_at,
        contacted_at=None if check is None else check.contacted_at,
        contact_outcome=None if check is None else check.contact_outcome,
        creator=annotation.creator,
    )
    return values


def annotations_of_rows(conn: Connection, rows: Sequence[Any]) -> list[Annotation]:
    """The records of ORM annotation rows (as they are in the session), with their tags and
    sources read in ``conn``'s transaction."""
    tags, sources = load_attached(conn, [r.id for r in rows])
    return annotation_records(map(_annotation_values, rows), tags, sources)
