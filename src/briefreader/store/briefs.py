"""The Store's methods on briefs: import, list, find, open, reading position, brief tags and
delete (:class:`BriefsPart`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, defer
from sqlmodel import col

from briefreader.ingest.model import content_hash
from briefreader.store.base import StorePart
from briefreader.store.errors import NotFound
from briefreader.store.inputs import _UNSET, NewBrief, clean_published
from briefreader.store.models import (
    AnnotationRow,
    AnnotationTagRow,
    BriefRow,
    BriefTagRow,
    BriefVersionRow,
    SourceRow,
    TagRow,
    utcnow,
)
from briefreader.store.records import Brief, BriefSummary, ImportResult
from briefreader.text.validate import (
    InvalidValue,
    normalise_source_url,
    normalise_tag,
    single_line,
    without_nul,
)


def clean_brief(new: NewBrief) -> NewBrief:
    """``new`` without NUL characters (PostgreSQL refuses them; both backends must hold the same
    text), its hash recomputed if the text changed. Ingest already does this for files."""
    if "\x00" not in new.text and "\x00" not in (new.source or ""):
        return new
    text = without_nul(new.text)
    return replace(
        new,
        text=text,
        content_hash=content_hash(text) if text != new.text else new.content_hash,
        source=without_nul(new.source) if new.source else new.source,
    )


def _web_address(value: str | None) -> str | None:
    """A brief's web address as kept (None when empty); an http(s) address only."""
    if value is None or not value.strip():
        return None
    url = normalise_source_url(value.strip())
    if not url.lower().startswith(("http://", "https://")):
        raise InvalidValue(f"{single_line(value)[:60]!r} is not a web address (https://…)")
    return url


def _brief_fields(row: BriefRow) -> dict[str, Any]:
    """The fields :class:`BriefSummary` and :class:`Brief` share, from a row."""
    assert row.id is not None
    return {
        "id": row.id,
        "title": row.title,
        "source": row.source,
        "author": row.author,
        "format": row.format,
        "content_hash": row.content_hash,
        "word_count": row.word_count,
        "imported_at": row.imported_at,
        "last_opened_at": row.last_opened_at,
        "reading_position": row.reading_position,
        "version": row.version,
        "source_path": row.source_path,
        "outlet": row.outlet,
        "published": row.published,
        "read_to": row.read_to,
        "view_top": row.view_top,
    }


def _summary(
    row: BriefRow,
    annotations: int = 0,
    claims: int = 0,
    tags: Sequence[str] = (),
    orphans: int = 0,
) -> BriefSummary:
    return BriefSummary(
        **_brief_fields(row),
        annotations=annotations,
        claims=claims,
        tags=tuple(tags),
        orphans=orphans,
    )


