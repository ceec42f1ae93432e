"""Library search through the Store: words, phrases, prefixes, exclusions and filters, the FTS
index kept in step with every kind of write, and hits that point at the right text."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefreader.library import annotate_quote, import_file
from briefreader.store.api import NewBrief, SourceInput, Store
from briefreader.store.search import parse_query
from briefreader.text.validate import InvalidValue

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pakistan-russia-ties.txt"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(f"sqlite:///{tmp_path}/search.db")
    yield s  # type: ignore[misc]
    s.close()


@pytest.fixture
def brief_id(store: Store) -> int:
    outcome = import_file(store, EXAMPLE)
    assert outcome.brief is not None
    return outcome.brief.id


def other_brief(store: Store) -> int:
    text = "Energy markets in Mongolia.\n\nUranium mines and a new page for Ulaanbaatar."
    return store.import_brief(
        NewBrief(text=text, title="Caspian energy", content_hash="sha256:other", word_count=12)
    ).brief.id


def test_brief_text_hit_points_at_the_word(store: Store, brief_id: int) -> None:
    text = store.get_brief(brief_id).text
    (hit,) = store.search("witnessing")
    assert hit.kind == "brief" and hit.brief_id == brief_id and hit.field == "text"
    assert text[hit.start : hit.end] == "witnessing"
    start, end = hit.marks[0]
    assert hit.snippet[start:end] == "witnessing"


def test_phrase_is_one_mark_and_one_span(store: Store, brief_id: int) -> None:
    text = store.get_brief(brief_id).text
    hits = store.search('"new page"')
    assert [h.brief_id for h in hits] == [brief_id]
    (hit,) = hits
    start, end = hit.marks[0]
    assert hit.snippet[start:end].lower() == "new page"
    assert text[hit.start : hit.start + 3].lower() == "new"


def test_stemming_and_prefix(store: Store, brief_id: int) -> None:
    assert store.search("shifts")  # stemmed: "shift" is in the text
    assert store.search("energ*")
    assert not store.search("energ")  # a whole word, not a prefix


def test_annotation_fields_and_filters(store: Store, brief_id: int) -> None:
    claim = annotate_quote(
        store,
        brief_id,
        "It is a major shift",
        kind="claim",
        claimant="Foreign office spokesman",
        tags=["russia", "energy-policy"],
        note="Check against TASS reporting",
        sources=[SourceInput("https://example.org/tass", "refutes")],
    )
    highlight = annotate_quote(store, brief_id, "steel and energy sectors", tags=["energy-policy"])
    by_note = [h for h in store.search("tass") if h.kind == "annotation"]
    assert [(h.annotation_id, h.field) for h in by_note] == [(claim.id, "note")]
    by_claimant = [h for h in store.search("spokesman") if h.kind == "annotation"]
    assert [(h.annotation_id, h.field) for h in by_claimant] == [(claim.id, "claimant")]
    assert {h.annotation_id for h in store.search("tag:energy-policy")} == {claim.id, highlight.id}
    assert [h.annotation_id for h in store.search("tag:energy-policy kind:claim")] == [claim.id]
    assert [h.annotation_id for h in store.search("has:source")] == [claim.id]
    assert [h.annotation_id for h in store.search("status:unverified")] == [claim.id]
    # An annotation filter limits the results to annotations: no brief text hits.
    assert all(h.kind == "annotation" for h in store.search("energy tag:energy-policy"))
    hit = store.search("kind:highlight")[0]
    assert hit.tags == ("energy-policy",) and hit.annotation_kind == "highlight"
    text = store.get_brief(brief_id).text
    assert text[hit.start : hit.end] == "steel and energy sectors"


def test_index_follows_edits_tags_deletes_and_undo(store: Store, brief_id: int) -> None:
    ann = annotate_quote(store, brief_id, "It is a major shift")
    assert not [h for h in store.search("groundbreaking") if h.kind == "annotation"]
    store.update_annotation(ann.id, note="Groundbreaking, says the ministry")
    assert [h.annotation_id for h in store.search("groundbreaking")] == [ann.id]
    store.set_annotation_tags(ann.id, ["diplomacy"])
    assert [h.annotation_id for h in store.search("diplomacy")] == [ann.id]
    store.set_annotation_tags(ann.id, [])
    assert store.search("diplomacy") == []
    snapshot = store.delete_annotation(ann.id)
    assert store.search("groundbreaking") == []
    store.restore_annotation(snapshot)
    assert [h.annotation_id for h in store.search("groundbreaking")] == [ann.id]


def test_brief_filter_and_deleted_brief(store: Store, brief_id: int) -> None:
    other = other_brief(store)
    assert {h.brief_id for h in store.search('"new page"')} == {brief_id, other}
    assert {h.brief_id for h in store.search(f'"new page" brief:{other}')} == {other}
    assert {h.brief_id for h in store.search('"new page" brief:caspian')} == {other}
    assert store.search("uranium brief:nosuchbrief") == []
    store.delete_brief(other)
    assert store.search("uranium") == []


def test_title_only_hit(store: Store, brief_id: int) -> None:
    other = other_brief(store)
    hits = store.search("caspian")
    assert [(h.brief_id, h.field) for h in hits] == [(other, "title")]


def test_or_and_exclusion(store: Store, brief_id: int) -> None:
    other = other_brief(store)
    assert {h.brief_id for h in store.search("ulaanbaatar OR islamabad")} == {brief_id, other}
    assert {h.brief_id for h in store.search('"new page" -ulaanbaatar')} == {brief_id}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status:maybe", "status:maybe: use one of"),
        ("kind:quote", "kind:quote: use one of"),
        ("has:everything", "has:everything: use one of"),
        ("tag:", "tag: needs a value"),
        ("-russia", "at least one word"),
    ],
)
def test_bad_queries_say_why(store: Store, query: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        store.search(query)


def test_punctuation_and_markup_are_just_text(store: Store, brief_id: int) -> None:
    # Nothing a user types reaches FTS5 as syntax: quotes, parentheses, NEAR, column filters.
    for query in ['"', "(", "NEAR(a b)", "quote:shift", "a AND", '""', "[@click=app.quit]", "*"]:
        store.search(query)  # no exception
    assert parse_query("   ").empty


def test_substring_fallback_without_fts(store: Store, brief_id: int) -> None:
    """A backend without FTS5 (PostgreSQL until its own text search) still finds things."""
    from briefreader.store import search

    annotate_quote(store, brief_id, "It is a major shift", note="Check TASS")
    original = search.has_fts
    search.has_fts = lambda conn: False  # type: ignore[assignment]
    try:
        text = store.get_brief(brief_id).text
        hits = store.search("witnessing")
        assert hits and text[hits[0].start : hits[0].end].lower() == "witnessing"
        notes = [h for h in store.search("tass") if h.kind == "annotation"]
        assert notes and notes[0].field == "note"
    finally:
        search.has_fts = original
