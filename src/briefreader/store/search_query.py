"""The search language and what a search returns: :class:`SearchHit`, the parsed
:class:`SearchQuery` and :func:`parse_query`, and the helpers that turn matches into one-line
snippets with marked ranges. Shared by the SQLite (FTS5), PostgreSQL and substring search in
:mod:`briefreader.store.search` and :mod:`briefreader.store.pg_search`.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from briefreader.store.models import CLAIM_STATUSES, KINDS
from briefreader.text.validate import InvalidValue, normalise_tag

# Marks around matched words in snippets: noncharacters, which no real brief contains.
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_SNIPPET_TOKENS = 24
_FILTERS = ("tag", "kind", "status", "has", "brief", "is")
_HAS = ("source", "note", "tags", "claimant")
_IS = ("orphan", "changed")


@dataclass(frozen=True)
class SearchHit:
    """One result. ``snippet`` is plain text around the match; ``marks`` are the (start, end)
    ranges of matched words in it. ``start``/``end`` locate the hit in the brief's text (an
    annotation's span; for a title-only hit 0, 0)."""

    kind: str  # "brief" or "annotation"
    brief_id: int
    brief_title: str
    start: int
    end: int
    snippet: str
    marks: tuple[tuple[int, int], ...] = ()
    field: str = "text"  # title, text, quote, note, claimant, tags
    annotation_id: int | None = None
    annotation_kind: str | None = None
    tags: tuple[str, ...] = ()
    orphan: bool = False


@dataclass
class SearchQuery:
    """A parsed query: FTS words and filters."""

    words: list[str] = field(default_factory=list)  # FTS5 phrases: '"word"', '"a b"', '"pre"*'
    excluded: list[str] = field(default_factory=list)
    raw_words: list[str] = field(default_factory=list)  # for the substring fallback
    any_of: bool = False  # OR between words
    tags: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    has: list[str] = field(default_factory=list)
    is_: list[str] = field(default_factory=list)
    briefs: list[str] = field(default_factory=list)

    @property
    def annotation_filters(self) -> bool:
        return bool(self.tags or self.kinds or self.statuses or self.has or self.is_)

    @property
    def empty(self) -> bool:
        return not (self.words or self.annotation_filters or self.briefs)

    def match_expression(self) -> str:
        joiner = " OR " if self.any_of else " AND "
        expression = joiner.join(self.words)
        if self.any_of and len(self.words) > 1:
            expression = f"({expression})"
        for word in self.excluded:
            expression = f"{expression} NOT {word}"
        return expression


def _phrase(word: str) -> str | None:
    """``word`` as an FTS5 string (prefix-marked if it ends in ``*``), None if it has no
    letters or digits (FTS5 would see an empty phrase)."""
    prefix = word.endswith("*")
    word = word.rstrip("*")
    if not re.search(r"\w", word):
        return None
    quoted = '"' + word.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def parse_query(query: str) -> SearchQuery:
    """Parse what the user typed; :class:`InvalidValue` explains a filter it cannot use."""
    try:
        tokens = shlex.split(query, posix=True)
    except ValueError:
        # An unbalanced quote: take the words as they are rather than refuse.
        tokens = query.replace('"', " ").split()
    parsed = SearchQuery()
    for token in tokens:
        key, sep, value = token.partition(":")
        key = key.lower()
        if sep and key in _FILTERS:
            value = value.strip()
            if not value:
                raise InvalidValue(f"{key}: needs a value, e.g. {_example(key)}")
            _add_filter(parsed, key, value)
            continue
        if token == "OR":
            parsed.any_of = True
            continue
        negated = token.startswith("-") and len(token) > 1
        word = token[1:] if negated else token
        phrase = _phrase(word)
        if phrase is None:
            continue
        if negated:
            parsed.excluded.append(phrase)
        else:
            parsed.words.append(phrase)
            parsed.raw_words.append(word.rstrip("*"))
    if parsed.excluded and not parsed.words:
        raise InvalidValue("a search needs at least one word to look for besides -excluded ones")
    return parsed


def _example(key: str) -> str:
    return {
        "tag": "tag:russia",
        "kind": "kind:claim",
        "status": "status:disputed",
        "has": "has:source",
        "brief": "brief:3 or brief:pakistan",
        "is": "is:orphan",
    }[key]


