"""Wrapping display-safe text to a width in terminal cells, with an exact offset <-> cell mapping.

The article view draws the brief row by row; this module decides which characters go on which
row and in which column, and maps back from a cell to a character.

* Every newline-separated line is a block. A blank line is one empty row, so paragraphs stay
  visibly apart. Newlines belong to no row; rows concatenated give back the text minus newlines.
* Words wrap after spaces; a word longer than the width is broken hard. Trailing spaces stay on
  the row they end, so every character belongs to exactly one row. No row is wider than the
  width, except a row holding one cluster that is itself wider (a wide character at width 1).
* A line holding Chinese or Japanese also wraps between ideographs and kana, and follows the
  CJK line-breaking rules (no "。" at a row start, no "「" at a row end): see
  :mod:`briefreader.text.kinsoku`. Lines without CJK characters wrap as above.
* A line may have a *hanging indent* (a rendered Markdown list item or block quote): its rows
  after the first are that many cells narrower and start that many cells in; columns given and
  taken count the indent (``Layout(..., hanging={line start: cells})``, :meth:`Layout.indent`).
* A *cluster* is what the cursor stops on: a base character plus any zero-width characters
  after it (combining marks, variation selectors, a zero-width joiner and the character it
  joins). Cluster widths mirror :func:`rich.cells.cell_len`, which Textual uses to place the
  segments we hand it, so what we compute is what the compositor draws. A zero-width character
  with nothing to attach to (at the start of a line) is drawn on a dotted circle, one cell. A
  tab advances to the next multiple of ``tab_size``, clipped to the row.

Speed: a 5 MB brief must lay out in well under the first-paint budget, so rows are found with
``str.rfind`` over the width window for lines of single-cell characters (plain English prose,
curly quotes and dashes included), with ``str.count`` over a width-code string for wide
characters, and a per-character loop only for lines holding tabs. Per-row cluster geometry is
computed on demand for the rows that are drawn or queried, and cached.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

from rich.cells import get_character_cell_size

from briefreader.text.cells import (
    NOT_SIMPLE,
    ORPHAN_BASE,
    SIMPLE_CHARS,
    WIDE_CHARS,
    ZWJ,
    cluster_codes,
    is_simple,
    whole_text_is_simple,
)
from briefreader.text.kinsoku import CjkLine

__all__ = ["SIMPLE_CHARS", "WIDE_CHARS", "Layout", "RowGeometry", "cluster_codes", "is_simple"]


def _tab_width(col: int, tab_size: int, width: int) -> int:
    return max(1, min(tab_size - col % tab_size, width - col))


def _fit(codes: str, start: int, limit: int, budget: int) -> tuple[int, int]:
    """Largest ``end <= limit`` whose clusters from ``start`` fit in ``budget`` cells, and
    their cells. ``codes[start:limit]`` holds no tab. Trailing zero-width codes are included.
    """
    count = codes.count
    end = min(limit, start + max(budget, 0))
    cells = end - start - count("0", start, end) + count("2", start, end)
    if cells > budget:
        # Scale down by the cells-per-character seen so far: exact for a run of CJK.
        end = start + (end - start) * budget // cells
        cells = end - start - count("0", start, end) + count("2", start, end)
    while cells > budget:
        # Dropping k characters frees between k and 2k cells: never more than one too many.
        step = (cells - budget + 1) // 2
        cells -= step - count("0", end - step, end) + count("2", end - step, end)
        end -= step
    while end < limit:
        code = codes[end]
        grow = 0 if code == "0" else 2 if code == "2" else 1
        if cells + grow > budget:
            break
        cells += grow
        end += 1
    return end, cells


@dataclass(frozen=True, slots=True)
class RowGeometry:
    """Where each cluster of one row is: offsets are absolute, columns start at 0."""

    start: int
    end: int
    cells: int
    #: Start offset of each cluster, ascending.
    offsets: tuple[int, ...]
    #: Starting column of each cluster.
    cols: tuple[int, ...]
    #: What to draw for each cluster (tabs expanded, orphans on a dotted circle).
    texts: tuple[str, ...]
    #: True when every cluster is one character of one cell drawn as itself.
    simple: bool

    def cluster_index(self, offset: int) -> int:
        """Index of the cluster holding ``offset`` (``len(offsets)`` at or past the end)."""
        if offset >= self.end:
            return len(self.offsets)
        return max(0, bisect_right(self.offsets, offset) - 1)

    def display(self, start: int, end: int) -> tuple[str, int]:
        """Text to draw and its cell count for the clusters starting in ``[start, end)``."""
        first = self.cluster_index(start)
        last = self.cluster_index(end)
        text = "".join(self.texts[first:last])
        if last >= len(self.offsets):
            cells = self.cells - (self.cols[first] if first < len(self.cols) else self.cells)
        else:
            cells = self.cols[last] - self.cols[first]
        return text, cells


class Layout:
    """``text`` wrapped to ``width`` cells, with offset <-> (row, column) mapping.

    Offsets run from 0 to ``len(text)`` inclusive; the end of each line (the newline, or the
    end of the text) is a valid position just after the last character of its last row.
    """

    def __init__(
        self,
        text: str,
        width: int,
        tab_size: int = 4,
        hanging: Mapping[int, int] | None = None,
    ) -> None:
        if width < 1:
            raise ValueError(f"width must be at least 1, not {width}")
        if tab_size < 1:
            raise ValueError(f"tab_size must be at least 1, not {tab_size}")
        self.text = text
        self.width = width
        self.tab_size = tab_size
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._line_starts: list[int] = []
        self._geometry: dict[int, RowGeometry] = {}
        #: Line start -> indent (cells) of that line's continuation rows (see :meth:`indent`).
        self.hanging: Mapping[int, int] = hanging or {}
        #: Row -> cells before its first character (continuation rows of hanging lines only).
        self._indents: dict[int, int] = {}
        self._wrap()

    # -- wrapping ---------------------------------------------------------------------------

    def _wrap(self) -> None:
        text = self.text
        width = self.width
        starts = self._starts
        ends = self._ends
        add_start = starts.append
        add_end = ends.append
        rfind = text.rfind
        all_simple = whole_text_is_simple(text)
        add_line = self._line_starts.append
        hanging = self.hanging
        pos = 0
        for line in text.split("\n"):
            add_line(pos)
            line_end = pos + len(line)
            indent = self.indent(hanging.get(pos, 0)) if hanging else 0
            first_row = len(starts)
            if all_simple or is_simple(line):
                row = pos
                budget = width
                while line_end - row > budget:
                    space = rfind(" ", row, row + budget)
                    cut = space + 1 if space >= row else row + budget
                    add_start(row)
                    add_end(cut)
                    row = cut
                    budget = width - indent
                add_start(row)
                add_end(line_end)
            else:
                for row_start, row_end in self._wrap_clusters(line, indent):
                    add_start(pos + row_start)
                    add_end(pos + row_end)
            if indent:
                for row in range(first_row + 1, len(starts)):
                    self._indents[row] = indent
            pos = line_end + 1

    def indent(self, cells: int) -> int:
        """The hanging indent used for ``cells`` asked: none when the rows left would be too
        narrow to read (under 12 cells, or under half the width)."""
        rest = self.width - cells
        return cells if cells > 0 and rest >= 12 and rest * 2 >= self.width else 0

    def row_indent(self, row: int) -> int:
        """Blank cells before ``row``'s first character (a hanging line's continuation)."""
        return self._indents.get(row, 0) if self._indents else 0

    def _wrap_clusters(self, line: str, indent: int = 0) -> list[tuple[int, int]]:
        """Rows of a line holding wide, zero-width or tab characters (offsets within line);
        rows after the first are ``indent`` cells narrower."""
        codes = cluster_codes(line)
        full_width = width = self.width
        tab_size = self.tab_size
        n = len(line)
        tabs = [match.start() for match in re.finditer("T", codes)]
        cjk = CjkLine.of(line, codes)
        rows: list[tuple[int, int]] = []
        pos = 0
        while True:
            col = 0
            i = pos
            while True:
                next_tab = bisect_left(tabs, i)
                piece_end = tabs[next_tab] if next_tab < len(tabs) else n
                end, used = _fit(codes, i, piece_end, width - col)
                col += used
                if end < piece_end or piece_end == n:
                    break
                advance = _tab_width(col, tab_size, width)
                if col + advance > width:
                    break
                col += advance
                i = end = piece_end + 1
            if end >= n:
                rows.append((pos, n))
                return rows
            if end == pos:
                # One cluster wider than the whole row: it gets a row of its own.
                end = pos + 1
            elif cjk is not None:
                end = cjk.row_end(pos, end)
            else:
                space = line.rfind(" ", pos, end)
                if space >= pos:
                    end = space + 1
            while end < n and codes[end] == "0":
                end += 1
            rows.append((pos, end))
            if end >= n:
                return rows
            pos = end
            width = full_width - indent

    # -- queries ----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Number of rows (at least 1: empty text is one empty row)."""
        return len(self._starts)

    def row_span(self, row: int) -> tuple[int, int]:
        """Offsets ``(start, end)`` of the characters on ``row`` (the newline excluded)."""
        return self._starts[row], self._ends[row]

    def row_of(self, offset: int) -> int:
        """The row showing ``offset`` (clamped to the text)."""
        offset = min(max(offset, 0), len(self.text))
        return bisect_right(self._starts, offset) - 1

    def is_line_end_row(self, row: int) -> bool:
        """True if ``row`` is the last row of its line, so its end offset is a cursor position."""
        end = self._ends[row]
        return end >= len(self.text) or self.text[end] == "\n"

    def rows_overlapping(self, start: int, end: int) -> range:
        """Rows holding any offset in ``[start, end]`` (a caret-sized span gives one row)."""
        return range(self.row_of(start), self.row_of(max(start, end)) + 1)

    def line_span(self, offset: int) -> tuple[int, int]:
        """Offsets ``(start, end)`` of the newline-separated line holding ``offset``."""
        starts = self._line_starts
        index = bisect_right(starts, min(max(offset, 0), len(self.text))) - 1
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(self.text)
        return starts[index], end

    def row_geometry(self, row: int) -> RowGeometry:
        """Cluster offsets, columns and display texts of ``row`` (cached)."""
        geometry = self._geometry.get(row)
        if geometry is None:
            if len(self._geometry) > 4096:
                self._geometry.clear()
            geometry = self._geometry[row] = self._measure_row(row)
        return geometry

    def _measure_row(self, row: int) -> RowGeometry:
        start, end = self._starts[row], self._ends[row]
        chunk = self.text[start:end]
        if NOT_SIMPLE.search(chunk) is None:
            return RowGeometry(
                start,
                end,
                end - start,
                tuple(range(start, end)),
                tuple(range(end - start)),
                tuple(chunk),
                True,
            )
        codes = cluster_codes(chunk)
        n = len(chunk)
        offsets: list[int] = []
        cols: list[int] = []
        texts: list[str] = []
        col = 0
        i = 0
        while i < n:
            j = i + 1
            while j < n and codes[j] == "0":
                j += 1
            piece = chunk[i:j]
            if codes[i] == "T":
                advance = _tab_width(col, self.tab_size, self.width - self.row_indent(row))
                drawn = " " * advance + piece[1:]
            else:
                advance = int(codes[i])
                drawn = piece
                if i == 0 and get_character_cell_size(piece[0]) == 0:
                    drawn = ORPHAN_BASE + piece
            if drawn.endswith(ZWJ) and j < n and codes[j] == "T":
                # A joiner would swallow the first space of the expanded tab (every joiner:
                # "\u200d\u200d" before a tab kept one, and the tab drew a cell short).
                drawn = drawn.rstrip(ZWJ) or ORPHAN_BASE
            offsets.append(start + i)
            cols.append(col)
            texts.append(drawn)
            col += advance
            i = j
        return RowGeometry(start, end, col, tuple(offsets), tuple(cols), tuple(texts), False)

    def row_cells(self, row: int) -> int:
        """Width of ``row`` in cells, its hanging indent included."""
        start, end = self._starts[row], self._ends[row]
        if NOT_SIMPLE.search(self.text, start, end) is None:
            return end - start + self.row_indent(row)
        return self.row_geometry(row).cells + self.row_indent(row)

    def offset_to_cell(self, offset: int) -> tuple[int, int]:
        """``(row, column)`` of the cluster holding ``offset`` (clamped to the text); columns
        count the row's hanging indent."""
        offset = min(max(offset, 0), len(self.text))
        row = self.row_of(offset)
        start, end = self._starts[row], self._ends[row]
        indent = self.row_indent(row)
        if NOT_SIMPLE.search(self.text, start, end) is None:
            return row, offset - start + indent
        geometry = self.row_geometry(row)
        if offset >= end:
            return row, geometry.cells + indent
        return row, geometry.cols[geometry.cluster_index(offset)] + indent

    def cell_to_offset(self, row: int, col: int) -> int:
        """Offset of the cluster at or before cell ``col`` of ``row`` (both clamped; a cell of
        the hanging indent gives the row's first cluster).

        Past the end of a line's last row this is the line end; past the end of a wrapped row
        it is the row's last cluster, so the position stays on that row.
        """
        row = min(max(row, 0), len(self._starts) - 1)
        col -= self.row_indent(row)
        start, end = self._starts[row], self._ends[row]
        if start == end:
            return start
        if NOT_SIMPLE.search(self.text, start, end) is None:
            if col < end - start:
                return start + max(col, 0)
            return end if self.is_line_end_row(row) else end - 1
        geometry = self.row_geometry(row)
        if col >= geometry.cells:
            return end if self.is_line_end_row(row) else geometry.offsets[-1]
        return geometry.offsets[max(0, bisect_right(geometry.cols, col) - 1)]

    def snap(self, offset: int) -> int:
        """The start of the cluster holding ``offset``: the cursor never sits inside one."""
        row, col = self.offset_to_cell(offset)
        return self.cell_to_offset(row, col)

    def next_position(self, offset: int) -> int:
        """The cursor position one cluster after ``offset``."""
        length = len(self.text)
        offset = self.snap(offset)
        if offset >= length:
            return length
        row = self.row_of(offset)
        start, end = self._starts[row], self._ends[row]
        if offset >= end:
            return offset + 1  # over the newline to the start of the next line
        if NOT_SIMPLE.search(self.text, start, end) is None:
            return offset + 1
        geometry = self.row_geometry(row)
        index = geometry.cluster_index(offset) + 1
        return geometry.offsets[index] if index < len(geometry.offsets) else end

    def prev_position(self, offset: int) -> int:
        """The cursor position one cluster before ``offset``."""
        offset = self.snap(offset)
        if offset <= 0:
            return 0
        if self.text[offset - 1] == "\n":
            return offset - 1
        return self.snap(offset - 1)
