"""The Store: the only code in briefreader that opens a database Session.

Every public method is one transaction. Mutating methods take the write lock up front and are
committed before they return, so whatever the caller reports as saved is on disk. Methods hand
out the frozen dataclasses of :mod:`briefreader.store.records`, never rows.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Engine, String, case, delete, func, insert, select, type_coerce, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, defer
from sqlmodel import col

from briefreader.anchoring import context
from briefreader.store import models
from briefreader.store.engine import is_sqlite, make_engine, writer
from briefreader.store.models import (
    AnnotationRow,
    AnnotationTagRow,
    BriefRow,
    BriefTagRow,
    SourceRow,
    TagRow,
    utcnow,
)
from briefreader.store.records import (
    Annotation,
    Brief,
    BriefSummary,
    ImportResult,
    Source,
    SourceInput,
    Tag,
)
from briefreader.store.schema import ensure_schema
from briefreader.text.validate import (
    InvalidValue,
    normalise_color,
    normalise_source_url,
    normalise_tag,
    single_line,
)

_UNSET: Any = object()


class StoreError(Exception):
    """A request the store cannot carry out; the message is meant for the user."""


class NotFound(StoreError, LookupError):
    pass


class Conflict(StoreError):
    """The annotation changed since the caller read it (optimistic concurrency)."""

    def __init__(self, message: str, current: Annotation) -> None:
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class NewBrief:
    """What the store needs to create a brief (ingest produces one of these)."""

    text: str
    title: str
    content_hash: str
    word_count: int
    source: str | None = None
    author: str | None = None
    format: str = "text"


@dataclass(frozen=True)
class NewAnnotation:
    """One annotation to create in bulk (offsets into the brief's text)."""

    start: int
    end: int
    kind: str = "highlight"
    note: str = ""
    color: str | None = None
    claimant: str | None = None
    claim_type: str | None = None
    claim_status: str | None = None
    tags: tuple[str, ...] = ()
    sources: tuple[SourceInput, ...] = ()


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
    start: int
    end: int
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


#: One annotation as :meth:`ExportRows.tuples` yields it: the fields of :class:`ExportRow` in
#: order, except that ``created_at`` and ``updated_at`` are ISO 8601 UTC strings ending in ``Z``
#: (``2026-11-27T19:55:10.704679Z``; no fraction when the microseconds are 0).
ExportTuple = tuple[
    int,
    str,
    int,
    str,
    str | None,
    str,
    str,
    int,
    int,
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


def _export_tuple(row: ExportRow) -> ExportTuple:
    return (
        row.annotation_id,
        row.uuid,
        row.brief_id,
        row.brief_title,
        row.brief_source,
        row.kind,
        row.quote,
        row.start,
        row.end,
        row.prefix,
        row.suffix,
        row.note,
        row.tags,
        row.color,
        row.claimant,
        row.claim_type,
        row.claim_status,
        row.sources,
        _export_timestamp(row.created_at),
        _export_timestamp(row.updated_at),
    )


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
        return map(_export_tuple, rows)

    def close(self) -> None:
        """Stop early, closing the database session now rather than when collected."""
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()


def _summary(
    row: BriefRow, annotations: int = 0, claims: int = 0, tags: Sequence[str] = ()
) -> BriefSummary:
    assert row.id is not None
    return BriefSummary(
        id=row.id,
        title=row.title,
        source=row.source,
        author=row.author,
        format=row.format,
        content_hash=row.content_hash,
        word_count=row.word_count,
        imported_at=row.imported_at,
        last_opened_at=row.last_opened_at,
        reading_position=row.reading_position,
        annotations=annotations,
        claims=claims,
        tags=tuple(tags),
    )


def _validate_fields(kind: str, claim_type: str | None, claim_status: str | None) -> None:
    if kind not in models.KINDS:
        raise InvalidValue(f"kind {kind!r}: use one of {', '.join(models.KINDS)}")
    if claim_type is not None and claim_type not in models.CLAIM_TYPES:
        raise InvalidValue(f"claim type {claim_type!r}: use one of {', '.join(models.CLAIM_TYPES)}")
    if claim_status is not None and claim_status not in models.CLAIM_STATUSES:
        raise InvalidValue(
            f"claim status {claim_status!r}: use one of {', '.join(models.CLAIM_STATUSES)}"
        )
    if kind != "claim" and (claim_type is not None or claim_status is not None):
        raise InvalidValue("claim type and status apply to claims only (kind 'claim')")


def _validate_source(source: SourceInput) -> SourceInput:
    if source.relation not in models.RELATIONS:
        raise InvalidValue(
            f"relation {source.relation!r}: use one of {', '.join(models.RELATIONS)}"
        )
    return SourceInput(
        url=normalise_source_url(source.url),
        relation=source.relation,
        title=single_line(source.title),
        note=source.note.strip(),
    )


class Store:
    """Briefs, annotations, tags and sources in one database (SQLite file or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = writer(engine)
        ensure_schema(engine)

    @classmethod
    def open(cls, url: str) -> Store:
        """Open (creating or upgrading) the database at SQLAlchemy ``url``."""
        return cls(make_engine(url))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def _read(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def _write(self) -> Session:
        return Session(self._writer, expire_on_commit=False)

    # ------------------------------------------------------------------ briefs

    def import_brief(self, new: NewBrief) -> ImportResult:
        """Store a brief; the same content (hash) already stored is returned, not duplicated."""
        with self._write() as s, s.begin():
            existing = s.execute(
                select(BriefRow).where(col(BriefRow.content_hash) == new.content_hash)
            ).scalar_one_or_none()
            if existing is not None:
                return ImportResult(self._summaries(s, [existing])[0], created=False)
            row = BriefRow(
                title=single_line(new.title) or "Untitled brief",
                source=new.source,
                author=single_line(new.author) if new.author else None,
                format=new.format,
                text=new.text,
                content_hash=new.content_hash,
                word_count=new.word_count,
            )
            s.add(row)
            s.flush()
            return ImportResult(_summary(row), created=True)

    def _summaries(self, s: Session, rows: Sequence[BriefRow]) -> list[BriefSummary]:
        ids = [r.id for r in rows]
        if not ids:
            return []
        counts: dict[int, tuple[int, int]] = {}
        claim = func.sum(case((col(AnnotationRow.kind) == "claim", 1), else_=0))
        for brief_id, total, claims in s.execute(
            select(col(AnnotationRow.brief_id), func.count(), claim)
            .where(col(AnnotationRow.brief_id).in_(ids))
            .group_by(col(AnnotationRow.brief_id))
        ):
            counts[brief_id] = (total, int(claims or 0))
        tags: dict[int, set[str]] = {}
        # A brief's tags: its own and those on its annotations.
        for brief_id, name in s.execute(
            select(col(BriefTagRow.brief_id), col(TagRow.name))
            .join(TagRow, col(TagRow.id) == BriefTagRow.tag_id)
            .where(col(BriefTagRow.brief_id).in_(ids))
        ):
            tags.setdefault(brief_id, set()).add(name)
        for brief_id, name in s.execute(
            select(col(AnnotationRow.brief_id), col(TagRow.name))
            .join(AnnotationTagRow, col(AnnotationTagRow.annotation_id) == AnnotationRow.id)
            .join(TagRow, col(TagRow.id) == AnnotationTagRow.tag_id)
            .where(col(AnnotationRow.brief_id).in_(ids))
            .distinct()
        ):
            tags.setdefault(brief_id, set()).add(name)
        result = []
        for row in rows:
            assert row.id is not None
            total, claims = counts.get(row.id, (0, 0))
            result.append(_summary(row, total, claims, sorted(tags.get(row.id, ()))))
        return result

    def list_briefs(self) -> list[BriefSummary]:
        """All briefs, most recently opened first, then most recently imported."""
        with self._read() as s:
            rows = s.execute(
                select(BriefRow)
                .options(defer(BriefRow.text))  # type: ignore[arg-type]
                .order_by(
                    col(BriefRow.last_opened_at).desc().nulls_last(),
                    col(BriefRow.imported_at).desc(),
                    col(BriefRow.id).desc(),
                )
            ).scalars()
            return self._summaries(s, list(rows))

    def get_brief(self, brief_id: int) -> Brief:
        with self._read() as s:
            row = s.get(BriefRow, brief_id)
            if row is None:
                raise NotFound(f"no brief with id {brief_id}")
            tag_names = s.execute(
                select(col(TagRow.name))
                .join(BriefTagRow, col(BriefTagRow.tag_id) == TagRow.id)
                .where(col(BriefTagRow.brief_id) == brief_id)
                .order_by(col(TagRow.name))
            ).scalars()
            assert row.id is not None
            return Brief(
                id=row.id,
                title=row.title,
                source=row.source,
                author=row.author,
                format=row.format,
                content_hash=row.content_hash,
                word_count=row.word_count,
                imported_at=row.imported_at,
                last_opened_at=row.last_opened_at,
                reading_position=row.reading_position,
                text=row.text,
                tags=tuple(tag_names),
            )

    def get_brief_summary(self, brief_id: int) -> BriefSummary:
        with self._read() as s:
            row = s.get(BriefRow, brief_id)
            if row is None:
                raise NotFound(f"no brief with id {brief_id}")
            return self._summaries(s, [row])[0]

    def find_briefs(self, ref: str) -> list[BriefSummary]:
        """Briefs matching ``ref``: an id, else a case-insensitive title substring."""
        ref = ref.strip()
        with self._read() as s:
            if ref.isdigit():
                row = s.get(BriefRow, int(ref))
                return self._summaries(s, [row]) if row else []
            pattern = (
                "%"
                + ref.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                + "%"
            )
            rows = s.execute(
                select(BriefRow)
                .where(func.lower(BriefRow.title).like(pattern, escape="\\"))
                .order_by(col(BriefRow.id))
            ).scalars()
            return self._summaries(s, list(rows))

    def delete_brief(self, brief_id: int) -> int:
        """Delete a brief with its annotations, their tags and sources; return how many
        annotations went with it."""
        with self._write() as s, s.begin():
            if s.get(BriefRow, brief_id) is None:
                raise NotFound(f"no brief with id {brief_id}")
            ann_ids = select(col(AnnotationRow.id)).where(col(AnnotationRow.brief_id) == brief_id)
            count = s.execute(
                select(func.count())
                .select_from(AnnotationRow)
                .where(col(AnnotationRow.brief_id) == brief_id)
            ).scalar_one()
            s.execute(delete(SourceRow).where(col(SourceRow.annotation_id).in_(ann_ids)))
            s.execute(
                delete(AnnotationTagRow).where(col(AnnotationTagRow.annotation_id).in_(ann_ids))
            )
            s.execute(delete(AnnotationRow).where(col(AnnotationRow.brief_id) == brief_id))
            s.execute(delete(BriefTagRow).where(col(BriefTagRow.brief_id) == brief_id))
            s.execute(delete(BriefRow).where(col(BriefRow.id) == brief_id))
            return int(count)

    def mark_opened(self, brief_id: int) -> None:
        self._update_brief(brief_id, last_opened_at=utcnow())

    def set_reading_position(self, brief_id: int, position: int) -> None:
        self._update_brief(brief_id, reading_position=max(0, position))

    def _update_brief(self, brief_id: int, **values: Any) -> None:
        with self._write() as s, s.begin():
            result = s.execute(
                update(BriefRow).where(col(BriefRow.id) == brief_id).values(**values)
            )
            if cast("CursorResult[Any]", result).rowcount == 0:
                raise NotFound(f"no brief with id {brief_id}")

    def set_brief_tags(self, brief_id: int, names: Iterable[str]) -> tuple[str, ...]:
        normalised = sorted({normalise_tag(n) for n in names})
        with self._write() as s, s.begin():
            if s.get(BriefRow, brief_id) is None:
                raise NotFound(f"no brief with id {brief_id}")
            tag_ids = self._tag_ids(s, normalised)
            s.execute(delete(BriefTagRow).where(col(BriefTagRow.brief_id) == brief_id))
            for tag_id in tag_ids.values():
                s.add(BriefTagRow(brief_id=brief_id, tag_id=tag_id))
        return tuple(normalised)

    # ------------------------------------------------------------------ tags

    def _tag_ids(self, s: Session, names: Sequence[str]) -> dict[str, int]:
        """Ids of the (already normalised) tags ``names``, creating the missing ones."""
        if not names:
            return {}
        found: dict[str, int] = {
            name: cast(int, tag_id)
            for name, tag_id in s.execute(
                select(col(TagRow.name), col(TagRow.id)).where(col(TagRow.name).in_(names))
            )
        }
        for name in names:
            if name not in found:
                row = TagRow(name=name)
                s.add(row)
                s.flush()
                assert row.id is not None
                found[name] = row.id
        return {n: found[n] for n in names}

    def list_tags(self) -> list[Tag]:
        with self._read() as s:
            rows = s.execute(select(TagRow).order_by(col(TagRow.name))).scalars()
            return [Tag(r.id or 0, r.name, r.color, r.quick_key) for r in rows]

    def tag_counts(self, brief_id: int | None = None) -> list[tuple[Tag, int]]:
        """Every tag with the number of annotations carrying it (in one brief, or in all);
        tags with no annotations there are listed with 0 when they have a quick key."""
        with self._read() as s:
            stmt = (
                select(TagRow, func.count(col(AnnotationRow.id)))
                .join(AnnotationTagRow, col(AnnotationTagRow.tag_id) == TagRow.id)
                .join(AnnotationRow, col(AnnotationRow.id) == AnnotationTagRow.annotation_id)
                .group_by(col(TagRow.id))
            )
            if brief_id is not None:
                stmt = stmt.where(col(AnnotationRow.brief_id) == brief_id)
            counted = {row.id: (row, n) for row, n in s.execute(stmt)}
            for row in s.execute(
                select(TagRow).where(col(TagRow.quick_key).is_not(None))
            ).scalars():
                counted.setdefault(row.id, (row, 0))
            out = [
                (Tag(r.id or 0, r.name, r.color, r.quick_key), int(n)) for r, n in counted.values()
            ]
            return sorted(out, key=lambda t: t[0].name)

    def ensure_tag(self, name: str) -> Tag:
        normalised = normalise_tag(name)
        with self._write() as s, s.begin():
            tag_id = self._tag_ids(s, [normalised])[normalised]
            row = s.get(TagRow, tag_id)
            assert row is not None
            return Tag(tag_id, row.name, row.color, row.quick_key)

    def update_tag(
        self, name: str, *, color: str | None = _UNSET, quick_key: int | None = _UNSET
    ) -> Tag:
        """Set a tag's colour and/or quick key (1–9, or None). Binding a key that another tag
        holds moves it to this tag."""
        normalised = normalise_tag(name)
        values: dict[str, Any] = {}
        if color is not _UNSET:
            values["color"] = normalise_color(color)
        if quick_key is not _UNSET:
            if quick_key is not None and not 1 <= quick_key <= 9:
                raise InvalidValue("a quick key is a number from 1 to 9")
            values["quick_key"] = quick_key
        with self._write() as s, s.begin():
            tag_id = self._tag_ids(s, [normalised])[normalised]
            if values.get("quick_key") is not None:
                s.execute(
                    update(TagRow)
                    .where(col(TagRow.quick_key) == values["quick_key"], col(TagRow.id) != tag_id)
                    .values(quick_key=None)
                )
            if values:
                s.execute(update(TagRow).where(col(TagRow.id) == tag_id).values(**values))
            row = s.get(TagRow, tag_id)
            assert row is not None
            s.refresh(row)
            return Tag(tag_id, row.name, row.color, row.quick_key)

    def tag_for_key(self, key: int) -> Tag | None:
        with self._read() as s:
            row = s.execute(select(TagRow).where(col(TagRow.quick_key) == key)).scalar_one_or_none()
            return Tag(row.id or 0, row.name, row.color, row.quick_key) if row else None

    def delete_tag(self, name: str) -> int:
        """Delete a tag everywhere; return how many annotations carried it."""
        normalised = normalise_tag(name)
        with self._write() as s, s.begin():
            row = s.execute(
                select(TagRow).where(col(TagRow.name) == normalised)
            ).scalar_one_or_none()
            if row is None:
                raise NotFound(f"no tag {normalised!r}")
            count = s.execute(
                select(func.count())
                .select_from(AnnotationTagRow)
                .where(col(AnnotationTagRow.tag_id) == row.id)
            ).scalar_one()
            s.execute(delete(AnnotationTagRow).where(col(AnnotationTagRow.tag_id) == row.id))
            s.execute(delete(BriefTagRow).where(col(BriefTagRow.tag_id) == row.id))
            s.execute(delete(TagRow).where(col(TagRow.id) == row.id))
            return int(count)

    # ------------------------------------------------------------------ annotations

    def _load_annotations(self, s: Session, rows: Sequence[AnnotationRow]) -> list[Annotation]:
        ids = [r.id for r in rows]
        tags: dict[int, list[str]] = {}
        sources: dict[int, list[Source]] = {}
        if ids:
            for ann_id, name in s.execute(
                select(col(AnnotationTagRow.annotation_id), col(TagRow.name))
                .join(TagRow, col(TagRow.id) == AnnotationTagRow.tag_id)
                .where(col(AnnotationTagRow.annotation_id).in_(ids))
                .order_by(col(TagRow.name))
            ):
                tags.setdefault(ann_id, []).append(name)
            for src in s.execute(
                select(SourceRow)
                .where(col(SourceRow.annotation_id).in_(ids))
                .order_by(col(SourceRow.id))
            ).scalars():
                sources.setdefault(src.annotation_id, []).append(
                    Source(
                        src.id or 0,
                        src.annotation_id,
                        src.url,
                        src.title,
                        src.relation,
                        src.note,
                        src.added_at,
                    )
                )
        out = []
        for r in rows:
            assert r.id is not None
            out.append(
                Annotation(
                    id=r.id,
                    uuid=r.uuid,
                    brief_id=r.brief_id,
                    kind=r.kind,
                    start=r.start,
                    end=r.end,
                    quote=r.quote,
                    prefix=r.prefix,
                    suffix=r.suffix,
                    note=r.note,
                    color=r.color,
                    claimant=r.claimant,
                    claim_type=r.claim_type,
                    claim_status=r.claim_status,
                    created_at=r.created_at,
                    updated_at=r.updated_at,
                    revision=r.revision,
                    tags=tuple(tags.get(r.id, ())),
                    sources=tuple(sources.get(r.id, ())),
                )
            )
        return out

    def get_annotation(self, annotation_id: int) -> Annotation:
        with self._read() as s:
            return self._get_annotation(s, annotation_id)

    def _get_annotation(self, s: Session, annotation_id: int) -> Annotation:
        row = s.get(AnnotationRow, annotation_id)
        if row is None:
            raise NotFound(f"no annotation with id {annotation_id}")
        return self._load_annotations(s, [row])[0]

    def annotations_for_brief(self, brief_id: int) -> list[Annotation]:
        """The brief's annotations in text order (start, then end, then id)."""
        with self._read() as s:
            rows = s.execute(
                select(AnnotationRow)
                .where(col(AnnotationRow.brief_id) == brief_id)
                .order_by(col(AnnotationRow.start), col(AnnotationRow.end), col(AnnotationRow.id))
            ).scalars()
            return self._load_annotations(s, list(rows))

    def _prepare(self, text: str, item: NewAnnotation) -> dict[str, Any]:
        if not 0 <= item.start < item.end <= len(text):
            raise InvalidValue(
                f"span {item.start}..{item.end} is empty or outside the brief (0..{len(text)})"
            )
        status = item.claim_status
        if item.kind == "claim" and status is None:
            status = "unverified"
        _validate_fields(item.kind, item.claim_type, status)
        prefix, suffix = context(text, item.start, item.end)
        now = utcnow()
        return {
            "uuid": str(uuidlib.uuid4()),
            "kind": item.kind,
            "start": item.start,
            "end": item.end,
            "quote": text[item.start : item.end],
            "prefix": prefix,
            "suffix": suffix,
            "note": item.note.strip(),
            "color": normalise_color(item.color),
            "claimant": single_line(item.claimant) if item.claimant else None,
            "claim_type": item.claim_type,
            "claim_status": status,
            "created_at": now,
            "updated_at": now,
            "revision": 1,
        }

    def _brief_text(self, s: Session, brief_id: int) -> str:
        text = s.execute(
            select(col(BriefRow.text)).where(col(BriefRow.id) == brief_id)
        ).scalar_one_or_none()
        if text is None:
            raise NotFound(f"no brief with id {brief_id}")
        return text

    def create_annotation(self, brief_id: int, item: NewAnnotation) -> Annotation:
        """Create one annotation (quote and context taken from the brief's text)."""
        tags = sorted({normalise_tag(t) for t in item.tags})
        sources = [_validate_source(src) for src in item.sources]
        with self._write() as s, s.begin():
            values = self._prepare(self._brief_text(s, brief_id), item)
            row = AnnotationRow(brief_id=brief_id, **values)
            s.add(row)
            s.flush()
            assert row.id is not None
            for tag_id in self._tag_ids(s, tags).values():
                s.add(AnnotationTagRow(annotation_id=row.id, tag_id=tag_id))
            for src in sources:
                s.add(SourceRow(annotation_id=row.id, **vars(src)))
            s.flush()
            return self._get_annotation(s, row.id)

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

        with self._write() as s, s.begin():
            text = self._brief_text(s, brief_id)
            conn = s.connection()
            batch: list[tuple[dict[str, Any], NewAnnotation, set[str]]] = []
            raw = is_sqlite(self.engine)

            def insert_many(model: Any, rows: list[dict[str, Any]]) -> None:
                table = model.__table__
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
                tag_ids = self._tag_ids(s, sorted(set().union(*(names for _, _, names in batch))))
                links = [
                    {"annotation_id": ids[values["uuid"]], "tag_id": tag_ids[name]}
                    for values, _, names in batch
                    for name in names
                ]
                if links:
                    insert_many(AnnotationTagRow, links)
                srcs = [
                    dict(
                        vars(_validate_source(src)),
                        annotation_id=ids[values["uuid"]],
                        added_at=values["created_at"],
                    )
                    for values, item, _ in batch
                    for src in item.sources
                ]
                if srcs:
                    insert_many(SourceRow, srcs)
                batch.clear()

            # With SQLite's default 2 MB page cache a large insert keeps spilling pages to the
            # WAL and reading index pages back (100,000 rows: ~15% slower); 64 MB for this
            # transaction only.
            cache_size = None
            if is_sqlite(self.engine):
                cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
                conn.exec_driver_sql("PRAGMA cache_size = -65536")
            try:
                for item in items:
                    batch.append((self._prepare(text, item), item, tag_names(item)))
                    created += 1
                    if len(batch) >= batch_size:
                        flush()
                if batch:
                    flush()
            finally:
                if cache_size is not None:
                    conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache_size)}")
        return created

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
    ) -> Annotation:
        """Change fields of an annotation. With ``expected_revision``, a change made since the
        caller read the annotation raises :class:`Conflict` instead of being overwritten."""
        with self._write() as s, s.begin():
            row = s.get(AnnotationRow, annotation_id)
            if row is None:
                raise NotFound(f"no annotation with id {annotation_id}")
            if expected_revision is not None and row.revision != expected_revision:
                raise Conflict(
                    "this annotation was changed elsewhere since you opened it",
                    self._load_annotations(s, [row])[0],
                )
            new_kind = row.kind if kind is _UNSET else kind
            new_type = row.claim_type if claim_type is _UNSET else claim_type
            new_status = row.claim_status if claim_status is _UNSET else claim_status
            if new_kind == "claim" and new_status is None:
                new_status = "unverified"
            if new_kind != "claim":
                # Turning a claim into a highlight/note drops its verdict fields.
                new_type = new_status = None
            _validate_fields(new_kind, new_type, new_status)
            row.kind, row.claim_type, row.claim_status = new_kind, new_type, new_status
            if note is not _UNSET:
                row.note = note.strip()
            if color is not _UNSET:
                row.color = normalise_color(color)
            if claimant is not _UNSET:
                row.claimant = single_line(claimant) if claimant else None
            if span is not _UNSET:
                text = self._brief_text(s, row.brief_id)
                start, end = span
                if not 0 <= start < end <= len(text):
                    raise InvalidValue(f"span {start}..{end} is empty or outside the brief")
                row.start, row.end, row.quote = start, end, text[start:end]
                row.prefix, row.suffix = context(text, start, end)
            row.updated_at = utcnow()
            row.revision += 1
            s.add(row)
            s.flush()
            return self._load_annotations(s, [row])[0]

    def delete_annotation(self, annotation_id: int) -> Annotation:
        """Delete an annotation with its tags links and sources; return what it was (for undo)."""
        with self._write() as s, s.begin():
            snapshot = self._get_annotation(s, annotation_id)
            s.execute(delete(SourceRow).where(col(SourceRow.annotation_id) == annotation_id))
            s.execute(
                delete(AnnotationTagRow).where(col(AnnotationTagRow.annotation_id) == annotation_id)
            )
            s.execute(delete(AnnotationRow).where(col(AnnotationRow.id) == annotation_id))
            return snapshot

    def restore_annotation(self, snapshot: Annotation) -> Annotation:
        """Make the annotation exactly ``snapshot`` again (same id, uuid, fields, tags and
        sources), whether it was deleted (undo of a delete) or changed since (undo of an edit).
        A restored change gets a new revision and ``updated_at`` so other readers see it."""
        with self._write() as s, s.begin():
            self._brief_text(s, snapshot.brief_id)
            existing = s.get(AnnotationRow, snapshot.id)
            revision, updated_at = snapshot.revision, snapshot.updated_at
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
            fields = {
                k: getattr(snapshot, k)
                for k in AnnotationRow.model_fields
                if k not in ("tags", "sources")
            }
            fields.update(revision=revision, updated_at=updated_at)
            s.add(AnnotationRow(**fields))
            s.flush()
            for tag_id in self._tag_ids(s, list(snapshot.tags)).values():
                s.add(AnnotationTagRow(annotation_id=snapshot.id, tag_id=tag_id))
            for src in snapshot.sources:
                s.add(
                    SourceRow(
                        id=src.id,
                        annotation_id=snapshot.id,
                        url=src.url,
                        title=src.title,
                        relation=src.relation,
                        note=src.note,
                        added_at=src.added_at or utcnow(),
                    )
                )
            s.flush()
            return self._get_annotation(s, snapshot.id)

    def _touch(self, s: Session, annotation_id: int) -> None:
        result = s.execute(
            update(AnnotationRow)
            .where(col(AnnotationRow.id) == annotation_id)
            .values(updated_at=utcnow(), revision=col(AnnotationRow.revision) + 1)
        )
        if cast("CursorResult[Any]", result).rowcount == 0:
            raise NotFound(f"no annotation with id {annotation_id}")

    def set_annotation_tags(self, annotation_id: int, names: Iterable[str]) -> Annotation:
        normalised = sorted({normalise_tag(n) for n in names})
        with self._write() as s, s.begin():
            self._touch(s, annotation_id)
            s.execute(
                delete(AnnotationTagRow).where(col(AnnotationTagRow.annotation_id) == annotation_id)
            )
            for tag_id in self._tag_ids(s, normalised).values():
                s.add(AnnotationTagRow(annotation_id=annotation_id, tag_id=tag_id))
            s.flush()
            return self._get_annotation(s, annotation_id)

    def toggle_annotation_tag(self, annotation_id: int, name: str) -> tuple[Annotation, bool]:
        """Add the tag if absent, remove it if present; return the annotation and whether the
        tag is now on it."""
        normalised = normalise_tag(name)
        with self._write() as s, s.begin():
            self._touch(s, annotation_id)
            tag_id = self._tag_ids(s, [normalised])[normalised]
            link = s.get(AnnotationTagRow, (annotation_id, tag_id))
            if link is None:
                s.add(AnnotationTagRow(annotation_id=annotation_id, tag_id=tag_id))
            else:
                s.delete(link)
            s.flush()
            return self._get_annotation(s, annotation_id), link is None

    def add_source(self, annotation_id: int, source: SourceInput) -> Source:
        clean = _validate_source(source)
        with self._write() as s, s.begin():
            self._touch(s, annotation_id)
            row = SourceRow(annotation_id=annotation_id, **vars(clean))
            s.add(row)
            s.flush()
            assert row.id is not None
            return Source(
                row.id, annotation_id, row.url, row.title, row.relation, row.note, row.added_at
            )

    def update_source(self, source_id: int, source: SourceInput) -> Source:
        clean = _validate_source(source)
        with self._write() as s, s.begin():
            row = s.get(SourceRow, source_id)
            if row is None:
                raise NotFound(f"no source with id {source_id}")
            self._touch(s, row.annotation_id)
            row.url, row.relation, row.title, row.note = (
                clean.url,
                clean.relation,
                clean.title,
                clean.note,
            )
            s.add(row)
            return Source(
                source_id,
                row.annotation_id,
                row.url,
                row.title,
                row.relation,
                row.note,
                row.added_at,
            )

    def delete_source(self, source_id: int) -> Source:
        with self._write() as s, s.begin():
            row = s.get(SourceRow, source_id)
            if row is None:
                raise NotFound(f"no source with id {source_id}")
            self._touch(s, row.annotation_id)
            snapshot = Source(
                source_id,
                row.annotation_id,
                row.url,
                row.title,
                row.relation,
                row.note,
                row.added_at,
            )
            s.delete(row)
            return snapshot

    # ------------------------------------------------------------------ export

    def iter_export_rows(
        self, brief_ids: Sequence[int] | None = None, tag: str | None = None
    ) -> ExportRows:
        """Stream annotations (ordered by brief, start, end, id) with Core statements.

        Tags and sources of the selected annotations are read first (two queries), then the
        annotations are streamed, so memory stays flat in the annotation text. Nothing is read
        before the first row is wanted.
        """
        return ExportRows(lambda as_tuples: self._export_stream(brief_ids, tag, as_tuples))

    def _export_stream(
        self, brief_ids: Sequence[int] | None, tag: str | None, as_tuples: bool
    ) -> Iterator[Any]:
        """ExportRow objects, or with ``as_tuples`` :data:`ExportTuple` values."""
        a, b = AnnotationRow.__table__, BriefRow.__table__  # type: ignore[attr-defined]
        at, t, src = AnnotationTagRow.__table__, TagRow.__table__, SourceRow.__table__  # type: ignore[attr-defined]
        conditions = []
        if brief_ids:
            conditions.append(a.c.brief_id.in_(list(brief_ids)))
        if tag is not None:
            wanted = normalise_tag(tag)
            conditions.append(
                a.c.id.in_(
                    select(at.c.annotation_id)
                    .join(t, t.c.id == at.c.tag_id)
                    .where(t.c.name == wanted)
                )
            )
        selected = select(a.c.id).where(*conditions)
        # Unfiltered, every tag link and source belongs to an exported annotation: no IN needed.
        tag_filter = [at.c.annotation_id.in_(selected)] if conditions else []
        source_filter = [src.c.annotation_id.in_(selected)] if conditions else []
        with self._read() as s:
            conn = s.connection()
            # Names by id rather than by a join: each name is decoded once, not once per link.
            tag_name = {tag_id: name for tag_id, name in conn.execute(select(t.c.id, t.c.name))}
            tag_lists: dict[int, list[str]] = {}
            for ann_id, tag_id in conn.execute(
                select(at.c.annotation_id, at.c.tag_id).where(*tag_filter)
            ):
                name = tag_name.get(tag_id)
                if name is not None:  # as the join would, skip a link to a missing tag
                    tag_lists.setdefault(ann_id, []).append(name)
            tags = {ann_id: tuple(sorted(names)) for ann_id, names in tag_lists.items()}
            source_lists: dict[int, list[tuple[str, str, str]]] = {}
            for ann_id, relation, url, title in conn.execute(
                select(src.c.annotation_id, src.c.relation, src.c.url, src.c.title)
                .where(*source_filter)
                .order_by(src.c.annotation_id, src.c.id)
            ):
                source_lists.setdefault(ann_id, []).append((relation, url, title))
            sources = {ann_id: tuple(found) for ann_id, found in source_lists.items()}
            created_at, updated_at = a.c.created_at, a.c.updated_at
            if as_tuples:
                # The stored values, for _export_timestamp: no datetime is built.
                created_at = type_coerce(created_at, String)
                updated_at = type_coerce(updated_at, String)
            stmt = (
                select(
                    a.c.id,
                    a.c.uuid,
                    a.c.brief_id,
                    b.c.title,
                    b.c.source,
                    a.c.kind,
                    a.c.quote,
                    a.c.start,
                    a.c.end,
                    a.c.prefix,
                    a.c.suffix,
                    a.c.note,
                    a.c.color,
                    a.c.claimant,
                    a.c.claim_type,
                    a.c.claim_status,
                    created_at,
                    updated_at,
                )
                .join(b, b.c.id == a.c.brief_id)
                .where(*conditions)
                .order_by(a.c.brief_id, a.c.start, a.c.end, a.c.id)
            )
            # sqlite3 already steps the statement only as rows are fetched; SQLAlchemy's
            # yield_per buffering on top of it costs a fifth of the export's read time.
            streaming = (
                {} if is_sqlite(self.engine) else {"stream_results": True, "yield_per": 2000}
            )
            result = conn.execution_options(**streaming).execute(stmt)
            no_tags: tuple[str, ...] = ()
            no_sources: tuple[tuple[str, str, str], ...] = ()
            if as_tuples:
                iso = _export_timestamp
                for (
                    ann_id,
                    uuid,
                    brief_id,
                    title,
                    source,
                    kind,
                    quote,
                    start,
                    end,
                    prefix,
                    suffix,
                    note,
                    color,
                    claimant,
                    claim_type,
                    claim_status,
                    created,
                    updated,
                ) in result:
                    created_iso = iso(created)
                    yield (
                        ann_id,
                        uuid,
                        brief_id,
                        title,
                        source,
                        kind,
                        quote,
                        start,
                        end,
                        prefix,
                        suffix,
                        note,
                        tags.get(ann_id, no_tags),
                        color,
                        claimant,
                        claim_type,
                        claim_status,
                        sources.get(ann_id, no_sources),
                        created_iso,
                        created_iso if updated == created else iso(updated),
                    )
                return
            for r in result:
                yield ExportRow(
                    annotation_id=r[0],
                    uuid=r[1],
                    brief_id=r[2],
                    brief_title=r[3],
                    brief_source=r[4],
                    kind=r[5],
                    quote=r[6],
                    start=r[7],
                    end=r[8],
                    prefix=r[9],
                    suffix=r[10],
                    note=r[11],
                    tags=tags.get(r[0], no_tags),
                    color=r[12],
                    claimant=r[13],
                    claim_type=r[14],
                    claim_status=r[15],
                    sources=sources.get(r[0], no_sources),
                    created_at=r[16],
                    updated_at=r[17],
                )


__all__ = [
    "Annotation",
    "Brief",
    "BriefSummary",
    "Conflict",
    "ExportRow",
    "ExportRows",
    "ExportTuple",
    "ImportResult",
    "InvalidValue",
    "NewAnnotation",
    "NewBrief",
    "NotFound",
    "Source",
    "SourceInput",
    "Store",
    "StoreError",
    "Tag",
]
