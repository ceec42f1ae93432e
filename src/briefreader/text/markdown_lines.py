"""Lines of a Markdown source as the rendered view's block parser sees them.

The patterns that recognise a block from the start of its line (headings, fences, list
markers, rules, underlines, link definitions), :class:`Line` (a line's quote depth, its text's
start and indentation, measured by :func:`measure`), the open list :class:`Item` and
:class:`Fence`, and small offset helpers. What the view shows in place of markup is set here
too (:data:`BULLET`, :data:`QUOTE_BAR`, :data:`RULE_WIDTH`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The bullet of a list item at any depth (nesting shows as indentation). It must be one the
#: sentence rules take for a line marker (briefreader.text.boundaries), so that a sentence
#: found in the shown text starts at an item's text, not in the previous item.
BULLET = "•"
#: Shown for each level of block quote.
QUOTE_BAR = "▌ "
#: A thematic break is shown as this many "─".
RULE_WIDTH = 24
#: Tab stops for indentation, as in CommonMark.
TAB_SIZE = 4

#: Lines of paragraph text that nothing else could be read into (outside lists and quotes): a
#: letter first, no pipe (a table row), up to the end of the line.
PLAIN_LINES = re.compile(r"(?:[^\W\d_][^\n|]*(?:\n|\Z))+")
CLOSING_FENCE = re.compile(r"\n[ ]{0,3}(`{3,}|~{3,})[ \t]*(?=\n|\Z)")
QUOTE = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
NOT_SPACE = re.compile(r"[^ \t]")
MARKER = re.compile(r"(?:[-+*]|(\d{1,9})([.)]))(?=[ \t]|$)")
ATX = re.compile(r"(#{1,6})(?:[ \t]+|$)")
SETEXT = re.compile(r"(=+|-+)[ \t]*$")
THEMATIC = re.compile(r"([-*_])[ \t]*(?:\1[ \t]*){2,}$")
FENCE = re.compile(r"(`{3,}|~{3,})(.*)$")
DEFINITION = re.compile(
    r"\[(?!\^)(?:[^\[\]\\\n]|\\.){1,999}\]:[ \t]*(?:<[^<>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$"
)


def columns(text: str, start: int, end: int, at: int = 0) -> int:
    """Width in columns of the spaces and tabs of ``[start, end)`` starting at column ``at``
    (tabs to multiples of 4)."""
    col = at
    for char in text[start:end]:
        col = col + TAB_SIZE - col % TAB_SIZE if char == "\t" else col + 1
    return col - at


@dataclass(slots=True)
class Item:
    """An open list item: where its text starts in the source (columns after the quote
    prefix) and on screen (cells after the quote bars), and its number if ordered."""

    content_col: int
    shown_col: int
    number: int
    delimiter: str


@dataclass(slots=True)
class Fence:
    """An open fenced code block inside a quote or a list item: its fence and container."""

    char: str
    length: int
    quote: int
    item: Item | None


@dataclass(slots=True)
class Line:
    """One source line: its bounds, quote depth, where the text after the quote prefix and
    after the leading whitespace start, and that whitespace's width in columns."""

    start: int
    end: int
    quote: int
    after_quote: int
    first: int
    indent: int


def measure(text: str, start: int, end: int) -> Line:
    """The :class:`Line` of source ``[start, end)``."""
    quote = 0
    after_quote = start
    if text.startswith(">", start) or text.startswith(" ", start):
        match = QUOTE.match(text, start, end)
        if match is not None:
            quote = match.group().count(">")
            after_quote = match.end()
    found = NOT_SPACE.search(text, after_quote, end)
    first = found.start() if found is not None else end
    indent = first - after_quote
    if indent and "\t" in text[after_quote:first]:
        indent = columns(text, after_quote, first)
    return Line(start, end, quote, after_quote, first, indent)


def starts_block(text: str, first: int, end: int) -> bool:
    """True if the text at ``first`` starts a block that interrupts a paragraph."""
    return bool(
        ATX.match(text, first, end)
        or FENCE.match(text, first, end)
        or THEMATIC.match(text, first, end)
        or MARKER.match(text, first, end)
        or text.startswith("<!--", first)
    )


def line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The lines of ``[start, end)``, newlines excluded."""
    found = []
    while True:
        stop = text.find("\n", start, end)
        if stop < 0:
            found.append((start, end))
            return found
        found.append((start, stop))
        start = stop + 1


def rstrip_end(text: str, start: int, end: int) -> int:
    """``end`` moved left over spaces and tabs, not past ``start``."""
    while end > start and text[end - 1] in " \t":
        end -= 1
    return end
