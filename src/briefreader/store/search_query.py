"""The search language and what a search returns: :class:`SearchHit`, the parsed
:class:`SearchQuery` and :func:`parse_query`, and the helpers that turn matches into one-line
snippets with marked ranges. Shared by the SQLite (FTS5), PostgreSQL and substring search in
:mod:`briefreader.store.search` and :mod:`briefreader.store.pg_search`.

:func:`parse_query` reads what the user typed with its own small scanner (no shell-style
quoting): only double quotes, straight or curly, make phrases; an apostrophe is part of a word;
control, format and unassigned characters are spaces (no driver or index ever gets a NUL, an
escape or half a surrogate pair); everything else is text, never FTS5 or ``tsquery`` syntax.
Its limits (:data:`MAX_QUERY_CHARS`, :data:`MAX_TERMS`) keep any query to milliseconds; they
and filter values it cannot use are :class:`SearchQueryError`, one sentence for the user.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefreader.text.validate import TAG_MAX_LEN, InvalidValue, normalise_tag
from briefreader.vocabulary import CHECK_STATUSES, KINDS, VERDICTS

# Marks around matched words in snippets: noncharacters, which no real brief contains.
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_SNIPPET_TOKENS = 24
_FILTERS = ("tag", "kind", "status", "verdict", "claimant", "has", "brief", "is")
_HAS = ("source", "note", "tags", "claimant")
_IS = ("orphan", "changed")
#: The longest query (a 1 MB one took 38 s of CPU before there was a limit).
MAX_QUERY_CHARS = 1_000
#: The most words, phrases, prefixes, exclusions and filters in one query.
MAX_TERMS = 50


class SearchQueryError(InvalidValue):
    """A query that cannot be searched for; the message (one sentence) says why."""


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
    statuses: list[str] = field(default_factory=list)  # verdicts (the claim_status column)
    check_statuses: list[str] = field(default_factory=list)  # where checking stands
    claimants: list[str] = field(default_factory=list)  # parts of the claimant, all of them
    has: list[str] = field(default_factory=list)
    is_: list[str] = field(default_factory=list)
    briefs: list[str] = field(default_factory=list)

    @property
    def annotation_filters(self) -> bool:
        return bool(
            self.tags
            or self.kinds
            or self.statuses
            or self.check_statuses
            or self.claimants
            or self.has
            or self.is_
        )

    @property
    def empty(self) -> bool:
        return not (self.words or self.annotation_filters or self.briefs)


def _phrase(word: str) -> str | None:
    """``word`` as an FTS5 string (prefix-marked if it ends in ``*``), None if it has no
    letter or digit (FTS5 would see an empty phrase, which matches nothing, even in an OR)."""
    prefix = word.endswith("*")
    word = word.rstrip("*")
    if not any(_in_words(ch) for ch in word):
        return None
    quoted = '"' + word.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def _in_words(ch: str) -> bool:
    """Whether FTS5's unicode61 tokenizer (and PostgreSQL's parser) count ``ch`` as part of a
    word: letters, digits, private-use characters."""
    category = unicodedata.category(ch)
    return category[0] in "LN" or category == "Co"


@dataclass(frozen=True)
class _Token:
    """A word, or a phrase in double quotes, as typed."""

    text: str
    quoted: bool = False
    negated: bool = False
    prefix: bool = False


def _cleaned(query: str) -> str:
    """``query`` with every control, format, surrogate and unassigned character a space: no
    driver or index gets a NUL, an escape, a bidi override or half a character."""
    if query.isprintable():
        return query
    return "".join(" " if unicodedata.category(ch) in _INVISIBLE else ch for ch in query)


_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})


def _tokens(query: str) -> list[_Token]:
    """Split the query at white space. Double quotes, straight or curly, make a phrase (a
    ``-`` before one excludes it, a ``*`` after it makes it a prefix); an apostrophe is part
    of a word; a quote with no closing one is a space."""
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        negated = query[i] == "-" and i + 1 < n and query[i + 1] in _QUOTES
        at = i + 1 if negated else i
        if query[at] in _QUOTES:
            close = _closing_quote(query, at + 1)
            if close < 0:
                i = at + 1  # an unbalanced quote: take the words as they are
                continue
            i = close + 1
            prefix = i < n and query[i] == "*"
            while i < n and query[i] == "*":
                i += 1
            tokens.append(_Token(query[at + 1 : close], True, negated, prefix))
            continue
        end = i
        while end < n and not query[end].isspace() and query[end] not in _QUOTES:
            end += 1
        word = query[i:end]
        i = end
        key = word[:-1].lower()
        if word.endswith(":") and key in _FILTERS and i < n and query[i] in _QUOTES:
            close = _closing_quote(query, i + 1)
            if close >= 0:  # tag:"foreign policy"
                word += query[i + 1 : close]
                i = close + 1
        tokens.append(_Token(word))
    return tokens


_QUOTES = frozenset('"“”„')


def _closing_quote(query: str, start: int) -> int:
    return next((j for j in range(start, len(query)) if query[j] in _QUOTES), -1)


def parse_query(query: str, *, exclusions_alone: bool = False) -> SearchQuery:
    """Parse what the user typed; :class:`SearchQueryError` explains, in one sentence, a
    query too long or a filter it cannot use. A search needs a word besides -excluded ones;
    a filter over what is shown (``exclusions_alone``: the claims desk) does not."""
    if len(query) > MAX_QUERY_CHARS:
        raise SearchQueryError(
            f"a search can be at most {MAX_QUERY_CHARS:,} characters long "
            f"(this one has {len(query):,})"
        )
    parsed = SearchQuery()
    terms = 0
    for token in _tokens(_cleaned(query)):
        if not token.quoted:
            key, sep, value = token.text.partition(":")
            key = key.lower()
            if sep and key in _FILTERS:
                value = value.strip()
                if not value:
                    raise SearchQueryError(f"{key}: needs a value, e.g. {_example(key)}")
                _add_filter(parsed, key, value)
                terms += 1
                continue
            if token.text == "OR":
                parsed.any_of = True
                continue
        negated = token.negated or (
            not token.quoted and token.text.startswith("-") and len(token.text) > 1
        )
        word = token.text[1:] if negated and not token.quoted else token.text
        phrase = _phrase(word + "*" if token.prefix else word)
        if phrase is None:
            continue
        terms += 1
        if negated:
            parsed.excluded.append(phrase)
        else:
            parsed.words.append(phrase)
            parsed.raw_words.append(word.rstrip("*"))
    if terms > MAX_TERMS:
        raise SearchQueryError(
            f"a search can have at most {MAX_TERMS} words, phrases and filters "
            f"(this one has {terms})"
        )
    if parsed.excluded and not parsed.words and not exclusions_alone:
        raise SearchQueryError(
            "a search needs at least one word to look for besides -excluded ones"
        )
    return parsed


def _example(key: str) -> str:
    return {
        "tag": "tag:russia",
        "kind": "kind:claim",
        "status": "status:checked or status:disputed",
        "verdict": "verdict:refuted",
        "claimant": 'claimant:ministry or claimant:"foreign office"',
        "has": "has:source",
        "brief": "brief:3 or brief:pakistan",
        "is": "is:orphan",
    }[key]


def _add_filter(parsed: SearchQuery, key: str, value: str) -> None:
    if key == "tag":
        try:
            parsed.tags.append(normalise_tag(value))
        except InvalidValue:
            raise SearchQueryError(
                f"tag:{_shown(value)} is not a tag: tags have at most {TAG_MAX_LEN} characters "
                "and no commas or semicolons"
            ) from None
        return
    if key in ("brief", "claimant"):
        (parsed.briefs if key == "brief" else parsed.claimants).append(value)
        return
    if key in ("status", "verdict"):
        _add_status(parsed, key, value)
        return
    allowed, found = {
        "kind": (KINDS, parsed.kinds),
        "has": (_HAS, parsed.has),
        "is": (_IS, parsed.is_),
    }[key]
    lowered = value.lower()
    if lowered not in allowed:
        raise SearchQueryError(f"{key}:{_shown(value)}: use one of {', '.join(allowed)}")
    found.append(lowered)


def _add_status(parsed: SearchQuery, key: str, value: str) -> None:
    """``verdict:`` takes a verdict; ``status:`` a verdict or a check status (the two lists
    share no word), hyphens in a check status also written as underscores (``to_check``)."""
    lowered = value.lower()
    canonical = lowered.replace("_", "-")
    if lowered in VERDICTS:
        parsed.statuses.append(lowered)
    elif key == "status" and canonical in CHECK_STATUSES:
        parsed.check_statuses.append(canonical)
    elif key == "verdict" and canonical in CHECK_STATUSES:
        raise SearchQueryError(
            f"verdict:{_shown(value)} says how far checking went, not a verdict: "
            f"use status:{canonical}, or one of {', '.join(VERDICTS)}"
        )
    elif key == "verdict":
        raise SearchQueryError(f"verdict:{_shown(value)}: use one of {', '.join(VERDICTS)}")
    else:
        raise SearchQueryError(
            f"status:{_shown(value)}: use one of {', '.join(VERDICTS)} (a verdict) "
            f"or {', '.join(CHECK_STATUSES)} (how far checking went)"
        )


def _shown(value: str, width: int = 24) -> str:
    """``value`` as a message may quote it: on one line, cut to ``width`` characters."""
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


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


def merge_marked(versions: Sequence[str]) -> str:
    """One text marked wherever any of ``versions`` (the same text marked by different
    indexes: the stemmed one and the one of words as written) is marked."""
    if len(versions) < 2:
        return versions[0] if versions else ""
    plain, ranges = _marks(versions[0])
    found = list(ranges)
    for version in versions[1:]:
        other, more = _marks(version)
        if other == plain:
            found.extend(more)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    parts, pos = [], 0
    for start, end in merged:
        parts += [plain[pos:start], _OPEN, plain[start:end], _CLOSE]
        pos = end
    return "".join(parts) + plain[pos:]


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


__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "SearchHit",
    "SearchQuery",
    "SearchQueryError",
    "merge_marked",
    "parse_query",
]
