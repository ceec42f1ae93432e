"""The brief's details in the real app on a real SQLite file: F2 in the reader edits the title,
author, outlet, date, web address and the brief's tags; a bad date or address is explained in
the dialog and nothing is saved until it is right; the header shows the byline and date; the
library's filter finds the brief by its new tag."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from briefreader.config import load_config
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.dialogs import BriefDialog
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import Toasts, screen_text, settle, store_with_example, sync, wait_until


@sync
async def test_f2_edits_the_brief_details_from_the_reader(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    app = BriefReaderApp(url, store=store, brief_id=brief_id, config=load_config())
    Toasts(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await wait_until(pilot, lambda: reader.brief is not None)
        await settle(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, BriefDialog))
        dialog = app.screen
        dialog.query_one("#title", Input).value = "Pakistan and Russia: a fresh start"
        dialog.query_one("#author", Input).value = "Ayesha Siddiqa"
        dialog.query_one("#outlet", Input).value = "Dawn"
        dialog.query_one("#published", Input).value = "2026-13-01"  # no 13th month
        dialog.query_one("#url", Input).value = "https://www.dawn.com/news/ties"
        dialog.query_one("#tags", Input).value = "Pakistan, russia"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BriefDialog)  # stays open, says why
        assert "is not a real date" in screen_text(app)
        assert store.get_brief_summary(brief_id).outlet is None  # nothing saved yet
        dialog.query_one("#published", Input).value = "2026-11-30"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: store.get_brief_summary(brief_id).outlet == "Dawn")
        saved = store.get_brief_summary(brief_id)
        assert (saved.title, saved.author, saved.published) == (
            "Pakistan and Russia: a fresh start",
            "Ayesha Siddiqa",
            "2026-11-30",
        )
        assert saved.source == "https://www.dawn.com/news/ties"
        assert saved.tags == ("pakistan", "russia")
        await wait_until(pilot, lambda: "Ayesha Siddiqa · Dawn · 2026-11-30" in screen_text(app))
        # Back in the library, the brief's new tag finds it.
        await pilot.press("q")
        await wait_until(pilot, lambda: "Pakistan and Russia: a fresh start" in screen_text(app))
        await pilot.press(*"tag:russia")
        await settle(pilot)
        assert "Pakistan and Russia: a fresh start" in screen_text(app)


@sync
async def test_f2_and_ctrl_g_in_the_library(tmp_path: Path) -> None:
    """F2 on the brief under the cursor edits its details (its own tags shown, not its
    annotations'); the list shows the new title; ctrl+g opens the tags."""
    from briefreader.store.api import NewAnnotation
    from briefreader.tui.screens.dialogs import TagManager
    from briefreader.tui.screens.library import LibraryScreen

    store, url, brief_id = store_with_example(tmp_path)
    store.create_annotation(brief_id, NewAnnotation(0, 10, tags=("on-an-annotation",)))
    store.set_brief_tags(brief_id, ["energy"])
    app = BriefReaderApp(url, store=store, config=load_config())
    Toasts(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_until(pilot, lambda: "Pak-Russia" in screen_text(app))
        await pilot.press("down", "f2")
        await wait_until(pilot, lambda: isinstance(app.screen, BriefDialog))
        dialog = app.screen
        assert dialog.query_one("#tags", Input).value == "energy, "  # its own tags only
        dialog.query_one("#title", Input).value = "Ties with Moscow"
        dialog.query_one("#outlet", Input).value = "The News"
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: store.get_brief_summary(brief_id).title == "Ties with Moscow"
        )
        await wait_until(pilot, lambda: "Ties with Moscow" in screen_text(app))
        assert store.get_brief_summary(brief_id).outlet == "The News"
        assert store.brief_tags(brief_id) == ("energy",)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, TagManager))
        await settle(pilot)
        assert "on-an-annotation" in screen_text(app) and "energy" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
