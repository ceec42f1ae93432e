"""A library file replaced (a sync tool renaming another file over it) or deleted while a Store
has it open, on real files: the write is refused and lands in neither file; the library as the
Store had it — its last commits still only in the write-ahead log included — is copied beside
the path and the Store goes on there (the refused write made again is saved in the copy); and
the old log is taken away from the path, so the file now there opens as itself and never as a
mix of the two (SQLite cannot tell whose log it finds beside a file)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from briefreader.store.api import DatabaseReplaced, DatabaseUnavailable, NewAnnotation, Store
from tests.unit.test_faults_store import TEXT, brief, tmpfs, url


def rows(path: Path, table: str) -> int:
    """Rows of ``table`` in the file at ``path`` alone (immutable: no log is read)."""
    con = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def other_library(path: Path) -> None:
    with Store.open(url(path)) as other:
        other.import_brief(brief("Another text entirely, from the other machine.", "sha256:b"))


def uncheckpointed(store: Store, brief_id: int) -> None:
    """An annotation committed to the log but not yet to the main file."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")
    store.create_annotation(brief_id, NewAnnotation(0, 8, note="only in the log"))


def rescued_copies(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("lib-rescued-*.sqlite3"))


def test_a_write_after_the_file_was_replaced_is_saved_in_a_rescued_copy(tmp_path: Path) -> None:
    db, synced, old = tmp_path / "lib.sqlite3", tmp_path / "synced.sqlite3", tmp_path / "old"
    other_library(synced)
    store = Store.open(url(db))
    brief_id = store.import_brief(brief()).brief.id
    uncheckpointed(store, brief_id)
    os.link(db, old)  # the file the store has open, for looking at it afterwards
    os.replace(synced, db)  # what a sync tool does
    try:
        with pytest.raises(DatabaseReplaced) as refused:
            store.create_annotation(brief_id, NewAnnotation(9, 15, note="typed"))
        (copy,) = rescued_copies(tmp_path)
        assert refused.value.rescued == copy
        assert str(refused.value) == (
            f"the database file {db} was replaced by another file while briefreader had it "
            "open (a sync or backup tool?), so nothing was saved. briefreader now works on a "
            f"copy of the library as it had it, saved as {copy} (open it later with --db)"
        )
        assert isinstance(refused.value, DatabaseUnavailable) and not refused.value.retryable
        # The same write again: saved in the copy, next to everything the library had.
        store.create_annotation(brief_id, NewAnnotation(9, 15, note="typed"))
        assert [a.note for a in store.annotations_for_brief(brief_id)] == [
            "only in the log",
            "typed",
        ]
        assert store.database_file == copy
    finally:
        store.close()
    assert rows(db, "annotation") == 0  # neither the new file...
    assert rows(old, "annotation") == 0  # ...nor the old one's main file got the write
    assert not (tmp_path / "lib.sqlite3-wal").exists()  # the old log is gone from the path
    assert not (tmp_path / "lib.sqlite3-shm").exists()
    with Store.open(url(db)) as reopened:  # the new file opens as itself, not through our log
        assert [b.title for b in reopened.list_briefs()] == ["Ties"]
        assert reopened.get_brief(1).text.startswith("Another text")
        assert reopened.annotations_for_brief(1) == []
    with Store.open(url(copy)) as kept:
        assert kept.get_brief(brief_id).text == TEXT
        assert len(kept.annotations_for_brief(brief_id)) == 2


def test_a_file_replaced_while_only_reading_is_noticed_and_the_path_left_clean(
    tmp_path: Path,
) -> None:
    db, synced = tmp_path / "lib.sqlite3", tmp_path / "synced.sqlite3"
    other_library(synced)
    store = Store.open(url(db))
    brief_id = store.import_brief(brief()).brief.id
    uncheckpointed(store, brief_id)
    store.verify_file()  # nothing to say yet
    assert rescued_copies(tmp_path) == []
    os.replace(synced, db)
    with pytest.raises(DatabaseReplaced) as noticed:
        store.verify_file()
    store.verify_file()  # said once: the store works on the copy now
    assert store.annotations_for_brief(brief_id)[0].note == "only in the log"
    store.close()
    assert rescued_copies(tmp_path) == [noticed.value.rescued]
    with Store.open(url(db)) as reopened:
        assert reopened.get_brief(1).text.startswith("Another text")


