"""Finding the quote itself, as is or differing only in formatting (re-anchoring steps 1
and 2): :class:`_Reformatted` matches a reformatted copy, at the expected place or anywhere;
:func:`_moved` looks for the quote elsewhere and picks, among several occurrences, the one
whose context agrees best, then the nearest."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cached_property

from briefreader.anchoring.reanchor.alignment import _Scope
from briefreader.anchoring.reanchor.core import (
    DISTINCT_QUOTE,
    MIN_CONTEXT,
    SHORT_QUOTE,
    Anchor,
    Placement,
)
from briefreader.anchoring.reanchor.folding import _CLASS, _SAME, _squeeze, fold
from briefreader.anchoring.reanchor.scoring import (
    _context_similarity,
    _same_edges,
    _score,
    _where,
    _windows,
)

# Context agreement at which a nearer candidate is not worth searching farther for.
_FULL_CONTEXT = 0.98
# Occurrences of a quote enumerated one by one before switching to nearest-with-context search.
_EXACT_CAP = 64
# Longest slice folded to see whether a reformatted quote could be in it before the regex.
_FOLD_CHECK_MAX = 1 << 18


class _Reformatted:
    """The quote as a reformatted copy may have it: any whitespace run for one, typographic or
    straight quotes and dashes alike, and a line break after a hyphen (word wrapping breaks
    "high-level" there). Like :func:`briefreader.anchoring.find_all`'s lenient matching, plus
    the hyphen breaks. The regex is built only when a folded comparison says it could match:
    compiling one for a 300-character quote takes ~10 ms."""

    def __init__(self, quote: str) -> None:
        self.quote = quote
        self.folded = fold(quote)
        self.squeezed = _squeeze(quote)
        # Whether the pattern would match anything but the quote itself.
        self.lenient = any(ch.isspace() or ch in _CLASS for ch in quote.strip())
        # Whether the quote occurs just once in the text searched (see _only_one), once known.
        self.only_one: bool | None = None

    def possible(self, text: str, lo: int, hi: int) -> bool:
        """Whether ``text[lo:hi]`` may hold the quote reformatted, not just as is (folding a
        long slice costs more than the regex search, so that is always "maybe")."""
        if not self.lenient:
            return False
        if hi - lo > _FOLD_CHECK_MAX:
            return True
        # Compared without any whitespace (cheaper than fold, and a necessary condition): each
        # exact occurrence is one of those hits, so only more hits can be reformatted copies.
        return _squeeze(text[lo:hi]).count(self.squeezed) > text.count(self.quote, lo, hi)

    def end_at(self, text: str, start: int) -> int | None:
        """Where the quote ends if it starts at ``start`` reformatted, else ``None``. Folding
        keeps every non-space character, so the end is after as many of them as the folded
        quote has (found by bisection: a regex would cost ~10 ms to compile)."""
        if not self.lenient or start >= len(text) or text[start].isspace():
            return None
        want = len(self.folded) - self.folded.count(" ")

        def marks(end: int) -> int:
            return sum(map(len, text[start:end].split()))

        lo, hi = start, min(len(text), start + 2 * len(self.quote) + 64)
        if marks(hi) < want:
            return None
        while lo < hi:
            mid = (lo + hi) // 2
            if marks(mid) < want:
                lo = mid + 1
            else:
                hi = mid
        return lo if fold(text[start:lo]) == self.folded else None

    def spans(self, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Where the quote occurs reformatted in ``text[lo:hi]`` (at most _EXACT_CAP)."""
        if not self.possible(text, lo, hi) or self.pattern is None:
            return []
        return [m.span() for m in _capped(self.pattern.finditer(text, lo, hi))]

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """``None`` when the pattern could only match the quote itself."""
        parts: list[str] = []
        lenient = False
        for token in re.split(r"(\s+)", self.quote.strip()):
            if token.isspace():
                parts.append(r"\s+")
                lenient = True
                continue
            for i, ch in enumerate(token):
                group = _CLASS.get(ch)
                lenient = lenient or group is not None
                parts.append(group or re.escape(ch))
                if ch in _SAME["-"] and i + 1 < len(token):
                    parts.append(r"\s*")
        return re.compile("".join(parts)) if lenient and parts else None


