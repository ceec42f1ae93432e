"""``briefreader sources`` on a real temp library: the sources the annotations cite, one per URL
with how many cite each as supporting, refuting or context (a table, or JSON with every field
and who cites it), narrowed to some briefs; exported as CSL-JSON or BibTeX to standard output or
a file (written whole, never over an existing file without --force); and the one-sentence
refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bibtexparser import parse_string  # type: ignore[attr-defined]

from briefreader.store.api import Store
from tests.conftest import EXAMPLE_BRIEF
from tests.unit.test_cli import run
from tests.unit.test_cli_trust import one_sentence

pytestmark = pytest.mark.all_backends

SHIFT = "It is a major shift"
PAGE = "We have turned a new page"
TRADE = "Trade doubled since 2020"
TASS = "https://example.org/tass"


@pytest.fixture
def db(db_url: str) -> str:
    """What ``--db`` gets: the file's path on SQLite (as a user types it), else the URL."""
    return db_url.removeprefix("sqlite:///")


@pytest.fixture
def library(db: str, db_url: str, tmp_path: Path) -> dict[str, int]:
    """The example brief (#1) with two claims citing TASS (refuting, supporting) and one a
    DOI; a short brief (#2) with a claim citing TASS and a page of its own. TASS's details
    filled in through the store. The source ids by name."""
    second = tmp_path / "trade.txt"
    second.write_text("Trade doubled since 2020. Officials deny it.\n", encoding="utf-8")
    run(db, "import", str(EXAMPLE_BRIEF), str(second))
    doi = ("--source", "doi:10.1000/xyz.42", "--relation", "context")
    run(
        db,
        "annotate",
        "1",
        "--quote",
        SHIFT,
        "--kind",
        "claim",
        "--source",
        TASS,
        "--relation",
        "refutes",
        *doi,
    )
    run(db, "annotate", "1", "--quote", PAGE, "--kind", "claim", "--source", TASS)
    trade = ("--source", "https://trade.gov.pk/report", "--relation", "refutes")
    run(db, "annotate", "2", "--quote", TRADE, "--kind", "claim", "--source", TASS, *trade)
    with Store.open(db_url) as store:
        ids = {r.url: r.id for r in store.list_sources()}
        store.update_source_ref(
            ids[TASS],
            title="Kremlin: visit postponed — 50% & more",
            author="TASS staff",
            published="2024-05-01",
            accessed_at=date(2026, 1, 2),
        )
    return {
        "tass": ids[TASS],
        "doi": ids["https://doi.org/10.1000/xyz.42"],
        "trade": ids["https://trade.gov.pk/report"],
    }


def sources_json(db: str, *args: str) -> list[dict[str, Any]]:
    proc = run(db, "sources", "--json", *args)
    assert proc.stderr == ""
    data: list[dict[str, Any]] = json.loads(proc.stdout)
    return data


def test_sources_lists_each_source_once_with_who_cites_it(db: str, library: dict[str, int]) -> None:
    table = run(db, "sources").stdout.splitlines()
    assert table[0].split() == ["id", "sup", "ref", "ctx", "title", "url"]
    rows = [line.split() for line in table[1:-1]]
    assert [(r[0], r[1], r[2], r[3], r[-1]) for r in rows] == [
        (str(library["tass"]), "2", "1", "0", TASS),
        (str(library["doi"]), "0", "0", "1", "https://doi.org/10.1000/xyz.42"),
        (str(library["trade"]), "0", "1", "0", "https://trade.gov.pk/report"),
    ]
    assert "Kremlin: visit postponed" in table[1]
    assert table[-1] == "3 sources, cited 5 times"
    tass, doi, _ = sources_json(db)
    assert {k: tass[k] for k in ("id", "url", "doi", "title", "author", "published")} == {
        "id": library["tass"],
        "url": TASS,
        "doi": None,
        "title": "Kremlin: visit postponed — 50% & more",
        "author": "TASS staff",
        "published": "2024-05-01",
    }
    assert (tass["accessed_at"], tass["revision"]) == ("2026-01-02", 2)
    assert (tass["supports"], tass["refutes"], tass["context"]) == (2, 1, 0)
    assert [(c["brief_id"], c["kind"], c["relation"]) for c in tass["cited_by"]] == [
        (1, "claim", "refutes"),
        (1, "claim", "supports"),
        (2, "claim", "supports"),
    ]
    assert tass["created_at"].endswith("Z") and doi["doi"] == "10.1000/xyz.42"