def test_a_file_replaced_and_never_noticed_is_rescued_on_close(tmp_path: Path) -> None:
    db, synced = tmp_path / "lib.sqlite3", tmp_path / "synced.sqlite3"
    other_library(synced)
    store = Store.open(url(db))
    brief_id = store.import_brief(brief()).brief.id
    uncheckpointed(store, brief_id)
    os.replace(synced, db)
    store.close()
    (copy,) = rescued_copies(tmp_path)
    with Store.open(url(copy)) as kept:
        assert kept.annotations_for_brief(brief_id)[0].note == "only in the log"
    with Store.open(url(db)) as reopened:
        assert reopened.get_brief(1).text.startswith("Another text")
        assert reopened.annotations_for_brief(1) == []


def test_a_write_after_the_file_was_deleted_makes_no_new_file_there(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    with Store.open(url(db)) as store:
        brief_id = store.import_brief(brief()).brief.id
        uncheckpointed(store, brief_id)
        db.unlink()
        with pytest.raises(DatabaseReplaced, match="was deleted or moved") as refused:
            store.create_annotation(brief_id, NewAnnotation(9, 15))
        assert "so nothing was saved" in str(refused.value)
        store.create_annotation(brief_id, NewAnnotation(9, 15))  # again: into the copy
    assert not db.exists()
    assert not (tmp_path / "lib.sqlite3-wal").exists()  # a library made there later is clean
    (copy,) = rescued_copies(tmp_path)
    with Store.open(url(copy)) as kept:
        assert len(kept.annotations_for_brief(brief_id)) == 2


def test_a_store_that_keeps_its_file_leaves_no_copy_and_its_log_is_folded_in(
    tmp_path: Path,
) -> None:
    db = tmp_path / "lib.sqlite3"
    with Store.open(url(db)) as store:
        brief_id = store.import_brief(brief()).brief.id
        uncheckpointed(store, brief_id)
    assert rescued_copies(tmp_path) == []
    assert not (tmp_path / "lib.sqlite3-wal").exists()
    assert rows(db, "annotation") == 1


def test_when_no_copy_can_be_written_the_old_log_is_still_taken_away(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "1m") as folder:
        db, synced = folder / "lib.sqlite3", folder / "incoming.sqlite3"
        other_library(synced)
        store = Store.open(url(db))
        brief_id = store.import_brief(brief()).brief.id
        uncheckpointed(store, brief_id)
        filler = folder / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # the disk is full
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        os.replace(synced, db)
        try:
            with pytest.raises(DatabaseReplaced, match="no copy") as refused:
                store.create_annotation(brief_id, NewAnnotation(9, 15))
            assert str(refused.value).endswith("free some space and try again")
            assert rescued_copies(folder) == []
            stale = sorted(p.name for p in folder.glob("lib.sqlite3-*"))
            assert stale and all(".stale-" in name for name in stale)  # kept, renamed
            filler.unlink()  # space again: the copy is made, never another file's log used
            with pytest.raises(DatabaseReplaced) as again:
                store.create_annotation(brief_id, NewAnnotation(9, 15))
            (copy,) = rescued_copies(folder)
            assert again.value.rescued == copy
            store.create_annotation(brief_id, NewAnnotation(9, 15))
        finally:
            store.close()
        with Store.open(url(copy)) as kept:
            assert len(kept.annotations_for_brief(brief_id)) == 2
        with Store.open(url(db)) as reopened:
            assert reopened.get_brief(1).text.startswith("Another text")
