"""The tree trafilatura extracts from a page -> blocks of text, and blocks -> the stored text.

What is stored is what the page shows, with its block structure marked the way Markdown marks
it at the start of a line: ``#`` headings, ``-`` and ``1.`` list items (nested ones indented),
``>`` block quotes, ``|`` table rows (a ``|---|`` line under a header row), fenced code blocks.
Nothing inside a line is markup: emphasis is not marked, a link is its text (its URL is not
kept), and nothing is escaped, so a sentence is stored exactly as the page shows it and a quote
typed from the page is found. Whitespace is collapsed as a browser collapses it (line breaks in
the HTML source are spaces; ``<br>`` is a line break; code keeps its lines). Soft hyphens, which
a browser does not show, are dropped.

The tree is trafilatura's (``head``, ``p``, ``list``/``item``, ``quote``, ``table``/``row``/
``cell``, ``code``, ``lb``, ``hi``, ``ref``), or, when its fallback extractors chose the text,
plain HTML (``div``, ``li``, ``td``, ``h2`` ...): both are read. Typed Any: lxml ships no stubs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = frozenset({"list", "ul", "ol", "dl", "menu"})
_ITEMS = frozenset({"item", "li", "dt", "dd"})
_QUOTES = frozenset({"quote", "blockquote"})
_CODE = frozenset({"code", "pre", "listing", "xmp", "plaintext"})
_ROWS = frozenset({"row", "tr"})
_CELLS = frozenset({"cell", "td", "th"})
_BREAKS = frozenset({"lb", "br"})
_PARAGRAPHS = frozenset({"p", "figcaption", "caption", "summary", "address", "center"})
# Containers that start and end a block but mark nothing themselves.
_CONTAINERS = frozenset(
    {
        "body", "div", "article", "section", "main", "header", "footer", "aside", "nav",
        "figure", "form", "fieldset", "details", "hgroup", "doc", "text", "html", "tbody",
        "thead", "tfoot",
    }
)  # fmt: skip
# Not text: skipped whole (their tail is still text).
_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "colgroup", "col", "graphic", "img", "svg"}
)
_BLOCKS = (
    _LISTS
    | _ITEMS
    | _QUOTES
    | _CODE
    | _ROWS
    | _CELLS
    | _PARAGRAPHS
    | _CONTAINERS
    | {"head", "table", *_HEADINGS}
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_SPACES = re.compile(r" {2,}")
_AROUND_BREAK = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n{2,}")
_SOFT_HYPHEN = "\u00ad"
_FENCE_RUN = re.compile(r"^[ \t]*(`{3,})", re.MULTILINE)


@dataclass(frozen=True)
class Block:
    """One block of the page: a heading, paragraph, list item, table row or code block.

    ``text`` is what the page shows (a paragraph may hold line breaks, a row has ``cells``
    instead); ``marker`` starts its first line (``"## "``, ``"- "``, ``"3. "``); ``indent``
    starts every line (``"> "`` in a quote, spaces in a nested list). Blocks with the same
    non-zero ``group`` (the items of one list, the rows of one table) are one line apart.
    """

    kind: str
    text: str
    marker: str = ""
    indent: str = ""
    group: int = 0
    cells: tuple[str, ...] = ()
    header: bool = False
    #: A row of a table with a "|" in a cell: its cells apart by tabs, not as a Markdown table.
    tabbed: bool = False


def _is_element(node: Any) -> bool:
    return isinstance(node.tag, str)


class _Renderer:
    """Walks the tree once, collecting :class:`Block` objects."""

    def __init__(self, preformatted: frozenset[str]) -> None:
        self._preformatted = preformatted
        self.blocks: list[Block] = []
        self._inline: list[str] = []
        self._kind = "paragraph"
        self._marker = ""
        self._indent: str | None = None  # None: the indent where the block ends
        self._group = 0
        self._prefixes: list[str] = []
        self._lists: list[list[Any]] = []  # [ordered, count, group, definition list]
        self._groups = 0

    # --- inline text ----------------------------------------------------------------------
    def _text(self, text: str | None) -> None:
        if text:
            self._inline.append(_HTML_SPACE.sub(" ", text))

    def _start(self, kind: str, marker: str = "", group: int = 0) -> None:
        self._flush()
        self._kind, self._marker, self._group = kind, marker, group
        self._indent = "".join(self._prefixes)

    def _flush(self) -> None:
        """End the block being built (if it has any text) and start a plain paragraph."""
        raw = "".join(self._inline).replace(_SOFT_HYPHEN, "")
        self._inline = []
        text = _SPACES.sub(" ", _AROUND_BREAK.sub("\n", raw)).strip(" \n")
        kind, marker, indent, group = self._kind, self._marker, self._indent, self._group
        self._kind, self._marker, self._indent, self._group = "paragraph", "", None, 0
        if indent is None:
            indent = "".join(self._prefixes)
        if not text:
            return
        if kind == "heading":
            self.blocks.append(Block(kind, text.replace("\n", " "), marker, indent))
            return
        pieces = _BLANK_LINES.split(text)
        self.blocks.append(Block(kind, pieces[0], marker, indent, group))
        # Blank lines inside a block (<br><br>): paragraphs of their own, under its marker.
        hanging = indent + " " * len(marker)
        self.blocks.extend(Block("paragraph", piece, "", hanging, 0) for piece in pieces[1:])

    # --- the walk -------------------------------------------------------------------------
    def node(self, element: Any) -> None:
        if not _is_element(element):
            self._text(element.tail)  # a comment or processing instruction: only its tail
            return
        tag = element.tag.lower()
        if tag in _SKIPPED:
            pass
        elif tag in _BREAKS:
            self._inline.append("\n")
        elif tag == "head" or tag in _HEADINGS:
            rend = (element.get("rend") or tag).lower()
            level = _HEADINGS.get(rend, 2)
            self._block(element, "heading", "#" * level + " ")
        elif tag in _PARAGRAPHS:
            if self._kind == "item" and not "".join(self._inline).strip():
                # An item's first paragraph (<li><p>...</p></li>) is the item's own text.
                self._children(element)
                self._flush()
            else:
                self._block(element, "paragraph")
        elif tag in _LISTS:
            self._list(element, tag)
        elif tag in _ITEMS:
            self._item(element, tag)
        elif tag in _QUOTES and _folded(element) in self._preformatted:
            self._code(element)  # trafilatura makes a <pre> that is not code a quote
        elif tag in _QUOTES:
            self._flush()
            self._prefixes.append("> ")
            self._children(element)
            self._flush()
            self._prefixes.pop()
        elif tag == "table":
            self._table(element)
        elif tag in _CODE:
            self._code(element)
        elif tag in _CONTAINERS or tag in _ROWS or tag in _CELLS:
            # A row or cell outside a table (a fallback's fragment) is a container too.
            self._flush()
            self._children(element)
            self._flush()
        else:
            self._children(element)  # inline: hi, ref, span, a, b, i, sup, del ...
        self._text(element.tail)

    def _children(self, element: Any) -> None:
        self._text(element.text)
        for child in element:
            self.node(child)

    def _block(self, element: Any, kind: str, marker: str = "", group: int = 0) -> None:
        self._start(kind, marker, group)
        self._children(element)
        self._flush()

    def _list(self, element: Any, tag: str) -> None:
        self._flush()
        rend = (element.get("rend") or tag).lower()
        self._groups += 1
        self._lists.append([rend == "ol", 0, self._groups, rend == "dl"])
        self._children(element)
        self._flush()
        self._lists.pop()

    def _item(self, element: Any, tag: str) -> None:
        if not self._lists:  # an item outside a list: a bullet of its own
            self._groups += 1
            self._lists.append([False, 0, self._groups, False])
            self._item(element, tag)
            self._lists.pop()
            return
        current = self._lists[-1]
        definition = current[3] or tag in ("dt", "dd")
        if definition:
            # A definition list: each term a bullet, its definitions indented under it.
            if (element.get("rend") or tag).lower().startswith("dd"):
                self._prefixes.append("  ")
                self._block(element, "item", "", current[2])
                self._prefixes.pop()
            else:
                self._block(element, "item", "- ", current[2])
            return
        current[1] += 1
        marker = f"{current[1]}. " if current[0] else "- "
        self._start("item", marker, current[2])
        # What follows a nested list inside the item hangs under its marker.
        self._prefixes.append(" " * len(marker))
        self._children(element)
        self._flush()
        self._prefixes.pop()

    def _table(self, table: Any) -> None:
        self._flush()
        rows = [row for row in table.iter("row", "tr") if _owner(row, "table") is table]
        table_cells = [[c for c in row if _is_element(c) and c.tag in _CELLS] for row in rows]
        grid = [
            [(_flat_text(cell), cell.get("role") == "head" or cell.tag == "th") for cell in row]
            for row in table_cells
        ]
        grid = [row for row in grid if any(text for text, _ in row)]
        columns = {i for row in grid for i, (text, _) in enumerate(row) if text}
        if len(grid) < 2 or len(columns) < 2:
            # A layout table (one row, or one column with text): its cells hold blocks.
            for cell in (cell for row in table_cells for cell in row):
                self._children(cell)
                self._flush()
            return
        self._groups += 1
        width = max(len(row) for row in grid)
        indent = "".join(self._prefixes)
        # A "|" in a cell would split it, and escaping it would store a "\" the page does not
        # show: such a table is stored as rows of cells apart by tabs.
        tabbed = any("|" in text for row in grid for text, _ in row)
        for index, row in enumerate(grid):
            cells = tuple(text for text, _ in row) + ("",) * (width - len(row))
            header = index == 0 and all(head for _, head in row)
            row_block = Block("row", "", "", indent, self._groups, cells, header, tabbed)
            self.blocks.append(row_block)

    def _code(self, element: Any) -> None:
        parent = element.getparent()
        inline = parent is not None and parent.tag in ("p", "item", "li", "head", "cell", "td")
        text = _verbatim(element)
        if inline and "\n" not in text.strip("\n"):
            self._text(text)
            return
        self._flush()
        text = text.strip("\n").rstrip()
        if text.strip():
            self.blocks.append(Block("code", text, "", "".join(self._prefixes)))


def _owner(element: Any, tag: str) -> Any:
    """The nearest ancestor of ``element`` that is a ``tag`` (None if there is none)."""
    return next(element.iterancestors(tag), None)


def _flat_text(element: Any) -> str:
    """All the text of ``element`` on one line (a table cell); its blocks a space apart."""
    pieces: list[str] = []
    _flat_pieces(element, pieces)
    text = _HTML_SPACE.sub(" ", "".join(pieces).replace(_SOFT_HYPHEN, ""))
    return text.strip()


def _flat_pieces(element: Any, pieces: list[str]) -> None:
    apart = element.tag in _BLOCKS or element.tag in _BREAKS
    if apart:
        pieces.append(" ")
    if element.tag not in _SKIPPED:
        pieces.append(element.text or "")
        for child in element:
            if _is_element(child):
                _flat_pieces(child, pieces)
            pieces.append(child.tail or "")
    if apart:
        pieces.append(" ")


def _verbatim(element: Any) -> str:
    """The text of a code element as written: its line breaks kept, ``lb`` as a line break."""
    pieces = [element.text or ""]
    for node in element.iterdescendants():
        if _is_element(node) and node.tag in _BREAKS:
            pieces.append("\n")
        elif _is_element(node) and node.tag not in _SKIPPED:
            pieces.append(node.text or "")
        pieces.append(node.tail or "")
    return "".join(pieces).replace("\r\n", "\n").replace("\u00a0", " ")


def _folded(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def preformatted_texts(page: Any) -> frozenset[str]:
    """The text of each ``<pre>`` of the parsed ``page``, whitespace folded (see
    :func:`page_blocks`)."""
    return frozenset(_folded(pre) for pre in page.iter("pre"))


def page_blocks(body: Any, preformatted: frozenset[str] = frozenset()) -> list[Block]:
    """The blocks of trafilatura's extracted tree ``body``, in order.

    ``preformatted`` (from :func:`preformatted_texts`) tells which of trafilatura's quotes
    were a ``<pre>`` on the page: trafilatura makes preformatted text that is not code a
    quote, and its lines are kept as a code block's are."""
    renderer = _Renderer(preformatted)
    renderer.node(body)
    renderer._flush()
    return renderer.blocks


