"""Line-breaking rules for Chinese and Japanese text (kinsoku): where a wrapped row may end.

:mod:`briefreader.text.layout` wraps Latin text after spaces. A line holding CJK characters
also needs breaks between ideographs and kana (they are written without spaces), and the
prohibitions every CJK typesetter applies: no row begins with a closing bracket or a comma
("，" or "。" at a row start), none ends with an opening bracket ("「" at a row end), and pairs
such as "——" or "……" are not split. Rows only ever end earlier than the width allows, so every
offset keeps its character and the rows still cover the text exactly.

The character classes are those of W3C *Requirements for Japanese Text Layout* (JLREQ,
Appendix A, from JIS X 4051) and *Requirements for Chinese Text Layout* (clreq 6.1.1 and
6.1.2, from GB/T 15834):

* Not at a row start: closing brackets (cl-02), hyphens (cl-03), dividing punctuation (cl-04),
  middle dots (cl-05), full stops (cl-06), commas (cl-07), iteration marks (cl-09), the
  prolonged sound mark (cl-10), small kana (cl-11); clreq adds the connector "～" and the
  interpuncts "·" and "‧"; the halfwidth katakana forms of the same marks are included.
* Not at a row end: opening brackets (cl-01).
* Not split: a pair of inseparable marks (cl-08: "——", "……", "‥‥", "〳〵"), a run of digits,
  a prefix and its number ("¥100", cl-12) and a number and its suffix ("50％", cl-13).
* A one-cell character of those classes (ASCII ", . : ; ? ! ) ] }", curly quotes, "«»")
  counts only next to a CJK character across the break, so Latin text keeps its own rules.

Where a break would break a rule, the row ends at the previous allowed break: the character
before is pushed down to the next row (JLREQ *oidashi*). The other two remedies do not fit a
terminal: hanging the mark past the right edge (*burasage*) would make the row wider than the
width the layout promises (the view has no margin to hang into), and squeezing the row
(*oikomi*) needs spacing narrower than a cell.

Why hand-rolled rather than a library (measured 2026-12-07): PyICU has no wheels on PyPI (the
sdist needs a C++ compiler and the system's ICU); ``uniseg`` 0.10.1 (UAX #14 in pure Python) is
an 8.2 MB wheel and found line breaks at about 16,000 characters per second, so a 5 MB brief
would take some 5 minutes where the whole first paint has 150 ms; and UAX #14's default classes put
small kana and "ー" in class CJ, which its normal mode breaks before and JLREQ does not. The
rules are a few tables of characters and a check at each row end, below.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import cache

# -- the character classes -------------------------------------------------------------------

#: Characters written as CJK text: ideographs, kana, bopomofo, CJK punctuation, fullwidth and
#: halfwidth forms. Breaks are allowed next to them. Hangul is left out: Korean is written
#: with spaces between words and wraps at them, as Latin text does.
CJK_CHARS = (
    "\u2e80-\u2fdf\u2ff0-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe6f\uff00-\uff9f\uffe0-\uffef"
    "\U0001b000-\U0001b16f\U00020000-\U0003ffff"
)
#: The lowest CJK character: a text whose largest character is below it has none.
_FIRST_CJK = "\u2e80"
#: CJK_CHARS as (first, last) code points, in order; and the firsts, for bisection.
_CJK_RANGES = tuple((ord(pair[0]), ord(pair[2])) for pair in re.findall("(?s).-.", CJK_CHARS))
_CJK_FIRSTS = tuple(first for first, _ in _CJK_RANGES)


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled when first needed. Why not at import (measured 2026-12-08): a
    class of CJK ranges makes ``re`` build a table of every code point in them, 3-6 ms a
    pattern on the test machine, paid at every launch though most briefs hold no CJK."""
    return re.compile(pattern)


#: The character class of CJK text, for regular expressions.
_CJK_CLASS = f"[{CJK_CHARS}]"

