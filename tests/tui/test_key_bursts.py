"""Keys that arrive faster than the app handles them (a paste, tmux send-keys, a laggy SSH
link) land where the user meant them: in the field that has the focus when each key is
processed, after every earlier key has done its work. Driven through the real app on a real
SQLite file, the keys queued all at once."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.dialogs import Dialog
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import burst, settle, store_with_example, sync, wait_until

SIZE = (120, 40)


async def open_reader(pilot: Pilot[None]) -> ReaderScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def no_dialog(app: BriefReaderApp) -> bool:
    return not isinstance(app.screen, Dialog)


@sync
async def test_a_burst_through_the_source_dialog_fills_each_field(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        burst(
            app,
            ["s", "l"],
            "https://b.org/y",
            ["tab"],
            "r",
            ["tab"],
            "Burst title",
            ["tab"],
            "burst note",
            ["enter"],
        )
        await wait_until(pilot, lambda: bool(store.annotations_for_brief(brief_id)))
        await wait_until(pilot, lambda: no_dialog(app))
        await settle(pilot)
    [annotation] = store.annotations_for_brief(brief_id)
    [source] = annotation.sources
    assert (source.url, source.relation, source.title, source.note) == (
        "https://b.org/y",
        "refutes",
        "Burst title",
        "burst note",
    )
    store.close()
