"""Block structure of a Markdown document for the rendered view, one line at a time.

:func:`parse_blocks` walks the lines of the source and records
:class:`~briefreader.text.markdown_map.Edits`: front matter concealed; ATX headings' ``#``s
and setext underlines concealed (the level kept as a style); block quote markers shown as
bars; list markers shown as bullets or numbers, nested lists and continuation lines indented
to their item's text (with the hanging indent recorded); fence lines concealed and code kept
verbatim; thematic breaks shown as a rule; tables handed to
:mod:`~briefreader.text.markdown_tables`; HTML comment blocks and link reference definitions
concealed with their line. Paragraph text goes to :mod:`~briefreader.text.markdown_inline`.

It is a practical subset of CommonMark, not all of it: a block quote inside a list item, HTML
blocks other than comments, and lists inside a quote's lazy continuation are shown as
source. Whatever is not recognised stays as it is.
"""

from __future__ import annotations

import re

from briefreader.text.markdown_front import front_matter, link_definitions
from briefreader.text.markdown_inline import parse_inline
from briefreader.text.markdown_lines import (
    ATX,
    BULLET,
    CLOSING_FENCE,
    DEFINITION,
    FENCE,
    MARKER,
    NOT_SPACE,
    PLAIN_LINES,
    QUOTE_BAR,
    RULE_WIDTH,
    SETEXT,
    THEMATIC,
    Fence,
    Item,
    Line,
    columns,
    line_spans,
    measure,
    rstrip_end,
    starts_block,
)
from briefreader.text.markdown_map import Edits
from briefreader.text.markdown_tables import find_table, render_table


