"""A list widget for long lists: an OptionList that inserts and removes single rows without
rebuilding its line index over every row, and makes a row's Option only when it is drawn or
asked for, so a brief with 100,000 annotations lists them at once (the rows' heights come from
the items, not from a Visual each)."""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import accumulate
from typing import Any, Self, cast, overload

from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.visual import Visual, VisualType
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class _LineIndex:
    """OptionList's line bookkeeping (its ``_line_cache``) kept as the height of each option
    and the running sums of those heights, so one option in or out is a list insert and a
    C-speed re-sum, instead of a tuple per line rebuilt for every option after it."""

    def __init__(self) -> None:
        #: Each option's height (machine shorts: 0.2 MB for 100,000 rows, not 0.8).
        self.heights: array[int] = array("h")
        #: ``starts[i]``: the first line of option ``i``; ``starts[-1]``: how many lines. An
        #: array of machine ints, not a list of int objects: 3.8 MB less for 100,000 rows.
        self.starts: array[int] = array("q", [0])

    def clear(self) -> None:
        self.heights = array("h")
        self.starts = array("q", [0])

    def resum(self) -> None:
        self.starts = array("q", accumulate(self.heights, initial=0))


class _Lines(Sequence[tuple[int, int]]):
    """(option index, line within the option) for each line, found when asked."""

    def __init__(self, starts: array[int]) -> None:
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

    def __init__(self, values: Sequence[int], count: int) -> None:
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


def _same(item: Any) -> Option:
    return cast("Option", item)


class _Rows(Sequence[Option]):
    """The list's items (annotations, or ready Options) seen as OptionList's option list:
    an item's Option is made by ``make`` the first time it is asked for, and kept while the
    item is in the list. ``key``: the items' sort key, to find an item's place by bisection
    (None: the items are searched in order)."""

    def __init__(
        self,
        items: list[Any],
        make: Callable[[Any], Option] = _same,
        key: Callable[[Any], Any] | None = None,
    ) -> None:
        self.items = items
        self.key = key
        self._make = make
        self._made: dict[int, Option] = {}
        self._item_of: dict[int, Any] = {}

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Option: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Option]: ...
    def __getitem__(self, index: int | slice) -> Option | Sequence[Option]:
        if isinstance(index, slice):
            return _Slice(self, range(*index.indices(len(self.items))))
        item = self.items[index]
        option = self._made.get(id(item))
        if option is None:
            option = self._made[id(item)] = self._make(item)
            self._item_of[id(option)] = item
        return option

    def made(self, index: int) -> Option | None:
        """The Option of the item at ``index`` if it was made (else None: nothing to update)."""
        return self._made.get(id(self.items[index]))

    def index_of(self, option: Option) -> int:
        item = self._item_of.get(id(option))
        if item is None:
            raise KeyError(option)
        if self.key is not None:
            key = self.key
            index = bisect.bisect_left(self.items, key(item), key=key)
            if index < len(self.items) and self.items[index] is item:
                return index
        return next(i for i, held in enumerate(self.items) if held is item)

    def insert(self, index: int, item: Any) -> None:
        self.items.insert(index, item)

    def pop(self, index: int) -> Any:
        item = self.items.pop(index)
        option = self._made.pop(id(item), None)
        if option is not None:
            del self._item_of[id(option)]
        return item

    def clear(self) -> None:
        self.items = []
        self._made.clear()
        self._item_of.clear()


class _Slice(Sequence[Option]):
    """A range of :class:`_Rows`, made as it is read (paging walks a few rows of it)."""

    def __init__(self, rows: _Rows, span: range) -> None:
        self._rows = rows
        self._span = span

    def __len__(self) -> int:
        return len(self._span)

    @overload
    def __getitem__(self, index: int) -> Option: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Option]: ...
    def __getitem__(self, index: int | slice) -> Option | Sequence[Option]:
        if isinstance(index, slice):
            return _Slice(self._rows, self._span[index])
        return self._rows[self._span[index]]


class _OptionIndex(Mapping[Option, int]):
    """OptionList's ``{option: index}`` dict, answered by the rows (no dict of every row)."""

    def __init__(self, list_: RowList) -> None:
        self._list = list_

    def __getitem__(self, option: Option) -> int:
        return self._list._rows.index_of(option)

    def __iter__(self) -> Iterator[Option]:
        return iter(self._list._rows)

    def __len__(self) -> int:
        return len(self._list._rows)

    def clear(self) -> None:
        pass

    def update(self, *_: Any) -> None:
        pass


