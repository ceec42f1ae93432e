"""The article view: a brief wrapped to a comfortable width and drawn row by row, with a cursor,
a selection, annotations, search matches and reading-aid styles painted over it.

It is a line-API ``ScrollView`` because TextArea, Static and Markdown are far too slow for a
5 MB brief and cannot paint offset-exact spans (DESIGN.md, "The article view"). Only rows on
screen are drawn; each is built from plain strings into Segments (the brief is never markup) and
cached until something on that row changes. Wrapping and the offset <-> cell mapping live in
:mod:`briefreader.text.layout`; word/sentence/paragraph movement in
:mod:`briefreader.text.boundaries`.

Every offset here is a code-point offset into the normalised brief text. The text is drawn
through the display-safe table (one character for one character), so offsets never move.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter
from typing import ClassVar, Literal, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefreader.text import boundaries
from briefreader.text.display import display_safe
from briefreader.text.layout import Layout

#: ``(text, block_start, block_end) -> [(start, end, token_name), ...]`` in absolute offsets.
TokenSource = Callable[[str, int, int], list[tuple[int, int, str]]]
Align = Literal["center", "left"]

#: Annotation kinds the view knows how to paint.
ANNOTATION_KINDS = ("highlight", "claim", "note")

#: Blocks longer than this are lexed in pieces of about this size, cut after a space, so a
#: 5 MB brief with no line breaks never hands the lexer more than a screenful or two.
TOKEN_CHUNK = 4096
#: Cells left of the text when aligned left.
LEFT_MARGIN = 2
_STRIP_CACHE_LIMIT = 2048
_TOKEN_CACHE_LIMIT = 256


def display_text(text: str) -> str:
    """The display-safe copy of ``text`` (kept as a name for callers of this module)."""
    return display_safe(text)


#: Finds the span of a unit (word, sentence, paragraph) at an offset, or None.
_Unit = Callable[[str, int], "tuple[int, int] | None"]
_WORD: _Unit = boundaries.word_at
_SENTENCE: _Unit = boundaries.sentence_at
_PARAGRAPH: _Unit = boundaries.paragraph_at


class ArticleSpan(NamedTuple):
    """An annotation as the view paints it: offsets, kind, optional colour, and the caller's key.
    (A tuple: 100,000 of them are made in a fraction of a dataclass's time.)"""

    start: int
    end: int
    kind: str
    color: str | None
    key: int


_SPAN_ORDER = attrgetter("start", "end", "key")


class _SpanIndex:
    """Spans bucketed by offset, so the spans touching one row are found without a scan.

    10,000 annotations or search matches cost one dictionary lookup or two per drawn row.
    """

    BUCKET = 2048

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = spans
        buckets: dict[int, list[int]] = {}
        size = self.BUCKET
        for index, (start, end) in enumerate(spans):
            if end > start:
                for bucket in range(start // size, (end - 1) // size + 1):
                    buckets.setdefault(bucket, []).append(index)
        self._buckets = buckets

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indices of spans overlapping ``[start, end)``, in index order."""
        if not self._buckets or end <= start:
            return []
        size = self.BUCKET
        found: set[int] = set()
        spans = self.spans
        for bucket in range(start // size, (end - 1) // size + 1):
            for index in self._buckets.get(bucket, ()):
                span_start, span_end = spans[index]
                if span_start < end and span_end > start:
                    found.add(index)
        return sorted(found)


class _AnnotationIndex:
    """Annotations bucketed by offset, holding the spans themselves (not list positions), so
    one annotation is added or removed by touching only the buckets it covers."""

    BUCKET = 2048

    def __init__(self, spans: Iterable[ArticleSpan] = ()) -> None:
        self._buckets: dict[int, list[ArticleSpan]] = {}
        for span in spans:
            self.add(span)

    def add(self, span: ArticleSpan) -> None:
        if span.end <= span.start:
            return
        size = self.BUCKET
        buckets = self._buckets
        for bucket in range(span.start // size, (span.end - 1) // size + 1):
            found = buckets.get(bucket)
            if found is None:
                buckets[bucket] = [span]
            else:
                found.append(span)

    def remove(self, span: ArticleSpan) -> None:
        if span.end <= span.start:
            return
        size = self.BUCKET
        buckets = self._buckets
        for bucket in range(span.start // size, (span.end - 1) // size + 1):
            found = buckets.get(bucket)
            if found is None:
                continue
            # By identity: an equal span given twice is painted twice, and removed once.
            for position, held in enumerate(found):
                if held is span:
                    del found[position]
                    break
            if not found:
                del buckets[bucket]

    def overlapping(self, start: int, end: int) -> list[ArticleSpan]:
        """Spans overlapping ``[start, end)``, in (start, end, key) order."""
        if not self._buckets or end <= start:
            return []
        size = self.BUCKET
        first, last = start // size, (end - 1) // size
        buckets = self._buckets
        if first == last:
            found = [s for s in buckets.get(first, ()) if s.start < end and s.end > start]
        else:
            unique: dict[int, ArticleSpan] = {}
            for bucket in range(first, last + 1):
                for span in buckets.get(bucket, ()):
                    if span.start < end and span.end > start:
                        unique[id(span)] = span
            found = list(unique.values())
        if len(found) > 1:
            found.sort(key=_SPAN_ORDER)
        return found


@dataclass(frozen=True)
class _Palette:
    """Every style the view paints with, computed once per theme or CSS change."""

    base: Style
    background: Color
    tokens: dict[str, Style]
    kinds: dict[str, Color]
    match: Style
    current_match: Style
    selection: Style
    cursor: Style


# token name -> (theme variable for the colour, blend toward it, extra attributes). Subtle on
# purpose: reading aids should be noticed, not read.
_TOKEN_LOOKS: dict[str, tuple[str | None, float, Style]] = {
    "quote": ("text-success", 0.55, Style()),
    "number": ("text-warning", 0.55, Style()),
    "acronym": ("text-primary", 0.55, Style()),
    "name": ("text-primary", 0.35, Style(bold=True)),
    "url": ("text-primary", 0.7, Style(underline=True)),
    "heading": ("text-primary", 0.6, Style(bold=True)),
    "emphasis": (None, 0.0, Style(italic=True)),
    "strong": (None, 0.0, Style(bold=True)),
    "code": ("text-warning", 0.6, Style()),
    "code.keyword": ("text-primary", 0.8, Style(bold=True)),
    "code.string": ("text-success", 0.7, Style()),
    "code.comment": ("text-muted", 1.0, Style(italic=True)),
    "code.number": ("text-warning", 0.7, Style()),
    "code.name": (None, 0.0, Style()),
    "code.operator": ("text-secondary", 0.7, Style()),
}
_KIND_VARIABLES = {"highlight": "warning", "claim": "primary", "note": "success"}
# Kinds must differ without colour too (NO_COLOR, monochrome terminals).
_KIND_ATTRIBUTES = {
    "highlight": Style(),
    "claim": Style(underline=True),
    "note": Style(italic=True),
}
_KIND_TINT = 0.35


def _theme_color(variables: dict[str, str], name: str | None, fallback: Color) -> Color:
    if name is None or name not in variables:
        return fallback
    try:
        return Color.parse(variables[name])
    except ColorParseError:
        return fallback


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "cursor_left", "Character left", show=False, id="article.left"),
        Binding("right", "cursor_right", "Character right", show=False, id="article.right"),
        Binding("up", "cursor_up", "Row up", show=False, id="article.up"),
        Binding("down", "cursor_down", "Row down", show=False, id="article.down"),
        Binding("w", "word_forward", "Next word", show=False, id="article.word_forward"),
        Binding("b", "word_back", "Previous word", show=False, id="article.word_back"),
        Binding(
            "right_parenthesis",
            "sentence_forward",
            "Next sentence",
            key_display=")",
            show=False,
            id="article.sentence_forward",
        ),
        Binding(
            "left_parenthesis",
            "sentence_back",
            "Previous sentence",
            key_display="(",
            show=False,
            id="article.sentence_back",
        ),
        Binding(
            "right_curly_bracket",
            "paragraph_forward",
            "Next paragraph",
            key_display="}",
            show=False,
            id="article.paragraph_forward",
        ),
        Binding(
            "left_curly_bracket",
            "paragraph_back",
            "Previous paragraph",
            key_display="{",
            show=False,
            id="article.paragraph_back",
        ),
        Binding("home", "row_start", "Start of row", show=False, id="article.row_start"),
        Binding("end", "row_end", "End of row", show=False, id="article.row_end"),
        Binding("g", "text_start", "Start of brief", show=False, id="article.start"),
        Binding("G", "text_end", "End of brief", show=False, id="article.end"),
        Binding("pageup", "page_up", "Page up", show=False, id="article.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="article.page_down"),
        Binding("space", "page_down", "Page down", show=False, id="article.page_down_space"),
        Binding("v", "toggle_selecting", "Select", id="article.toggle_select"),
        Binding("s", "select_sentence", "Sentence", id="article.select_sentence"),
        Binding("p", "select_paragraph", "Paragraph", id="article.select_paragraph"),
        Binding("escape", "clear_selection", "Clear selection", id="article.clear_selection"),
    ]

    class CursorMoved(Message):
        """The cursor moved to ``offset``."""

        def __init__(self, article_view: ArticleView, offset: int) -> None:
            super().__init__()
            self.article_view = article_view
            self.offset = offset

        @property
        def control(self) -> ArticleView:
            return self.article_view

    class SelectionChanged(Message):
        """The selection is now ``span`` (``(start, end)``), or None when there is none."""

        def __init__(self, article_view: ArticleView, span: tuple[int, int] | None) -> None:
            super().__init__()
            self.article_view = article_view
            self.span = span

        @property
        def control(self) -> ArticleView:
            return self.article_view

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
        self._display = display_text(text)
        self._max_line_length = max(1, max_line_length)
        self._align: Align = align
        self._tab_size = tab_size
        self._layout: Layout | None = None
        self._margin = 0
        self._content_width = 0
        self._cursor = 0
        self._anchor: int | None = None
        self._selecting = False
        #: Where the word, sentence or paragraph the cursor last moved onto ends: a selection
        #: extended by that unit covers it (``v w w w`` includes the third word).
        self._unit_end: int | None = None
        self._goal_col: int | None = None
        self._pending_scroll: tuple[int, bool] | None = None
        self._strips: dict[int, Strip] = {}
        self._kind_styles: dict[tuple[str, str | None], Style] = {}
        self._styles: dict[tuple[object, ...], Style] = {}
        self._palette_cache: _Palette | None = None
        self._annotations: dict[int, list[ArticleSpan]] = {}
        self._annotation_index = _AnnotationIndex()
        self._bindings_selecting = False
        self._matches: list[tuple[int, int]] = []
        self._match_index = _SpanIndex([])
        self._current_match: int | None = None
        self._token_source: TokenSource | None = None
        self._tokens: dict[tuple[int, int], list[tuple[int, int, str]]] = {}

    # -- public API ------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The brief's normalised text (not the display-safe copy)."""
        return self._text

    def set_text(self, text: str, cursor: int = 0) -> None:
        """Show ``text``; annotations, matches and the selection are cleared."""
        self._text = text
        self._display = display_text(text)
        self._layout = None
        self._anchor = None
        self._selecting = False
        self._goal_col = None
        self._annotations = {}
        self._annotation_index = _AnnotationIndex()
        self._matches = []
        self._match_index = _SpanIndex([])
        self._current_match = None
        self._tokens.clear()
        self._strips.clear()
        self._cursor = min(max(cursor, 0), len(text))
        self._relayout()
        if self.is_mounted:
            self.post_message(self.CursorMoved(self, self._cursor))

    @property
    def cursor(self) -> int:
        """The cursor's offset (``len(text)`` at the end)."""
        return self._cursor

    @property
    def selecting(self) -> bool:
        """True while movement extends the selection (after ``v``, ``s`` or ``p``)."""
        return self._selecting

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span, end-exclusive and without surrounding whitespace, or None."""
        if self._anchor is None:
            return None
        start, end = sorted((self._anchor, self._cursor))
        if self._unit_end is not None and self._cursor > self._anchor:
            end = self._unit_end
        text = self._text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def target_span(self) -> tuple[int, int]:
        """What an annotation command acts on: the selection, else the sentence under the
        cursor, else an empty span at the cursor."""
        selection = self.selection
        if selection is not None:
            return selection
        sentence = boundaries.sentence_at(self._text, self._cursor)
        return sentence if sentence is not None else (self._cursor, self._cursor)

    def move_to(self, offset: int, *, extend: bool | None = None) -> None:
        """Put the cursor at ``offset`` and scroll it into view.

        ``extend`` True keeps (or starts) a selection from the current anchor; False drops
        the selection; None follows selection mode.
        """
        self._set_cursor(offset, extend=extend)

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` and enter selection mode; the cursor goes to ``end``."""
        length = len(self._text)
        self._selecting = True
        self._anchor = min(max(start, 0), length)
        self._set_cursor(end, extend=True)

    def clear_selection(self) -> None:
        """Drop the selection and leave selection mode."""
        self._selecting = False
        self._set_cursor(self._cursor, extend=False)

    def scroll_to_offset(self, offset: int, center: bool = True) -> None:
        """Scroll so the row holding ``offset`` is visible (in the middle if ``center``)."""
        if self._layout is None:
            self._pending_scroll = (offset, center)
            return
        row = self._layout.row_of(offset)
        height = self._view_height()
        top = self.scroll_offset.y
        if center:
            target = row - height // 2
        elif row < top:
            target = row
        elif row >= top + height:
            target = row - height + 1
        else:
            return
        self.scroll_to(y=max(0, target), animate=False)

    def cursor_screen_row(self) -> int | None:
        """The screen row the cursor is drawn on, or None while it is out of view."""
        if self._layout is None:
            return None
        row = self._layout.row_of(self._cursor) - self.scroll_offset.y
        if not 0 <= row < self.region.height:
            return None
        return self.region.y + row

    @property
    def reading_progress(self) -> float:
        """How far through the brief the bottom of the view is, 0.0 to 1.0."""
        if not self._text:
            return 1.0
        if self._layout is None:
            return 0.0
        bottom = min(self._layout.row_count, self.scroll_offset.y + self._view_height()) - 1
        return min(1.0, self._layout.row_span(max(0, bottom))[1] / len(self._text))

    @property
    def max_line_length(self) -> int:
        """The widest the text is wrapped, in cells (narrower if the view is narrower)."""
        return self._max_line_length

    @max_line_length.setter
    def max_line_length(self, value: int) -> None:
        self._max_line_length = max(1, value)
        self._relayout()

    @property
    def align(self) -> Align:
        """ "center" puts the text column in the middle of the view, "left" at a margin."""
        return self._align

    @align.setter
    def align(self, value: Align) -> None:
        self._align = value
        self._relayout()

    @property
    def margin(self) -> int:
        """Blank cells left of the text column."""
        return self._margin

    @property
    def layout_info(self) -> Layout | None:
        """The current wrapping (None before the view has a size)."""
        return self._layout

    @property
    def annotation_spans(self) -> list[ArticleSpan]:
        """The annotations painted now, in (start, end, key) order."""
        return sorted(
            (span for spans in self._annotations.values() for span in spans), key=_SPAN_ORDER
        )

    def set_annotations(self, annotations: Iterable[ArticleSpan]) -> None:
        """Paint these annotations (replacing the previous ones); only changed rows redraw."""
        new = list(annotations)
        old = [span for spans in self._annotations.values() for span in spans]
        by_key: dict[int, list[ArticleSpan]] = {}
        for span in new:
            held = by_key.get(span.key)
            if held is None:
                by_key[span.key] = [span]
            else:
                held.append(span)
        self._annotations = by_key
        self._annotation_index = _AnnotationIndex(sorted(new, key=_SPAN_ORDER))
        if not old or not new:  # the first paint (or none left): every row, without a diff
            self._strips.clear()
            self.refresh()
            return
        changed = set(old).symmetric_difference(new)
        self._invalidate_spans([(span.start, span.end) for span in changed])

    def add_annotation(self, span: ArticleSpan) -> None:
        """Paint one more annotation; only the rows it covers redraw."""
        self.update_annotations(added=(span,))

    def remove_annotation(self, key: int) -> None:
        """Stop painting the annotation(s) with ``key``; only the rows they covered redraw."""
        self.update_annotations(removed=(key,))

    def update_annotations(
        self, added: Iterable[ArticleSpan] = (), removed: Iterable[int] = ()
    ) -> None:
        """Remove the annotations with the ``removed`` keys, then add ``added``: the same
        picture as :meth:`set_annotations` with the changed list, at the cost of the changed
        spans only (their index buckets and their rows)."""
        index = self._annotation_index
        touched: list[tuple[int, int]] = []
        for key in removed:
            for span in self._annotations.pop(key, ()):
                index.remove(span)
                touched.append((span.start, span.end))
        for span in added:
            self._annotations.setdefault(span.key, []).append(span)
            index.add(span)
            touched.append((span.start, span.end))
        for start, end in touched:
            self._invalidate(start, end)

    def set_matches(self, matches: Sequence[tuple[int, int]], current: int | None = None) -> None:
        """Paint search matches (sorted ``(start, end)``); ``current`` indexes the one to stress."""
        old = self._matches
        old_current = self._current_match
        new = list(matches)
        self._matches = new
        self._match_index = _SpanIndex(new)
        self._current_match = current if current is not None and 0 <= current < len(new) else None
        changed = set(old).symmetric_difference(new)
        for index, spans in ((old_current, old), (self._current_match, new)):
            if index is not None and index < len(spans):
                changed.add(spans[index])
        self._invalidate_spans(list(changed))

    def set_token_source(self, source: TokenSource | None) -> None:
        """Use ``source`` for reading-aid styles (None turns them off)."""
        self._token_source = source
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
        old = self._palette_cache
        self._palette_cache = None
        if old is not None and self.is_mounted and self._build_palette() == old:
            # Focus coming or going restyles the view but paints nothing differently: the
            # rows drawn stay (with many annotations a row costs milliseconds to draw).
            self._palette_cache = old
            return
        self._styles.clear()
        self._kind_styles.clear()
        self._strips.clear()

    def _on_theme_changed(self, _theme: object) -> None:
        self._palette_cache = None
        self._redraw_all()

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        layout = self._layout
        if layout is None or row >= layout.row_count:
            return Strip.blank(self._content_width, self._palette().base)
        strip = self._strips.get(row)
        if strip is None:
            if len(self._strips) > _STRIP_CACHE_LIMIT:
                self._strips.clear()
            strip = self._strips[row] = self._render_row(row)
        return strip

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_selection":
            # Let escape reach the screen when there is nothing to clear.
            return self._selecting or self._anchor is not None
        return True

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self._layout is None:
            return
        row = self.scroll_offset.y + offset.y
        if row >= self._layout.row_count:
            self.move_to(len(self._text))
            return
        self.move_to(self._layout.cell_to_offset(row, max(0, offset.x - self._margin)))

    # -- actions ---------------------------------------------------------------------------

    def action_cursor_left(self) -> None:
        if self._layout is not None:
            self._set_cursor(self._layout.prev_position(self._cursor))

    def action_cursor_right(self) -> None:
        if self._layout is not None:
            self._set_cursor(self._layout.next_position(self._cursor))

    def action_cursor_up(self) -> None:
        self._move_rows(-1)

    def action_cursor_down(self) -> None:
        self._move_rows(1)

    def action_word_forward(self) -> None:
        self._set_cursor(boundaries.next_word_start(self._text, self._cursor), unit=_WORD)

    def action_word_back(self) -> None:
        self._set_cursor(boundaries.prev_word_start(self._text, self._cursor), unit=_WORD)

    def action_sentence_forward(self) -> None:
        target = boundaries.next_sentence_start(self._text, self._cursor)
        self._set_cursor(target, unit=_SENTENCE)

    def action_sentence_back(self) -> None:
        target = boundaries.prev_sentence_start(self._text, self._cursor)
        self._set_cursor(target, unit=_SENTENCE)

    def action_paragraph_forward(self) -> None:
        target = boundaries.next_paragraph_start(self._text, self._cursor)
        self._set_cursor(target, unit=_PARAGRAPH)

    def action_paragraph_back(self) -> None:
        target = boundaries.prev_paragraph_start(self._text, self._cursor)
        self._set_cursor(target, unit=_PARAGRAPH)

    def action_row_start(self) -> None:
        if self._layout is not None:
            self._set_cursor(self._layout.row_span(self._layout.row_of(self._cursor))[0])

    def action_row_end(self) -> None:
        if self._layout is not None:
            row = self._layout.row_of(self._cursor)
            self._set_cursor(self._layout.cell_to_offset(row, self._layout.width + 1))

    def action_text_start(self) -> None:
        self._set_cursor(0)

    def action_text_end(self) -> None:
        self._set_cursor(len(self._text))

    def action_page_up(self) -> None:
        self._move_page(-1)

    def action_page_down(self) -> None:
        self._move_page(1)

    def action_toggle_selecting(self) -> None:
        if self._selecting:
            self.clear_selection()
        else:
            self._selecting = True
            self._anchor = self._cursor
            self._refresh_bindings_if_needed()

    def action_select_sentence(self) -> None:
        span = boundaries.sentence_at(self._text, self._cursor)
        if span is not None:
            self.select(*span)

    def action_select_paragraph(self) -> None:
        span = boundaries.paragraph_at(self._text, self._cursor)
        if span is not None:
            self.select(*span)

    def action_clear_selection(self) -> None:
        self.clear_selection()

    # -- movement --------------------------------------------------------------------------

    def _set_cursor(
        self,
        offset: int,
        *,
        extend: bool | None = None,
        keep_goal: bool = False,
        unit: _Unit | None = None,
    ) -> None:
        """Move the cursor; ``unit`` is the word/sentence/paragraph finder of a move by that
        unit, whose span under the new cursor a forward selection then covers."""
        old_cursor = self._cursor
        old_selection = self.selection
        offset = min(max(offset, 0), len(self._text))
        if self._layout is not None:
            offset = self._layout.snap(offset)
        self._unit_end = None
        if unit is not None:
            span = unit(self._text, offset)
            if span is not None and span[0] <= offset < span[1]:
                self._unit_end = span[1]
        if extend is None:
            extend = self._selecting
        if not extend:
            self._anchor = None
            self._selecting = False
        elif self._anchor is None:
            self._anchor = old_cursor
        self._cursor = offset
        if not keep_goal:
            self._goal_col = None
        new_selection = self.selection
        self._invalidate(old_cursor, old_cursor)
        self._invalidate(offset, offset)
        if new_selection != old_selection:
            edges = [*(old_selection or ()), *(new_selection or ())]
            self._invalidate(min(edges), max(edges))
        if self._layout is None or not self.is_mounted:
            return  # the first layout scrolls the cursor into view
        self.scroll_to_offset(offset, center=False)
        if offset != old_cursor:
            self.post_message(self.CursorMoved(self, offset))
        if new_selection != old_selection:
            self.post_message(self.SelectionChanged(self, new_selection))
        self._refresh_bindings_if_needed()

    def _refresh_bindings_if_needed(self) -> None:
        """The footer shows "Clear selection" only while there is something to clear. Asking
        it to redraw recomposes all its keys, so ask only when that changes, not per move."""
        selecting = self._selecting or self._anchor is not None
        if selecting != self._bindings_selecting and self.is_mounted:
            self._bindings_selecting = selecting
            self.refresh_bindings()

    def _move_rows(self, delta: int) -> None:
        layout = self._layout
        if layout is None:
            return
        row, col = layout.offset_to_cell(self._cursor)
        goal = col if self._goal_col is None else self._goal_col
        target = row + delta
        if target < 0:
            self._set_cursor(0)
            return
        if target >= layout.row_count:
            self._set_cursor(len(self._text))
            return
        self._set_cursor(layout.cell_to_offset(target, goal), keep_goal=True)
        self._goal_col = goal

    def _move_page(self, direction: int) -> None:
        layout = self._layout
        if layout is None:
            return
        page = max(1, self._view_height())
        row, col = layout.offset_to_cell(self._cursor)
        goal = col if self._goal_col is None else self._goal_col
        self.scroll_to(y=max(0, self.scroll_offset.y + direction * page), animate=False)
        target = min(max(row + direction * page, 0), layout.row_count - 1)
        self._set_cursor(layout.cell_to_offset(target, goal), keep_goal=True)
        self._goal_col = goal

    # -- layout and drawing ----------------------------------------------------------------

    def _view_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _relayout(self) -> None:
        if not self.is_mounted:
            return
        available = self.scrollable_content_region.width
        if available <= 0:
            return
        # One cell is kept free right of the text for the cursor at the end of a full row.
        width = max(1, min(self._max_line_length, available - 1))
        spare = max(0, available - width - 1)
        margin = spare // 2 if self._align == "center" else min(LEFT_MARGIN, spare)
        layout = self._layout
        top_offset = None
        if layout is not None:
            top_offset = layout.row_span(min(self.scroll_offset.y, layout.row_count - 1))[0]
        self._margin = margin
        self._content_width = available
        self._strips.clear()
        if layout is None or layout.width != width or layout.text is not self._display:
            layout = self._layout = Layout(self._display, width, self._tab_size)
            self._cursor = layout.snap(self._cursor)
        self.virtual_size = Size(available, layout.row_count)
        # As TextArea does: scrollbars (and so scrolling) follow the new virtual size now.
        self._refresh_scrollbars()
        if self._pending_scroll is not None:
            offset, center = self._pending_scroll
            self._pending_scroll = None
            self.scroll_to_offset(offset, center)
        elif top_offset is not None:
            self.scroll_to(y=layout.row_of(top_offset), animate=False)
        else:
            self.scroll_to_offset(self._cursor, center=False)
        self.refresh()

    def _redraw_all(self) -> None:
        self._strips.clear()
        self._styles.clear()
        self._kind_styles.clear()
        self.refresh()

    def _invalidate(self, start: int, end: int) -> None:
        """Forget and redraw the rows showing ``[start, end]``."""
        layout = self._layout
        if layout is None:
            return
        first = layout.row_of(start)
        last = layout.row_of(max(start, end))
        for row in [row for row in self._strips if first <= row <= last]:
            del self._strips[row]
        top = self.scroll_offset.y
        lo = max(first, top)
        hi = min(last, top + self._view_height() - 1)
        if lo <= hi:
            self.refresh_lines(lo, hi - lo + 1)

    def _invalidate_spans(self, spans: Sequence[tuple[int, int]]) -> None:
        """Forget and redraw the rows that any of ``spans`` touches.

        Checks the cached and visible rows against the spans rather than walking each span's
        rows, so replacing 10,000 annotations costs about as much as replacing one.
        """
        layout = self._layout
        if layout is None or not spans:
            return
        if len(spans) <= 8:
            for start, end in spans:
                self._invalidate(start, end)
            return
        index = _SpanIndex(spans)

        def touched(row: int) -> bool:
            start, end = layout.row_span(row)
            # A row's end offset is drawn too (the line-end cell), hence end + 1.
            return bool(index.overlapping(start, end + 1))

        for row in [row for row in self._strips if touched(row)]:
            del self._strips[row]
        top = self.scroll_offset.y
        for row in range(top, min(layout.row_count, top + self._view_height())):
            if touched(row):
                self.refresh_lines(row)

    def _palette(self) -> _Palette:
        if self._palette_cache is None:
            self._palette_cache = self._build_palette()
        return self._palette_cache

    def _build_palette(self) -> _Palette:
        base = self.rich_style
        variables = self.app.theme_variables or self.app.get_css_variables()
        background = (
            Color.from_rich_color(base.bgcolor)
            if base.bgcolor is not None
            else _theme_color(variables, "surface", Color(30, 30, 30))
        )
        foreground = (
            Color.from_rich_color(base.color)
            if base.color is not None
            else _theme_color(variables, "foreground", Color(224, 224, 224))
        )
        tokens: dict[str, Style] = {}
        for name, (variable, factor, extra) in _TOKEN_LOOKS.items():
            target = _theme_color(variables, variable, foreground)
            color = foreground.blend(target, factor) if factor else foreground
            tokens[name] = Style(color=color.rich_color) + extra
        kinds = {
            kind: _theme_color(variables, variable, foreground)
            for kind, variable in _KIND_VARIABLES.items()
        }
        accent = _theme_color(variables, "accent", foreground)
        primary = _theme_color(variables, "primary", foreground)
        return _Palette(
            base=base,
            background=background,
            tokens=tokens,
            kinds=kinds,
            match=Style(bgcolor=background.blend(accent, 0.45).rich_color),
            current_match=Style(
                bgcolor=accent.rich_color, color=accent.get_contrast_text(1.0).rich_color, bold=True
            ),
            selection=Style(bgcolor=background.blend(primary, 0.55).rich_color),
            cursor=Style(reverse=True),
        )

    def _annotation_style(self, palette: _Palette, kind: str, color: str | None) -> Style:
        style = self._kind_styles.get((kind, color))
        if style is not None:
            return style
        tint = palette.kinds.get(kind, palette.kinds["highlight"])
        if color is not None:
            with contextlib.suppress(ColorParseError):
                tint = Color.parse(color)
        style = Style(
            bgcolor=palette.background.blend(tint, _KIND_TINT).rich_color
        ) + _KIND_ATTRIBUTES.get(kind, Style())
        self._kind_styles[(kind, color)] = style
        return style

    def _style(
        self,
        token: str | None,
        annotations: tuple[tuple[str, str | None], ...],
        match: int,
        selected: bool,
        cursor: bool,
    ) -> Style:
        key = (token, annotations, match, selected, cursor)
        style = self._styles.get(key)
        if style is None:
            palette = self._palette()
            style = palette.base
            if token is not None:
                token_style = palette.tokens.get(token)
                if token_style is None and "." in token:
                    token_style = palette.tokens.get(token.split(".", 1)[0])
                if token_style is not None:
                    style += token_style
            for kind, color in annotations:
                style += self._annotation_style(palette, kind, color)
            if match:
                style += palette.current_match if match == 2 else palette.match
            if selected:
                style += palette.selection
            if cursor:
                style += palette.cursor
            self._styles[key] = style
        return style

    def _tokens_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        if self._token_source is None or self._layout is None or start >= end:
            return []
        line_start, line_end = self._layout.line_span(start)
        tokens: list[tuple[int, int, str]] = []
        for chunk in self._chunks(line_start, line_end, start, end):
            cached = self._tokens.get(chunk)
            if cached is None:
                if len(self._tokens) > _TOKEN_CACHE_LIMIT:
                    self._tokens.clear()
                cached = sorted(self._token_source(self._text, *chunk))
                self._tokens[chunk] = cached
            tokens.extend(token for token in cached if token[0] < end and token[1] > start)
        return tokens

    def _chunks(
        self, line_start: int, line_end: int, start: int, end: int
    ) -> list[tuple[int, int]]:
        """The lexing pieces of the line ``[line_start, line_end)`` that ``[start, end)`` touches.

        Piece edges depend only on the text, never on the scroll position, so each piece is
        lexed once and cached.
        """
        if line_end - line_start <= TOKEN_CHUNK:
            return [(line_start, line_end)]
        text = self._text

        def edge(index: int) -> int:
            if index <= 0:
                return line_start
            nominal = line_start + index * TOKEN_CHUNK
            if nominal >= line_end:
                return line_end
            space = text.find(" ", nominal, min(line_end, nominal + 256))
            return nominal if space < 0 else space + 1

        index = (start - line_start) // TOKEN_CHUNK
        if start < edge(index):
            index -= 1
        pieces: list[tuple[int, int]] = []
        while True:
            piece = (edge(index), edge(index + 1))
            pieces.append(piece)
            if piece[1] >= end or piece[1] >= line_end:
                return pieces
            index += 1

    def _render_row(self, row: int) -> Strip:
        layout = self._layout
        assert layout is not None
        palette = self._palette()
        geometry = layout.row_geometry(row)
        start, end = geometry.start, geometry.end
        cursor = self._cursor
        selection = self.selection
        segments: list[Segment] = []
        cells = 0
        if self._margin:
            segments.append(Segment(" " * self._margin, palette.base))
            cells = self._margin
        if start < end:
            cuts = {start, end}
            tokens = self._tokens_in(start, end)
            annotations = self._annotation_index.overlapping(start, end)
            match_indices = self._match_index.overlapping(start, end)
            matches = [(self._matches[i], i) for i in match_indices]
            for span_start, span_end, _name in tokens:
                cuts.update((span_start, span_end))
            for annotation in annotations:
                cuts.update((annotation.start, annotation.end))
            for (match_start, match_end), _index in matches:
                cuts.update((match_start, match_end))
            if selection is not None:
                cuts.update(selection)
            if start <= cursor < end:
                cuts.update((cursor, layout.next_position(cursor)))
            inside = sorted(cut for cut in cuts if start <= cut <= end)
            if not geometry.simple:
                # Never split a cluster between segments: rich would measure the pieces apart.
                offsets = geometry.offsets
                inside = sorted(
                    {cut if cut >= end else offsets[geometry.cluster_index(cut)] for cut in inside}
                )
            text = self._display
            token_index = 0
            for run_start, run_end in pairwise(inside):
                while token_index < len(tokens) and tokens[token_index][1] <= run_start:
                    token_index += 1
                token = (
                    tokens[token_index][2]
                    if token_index < len(tokens) and tokens[token_index][0] <= run_start
                    else None
                )
                layers = [
                    (annotation.kind, annotation.color)
                    for annotation in annotations
                    if annotation.start <= run_start < annotation.end
                ]
                # Painting a (kind, colour) again changes nothing but its place on top: each
                # kept once, at its last place (far fewer styles to build and cache).
                active = (
                    tuple(reversed(dict.fromkeys(reversed(layers))))
                    if len(layers) > 1
                    else tuple(layers)
                )
                match = 0
                for (match_start, match_end), index in matches:
                    if match_start <= run_start < match_end:
                        match = max(match, 2 if index == self._current_match else 1)
                style = self._style(
                    token,
                    active,
                    match,
                    selection is not None and selection[0] <= run_start < selection[1],
                    run_start == cursor,
                )
                if geometry.simple:
                    piece, width = text[run_start:run_end], run_end - run_start
                else:
                    piece, width = geometry.display(run_start, run_end)
                segments.append(Segment(piece, style))
                cells += width
        if layout.is_line_end_row(row):
            # The line end is a position of its own: show the cursor there, and show a
            # selection running on to the next line.
            newline_selected = selection is not None and selection[0] <= end < selection[1]
            if cursor == end or newline_selected:
                style = self._style(None, (), 0, newline_selected, cursor == end)
                segments.append(Segment(" ", style))
                cells += 1
        width = self._content_width
        if cells < width:
            segments.append(Segment(" " * (width - cells), palette.base))
            cells = width
        strip = Strip(segments, cells)
        return strip.crop(0, width) if cells > width else strip