def _add_filter(parsed: SearchQuery, key: str, value: str) -> None:
    if key == "tag":
        parsed.tags.append(normalise_tag(value))
        return
    if key == "brief":
        parsed.briefs.append(value)
        return
    allowed, found = {
        "kind": (KINDS, parsed.kinds),
        "status": (CLAIM_STATUSES, parsed.statuses),
        "has": (_HAS, parsed.has),
        "is": (_IS, parsed.is_),
    }[key]
    lowered = value.lower()
    if lowered not in allowed:
        raise InvalidValue(f"{key}:{value}: use one of {', '.join(allowed)}")
    found.append(lowered)


def _marks(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Remove the match marks from ``marked``; return the plain text and the marked ranges."""
    plain: list[str] = []
    marks: list[tuple[int, int]] = []
    pos = 0
    start = -1
    for part in re.split(f"([{_OPEN}{_CLOSE}])", marked):
        if part == _OPEN:
            start = pos
        elif part == _CLOSE:
            if start >= 0 and pos > start:
                marks.append((start, pos))
            start = -1
        else:
            plain.append(part)
            pos += len(part)
    text = "".join(plain)
    merged: list[tuple[int, int]] = []
    for start, end in marks:
        # The words of a phrase are marked one by one: one range reads better.
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return text, tuple(merged)


_SUFFIXES = ("ing", "ed", "es", "s")


def _stem(word: str) -> str:
    """A crude stem, enough to find "witnessing" for "witness" or "shift" for "shifts" with a
    regex (the FTS index did the real matching)."""
    lowered = word.lower()
    for suffix in _SUFFIXES:
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _words_pattern(words: list[str]) -> re.Pattern[str] | None:
    """A regex matching any of the query's words or phrases as they may appear in a text."""
    alternatives = []
    for word in words:
        tokens = re.findall(r"\w+", word)
        if not tokens:
            continue
        tokens[-1] = _stem(tokens[-1])
        alternatives.append(r"\b" + r"\W+".join(re.escape(t) for t in tokens) + r"\w*")
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _window(
    text: str, start: int, end: int, pattern: re.Pattern[str], before: int = 60, after: int = 120
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text around ``start..end`` on one line, cut at spaces, with every match marked."""
    begin = max(0, start - before)
    if begin > 0:
        space = text.find(" ", begin, start)
        begin = space + 1 if space != -1 else begin
    stop = min(len(text), end + after)
    if stop < len(text):
        space = text.rfind(" ", end, stop)
        stop = space if space != -1 else stop
    excerpt = text[begin:stop].replace("\n", " ")
    marks = tuple(m.span() for m in pattern.finditer(excerpt))
    return excerpt, marks


def _excerpt(
    value: str, words: list[str], width: int = 120
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A one-line excerpt of ``value`` around the first of ``words`` (substring fallback)."""
    flat = " ".join(value.split())
    lowered = flat.lower()
    hits = [(lowered.find(w.lower()), len(w)) for w in words if w]
    hits = [(i, n) for i, n in hits if i >= 0]
    first = min((i for i, _ in hits), default=0)
    begin = max(0, first - width // 3)
    excerpt = flat[begin : begin + width]
    marks = []
    for w in words:
        at = excerpt.lower().find(w.lower())
        if w and at >= 0:
            marks.append((at, at + len(w)))
    return excerpt, tuple(sorted(marks))


def _trim(
    plain: str, marks: tuple[tuple[int, int], ...], width: int = 160
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A long quote or note cut to ``width`` characters around its first match, on one line."""
    flat = plain.replace("\n", " ")
    if len(flat) <= width:
        return flat, marks
    first = marks[0][0] if marks else 0
    begin = max(0, min(first - width // 3, len(flat) - width))
    cut = flat[begin : begin + width]
    lead = "…" if begin > 0 else ""
    tail = "…" if begin + width < len(flat) else ""
    shift = len(lead) - begin
    kept = tuple(
        (max(0, s + shift), min(len(cut) + len(lead), e + shift))
        for s, e in marks
        if s >= begin and e <= begin + width
    )
    return lead + cut + tail, kept


__all__ = ["SearchHit", "SearchQuery", "parse_query"]
