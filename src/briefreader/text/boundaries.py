"""Word, sentence and paragraph boundaries over the normalised text.

These drive cursor movement (``w``/``b``, ``)``/``(``, ``}``/``{``), selecting the sentence or
paragraph under the cursor, and word counts. All offsets are code-point offsets into the
normalised text (LF newlines only); spans are ``(start, end)``, end-exclusive, and never include
leading or trailing whitespace.

Definitions, shared by every function so that spans and navigation always agree:

* A **paragraph** is a run of lines none of which is blank; blank (whitespace-only) lines
  separate paragraphs.
* A **sentence** starts at the first non-space character of a paragraph or after an accepted
  sentence boundary (see :func:`_accept`), and never crosses a paragraph break.
* A **word** is a run of letters/digits joined by single internal apostrophes, hyphens, dots,
  ``@``, ``/``, ``&`` or ``_`` (``Pakistan’s``, ``CASA-1000``, ``3.5``, ``farooq@crss.pk``) or
  by commas between digits (``1,000``), a URL, or a single CJK ideograph/kana. Punctuation is
  not a word.

Navigation is local: the functions that take a position look only at the text around it
(expanding windows, C-level regex scans), so a keypress costs the same in a 6 KB brief and in a
5 MB one (tens of microseconds). Two exceptions: a paragraph longer than 32 KB is looked up in an
index of the whole text, built once per text (milliseconds) and cached for the last two texts;
and a "sentence" longer than :data:`MAX_SENTENCE_SCAN` characters (no sentence end at all) is
not searched to its end: navigation then moves at most that far, to a word start.
"""

from __future__ import annotations

import array
import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import TypeAlias

Span: TypeAlias = tuple[int, int]

#: How far sentence navigation searches for a sentence boundary before giving up and stopping
#: at a word start; only text with no sentence ends for this long is affected.
MAX_SENTENCE_SCAN = 1 << 14

# --- characters -------------------------------------------------------------------------------

# Terminators that end a sentence only when followed by whitespace (Urdu full stop and Arabic
# question mark behave like Latin ones: words are separated by spaces).
_TERMINATORS = ".!?…۔؟"
# CJK terminators end a sentence wherever they occur: CJK text has no spaces between sentences.
_CJK_TERMINATORS = "。！？｡"
_CLOSERS = "\"'”’»›)]}」』）】〕》〉"
_OPENERS = "\"'“‘„‚«‹([{¿¡「『（【〔《〈$£€¥₹"
# Characters a sentence-boundary candidate can consist of (besides whitespace); scans are started
# next to a character outside this set so that no candidate is ever cut in half.
_SOFT = frozenset(_TERMINATORS + _CJK_TERMINATORS + _CLOSERS)

_T = re.escape(_TERMINATORS)
_K = re.escape(_CJK_TERMINATORS)
_C = re.escape(_CLOSERS)
# Every candidate starts with one character from a class, so the regex engine can skip between
# candidates at C speed; the lookbehinds then tell the kinds apart (see _accept). A terminator
# followed by a lowercase ASCII word is dropped here already: _accept would reject it anyway,
# and text full of those ("a. b. c.") would otherwise cost a Python call each.
_CANDIDATE = re.compile(
    rf"[\n{_T}{_K}]"
    r"(?:(?<=\n)(?P<para>[^\S\n]*\n\s*)?"
    rf"|(?<=[{_T}])[{_T}]*(?P<close>[{_C}]*)(?=\s|\Z)(?![^\S\n]*\n?[^\S\n]*[a-z,;:])"
    rf"|(?<=[{_K}])[{_K}]*[{_C}]*)"
)
# What follows a terminator: horizontal space, at most one newline (two would be a paragraph
# break), more space, then the next visible character if the paragraph goes on.
_AFTER = re.compile(r"[^\S\n]*(\n)?[^\S\n]*(\S)?")
_NONSPACE = re.compile(r"\S")
_PARA_SEP = re.compile(r"\n[^\S\n]*\n")
_PARA_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_PARAGRAPH = re.compile(r"\S(?:[^\n]*\S)?(?:[^\S\n]*\n[^\S\n]*\S(?:[^\n]*\S)?)*")
# A Markdown heading or list item at the start of a line begins a new sentence.
_LINE_MARKER = re.compile(r"[^\S\n]*(?:#{1,6}|[-*+•]|\d{1,3}[.)])(?=\s|\Z)")
_HEADING = re.compile(r"[^\S\n]*#{1,6}(?=\s|\Z)")
_LEADING_PUNCT = re.compile(r"^[\W_]+")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_INITIAL = re.compile(r"[A-Z]\.")
_NEXT_WORD = re.compile(r"[^\W_]+")
_WORD_AFTER_SPACE = re.compile(r"\s\S")

