"""The article view widget: the brief's text wrapped into rows, the cursor and the selection,
scrolling, clicks and keys. What is painted over the text lives in :class:`Marks` (annotations,
search matches) and :class:`TokenCache` (reading aids); a :class:`RowPainter` draws each row,
and the view keeps the drawn rows until something on them changes.

A Markdown brief is shown rendered (:class:`~.rendering.Rendering`): the layout, the cursor and
the drawn rows are in offsets of the shown text; everything the API takes or gives (the text,
the cursor, the selection, annotations, matches) is in offsets of the stored source text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar, TypeAlias

from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefreader.text import boundaries
from briefreader.text.display import display_safe
from briefreader.text.layout import Layout
from briefreader.text.markdown_view import Link, view_for
from briefreader.tui.internals.hooks import refresh_scrollbars
from briefreader.tui.widgets.article import messages
from briefreader.tui.widgets.article.actions import ArticleActions
from briefreader.tui.widgets.article.bindings import ARTICLE_BINDINGS
from briefreader.tui.widgets.article.caret import Caret, Unit
from briefreader.tui.widgets.article.column import Align, TextColumn, scroll_target
from briefreader.tui.widgets.article.marks import ColorOf, Marks, Place
from briefreader.tui.widgets.article.palette import _Palette, build_palette
from briefreader.tui.widgets.article.render import RowPainter
from briefreader.tui.widgets.article.rendering import Rendering
from briefreader.tui.widgets.article.rows import DrawnRows
from briefreader.tui.widgets.article.spans import ArticleSpan, KeyOf, Painted
from briefreader.tui.widgets.article.tokens import TokenCache, TokenSource


class ArticleView(ArticleActions, ScrollView, can_focus=True, inherit_bindings=False):
    """The brief, wrapped, with a keyboard cursor and selection."""

    ALLOW_SELECT = False

    DEFAULT_CSS = """
    ArticleView {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        overflow-y: auto;
        height: 1fr;
        background: $surface;
        color: $foreground;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = ARTICLE_BINDINGS

    #: Posted when the cursor moves, and when the selection changes (see :mod:`.messages`).
    CursorMoved: TypeAlias = messages.CursorMoved
    SelectionChanged: TypeAlias = messages.SelectionChanged

    def __init__(
        self,
        text: str = "",
        *,
        max_line_length: int = 88,
        align: Align = "center",
        tab_size: int = 4,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._text = text
        self._fmt = "text"
        self._source_shown = False
        self._rendering = Rendering(text, None, False)
        self._display = display_safe(text)
        self._column = TextColumn(max_line_length, align, tab_size)
        self._caret = Caret()
        self._pending_scroll: tuple[int, bool, bool] | None = None
        self._rows = DrawnRows()
        self._bindings_selecting = False
        self._marks = Marks()
        self._tokens = TokenCache()
        self._painter = RowPainter(self._build_palette, self._column, self._marks, self._tokens)

    # -- public API ------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The brief's normalised text (not the display-safe copy)."""
        return self._text

    def set_text(self, text: str, cursor: int = 0, *, fmt: str = "text") -> None:
        """Show ``text`` (a Markdown ``fmt`` rendered, unless the source is asked for);
        annotations, matches and the selection are cleared."""
        self._text = text
        self._fmt = fmt
        self._marks.clear()
        self._show(min(max(cursor, 0), len(text)))

    def _show(self, cursor: int, top: int | None = None, anchor: int | None = None) -> None:
        """Build what is shown of the text, with the cursor at source offset ``cursor`` (and
        a selection from source offset ``anchor``)."""
        text = self._text
        self._rendering = Rendering(text, view_for(text, self._fmt), not self._source_shown)
        self._display = display_safe(self._rendering.shown)
        self._column.layout = None
        self._tokens.clear()
        self._rows.clear()
        self._caret.reset(self._rendering.to_shown(cursor))
        if anchor is not None:
            self._caret.anchor = self._rendering.to_shown(anchor)
            self._caret.selecting = True
        if top is not None:
            self._pending_scroll = (self._rendering.to_shown(top), False, True)
        self._relayout()
        if self.is_mounted:
            self.post_message(self.CursorMoved(self, self.cursor))

    @property
    def rendering(self) -> Rendering:
        """What is shown of the text (a Markdown brief rendered, or the text itself) and the
        offsets between the two; replaced when the text or :meth:`show_source` changes."""
        return self._rendering

    def show_source(self, source: bool) -> None:
        """Show a Markdown brief's source as it is (True) or rendered (False); the cursor, the
        selection and the line at the top of the view stay where they are in the text."""
        if source == self._source_shown:
            return
        top = self.offset_at_row(int(self.scroll_offset.y))
        anchor = self._caret.anchor if self._caret.selecting else None
        self._source_shown = source
        self._show(self.cursor, top, None if anchor is None else self._rendering.to_source(anchor))

    def link_at_cursor(self) -> Link | None:
        """The Markdown link or image under the cursor (its text or its markup), if any."""
        return self._rendering.link_at(self.cursor)

    def row_of(self, offset: int) -> int | None:
        """The row showing source ``offset`` (None before the view is laid out)."""
        layout = self._column.layout
        return None if layout is None else layout.row_of(self._rendering.to_shown(offset))

    def offset_at_row(self, row: int) -> int | None:
        """The source offset at the start of ``row`` (None before the view is laid out)."""
        layout = self._column.layout
        if layout is None or not layout.row_count:
            return None
        row = min(max(row, 0), layout.row_count - 1)
        return self._rendering.to_source(layout.row_span(row)[0])

    @property
    def cursor(self) -> int:
        """The cursor's offset (``len(text)`` at the end)."""
        return self._rendering.to_source(self._caret.offset)

    @property
    def selecting(self) -> bool:
        """True while movement extends the selection (after ``v``, ``s`` or ``p``)."""
        return self._caret.selecting

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span, end-exclusive and without surrounding whitespace (nor markup
        at its edges), or None."""
        shown = self._caret.selection(self._rendering.shown)
        return None if shown is None else self._rendering.selection_to_source(*shown)

    def target_span(self) -> tuple[int, int]:
        """What an annotation command acts on: the selection, else the sentence under the
        cursor (as its words are shown), else an empty span at the cursor."""
        selection = self.selection
        if selection is not None:
            return selection
        offset = self._caret.offset
        sentence = boundaries.sentence_at(self._rendering.shown, offset)
        if sentence is not None:
            start, end = self._rendering.unit_to_source(offset, sentence)
            if start < end:
                return start, end
        return self.cursor, self.cursor

    def move_to(self, offset: int, *, extend: bool | None = None) -> None:
        """Put the cursor at ``offset`` and scroll it into view.

        ``extend`` True keeps (or starts) a selection from the current anchor; False drops
        the selection; None follows selection mode.
        """
        self._set_cursor(self._rendering.to_shown(offset), extend=extend)

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` and enter selection mode; the cursor goes to ``end``."""
        length = len(self._text)
        start, end = min(max(start, 0), length), min(max(end, 0), length)
        shown_start, shown_end = self._rendering.span_to_shown(start, max(start, end))
        self._caret.selecting = True
        self._caret.anchor = shown_start
        self._set_cursor(max(shown_start, shown_end), extend=True)

    def clear_selection(self) -> None:
        """Drop the selection and leave selection mode."""
        self._caret.selecting = False
        self._set_cursor(self._caret.offset, extend=False)

    def scroll_to_offset(self, offset: int, center: bool = True) -> None:
        """Scroll so the row holding ``offset`` is visible (in the middle if ``center``)."""
        self._scroll_to_shown(self._rendering.to_shown(offset), center)

    def _scroll_to_shown(self, shown: int, center: bool, top: bool = False) -> None:
        """Scroll to the row of shown offset ``shown`` (to the top of the view if ``top``)."""
        layout = self._column.layout
        if layout is None:
            self._pending_scroll = (shown, center, top)
            return
        row, height = layout.row_of(shown), self._view_height()
        target = row if top else scroll_target(row, self.scroll_offset.y, height, center)
        if target is not None:
            self.scroll_to(y=target, animate=False)

    def cursor_screen_row(self) -> int | None:
        """The screen row the cursor is drawn on, or None while it is out of view."""
        layout = self._column.layout
        if layout is None:
            return None
        row = layout.row_of(self._caret.offset) - self.scroll_offset.y
        if not 0 <= row < self.region.height:
            return None
        return self.region.y + row

    @property
    def reading_progress(self) -> float:
        """How far through the brief the bottom of the view is, 0.0 to 1.0."""
        layout = self._column.layout
        if layout is None or not self._text:
            return 0.0 if self._text else 1.0
        bottom = min(layout.row_count, self.scroll_offset.y + self._view_height()) - 1
        return self.fraction_of(self._rendering.to_source(layout.row_span(max(0, bottom))[1]))

    def fraction_of(self, offset: int) -> float:
        """How far through the text source ``offset`` is, as shown (a Markdown brief's front
        matter and markup count for nothing), 0.0 to 1.0."""
        shown = self._rendering.shown
        return min(1.0, self._rendering.to_shown(offset) / len(shown)) if shown else 1.0

    @property
    def max_line_length(self) -> int:
        """The widest the text is wrapped, in cells (narrower if the view is narrower)."""
        return self._column.max_line_length

    @max_line_length.setter
    def max_line_length(self, value: int) -> None:
        self._column.max_line_length = max(1, value)
        self._relayout()

    @property
    def align(self) -> Align:
        """ "center" puts the text column in the middle of the view, "left" at a margin."""
        return self._column.align

    @align.setter
    def align(self, value: Align) -> None:
        self._column.align = value
        self._relayout()

    @property
    def margin(self) -> int:
        """Blank cells left of the text column."""
        return self._column.margin

    @property
    def layout_info(self) -> Layout | None:
        """The current wrapping (None before the view has a size)."""
        return self._column.layout

    @property
    def annotation_spans(self) -> list[ArticleSpan]:
        """The annotations painted now, in (start, end, key) order."""
        return self._marks.annotation_spans

    def paint_with(self, key_of: KeyOf, color_of: ColorOf) -> None:
        """Paint the caller's own objects (with ``start``, ``end``, ``kind``), not ArticleSpans."""
        self._marks.paint_with(key_of, color_of)
        self._redraw_all()

    def recolor(self) -> None:
        """What ``color_of`` answers changed (a tag's colour): draw every row again."""
        self._redraw_all()

    def set_annotations(self, annotations: Iterable[Painted]) -> None:
        """Paint these annotations (replacing the previous ones); only changed rows redraw."""
        changed = self._marks.set_annotations(annotations)
        if changed is None:  # the first paint (or none left): every row, without a diff
            self._rows.clear()
            self.refresh()
            return
        self._invalidate_spans(self._rendering.spans_to_shown(changed))

    def remove_annotation(self, span: ArticleSpan) -> None:
        """Stop painting this annotation (given before); only the rows it covered redraw."""
        self.update_annotations(removed=((span.key, span.start, span.end),))

    def update_annotations(
        self, added: Iterable[Painted] = (), removed: Iterable[Place] = ()
    ) -> None:
        """Remove the annotations at the ``removed`` places (key, start, end), then add
        ``added``: as :meth:`set_annotations` would, touching only their buckets and rows."""
        rendering = self._rendering
        for start, end in self._marks.update_annotations(added, removed):
            self._invalidate(*rendering.span_to_shown(start, end))

    def set_matches(self, matches: Sequence[tuple[int, int]], current: int | None = None) -> None:
        """Paint search matches (sorted ``(start, end)``); ``current`` indexes the one to stress."""
        changed = self._marks.set_matches(matches, current)
        self._invalidate_spans(self._rendering.spans_to_shown(changed))

    def set_suggestions(self, spans: Sequence[tuple[int, int]]) -> None:  # sorted; [] for none
        changed = self._marks.set_suggestions(spans)
        self._invalidate_spans(self._rendering.spans_to_shown(changed))

    def set_token_source(self, source: TokenSource | None) -> None:
        """Use ``source`` for reading-aid styles (None turns them off)."""
        self._tokens.source = source
        self._tokens.clear()
        self._redraw_all()

    # -- Textual hooks ---------------------------------------------------------------------

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._on_theme_changed)
        self._relayout()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Focus coming or going restyles the view but paints nothing differently: then the
        # rows drawn stay (with many annotations a row costs milliseconds to draw).
        if self._painter.restyle(compare=self.is_mounted):
            self._rows.clear()

    def _on_theme_changed(self, _theme: object) -> None:
        self._painter.forget_palette()
        self._redraw_all()

    def render_line(self, y: int) -> Strip:
        if self._column.layout is None:
            # The first frame is drawn before the Resize event that lays the text out: laid
            # out now, it shows the words, not a blank view (30 ms sooner at launch).
            self._relayout()
        row = self.scroll_offset.y + y
        layout = self._column.layout
        if layout is None or row >= layout.row_count:
            return Strip.blank(self._column.view_width, self._painter.palette.base)
        strip = self._rows.get(row)
        if strip is None:
            shown = self._rendering.shown
            selection = self._caret.selection(shown)
            caret = self._caret.offset
            strip = self._painter.draw(layout, row, shown, caret, selection, self._rendering)
            self._rows.keep(row, strip)
        return strip

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_selection":
            # Let escape reach the screen when there is nothing to clear.
            return self._caret.clearable
        return True

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        layout = self._column.layout
        if offset is None or layout is None:
            return
        row = self.scroll_offset.y + offset.y
        if row >= layout.row_count:
            self._set_cursor(len(self._rendering.shown))
            return
        self._set_cursor(layout.cell_to_offset(row, max(0, offset.x - self._column.margin)))

    # -- actions ---------------------------------------------------------------------------

    # -- movement --------------------------------------------------------------------------

    def _set_cursor(
        self,
        offset: int,
        *,
        extend: bool | None = None,
        goal: int | None = None,
        unit: Unit | None = None,
        backward: bool = False,
    ) -> None:
        """Move the cursor to shown ``offset`` (see :meth:`Caret.move`; never onto a bullet or
        a table's padding: past it, or before it when moving ``backward`` by a character),
        then redraw, scroll and announce."""
        old_cursor = self._caret.offset
        shown = self._rendering.shown
        old_selection = self._caret.selection(shown)
        old_source = self.selection
        offset = self._rendering.real(offset, backward)
        offset = self._caret.move(
            shown, self._column.layout, offset, extend=extend, goal=goal, unit=unit
        )
        new_selection = self._caret.selection(shown)
        self._invalidate(old_cursor, old_cursor)
        self._invalidate(offset, offset)
        if new_selection != old_selection:
            edges = [*(old_selection or ()), *(new_selection or ())]
            self._invalidate(min(edges), max(edges))
        if self._column.layout is None or not self.is_mounted:
            return  # the first layout scrolls the cursor into view
        self._scroll_to_shown(offset, center=False)
        if offset != old_cursor:
            self.post_message(self.CursorMoved(self, self.cursor))
        if new_selection != old_selection and (source := self.selection) != old_source:
            self.post_message(self.SelectionChanged(self, source))
        self._refresh_bindings_if_needed()

    def _refresh_bindings_if_needed(self) -> None:
        """The footer shows "Clear selection" only while there is something to clear. Asking
        it to redraw recomposes all its keys, so ask only when that changes, not per move."""
        selecting = self._caret.clearable
        if selecting != self._bindings_selecting and self.is_mounted:
            self._bindings_selecting = selecting
            self.refresh_bindings()

    # -- layout and drawing ----------------------------------------------------------------

    def _view_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _relayout(self) -> None:
        if not self.is_mounted:
            return
        available = self.scrollable_content_region.width
        if available <= 0:
            return
        layout = self._column.layout
        top_offset = None
        if layout is not None:
            top_offset = layout.row_span(min(self.scroll_offset.y, layout.row_count - 1))[0]
        self._rows.clear()
        fitted = self._column.fit(self._display, available, self._rendering.hanging)
        if fitted is not layout:
            self._caret.offset = fitted.snap(self._caret.offset)
        layout = fitted
        self.virtual_size = Size(available, layout.row_count)
        refresh_scrollbars(self)  # as TextArea does: scrolling follows the new size now
        if self._pending_scroll is not None:
            shown, center, top = self._pending_scroll
            self._pending_scroll = None
            self._scroll_to_shown(shown, center, top)
        elif top_offset is not None:
            self.scroll_to(y=layout.row_of(top_offset), animate=False)
        else:
            self._scroll_to_shown(self._caret.offset, center=False)
        self.refresh()

    def _redraw_all(self) -> None:
        self._rows.clear()
        self._painter.forget_styles()
        self.refresh()

    def _visible_rows(self) -> range:
        top = self.scroll_offset.y
        return range(top, top + self._view_height())

    def _invalidate(self, start: int, end: int) -> None:
        """Forget and redraw the rows showing ``[start, end]``."""
        if (layout := self._column.layout) is None:
            return
        rows = self._rows.forget(layout, start, end, self._visible_rows())
        if rows:
            self.refresh_lines(rows.start, len(rows))

    def _invalidate_spans(self, spans: Sequence[tuple[int, int]]) -> None:
        """Forget and redraw the rows that any of ``spans`` touches."""
        layout = self._column.layout
        if layout is None or not spans:
            return
        if len(spans) <= 8:
            for start, end in spans:
                self._invalidate(start, end)
            return
        for row in self._rows.forget_spans(layout, spans, self._visible_rows()):
            self.refresh_lines(row)

    def _build_palette(self) -> _Palette:
        variables = self.app.theme_variables or self.app.get_css_variables()
        return build_palette(self.rich_style, variables)
