"""Paragraphs: their spans, the paragraph at a position, and ``}``/``{`` navigation.

A paragraph is a run of non-blank lines. Lookups search locally for blank lines; a paragraph
longer than 32 KB is looked up in an index of the whole text, cached for the last two texts.
"""

from __future__ import annotations

import bisect
import functools
import re

from briefreader.text.boundaries.common import Span, _anchor, _clamp, _rstrip_end, _skip_space

_PARA_SEP = re.compile(r"\n[^\S\n]*\n")
_PARA_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_PARAGRAPH = re.compile(r"\S(?:[^\n]*\S)?(?:[^\S\n]*\n[^\S\n]*\S(?:[^\n]*\S)?)*")


def paragraph_spans(text: str) -> list[Span]:
    """Every paragraph of ``text``, trimmed."""
    return [m.span() for m in _PARAGRAPH.finditer(text)]


#: How far paragraph navigation searches for a blank line before consulting the paragraph index.
_PARA_LOCAL = 1 << 15


@functools.lru_cache(maxsize=2)
def _paragraph_index(text: str) -> tuple[list[int], list[int]]:
    """Paragraph starts and ends of ``text``, for texts with paragraphs too long to search
    locally. Cached for the last two texts: the app asks about the same document on every
    keypress, and a 5 MB hard-wrapped paragraph would otherwise cost a full scan each time."""
    spans = paragraph_spans(text)
    return [s for s, _ in spans], [e for _, e in spans]


def _para_start_at_or_before(text: str, pos: int) -> int | None:
    """The greatest paragraph start ``<= pos``, or None if ``pos`` precedes the first one."""
    lo = max(0, pos - _PARA_LOCAL)
    # str.rfind is far faster than the regex engine on a long paragraph with no newline.
    if text.rfind("\n", lo, pos) != -1:
        last = None
        for m in _PARA_BREAK.finditer(text, lo, pos + 1):
            if m.end() <= pos:  # longer ones were cut by endpos: they end after pos
                last = m.end()
        if last is not None:
            return last
    if lo == 0:
        first = _skip_space(text, 0)
        return first if first <= pos and first < len(text) else None
    starts = _paragraph_index(text)[0]
    i = bisect.bisect_right(starts, pos)
    return starts[i - 1] if i else None


def _para_start_after(text: str, pos: int) -> int:
    """The smallest paragraph start ``> pos``, or ``len(text)``."""
    n = len(text)
    first = _skip_space(text, 0)
    if pos < first:
        return first
    lo = pos
    while lo > 0 and text[lo - 1].isspace():
        lo -= 1
    hi = min(n, pos + _PARA_LOCAL)
    if text.find("\n", lo, hi) != -1:
        for m in _PARA_BREAK.finditer(text, lo, hi):
            if m.end() > pos:
                if m.end() < hi or hi == n:
                    return min(m.end(), n)
                break  # the blank lines run on past hi: ask the index
        else:
            if hi == n:
                return n
    elif hi == n:
        return n
    starts = _paragraph_index(text)[0]
    i = bisect.bisect_right(starts, pos)
    return starts[i] if i < len(starts) else n


def _para_end_after(text: str, q: int) -> int:
    """The end of the paragraph containing the visible character at ``q``."""
    n = len(text)
    hi = min(n, q + _PARA_LOCAL)
    m = _PARA_SEP.search(text, q, hi) if text.find("\n", q, hi) != -1 else None
    if m is not None:
        return _rstrip_end(text, q, m.start())
    if hi == n:
        return _rstrip_end(text, q, n)
    starts, ends = _paragraph_index(text)
    return ends[bisect.bisect_right(starts, q) - 1]


def paragraph_at(text: str, pos: int) -> Span | None:
    """The paragraph containing ``pos`` (on whitespace: the next one, or the last one at the end
    of the text); None if the text is blank."""
    q = _anchor(text, pos)
    if q is None:
        return None
    s = _para_start_at_or_before(text, q)
    assert s is not None  # q is visible, so some paragraph starts at or before it
    return (s, _para_end_after(text, q))


def next_paragraph_start(text: str, pos: int) -> int:
    """The start of the first paragraph after ``pos``; ``len(text)`` if there is none."""
    return _para_start_after(text, _clamp(text, pos))


def prev_paragraph_start(text: str, pos: int) -> int:
    """The start of the paragraph containing ``pos`` if ``pos`` is inside it, else of the one
    before (vim's ``{`` lands on the blank line; here it lands on the text); 0 if none."""
    pos = _clamp(text, pos)
    if pos == 0:
        return 0
    s = _para_start_at_or_before(text, pos - 1)
    return 0 if s is None else s