class RowList(OptionList):
    """An OptionList for long lists of items drawn as rows (it draws only the visible rows).

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
        self._rows = _Rows([])
        self._height_of: Callable[[Any], int] | None = None
        self._options = self._rows  # type: ignore[assignment]
        self._option_to_index = _OptionIndex(self)  # type: ignore[assignment]

    def set_rows(
        self,
        items: list[Any],
        make: Callable[[Any], Option],
        *,
        key: Callable[[Any], Any] | None = None,
        height: Callable[[Any], int] | None = None,
    ) -> None:
        """Show ``items`` (a list this widget now owns), each drawn as ``make(item)`` when
        first needed; ``height(item)``: its height in lines without making it."""
        self._set(_Rows(items, make, key), height)

    def set_options(self, options: Iterable[Option | VisualType | None]) -> Self:
        made = [o if isinstance(o, Option) else Option(o) for o in options if o is not None]
        self._set(_Rows(made), None)
        return self

    def _set(self, rows: _Rows, height: Callable[[Any], int] | None) -> None:
        self._rows = rows
        self._height_of = height
        self._options = rows  # type: ignore[assignment]
        self._line_index.clear()
        cache = getattr(self, "_option_render_cache", None)
        if cache is not None:
            cache.clear()
        self._id_to_option.clear()
        self.highlighted = None
        self.scroll_y = 0
        if self.is_mounted:
            self.refresh(layout=self.styles.auto_dimensions)
            self._update_lines()

    def clear_options(self) -> Self:
        return self.set_options(())

    def add_options(self, new_options: Iterable[Option | VisualType | None]) -> Self:
        if not hasattr(self, "_rows"):  # OptionList's own __init__, before ours
            return super().add_options(new_options)
        return self.set_options([*self._rows, *new_options])

    def insert_row(self, index: int, item: Any) -> None:
        """Insert ``item`` so that it is at ``index`` (made into a row when drawn)."""
        self._rows.insert(index, item)
        lines = self._line_index
        if self.scrollable_content_region and len(lines.heights) == len(self._rows) - 1:
            lines.heights.insert(index, self._item_height(item, self._content_width()))
            lines.resum()
        else:
            lines.clear()
        self._rows_changed()

    def made_option(self, index: int) -> Option | None:
        """The row at ``index`` if it was made (one never made shows the item as it is now)."""
        return self._rows.made(index)

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

    def _item_height(self, item: Any, width: int) -> int:
        if self._height_of is not None:
            return self._height_of(item)
        return self._option_height(cast("Option", item), width)

    def _option_height(self, option: Option, width: int) -> int:
        # (No dividers: set_options drops the None items that would make them.)
        padding = self.get_component_styles("option-list--option").padding
        visual = self._get_visual(option)
        return visual.get_height(cast("RulesMap", self.styles), width - padding.width)

    def _content_width(self) -> int:
        # (OptionList has no left gutter: only SelectionList draws one.)
        return self.scrollable_content_region.width

    def _update_lines(self) -> None:
        if not self.scrollable_content_region:
            return
        index = self._line_index
        rows = self._rows
        width = self._content_width()
        if len(index.heights) > len(rows):
            index.clear()  # options went some way that did not clear the cache: start again
        if len(index.heights) < len(rows):
            new = rows.items[len(index.heights) :]
            if self._height_of is not None:
                index.heights.extend(map(self._height_of, new))
            else:
                padding = self.get_component_styles("option-list--option").padding
                inner = width - padding.width
                styles = cast("RulesMap", self.styles)
                get_visual: Callable[[Option], Visual] = self._get_visual
                index.heights.extend(get_visual(option).get_height(styles, inner) for option in new)
            index.resum()
        self._set_virtual_height()

    def _set_virtual_height(self) -> None:
        virtual_size = Size(self._content_width(), self._line_index.starts[-1])
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def insert_option_at_index(self, index: int, option: Option) -> None:
        """Insert ``option`` so that it is at ``index`` (a list of ready Options, as
        :meth:`set_options` gives). The highlight is left to the caller."""
        self.insert_row(index, option)

    def remove_option_at_index(self, index: int) -> Self:
        """Remove the row at ``index`` (the highlight stays in range)."""
        self._rows.pop(index)
        lines = self._line_index
        if len(lines.heights) == len(self._rows) + 1:
            del lines.heights[index]
            lines.resum()
        else:
            lines.clear()
        self.highlighted = self.highlighted
        self._rows_changed()
        return self

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
        self._option_render_cache.clear()
        self.refresh()
