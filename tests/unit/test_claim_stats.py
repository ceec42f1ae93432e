"""The claims desk's statistics (briefreader.reading.claim_stats) over claims made and checked
in a real SQLite store: by verdict, check status, type, claimant, brief and tag, the top rows
with the rest folded into "others", and the claims checked on each local day."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from briefreader.reading.claim_stats import MAX_DAYS, claim_stats
from briefreader.store.api import Annotation, NewAnnotation, NewBrief, Store

TEXT = "Russia is now the largest supplier of crude oil. Trade doubled since 2020. Fine."


def new_brief(store: Store, title: str) -> int:
    return store.import_brief(
        NewBrief(text=TEXT, title=title, content_hash=f"sha256:{title}", word_count=14)
    ).brief.id


def claim(store: Store, brief_id: int, **fields: object) -> Annotation:
    return store.create_annotation(brief_id, NewAnnotation(0, 48, kind="claim", **fields))  # type: ignore[arg-type]


def everything(store: Store) -> tuple[list[Annotation], dict[int, str]]:
    """Every annotation of the library as the desk reads it, and the briefs' titles."""
    briefs = store.list_briefs()
    found = [a for b in briefs for a in store.annotations_for_brief(b.id, which="all")]
    return found, {b.id: b.title for b in briefs}


def test_claims_are_counted_by_verdict_status_and_type_in_the_vocabulary_order(
    store: Store,
) -> None:
    brief = new_brief(store, "Oil")
    claim(store, brief, claim_status="refuted", claim_type="fact")
    claim(store, brief, claim_status="refuted", claim_type="prediction")
    claim(store, brief)  # no verdict, no type
    checking = claim(store, brief, claim_type="fact")
    store.update_annotation(checking.id, check_status="checking")
    store.create_annotation(brief, NewAnnotation(49, 73, kind="highlight"))
    store.create_annotation(brief, NewAnnotation(49, 73, kind="note", note="not a claim"))

    stats = claim_stats(*everything(store))

    assert stats.total == 4
    assert stats.by_verdict == (
        ("unverified", 2),
        ("supported", 0),
        ("disputed", 0),
        ("refuted", 2),
    )
    assert stats.by_status == (
        ("to-check", 1),
        ("checking", 1),
        ("checked", 2),  # given its verdict as it was made
        ("not-checkable", 0),
    )
    assert stats.by_type == (("fact", 2), ("opinion", 0), ("prediction", 1), ("untyped", 1))


def test_an_empty_library_has_zeros_in_every_fixed_series_and_nothing_else(store: Store) -> None:
    new_brief(store, "Oil")
    stats = claim_stats(*everything(store))
    assert stats.total == 0
    assert [n for _, n in stats.by_verdict + stats.by_status + stats.by_type] == [0] * 11
    assert [label for label, _ in stats.by_type] == ["fact", "opinion", "prediction"]
    assert stats.by_claimant == stats.by_brief == stats.by_tag == ()
    assert stats.per_day == () and stats.days_cut == 0


def test_claimants_are_grouped_whatever_the_case_under_their_most_common_spelling(
    store: Store,
) -> None:
    brief = new_brief(store, "Oil")
    for name in ("Imran Khan", "imran khan", "Imran Khan", "IMRAN  KHAN", "Dar", None, "  "):
        claim(store, brief, claimant=name)
    stats = claim_stats(*everything(store))
    assert stats.by_claimant == (("Imran Khan", 4), ("no claimant", 2), ("Dar", 1))


def test_briefs_are_shown_by_title_and_told_apart_when_titles_are_the_same(store: Store) -> None:
    oil, gas, other_oil = new_brief(store, "Oil"), new_brief(store, "Gas"), new_brief(store, "x")
    for brief, n in ((oil, 1), (gas, 3), (other_oil, 2)):
        for _ in range(n):
            claim(store, brief)
    claims, _ = everything(store)
    titles = {oil: "Oil", other_oil: "Oil"}  # gas's title unknown: shown by its id
    stats = claim_stats(claims, titles)
    assert stats.by_brief == (
        (f"brief {gas}", 3),
        (f"Oil (brief {other_oil})", 2),
        (f"Oil (brief {oil})", 1),
    )


def test_a_claim_counts_once_under_each_of_its_tags_or_under_no_tag(store: Store) -> None:
    brief = new_brief(store, "Oil")
    claim(store, brief, tags=("energy", "trade"))
    claim(store, brief, tags=("energy",))
    claim(store, brief)
    stats = claim_stats(*everything(store))
    assert stats.total == 3
    assert stats.by_tag == (("energy", 2), ("no tag", 1), ("trade", 1))


