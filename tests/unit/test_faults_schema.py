"""Databases that are not (or no longer) what briefreader expects, on real files: another
program's database given as the library, a damaged ``schema_version``, a damaged file. The
Store refuses them in one sentence and changes nothing, not even the journal mode; ``check``
reports what it can."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from briefreader.store.api import (
    NewAnnotation,
    NotOurDatabase,
    SchemaError,
    SchemaVersionDamaged,
    Store,
    StoreError,
)
from briefreader.store.engine import make_engine
from tests.unit.test_faults_store import brief, url

pytestmark = pytest.mark.all_backends


def another_programs_database(path: Path) -> bytes:
    """A small database of another application (rollback journal, as most are)."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO contact (name) VALUES ('Ada'), ('Grace')")
    con.close()
    return path.read_bytes()


def journal_mode(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(con.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        con.close()


@pytest.mark.sqlite_only
def test_another_programs_database_is_refused_and_left_exactly_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "contacts.db"
    before = another_programs_database(path)
    with pytest.raises(NotOurDatabase) as refused:
        Store.open(url(path))
    assert str(refused.value) == (
        f"{path} is not a briefreader database (it holds another program's tables: contact), "
        "so briefreader left it alone; give --init to add briefreader's tables to it anyway"
    )
    assert isinstance(refused.value, SchemaError) and isinstance(refused.value, StoreError)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.db"]  # no -wal, no -shm
    assert journal_mode(path) == "delete"


@pytest.mark.sqlite_only
def test_init_adds_our_tables_to_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "contacts.db"
    another_programs_database(path)
    with Store.open(url(path), init=True) as store:
        store.import_brief(brief())
    with Store.open(url(path)) as store:  # ours from now on
        assert [b.title for b in store.list_briefs()] == ["Ties"]
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute("SELECT name FROM contact ORDER BY id")] == ["Ada", "Grace"]
    con.close()


def test_a_database_with_other_tables_is_refused_on_either_backend(
    new_db_url: Callable[[str], str],
) -> None:
    db_url = new_db_url("foreign")
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total INTEGER)"))
    with pytest.raises(NotOurDatabase, match="another program's tables: invoice"):
        Store.open(db_url)
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["invoice"]
    engine.dispose()


@pytest.mark.sqlite_only
def test_an_empty_file_becomes_a_library(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    path.touch()  # what `touch` or another tool leaves: zero bytes, no tables
    with Store.open(url(path)) as store:
        store.import_brief(brief())
    assert journal_mode(path) == "wal"


@pytest.mark.sqlite_only
def test_a_damaged_file_is_not_switched_to_wal_by_opening_or_checking_it(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    with Store.open(url(path)) as store:
        store.bulk_create_annotations(
            store.import_brief(brief("word " * 4000, "sha256:w")).brief.id,
            (NewAnnotation(start=i, end=i + 30) for i in range(300)),
        )
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = DELETE")
    (root,) = con.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ix_annotation_brief_start'"
    ).fetchone()
    (page_size,) = con.execute("PRAGMA page_size").fetchone()
    con.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size + 100)
        f.write(b"\x07" * 200)
    before = path.read_bytes()
    Store.open(url(path)).close()
    with Store.open(url(path), for_check=True) as store:
        report = store.check()
        assert [f.code for f in report.findings] == ["damaged"]
        store.check(repair=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.sqlite3"]


# --------------------------------------------------------------- schema_version


def set_version(db_url: str, *statements: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


DAMAGED = {
    "zero": (["UPDATE schema_version SET version = 0"], "the version 0"),
    "negative": (["UPDATE schema_version SET version = -1"], "the version -1"),
    "two rows": (["INSERT INTO schema_version (id, version) VALUES (2, 3)"], "2 rows"),
    "no row": (["DELETE FROM schema_version"], "no row"),
}


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_a_damaged_schema_version_is_refused_in_one_sentence(db_url: str, case: str) -> None:
    with Store.open(db_url) as store:
        store.import_brief(brief())
    statements, what = DAMAGED[case]
    set_version(db_url, *statements)
    with pytest.raises(SchemaVersionDamaged) as refused:
        Store.open(db_url)
    assert str(refused.value) == (
        f"the database's schema_version table is damaged (it holds {what}), so briefreader "
        "cannot tell which version of its tables this is; restore a backup"
    )


@pytest.mark.sqlite_only
def test_a_schema_version_that_is_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    Store.open(url(path)).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE schema_version SET version = 'three'")
    con.commit()
    con.close()
    with pytest.raises(SchemaVersionDamaged, match=r"\(it holds the version 'three'\)"):
        Store.open(url(path))


def test_check_reports_a_damaged_schema_version_and_checks_the_rest(db_url: str) -> None:
    with Store.open(db_url) as store:
        brief_id = store.import_brief(brief()).brief.id
        store.create_annotation(brief_id, NewAnnotation(0, 8, note="kept"))
    set_version(db_url, "UPDATE schema_version SET version = 0")
    with Store.open(db_url, for_check=True) as store:
        assert store.read_only and store.schema_problem is not None
        assert store.read_only_reason == "its schema_version table is damaged"
        assert [a.note for a in store.annotations_for_brief(brief_id)] == ["kept"]
        report = store.check()
        repaired = store.check(repair=True)
    assert [f.code for f in report.findings] == ["schema"]
    assert report.findings[0].message == store.schema_problem
    assert not report.ok and not report.findings[0].repairable
    assert not repaired.ok and repaired.repairs == ()
