"""What the command line does with values it cannot use: malformed or credential-bearing source
URLs, option values starting with ``-`` (or being ``--``), export and backup targets that
cannot be written, mistyped commands, and ``import --replace`` keeping the timestamps of the
annotations it leaves where they were. Every test runs the real command on a real database."""

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
from briefreader.text.validate import InvalidValue, normalise_source_url
from tests.conftest import EXAMPLE_BRIEF

BRIEFREADER = Path(sys.executable).with_name("briefreader")
CLAIM = "It is a major shift"
HYPOTHESIS = Path(__file__).parent.parent / "fixtures" / "imports" / "hypothesis.json"


def cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``briefreader ARGV`` in this process, exactly as typed (no ``--db`` added)."""
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(list(argv))
            except SystemExit as exc:  # argparse usage errors
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(
        list(argv), code, out.getvalue().decode(), err.getvalue().decode()
    )


def ok(*argv: str) -> str:
    proc = cli(*argv)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def process(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed ``briefreader`` as a real process."""
    return subprocess.run(
        [str(BRIEFREADER), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, COLUMNS="120", **(env or {})),
    )


def one_sentence(stderr: str) -> str:
    """The single line of a refusal: no traceback, no usage text."""
    assert "Traceback" not in stderr and "usage:" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture
def db(db_url: str) -> str:
    """What ``--db`` gets: the file's path on SQLite (as a user types it), else the URL."""
    return db_url.removeprefix("sqlite:///")


@pytest.fixture
def brief(db: str) -> str:
    """A database holding the example brief (#1)."""
    ok("--db", db, "import", str(EXAMPLE_BRIEF))
    return db


def stored(db_url: str) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    with Store.open(db_url) as store:
        return [(a.quote, a.note, a.claimant, a.tags) for a in store.annotations_for_brief(1)]


# --- 1. source URLs -------------------------------------------------------------------------

BAD_URLS = [
    ("https://[::1", "not a valid URL"),
    ("http://[x]", "not a valid URL"),
    ("http://a:b", "port"),
    ("http://a.org:99999/x", "port"),
    ("http://a.org:0/", "port"),
    ("http://a.org:-1/", "port"),
    ("https://user:pw@example.org/", "user name or password"),
    ("https://user@example.org/", "user name or password"),
    ("https://:pw@example.org/", "user name or password"),
    ("http://exa<mple>.org/", "host"),
]


@pytest.mark.parametrize(("url", "reason"), BAD_URLS)
def test_source_url_refused_with_a_reason(url: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        normalise_source_url(url)


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("https://a.org:443/p@q?x=@", "https://a.org:443/p@q?x=@"),
        ("https://ur.wikipedia.org/wiki/پاکستان", "https://ur.wikipedia.org/wiki/پاکستان"),
        ("doi:10.1000/xyz", "https://doi.org/10.1000/xyz"),
        ("10.1000/xyz", "https://doi.org/10.1000/xyz"),
    ],
)
def test_good_source_urls_and_dois_still_accepted(url: str, stored: str) -> None:
    assert normalise_source_url(url) == stored


@pytest.mark.parametrize(("url", "reason"), BAD_URLS[:4] + BAD_URLS[6:7])
def test_annotate_refuses_a_bad_source_in_one_sentence(
    brief: str, db_url: str, url: str, reason: str
) -> None:
    proc = cli("--db", brief, "annotate", "1", "--quote", CLAIM, "--source", url)
    assert proc.returncode == 1 and proc.stdout == ""
    line = one_sentence(proc.stderr)
    assert line.startswith("briefreader: source URL") and reason in line
    assert stored(db_url) == []


def test_annotate_bad_source_as_a_process_has_no_traceback(brief: str) -> None:
    proc = process("--db", brief, "annotate", "1", "--quote", CLAIM, "--source", "https://[::1")
    assert proc.returncode == 1
    assert "not a valid URL" in one_sentence(proc.stderr)


