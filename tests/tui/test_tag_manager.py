"""Looking after tags in the real app on a real SQLite file: T in the reader lists every tag
with its counts; r renames one (the annotations show the new name), renaming into another
tag's name merges the two, x deletes one after a confirmation, u undoes each change in turn;
a tag nobody uses is listed last."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual.widgets import Input, OptionList

from briefreader.config import load_config
from briefreader.store.api import NewAnnotation
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.dialogs import TagManager
from briefreader.tui.screens.dialogs.simple import ConfirmDialog
from briefreader.tui.screens.dialogs.tag_manager import RenameTagDialog
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import screen_text, settle, store_with_example, sync, wait_until


def undone_to(manager: TagManager, left: int) -> bool:
    return len(manager.done) == left


@sync
async def test_tags_renamed_merged_deleted_and_undone_by_keys(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    for start, tags in ((0, ("russia", "energy")), (60, ("russia",)), (120, ("economy",))):
        store.create_annotation(brief_id, NewAnnotation(start, start + 20, tags=tags))
    store.ensure_tag("zzz-unused")
    app = BriefReaderApp(url, store=store, brief_id=brief_id, config=load_config())
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await wait_until(pilot, lambda: reader.brief is not None)
        await pilot.press("T")
        await wait_until(pilot, lambda: isinstance(app.screen, TagManager))
        manager = app.screen
        assert isinstance(manager, TagManager)
        await settle(pilot)
        names = [u.tag.name for u in manager.usage]
        assert names == ["russia", "economy", "energy", "zzz-unused"]  # the most used first
        assert "2 annotations" in screen_text(app) and "unused" in screen_text(app)

        # r on "russia" (the first): renamed everywhere.
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, RenameTagDialog))
        app.screen.query_one("#name", Input).value = "Russian Federation"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "russian-federation" in [t.name for t in store.list_tags()])
        assert "russia" not in [t.name for t in store.list_tags()]

        # Into another tag's name: merged.
        await wait_until(pilot, lambda: app.screen is manager)
        listing = manager.query_one("#tag-list", OptionList)
        listing.highlighted = [u.tag.name for u in manager.usage].index("energy")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, RenameTagDialog))
        app.screen.query_one("#name", Input).value = "economy"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "energy" not in [t.name for t in store.list_tags()])
        await wait_until(pilot, lambda: "Merged into “economy”" in screen_text(app))
        usage = {u.tag.name: u.annotations for u in store.tag_usage()}
        assert usage == {"russian-federation": 2, "economy": 2, "zzz-unused": 0}

        # x: deleted after a confirmation.
        listing.highlighted = [u.tag.name for u in manager.usage].index("zzz-unused")
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: "zzz-unused" not in [t.name for t in store.list_tags()])

        # u three times: everything as it was.
        for left in (2, 1, 0):
            await pilot.press("u")
            await wait_until(pilot, partial(undone_to, manager, left))
        usage = {u.tag.name: u.annotations for u in store.tag_usage()}
        assert usage == {"russia": 2, "energy": 1, "economy": 1, "zzz-unused": 0}
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