# --- abbreviations ----------------------------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NEVER_SPLIT = _word_set(
    "Mr Mrs Ms Mx Dr Prof Gen Sen Rep St Jr Sr Col Lt Capt Gov Pres Maj Brig Adm Sgt Cmdr Hon "
    "Rev Amb Messrs Mme Mlle e.g i.e E.g I.e cf Cf vs Vs approx Approx viz"
)
# Split after these only when no number follows ("No. 5", "Jan. 12", "pp. 3-4").
_BEFORE_NUMBER = _word_set(
    "No Nos no nos Art Arts art Fig Figs fig figs Vol Vols vol Sec sec Ch ch Chap chap p pp "
    "para Para Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
# After a dotted initialism (U.S., U.K.) these words almost always start a new sentence, while
# a name or noun ("U.S. Army") continues it.
_SENTENCE_STARTERS = _word_set(
    "The This That These Those It Its He She They We I You His Her Their Our In On At But And "
    "However A An There As If When While After Before Since So Yet Some Many Most Such What Why "
    "How Also Meanwhile Moreover Furthermore Therefore Thus Today Now Then"
)

# --- words ------------------------------------------------------------------------------------

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


# --- small helpers ----------------------------------------------------------------------------


def _clamp(text: str, pos: int) -> int:
    return 0 if pos < 0 else min(pos, len(text))


def _skip_space(text: str, pos: int) -> int:
    """The first non-space position at or after ``pos`` (``len(text)`` if none)."""
    m = _NONSPACE.search(text, pos)
    return m.start() if m else len(text)


def _rstrip_end(text: str, start: int, end: int) -> int:
    """``end`` moved left over whitespace, not past ``start``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _anchor(text: str, pos: int) -> int | None:
    """The non-space character a unit lookup at ``pos`` is about: ``pos`` itself, else the next
    visible character, else (in trailing whitespace) the last one; None for blank text."""
    pos = _clamp(text, pos)
    q = _skip_space(text, pos)
    if q < len(text):
        return q
    end = _rstrip_end(text, 0, len(text))
    return end - 1 if end else None


# --- sentence boundary rules ------------------------------------------------------------------


def _starts_sentence(ch: str) -> bool:
    # Uncased letters (Arabic, Devanagari, CJK) count as capitals: nothing else could mark them.
    return ch.isdigit() or ch in _OPENERS or (ch.isalpha() and not ch.islower())


def _is_abbreviation(text: str, i: int, ns: int, line_end: bool) -> bool:
    """Whether the single period at ``i`` (the next sentence would start at ``ns``) belongs
    to an abbreviation, initial or list number rather than ending the sentence."""
    seg = text[max(0, i - 40) : i]
    if not seg or seg[-1].isspace():
        return False
    raw = seg.rsplit(None, 1)[-1]
    tok = _LEADING_PUNCT.sub("", raw)
    if not tok:
        return False
    if tok in _NEVER_SPLIT:
        return True
    if tok in _BEFORE_NUMBER and text[ns].isdigit():
        return True
    if tok.isdigit() and len(tok) <= 3:
        # "1. First item" at the start of a line is a list number, not a sentence.
        tok_start = i - len(raw)
        line_start = text.rfind("\n", 0, tok_start) + 1
        return not text[line_start:tok_start].strip()
    if len(tok) == 1 and tok.isupper():
        # An initial (J. K. Rowling) -- but "I." is usually the pronoun ending a sentence.
        return tok != "I" or _INITIAL.match(text, ns) is not None
    if _DOTTED.fullmatch(tok):
        if line_end:
            return False
        word = _NEXT_WORD.match(text, ns)
        return not (word and word.group() in _SENTENCE_STARTERS)
    return False


def _accept(text: str, m: re.Match[str]) -> int | None:
    """If candidate ``m`` is a sentence boundary, where the next sentence starts (possibly
    ``len(text)``); otherwise None."""
    first = text[m.start()]
    if first == "\n":
        if m.group("para") is not None:
            return m.end()
        i = m.start()
        if _LINE_MARKER.match(text, i + 1):
            return _skip_space(text, i + 1)
        line_start = text.rfind("\n", 0, i) + 1
        if _HEADING.match(text, line_start, i):
            return _skip_space(text, i + 1)
        return None
    if first in _CJK_TERMINATORS:
        end = m.end()
        # 「はい。」と言った / “好。”他说: a quotation closed mid-sentence, not a sentence end.
        if (
            text[end - 1] in _CLOSERS
            and end < len(text)
            and not text[end].isspace()
            and text[end] not in _OPENERS
        ):
            return None
        return _skip_space(text, end)
    after = _AFTER.match(text, m.end())
    assert after is not None  # the pattern matches the empty string
    nxt = after.group(2)
    if nxt is None:  # end of paragraph or text
        return _skip_space(text, m.end())
    ns = after.start(2)
    if not _starts_sentence(nxt):
        return None
    line_end = after.group(1) is not None
    if (
        m.end() - m.start() == 1
        and first == "."
        and _is_abbreviation(text, m.start(), ns, line_end)
    ):
        return None
    return ns


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


# --- public API: paragraphs -------------------------------------------------------------------


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


# --- public API: words ------------------------------------------------------------------------


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
