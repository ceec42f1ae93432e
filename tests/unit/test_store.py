"""The Store against a real database (a SQLite file, and PostgreSQL): durability, no orphans,
locking, validation, upgrades."""

from __future__ import annotations

import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import text

from briefreader.store.api import (
    Conflict,
    NewAnnotation,
    NewBrief,
    NotFound,
    SourceInput,
    Store,
)
from briefreader.store.engine import make_engine, writer
from briefreader.store.schema import CURRENT_VERSION, SchemaError
from briefreader.text.validate import InvalidValue

pytestmark = pytest.mark.all_backends

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TEXT = "Pakistan and Russia met in 1974. It was a major shift. Others disagreed."


def brief(text: str = TEXT, digest: str = "sha256:abc") -> NewBrief:
    return NewBrief(text=text, title="Ties", content_hash=digest, word_count=12, source="/x.txt")


def count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_same_content_is_one_brief(store: Store) -> None:
    first = store.import_brief(brief())
    again = store.import_brief(brief())
    assert first.created and not again.created
    assert again.brief.id == first.brief.id
    assert [b.id for b in store.list_briefs()] == [first.brief.id]


def test_annotation_quote_context_tags_sources(store: Store) -> None:
    brief_id = store.import_brief(brief()).brief.id
    start = TEXT.index("It was")
    end = start + len("It was a major shift.")
    ann = store.create_annotation(
        brief_id,
        NewAnnotation(
            start,
            end,
            kind="claim",
            claimant="  Spokesman\n of FO ",
            tags=("Russia", " Foreign  Policy"),
            sources=(SourceInput("https://example.org/a", "refutes", "A  title\n"),),
        ),
    )
    assert ann.quote == "It was a major shift."
    assert ann.prefix == TEXT[max(0, start - 32) : start]
    assert ann.suffix == TEXT[end : end + 32]
    assert ann.claimant == "Spokesman of FO"
    assert ann.claim_status == "unverified"
    assert ann.tags == ("foreign-policy", "russia")
    assert [(s.url, s.relation, s.title) for s in ann.sources] == [
        ("https://example.org/a", "refutes", "A title")
    ]
    assert ann.created_at.tzinfo is not None and ann.created_at.utcoffset() == UTC.utcoffset(None)


def test_saved_is_saved_across_reopen(db_url: str) -> None:
    with Store.open(db_url) as s:
        brief_id = s.import_brief(brief()).brief.id
        ann = s.create_annotation(brief_id, NewAnnotation(0, 8, note="first"))
        s.set_reading_position(brief_id, 40)
    with Store.open(db_url) as s:
        again = s.get_annotation(ann.id)
        assert again.note == "first" and again.quote == "Pakistan"
        assert s.get_brief(brief_id).reading_position == 40


def test_deleting_leaves_no_orphans(store: Store) -> None:
    brief_id = store.import_brief(brief()).brief.id
    other = store.import_brief(brief("Another brief entirely.", "sha256:other")).brief.id
    keep = store.create_annotation(other, NewAnnotation(0, 7, tags=("russia",)))
    ids = [
        store.create_annotation(
            brief_id,
            NewAnnotation(
                i, i + 5, tags=("russia", f"t{i}"), sources=(SourceInput("https://a.b/c"),)
            ),
        ).id
        for i in range(3)
    ]
    store.delete_annotation(ids[0])
    assert count(store, "source") == 2
    assert count(store, "annotation_tag") == 5
    assert store.delete_brief(brief_id) == 2
    assert count(store, "annotation") == 1
    assert count(store, "source") == 0
    assert count(store, "annotation_tag") == 1
    assert store.get_annotation(keep.id).tags == ("russia",)
    if store.engine.dialect.name == "sqlite":  # PostgreSQL always enforces foreign keys
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(NotFound):
        store.get_brief(brief_id)


@pytest.mark.sqlite_only
def test_sqlite_settings(store: Store, db_path: Path) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        busy_timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert busy_timeout is not None and busy_timeout >= 5000


