"""More of what the command line does with what it cannot use (see test_cli_trust.py): export
and backup targets that cannot be written, ``-o -``, ``--db`` after the command and databases
it cannot open, mistyped commands, ids no database holds, a closed pipe; and the app's exit
status and crash log. Every test runs the real command on a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefreader.store.api import Store
from tests.conftest import EXAMPLE_BRIEF
from tests.unit.test_cli_trust import BRIEFREADER, CLAIM, HYPOTHESIS, cli, ok, one_sentence


@pytest.fixture
def db(db_url: str) -> str:
    """What ``--db`` gets: the file's path on SQLite (as a user types it), else the URL."""
    return db_url.removeprefix("sqlite:///")


@pytest.fixture
def brief(db: str) -> str:
    """A database holding the example brief (#1)."""
    ok("--db", db, "import", str(EXAMPLE_BRIEF))
    return db


# --- 4. files, folders, formats, --db anywhere, mistyped commands ----------------------------


def test_export_to_a_missing_folder_says_so(brief: str, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "dir" / "a.csv"
    proc = cli("--db", brief, "export", "-o", str(target))
    assert proc.returncode == 1
    line = one_sentence(proc.stderr)
    assert f"the folder {target.parent} does not exist" in line and ".part" not in line
    inside_a_file = cli("--db", brief, "export", "-o", str(EXAMPLE_BRIEF / "a.csv"))
    assert inside_a_file.returncode == 1
    assert "is not a folder" in one_sentence(inside_a_file.stderr)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "a.xlsx"], "cannot tell the format of a.xlsx"),
        (["-o", "annotations"], "cannot tell the format of annotations"),
        (
            ["--format", "json", "-o", "a.csv"],
            "a.csv is a .csv name but --format is json: name it .json or .jsonld",
        ),
        (
            ["--format", "csv", "-o", "a.md"],
            "a.md is a .md name but --format is csv: name it .csv,",
        ),
    ],
)
def test_export_refuses_a_file_name_that_disagrees_with_the_format(
    brief: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    proc = cli("--db", brief, "export", *args)
    assert proc.returncode == 2
    line = one_sentence(proc.stderr)
    assert message in line and ".csv, .json, .jsonld or .md" in line
    assert list(tmp_path.iterdir()) == [] or brief.startswith(str(tmp_path))
    assert not any(p.name.startswith(("a.", "annotations")) for p in tmp_path.iterdir())


def test_export_with_format_writes_any_other_name(
    brief: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ok("--db", brief, "annotate", "1", "--quote", CLAIM)
    ok("--db", brief, "export", "--format", "json", "-o", "a.txt")
    assert json.loads(Path("a.txt").read_text(encoding="utf-8"))["total"] == 1
    ok("--db", brief, "export", "--format", "csv", "-o", "a.xlsx")
    assert Path("a.xlsx").read_text(encoding="utf-8").startswith("annotation_id,")
    ok("--db", brief, "export", "--format", "json", "-o", "A.JSONLD")


def test_export_to_dash_is_standard_output(
    brief: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ok("--db", brief, "annotate", "1", "--quote", CLAIM)
    before = set(tmp_path.iterdir())
    out = ok("--db", brief, "export", "-o", "-")
    assert out.startswith("annotation_id,") and CLAIM in out
    assert json.loads(ok("--db", brief, "export", "--format", "json", "-o", "-"))["total"] == 1
    assert json.loads(ok("--db", brief, "export", "--format=json", "--output=-"))["total"] == 1
    assert set(tmp_path.iterdir()) == before


def test_db_before_or_after_the_command(brief: str, tmp_path: Path) -> None:
    ok("--db", brief, "annotate", "1", "--quote", CLAIM, "--tag", "x")
    first = ok("--db", brief, "list", "--json")
    assert json.loads(first)[0]["annotations"] == 1
    assert ok("list", "--db", brief, "--json") == first
    assert ok("list", f"--db={brief}", "--json") == first
    assert ok("annotate", "1", "--quote", "steel and energy sectors", "--db", brief) == "2\n"
    assert json.loads(ok("search", "tag:x", "--db", brief, "--json"))[0]["annotation_id"] == 1
    # After the command, it wins over BRIEFREADER_DB and a --db before it.
    other = tmp_path / "other.sqlite3"
    proc = cli(
        "--db", str(other), "list", "--db", brief, "--json", env={"BRIEFREADER_DB": str(other)}
    )
    assert proc.stdout == ok("--db", brief, "list", "--json")
    assert not other.exists()


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [("nosuch", None), ("lsit", "list"), ("imprt", "import"), ("exprot", "export")],
)
def test_a_mistyped_command_is_not_opened_as_a_file(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, suggestion: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    for argv in ([typed], ["--db", db, typed], [typed, "--json"]):
        proc = cli(*argv)
        assert proc.returncode == 2
        line = one_sentence(proc.stderr)
        assert line.startswith(f"briefreader: no such command or file: {typed}")
        if suggestion:
            assert f"did you mean {suggestion}?" in line
        else:
            assert "did you mean" not in line


def test_the_suffixes_that_mean_a_path_are_those_ingest_reads() -> None:
    from briefreader.cli.argv import BRIEF_SUFFIXES
    from briefreader.ingest import SUPPORTED_SUFFIXES

    assert set(BRIEF_SUFFIXES) == SUPPORTED_SUFFIXES


@pytest.mark.parametrize("name", ["missing.txt", "notes.MD", "page.htm", "sub/brief", "./x"])
def test_what_looks_like_a_path_is_still_opened_as_one(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    proc = cli("--db", db, name)
    assert proc.returncode == 1  # the file is missing: the app never starts
    assert "no such file" in one_sentence(proc.stderr)
    assert "no such command" not in proc.stderr


def test_an_existing_file_is_opened_whatever_its_name(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("lsit").write_bytes(b"\x00\x01binary")  # an existing file named like a typo
    proc = cli("--db", db, "lsit")
    assert proc.returncode == 1 and "no such command" not in proc.stderr
    assert "lsit" in one_sentence(proc.stderr)  # ingest's reason: not a brief file


def test_backup_to_a_missing_folder_says_so(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ok("--db", db, "import", str(EXAMPLE_BRIEF))
    for target, message in [
        ("missing/", "the folder missing does not exist"),
        (f"{tmp_path}/gone/", f"the folder {tmp_path}/gone does not exist"),
        (f"{EXAMPLE_BRIEF}/", f"{EXAMPLE_BRIEF} is not a folder"),
        (f"{EXAMPLE_BRIEF}/copy.sqlite3", f"{EXAMPLE_BRIEF} is not a folder"),
    ]:
        proc = cli("--db", db, "backup", target)
        assert proc.returncode == 1
        assert one_sentence(proc.stderr) == f"briefreader: {message}"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("test.")) == []
    if db.endswith(".sqlite3"):  # (PostgreSQL backups need pg_dump)
        Path("there").mkdir()
        written = Path(ok("--db", db, "backup", "there/").strip())
        assert written.parent.resolve() == Path("there").resolve()


@pytest.mark.parametrize(
    ("database", "message"),
    [
        ("a b://x", "neither a file path nor a database URL"),
        ("weird://x", "neither a file path nor a database URL"),
        ("sqlite://:memory:", "neither a file path nor a database URL"),
        ("postgresql+psycopg://u:secret@[::1/x", "neither a file path nor a database URL"),
        ("mysql://u:secret@host/db", "cannot open mysql://u:***@host/db: its database driver"),
        ("postgresql+psycopg://nobody:secret@127.0.0.1:1/x", "database error: connection"),
    ],
)
def test_a_database_that_cannot_be_used_is_one_sentence(database: str, message: str) -> None:
    for argv, env in [(["--db", database, "list"], None), (["list"], {"BRIEFREADER_DB": database})]:
        proc = cli(*argv, env=env)
        assert proc.returncode == 1
        line = one_sentence(proc.stderr)
        assert message in line and "secret" not in line


def test_a_folder_as_the_database(tmp_path: Path) -> None:
    proc = cli("--db", str(tmp_path), "list")
    assert proc.returncode == 1
    assert one_sentence(proc.stderr) == f"briefreader: {tmp_path} is a folder, not a database file"


def test_brief_ids_no_database_can_hold(brief: str) -> None:
    huge = "9" * 25
    for argv in (
        ["annotate", huge, "--quote", CLAIM],
        ["annotate", "²", "--quote", CLAIM],
        ["export", "--brief", huge],
        ["import-annotations", str(HYPOTHESIS), "--brief", huge],
        ["import", str(EXAMPLE_BRIEF), "--replace", huge],
    ):
        proc = cli("--db", brief, *argv)
        assert proc.returncode == 1, argv
        assert "no brief matches" in one_sentence(proc.stderr), argv
    for query in (f"brief:{huge}", "brief:²"):
        proc = cli("--db", brief, "search", "russia", query)
        assert proc.returncode == 1 and "no matches" in one_sentence(proc.stderr)
    assert "Russia" in ok("--db", brief, "search", "russia", "--limit", huge)


def test_a_reader_that_stops_reading_ends_the_command_quietly(db: str, db_url: str) -> None:
    from briefreader.store.api import NewAnnotation

    ok("--db", db, "import", str(EXAMPLE_BRIEF))
    with Store.open(db_url) as store:
        store.bulk_create_annotations(
            1, [NewAnnotation(start=i, end=i + 5, note="n" * 2000) for i in range(200)]
        )
    for argv in (["export"], ["export", "--format", "json"], ["list", "--json"]):
        reader = subprocess.Popen(
            [str(BRIEFREADER), "--db", db, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert reader.stdout is not None and reader.stderr is not None
        reader.stdout.read(10)
        reader.stdout.close()  # like `| head -c 10`
        error = reader.stderr.read().decode()
        code = reader.wait(timeout=60)
        assert error == "" and code in (0, 141), (argv, code, error)


def test_double_dash_before_a_path_opens_it(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for argv in (["--", "-odd.txt"], ["--", "list"], ["open", "--", "-odd.txt"]):
        proc = cli("--db", db, *argv)
        assert proc.returncode == 1 and "no such file" in one_sentence(proc.stderr), argv


# --- 2. the app's exit status and crash log ---------------------------------------------------


def _crash_logs() -> list[Path]:
    from briefreader.tui.run import logs_dir

    return sorted(logs_dir().glob("crash-*.log"))


def test_an_app_crash_is_logged_and_ends_with_status_1(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio
    import re

    from briefreader.tui.run import LoggedBriefReaderApp, crash_message

    class Crashing(LoggedBriefReaderApp):
        def on_mount(self) -> None:
            raise RuntimeError("boom in on_mount\nsecond line")

    app = Crashing(db_url)

    async def run() -> None:
        async with app.run_test() as pilot:
            await pilot.pause()

    with pytest.raises(RuntimeError, match="boom in on_mount"):
        asyncio.run(run())
    assert app.return_code == 1
    (log,) = _crash_logs()
    assert app.crash_log == log and re.fullmatch(r"crash-\d{8}-\d{6}\.log", log.name)
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError: boom in on_mount" in text
    assert 'in on_mount\n    raise RuntimeError("boom in on_mount' in text
    # The traceback is in the log, not printed over the terminal (Textual prints it to stderr
    # as the app ends, unless the crash log took it).
    assert capsys.readouterr().err == ""
    line = crash_message(RuntimeError("boom in on_mount\nsecond line"), log)
    assert "(RuntimeError: boom in on_mount)" in line and line.endswith(str(log))


def test_a_clean_exit_is_status_0_and_leaves_no_log(db_url: str) -> None:
    import asyncio

    from briefreader.tui.run import LoggedBriefReaderApp

    app = LoggedBriefReaderApp(db_url)

    async def run() -> None:
        async with app.run_test() as pilot:
            await pilot.press("ctrl+q")

    asyncio.run(run())
    assert app.return_code == 0 and app.crash_log is None and _crash_logs() == []


_CRASHING_APP = """\
import sys
from briefreader.tui.app import BriefReaderApp

def on_mount(self):
    raise RuntimeError("boom at start-up")

BriefReaderApp.on_mount = on_mount  # this test's crash, not a feature of the app
from briefreader.cli.main import main

sys.exit(main(sys.argv[1:]))
"""


def test_the_real_command_in_a_terminal_exits_1_with_one_line(db: str) -> None:
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time

    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 200, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="200", LINES="30")
    proc = subprocess.Popen(
        [sys.executable, "-c", _CRASHING_APP, "--db", db],
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        env=env,
        start_new_session=True,
    )
    os.close(child_fd)
    output = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main_fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(main_fd, 65536)
                except OSError:  # EIO: the child is gone
                    break
                if not chunk:
                    break
                output += chunk
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main_fd)
    text = output.decode("utf-8", errors="replace")
    assert code == 1, text
    assert "Traceback" not in text and "boom at start-up" in text
    (log,) = _crash_logs()
    assert "RuntimeError: boom at start-up" in log.read_text(encoding="utf-8")
    assert f"(RuntimeError: boom at start-up); the details are in {log}" in text