def test_only_the_top_rows_are_kept_and_the_rest_is_summed_into_others(store: Store) -> None:
    brief = new_brief(store, "Oil")
    for i, name in enumerate(("Ali", "Bina", "Chen", "Dara", "Eve")):
        for _ in range(5 - i):  # Ali 5, Bina 4, ... Eve 1
            claim(store, brief, claimant=name)
    claims, titles = everything(store)
    assert claim_stats(claims, titles, top=2).by_claimant == (
        ("Ali", 5),
        ("Bina", 4),
        ("others (3)", 6),
    )
    # One row left over is shown as itself, not as "others (1)".
    assert claim_stats(claims, titles, top=4).by_claimant[-1] == ("Eve", 1)
    assert len(claim_stats(claims, titles, top=4).by_claimant) == 5
    # Rows as large are in the order of their labels.
    claim(store, brief, claimant="aaron")
    claims, titles = everything(store)
    assert claim_stats(claims, titles, top=5).by_claimant[-2:] == (("aaron", 1), ("Eve", 1))
    with pytest.raises(ValueError, match="top"):
        claim_stats(claims, titles, top=0)


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, 1, hour, tzinfo=UTC) + timedelta(days=day)


def test_claims_checked_are_counted_on_each_day_in_the_given_zone_gaps_included(
    store: Store,
) -> None:
    brief = new_brief(store, "Oil")
    claim(store, brief, claim_status="supported", check_status="checked", checked_at=at(0))
    claim(store, brief, claim_status="refuted", check_status="checked", checked_at=at(0, 23))
    claim(store, brief, claim_status="refuted", check_status="checked", checked_at=at(3))
    claim(store, brief, claim_status="disputed", check_status="checked", checked_at=None)
    reopened = claim(store, brief, claim_status="refuted", check_status="checked", checked_at=at(1))
    store.update_annotation(reopened.id, check_status="checking")  # no longer checked
    claim(store, brief)  # to check
    claims, titles = everything(store)

    in_utc = claim_stats(claims, titles, tz=UTC)
    assert in_utc.per_day == (
        (date(2026, 3, 1), 2),
        (date(2026, 3, 2), 0),
        (date(2026, 3, 3), 0),
        (date(2026, 3, 4), 1),
    )
    assert in_utc.days_cut == 0
    # Two hours east of UTC, 23:00 on the 1st is already the 2nd.
    east = claim_stats(claims, titles, tz=timezone(timedelta(hours=2)))
    assert east.per_day[:2] == ((date(2026, 3, 1), 1), (date(2026, 3, 2), 1))


def test_a_claim_checked_now_counts_today(store: Store) -> None:
    brief = new_brief(store, "Oil")
    fresh = claim(store, brief)
    before = datetime.now().astimezone().date()
    store.update_annotation(fresh.id, check_status="checked", claim_status="supported")
    after = datetime.now().astimezone().date()  # (the same day unless it is midnight)
    stats = claim_stats(*everything(store))
    assert stats.per_day in (((before, 1),), ((after, 1),))


@pytest.fixture
def karachi_time() -> Iterator[None]:
    """The local zone is UTC+5 (a POSIX rule: no time zone database needed)."""
    import os

    old = os.environ.get("TZ")
    os.environ["TZ"] = "PKT-5"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.usefixtures("karachi_time")
def test_days_are_local_ones_by_default(store: Store) -> None:
    brief = new_brief(store, "Oil")
    claim(store, brief, claim_status="supported", check_status="checked", checked_at=at(0, 20))
    assert claim_stats(*everything(store)).per_day == ((date(2026, 3, 2), 1),)


def test_only_the_last_days_are_kept_and_the_days_left_out_are_counted(store: Store) -> None:
    brief = new_brief(store, "Oil")
    for day in (0, 39, 40, 99):
        claim(store, brief, claim_status="supported", check_status="checked", checked_at=at(day))
    stats = claim_stats(*everything(store), tz=UTC)
    assert MAX_DAYS == 60
    assert len(stats.per_day) == 60 and stats.days_cut == 40
    assert stats.per_day[0] == (at(40).date(), 1)
    assert stats.per_day[-1] == (at(99).date(), 1)
    assert sum(n for _, n in stats.per_day) == 2
