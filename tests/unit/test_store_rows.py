"""One converter from rows to records and one export selection: every way the store hands out
an annotation (alone, a brief's in bulk, an export's, a search hit's tags) gives the same
record, on SQLite and PostgreSQL; every export format reads the same annotations in the same
order; and the export row's shapes all follow its one list of fields."""

from __future__ import annotations

import sqlite3
import typing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefreader.exchange.csv_export import HEADER
from briefreader.store.api import (
    EXPORT_FIELDS,
    ExportRow,
    ExportTuple,
    NewAnnotation,
    NewBrief,
    SourceInput,
    Store,
)
from briefreader.store.export import EXPORT_TIMES

pytestmark = pytest.mark.all_backends

TEXT = "Pakistan and Russia met in 1974. It was a major shift. Others disagreed."


def two_briefs(store: Store) -> tuple[int, int]:
    one = store.import_brief(
        NewBrief(text=TEXT, title="One", content_hash="sha256:1", word_count=12)
    ).brief.id
    two = store.import_brief(
        NewBrief(text=TEXT + " More.", title="Two", content_hash="sha256:2", word_count=13)
    ).brief.id
    # Code point order puts "a-c" first; a linguistic collation would put "ab" first.
    store.create_annotation(two, NewAnnotation(13, 19, tags=("ab", "a-c", "Zed")))
    store.create_annotation(
        one,
        NewAnnotation(
            33,
            54,
            kind="claim",
            claimant="The minister",
            claim_status="disputed",
            tags=("zed",),
            sources=(SourceInput("https://b.example/2", "refutes", "B"),),
        ),
    )
    store.create_annotation(one, NewAnnotation(0, 8, note="first", tags=("a-c",)))
    store.create_annotation(
        one, NewAnnotation(0, 5, orphan=True, quote="gone words", tags=("zed", "ab"))
    )
    store.create_annotation(two, NewAnnotation(0, 8))
    return one, two


def test_export_row_shapes_follow_its_fields() -> None:
    hints = typing.get_type_hints(ExportRow)
    shapes = typing.get_args(ExportTuple)
    assert len(shapes) == len(EXPORT_FIELDS) == len(hints)
    for name, shape in zip(EXPORT_FIELDS, shapes, strict=True):
        if name not in EXPORT_TIMES:
            assert shape == hints[name], name
        else:  # a time: an ISO string in the tuple, None where the row has none
            assert shape == (str if hints[name] is datetime else str | None), name
    assert tuple(name for name in EXPORT_FIELDS if name != "uuid") == HEADER


def test_every_export_reads_the_same_selection(store: Store) -> None:
    one, two = two_briefs(store)
    for brief_ids, tag in ((None, None), ([two], None), (None, "ZED"), ([one, two], "a-c")):
        records = store.export_annotations(brief_ids, tag)
        rows = list(store.iter_export_rows(brief_ids, tag))
        assert [r.annotation_id for r in rows] == [a.id for a in records]
        wanted = [
            a
            for brief_id in sorted(brief_ids or (one, two))
            for a in store.annotations_for_brief(brief_id, which="all")
            if tag is None or tag.lower() in a.tags
        ]
        assert records == wanted
        for record, row in zip(records, rows, strict=True):
            assert record == store.get_annotation(record.id)
            assert row.tags == record.tags
            assert row.sources == tuple((s.relation, s.url, s.title) for s in record.sources)
            assert (row.start, row.end) == (
                ("", "") if record.orphan else (record.start, record.end)
            )
            assert (row.created_at, row.updated_at) == (record.created_at, record.updated_at)
    assert store.export_annotations([999], None) == []


def test_tags_are_in_code_point_order_everywhere(store: Store) -> None:
    _, two = two_briefs(store)
    tagged = store.annotations_for_brief(two)[1]
    assert tagged.tags == ("a-c", "ab", "zed") == store.get_annotation(tagged.id).tags
    hits = [h for h in store.search("tag:ab") if h.annotation_id == tagged.id]
    assert [h.tags for h in hits] == [tagged.tags]
    assert [r.tags for r in store.iter_export_rows([two], "ab")] == [tagged.tags]


@pytest.mark.sqlite_only  # hand-edited files: PostgreSQL's columns hold only their types
def test_a_damaged_file_reads_the_same_in_bulk_and_alone(store: Store, db_path: Path) -> None:
    one, _ = two_briefs(store)
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE annotation SET created_at = '2026-01-02 03:04:05+01:00' WHERE id = 2")
        con.execute("UPDATE source SET added_at = '2026-01-02T03:04:05' WHERE annotation_id = 2")
        # A link to a tag that is gone (foreign keys are off on this connection).
        con.execute("DELETE FROM tag WHERE name = 'a-c'")
    every = store.annotations_for_brief(one, which="all")
    assert every == [store.get_annotation(a.id) for a in every]
    assert every == store.export_annotations([one], None)
    claim = next(a for a in every if a.id == 2)
    assert claim.created_at == datetime(2026, 1, 2, 2, 4, 5, tzinfo=UTC)
    assert claim.sources[0].added_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert next(a for a in every if a.note == "first").tags == ()
