"""The claims desk without a screen (briefreader.reading.desk, desk_filter), on a real SQLite
store: what the view holds and in which order, the filter language over claims, the triage
queue, the counts, and the commands a desk key runs (saved, kept in the history, undone)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from briefreader.reading.desk import DeskClaims, DeskCommands
from briefreader.reading.outcomes import Done, Nothing, Operation, Outcome
from briefreader.store.api import Annotation, NewAnnotation, SourceInput, Store
from briefreader.store.search_query import SearchQueryError
from tests.tui.helpers import store_with_example

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store, _, _ = store_with_example(tmp_path)
    yield store
    store.close()


def claims_in(store: Store) -> tuple[list[Annotation], dict[int, str]]:
    titles = {b.id: b.title for b in store.list_briefs()}
    return store.export_annotations(kind="claim"), titles


def make(store: Store, n: int, **fields: Any) -> Annotation:
    """A claim made on day ``n`` (the queue takes the oldest first)."""
    brief = store.list_briefs()[0]
    start = 10 + n * 30
    new = NewAnnotation(
        start, start + 20, kind="claim", created_at=T0 + timedelta(days=n), **fields
    )
    return store.create_annotation(brief.id, new)


def desk_of(store: Store) -> DeskClaims:
    desk = DeskClaims()
    desk.reset(*claims_in(store))
    return desk


def run(commands: DeskCommands, step: Operation | Outcome) -> Outcome:
    return commands.session.run(step) if isinstance(step, Operation) else step


def test_the_view_is_every_claim_sorted_by_any_column_and_back(store: Store) -> None:
    a = make(store, 0, claimant="Zed", claim_status="refuted")
    b = make(store, 1, claimant="amy")
    c = make(store, 2)
    store.create_annotation(store.list_briefs()[0].id, NewAnnotation(500, 520))  # a highlight
    desk = desk_of(store)
    # The queue's order first: no verdict before a verdict, then the oldest.
    assert [x.id for x in desk.view] == [b.id, c.id, a.id]
    desk.set_sort("claimant")
    assert [x.id for x in desk.view] == [b.id, a.id, c.id]  # any case; none last
    desk.set_sort("claimant")
    assert [x.id for x in desk.view] == [a.id, b.id, c.id]  # reversed; none still last
    desk.set_sort("verdict", descending=False)
    assert [x.id for x in desk.view][-1] == a.id
    with pytest.raises(ValueError, match="no column"):
        desk.set_sort("colour")


def test_the_filter_speaks_the_search_language(store: Store) -> None:
    a = make(store, 0, claimant="Ministry of Energy", claim_status="refuted", tags=("energy",))
    b = make(store, 1, claimant="Foreign Office", sources=(SourceInput("https://e.org/1"),))
    c = make(store, 2, claimant="ministry of finance")
    store.update_annotation(c.id, check_status="not-checkable")
    desk = desk_of(store)

    def shown(query: str) -> set[int]:
        desk.set_filter(query)
        return {x.id for x in desk.view}

    assert shown("verdict:refuted") == {a.id}
    assert shown("status:refuted") == {a.id}  # a verdict given to status: as search takes it
    assert shown("status:to-check") == {b.id}  # a verdict given marks it checked
    assert shown("status:not-checkable") == {c.id}
    assert shown('claimant:"ministry of"') == {a.id, c.id}
    assert shown("has:source") == {b.id}
    assert shown("tag:energy") == {a.id}
    assert shown("claimant:ministry -energy") == {c.id}  # a word left out
    assert shown("-energy") == {b.id, c.id}  # only words left out: a filter, not a search
    assert shown("energy") == {a.id}  # a word: claimant, tags, note, text
    assert shown("finance OR foreign") == {b.id, c.id}
    assert shown(f"brief:{a.brief_id}") == {a.id, b.id, c.id}
    assert shown("brief:nowhere") == set()
    desk.set_filter("verdict:refuted")
    with pytest.raises(SearchQueryError, match="verdict:nonsense"):
        desk.set_filter("verdict:nonsense")
    assert desk.query == "verdict:refuted" and [x.id for x in desk.view] == [a.id]
    with pytest.raises(SearchQueryError, match="claims only"):
        desk.set_filter("kind:note")


def test_counts_follow_the_rows_as_they_change(store: Store) -> None:
    a = make(store, 0)
    make(store, 1, claim_status="supported")
    desk = desk_of(store)
    commands = DeskCommands(lambda: store, desk)
    statuses, verdicts = desk.counts()
    assert (statuses["to-check"], statuses["checked"], verdicts["supported"]) == (1, 1, 1)
    done = run(commands, commands.verdict(a, "disputed"))
    assert isinstance(done, Done)
    statuses, verdicts = desk.counts()
    assert (statuses["to-check"], statuses["checked"], verdicts["disputed"]) == (0, 2, 1)
    assert desk.pending() == 0
    assert desk.row_of(a.id) == 0  # the row stays where it was until the view is sorted again


def test_the_queue_walks_what_is_left_to_check_skipping_and_coming_round(store: Store) -> None:
    a, b, c = make(store, 0), make(store, 1), make(store, 2)
    d = make(store, 3, claim_status="supported")  # checked: never in the queue
    desk = desk_of(store)
    assert desk.next_pending(None) == a
    assert desk.next_pending(a.id) == b
    assert desk.next_pending(c.id) == a  # round to the start
    assert desk.next_pending(a.id, skipped=[b.id]) == c
    assert desk.next_pending(a.id, skipped=[a.id, b.id, c.id]) is None
    assert desk.next_pending(d.id) == a
    desk.set_sort("claimant", descending=True)
    assert desk.next_pending(None, order="table") == desk.view[0]


def test_commands_save_check_and_undo_every_change(store: Store) -> None:
    a = make(store, 0, claimant="X")
    desk = desk_of(store)
    commands = DeskCommands(lambda: store, desk)

    def now() -> Annotation:
        return desk.by_id[a.id]

    assert isinstance(run(commands, commands.verdict(now(), "refuted")), Done)
    check = now().check
    assert check is not None and check.status == "checked" and check.checked_by == store.user
    assert isinstance(run(commands, commands.verdict(now(), "refuted")), Nothing)
    run(commands, commands.rationale(now(), "  the figure is from 2019 \n"))
    check = now().check
    assert check is not None and check.rationale == "the figure is from 2019"
    run(commands, commands.conclusion(now(), "Mostly false"))
    run(commands, commands.add_source(now(), SourceInput("https://e.org/x", "refutes")))
    when = datetime(2026, 12, 1, tzinfo=UTC)
    run(commands, commands.contacted(now(), "no reply", when))
    check = now().check
    assert check is not None and check.contacted_at == when
    run(commands, commands.verdict(now(), "unverified"))  # back to check
    check = now().check
    assert now().claim_status == "unverified" and check is not None and check.status == "to-check"
    history = store.claim_history(a.id)
    assert [e.field for e in history].count("claim_status") == 2
    assert store.get_annotation(a.id) == now()  # what the desk holds is what is stored
    while not isinstance(step := commands.undo(), Nothing):
        assert isinstance(run(commands, step), Done)
    back = store.get_annotation(a.id)
    assert back.claim_status == "unverified" and back.sources == ()
    assert back.check is not None and back.check.rationale == "" and back.check.contacted_at is None
    assert desk.by_id[a.id] == back


def test_a_claim_changed_elsewhere_is_a_conflict_not_an_overwrite(store: Store) -> None:
    a = make(store, 0)
    desk = desk_of(store)
    commands = DeskCommands(lambda: store, desk)
    store.update_annotation(a.id, claim_status="disputed")  # another window, behind the desk
    outcome = run(commands, commands.verdict(desk.by_id[a.id], "supported"))
    assert type(outcome).__name__ == "Conflicted"
    assert store.get_annotation(a.id).claim_status == "disputed"
    assert desk.by_id[a.id].claim_status == "disputed"  # the desk shows theirs meanwhile


def test_the_fingerprint_matches_the_stores_after_the_desks_own_saves(store: Store) -> None:
    from briefreader.store.watch import claims_fingerprint

    a = make(store, 0)
    make(store, 1)
    desk = desk_of(store)
    assert claims_fingerprint(store)[:3] == desk.fingerprint()
    commands = DeskCommands(lambda: store, desk)
    run(commands, commands.verdict(a, "refuted"))
    assert claims_fingerprint(store)[:3] == desk.fingerprint()
    store.update_annotation(a.id, note="elsewhere")
    assert claims_fingerprint(store)[:3] != desk.fingerprint()


def test_brief_digits_are_an_id_and_only_an_id(store: Store) -> None:
    a = make(store, 0)
    titles = {a.brief_id: f"The {a.brief_id}0 report"}  # digits in a title too
    desk = DeskClaims()
    desk.reset([store.get_annotation(a.id)], titles)
    desk.set_filter(f"brief:{a.brief_id}0")
    assert desk.view == []
    desk.set_filter(f"brief:{a.brief_id}")
    assert [c.id for c in desk.view] == [a.id]
    desk.set_filter("brief:report")
    assert [c.id for c in desk.view] == [a.id]


def test_read_again_the_rows_keep_their_places(store: Store) -> None:
    a, b, c = make(store, 0), make(store, 1), make(store, 2)
    desk = desk_of(store)
    assert [x.id for x in desk.view] == [a.id, b.id, c.id]
    store.update_annotation(b.id, claim_status="refuted")  # elsewhere: moves it in the queue
    d = make(store, 3)
    desk.reset(*claims_in(store), keep_order=True)
    assert [x.id for x in desk.view] == [a.id, b.id, c.id, d.id]
    assert desk.view[1].claim_status == "refuted"
    desk.reset(*claims_in(store))  # a fresh read sorts
    assert [x.id for x in desk.view] == [a.id, c.id, d.id, b.id]


def test_the_command_lines_claimant_becomes_the_desks_filter(store: Store) -> None:
    import argparse

    from briefreader.cli.claims import desk_query

    a = make(store, 0, claimant='The "Quoted" Ministry')
    make(store, 1, claimant="Another")
    for given in ('"Quoted" Ministry', "“Quoted”", "quoted"):
        args = argparse.Namespace(
            status=[], verdict=[], tag=[], brief=[], claimant=given, has_source=False
        )
        desk = desk_of(store)
        desk.set_filter(desk_query(store, args))
        assert [c.id for c in desk.view] == [a.id], given


def test_a_sort_after_a_change_filters_again_and_one_without_keeps_the_rows(
    store: Store,
) -> None:
    a = make(store, 0, claimant="Zed")
    b = make(store, 1, claimant="amy")
    desk = desk_of(store)
    commands = DeskCommands(lambda: store, desk)
    desk.set_filter("status:to-check")
    assert [c.id for c in desk.view] == [a.id, b.id]
    desk.set_sort("claimant")  # nothing changed: the same rows, in the new order
    assert [c.id for c in desk.view] == [b.id, a.id]
    assert desk.counts()[0]["to-check"] == 2
    assert isinstance(run(commands, commands.verdict(a, "disputed")), Done)
    assert a.id in [c.id for c in desk.view]  # stays on its row until the view is sorted
    desk.set_sort("claimant")  # a change since: the filter is applied again
    assert [c.id for c in desk.view] == [b.id]
    assert desk.counts()[0]["to-check"] == 1


def test_the_same_words_claimed_in_many_places_are_all_seen_before(store: Store) -> None:
    quote_of = store.get_brief(store.list_briefs()[0].id).text
    brief_id = store.list_briefs()[0].id
    start = quote_of.index("Putin")
    made = [
        store.create_annotation(
            brief_id, NewAnnotation(start, start + 60, kind="claim", created_at=T0)
        )
        for _ in range(4)
    ]
    desk = desk_of(store)
    seen = desk.seen_before(made[0], limit=10)
    assert sorted(c.id for c, _ in seen) == sorted(c.id for c in made[1:])
    assert {score for _, score in seen} == {100.0}


def test_seen_before_follows_claims_made_edited_and_deleted_as_a_full_comparison_does(
    store: Store,
) -> None:
    """``seen_before`` looks only at the claims with the same numbers (held by their numbers
    as claims change): it finds what comparing with every claim finds, after each change."""
    from dataclasses import replace

    from briefreader.finder.matching import prepare, same_claim

    text = store.get_brief(store.list_briefs()[0].id).text
    brief_id = store.list_briefs()[0].id
    visit = text.index("Relations saw only one major milestone")
    plain = text.index("Putin")

    def claim(start: int, length: int) -> Annotation:
        return store.create_annotation(
            brief_id, NewAnnotation(start, start + length, kind="claim", created_at=T0)
        )

    same = [claim(visit, 110) for _ in range(3)]  # "… in 1974, …": a number
    other = claim(plain, 60)  # no number
    desk = desk_of(store)

    def compared(one: Annotation) -> set[int]:
        words = prepare(one.quote)
        return {
            c.id
            for c in desk.by_id.values()
            if c.id != one.id and same_claim(words, prepare(c.quote)) is not None
        }

    def agree() -> None:
        for one in desk.by_id.values():
            assert {c.id for c, _ in desk.seen_before(one, limit=100)} == compared(one), one.id

    agree()
    assert {c.id for c, _ in desk.seen_before(same[0], limit=100)} == {same[1].id, same[2].id}
    # Its words and numbers changed: no longer the same claim; then the same as "other".
    desk.replace(same[2], edited := replace(same[2], quote=same[2].quote.replace("1974", "1975")))
    agree()
    assert edited.id not in {c.id for c, _ in desk.seen_before(same[0], limit=100)}
    desk.replace(edited, moved := replace(edited, quote=other.quote))
    agree()
    assert {c.id for c, _ in desk.seen_before(other, limit=100)} == {moved.id}
    desk.replace(same[1], None)  # deleted
    agree()
    assert not desk.seen_before(same[0], limit=100)
    desk.replace(None, same[1])  # back (undo)
    agree()
    desk.reset(*claims_in(store))  # read again: as the store holds them
    agree()
