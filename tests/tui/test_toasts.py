"""Toasts stay out of the way: the "text changed" notice is said once per change, not on every
open, and a toast is put on the half of the screen away from the cursor's line."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget

from briefreader.ingest import ingest_bytes
from briefreader.library import new_brief
from briefreader.store.api import NewAnnotation
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import settle, sync
from tests.tui.test_orphans import Scene, notices

SIZE = (80, 24)


async def open_scene(app: BriefReaderApp, pilot: Pilot[None]) -> ReaderScreen:
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


@sync
async def test_the_text_changed_notice_is_said_once_per_change(tmp_path: Path) -> None:
    scene = Scene(tmp_path)
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scene(app, pilot)
        assert "2 annotations could not be placed" in notices(app)

    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:  # reopened: nothing new to say
        screen = await open_scene(app, pilot)
        assert "could not be placed" not in notices(app)
        assert len(screen.panel.orphans) == 2  # the orphans are still listed

    # Something new: the text changes again and one more annotation loses its place.
    store, brief_id = scene.store, scene.brief_id
    text = store.get_brief(brief_id).text
    sentence = "Historically, Russia and Pakistan have never enjoyed prolonged periods"
    start = text.index(sentence)
    store.create_annotation(brief_id, NewAnnotation(start, start + len(sentence)))
    edited = text.replace(sentence, "Once upon a time").encode()
    store.replace_brief_text(brief_id, new_brief(ingest_bytes(edited, "pakistan-russia-ties.txt")))
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scene(app, pilot)
        assert "could not be placed" in notices(app)
    scene.store.close()


def rack(app: BriefReaderApp) -> Widget:
    return app.screen.query_one("#textual-toastrack")


@sync
async def test_a_toast_goes_to_the_half_away_from_the_cursor(tmp_path: Path) -> None:
    scene = Scene(tmp_path)
    app = scene.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_scene(app, pilot)
        screen.article.focus()
        screen.article.move_to(0)
        await settle(pilot)
        row = screen.article.cursor_screen_row()
        assert row is not None and row < SIZE[1] // 2
        app.notify("cursor at the top")
        await pilot.pause()
        assert rack(app).styles.dock == "bottom"

        # Move the cursor to the bottom rows of the view: the toast moves to the top.
        for _ in range(SIZE[1] - 6):
            await pilot.press("down")
        await settle(pilot)
        row = screen.article.cursor_screen_row()
        assert row is not None and row >= SIZE[1] // 2
        assert rack(app).styles.dock == "top"
        toast = app.screen.query_one("#textual-toastrack Toast")
        assert not (toast.region.y <= row < toast.region.bottom)
    scene.store.close()
