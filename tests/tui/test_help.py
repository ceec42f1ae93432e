"""The help screen on the real app with a real SQLite library: it lists the keys that work
now, so a key remapped in the config file shows as remapped (and the old key is gone)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from briefreader.config import Config
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.help import HelpScreen
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import settle, store_with_example, sync, wait_until

SIZE = (120, 40)


def help_rows(screen: HelpScreen) -> list[str]:
    """Every line of the help as drawn, with runs of spaces squeezed to one."""
    lines: list[str] = []
    for static in screen.query(Static):
        width, height = static.size
        for strip in static.render_lines(Region(0, 0, width, height)):
            text = " ".join(strip.text.split())
            if text:
                lines.append(text)
    return lines


def row_for(rows: list[str], binding_id: str) -> str:
    """The help row naming ``binding_id`` (the id is the last column)."""
    found = [row for row in rows if row.endswith(binding_id)]
    assert len(found) == 1, (binding_id, rows)
    return found[0]


async def open_help(app: BriefReaderApp, pilot: Pilot[None], key: str) -> list[str]:
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return help_rows(screen)


@sync
async def test_help_shows_remapped_keys_not_the_defaults(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    keys = {"reader.highlight": "H", "reader.undo": "ctrl+z", "app.help": "f9"}
    config = Config(keys=MappingProxyType(keys))
    app = BriefReaderApp(url, store=store, brief_id=brief_id, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        rows = await open_help(app, pilot, "f9")  # f1 no longer opens help; f9 does
        assert row_for(rows, "reader.highlight") == "H Highlight reader.highlight"
        assert row_for(rows, "reader.undo") == "^z Undo reader.undo"
        assert row_for(rows, "app.help") == "f9 Help app.help"
        # Keys nobody remapped are listed as before, in the same order.
        assert row_for(rows, "reader.claim") == "c Claim reader.claim"
        ids = [row.split()[-1] for row in rows if row.split()[-1].startswith("reader.")]
        assert ids.index("reader.highlight") < ids.index("reader.claim")
        assert ids.index("reader.undo") < ids.index("reader.redo")
    store.close()


@sync
async def test_help_without_a_keymap_shows_the_default_keys(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    app = BriefReaderApp(url, store=store, brief_id=brief_id, config=Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = await open_help(app, pilot, "f1")
        assert row_for(rows, "reader.highlight") == "h Highlight reader.highlight"
        assert row_for(rows, "reader.undo") == "u Undo reader.undo"
        assert row_for(rows, "app.help") == "f1 Help app.help"
    store.close()
