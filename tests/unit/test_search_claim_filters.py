"""Searching claims the way the claims desk sorts them: ``verdict:``, ``status:`` (a verdict, or
where checking stands) and ``claimant:``, alone, together and with words and tags, on every
backend and on the substring fallback; a value they cannot use is one sentence for the user."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefreader.store import search
from briefreader.store.api import NewAnnotation, NewBrief, Store
from briefreader.store.search_query import SearchQueryError, parse_query
from tests.unit.test_search_faults import assert_plain_sentence

pytestmark = pytest.mark.all_backends

TEXT = (
    "The ministry said exports rose by a tenth. "
    "Analysts doubt the export figures. "
    "Rates will fall next year. "
    "Turnout was a record. "
    "The bank holds gold reserves. "
    "Prices doubled at the port. "
    "Wages tripled in the north. "
    "Fuel tax went up twice. "
    "Rents fell in the capital. "
    "A plain highlight about exports."
)


@pytest.fixture
def desk(store: Store) -> dict[str, int]:
    """A brief with claims at every stage of checking, by named claimants, and a highlight."""
    brief_id = store.import_brief(
        NewBrief(text=TEXT, title="Desk", content_hash="sha256:desk", word_count=60)
    ).brief.id

    def annotate(quote: str, kind: str = "claim", **fields: object) -> int:
        start = TEXT.index(quote)
        item = NewAnnotation(start, start + len(quote), kind=kind, **fields)  # type: ignore[arg-type]
        return store.create_annotation(brief_id, item).id

    ids = {
        "exports": annotate(
            "exports rose by a tenth",
            claimant="Ministry of Trade",
            claim_status="supported",
            tags=("economy",),
        ),
        "figures": annotate(
            "doubt the export figures",
            claimant="Analysts at ACME Bank",
            check_status="checking",
            tags=("economy",),
        ),
        "rates": annotate(
            "Rates will fall", claimant="Central Bank governor", check_status="not-checkable"
        ),
        "turnout": annotate("Turnout was a record", claimant="Electoral commission"),
        "reserves": annotate(
            "holds gold reserves", claimant="Opposition leader", claim_status="disputed"
        ),
        "percent": annotate("Prices doubled", claimant="Team 100% Ltd"),
        "almost_percent": annotate("Wages tripled", claimant="Team 100X Ltd"),
        "underscore": annotate("Fuel tax went up", claimant="a_b press"),
        "backslash": annotate("Rents fell", claimant="C:\\dir office"),
        "highlight": annotate("A plain highlight about exports", kind="highlight"),
    }
    # The premises the tests rest on: what the store made of those claims.
    checks = {}
    for name, annotation_id in ids.items():
        check = store.get_annotation(annotation_id).check
        checks[name] = check.status if check is not None else None
    assert checks["exports"] == checks["reserves"] == "checked"  # a verdict was given
    assert checks["turnout"] == "to-check"
    assert checks["figures"] == "checking" and checks["rates"] == "not-checkable"
    assert checks["highlight"] is None
    assert store.get_annotation(ids["reserves"]).claim_status == "disputed"
    return ids


@pytest.fixture(params=["index", "substring"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test twice: with the database's full-text index, and as a database without one."""
    if request.param == "substring":
        monkeypatch.setattr(search, "text_index", lambda conn: None)
    yield str(request.param)


def found(store: Store, query: str) -> set[int]:
    """The annotations ``query`` finds (failing if it lists brief text hits too)."""
    hits = store.search(query)
    assert all(h.kind == "annotation" for h in hits), hits
    return {h.annotation_id for h in hits if h.annotation_id is not None}


def named(desk: dict[str, int], *names: str) -> set[int]:
    return {desk[name] for name in names}


def test_verdict_finds_the_claims_given_that_verdict(
    store: Store, desk: dict[str, int], way: str
) -> None:
    assert found(store, "verdict:supported") == named(desk, "exports")
    assert found(store, "verdict:DISPUTED") == named(desk, "reserves")
    assert found(store, "verdict:refuted") == set()
    # status: with a verdict keeps meaning what it always did.
    assert found(store, "status:supported") == named(desk, "exports")


def test_status_finds_claims_by_where_checking_stands(
    store: Store, desk: dict[str, int], way: str
) -> None:
    assert found(store, "status:checked") == named(desk, "exports", "reserves")
    assert found(store, "status:checking") == named(desk, "figures")
    assert found(store, "status:not-checkable") == named(desk, "rates")
    assert found(store, "status:not_checkable") == named(desk, "rates")
    waiting = named(desk, "turnout", "percent", "almost_percent")
    waiting |= named(desk, "underscore", "backslash")
    assert found(store, "status:to-check") == waiting
    assert found(store, "status:TO_CHECK") == waiting
    # Two of one kind widen; a check status and a verdict must both hold.
    assert found(store, "status:checking status:not-checkable") == named(desk, "figures", "rates")
    assert found(store, "status:checked verdict:disputed") == named(desk, "reserves")
    assert found(store, "status:checked status:supported") == named(desk, "exports")
    assert found(store, "status:to-check verdict:disputed") == set()


