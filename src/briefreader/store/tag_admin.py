"""Looking after the tags themselves: every tag with how many annotations and briefs carry it,
and renaming, merging and deleting a tag everywhere — each undoable.

:meth:`TagAdminPart.rename_tag` renames a tag (its colour and quick key go with it); renaming
it to a tag that exists merges the two (the other tag's colour and quick key stay, this one's
annotations and briefs carry it instead). :meth:`TagAdminPart.remove_tag` deletes a tag from
every annotation and brief. Each returns a :class:`TagSnapshot` of what was there, which
:meth:`TagAdminPart.restore_tag` puts back exactly (the tag with its id, colour and quick key,
and its links) — undo. Every annotation whose tags change gets a new revision, so a reader or
desk showing it notices, and a save against the old version is a conflict, not an overwrite.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from briefreader.store.base import StorePart
from briefreader.store.errors import NotFound
from briefreader.store.models import (
    AnnotationRow,
    AnnotationTagRow,
    BriefRow,
    BriefTagRow,
    TagRow,
    utcnow,
)
from briefreader.store.records import Tag
from briefreader.text.validate import InvalidValue, normalise_tag


@dataclass(frozen=True)
class TagUsage:
    """A tag and how many annotations and briefs carry it."""

    tag: Tag
    annotations: int
    briefs: int


@dataclass(frozen=True)
class TagSnapshot:
    """What a rename, merge or delete changed, to put back (see the module docstring)."""

    #: The tag as it was.
    tag: Tag
    #: The annotations and briefs that carried it.
    annotation_ids: tuple[int, ...]
    brief_ids: tuple[int, ...]
    #: What it became: its new name (a rename), the tag it went into (a merge), or None (a
    #: delete); for a merge, the annotations and briefs that tag had already.
    into: str | None = None
    merged: bool = False
    into_annotation_ids: tuple[int, ...] = ()
    into_brief_ids: tuple[int, ...] = ()


def _tag(row: TagRow) -> Tag:
    return Tag(row.id or 0, row.name, row.color, row.quick_key)


class TagAdminPart(StorePart):
    """Tags in their own right (module docstring)."""

    def tag_usage(self) -> list[TagUsage]:
        """Every tag, by name, with how many annotations and briefs carry it."""
        with self.store._read() as s:
            on_annotations = dict(
                s.execute(
                    select(col(AnnotationTagRow.tag_id), func.count()).group_by(
                        col(AnnotationTagRow.tag_id)
                    )
                ).all()
            )
            on_briefs = dict(
                s.execute(
                    select(col(BriefTagRow.tag_id), func.count()).group_by(col(BriefTagRow.tag_id))
                ).all()
            )
            rows = s.execute(select(TagRow).order_by(col(TagRow.name))).scalars()
            return [
                TagUsage(
                    _tag(r), int(on_annotations.get(r.id or 0, 0)), int(on_briefs.get(r.id or 0, 0))
                )
                for r in rows
            ]

    def tags_by_use(self) -> list[str]:
        """Every tag's name, the most used first (annotations and briefs carrying it), then by
        name: what completion offers first; a tag nobody uses comes last."""
        used = self.tag_usage()
        used.sort(key=lambda u: (-(u.annotations + u.briefs), u.tag.name))
        return [u.tag.name for u in used]

    def _row(self, s: Session, name: str) -> TagRow:
        row = s.execute(select(TagRow).where(col(TagRow.name) == name)).scalar_one_or_none()
        if row is None:
            raise NotFound(f"no tag {name!r}")
        return row

    @staticmethod
    def _links(s: Session, tag_id: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        annotations = s.execute(
            select(col(AnnotationTagRow.annotation_id)).where(
                col(AnnotationTagRow.tag_id) == tag_id
            )
        ).scalars()
        briefs = s.execute(
            select(col(BriefTagRow.brief_id)).where(col(BriefTagRow.tag_id) == tag_id)
        ).scalars()
        return tuple(sorted(annotations)), tuple(sorted(briefs))

    @staticmethod
    def _touch(s: Session, annotation_ids: Iterable[int]) -> None:
        ids = list(annotation_ids)
        if ids:
            s.execute(
                update(AnnotationRow)
                .where(col(AnnotationRow.id).in_(ids))
                .values(updated_at=utcnow(), revision=col(AnnotationRow.revision) + 1)
            )

    def rename_tag(self, old: str, new: str) -> TagSnapshot:
        """Rename tag ``old`` to ``new`` everywhere; into a tag that exists: a merge."""
        old_name, new_name = normalise_tag(old), normalise_tag(new)
        if old_name == new_name:
            raise InvalidValue(f"the tag is called {new_name!r} already")
        with self.store._transaction() as s:
            row = self._row(s, old_name)
            assert row.id is not None
            annotations, briefs = self._links(s, row.id)
            before = _tag(row)
            target = s.execute(
                select(TagRow).where(col(TagRow.name) == new_name)
            ).scalar_one_or_none()
            if target is None:
                row.name = new_name
                s.add(row)
                self._touch(s, annotations)
                return TagSnapshot(before, annotations, briefs, into=new_name)
            assert target.id is not None
            had_annotations, had_briefs = self._links(s, target.id)
            a, b = AnnotationTagRow.__table__, BriefTagRow.__table__  # type: ignore[attr-defined]
            moved_annotations = [i for i in annotations if i not in set(had_annotations)]
            moved_briefs = [i for i in briefs if i not in set(had_briefs)]
            if moved_annotations:
                s.execute(
                    insert(a),
                    [{"annotation_id": i, "tag_id": target.id} for i in moved_annotations],
                )
            if moved_briefs:
                s.execute(insert(b), [{"brief_id": i, "tag_id": target.id} for i in moved_briefs])
            s.execute(delete(a).where(a.c.tag_id == row.id))
            s.execute(delete(b).where(b.c.tag_id == row.id))
            s.execute(delete(TagRow.__table__).where(TagRow.__table__.c.id == row.id))  # type: ignore[attr-defined]
            self._touch(s, annotations)
            return TagSnapshot(
                before, annotations, briefs, new_name, True, had_annotations, had_briefs
            )

    def remove_tag(self, name: str) -> TagSnapshot:
        """Delete a tag from every annotation and brief (what :meth:`restore_tag` undoes)."""
        tag_name = normalise_tag(name)
        with self.store._transaction() as s:
            row = self._row(s, tag_name)
            assert row.id is not None
            annotations, briefs = self._links(s, row.id)
            before = _tag(row)
            s.execute(delete(AnnotationTagRow).where(col(AnnotationTagRow.tag_id) == row.id))
            s.execute(delete(BriefTagRow).where(col(BriefTagRow.tag_id) == row.id))
            s.execute(delete(TagRow).where(col(TagRow.id) == row.id))
            self._touch(s, annotations)
            return TagSnapshot(before, annotations, briefs)

    def restore_tag(self, snapshot: TagSnapshot) -> Tag:
        """Put back what a rename, merge or delete changed (undo); annotations and briefs
        deleted since are left out."""
        tag = snapshot.tag
        with self.store._transaction() as s:
            a, b = AnnotationTagRow.__table__, BriefTagRow.__table__  # type: ignore[attr-defined]
            t = TagRow.__table__  # type: ignore[attr-defined]
            if snapshot.into is not None and not snapshot.merged:
                renamed = s.execute(
                    select(TagRow).where(col(TagRow.id) == tag.id)
                ).scalar_one_or_none()
                if renamed is None:
                    raise NotFound(f"the tag {snapshot.into!r} was deleted since")
                if s.execute(
                    select(col(TagRow.id)).where(
                        col(TagRow.name) == tag.name, col(TagRow.id) != tag.id
                    )
                ).first():
                    raise InvalidValue(f"a tag {tag.name!r} was made since: rename it first")
                renamed.name = tag.name
                s.add(renamed)
                self._touch(s, snapshot.annotation_ids)
                return _tag(renamed)
            if s.execute(select(col(TagRow.id)).where(col(TagRow.name) == tag.name)).first():
                raise InvalidValue(f"a tag {tag.name!r} was made since: rename it first")
            free_key = tag.quick_key
            if (
                free_key is not None
                and s.execute(
                    select(col(TagRow.id)).where(col(TagRow.quick_key) == free_key)
                ).first()
            ):
                free_key = None  # the key went to another tag meanwhile: it stays there
            taken = s.get(TagRow, tag.id) is not None
            values = {"name": tag.name, "color": tag.color, "quick_key": free_key}
            if not taken:
                values["id"] = tag.id
            tag_id = s.execute(insert(t).values(**values).returning(t.c.id)).scalar_one()
            live_annotations = set(
                s.execute(
                    select(col(AnnotationRow.id)).where(
                        col(AnnotationRow.id).in_(snapshot.annotation_ids)
                    )
                ).scalars()
            )
            annotations = [i for i in snapshot.annotation_ids if i in live_annotations]
            live_briefs = set(
                s.execute(
                    select(col(BriefRow.id)).where(col(BriefRow.id).in_(snapshot.brief_ids))
                ).scalars()
            )
            briefs = [i for i in snapshot.brief_ids if i in live_briefs]
            if annotations:
                s.execute(insert(a), [{"annotation_id": i, "tag_id": tag_id} for i in annotations])
            if briefs:
                s.execute(insert(b), [{"brief_id": i, "tag_id": tag_id} for i in briefs])
            if snapshot.merged and snapshot.into is not None:
                # Out of the tag it went into, where it was not before the merge.
                into = s.execute(
                    select(TagRow).where(col(TagRow.name) == snapshot.into)
                ).scalar_one_or_none()
                if into is not None:
                    kept_a = set(snapshot.into_annotation_ids)
                    kept_b = set(snapshot.into_brief_ids)
                    s.execute(
                        delete(a).where(
                            a.c.tag_id == into.id,
                            a.c.annotation_id.in_([i for i in annotations if i not in kept_a]),
                        )
                    )
                    s.execute(
                        delete(b).where(
                            b.c.tag_id == into.id,
                            b.c.brief_id.in_([i for i in briefs if i not in kept_b]),
                        )
                    )
            self._touch(s, annotations)
            return Tag(tag_id, tag.name, tag.color, free_key)


__all__ = ["TagAdminPart", "TagSnapshot", "TagUsage"]
