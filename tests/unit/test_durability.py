"""Durability and concurrency of the SQLite library, with real processes: a writer killed with
SIGKILL at random moments loses nothing it acknowledged and leaves a database that passes
SQLite's own checks; two writers on one file both land every write without "database is
locked"; a lock held too long gives a plain message, not a traceback.

The writer is tests/crash_writer.py; benchmarks/bench_crash.py runs the long version.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefreader.library import import_file
from briefreader.store.api import NewAnnotation, Store
from tests.conftest import EXAMPLE_BRIEF, ROOT
from tests.crash_writer import Ledger, database_problems, read_annotations, verify

WRITER = ROOT / "tests" / "crash_writer.py"


def child_env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))


def start_writer(db: Path, out: Path, seed: int, *extra: str) -> subprocess.Popen[bytes]:
    with out.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, str(WRITER), f"sqlite:///{db}", "--seed", str(seed), *extra],
            stdout=sink,
            stderr=subprocess.PIPE,
            env=child_env(),
        )


def wait_for_lines(out: Path, proc: subprocess.Popen[bytes], count: int) -> None:
    """Until the writer has printed ``count`` lines (it must still be running)."""
    deadline = time.monotonic() + 60
    while out.read_text().count("\n") < count:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "the writer did not get going"
        time.sleep(0.005)  # the poll step of this wait for a condition


def test_sigkill_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite3"
    rng = random.Random(5)
    ledger = Ledger()
    for round_no in range(3):
        out = tmp_path / f"round{round_no}.jsonl"
        proc = start_writer(db, out, seed=round_no)
        # After "ready" and a few operations (whatever the machine's load), at a random moment.
        wait_for_lines(out, proc, rng.randint(4, 24))
        time.sleep(rng.uniform(0, 0.05))  # about time: the kill lands at a random moment
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        ledger.feed(out.read_text())
        assert verify(db, ledger) == []
    assert ledger.acknowledged >= 3  # the kills landed while it was writing
    with Store.open(f"sqlite:///{db}") as store:
        assert store.check().findings == ()


def test_two_processes_writing_the_same_file_both_land_everything(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite3"
    procs = []
    for label in ("a", "b"):
        out = tmp_path / f"{label}.jsonl"
        procs.append(
            (
                out,
                start_writer(
                    db, out, 11 if label == "a" else 12, "--count", "30", "--label", label
                ),
            )
        )
    ledger = Ledger()
    for out, proc in procs:
        _, stderr = proc.communicate(timeout=120)
        # No "database is locked" (or anything else) reached the user: both waited their turn.
        assert proc.returncode == 0, stderr.decode()
        assert stderr == b""
        ledger.feed(out.read_text())
        assert '"t": "done"' in out.read_text()
    assert ledger.in_flight == []
    assert verify(db, ledger) == []
    found = read_annotations(db)
    assert set(found) == set(ledger.state)
    # Both wrote on the brief they share (the example, imported once by whichever came first).
    [shared] = {json.loads(out.read_text().splitlines()[0])["shared"] for out, _ in procs}
    writers_on_shared = {e.note.split()[1] for e in found.values() if e.brief == shared}
    assert writers_on_shared == {"a", "b"}


LOCK_HOLDER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))  # about time: a writer that holds the lock this long
con.execute("COMMIT")
"""

#: The command, with the busy timeout made small as a user's shorter patience would be.
IMPATIENT_CLI = """
import sys
import briefreader.store.engine as engine
engine.BUSY_TIMEOUT_S = float(sys.argv[1])
from briefreader.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(db), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    return holder


def cli(db: Path, *args: str, timeout_s: float | None = None) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "briefreader"]
    if timeout_s is not None:
        argv = [sys.executable, "-c", IMPATIENT_CLI, str(timeout_s)]
    return subprocess.run(
        [*argv, "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=120,
    )


@pytest.fixture
def library(tmp_path: Path) -> Path:
    db = tmp_path / "lib.sqlite3"
    with Store.open(f"sqlite:///{db}") as store:
        import_file(store, EXAMPLE_BRIEF)
    return db


def test_a_lock_held_longer_than_the_busy_timeout_gives_a_plain_message(library: Path) -> None:
    holder = hold_lock(library, 30)
    try:
        done = cli(library, "annotate", "1", "--quote", "a new page", timeout_s=0.5)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith("briefreader: the database is busy")
        assert "more than 0.5 s" in done.stderr and "nothing half-done was saved" in done.stderr
        assert done.stdout == ""
    finally:
        holder.kill()
        holder.wait()
    assert database_problems(library) == []
    assert read_annotations(library) == {}


def test_a_short_lock_is_waited_for_within_the_busy_timeout(library: Path) -> None:
    with Store.open(f"sqlite:///{library}") as store:
        holder = hold_lock(library, 1.0)
        started = time.monotonic()
        made = store.create_annotation(1, NewAnnotation(start=0, end=20, tags=("waited",)))
        waited = time.monotonic() - started
        holder.wait(timeout=30)
    assert waited >= 0.5  # it waited for the other writer instead of failing at once
    assert read_annotations(library)[made.id].tags == {"waited"}


def test_on_postgresql_a_writer_held_too_long_gives_the_same_message(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = request.getfixturevalue("pg_server")
    if server.schemas is None:
        pytest.skip(f"PostgreSQL: {server.skip_reason}")
    import psycopg
    from sqlalchemy.engine import make_url

    from briefreader.store import engine
    from tests.unit.test_cli import run_in_process

    url = server.schemas.fresh("briefreader_test_busy")
    try:
        with Store.open(url) as store:
            import_file(store, EXAMPLE_BRIEF)
        libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(libpq) as holder:  # a writer in the middle of a long transaction
            holder.execute("SELECT pg_advisory_xact_lock(%s)", (engine.WRITE_LOCK,))
            monkeypatch.setattr(engine, "BUSY_TIMEOUT_S", 0.5)
            done = run_in_process(url, "annotate", "1", "--quote", "a new page", check=False)
            holder.rollback()
        assert done.returncode == 1
        assert done.stderr.startswith("briefreader: the database is busy: another program has")
        assert "more than 0.5 s" in done.stderr
    finally:
        server.schemas.drop("briefreader_test_busy")
