"""Sentences: their spans, the sentence at a position, and ``)``/``(`` navigation.

Scans start a little before the position asked about and widen as needed, so a lookup costs
the same in a small brief and a 5 MB one; a "sentence" with no end within
:data:`MAX_SENTENCE_SCAN` characters is not searched to its end.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from briefreader.text.boundaries.common import Span, _anchor, _clamp, _rstrip_end, _skip_space
from briefreader.text.boundaries.sentence_rules import _CANDIDATE, _SOFT, _accept

#: How far sentence navigation searches for a sentence boundary before giving up and stopping
#: at a word start; only text with no sentence ends for this long is affected.
MAX_SENTENCE_SCAN = 1 << 14

_WORD_AFTER_SPACE = re.compile(r"\s\S")


# --- sentence starts --------------------------------------------------------------------------


def _back_over_soft(text: str, pos: int) -> int:
    """``pos`` moved left over whitespace and terminator/closer characters, so that a scan from
    there sees every candidate that could bear on ``pos`` whole."""
    while pos > 0 and (text[pos - 1].isspace() or text[pos - 1] in _SOFT):
        pos -= 1
    return pos


def _starts_after(text: str, pos: int, limit: int | None = None) -> Iterator[int]:
    """Sentence starts greater than ``pos``, in order. With ``limit``, looks no further than
    about ``limit`` characters past ``pos`` and then yields -1 (unless the text ended first)."""
    n = len(text)
    last = pos
    first = _skip_space(text, 0)
    if pos < first < n:
        yield first
        last = first
    # With a limit, the regex never looks further than it: a long stretch with no candidate at
    # all would otherwise be scanned to the end of the text.
    endpos = n if limit is None else min(n, _skip_space(text, pos) + limit)
    for m in _CANDIDATE.finditer(text, _back_over_soft(text, pos), endpos):
        if limit is not None and m.start() > last + limit:
            yield -1
            return
        if m.end() >= endpos - 1 and endpos < n:
            m2 = _CANDIDATE.match(text, m.start())  # the limit cut it short
            if m2 is None:
                continue
            m = m2
        ns = _accept(text, m)
        if ns is not None and last < ns < n:
            yield ns
            last = ns
    if endpos < n:
        yield -1


def _last_start_at_or_before(text: str, pos: int, capped: bool) -> int | None:
    """The greatest sentence start ``<= pos``, or None if ``pos`` precedes the first one."""
    n = len(text)
    first = _skip_space(text, 0)
    if first > pos or first >= n:
        return None
    width = 256
    while True:
        lo = pos - width
        if lo <= first:
            lo = 0
        else:
            while lo <= pos and (text[lo - 1].isspace() or text[lo - 1] in _SOFT):
                lo += 1
        # Past the whitespace after pos, so that no candidate bearing on pos is cut short.
        endpos = min(n, _skip_space(text, pos) + 64)
        cands: list[re.Match[str]] = []
        if lo <= pos:
            for m in _CANDIDATE.finditer(text, lo, endpos):
                if m.start() >= pos:
                    break
                cands.append(m)
        for cand in reversed(cands):
            m2: re.Match[str] | None = cand
            if cand.end() >= endpos and endpos < n:
                m2 = _CANDIDATE.match(text, cand.start())  # the window cut it short
            if m2 is None:
                continue
            ns = _accept(text, m2)
            if ns is not None and ns <= pos:
                return ns
        if lo == 0:
            return first
        if capped and width >= MAX_SENTENCE_SCAN:
            return _word_start_after(text, lo, pos)
        width *= 4


def _word_start_after(text: str, lo: int, pos: int) -> int:
    """A fallback start for over-long sentences: the first whitespace-preceded character in
    ``[lo, pos]``, else ``pos``."""
    m = _WORD_AFTER_SPACE.search(text, lo, pos + 1)
    return m.start() + 1 if m else pos


def _next_start(text: str, pos: int, capped: bool) -> int:
    n = len(text)
    for ns in _starts_after(text, pos, MAX_SENTENCE_SCAN if capped else None):
        if ns < 0:
            nxt = _WORD_AFTER_SPACE.search(text, pos + MAX_SENTENCE_SCAN)
            return nxt.start() + 1 if nxt else n
        return ns
    return n


# --- public API: sentences --------------------------------------------------------------------


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of ``text`` that overlap ``[start, end)``, clipped to it (and trimmed).

    With ``start``/``end`` on paragraph or sentence boundaries (the usual case) these are
    exactly the sentences inside the range.
    """
    n = len(text)
    start = _clamp(text, start)
    end = n if end is None else _clamp(text, end)
    if start >= end:
        return []
    first = _last_start_at_or_before(text, start, capped=False)
    if first is None:
        first = _skip_space(text, start)
        if first >= end:
            return []
    starts = [first]
    bound = n
    for ns in _starts_after(text, first):
        if ns >= end:
            bound = ns
            break
        starts.append(ns)
    starts.append(bound)
    spans: list[Span] = []
    for a, b in itertools.pairwise(starts):
        if a < start:
            a = _skip_space(text, start)
        b = _rstrip_end(text, a, min(b, end))
        if a < b:
            spans.append((a, b))
    return spans


def sentence_at(text: str, pos: int) -> Span | None:
    """The sentence containing ``pos`` (on whitespace: the next one, or the last one at the end
    of the text); None if the text is blank."""
    q = _anchor(text, pos)
    if q is None:
        return None
    s = _last_start_at_or_before(text, q, capped=True)
    assert s is not None  # q is visible, so some sentence starts at or before it
    e = _next_start(text, q, capped=True)
    return (s, _rstrip_end(text, s, e))


def next_sentence_start(text: str, pos: int) -> int:
    """The start of the first sentence after ``pos``; ``len(text)`` if there is none."""
    pos = _clamp(text, pos)
    if pos >= len(text):
        return len(text)
    return _next_start(text, pos, capped=True)


def prev_sentence_start(text: str, pos: int) -> int:
    """The start of the sentence containing ``pos`` if ``pos`` is inside it, else of the one
    before (vim's ``(``); 0 if there is none."""
    pos = _clamp(text, pos)
    if pos == 0:
        return 0
    s = _last_start_at_or_before(text, pos - 1, capped=True)
    return 0 if s is None else s
