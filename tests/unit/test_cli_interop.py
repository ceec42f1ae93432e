"""The interop commands end to end on a temp database: search, re-importing a changed file
(new version, annotations moved or kept as orphans), export formats and import-annotations."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from briefreader.store.api import Store
from tests.conftest import EXAMPLE_BRIEF
from tests.unit.test_cli import run

pytestmark = pytest.mark.all_backends

CLAIM = "It is a major shift"
HIGHLIGHT = "steel and energy sectors"


@pytest.fixture
def db(db_url: str) -> str:
    """What ``--db`` gets: the file's path on SQLite (as a user types it), else the URL."""
    return db_url.removeprefix("sqlite:///")


@pytest.fixture
def brief_file(tmp_path: Path) -> Path:
    path = tmp_path / "brief.txt"
    shutil.copy(EXAMPLE_BRIEF, path)
    return path


def annotated(db: str, brief_file: Path) -> None:
    run(db, "import", str(brief_file))
    run(db, "annotate", "1", "--quote", CLAIM, "--kind", "claim", "--tag", "russia")
    run(db, "annotate", "1", "--quote", HIGHLIGHT, "--note", "Check the TASS numbers")


def test_search_lines_and_json(db: str, brief_file: Path) -> None:
    annotated(db, brief_file)
    out = run(db, "search", "tass").stdout
    assert "a2 highlight (note)" in out and "TASS" in out
    hits = json.loads(run(db, "search", "shift", "--json").stdout)
    text = EXAMPLE_BRIEF.read_text(encoding="utf-8")
    brief_hits = [h for h in hits if h["kind"] == "brief"]
    assert brief_hits and text[brief_hits[0]["start"] : brief_hits[0]["end"]].lower() == "shift"
    assert [h["annotation_id"] for h in hits if h["kind"] == "annotation"] == [1]
    only = json.loads(run(db, "search", "tag:russia", "kind:claim", "--json").stdout)
    assert [(h["annotation_id"], h["tags"]) for h in only] == [(1, ["russia"])]


def test_search_says_no_match_and_bad_filter(db: str, brief_file: Path) -> None:
    annotated(db, brief_file)
    none = run(db, "search", "zanzibar", check=False)
    assert none.returncode == 1 and "no matches for 'zanzibar'" in none.stderr
    bad = run(db, "search", "status:maybe", check=False)
    assert bad.returncode == 1 and "status:maybe: use one of" in bad.stderr


def test_reimporting_a_changed_file_moves_annotations(
    db: str, db_url: str, brief_file: Path
) -> None:
    annotated(db, brief_file)
    text = brief_file.read_text(encoding="utf-8")
    # An editor's pass: a new opening paragraph, a typo fixed in the claim's sentence is not
    # needed; the highlight's words are deleted altogether.
    edited = "Editor's note: updated with the ministry's response.\n\n" + text.replace(
        HIGHLIGHT, "industrial projects"
    )
    brief_file.write_text(edited, encoding="utf-8")
    out = run(db, "import", str(brief_file)).stdout
    assert out.startswith("updated") and "version 2" in out and "1 orphaned" in out
    with Store.open(db_url) as store:
        (summary,) = store.list_briefs()
        assert (summary.version, summary.orphans, summary.annotations) == (2, 1, 2)
        brief = store.get_brief(summary.id)
        assert brief.text == edited
        (claim,) = store.annotations_for_brief(brief.id)
        assert brief.text[claim.start : claim.end] == CLAIM and claim.tags == ("russia",)
        (orphan,) = store.annotations_for_brief(brief.id, which="orphans")
        assert orphan.quote == HIGHLIGHT and orphan.note == "Check the TASS numbers"
        (old,) = store.brief_versions(brief.id)
        assert old.version == 1 and old.text == text
    # The orphan is still exported, without offsets.
    rows = list(csv.DictReader(io.StringIO(run(db, "export").stdout)))
    orphan_row = next(r for r in rows if r["quote"] == HIGHLIGHT)
    assert (orphan_row["start"], orphan_row["end"]) == ("", "")


def test_import_replace_names_the_brief(
    db: str, db_url: str, brief_file: Path, tmp_path: Path
) -> None:
    annotated(db, brief_file)
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(
        brief_file.read_text(encoding="utf-8").replace("major shift", "major  shift"),
        encoding="utf-8",
    )
    out = run(db, "import", str(corrected), "--replace", "1").stdout
    assert out.startswith("updated") and "#1" in out
    with Store.open(db_url) as store:
        assert len(store.list_briefs()) == 1
        (claim, _) = sorted(store.annotations_for_brief(1), key=lambda a: a.kind)
        assert claim.kind == "claim" and not claim.orphan
    two = run(db, "import", str(corrected), str(brief_file), "--replace", "1", check=False)
    assert two.returncode == 2 and "exactly one file" in two.stderr


def test_export_format_from_extension(db: str, brief_file: Path, tmp_path: Path) -> None:
    annotated(db, brief_file)
    run(db, "export", "-o", str(tmp_path / "a.jsonld"))
    data = json.loads((tmp_path / "a.jsonld").read_text(encoding="utf-8"))
    assert data["type"] == "AnnotationCollection" and data["total"] == 2
    run(db, "export", "-o", str(tmp_path / "a.md"))
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("# ")
    first = run(db, "export", "--format", "json").stdout
    assert run(db, "export", "--format", "json").stdout == first  # byte-identical on repeat


def test_csv_round_trip_through_the_command(
    db: str, db_url: str, brief_file: Path, tmp_path: Path
) -> None:
    annotated(db, brief_file)
    exported = tmp_path / "a.csv"
    run(db, "export", "-o", str(exported))
    same = run(db, "import-annotations", str(exported)).stdout
    assert "0 created, 0 updated, 2 unchanged" in same
    with exported.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[0 if rows[0]["kind"] == "claim" else 1]["claim_status"] = "supported"
    with exported.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    dry = run(db, "import-annotations", str(exported), "--dry-run").stdout
    assert "1 updated" in dry and "dry run" in dry
    with Store.open(db_url) as store:
        assert store.get_annotation(1).claim_status == "unverified"
    run(db, "import-annotations", str(exported))
    with Store.open(db_url) as store:
        assert store.get_annotation(1).claim_status == "supported"


def test_import_annotations_unknown_file(db: str, tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes\n", encoding="utf-8")
    proc = run(db, "import-annotations", str(junk), check=False)
    assert proc.returncode == 1 and "notes.txt" in proc.stderr
