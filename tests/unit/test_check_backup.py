"""`briefreader check [--repair]` on databases damaged on purpose (with sqlite3, foreign keys
off, as a hand edit or a foreign tool would), `briefreader backup` of a live database, and the
daily backups' rotation, on real files."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from briefreader.backup import (
    backups_dir,
    daily_backup,
    daily_backups,
    make_backup,
    rotate,
    series,
)
from briefreader.library import import_file
from briefreader.paths import default_db_path
from briefreader.store.api import NewAnnotation, SourceInput, Store
from briefreader.store.maintenance import pg_dump_command
from tests.conftest import EXAMPLE_BRIEF, ROOT
from tests.crash_writer import Ledger, database_problems, read_annotations
from tests.unit.test_cli import run
from tests.unit.test_durability import start_writer, wait_for_lines


def fill(db: Path | str) -> None:
    """Two briefs; annotations with tags and sources; a tag nobody uses."""
    with Store.open(db if isinstance(db, str) else f"sqlite:///{db}") as store:
        brief = import_file(store, EXAMPLE_BRIEF).brief
        other = import_file(store, ROOT / "README.md").brief
        assert brief is not None and other is not None
        for i in range(6):
            store.create_annotation(
                brief.id,
                NewAnnotation(
                    start=i * 100,
                    end=i * 100 + 40,
                    tags=("russia", f"t{i}"),
                    sources=(SourceInput(url=f"https://example.org/{i}"),),
                    note=f"note {i}",
                ),
            )
        store.create_annotation(other.id, NewAnnotation(start=0, end=11, note="on the readme"))
        store.ensure_tag("unused")


def tamper(db: Path, *statements: str) -> None:
    """Change the file behind the app's back: sqlite3, foreign keys off (its default)."""
    con = sqlite3.connect(db, isolation_level=None)
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


def tamper_url(url: str, *statements: str) -> None:
    """:func:`tamper` on either backend; PostgreSQL's foreign keys are turned off the way a
    restore tool does it (``session_replication_role``)."""
    if url.startswith("sqlite:///"):
        tamper(Path(url.removeprefix("sqlite:///")), *statements)
        return
    import psycopg
    from sqlalchemy.engine import make_url

    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as con:
        con.execute("SET session_replication_role = replica")
        for statement in statements:
            con.execute(statement)


