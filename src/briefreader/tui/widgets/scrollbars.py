"""Scrollbars drawn from a cache: the same bars as Textual's, without Rich's renderer each time.

Every relayout redraws the screen's scrollbars (the article's, the list's, the detail's), and
Textual draws each through Rich's console: 2.7 ms for the article's 38-row bar on the 2-core
test machine, 12-32 ms of a reader key's 75-150 ms with 100,000 annotations
(``benchmarks/bench_scale.py``, counted by widget class). :class:`CachedScrollBarRender` is
a Textual ``Visual`` (so Rich's console is not used) whose rows come from Textual's own
``ScrollBarRender.render_bar`` (same glyphs, colours and click targets), kept by size,
position and colours: drawing a bar again costs 1.3 ms, most of it Textual's per-row styling.

:func:`install` makes it the renderer of every scrollbar (``ScrollBar.renderer``, the class
variable Textual documents for this).
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.css.styles import RulesMap
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

#: Textual's own fallback colours, when the style has none.
_BACK = Color.parse("#555555")
_BAR = Color.parse("bright_magenta")


class CachedScrollBarRender(ScrollBarRender, Visual):
    """A scrollbar as a Textual ``Visual`` whose rows are cached (module docstring)."""

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        size, thickness = (height or 0, width) if self.vertical else (width, height or 1)
        if size <= 0 or thickness <= 0:
            return []
        bar_style = self.style if isinstance(self.style, RichStyle) else RichStyle.parse(self.style)
        return list(
            _rows(
                size,
                thickness,
                self.vertical,
                self.virtual_size,
                self.window_size,
                self.position,
                bar_style,
                style.rich_style,
            )
        )

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1


@lru_cache(maxsize=512)
def _rows(
    size: int,
    thickness: int,
    vertical: bool,
    virtual_size: float,
    window_size: float,
    position: float,
    bar_style: RichStyle,
    base: RichStyle,
) -> tuple[Strip, ...]:
    """The bar's rows: Textual's segments, the widget's style under each (as Rich's
    ``Styled`` puts it in Textual's own path)."""
    bar = ScrollBarRender.render_bar(
        size=size,
        virtual_size=virtual_size,
        window_size=window_size,
        position=position,
        thickness=thickness,
        vertical=vertical,
        back_color=bar_style.bgcolor or _BACK,
        bar_color=bar_style.color or _BAR,
    )
    cells = [
        Segment(text, base + segment_style if segment_style else base)
        for text, segment_style, _ in bar.segments
        if text != "\n"
    ]
    if vertical:
        return tuple(Strip([cell], thickness) for cell in cells[:size])
    return (Strip(cells[:size], size),) * thickness


def install() -> None:
    """Every scrollbar from now on is drawn by :class:`CachedScrollBarRender`."""
    ScrollBar.renderer = CachedScrollBarRender