def _our_csv(db: str, tmp_path: Path, sources: list[str]) -> Path:
    """Our CSV export of the brief with one highlight per entry of ``sources`` (the sources
    cell of row i set to sources[i])."""
    quotes = [CLAIM, "steel and energy sectors", "foreign office spokesman"]
    for quote in quotes[: len(sources)]:
        ok("--db", db, "annotate", "1", "--quote", quote)
    exported = tmp_path / "a.csv"
    ok("--db", db, "export", "-o", str(exported))
    with exported.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row, cell in zip(rows, sources, strict=True):
        row["sources"] = cell
        row["annotation_id"] = ""  # new annotations, not updates of these
    target = tmp_path / "edited.csv"
    with target.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


def test_import_annotations_skips_only_the_record_with_a_bad_url(
    brief: str, db_url: str, tmp_path: Path
) -> None:
    edited = _our_csv(
        brief,
        tmp_path,
        ["supports https://[::1", "refutes https://u:p@x.org/", "context https://a.org/ok"],
    )
    with Store.open(db_url) as store:  # start from a brief without annotations
        for a in store.annotations_for_brief(1):
            store.delete_annotation(a.id)
    proc = cli("--db", brief, "import-annotations", str(edited), "--brief", "1")
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 created" in proc.stdout and "2 skipped" in proc.stdout
    lines = proc.stdout.splitlines()
    assert any(
        line.strip().startswith("skipped   row 2: ") and "not a valid URL" in line for line in lines
    )
    (password,) = [line for line in lines if "user name or password" in line]
    assert password.strip().startswith("skipped   row 3: ") and ":p@" not in password
    with Store.open(db_url) as store:
        (made,) = store.annotations_for_brief(1)
        assert [(s.relation, s.url) for s in made.sources] == [("context", "https://a.org/ok")]


def test_import_annotations_with_a_malformed_brief_url(
    brief: str, db_url: str, tmp_path: Path
) -> None:
    data = json.loads(
        (Path(__file__).parent.parent / "fixtures/imports/hypothesis.json").read_text()
    )
    for row in data["rows"]:
        row["uri"] = "https://[::1"
        for target in row.get("target", []):
            target["source"] = "https://[::1"
    path = tmp_path / "h.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    proc = cli("--db", brief, "import-annotations", str(path), "--dry-run")
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1)
    assert "Hypothesis" in proc.stdout


def test_exports_survive_a_brief_whose_source_is_not_a_url(db: str, db_url: str) -> None:
    from briefreader.store.api import NewBrief

    with Store.open(db_url) as store:
        store.import_brief(
            NewBrief(
                text="A short brief. It has words.",
                title="Odd source",
                content_hash="sha256:" + "ab" * 32,
                word_count=6,
                source="https://[::1",
            )
        )
    ok("--db", db, "annotate", "1", "--quote", "It has words")
    for fmt in ("json", "md", "csv"):
        proc = cli("--db", db, "export", "--format", fmt)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    data = json.loads(ok("--db", db, "export", "--format", "json"))
    assert data["first"]["items"][0]["target"]["source"]["id"].startswith("urn:sha256:")


# --- 3 and 5. option values that start with "-" or are "--" ---------------------------------

DASHES = (
    "Dashes\n\nTotals: -2+3 is one. A dash -- here, -x marks the spot, and --flag is not an option."
)


@pytest.fixture
def dashed(db: str, tmp_path: Path) -> str:
    """A database holding one brief (#1) whose text has words starting with dashes."""
    path = tmp_path / "dashes.txt"
    path.write_text(DASHES, encoding="utf-8")
    ok("--db", db, "import", str(path))
    return db


