"""Reading a brief's annotations in bulk (the reader's one query for all of them, driver rows
turned into records by hand for speed) gives exactly what reading each one alone gives —
every field, tags in order, sources, aware UTC times, orphans and text-changed flags — on
SQLite and PostgreSQL; and the tag counts the reader computes from them are the store's."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from briefreader.reading.shown import ShownAnnotations
from briefreader.store.api import (
    NewAnnotation,
    NewBrief,
    SourceInput,
    Store,
    UuidTable,
    count_tags,
)

pytestmark = pytest.mark.all_backends

TEXT = "Pakistan and Russia met in 1974. It was a major shift. Others disagreed."


def made(store: Store) -> int:
    brief_id = store.import_brief(
        NewBrief(text=TEXT, title="Ties", content_hash="sha256:a", word_count=12, source="/x")
    ).brief.id
    store.create_annotation(brief_id, NewAnnotation(0, 8))
    for name in ("zeta", "middle", "alpha"):  # tag ids in the reverse of name order
        store.ensure_tag(name)
    store.create_annotation(
        brief_id,
        NewAnnotation(
            13,
            19,
            kind="claim",
            note="a note\nwith two lines",
            color="#ff8800",
            claimant="The minister",
            claim_type="fact",
            claim_status="disputed",
            tags=("zeta", "alpha", "Middle"),
            sources=(
                SourceInput("https://b.example/2", "refutes", "Second"),
                SourceInput("https://a.example/1", "supports", "First", "why"),
            ),
            created_at=datetime(2020, 5, 17, 9, 30, 15, 123456, tzinfo=UTC),
        ),
    )
    store.create_annotation(brief_id, NewAnnotation(13, 19, kind="note", tags=("alpha",)))
    store.create_annotation(
        brief_id,
        NewAnnotation(0, 5, orphan=True, quote="gone words", prefix="before ", suffix=" after"),
    )
    edited = store.create_annotation(brief_id, NewAnnotation(33, 54, note="first"))
    store.update_annotation(edited.id, note="second", expected_revision=edited.revision)
    store.ensure_tag("unused")
    store.update_tag("unused", quick_key=3)
    return brief_id


def test_bulk_reading_gives_what_reading_one_gives(store: Store) -> None:
    brief_id = made(store)
    every = store.annotations_for_brief(brief_id, which="all")
    assert len(every) == 5
    for annotation in every:
        assert annotation == store.get_annotation(annotation.id)
        assert annotation.created_at.tzinfo is not None
        assert annotation.updated_at.utcoffset() is not None
    claim = next(a for a in every if a.kind == "claim")
    assert claim.tags == ("alpha", "middle", "zeta")
    assert [s.url for s in claim.sources] == ["https://b.example/2", "https://a.example/1"]
    assert claim.created_at == datetime(2020, 5, 17, 9, 30, 15, 123456, tzinfo=UTC)
    edited = next(a for a in every if a.note == "second")
    assert edited.updated_at > edited.created_at and edited.revision == 2
    anchored = store.annotations_for_brief(brief_id)
    orphans = store.annotations_for_brief(brief_id, which="orphans")
    assert [a.id for a in anchored] == [a.id for a in every if not a.orphan]
    assert [a.quote for a in orphans] == ["gone words"] and orphans[0].orphan
    assert [(a.start, a.end) for a in anchored] == sorted((a.start, a.end) for a in anchored)


def test_tag_counts_from_the_annotations_in_hand_are_the_stores(store: Store) -> None:
    brief_id = made(store)
    every = store.annotations_for_brief(brief_id, which="all")
    assert count_tags(every, store.list_tags()) == store.tag_counts(brief_id)
    assert [(t.name, n) for t, n in count_tags(every, store.list_tags())] == [
        ("alpha", 2),
        ("middle", 1),
        ("unused", 0),
        ("zeta", 1),
    ]


def test_the_readers_lean_load_leaves_out_only_the_context_of_annotations_on_the_text(
    store: Store,
) -> None:
    """What the reader holds (``with_context=False``, ``uuids=``): the same records but for the
    prefix and suffix of the annotations on the text (the text around the quote) and their
    uuids, which go packed into a table: 26 MB less with 100,000 annotations. An orphan keeps
    its own."""
    brief_id = made(store)
    full = {a.id: a for a in store.annotations_for_brief(brief_id, which="all")}
    uuids = UuidTable()
    lean = store.annotations_for_brief(brief_id, which="all", with_context=False, uuids=uuids)
    assert [a.id for a in lean] == list(full)
    assert len(uuids) == sum(not a.orphan for a in lean) == 4
    for annotation in lean:
        whole = full[annotation.id]
        if annotation.orphan:
            assert annotation == whole and annotation.prefix == "before "
            assert uuids.get(annotation.id) is None
        else:
            assert whole.prefix or whole.suffix
            assert (annotation.uuid, annotation.prefix, annotation.suffix) == ("", "", "")
            assert uuids.get(annotation.id) == whole.uuid
            lean_whole = replace(
                annotation, uuid=whole.uuid, prefix=whole.prefix, suffix=whole.suffix
            )
            assert lean_whole == whole


def test_a_uuid_table_gives_back_any_uuid_it_was_given() -> None:
    """Canonical uuids are packed, anything else (an old or hand-made library) kept as is."""
    table = UuidTable()
    given = {
        9: str(uuid4()),
        2: str(uuid4()),
        5: "urn:x-legacy:5",
        7: str(uuid4()).upper(),
        # Looks canonical, but hex with a space in it (fromhex would skip it: 15 bytes).
        4: "abcdef01-abcd-abcd-abcd-abcdef 0123 ",
        8: str(uuid4()),
    }
    for ann_id, value in given.items():
        table.add(ann_id, value)
    assert {ann_id: table.get(ann_id) for ann_id in given} == given
    assert table.get(3) is None and len(table) == 6
    # Added again once read (a reader's edit): the latest wins, the rest is untouched.
    again = str(uuid4())
    table.add(2, again)
    table.add(9, given[9])
    assert {ann_id: table.get(ann_id) for ann_id in given} == given | {2: again}


def test_restoring_a_lean_snapshot_puts_back_its_context(store: Store) -> None:
    """Undo restores what the reader held (made whole again by ShownAnnotations.whole): the
    restored annotation has the uuid and context it had, not the empty ones it was held with
    (exports and the next re-anchoring need them); after an edit (the row is there) and after
    a delete elsewhere (the row is gone)."""
    brief_id = made(store)
    uuids = UuidTable()
    lean = store.annotations_for_brief(brief_id, which="all", with_context=False, uuids=uuids)
    shown = ShownAnnotations()
    shown.reset(lean, uuids=uuids)
    for held in lean:
        before = store.get_annotation(held.id)
        store.update_annotation(held.id, note="edited")
        restored = store.restore_annotation(shown.whole(held))  # undo of the edit
        assert (restored.uuid, restored.prefix, restored.suffix) == (
            before.uuid,
            before.prefix,
            before.suffix,
        )
        assert restored.note == before.note and restored.tags == before.tags
        store.delete_annotation(held.id)  # elsewhere
        again = store.restore_annotation(shown.whole(held))  # "restore mine"
        assert (again.uuid, again.prefix, again.suffix) == (
            before.uuid,
            before.prefix,
            before.suffix,
        )
    # Without the table (a snapshot nobody can make whole): the row's uuid if it is there,
    # else a new identity; the context is always the text's.
    held = next(a for a in lean if not a.orphan)
    whole = store.delete_annotation(held.id)
    back = store.restore_annotation(held)
    assert back.uuid and back.uuid != whole.uuid
    assert (back.prefix, back.suffix) == (whole.prefix, whole.suffix) != ("", "")
