"""The article view's drawn rows: each row's Strip, kept until something on it changes, and which
rows a change at some offsets makes stale (forgotten here; the visible ones the view refreshes).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.strip import Strip

from briefreader.text.layout import Layout
from briefreader.tui.widgets.article.spans import _SpanIndex

_STRIP_CACHE_LIMIT = 2048


class DrawnRows:
    """Strips by row number (all forgotten when there are more than a few screens of them)."""

    def __init__(self) -> None:
        self._strips: dict[int, Strip] = {}

    def get(self, row: int) -> Strip | None:
        """The strip drawn for ``row``, or None."""
        return self._strips.get(row)

    def keep(self, row: int, strip: Strip) -> Strip:
        """Keep ``strip`` as ``row``'s, and return it."""
        if len(self._strips) > _STRIP_CACHE_LIMIT:
            self._strips.clear()
        self._strips[row] = strip
        return strip

    def clear(self) -> None:
        """Forget every row."""
        self._strips.clear()

    def forget(self, layout: Layout, start: int, end: int, visible: range) -> range:
        """Forget the rows showing ``[start, end]``; those of them in ``visible``."""
        first = layout.row_of(start)
        last = layout.row_of(max(start, end))
        for row in [row for row in self._strips if first <= row <= last]:
            del self._strips[row]
        return range(max(first, visible.start), min(last + 1, visible.stop))

    def forget_spans(
        self, layout: Layout, spans: Sequence[tuple[int, int]], visible: range
    ) -> list[int]:
        """Forget the rows that any of ``spans`` touches; those of them in ``visible``.

        Checks the kept and visible rows against the spans rather than walking each span's
        rows, so replacing 10,000 annotations costs about as much as replacing one.
        """
        index = _SpanIndex(spans)

        def touched(row: int) -> bool:
            start, end = layout.row_span(row)
            # A row's end offset is drawn too (the line-end cell), hence end + 1.
            return bool(index.overlapping(start, end + 1))

        for row in [row for row in self._strips if touched(row)]:
            del self._strips[row]
        rows = range(visible.start, min(layout.row_count, visible.stop))
        return [row for row in rows if touched(row)]
