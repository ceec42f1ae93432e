"""A claim's check and every annotation's maker (schema version 4) in every export, and back:
the CSV columns appended after ``updated_at`` round-trip through our importer into another
library (an old CSV without them still imports), the W3C export carries ``creator`` and the
check and still meets the W3C suite, and the Markdown report gives each checked claim an
evidence section. Real libraries, real files, the real importer."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from briefreader import library
from briefreader.annotation_import import import_annotations
from briefreader.exchange.csv_export import HEADER
from briefreader.exchange.files import export_to_file
from briefreader.exchange.importers import parse_file
from briefreader.exchange.markdown_report import EVIDENCE_HEADING, write_markdown
from briefreader.store.api import Annotation, SourceInput, Store
from tests.conftest import EXAMPLE_BRIEF
from tests.unit.test_w3c_export import (
    ANNOTATION_MUSTS,
    COLLECTION_MUSTS,
    SUITE,
    bodies,
    format_checker,
    must_failures,
    needs_suite,
    registry,
)

pytestmark = pytest.mark.all_backends

CHECKED = "Putin has postponed his much-hyped visit"
UNCHECKED = "Pak-Russia ties are witnessing a fresh start"
HIGHLIGHT = "steel and energy sectors"
CONCLUSION = "=Mostly false, the visit was moved, not cancelled"
RATIONALE = 'Kremlin statement of 3 March, "no date set".\nTASS says the same.'
CONTACTED = datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
#: The columns schema version 4 appended, in order.
NEW_COLUMNS = (
    "check_status",
    "conclusion",
    "rationale",
    "checked_by",
    "checked_at",
    "contacted_at",
    "contact_outcome",
    "creator",
)


def checked_library(store: Store) -> int:
    """The example brief with a claim checked by ayesha (every check field set), a claim still
    to be checked, and a highlight made by bilal."""
    outcome = library.import_file(store, EXAMPLE_BRIEF)
    assert outcome.brief is not None
    brief_id = outcome.brief.id
    store.user = "ayesha"
    claim = library.annotate_quote(
        store,
        brief_id,
        CHECKED,
        kind="claim",
        claimant="Foreign Office",
        claim_type="fact",
        sources=[
            SourceInput("https://example.org/kremlin", "refutes", "Kremlin statement"),
            SourceInput("https://example.org/tass", "context"),
        ],
    )
    store.update_annotation(
        claim.id,
        claim_status="refuted",
        conclusion=CONCLUSION,
        rationale=RATIONALE,
        contacted_at=CONTACTED,
        contact_outcome="No reply, yet",
    )
    library.annotate_quote(store, brief_id, UNCHECKED, kind="claim", claimant="TASS")
    store.user = "bilal"
    library.annotate_quote(store, brief_id, HIGHLIGHT, tags=["energy"])
    return brief_id


def by_quote(annotations: list[Annotation]) -> dict[str, Annotation]:
    return {a.quote: a for a in annotations}


def imported_into(
    path: Path, new_db_url: Callable[[str], str], name: str
) -> tuple[dict[str, Annotation], int]:
    """What importing ``path`` into a new library that has the example brief gives, and how
    many records were created."""
    with Store.open(new_db_url(name)) as other:
        other.user = "carol"
        outcome = library.import_file(other, EXAMPLE_BRIEF)
        assert outcome.brief is not None
        report = import_annotations(other, parse_file(path))
        assert report.skipped == () and report.orphaned == ()
        annotations = other.annotations_for_brief(outcome.brief.id, which="all")
    return by_quote(annotations), len(report.created)


def iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# --- CSV ------------------------------------------------------------------------------------


def test_csv_carries_the_check_and_the_maker_and_reads_them_back(
    store: Store, new_db_url: Callable[[str], str], tmp_path: Path
) -> None:
    brief_id = checked_library(store)
    mine = by_quote(store.annotations_for_brief(brief_id))
    claim = mine[CHECKED]
    assert claim.check is not None and claim.check.checked_at is not None
    path = tmp_path / "claims.csv"
    assert export_to_file(store, path, fmt="csv") == 3

    with path.open(encoding="utf-8", newline="") as f:
        rows = {row["quote"]: row for row in csv.DictReader(f)}
    assert tuple(HEADER[-len(NEW_COLUMNS) :]) == NEW_COLUMNS
    assert [rows[CHECKED][name] for name in NEW_COLUMNS] == [
        "checked",
        "'" + CONCLUSION,  # neutralised for spreadsheets, as every text cell
        RATIONALE,
        "ayesha",
        iso(claim.check.checked_at),
        "2026-03-05T09:30:00Z",
        "No reply, yet",
        "ayesha",
    ]
    assert [rows[UNCHECKED][name] for name in NEW_COLUMNS] == [
        "to-check",
        *[""] * 6,
        "ayesha",
    ]
    assert [rows[HIGHLIGHT][name] for name in NEW_COLUMNS] == [*[""] * 7, "bilal"]

    theirs, created = imported_into(path, new_db_url, "other")
    assert created == 3
    copy = theirs[CHECKED]
    assert copy.check is not None
    assert (
        copy.claim_status,
        copy.check.status,
        copy.check.conclusion,
        copy.check.rationale,
        copy.check.checked_by,
        copy.check.checked_at,
    ) == ("refuted", "checked", CONCLUSION, RATIONALE, "ayesha", claim.check.checked_at)
    # Not read back: an import cannot set when the claimant was contacted.
    assert (copy.check.contacted_at, copy.check.contact_outcome) == (None, None)
    to_check = theirs[UNCHECKED].check
    assert to_check is not None and to_check.status == "to-check"
    assert theirs[HIGHLIGHT].check is None
    # Who made each one, not who imported it.
    assert {q: a.creator for q, a in theirs.items()} == {
        CHECKED: "ayesha",
        UNCHECKED: "ayesha",
        HIGHLIGHT: "bilal",
    }

    # Into the library it came from: nothing changed, so nothing is written.
    report = import_annotations(store, parse_file(path))
    assert (report.created, report.updated, len(report.unchanged)) == ((), (), 3)


def test_an_old_csv_without_the_new_columns_still_imports(
    store: Store, new_db_url: Callable[[str], str], tmp_path: Path
) -> None:
    brief_id = checked_library(store)
    exported = io.StringIO(newline="")
    library.export_csv(store, exported)
    old_header = HEADER[: HEADER.index("updated_at") + 1]
    path = tmp_path / "old.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        for row in csv.reader(io.StringIO(exported.getvalue(), newline="")):
            writer.writerow(row[: len(old_header)])
    assert path.read_bytes().split(b"\r\n", 1)[0].decode() == ",".join(old_header)

    theirs, created = imported_into(path, new_db_url, "old")
    assert created == 3
    claim = theirs[CHECKED]
    # The verdict says it was checked; who made it is whoever imported it.
    assert claim.check is not None and claim.check.status == "checked"
    assert (claim.check.conclusion, claim.check.rationale) == (None, "")
    assert {a.creator for a in theirs.values()} == {"carol"}

    # Into the library it came from: the columns it lacks leave the check alone.
    report = import_annotations(store, parse_file(path))
    assert (report.created, report.updated, len(report.unchanged)) == ((), (), 3)
    kept = by_quote(store.annotations_for_brief(brief_id))[CHECKED].check
    assert kept is not None and (kept.conclusion, kept.rationale) == (CONCLUSION, RATIONALE)


def test_a_check_edited_in_a_spreadsheet_updates_the_claim_with_its_history(
    store: Store, tmp_path: Path
) -> None:
    brief_id = checked_library(store)
    path = tmp_path / "claims.csv"
    export_to_file(store, path, fmt="csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    at = {name: i for i, name in enumerate(rows[0])}
    for row in rows[1:]:
        if row[at["quote"]] == UNCHECKED:
            row[at["check_status"]] = "Checking"
            row[at["rationale"]] = "Asked the embassy"
        if row[at["quote"]] == CHECKED:
            row[at["conclusion"]] = ""
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)

    store.user = "dev"
    report = import_annotations(store, parse_file(path))
    assert len(report.updated) == 2 and report.created == ()
    mine = by_quote(store.annotations_for_brief(brief_id))
    checking = mine[UNCHECKED].check
    assert checking is not None
    assert (checking.status, checking.rationale) == ("checking", "Asked the embassy")
    cleared = mine[CHECKED].check
    assert cleared is not None and (cleared.conclusion, cleared.rationale) == (None, RATIONALE)
    history = store.claim_history(mine[CHECKED].id)[-1]
    assert (history.field, history.old, history.new, history.by) == (
        "conclusion",
        CONCLUSION,
        None,
        "dev",
    )
    assert history.correction  # the wording of a checked verdict changed


# --- W3C JSON -------------------------------------------------------------------------------


def test_a_re_import_gives_the_files_status_with_its_verdict_at_once(
    store: Store, tmp_path: Path
) -> None:
    """A claim exported as supported but still to check, changed back to unverified here:
    importing the file gives the file's verdict and status in one go (the store's "a finding
    makes it checked" does not win over the file), and importing again changes nothing."""
    brief_id = checked_library(store)
    claim = next(a for a in store.annotations_for_brief(brief_id) if a.quote == UNCHECKED)
    claim = store.update_annotation(claim.id, claim_status="supported", check_status="to-check")
    path = tmp_path / "claims.csv"
    export_to_file(store, path, fmt="csv")
    store.update_annotation(claim.id, claim_status="unverified")
    first = import_annotations(store, parse_file(path))
    after = store.get_annotation(claim.id)
    assert after.check is not None
    assert (after.claim_status, after.check.status) == ("supported", "to-check")
    assert len(first.updated) == 1
    again = import_annotations(store, parse_file(path))
    assert again.updated == ()


