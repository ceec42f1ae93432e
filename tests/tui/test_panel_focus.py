"""The panel shows where the focus is: with the focus in it, its left edge takes the focused
border colour and the detail shows the keys that work there; back in the article, both go.
The theme's colours are followed when the theme changes. (Drawn by ``panel/focus_look.py``,
not by ``:focus-within`` rules, which restyled the whole panel on every Tab and Esc.)"""

from __future__ import annotations

from pathlib import Path

from textual.color import Color
from textual.widgets import Static

from briefreader.store.api import NewAnnotation
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import screen_text, settle, store_with_example, sync, until_shown, wait_until


def _edge(screen: ReaderScreen) -> Color:
    return screen.panel.styles.border_left[1]


def _words(text: str) -> str:
    return " ".join(text.split())


def _theme(app: BriefReaderApp, name: str) -> Color:
    return Color.parse(app.theme_variables[name])


@sync
async def test_the_edge_and_the_key_hint_follow_the_focus_and_the_theme(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    store.create_annotation(brief_id, NewAnnotation(0, 8, kind="claim", note="first words"))
    store.close()
    app = BriefReaderApp(url, brief_id=brief_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, ReaderScreen) and bool(app.screen.annotations)
        )
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        hint = screen.panel.query_one("#detail-hint", Static)
        assert screen.focused is screen.article
        assert _edge(screen) == _theme(app, "border-blurred") and not hint.display

        await pilot.press("tab")
        await until_shown(pilot)
        assert screen.focused is not None and screen.panel in screen.focused.ancestors
        assert _edge(screen) == _theme(app, "border") != _theme(app, "border-blurred")
        assert hint.display and "n note c claim t tags" in _words(screen_text(app))

        dark_border = _theme(app, "border")
        app.theme = "textual-light" if app.current_theme.dark else "textual-dark"
        await wait_until(pilot, lambda: _theme(app, "border") != dark_border)
        await wait_until(pilot, lambda: _edge(screen) == _theme(app, "border"))

        await pilot.press("escape")
        await until_shown(pilot)
        assert screen.focused is screen.article
        assert _edge(screen) == _theme(app, "border-blurred") and not hint.display
        assert "n note c claim t tags" not in _words(screen_text(app))
