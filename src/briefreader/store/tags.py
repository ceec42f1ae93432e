"""The Store's methods on tags themselves: list, count, create, colour and quick key, delete
(:class:`TagsPart`). Putting tags on briefs and annotations is in briefs.py and annotations.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain
from operator import attrgetter
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlmodel import col

from briefreader.store.base import StorePart
from briefreader.store.errors import NotFound
from briefreader.store.inputs import _UNSET
from briefreader.store.models import AnnotationRow, AnnotationTagRow, BriefTagRow, TagRow
from briefreader.store.records import Annotation, Tag
from briefreader.text.validate import InvalidValue, normalise_color, normalise_tag

_tags = attrgetter("tags")


def count_tags(annotations: Iterable[Annotation], tags: Iterable[Tag]) -> list[tuple[Tag, int]]:
    """What :meth:`TagsPart.tag_counts` answers for a brief, from its annotations (orphans
    included) and every tag, already in hand: a reader that has just read 100,000 annotations
    saves a query over all of them."""
    uses = Counter(chain.from_iterable(map(_tags, annotations)))  # (in C: 100,000 at once)
    counted = [(t, uses[t.name]) for t in tags if t.name in uses or t.quick_key is not None]
    return sorted(counted, key=lambda pair: pair[0].name)


class TagsPart(StorePart):
    """Tags: each method is one transaction."""

    def list_tags(self) -> list[Tag]:
        with self.store._read() as s:
            rows = s.execute(select(TagRow).order_by(col(TagRow.name))).scalars()
            return [Tag(r.id or 0, r.name, r.color, r.quick_key) for r in rows]

    def tag_counts(self, brief_id: int | None = None) -> list[tuple[Tag, int]]:
        """Every tag with the number of annotations carrying it (in one brief, or in all);
        tags with no annotations there are listed with 0 when they have a quick key."""
        with self.store._read() as s:
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
        with self.store._transaction() as s:
            tag_id = self.store._tag_ids(s, [normalised])[normalised]
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
        with self.store._transaction() as s:
            tag_id = self.store._tag_ids(s, [normalised])[normalised]
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
        with self.store._read() as s:
            row = s.execute(select(TagRow).where(col(TagRow.quick_key) == key)).scalar_one_or_none()
            return Tag(row.id or 0, row.name, row.color, row.quick_key) if row else None

    def delete_tag(self, name: str) -> int:
        """Delete a tag everywhere; return how many annotations carried it."""
        normalised = normalise_tag(name)
        with self.store._transaction() as s:
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
