"""Sentence boundary rules: which candidate (a terminator, a line break) ends a sentence.

The characters and abbreviations that decide it, the candidate pattern that lets the regex
engine skip from candidate to candidate at C speed, and :func:`_accept`, which tells whether a
candidate is a boundary and where the next sentence then starts.
"""

from __future__ import annotations

import re

from briefreader.text.boundaries.common import _skip_space

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
# A Markdown heading or list item at the start of a line begins a new sentence.
_LINE_MARKER = re.compile(r"[^\S\n]*(?:#{1,6}|[-*+•]|\d{1,3}[.)])(?=\s|\Z)")
_HEADING = re.compile(r"[^\S\n]*#{1,6}(?=\s|\Z)")
_LEADING_PUNCT = re.compile(r"^[\W_]+")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_INITIAL = re.compile(r"[A-Z]\.")
_NEXT_WORD = re.compile(r"[^\W_]+")

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
