"""Import parsers: each fixture file read into the records a user would expect, what cannot be
imported skipped with a reason, and formats told apart by content."""

from __future__ import annotations

import base64
import csv
import io
import json
import uuid
from pathlib import Path

import pytest

from briefreader.exchange.csv_export import HEADER, format_sources, neutralise
from briefreader.exchange.importers import UnknownFormat, parse_file, parse_text
from briefreader.exchange.importers._common import as_uuid
from briefreader.exchange.importers.csv_ours import parse_sources, unneutralise
from briefreader.store.records import SourceInput

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


# ------------------------------------------------------------------------------- Hypothesis


def test_hypothesis_export_reads_selectors_text_tags_and_document() -> None:
    parsed = parse_file(FIXTURES / "hypothesis.json")
    assert parsed.format == "hypothesis"
    assert len(parsed.annotations) == 6
    first, second = parsed.annotations[:2]
    assert first.quote == "Something considered improbable in the past may soon become a reality"
    assert first.prefix == "vel visits from both the sides. "
    assert first.suffix == " as both the sides are vying for"
    assert (first.start, first.end) == (516, 585)
    assert first.kind == "highlight" and first.note is None
    assert first.tags == ("prediction",)
    assert (
        first.brief_source == "https://tribune.com.pk/story/440233/pak-russia-ties-a-fresh-start/"
    )
    assert first.brief_title == "Pak-Russia ties: a fresh start | The Express Tribune"
    assert first.created_at is not None and first.created_at.year == 2024
    # Text makes it a note; quotes in the text survive JSON decoding.
    assert second.kind == "note"
    assert second.note is not None and 'not "at its own expense"' in second.note
    assert second.tags == ("history", "Pakistan Steel Mills")


def test_hypothesis_replies_and_page_notes_are_skipped_with_reasons() -> None:
    parsed = parse_file(FIXTURES / "hypothesis.json")
    reasons = {s.origin.split(" (")[0]: s.reason for s in parsed.skipped}
    assert set(reasons) == {"annotation 6", "annotation 7"}
    assert "reply" in reasons["annotation 6"]
    assert "page note" in reasons["annotation 7"]


def test_hypothesis_ids_become_their_uuids() -> None:
    parsed = parse_file(FIXTURES / "hypothesis.json")
    ident = "kvBJ0H0XEe2mL1O9u0vEQg"
    expected = str(uuid.UUID(bytes=base64.urlsafe_b64decode(ident + "==")))
    assert parsed.annotations[0].uuid == expected
    assert len({a.uuid for a in parsed.annotations}) == len(parsed.annotations)


def test_hypothesis_accepts_list_rows_and_client_export_shapes(tmp_path: Path) -> None:
    rows = json.loads((FIXTURES / "hypothesis.json").read_text(encoding="utf-8"))["rows"]
    expected = parse_file(FIXTURES / "hypothesis.json").annotations
    for shape in (rows, {"rows": rows}, {"export_date": "2024-03-06", "annotations": rows}):
        path = tmp_path / "export.json"
        path.write_text(json.dumps(shape), encoding="utf-8")
        assert parse_file(path).annotations == expected


def test_hypothesis_position_only_annotation_is_skipped() -> None:
    item = {
        "id": "x",
        "uri": "https://example.org/a",
        "target": [
            {
                "source": "https://example.org/a",
                "selector": [{"type": "TextPositionSelector", "start": 1, "end": 5}],
            }
        ],
    }
    parsed = parse_text(json.dumps([item]))
    assert parsed.annotations == ()
    assert "TextQuoteSelector" in parsed.skipped[0].reason


# --------------------------------------------------------------------------------- Readwise


def test_readwise_csv_reads_quoted_multiline_cells_colours_and_tags() -> None:
    parsed = parse_file(FIXTURES / "readwise.csv")
    assert parsed.format == "readwise"
    by_row = {a.origin.split(" (")[0]: a for a in parsed.annotations}
    assert set(by_row) == {"row 2", "row 3", "row 4", "row 5", "row 6", "row 7"}
    spokesman = by_row["row 3"]
    assert spokesman.quote.endswith(
        "“We have turned a new page in our relationship with Russia. It is a major shift.”"
    )
    assert spokesman.kind == "note"
    assert spokesman.note == (
        'Anonymous source, so weak evidence.\nWho is the "spokesman"? '
        "Find a named official saying the same."
    )
    assert spokesman.color == "#6fa8dc"  # Readwise "blue"
    assert by_row["row 2"].tags == ("energy", "MOU")
    assert by_row["row 2"].kind == "highlight" and by_row["row 2"].note is None
    assert "\n" in by_row["row 6"].quote
    assert by_row["row 2"].brief_title == "Pak-Russia ties"
    assert by_row["row 2"].brief_author == "Farooq Yousaf"
    assert by_row["row 7"].brief_title == "Thinking, Fast and Slow"
    created = by_row["row 2"].created_at
    assert created is not None and (created.year, created.hour, created.minute) == (2024, 14, 31)