#: JLREQ cl-02 (with the halfwidth "｣").
CLOSING_BRACKETS = "’”)）〕]］}｝〉》」』】⦆｠〙〗»〟｣"
#: JLREQ cl-03, with clreq's connector "～".
HYPHENS = "‐〜゠–～"
#: JLREQ cl-04.
DIVIDING_PUNCTUATION = "!！?？‼⁇⁈⁉"
#: JLREQ cl-05, with clreq's interpuncts "·" and "‧" and the halfwidth "･".
MIDDLE_DOTS = "・:：;；·‧･"
#: JLREQ cl-06 (with the halfwidth "｡").
FULL_STOPS = "。.．｡"
#: JLREQ cl-07 (with the halfwidth "､").
COMMAS = "、,，､"
#: JLREQ cl-09.
ITERATION_MARKS = "ヽヾゝゞ々〻"
#: JLREQ cl-10 (with the halfwidth "ｰ").
PROLONGED_SOUND_MARKS = "ーｰ"
#: JLREQ cl-11 (with the halfwidth small katakana).
SMALL_KANA = (
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯ"
)
#: What may not begin a row.
NO_START = (
    CLOSING_BRACKETS
    + HYPHENS
    + DIVIDING_PUNCTUATION
    + MIDDLE_DOTS
    + FULL_STOPS
    + COMMAS
    + ITERATION_MARKS
    + PROLONGED_SOUND_MARKS
    + SMALL_KANA
)
#: What may not end a row: JLREQ cl-01 (with the halfwidth "｢").
NO_END = "‘“(（〔[［{｛〈《「『【⦅｟〘〖«〝｢"
#: JLREQ cl-08: two of the same are not split ("——", "……"); clreq 6.1.2 adds "――".
INSEPARABLE = "—―…‥"
#: JLREQ cl-12 and cl-13 (the one-character ones): not split from the number they go with.
PREFIXES = "¥￥$＄£￡#＃€№"
POSTFIXES = "°′″℃¢￠%％‰"


class _CjkTable(dict[str, bool]):
    """Character -> is it CJK, filled on first sight: a lookup costs no Python-level call."""

    def __missing__(self, char: str) -> bool:
        i = bisect_right(_CJK_FIRSTS, ord(char)) - 1
        value = self[char] = i >= 0 and ord(char) <= _CJK_RANGES[i][1]
        return value


#: True if the character is written as CJK text (breaks are allowed next to it).
is_cjk: Callable[[str], bool] = _CjkTable().__getitem__


def has_cjk(text: str) -> bool:
    """True if ``text`` holds a CJK character, so the rules of :class:`CjkLine` apply to it."""
    return max(text, default="") >= _FIRST_CJK and _regex(_CJK_CLASS).search(text) is not None


# Split once: a CJK member always counts; a one-cell Latin member only next to CJK.
_NO_START_CJK = frozenset(c for c in NO_START if is_cjk(c))
_NO_START_NEAR_CJK = frozenset(c for c in NO_START if not is_cjk(c))
_NO_END_CJK = frozenset(c for c in NO_END if is_cjk(c))
_NO_END_NEAR_CJK = frozenset(c for c in NO_END if not is_cjk(c))
_INSEPARABLE = frozenset(INSEPARABLE)
# Between a closing or dividing mark and an opening one: where "?“" or ")(" may be split.
# (Anchored at the row start, a greedy ".*" backtracks from the end: the last match in the row.)
_LAST_CLOSE_THEN_OPEN = f"(?s).*[{re.escape(NO_START)}][{re.escape(NO_END)}]"
_LAST_CJK = f"(?s).*{_CJK_CLASS}"
_PREFIXES = frozenset(PREFIXES)
_POSTFIXES = frozenset(POSTFIXES)


def may_break_between(before: str, after: str) -> bool:
    """True if no rule forbids ending a row with ``before`` and starting the next with ``after``.

    ``before`` and ``after`` are the base characters of the clusters either side of the break.
    """
    if after in _NO_START_CJK or (after in _NO_START_NEAR_CJK and is_cjk(before)):
        return False
    if before in _NO_END_CJK or (before in _NO_END_NEAR_CJK and is_cjk(after)):
        return False
    if before == after and before in _INSEPARABLE:
        return False
    if before in "〳〴" and after == "〵":
        return False
    if before.isdecimal():
        return not (after.isdecimal() or after in _POSTFIXES)
    return not (before in _PREFIXES and after.isdecimal())