def cli(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    # run() passes its first argument to --db as text: a URL does as well as a path.
    return run(url, *args, check=check)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.sqlite3"
    fill(path)
    return path


def test_a_sound_database_passes_and_unused_tags_are_not_a_problem(db: Path) -> None:
    done = run(db, "check")
    assert done.stdout.splitlines() == [
        f"checked sqlite:///{db}: file integrity, foreign keys, rows whose parent is gone, "
        "search index, annotation spans and quotes",
        "no problems found",
    ]
    assert run(db, "check", "--repair").stdout.endswith("no problems found\n")


def test_check_reports_every_kind_of_damage_and_repair_fixes_the_safe_ones(db: Path) -> None:
    tamper(
        db,
        # An annotation deleted without its tag links and source.
        "DELETE FROM annotation WHERE id = 1",
        # A tag deleted without its links (annotation 2 keeps a link to nothing).
        "DELETE FROM tag WHERE name = 't1'",
        # A brief deleted without its annotation.
        "DELETE FROM brief WHERE id = 2",
        # A span past the end of the text, and a quote that is not the text at its span.
        'UPDATE annotation SET "end" = 999999 WHERE id = 3',
        "UPDATE annotation SET quote = 'words that are not there' WHERE id = 4",
        # The search index loses brief 1's words and gains an annotation that does not exist.
        "INSERT INTO brief_fts(brief_fts, rowid, title, text) "
        "SELECT 'delete', id, title, text FROM brief WHERE id = 1",
        "INSERT INTO annotation_fts(rowid, quote, note, claimant, tags) "
        "VALUES (4242, 'ghost', '', '', '')",
    )
    found = run(db, "check", check=False)
    assert found.returncode == 1
    problems = [line for line in found.stdout.splitlines() if line.startswith("problem: ")]
    assert problems == [
        "problem: 1 annotation(s) of briefs that are no longer in the database (brief #2): "
        "nothing shows them; they are kept (a repair never deletes annotations); restore the "
        "brief from a backup to see them again",
        "problem: 2 tag link(s) of annotations that no longer exist (annotation #1)",
        "problem: 1 annotation tag link(s) to tags that no longer exist (tag #3)",
        "problem: 1 source(s) of annotations that no longer exist (annotation #1)",
        "problem: annotation #3 on brief #1: its span 200..999999 is outside the brief's text "
        "(0..6073)",
        "problem: annotation #4 on brief #1: its quote 'words that are not there' is not the "
        "text at 300..340 ('isit to Pakistan, yet a visit by a Russi')",
        "problem: the search index of brief texts does not match them (FTS5 integrity-check: "
        "database disk image is malformed)",
        # Annotation 2's index entry still lists the tag deleted by hand.
        "problem: the search index is out of date for 2 annotation(s) (#2, #4242)",
    ]
    assert (
        found.stdout.splitlines()[-1]
        == "8 problem(s) found; 7 can be repaired safely with --repair"
    )

    repaired = run(db, "check", "--repair", check=False)
    assert repaired.returncode == 1  # the annotation of the lost brief is kept, so still wrong
    lines = repaired.stdout.splitlines()
    assert [line for line in lines if line.startswith("repaired: ")] == [
        "repaired: deleted 2 tag link(s) of annotations that no longer exist",
        "repaired: deleted 1 annotation tag link(s) to tags that no longer exist",
        "repaired: deleted 1 source(s) of annotations that no longer exist",
        "repaired: made 2 annotation(s) orphans, their quotes kept (#3, #4): attach them again "
        "in the reader (O lists them, A attaches the chosen one to the selection)",
        "repaired: rebuilt the search index from the briefs and annotations",
    ]
    assert [line for line in lines if line.startswith("still wrong: ")] == [
        problems[0].replace("problem: ", "still wrong: ")
    ]
    assert lines[-1] == "1 problem(s) remain"

    with Store.open(f"sqlite:///{db}") as store:
        orphans = store.annotations_for_brief(1, which="orphans")
        assert [(a.id, a.quote) for a in orphans] == [
            (3, "g for a new start in bilateral ties. Alt"),
            (4, "words that are not there"),
        ]
        assert orphans[0].end == len(store.get_brief(1).text)  # clamped to the text
        assert [a.id for a in store.annotations_for_brief(1)] == [2, 5, 6]
        assert store.get_annotation(2).tags == ("russia",)
        # The rebuilt index finds the brief's words again.
        assert [h.brief_id for h in store.search("Putin") if h.kind == "brief"] == [1]
        assert [t.name for t in store.list_tags()][-1] == "unused"  # not touched

    tamper(db, "DELETE FROM annotation WHERE brief_id = 2")
    assert run(db, "check").stdout.endswith("no problems found\n")
    assert database_problems(db) == []


@pytest.mark.all_backends
def test_dangling_rows_and_bad_spans_are_found_and_repaired_on_each_backend(
    db_url: str, backend: str
) -> None:
    fill(db_url)
    tamper_url(
        db_url,
        "DELETE FROM annotation WHERE id = 1",
        'UPDATE annotation SET "end" = 999999 WHERE id = 3',
    )
    found = cli(db_url, "check", check=False)
    assert found.returncode == 1
    lines = found.stdout.splitlines()
    checked = {
        "sqlite": "file integrity, foreign keys, rows whose parent is gone, search index, "
        "annotation spans and quotes",
        "postgresql": "foreign keys and rows whose parent is gone, annotation spans and quotes",
    }[backend]
    assert lines[0].endswith(f": {checked}")
    assert lines[1:] == [
        "problem: 2 tag link(s) of annotations that no longer exist (annotation #1)",
        "problem: 1 source(s) of annotations that no longer exist (annotation #1)",
        "problem: annotation #3 on brief #1: its span 200..999999 is outside the brief's text "
        "(0..6073)",
        "3 problem(s) found; 3 can be repaired safely with --repair",
    ]
    repaired = cli(db_url, "check", "--repair")
    assert repaired.stdout.splitlines()[-1] == "all problems repaired"
    assert cli(db_url, "check").stdout.splitlines()[-1] == "no problems found"
    with Store.open(db_url) as store:
        [orphan] = store.annotations_for_brief(1, which="orphans")
        assert orphan.id == 3 and orphan.quote == "g for a new start in bilateral ties. Alt"
        assert orphan.revision == 2  # a change other readers see


def test_a_damaged_file_is_reported_and_not_written_to(db: Path) -> None:
    with Store.open(f"sqlite:///{db}") as store:
        store.bulk_create_annotations(1, (NewAnnotation(start=i, end=i + 30) for i in range(300)))
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode = DELETE")  # everything in the main file
    (root,) = con.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ix_annotation_brief_start'"
    ).fetchone()
    (page_size,) = con.execute("PRAGMA page_size").fetchone()
    con.close()
    with db.open("r+b") as f:  # scribble over an index page
        f.seek((root - 1) * page_size + 100)
        f.write(b"\x07" * 200)
    done = run(db, "check", check=False)
    assert done.returncode == 1
    [problem] = [line for line in done.stdout.splitlines() if line.startswith("problem: ")]
    assert problem.startswith("problem: the database file is damaged (integrity_check: ")
    assert problem.endswith("); restore a backup")
    assert done.stdout.splitlines()[-1] == "1 problem(s) found; none that --repair can fix safely"
    before = db.read_bytes()
    repaired = run(db, "check", "--repair", check=False)
    assert repaired.returncode == 1
    assert "repaired: nothing was repaired: the file itself is damaged" in repaired.stdout
    assert db.read_bytes() == before