def test_brief_narrows_to_the_sources_cited_there(db: str, library: dict[str, int]) -> None:
    found = sources_json(db, "--brief", "2")
    assert [(s["id"], len(s["cited_by"])) for s in found] == [
        (library["tass"], 1),
        (library["trade"], 1),
    ]
    table = run(db, "sources", "--brief", "trade").stdout
    assert table.splitlines()[-1] == "2 sources, cited 2 times"
    unknown = run(db, "sources", "--brief", "zanzibar", check=False)
    assert unknown.returncode == 1
    assert one_sentence(unknown.stderr).startswith("briefreader: no brief matches 'zanzibar'")


def test_a_source_cited_nowhere_is_still_listed(
    db: str, db_url: str, library: dict[str, int]
) -> None:
    with Store.open(db_url) as store:
        (link,) = [s for s in store.get_annotation(3).sources if s.source_id == library["trade"]]
        store.delete_source(link.id)
    row = next(s for s in sources_json(db) if s["id"] == library["trade"])
    assert row["cited_by"] == [] and row["refutes"] == 0
    assert run(db, "sources").stdout.splitlines()[-1] == (
        "3 sources, cited 4 times; 1 cited nowhere"
    )


def test_bibtex_and_csl_json_to_a_file_and_to_stdout(
    db: str, library: dict[str, int], tmp_path: Path
) -> None:
    target = tmp_path / "sources.bib"
    done = run(db, "sources", "--format", "bibtex", "-o", str(target))
    assert done.stdout == ""
    assert done.stderr == f"exported 3 source(s) to {target} (bibtex)\n"
    parsed = parse_string(target.read_text(encoding="utf-8"))
    assert parsed.failed_blocks == []
    assert [(e.entry_type, e.key) for e in parsed.entries] == [
        ("misc", "tass2024kremlin"),
        ("article", "doind"),
        ("misc", "tradend"),
    ]
    title = {f.key: f.value for f in parsed.entries[0].fields}["title"]
    assert title == "{Kremlin: visit postponed — 50\\% \\& more}"
    # Never over an existing file without --force; with it, replaced.
    refused = run(db, "sources", "--format", "bibtex", "-o", str(target), check=False)
    assert refused.returncode == 1
    assert one_sentence(refused.stderr) == (
        f"briefreader: {target} already exists; give --force to replace it"
    )
    run(db, "sources", "-o", str(target), "--force", "--brief", "2")
    assert [e.key for e in parse_string(target.read_text(encoding="utf-8")).entries] == [
        "tass2024kremlin",
        "tradend",
    ]
    # CSL-JSON to standard output, in a real process; the same keys.
    proc = run(db, "sources", "--format", "csl-json", process=True)
    items = json.loads(proc.stdout)
    assert [(i["id"], i["type"]) for i in items] == [
        ("tass2024kremlin", "webpage"),
        ("doind", "article-journal"),
        ("tradend", "webpage"),
    ]
    assert items[0]["author"] == [{"literal": "TASS staff"}]
    assert items[0]["issued"] == {"date-parts": [[2024, 5, 1]]}
    # A .json name says the format.
    run(db, "sources", "-o", str(tmp_path / "s.json"))
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == items


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (
            ["--json", "--format", "bibtex"],
            2,
            "--json lists the sources and --format exports them as citations: give one of them",
        ),
        (
            ["-o", "sources.txt"],
            2,
            "cannot tell the format of sources.txt from its name: end it in .json or .bib, "
            "or give --format csl-json|bibtex",
        ),
        (
            ["--format", "csl-json", "-o", "sources.bib"],
            2,
            "sources.bib is a .bib name but --format is csl-json: name it .json, or drop --format",
        ),
        (["-o", ""], 2, "the -o file name is empty (-o - writes to standard output)"),
    ],
)
def test_what_cannot_be_done_is_refused_in_one_sentence(
    db: str, library: dict[str, int], args: list[str], status: int, message: str
) -> None:
    proc = run(db, "sources", *args, check=False)
    assert proc.returncode == status and proc.stdout == ""
    assert one_sentence(proc.stderr) == f"briefreader: {message}"


def test_a_library_without_sources_says_so(db: str) -> None:
    run(db, "import", str(EXAMPLE_BRIEF))
    proc = run(db, "sources", check=False)
    assert proc.returncode == 1 and proc.stdout == ""
    assert one_sentence(proc.stderr) == (
        "briefreader: no sources in the library (add one to an annotation: annotate or "
        "claim --source URL)"
    )
    listed = run(db, "sources", "--json", check=False)
    assert (listed.returncode, listed.stdout.strip()) == (1, "[]")
    # An empty export is still a valid (empty) file.
    assert json.loads(run(db, "sources", "--format", "csl-json").stdout) == []


def test_help_documents_the_sources_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "briefreader", "sources", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "examples:" in proc.stdout and "--format {csl-json,bibtex}" in proc.stdout
    top = subprocess.run(
        [sys.executable, "-m", "briefreader", "--help"], capture_output=True, text=True, check=True
    )
    assert "sources" in top.stdout
