"""In the reader a key does the same thing wherever the focus is: `/` searches the brief's text
(from the article and from every part of the panel), `f` filters the annotation list, and Esc
from any part of the panel brings the focus back to the article. Real app, real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import burst, settle, sync, wait_until
from tests.tui.test_orphans import HISTORY, Scene

SIZE = (120, 36)


async def reader(pilot: Pilot[None]) -> ReaderScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def panel_part(screen: ReaderScreen, part: str) -> None:
    widget = screen.panel.query_one(part)
    widget.can_focus = True
    widget.focus()


@pytest.mark.parametrize("part", ["#panel-orphans", "#panel-list", "#panel-tags", "#panel-filter"])
@sync
async def test_esc_from_any_panel_part_returns_to_the_article_and_slash_searches_the_text(
    tmp_path: Path, part: str
) -> None:
    scene = Scene(tmp_path)
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        if part == "#panel-filter":
            await pilot.press("f")
        else:
            panel_part(screen, part)
        await pilot.pause()
        assert screen.panel.query_one(part).has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert screen.article.has_focus, part

        # Then `/new page` is a search of the text, never the panel's filter.
        await pilot.press("slash", *"new page")
        await pilot.pause()
        assert screen.query_one("#search", Input).value == "new page"
        assert screen.panel.query_one("#panel-filter", Input).value == ""
    scene.store.close()


@pytest.mark.parametrize("part", ["#panel-orphans", "#panel-list", "#panel-tags"])
@sync
async def test_slash_in_the_panel_searches_the_text(tmp_path: Path, part: str) -> None:
    scene = Scene(tmp_path)
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        panel_part(screen, part)
        await pilot.pause()
        await pilot.press("slash", *"Moscow")
        await pilot.pause()
        search = screen.query_one("#search", Input)
        assert search.has_focus and search.value == "Moscow"
        assert screen.panel.query_one("#panel-filter", Input).value == ""
    scene.store.close()


@sync
async def test_the_orphans_esc_then_search_then_attach_story(tmp_path: Path) -> None:
    """The reported sequence: Esc in the orphans list, `/new page`, Enter, `A`. The orphan goes
    to the sentence the search found, not to wherever the panel filter left things."""
    scene = Scene(tmp_path)
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        await pilot.press("O")
        await pilot.pause()
        chosen = screen.panel.chosen_orphan
        assert chosen is not None
        done = app.keys.settled + 12
        burst(app, ["escape", "slash"], "new page", ["enter", "A"])
        await wait_until(pilot, lambda: app.keys.settled >= done)
        await settle(pilot)
        attached = scene.store.get_annotation(chosen.id)
        assert not attached.orphan
        sentence_start = scene.text.rfind(".", 0, scene.text.index("new page")) + 1
        assert attached.start >= sentence_start
        assert "new page" in scene.text[attached.start : attached.end]
    scene.store.close()


@sync
async def test_f_filters_the_list_from_the_article_and_esc_comes_back(tmp_path: Path) -> None:
    scene = Scene(tmp_path)
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        await pilot.press("f", *"#history")
        await pilot.pause()
        assert [a.quote for a in screen.panel.shown_annotations] == [HISTORY]
        await pilot.press("escape")
        await pilot.pause()
        assert screen.article.has_focus
        assert len(screen.panel.shown_annotations) == 2  # the filter was cleared
    scene.store.close()
