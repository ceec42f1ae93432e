"""Signals of check-worthiness in one sentence, each with the words that show it.

A signal is a cue that a sentence states something checkable (a number, a comparison, a cause,
who said it, a law, a date, a named body, a past event, ...) or that it does not (a question,
a greeting, a first-person feeling, a hedge, advice). :func:`find_signals` returns every cue
found as a :class:`Reason`: the signal's id, the matched words and their offsets into the
sentence. :mod:`briefreader.finder.scoring` weighs them into a score.

How: the sentence is split into words once (one regular expression); each word is looked up in
:data:`briefreader.finder.lexicon.LEXICON` (the phrases starting with it), and a few coded
rules look at the words around it (``X-er than``, ``N years ago``, runs of capitalised words
for names and named bodies, ``I really think``). Numbers and years, quotations and the final
question mark are three more regular expressions. Everything is linear in the sentence's
length, each signal keeps at most :data:`MAX_PER_SIGNAL` matches, and a "sentence" is read in
its first :data:`MAX_SENTENCE_CHARS` characters only, so a hostile megabyte-long one costs
milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefreader.finder.lexicon import (
    AGO_UNITS,
    FEELING_ADVERBS,
    FEELING_VERBS,
    LEXICON,
    NAME_JOINERS,
    NOT_ACRONYM,
    NOT_COMPARISON,
    NOT_NAME,
    NOT_PAST,
    NOT_SUPERLATIVE,
    ORG_HEADS,
    TIME_LEADS,
)

#: At most this many matches of one signal are kept (and counted) per sentence.
MAX_PER_SIGNAL = 8
#: Only this many characters of a sentence are read for signals: real sentences are far
#: shorter, and a text with no sentence end at all (a megabyte on one line) is still scored in
#: milliseconds.
MAX_SENTENCE_CHARS = 1 << 16


@dataclass(frozen=True, slots=True)
class Reason:
    """One cue found: ``signal`` (an id of :data:`SIGNALS`), the ``text`` matched and its
    ``start``/``end`` (end-exclusive) offsets into the text it was found in."""

    signal: str
    text: str
    start: int
    end: int

    @property
    def label(self) -> str:
        """The signal's name for people (``law/rule``)."""
        return LABELS[self.signal]

    def shifted(self, offset: int) -> Reason:
        """The same reason with offsets ``offset`` further on (a sentence's into its brief's)."""
        return Reason(self.signal, self.text, self.start + offset, self.end + offset)


#: Every signal id and its name for people, in the order they are listed.
LABELS: dict[str, str] = {
    "number": "number",
    "comparison": "comparison",
    "superlative": "superlative",
    "change": "change",
    "cause": "cause",
    "attribution": "attribution",
    "quotation": "quotation",
    "law": "law/rule",
    "prediction": "prediction",
    "time": "time",
    "past": "past event",
    "named_body": "named body",
    "institution": "institution",
    "name": "name",
    "question": "question",
    "greeting": "greeting/thanks",
    "feeling": "first-person feeling",
    "hedge": "hedge",
    "advice": "opinion/advice",
}
SIGNALS: tuple[str, ...] = tuple(LABELS)

#: The signals meant as evidence *against* checking (their tuned weights are negative too).
NEGATIVE: frozenset[str] = frozenset({"question", "greeting", "feeling", "hedge", "advice"})

_ORDER = {signal: i for i, signal in enumerate(SIGNALS)}

