"""Seen before (briefreader.finder.matching): the same claim in other words, other quotation
marks, another order, is found; a claim with other numbers, or a short claim inside a long one,
is not."""

from __future__ import annotations

import pytest

from briefreader.finder.matching import same_claim, seen_before

BASE = "Trade between Pakistan and Russia grew by 40% in 2023, the ministry said."


@pytest.mark.parametrize(
    "other",
    [
        BASE,
        "In 2023, trade between Russia and Pakistan grew by 40%, the ministry said.",
        "trade between pakistan and russia grew by 40% in 2023 the ministry said",
        "Trade between Pakistan and Russia grew by 40 percent in 2023, the ministry said.",
        "Trade between Pakistan and Russia grew by 40% in 2023, the ministry has said.",
    ],
)
def test_the_same_claim_in_other_words_is_found(other: str) -> None:
    assert same_claim(BASE, other) is not None


@pytest.mark.parametrize(
    "other",
    [
        "Trade between Pakistan and Russia grew by 14% in 2023, the ministry said.",
        "Trade between Pakistan and Russia grew by 40% in 2022, the ministry said.",
        "Trade between Pakistan and Russia grew by 40 in 2023, the ministry said.",
        "Trade between Pakistan and China grew by 40% in 2023, the ministry said and the "
        "central bank confirmed it in its quarterly report on the balance of payments.",
        "Pakistan's cricket team won 40% of its matches in 2023.",
        "",
    ],
)
def test_other_numbers_or_another_claim_is_not_the_same(other: str) -> None:
    assert same_claim(BASE, other) is None


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("He said “we have turned a new page”.", 'He said "We have turned a new page."'),
        ("Il a dit « nous avons tourné la page ».", "Il a dit „nous avons tourné la page“."),
        ("Er sagte: ‚Wir haben 3 Millionen.‘", "Er sagte: 'wir haben 3 Millionen'"),
    ],
)
def test_quotation_marks_of_any_language_do_not_matter(one: str, other: str) -> None:
    assert same_claim(one, other) is not None


def test_scales_belong_to_their_numbers() -> None:
    one = "Pakistan imports 3 million tonnes of oil a year."
    assert same_claim(one, "Pakistan imports 30 million tonnes of oil a year.") is None
    assert same_claim(one, "Pakistan imports 3 billion tonnes of oil a year.") is None
    assert same_claim(one, "Pakistan imports 3 million tonnes of oil each year.") is not None


def test_seen_before_lists_the_same_claims_most_alike_first() -> None:
    candidates = [
        ("a", "Trade between Pakistan and Russia grew by 40% in 2023."),
        ("b", BASE),
        ("c", "Trade between Pakistan and Russia grew by 14% in 2023, the ministry said."),
        ("d", "A sentence about something else entirely, 40% in 2023."),
    ]
    found = seen_before(BASE, candidates)
    assert [item for item, _ in found] == ["b", "a"]


@pytest.mark.parametrize(
    "other",
    [
        "Pakistan imports 3,000,000 tonnes of oil a year.",
        "Pakistan imports 3.000.000 tonnes of oil a year.",
        "Pakistan imports 3000000 tonnes of oil a year.",
        "Pakistan imports 3 mn tonnes of oil a year.",
    ],
)
def test_a_number_written_another_way_is_the_same_number(other: str) -> None:
    assert same_claim("Pakistan imports 3 million tonnes of oil a year.", other) is not None


def test_percent_and_decimals_written_other_ways() -> None:
    one = "Inflation fell to 2.5 per cent in May."
    assert same_claim(one, "Inflation fell to 2,5% in May.") is not None
    assert same_claim(one, "Inflation fell to 2.5 percent in May.") is not None
    assert same_claim(one, "Inflation fell to 25% in May.") is None
    assert (
        same_claim("Exports rose by 1.5 billion dollars.", "Exports rose by 1,500 million dollars.")
        is not None
    )
    assert (
        same_claim("Exports rose by 1.5 billion dollars.", "Exports rose by 15 billion dollars.")
        is None
    )