def test_claimant_is_a_part_of_the_claimant_in_any_case(
    store: Store, desk: dict[str, int], way: str
) -> None:
    assert found(store, 'claimant:"ministry of trade"') == named(desk, "exports")
    assert found(store, "claimant:“MINISTRY OF”") == named(desk, "exports")
    assert found(store, "claimant:Ministry") == named(desk, "exports")
    assert found(store, "claimant:bank") == named(desk, "figures", "rates")
    # Several must all match.
    assert found(store, "claimant:bank claimant:central") == named(desk, "rates")
    assert found(store, 'claimant:bank claimant:"opposition"') == set()
    assert found(store, "claimant:nobody") == set()


def test_claim_filters_narrow_words_and_tags(store: Store, desk: dict[str, int], way: str) -> None:
    # "exports" is in the brief's text and in two annotations: the filters keep one claim.
    assert found(store, "exports claimant:ministry") == named(desk, "exports")
    assert found(store, "figures claimant:bank") == named(desk, "figures")
    assert found(store, "fall claimant:bank") == named(desk, "rates")
    assert found(store, "rose status:checking") == set()
    assert found(store, "tag:economy status:checking") == named(desk, "figures")
    assert found(store, "tag:economy verdict:supported claimant:trade") == named(desk, "exports")
    assert found(store, "kind:claim claimant:bank") == named(desk, "figures", "rates")
    assert found(store, "kind:highlight claimant:bank") == set()
    # Without a filter the same word finds the brief's text too.
    assert any(h.kind == "brief" for h in store.search("exports"))


def test_like_wildcards_in_a_claimant_are_plain_characters(
    store: Store, desk: dict[str, int], way: str
) -> None:
    assert found(store, "claimant:100%") == named(desk, "percent")
    assert found(store, 'claimant:"team 100% ltd"') == named(desk, "percent")
    assert found(store, "claimant:%") == named(desk, "percent")
    assert found(store, "claimant:a_b") == named(desk, "underscore")
    assert found(store, "claimant:_") == named(desk, "underscore")
    assert found(store, "claimant:c:\\dir") == named(desk, "backslash")
    assert found(store, "claimant:\\") == named(desk, "backslash")
    assert found(store, "claimant:c:\\d") == named(desk, "backslash")
    assert found(store, "claimant:c:dir") == set()


@pytest.mark.parametrize(
    ("query", "says"),
    [
        (
            "status:done",
            "status:done: use one of unverified, supported, disputed, refuted (a verdict) "
            "or to-check, checking, checked, not-checkable (how far checking went)",
        ),
        ("status:tocheck", "status:tocheck: use one of unverified,"),
        ("verdict:maybe", "verdict:maybe: use one of unverified, supported, disputed, refuted"),
        (
            "verdict:to_check",
            "verdict:to_check says how far checking went, not a verdict: use status:to-check, "
            "or one of unverified, supported, disputed, refuted",
        ),
        ("claimant:", 'claimant: needs a value, e.g. claimant:ministry or claimant:"foreign'),
        ('claimant:"" tax', "claimant: needs a value"),
        ("verdict:", "verdict: needs a value, e.g. verdict:refuted"),
    ],
)
def test_a_claim_filter_it_cannot_use_is_one_sentence(
    store: Store, desk: dict[str, int], query: str, says: str
) -> None:
    with pytest.raises(SearchQueryError) as caught:
        store.search(query)
    message = str(caught.value)
    assert message.startswith(says), message
    assert_plain_sentence(message)


def test_the_parsed_query_keeps_each_filter_apart() -> None:
    parsed = parse_query('verdict:Refuted status:to_check claimant:"Ministry  of X" tax')
    assert parsed.statuses == ["refuted"]
    assert parsed.check_statuses == ["to-check"]
    assert parsed.claimants == ["Ministry  of X"]
    assert parsed.raw_words == ["tax"]
    assert parse_query("claimant:x").annotation_filters
    assert parse_query("status:checking").annotation_filters
    assert not parse_query("tax").annotation_filters


_FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_FUZZ
@given(value=st.text(alphabet="abcdeilmnorstyABCMT01 %_\\:.-'", min_size=1, max_size=8))
def test_any_claimant_value_finds_exactly_the_claimants_containing_it(
    store: Store, desk: dict[str, int], way: str, value: str
) -> None:
    """Whatever is typed in quotes after claimant: is looked for as it is, in any case."""
    claimants = {i: store.get_annotation(i).claimant or "" for i in desk.values()}
    wanted = value.strip().lower()
    if not wanted:
        return
    expected = {i for i, claimant in claimants.items() if wanted in claimant.lower()}
    assert found(store, f'claimant:"{value}"') == expected


_WORDS = st.sampled_from(
    [
        *("verdict:", "status:", "claimant:", "tag:", '"', "“", "%", "_", "\\", "-", "*", "OR"),
        *("to_check", "not-checkable", "checked", "refuted", "bank", "\x00", "\x1b", "\u202e"),
        " ",
    ]
)


@_FUZZ
@given(query=st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=12).map("".join))
def test_any_query_with_claim_filters_gives_hits_or_one_plain_sentence(
    store: Store, desk: dict[str, int], query: str
) -> None:
    try:
        store.search(query)
    except SearchQueryError as exc:
        assert_plain_sentence(str(exc))