def test_values_starting_with_a_dash_are_values(dashed: str, db_url: str) -> None:
    made = ok(
        "--db", dashed, "annotate", "1", "--quote", "-2+3", "--note", "-2+3 is wrong",
        "--claimant", "-anonymous", "--tag", "-minus", "--claim-type", "fact",
    )  # fmt: skip
    assert made.strip() == "1"
    ok("--db", dashed, "annotate", "1", "--quote", "-x", "--not", "-abbreviated option")
    ok("--db", dashed, "annotate", "1", "--quote", "--flag", "--note", "--")
    assert stored(db_url) == [
        ("-2+3", "-2+3 is wrong", "-anonymous", ("minus",)),
        ("-x", "-abbreviated option", None, ()),
        ("--flag", "--", None, ()),
    ]
    colour = cli("--db", dashed, "annotate", "1", "--quote", "-2+3", "--color", "-1")
    assert colour.returncode == 1 and "colour '-1'" in one_sentence(colour.stderr)
    brief = cli("--db", dashed, "export", "--brief", "-zz")
    assert brief.returncode == 1 and "no brief matches '-zz'" in one_sentence(brief.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["--note", "--tag", "x"],
        ["--note", "--ta", "x"],
        ["--claimant", "-h"],
        ["--tag"],
        ["--note", "--db", "elsewhere.sqlite3"],
    ],
)
def test_an_option_given_no_value_is_still_an_error(
    dashed: str, db_url: str, args: list[str]
) -> None:
    proc = cli("--db", dashed, "annotate", "1", "--quote", "-x", *args)
    assert proc.returncode == 2 and "expected one argument" in proc.stderr
    assert stored(db_url) == []


def test_double_dash_as_a_value_of_every_annotate_option(dashed: str, db_url: str) -> None:
    ok(
        "--db",
        dashed,
        "annotate",
        "1",
        "--quote=--",
        "--occurrence=1",
        "--note=--",
        "--claimant=--",
    )
    with Store.open(db_url) as store:
        (made,) = store.annotations_for_brief(1)
        assert (made.quote, made.note, made.claimant, made.kind) == ("--", "--", "--", "claim")
    for option, code, message in [
        ("--color", 1, "colour '--'"),
        ("--tag", 1, "a tag needs a name"),
        ("--source", 1, "source URL '--'"),
        ("--occurrence", 2, "invalid int value: '--'"),
        ("--kind", 2, "invalid choice: '--'"),
        ("--claim-type", 2, "invalid choice: '--'"),
        ("--status", 2, "invalid choice: '--'"),
        ("--verdict", 2, "invalid choice: '--'"),
        ("--quote", 1, "quote occurs"),  # 2 times: "--" and "--flag"
    ]:
        for spelled in ([f"{option}=--"], [option, "--"]):
            proc = cli("--db", dashed, "annotate", "1", "--quote", "-x", *spelled)
            if option == "--quote":
                proc = cli("--db", dashed, "annotate", "1", *spelled)
            assert proc.returncode == code, (spelled, proc.stderr)
            assert message in proc.stderr and "Traceback" not in proc.stderr, (spelled, proc.stderr)
    relation = cli("--db", dashed, "annotate", "1", "--quote=-x", "--source=a.org", "--relation=--")
    assert relation.returncode == 2 and "invalid choice: '--'" in relation.stderr
    assert len(stored(db_url)) == 1


