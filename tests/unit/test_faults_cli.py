"""The command line when the file system or the database misbehaves, on real files and real
processes: export and backup targets that must not be written (the database, a link, a pipe, a
device, an existing file without --force), a read-only library, another program's database,
a damaged schema_version, a full disk, SIGTERM in the middle of an export."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefreader.exchange.files import (
    ExportTargetExists,
    UnsafeExportTarget,
    check_export_target,
    export_to_file,
)
from briefreader.store.api import NewAnnotation, NewBrief, Store
from tests.conftest import EXAMPLE_BRIEF, ROOT
from tests.unit.test_cli_trust import cli, ok, one_sentence
from tests.unit.test_faults_schema import another_programs_database
from tests.unit.test_faults_store import tmpfs

CLAIM = "It is a major shift"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A SQLite library holding the example brief (#1) and one annotation."""
    path = tmp_path / "lib.sqlite3"
    ok("--db", str(path), "import", str(EXAMPLE_BRIEF))
    ok("--db", str(path), "annotate", "1", "--quote", CLAIM, "--note", "kept")
    return path


def intact(db: Path) -> None:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT note FROM annotation").fetchall() == [("kept",)]
    finally:
        con.close()


# --------------------------------------------------------------- export and backup targets


def test_export_refuses_the_database_and_its_wal_and_shm(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "hard.csv"
    os.link(db, link)  # the same file under another name
    for target in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), link):
        proc = cli("--db", str(db), "export", "--format", "csv", "--force", "-o", str(target))
        assert proc.returncode == 1, target
        line = one_sentence(proc.stderr)
        assert line.startswith(f"briefreader: {target} is ") and "choose another file" in line
    intact(db)


def test_export_refuses_links_pipes_and_devices(db: Path, tmp_path: Path) -> None:
    aim = tmp_path / "aim.csv"
    aim.write_text("mine", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(aim)
    os.mkfifo(tmp_path / "pipe.csv")
    cases = {
        tmp_path / "link.csv": f"is a symbolic link (to {aim})",
        tmp_path / "pipe.csv": "is a named pipe, not a regular file",
        Path("/dev/null"): "is a device, not a regular file",
    }
    for target, reason in cases.items():
        proc = cli("--db", str(db), "export", "--format", "csv", "--force", "-o", str(target))
        assert proc.returncode == 1
        assert reason in one_sentence(proc.stderr)
    assert aim.read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "link.csv").is_symlink() and (tmp_path / "pipe.csv").is_fifo()


