"""Importing annotation files into a real library (SQLite and PostgreSQL) with the example
brief: each format end to end, orphans kept, dry runs writing nothing, re-imports creating no
duplicates, and our CSV round trip through a spreadsheet changing exactly what was edited."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefreader.annotation_import import ImportReport, import_annotations
from briefreader.exchange.importers import parse_file
from briefreader.library import export_csv, import_file
from briefreader.store.api import (
    Annotation,
    NewAnnotation,
    NewBrief,
    NotFound,
    SourceInput,
    Store,
)
from tests.conftest import EXAMPLE_BRIEF, database_rows

pytestmark = pytest.mark.all_backends

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
TRIBUNE = "https://tribune.com.pk/story/440233/pak-russia-ties-a-fresh-start"


@pytest.fixture
def brief_id(store: Store) -> int:
    outcome = import_file(store, EXAMPLE_BRIEF)
    assert outcome.brief is not None
    return outcome.brief.id


def everything(store: Store, brief_id: int) -> list[Annotation]:
    return store.annotations_for_brief(brief_id, which="all")


def origins(items: tuple[object, ...]) -> list[str]:
    return [str(getattr(item, "origin", "")).split(" (")[0] for item in items]


def assert_anchored_on_text(store: Store, brief_id: int) -> None:
    text = store.get_brief(brief_id).text
    for ann in store.annotations_for_brief(brief_id):
        assert not ann.orphan
        assert ann.quote == text[ann.start : ann.end]


# ------------------------------------------------------------------------------- Hypothesis


def test_hypothesis_import_end_to_end(store: Store, brief_id: int) -> None:
    report = import_annotations(store, parse_file(FIXTURES / "hypothesis.json"), brief_id=brief_id)
    assert origins(report.created) == [
        "annotation 1",
        "annotation 2",
        "annotation 3",
        "annotation 8",
    ]
    assert origins(report.orphaned) == ["annotation 4"]
    assert origins(report.skipped) == ["annotation 5", "annotation 6", "annotation 7"]
    skipped = {
        o: item.description for o, item in zip(origins(report.skipped), report.skipped, strict=True)
    }
    assert "semicolons" in skipped["annotation 5"]  # the bad tag: that record only

    text = store.get_brief(brief_id).text
    anchored = store.annotations_for_brief(brief_id)
    assert len(anchored) == 4
    assert_anchored_on_text(store, brief_id)
    by_quote = {a.quote: a for a in anchored}
    steel = by_quote[
        "Relations saw only one major milestone during Zulfiqar Ali Bhutto’s government"
    ]
    assert steel.kind == "note" and steel.note.startswith("Check this against")
    assert steel.tags == ("history", "pakistan-steel-mills")
    assert steel.created_at.year == 2024
    # Straight apostrophe and a doubled space in the file; anchored on the brief's own text.
    zia = next(a for a in anchored if a.quote.startswith("It was during Zia"))
    assert zia.quote == (
        "It was during Zia’s regime that the Carter administration of the US, Saudi Arabia "
        "and General Zia teamed up"
    )
    assert zia.start == text.index("It was during Zia")
    # Hypothesis ids kept as uuids.
    first = report.created[0]
    assert first.annotation_id is not None
    assert (
        store.get_annotation(first.annotation_id).uuid
        == parse_file(FIXTURES / "hypothesis.json").annotations[0].uuid
    )

    (orphan,) = store.annotations_for_brief(brief_id, which="orphans")
    assert orphan.orphan
    assert (
        orphan.quote
        == "Bilateral trade between the two countries stood at a meagre $542 million in 2011."
    )
    assert orphan.note == "Dropped from the corrected version of the article?"
    assert orphan.tags == ("trade",)


def test_hypothesis_matched_by_source_url_without_brief_option(store: Store) -> None:
    text = EXAMPLE_BRIEF.read_text(encoding="utf-8")
    # The page the annotations were made on, imported from the web (no trailing slash).
    web = store.import_brief(
        NewBrief(
            text=text,
            title="Pak-Russia ties",
            content_hash="sha256:web",
            word_count=922,
            source=TRIBUNE,
        )
    ).brief
    store.import_brief(
        NewBrief(text="Another brief.", title="Other", content_hash="sha256:o", word_count=2)
    )
    report = import_annotations(store, parse_file(FIXTURES / "hypothesis.json"))
    assert len(report.created) == 4 and len(report.orphaned) == 1
    assert {item.brief_id for item in report.created} == {web.id}


def test_unmatched_brief_is_skipped_with_a_hint(store: Store, brief_id: int) -> None:
    report = import_annotations(store, parse_file(FIXTURES / "hypothesis.json"))
    assert report.created == () and report.orphaned == ()
    reasons = {item.description for item in report.skipped}
    assert any("use --brief" in reason for reason in reasons)
    assert everything(store, brief_id) == []


def test_unknown_brief_option_raises(store: Store, brief_id: int) -> None:
    with pytest.raises(NotFound):
        import_annotations(store, parse_file(FIXTURES / "hypothesis.json"), brief_id=999)


# --------------------------------------------------------------------------------- Readwise


def test_readwise_import_matched_by_title(store: Store, brief_id: int) -> None:
    report = import_annotations(store, parse_file(FIXTURES / "readwise.csv"))
    assert origins(report.created) == ["row 2", "row 3", "row 4", "row 6"]
    assert origins(report.orphaned) == ["row 5"]
    assert [
        (o, i.description) for o, i in zip(origins(report.skipped), report.skipped, strict=True)
    ] == [
        ("row 7", "no brief titled 'Thinking, Fast and Slow' (use --brief)"),
        ("row 8", "no highlighted text"),
    ]
    assert {item.brief_id for item in report.created} == {brief_id}
    assert_anchored_on_text(store, brief_id)
    anchored = {a.start: a for a in store.annotations_for_brief(brief_id)}
    text = store.get_brief(brief_id).text
    spokesman = anchored[text.index("A foreign office spokesman")]
    assert spokesman.kind == "note" and spokesman.color == "#6fa8dc"
    assert spokesman.quote.endswith("It is a major shift.”")
    putin = anchored[text.index("Putin’s visit")]  # typed with ' and a doubled space
    assert (
        putin.quote
        == "Putin’s visit was primarily intended for a quadrilateral Afghan summit in Islamabad"
    )
    edge = anchored[text.index("Pakistan enjoys a great strategic edge")]
    assert edge.quote.endswith("materialise on its strategic depth.")  # a line break in the cell
    (orphan,) = store.annotations_for_brief(brief_id, which="orphans")
    assert orphan.quote.startswith("Russia has agreed to supply Pakistan with S-400")


# ----------------------------------------------------------------------------------- Kindle


def test_kindle_import_end_to_end(store: Store, brief_id: int) -> None:
    report = import_annotations(store, parse_file(FIXTURES / "My Clippings.txt"))
    assert origins(report.created) == ["clipping 1", "clipping 6", "clipping 8", "clipping 10"]
    assert origins(report.orphaned) == ["clipping 7"]
    assert origins(report.skipped) == [
        "clipping 3",
        "clipping 4",
        "clipping 5",
        "clipping 9",
        "clipping 11",
    ]
    assert_anchored_on_text(store, brief_id)
    anchored = store.annotations_for_brief(brief_id)
    historically = next(a for a in anchored if a.quote.startswith("Historically"))
    assert historically.kind == "note" and historically.note.startswith("Not quite")
    liaquat = next(a for a in anchored if "Liaquat" in a.quote)
    assert liaquat.quote == (
        "Even after Pakistan’s inception, Liaquat Ali Khan, Pakistan’s first prime minister, "
        "preferred to visit the US"
    )
    (orphan,) = store.annotations_for_brief(brief_id, which="orphans")
    assert orphan.quote == "Pakistan should join the Eurasian Economic Union without further delay."


# ------------------------------------------------------------- dry runs and idempotence


@pytest.mark.parametrize("fixture", ["hypothesis.json", "readwise.csv", "My Clippings.txt"])
def test_dry_run_writes_nothing_and_reports_the_same(
    store: Store, brief_id: int, fixture: str
) -> None:
    parsed = parse_file(FIXTURES / fixture)
    before = database_rows(store)
    dry = import_annotations(store, parsed, brief_id=brief_id, dry_run=True)
    assert everything(store, brief_id) == []
    assert database_rows(store) == before
    assert dry.dry_run and "dry run" in dry.summary()
    real = import_annotations(store, parsed, brief_id=brief_id)

    def shape(report: ImportReport) -> list[list[tuple[str, str]]]:
        return [
            [(i.origin, i.description) for i in items]
            for items in (
                report.created,
                report.updated,
                report.unchanged,
                report.orphaned,
                report.skipped,
            )
        ]

    assert shape(dry) == shape(real)
    assert all(item.annotation_id is None for item in dry.created)
    assert all(item.annotation_id is not None for item in real.created)


@pytest.mark.parametrize("fixture", ["hypothesis.json", "readwise.csv", "My Clippings.txt"])
def test_importing_twice_creates_no_duplicates(store: Store, brief_id: int, fixture: str) -> None:
    parsed = parse_file(FIXTURES / fixture)
    first = import_annotations(store, parsed, brief_id=brief_id)
    stored = everything(store, brief_id)
    second = import_annotations(store, parsed, brief_id=brief_id)
    assert second.created == second.updated == second.orphaned == ()
    assert len(second.unchanged) == len(first.created) + len(first.orphaned)
    assert everything(store, brief_id) == stored  # same revisions and timestamps too


def test_reimport_of_another_tool_keeps_work_done_here(store: Store, brief_id: int) -> None:
    parsed = parse_file(FIXTURES / "hypothesis.json")
    import_annotations(store, parsed, brief_id=brief_id)
    target = next(a for a in store.annotations_for_brief(brief_id) if "SCO" in a.quote)
    store.update_annotation(target.id, kind="claim", claim_status="supported", note="Mine")
    store.set_annotation_tags(target.id, ["sco", "regional", "checked"])
    report = import_annotations(store, parsed, brief_id=brief_id)
    assert report.updated == ()
    kept = store.get_annotation(target.id)
    assert (kept.kind, kept.claim_status, kept.note) == ("claim", "supported", "Mine")
    assert kept.tags == ("checked", "regional", "sco")


def test_duplicates_within_one_file_are_imported_once(
    store: Store, brief_id: int, tmp_path: Path
) -> None:
    rows = json.loads((FIXTURES / "hypothesis.json").read_text(encoding="utf-8"))["rows"]
    twice = [dict(rows[0], id=None), dict(rows[0], id=None)]
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(twice), encoding="utf-8")
    report = import_annotations(store, parse_file(path), brief_id=brief_id)
    assert len(report.created) == 1
    assert [i.description for i in report.unchanged] == ["the same as annotation 1"]


# -------------------------------------------------------------------------- our CSV


def _claims(store: Store, brief_id: int) -> dict[str, int]:
    text = store.get_brief(brief_id).text

    def make(quote: str, **fields: Any) -> int:  # NewAnnotation's fields, by keyword
        start = text.index(quote)
        return store.create_annotation(
            brief_id, NewAnnotation(start, start + len(quote), **fields)
        ).id

    return {
        "claim": make(
            "It is a major shift.",
            kind="claim",
            claimant="Foreign office spokesman",
            claim_type="opinion",
            tags=("russia",),
            sources=(
                SourceInput("https://example.org/dawn", "supports", "Dawn report"),
                SourceInput("https://example.org/old", "context"),
            ),
        ),
        "highlight": make("Shanghai Cooperation Organisation", color="#ffcc00"),
        "note": make("Pakistan Steel Mill", kind="note", note="-ve: built on credit"),
    }


def _export(store: Store, path: Path) -> list[list[str]]:
    with path.open("w", encoding="utf-8", newline="") as out:
        export_csv(store, out)
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _save(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def test_csv_export_then_import_changes_nothing(
    store: Store, brief_id: int, tmp_path: Path
) -> None:
    _claims(store, brief_id)
    path = tmp_path / "export.csv"
    _export(store, path)
    before = everything(store, brief_id)
    report = import_annotations(store, parse_file(path))
    assert len(report.unchanged) == 3
    assert report.created == report.updated == report.orphaned == report.skipped == ()
    assert everything(store, brief_id) == before  # no revision or updated_at moved


def test_csv_round_trip_through_a_spreadsheet(store: Store, brief_id: int, tmp_path: Path) -> None:
    ids = _claims(store, brief_id)
    path = tmp_path / "export.csv"
    rows = _export(store, path)
    header = rows[0]
    col = {name: i for i, name in enumerate(header)}
    by_id = {int(r[col["annotation_id"]]): r for r in rows[1:]}
    before = {a.id: a for a in everything(store, brief_id)}

    claim_row = by_id[ids["claim"]]
    claim_row[col["claim_status"]] = "supported"
    claim_row[col["tags"]] += "; verified"
    # Delete the context source, add a refuting one (typed with spaces, no tab).
    claim_row[col["sources"]] = (
        "supports https://example.org/dawn\tDawn report\nrefutes https://example.org/tass TASS"
    )
    by_id[ids["note"]][col["note"]] = "Built on Soviet credit, 1973 agreement."
    # A new row typed at the bottom: no id, a quote to find.
    new_row = [""] * len(header)
    new_row[col["brief_id"]] = str(brief_id)
    new_row[col["kind"]] = "claim"
    new_row[col["quote"]] = "Pakistan is an active member of the world community"
    new_row[col["claim_status"]] = "Disputed"
    rows.append(new_row)
    _save(path, rows)

    dry = import_annotations(store, parse_file(path), dry_run=True)
    assert {a.id: a for a in everything(store, brief_id)} == before
    report = import_annotations(store, parse_file(path))
    assert [i.line() for i in report.updated] == [i.line() for i in dry.updated]

    descriptions = {item.annotation_id: item.description for item in report.updated}
    assert set(descriptions) == {ids["claim"], ids["note"]}
    assert descriptions[ids["claim"]] == (
        "claim_status unverified → supported; tags +verified; "
        "source +https://example.org/tass; source -https://example.org/old"
    )
    assert descriptions[ids["note"]].startswith("note '-ve: built on credit' → ")
    assert [i.annotation_id for i in report.unchanged] == [ids["highlight"]]
    assert len(report.created) == 1 and report.skipped == ()

    claim = store.get_annotation(ids["claim"])
    assert claim.claim_status == "supported" and claim.tags == ("russia", "verified")
    assert [(s.relation, s.url, s.title) for s in claim.sources] == [
        ("supports", "https://example.org/dawn", "Dawn report"),
        ("refutes", "https://example.org/tass", "TASS"),
    ]
    assert claim.claimant == "Foreign office spokesman" and claim.claim_type == "opinion"
    assert store.get_annotation(ids["note"]).note == "Built on Soviet credit, 1973 agreement."
    # The untouched row's annotation did not move at all.
    assert store.get_annotation(ids["highlight"]) == before[ids["highlight"]]
    created = store.get_annotation(report.created[0].annotation_id or 0)
    assert created.kind == "claim" and created.claim_status == "disputed"
    assert created.quote == "Pakistan is an active member of the world community"


def test_csv_bad_values_skip_only_their_row(store: Store, brief_id: int, tmp_path: Path) -> None:
    ids = _claims(store, brief_id)
    path = tmp_path / "export.csv"
    rows = _export(store, path)
    col = {name: i for i, name in enumerate(rows[0])}
    by_id = {int(r[col["annotation_id"]]): r for r in rows[1:]}
    by_id[ids["claim"]][col["claim_status"]] = "probably"
    by_id[ids["claim"]][col["note"]] = "should not be saved"
    by_id[ids["note"]][col["sources"]] = "supports ftp://example.org/file"
    by_id[ids["highlight"]][col["note"]] = "saved"
    _save(path, rows)
    report = import_annotations(store, parse_file(path))
    reasons = {item.origin: item.description for item in report.skipped}
    assert len(reasons) == 2
    assert any("claim status 'probably'" in r for r in reasons.values())
    assert any("ftp://example.org/file" in r for r in reasons.values())
    assert store.get_annotation(ids["claim"]).note == ""
    assert store.get_annotation(ids["highlight"]).note == "saved"


def test_csv_from_another_library_does_not_overwrite_other_annotations(
    store: Store, brief_id: int, tmp_path: Path
) -> None:
    ids = _claims(store, brief_id)
    path = tmp_path / "export.csv"
    rows = _export(store, path)
    col = {name: i for i, name in enumerate(rows[0])}
    # Same brief, same ids, but this library's annotation #id is on other text.
    row = next(r for r in rows[1:] if int(r[col["annotation_id"]]) == ids["highlight"])
    row[col["quote"]] = "Air Chief Marshal Tahir Rafiq Butt"
    row[col["start"]] = row[col["end"]] = ""
    row[col["note"]] = "from elsewhere"
    _save(path, rows)
    report = import_annotations(store, parse_file(path))
    assert store.get_annotation(ids["highlight"]).note == ""
    (created,) = report.created
    assert created.description.endswith(f"(no annotation #{ids['highlight']} on this quote here)")
    made = store.get_annotation(created.annotation_id or 0)
    assert made.quote == "Air Chief Marshal Tahir Rafiq Butt" and made.note == "from elsewhere"


def test_csv_row_edited_twice_updates_once(store: Store, brief_id: int, tmp_path: Path) -> None:
    ids = _claims(store, brief_id)
    path = tmp_path / "export.csv"
    rows = _export(store, path)
    col = {name: i for i, name in enumerate(rows[0])}
    row = next(r for r in rows[1:] if int(r[col["annotation_id"]]) == ids["note"])
    copy = list(row)
    row[col["note"]], copy[col["note"]] = "first", "second"
    rows.append(copy)
    _save(path, rows)
    report = import_annotations(store, parse_file(path))
    assert store.get_annotation(ids["note"]).note == "first"
    assert any(f"#{ids['note']} is already updated" in i.description for i in report.skipped)


# ------------------------------------------------------------------------------ W3C JSON


def test_w3c_export_then_import_changes_nothing(
    store: Store, brief_id: int, tmp_path: Path
) -> None:
    w3c = pytest.importorskip("briefreader.exchange.w3c")
    _claims(store, brief_id)
    import_annotations(store, parse_file(FIXTURES / "hypothesis.json"), brief_id=brief_id)
    path = tmp_path / "export.jsonld"
    with path.open("w", encoding="utf-8") as out:
        w3c.write_json(store, out)
    before = everything(store, brief_id)
    report = import_annotations(store, parse_file(path))
    assert report.format == "w3c"
    assert len(report.unchanged) == len(before)
    assert report.created == report.updated == report.orphaned == report.skipped == ()
    assert everything(store, brief_id) == before


def test_w3c_into_an_empty_library_recreates_annotations(
    store: Store, brief_id: int, tmp_path: Path, new_db_url: Callable[[str], str]
) -> None:
    w3c = pytest.importorskip("briefreader.exchange.w3c")
    ids = _claims(store, brief_id)
    path = tmp_path / "export.jsonld"
    with path.open("w", encoding="utf-8") as out:
        w3c.write_json(store, out)
    original = store.get_annotation(ids["claim"])
    with Store.open(new_db_url("fresh")) as fresh:
        fresh_brief = import_file(fresh, EXAMPLE_BRIEF).brief
        assert fresh_brief is not None
        report = import_annotations(fresh, parse_file(path))
        assert len(report.created) == 3
        copy = fresh.find_annotation_by_uuid(original.uuid)
        assert copy is not None
        assert (copy.kind, copy.quote, copy.claimant, copy.claim_type, copy.tags) == (
            original.kind,
            original.quote,
            original.claimant,
            original.claim_type,
            original.tags,
        )
        assert {(s.relation, s.url) for s in copy.sources} == {
            (s.relation, s.url) for s in original.sources
        }


# ------------------------------------------------------------------------------ the report


def test_report_lines_give_counts_then_items(store: Store, brief_id: int) -> None:
    report = import_annotations(store, parse_file(FIXTURES / "readwise.csv"))
    lines = report.lines()
    assert lines[0] == "Readwise CSV: 4 created, 0 updated, 0 unchanged, 1 orphaned, 2 skipped"
    assert len(lines) == 1 + 4 + 1 + 2
    assert lines[1].startswith("  created   row 2 (order 3): #")
    assert any(line.startswith("  orphaned  row 5") for line in lines)
    again = import_annotations(store, parse_file(FIXTURES / "readwise.csv"))
    assert len(again.lines()) == 1 + 2
    assert len(again.lines(unchanged=True)) == 1 + 5 + 2


def test_title_matching_several_briefs_is_ambiguous(store: Store, brief_id: int) -> None:
    store.import_brief(
        NewBrief(
            text="Other text.",
            title="Pak-Russia ties revisited",
            content_hash="sha256:x",
            word_count=2,
        )
    )
    report = import_annotations(store, parse_file(FIXTURES / "My Clippings.txt"))
    assert report.created == ()
    assert any("2 briefs match 'Pak-Russia ties'" in i.description for i in report.skipped)


def test_kindle_reimport_adds_a_note_made_since_without_duplicating(
    store: Store, brief_id: int, tmp_path: Path
) -> None:
    import_annotations(store, parse_file(FIXTURES / "My Clippings.txt"))
    losing = next(a for a in store.annotations_for_brief(brief_id) if "losing" in a.quote)
    store.update_annotation(losing.id, kind="claim", claim_type="fact")  # work done here
    later = (FIXTURES / "My Clippings.txt").read_bytes() + (
        b"Pak-Russia ties (Farooq Yousaf)\r\n"
        b"- Your Note on page 2 | Location 34 | Added on Tuesday, 5 March 2024 08:00:00\r\n\r\n"
        b"Polling data? Pew 2012.\r\n==========\r\n"
    )
    path = tmp_path / "My Clippings.txt"
    path.write_bytes(later)
    count = len(everything(store, brief_id))
    report = import_annotations(store, parse_file(path))
    assert report.created == report.orphaned == ()
    assert [(i.annotation_id, i.description) for i in report.updated] == [
        (losing.id, "note added 'Polling data? Pew 2012.'")
    ]
    assert len(everything(store, brief_id)) == count
    now = store.get_annotation(losing.id)
    assert (now.kind, now.claim_type, now.note) == ("claim", "fact", "Polling data? Pew 2012.")


def test_csv_kind_and_source_relation_edits(store: Store, brief_id: int, tmp_path: Path) -> None:
    ids = _claims(store, brief_id)
    path = tmp_path / "export.csv"
    rows = _export(store, path)
    col = {name: i for i, name in enumerate(rows[0])}
    by_id = {int(r[col["annotation_id"]]): r for r in rows[1:]}
    by_id[ids["highlight"]][col["kind"]] = "claim"
    by_id[ids["highlight"]][col["claim_status"]] = "refuted"
    by_id[ids["claim"]][col["sources"]] = by_id[ids["claim"]][col["sources"]].replace(
        "supports https://example.org/dawn", "context https://example.org/dawn"
    )
    _save(path, rows)
    dawn = store.get_annotation(ids["claim"]).sources[0]
    report = import_annotations(store, parse_file(path))
    descriptions = {item.annotation_id: item.description for item in report.updated}
    assert descriptions == {
        ids["highlight"]: "kind highlight → claim; claim_status none → refuted",
        ids["claim"]: "source https://example.org/dawn supports → context",
    }
    highlight = store.get_annotation(ids["highlight"])
    assert (highlight.kind, highlight.claim_status) == ("claim", "refuted")
    kept = store.get_annotation(ids["claim"]).sources[0]
    assert (kept.id, kept.relation, kept.title) == (dawn.id, "context", "Dawn report")


def test_another_tools_w3c_file_only_adds(tmp_path: Path, db_url: str) -> None:
    """A W3C file that is not ours is matched by uuid like ours, but it never changes the kind
    or the claim fields of an annotation the user worked on in the app."""
    from briefreader.library import annotate_quote

    with Store.open(db_url) as store:
        brief = import_file(store, EXAMPLE_BRIEF).brief
        assert brief is not None
        claim = annotate_quote(store, brief.id, "It is a major shift", kind="claim")
        foreign = {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": f"urn:uuid:{claim.uuid}",
            "type": "Annotation",
            "motivation": "highlighting",
            "body": [{"type": "TextualBody", "value": "seen elsewhere", "purpose": "commenting"}],
            "target": {
                "source": brief.source,
                "selector": {"type": "TextQuoteSelector", "exact": "It is a major shift"},
            },
        }
        path = tmp_path / "other.jsonld"
        path.write_text(json.dumps(foreign), encoding="utf-8")
        parsed = parse_file(path)
        assert parsed.format == "w3c-other"
        report = import_annotations(store, parsed)
        assert len(report.updated) == 1
        after = store.get_annotation(claim.id)
        assert after.kind == "claim" and after.claim_status == "unverified"
        assert "seen elsewhere" in after.note
