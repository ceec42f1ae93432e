"""Markdown shown rendered, offsets untouched: the display model of a Markdown brief.

:func:`render_markdown` turns the stored source text into a :class:`MarkdownView`: the text
as the reader shows it (``shown``), styles and links in shown offsets, hanging indents for the
layout, the front matter's fields for the header, and the offset map between the two texts
(:class:`~briefreader.text.markdown_map.OffsetMap`). The source stays what every annotation,
selection, search match and export refers to; the view only decides what is drawn.

Each source character is either *real* (shown as it is, one for one) or *concealed*; the
shown text also holds *virtual* characters that have no source (a bullet, a quote bar, table
padding, a rule). A cursor skips virtual characters (:meth:`~OffsetMap.is_virtual`,
:meth:`~OffsetMap.next_real`), and a selection made on screen maps back to a source span that
never starts or ends inside concealed markup (:meth:`~OffsetMap.span_to_source`). A sentence or
paragraph found in ``shown`` (:mod:`briefreader.text.boundaries`) is mapped back with
:meth:`MarkdownView.unit_to_source`, which also keeps it inside its paragraph, heading or table
cell; one found in the source is trimmed with :meth:`MarkdownView.trim_source_span`.

Lines of ``shown`` are the layout's lines (:mod:`briefreader.text.layout` wraps each
newline-separated line on its own); ``hanging`` gives, per shown line start, the indent of that
line's continuation rows. Building a view costs about 80 ms for a 1 MB article-like brief and
300 ms per MB of text with markup on every line; use :func:`view_for`, which builds nothing for
a brief that is not Markdown.

**Rendered**

* YAML/TOML front matter: concealed with the blank lines after it; fields in ``front_matter``.
* ATX headings: the ``#``s, the space after them and a closing ``##`` concealed; setext
  underlines (``===``, ``---``) concealed with their line. Style ``heading1`` .. ``heading6``.
* Emphasis ``*a*`` ``_a_``, strong ``**a**`` ``__a__``, strikethrough ``~~a~~``: markers
  concealed (CommonMark delimiter rules: ``2 * 3 * 4``, ``snake_case`` and unbalanced markers
  stay as they are; and, unlike CommonMark, a single ``*`` between two letters or digits, as
  in ``Konsument*innen`` or ``2*3*4``). Styles ``emphasis``, ``strong``, ``strike``.
* Code spans: backticks concealed, code verbatim (style ``code``). Fenced code: the fence
  lines concealed with one newline each (not shown dim: the ``code-block`` style marks the
  code, and the info string is the source key's business), the code verbatim (style
  ``code-block``); indented code verbatim (``code-block``).
* Links ``[text](url)``, ``[text][ref]``, ``[text][]``, ``[ref]`` (defined references only),
  ``<https://...>``, ``<a@b.org>``: shown as their text (style ``link``), URL in ``links``.
  Link reference definitions are concealed with their line.
* Images ``![alt](src)``: shown as ``[image: alt]`` (``[image: `` and ``]`` virtual, the alt
  real; style ``image``), the source in ``links``.
* Backslash escapes: the backslash concealed.
* Block quotes: each ``>`` level shown as a virtual ``▌ `` (style ``quote-bar``), the text
  styled ``quote``; lazy continuation lines get the bars too.
* Lists: ``-``/``*``/``+`` shown as ``•`` (nesting shown by indentation), ordered markers as
  ``1.`` / ``1)`` numbered on from the first item (style ``bullet``, virtual); nested items
  and continuation lines indented to their item's text; ``hanging`` gives continuation rows.
* Tables: pipes concealed, cells padded with virtual spaces to the column width in terminal
  cells, columns joined by a virtual ``│``, the delimiter row shown as a ``─┼─`` rule;
  alignment from the delimiter row; ``\\|`` in a cell is a pipe; a row with more cells than
  the header is shown whole. Header cells ``table-header``, the lines ``rule``.
* Thematic breaks: a virtual rule of ``─`` (style ``rule``). HTML comments: concealed (a
  comment starting a line may span lines; one inside a paragraph must end on its line).

**Left as source**: inline and block HTML other than comments (``<sup>``, ``<br>``), entities
(``&amp;``), footnotes (``[^1]``), bare URLs, hard-break trailing spaces, task-list boxes,
block quotes inside list items, ``\\|`` inside a code span in a table cell, link destinations
split over lines, a line without a pipe after a table (GFM would make it a row), text after a
comment's ``-->`` on its line, and anything else not recognised. Text is never dropped: what
is concealed is markup, plus what the header, ``links`` or the source key show instead (front
matter, URLs and link titles, link definitions, fence info strings, comments).
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Final, NamedTuple

from briefreader.text.markdown_blocks import parse_blocks
from briefreader.text.markdown_map import OffsetMap, StyleSpan, assemble

#: Formats rendered as Markdown; a brief of any other format never gets a view.
MARKDOWN_FORMATS: Final = frozenset({"markdown", "md"})
#: A saved web page's text (HTML import): its structure is stored as Markdown lines (headings,
#: list items, quotes, tables, fences) but its words are stored as they were on the page,
#: without escapes, so no inline markup is read in it (``__init__.py``, ``Bürger*innen`` and
#: backticks on a page stay as they are).
PAGE_FORMAT: Final = "page"
#: Every format shown rendered.
RENDERED_FORMATS: Final = MARKDOWN_FORMATS | {PAGE_FORMAT}


class Link(NamedTuple):
    """A link or an image and its URL. For a link, ``start``/``end`` are the shown span of
    its text and ``source_start``/``source_end`` its source span; for an image, the shown
    ``[image: alt]`` label and the whole ``![alt](src)`` source."""

    start: int
    end: int
    url: str
    image: bool
    source_start: int
    source_end: int


class MarkdownView(OffsetMap):
    """The rendered view of one Markdown source text; see the module's docstring."""

    __slots__ = (
        "_blocks",
        "_links",
        "_longest_style",
        "_source_blocks",
        "_source_links",
        "front_matter",
        "hanging",
        "shown",
        "source",
        "styles",
    )

    def __init__(self, source: str, inline: bool = True) -> None:
        edits, fields = parse_blocks(source, inline)
        shown, src, dst, lengths, virtual_styles = assemble(source, edits)
        super().__init__(src, dst, lengths, len(source), len(shown))
        self.source = source
        self.shown = shown
        #: Fields of the front matter (empty without one).
        self.front_matter: dict[str, str] = fields
        #: ``(start, end, name)`` in shown offsets, sorted by start; spans may nest.
        self.styles: list[StyleSpan] = virtual_styles  # in order already
        mapped = [
            (start, end, name)
            for (start, end), (_, _, name) in zip(
                self.map_spans(edits.styles), edits.styles, strict=True
            )
            if end > start
        ]
        mapped.sort()
        virtual_styles += mapped
        virtual_styles.sort()  # two sorted runs: merged in one pass
        self._longest_style = max((end - start for start, end, _ in self.styles), default=0)
        #: Shown line start -> the indent (cells) for that line's continuation rows.
        self.hanging: dict[int, int] = {
            line_start: cells
            for (_, line_start), (_, cells) in zip(
                self.map_spans([(start, start) for start, _ in edits.hanging]),
                edits.hanging,
                strict=True,
            )
        }
        self._source_blocks = edits.blocks
        self._blocks: list[tuple[int, int]] | None = None
        self._source_links = edits.links
        self._links: list[Link] | None = None

    @property
    def blocks(self) -> list[tuple[int, int]]:
        """``(start, end)`` in shown offsets of every paragraph, heading and table cell, in
        order: what a sentence or paragraph selection stays inside (mapped on first use)."""
        if self._blocks is None:
            self._blocks = sorted(
                span for span in self.map_spans(self._source_blocks) if span[1] > span[0]
            )
        return self._blocks

    @property
    def links(self) -> list[Link]:
        """Links and images in text order (mapped on first use)."""
        if self._links is None:
            # Outer first: a link before the image that is its text.
            found = sorted(self._source_links, key=lambda link: (link[0], -link[1], link[3]))
            links: list[Link] = []
            for (start, end), (source_start, source_end, url, image) in zip(
                self.map_spans(found), found, strict=True
            ):
                if image:
                    start, end = self.to_shown_end(source_start), self.to_shown(source_end)
                    outer = links[-1] if links else None
                    if (
                        outer is not None
                        and not outer.image
                        and source_start < outer.source_end
                        and source_end <= outer.source_end
                    ):
                        # An image as a link's text: the link covers its label.
                        links[-1] = outer._replace(
                            start=min(outer.start, start), end=max(outer.end, end)
                        )
                links.append(Link(start, max(start, end), url, image, source_start, source_end))
            self._links = links
        return self._links

    def trim_source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source ``[start, end)`` with concealed markup and whitespace taken off both edges:
        a sentence or paragraph found in the source never starts with ``- ``, ``# `` or
        ``**`` nor ends with ``**``. Markup inside the span stays."""
        return self._trim(self.source, start, end)

    def selection_to_source(self, start: int, end: int) -> tuple[int, int]:
        """A span of the shown text (a selection, or a sentence or paragraph found in it) as
        the source span to store or quote: :meth:`span_to_source`, then trimmed."""
        return self.trim_source_span(*self.span_to_source(start, end))

    def block_at(self, shown: int) -> tuple[int, int] | None:
        """The shown span of the paragraph, heading or table cell holding ``shown``."""
        index = bisect_right(self.blocks, (shown, len(self.shown) + 1)) - 1
        if index >= 0 and shown < self.blocks[index][1]:
            return self.blocks[index]
        return None

    def unit_to_source(self, shown: int, start: int, end: int) -> tuple[int, int]:
        """A sentence or paragraph ``[start, end)`` found in the shown text around offset
        ``shown`` (with :mod:`briefreader.text.boundaries`), as the source span to select:
        kept inside the block holding ``shown`` (the shown text has no ``#`` or ``|`` left
        to end a sentence at a heading or a table cell), then :meth:`selection_to_source`."""
        block = self.block_at(shown) or self._block_near(shown, start, end)
        if block is not None:
            start, end = max(start, block[0]), min(end, block[1])
        return self.selection_to_source(start, max(start, end))

    def _block_near(self, shown: int, start: int, end: int) -> tuple[int, int] | None:
        """For an offset in no block: the block ending before it on its line (the cursor at
        the end of a table row or a heading), else the first block in ``[start, end)`` (a
        paragraph found from a blank line), else None."""
        blocks = self.blocks
        index = bisect_right(blocks, (shown, len(self.shown) + 1)) - 1
        if index >= 0 and "\n" not in self.shown[blocks[index][1] : shown]:
            return blocks[index]
        for block in blocks[max(0, index) : index + 3]:
            if block[1] > start and block[0] < end:
                return block
        return None

    def link_at(self, shown: int) -> Link | None:
        """The link (or image) whose shown span holds offset ``shown``, if any; for an image
        that is a link's text, the link."""
        links = self.links
        index = bisect_right(links, shown, key=lambda link: link.start) - 1
        # Links do not overlap except for an image inside a link: two to look at.
        found = [link for link in links[max(0, index - 1) : index + 1] if link.start <= shown]
        found = [link for link in found if shown < link.end]
        found.sort(key=lambda link: link.image)
        return found[0] if found else None

    def styles_between(self, start: int, end: int) -> list[StyleSpan]:
        """The styles overlapping shown ``[start, end)`` (what a painter of those rows
        needs), clipped to it."""
        styles = self.styles
        first = bisect_right(styles, (start - self._longest_style,))
        last = bisect_right(styles, (end,))
        return [
            (max(style_start, start), min(style_end, end), name)
            for style_start, style_end, name in styles[first:last]
            if style_end > start and style_start < end
        ]


def render_markdown(source: str, inline: bool = True) -> MarkdownView:
    """The rendered view of a Markdown ``source`` text (without ``inline``: its blocks only,
    the words as they are)."""
    return MarkdownView(source, inline)


@lru_cache(maxsize=2)
def _cached(source: str, inline: bool) -> MarkdownView:
    return MarkdownView(source, inline)


def view_for(text: str, fmt: str) -> MarkdownView | None:
    """The rendered view of a brief's ``text`` if its format is Markdown or a saved page
    (:data:`RENDERED_FORMATS`), else None (nothing is parsed for any other format). Cached
    for the last two texts."""
    if fmt not in RENDERED_FORMATS:
        return None
    return _cached(text, fmt != PAGE_FORMAT)
