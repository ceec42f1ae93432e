"""Replacing a brief's text through the Store: versions kept, annotations moved, flagged when
their words changed (not when only the formatting did), orphans kept, nothing dropped."""

from __future__ import annotations

import pytest

from briefreader.ingest.model import content_hash
from briefreader.library import annotate_quote, import_file
from briefreader.store.api import NewBrief, Store, StoreError
from tests.conftest import EXAMPLE_BRIEF

CLAIM = "It is a major shift"
NOTE = "steel and energy sectors"
FIRST = "Pak-Russia ties are witnessing a fresh start"

pytestmark = pytest.mark.all_backends


def new(text: str) -> NewBrief:
    return NewBrief(text=text, title="ignored", content_hash=content_hash(text), word_count=1)


@pytest.fixture
def annotated(store: Store) -> tuple[int, str, dict[str, int]]:
    brief = import_file(store, EXAMPLE_BRIEF).brief
    assert brief is not None
    ids = {
        "claim": annotate_quote(store, brief.id, CLAIM, kind="claim", tags=["russia"]).id,
        "note": annotate_quote(store, brief.id, NOTE, kind="note", note="which?").id,
        "first": annotate_quote(store, brief.id, FIRST).id,
    }
    return brief.id, store.get_brief(brief.id).text, ids


def test_moved_changed_and_orphaned(
    store: Store, annotated: tuple[int, str, dict[str, int]]
) -> None:
    brief_id, text, ids = annotated
    edited = "Editor's note.\n\n" + text.replace(NOTE, "industry").replace(
        CLAIM, "It was a major shift"
    )
    report = store.replace_brief_text(brief_id, new(edited))
    assert (report.exact, report.changed, report.orphaned, report.total) == (1, 1, 1, 3)
    assert report.brief.version == 2 and report.brief.orphans == 1
    first = store.get_annotation(ids["first"])
    assert edited[first.start : first.end] == FIRST and first.previous_quote is None
    claim = store.get_annotation(ids["claim"])
    assert claim.quote == edited[claim.start : claim.end] == "It was a major shift"
    assert claim.previous_quote == CLAIM and claim.tags == ("russia",)
    note = store.get_annotation(ids["note"])
    assert note.orphan and note.quote == NOTE and note.note == "which?"
    assert [a.id for a in store.annotations_for_brief(brief_id)] == [ids["first"], ids["claim"]]
    (old,) = store.brief_versions(brief_id)
    assert (old.version, old.text) == (1, text)
    assert store.get_brief(brief_id).text == edited
    # Accepting the change clears the flag; the revision moves on.
    accepted = store.accept_text_change(ids["claim"])
    assert accepted.previous_quote is None and accepted.revision == claim.revision + 1


def test_reformatting_is_not_a_text_change(
    store: Store, annotated: tuple[int, str, dict[str, int]]
) -> None:
    brief_id, text, _ids = annotated
    # Lines re-wrapped, curly quotes made straight: the same words.
    reformatted = text.replace(" ", "\n", 40).replace("’", "'").replace("“", '"')
    report = store.replace_brief_text(brief_id, new(reformatted))
    assert report.orphaned == 0 and report.changed == 0
    for ann in store.annotations_for_brief(brief_id):
        assert ann.previous_quote is None
        assert ann.quote == reformatted[ann.start : ann.end]


def test_same_text_and_taken_text(store: Store, annotated: tuple[int, str, dict[str, int]]) -> None:
    brief_id, text, _ids = annotated
    same = store.replace_brief_text(brief_id, new(text))
    assert not same.text_changed and same.brief.version == 1
    other = store.import_brief(new("Another brief entirely.")).brief
    with pytest.raises(StoreError, match=f"already in the library as brief #{other.id}"):
        store.replace_brief_text(brief_id, new("Another brief entirely."))
    assert store.get_brief(brief_id).version == 1  # nothing changed


def test_orphan_comes_back_when_its_text_returns(
    store: Store, annotated: tuple[int, str, dict[str, int]]
) -> None:
    brief_id, text, ids = annotated
    store.replace_brief_text(brief_id, new(text.replace(NOTE, "industry")))
    assert store.get_annotation(ids["note"]).orphan
    report = store.replace_brief_text(brief_id, new(text))
    assert report.orphaned == 0 and report.brief.version == 3
    note = store.get_annotation(ids["note"])
    assert not note.orphan and text[note.start : note.end] == NOTE
    assert [v.version for v in store.brief_versions(brief_id)] == [1, 2]


def test_reattach_and_search_see_the_new_text(
    store: Store, annotated: tuple[int, str, dict[str, int]]
) -> None:
    brief_id, text, ids = annotated
    edited = text.replace(NOTE, "steel and power sectors and refineries")
    store.replace_brief_text(brief_id, new(edited))
    assert store.search("refineries")[0].brief_id == brief_id
    start = edited.index("steel and power")
    moved = store.reattach_annotation(ids["note"], start, start + len("steel and power sectors"))
    assert not moved.orphan and moved.previous_quote == NOTE
    assert [h.annotation_id for h in store.search("power kind:note")] == [ids["note"]]
