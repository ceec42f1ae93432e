"""Library search through the Store: words, phrases, prefixes, exclusions and filters, the
full-text index (FTS5 on SQLite, tsvector on PostgreSQL) kept in step with every kind of write,
and hits that point at the right text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from briefreader.library import annotate_quote, import_file
from briefreader.store.api import NewAnnotation, NewBrief, SourceInput, Store
from briefreader.store.search import parse_query
from briefreader.text.validate import InvalidValue

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pakistan-russia-ties.txt"

pytestmark = pytest.mark.all_backends


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
    """A database without a full-text index (SQLite built without FTS5) still finds things."""
    from briefreader.store import search

    annotate_quote(store, brief_id, "It is a major shift", note="Check TASS")
    original = search.text_index
    search.text_index = lambda conn: None
    try:
        text = store.get_brief(brief_id).text
        hits = store.search("witnessing")
        assert hits and text[hits[0].start : hits[0].end].lower() == "witnessing"
        notes = [h for h in store.search("tass") if h.kind == "annotation"]
        assert notes and notes[0].field == "note"
    finally:
        search.text_index = original


def test_a_brief_past_postgresqls_index_limits_is_searchable_to_its_end(store: Store) -> None:
    """PostgreSQL refuses a tsvector over 1 MB and stops counting word positions at 16,383:
    a brief of 1.2 MB of distinct words is past both. It imports, and a word at its end, a
    word and a phrase across a boundary of the index's pieces, and a prefix are all found where
    they are."""
    import hashlib

    words = [hashlib.sha1(str(i).encode()).hexdigest()[:10] for i in range(110_000)]
    # 59,999 words of 11 characters before it: this word covers character 660,000, where a
    # piece of PostgreSQL's index ends and the next begins.
    words[59_999:60_001] = ["straddlingwords", "seen"]
    words[-1] = "finale"
    text = " ".join(words) + "."
    brief_id = store.import_brief(
        NewBrief(text=text, title="Hashes", content_hash="sha256:big", word_count=len(words))
    ).brief.id
    assert len(text.encode()) > 1_100_000
    (hit,) = store.search("finale")
    assert hit.brief_id == brief_id and text[hit.start : hit.end] == "finale"
    (hit,) = store.search("straddlingwords")
    assert hit.start == 659_989 == text.index("straddlingwords")
    (hit,) = store.search('"straddlingwords seen"')
    assert text[hit.start : hit.start + 20] == "straddlingwords seen"
    assert store.search('"seen straddlingwords"') == []
    prefix = words[99_999][:6]
    (hit,) = store.search(f"{prefix}*")
    found = re.search(rf"\b{prefix}", text)
    assert found is not None and hit.start == found.start()


def test_accents_and_words_postgresql_would_call_stop_words(store: Store, brief_id: int) -> None:
    """Both backends fold accents and index every word, "the" and "not" included."""
    text = "Café talks: the été agenda is not settled. Ministers met in Zürich."
    other = store.import_brief(
        NewBrief(text=text, title="Accents", content_hash="sha256:accents", word_count=12)
    ).brief.id
    assert [h.brief_id for h in store.search("zurich")] == [other]
    assert [h.brief_id for h in store.search("ete")] == [other]
    assert {h.brief_id for h in store.search('"is not settled"')} == {other}


@pytest.mark.postgresql_only
def test_a_postgresql_library_made_before_its_index_gets_one(
    new_db_url: Callable[[str], str],
) -> None:
    """A PostgreSQL database at the current schema version but without the text search
    index (made before there was one) is indexed when opened, existing rows included."""
    from sqlalchemy import text
    from sqlmodel import SQLModel

    from briefreader.store.engine import make_engine
    from briefreader.store.schema import CURRENT_VERSION

    url = new_db_url("no_index")
    engine = make_engine(url)
    with engine.begin() as conn:
        SQLModel.metadata.create_all(conn)
        conn.execute(
            text(f"INSERT INTO schema_version (id, version) VALUES (1, {CURRENT_VERSION})")
        )
        conn.execute(
            text(
                "INSERT INTO brief (title, format, text, content_hash, word_count, imported_at, "
                "reading_position, version) VALUES ('Old', 'text', 'Uranium mines in Mongolia.', "
                "'sha256:old', 4, now(), 0, 1)"
            )
        )
    engine.dispose()
    with Store.open(url) as store:
        (hit,) = store.search("uranium")
        assert (hit.brief_id, hit.start, hit.end) == (1, 0, 7)
        # Stemmed, so by the index: "mined" is nowhere in the text as a substring.
        assert [h.brief_id for h in store.search("mined")] == [1]
        ann = store.create_annotation(1, NewAnnotation(0, 7, note="checked"))
        assert [h.annotation_id for h in store.search("checked")] == [ann.id]
