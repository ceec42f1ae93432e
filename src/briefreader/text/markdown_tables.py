"""GitHub-style pipe tables for the rendered Markdown view: aligned columns, offsets untouched.

A table is a header row, a delimiter row (``|---|:--:|``) with as many cells, and the rows
after it that hold a ``|``. In the view every cell's text stays real; the pipes and the spaces
around cells are concealed and replaced by virtual padding (to the column's width in terminal
cells, as :func:`rich.cells.cell_len` measures, so CJK cells line up) and a virtual `` │ ``
between columns; the delimiter row becomes a virtual rule (``───┼───``). Cell text is read as
inline Markdown, and a cell's width is that of its *shown* text. ``\\|`` in a cell is a pipe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from rich.cells import cell_len

from briefreader.text.display import display_safe
from briefreader.text.markdown_inline import parse_inline
from briefreader.text.markdown_lines import QUOTE_BAR, Line, measure, rstrip_end
from briefreader.text.markdown_map import Edits, Op

#: Shown between two columns.
COLUMN_SEPARATOR = " │ "
#: Shown in the delimiter row where a separator is.
RULE_CROSSING = "─┼─"
RULE_CHAR = "─"

_DELIMITER_ROW = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_PIPE_OR_ESCAPE = re.compile(r"\\.|\|")


@dataclass(slots=True)
class Row:
    """One table row: where its text is and where each cell's text is (source offsets).

    ``prefix`` is what the block parser shows before the row (quote bars, list indentation)
    for the concealed source ``[line_start, start)``.
    """

    line_start: int
    start: int
    end: int
    prefix: str
    cells: list[tuple[int, int]]


def cells_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of a row ``[start, end)`` (leading and trailing whitespace excluded), each
    trimmed: split at pipes that are not escaped, an outer pipe on either side dropped."""
    row = text[start:end]
    if "\\" in row:
        pipes = [m.start() for m in _PIPE_OR_ESCAPE.finditer(row) if m.end() - m.start() == 1]
        bounds = [-1, *pipes, len(row)]
        parts = [row[left + 1 : right] for left, right in pairwise(bounds)]
    else:
        parts = row.split("|")
    if len(parts) > 1 and not parts[0]:
        start += 1  # a leading pipe: no empty cell before it
        del parts[0]
    if len(parts) > 1 and not parts[-1]:
        del parts[-1]  # a trailing pipe
    cells: list[tuple[int, int]] = []
    pos = start
    for part in parts:
        lead = len(part) - len(part.lstrip(" \t"))
        cells.append((pos + lead, pos + max(lead, len(part.rstrip(" \t")))))
        pos += len(part) + 1
    return cells


def alignments(text: str, start: int, end: int) -> list[str] | None:
    """The alignment ("left", "right", "center") of each column of a delimiter row, or None
    if ``[start, end)`` is not one (it must hold a pipe)."""
    if _DELIMITER_ROW.match(text, start, end) is None or "|" not in text[start:end]:
        return None
    found = []
    for cell_start, cell_end in cells_of(text, start, end):
        cell = text[cell_start:cell_end]
        if cell.startswith(":") and cell.endswith(":") and len(cell) > 1:
            found.append("center")
        elif cell.endswith(":"):
            found.append("right")
        else:
            found.append("left")
    return found


def find_table(text: str, line: Line, indent: int) -> tuple[list[Row], Row, list[str], int] | None:
    """The table whose header row is ``line``, if the next line is a delimiter row with as
    many cells: its rows (the header first), its delimiter row, its alignments and where the
    line after it starts. Rows are shown after quote bars and ``indent`` spaces (in a list)."""
    n = len(text)
    if line.end >= n:
        return None
    next_end = text.find("\n", line.end + 1)
    next_end = n if next_end < 0 else next_end
    delimiter = measure(text, line.end + 1, next_end)
    aligns = alignments(text, delimiter.first, rstrip_end(text, delimiter.first, next_end))
    header = cells_of(text, line.first, rstrip_end(text, line.first, line.end))
    if aligns is None or delimiter.quote != line.quote or len(aligns) != len(header):
        return None
    rows = [_row_of(text, line, indent, header)]
    delimiter_row = _row_of(text, delimiter, indent, [])
    pos = next_end + 1
    while next_end < n:
        end = text.find("\n", pos)
        end = n if end < 0 else end
        body = measure(text, pos, end)
        if body.first == end or body.quote != line.quote or "|" not in text[body.first : end]:
            break
        rows.append(_row_of(text, body, indent, None))
        next_end = end
        pos = end + 1
    return rows, delimiter_row, aligns, pos


