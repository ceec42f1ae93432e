"""The offset map of the rendered Markdown view: source offsets <-> shown offsets.

The rendered view (:mod:`briefreader.text.markdown_view`) is the source text with some
stretches *concealed* (markup such as ``**`` or ``# ``) and some *virtual* text inserted (a
bullet, a quote bar, table padding). The parsers record that as :class:`Edits`: a list of
non-overlapping ``(start, end, virtual, style)`` operations, each hiding source ``[start, end)``
and showing ``virtual`` in its place (either side may be empty). Everything no operation covers
is *real*: shown as it is, one character for one character.

:func:`assemble` turns the edits into the shown text and an :class:`OffsetMap`, which stores
only the real runs (``src_start``, ``shown_start``, ``length``), sorted in both coordinates.
Between two real runs there is a *gap*: concealed source on one side, virtual text on the
other (or both, for a replacement). Every lookup is a bisection over the runs, so a 1 MB brief
costs a few lists of ints, not a list per character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

#: ``(start, end, virtual, style)``: source ``[start, end)`` concealed and ``virtual`` shown in
#: its place, styled ``style`` ("" for none).
Op = tuple[int, int, str, str]
#: ``(start, end, name)``: a style over ``[start, end)``.
StyleSpan = tuple[int, int, str]

_SPACE = re.compile(r"\s")


@dataclass(slots=True)
class Edits:
    """What the parsers decided, in source offsets: operations, styles over real text, links
    and hanging indents. Operations may be recorded in any order but must not overlap."""

    ops: list[Op] = field(default_factory=list)
    #: Styles over source text (mapped to the shown text at the end).
    styles: list[StyleSpan] = field(default_factory=list)
    #: ``(start, end, url, is_image)`` in source offsets: a link's text, a whole image.
    links: list[tuple[int, int, str, bool]] = field(default_factory=list)
    #: ``(source line start, cells)`` for list items and block quotes.
    hanging: list[tuple[int, int]] = field(default_factory=list)
    #: ``(start, end)`` of each paragraph, heading and table cell's text, in source offsets.
    blocks: list[tuple[int, int]] = field(default_factory=list)

    def hide(self, start: int, end: int, virtual: str = "", style: str = "") -> None:
        """Conceal source ``[start, end)`` and show ``virtual`` (styled ``style``) instead."""
        if end > start or virtual:
            self.ops.append((start, end, virtual, style))

    def style(self, start: int, end: int, name: str) -> None:
        """Style the real text of source ``[start, end)``."""
        if end > start:
            self.styles.append((start, end, name))


class OffsetMap:
    """Source <-> shown offsets through the real runs.

    Real characters map one to one. A concealed source character maps to the shown position of
    the next real character; a virtual character maps to the nearer end of the concealed source
    it stands in for (ties go forward). Both directions are monotonic.
    """

    __slots__ = ("_dst", "_len", "_src", "shown_length", "source_length")

    def __init__(
        self, src: list[int], dst: list[int], lengths: list[int], source_len: int, shown_len: int
    ) -> None:
        self._src = src
        self._dst = dst
        self._len = lengths
        self.source_length = source_len
        self.shown_length = shown_len

    # -- single offsets ---------------------------------------------------------------------

    def to_shown(self, src: int) -> int:
        """The shown offset of source offset ``src``; a concealed one gives the shown offset of
        the next real character (the end of the shown text if there is none)."""
        src = min(max(src, 0), self.source_length)
        i = bisect_right(self._src, src) - 1
        if i >= 0 and src < self._src[i] + self._len[i]:
            return self._dst[i] + src - self._src[i]
        return self._dst[i + 1] if i + 1 < len(self._src) else self.shown_length

    def to_shown_end(self, src: int) -> int:
        """The shown offset just after the last real character before source offset ``src``:
        where a span ending at ``src`` ends on screen."""
        src = min(max(src, 0), self.source_length)
        i = bisect_right(self._src, src - 1) - 1 if src > 0 else -1
        if i < 0:
            return 0
        return self._dst[i] + min(src - self._src[i], self._len[i])

    def to_source(self, shown: int) -> int:
        """The source offset of shown offset ``shown``; a virtual character gives the nearer
        edge of the concealed source around it (ties: the next real character)."""
        shown = min(max(shown, 0), self.shown_length)
        i = bisect_right(self._dst, shown) - 1
        if i >= 0 and shown < self._dst[i] + self._len[i]:
            return self._src[i] + shown - self._dst[i]
        gap_start, src_before = (
            (self._dst[i] + self._len[i], self._src[i] + self._len[i]) if i >= 0 else (0, 0)
        )
        if i + 1 < len(self._src):
            gap_end, src_after = self._dst[i + 1], self._src[i + 1]
        else:
            gap_end, src_after = self.shown_length, self.source_length
        if shown >= gap_end:
            return src_after
        return src_before if shown - gap_start < gap_end - shown else src_after

    def is_virtual(self, shown: int) -> bool:
        """True if the shown character at ``shown`` has no source character (a bullet, a bar,
        padding, a rule). The end of the text is not virtual."""
        if shown < 0 or shown >= self.shown_length:
            return False
        i = bisect_right(self._dst, shown) - 1
        return not (i >= 0 and shown < self._dst[i] + self._len[i])

    def is_concealed(self, src: int) -> bool:
        """True if the source character at ``src`` is hidden in the shown text."""
        if src < 0 or src >= self.source_length:
            return False
        i = bisect_right(self._src, src) - 1
        return not (i >= 0 and src < self._src[i] + self._len[i])

    def next_real(self, shown: int) -> int:
        """``shown`` if it is real (or the end), else the next real shown offset: where a
        cursor moving forward over virtual characters lands."""
        shown = min(max(shown, 0), self.shown_length)
        i = bisect_right(self._dst, shown) - 1
        if i >= 0 and shown < self._dst[i] + self._len[i]:
            return shown
        return self._dst[i + 1] if i + 1 < len(self._dst) else self.shown_length

    def prev_real(self, shown: int) -> int:
        """``shown`` if it is real, else the last real shown offset before it: where a cursor
        moving back over virtual characters lands (the first real offset if none is before)."""
        last = self._last_real_before(min(max(shown, 0), self.shown_length) + 1)
        return self.next_real(0) if last is None else last

    def _last_real_before(self, shown_end: int) -> int | None:
        """The last real shown offset below ``shown_end``, or None."""
        i = bisect_right(self._dst, shown_end - 1) - 1
        if i < 0 or shown_end <= 0:
            return None
        return min(shown_end - 1, self._dst[i] + self._len[i] - 1)

    def virtual_runs(self) -> list[tuple[int, int]]:
        """Every stretch of virtual characters, ``(start, end)`` in shown offsets, in order."""
        runs: list[tuple[int, int]] = []
        pos = 0
        for start, length in zip(self._dst, self._len, strict=True):
            if start > pos:
                runs.append((pos, start))
            pos = start + length
        if pos < self.shown_length:
            runs.append((pos, self.shown_length))
        return runs

    def concealed_runs(self) -> list[tuple[int, int]]:
        """Every stretch of concealed source, ``(start, end)`` in source offsets, in order."""
        runs: list[tuple[int, int]] = []
        pos = 0
        for start, length in zip(self._src, self._len, strict=True):
            if start > pos:
                runs.append((pos, start))
            pos = start + length
        if pos < self.source_length:
            runs.append((pos, self.source_length))
        return runs

    # -- spans ------------------------------------------------------------------------------

    def map_spans(self, spans: Iterable[Sequence[Any]]) -> list[tuple[int, int]]:
        """:meth:`to_shown` of each span's start and :meth:`to_shown_end` of its end, for
        many spans at once (an end may come out before its start: nothing real in it)."""
        src, dst, lengths = self._src, self._dst, self._len
        count = len(src)
        shown_length = self.shown_length
        out: list[tuple[int, int]] = []
        add = out.append
        for span in spans:
            start, end = span[0], span[1]
            i = bisect_right(src, start) - 1
            if i >= 0 and start < src[i] + lengths[i]:
                shown_start = dst[i] + start - src[i]
            else:
                shown_start = dst[i + 1] if i + 1 < count else shown_length
            j = bisect_right(src, end - 1) - 1 if end > 0 else -1
            add((shown_start, dst[j] + min(end - src[j], lengths[j]) if j >= 0 else 0))
        return out

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """The source span of a span selected on screen: from its first real character to just
        after its last one, so it never starts or ends inside concealed markup. A span with no
        real character gives an empty span."""
        if end < start:
            start, end = end, start
        first = self.next_real(start)
        src_start = self.to_source(first)
        last = self._last_real_before(end)
        if last is None or last < first:
            return src_start, src_start
        return src_start, self.to_source(last) + 1

    def span_to_shown(self, start: int, end: int) -> tuple[int, int]:
        """Where a source span (an annotation, a search match) is painted: from its first real
        character to after its last. A span of concealed markup only gives an empty span."""
        if end < start:
            start, end = end, start
        shown_start = self.to_shown(start)
        shown_end = self.to_shown_end(end) if end > start else shown_start
        return (shown_start, shown_end) if shown_end > shown_start else (shown_start, shown_start)

    def _trim(self, text: str, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` of the source ``text`` with concealed markup and whitespace taken
        off both edges; markup inside the span stays."""
        start = max(start, 0)
        end = min(end, self.source_length)
        while start < end:
            if self.is_concealed(start):
                nxt = self._next_real_source(start)
                start = min(nxt, end)
            elif _SPACE.match(text, start):
                start += 1
            else:
                break
        while end > start:
            if self.is_concealed(end - 1):
                end = max(self._prev_real_source_end(end - 1), start)
            elif _SPACE.match(text, end - 1):
                end -= 1
            else:
                break
        return start, end

    def _next_real_source(self, src: int) -> int:
        i = bisect_right(self._src, src)
        return self._src[i] if i < len(self._src) else self.source_length

    def _prev_real_source_end(self, src: int) -> int:
        i = bisect_right(self._src, src) - 1
        return self._src[i] + self._len[i] if i >= 0 else 0


