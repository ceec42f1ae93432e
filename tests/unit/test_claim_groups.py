"""Claim groups (schema 7), on SQLite and PostgreSQL: claims confirmed to be the same claim
form one group (two groups joined become one), a claim taken out leaves the rest together, a
deleted claim is out of the group until undo brings it back, the first appearance is the claim
whose brief came first, and pairs said not to be the same are remembered; every older library
is upgraded to hold them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from briefreader.ingest.model import content_hash
from briefreader.store.api import InvalidValue, NewAnnotation, NewBrief, NotFound, Store
from briefreader.store.schema import CURRENT_VERSION
from tests.unit.test_store import library_at

pytestmark = pytest.mark.all_backends

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
BODY = "The pipeline will carry 40% of the country's gas by 2030, the minister said."


def brief(store: Store, n: int) -> int:
    body = f"Brief {n}. {BODY}"
    new = NewBrief(text=body, title=f"Brief {n}", content_hash=content_hash(body), word_count=16)
    brief_id = store.import_brief(new).brief.id
    with store.engine.begin() as conn:  # imported on day n
        conn.execute(
            text("UPDATE brief SET imported_at = :at WHERE id = :id"),
            {"at": (T0 + timedelta(days=n)).replace(tzinfo=None), "id": brief_id},
        )
    return brief_id


def claim(store: Store, brief_id: int, day: int = 0) -> int:
    new = NewAnnotation(9, 30, kind="claim", created_at=T0 + timedelta(days=day))
    return store.create_annotation(brief_id, new).id


def test_confirmed_claims_form_one_group_first_appearance_first(db_url: str) -> None:
    with Store.open(db_url) as store:
        late, early, third, fourth = (brief(store, n) for n in (5, 1, 3, 4))
        a = claim(store, late, day=6)
        b = claim(store, early, day=9)  # marked later, but its brief came first
        c = claim(store, third)
        d = claim(store, fourth)
        assert store.claim_groups() == {}
        group = store.join_claims(a, b)
        groups = store.claim_groups()
        assert set(groups) == {a, b}
        assert groups[a] is groups[b] and groups[a].id == group
        assert groups[a].claim_ids == (b, a)  # b's brief was imported first
        assert groups[a].first.brief_id == early
        assert groups[a].first.added_by == store.user
        # Joining again changes nothing; a third joins the same group.
        assert store.join_claims(b, a) == group
        assert store.join_claims(c, a) == group
        assert store.claim_groups()[c].claim_ids == (b, c, a)
        # Two groups said the same become one.
        e = claim(store, brief(store, 0))
        store.join_claims(d, e)
        merged = store.join_claims(d, a)
        after = store.claim_groups()
        assert {after[x].id for x in (a, b, c, d, e)} == {merged}
        assert after[a].claim_ids[0] == e  # brief 0: the first appearance now
        assert set(store.claim_groups([d])) == {a, b, c, d, e}
        with pytest.raises(InvalidValue):
            store.join_claims(a, a)
        with pytest.raises(NotFound):
            store.join_claims(a, 99_999)


def test_leaving_deleting_and_undo_keep_the_rest_of_the_group(db_url: str) -> None:
    with Store.open(db_url) as store:
        a, b, c = (claim(store, brief(store, n)) for n in range(3))
        store.join_claims(a, b)
        store.join_claims(b, c)
        store.leave_claim_group(c)
        assert set(store.claim_groups()) == {a, b}
        store.leave_claim_group(c)  # not in one: nothing
        # A deleted claim is out of its group; a group of one is no group.
        gone = store.delete_annotation(b)
        assert store.claim_groups() == {}
        store.restore_annotation(gone)  # undo brings it back in its group
        assert set(store.claim_groups()) == {a, b}
        store.leave_claim_group(a)  # the last two: the group is no more
        assert store.claim_groups() == {}
        with store.engine.connect() as conn:
            for table in ("claim_group", "claim_group_member"):
                left = conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                assert left == 0, table


def test_claims_said_not_the_same_are_remembered_until_joined(db_url: str) -> None:
    with Store.open(db_url) as store:
        a, b = (claim(store, brief(store, n)) for n in range(2))
        store.mark_not_same(b, a)
        store.mark_not_same(a, b)  # twice is once
        assert store.not_same_pairs() == {(a, b)}
        store.unmark_not_same(a, b)
        assert store.not_same_pairs() == frozenset()
        store.mark_not_same(a, b)
        store.join_claims(a, b)  # changed their mind: the same after all
        assert store.not_same_pairs() == frozenset()
        with pytest.raises(NotFound):
            store.mark_not_same(a, 99_999)


def test_a_highlight_cannot_join_a_group(db_url: str) -> None:
    with Store.open(db_url) as store:
        brief_id = brief(store, 0)
        a = claim(store, brief_id)
        highlight = store.create_annotation(brief_id, NewAnnotation(0, 5)).id
        with pytest.raises(NotFound, match="no claim"):
            store.join_claims(a, highlight)
        assert store.claim_groups() == {}


@pytest.mark.parametrize("version", [1, 4, 6])
def test_every_older_library_is_upgraded_to_hold_claim_groups(
    new_db_url: Callable[[str], str], version: int
) -> None:
    url = new_db_url(f"v{version}")
    library_at(url, version)
    with Store.open(url) as store:
        brief_id = store.list_briefs()[0].id
        one, other = (claim(store, brief_id, day) for day in (0, 1))
        store.join_claims(one, other)
        assert set(store.claim_groups()) == {one, other}
        with store.engine.connect() as conn:
            found = conn.execute(text("SELECT version FROM schema_version")).scalar_one()
        assert found >= 7 and found == CURRENT_VERSION


def test_the_state_of_the_groups_is_put_back_exactly(db_url: str) -> None:
    """Undo of a group change: a merge of two groups, and a pair said not the same, put back
    as they were (the merged-away group made again with its id)."""
    with Store.open(db_url) as store:
        a, b, c, d = (claim(store, brief(store, n)) for n in range(4))
        first = store.join_claims(a, b)
        second = store.join_claims(c, d)
        store.mark_not_same(a, c)
        before = store.group_state((a, c), ((a, c),))
        store.join_claims(a, c)  # one group of four; the pair no longer "not the same"
        assert len(store.claim_groups()[a].claim_ids) == 4
        assert store.not_same_pairs() == frozenset()
        store.restore_group_state(before)
        groups = store.claim_groups()
        assert (groups[a].id, set(groups[a].claim_ids)) == (first, {a, b})
        assert (groups[c].id, set(groups[c].claim_ids)) == (second, {c, d})
        assert store.not_same_pairs() == {(a, c)}


def test_the_desk_sees_every_group_change_made_elsewhere(db_url: str) -> None:
    """The desk's fingerprint changes with any group change, even one that leaves the counts
    as they were (out of a group and back in, one pair unmarked and another marked)."""
    from briefreader.store.watch import claims_fingerprint

    with Store.open(db_url) as store:
        a, b, c = (claim(store, brief(store, n)) for n in range(3))
        store.join_claims(a, b)
        store.join_claims(a, c)
        store.mark_not_same(a, b)  # (b is then said not the same, though grouped: allowed)
        seen = {claims_fingerprint(store)}
        store.leave_claim_group(c)
        store.join_claims(a, c)
        seen.add(claims_fingerprint(store))
        store.unmark_not_same(a, b)
        store.mark_not_same(b, c)
        seen.add(claims_fingerprint(store))
        assert len(seen) == 3


def test_a_claim_said_not_the_same_as_one_of_a_group_is_not_offered_to_the_group(
    db_url: str,
) -> None:
    from briefreader.reading.desk import DeskClaims

    with Store.open(db_url) as store:
        x, y, z = (claim(store, brief(store, n)) for n in range(3))
        store.mark_not_same(x, z)
        store.join_claims(x, y)
        desk = DeskClaims()
        desk.reset(
            store.export_annotations(kind="claim"),
            {b.id: b.title for b in store.list_briefs()},
            groups=(store.claim_groups(), store.not_same_pairs()),
        )
        held = desk.by_id
        assert desk.seen_before(held[y]) == []  # x in its group, z said not the same as x
        assert desk.seen_before(held[z]) == []  # y is the same claim as x
