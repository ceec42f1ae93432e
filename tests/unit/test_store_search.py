"""Library search through the Store: words, phrases, prefixes, exclusions and filters, the
full-text index (FTS5 on SQLite, tsvector on PostgreSQL) kept in step with every kind of write,
and hits that point at the right text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Row

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


def test_apostrophes_are_part_of_words_not_quote_marks(store: Store, brief_id: int) -> None:
    """Only double quotes make a phrase: an apostrophe (straight or curly) is part of a word,
    so two words with apostrophes are two words, not one phrase between them."""
    text = "Pakistan's gas deal and Russia's grain: 'talks' go on."
    other = store.import_brief(
        NewBrief(text=text, title="Apostrophes", content_hash="sha256:apos", word_count=9)
    ).brief.id
    for query in ("Pakistan's Russia's", "Pakistan’s Russia’s", "Russia's Pakistan’s"):
        assert {h.brief_id for h in store.search(query)} == {other}, query
    (hit,) = store.search("Russia's")
    assert text[hit.start : hit.end] == "Russia's"
    # The example brief writes curly apostrophes; a straight one finds them.
    assert brief_id in {h.brief_id for h in store.search("Pakistan's inception")}
    # A word merely wrapped in apostrophes is a word: "talks" and "go" need not be adjacent.
    assert {h.brief_id for h in store.search("'talks' 'deal'")} == {other}
    # Double quotes still make phrases, straight or curly, with apostrophes inside.
    assert {h.brief_id for h in store.search('"Russia\'s grain"')} == {other}
    assert {h.brief_id for h in store.search("“Russia's grain”")} == {other}
    assert store.search('"grain Russia\'s"') == []


@pytest.mark.parametrize(
    ("query", "word"),
    [("Kay*", "Kayani"), ("tie*", "ties"), ("vyi*", "vying"), ("Kayani*", "Kayani")],
)
def test_a_prefix_matches_the_word_as_written(
    store: Store, brief_id: int, query: str, word: str
) -> None:
    """A prefix is matched against the words of the text as written, not their stems (the
    stem of "ties" is "ti", of "vying" "vy": neither starts with the prefix)."""
    text = store.get_brief(brief_id).text
    (hit,) = store.search(query)
    assert hit.brief_id == brief_id and text[hit.start : hit.end] == word
    start, end = hit.marks[0]
    assert hit.snippet[start:end] == word


def test_prefixes_mix_with_words_exclusions_or_and_annotations(store: Store, brief_id: int) -> None:
    other = other_brief(store)  # "Energy markets in Mongolia ... Uranium mines ... new page"
    assert {h.brief_id for h in store.search("kay* russia")} == {brief_id}
    assert store.search("kay* mongolia") == []
    assert {h.brief_id for h in store.search("kay* OR ulaanbaatar")} == {brief_id, other}
    assert {h.brief_id for h in store.search("vyi* OR ulaan*")} == {brief_id, other}
    assert {h.brief_id for h in store.search('"new page" -kay*')} == {other}
    assert {h.brief_id for h in store.search("energ* -ulaanbaatar")} == {brief_id}
    ann = annotate_quote(store, brief_id, "It is a major shift", note="Kayani's visit matters")
    notes = [h for h in store.search("kayan*") if h.kind == "annotation"]
    assert [(h.annotation_id, h.field) for h in notes] == [(ann.id, "note")]
    (start, end) = notes[0].marks[0]
    assert notes[0].snippet[start:end] == "Kayani"
    # The index of words as written follows every write, as the stemmed one does.
    store.update_annotation(ann.id, note="Zardari's reply")
    assert not [h for h in store.search("kayan*") if h.kind == "annotation"]
    assert [h.annotation_id for h in store.search("zarda* kind:highlight")] == [ann.id]
    store.set_annotation_tags(ann.id, ["diplomacy"])
    assert [h.annotation_id for h in store.search("diplom*")] == [ann.id]
    store.set_annotation_tags(ann.id, [])
    assert store.search("diplom*") == []
    snapshot = store.delete_annotation(ann.id)
    assert store.search("zarda* kind:highlight") == []
    store.restore_annotation(snapshot)
    assert [h.annotation_id for h in store.search("zarda* kind:highlight")] == [ann.id]
    store.delete_brief(other)
    assert store.search("ulaan*") == []


#: The triggers of annotations' FTS5 index as briefreader made them before it had an index of
#: words as written (which those of today also keep in step).
_TAGS_OF = (
    "(SELECT coalesce(group_concat(t.name, ' '), '') FROM annotation_tag AS x "
    "JOIN tag AS t ON t.id = x.tag_id WHERE x.annotation_id = {id})"
)
_OLD_TRIGGERS = [
    "CREATE TRIGGER annotation_fts_insert AFTER INSERT ON annotation BEGIN "
    "INSERT INTO annotation_fts(rowid, quote, note, claimant, tags) VALUES (new.id, new.quote, "
    f"new.note, coalesce(new.claimant, ''), {_TAGS_OF.format(id='new.id')}); END",
    "CREATE TRIGGER annotation_fts_delete AFTER DELETE ON annotation BEGIN "
    "DELETE FROM annotation_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER annotation_fts_update AFTER UPDATE OF quote, note, claimant ON annotation "
    "BEGIN UPDATE annotation_fts SET quote = new.quote, note = new.note, "
    "claimant = coalesce(new.claimant, '') WHERE rowid = new.id; END",
    "CREATE TRIGGER annotation_tag_fts_insert AFTER INSERT ON annotation_tag BEGIN "
    f"UPDATE annotation_fts SET tags = {_TAGS_OF.format(id='new.annotation_id')} "
    "WHERE rowid = new.annotation_id; END",
    "CREATE TRIGGER annotation_tag_fts_delete AFTER DELETE ON annotation_tag BEGIN "
    f"UPDATE annotation_fts SET tags = {_TAGS_OF.format(id='old.annotation_id')} "
    "WHERE rowid = old.annotation_id; END",
    "CREATE TRIGGER tag_fts_rename AFTER UPDATE OF name ON tag BEGIN "
    f"UPDATE annotation_fts SET tags = {_TAGS_OF.format(id='annotation_fts.rowid')} "
    "WHERE rowid IN (SELECT annotation_id FROM annotation_tag WHERE tag_id = new.id); END",
]


@pytest.mark.sqlite_only
def test_an_sqlite_index_made_before_prefix_words_gets_them(store: Store, brief_id: int) -> None:
    """A library whose FTS5 index predates the index of words as written still searches
    (prefixes through the stems, as before), and installing the index fills it from the rows
    and keeps it in step from then on."""
    from briefreader.store.fts import fts_current, install_fts

    with store.engine.begin() as conn:
        triggers = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%word_fts%'"
        ).all()
        for (trigger,) in triggers:
            conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
        for name in ("brief_word_fts", "annotation_word_fts"):
            conn.exec_driver_sql(f"DROP TABLE {name}")
        for statement in _OLD_TRIGGERS:
            conn.exec_driver_sql(statement)
        assert not fts_current(conn)
    ann = annotate_quote(store, brief_id, "It is a major shift", note="Kayani's visit")
    store.set_annotation_tags(ann.id, ["diplomacy"])
    assert store.search("kay*") == []  # the old behaviour, not an error
    assert store.search("energ*") and store.search("diplom*")
    with store.engine.begin() as conn:
        assert install_fts(conn)
        assert fts_current(conn) and not install_fts(conn)
    assert {(h.kind, h.field) for h in store.search("kay*")} == {
        ("brief", "text"),
        ("annotation", "note"),
    }
    store.update_annotation(ann.id, note="Vying visits")
    store.set_annotation_tags(ann.id, ["ties"])
    assert [h.annotation_id for h in store.search("vyi* tie* kind:highlight")] == [ann.id]
    assert store.check().ok
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO annotation_word_fts(annotation_word_fts) VALUES ('integrity-check')"
        )


@pytest.mark.postgresql_only
def test_a_postgresql_index_without_prefix_words_is_rebuilt_when_opened(
    store: Store, brief_id: int, db_url: str
) -> None:
    from sqlalchemy import text

    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE brief_fts DROP COLUMN words"))
        conn.execute(text("ALTER TABLE annotation_fts DROP COLUMN words"))
    store.close()
    with Store.open(db_url) as reopened:
        (hit,) = reopened.search("vyi*")
        assert reopened.get_brief(brief_id).text[hit.start : hit.end] == "vying"


def test_a_filter_value_may_be_quoted(store: Store, brief_id: int) -> None:
    other = other_brief(store)  # titled "Caspian energy"
    assert {h.brief_id for h in store.search('"new page" brief:"caspian energy"')} == {other}
    assert {h.brief_id for h in store.search('"new page" brief:“Caspian energy”')} == {other}
    ann = annotate_quote(store, brief_id, "It is a major shift", tags=["Energy Policy"])
    assert [h.annotation_id for h in store.search('tag:"energy policy"')] == [ann.id]


def _instances(conn: Connection, table: str) -> list[Row[Any]]:
    """Every (term, row, column, offset) of an FTS5 index, read through fts5vocab."""
    run = conn.exec_driver_sql
    run(f"CREATE VIRTUAL TABLE temp.{table}_v USING fts5vocab('main', '{table}', 'instance')")
    try:
        return sorted(run(f"SELECT term, doc, col, offset FROM temp.{table}_v").all())
    finally:
        run(f"DROP TABLE temp.{table}_v")


@pytest.mark.sqlite_only
def test_the_word_index_follows_every_kind_of_write(store: Store, brief_id: int) -> None:
    """After creates, bulk creates, edits, tag changes, a tag deleted and one renamed, deletes,
    undo, a brief deleted (cascades) and a brief's text replaced, both indexes of words as
    written hold exactly what indexing the rows afresh gives."""
    from briefreader.library import import_file as again
    from briefreader.store.api import NewAnnotation

    other = other_brief(store)
    store.bulk_create_annotations(
        other, [NewAnnotation(0, 6, note=f"bulk {i}", tags=("uranium", "mongol")) for i in range(5)]
    )
    first = annotate_quote(store, brief_id, "It is a major shift", note="Kayani", tags=["ties"])
    second = annotate_quote(store, brief_id, "vying for a new start", claimant="Zardari")
    store.update_annotation(first.id, note="Kayani's visit", claimant="Spokesman")
    store.set_annotation_tags(second.id, ["vying", "ties"])
    store.toggle_annotation_tag(first.id, "ties")
    store.delete_tag("vying")
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE tag SET name = 'bilateral-ties' WHERE name = 'ties'")
    snapshot = store.delete_annotation(first.id)
    store.restore_annotation(snapshot)
    store.delete_brief(other)
    changed = EXAMPLE.read_text(encoding="utf-8").replace("It is a major shift", "A major shift")
    replacement = Path(store.engine.url.database or "").with_name("changed.txt")
    replacement.write_text(changed, encoding="utf-8")
    again(store, replacement, replace=brief_id)
    with store.engine.begin() as conn:
        found = _instances(conn, "annotation_word_fts")
        conn.exec_driver_sql(
            "INSERT INTO brief_word_fts(brief_word_fts, rank) VALUES ('integrity-check', 1)"
        )
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE fresh USING fts5(quote, note, claimant, tags, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        conn.exec_driver_sql(
            "INSERT INTO fresh(rowid, quote, note, claimant, tags) "
            "SELECT rowid, quote, note, claimant, tags FROM annotation_fts"
        )
        expected = _instances(conn, "fresh")
        conn.exec_driver_sql("DROP TABLE fresh")
    assert found == expected and ("bilateral", second.id, "tags", 0) in found
    assert store.check().ok