def test_double_dash_as_a_value_of_the_other_commands(
    dashed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for argv, code, message in [
        (["export", "--brief=--"], 1, "no brief matches '--'"),
        (["export", "--brief", "--"], 1, "no brief matches '--'"),
        (["export", "--format=--"], 2, "invalid choice: '--'"),
        (["import", str(tmp_path / "dashes.txt"), "--replace=--"], 1, "no brief matches '--'"),
        (["import-annotations", str(EXAMPLE_BRIEF), "--brief=--"], 1, ""),
        (["search", "dash", "--limit=--"], 2, "invalid int value: '--'"),
    ]:
        proc = cli("--db", dashed, *argv)
        assert proc.returncode == code, (argv, proc.stderr)
        assert message in proc.stderr and "Traceback" not in proc.stderr, (argv, proc.stderr)
    # A tag that cannot be one is refused before anything is written.
    tag = cli("--db", dashed, "export", "--tag=--")
    assert tag.returncode == 1 and tag.stdout == ""
    assert "a tag needs a name" in one_sentence(tag.stderr)
    # --db=-- is a file called "--", not (as it was) the default library.
    assert f"no library at {tmp_path / '--'}" in one_sentence(cli("--db=--", "list").stderr)
    ok("--db=--", "import", str(tmp_path / "dashes.txt"))
    assert (tmp_path / "--").is_file()


def test_search_words_starting_with_a_dash_exclude(dashed: str, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Another dash of colour, and nothing else.", encoding="utf-8")
    ok("--db", dashed, "import", str(other))
    both = json.loads(ok("--db", dashed, "search", "dash", "--json"))
    assert {h["brief_id"] for h in both} == {1, 2}
    for argv in (["dash", "-spot"], ["-spot", "dash"], ["dash", "--json", "-spot"]):
        proc = cli("--db", dashed, "search", *argv, "--json")
        assert proc.returncode == 0, (argv, proc.stderr)
        assert {h["brief_id"] for h in json.loads(proc.stdout)} == {2}, argv
    lines = ok("--db", dashed, "search", "dash", "-spot").splitlines()
    assert lines and all(line.startswith("#2 ") for line in lines)
    unknown = cli("--db", dashed, "search", "dash", "--jsn")
    assert unknown.returncode == 2 and "--jsn" in unknown.stderr


# --- 6. import --replace keeps the timestamps of annotations it does not move ----------------

IN_PLACE = "It is a major shift"
CONTEXT_CHANGES = "Studies in Public Policy"  # same span; the text after it changes
CHANGED = "Research Studies in Public Policy from Germany"
MOVED = "He can be reached at"


@pytest.mark.all_backends
def test_replace_touches_only_annotations_that_moved_or_changed(
    db: str, db_url: str, tmp_path: Path
) -> None:
    import time

    original = tmp_path / "brief.txt"
    text = EXAMPLE_BRIEF.read_text(encoding="utf-8")
    original.write_text(text, encoding="utf-8")
    ok("--db", db, "import", str(original))
    for quote in (IN_PLACE, CONTEXT_CHANGES, CHANGED, MOVED):
        ok("--db", db, "annotate", "1", "--quote", quote)
    with Store.open(db_url) as store:
        before = {a.quote: a for a in store.annotations_for_brief(1)}
    time.sleep(0.05)  # about time: the clock moves on, so a rewritten updated_at differs
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(text.replace("from Germany.", "from the Netherlands."), encoding="utf-8")
    out = ok("--db", db, "import", str(corrected), "--replace", "1")
    assert out.startswith("updated")
    with Store.open(db_url) as store:
        after = {a.id: a for a in store.annotations_for_brief(1)}
        new_text = store.get_brief(1).text
    assert len(after) == 4
    for quote, old in before.items():
        new = after[old.id]
        assert new_text[new.start : new.end] == new.quote
        untouched = quote in (IN_PLACE, CONTEXT_CHANGES)
        assert (new.start, new.end) == (old.start, old.end) or not untouched
        if untouched:
            assert (new.updated_at, new.revision) == (old.updated_at, old.revision), quote
        else:
            assert new.updated_at > old.updated_at and new.revision == old.revision + 1, quote
    # The context is kept up to date all the same (it anchors the next re-import).
    moved_context = after[before[CONTEXT_CHANGES].id]
    assert "Netherlands" in moved_context.suffix
    assert after[before[IN_PLACE].id].suffix == before[IN_PLACE].suffix
    assert after[before[CHANGED].id].quote != CHANGED
    # A second replace with the same text changes nothing at all.
    same = ok("--db", db, "import", str(corrected), "--replace", "1")
    assert "unchanged" in same or "updated" not in same
    with Store.open(db_url) as store:
        again = {a.id: (a.updated_at, a.revision) for a in store.annotations_for_brief(1)}
    assert again == {i: (a.updated_at, a.revision) for i, a in after.items()}