def _row_of(text: str, line: Line, indent: int, cells: list[tuple[int, int]] | None) -> Row:
    end = rstrip_end(text, line.first, line.end)
    if cells is None:
        cells = cells_of(text, line.first, end)
    return Row(line.start, line.first, end, QUOTE_BAR * line.quote + " " * indent, cells)


def _shown(text: str, start: int, end: int, ops: list[Op]) -> str:
    """What source ``[start, end)`` shows as, given the operations inside it."""
    if not ops:
        return text[start:end]
    pieces: list[str] = []
    pos = start
    for op_start, op_end, virtual, _style in sorted(ops, key=lambda op: (op[0], op[1])):
        if op_start < pos:
            continue
        pieces.append(text[pos:op_start])
        pieces.append(virtual)
        pos = op_end
    pieces.append(text[pos:end])
    return "".join(pieces)


def _pads(width: int, column: int, align: str) -> tuple[int, int]:
    spare = column - width
    if align == "right":
        return spare, 0
    if align == "center":
        return spare // 2, spare - spare // 2
    return 0, spare


def render_table(
    text: str,
    rows: list[Row],
    delimiter: Row,
    aligns: list[str],
    edits: Edits,
    refs: dict[str, str] | None,
) -> None:
    """Record a table: ``rows`` (the header first), its ``delimiter`` row and the alignments
    the delimiter row gives. Every row's ``[line_start, end)`` is handled here."""
    widths: list[list[int]] = []
    ops = edits.ops
    for row in rows:
        row_widths = []
        for cell_start, cell_end in row.cells:
            mark = len(ops)
            parse_inline(text, cell_start, cell_end, edits, refs)
            edits.blocks.append((cell_start, cell_end))
            if len(ops) == mark:
                shown = text[cell_start:cell_end]
            else:
                shown = _shown(text, cell_start, cell_end, ops[mark:])
            if shown.isascii() and shown.isprintable():
                row_widths.append(len(shown))
            else:
                row_widths.append(cell_len(display_safe(shown)))
        widths.append(row_widths)
    columns = max(len(row.cells) for row in rows)
    aligns = aligns + ["left"] * (columns - len(aligns))
    column_widths = [
        max([1] + [row_widths[c] for row_widths in widths if c < len(row_widths)])
        for c in range(columns)
    ]
    for index, row in enumerate(rows):
        _row(text, row, widths[index], column_widths, aligns, edits)
        if index == 0:
            for cell_start, cell_end in row.cells:
                edits.style(cell_start, cell_end, "table-header")
            rule = RULE_CROSSING.join(RULE_CHAR * width for width in column_widths)
            edits.hide(delimiter.line_start, delimiter.start, delimiter.prefix)
            edits.hide(delimiter.start, delimiter.end, rule, "rule")


def _row(
    text: str,
    row: Row,
    widths: list[int],
    column_widths: list[int],
    aligns: list[str],
    edits: Edits,
) -> None:
    add = edits.ops.append
    add((row.line_start, row.start, row.prefix, ""))
    pos = row.start
    cells = row.cells
    last = len(column_widths) - 1
    for column, (cell_start, cell_end) in enumerate(cells):
        left, right = _pads(widths[column], column_widths[column], aligns[column])
        add((pos, cell_start, " " * left, ""))
        pos = cell_end
        if column < len(cells) - 1:
            if right:
                add((pos, pos, " " * right, ""))
            add((pos, cells[column + 1][0], COLUMN_SEPARATOR, "rule"))
            pos = cells[column + 1][0]
            continue
        if column < last and right:
            add((pos, pos, " " * right, ""))
        for missing in range(column + 1, last + 1):
            separator = COLUMN_SEPARATOR if missing < last else COLUMN_SEPARATOR.rstrip()
            add((pos, pos, separator, "rule"))
            if missing < last:
                add((pos, pos, " " * column_widths[missing], ""))
        add((pos, row.end, "", ""))
