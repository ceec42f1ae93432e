"""Drawing one row of the article: cut the row where any token, annotation, search match, the
selection or the cursor begins or ends, compose each run's style from its layers, and make
Segments of plain text (the brief is never markup).

:class:`RowPainter` holds the palette and caches every composed style, so a screen of runs costs
a dictionary lookup each; the view owns what is painted (text, cursor, marks, tokens) and asks
the painter for a row's :class:`~textual.strip.Strip`.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from briefreader.text.layout import Layout
from briefreader.tui.widgets.article.column import TextColumn
from briefreader.tui.widgets.article.marks import Marks
from briefreader.tui.widgets.article.palette import _Palette, kind_style
from briefreader.tui.widgets.article.rendering import Rendering
from briefreader.tui.widgets.article.tokens import TokenCache


class RowPainter:
    """Draws rows of ``column`` into Strips, with what ``marks`` and ``tokens`` hold painted
    over the text, in a palette built on demand by ``build_palette``."""

    def __init__(
        self,
        build_palette: Callable[[], _Palette],
        column: TextColumn,
        marks: Marks,
        tokens: TokenCache,
    ) -> None:
        self._build_palette = build_palette
        self._column = column
        self._marks = marks
        self._tokens = tokens
        self._palette_cache: _Palette | None = None
        self._kind_styles: dict[tuple[str, str | None], Style] = {}
        self._styles: dict[tuple[object, ...], Style] = {}

    @property
    def palette(self) -> _Palette:
        """The palette, built the first time it is needed after a change."""
        if self._palette_cache is None:
            self._palette_cache = self._build_palette()
        return self._palette_cache

    def forget_palette(self) -> None:
        """The theme changed: build the palette again when next needed."""
        self._palette_cache = None

    def forget_styles(self) -> None:
        """Forget every composed style (they are composed again from the palette)."""
        self._styles.clear()
        self._kind_styles.clear()

    def restyle(self, compare: bool) -> bool:
        """The view's CSS style changed: True if the rows drawn must be drawn again.

        With ``compare``, a palette built before is built again and, when it is the same (focus
        coming or going restyles the view but paints nothing differently), kept with every
        style composed from it. Otherwise the palette and the styles are forgotten.
        """
        old = self._palette_cache
        self._palette_cache = None
        if old is not None and compare and self._build_palette() == old:
            self._palette_cache = old
            return False
        self.forget_styles()
        return True

    def _annotation_style(self, palette: _Palette, kind: str, color: str | None) -> Style:
        style = self._kind_styles.get((kind, color))
        if style is None:
            style = self._kind_styles[(kind, color)] = kind_style(palette, kind, color)
        return style

    def _style(
        self,
        token: str | None,
        annotations: tuple[tuple[str, str | None], ...],
        match: int,
        selected: bool,
        cursor: bool,
        suggested: bool = False,
        markdown: tuple[str, ...] = (),
    ) -> Style:
        key = (token, annotations, match, selected, cursor, suggested, markdown)
        style = self._styles.get(key)
        if style is None:
            palette = self.palette
            style = palette.base
            for name in markdown:
                style += palette.markdown.get(name, palette.base)
            if token is not None:
                token_style = palette.tokens.get(token)
                if token_style is None and "." in token:
                    token_style = palette.tokens.get(token.split(".", 1)[0])
                if token_style is not None:
                    style += token_style
            for kind, color in annotations:
                style += self._annotation_style(palette, kind, color)
            if suggested:
                style += palette.suggested
            if match:
                style += palette.current_match if match == 2 else palette.match
            if selected:
                style += palette.selection
            if cursor:
                style += palette.cursor
            self._styles[key] = style
        return style

    def draw(
        self,
        layout: Layout,
        row: int,
        text: str,
        cursor: int,
        selection: tuple[int, int] | None,
        rendering: Rendering,
    ) -> Strip:
        """Row ``row`` of ``layout`` (the column's wrapping of the display-safe copy of the
        shown ``text``), as wide as the view, with the cursor at ``cursor`` and ``selection``
        (shown offsets); marks, kept in source offsets, are placed by ``rendering``."""
        margin = self._column.margin
        marks = self._marks
        palette = self.palette
        geometry = layout.row_geometry(row)
        start, end = geometry.start, geometry.end
        segments: list[Segment] = []
        cells = 0
        if margin:
            segments.append(Segment(" " * margin, palette.base))
            cells = margin
        indent = layout.row_indent(row)
        if indent:
            segments.append(self._indent(layout, row, text, indent))
            cells += indent
        if start < end:
            cuts = {start, end}
            tokens = self._tokens.tokens_in(text, layout, start, end)
            styled = rendering.styles_between(start, end)
            low, high = rendering.source_range(start, end)
            annotations = [
                (a_start, a_end, annotation)
                for a_start, a_end, annotation in rendering.painted(
                    marks.annotation_index.overlapping(low, high)
                )
                if a_start < end and a_end > start
            ]
            match_indices = marks.match_index.overlapping(low, high)
            matches = list(
                zip(
                    rendering.spans_to_shown([marks.matches[i] for i in match_indices]),
                    match_indices,
                    strict=True,
                )
            )
            current_match = marks.current_match
            suggested_spans = rendering.spans_to_shown(
                [marks.suggestions[i] for i in marks.suggestion_index.overlapping(low, high)]
            )
            for span in suggested_spans:
                cuts.update(span)
            for span_start, span_end, _name in tokens:
                cuts.update((span_start, span_end))
            for span_start, span_end, _name in styled:
                cuts.update((span_start, span_end))
            for a_start, a_end, _annotation in annotations:
                cuts.update((a_start, a_end))
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
            display = layout.text
            token_index = 0
            for run_start, run_end in pairwise(inside):
                while token_index < len(tokens) and tokens[token_index][1] <= run_start:
                    token_index += 1
                token = (
                    tokens[token_index][2]
                    if token_index < len(tokens) and tokens[token_index][0] <= run_start
                    else None
                )
                color_of = marks.color_of
                layers = [
                    (annotation.kind, color_of(annotation))
                    for a_start, a_end, annotation in annotations
                    if a_start <= run_start < a_end
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
                        match = max(match, 2 if index == current_match else 1)
                style = self._style(
                    token,
                    active,
                    match,
                    selection is not None and selection[0] <= run_start < selection[1],
                    run_start == cursor,
                    any(a <= run_start < b for a, b in suggested_spans),
                    tuple(name for a, b, name in styled if a <= run_start < b),
                )
                if geometry.simple:
                    piece, width = display[run_start:run_end], run_end - run_start
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
        width = self._column.view_width
        if cells < width:
            segments.append(Segment(" " * (width - cells), palette.base))
            cells = width
        strip = Strip(segments, cells)
        return strip.crop(0, width) if cells > width else strip

    def _indent(self, layout: Layout, row: int, text: str, indent: int) -> Segment:
        """The hanging indent of a continuation row: the quote bars of its line again when
        the line starts with them (a block quote), else blanks."""
        line_start = layout.line_span(layout.row_span(row)[0])[0]
        prefix = text[line_start : line_start + indent]
        if prefix.strip() and set(prefix) <= {"▌", " "}:
            return Segment(prefix, self._style(None, (), 0, False, False, markdown=("quote-bar",)))
        return Segment(" " * indent, self.palette.base)
