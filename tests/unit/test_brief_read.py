"""The reader's bulk read of a brief's annotations (store/brief_read.py) gives the same records
whichever way it reads them: through the brief's index (its annotations spread among other
briefs') or by its range of ids (most of that range is the brief's: another brief's annotations
inside it, with their own tags and sources, stay out); in text order, ties by id, for each
``which``, lean or whole. The uuid table it fills (packed in bulk) answers as one filled an
annotation at a time would, uuids of a hand-made library included, and records made by the
store's quick constructor are the records the class makes."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from briefreader.store.api import (
    Annotation,
    NewAnnotation,
    NewBrief,
    SourceInput,
    Store,
    UuidTable,
)
from briefreader.store.brief_read import dense_span
from briefreader.store.records import ClaimCheck, Source, slots_maker

pytestmark = pytest.mark.all_backends

TEXT = "Pakistan and Russia met in 1974. It was a major shift. Others disagreed. " * 3
SPANS = [(40, 60), (0, 8), (13, 19), (13, 19), (0, 8), (33, 54), (100, 120), (5, 9), (0, 3)]


def brief(store: Store, name: str) -> int:
    return store.import_brief(
        NewBrief(text=TEXT, title=name, content_hash=f"sha256:{name}", word_count=36)
    ).brief.id


def library(store: Store) -> tuple[int, int, int]:
    """``dense``: annotations made out of text order, with ``other``'s two in their range
    (tagged, citing a source); ``sparse``: one before all of them and one after."""
    dense, other, sparse = brief(store, "dense"), brief(store, "other"), brief(store, "sparse")
    store.create_annotation(sparse, NewAnnotation(1, 4, tags=("first",)))
    for n, (start, end) in enumerate(SPANS):
        if n == 3:
            store.create_annotation(
                other,
                NewAnnotation(
                    0, 8, tags=("elsewhere",), sources=(SourceInput("https://o.example/"),)
                ),
            )
        store.create_annotation(
            dense,
            NewAnnotation(
                start,
                end,
                kind=("highlight", "claim", "note")[n % 3],
                tags=("b", "a")[: n % 3],
                sources=(SourceInput(f"https://s.example/{n}"),) if n % 4 == 0 else (),
            ),
        )
        if n == 5:
            store.create_annotation(other, NewAnnotation(33, 54, kind="claim"))
    store.create_annotation(
        dense, NewAnnotation(0, 5, orphan=True, quote="gone words", prefix="p ", tags=("a",))
    )
    store.create_annotation(sparse, NewAnnotation(2, 9, kind="note"))
    return dense, other, sparse


def test_both_ways_of_reading_give_each_record_as_reading_it_alone_does(store: Store) -> None:
    dense, other, sparse = library(store)
    with store._read() as s:  # the library has both shapes (else this test proves nothing)
        conn = s.connection()
        ranges = {b: dense_span(conn, b) for b in (dense, other, sparse)}
    if store.engine.dialect.name == "sqlite":
        assert ranges[dense] is not None and ranges[other] is not None
        assert ranges[sparse] is None
    for brief_id, count in ((dense, len(SPANS) + 1), (other, 2), (sparse, 2)):
        every = store.annotations_for_brief(brief_id, which="all")
        assert len(every) == count
        assert every == [store.get_annotation(a.id) for a in every]
        assert [(a.start, a.end, a.id) for a in every] == sorted(
            (a.start, a.end, a.id) for a in every
        )
        anchored = store.annotations_for_brief(brief_id)
        orphans = store.annotations_for_brief(brief_id, which="orphans")
        assert anchored == [a for a in every if not a.orphan]
        assert orphans == [a for a in every if a.orphan]
    assert {t for a in store.annotations_for_brief(dense, which="all") for t in a.tags} == {
        "a",
        "b",
    }
    assert [len(a.sources) for a in store.annotations_for_brief(other)] == [1, 0]


def test_the_lean_read_gives_the_uuids_apart_both_ways(store: Store) -> None:
    for brief_id in library(store):
        whole = store.annotations_for_brief(brief_id, which="all")
        for which in ("all", "anchored", "orphans"):
            uuids = UuidTable()
            lean = store.annotations_for_brief(
                brief_id, which=which, with_context=False, uuids=uuids
            )
            wanted = [a for a in whole if which == "all" or a.orphan == (which == "orphans")]
            assert [a.id for a in lean] == [a.id for a in wanted]
            on_text = [a for a in wanted if not a.orphan]
            assert len(uuids) == len(on_text)
            for held, full in zip(lean, wanted, strict=True):
                if held.orphan:
                    assert held == full and uuids.get(held.id) is None
                else:
                    assert (held.uuid, held.prefix, held.suffix) == ("", "", "")
                    assert uuids.get(held.id) == full.uuid
                    assert held == dataclasses.replace(full, uuid="", prefix="", suffix="")


@pytest.mark.sqlite_only  # hand-edited files: PostgreSQL's columns hold only their types
@pytest.mark.parametrize(
    "odd",
    [
        "urn:x-legacy:7",  # not 36 characters
        "ABCDEF01-ABCD-ABCD-ABCD-ABCDEF012345",  # upper case: kept as it is
        "abcdef01-abcd-abcd-abcd-abcdef01234",  # 35, and the next one 37: 72 together ...
    ],
)
def test_the_lean_read_gives_back_uuids_that_are_not_canonical(
    store: Store, db_path: Path, odd: str
) -> None:
    dense, _, _ = library(store)
    # Two next to each other in id order (the order the uuids are read in).
    first, second = sorted(store.annotations_for_brief(dense), key=lambda a: a.id)[2:4]
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE annotation SET uuid = ? WHERE id = ?", (odd, first.id))
        if len(odd) == 35:  # ... which joined would read as two canonical ones
            con.execute(
                "UPDATE annotation SET uuid = ? WHERE id = ?", ("5" + second.uuid, second.id)
            )
    expected = {a.id: a.uuid for a in store.annotations_for_brief(dense)}
    assert odd in expected.values()
    uuids = UuidTable()
    store.annotations_for_brief(dense, with_context=False, uuids=uuids)
    assert {ann_id: uuids.get(ann_id) for ann_id in expected} == expected
    assert len(uuids) == len(expected)


def test_a_uuid_table_filled_in_bulk_answers_as_one_filled_one_by_one() -> None:
    canonical = [str(uuid4()) for _ in range(6)]
    odd = [
        str(uuid4()).upper(),
        "12345678-1234-1234-1234-123456789012",  # no letter: not lower case, kept as is
        "abcdef01-abcd-abcd-abcd-abcdef 0123 ",  # a space fromhex would skip
        "urn:x-legacy:5",
        "abcdef01-abcd-abcd-abcd-abcdef0123456",  # one too long ...
        "bcdef01-abcd-abcd-abcd-abcdef0123456",  # ... and one too short: 72 together
        "abcdef01abcd-abcd-abcd-abcdef012345-6",  # a dash out of place
    ]
    batches = [
        (list(range(1, 7)), canonical),  # in id order
        ([9, 7, 8, 20, 11, 10], canonical),  # not
        ([30, 31, 32, 33, 34, 35, 36], odd),
        ([40, 41], [canonical[0], odd[0]]),
        ([], []),
    ]
    for ids, values in batches:
        one_by_one, bulk = UuidTable(), UuidTable()
        for ann_id, value in zip(ids, values, strict=True):
            one_by_one.add(ann_id, value)
        bulk.add_all(list(ids), list(values))
        assert len(bulk) == len(one_by_one) == len(ids)
        for ann_id in [*ids, 99]:
            assert bulk.get(ann_id) == one_by_one.get(ann_id)
    # Filled in two batches, the second out of order; then added to once read.
    table = UuidTable()
    table.add_all([5, 6], canonical[:2])
    table.add_all([2, 3], canonical[2:4])
    assert [table.get(i) for i in (2, 3, 5, 6)] == [*canonical[2:4], *canonical[:2]]
    table.add_all([3], [canonical[5]])
    assert table.get(3) == canonical[5] and len(table) == 5


def test_the_quick_constructor_makes_what_the_class_makes() -> None:
    made_check = slots_maker(ClaimCheck)("checked", "True", "why", "me", None, None, None)
    assert made_check == ClaimCheck("checked", "True", "why", "me", None, None, None)
    source = Source(1, 2, "https://s.example/", "T", "refutes", "n", None, 3, "q")
    assert slots_maker(Source)(*dataclasses.astuple(source)) == source
    values = [getattr(made_check, f.name) for f in dataclasses.fields(ClaimCheck)]
    assert values == ["checked", "True", "why", "me", None, None, None]
    annotation_fields = [f.name for f in dataclasses.fields(Annotation)]
    args: list[Any] = [f"v{n}" for n in range(len(annotation_fields))]
    made = slots_maker(Annotation)(*args)
    assert made == Annotation(*args) and hash(made) == hash(Annotation(*args))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.note = "changed"  # type: ignore[misc]