class Assembled(NamedTuple):
    """The shown text, its real runs (see :class:`OffsetMap`) and its virtual text's styles."""

    shown: str
    src: list[int]
    dst: list[int]
    lengths: list[int]
    virtual_styles: list[StyleSpan]


def assemble(source: str, edits: Edits) -> Assembled:
    """The shown text, its real runs and the styles of its virtual text, from ``edits``.

    An operation overlapping an earlier one is dropped (its markup is then shown as source): a
    safety net, so that the map stays consistent whatever a parser got wrong.
    """
    ops = sorted(edits.ops, key=itemgetter(0, 1))
    pieces: list[str] = []
    add = pieces.append
    src: list[int] = []
    dst: list[int] = []
    lengths: list[int] = []
    virtual_styles: list[StyleSpan] = []
    pos = 0
    out = 0
    for start, end, virtual, style in ops:
        if start < pos:
            continue
        if start > pos:
            add(source[pos:start])
            src.append(pos)
            dst.append(out)
            lengths.append(start - pos)
            out += start - pos
        if virtual:
            add(virtual)
            if style:
                virtual_styles.append((out, out + len(virtual), style))
            out += len(virtual)
        pos = end
    if pos < len(source):
        add(source[pos:])
        src.append(pos)
        dst.append(out)
        lengths.append(len(source) - pos)
        out += len(source) - pos
    return Assembled("".join(pieces), src, dst, lengths, virtual_styles)
