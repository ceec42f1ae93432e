"""CSV export: exact header, RFC 4180 quoting, CRLF, formula neutralising, round trip."""

from __future__ import annotations

import csv
import io

import pytest

from briefreader.exchange.csv_export import HEADER, neutralise, write_csv
from briefreader.store.api import NewAnnotation, NewBrief, SourceInput, Store

pytestmark = pytest.mark.all_backends

EXPECTED_HEADER = (
    "annotation_id,brief_id,brief_title,brief_source,kind,quote,start,end,prefix,suffix,note,"
    "tags,color,claimant,claim_type,claim_status,sources,created_at,updated_at,"
    # Schema version 4, appended: the columns before keep their places.
    "check_status,conclusion,rationale,checked_by,checked_at,contacted_at,contact_outcome,creator"
)

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\tstarts with tab",
    "\rstarts with CR",
    "\x00starts with NUL",
    'has "double quotes", commas; and\nnewlines\r\nCRLF too',
    "ordinary text",
]


def export(store: Store) -> str:
    out = io.StringIO(newline="")
    write_csv(store.iter_export_rows(), out)
    return out.getvalue()


def test_header_is_exact(store: Store) -> None:
    assert ",".join(HEADER) == EXPECTED_HEADER
    assert export(store) == EXPECTED_HEADER + "\r\n"


def test_hostile_cells_survive_round_trip(store: Store) -> None:
    text = " ".join(f"[{h}]" for h in HOSTILE)
    brief_id = store.import_brief(
        NewBrief(text=text, title="=cmd|' /C calc'!A0", content_hash="sha256:h", word_count=9)
    ).brief.id
    for i, hostile in enumerate(HOSTILE):
        start = text.index(hostile)
        store.create_annotation(
            brief_id,
            NewAnnotation(
                start,
                start + len(hostile),
                kind="claim",
                note=hostile.strip() or "x",
                claimant=f"-{i} claimant",
                # One source per annotation (a source's title is the same wherever it is cited).
                sources=(
                    SourceInput(f"https://example.org/q?a=1,2&i={i}", "refutes", f"@title {i}"),
                ),
            ),
        )
    data = export(store)
    assert "\r\n" in data
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert tuple(rows[0]) == HEADER
    body = rows[1:]
    assert len(body) == len(HOSTILE)
    index = {name: i for i, name in enumerate(HEADER)}
    # NUL is stored as U+FFFD (one for one: offsets do not move), see test_store.
    stored = store.get_brief(brief_id).text
    for row, raw in zip(body, HOSTILE, strict=True):
        hostile = raw.replace("\x00", "\ufffd")
        quote = row[index["quote"]]
        # Every text cell that a spreadsheet could evaluate is neutralised...
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\x00"))
        # ...and apart from that prefix, every field survives exactly.
        assert quote.removeprefix("'") == hostile
        assert quote.startswith("'") == hostile.startswith(("=", "+", "-", "@", "\t", "\r", "\x00"))
        assert row[index["brief_title"]] == "'=cmd|' /C calc'!A0"
        assert row[index["claimant"]].removeprefix("'").startswith("-")
        i = body.index(row)
        assert row[index["sources"]] == f"refutes https://example.org/q?a=1,2&i={i}\t@title {i}"
        assert int(row[index["end"]]) - int(row[index["start"]]) == len(hostile)
        assert stored[int(row[index["start"]]) : int(row[index["end"]])] == hostile


def test_values_tags_sources_and_timestamps(store: Store, example_text: str) -> None:
    brief_id = store.import_brief(
        NewBrief(
            text=example_text, title="Ties", content_hash="sha256:e", word_count=1, source="/b.txt"
        )
    ).brief.id
    start = example_text.index("Moscow has expressed")
    ann = store.create_annotation(
        brief_id,
        NewAnnotation(
            start,
            start + 20,
            tags=("zeta", "Alpha", "mid"),
            sources=(
                SourceInput("https://a.example/1", "supports", "First"),
                SourceInput("https://b.example/2", "context"),
            ),
            color="#AABBCC",
        ),
    )
    rows = list(csv.DictReader(io.StringIO(export(store), newline="")))
    assert len(rows) == 1
    row = rows[0]
    assert row["annotation_id"] == str(ann.id)
    assert row["brief_source"] == "/b.txt"
    assert row["kind"] == "highlight"
    assert row["quote"] == "Moscow has expressed"
    assert row["tags"] == "alpha; mid; zeta"
    assert row["color"] == "#aabbcc"
    assert row["sources"] == "supports https://a.example/1\tFirst\ncontext https://b.example/2"
    assert row["claim_status"] == "" and row["claimant"] == ""
    assert row["created_at"].endswith("Z") and "T" in row["created_at"]
    assert row["prefix"] == example_text[start - 32 : start]


def test_neutralise_leaves_ordinary_text_alone() -> None:
    assert neutralise("Putin’s visit") == "Putin’s visit"
    assert neutralise("") == ""
    assert neutralise("-") == "'-"
