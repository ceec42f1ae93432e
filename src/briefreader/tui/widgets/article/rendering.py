"""What the article view shows of its text, and the offsets between the two.

A brief's stored text (the *source*) is what every annotation, search match, selection and
export refers to. The view lays out and moves its cursor over the *shown* text: the source
itself, or, for a Markdown brief shown rendered, the text of its
:class:`~briefreader.text.markdown_view.MarkdownView` (markup concealed, bullets and table
rules added). :class:`Rendering` answers both ways: the view keeps its cursor in shown offsets
and hands out source offsets; it takes source spans (annotations, matches) and paints them
where they are shown. For a plain brief, or a Markdown brief shown as source, every offset
maps to itself (a Markdown brief's sentences are still quoted without the markup at their
edges).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from briefreader.text import boundaries
from briefreader.text.markdown_map import StyleSpan
from briefreader.text.markdown_view import Link, MarkdownView

_NO_HANGING: Mapping[int, int] = {}


class Rendering:
    """The source text, what is shown of it, and the offset map between them."""

    __slots__ = ("markdown", "rendered", "shown", "source")

    def __init__(self, source: str, markdown: MarkdownView | None, rendered: bool) -> None:
        self.source = source
        #: The Markdown view of the source (None for a brief that is not Markdown).
        self.markdown = markdown
        #: True when the shown text is the Markdown rendered, not the source.
        self.rendered = rendered and markdown is not None
        self.shown = markdown.shown if self.rendered and markdown is not None else source

    @property
    def hanging(self) -> Mapping[int, int]:
        """Shown line start -> continuation rows' indent (list items, block quotes)."""
        markdown = self.markdown
        return markdown.hanging if self.rendered and markdown is not None else _NO_HANGING

    @property
    def is_markdown(self) -> bool:
        """True for a Markdown brief or a saved page (shown rendered or as its source)."""
        return self.markdown is not None

    @property
    def front_matter(self) -> dict[str, str]:
        """The Markdown front matter's fields (empty without one)."""
        return dict(self.markdown.front_matter) if self.markdown is not None else {}

    # -- source -> shown --------------------------------------------------------------------

    def to_shown(self, source: int) -> int:
        """Where source offset ``source`` is shown (a concealed one: the next real character,
        so the cursor never lands on a bullet or inside a table's padding)."""
        markdown = self.markdown
        if not self.rendered or markdown is None:
            return source
        return markdown.next_real(markdown.to_shown(source))

    def span_to_shown(self, start: int, end: int) -> tuple[int, int]:
        """Where source ``[start, end)`` is painted (empty if it is concealed markup only)."""
        markdown = self.markdown
        if not self.rendered or markdown is None:
            return start, end
        return markdown.span_to_shown(start, end)

    def spans_to_shown(self, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """:meth:`span_to_shown` of many spans at once, each kept non-decreasing."""
        markdown = self.markdown
        if not self.rendered or markdown is None:
            return list(spans)
        return [(start, max(start, end)) for start, end in markdown.map_spans(spans)]

    def painted(self, spans: Iterable[Any]) -> list[tuple[int, int, Any]]:
        """``(shown start, shown end, span)`` of objects with ``start`` and ``end``."""
        markdown = self.markdown
        if not self.rendered or markdown is None:
            return [(span.start, span.end, span) for span in spans]
        to_shown, to_shown_end = markdown.to_shown, markdown.to_shown_end
        return [(to_shown(span.start), to_shown_end(span.end), span) for span in spans]

    # -- shown -> source --------------------------------------------------------------------

    def to_source(self, shown: int) -> int:
        """The source offset of shown offset ``shown``."""
        markdown = self.markdown
        if not self.rendered or markdown is None:
            return shown
        return markdown.to_source(shown)

    def spans_to_source(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """Source spans of spans of the shown text (found in it: search matches), each from
        its first real character to after its last; those with nothing real left out."""
        markdown = self.markdown
        if not self.rendered or markdown is None:
            return list(spans)
        found = [markdown.span_to_source(start, end) for start, end in spans]
        return [(start, end) for start, end in found if start < end]

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """A source range holding everything shown in ``[start, end)`` (and perhaps a little
        more: what overlaps it is found there, then placed exactly)."""
        markdown = self.markdown
        if not self.rendered or markdown is None:
            return start, end
        return max(0, markdown.to_source(start) - 1), markdown.to_source(end) + 1

    def selection_to_source(self, start: int, end: int) -> tuple[int, int] | None:
        """The source span to store for shown ``[start, end)`` selected: shown rendered, no
        concealed markup at its edges; None if nothing of the source is in it. A selection
        made in the source shown as it is is what was selected, markup and all."""
        markdown = self.markdown
        if self.rendered and markdown is not None:
            start, end = markdown.selection_to_source(start, end)
        return (start, end) if start < end else None

    def unit_to_source(self, shown: int, span: tuple[int, int]) -> tuple[int, int]:
        """A sentence or paragraph ``span`` found in the shown text around ``shown``, as the
        source span to select (kept in its block, trimmed of markup at its edges)."""
        markdown = self.markdown
        if markdown is None:
            return span
        if self.rendered:
            return markdown.unit_to_source(shown, *span)
        trimmed = markdown.trim_source_span(*span)
        return trimmed if trimmed[0] < trimmed[1] else span

    # -- what the shown text holds ----------------------------------------------------------

    def real(self, shown: int, backward: bool = False) -> int:
        """``shown``, or where the cursor rests instead (never on a bullet, a quote bar or
        table padding): the text after it (a row's first word, a cell's), or with
        ``backward`` (a move left by one character) the last text before it."""
        markdown = self.markdown
        if not self.rendered or markdown is None or not markdown.is_virtual(shown):
            return shown
        return markdown.prev_real(shown) if backward else markdown.next_real(shown)

    def shows_text(self, start: int, end: int) -> bool:
        """True unless shown ``[start, end)`` (a row) is all drawn, nothing of the text: a
        table's rule, a thematic break (moving by rows passes over it)."""
        markdown = self.markdown
        if not self.rendered or markdown is None or start >= end:
            return True
        return markdown.next_real(start) < end

    # -- moving by sentence and paragraph --------------------------------------------------
    # In the shown text a heading runs on into the line after it and list items into each
    # other (their markers are gone): a rendered brief's blocks (headings, paragraphs, items,
    # quotes, cells) are where a sentence or paragraph move stops as well.

    def _blocks(self) -> list[tuple[int, int]]:
        markdown = self.markdown
        return markdown.blocks if self.rendered and markdown is not None else []

    def next_sentence(self, shown: int) -> int:
        """Where ``)`` goes from shown ``shown``: the next sentence, or the next block."""
        target = boundaries.next_sentence_start(self.shown, shown)
        blocks = self._blocks()
        index = bisect_right(blocks, (shown, len(self.shown) + 1))
        return min(target, blocks[index][0]) if index < len(blocks) else target

    def prev_sentence(self, shown: int) -> int:
        """Where ``(`` goes: the start of this sentence or the one before, never past the
        start of the block holding it (the last sentence of the block before, from there)."""
        found = self._prev_sentence(shown)
        while 0 < found < shown and self.real(found) >= shown:
            found = self._prev_sentence(found)  # a quote bar or bullet before the cursor's text
        return found

    def _prev_sentence(self, shown: int) -> int:
        target = boundaries.prev_sentence_start(self.shown, shown)
        blocks = self._blocks()
        index = bisect_left(blocks, (shown,)) - 1
        if index < 0 or blocks[index][0] <= target:
            return target
        start, end = blocks[index]
        if end < shown:  # after that block (between blocks): its last sentence
            return max(start, boundaries.prev_sentence_start(self.shown, end))
        return start

    def next_paragraph(self, shown: int) -> int:
        """Where ``}`` goes: the next paragraph, or the next block on a later line."""
        target = boundaries.next_paragraph_start(self.shown, shown)
        blocks = self._blocks()
        line_end = self.shown.find("\n", shown)
        if line_end < 0:
            return target
        index = bisect_right(blocks, (line_end, len(self.shown) + 1))
        return min(target, blocks[index][0]) if index < len(blocks) else target

    def prev_paragraph(self, shown: int) -> int:
        """Where ``{`` goes: the start of this paragraph or the one before, never past the
        first block of the line of the block holding ``shown`` (or the block before)."""
        found = self._prev_paragraph(shown)
        while 0 < found < shown and self.real(found) >= shown:
            found = self._prev_paragraph(found)
        return found

    def _prev_paragraph(self, shown: int) -> int:
        target = boundaries.prev_paragraph_start(self.shown, shown)
        blocks = self._blocks()
        index = bisect_left(blocks, (shown,)) - 1
        if index < 0 or blocks[index][0] <= target:
            return target
        line_start = self.shown.rfind("\n", 0, blocks[index][0]) + 1
        while index > 0 and blocks[index - 1][0] >= line_start:
            index -= 1  # a table row's first cell
        return max(target, blocks[index][0])

    def styles_between(self, start: int, end: int) -> list[StyleSpan]:
        """The Markdown styles over shown ``[start, end)`` (none unless rendered)."""
        markdown = self.markdown
        if not self.rendered or markdown is None:
            return []
        return markdown.styles_between(start, end)

    def link_at(self, source: int) -> Link | None:
        """The link or image at source offset ``source`` (on its text or its markup)."""
        markdown = self.markdown
        if markdown is None:
            return None
        found = markdown.link_at(markdown.to_shown(source))
        if found is None:
            links = markdown.links
            index = bisect_right(links, source, key=lambda link: link.source_start) - 1
            for link in links[max(0, index - 1) : index + 1]:
                if link.source_start <= source < link.source_end:
                    return link
        return found