class _Blocks:
    """The line walk; see :func:`parse_blocks`."""

    def __init__(self, text: str, edits: Edits, inline: bool) -> None:
        self.text = text
        self.edits = edits
        #: Link definitions; None when the text has no inline markup at all.
        self.refs = link_definitions(text) if inline else None
        #: Ordered items numbered on from the first (CommonMark); a page's are its words.
        self.renumber = inline
        self.items: list[Item] = []
        self.list_quote = 0
        self.fence: Fence | None = None
        #: The open paragraph's lines as (text start, line end), its quote depth and item.
        self.para: list[tuple[int, int]] = []
        self.para_quote = 0
        self.para_item: Item | None = None
        self.blank_before = True
        #: Source offset up to which whole-line concealment has already taken the newline.
        self.hidden_to = 0

    # -- the walk ---------------------------------------------------------------------------

    def run(self, pos: int) -> None:
        text = self.text
        n = len(text)
        find = text.find
        plain = PLAIN_LINES.match
        while True:
            if (
                self.fence is None
                and not self.items
                and (not self.para or (not self.para_quote and self.para_item is None))
            ):
                # The common case, at C speed: lines of plain paragraph text.
                run = plain(text, pos)
                if run is not None:
                    if not self.para:
                        self.para_quote = 0
                    self.para.append((pos, run.end() - (text[run.end() - 1] == "\n")))
                    self.blank_before = False
                    pos = run.end()
                    if pos >= n:
                        break
                    continue
            if self.fence is None and text.startswith("\n", pos) and not self.list_quote:
                self.flush()  # a blank line, nothing in it to hide
                self.blank_before = True
                pos += 1
                continue
            end = find("\n", pos)
            if end < 0:
                end = n
            after = self.line(pos, end)
            if after is not None:
                if after >= n:
                    break
                pos = after
                continue
            if end >= n:
                break
            pos = end + 1
        self.flush()

    def line(self, start: int, end: int) -> int | None:
        """Handle one line; return where the next line to handle starts if not the next one."""
        line = measure(self.text, start, end)
        if self.fence is not None and self.fence_line(line):
            return None
        if line.first == end:
            self.blank(line)
            return None
        lazy = self.is_lazy(line)
        if self.items and line.quote != self.list_quote and not lazy:
            self.items.clear()
        marker = None
        char = self.text[line.first]
        if line.indent < (self.items[-1].content_col + 4 if self.items else 4):
            if char in "=-" and self.setext(line):
                return None
            if char in "-*_" and THEMATIC.match(self.text, line.first, end) is not None:
                self.thematic(line)
                return None
            if char in "-+*" or "0" <= char <= "9":
                marker = MARKER.match(self.text, line.first, end)
        if marker is not None and self.may_start_item(line, marker):
            return self.list_item(line, marker)
        if lazy:
            self.lazy(line)
            return None
        item = None
        if self.items and line.quote == self.list_quote:
            while self.items and line.indent < self.items[-1].content_col:
                self.items.pop()
            item = self.items[-1] if self.items else None
        if item is None and line.indent >= 4 and not self.para:
            self.prefix(line, None, hang=False)
            self.edits.style(line.after_quote, line.end, "code-block")
            self.blank_before = False
            return None
        indent = 0
        if item is not None:
            # A paragraph's next line lines up with it; a new block keeps its extra indent.
            continues = self.para and self.para_item is item
            indent = item.shown_col + (0 if continues else line.indent - item.content_col)
        return self.block(line, item, indent)

    def is_lazy(self, line: Line) -> bool:
        """True if ``line`` continues the open paragraph without the prefixes its block quote
        or list item would need (a "lazy continuation line")."""
        if not self.para or line.quote > self.para_quote:
            return False
        item = self.para_item
        if line.quote == self.para_quote and (item is None or line.indent >= item.content_col):
            return False
        return not starts_block(self.text, line.first, line.end)

    def lazy(self, line: Line) -> None:
        """A lazy line is shown with the prefixes of the paragraph it continues."""
        bars = self.bars(self.para_quote)
        indent = self.para_item.shown_col if self.para_item is not None else 0
        self.edits.hide(line.start, line.start, bars, "quote-bar")
        self.edits.hide(line.start, line.first, " " * indent)
        if bars or indent:
            self.edits.hanging.append((line.start, len(bars) + indent))
        self.para.append((line.first, line.end))

    # -- prefixes ---------------------------------------------------------------------------

    def bars(self, quote: int) -> str:
        return QUOTE_BAR * quote

    def prefix(self, line: Line, shown_indent: int | None, hang: bool) -> None:
        """Conceal the line's quote prefix and show bars instead; with ``shown_indent``, also
        conceal its leading whitespace and show that many spaces. Record the hanging indent."""
        bars = self.bars(line.quote)
        if bars:
            self.edits.hide(line.start, line.after_quote, bars, "quote-bar")
        if shown_indent is not None:
            self.edits.hide(line.after_quote, line.first, " " * shown_indent)
        cells = len(bars) + (shown_indent or 0)
        if hang and cells:
            self.edits.hanging.append((line.start, cells))

    def hide_line(self, start: int, end: int) -> None:
        """Conceal whole lines ``[start, end)`` with one of their newlines, so that no empty
        row is left where they were."""
        text = self.text
        if start > self.hidden_to and start > 0 and text[start - 1] == "\n":
            start -= 1
        elif end < len(text) and text[end] == "\n":
            end += 1
        self.edits.hide(start, end)
        self.hidden_to = end

    # -- blank lines, fences ----------------------------------------------------------------

    def blank(self, line: Line) -> None:
        self.flush()
        self.blank_before = True
        if line.quote != self.list_quote:
            self.items.clear()
        if line.quote:
            bars = self.bars(line.quote).rstrip()
            self.edits.hide(line.start, line.after_quote, bars, "quote-bar")

    def fence_line(self, line: Line) -> bool:
        """Handle a line inside a fence; False if the line closes the fence implicitly (it is
        then handled as any other line)."""
        fence = self.fence
        assert fence is not None
        if line.quote < fence.quote or (
            fence.item is not None
            and line.first < line.end
            and line.indent < fence.item.content_col
        ):
            self.fence = None
            return False
        text = self.text
        if text.startswith(fence.char * fence.length, line.first) and not text[
            line.first : line.end
        ].rstrip(" \t").strip(fence.char):
            self.fence = None
            self.hide_line(line.start, line.end)
            return True
        bars = self.bars(line.quote)
        if bars:
            self.edits.hide(line.start, line.after_quote, bars, "quote-bar")
            if fence.item is None:
                self.edits.hanging.append((line.start, len(bars)))
        code_start = line.after_quote
        item = fence.item
        if item is not None:
            # Up to the item's indentation is the list's; beyond it is the code's.
            keep = line.first
            while keep > line.after_quote and (
                columns(text, line.after_quote, keep) > item.content_col
            ):
                keep -= 1
            self.edits.hide(line.after_quote, keep, " " * item.shown_col)
            code_start = keep
            self.edits.hanging.append((line.start, len(bars) + item.shown_col))
        self.edits.style(code_start, line.end, "code-block")
        return True

    def top_level_fence(self, opening: str, end: int) -> int:
        """A fence outside quotes and lists: its body found in one search, styled as one
        span; returns where the line after its closing line starts."""
        text = self.text
        n = len(text)
        pos = end
        while True:
            closing = CLOSING_FENCE.search(text, pos)
            if closing is None:
                self.edits.style(end + 1, n, "code-block")
                return n + 1
            mark = closing[1]
            if mark[0] == opening[0] and len(mark) >= len(opening):
                break
            pos = closing.end()
        self.edits.style(end + 1, closing.start(), "code-block")
        self.hide_line(closing.start() + 1, closing.end())
        return closing.end() + 1

    # -- lists ------------------------------------------------------------------------------

    def may_start_item(self, line: Line, marker: re.Match[str]) -> bool:
        """CommonMark's rule for a list interrupting a paragraph: only a bullet or "1." with
        text after it. Within a list any marker starts an item."""
        if not self.para or (self.items and line.quote == self.list_quote):
            return True
        if marker[1] is not None and marker[1] != "1":
            return False
        return NOT_SPACE.search(self.text, marker.end(), line.end) is not None

    def list_item(self, line: Line, marker: re.Match[str]) -> int | None:
        self.flush()
        text = self.text
        items = self.items
        if line.quote != self.list_quote:
            items.clear()
            self.list_quote = line.quote
        previous = None
        while items and line.indent < items[-1].content_col:
            previous = items.pop()
        parent_col = items[-1].shown_col if items else 0
        marker_start, marker_end = marker.span()
        end = line.end
        content = marker_end
        while content < end and text[content] in " \t":
            content += 1
        spaces = content - marker_end
        if "\t" in text[marker_end:content]:
            # A tab after the marker goes to the next tab stop from the marker's end.
            spaces = columns(text, marker_end, content, line.indent + marker_end - marker_start)
        content_col = line.indent + marker_end - marker_start + (spaces if 1 <= spaces <= 4 else 1)
        if marker[1] is None:
            glyph = BULLET
            number, delimiter = 0, ""
        else:
            number, delimiter = int(marker[1]), marker[2]
            if previous is not None and previous.delimiter == delimiter and self.renumber:
                number = previous.number + 1
            glyph = f"{number}{delimiter}"
        item = Item(content_col, parent_col + len(glyph) + 1, number, delimiter)
        items.append(item)
        bars = QUOTE_BAR * line.quote
        add = self.edits.ops.append
        if bars:
            add((line.start, line.after_quote, bars, "quote-bar"))
        add((line.after_quote, marker_start, " " * parent_col, ""))
        if glyph == text[marker_start:marker_end]:
            self.edits.style(marker_start, marker_end, "bullet")  # shown as written: real text
        else:
            add((marker_start, marker_end, glyph, "bullet"))
        add((marker_end, content, " " if content < end else "", ""))
        self.edits.hanging.append((line.start, len(bars) + item.shown_col))
        self.blank_before = False
        if content < end:
            inner = Line(line.start, line.end, line.quote, line.after_quote, content, 0)
            return self.block(inner, item, None)
        return None

    # -- content ----------------------------------------------------------------------------

    def block(self, line: Line, item: Item | None, indent: int | None) -> int | None:
        """Classify the text of a line. ``indent`` is the indentation to show it with, None
        for the text after a list marker (whose prefix is already recorded)."""
        text, first, end = self.text, line.first, line.end
        self.blank_before = False
        char = text[first]
        heading = ATX.match(text, first, end) if char == "#" else None
        if heading is not None:
            self.flush()
            if indent is not None:
                self.prefix(line, indent if item is not None else 0, hang=False)
            self.atx(heading, end)
            return None
        fence = FENCE.match(text, first, end) if char in "`~" else None
        if fence is not None and not (fence[1][0] == "`" and "`" in fence[2]):
            self.flush()
            if indent is None:
                self.edits.hide(first, end)
            else:
                self.hide_line(line.start, line.end)
            if line.quote or item is not None:
                self.fence = Fence(fence[1][0], len(fence[1]), line.quote, item)
                return None
            return self.top_level_fence(fence[1], end)
        if char == "<" and text.startswith("<!--", first):
            close = text.find("-->", first + 4)
            if close >= 0:
                return self.comment(line, close + 3, item, indent)
        if (
            char == "["
            and indent is not None
            and not self.para
            and self.refs is not None
            and DEFINITION.match(text, first, end)
        ):
            self.hide_line(line.start, line.end)
            return None
        if indent is not None and "|" in text[first:end]:
            after = self.table(line, item)
            if after is not None:
                return after
        if self.para and (line.quote != self.para_quote or item is not self.para_item):
            self.flush()
        if indent is not None:
            self.prefix(line, indent if item is not None else None, hang=True)
        if not self.para:
            self.para_quote = line.quote
            self.para_item = item
        self.para.append((first, end))
        return None

    def comment(self, line: Line, close: int, item: Item | None, indent: int | None) -> int:
        """An HTML comment starting a line: its lines concealed whole, or only the comment if
        something follows it on its last line (that rest is shown as it is: it belongs to
        the HTML block, as in CommonMark)."""
        text = self.text
        self.flush()
        line_end = text.find("\n", close)
        if line_end < 0:
            line_end = len(text)
        rest = text[close:line_end].strip()
        if indent is None or rest:
            if indent is not None:
                self.prefix(line, indent if item is not None else None, hang=True)
            self.edits.hide(line.first, close)
        else:
            self.hide_line(line.start, line_end)
        return line_end + 1

    # -- headings, rules, paragraphs --------------------------------------------------------

    def atx(self, heading: re.Match[str], end: int) -> None:
        text = self.text
        level = len(heading[1])
        content_start = heading.end()
        content_end = rstrip_end(text, content_start, end)
        closing = content_end
        while closing > content_start and text[closing - 1] == "#":
            closing -= 1
        if closing < content_end and (closing == content_start or text[closing - 1] in " \t"):
            content_end = rstrip_end(text, content_start, closing)
        self.edits.hide(heading.start(), content_start)
        self.edits.hide(content_end, end)
        self.edits.style(content_start, content_end, f"heading{level}")
        parse_inline(text, content_start, content_end, self.edits, self.refs)
        self.edits.blocks.append((content_start, content_end))

    def setext(self, line: Line) -> bool:
        """An underline (``===`` or ``---``) under the open paragraph makes it a heading."""
        if not self.para or line.quote != self.para_quote:
            return False
        item = self.para_item
        if item is not None and line.indent < item.content_col:
            return False
        underline = SETEXT.match(self.text, line.first, line.end)
        if underline is None:
            return False
        name = "heading1" if underline[1][0] == "=" else "heading2"
        for start, end in self.para:
            for line_start, line_end in line_spans(self.text, start, end):
                self.edits.style(line_start, line_end, name)
        self.flush()
        self.hide_line(line.start, line.end)
        return True

    def thematic(self, line: Line) -> None:
        self.flush()
        self.prefix(line, 0 if self.items else None, hang=False)
        self.edits.hide(line.first, line.end, "─" * RULE_WIDTH, "rule")
        self.items.clear()
        self.blank_before = False

    def flush(self) -> None:
        """Close the open paragraph: read its inline Markdown."""
        if not self.para:
            return
        start, end = self.para[0][0], self.para[-1][1]
        parse_inline(self.text, start, end, self.edits, self.refs)
        self.edits.blocks.append((start, end))
        if self.para_quote:
            for line_start, line_end in self.para:
                self.edits.style(line_start, line_end, "quote")
        self.para = []
        self.para_item = None

    # -- tables -----------------------------------------------------------------------------

    def table(self, line: Line, item: Item | None) -> int | None:
        """Render the table whose header is ``line``, if there is one; return where the line
        after the table starts."""
        found = find_table(self.text, line, item.shown_col if item is not None else 0)
        if found is None:
            return None
        rows, delimiter, aligns, after = found
        self.flush()
        for row in (*rows, delimiter):
            if row.prefix:
                self.edits.hanging.append((row.line_start, len(row.prefix)))
        render_table(self.text, rows, delimiter, aligns, self.edits, self.refs)
        return after


def parse_blocks(text: str, inline: bool = True) -> tuple[Edits, dict[str, str]]:
    """The edits that render ``text`` and the fields of its front matter; without ``inline``,
    the blocks only (a saved web page: its words are literal, link definitions included)."""
    edits = Edits()
    blocks = _Blocks(text, edits, inline)
    pos = 0
    fields: dict[str, str] = {}
    found = front_matter(text)
    if found is not None:
        end, fields = found
        while end < len(text) and text[end] == "\n":
            following = text.find("\n", end + 1)
            if text[end + 1 : following if following >= 0 else len(text)].strip():
                break
            end = following if following >= 0 else len(text)
        end = min(end + 1, len(text))
        edits.hide(0, end)
        blocks.hidden_to = end
        pos = end
    elif text.startswith("\ufeff"):
        edits.hide(0, 1)
        pos = 1
    if pos < len(text) or not text:
        blocks.run(pos)
    return edits, fields
