"""The article view's movement and selection commands (``action_*`` for its key bindings).

Each moves the cursor through the view's ``_set_cursor`` over the text as it is shown (a
rendered Markdown brief's words, not its markup); a sentence or paragraph selected is handed to
:meth:`ArticleView.select` as the source span to store. Kept apart from :mod:`.view` so the
widget's module holds its state, API and drawing, and this one what its keys do.
"""

from __future__ import annotations

from typing import Protocol

from textual.geometry import Offset

from briefreader.text import boundaries
from briefreader.text.layout import Layout
from briefreader.tui.widgets.article.caret import PARAGRAPH, SENTENCE, WORD, Caret, Unit
from briefreader.tui.widgets.article.column import TextColumn
from briefreader.tui.widgets.article.rendering import Rendering


class _View(Protocol):
    """What the commands need of the view."""

    _caret: Caret
    _column: TextColumn
    _rendering: Rendering

    @property
    def scroll_offset(self) -> Offset: ...

    def scroll_to(self, *, y: float, animate: bool) -> None: ...

    def select(self, start: int, end: int) -> None: ...

    def clear_selection(self) -> None: ...

    def _set_cursor(
        self,
        offset: int,
        *,
        extend: bool | None = None,
        goal: int | None = None,
        unit: Unit | None = None,
        backward: bool = False,
    ) -> None: ...

    def _refresh_bindings_if_needed(self) -> None: ...

    def _view_height(self) -> int: ...


class ArticleActions:
    """The view's commands; mixed into :class:`~.view.ArticleView`."""

    def action_cursor_left(self: _View) -> None:
        if (layout := self._column.layout) is not None:
            self._set_cursor(layout.prev_position(self._caret.offset), backward=True)

    def action_cursor_right(self: _View) -> None:
        if (layout := self._column.layout) is not None:
            self._set_cursor(layout.next_position(self._caret.offset))

    def action_cursor_up(self: _View) -> None:
        _move_rows(self, -1)

    def action_cursor_down(self: _View) -> None:
        _move_rows(self, 1)

    def action_word_forward(self: _View) -> None:
        shown = self._rendering.shown
        self._set_cursor(boundaries.next_word_start(shown, self._caret.offset), unit=WORD)

    def action_word_back(self: _View) -> None:
        shown = self._rendering.shown
        self._set_cursor(boundaries.prev_word_start(shown, self._caret.offset), unit=WORD)

    def action_sentence_forward(self: _View) -> None:
        self._set_cursor(self._rendering.next_sentence(self._caret.offset), unit=SENTENCE)

    def action_sentence_back(self: _View) -> None:
        self._set_cursor(self._rendering.prev_sentence(self._caret.offset), unit=SENTENCE)

    def action_paragraph_forward(self: _View) -> None:
        self._set_cursor(self._rendering.next_paragraph(self._caret.offset), unit=PARAGRAPH)

    def action_paragraph_back(self: _View) -> None:
        self._set_cursor(self._rendering.prev_paragraph(self._caret.offset), unit=PARAGRAPH)

    def action_row_start(self: _View) -> None:
        if (layout := self._column.layout) is not None:
            self._set_cursor(layout.row_span(layout.row_of(self._caret.offset))[0])

    def action_row_end(self: _View) -> None:
        if (layout := self._column.layout) is not None:
            row = layout.row_of(self._caret.offset)
            self._set_cursor(layout.cell_to_offset(row, layout.width + 1))

    def action_text_start(self: _View) -> None:
        self._set_cursor(0)

    def action_text_end(self: _View) -> None:
        self._set_cursor(len(self._rendering.shown))

    def action_page_up(self: _View) -> None:
        _move_page(self, -1)

    def action_page_down(self: _View) -> None:
        _move_page(self, 1)

    def action_toggle_selecting(self: _View) -> None:
        if self._caret.selecting:
            self.clear_selection()
        else:
            self._caret.selecting = True
            self._caret.anchor = self._caret.offset
            self._refresh_bindings_if_needed()

    def action_select_sentence(self: _View) -> None:
        _select_unit(self, SENTENCE)

    def action_select_paragraph(self: _View) -> None:
        _select_unit(self, PARAGRAPH)

    def action_clear_selection(self: _View) -> None:
        self.clear_selection()


def _select_unit(view: _View, unit: Unit) -> None:
    """Select the sentence or paragraph under the cursor, as the words show it."""
    offset = view._caret.offset
    span = unit(view._rendering.shown, offset)
    if span is not None:
        view.select(*view._rendering.unit_to_source(offset, span))


def _move_rows(view: _View, delta: int) -> None:
    layout = view._column.layout
    if layout is None:
        return
    row, goal = view._caret.row_and_goal(layout)
    target = row + delta
    while 0 <= target < layout.row_count and not view._rendering.shows_text(
        *layout.row_span(target)
    ):
        target += delta  # a table's rule, a thematic break: nothing to rest on
    if 0 <= target < layout.row_count:
        view._set_cursor(layout.cell_to_offset(target, goal), goal=goal)
    else:
        view._set_cursor(0 if target < 0 else len(layout.text))


def _move_page(view: _View, direction: int) -> None:
    layout: Layout | None = view._column.layout
    if layout is None:
        return
    page = max(1, view._view_height())
    row, goal = view._caret.row_and_goal(layout)
    view.scroll_to(y=max(0, view.scroll_offset.y + direction * page), animate=False)
    target = min(max(row + direction * page, 0), layout.row_count - 1)
    view._set_cursor(layout.cell_to_offset(target, goal), goal=goal)