def test_readwise_empty_highlight_is_skipped() -> None:
    parsed = parse_file(FIXTURES / "readwise.csv")
    assert [(s.origin, s.reason) for s in parsed.skipped] == [
        ("row 8 (order 20)", "no highlighted text")
    ]


# ----------------------------------------------------------------------------------- Kindle


def test_kindle_clippings_attach_notes_and_skip_bookmarks_edits_and_duplicates() -> None:
    parsed = parse_file(FIXTURES / "My Clippings.txt")
    assert parsed.format == "kindle"
    numbers = [a.origin.split(" (")[0] for a in parsed.annotations]
    assert numbers == [
        "clipping 1",
        "clipping 3",
        "clipping 6",
        "clipping 7",
        "clipping 8",
        "clipping 10",
    ]
    first = parsed.annotations[0]
    # No BOM or CR leaks into titles or text.
    assert first.brief_title == "Pak-Russia ties" and first.brief_author == "Farooq Yousaf"
    assert first.quote == (
        "Historically, Russia and Pakistan have never enjoyed prolonged periods of fruitful ties."
    )
    assert first.kind == "note"
    assert first.note == "Not quite: the 1970s were warm. Check trade figures."
    edited = parsed.annotations[2]
    assert edited.quote.endswith("against US policies and demands.")
    assert parsed.annotations[1].brief_author == "Kahneman, Daniel"
    reasons = {s.origin.split(" (")[0]: s.reason for s in parsed.skipped}
    assert set(reasons) == {"clipping 4", "clipping 5", "clipping 9", "clipping 11"}
    assert "bookmark" in reasons["clipping 4"]
    assert "clipping 6" in reasons["clipping 5"]
    assert "not on a highlight" in reasons["clipping 9"]
    assert "clipping 10" in reasons["clipping 11"]


def test_kindle_dates_in_uk_and_us_formats() -> None:
    parsed = parse_file(FIXTURES / "My Clippings.txt")
    uk = parsed.annotations[0].created_at
    us = parsed.annotations[3].created_at  # "Monday, March 4, 2024 9:31:07 AM"
    assert uk is not None and us is not None
    assert (uk.month, uk.day) == (3, 4) and (us.month, us.day) == (3, 4)
    assert uk.tzinfo is not None


def test_kindle_abbreviated_locations_and_notes_on_them() -> None:
    text = (
        "A Brief (Someone)\n- Highlight Loc. 1180-82 | Added on Monday, 4 March 2024 09:12:45\n\n"
        "Some text.\n==========\n"
        "A Brief (Someone)\n- Note Loc. 1182 | Added on Monday, 4 March 2024 09:13:00\n\n"
        "A note.\n==========\n"
    )
    parsed = parse_text(text)
    assert [(a.quote, a.note) for a in parsed.annotations] == [("Some text.", "A note.")]


# ------------------------------------------------------------------------------- our CSV


@pytest.mark.parametrize("value", ["=1+2", "+44 20", "-x", "@SUM(A1)", "\tx", "\rx", "\x00x"])
def test_unneutralise_inverts_the_export(value: str) -> None:
    assert neutralise(value) != value
    assert unneutralise(neutralise(value)) == value


@pytest.mark.parametrize("value", ["plain", "'quoted'", "'", "", "it's"])
def test_unneutralise_leaves_other_cells_alone(value: str) -> None:
    assert unneutralise(value) == value


def test_sources_cell_inverts_format_sources() -> None:
    sources = (
        ("supports", "https://example.org/a?x=1,2", "A title, with commas"),
        ("refutes", "https://doi.org/10.1000/xyz", ""),
        ("context", "https://example.org/b", "Tab\tnot in titles but spaces  are"),
    )
    parsed = parse_sources(format_sources(sources))
    assert [(s.relation, s.url, s.title) for s in parsed] == [
        ("supports", "https://example.org/a?x=1,2", "A title, with commas"),
        ("refutes", "https://doi.org/10.1000/xyz", ""),
        ("context", "https://example.org/b", "Tab\tnot in titles but spaces  are"),
    ]


