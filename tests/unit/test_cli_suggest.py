"""``briefreader suggest`` on a real temp library: a brief's sentences ranked by how worth
checking they look, with their reasons (by id, by title, or a file imported first); ``--all``
in text order; ``--json`` with offsets into the stored text; ``--limit``; the one-sentence
refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from briefreader.store.api import NewAnnotation, Store
from tests.conftest import EXAMPLE_BRIEF
from tests.unit.test_cli import run
from tests.unit.test_cli_trust import one_sentence

pytestmark = pytest.mark.all_backends

#: A line of a suggestion: score, offset, the sentence.
HEAD = re.compile(r"^(\d\.\d\d)  @(\d+) +(.+)$")


@pytest.fixture
def db(db_url: str) -> str:
    """What ``--db`` gets: the file's path on SQLite (as a user types it), else the URL."""
    return db_url.removeprefix("sqlite:///")


@pytest.fixture
def example(db: str) -> str:
    run(db, "import", str(EXAMPLE_BRIEF))
    return db


def heads(stdout: str) -> list[tuple[float, int, str]]:
    found = [HEAD.match(line) for line in stdout.splitlines()]
    return [(float(m[1]), int(m[2]), m[3]) for m in found if m]


def as_json(db: str, *args: str) -> list[dict[str, Any]]:
    data = json.loads(run(db, "suggest", *args, "--json").stdout)
    assert isinstance(data, list)
    return data


def test_default_is_the_ten_best_with_reasons_cut_to_the_terminal(
    example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = run(example, "suggest", "1").stdout
    lines = out.splitlines()
    ranked = heads(out)
    assert len(ranked) == 10 and len(lines) == 20  # each sentence, then its reasons
    assert [score for score, _, _ in ranked] == sorted((s for s, _, _ in ranked), reverse=True)
    assert all(len(line) <= 80 for line in lines)
    assert ranked[0][2].startswith("Even after Pakistan’s inception")
    assert ranked[0][2].endswith("…")
    monkeypatch.setenv("COLUMNS", "300")
    reasons = run(example, "suggest", "1").stdout.splitlines()[1].strip()
    assert "superlative “Pakistan’s first”" in reasons
    assert "past event “preferred” ×3" in reasons


def test_a_title_part_names_the_brief_and_limit_cuts(example: str) -> None:
    by_title = heads(run(example, "suggest", "Pak-Russia", "--limit", "3").stdout)
    assert by_title == heads(run(example, "suggest", "1").stdout)[:3]


def test_all_is_every_sentence_in_text_order(example: str) -> None:
    every = heads(run(example, "suggest", "1", "--all").stdout)
    assert len(every) == 35
    starts = [start for _, start, _ in every]
    assert starts == sorted(starts) and starts[0] == 0


def test_json_offsets_are_the_stored_texts(example: str, db_url: str) -> None:
    with Store.open(db_url) as store:
        text = store.get_brief(1).text
    ranked = as_json(example, "1")
    assert len(ranked) == 10
    assert [s["score"] for s in ranked] == sorted((s["score"] for s in ranked), reverse=True)
    every = as_json(example, "1", "--all")
    assert len(every) == 35
    assert [s["start"] for s in every] == sorted(s["start"] for s in every)
    for item in ranked + every:
        assert set(item) == {"start", "end", "text", "score", "reasons", "state"}
        assert item["state"] is None  # nothing marked or dismissed yet
        assert text[item["start"] : item["end"]] == item["text"]
        assert 0 < item["score"] < 1
        for reason in item["reasons"]:
            assert set(reason) == {"signal", "text", "start", "end"}
            assert text[reason["start"] : reason["end"]] == reason["text"]
    spokesman = next(s for s in every if s["text"].startswith("A foreign office spokesman"))
    assert {"signal": "attribution", "text": "said"} in [
        {k: r[k] for k in ("signal", "text")} for r in spokesman["reasons"]
    ]
    assert len(as_json(example, "1", "--limit", "4")) == 4


@pytest.mark.sqlite_only
def test_a_file_is_imported_first_even_into_a_new_library(tmp_path: Path) -> None:
    db = str(tmp_path / "new.sqlite3")  # no library there yet
    brief = tmp_path / "trade.txt"
    brief.write_text(
        "Trade doubled since 2020, the ministry said. Thank you.\n\nIs it true?\n",
        encoding="utf-8",
    )
    first = run(db, "suggest", str(brief), "--json")
    assert "imported" in first.stderr and "#1" in first.stderr
    items = json.loads(first.stdout)
    assert [i["text"] for i in items] == [
        "Trade doubled since 2020, the ministry said.",
        "Thank you.",
        "Is it true?",
    ]
    again = run(db, "suggest", str(brief), "--json")
    assert again.stderr == "" and json.loads(again.stdout) == items  # the same brief
    listed = json.loads(run(db, "list", "--json").stdout)
    assert [b["id"] for b in listed] == [1]
    # The file changed since: a new version of the same brief, and said so.
    brief.write_text(
        "Trade doubled since 2020, the ministry said. Thank you so much.\n", encoding="utf-8"
    )
    changed = run(db, "suggest", str(brief), "--json")
    assert "updated brief #1" in changed.stderr
    assert [b["id"] for b in json.loads(run(db, "list", "--json").stdout)] == [1]


def test_the_real_command_prints_the_suggestions(example: str) -> None:
    proc = run(example, "suggest", "1", "--limit", "2", process=True)
    assert len(heads(proc.stdout)) == 2


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("suggest", "99"), 1, "no brief matches '99'"),
        (("suggest", "missing.txt"), 1, "missing.txt: no such file"),
        (("suggest", "1", "--limit", "0"), 2, "--limit must be 1 or more"),
        (("suggest", " "), 2, "give a brief"),
    ],
)
def test_refusals_are_one_sentence(
    example: str, args: tuple[str, ...], code: int, says: str
) -> None:
    proc = run(example, *args, check=False)
    assert proc.returncode == code
    assert says in one_sentence(proc.stderr)
    assert proc.stdout == ""


