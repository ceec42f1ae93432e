"""Words: the word pattern, word spans and counts, the word at a position, ``w``/``b`` moves.

The word pattern spells out every letter of the Basic Multilingual Plane as explicit ranges
(fast to match, built on first use); a CJK ideograph or kana is a word on its own.
"""

from __future__ import annotations

import array
import functools
import re
import unicodedata

from briefreader.text.boundaries.common import Span, _clamp

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_CONNECTORS = "’'.@/&_\\-‐‑"
_URL = r"(?:https?|ftp)://[^\s<>\"“”‘’]*[^\s<>\"“”‘’.,;:!?)\]}'*]"
# Supplementary-plane letters (historic scripts, mathematical alphanumerics) are taken wholesale;
# emoji and other symbols above U+1F000 are not words.
_ASTRAL_LETTERS = "\U00010000-\U0001efff"


def _class_of(ranges: list[tuple[int, int]]) -> str:
    """A regex character class body for inclusive code point ``ranges``.

    Literal characters, not ``\\uXXXX`` escapes: the regex parser is several times slower on
    thousands of escapes."""

    def lit(cp: int) -> str:
        return "\\" + chr(cp) if chr(cp) in "\\]^-[" else chr(cp)

    return "".join(lit(a) if a == b else f"{lit(a)}-{lit(b)}" for a, b in ranges)


@functools.cache
def _word_re() -> re.Pattern[str]:
    """The word pattern, built on first use (some tens of ms, not worth paying on import).

    Word characters are spelled out as explicit ranges rather than ``[^\\W_]``: the regex engine
    tests an explicit class with a bitmap, about twice as fast as a Unicode category lookup,
    which is what keeps counting a 5 MB brief well under 300 ms. Combining marks are added
    because ``\\w`` misses them: without them Devanagari or vocalised Arabic words would fall
    apart at every vowel sign.
    """
    bmp = array.array("I", range(0x10000)).tobytes().decode("utf-32-le", "surrogatepass")
    letters = [(m.start(), m.end() - 1) for m in re.finditer(rf"[^\W_{_CJK}]+", bmp)]
    marks: list[tuple[int, int]] = []
    for lo, hi in ((0x300, 0x1E00), (0x20D0, 0x2100), (0xA670, 0x10000)):
        for m in re.finditer(r"[^\w\s]", bmp[lo:hi]):
            if unicodedata.category(m.group())[0] == "M":
                cp = lo + m.start()
                if marks and marks[-1][1] == cp - 1:
                    marks[-1] = (marks[-1][0], cp)
                else:
                    marks.append((cp, cp))
    word = f"[{_class_of(letters)}{_ASTRAL_LETTERS}]"
    mark = f"[{_class_of(marks)}\\u200c\\u200d]"
    run = rf"{word}+(?:{mark}+{word}*)*"
    # A comma joins digits only: "1,000" is one word, "Moscow,Islamabad" two.
    joint = rf"(?:[{_CONNECTORS}]|(?<=\d),(?=\d))"
    return re.compile(rf"{_URL}|[{_CJK}]|{run}(?:{joint}{run})*")


@functools.cache
def _phrase_re() -> re.Pattern[str]:
    """Words joined by single spaces or newlines: counting these and the separators inside them
    gives the word count with several times fewer regex matches than counting words."""
    word = _word_re().pattern
    return re.compile(rf"(?:{word})(?:[ \n](?:{word}))*")


def _chunk_start(text: str, pos: int) -> int:
    """A position ``<= pos`` just after whitespace (or 0), where a word scan starts cleanly:
    words never contain whitespace. Tokens longer than 4 KB are cut (then words in them may be
    split differently, which only matters for absurd input)."""
    width = 64
    while True:
        lo = max(0, pos - width)
        seg = text[lo:pos]
        if not seg or seg[-1].isspace():
            return pos
        parts = seg.rsplit(None, 1)
        if len(parts) == 2 or seg[0].isspace() or lo == 0:
            return pos - len(parts[-1])
        if width >= 4096:
            return lo
        width *= 4


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The words of ``text`` that overlap ``[start, end)``, clipped to it."""
    start = _clamp(text, start)
    end = len(text) if end is None else _clamp(text, end)
    if start >= end:
        return []
    spans: list[Span] = []
    for m in _word_re().finditer(text, _chunk_start(text, start)):
        a, b = m.span()
        if a >= end:
            break
        if b > start:
            spans.append((max(a, start), min(b, end)))
    return spans


def count_words(text: str) -> int:
    """The number of words in ``text`` (the same words :func:`word_spans` finds)."""
    phrases = _phrase_re().findall(text)
    # Words never contain spaces or newlines, so each one inside a phrase is a separator.
    joined = "\x00".join(phrases)
    return len(phrases) + joined.count(" ") + joined.count("\n")


def _last_word_start_before(text: str, pos: int) -> int | None:
    width = 64
    while True:
        lo = _chunk_start(text, max(0, pos - width))
        last = None
        for m in _word_re().finditer(text, lo, pos):
            last = m.start()
        if last is not None:
            return last
        if lo == 0:
            return None
        width *= 4


def word_at(text: str, pos: int) -> Span | None:
    """The word containing ``pos`` (elsewhere: the next word, or the last one at the end of the
    text); None if the text has no words."""
    pos = _clamp(text, pos)
    for m in _word_re().finditer(text, _chunk_start(text, pos)):
        if m.end() > pos:
            return m.span()
    s = _last_word_start_before(text, pos)
    if s is None:
        return None
    m2 = _word_re().match(text, s)
    assert m2 is not None
    return m2.span()


def next_word_start(text: str, pos: int) -> int:
    """The start of the first word after ``pos``; ``len(text)`` if there is none."""
    pos = _clamp(text, pos)
    for m in _word_re().finditer(text, _chunk_start(text, pos)):
        if m.start() > pos:
            return m.start()
    return len(text)


def prev_word_start(text: str, pos: int) -> int:
    """The start of the word containing ``pos`` if ``pos`` is inside it, else of the word before;
    0 if there is none."""
    pos = _clamp(text, pos)
    if pos == 0:
        return 0
    s = _last_word_start_before(text, pos)
    return 0 if s is None else s
