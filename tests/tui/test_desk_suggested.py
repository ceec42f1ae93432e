"""Suggested claims in the claims desk's triage queue, in the real app on a real SQLite file:
the sentences worth checking in a brief not yet read come before the claims still to check;
c makes one a claim with the claimant guessed (u undoes it), X dismisses one in its brief
(u undoes that), n skips; the verdict keys say what to do instead; a filter or suggestions
switched off leave them out."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from briefreader.ingest.model import content_hash
from briefreader.store.api import NewAnnotation, NewBrief, Store, suggestion_key
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.desk import DeskScreen
from briefreader.tui.screens.dialogs import ClaimDialog
from tests.tui.helpers import Toasts, screen_text, settle, store_with_example, sync, wait_until
from tests.tui.test_desk import desk_app, opened

UNREAD = (
    "Notes from the energy ministry.\n\n"
    "Gas imports from Russia rose by 40% in 2023 to 12 billion cubic metres, "
    "the energy minister said on Monday.\n\n"
    "I liked the weather in the capital.\n\n"
    "According to the central bank, inflation will fall below 5% by the end of 2025.\n\n"
    "Thank you all for coming.\n"
)


def library(tmp_path: Path) -> tuple[Store, str, int, int]:
    """The example brief with one claim on it (read), and a brief not yet read."""
    store, url, example = store_with_example(tmp_path)
    store.create_annotation(example, NewAnnotation(0, 40, kind="claim"))
    new = NewBrief(UNREAD, "Ministry notes", content_hash(UNREAD), 60)
    unread = store.import_brief(new).brief.id
    return store, url, example, unread


def claims_of(store: Store, brief_id: int) -> list[str]:
    return [a.quote for a in store.annotations_for_brief(brief_id) if a.kind == "claim"]


@sync
async def test_suggestions_from_unread_briefs_come_first_in_the_queue(tmp_path: Path) -> None:
    store, url, example, unread = library(tmp_path)
    app = desk_app(store, url)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        toasts = Toasts.of(app)
        await wait_until(pilot, lambda: "2 suggested in 1 unread brief (t)" in screen_text(app))
        await pilot.press("t")
        await settle(pilot)
        text = screen_text(app)
        assert "Suggested" in text and "Ministry notes" in text
        assert "Gas imports from Russia rose by 40%" in text  # the best first
        assert "Energy minister  (from" in text  # the claimant guessed, and why
        assert "c claim it · X dismiss" in text

        # A verdict key on a suggestion says what to do instead, and changes nothing.
        await pilot.press("r")
        await wait_until(pilot, lambda: "This is a suggested claim" in toasts.text())

        # c: the claim dialog, filled in; saved, the claim is made and the next one shown.
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ClaimDialog))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(claims_of(store, unread)) == 1)
        made = next(a for a in store.annotations_for_brief(unread) if a.kind == "claim")
        assert made.quote.startswith("Gas imports from Russia rose by 40%")
        assert made.claimant == "Energy minister"
        assert made.claim_type == "fact"
        await wait_until(pilot, lambda: "inflation will fall below 5%" in screen_text(app))
        # u takes the claim back.
        await pilot.press("u")
        await wait_until(pilot, lambda: claims_of(store, unread) == [])

        # X: dismissed in its brief; u brings it back.
        await pilot.press("t")
        await settle(pilot)
        assert "Gas imports from Russia" in screen_text(app)  # suggested again: not a claim
        await pilot.press("X")
        key = suggestion_key(made.quote)
        await wait_until(pilot, lambda: key in store.dismissed_suggestions(unread))
        await wait_until(pilot, lambda: "inflation will fall below 5%" in screen_text(app))
        assert "1 suggested in 1 unread brief (t)" in screen_text(app)  # the counts too
        await pilot.press("u")
        await wait_until(pilot, lambda: key not in store.dismissed_suggestions(unread))
        await wait_until(pilot, lambda: "Gas imports from Russia" in screen_text(app))

        # n past both suggestions: then the claims to check.
        await pilot.press("n", "n")
        await settle(pilot)
        text = screen_text(app)
        assert "Suggested" not in text and "to check in this view" in text
        assert "c claim it" not in text

        # A filter: the claims it lets through, no suggestions.
        await pilot.press("escape", "slash", *"status:to-check", "enter")
        await settle(pilot)
        assert "suggested in" not in screen_text(app)
        await pilot.press("t")
        await settle(pilot)
        assert "Suggested" not in screen_text(app)
    assert claims_of(store, example)


@sync
async def test_no_suggestions_in_the_desk_when_they_are_switched_off(tmp_path: Path) -> None:
    store, url, _example, unread = library(tmp_path)
    app = BriefReaderApp(url, store=store, desk="")
    app.config = dataclasses.replace(app.config, suggestions=False)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await opened(pilot)
        assert isinstance(desk, DeskScreen)
        await pilot.press("t")
        await settle(pilot)
        text = screen_text(app)
        assert "suggested in" not in text and "Suggested" not in text
        assert desk.suggested.items is None
    assert claims_of(store, unread) == []


@sync
async def test_a_suggestion_made_a_claim_after_its_brief_changed_marks_the_same_words(
    tmp_path: Path,
) -> None:
    """The brief is edited elsewhere while the claim dialog is open (a paragraph added on
    top): the claim is made on the suggested sentence where it is now, not on its old
    offsets; a sentence no longer in the brief is refused in one sentence, nothing made."""
    from briefreader.ingest.model import IngestedBrief
    from briefreader.library import new_brief

    store, url, _example, unread = library(tmp_path)
    app = desk_app(store, url)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: "2 suggested" in screen_text(app))
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ClaimDialog))
        edited = "A paragraph added on top by an editor.\n\n" + UNREAD
        with Store.open(url) as elsewhere:
            ingested = IngestedBrief(edited, "x", None, None, "text", content_hash(edited))
            elsewhere.replace_brief_text(unread, new_brief(ingested))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(claims_of(store, unread)) == 1)
        (made,) = claims_of(store, unread)
        assert made.startswith("Gas imports from Russia rose by 40%")

        # Found again in the brief as it is now: the other one, its sentence then taken out
        # of the brief: refused, said, nothing made.
        await wait_until(pilot, lambda: "1 suggested" in screen_text(app))
        await pilot.press("t")
        await settle(pilot)
        assert "inflation will fall below 5%" in screen_text(app)
        gone = edited.replace("According to the central bank, inflation", "Inflation")
        with Store.open(url) as elsewhere:
            ingested = IngestedBrief(gone, "x", None, None, "text", content_hash(gone))
            elsewhere.replace_brief_text(unread, new_brief(ingested))
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ClaimDialog))
        await pilot.press("ctrl+s")
        toasts = Toasts.of(app)
        await wait_until(pilot, lambda: "the brief changed since" in toasts.text())
        assert len(claims_of(store, unread)) == 1


@sync
async def test_a_claim_chosen_with_enter_goes_on_to_claims_and_an_opened_brief_is_read(
    tmp_path: Path,
) -> None:
    store, url, example, unread = library(tmp_path)
    second = store.create_annotation(example, NewAnnotation(100, 140, kind="claim"))
    app = desk_app(store, url)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await opened(pilot)
        await wait_until(pilot, lambda: "2 suggested" in screen_text(app))
        first = next(c for c in desk.claims.view if c.id != second.id)
        desk.table.select(first.id)
        await pilot.press("enter", "n")  # Enter on a claim: n goes to the next claim
        await settle(pilot)
        assert desk.triage.shown is not None and desk.triage.shown.id == second.id
        # t: the suggestions first; o opens the brief there; back, it is read: none left.
        await pilot.press("t")
        await settle(pilot)
        assert desk.triage.suggestion is not None
        await pilot.press("o")
        await wait_until(pilot, lambda: app.screen is not desk)
        await wait_until(pilot, lambda: store.get_brief_summary(unread).last_opened_at is not None)
        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen is desk)
        await wait_until(pilot, lambda: "suggested" not in screen_text(app), timeout=15)


@sync
async def test_a_suggested_claim_held_elsewhere_shows_where(tmp_path: Path) -> None:
    store, url, example, _unread = library(tmp_path)
    said = "Gas imports from Russia rose by 40% in 2023 to 12 billion cubic metres."
    text = f"Earlier coverage.\n\n{said}"
    earlier = store.import_brief(NewBrief(text, "Earlier coverage", content_hash(text), 20)).brief
    store.create_annotation(
        earlier.id,
        NewAnnotation(text.index(said), len(text), kind="claim", claim_status="refuted"),
    )
    app = desk_app(store, url)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: "suggested" in screen_text(app))
        await pilot.press("t")
        await settle(pilot)
        text_now = screen_text(app)
        assert "Gas imports from Russia rose by 40%" in text_now
        assert "Seen before (maybe the same claim)" in text_now
        assert "in “Earlier coverage” — ✗ refuted" in text_now
    assert example
