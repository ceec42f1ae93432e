"""Undo/redo over a real store: create, edit, tag, source, delete — and the database follows."""

from __future__ import annotations

from briefreader.reading.history import History
from briefreader.store.api import NewAnnotation, NewBrief, SourceInput, Store

TEXT = "One sentence here. Another sentence there. A third one."


def setup(store: Store) -> tuple[int, History]:
    brief_id = store.import_brief(
        NewBrief(text=TEXT, title="t", content_hash="sha256:h", word_count=9)
    ).brief.id
    return brief_id, History(store)


def test_undo_redo_create_and_delete(store: Store) -> None:
    brief_id, history = setup(store)
    ann = store.create_annotation(brief_id, NewAnnotation(0, 18))
    history.record("highlight", None, ann)
    change, now = history.undo() or (None, None)
    assert change is not None and change.label == "highlight" and now is None
    assert store.annotations_for_brief(brief_id) == []
    _, again = history.redo() or (None, None)
    assert again is not None and again.id == ann.id and again.quote == "One sentence here."
    gone = store.delete_annotation(ann.id)
    history.record("delete", gone, None)
    history.undo()
    assert [a.id for a in store.annotations_for_brief(brief_id)] == [ann.id]
    history.redo()
    assert store.annotations_for_brief(brief_id) == []
    assert not history.can_redo and history.can_undo


def test_undo_edits_tags_and_sources_in_order(store: Store) -> None:
    brief_id, history = setup(store)
    a0 = store.create_annotation(brief_id, NewAnnotation(19, 42))
    history.record("highlight", None, a0)
    a1 = store.update_annotation(a0.id, kind="claim", claimant="Me", claim_status="disputed")
    history.record("claim", a0, a1)
    a2, _ = store.toggle_annotation_tag(a0.id, "russia")
    history.record("tag", a1, a2)
    store.add_source(a0.id, SourceInput("https://example.org/x", "refutes"))
    a3 = store.get_annotation(a0.id)
    history.record("source", a2, a3)

    history.undo()
    assert store.get_annotation(a0.id).sources == ()
    history.undo()
    assert store.get_annotation(a0.id).tags == ()
    history.undo()
    now = store.get_annotation(a0.id)
    assert (now.kind, now.claimant, now.claim_status) == ("highlight", None, None)
    history.redo()
    history.redo()
    history.redo()
    final = store.get_annotation(a0.id)
    assert final.kind == "claim" and final.tags == ("russia",)
    assert [s.url for s in final.sources] == ["https://example.org/x"]
    assert final.revision > a3.revision  # other readers see the restored state as a change


def test_new_change_clears_redo(store: Store) -> None:
    brief_id, history = setup(store)
    a = store.create_annotation(brief_id, NewAnnotation(0, 3))
    history.record("highlight", None, a)
    history.undo()
    assert history.can_redo
    b = store.create_annotation(brief_id, NewAnnotation(4, 12))
    history.record("highlight", None, b)
    assert not history.can_redo
    assert history.redo() is None
