"""How far a brief was read, in the real app on a real SQLite file: a brief just opened has
read nothing though its first screen shows part of it; scrolling down moves "% read" on and
scrolling back never moves it back; the end reached is 100 %; leaving and opening it again
shows the very lines it showed, and the same "% read"."""

from __future__ import annotations

import re
from pathlib import Path

from textual.pilot import Pilot

from briefreader.config import load_config
from briefreader.store.api import Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import settle, store_with_example, sync, wait_until

SIZE = (100, 24)


def read_percent(screen: ReaderScreen) -> int:
    found = re.match(r"(\d+)% read", screen.sub_title or "")
    assert found, screen.sub_title
    return int(found.group(1))


async def opened(app: BriefReaderApp, pilot: Pilot[None]) -> ReaderScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    await wait_until(pilot, lambda: screen.brief is not None)
    await settle(pilot)
    return screen


def top_line(screen: ReaderScreen) -> str:
    article = screen.article
    layout = article.layout_info
    assert layout is not None
    start, end = layout.row_span(int(article.scroll_offset.y))
    return article.text[start:end]


@sync
async def test_read_is_the_furthest_point_and_the_view_comes_back_as_it_was(
    tmp_path: Path,
) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    app = BriefReaderApp(url, store=store, brief_id=brief_id, config=load_config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        await wait_until(pilot, lambda: "read" in (screen.sub_title or ""))
        assert read_percent(screen) == 0  # the first screen shown is not read yet
        for _ in range(3):
            await pilot.press("pagedown")
        await settle(pilot)
        await wait_until(pilot, lambda: read_percent(screen) > 0)
        furthest = read_percent(screen)
        await pilot.press("pageup", "pageup")
        await settle(pilot)
        assert read_percent(screen) == furthest  # scrolling back reads nothing less
        await pilot.press("pagedown")  # back down one page: the lines to come back to
        await settle(pilot)
        shown_top = top_line(screen)
        cursor = screen.article.cursor
        await pilot.press("q")
        await wait_until(pilot, lambda: not isinstance(app.screen, ReaderScreen))
    with Store.open(url) as again:
        summary = again.get_brief_summary(brief_id)
        assert summary.read_to > 0 and summary.view_top is not None
    app = BriefReaderApp(url, store=store, brief_id=brief_id, config=load_config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        await wait_until(pilot, lambda: top_line(screen) == shown_top)
        assert screen.article.cursor == cursor
        await wait_until(pilot, lambda: read_percent(screen) == furthest)
        await pilot.press("G")  # the end: all of it read
        await settle(pilot)
        await wait_until(pilot, lambda: read_percent(screen) == 100)
