"""A citation's quote and its source's details (author, publisher, dates, archived copy) in
the exports that have room for them, on SQLite and PostgreSQL: the W3C JSON body carries them
(still meeting the W3C test suite's MUSTs) and an import reads them back, into another library
or unchanged into the same one; a CSV re-import (whose sources cell has no room for them)
leaves them as they are; the Markdown report shows them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from briefreader.annotation_import import import_annotations
from briefreader.exchange.csv_export import write_csv
from briefreader.exchange.importers import parse_file
from briefreader.exchange.markdown_report import write_markdown
from briefreader.exchange.w3c import write_json
from briefreader.store.api import NewAnnotation, NewBrief, Source, SourceInput, Store
from tests.unit.test_w3c_export import ANNOTATION_MUSTS, must_failures, needs_suite

pytestmark = pytest.mark.all_backends

TEXT = "Russia is now the largest supplier of crude oil. Trade doubled since 2020."
ARCHIVE = "https://web.archive.org/web/2026/https://example.org/customs"
CUSTOMS = SourceInput(
    "https://example.org/customs",
    "refutes",
    "Customs yearbook 2023",
    note="table 3",
    quote="Crude imports from Russia: 12% of the total",
    author="Pakistan Bureau of Statistics",
    publisher="Government of Pakistan",
    published="2024-02",
    accessed_at=date(2026, 1, 2),
    archive_url=ARCHIVE,
)


def claim(store: Store) -> int:
    brief_id = store.import_brief(NewBrief(TEXT, "Oil", "sha256:oil", 12)).brief.id
    return store.create_annotation(
        brief_id,
        NewAnnotation(0, 48, kind="claim", sources=(CUSTOMS, SourceInput("https://x.org/plain"))),
    ).id


def details(source: Source) -> tuple[object, ...]:
    return (
        source.url,
        source.relation,
        source.title,
        source.note,
        source.quote,
        source.author,
        source.publisher,
        source.published,
        source.accessed_at,
        source.archive_url,
    )


def export(store: Store, tmp_path: Path, name: str = "out.jsonld") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as out:
        if name.endswith(".csv"):
            write_csv(store.iter_export_rows(), out)
        else:
            write_json(store, out)
    return path


@needs_suite
def test_the_w3c_body_carries_them_and_still_meets_the_musts(store: Store, tmp_path: Path) -> None:
    claim(store)
    item = json.loads(export(store, tmp_path).read_text(encoding="utf-8"))["first"]["items"][0]
    assert must_failures(item, ANNOTATION_MUSTS) == []
    linking = [b for b in item["body"] if b.get("purpose") == "linking"]
    assert linking == [
        {
            "type": "SpecificResource",
            "purpose": "linking",
            "source": {
                "id": "https://example.org/customs",
                "label": "Customs yearbook 2023",
                "creator": {"name": "Pakistan Bureau of Statistics"},
                "briefreader:publisher": "Government of Pakistan",
                "briefreader:published": "2024-02",
                "briefreader:accessed": "2026-01-02",
                "briefreader:archive": ARCHIVE,
            },
            "briefreader:relation": "refutes",
            "selector": {
                "type": "TextQuoteSelector",
                "exact": "Crude imports from Russia: 12% of the total",
            },
            "briefreader:note": "table 3",
        },
        # A source with nothing more than its URL stays a plain URL.
        {
            "type": "SpecificResource",
            "purpose": "linking",
            "source": "https://x.org/plain",
            "briefreader:relation": "supports",
        },
    ]


def test_a_w3c_file_brings_them_into_another_library_and_back_unchanged(
    store: Store, tmp_path: Path, new_db_url: Callable[[str], str]
) -> None:
    ann_id = claim(store)
    path = export(store, tmp_path)
    wanted = [details(s) for s in store.get_annotation(ann_id).sources]
    # Into the same library: nothing to do.
    again = import_annotations(store, parse_file(path))
    assert (len(again.unchanged), again.updated, again.created) == (1, (), ())
    # Into another one, whose source for that URL has a title already (kept: an import fills
    # what a source lacks).
    with Store.open(new_db_url("other")) as other:
        brief_id = other.import_brief(NewBrief(TEXT, "Oil", "sha256:oil", 12)).brief.id
        mine = other.create_annotation(brief_id, NewAnnotation(49, 73))
        other.add_source(mine.id, SourceInput("https://example.org/customs", title="Mine"))
        report = import_annotations(other, parse_file(path))
        assert len(report.created) == 1
        (created,) = [a for a in other.annotations_for_brief(brief_id) if a.id != mine.id]
        got = [details(s) for s in created.sources]
        assert got[1] == wanted[1]
        assert got[0] == (*wanted[0][:2], "Mine", *wanted[0][3:])
        assert len(other.list_sources()) == 2


def test_a_quote_changed_in_the_w3c_file_changes_the_citation(store: Store, tmp_path: Path) -> None:
    ann_id = claim(store)
    path = export(store, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    body = data["first"]["items"][0]["body"]
    linking = next(b for b in body if b.get("purpose") == "linking")
    linking["selector"]["exact"] = "Table 3, row 2"
    linking["source"]["briefreader:published"] = "2024-02-15"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = import_annotations(store, parse_file(path))
    assert [i.description for i in report.updated] == [
        "source https://example.org/customs quote, published"
    ]
    (src, _) = store.get_annotation(ann_id).sources
    assert (src.quote, src.published, src.author) == (
        "Table 3, row 2",
        "2024-02-15",
        "Pakistan Bureau of Statistics",
    )


def test_a_csv_round_trip_leaves_them_as_they_are(store: Store, tmp_path: Path) -> None:
    ann_id = claim(store)
    before = store.get_annotation(ann_id)
    path = export(store, tmp_path, "out.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    cell = rows[1][rows[0].index("sources")]
    assert cell == (
        "refutes https://example.org/customs\tCustoms yearbook 2023\nsupports https://x.org/plain"
    )
    report = import_annotations(store, parse_file(path))
    assert (len(report.unchanged), report.updated) == (1, ())
    assert store.get_annotation(ann_id) == before
    # A relation changed in the spreadsheet: changed, the quote and details kept.
    rows[1][rows[0].index("sources")] = cell.replace("refutes", "context", 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    report = import_annotations(store, parse_file(path))
    assert [i.description for i in report.updated] == [
        "source https://example.org/customs refutes → context"
    ]
    src = store.get_annotation(ann_id).sources[0]
    assert details(src) == (
        "https://example.org/customs",
        "context",
        *details(before.sources[0])[2:],
    )


def test_the_markdown_report_shows_them(store: Store) -> None:
    claim(store)
    out = io.StringIO()
    write_markdown(store, out)
    line = next(x for x in out.getvalue().splitlines() if "customs" in x)
    assert line == (
        "  - refutes: [Customs yearbook 2023](<https://example.org/customs>), "
        "Pakistan Bureau of Statistics (2024-02) — table 3: "
        "“Crude imports from Russia: 12% of the total”"
    )