def test_a_file_that_is_not_a_database_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are not the droids" * 1000)
    done = run(path, "check", check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("briefreader: the database could not be opened (file is not")
    assert "restore a backup" in done.stderr


# ---------------------------------------------------------------------------- backup


def backup_contents(path: Path) -> tuple[list[str], int, set[str]]:
    con = sqlite3.connect(path)
    try:
        verdict = [r[0] for r in con.execute("PRAGMA integrity_check")]
        (count,) = con.execute("SELECT count(*) FROM annotation").fetchone()
        mode = {con.execute("PRAGMA journal_mode").fetchone()[0]}
    finally:
        con.close()
    return verdict, count, mode


def test_backup_without_file_goes_to_the_data_folder_and_verifies(db: Path) -> None:
    done = run(db, "backup")
    target = Path(done.stdout.strip())
    assert target.parent == backups_dir()
    assert re.fullmatch(r"lib-[0-9a-f]{8}-\d{4}-\d\d-\d\d_\d{6}\.sqlite3", target.name)
    assert re.fullmatch(
        r"backed up 2 brief\(s\), 7 annotation\(s\), 0\.\d MB \(SQLite online backup; "
        r"integrity_check ok\) in \d+\.\d\d s\n",
        done.stderr,
    )
    # A single self-contained file, not a WAL database with side files.
    assert backup_contents(target) == (["ok"], 7, {"delete"})
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    # A second one a moment later does not overwrite the first.
    again = Path(run(db, "backup").stdout.strip())
    assert again != target and again.exists() and target.exists()


def test_backup_to_a_file_or_a_folder_and_never_over_the_database(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "copies" / "mine.sqlite3"
    target.parent.mkdir()
    assert run(db, "backup", str(target)).stdout == f"{target}\n"
    assert backup_contents(target)[:2] == (["ok"], 7)
    folder = tmp_path / "copies"
    into = Path(run(db, "backup", str(folder)).stdout.strip())
    assert into.parent == folder and into.name.startswith("lib-")
    refused = run(db, "backup", str(db), check=False)
    assert refused.returncode == 1
    assert refused.stderr == f"briefreader: {db} is the database itself; choose another file\n"
    assert backup_contents(db)[:2] == (["ok"], 7)


def test_backup_while_a_writer_writes_is_a_consistent_prefix(tmp_path: Path) -> None:
    db = tmp_path / "busy.sqlite3"
    out = tmp_path / "writer.jsonl"
    proc = start_writer(db, out, seed=7)
    try:
        wait_for_lines(out, proc, 30)
        acknowledged_before = out.read_text()
        with Store.open(f"sqlite:///{db}") as store:
            info = make_backup(store, tmp_path / "live-copy.sqlite3")
        acknowledged_after = out.read_text()
        wait_for_lines(out, proc, acknowledged_after.count("\n") + 20)  # it kept writing
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert database_problems(info.path) == []
    copy = read_annotations(info.path)
    lines = out.read_text().splitlines(keepends=True)
    # The copy is the database as it was after the k-th acknowledged operation, for some k
    # between the acknowledgements seen before and after the backup ran.
    ok_lines = [i for i, line in enumerate(lines) if '"t": "ok"' in line]
    lowest = acknowledged_before.count('"t": "ok"')
    highest = acknowledged_after.count('"t": "ok"')
    matches = []
    for k in range(max(0, lowest - 1), highest + 1):
        upto = ok_lines[k - 1] + 1 if k else 1
        ledger = Ledger()
        ledger.feed("".join(lines[:upto]))
        if copy == ledger.state:
            matches.append(k)
    assert matches, "the copy is not the state after any acknowledged operation"
    assert info.annotations == len(copy) > 0


def test_backup_of_postgresql_needs_pg_dump_and_keeps_the_password_off_the_command_line(
    tmp_path: Path,
) -> None:
    from sqlalchemy.engine import make_url

    url = make_url("postgresql+psycopg://team:s3cret@db.example.org:5433/briefs?sslmode=require")
    argv, env = pg_dump_command("/usr/bin/pg_dump", url, tmp_path / "x.dump")
    assert argv == [
        "/usr/bin/pg_dump",
        "--format=custom",
        "--no-owner",
        f"--file={tmp_path / 'x.dump'}",
        "--dbname=postgresql://team@db.example.org:5433/briefs?sslmode=require",
    ]
    assert env["PGPASSWORD"] == "s3cret"
    assert not any("s3cret" in a for a in argv)


# ---------------------------------------------------------------------------- daily backups


def test_daily_backups_one_a_day_seven_kept_by_hand_ones_never_touched(db: Path) -> None:
    folder = backups_dir()
    with Store.open(f"sqlite:///{db}") as store:
        name = series(store)
        by_hand = make_backup(store).path
        start = date(2025, 3, 1)
        for i in range(10):
            result = daily_backup(store, today=start + timedelta(days=i))
            assert result.made is not None and result.made.verified == "integrity_check ok"
            assert len(result.removed) == (1 if i >= 7 else 0)
        # Opening the app again the same day makes no second backup.
        same_day = daily_backup(store, today=start + timedelta(days=9))
        assert same_day.made is None and same_day.removed == ()
    kept = daily_backups(folder, name)
    assert [d for d, _ in kept] == [start + timedelta(days=i) for i in range(3, 10)]
    assert kept[0][1].name == f"{name}-daily-2025-03-04.sqlite3"
    assert by_hand.exists()
    for _, path in kept:
        assert backup_contents(path) == (["ok"], 7, {"delete"})


def test_rotation_keeps_other_series_and_removes_only_stale_partial_copies(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    for i in range(1, 10):
        (folder / f"mine-daily-2025-01-0{i}.sqlite3").write_bytes(b"x")
        (folder / f"other-daily-2025-01-0{i}.sqlite3").write_bytes(b"x")
    (folder / "mine-2025-01-01_120000.sqlite3").write_bytes(b"by hand")
    (folder / "mine-daily-notes.txt").write_bytes(b"not a backup")
    stale = folder / ".mine-daily-2025-01-05.sqlite3.123.partial"
    fresh = folder / ".mine-daily-2025-01-09.sqlite3.456.partial"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    removed = rotate(folder, "mine", keep=7)
    assert sorted(p.name for p in removed) == sorted(
        [".mine-daily-2025-01-05.sqlite3.123.partial"]
        + [f"mine-daily-2025-01-0{i}.sqlite3" for i in (1, 2)]
    )
    names = {p.name for p in folder.iterdir()}
    assert {f"other-daily-2025-01-0{i}.sqlite3" for i in range(1, 10)} <= names
    assert {"mine-2025-01-01_120000.sqlite3", "mine-daily-notes.txt", fresh.name} <= names
    # The newest one is always kept.
    assert len(rotate(folder, "mine", keep=0)) == 6
    assert [p.name for _, p in daily_backups(folder, "mine")] == ["mine-daily-2025-01-09.sqlite3"]


def test_series_names_the_default_library_and_keeps_same_named_files_apart(
    tmp_path: Path,
) -> None:
    with Store.open(f"sqlite:///{default_db_path()}") as store:
        assert series(store) == "briefreader"
    names = set()
    for folder in ("a", "b"):
        with Store.open(f"sqlite:///{tmp_path / folder / 'notes.sqlite3'}") as store:
            names.add(series(store))
    assert len(names) == 2 and all(n.startswith("notes-") for n in names)


def test_an_in_memory_library_has_no_daily_backup() -> None:
    with Store.open("sqlite://") as store:
        assert daily_backup(store).made is None
    assert not backups_dir().exists()


def test_postgresql_backup_is_a_pg_dump_archive(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = request.getfixturevalue("pg_server")
    if server.schemas is None:
        pytest.skip(f"PostgreSQL: {server.skip_reason}")
    url = server.schemas.fresh("briefreader_test_backup")
    try:
        fill(url)
        target = tmp_path / "team.dump"
        done = cli(url, "backup", str(target))
        assert done.stdout == f"{target}\n"
        assert "(pg_dump (custom format); pg_restore --list ok)" in done.stderr
        listed = subprocess.run(
            ["pg_restore", "--list", str(target)], capture_output=True, text=True, check=True
        )
        assert "TABLE DATA briefreader_test_backup annotation" in listed.stdout
        default = Path(cli(url, "backup").stdout.strip())
        assert default.parent == backups_dir() and default.suffix == ".dump"
        # Without pg_dump: a plain message, exit status 1, nothing written.
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))
        missing = cli(url, "backup", str(tmp_path / "never.dump"), check=False)
        assert missing.returncode == 1
        assert missing.stderr.startswith("briefreader: pg_dump was not found on PATH: install")
        assert not (tmp_path / "never.dump").exists()
    finally:
        server.schemas.drop("briefreader_test_backup")
