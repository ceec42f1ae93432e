"""The `briefreader` command, run as a real process on a temp database."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefreader.cli.main import main
from briefreader.store.api import Store
from tests.conftest import EXAMPLE_BRIEF

pytestmark = pytest.mark.all_backends

QUOTE = "We have turned a new page in our relationship with Russia"


def run(
    db: str | Path, *args: str, check: bool = True, process: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the command on database ``db`` (a file or a URL) in-process (fast), or as a real
    process with ``process=True``."""
    if not process:
        return run_in_process(db, *args, check=check)
    env = dict(os.environ, BRIEFREADER_DB=str(db), COLUMNS="120")
    raw = subprocess.run(
        [sys.executable, "-m", "briefreader", *args], capture_output=True, env=env, timeout=120
    )
    # Decoded by hand: text mode would turn the CSV's CRLF row ends into LF.
    proc = subprocess.CompletedProcess(
        raw.args, raw.returncode, raw.stdout.decode("utf-8"), raw.stderr.decode("utf-8")
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def run_in_process(
    db: str | Path, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(["--db", str(db), *args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    proc = subprocess.CompletedProcess(
        list(args), code, out.getvalue().decode(), err.getvalue().decode()
    )
    if check and code != 0:
        raise AssertionError(f"exit {code}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture
def db(db_url: str) -> str:
    """What ``--db`` gets: the file's path on SQLite (as a user types it), else the URL."""
    return db_url.removeprefix("sqlite:///")


def test_acceptance_import_annotate_export(db: str, example_text: str) -> None:
    out = run(db, "import", str(EXAMPLE_BRIEF), process=True).stdout
    assert out.startswith("imported   #1  Pak-Russia ties are witnessing a fresh start")
    assert "words)" in out
    new_id = run(
        db,
        "annotate",
        "1",
        "--quote",
        QUOTE,
        "--kind",
        "claim",
        "--claimant",
        "Foreign office spokesman",
        "--tag",
        "russia",
        "--source",
        "https://example.org/a",
        "--relation",
        "supports",
        process=True,
    ).stdout.strip()
    assert new_id == "1"
    exported = run(db, "export", "--format", "csv", process=True).stdout
    lines = exported.split("\n")
    assert lines[0] == (
        "annotation_id,brief_id,brief_title,brief_source,kind,quote,start,end,prefix,suffix,"
        "note,tags,color,claimant,claim_type,claim_status,sources,created_at,updated_at,"
        "check_status,conclusion,rationale,checked_by,checked_at,contacted_at,contact_outcome,"
        "creator\r"
    )
    rows = list(csv.DictReader(io.StringIO(exported, newline="")))
    assert len(rows) == 1
    row = rows[0]
    start, end = int(row["start"]), int(row["end"])
    assert example_text[start:end] == QUOTE
    assert start == example_text.index(QUOTE)
    assert (row["kind"], row["quote"], row["claimant"], row["tags"], row["sources"]) == (
        "claim",
        QUOTE,
        "Foreign office spokesman",
        "russia",
        "supports https://example.org/a",
    )
    assert row["claim_status"] == "unverified"
    assert row["brief_source"] == str(EXAMPLE_BRIEF.resolve())


def test_import_twice_says_so_and_failures_set_exit_status(db: str, tmp_path: Path) -> None:
    run(db, "import", str(EXAMPLE_BRIEF))
    again = run(db, "import", str(EXAMPLE_BRIEF)).stdout
    assert again.startswith("unchanged  #1") and "already in the library" in again
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    proc = run(db, "import", str(binary), str(tmp_path / "missing.md"), check=False)
    assert proc.returncode == 1
    assert f"skipped    {binary}" in proc.stdout and "binary" in proc.stdout
    assert "missing.md: no such file" in proc.stdout
    listed = json.loads(run(db, "list", "--json").stdout)
    assert [b["id"] for b in listed] == [1]


def test_import_folder_recursively(db: str, tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("First brief. It is short.", encoding="utf-8")
    (tmp_path / "a" / "b" / "two.md").write_text("# Second\n\nBody text.", encoding="utf-8")
    (tmp_path / "a" / "b" / "skip.pdf").write_bytes(b"%PDF-1.4")
    out = run(db, "import", str(tmp_path / "a")).stdout.splitlines()
    assert len(out) == 2 and all(line.startswith("imported") for line in out)
    assert "Second" in out[1]


def test_list_table_and_json(db: str) -> None:
    if "://" in str(db):  # a server's database: empty
        assert "library is empty" in run(db, "list").stdout
    else:  # a file that does not exist yet: list does not create it
        assert "no library at" in run(db, "list", check=False).stderr
    run(db, "import", str(EXAMPLE_BRIEF))
    run(db, "annotate", "1", "--quote", "It is a major shift", "--tag", "Russia", "--tag", "SCO")
    table = run(db, "list").stdout.splitlines()
    assert table[0].split()[:3] == ["id", "title", "words"]
    assert table[1].split()[0] == "1" and "russia, sco" in table[1]
    [entry] = json.loads(run(db, "list", "--json").stdout)
    assert entry["annotations"] == 1 and entry["claims"] == 0 and entry["tags"] == ["russia", "sco"]
    assert entry["words"] > 800


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quote", "the"], "occurs"),
        (["--quote", "no such words anywhere"], "not found"),
        (["--quote", "SCO", "--occurrence", "9"], "--occurrence 9"),
        (["--quote", "Moscow", "--occurrence", "1", "--source", "ftp://x.org/a"], "http"),
        (["--quote", "Moscow", "--occurrence", "1", "--tag", "a;b"], "semicolons"),
        (
            ["--quote", "Moscow", "--occurrence", "1", "--kind", "note", "--verdict", "refuted"],
            "--kind claim",
        ),
        (
            ["--quote", "Moscow", "--occurrence", "1", "--verdict", "refuted", "--status", "x"],
            "--status",
        ),
    ],
)
def test_annotate_errors_are_clear(db: str, args: list[str], message: str) -> None:
    run(db, "import", str(EXAMPLE_BRIEF))
    proc = run(db, "annotate", "1", *args, check=False)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert proc.stdout == ""
    assert json.loads(run(db, "list", "--json").stdout)[0]["annotations"] == 0


def test_annotate_lenient_quote_and_occurrence(db: str, example_text: str) -> None:
    run(db, "import", str(EXAMPLE_BRIEF))
    # Straight apostrophe typed, curly in the brief.
    run(db, "annotate", "1", "--quote", "Putin's visit was primarily intended")
    run(db, "annotate", "1", "--quote", "SCO", "--occurrence", "2", "--claimant", "Writer")
    rows = list(csv.DictReader(io.StringIO(run(db, "export").stdout, newline="")))
    assert rows[0]["quote"] == "Putin’s visit was primarily intended"
    second = [i for i in range(len(example_text)) if example_text.startswith("SCO", i)][1]
    assert (int(rows[1]["start"]), rows[1]["kind"]) == (second, "claim")


def test_sources_pair_with_their_relations(db: str) -> None:
    run(db, "import", str(EXAMPLE_BRIEF))
    run(
        db,
        "annotate",
        "1",
        "--quote",
        "It is a major shift",
        "--source",
        "https://a.org/1",
        "--source",
        "doi:10.1000/xyz",
        "--relation",
        "refutes",
        "--source",
        "https://c.org/3",
        "--relation",
        "context",
    )
    [row] = csv.DictReader(io.StringIO(run(db, "export").stdout, newline=""))
    assert row["sources"].split("\n") == [
        "supports https://a.org/1",
        "refutes https://doi.org/10.1000/xyz",
        "context https://c.org/3",
    ]
    proc = run(db, "annotate", "1", "--quote", "x", "--relation", "refutes", check=False)
    assert proc.returncode == 2 and "--relation must follow" in proc.stderr


def test_export_to_file_and_filters(db: str, tmp_path: Path) -> None:
    run(db, "import", str(EXAMPLE_BRIEF))
    other = tmp_path / "other.txt"
    other.write_text("Another brief about trade. Trade grew.", encoding="utf-8")
    run(db, "import", str(other))
    run(db, "annotate", "1", "--quote", "It is a major shift", "--tag", "russia")
    run(db, "annotate", "2", "--quote", "Trade grew", "--tag", "trade")
    target = tmp_path / "out.csv"
    proc = run(db, "export", "--format", "csv", "-o", str(target))
    assert "exported 2 annotation(s)" in proc.stderr and proc.stdout == ""
    data = target.read_bytes()
    assert data.count(b"\r\n") == 3
    only = list(csv.DictReader(io.StringIO(run(db, "export", "--tag", "trade").stdout, newline="")))
    assert [r["quote"] for r in only] == ["Trade grew"]
    only = list(csv.DictReader(io.StringIO(run(db, "export", "--brief", "1").stdout, newline="")))
    assert [r["quote"] for r in only] == ["It is a major shift"]
    proc = run(db, "export", "--brief", "7", check=False)
    assert proc.returncode == 1 and "no brief matches '7'" in proc.stderr


def test_help_documents_every_command_and_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "briefreader", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("open", "import", "list", "annotate", "export", "examples:"):
        assert command in proc.stdout
    for command in ("open", "import", "list", "annotate", "export"):
        sub = subprocess.run(
            [sys.executable, "-m", "briefreader", command, "--help"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "example" in sub.stdout
    version = subprocess.run(
        [sys.executable, "-m", "briefreader", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.startswith("briefreader 0.")


def test_version_and_help_import_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from briefreader.cli.main import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlmodel', 'sqlalchemy', 'textual', 'pygments', 'trafilatura')"
        " if m in sys.modules]\n"
        "print(','.join(heavy), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.startswith("briefreader ")
    assert proc.stderr.strip() == ""


def test_annotate_takes_the_verdict_as_verdict_and_under_its_old_name(db: str) -> None:
    """``--verdict`` (as in ``briefreader claim``); ``--status``, the old name, still works for
    the scripts that use it, with a word on stderr (``claim --status`` is the check status)."""
    run(db, "import", str(EXAMPLE_BRIEF))
    new = run(db, "annotate", "1", "--quote", "It is a major shift", "--verdict", "refuted")
    assert new.stderr == ""
    old = run(
        db, "annotate", "1", "--quote", "the SCO", "--occurrence", "1", "--status", "disputed"
    )
    assert "say --verdict" in old.stderr
    with Store.open(db if "://" in db else f"sqlite:///{db}") as store:
        made = [store.get_annotation(int(p.stdout)) for p in (new, old)]
    assert [(a.kind, a.claim_status) for a in made] == [("claim", "refuted"), ("claim", "disputed")]
