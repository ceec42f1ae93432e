"""Claim groups (schema 7): claims the user confirmed to be the same claim, made in different
briefs — one claim group, with its appearances (each claim: its brief, when the brief came into
the library, when the claim was marked) and its first appearance; and the pairs the user said
are *not* the same claim, which the finder does not offer again.

A claim is in at most one group. Saying two claims are the same puts them in one group: a new
one, the group one of them is in, or — both in groups — the two groups made one. A claim taken
out of its group leaves the rest together (a group left with one claim is no more). Like a
claim's history, membership is kept when a claim is deleted, so undo brings it back in its
group; groups are read with their live claims only.

The first appearance is the claim whose brief was published first — when its publication date
is known, else the day it came into the library stands for it — then the claim marked first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update

from briefreader.store.base import StorePart
from briefreader.store.errors import NotFound
from briefreader.store.models import (
    AnnotationRow,
    BriefRow,
    ClaimGroupMemberRow,
    ClaimGroupRow,
    ClaimNotSameRow,
)
from briefreader.text.validate import InvalidValue


@dataclass(frozen=True, slots=True)
class Appearance:
    """A claim of a group, where it appears: its brief and when (see the module docstring)."""

    annotation_id: int
    brief_id: int
    #: When the brief came into the library, and when it was published (if known).
    brief_imported_at: datetime
    #: When the claim was marked.
    created_at: datetime
    #: When it joined the group, and who said it is the same claim.
    added_at: datetime
    added_by: str | None
    brief_published: str | None = None

    @property
    def when(self) -> str:
        """When it appeared, as far as is known: the day (or month, or year) its brief was
        published, else the day it came into the library (ISO, so they compare)."""
        return self.brief_published or self.brief_imported_at.date().isoformat()


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims confirmed to be one claim; ``appearances`` first-appearance first."""

    id: int
    appearances: tuple[Appearance, ...]

    @property
    def first(self) -> Appearance:
        return self.appearances[0]

    @property
    def claim_ids(self) -> tuple[int, ...]:
        return tuple(a.annotation_id for a in self.appearances)


def _pair(one: int, other: int) -> tuple[int, int]:
    if one == other:
        raise InvalidValue("a claim is always the same claim as itself")
    return (one, other) if one < other else (other, one)


@dataclass(frozen=True, slots=True)
class GroupState:
    """The claim groups as they were around some claims, to put back (undo): each claim's
    membership (group id, when added, by whom; None: in no group) and, for pairs of them,
    whether they were said not to be the same claim."""

    members: tuple[tuple[int, tuple[int, datetime, str | None] | None], ...]
    not_same: tuple[tuple[tuple[int, int], bool], ...] = ()