def suite_check(name: str, item: object) -> list[str]:
    """The errors of the suite's assertion ``annotations/<name>.json`` on ``item``."""
    import jsonschema  # type: ignore[import-untyped, unused-ignore]

    schema = json.loads((SUITE / "annotations" / f"{name}.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(
        schema, registry=registry(), format_checker=format_checker()
    )
    return [error.message for error in validator.iter_errors(item)]


@needs_suite
def test_w3c_carries_the_creator_and_the_check_and_meets_the_suite(
    store: Store, new_db_url: Callable[[str], str], tmp_path: Path
) -> None:
    brief_id = checked_library(store)
    claim = by_quote(store.annotations_for_brief(brief_id))[CHECKED]
    assert claim.check is not None and claim.check.checked_at is not None
    path = tmp_path / "claims.json"
    assert export_to_file(store, path, fmt="json") == 3
    document = json.loads(path.read_text(encoding="utf-8"))
    items = {item["target"]["selector"][0]["exact"]: item for item in document["first"]["items"]}

    assert must_failures(document, COLLECTION_MUSTS) == []
    for item in items.values():
        assert must_failures(item, ANNOTATION_MUSTS) == [], item["id"]
        # The suite's own checks of a creator: one, an Agent with a name and a type.
        for name in (
            "3.3.1-annotationCreatorImplemented",
            "3.3.2-annotationCreatorAgentNameImplemented",
            "3.3.2-annotationCreatorAgentTypeImplemented",
        ):
            assert suite_check(name, item) == [], name
    assert items[CHECKED]["creator"] == {"type": "Person", "name": "ayesha"}
    assert items[HIGHLIGHT]["creator"] == {"type": "Person", "name": "bilal"}

    [assessment] = [b for b in bodies(items[CHECKED]) if b["purpose"] == "assessing"]
    assert {k: v for k, v in assessment.items() if k.startswith("briefreader:")} == {
        "briefreader:claimType": "fact",
        "briefreader:claimStatus": "refuted",
        "briefreader:claimant": "Foreign Office",
        "briefreader:checkStatus": "checked",
        "briefreader:conclusion": CONCLUSION,
        "briefreader:rationale": RATIONALE,
        "briefreader:checkedBy": "ayesha",
        "briefreader:checkedAt": iso(claim.check.checked_at.replace(microsecond=0)),
        "briefreader:contactedAt": "2026-03-05T09:30:00Z",
        "briefreader:contactOutcome": "No reply, yet",
    }
    [unchecked] = [b for b in bodies(items[UNCHECKED]) if b["purpose"] == "assessing"]
    assert unchecked["briefreader:checkStatus"] == "to-check"
    assert "briefreader:conclusion" not in unchecked and "briefreader:checkedBy" not in unchecked

    theirs, created = imported_into(path, new_db_url, "w3c")
    assert created == 3
    copy = theirs[CHECKED].check
    assert copy is not None
    assert (copy.status, copy.conclusion, copy.rationale, copy.checked_by, copy.checked_at) == (
        "checked",
        CONCLUSION,
        RATIONALE,
        "ayesha",
        claim.check.checked_at.replace(microsecond=0),  # the export is to the second
    )
    assert {q: a.creator for q, a in theirs.items()} == {
        CHECKED: "ayesha",
        UNCHECKED: "ayesha",
        HIGHLIGHT: "bilal",
    }
    report = import_annotations(store, parse_file(path))
    assert (report.created, report.updated, len(report.unchanged)) == ((), (), 3)


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_gives_each_checked_claim_an_evidence_section(
    store: Store, tmp_path: Path
) -> None:
    brief_id = checked_library(store)
    claim = by_quote(store.annotations_for_brief(brief_id))[CHECKED]
    assert claim.check is not None and claim.check.checked_at is not None
    path = tmp_path / "report.md"
    export_to_file(store, path, fmt="md")
    text = path.read_text(encoding="utf-8")
    page = MarkdownIt("gfm-like").disable("linkify").render(text)

    assert page.count(f"<h2>{EVIDENCE_HEADING}</h2>") == 1
    # One section: the checked claim's, not the claim still to be checked.
    assert re.findall(r"<h3>(.*?)</h3>", page) == [f"“{CHECKED}”"]
    section = text[text.index("### ") : text.index("## Claims by verdict")]
    checked_at = claim.check.checked_at.strftime("%Y-%m-%d %H:%M UTC")
    assert section == (
        f"### “{CHECKED}”\n"
        "\n"
        "- Verdict: refuted\n"
        "- Conclusion: \\=Mostly false, the visit was moved, not cancelled\n"
        '- Rationale: Kremlin statement of 3 March, "no date set".\n'
        "  TASS says the same.\n"
        "- Claimant: Foreign Office\n"
        "- Checked by: ayesha\n"
        f"- Checked at: {checked_at}\n"
        "- Claimant contacted: 2026-03-05 09:30 UTC — No reply, yet\n"
        "- Sources:\n"
        "  - refutes: [Kremlin statement](<https://example.org/kremlin>)\n"
        "  - context: <https://example.org/tass>\n"
        "\n"
    )
    rendered = page[page.index("<h3>") : page.index("<h2>Claims by verdict</h2>")]
    assert '<a href="https://example.org/kremlin">Kremlin statement</a>' in rendered
    # Each claim says how far checking it went.
    entries = text[: text.index(f"## {EVIDENCE_HEADING}")]
    assert entries.count("- Check status: checked\n") == 1
    assert entries.count("- Check status: to-check\n") == 1


def test_a_report_with_no_checked_claim_has_no_evidence_section(store: Store) -> None:
    outcome = library.import_file(store, EXAMPLE_BRIEF)
    assert outcome.brief is not None
    claim = library.annotate_quote(store, outcome.brief.id, UNCHECKED, kind="claim")
    store.update_annotation(claim.id, check_status="checking", rationale="Asked the embassy")
    out = io.StringIO()
    assert write_markdown(store, out) == 1
    assert EVIDENCE_HEADING not in out.getvalue()
    assert "- Check status: checking\n" in out.getvalue()
