"""The fast CSV path writes exactly the bytes ``csv.writer`` would, and the bulk insert's
direct-to-driver path stores exactly what a single create stores."""

from __future__ import annotations

import csv
import dataclasses
import io
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefreader.exchange.csv_export import HEADER, row_cells, write_csv
from briefreader.store.api import ExportRow, NewAnnotation, NewBrief, SourceInput, Store

pytestmark = pytest.mark.all_backends

TRICKY = ["=1+1", "+x", "-y", "@z", "\tt", "\rr", "\x00n", 'say "hi", ok', "a\nb", "a\r\nb", ""]


def reference(rows: list[ExportRow]) -> str:
    """The export as csv.writer writes it from row_cells: the behaviour to keep."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(row_cells(row))
    return out.getvalue()


def written(rows: Iterable[ExportRow]) -> str:
    out = io.StringIO(newline="")
    write_csv(rows, out)
    return out.getvalue()


texts = st.one_of(st.sampled_from(TRICKY), st.text(st.characters(exclude_categories=["Cs"])))
moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
) | st.just(datetime(2026, 11, 27, 19, 55, 10, tzinfo=UTC))


@st.composite
def export_rows(draw: st.DrawFn) -> ExportRow:
    return ExportRow(
        annotation_id=draw(st.integers(1, 10**9)),
        uuid="u",
        brief_id=draw(st.integers(1, 99)),
        brief_title=draw(texts),
        brief_source=draw(st.none() | texts),
        kind=draw(st.sampled_from(("highlight", "claim", "note"))),
        quote=draw(texts),
        start=draw(st.integers(0, 10**6)),
        end=draw(st.integers(0, 10**6)),
        prefix=draw(texts),
        suffix=draw(texts),
        note=draw(texts),
        tags=tuple(draw(st.lists(texts, max_size=3))),
        color=draw(st.none() | texts),
        claimant=draw(st.none() | texts),
        claim_type=draw(st.none() | st.sampled_from(("fact", "opinion"))),
        claim_status=draw(st.none() | st.sampled_from(("unverified", "refuted"))),
        sources=tuple(draw(st.lists(st.tuples(texts, texts, texts), max_size=2))),
        created_at=draw(moments),
        updated_at=draw(moments),
        check_status=draw(st.none() | st.sampled_from(("to-check", "checked"))),
        conclusion=draw(st.none() | texts),
        rationale=draw(texts),
        checked_by=draw(st.none() | texts),
        checked_at=draw(st.none() | moments),
        contacted_at=draw(st.none() | moments),
        contact_outcome=draw(st.none() | texts),
        creator=draw(st.none() | texts),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(export_rows(), max_size=4))
def test_writer_matches_csv_module_byte_for_byte(rows: list[ExportRow]) -> None:
    assert written(rows) == reference(rows)


def test_zero_microseconds_and_other_zones_format_like_isoformat() -> None:
    [row] = [
        ExportRow(1, "u", 1, "t", None, "note", "q", 0, 1, "", "", "", (), None, None, None,
                  None, (), datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
                  datetime(2026, 1, 2, 8, 4, 5, 7, tzinfo=timezone(timedelta(hours=5))),
                  "checked", None, "", None, datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=UTC),
                  None, None, None)
    ]  # fmt: skip
    data = written([row])
    assert data == reference([row])
    assert data.endswith(
        ",2026-01-02T03:04:05Z,2026-01-02T03:04:05.000007Z,checked,,,,2026-01-02T03:04:05.120000Z,,,\r\n"
    )


def fill(store: Store, example_text: str) -> tuple[int, int]:
    """Two briefs with hostile content, claims, tags and sources, made both ways."""
    text = example_text + " " + " ".join(f"[{t}]" for t in TRICKY if t)
    one = store.import_brief(
        NewBrief(text=text, title='=T, "one"', content_hash="sha256:1", word_count=9, source="-s")
    ).brief.id
    two = store.import_brief(
        NewBrief(text=text[::-1], title="two", content_hash="sha256:2", word_count=9)
    ).brief.id
    items = [
        NewAnnotation(
            start=i * 37 % (len(text) - 80),
            end=i * 37 % (len(text) - 80) + 5 + i % 70,
            kind=("claim", "highlight", "note")[i % 3],
            note=TRICKY[i % len(TRICKY)] + f" {i}" if i % 2 else "",
            claimant=TRICKY[i % len(TRICKY)] or None if i % 3 == 0 else None,
            claim_type="prediction" if i % 3 == 0 else None,
            tags=("Russia", "russia", "=Energy")
            if i % 4 == 0
            else ("trade",)
            if i % 4 == 1
            else (),
            sources=(SourceInput(f"https://x.example/{i}?a=1,2", "refutes", '"T", t'),)
            if i % 5 == 0
            else (),
            color="#AABBCC" if i % 7 == 0 else None,
            # Every other claim checked, with hostile words; every annotation's maker.
            check_status="checked" if i % 6 == 0 else None,
            conclusion=TRICKY[i % len(TRICKY)] + " c" if i % 6 == 0 else None,
            rationale=TRICKY[(i + 1) % len(TRICKY)] if i % 6 == 0 else "",
            checked_by="=ayesha" if i % 6 == 0 else None,
            checked_at=datetime(2026, 3, 4, 5, 6, 7, i, tzinfo=UTC) if i % 6 == 0 else None,
            creator=(TRICKY[i % len(TRICKY)] or None) if i % 2 else "-bilal",
        )
        for i in range(120)
    ]
    assert store.bulk_create_annotations(one, items) == 120
    assert store.bulk_create_annotations(two, items[:40]) == 40
    start = text.index("[=1+1]")
    store.create_annotation(one, NewAnnotation(start, start + 6, tags=("x",), note="@n"))
    claim = store.annotations_for_brief(one)[0]
    store.update_annotation(
        claim.id,
        kind="claim",
        contacted_at=datetime(2026, 3, 5, tzinfo=UTC),
        contact_outcome="+no reply, yet",
    )
    return one, two


def test_store_tuples_write_the_same_bytes_as_dataclasses(store: Store, example_text: str) -> None:
    one, _ = fill(store, example_text)
    for brief_ids, tag in (
        (None, None),
        ([one], None),
        (None, "Russia"),
        ([one], "trade"),
        (None, "absent"),
    ):
        fast = written(store.iter_export_rows(brief_ids, tag))
        rows = list(store.iter_export_rows(brief_ids, tag))
        assert fast == written(rows) == reference(rows)
    body = list(csv.reader(io.StringIO(written(store.iter_export_rows()), newline="")))[1:]
    assert len(body) == 161
    assert {r[HEADER.index("tags")] for r in body} >= {"'=energy; russia", "trade", ""}
    assert {r[HEADER.index("checked_by")] for r in body} == {"'=ayesha", ""}
    assert {r[HEADER.index("check_status")] for r in body} == {"checked", "to-check", ""}
    assert {r[HEADER.index("creator")] for r in body} >= {"'-bilal", "'+x"}
    assert sum(r[HEADER.index("contact_outcome")] == "'+no reply, yet" for r in body) == 1


def test_partly_read_rows_write_the_rest(store: Store, example_text: str) -> None:
    fill(store, example_text)
    rows = store.iter_export_rows()
    first = next(rows)
    everything = list(store.iter_export_rows())
    assert first == everything[0]
    rest = everything[1:]
    assert written(rows) == reference(rest)


@pytest.mark.sqlite_only  # PostgreSQL's timestamp columns hold no hand-written strings
def test_timestamps_edited_by_hand_still_export_as_utc(
    store: Store, example_text: str, db_path: Path
) -> None:
    fill(store, example_text)
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE annotation SET created_at = '2026-01-02 03:04:05' WHERE id = 1")
        con.execute("UPDATE annotation SET updated_at = '2026-01-02 03:04:05.000000' WHERE id = 2")
    fast = written(store.iter_export_rows())
    assert fast == reference(list(store.iter_export_rows()))
    by_id = {r[0]: r for r in csv.reader(io.StringIO(fast, newline=""))}
    assert by_id["1"][HEADER.index("created_at")] == "2026-01-02T03:04:05Z"
    assert by_id["2"][HEADER.index("updated_at")] == "2026-01-02T03:04:05Z"


def test_bulk_create_stores_what_create_stores(store: Store, example_text: str) -> None:
    brief_id = store.import_brief(
        NewBrief(text=example_text, title="b", content_hash="sha256:b", word_count=1)
    ).brief.id
    item = NewAnnotation(
        10,
        60,
        kind="claim",
        note="  a note \n",
        color="#AABBCC",
        claimant="  The  author ",
        claim_type="fact",
        tags=("Alpha", "alpha", "Beta"),
        sources=(SourceInput(" https://a.example/x ", "context", " T "),),
    )
    before = datetime.now(UTC)
    store.bulk_create_annotations(brief_id, [item] * 6001)  # two batches
    single = store.create_annotation(brief_id, item)
    bulk = store.annotations_for_brief(brief_id)
    assert len(bulk) == 6002 and len({a.uuid for a in bulk}) == 6002
    ignored = {"id", "uuid", "created_at", "updated_at", "sources"}
    for made in (bulk[0], bulk[6000]):
        fields = [f.name for f in dataclasses.fields(made) if f.name not in ignored]
        assert {k: getattr(made, k) for k in fields} == {k: getattr(single, k) for k in fields}
        assert made.tags == ("alpha", "beta")
        assert [(s.url, s.relation, s.title) for s in made.sources] == [
            (s.url, s.relation, s.title) for s in single.sources
        ]
        assert made.created_at.tzinfo is not None and before <= made.created_at <= single.created_at
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as conn:
            # The bigger page cache was for the insert only.
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == -2000