def test_export_replaces_an_existing_file_only_with_force(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.csv"
    target.write_text("my spreadsheet", encoding="utf-8")
    proc = cli("--db", str(db), "export", "-o", str(target))
    assert proc.returncode == 1
    assert one_sentence(proc.stderr) == (
        f"briefreader: {target} already exists; give --force to replace it"
    )
    assert target.read_text(encoding="utf-8") == "my spreadsheet"
    ok("--db", str(db), "export", "-o", str(target), "--force")
    assert CLAIM in target.read_text(encoding="utf-8")


def test_check_export_target_is_there_for_the_app(db: Path, tmp_path: Path) -> None:
    existing = tmp_path / "a.csv"
    existing.write_text("x", encoding="utf-8")
    url = f"sqlite:///{db}"
    with pytest.raises(ExportTargetExists, match="already exists"):
        check_export_target(existing, url, overwrite=False)
    assert check_export_target(existing, url, overwrite=True) == existing
    with pytest.raises(UnsafeExportTarget, match="is the database itself"):
        check_export_target(db, url, overwrite=True)
    with Store.open(url) as store, pytest.raises(UnsafeExportTarget):
        export_to_file(store, db)  # the app's call: never over the database
    intact(db)


def test_backup_refuses_links_and_pipes(db: Path, tmp_path: Path) -> None:
    aim = tmp_path / "aim.sqlite3"
    aim.write_bytes(b"mine")
    (tmp_path / "link.sqlite3").symlink_to(aim)
    os.mkfifo(tmp_path / "pipe.sqlite3")
    for name, reason in (("link", "is a symbolic link"), ("pipe", "is a named pipe")):
        proc = cli("--db", str(db), "backup", str(tmp_path / f"{name}.sqlite3"))
        assert proc.returncode == 1 and reason in one_sentence(proc.stderr)
    assert aim.read_bytes() == b"mine"
    assert (tmp_path / "link.sqlite3").is_symlink() and (tmp_path / "pipe.sqlite3").is_fifo()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


# --------------------------------------------------------------- a full disk


def big_library(path: Path, annotations: int) -> None:
    text = "Pakistan and Russia met again. " * 40_000
    with Store.open(f"sqlite:///{path}") as store:
        made = store.import_brief(
            NewBrief(text=text, title="Long", content_hash="sha256:long", word_count=200_000)
        )
        store.bulk_create_annotations(
            made.brief.id,
            (NewAnnotation(start=i, end=i + 40, note=f"n{i}") for i in range(annotations)),
        )


def test_backup_and_export_to_a_full_disk_say_so_and_leave_nothing(tmp_path: Path) -> None:
    db = tmp_path / "big.sqlite3"
    big_library(db, 2000)
    with tmpfs(tmp_path / "small", "300k") as folder:
        proc = cli("--db", str(db), "backup", str(folder / "copy.sqlite3"))
        assert proc.returncode == 1
        assert one_sentence(proc.stderr) == (
            f"briefreader: the disk is full, so the backup {folder / 'copy.sqlite3'} was not "
            "written"
        )
        assert list(folder.iterdir()) == []  # no .partial, no .partial-journal
        proc = cli("--db", str(db), "export", "-o", str(folder / "all.csv"))
        assert proc.returncode == 1
        assert "No space left on device" in one_sentence(proc.stderr)
        assert list(folder.iterdir()) == []


# --------------------------------------------------------------- read-only, foreign, damaged


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder outside pytest's private (0700) temp folder, for another user to read."""
    folder = Path(tempfile.mkdtemp(prefix="briefreader-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def as_another_user(folder: Path) -> list[str]:
    """The command prefix that runs a process which may read but not write ``folder``: as root
    ``setpriv`` to nobody (root may write anything), else the folder is made read-only."""
    if os.geteuid() != 0:
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot drop to another user")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_a_read_only_library_can_be_listed_searched_exported_and_checked(
    shared_folder: Path,
) -> None:
    db = shared_folder / "lib.sqlite3"
    ok("--db", str(db), "import", str(EXAMPLE_BRIEF))
    ok("--db", str(db), "annotate", "1", "--quote", CLAIM, "--note", "kept")
    before = {p.name: p.read_bytes() for p in shared_folder.iterdir()}
    prefix = as_another_user(shared_folder)
    env = dict(
        os.environ,
        BRIEFREADER_DATA_DIR=str(shared_folder / "data"),
        BRIEFREADER_CONFIG_DIR=str(shared_folder / "config"),
        HOME=str(shared_folder),
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        argv = [*prefix, sys.executable, "-m", "briefreader", "--db", str(db), *args]
        return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)

    assert "Pak-Russia" in run("list").stdout
    assert "kept" in run("search", "kept").stdout
    exported = run("export", "--format", "csv", "-o", "-")
    assert exported.returncode == 0 and CLAIM in exported.stdout
    checked = run("check")
    assert checked.returncode == 0 and "no problems found" in checked.stdout
    refused = run("annotate", "1", "--quote", "We have turned a new page")
    assert refused.returncode == 1
    line = one_sentence(refused.stderr)
    assert line.startswith("briefreader: nothing can be saved: the database is read-only (")
    repair = run("check", "--repair")
    assert repair.returncode == 0 and "Traceback" not in repair.stderr
    assert {p.name: p.read_bytes() for p in shared_folder.iterdir()} == before


def test_another_programs_database_needs_init(tmp_path: Path) -> None:
    path = tmp_path / "contacts.db"
    before = another_programs_database(path)
    for command in (["list"], ["check"], ["import", str(EXAMPLE_BRIEF)]):
        proc = cli("--db", str(path), *command)
        assert proc.returncode == 1
        assert "is not a briefreader database" in one_sentence(proc.stderr)
    assert path.read_bytes() == before
    ok("--db", str(path), "--init", "import", str(EXAMPLE_BRIEF))
    assert "Pak-Russia" in ok("--db", str(path), "list")


def test_a_damaged_schema_version_is_reported_by_check_and_refused_by_the_rest(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("UPDATE schema_version SET version = -1")
    con.commit()
    con.close()
    for command in (["list"], ["search", "kept"], ["annotate", "1", "--quote", CLAIM]):
        proc = cli("--db", str(db), *command)
        assert proc.returncode == 1
        assert "schema_version table is damaged" in one_sentence(proc.stderr)
    checked = cli("--db", str(db), "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    lines = checked.stdout.splitlines()
    assert (
        "problem: the database's schema_version table is damaged (it holds the version -1)"
        in (lines[1])
    )
    assert lines[-1] == "1 problem(s) found; none that --repair can fix safely"


# --------------------------------------------------------------- SIGTERM during an export


def test_sigterm_during_an_export_removes_the_partial_file(tmp_path: Path) -> None:
    db = tmp_path / "big.sqlite3"
    big_library(db, 60_000)
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefreader", "--db", str(db), "export", "-o", str(out / "a.csv")],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size > 0 for p in out.glob(".a.csv.*.part")):
        assert proc.poll() is None, "the export ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.002)  # the poll step of this wait for a condition
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "Traceback" not in err
    assert list(out.iterdir()) == []


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_an_export_removes_part_files_left_by_dead_exports_only(db: Path, tmp_path: Path) -> None:
    host = socket.gethostname().split(".")[0]
    out = tmp_path / "out"
    out.mkdir()
    old = time.time() - 3600
    stale = out / f".a.csv.{dead_pid()}@{host}.k2j4h1.part"
    live = out / f".b.csv.{os.getpid()}@{host}.p0q9r8.part"  # a live export (this process)
    fresh = out / f".c.csv.{dead_pid()}@{host}.z8y7x6.part"  # written to a moment ago
    remote = out / f".d.csv.{dead_pid()}@another-host.a1b2c3.part"  # another machine's
    unknown = out / ".e.csv.abcdefgh.part"  # whose owner cannot be told
    for path in (stale, live, fresh, remote, unknown):
        path.write_text("part", encoding="utf-8")
        if path is not fresh:
            os.utime(path, (old, old))
    ok("--db", str(db), "export", "-o", str(out / "a.csv"))
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["a.csv", live.name, fresh.name, remote.name, unknown.name]
    )