class CjkLine:
    """Where the rows of one line holding CJK characters may end.

    A row may end after a space, before or after a CJK character, or between a closing mark
    and an opening one (as in "?“"); inside a Latin word or a number it may not. The row's end
    is checked first (in CJK prose it is nearly always an opportunity); otherwise the last one
    is found without a per-character loop in Python, by ``str.rfind`` and by anchored regexes
    over the row that backtrack from its end, so a row costs a few steps however long its
    Latin words are.
    """

    __slots__ = ("_codes", "_line")

    #: Refused opportunities examined per row before giving up. Real text needs a few (two for
    #: "ニャー", three for "２０２４年" or "だ。」』"); the cap keeps a pathological line (a
    #: megabyte of "。") from costing a check per character.
    MAX_REFUSED = 8
    #: Cluster boundaries examined for a hard break when no opportunity is allowed.
    HARD_LOOKBACK = 4

    def __init__(self, line: str, codes: str) -> None:
        """``codes`` is :func:`briefreader.text.layout.cluster_codes` of ``line``: "0" marks a
        character inside a cluster, where no row may end."""
        self._line = line
        self._codes = codes

    @classmethod
    def of(cls, line: str, codes: str) -> CjkLine | None:
        """The breaker for ``line``, or None if it holds no CJK character (Latin rules)."""
        return cls(line, codes) if has_cjk(line) else None

    def row_end(self, start: int, end: int) -> int:
        """Where the row that begins at ``start`` ends, given it may reach ``end``.

        ``line[start:end]`` fits the row and ``end < len(line)`` starts a cluster. The answer
        is the last opportunity in ``(start, end]`` that no rule forbids; failing one (a word
        wider than the row), a nearby allowed cluster boundary; failing that (a run of marks
        none of which may start a row, wider than the row), ``end``.
        """
        codes = self._codes
        if codes[end - 1] != "0" and codes[end] != "0":
            # The usual case in CJK prose, checked without the search below: the row's end.
            before = self._line[end - 1]
            after = self._line[end]
            if (before == " " or is_cjk(before) or is_cjk(after)) and may_break_between(
                before, after
            ):
                return end
        refused = 0
        at = self._opportunity(start, end)
        while at > start and refused < self.MAX_REFUSED:
            if codes[at] != "0":
                if may_break_between(self._line[self._base_before(start, at)], self._line[at]):
                    return at
                refused += 1
            at = self._opportunity(start, at - 1)
        at = end
        for _ in range(self.HARD_LOOKBACK):
            if at <= start:
                break
            if codes[at] != "0" and may_break_between(
                self._line[self._base_before(start, at)], self._line[at]
            ):
                return at
            at -= 1
        return end

    def _opportunity(self, start: int, limit: int) -> int:
        """The last break opportunity in ``(start, limit]``, or ``start`` if there is none.

        ``limit`` is below ``len(line)``: the character after the break always exists.
        """
        if limit <= start:
            return start
        line = self._line
        before = line[limit - 1]
        if before == " " or is_cjk(before) or is_cjk(line[limit]):
            return limit
        best = line.rfind(" ", start, limit) + 1
        last_cjk = _regex(_LAST_CJK).match(line, start, limit)
        if last_cjk is not None:
            best = max(best, last_cjk.end())  # just after the last CJK character
        last_pair = _regex(_LAST_CLOSE_THEN_OPEN).match(line, start, limit + 1)
        if last_pair is not None:
            best = max(best, last_pair.end() - 1)  # just before the opening mark
        return best if best > start else start

    def _base_before(self, start: int, at: int) -> int:
        """Index of the base character of the cluster that ends at ``at``."""
        base = at - 1
        while base > start and self._codes[base] == "0":
            base -= 1
        return base