def _fence(text: str) -> str:
    longest = max((len(match.group(1)) for match in _FENCE_RUN.finditer(text)), default=0)
    return "`" * max(3, longest + 1)


def _lines(block: Block) -> list[str]:
    """The stored lines of ``block`` (each with its indent)."""
    indent = block.indent
    if block.kind == "row":
        if block.tabbed:
            return [indent + "\t".join(block.cells)]
        row = [indent + "| " + " | ".join(block.cells) + " |"]
        if block.header:
            row.append(indent + "|" + "---|" * len(block.cells))
        return row
    if block.kind == "code":
        fence = _fence(block.text)
        body = [indent + line if line else indent.rstrip() for line in block.text.split("\n")]
        return [indent + fence, *body, indent + fence]
    first, *rest = block.text.split("\n")
    hanging = indent + " " * len(block.marker)
    return [indent + block.marker + first, *(hanging + line for line in rest)]


def join_blocks(blocks: list[Block]) -> str:
    """The stored text of ``blocks``: a blank line between blocks, one line between the items
    of one list or the rows of one table; ends with a newline."""
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None:
            # A nested list is one line from the item it is in, and so is the item after it.
            tight = block.group and (
                block.group == previous.group
                or (block.kind == "item" == previous.kind and block.indent != previous.indent)
            )
            out.append("\n" if tight else "\n\n")
        out.append("\n".join(_lines(block)))
        previous = block
    return "".join(out) + "\n" if out else ""


def retext(block: Block, text: str) -> Block:
    """``block`` with ``text`` instead of its own (used by the cleaning rules)."""
    return replace(block, text=text)
