"""Reading a brief's annotations in bulk (the reader's one query for all of them, driver rows
turned into records by hand for speed) gives exactly what reading each one alone gives —
every field, tags in order, sources, aware UTC times, orphans and text-changed flags — on
SQLite and PostgreSQL; and the tag counts the reader computes from them are the store's."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from briefreader.store.api import NewAnnotation, NewBrief, SourceInput, Store, count_tags

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
    """What the reader holds (``with_context=False``): the same records but for the uuid,
    prefix and suffix of the annotations on the text (the row's own, and the text around the
    quote: 28 MB of strings with 100,000 annotations); an orphan keeps its own."""
    brief_id = made(store)
    full = {a.id: a for a in store.annotations_for_brief(brief_id, which="all")}
    lean = store.annotations_for_brief(brief_id, which="all", with_context=False)
    assert [a.id for a in lean] == list(full)
    for annotation in lean:
        whole = full[annotation.id]
        if annotation.orphan:
            assert annotation == whole and annotation.prefix == "before "
        else:
            assert whole.prefix or whole.suffix
            assert (annotation.uuid, annotation.prefix, annotation.suffix) == ("", "", "")
            assert (
                replace(annotation, uuid=whole.uuid, prefix=whole.prefix, suffix=whole.suffix)
                == whole
            )


def test_restoring_a_lean_snapshot_puts_back_its_context(store: Store) -> None:
    """Undo restores what the reader held: the restored annotation has the uuid and context it
    had, not the empty ones it was held with (exports and the next re-anchoring need them);
    after an edit (the row is there) and after a delete (the row is gone: the store's
    snapshot, which is whole, is what undo restores)."""
    brief_id = made(store)
    lean = store.annotations_for_brief(brief_id, which="all", with_context=False)
    for snapshot in lean:
        before = store.get_annotation(snapshot.id)
        store.update_annotation(snapshot.id, note="edited")
        restored = store.restore_annotation(snapshot)  # undo of the edit
        assert (restored.uuid, restored.prefix, restored.suffix) == (
            before.uuid,
            before.prefix,
            before.suffix,
        )
        assert restored.note == before.note and restored.tags == before.tags
        gone = store.delete_annotation(snapshot.id)
        assert gone.uuid == before.uuid and gone.prefix == before.prefix
        again = store.restore_annotation(gone)  # undo of the delete
        assert (again.uuid, again.prefix, again.suffix) == (
            before.uuid,
            before.prefix,
            before.suffix,
        )
    # Deleted elsewhere, then restored from the lean copy the reader held: a new identity,
    # the right context.
    held = next(a for a in lean if not a.orphan)
    whole = store.delete_annotation(held.id)
    back = store.restore_annotation(held)
    assert back.uuid and back.uuid != whole.uuid
    assert (back.prefix, back.suffix) == (whole.prefix, whole.suffix) != ("", "")
