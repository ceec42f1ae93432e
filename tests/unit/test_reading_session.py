"""The reading session without a screen, on a real SQLite library opened twice — "you" (the
session) and "them" (another window or a teammate on the same file): create, edit, delete,
undo and redo; what happens when they saved or deleted the annotation first (conflict, a
change with nothing visible, deleted elsewhere, restoring it); orphans attached and undone;
and what the shown annotations answer after each step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefreader.reading import (
    Conflicted,
    DeletedElsewhere,
    Done,
    Edit,
    Invalid,
    Nothing,
    Operation,
    Outcome,
    ReadingSession,
    ShownAnnotations,
)
from briefreader.reading.compare import differences
from briefreader.reading.shown import ClaimCover
from briefreader.store.api import Annotation, NewAnnotation, NewBrief, Store, UuidTable

TEXT = "Pakistan and Russia met in 1974. It was a major shift. Others disagreed."
MET = (0, 32)  # "Pakistan and Russia met in 1974."
SHIFT = (33, 54)  # "It was a major shift."


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[ReadingSession, Store]]:
    url = f"sqlite:///{tmp_path / 'lib.sqlite3'}"
    mine, theirs = Store.open(url), Store.open(url)
    brief = NewBrief(text=TEXT, title="Ties", content_hash="sha256:t", word_count=12, source="/t")
    brief_id = mine.import_brief(brief).brief.id
    yield ReadingSession(lambda: mine, brief_id, ShownAnnotations()), theirs
    mine.close()
    theirs.close()


def done(outcome: Outcome | Operation, session: ReadingSession) -> Done:
    if isinstance(outcome, Operation):
        outcome = session.run(outcome)
    assert isinstance(outcome, Done), outcome
    return outcome


def created(session: ReadingSession, span: tuple[int, int] = MET, **fields: object) -> Annotation:
    result = done(session.create(span, "highlight", **fields), session)
    assert result.after is not None
    return result.after


def test_create_edit_undo_and_redo_follow_the_store(two: tuple[ReadingSession, Store]) -> None:
    session, theirs = two
    first = created(session)
    assert session.shown.annotations == [first]
    edited = done(session.save("note", first, Edit.between(first, note="Check this")), session)
    assert edited.after is not None and edited.after.note == "Check this"
    assert edited.delta.removed == (first,) and edited.delta.added == (edited.after,)
    undone = done(session.undo(), session)
    assert undone.message == "Undid note" and undone.after is not None
    assert theirs.get_annotation(first.id).note == "" == session.shown.annotations[0].note
    done(session.undo(), session)  # the creation: deleted
    assert session.shown.annotations == [] and theirs.annotations_for_brief(session.brief_id) == []
    again = done(session.redo(), session)
    assert again.after is not None and again.after.id == first.id  # the same annotation back
    assert again.after.uuid == first.uuid
    done(session.redo(), session)
    assert theirs.get_annotation(first.id).note == "Check this"
    nothing = session.redo()
    assert isinstance(nothing, Nothing) and nothing.message == "Nothing to redo."


def test_a_visible_change_saved_elsewhere_asks_and_mine_keeps_theirs_too(
    two: tuple[ReadingSession, Store],
) -> None:
    session, theirs = two
    shown = created(session, kind="claim")
    theirs.update_annotation(shown.id, note="Their note", expected_revision=shown.revision)
    outcome = session.run(session.save("tag", shown, Edit.between(shown, tags=("russia",))))
    assert isinstance(outcome, Conflicted)
    assert outcome.theirs.note == "Their note" and outcome.yours is not None
    assert outcome.yours.note == "Their note" and outcome.yours.tags == ("russia",)
    assert session.shown.annotations == [outcome.theirs]  # shown as stored now
    assert outcome.keep() == "Kept the version saved elsewhere; your change was not saved."
    mine = done(outcome.mine, session)
    assert mine.after is not None and (mine.after.note, mine.after.tags) == (
        "Their note",
        ("russia",),
    )
    assert theirs.get_annotation(shown.id).tags == ("russia",)


def test_a_change_elsewhere_with_nothing_visible_is_saved_on_without_asking(
    two: tuple[ReadingSession, Store],
) -> None:
    session, theirs = two
    shown = created(session)
    theirs.toggle_annotation_tag(shown.id, "x")
    theirs.toggle_annotation_tag(shown.id, "x")  # revision +2, nothing to see
    result = done(session.save("note", shown, Edit.between(shown, note="mine")), session)
    assert result.after is not None and result.after.revision == shown.revision + 3


def test_the_same_change_saved_elsewhere_is_said_not_asked(
    two: tuple[ReadingSession, Store],
) -> None:
    session, theirs = two
    shown = created(session)
    theirs.update_annotation(shown.id, note="same", expected_revision=shown.revision)
    outcome = session.run(session.save("note", shown, Edit.between(shown, note="same")))
    assert isinstance(outcome, Nothing)
    assert outcome.message == "The same change was already saved elsewhere."


def test_an_edit_on_one_deleted_elsewhere_restores_it_or_drops_it(
    two: tuple[ReadingSession, Store],
) -> None:
    session, theirs = two
    shown = created(session, tags=("keep",))
    theirs.delete_annotation(shown.id)
    outcome = session.run(session.save("note", shown, Edit.between(shown, note="mine")))
    assert isinstance(outcome, DeletedElsewhere) and outcome.yours.note == "mine"
    restored = done(outcome.restore, session)
    assert restored.after is not None and restored.after.id == shown.id
    back = theirs.get_annotation(shown.id)
    assert (back.uuid, back.note, back.tags, back.prefix) == (shown.uuid, "mine", ("keep",), "")
    # Undo of that restore goes back to "deleted", where the other side left it.
    done(session.undo(), session)
    assert theirs.annotations_for_brief(session.brief_id) == []
    other = created(session, SHIFT)
    theirs.delete_annotation(other.id)
    dropped = session.run(session.save("note", other, Edit.between(other, note="x")))
    assert isinstance(dropped, DeletedElsewhere)
    delta, message = dropped.drop()
    assert message == "Dropped it: it was deleted elsewhere." and delta.removed == (other,)
    assert session.shown.get(other.id) is None


def test_delete_asks_when_changed_elsewhere_and_says_when_already_gone(
    two: tuple[ReadingSession, Store],
) -> None:
    session, theirs = two
    shown = created(session)
    theirs.update_annotation(shown.id, note="Theirs", expected_revision=shown.revision)
    outcome = session.run(session.delete(shown))
    assert isinstance(outcome, Conflicted) and outcome.verb == "delete" and outcome.yours is None
    assert outcome.keep() == "Kept the version saved elsewhere."
    assert session.shown.annotations[0].note == "Theirs"
    gone = done(outcome.mine, session)
    assert gone.before is not None and gone.before.note == "Theirs"
    assert session.shown.annotations == []
    again = created(session)
    theirs.delete_annotation(again.id)
    said = session.run(session.delete(again))
    assert isinstance(said, Nothing) and said.message == "It was already deleted elsewhere."
    assert session.shown.annotations == []


def test_undo_of_a_delete_restores_the_whole_annotation(two: tuple[ReadingSession, Store]) -> None:
    session, theirs = two
    shown = created(session, kind="claim", note="n", tags=("a", "b"), claimant="Ann")
    full = theirs.get_annotation(shown.id)
    done(session.delete(shown), session)
    undone = done(session.undo(), session)
    assert undone.message == "Undid delete"
    back = theirs.get_annotation(shown.id)
    assert (back.uuid, back.prefix, back.suffix, back.tags, back.claimant, back.quote) == (
        full.uuid,
        full.prefix,
        full.suffix,
        full.tags,
        full.claimant,
        full.quote,
    )


def test_undo_after_a_change_elsewhere_asks_and_keep_drops_the_step(
    two: tuple[ReadingSession, Store],
) -> None:
    session, theirs = two
    shown = created(session)
    after = done(session.save("note", shown, Edit.between(shown, note="mine")), session).after
    assert after is not None
    theirs.update_annotation(shown.id, color="#ff0000", expected_revision=after.revision)
    step = session.undo()
    assert isinstance(step, Operation)
    outcome = session.run(step)
    assert isinstance(outcome, Conflicted) and outcome.verb == "undo"
    assert outcome.keep() == "Kept the version saved elsewhere; note not undone."
    assert (top := session.history.peek()) is not None and top.label == "highlight"
    # Undo anyway, this time: the "before" state of the creation step is "deleted".
    step = session.undo()
    assert isinstance(step, Operation)
    forced = session.run(step)
    assert isinstance(forced, Conflicted)
    done(forced.mine, session)
    assert theirs.annotations_for_brief(session.brief_id) == []


def test_undo_of_an_edit_deleted_elsewhere_can_restore_it(
    two: tuple[ReadingSession, Store],
) -> None:
    session, theirs = two
    shown = created(session)
    done(session.save("note", shown, Edit.between(shown, note="second")), session)
    theirs.delete_annotation(shown.id)
    step = session.undo()
    assert isinstance(step, Operation)
    outcome = session.run(step)
    assert isinstance(outcome, DeletedElsewhere) and outcome.step == "undo"
    assert outcome.yours.note == ""  # what undoing would bring back
    assert session.shown.get(shown.id) is None
    restored = done(outcome.restore, session)
    assert restored.after is not None and theirs.get_annotation(shown.id).note == ""
    gone = created(session, SHIFT)
    theirs.delete_annotation(gone.id)
    step = session.undo()
    assert isinstance(step, Operation)
    nothing = session.run(step)  # undo of a creation whose annotation is gone
    assert isinstance(nothing, Nothing)
    assert nothing.message == "It was deleted elsewhere already: nothing to do."


def test_an_orphan_attached_moves_onto_the_text_and_undo_takes_it_back(
    two: tuple[ReadingSession, Store],
) -> None:
    session, theirs = two
    orphan = theirs.create_annotation(
        session.brief_id, NewAnnotation(0, 5, orphan=True, quote="old words", tags=("t",))
    )
    session.shown.reset(theirs.annotations_for_brief(session.brief_id, which="all"))
    assert session.shown.orphans == [orphan] and session.shown.annotations == []
    attached = done(session.attach(orphan, *SHIFT, TEXT[SHIFT[0] : SHIFT[1]]), session)
    assert attached.delta.orphans_removed == (orphan,) and len(attached.delta.added) == 1
    assert attached.delta.tags == {}  # the tag moved with it: counts unchanged
    assert (
        session.shown.orphans == [] and session.shown.annotations[0].previous_quote == "old words"
    )
    accepted = done(session.accept_change(session.shown.annotations[0]), session)
    assert accepted.after is not None and accepted.after.previous_quote is None
    done(session.undo(), session)
    undone = done(session.undo(), session)
    assert undone.after is not None and undone.after.orphan
    assert session.shown.orphans[0].id == orphan.id and session.shown.annotations == []


def test_a_value_the_store_refuses_is_said(two: tuple[ReadingSession, Store]) -> None:
    session, _theirs = two
    outcome = session.run(session.create(MET, "highlight", color="not a colour"))
    assert isinstance(outcome, Invalid) and "colour" in outcome.message.lower()
    assert session.shown.annotations == []


def test_the_shown_annotations_answer_lookups_and_count_tags(
    two: tuple[ReadingSession, Store],
) -> None:
    session, _theirs = two
    outer = created(session, (0, 54), tags=("a",))
    inner = created(session, (13, 19), kind="claim", tags=("a", "b"))
    last = created(session, SHIFT)
    shown = session.shown
    assert [a.id for a in shown.containing(15)] == [outer.id, inner.id]
    assert shown.innermost_at(15) == inner and shown.innermost_at(60) is None
    assert shown.after(0) == inner and shown.before(33) == inner and shown.after(40) is None
    assert shown.claims == 1 and shown.tagged("a") == [outer, inner] and shown.tags() == ["a", "b"]
    gone = done(session.delete(inner), session)
    assert gone.delta.tags == {"a": -1, "b": -1} and shown.claims == 0
    assert shown.containing(15) == [outer] and shown.get(last.id) == last


def test_the_claim_cover_follows_claims_made_edited_deleted_and_undone(
    two: tuple[ReadingSession, Store],
) -> None:
    """What the suggestions ask (does a claim overlap this sentence?) stays true through every
    change, though the cover is kept between changes."""
    session, theirs = two
    shown = session.shown

    def covered() -> list[bool]:
        return [shown.claim_cover().overlaps(*span) for span in (MET, SHIFT, (55, 72))]

    def as_read_again() -> list[bool]:
        claims = [(a.start, a.end) for a in shown.annotations if a.kind == "claim"]
        return [ClaimCover.of(claims).overlaps(*span) for span in (MET, SHIFT, (55, 72))]

    assert covered() == [False, False, False]
    outer = created(session, (0, 54))  # a highlight: covers nothing
    assert covered() == [False, False, False]
    inner = created(session, (13, 19), kind="claim")  # inside the first sentence
    assert covered() == [True, False, False]
    done(session.save("kind", outer, Edit.between(outer, kind="claim")), session)
    assert covered() == [True, True, False] == as_read_again()  # nested claims count
    done(session.delete(inner), session)
    assert covered() == [True, True, False]
    done(session.undo(), session)  # the inner claim back
    assert covered() == [True, True, False] == as_read_again()
    done(session.undo(), session)  # the outer one a highlight again
    assert covered() == [True, False, False] == as_read_again()
    session.shown.reset(theirs.annotations_for_brief(session.brief_id, which="all"))
    assert covered() == [True, False, False] == as_read_again()


def test_a_claim_cover_built_elsewhere_is_kept_only_if_no_claim_came_or_went(
    two: tuple[ReadingSession, Store],
) -> None:
    """The suggestions' worker builds the cover while the reader goes on: a claim made
    meanwhile is not hidden by the cover it brings back."""
    session, theirs = two
    shown = session.shown
    build, version = shown.cover_later()
    created(session, SHIFT, kind="claim")  # while the worker reads
    shown.keep_cover(build(), version)  # stale: not kept
    assert shown.claim_cover().overlaps(*SHIFT)
    created(session, (60, 65), kind="claim")
    shown.reset(theirs.annotations_for_brief(session.brief_id, which="all"))  # none kept now
    build, version = shown.cover_later()
    created(session, MET)  # a highlight meanwhile: the claims are as they were
    shown.keep_cover(built := build(), version)
    assert shown.claim_cover() is built and built.overlaps(*SHIFT) and built.overlaps(61, 62)


def test_the_claim_cover_answers_as_the_spans_do_on_many_random_claims() -> None:
    import random

    rng = random.Random(7)
    spans = [(s, s + rng.randint(1, 300)) for s in (rng.randint(0, 5000) for _ in range(400))]
    cover = ClaimCover.of(spans)
    for _ in range(2000):
        start = rng.randint(0, 5400)
        end = start + rng.randint(1, 200)
        assert cover.overlaps(start, end) == any(a < end and start < b for a, b in spans)
    # Changed a claim at a time (as the reader changes it), it answers as one built again.
    for _ in range(300):
        gone = [spans.pop(rng.randrange(len(spans)))] if rng.random() < 0.5 else []
        came = [(s, s + rng.randint(1, 300)) for s in [rng.randint(0, 5000)]]
        spans += came
        cover = cover.changed(gone, came)
        assert cover == ClaimCover.of(spans)


def test_the_shown_fingerprint_follows_every_change_as_the_store_counts_it(
    two: tuple[ReadingSession, Store],
) -> None:
    from briefreader.store.watch import brief_fingerprint

    session, theirs = two
    version = 1

    def same() -> bool:
        return session.shown.fingerprint(version) == brief_fingerprint(theirs, session.brief_id)

    assert same()
    first = created(session)
    second = created(session, SHIFT, tags=("x",))
    assert same()
    done(session.save("note", first, Edit.between(first, note="n")), session)
    done(session.delete(second), session)  # the highest id goes
    assert same()
    done(session.undo(), session)  # and comes back
    done(session.undo(), session)
    assert same()
    session.shown.reset(theirs.annotations_for_brief(session.brief_id, which="all"))
    assert same()


def test_a_claims_check_is_edited_compared_and_undone_like_any_field(
    two: tuple[ReadingSession, Store],
) -> None:
    """The desk's commands are the reader's: a verdict with its rationale is one edit (the
    claim becomes checked, as the preview says), a rationale saved elsewhere in between is a
    conflict on that field alone, mine then keeps their verdict, and undo puts verdict, status
    and rationale back."""
    session, theirs = two
    claim = created(session, SHIFT, kind="claim")
    assert claim.check is not None and claim.check.status == "to-check"
    change = Edit.between(claim, claim_status="refuted", rationale="Customs data, 2024")
    assert set(change.fields) == {"claim_status", "rationale"}
    preview = change.apply(claim)
    assert preview.check is not None
    assert (preview.claim_status, preview.check.status) == ("refuted", "checked")
    saved = done(session.save("verdict", claim, change), session).after
    assert saved is not None and saved.check is not None
    assert (saved.claim_status, saved.check.status, saved.check.rationale) == (
        "refuted",
        "checked",
        "Customs data, 2024",
    )
    assert Edit.between(saved, claim_status="refuted", rationale="Customs data, 2024") == Edit()
    # Theirs first: another rationale; mine then conflicts on that field alone.
    theirs.update_annotation(saved.id, rationale="Their reading of the data")
    outcome = session.run(session.save("rationale", saved, Edit.between(saved, rationale="Mine")))
    assert isinstance(outcome, Conflicted) and outcome.yours is not None
    rows, also = differences(outcome.base, outcome.theirs, outcome.yours)
    assert [(r.name, r.theirs, r.yours) for r in rows] == [
        ("Rationale", "Their reading of the data", "Mine")
    ]
    assert also == []  # (their only change is the row above)
    mine = done(outcome.mine, session).after
    assert mine is not None and mine.check is not None
    assert (mine.claim_status, mine.check.rationale) == ("refuted", "Mine")
    # Undo mine (their rationale is back), then the verdict: their rationale came after it,
    # so undo asks first; undoing anyway gives a claim still to check, with no rationale.
    done(session.undo(), session)
    step = session.undo()
    asked = session.run(step) if isinstance(step, Operation) else step
    assert isinstance(asked, Conflicted) and asked.verb == "undo"
    back = done(asked.mine, session).after
    assert back is not None and back.check is not None
    assert (back.claim_status, back.check.status, back.check.rationale) == (
        "unverified",
        "to-check",
        "",
    )
    fields = [h.field for h in theirs.claim_history(claim.id)]
    assert fields.count("claim_status") == 2  # given, then undone: both in the history


def test_restore_mine_keeps_the_identity_even_if_the_reader_read_the_brief_again(
    tmp_path: Path,
) -> None:
    """A save made on a record held without its uuid; the annotation is deleted elsewhere and
    the reader reads the brief again meanwhile (its uuids no longer hold the deleted one):
    "restore mine" still brings back the same annotation, uuid included."""
    url = f"sqlite:///{tmp_path / 'lib.sqlite3'}"
    with Store.open(url) as store:
        brief = NewBrief(text=TEXT, title="Ties", content_hash="sha256:t", word_count=12)
        brief_id = store.import_brief(brief).brief.id
        made = store.create_annotation(brief_id, NewAnnotation(*MET, note="mine"))
        shown = ShownAnnotations()

        def read() -> None:
            uuids = UuidTable()
            everything = store.annotations_for_brief(
                brief_id, which="all", with_context=False, uuids=uuids
            )
            shown.reset(everything, (), uuids)

        read()
        session = ReadingSession(lambda: store, brief_id, shown)
        held = shown.by_id[made.id]
        assert held.uuid == ""  # held lean
        operation = session.save("note", held, Edit.between(held, note="edited"))
        store.delete_annotation(made.id)  # elsewhere
        read()  # the reader's poll, before the save runs
        asked = session.run(operation)
        assert isinstance(asked, DeletedElsewhere)
        back = done(asked.restore, session).after
        assert back is not None and (back.uuid, back.note) == (made.uuid, "edited")
