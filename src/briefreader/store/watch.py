"""Noticing changes made elsewhere (the CLI, another window, a teammate on the same database):
cheap fingerprints of what a screen shows, compared by polling.

A fingerprint is a tuple of counts, highest ids and sums of revisions: any create, edit
(every edit bumps an annotation's revision) or delete changes it. The reader compares the
database's fingerprint of its brief with the one of what it shows (kept as it changes by
:meth:`briefreader.reading.shown.ShownAnnotations.fingerprint`),
so its own saves never look like someone else's; the library compares successive fingerprints
of the whole library. Both queries use the annotation table's brief index and aggregate in the
database: a few milliseconds with 100,000 annotations, on SQLite and PostgreSQL alike. The
claims desk compares the claims of the whole library (:func:`claims_fingerprint`) the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from briefreader.store.models import (
    AnnotationRow,
    BriefRow,
    ClaimGroupMemberRow,
    ClaimNotSameRow,
    DismissedSuggestionRow,
    TagRow,
)

if TYPE_CHECKING:
    from briefreader.store.api import Store

Fingerprint = tuple[int, ...]


def brief_fingerprint(store: Store, brief_id: int) -> Fingerprint:
    """(annotations, highest id, sum of revisions, brief version) of one brief, orphans
    included."""
    a = AnnotationRow
    with Session(store.engine) as s:
        count, top, revisions = s.execute(
            select(
                func.count(col(a.id)),
                func.coalesce(func.max(col(a.id)), 0),
                func.coalesce(func.sum(col(a.revision)), 0),
            ).where(col(a.brief_id) == brief_id)
        ).one()
        version = s.execute(
            select(col(BriefRow.version)).where(col(BriefRow.id) == brief_id)
        ).scalar_one_or_none()
    return (int(count or 0), int(top or 0), int(revisions or 0), int(version or 0))


def library_fingerprint(store: Store) -> Fingerprint:
    """Briefs (count, highest id, sum of versions, last opened), annotations (count, highest
    id, sum of revisions) and tags (count, highest id) of the whole library."""
    b, a, t = BriefRow, AnnotationRow, TagRow
    with Session(store.engine) as s:
        briefs = s.execute(
            select(
                func.count(col(b.id)),
                func.coalesce(func.max(col(b.id)), 0),
                func.coalesce(func.sum(col(b.version)), 0),
                func.max(col(b.last_opened_at)),
            )
        ).one()
        annotations = s.execute(
            select(
                func.count(col(a.id)),
                func.coalesce(func.max(col(a.id)), 0),
                func.coalesce(func.sum(col(a.revision)), 0),
            )
        ).one()
        tags = s.execute(select(func.count(col(t.id)), func.coalesce(func.max(col(t.id)), 0))).one()
    opened = briefs[3].timestamp() if briefs[3] is not None else 0
    return (
        int(briefs[0] or 0),
        int(briefs[1] or 0),
        int(briefs[2] or 0),
        int(opened * 1000),
        *(int(v or 0) for v in annotations),
        *(int(v or 0) for v in tags),
    )


def claims_fingerprint(store: Store) -> Fingerprint:
    """(claims, highest claim id, sum of their revisions, briefs, sum of brief versions, then
    the claim groups, the pairs said not the same, the briefs opened, all annotations and the
    suggestions dismissed) of the whole library: what the claims desk shows (a brief deleted or
    re-imported counts, a claim group made, joined, merged or left, and whatever changes which
    briefs are not read yet)."""
    a, b = AnnotationRow, BriefRow
    m, n = ClaimGroupMemberRow.__table__, ClaimNotSameRow.__table__  # type: ignore[attr-defined]
    d = DismissedSuggestionRow.__table__  # type: ignore[attr-defined]
    with Session(store.engine) as s:
        claims = s.execute(
            select(
                func.count(col(a.id)),
                func.coalesce(func.max(col(a.id)), 0),
                func.coalesce(func.sum(col(a.revision)), 0),
            ).where(col(a.kind) == "claim")
        ).one()
        briefs = s.execute(
            select(func.count(col(b.id)), func.coalesce(func.sum(col(b.version)), 0))
        ).one()
        # A group change: a claim in or out (the count, the last added), a merge (the ids).
        members, group_ids, last_added = s.execute(
            select(
                func.count(m.c.annotation_id),
                func.coalesce(func.sum(m.c.group_id), 0),
                func.max(m.c.added_at),
            )
        ).one()
        not_same, last_decided = s.execute(select(func.count(), func.max(n.c.decided_at))).one()
        # What makes a brief not read yet: opened, or anything marked in it; and dismissals.
        opened = s.execute(
            select(func.count(col(b.id))).where(col(b.last_opened_at).is_not(None))
        ).scalar_one()
        marked = s.execute(select(func.count(col(a.id)))).scalar_one()
        dismissed = s.execute(select(func.count()).select_from(d)).scalar_one()
    return (
        *(int(v or 0) for v in claims),
        *(int(v or 0) for v in briefs),
        int(members or 0),
        int(group_ids or 0),
        hash(str(last_added)),
        int(not_same or 0),
        hash(str(last_decided)),
        int(opened or 0),
        int(marked or 0),
        int(dismissed or 0),
    )
