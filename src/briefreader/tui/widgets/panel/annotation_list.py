"""The annotation list widget: an OptionList that inserts and removes single rows without
rebuilding its line index over every row."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import accumulate
from typing import Self, cast, overload

from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.visual import Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class _LineIndex:
    """OptionList's line bookkeeping (its ``_line_cache``) kept as the height of each option
    and the running sums of those heights, so one option in or out is a list insert and a
    C-speed re-sum, instead of a tuple per line rebuilt for every option after it."""

    def __init__(self) -> None:
        self.heights: list[int] = []
        #: ``starts[i]``: the first line of option ``i``; ``starts[-1]``: how many lines.
        self.starts: list[int] = [0]

    def clear(self) -> None:
        self.heights = []
        self.starts = [0]

    def resum(self) -> None:
        self.starts = list(accumulate(self.heights, initial=0))


class _Lines(Sequence[tuple[int, int]]):
    """(option index, line within the option) for each line, found when asked."""

    def __init__(self, starts: list[int]) -> None:
        self._starts = starts

    def __len__(self) -> int:
        return self._starts[-1]

    @overload
    def __getitem__(self, y: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, y: slice) -> Sequence[tuple[int, int]]: ...
    def __getitem__(self, y: int | slice) -> tuple[int, int] | Sequence[tuple[int, int]]:
        if isinstance(y, slice):
            return [self[line] for line in range(*y.indices(len(self)))]
        starts = self._starts
        total = starts[-1]
        if y < 0:
            y += total
        if not 0 <= y < total:
            raise IndexError(y)
        option = bisect.bisect_right(starts, y) - 1
        return option, y - starts[option]


class _ByOption(Mapping[int, int]):
    """A per-option list seen as the ``{option index: value}`` dict OptionList expects."""

    def __init__(self, values: list[int], count: int) -> None:
        self._values = values
        self._count = count

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < self._count:
            raise KeyError(index)
        return self._values[index]

    def __iter__(self) -> Iterator[int]:
        return iter(range(self._count))

    def __len__(self) -> int:
        return self._count


class _AnnotationList(OptionList):
    """The annotation rows (OptionList draws only the visible rows).

    Adds inserting and removing one row without touching the others (OptionList only appends,
    and any change rebuilds its line index over every row: ~40 ms with 10,000 annotations).
    This replaces OptionList's private line index as of Textual 8.2 (``_line_cache`` and what
    reads it); tests/tui/test_panel.py checks the result against a full ``set_options``.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._line_index = _LineIndex()
        # OptionList clears its line cache whenever the lines may have changed.
        self._line_cache = self._line_index  # type: ignore[assignment]

    @property
    def _lines(self) -> Sequence[tuple[int, int]]:
        self._update_lines()
        return _Lines(self._line_index.starts)

    @property
    def _heights(self) -> Mapping[int, int]:  # type: ignore[override]
        self._update_lines()
        return _ByOption(self._line_index.heights, len(self._line_index.heights))

    @property
    def _index_to_line(self) -> Mapping[int, int]:  # type: ignore[override]
        self._update_lines()
        return _ByOption(self._line_index.starts, len(self._line_index.heights))

    def _option_height(self, option: Option, width: int) -> int:
        padding = self.get_component_styles("option-list--option").padding
        visual = self._get_visual(option)
        return visual.get_height(cast("RulesMap", self.styles), width - padding.width) + int(
            option._divider
        )

    def _content_width(self) -> int:
        return self.scrollable_content_region.width - self._get_left_gutter_width()

    def _update_lines(self) -> None:
        if not self.scrollable_content_region:
            return
        index = self._line_index
        options: list[Option] = self._options
        width = self._content_width()
        if len(index.heights) > len(options):
            index.clear()  # options went some way that did not clear the cache: start again
        if len(index.heights) < len(options):
            padding = self.get_component_styles("option-list--option").padding
            inner = width - padding.width
            styles = cast("RulesMap", self.styles)
            get_visual: Callable[[Option], Visual] = self._get_visual
            index.heights.extend(
                (option._visual or get_visual(option)).get_height(styles, inner)
                + int(option._divider)
                for option in options[len(index.heights) :]
            )
            index.resum()
        self._set_virtual_height()

    def _set_virtual_height(self) -> None:
        options: list[Option] = self._options
        last_divider = bool(options) and options[-1]._divider
        virtual_size = Size(
            self._content_width(), self._line_index.starts[-1] - (1 if last_divider else 0)
        )
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def insert_option_at_index(self, index: int, option: Option) -> None:
        """Insert ``option`` so that it is at ``index``. The highlight is left to the caller."""
        options: list[Option] = self._options
        options.insert(index, option)
        self._reindex_from(index)
        lines = self._line_index
        if self.scrollable_content_region and len(lines.heights) == len(options) - 1:
            lines.heights.insert(index, self._option_height(option, self._content_width()))
            lines.resum()
        else:
            lines.clear()
        self._rows_changed()

    def remove_option_at_index(self, index: int) -> Self:
        """Remove the option at ``index`` (the highlight stays in range)."""
        options: list[Option] = self._options
        option = options.pop(index)
        del self._option_to_index[option]
        if option.id is not None:
            del self._id_to_option[option.id]
        self._reindex_from(index)
        lines = self._line_index
        if len(lines.heights) == len(options) + 1:
            del lines.heights[index]
            lines.resum()
        else:
            lines.clear()
        self.highlighted = self.highlighted
        self._rows_changed()
        return self

    def _reindex_from(self, index: int) -> None:
        options: list[Option] = self._options
        self._option_to_index.update(zip(options[index:], range(index, len(options)), strict=True))

    def _rows_changed(self) -> None:
        self._mouse_hovering_over = None
        self._option_render_cache.clear()
        self.refresh()
        if self.is_mounted:
            self._update_lines()

    def redraw_rows(self) -> None:
        """Redraw rows whose look changed but not their height (the under-cursor mark).

        ``replace_option_prompt`` would also drop the line index, which OptionList then
        rebuilds over every option: ~10 ms per cursor move with 5,000 annotations. Only the
        cache of drawn rows needs to go.
        """
        cache = getattr(self, "_option_render_cache", None)
        if cache is not None:
            cache.clear()
            self.refresh()
        else:  # a Textual without that cache: the slower public way
            for index, option in enumerate(self.options):
                self.replace_option_prompt_at_index(index, option.prompt)

    DEFAULT_CSS = """
    _AnnotationList {
        height: 1fr;
        border: none;
        padding: 0;
        background: transparent;
        scrollbar-size-vertical: 1;
        & > .option-list--option { padding: 0; }
        &:focus { border: none; background-tint: $foreground 0%; }
        /* A tint rather than the block cursor, so the coloured markers, verdicts and tags on
           the current row stay readable in light and dark themes. */
        & > .option-list--option-highlighted {
            color: $foreground;
            background: $primary 15%;
            text-style: none;
        }
        &:focus > .option-list--option-highlighted {
            color: $foreground;
            background: $primary 35%;
            text-style: none;
        }
    }
    """
