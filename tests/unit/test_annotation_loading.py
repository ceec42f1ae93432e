"""Reading a brief's annotations in bulk (the reader's one query for all of them, driver rows
turned into records by hand for speed) gives exactly what reading each one alone gives —
every field, tags in order, sources, aware UTC times, orphans and text-changed flags — on
SQLite and PostgreSQL; and the tag counts the reader computes from them are the store's."""

from __future__ import annotations

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