class BriefsPart(StorePart):
    """Briefs: each method is one transaction."""

    def import_brief(self, new: NewBrief) -> ImportResult:
        """Store a brief; the same content (hash) already stored is returned, not duplicated."""
        new = clean_brief(new)
        try:
            published = clean_published(new.published)
        except InvalidValue:
            published = None  # a date that is no date is dropped, not a reason to refuse it
        with self.store._transaction() as s:
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
                source_path=new.source_path,
                outlet=single_line(new.outlet or "") or None,
                published=published,
            )
            s.add(row)
            s.flush()
            return ImportResult(_summary(row), created=True)

    def _summaries(self, s: Session, rows: Sequence[BriefRow]) -> list[BriefSummary]:
        ids = [r.id for r in rows]
        if not ids:
            return []
        counts: dict[int, tuple[int, int, int]] = {}
        claim = func.sum(case((col(AnnotationRow.kind) == "claim", 1), else_=0))
        orphan = func.sum(case((col(AnnotationRow.orphan).is_(True), 1), else_=0))
        for brief_id, total, claims, orphans in s.execute(
            select(col(AnnotationRow.brief_id), func.count(), claim, orphan)
            .where(col(AnnotationRow.brief_id).in_(ids))
            .group_by(col(AnnotationRow.brief_id))
        ):
            counts[brief_id] = (total, int(claims or 0), int(orphans or 0))
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
            total, claims, orphans = counts.get(row.id, (0, 0, 0))
            result.append(_summary(row, total, claims, sorted(tags.get(row.id, ())), orphans))
        return result

    def list_briefs(self) -> list[BriefSummary]:
        """All briefs, most recently opened first, then most recently imported."""
        with self.store._read() as s:
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
        with self.store._read() as s:
            row = s.get(BriefRow, brief_id)
            if row is None:
                raise NotFound(f"no brief with id {brief_id}")
            tag_names = s.execute(
                select(col(TagRow.name))
                .join(BriefTagRow, col(BriefTagRow.tag_id) == TagRow.id)
                .where(col(BriefTagRow.brief_id) == brief_id)
                .order_by(col(TagRow.name))
            ).scalars()
            return Brief(
                **_brief_fields(row),
                text=row.text,
                tags=tuple(tag_names),
            )

    def text_around(self, brief_id: int, start: int, end: int, chars: int = 400) -> tuple[str, int]:
        """The brief's text from ``chars`` characters before ``start`` to ``chars`` after
        ``end``, and the offset it starts at: a claim in its context, read without the rest
        of a 5 MB brief."""
        first = max(0, start - chars)
        length = max(0, end - first) + chars
        with self.store._read() as s:
            excerpt = s.execute(
                select(func.substr(col(BriefRow.text), first + 1, length)).where(
                    col(BriefRow.id) == brief_id
                )
            ).scalar_one_or_none()
        if excerpt is None:
            raise NotFound(f"no brief with id {brief_id}")
        return excerpt, first

    def get_brief_summary(self, brief_id: int) -> BriefSummary:
        with self.store._read() as s:
            row = s.get(BriefRow, brief_id)
            if row is None:
                raise NotFound(f"no brief with id {brief_id}")
            return self._summaries(s, [row])[0]

    def find_briefs(self, ref: str) -> list[BriefSummary]:
        """Briefs matching ``ref``: an id, else a case-insensitive title substring."""
        ref = ref.strip()
        with self.store._read() as s:
            if ref.isdecimal():  # digits of any script ("１"), not "²" (int() refuses it)
                # An id beyond a 64-bit integer names no brief (and the database refuses it);
                # more than 19 digits is never one, and int() of 4,300 refuses to try.
                number = int(ref) if len(ref.lstrip("0")) <= 19 else None
                row = s.get(BriefRow, number) if number is not None and number < 2**63 else None
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

    def find_brief_by_hash(self, content_hash: str) -> BriefSummary | None:
        """The brief whose current text has this hash, if any."""
        with self.store._read() as s:
            row = s.execute(
                select(BriefRow)
                .options(defer(BriefRow.text))  # type: ignore[arg-type]
                .where(col(BriefRow.content_hash) == content_hash)
            ).scalar_one_or_none()
            return self._summaries(s, [row])[0] if row is not None else None

    def find_brief_by_source_path(self, path: str) -> BriefSummary | None:
        """The brief last imported from the file at ``path`` (absolute), if any."""
        with self.store._read() as s:
            row = s.execute(
                select(BriefRow)
                .options(defer(BriefRow.text))  # type: ignore[arg-type]
                .where(col(BriefRow.source_path) == path)
                .order_by(col(BriefRow.id).desc())
                .limit(1)
            ).scalar_one_or_none()
            return self._summaries(s, [row])[0] if row is not None else None

    def delete_brief(self, brief_id: int) -> int:
        """Delete a brief with its annotations, their tags and sources; return how many
        annotations went with it."""
        with self.store._transaction() as s:
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
            s.execute(delete(BriefVersionRow).where(col(BriefVersionRow.brief_id) == brief_id))
            s.execute(delete(BriefRow).where(col(BriefRow.id) == brief_id))
            return int(count)

    def mark_opened(self, brief_id: int) -> None:
        self._update_brief(brief_id, last_opened_at=utcnow())

    def set_reading_position(
        self, brief_id: int, position: int, view_top: int | None = None
    ) -> None:
        """Where the cursor is (and the offset at the top of the view, to show it as it was)."""
        values: dict[str, Any] = {"reading_position": max(0, position)}
        if view_top is not None:
            values["view_top"] = max(0, view_top)
        self._update_brief(brief_id, **values)

    def brief_tags(self, brief_id: int) -> tuple[str, ...]:
        """The brief's own tags (a summary's ``tags`` are its annotations' too)."""
        with self.store._read() as s:
            names = s.execute(
                select(col(TagRow.name))
                .join(BriefTagRow, col(BriefTagRow.tag_id) == TagRow.id)
                .where(col(BriefTagRow.brief_id) == brief_id)
                .order_by(col(TagRow.name))
            ).scalars()
            return tuple(names)

    def note_read_to(self, brief_id: int, offset: int) -> None:
        """The reader got as far as ``offset``: the furthest point read moves on (never back)."""
        with self.store._transaction() as s:
            s.execute(
                update(BriefRow)
                .where(col(BriefRow.id) == brief_id, col(BriefRow.read_to) < offset)
                .values(read_to=offset)
            )

    def update_brief_details(
        self,
        brief_id: int,
        *,
        title: Any = _UNSET,
        author: Any = _UNSET,
        outlet: Any = _UNSET,
        published: Any = _UNSET,
        url: Any = _UNSET,
        tags: Iterable[str] | None = None,
    ) -> BriefSummary:
        """Change what is known of a brief — its title, author, outlet, when it was published
        (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), its web address (``url``, the brief's
        ``source``: the exports' id for it) and its tags — in one transaction; an empty value
        clears it (a title cannot be empty). Raises ``InvalidValue`` (changing nothing) for a
        value that cannot be kept."""
        values: dict[str, Any] = {}
        if title is not _UNSET:
            values["title"] = single_line(title or "")
            if not values["title"]:
                raise InvalidValue("a brief needs a title: it cannot be empty")
        for name, value in (("author", author), ("outlet", outlet)):
            if value is not _UNSET:
                values[name] = single_line(value or "") or None
        if published is not _UNSET:
            values["published"] = clean_published(published)
        if url is not _UNSET:
            values["source"] = _web_address(url)
        clean_tags = None if tags is None else sorted({normalise_tag(t) for t in tags})
        with self.store._transaction() as s:
            row = s.get(BriefRow, brief_id)
            if row is None:
                raise NotFound(f"no brief with id {brief_id}")
            for name, value in values.items():
                setattr(row, name, value)
            if clean_tags is not None:
                tag_ids = self.store._tag_ids(s, clean_tags)
                s.execute(delete(BriefTagRow).where(col(BriefTagRow.brief_id) == brief_id))
                for tag_id in tag_ids.values():
                    s.add(BriefTagRow(brief_id=brief_id, tag_id=tag_id))
            s.flush()
            return self._summaries(s, [row])[0]

    def _update_brief(self, brief_id: int, **values: Any) -> None:
        with self.store._transaction() as s:
            result = s.execute(
                update(BriefRow).where(col(BriefRow.id) == brief_id).values(**values)
            )
            if cast("CursorResult[Any]", result).rowcount == 0:
                raise NotFound(f"no brief with id {brief_id}")

    def set_brief_tags(self, brief_id: int, names: Iterable[str]) -> tuple[str, ...]:
        normalised = sorted({normalise_tag(n) for n in names})
        with self.store._transaction() as s:
            if s.get(BriefRow, brief_id) is None:
                raise NotFound(f"no brief with id {brief_id}")
            tag_ids = self.store._tag_ids(s, normalised)
            s.execute(delete(BriefTagRow).where(col(BriefTagRow.brief_id) == brief_id))
            for tag_id in tag_ids.values():
                s.add(BriefTagRow(brief_id=brief_id, tag_id=tag_id))
        return tuple(normalised)