#: A word: letters and digits, joined by single apostrophes or hyphens (``Pakistan’s``).
_TOKEN = re.compile(r"\w+(?:['’-]\w+)*")
#: A number: digits with their separators, then a percent sign or a scale word.
_DIGITS = re.compile(
    r"\d+(?:[.,]\d+)*(?:\s?%|\s?(?:percent|per\s+cent|million|billion|trillion|thousand|bn|mn|"
    r"crore|lakh)\b)?",
    re.I,
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
#: What makes the number after it money, at the end of the few characters before it.
_MONEY_BEFORE = re.compile(r"(?:[$€£¥₹]|\b(?:Rs|USD|US\$|EUR|GBP|PKR|INR)\.?)\s?\Z", re.I)
#: What belongs to a time reference before a year or month (``since``, ``in the early``).
_LEAD_BEFORE = re.compile(
    r"\b(?:in|since|by|until|till|from|during|before|after|between|of|on|around|circa|"
    r"through|last|this|next)\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?\Z|"
    r"\b(?:early|late|mid)[\s-]+\Z",
    re.I,
)
_QUOTATION = re.compile(r"[“«„]\s*[^“”«»„\"]{3,400}?[”»“]|\"[^\"“”]{3,400}\"")
_QUESTION = re.compile(r"\?[\s”\"’'»)\]]*\Z")
_POSSESSIVES = frozenset({"its", "their", "his", "her", "our", "my", "your"})
_OPENERS = frozenset(".!?:;“\"‘('[«„—–-")

_Token = tuple[int, int, str]


class _Found:
    """The reasons found so far in one sentence, at most :data:`MAX_PER_SIGNAL` per signal;
    ``upto[signal]``: the word index before which that signal has matched already."""

    __slots__ = ("counts", "numbers", "reasons", "sentence", "upto")

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self.reasons: list[Reason] = []
        self.counts: dict[str, int] = {}
        self.upto: dict[str, int] = {}
        #: The numbers written in digits, so that their words ("3.5 billion") count once.
        self.numbers: list[tuple[int, int]] = []

    def in_number(self, start: int) -> bool:
        return any(a <= start < b for a, b in self.numbers)

    def add(self, signal: str, start: int, end: int) -> None:
        n = self.counts.get(signal, 0)
        if n < MAX_PER_SIGNAL:
            self.counts[signal] = n + 1
            self.reasons.append(Reason(signal, self.sentence[start:end], start, end))


def _spaced(s: str, tokens: list[_Token], i: int) -> bool:
    """Whether only whitespace separates word ``i`` from word ``i + 1``."""
    a, b = tokens[i][1], tokens[i + 1][0]
    return b > a and s[a:b].isspace()


def _as_written(exact: tuple[str, ...], tokens: list[_Token], i: int) -> bool:
    """Whether the words from ``i`` on are ``exact``, case included (the first word of the
    sentence may be capitalised: ``Officials``)."""
    words = tuple(t[2] for t in tokens[i : i + len(exact)])
    if words == exact:
        return True
    return i == 0 and words[0] == exact[0].capitalize() and words[1:] == exact[1:]


def _lexicon(found: _Found, tokens: list[_Token], lows: list[str], i: int) -> None:
    """The phrases of the lexicon starting at word ``i``."""
    entries = LEXICON.get(lows[i])
    if entries is None:
        return
    n = len(tokens)
    upto = found.upto
    for e in entries:
        if upto.get(e.signal, 0) > i:
            continue
        k = len(e.words)
        if k > 1:
            if i + k > n or tuple(lows[i : i + k]) != e.words:
                continue
            if not all(_spaced(found.sentence, tokens, j) for j in range(i, i + k - 1)):
                continue
        if e.exact is not None and not _as_written(e.exact, tokens, i):
            continue
        if e.not_next and i + k < n and lows[i + k] in e.not_next:
            continue
        if e.signal == "number" and found.numbers and found.in_number(tokens[i][0]):
            continue
        start = tokens[i][0]
        if e.signal == "time" and e.exact is not None:  # a month: "in early September"
            lead = _LEAD_BEFORE.search(found.sentence, max(0, start - 24), start)
            start = lead.start() if lead else start
        found.add(e.signal, start, tokens[i + k - 1][1])
        upto[e.signal] = i + k


def _word_rules(found: _Found, tokens: list[_Token], lows: list[str], i: int) -> None:
    """The coded rules about word ``i`` and the words just before or after it."""
    low = lows[i]
    word = tokens[i][2]
    upto = found.upto
    n = len(tokens)
    if len(low) >= 5 and low.endswith("ed") and low not in NOT_PAST and upto.get("past", 0) <= i:
        if i == 0 or not word[0].isupper():
            found.add("past", tokens[i][0], tokens[i][1])
    elif len(low) >= 6 and low.endswith("est") and low not in NOT_SUPERLATIVE:
        if upto.get("superlative", 0) <= i:
            found.add("superlative", tokens[i][0], tokens[i][1])
            upto["superlative"] = i + 1
    elif low == "than":
        for k in range(i - 1, max(-1, i - 5), -1):
            before = lows[k]
            if before in ("more", "less", "fewer") or (len(before) > 3 and before.endswith("er")):
                if before not in NOT_COMPARISON and upto.get("comparison", 0) <= k:
                    found.add("comparison", tokens[k][0], tokens[i][1])
                    upto["comparison"] = i + 1
                break
    elif low == "ago":
        if i >= 2 and lows[i - 1] in AGO_UNITS:
            found.add("time", tokens[i - 2][0], tokens[i][1])
    elif low == "first":
        owner = i > 0 and (lows[i - 1].endswith("'s") or lows[i - 1] in _POSSESSIVES)
        if owner and upto.get("superlative", 0) <= i - 1:
            found.add("superlative", tokens[i - 1][0], tokens[i][1])
            upto["superlative"] = i + 1
    elif low.endswith("'ll"):
        found.add("prediction", tokens[i][0], tokens[i][1])
    elif word in ("I", "we", "We"):
        k = i + 1
        while k < n and k <= i + 2 and lows[k] in FEELING_ADVERBS:
            k += 1
        if k < n and lows[k] in FEELING_VERBS:
            found.add("feeling", tokens[i][0], tokens[k][1])
    elif word == "May" and (
        (i + 1 < n and tokens[i + 1][2].isdigit()) or (i > 0 and lows[i - 1] in TIME_LEADS)
    ):
        found.add(
            "time",
            tokens[i - 1][0] if i and lows[i - 1] in TIME_LEADS else tokens[i][0],
            tokens[i][1],
        )


def _is_acronym(word: str) -> bool:
    base = word.split("-", 1)[0]
    if base.endswith("s") and len(base) > 2:
        base = base[:-1]
    return 2 <= len(base) <= 8 and base.isupper() and base.isalpha() and base not in NOT_ACRONYM


def _capitalised_runs(found: _Found, tokens: list[_Token], lows: list[str]) -> None:
    """Names (runs of capitalised words), named bodies (runs holding a head such as
    ``Ministry``) and acronyms (``SCO``)."""
    s = found.sentence
    n = len(tokens)
    i = 0
    while i < n:
        if not tokens[i][2][0].isupper():
            i += 1
            continue
        j = i
        head = tokens[i][2] in ORG_HEADS
        while j + 1 < n and j - i < 8 and _spaced(s, tokens, j):
            if tokens[j + 1][2][0].isupper():
                j += 1
            elif (
                (lows[j + 1] in NAME_JOINERS or (head and lows[j + 1] in ("and", "&")))
                and j + 2 < n
                and _spaced(s, tokens, j + 1)
                and tokens[j + 2][2][0].isupper()
            ):
                j += 2
            else:
                break
            head = head or tokens[j][2] in ORG_HEADS
        _one_run(found, tokens, i, j)
        i = j + 1


def _one_run(found: _Found, tokens: list[_Token], i: int, j: int) -> None:
    s = found.sentence
    words = [tokens[k][2].replace("’", "'") for k in range(i, j + 1)]
    for k, word in enumerate(words):
        if _is_acronym(word):
            found.add("named_body", tokens[i + k][0], tokens[i + k][1])
    a = 0
    while a < len(words) and (words[a] in NOT_NAME or words[a] in NAME_JOINERS):
        a += 1
    if a == len(words):
        return
    if any(word in ORG_HEADS for word in words[a:]):
        found.add("named_body", tokens[i + a][0], tokens[j][1])
        return
    if j == i + a and (_is_acronym(words[a]) or words[a] in NOT_NAME):
        return
    if a == 0 and j == i:
        # A sentence's (or a quotation's) first word is capitalised anyway.
        k = tokens[i][0] - 1
        while k >= 0 and s[k].isspace():
            k -= 1
        if k < 0 or s[k] in _OPENERS:
            return
    found.add("name", tokens[i + a][0], tokens[j][1])


def _numbers(found: _Found) -> None:
    """Numbers (money and percentages with their sign or unit), and years as time."""
    s = found.sentence
    size = len(s)
    for m in _DIGITS.finditer(s):
        a, b = m.span()
        if a and (s[a - 1].isalnum() or s[a - 1] in "_.,/"):
            continue  # inside a code or a name (G20, CASA-1000 is a named body)
        if a and s[a - 1] == "-" and a > 1 and s[a - 2].isalnum():
            continue
        year = b - a == 4 and _YEAR.fullmatch(s, a, b) is not None
        if b < size and (s[b].isalnum() or s[b] in "_/"):
            if year and s[b] == "s" and (b + 1 == size or not s[b + 1].isalnum()):
                found.add("time", _lead(s, a), b + 1)  # the 1990s
            continue
        if year:
            found.add("time", _lead(s, a), b)
            continue
        money = _MONEY_BEFORE.search(s, max(0, a - 6), a)
        found.add("number", money.start() if money else a, b)
        if len(found.numbers) < MAX_PER_SIGNAL:
            found.numbers.append((a, b))


def _lead(s: str, start: int) -> int:
    lead = _LEAD_BEFORE.search(s, max(0, start - 24), start)
    return lead.start() if lead else start


def find_signals(sentence: str) -> tuple[Reason, ...]:
    """Every signal found in ``sentence`` (in its first :data:`MAX_SENTENCE_CHARS`
    characters), ordered by where it starts (then by signal)."""
    whole = sentence
    if len(sentence) > MAX_SENTENCE_CHARS:
        sentence = sentence[:MAX_SENTENCE_CHARS]
    found = _Found(sentence)
    tokens: list[_Token] = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence)]
    lows = [t[2].lower().replace("’", "'") for t in tokens]
    _numbers(found)
    for i in range(len(tokens)):
        _lexicon(found, tokens, lows, i)
        _word_rules(found, tokens, lows, i)
    _capitalised_runs(found, tokens, lows)
    for m in _QUOTATION.finditer(sentence):
        found.add("quotation", *m.span())
    if _QUESTION.search(whole, max(0, len(whole) - 16)):  # the end, even of a long one
        q = whole.rindex("?")
        found.reasons.append(Reason("question", "?", q, q + 1))
    found.reasons.sort(key=lambda r: (r.start, _ORDER[r.signal]))
    return tuple(found.reasons)


def find_signal(signal: str, sentence: str) -> list[Reason]:
    """The matches of one signal in ``sentence``, in text order."""
    return [r for r in find_signals(sentence) if r.signal == signal]