def test_a_save_waits_for_another_writer_and_sees_its_change(store: Store, db_url: str) -> None:
    """Another process in the middle of a write transaction: a save with the revision it read
    earlier waits for it, then is refused as a conflict rather than overwriting its change."""
    brief_id = store.import_brief(brief()).brief.id
    ann = store.create_annotation(brief_id, NewAnnotation(0, 8))
    other = make_engine(db_url)
    conn = writer(other).connect()
    conn.begin()  # takes the write lock (BEGIN IMMEDIATE, or the PostgreSQL advisory lock)
    conn.execute(text("UPDATE annotation SET note = 'theirs', revision = revision + 1"))

    def commit_later() -> None:
        time.sleep(0.5)  # about time: the other writer holds the lock a while, the save waits
        conn.commit()

    thread = threading.Thread(target=commit_later)
    thread.start()
    try:
        with pytest.raises(Conflict) as refused:
            store.update_annotation(ann.id, expected_revision=ann.revision, note="mine")
    finally:
        thread.join()
        conn.close()
        other.dispose()
    assert refused.value.current.note == "theirs"
    assert store.get_annotation(ann.id).note == "theirs"


@pytest.mark.sqlite_only
def test_writer_waits_for_another_writer_instead_of_failing(store: Store, db_path: Path) -> None:
    brief_id = store.import_brief(brief()).brief.id
    other = sqlite3.connect(db_path, isolation_level=None, timeout=10, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE brief SET reading_position = 7")
    released = threading.Event()

    def release() -> None:
        time.sleep(0.5)  # about time: the other writer holds the lock a while, the save waits
        other.execute("COMMIT")
        released.set()

    threading.Thread(target=release).start()
    ann = store.create_annotation(brief_id, NewAnnotation(0, 8))  # blocks until COMMIT
    assert released.is_set()
    assert store.get_annotation(ann.id).quote == "Pakistan"
    assert store.get_brief(brief_id).reading_position == 7
    other.close()


@pytest.mark.sqlite_only
def test_opening_a_current_library_does_not_wait_for_a_writer(
    store: Store, db_url: str, db_path: Path
) -> None:
    """Another process in the middle of a long write must not stop `briefreader list` or the
    app from opening the library: only creating or upgrading the schema takes the lock."""
    store.import_brief(brief())
    other = sqlite3.connect(db_path, isolation_level=None, timeout=10)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE brief SET reading_position = 3")
    try:
        started = time.monotonic()
        with Store.open(db_url) as second:
            assert [b.title for b in second.list_briefs()] == ["Ties"]
        assert time.monotonic() - started < 5  # the busy timeout is 30 s
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_invalid_values_are_refused_with_reasons(store: Store) -> None:
    brief_id = store.import_brief(brief()).brief.id
    with pytest.raises(InvalidValue, match="only http"):
        store.create_annotation(
            brief_id, NewAnnotation(0, 5, sources=(SourceInput("javascript:alert(1)"),))
        )
    with pytest.raises(InvalidValue, match="outside the brief"):
        store.create_annotation(brief_id, NewAnnotation(0, 10_000))
    with pytest.raises(InvalidValue, match="kind"):
        store.create_annotation(brief_id, NewAnnotation(0, 5, kind="scribble"))
    with pytest.raises(InvalidValue, match="claims only"):
        store.create_annotation(brief_id, NewAnnotation(0, 5, claim_status="refuted"))
    with pytest.raises(InvalidValue, match="needs a name"):
        store.create_annotation(brief_id, NewAnnotation(0, 5, tags=("  ",)))
    # Nothing half-written.
    assert store.annotations_for_brief(brief_id) == []


def test_doi_sources_are_accepted(store: Store) -> None:
    brief_id = store.import_brief(brief()).brief.id
    ann = store.create_annotation(brief_id, NewAnnotation(0, 5))
    assert store.add_source(ann.id, SourceInput("doi:10.1000/xyz123")).url == (
        "https://doi.org/10.1000/xyz123"
    )
    assert store.add_source(ann.id, SourceInput("10.5555/abc")).url == "https://doi.org/10.5555/abc"


def test_quick_keys_move_between_tags(store: Store) -> None:
    store.update_tag("russia", quick_key=1)
    store.update_tag("China", quick_key=1, color="#FF0000")
    tag = store.tag_for_key(1)
    assert tag is not None and tag.name == "china" and tag.color == "#ff0000"
    assert {t.name: t.quick_key for t in store.list_tags()} == {"china": 1, "russia": None}
    with pytest.raises(InvalidValue):
        store.update_tag("x", quick_key=10)


def test_toggle_tag_and_counts(store: Store) -> None:
    brief_id = store.import_brief(brief()).brief.id
    ann = store.create_annotation(brief_id, NewAnnotation(0, 5))
    ann2, on = store.toggle_annotation_tag(ann.id, "SCO")
    assert on and ann2.tags == ("sco",) and ann2.revision == ann.revision + 1
    ann3, on = store.toggle_annotation_tag(ann.id, "sco")
    assert not on and ann3.tags == ()
    store.toggle_annotation_tag(ann.id, "sco")
    assert [(t.name, n) for t, n in store.tag_counts(brief_id)] == [("sco", 1)]
    summary = store.get_brief_summary(brief_id)
    assert summary.annotations == 1 and summary.tags == ("sco",)


def test_optimistic_conflict(store: Store) -> None:
    brief_id = store.import_brief(brief()).brief.id
    ann = store.create_annotation(brief_id, NewAnnotation(0, 5))
    store.update_annotation(ann.id, expected_revision=ann.revision, note="mine")
    with pytest.raises(Conflict) as info:
        store.update_annotation(ann.id, expected_revision=ann.revision, note="stale")
    assert info.value.current.note == "mine"
    assert store.get_annotation(ann.id).note == "mine"


def test_claim_to_highlight_drops_verdict(store: Store) -> None:
    brief_id = store.import_brief(brief()).brief.id
    ann = store.create_annotation(
        brief_id, NewAnnotation(0, 5, kind="claim", claim_type="fact", claim_status="refuted")
    )
    ann = store.update_annotation(ann.id, kind="highlight")
    assert (ann.kind, ann.claim_type, ann.claim_status) == ("highlight", None, None)


def test_restore_after_delete_is_identical(store: Store) -> None:
    brief_id = store.import_brief(brief()).brief.id
    ann = store.create_annotation(
        brief_id,
        NewAnnotation(3, 9, tags=("a", "b"), sources=(SourceInput("https://x.y/z", "context"),)),
    )
    gone = store.delete_annotation(ann.id)
    assert store.annotations_for_brief(brief_id) == []
    assert store.restore_annotation(gone) == ann
    # Ids are never reused, so a restored id cannot collide with a newer annotation.
    newer = store.create_annotation(brief_id, NewAnnotation(0, 2))
    assert newer.id > ann.id


def test_export_rows_order_and_filter(store: Store) -> None:
    b1 = store.import_brief(brief()).brief.id
    b2 = store.import_brief(brief("Second brief text here.", "sha256:2")).brief.id
    store.create_annotation(b2, NewAnnotation(0, 6, tags=("x",)))
    store.create_annotation(b1, NewAnnotation(20, 25))
    store.create_annotation(b1, NewAnnotation(0, 8, tags=("x", "a")))
    rows = list(store.iter_export_rows())
    assert [(r.brief_id, r.start) for r in rows] == [(b1, 0), (b1, 20), (b2, 0)]
    assert rows[0].tags == ("a", "x")
    assert [(r.brief_id, r.start) for r in store.iter_export_rows(tag="X")] == [(b1, 0), (b2, 0)]
    assert [r.brief_id for r in store.iter_export_rows([b2])] == [b2]


def test_bulk_create(store: Store) -> None:
    brief_id = store.import_brief(brief()).brief.id
    items = [
        NewAnnotation(i % 50, i % 50 + 5, tags=("bulk",), sources=(SourceInput("https://a.b"),))
        for i in range(12_000)
    ]
    assert store.bulk_create_annotations(brief_id, items) == 12_000
    rows = list(store.iter_export_rows())
    assert len(rows) == 12_000
    assert all(r.tags == ("bulk",) and len(r.sources) == 1 for r in rows)


def library_at(url: str, version: int, *statements: str) -> None:
    """Make the database at ``url`` a library of ``version``: version 1's (:func:`load_v1`)
    taken there by the upgrades of the time, then ``statements`` run on it."""
    from briefreader.store.schema import UPGRADES

    load_v1(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        for step in range(1, version):
            UPGRADES[step](conn)
        conn.execute(text("UPDATE schema_version SET version = :v"), {"v": version})
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def load_v1(url: str) -> None:
    """Make the database at ``url`` a version 1 one from tests/fixtures/schema_v1.sql: as
    written on SQLite; on PostgreSQL with its types, as briefreader 1 made it there (SERIAL ids,
    TIMESTAMP for DATETIME, sequences past the rows)."""
    sql = (FIXTURES / "schema_v1.sql").read_text(encoding="utf-8")
    lines = [line for line in sql.splitlines() if not line.startswith("--")]
    statements = [st.strip() for st in "\n".join(lines).split(";\n") if st.strip()]
    engine = make_engine(url)
    postgresql = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        for statement in statements:
            if statement.startswith("PRAGMA"):
                continue
            if postgresql:
                statement = re.sub(
                    r"\bid INTEGER NOT NULL( PRIMARY KEY) AUTOINCREMENT,",
                    r"id SERIAL NOT NULL\1,",
                    statement,
                )
                statement = re.sub(r"\bid INTEGER NOT NULL,", "id SERIAL NOT NULL,", statement)
                statement = statement.replace("DATETIME", "TIMESTAMP WITHOUT TIME ZONE")
            conn.exec_driver_sql(statement.rstrip(";"))
        if postgresql:
            for table in ("brief", "tag", "annotation", "source"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    engine.dispose()


def test_upgrade_from_version_1_sql(new_db_url: Callable[[str], str]) -> None:
    url = new_db_url("v1")
    load_v1(url)
    with Store.open(url) as s:
        ann = s.get_annotation(1)
        assert (ann.revision, ann.quote, ann.claimant, ann.tags, ann.orphan) == (
            1,
            "It was a major shift.",
            "Spokesman",
            ("russia",),
            False,
        )
        assert ann.sources[0].relation == "refutes"
        assert ann.created_at.tzinfo is not None
        brief = s.get_brief(1)
        assert (brief.version, brief.source_path) == (1, "/tmp/v1.txt")
        # The full-text index was built from the rows already there.
        assert [h.annotation_id for h in s.search("shift") if h.kind == "annotation"] == [1]
        assert [h.brief_id for h in s.search("pakistan")] == [1]
        # New rows get new ids, after the old ones.
        assert s.create_annotation(1, NewAnnotation(0, 8, tags=("new",))).id == 2
        assert s.update_annotation(1, expected_revision=1, note="upgraded").revision == 2
        assert [h.annotation_id for h in s.search("upgraded")] == [1]
        with s.engine.connect() as conn:
            version = conn.execute(text("SELECT version FROM schema_version")).scalar_one()
        assert version == CURRENT_VERSION


@pytest.mark.sqlite_only
def test_upgrade_from_version_1(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema_v1.sqlite3", db)
    with Store.open(f"sqlite:///{db}") as s:
        ann = s.get_annotation(1)
        assert ann.revision == 1
        assert (ann.quote, ann.claimant, ann.claim_status, ann.tags) == (
            "It was a major shift.",
            "Spokesman",
            "disputed",
            ("russia",),
        )
        assert ann.sources[0].relation == "refutes"
        assert ann.created_at.tzinfo is not None
        assert ann.orphan is False and ann.previous_quote is None
        # Version 3 built the search index from the rows already there.
        hits = s.search("shift")
        assert [(h.kind, h.annotation_id) for h in hits if h.kind == "annotation"] == [
            ("annotation", 1)
        ]
        assert any(h.kind == "brief" for h in hits)
        updated = s.update_annotation(1, expected_revision=1, note="upgraded")
        assert updated.revision == 2
        assert [h.annotation_id for h in s.search("upgraded")] == [1]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == CURRENT_VERSION


def test_newer_schema_is_refused(db_url: str) -> None:
    with Store.open(db_url) as s, s.engine.begin() as conn:
        conn.execute(text("UPDATE schema_version SET version = 99"))
    with pytest.raises(SchemaError, match="newer"):
        Store.open(db_url)


def test_foreign_database_is_not_touched(new_db_url: Callable[[str], str]) -> None:
    url = new_db_url("foreign")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE brief (x INTEGER)"))
    engine.dispose()
    with pytest.raises(SchemaError, match="refusing"):
        Store.open(url)


def test_apply_changes_is_all_or_nothing(store: Store) -> None:
    from briefreader.store.api import AnnotationChange

    brief_id = store.import_brief(brief()).brief.id
    first = store.create_annotation(brief_id, NewAnnotation(0, 5, tags=("a",)))
    second = store.create_annotation(
        brief_id, NewAnnotation(6, 11, sources=(SourceInput("https://example.org/x"),))
    )
    done = store.apply_changes(
        [
            AnnotationChange(
                first.id,
                expected_revision=first.revision,
                fields={"kind": "claim", "claim_status": "supported", "note": "checked"},
                tags=("a", "verified"),
                add_sources=(SourceInput("https://example.org/y", "refutes"),),
            ),
            AnnotationChange(second.id, remove_sources=(second.sources[0].id,)),
        ]
    )
    assert [a.revision for a in done] == [first.revision + 1, second.revision + 1]
    assert (done[0].claim_status, done[0].tags, done[0].sources[0].relation) == (
        "supported",
        ("a", "verified"),
        "refutes",
    )
    assert done[1].sources == ()
    # A stale revision in the second change rolls back the first as well.
    with pytest.raises(Conflict) as refused:
        store.apply_changes(
            [
                AnnotationChange(first.id, fields={"note": "lost"}),
                AnnotationChange(second.id, expected_revision=1, fields={"note": "stale"}),
            ]
        )
    # The store adds `index` to the Conflict it raises (store/changes.py); the class does not
    # declare it.
    assert refused.value.index == 1  # type: ignore[attr-defined]
    assert store.get_annotation(first.id).note == "checked"
    with pytest.raises(InvalidValue):
        store.apply_changes([AnnotationChange(first.id, fields={"start": 3})])


def test_nul_never_reaches_the_database(store: Store, tmp_path: Path) -> None:
    """PostgreSQL refuses NUL in text; both backends store U+FFFD instead, same length, so
    offsets and quotes stay consistent."""
    from briefreader.library import import_file

    path = tmp_path / "nul.txt"
    path.write_bytes("\ufeffAlpha\x00beta gamma.\nSecond line with\x00NUL.\n".encode())
    outcome = import_file(store, path)
    assert outcome.brief is not None
    assert any("2 NUL character(s) replaced" in w for w in outcome.warnings)
    text = store.get_brief(outcome.brief.id).text
    assert "\x00" not in text and text.startswith("Alpha\ufffdbeta")
    ann = store.create_annotation(
        outcome.brief.id,
        NewAnnotation(0, 10, note="a\x00b", sources=(SourceInput("https://e.org", note="x\x00"),)),
    )
    assert ann.quote == text[0:10] and ann.note == "a\ufffdb" and ann.sources[0].note == "x\ufffd"
    assert store.update_annotation(ann.id, note="c\x00").note == "c\ufffd"
    direct = store.import_brief(brief("Made\x00by a script.", "sha256:nul"))
    stored = store.get_brief(direct.brief.id)
    assert stored.text == "Made\ufffdby a script." and stored.content_hash != "sha256:nul"
