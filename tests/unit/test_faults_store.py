"""The Store when the database misbehaves under it, on real files: the file replaced or deleted
while open, another program holding the write lock, a full disk, a read-only file, folder or
file system. Every refusal is a :class:`StoreError` with one sentence, and nothing is written.

Helpers for real file-system conditions live here too (a small tmpfs, an immutable file); the
command-line tests (test_faults_cli.py) use them.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from briefreader.store.api import (
    DatabaseBusy,
    DiskFull,
    NewAnnotation,
    NewBrief,
    ReadOnlyDatabase,
    Store,
    StoreError,
)

pytestmark = pytest.mark.all_backends

TEXT = "Pakistan and Russia met in 1974. It was a major shift. Others disagreed."


def brief(text: str = TEXT, digest: str = "sha256:abc") -> NewBrief:
    return NewBrief(text=text, title="Ties", content_hash=digest, word_count=12, source="/x.txt")


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def sqlite_rows(path: Path, table: str) -> int:
    """Rows of ``table`` in the file at ``path``, read with plain sqlite3 (read-only)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


# --------------------------------------------------------------- real file-system conditions


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, check=False)


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` (made here); the test is skipped where
    mounting is not permitted (not root, or a sandbox without CAP_SYS_ADMIN)."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))


def remount(folder: Path, mode: str) -> None:
    done = _run("mount", "-o", f"remount,{mode}", str(folder))
    if done.returncode != 0:
        pytest.skip(f"cannot remount a tmpfs {mode} here: {done.stderr.strip()}")


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[Path]:
    """``chattr +i``: not even root may write the file (skipped where the file system or the
    sandbox does not allow it)."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr command")
    done = _run("chattr", "+i", str(path))
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not permitted here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        _run("chattr", "-i", str(path))


def fill_disk(folder: Path) -> Path:
    """Write a file in ``folder`` until its file system has no room left."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def limit_pages(store: Store, pages: int | None) -> None:
    """Make the store's SQLite file unable to grow past ``pages`` pages (SQLite's own
    ``max_page_count``: a real SQLITE_FULL from the driver), or lift the limit (None)."""
    limit = pages if pages is not None else 1073741823

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {limit}")

    event.listen(store.engine, "connect", on_connect)
    store.engine.dispose()  # every connection from now on is a new one


def page_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())


# --------------------------------------------------------------- another writer holds the lock


@contextlib.contextmanager
def write_lock_held(db_url: str) -> Iterator[None]:
    """Another program in the middle of a write transaction on the database."""
    if db_url.startswith("sqlite:///"):
        con = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            con.execute("ROLLBACK")
            con.close()
        return
    import psycopg
    from sqlalchemy.engine import make_url

    from briefreader.store.engine import WRITE_LOCK

    libpq = make_url(db_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        try:
            yield
        finally:
            holder.rollback()


def test_a_lock_held_past_the_busy_timeout_gives_database_busy(db_url: str) -> None:
    with Store.open(db_url) as first:
        brief_id = first.import_brief(brief()).brief.id
    with Store.open(db_url, busy_timeout=0.3) as store:
        assert store.busy_timeout == 0.3
        with write_lock_held(db_url):
            started = time.monotonic()
            with pytest.raises(DatabaseBusy) as busy:
                store.create_annotation(brief_id, NewAnnotation(0, 8, note="typed"))
            waited = time.monotonic() - started
            assert [b.id for b in store.list_briefs()] == [brief_id]  # reading still works
        assert 0.25 <= waited < 10
        assert busy.value.timeout == 0.3 and busy.value.retryable
        assert str(busy.value) == (
            "another program is writing to the database and has kept it locked for more than "
            "0.3 s, so nothing was saved; try again when it has finished"
        )
        assert store.annotations_for_brief(brief_id) == []
        made = store.create_annotation(brief_id, NewAnnotation(0, 8, note="typed"))  # the retry
        assert store.get_annotation(made.id).note == "typed"


def test_the_busy_timeout_defaults_to_30_s(store: Store) -> None:
    assert store.busy_timeout == 30.0
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


# --------------------------------------------------------------- a full disk


@pytest.mark.sqlite_only
def test_a_write_that_finds_the_disk_full_raises_disk_full_and_the_retry_works(
    tmp_path: Path,
) -> None:
    db = tmp_path / "lib.sqlite3"
    with Store.open(url(db)) as store:
        brief_id = store.import_brief(brief()).brief.id
        kept = store.create_annotation(brief_id, NewAnnotation(0, 8, note="kept"))
        limit_pages(store, page_count(store))
        big = NewAnnotation(9, 19, note="x" * 200_000)
        with pytest.raises(DiskFull) as full:
            store.create_annotation(brief_id, big)
        assert str(full.value) == "the disk is full; nothing was saved"
        assert full.value.retryable
        with pytest.raises(DiskFull):
            store.import_brief(brief("A long text. " * 20_000, "sha256:long"))
        assert [a.id for a in store.annotations_for_brief(brief_id)] == [kept.id]
        limit_pages(store, None)  # room again: the same change goes through
        made = store.create_annotation(brief_id, big)
        assert store.get_annotation(made.id).note == big.note
        assert store.check().ok


@pytest.mark.sqlite_only
def test_a_full_file_system_raises_disk_full(tmp_path: Path) -> None:
    with (
        tmpfs(tmp_path / "small", "1m") as folder,
        Store.open(url(folder / "lib.sqlite3")) as store,
    ):
        brief_id = store.import_brief(brief()).brief.id
        filler = fill_disk(folder)
        with pytest.raises(DiskFull):
            store.create_annotation(brief_id, NewAnnotation(0, 8, note="y" * 300_000))
        filler.unlink()
        made = store.create_annotation(brief_id, NewAnnotation(0, 8, note="y" * 300_000))
        assert len(store.get_annotation(made.id).note) == 300_000
        assert store.check().ok


# --------------------------------------------------------------- read-only databases


def assert_reads_but_refuses_writes(store: Store, brief_id: int, reason: str) -> None:
    assert store.read_only and reason in (store.read_only_reason or "")
    assert [b.id for b in store.list_briefs()] == [brief_id]
    [kept] = store.annotations_for_brief(brief_id)
    assert kept.note == "kept"
    assert any(h.annotation_id == kept.id for h in store.search("kept"))
    assert len(list(store.iter_export_rows(None, None))) == 1
    report = store.check()
    assert report.ok and report.findings == ()
    with pytest.raises(ReadOnlyDatabase) as refused:
        store.create_annotation(brief_id, NewAnnotation(0, 8))
    assert str(refused.value) == f"nothing can be saved: the database is read-only ({reason})"
    assert not refused.value.retryable and isinstance(refused.value, StoreError)
    with pytest.raises(ReadOnlyDatabase):
        store.mark_opened(brief_id)
    repaired = store.check(repair=True)
    assert repaired.ok


def make_library(db: Path) -> int:
    with Store.open(url(db)) as store:
        brief_id = store.import_brief(brief()).brief.id
        store.create_annotation(brief_id, NewAnnotation(0, 8, note="kept"))
    return brief_id


@pytest.mark.sqlite_only
def test_a_library_on_a_read_only_file_system_is_read_and_never_written(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "media", "4m") as folder:
        db = folder / "lib.sqlite3"
        brief_id = make_library(db)
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        remount(folder, "ro")
        with Store.open(url(db)) as store:
            assert_reads_but_refuses_writes(store, brief_id, "it is on a read-only file system")
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.sqlite_only
def test_an_immutable_database_file_is_read_and_never_written(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    brief_id = make_library(db)
    before = db.read_bytes()
    with immutable(db), Store.open(url(db)) as store:
        assert_reads_but_refuses_writes(store, brief_id, f"the file {db} cannot be written")
    assert db.read_bytes() == before


def test_a_store_opened_read_only_on_purpose_refuses_writes(db_url: str) -> None:
    with Store.open(db_url) as store:
        brief_id = store.import_brief(brief()).brief.id
        store.create_annotation(brief_id, NewAnnotation(0, 8, note="kept"))
    with Store.open(db_url, read_only=True) as store:
        assert_reads_but_refuses_writes(store, brief_id, "it was opened read-only")


@pytest.mark.postgresql_only
def test_a_read_only_postgresql_server_is_read_and_never_written(db_url: str) -> None:
    from sqlalchemy.engine import make_url

    with Store.open(db_url) as store:
        brief_id = store.import_brief(brief()).brief.id
        store.create_annotation(brief_id, NewAnnotation(0, 8, note="kept"))
    parsed = make_url(db_url)
    query = dict(parsed.query)
    query["options"] = f"{query.get('options', '')} -cdefault_transaction_read_only=on".strip()
    standby_like = parsed.set(query=query).render_as_string(hide_password=False)
    with Store.open(standby_like) as store:
        assert_reads_but_refuses_writes(store, brief_id, "the server accepts only reads")


def test_postgresql_errors_become_the_stores_own() -> None:
    psycopg = pytest.importorskip("psycopg")
    from briefreader.store.engine import translate_error

    assert isinstance(translate_error(psycopg.errors.DiskFull("no space"), 1), DiskFull)
    busy = translate_error(psycopg.errors.LockNotAvailable("lock timeout"), 2.5)
    assert isinstance(busy, DatabaseBusy) and busy.timeout == 2.5
    read_only = translate_error(psycopg.errors.ReadOnlySqlTransaction("read-only"), 1)
    assert isinstance(read_only, ReadOnlyDatabase)
    assert translate_error(psycopg.errors.UniqueViolation("dup"), 1) is None
