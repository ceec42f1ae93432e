"""What the article view paints over the text besides tokens: the annotations (in an offset
index), the search matches (with the current one) and the suggested claims. Each change reports
the offset spans whose rows must be drawn again; the view forgets those rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any

from briefreader.tui.widgets.article.spans import (
    ArticleSpan,
    KeyOf,
    Painted,
    _AnnotationIndex,
    _SpanIndex,
)

#: How a painted object's colour is read (an ArticleSpan's own).
ColorOf = Callable[[Any], str | None]

#: Where an annotation was painted: its key, start and end.
Place = tuple[int, int, int]


class Marks:
    """The annotations and search matches painted now."""

    def __init__(self) -> None:
        # The annotations are held only in their offset index (no dict by key as well: 12 MB
        # less with 100,000 annotations, benchmarks/bench_scale.py); one is removed by its
        # key and place, which the caller knows. What is painted may be the caller's own
        # records (no span object per annotation: 8 MB less), read with key_of / color_of.
        self.key_of: KeyOf = attrgetter("key")
        self.color_of: ColorOf = attrgetter("color")
        self.annotation_index = _AnnotationIndex(key_of=self.key_of)
        self.matches: list[tuple[int, int]] = []
        self.match_index = _SpanIndex([])
        self.current_match: int | None = None
        self.suggestions: list[tuple[int, int]] = []
        self.suggestion_index = _SpanIndex([])

    def paint_with(self, key_of: KeyOf, color_of: ColorOf) -> None:
        """Read the painted objects' keys and colours with these (before any is given)."""
        self.key_of, self.color_of = key_of, color_of
        self.annotation_index = _AnnotationIndex(self.annotation_index.spans(), key_of)

    def clear(self) -> None:
        """Drop every annotation and match (the text changed)."""
        self.annotation_index = _AnnotationIndex(key_of=self.key_of)
        self.matches = []
        self.match_index = _SpanIndex([])
        self.current_match = None
        self.suggestions = []
        self.suggestion_index = _SpanIndex([])

    @property
    def annotation_spans(self) -> list[ArticleSpan]:
        """The annotations as painted, in (start, end, key) order."""
        return [self._as_span(s) for s in self.annotation_index.spans()]

    def _as_span(self, painted: Painted) -> ArticleSpan:
        return ArticleSpan(
            painted.start, painted.end, painted.kind, self.color_of(painted), self.key_of(painted)
        )

    def set_annotations(self, annotations: Iterable[Painted]) -> list[tuple[int, int]] | None:
        """Replace the annotations; the spans of those added or removed, or None when every row
        is to be drawn again (the first paint, or none left: no diff is worth making)."""
        new = list(annotations)
        old = self.annotation_index.spans()
        self.annotation_index = _AnnotationIndex(new, self.key_of)
        if not old or not new:
            return None
        changed = {self._as_span(s) for s in old}.symmetric_difference(map(self._as_span, new))
        return [(span.start, span.end) for span in changed]

    def update_annotations(
        self, added: Iterable[Painted], removed: Iterable[Place]
    ) -> list[tuple[int, int]]:
        """Remove the annotations at the ``removed`` places (key, start, end: as they were
        given), then add ``added``, touching only their index buckets; the spans of both."""
        index = self.annotation_index
        touched: list[tuple[int, int]] = []
        for key, start, end in removed:
            for span in index.take(key, start, end):
                touched.append((span.start, span.end))
        for span in added:
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

    def set_suggestions(self, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Replace the suggested claims (sorted spans); the spans whose look changed."""
        old = self.suggestions
        self.suggestions = list(spans)
        self.suggestion_index = _SpanIndex(self.suggestions)
        return list(set(old).symmetric_difference(self.suggestions))