class ClaimGroupsPart(StorePart):
    """Claim groups and claims said not to be the same (module docstring)."""

    def group_state(
        self, claim_ids: Iterable[int], pairs: Iterable[tuple[int, int]] = ()
    ) -> GroupState:
        """How the groups stand for ``claim_ids`` and every claim in a group with one of them,
        and whether each of ``pairs`` is said not the same: what :meth:`restore_group_state`
        puts back."""
        m = ClaimGroupMemberRow.__table__  # type: ignore[attr-defined]
        n = ClaimNotSameRow.__table__  # type: ignore[attr-defined]
        wanted = set(claim_ids)
        with self.store._read() as s:
            groups = select(m.c.group_id).where(m.c.annotation_id.in_(wanted))
            rows = s.execute(
                select(m.c.annotation_id, m.c.group_id, m.c.added_at, m.c.added_by).where(
                    m.c.group_id.in_(groups)
                )
            ).all()
            members: dict[int, tuple[int, datetime, str | None] | None] = dict.fromkeys(wanted)
            for claim_id, group_id, added_at, added_by in rows:
                members[claim_id] = (group_id, added_at, added_by)
            marked = []
            for pair in pairs:
                first, second = _pair(*pair)
                found = s.execute(
                    select(n.c.first_id).where(n.c.first_id == first, n.c.second_id == second)
                ).first()
                marked.append(((first, second), found is not None))
        return GroupState(tuple(sorted(members.items())), tuple(marked))

    def restore_group_state(self, state: GroupState) -> None:
        """Put the groups back as ``state`` has them (undo of a group change): each claim in
        the group it was in (a group that was merged away is made again, with its id) or in
        none; a group left with one claim is no more."""
        m = ClaimGroupMemberRow.__table__  # type: ignore[attr-defined]
        g = ClaimGroupRow.__table__  # type: ignore[attr-defined]
        n = ClaimNotSameRow.__table__  # type: ignore[attr-defined]
        with self.store._transaction() as s:
            touched = set()
            ids = [claim_id for claim_id, _ in state.members]
            for (group_id,) in s.execute(select(m.c.group_id).where(m.c.annotation_id.in_(ids))):
                touched.add(group_id)
            s.execute(delete(m).where(m.c.annotation_id.in_(ids)))
            for claim_id, was in state.members:
                if was is None:
                    continue
                group_id, added_at, added_by = was
                touched.add(group_id)
                if s.get(ClaimGroupRow, group_id) is None:
                    s.execute(g.insert().values(id=group_id, created_by=self.store.user))
                s.execute(
                    m.insert().values(
                        annotation_id=claim_id,
                        group_id=group_id,
                        added_at=added_at,
                        added_by=added_by,
                    )
                )
            for (first, second), marked in state.not_same:
                s.execute(delete(n).where(n.c.first_id == first, n.c.second_id == second))
                if marked:
                    s.execute(
                        n.insert().values(
                            first_id=first, second_id=second, decided_by=self.store.user
                        )
                    )
            for group_id in touched:
                left = s.execute(
                    select(func.count()).select_from(m).where(m.c.group_id == group_id)
                ).scalar_one()
                if left < 2:
                    s.execute(delete(m).where(m.c.group_id == group_id))
                    s.execute(delete(g).where(g.c.id == group_id))

    def join_claims(self, one: int, other: int) -> int:
        """Say claims ``one`` and ``other`` are the same claim; return their group's id."""
        first, second = _pair(one, other)
        m = ClaimGroupMemberRow.__table__  # type: ignore[attr-defined]
        with self.store._transaction() as s:
            for claim_id in (one, other):
                row = s.get(AnnotationRow, claim_id)
                if row is None or row.kind != "claim":
                    raise NotFound(f"no claim with id {claim_id}")
            groups: dict[int, int] = dict(
                s.execute(
                    select(m.c.annotation_id, m.c.group_id).where(
                        m.c.annotation_id.in_((one, other))
                    )
                ).all()
            )
            target = groups.get(one) or groups.get(other)
            if target is None:
                group = ClaimGroupRow(created_by=self.store.user)
                s.add(group)
                s.flush()
                assert group.id is not None
                target = group.id
            gone = {g for g in groups.values() if g != target}
            if gone:  # both were in groups: one group now
                s.execute(update(m).where(m.c.group_id.in_(gone)).values(group_id=target))
                s.execute(
                    delete(ClaimGroupRow.__table__).where(  # type: ignore[attr-defined]
                        ClaimGroupRow.__table__.c.id.in_(gone)  # type: ignore[attr-defined]
                    )
                )
            for claim_id in (one, other):
                if claim_id not in groups:
                    s.add(
                        ClaimGroupMemberRow(
                            annotation_id=claim_id, group_id=target, added_by=self.store.user
                        )
                    )
            n = ClaimNotSameRow.__table__  # type: ignore[attr-defined]
            s.execute(delete(n).where(n.c.first_id == first, n.c.second_id == second))
            return target

    def leave_claim_group(self, claim_id: int) -> None:
        """Take the claim out of its group (nothing when it is in none); a group left with one
        claim is no more."""
        m = ClaimGroupMemberRow.__table__  # type: ignore[attr-defined]
        with self.store._transaction() as s:
            group_id = s.execute(
                select(m.c.group_id).where(m.c.annotation_id == claim_id)
            ).scalar_one_or_none()
            if group_id is None:
                return
            s.execute(delete(m).where(m.c.annotation_id == claim_id))
            left = s.execute(
                select(func.count()).select_from(m).where(m.c.group_id == group_id)
            ).scalar_one()
            if left < 2:
                s.execute(delete(m).where(m.c.group_id == group_id))
                s.execute(
                    delete(ClaimGroupRow.__table__).where(  # type: ignore[attr-defined]
                        ClaimGroupRow.__table__.c.id == group_id  # type: ignore[attr-defined]
                    )
                )

    def mark_not_same(self, one: int, other: int) -> None:
        """Say two claims are not the same claim (they are not offered as such again)."""
        first, second = _pair(one, other)
        with self.store._transaction() as s:
            for claim_id in (one, other):
                row = s.get(AnnotationRow, claim_id)
                if row is None or row.kind != "claim":
                    raise NotFound(f"no claim with id {claim_id}")
            if s.get(ClaimNotSameRow, (first, second)) is None:
                s.add(ClaimNotSameRow(first_id=first, second_id=second, decided_by=self.store.user))

    def unmark_not_same(self, one: int, other: int) -> None:
        first, second = _pair(one, other)
        n = ClaimNotSameRow.__table__  # type: ignore[attr-defined]
        with self.store._transaction() as s:
            s.execute(delete(n).where(n.c.first_id == first, n.c.second_id == second))

    def not_same_pairs(self) -> frozenset[tuple[int, int]]:
        """The pairs of claims said not to be the same, each (lower id, higher id)."""
        n = ClaimNotSameRow.__table__  # type: ignore[attr-defined]
        with self.store._read() as s:
            return frozenset((a, b) for a, b in s.execute(select(n.c.first_id, n.c.second_id)))

    def claim_groups(self, claim_ids: Iterable[int] | None = None) -> dict[int, ClaimGroup]:
        """Every group of two or more live claims, by each of its claims' ids (only the groups
        of ``claim_ids`` when given)."""
        m = ClaimGroupMemberRow.__table__  # type: ignore[attr-defined]
        a = AnnotationRow.__table__  # type: ignore[attr-defined]
        b = BriefRow.__table__  # type: ignore[attr-defined]
        query = (
            select(
                m.c.group_id,
                m.c.annotation_id,
                a.c.brief_id,
                b.c.imported_at,
                b.c.published,
                a.c.created_at,
                m.c.added_at,
                m.c.added_by,
            )
            .join(a, a.c.id == m.c.annotation_id)
            .join(b, b.c.id == a.c.brief_id)
            .where(a.c.kind == "claim")
        )
        if claim_ids is not None:
            wanted = list(claim_ids)
            inner = select(m.c.group_id).where(m.c.annotation_id.in_(wanted))
            query = query.where(m.c.group_id.in_(inner))
        found: dict[int, list[Appearance]] = {}
        with self.store._read() as s:
            for group_id, claim_id, brief_id, imported, published, created, added, by in s.execute(
                query
            ):
                found.setdefault(group_id, []).append(
                    Appearance(claim_id, brief_id, imported, created, added, by, published)
                )
        groups: dict[int, ClaimGroup] = {}
        for group_id, appearances in found.items():
            if len(appearances) < 2:
                continue
            appearances.sort(
                key=lambda x: (x.when, x.brief_imported_at, x.created_at, x.annotation_id)
            )
            group = ClaimGroup(group_id, tuple(appearances))
            for appearance in appearances:
                groups[appearance.annotation_id] = group
        return groups


__all__ = ["Appearance", "ClaimGroup", "ClaimGroupsPart", "GroupState"]
