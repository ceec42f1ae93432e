"""Annotation spans as the article view paints them, and the offset indexes that find the spans
touching one row without scanning them all (100,000 annotations cost a dictionary lookup or two
per drawn row)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any, NamedTuple, Protocol


class ArticleSpan(NamedTuple):
    """An annotation as the view paints it: offsets, kind, optional colour, and the caller's key.
    (A tuple: 100,000 of them are made in a fraction of a dataclass's time.)"""

    start: int
    end: int
    kind: str
    color: str | None
    key: int


_SPAN_ORDER = attrgetter("start", "end", "key")


class Painted(Protocol):
    """What the view paints: an :class:`ArticleSpan`, or any object with these (the reader
    gives its annotation records themselves: no second object per annotation). Its key and
    colour are read through the view's ``key_of`` and ``color_of``."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...


#: How a painted object's key is read (an ArticleSpan's own).
KeyOf = Callable[[Any], int]


class _SpanIndex:
    """Spans bucketed by offset, so the spans touching one row are found without a scan.

    10,000 annotations or search matches cost one dictionary lookup or two per drawn row.
    """

    BUCKET = 2048

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = spans
        buckets: dict[int, list[int]] = {}
        size = self.BUCKET
        for index, (start, end) in enumerate(spans):
            if end > start:
                for bucket in range(start // size, (end - 1) // size + 1):
                    buckets.setdefault(bucket, []).append(index)
        self._buckets = buckets

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indices of spans overlapping ``[start, end)``, in index order."""
        if not self._buckets or end <= start:
            return []
        size = self.BUCKET
        found: set[int] = set()
        spans = self.spans
        for bucket in range(start // size, (end - 1) // size + 1):
            for index in self._buckets.get(bucket, ()):
                span_start, span_end = spans[index]
                if span_start < end and span_end > start:
                    found.add(index)
        return sorted(found)


class _AnnotationIndex:
    """Annotations bucketed by offset, holding the painted objects themselves (not list
    positions), so one is added or removed by touching only the buckets it covers."""

    BUCKET = 2048

    def __init__(self, spans: Iterable[Painted] = (), key_of: KeyOf = attrgetter("key")) -> None:
        self._buckets: dict[int, list[Any]] = {}
        self._key_of = key_of
        self._order: Callable[[Any], tuple[int, int, int]] = lambda s: (
            s.start,
            s.end,
            key_of(s),
        )
        # add() for each, written out (100,000 annotations: half the time).
        size = self.BUCKET
        buckets = self._buckets
        get = buckets.get
        for span in spans:
            start, end = span.start, span.end
            if end <= start:
                continue
            for bucket in range(start // size, (end - 1) // size + 1):
                found = get(bucket)
                if found is None:
                    buckets[bucket] = [span]
                else:
                    found.append(span)

    def add(self, span: Painted) -> None:
        if span.end <= span.start:
            return
        size = self.BUCKET
        buckets = self._buckets
        for bucket in range(span.start // size, (span.end - 1) // size + 1):
            found = buckets.get(bucket)
            if found is None:
                buckets[bucket] = [span]
            else:
                found.append(span)

    def remove(self, span: Painted) -> None:
        if span.end <= span.start:
            return
        size = self.BUCKET
        buckets = self._buckets
        for bucket in range(span.start // size, (span.end - 1) // size + 1):
            found = buckets.get(bucket)
            if found is None:
                continue
            # By identity: an equal span given twice is painted twice, and removed once.
            for position, held in enumerate(found):
                if held is span:
                    del found[position]
                    break
            if not found:
                del buckets[bucket]

    def take(self, key: int, start: int, end: int) -> list[Any]:
        """Remove the spans with this key on ``[start, end)``; the spans removed."""
        if end <= start:
            return []
        key_of = self._key_of
        found = [
            span
            for span in self._buckets.get(start // self.BUCKET, ())
            if key_of(span) == key and span.start == start and span.end == end
        ]
        for span in found:
            self.remove(span)
        return found

    def spans(self) -> list[Any]:
        """Every span held, each once, in (start, end, key) order."""
        unique = {id(span): span for found in self._buckets.values() for span in found}
        return sorted(unique.values(), key=self._order)

    def overlapping(self, start: int, end: int) -> list[Any]:
        """Spans overlapping ``[start, end)``, in (start, end, key) order."""
        if not self._buckets or end <= start:
            return []
        size = self.BUCKET
        first, last = start // size, (end - 1) // size
        buckets = self._buckets
        if first == last:
            found = [s for s in buckets.get(first, ()) if s.start < end and s.end > start]
        else:
            unique: dict[int, Any] = {}
            for bucket in range(first, last + 1):
                for span in buckets.get(bucket, ()):
                    if span.start < end and span.end > start:
                        unique[id(span)] = span
            found = list(unique.values())
        if len(found) > 1:
            found.sort(key=self._order)
        return found