def _moved(
    text: str,
    anchor: Anchor,
    hint: int | None,
    scope: _Scope | None,
    lenient: _Reformatted,
) -> Placement | None:
    """The quote elsewhere: exact occurrences first, then ones differing only in formatting."""
    quote = anchor.quote

    def exact(lo: int, hi: int) -> list[tuple[int, int]]:
        return [(s, s + len(quote)) for s in _occurrences(text, quote, lo, hi)]

    def formatted(lo: int, hi: int) -> list[tuple[int, int]]:
        return lenient.spans(text, lo, hi)

    finders = [exact, formatted] if lenient.lenient else [exact]
    if scope is not None:
        for finder in finders:
            regions = scope.regions(2 * len(quote), hint)
            spans = [s for r in regions for s in finder(*r)]
            found = _best_moved(text, anchor, hint, scope, spans, lenient)
            if found is not None:
                return found[0]
        return None
    windows = list(_windows(len(text), hint, 2 * len(quote)))
    for finder in finders:
        for lo, hi in windows:
            everywhere = (lo, hi) == windows[-1]
            if everywhere and finder is exact:
                spans = [(s, s + len(quote)) for s in _exact_starts(text, anchor, hint)]
            else:
                spans = finder(lo, hi)
            found = _best_moved(text, anchor, hint, None, spans, lenient)
            # Nearer windows are searched first; one whose best candidate's whole context
            # agrees needs no wider search (a wider one could only find it farther away).
            if found is not None and (everywhere or found[1] is None or found[1] >= _FULL_CONTEXT):
                return found[0]
    return None


def _capped(matches: Iterator[re.Match[str]]) -> Iterator[re.Match[str]]:
    for i, match in enumerate(matches):
        if i == _EXACT_CAP:
            return
        if match.end() > match.start():
            yield match


def _occurrences(text: str, quote: str, lo: int, hi: int) -> list[int]:
    """Where ``quote`` starts within ``text[lo:hi]``, the first :data:`_EXACT_CAP` of them."""
    starts: list[int] = []
    pos = text.find(quote, lo, hi)
    while pos != -1 and len(starts) < _EXACT_CAP:
        starts.append(pos)
        pos = text.find(quote, pos + 1, hi)
    return starts


def _exact_starts(text: str, anchor: Anchor, hint: int | None) -> list[int]:
    """Candidate starts of the quote anywhere in ``text``: all of them when there are few;
    for a frequent quote, the occurrences nearest ``hint`` carrying the stored context
    (whole, one side, the closest 8 characters) and the nearest plain ones."""
    quote = anchor.quote
    starts = _occurrences(text, quote, 0, len(text))
    if len(starts) < _EXACT_CAP:
        return starts
    near = 0 if hint is None else hint
    prefix, suffix = anchor.prefix, anchor.suffix
    for before, after in (
        (prefix, suffix),
        (prefix, ""),
        ("", suffix),
        (prefix[-8:], suffix[:8]),
        ("", ""),
    ):
        needle = before + quote + after
        at = max(0, near - len(before))
        found = text.find(needle, at)
        if found != -1:
            starts.append(found + len(before))
        if at > 0:
            found = text.rfind(needle, 0, at + len(needle) - 1)
            if found != -1:
                starts.append(found + len(before))
    return starts


def _best_moved(
    text: str,
    anchor: Anchor,
    hint: int | None,
    scope: _Scope | None,
    spans: Sequence[tuple[int, int]],
    lenient: _Reformatted,
) -> tuple[Placement, float | None] | None:
    """The span whose context agrees best, then the nearest, with its context agreement;
    ``None`` if it is not evidence enough: two spans equal in both (nothing to choose by), or
    a short quote whose context does not agree, away from its position or, without one, not
    the only occurrence."""
    best: tuple[tuple[float, int], int, int, float | None] | None = None
    tied = False
    for start, end in sorted(set(spans)):
        if not _same_edges(text, anchor, start, end) or (scope and scope.claimed(start, end)):
            continue
        context = _context_similarity(text, anchor, start, end)
        distance = abs(start - hint) if hint is not None else 0
        key = (round(context, 3) if context is not None else 0.0, -distance)
        if best is None or key > best[0]:
            best, tied = (key, start, end, context), False
        elif key == best[0] and start >= best[2]:
            tied = True
    if best is None or tied:
        return None
    _, start, end, context = best
    where = _where(start, hint, scope)
    short = len(anchor.quote.strip()) < DISTINCT_QUOTE
    # With no position at all, a quote that occurs only once is taken though its context
    # changed (as one stored without context is); a position it is away from says it is
    # another copy as likely as not.
    if (
        short
        and context is not None
        and context < MIN_CONTEXT
        and where != "exact"
        and not (hint is None and _only_one(text, anchor.quote, lenient))
    ):
        return None
    if where == "exact" and text[start:end] == anchor.quote:
        return Placement(start, end, where, 1.0), context  # as if step 1 had found it
    return Placement(start, end, where, _score(text, anchor, start, end, hint, 1.0)), context


def _only_one(text: str, quote: str, lenient: _Reformatted) -> bool:
    """Whether ``quote`` (more than 3 characters) occurs just once in ``text``, as is or
    reformatted: then its context changing does not make it a chance match."""
    if lenient.only_one is None:
        lenient.only_one = (
            len(quote.strip()) > SHORT_QUOTE
            and text.count(quote) <= 1
            and (not lenient.lenient or len(lenient.spans(text, 0, len(text))) <= 1)
        )
    return lenient.only_one
