"""The cached scrollbars (``tui/widgets/scrollbars.py``) look and act as Textual's own: the
same cells in the same styles at every position, for vertical and horizontal bars of one and
two cells, and a click on the track still scrolls."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import HorizontalScroll, VerticalScroll
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widgets import Static

from briefreader.tui.widgets.scrollbars import CachedScrollBarRender, install
from tests.tui.helpers import sync, wait_until

_CSS = """
#tall { height: 12; scrollbar-size-vertical: %d; }
#wide { height: 4; scrollbar-size-horizontal: %d; }
#wide Static { width: 400; }
"""


def _scrolls(thickness: int) -> App[None]:
    class Scrolls(_ScrollsBase):
        CSS = _CSS % (thickness, thickness)

    return Scrolls()


class _ScrollsBase(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="tall"):
            yield Static("\n".join(f"line {n}" for n in range(137)))
        with HorizontalScroll(id="wide"):
            yield Static("a wide line " * 30)


def _cells(bar: ScrollBar) -> list[list[tuple[str, Any]]]:
    """What the bar draws now: its rows as (text, style) cells, drawn afresh."""
    bar.refresh()  # not the widget's cached rows
    region = Region(0, 0, bar.size.width, bar.size.height)
    return [[(s.text, s.style) for s in strip] for strip in bar.render_lines(region)]


@pytest.mark.parametrize("thickness", [1, 2])
@sync
async def test_every_position_draws_as_textuals_own_bar(thickness: int) -> None:
    original = ScrollBar.renderer
    app = _scrolls(thickness)
    try:
        async with app.run_test(size=(60, 20)) as pilot:
            tall = app.query_one("#tall", VerticalScroll)
            wide = app.query_one("#wide", HorizontalScroll)
            await wait_until(pilot, lambda: tall.max_scroll_y > 0 and wide.max_scroll_x > 0)
            compared = 0
            for fraction in (0, 0.01, 0.13, 0.37, 0.5, 0.77, 0.99, 1):
                tall.scroll_to(y=round(tall.max_scroll_y * fraction), animate=False)
                wide.scroll_to(x=round(wide.max_scroll_x * fraction), animate=False)
                await pilot.pause()
                for bar in (tall.vertical_scrollbar, wide.horizontal_scrollbar):
                    ScrollBar.renderer = ScrollBarRender
                    textuals = _cells(bar)
                    ScrollBar.renderer = CachedScrollBarRender
                    ours = _cells(bar)
                    assert ours == textuals, (fraction, bar.vertical)
                    assert len(ours) == (bar.size.height)
                    compared += 1
            assert compared == 16
    finally:
        ScrollBar.renderer = original


@sync
async def test_a_click_on_the_track_still_scrolls() -> None:
    install()
    assert ScrollBar.renderer is CachedScrollBarRender
    app = _scrolls(1)
    async with app.run_test(size=(60, 20)) as pilot:
        tall = app.query_one("#tall", VerticalScroll)
        await wait_until(pilot, lambda: tall.max_scroll_y > 0)
        bar = tall.vertical_scrollbar
        assert tall.scroll_y == 0
        # Below the thumb (the thumb is at the top): a page down.
        await pilot.click(bar, offset=(0, bar.size.height - 1))
        await wait_until(pilot, lambda: tall.scroll_y > 0)
