"""What the article view paints over the text besides tokens: the annotations (by key, and in an
offset index) and the search matches (with the current one). Each change reports the offset
spans whose rows must be drawn again; the view forgets those rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from briefreader.tui.widgets.article.spans import (
    _SPAN_ORDER,
    ArticleSpan,
    _AnnotationIndex,
    _SpanIndex,
)


class Marks:
    """The annotations and search matches painted now."""

    def __init__(self) -> None:
        self._annotations: dict[int, list[ArticleSpan]] = {}
        self.annotation_index = _AnnotationIndex()
        self.matches: list[tuple[int, int]] = []
        self.match_index = _SpanIndex([])
        self.current_match: int | None = None

    def clear(self) -> None:
        """Drop every annotation and match (the text changed)."""
        self._annotations = {}
        self.annotation_index = _AnnotationIndex()
        self.matches = []
        self.match_index = _SpanIndex([])
        self.current_match = None

    @property
    def annotation_spans(self) -> list[ArticleSpan]:
        """The annotations, in (start, end, key) order."""
        return sorted(
            (span for spans in self._annotations.values() for span in spans), key=_SPAN_ORDER
        )

    def set_annotations(self, annotations: Iterable[ArticleSpan]) -> list[tuple[int, int]] | None:
        """Replace the annotations; the spans of those added or removed, or None when every row
        is to be drawn again (the first paint, or none left: no diff is worth making)."""
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
        self.annotation_index = _AnnotationIndex(sorted(new, key=_SPAN_ORDER))
        if not old or not new:
            return None
        changed = set(old).symmetric_difference(new)
        return [(span.start, span.end) for span in changed]

    def update_annotations(
        self, added: Iterable[ArticleSpan], removed: Iterable[int]
    ) -> list[tuple[int, int]]:
        """Remove the annotations with the ``removed`` keys, then add ``added``, touching only
        their index buckets; the spans of both."""
        index = self.annotation_index
        touched: list[tuple[int, int]] = []
        for key in removed:
            for span in self._annotations.pop(key, ()):
                index.remove(span)
                touched.append((span.start, span.end))
        for span in added:
            self._annotations.setdefault(span.key, []).append(span)
            index.add(span)
            touched.append((span.start, span.end))
        return touched

    def set_matches(
        self, matches: Sequence[tuple[int, int]], current: int | None
    ) -> list[tuple[int, int]]:
        """Replace the search matches (sorted) and the current one; the spans whose look
        changed (matches added or removed, the current one before and after)."""
        old = self.matches
        old_current = self.current_match
        new = list(matches)
        self.matches = new
        self.match_index = _SpanIndex(new)
        self.current_match = current if current is not None and 0 <= current < len(new) else None
        changed = set(old).symmetric_difference(new)
        for index, spans in ((old_current, old), (self.current_match, new)):
            if index is not None and index < len(spans):
                changed.add(spans[index])
        return list(changed)