def test_sources_cell_as_a_person_types_it() -> None:
    assert parse_sources("https://example.org/x\n\nRefutes  https://example.org/y  Why not") == (
        SourceInput("https://example.org/x", "supports", ""),
        SourceInput("https://example.org/y", "refutes", "Why not"),
    )


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def test_our_csv_by_column_name_with_semicolons_and_spreadsheet_numbers() -> None:
    # A spreadsheet in a decimal-comma locale: ';' separators, columns reordered and some
    # dropped, ids written as 7.0, a trailing empty row.
    text = _csv(
        [
            ["quote", "annotation_id", "brief_id", "tags", "claim_status", "kind"],
            ["'=1+1 is two", "7.0", "1", "Verified; energy,scO", "Supported", "claim"],
            ["", "", "", "", "", ""],
        ],
        delimiter=";",
    )
    parsed = parse_text(text)
    assert parsed.format == "briefreader-csv"
    (row,) = parsed.annotations
    assert row.origin == "row 2"
    assert row.quote == "=1+1 is two"
    assert row.annotation_id == 7 and row.brief_id == 1
    assert row.tags == ("Verified", "energy", "scO")
    assert row.claim_status == "supported"
    # Columns the file does not have are "not given", not "empty".
    assert row.note is None and row.sources is None and row.color is None


def test_our_csv_row_with_a_bad_id_or_no_quote_is_skipped() -> None:
    text = _csv([list(HEADER), ["abc", *[""] * (len(HEADER) - 1)], ["", "1", *[""] * 17]])
    parsed = parse_text(text)
    assert parsed.annotations == ()
    assert [s.origin for s in parsed.skipped] == ["row 2", "row 3"]
    assert "not an id" in parsed.skipped[0].reason


# -------------------------------------------------------------------------------- detection


def test_unknown_files_raise_unknown_format(tmp_path: Path) -> None:
    cases = {
        "notes.txt": "Just some notes.\nNothing to import.\n",
        "data.csv": "name,value\na,1\n",
        "other.json": '{"hello": "world"}',
        "broken.json": '{"rows": [',
        "empty.csv": "",
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        with pytest.raises(UnknownFormat) as info:
            parse_file(path)
        assert isinstance(info.value, ValueError)
        assert name in str(info.value)
    assert "line 1" in _message(tmp_path / "broken.json")


def _message(path: Path) -> str:
    try:
        parse_file(path)
    except UnknownFormat as exc:
        return str(exc)
    raise AssertionError("expected UnknownFormat")


def test_format_detected_by_content_not_name(tmp_path: Path) -> None:
    for fixture, expected in (
        ("hypothesis.json", "hypothesis"),
        ("readwise.csv", "readwise"),
        ("My Clippings.txt", "kindle"),
    ):
        renamed = tmp_path / "download.dat"
        renamed.write_bytes((FIXTURES / fixture).read_bytes())
        assert parse_file(renamed).format == expected


def test_excel_windows_1252_csv_is_read(tmp_path: Path) -> None:
    # Excel's "CSV (Comma delimited)" writes the ANSI code page: ’ is byte 0x92.
    text = _csv([["annotation_id", "brief_id", "quote", "note"], ["3", "1", "Putin’s visit", "ok"]])
    path = tmp_path / "edited.csv"
    path.write_bytes(text.encode("cp1252"))
    (row,) = parse_file(path).annotations
    assert row.quote == "Putin’s visit"


def test_w3c_json_is_handed_to_the_w3c_parser(tmp_path: Path) -> None:
    item = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:6f1c9f7e-2d4b-4a8e-9d55-0c7d7c6a1e11",
        "type": "Annotation",
        "motivation": "highlighting",
        "target": {
            "source": "https://example.org/brief",
            "selector": {"type": "TextQuoteSelector", "exact": "fresh start"},
        },
    }
    path = tmp_path / "w3c.jsonld"
    path.write_text(json.dumps(item), encoding="utf-8")
    parsed = parse_file(path)
    assert parsed.format == "w3c-other"  # not our export: it will only add to ours
    assert parsed.annotations[0].quote == "fresh start"
    assert parsed.annotations[0].uuid == "6f1c9f7e-2d4b-4a8e-9d55-0c7d7c6a1e11"


def test_as_uuid_reads_hex_urn_and_hypothesis_forms() -> None:
    value = uuid.uuid4()
    short = base64.urlsafe_b64encode(value.bytes).decode().rstrip("=")
    assert as_uuid(short) == str(value)
    assert as_uuid(f"urn:uuid:{value}") == str(value)
    assert as_uuid(value.hex.upper()) == str(value)
    assert as_uuid("not-a-uuid") is None
    assert as_uuid("") is None


def test_cells_that_look_neutralised_survive_the_round_trip() -> None:
    """A note that really starts with ``'=`` is exported as ``''=`` and read back unchanged."""
    from briefreader.exchange.csv_export import neutralise
    from briefreader.exchange.importers.csv_ours import unneutralise

    for value in ["=1+2", "'=1+2", "''@x", "'plain", "plain", "-5", "'", ""]:
        assert unneutralise(neutralise(value)) == value
    assert neutralise("'=x").startswith("''")
