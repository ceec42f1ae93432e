"""The claim finder in the reader, on the example brief in a real library: the sentences worth
checking are underlined once the brief is shown; ``>`` / ``<`` go through them saying why; ``c``
on one opens the claim dialog with the claimant guessed (the example's foreign office
spokesman); ``X`` dismisses one for good — after a reopen and after the brief's text changed
around it; ``S`` switches them off, and the choice is remembered."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from briefreader.config import load_config
from briefreader.ingest.model import IngestedBrief, content_hash
from briefreader.library import new_brief
from briefreader.store.api import Store, suggestion_key
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.dialogs import ClaimDialog
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import Toasts, settle, store_with_example, sync, wait_until

SIZE = (100, 30)
SPOKESMAN = "A foreign office spokesman in Islamabad"


async def reader_of(pilot: Pilot[None]) -> ReaderScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    await wait_until(pilot, lambda: screen.brief is not None)
    await wait_until(pilot, lambda: bool(screen.suggestions.shown))
    await settle(pilot)
    return screen


def earlier_coverage(store: Store, brief_id: int, verdict: str) -> int:
    """Another brief, "Earlier coverage", making the example's spokesman's claim, a claim
    there with ``verdict``; where that sentence starts in the example brief."""
    from briefreader.store.api import NewAnnotation, NewBrief

    text = store.get_brief(brief_id).text
    start = text.index(SPOKESMAN)
    end = text.index(".", start) + 1
    other = "Earlier coverage.\n\n" + text[start:end]
    new = NewBrief(
        text=other, title="Earlier coverage", content_hash=content_hash(other), word_count=30
    )
    elsewhere = store.import_brief(new).brief.id
    at = other.index(SPOKESMAN)
    store.create_annotation(
        elsewhere, NewAnnotation(at, len(other), kind="claim", claim_status=verdict)
    )
    return start


def app_on(store: Store, url: str, brief_id: int) -> BriefReaderApp:
    app = BriefReaderApp(url, store=store, brief_id=brief_id, config=load_config())
    Toasts(app)
    return app


@sync
async def test_suggestions_are_shown_and_gone_through_saying_why(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    app = app_on(store, url, brief_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader_of(pilot)
        shown = screen.suggestions.shown
        assert all(s.score >= 0.7 for s in shown) and len(shown) >= 5
        text = screen.article.text
        assert all(text[s.start : s.end] == s.text for s in shown)
        screen.article.move_to(0, extend=False)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        first = next(s for s in shown if s.start > 0)
        assert screen.article.cursor == first.start
        said = Toasts.of(app).text()  # why: the signals found, with their words
        assert first.reasons[0].label in said and first.reasons[0].text in said
        await pilot.press("greater_than_sign", "less_than_sign")
        await settle(pilot)
        assert screen.article.cursor == first.start


@sync
async def test_a_suggestion_becomes_a_claim_with_its_claimant_guessed(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    async with app_on(store, url, brief_id).run_test(size=SIZE) as pilot:
        screen = await reader_of(pilot)
        found = next(s for s in screen.suggestions.shown if s.text.startswith(SPOKESMAN))
        screen.article.move_to(found.start + 5, extend=False)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ClaimDialog))
        dialog = pilot.app.screen
        assert dialog.query_one("#claimant", Input).value == "Foreign Office spokesman"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any(a.kind == "claim" for a in screen.annotations))
        await settle(pilot)
        assert found not in screen.suggestions.shown  # a claim now: no longer suggested
    [claim] = [a for a in store.export_annotations() if a.kind == "claim"]
    assert (claim.start, claim.end) == (found.start, found.end)
    assert claim.claimant == "Foreign Office spokesman" and claim.claim_type == "fact"


@sync
async def test_a_dismissed_suggestion_stays_dismissed_when_the_text_changes(
    tmp_path: Path,
) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    async with app_on(store, url, brief_id).run_test(size=SIZE) as pilot:
        screen = await reader_of(pilot)
        found = screen.suggestions.shown[2]
        screen.article.move_to(found.start, extend=False)
        await pilot.press("X")
        await wait_until(pilot, lambda: found not in screen.suggestions.shown)
    assert store.dismissed_suggestions(brief_id) == {suggestion_key(found.text)}
    # The brief's text changes before it (re-anchoring moves everything): still dismissed.
    old = store.get_brief(brief_id).text
    edited = "A new first paragraph, added in a correction.\n\n" + old
    ingested = IngestedBrief(edited, "x", None, None, "text", content_hash(edited))
    store.replace_brief_text(brief_id, new_brief(ingested))
    async with app_on(store, url, brief_id).run_test(size=SIZE) as pilot:
        screen = await reader_of(pilot)
        texts = [s.text for s in screen.suggestions.shown]
        assert found.text not in texts
        assert len(texts) >= 4


@sync
async def test_switching_them_off_is_remembered(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    async with app_on(store, url, brief_id).run_test(size=SIZE) as pilot:
        screen = await reader_of(pilot)
        await pilot.press("S")
        await wait_until(pilot, lambda: not screen.suggestions.shown)
        await pilot.press("greater_than_sign")
        await settle(pilot)
    assert load_config().suggestions is False
    async with app_on(store, url, brief_id).run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
        again = pilot.app.screen
        assert isinstance(again, ReaderScreen)
        await wait_until(pilot, lambda: again.brief is not None)
        await settle(pilot)
        assert not again.suggestions.shown
        await pilot.press("S")
        await wait_until(pilot, lambda: bool(again.suggestions.shown))
    assert load_config().suggestions is True


@sync
async def test_a_claim_made_that_the_library_holds_elsewhere_is_said(tmp_path: Path) -> None:

    store, url, brief_id = store_with_example(tmp_path)
    start = earlier_coverage(store, brief_id, "disputed")
    app = app_on(store, url, brief_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader_of(pilot)
        screen.article.move_to(start + 3, extend=False)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ClaimDialog))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Seen before" in Toasts.of(app).text())
        said = Toasts.of(app).text()
        assert "“Earlier coverage” — disputed" in said


@sync
async def test_hostile_words_in_a_reason_are_shown_as_words(tmp_path: Path) -> None:
    """A brief's words in the toast are never markup ("[/]" crashed the app)."""
    from briefreader.library import import_file

    brief = tmp_path / "hostile.txt"
    brief.write_text(
        'The minister said "costs [/] rose [bold]40%[/bold] in 2023, the highest ever" on '
        "Monday, according to Reuters.\n\nA second line.\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    store = Store.open(url)
    made = import_file(store, brief).brief
    assert made is not None
    app = app_on(store, url, made.id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader_of(pilot)
        screen.article.move_to(0, extend=False)
        await pilot.press("greater_than_sign")  # on its first character: that one, not skipped
        await settle(pilot)
        assert screen.article.cursor == 0
        assert "Worth checking" not in Toasts.of(app).text()  # the title; the words below
        assert "[/]" in Toasts.of(app).text() or "costs" in Toasts.of(app).text()
        await pilot.press("down")
        await settle(pilot)
        assert pilot.app.is_running


@sync
async def test_a_sentence_inside_a_longer_claim_is_not_suggested(tmp_path: Path) -> None:
    from briefreader.store.api import NewAnnotation

    store, url, brief_id = store_with_example(tmp_path)
    text = store.get_brief(brief_id).text
    store.create_annotation(brief_id, NewAnnotation(0, 1300, kind="claim"))  # a long claim
    store.create_annotation(brief_id, NewAnnotation(104, 140, kind="claim"))  # one inside it
    async with app_on(store, url, brief_id).run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        await wait_until(pilot, lambda: screen.suggestions._scored is not None)
        await settle(pilot)
        assert screen.suggestions.shown
        assert all(s.start >= 1300 for s in screen.suggestions.shown), text[:20]


@sync
async def test_off_holds_for_the_next_brief_of_the_session(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    app = app_on(store, url, brief_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader_of(pilot)
        await pilot.press("S")
        await wait_until(pilot, lambda: not screen.suggestions.shown)
        await pilot.press("q")
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, ReaderScreen))
        await settle(pilot)
        await pilot.press("enter")  # the same brief again, from the library
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
        again = pilot.app.screen
        assert isinstance(again, ReaderScreen)
        await wait_until(pilot, lambda: again.brief is not None)
        await settle(pilot)
        assert again.suggestions.on is False and not again.suggestions.shown


@sync
async def test_code_in_a_markdown_brief_is_not_a_suggested_claim(tmp_path: Path) -> None:
    from briefreader.library import import_file

    brief = tmp_path / "notes.md"
    brief.write_text(
        "# Notes\n\nExports to Russia rose by 40% in 2023, the ministry said.\n\n"
        "```python\ngrowth = 0.40  # exports rose 40% in 2023, the ministry said\n```\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'md.sqlite3'}"
    store = Store.open(url)
    made = import_file(store, brief).brief
    assert made is not None
    async with app_on(store, url, made.id).run_test(size=SIZE) as pilot:
        screen = await reader_of(pilot)
        texts = [s.text for s in screen.suggestions.shown]
        assert any(t.startswith("Exports to Russia rose") for t in texts)
        assert not any("growth" in t or "```" in t for t in texts)


@sync
async def test_a_suggestion_gone_to_that_the_library_holds_elsewhere_is_said(
    tmp_path: Path,
) -> None:
    """``>`` onto a suggested sentence whose claim another brief holds says where, with its
    verdict; a suggestion the library holds nowhere says nothing of the kind."""

    store, url, brief_id = store_with_example(tmp_path)
    start = earlier_coverage(store, brief_id, "refuted")
    app = app_on(store, url, brief_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader_of(pilot)
        suggested = next(s for s in screen.suggestions.shown if s.start <= start < s.end)
        first = screen.suggestions.shown[0]
        assert first is not suggested
        await pilot.press(">")  # the first: held nowhere else
        await settle(pilot)
        assert "Seen before" not in Toasts.of(app).text()
        screen.article.move_to(suggested.start - 1, extend=False)
        await pilot.press(">")
        await wait_until(pilot, lambda: "Seen before" in Toasts.of(app).text())
        assert "“Earlier coverage” — refuted" in Toasts.of(app).text()