def test_a_folder_is_refused(example: str, tmp_path: Path) -> None:
    proc = run(example, "suggest", str(tmp_path), check=False)
    assert proc.returncode == 2
    assert "is a folder" in one_sentence(proc.stderr)


def test_a_file_that_cannot_be_a_brief_is_refused(example: str, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.7 \x00\x01")
    proc = run(example, "suggest", str(scan), check=False)
    assert proc.returncode == 1
    assert "unsupported file type '.pdf'" in one_sentence(proc.stderr)
    assert proc.stdout == ""


def test_all_and_limit_do_not_go_together(example: str) -> None:
    proc = run(example, "suggest", "1", "--all", "--limit", "3", check=False)
    assert proc.returncode == 2
    assert "not allowed with argument --all" in proc.stderr


@pytest.mark.sqlite_only
def test_a_brief_needs_a_library(tmp_path: Path) -> None:
    proc = run(str(tmp_path / "none.sqlite3"), "suggest", "1", check=False)
    assert proc.returncode == 1
    assert "no library" in one_sentence(proc.stderr)
    assert not (tmp_path / "none.sqlite3").exists()


def test_help_says_what_a_score_means(tmp_path: Path) -> None:
    proc = run(tmp_path / "unused.sqlite3", "suggest", "--help")
    text = " ".join(proc.stdout.split())
    assert "it says nothing about whether a sentence is true" in text
    assert "briefreader suggest 3 --all" in proc.stdout


def test_sentences_already_claims_or_dismissed_are_marked(example: str, db_url: str) -> None:
    """What the reader no longer suggests is said: a sentence a claim covers is ``claim``, one
    dismissed is ``dismissed`` (in the JSON and in the lines)."""
    first, second = as_json(example, "1", "--limit", "2")
    with Store.open(db_url) as store:
        store.create_annotation(1, NewAnnotation(first["start"], first["end"], kind="claim"))
        store.dismiss_suggestion(1, second["text"])
    states = {s["text"]: s["state"] for s in as_json(example, "1", "--all")}
    assert states[first["text"]] == "claim"
    assert states[second["text"]] == "dismissed"
    assert list(states.values()).count(None) == len(states) - 2
    lines = [text for _score, _at, text in heads(run(example, "suggest", "1").stdout)]
    assert lines[0].startswith("[claim] ") and lines[1].startswith("[dismissed] ")
    assert not any(line.startswith("[") for line in lines[2:])
