"""The library's first look at its briefs without SQLAlchemy (briefreader.store.peek): on a real
SQLite library with annotations, claims, orphans, brief tags and annotation tags, opened and
unopened briefs, it lists exactly what Store.list_briefs lists, in the same order; a library it
cannot read as it is gives None (the store then says why), and it never writes to the file."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from briefreader.ingest.model import content_hash
from briefreader.store.api import NewAnnotation, NewBrief, Store
from briefreader.store.peek import PEEK_VERSION, peek_briefs
from briefreader.store.schema import CURRENT_VERSION

TEXTS = [
    "Gas imports rose by 40% in 2023. Prices fell. Officials denied it.",
    "The corridor reopened on Friday. Exports doubled within a month.",
    "Nothing has been marked in this one yet.",
]


def library(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'lib.sqlite3'}"
    with Store.open(url) as store:
        ids = [
            store.import_brief(NewBrief(text, f"Brief {n}", content_hash(text), 10)).brief.id
            for n, text in enumerate(TEXTS)
        ]
        first, second, _ = ids
        store.create_annotation(first, NewAnnotation(0, 31, tags=("energy", "russia")))
        store.create_annotation(first, NewAnnotation(33, 45, kind="claim", tags=("energy",)))
        store.create_annotation(second, NewAnnotation(0, 31, kind="note", note="which port?"))
        store.update_brief_details(
            second, tags=("ports",), outlet="Dawn", published="2026-11", author="A. Khan"
        )
        store.mark_opened(second)
        store.note_read_to(second, 20)
        # An orphan: the brief's text replaced so that the note's words are gone.
        changed = "Exports doubled within a month."
        from briefreader.ingest.model import IngestedBrief
        from briefreader.library import new_brief

        store.replace_brief_text(
            second,
            new_brief(IngestedBrief(changed, "x", None, None, "text", content_hash(changed))),
        )
    return url


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_peek_lists_what_the_store_lists(tmp_path: Path) -> None:
    url = library(tmp_path)
    with Store.open(url) as store:
        expected = store.list_briefs()
    assert any(b.orphans for b in expected) and any(b.tags for b in expected)
    assert any(b.last_opened_at for b in expected) and any(b.claims for b in expected)
    files = sorted(path.name for path in tmp_path.iterdir())
    before = digest(tmp_path / "lib.sqlite3")
    assert peek_briefs(url) == expected
    assert digest(tmp_path / "lib.sqlite3") == before  # read only
    assert sorted(path.name for path in tmp_path.iterdir()) == files  # no -wal, no -shm made
    with Store.open(url) as store:  # another program has it open (its -wal is there)
        store.update_brief_details(expected[0].id, outlet="Reuters")
        assert peek_briefs(url) == store.list_briefs()


def test_the_peek_reads_the_schema_this_program_writes() -> None:
    assert PEEK_VERSION == CURRENT_VERSION


def test_what_the_peek_cannot_read_gives_none(tmp_path: Path) -> None:
    assert peek_briefs(f"sqlite:///{tmp_path / 'missing.sqlite3'}") is None
    assert not (tmp_path / "missing.sqlite3").exists()  # nothing created
    assert peek_briefs("postgresql+psycopg://me@localhost/lib") is None
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert peek_briefs(f"sqlite:///{junk}") is None
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    assert peek_briefs(f"sqlite:///{other}") is None
    url = library(tmp_path)
    with sqlite3.connect(tmp_path / "lib.sqlite3") as conn:
        conn.execute("UPDATE schema_version SET version = 8")  # an older library: the store
    assert peek_briefs(url) is None  # upgrades it, the peek does not read it
