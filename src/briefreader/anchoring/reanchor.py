"""Re-anchoring: finding where an annotation belongs after a brief's text changed.

Pure functions over strings (no store, no Textual). An :class:`Anchor` is what an annotation
remembers of its place (the W3C TextQuoteSelector's quote/prefix/suffix and the
TextPositionSelector's offsets); :func:`locate` finds it in a text, :func:`reanchor_all` moves
many anchors from an old text onto a new one. Each anchor is tried, in order:

1. **exact**: the quote at the expected position (the old offset, mapped into the new text),
   as is or differing only in formatting (whitespace runs, line breaks after hyphens, quote
   and dash style: a reformatted document; compare the span's text with :func:`fold`);
2. **moved**: the quote elsewhere, as is or reformatted; among several, the one whose
   prefix/suffix agree best, then the nearest;
3. **fuzzy**: an approximate match (rapidfuzz) within an edit budget of half the quote, at
   most :data:`MAX_EDITS`, scored on quote, prefix, suffix and distance; its span is cut from
   an alignment of prefix + quote + suffix, so it covers what replaced the quote, and whole
   words when the quote was whole words;
4. otherwise ``None``: the caller keeps the annotation as an orphan.

Evidence rules keep quotes off chance matches: a quote shorter than :data:`DISTINCT_QUOTE`
characters moves only where its stored context agrees; a fuzzy match must agree, prefix +
quote + suffix together, on most characters, a 1-3 character quote fuzzily only with its
context, and away from the expected place its context must agree too (prose has
near-duplicate sentences).

**Mapping old offsets.** :func:`reanchor_all` aligns the two texts (rapidfuzz Levenshtein
opcodes over lines, then sentences, then words of the parts that differ, then characters of
small differing parts; sentences that differ only in formatting are aligned character by
character when an offset in them is needed), so an insertion earlier in the document shifts
the expected position instead of counting as distance. The alignment also tells which new
text is unchanged old text: a passage found there is a copy that was already in the old text,
not where the annotation went, so with an old text only candidates in changed text count.
That keeps a deleted paragraph's annotations from jumping onto repeated phrases, and bounds
the search.

**Cost.** Anchors whose text did not change cost a bisect and a ``startswith``. The others
search, with an old text, only the changed regions; without one, windows around the expected
position widening to the whole text. A fuzzy search skips any area holding none of the
passage's 8-character pieces intact, and in texts over 64 KB it looks beyond 16 KB of the
expected position only around exact hits of 12-character pieces of the quote and its
context: a passage changed in every such piece is found only near where it was. Measured on
a 5 MB brief with 1,000 annotations (``benchmarks/bench_reanchor.py``): 0.13-0.2 s after
scattered edits, 0.8-1 s after reformatting the whole brief.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein, Opcodes

Method = Literal["exact", "moved", "fuzzy"]

#: Cap on the edit budget of a fuzzy match (the budget is half the quote, at most this): a
#: passage with more changed characters than this was rewritten rather than corrected, so the
#: annotation becomes an orphan for the user to re-attach instead of sticking to new words.
MAX_EDITS = 64
#: Quotes this short (after stripping) match fuzzily only with context agreeing this much.
SHORT_QUOTE = 3
SHORT_QUOTE_CONTEXT = 0.8
#: Quotes shorter than this move (exactly, elsewhere) only where the context agrees this much.
DISTINCT_QUOTE = 12
MIN_CONTEXT = 0.6
#: A fuzzy match must agree with prefix + quote + suffix on at least this share of characters,
#: and one farther than FAR characters from the expected place needs its context to agree
#: this much too.
MIN_NEEDLE = 0.6
FAR = 1_000
FAR_CONTEXT = 0.75
#: Weights of the score: quote similarity, context agreement, nearness to the expected place.
W_QUOTE, W_CONTEXT, W_NEAR = 0.6, 0.3, 0.1
#: Distance (characters) at which the nearness part of the score has halved.
NEAR_SCALE = 1_000
#: A fuzzy candidate this good stops the widening search.
GOOD_SCORE = 0.9

# Search windows around the expected position (radius, characters), before the whole text:
# for the quote as is or reformatted (str.find, a regex), and for a fuzzy match.
_WINDOWS = (2_048, 16_384, 131_072)
_FUZZY_WINDOWS = (2_048, 16_384)
# Above this size a fuzzy search does not scan the whole text but windows around the exact
# hits of pieces of the passage (partial_ratio with a 300-character needle takes ~10-30 ms per
# 128 KB; the pieces are a few str.find calls).
_WHOLE_TEXT_FUZZY = 1 << 16
# Characters of each end of the passage located with partial_ratio_alignment.
_PROBE_CHARS = 64
# The Indel similarity the best window must have before its ends are fitted: a match with
# MIN_NEEDLE Levenshtein similarity has at least 0.6 (unrelated prose has ~0.5).
_MIN_WINDOW = 0.55
# A fuzzy candidate area must contain one of the passage's pieces of this many characters.
_PIECE_CHARS = 8
# Beyond the windows, a fuzzy search looks around the nearest exact hits of this many pieces
# of this many characters.
_SEED_CHARS = 12
_SEEDS = 6
# Characters a mapped position may be off and still count as where the quote was expected.
_NEAR_EXACT = 8
# Context agreement at which a nearer candidate is not worth searching farther for.
_FULL_CONTEXT = 0.98
# Occurrences of a quote enumerated one by one before switching to nearest-with-context search.
_EXACT_CAP = 64
# Longest slice folded to see whether a reformatted quote could be in it before the regex.
_FOLD_CHECK_MAX = 1 << 18
# Beyond this many changed regions (a reformatted document) restricting the search to them is
# dearer than searching windows, and the alignment is too fragmented to trust as a filter.
_MAX_REGIONS = 512
# Alignment: separators of the successive levels, and when characters are aligned directly.
_LEVELS = ("\n", ". ", " ")
_CHAR_LEVEL_MAX = 1 << 24  # product of the two lengths (2 MB of bit matrix)
_WORD_LEVEL_MAX = 1 << 18  # characters per side
_SPACED_MAX = 1 << 16  # product of the lengths of a reformatted pair (a few sentences)
_CHANCE_RUN = 32  # shared runs shorter than this may be chance (see _meaningful)

# Characters a reformatted copy of a brief may have in place of each other.
_SAME = {"'": "'‘’‛′", '"': '"“”„‟″', "-": "-‐‑‒–—"}
_FOLD_PAIRS = [(ch, plain) for plain, group in _SAME.items() for ch in group if ch != plain]
_HYPHEN_SPACE = re.compile(r"(?<=\w-) (?=\w)")
_WORD = re.compile(r"\S+")
_CLASS = {ch: "[" + re.escape(group) + "]" for group in _SAME.values() for ch in group}


@dataclass(frozen=True)
class Anchor:
    """Where an annotation was: the W3C TextQuoteSelector (quote, prefix, suffix) and
    TextPositionSelector (start, end; a hint, ``None`` when unknown) of the old text."""

    quote: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Placement:
    """Where an anchor landed in the new text.

    ``method``: ``"exact"`` the quote where it was expected (possibly reformatted: compare
    ``text[start:end]`` with the quote to see whether it changed), ``"moved"`` the quote
    elsewhere, ``"fuzzy"`` an approximate match. ``score`` (0..1) weighs quote similarity,
    context agreement and nearness; 1.0 for an unchanged quote where expected.
    """

    start: int
    end: int
    method: Method
    score: float


def fold(text: str) -> str:
    """``text`` with whitespace runs as one space, none after a hyphen inside a word (a line
    broken at "high-|level"), and typographic quotes/dashes as ASCII: two quotes that fold to
    the same string differ only in formatting."""
    return _HYPHEN_SPACE.sub("", " ".join(_fold_marks(text).split()))


def _squeeze(text: str) -> str:
    """``text`` folded and without whitespace at all."""
    return "".join(_fold_marks(text).split())


def _fold_marks(text: str) -> str:
    """Typographic quotes and dashes as ASCII, one character for one."""
    # str.replace per character: str.translate walks every character through a dict (35x
    # slower on text with typographic quotes).
    for fancy, plain in _FOLD_PAIRS:
        if fancy in text:
            text = text.replace(fancy, plain)
    return text


def locate(text: str, anchor: Anchor, *, expected: int | None = None) -> Placement | None:
    """Where ``anchor`` belongs in ``text``, or ``None`` (an orphan).

    ``expected`` is the position the quote should start at (defaults to ``anchor.start``).
    """
    hint = anchor.start if expected is None else expected
    return _locate(text, anchor, _clamp(hint, len(text)), None)


def reanchor_all(
    old_text: str | None, new_text: str, anchors: Sequence[Anchor]
) -> list[Placement | None]:
    """Each anchor's place in ``new_text`` (``None``: orphan), in the order given.

    With ``old_text`` (the text the anchors' offsets refer to), offsets are mapped through an
    alignment of the two texts; without it, ``Anchor.start`` is used as is, as a hint.
    """
    if old_text is None:
        return [locate(new_text, anchor) for anchor in anchors]
    alignment = _Alignment.build(old_text, new_text)
    scoped = len(alignment.gaps) <= _MAX_REGIONS
    placements: list[Placement | None] = []
    for anchor in anchors:
        if anchor.start is None:
            placements.append(_locate(new_text, anchor, None, None))
            continue
        start = min(max(anchor.start, 0), len(old_text))
        # Offsets that do not hold the quote in the old text say nothing about what changed
        # around it, so the changed-regions filter would be wrong; search everywhere.
        consistent = old_text.startswith(anchor.quote, start)
        scope = (
            _Scope(alignment, start, start + len(anchor.quote)) if scoped and consistent else None
        )
        placements.append(_locate(new_text, anchor, alignment.map(start), scope))
    return placements


# -- locating one anchor


def _clamp(position: int | None, length: int) -> int | None:
    return None if position is None else min(max(position, 0), length)


def _locate(text: str, anchor: Anchor, hint: int | None, scope: _Scope | None) -> Placement | None:
    quote = anchor.quote
    if not quote.strip():
        return None
    if (
        hint is not None
        and text.startswith(quote, hint)
        and _same_edges(text, anchor, hint, hint + len(quote))
    ):
        return Placement(hint, hint + len(quote), "exact", 1.0)
    lenient = _Reformatted(quote)
    end = lenient.end_at(text, hint) if hint is not None else None
    if hint is not None and end is not None and _same_edges(text, anchor, hint, end):
        return Placement(hint, end, "exact", _score(text, anchor, hint, end, hint, 1.0))
    found = _moved(text, anchor, hint, scope, lenient)
    if found is not None:
        return found
    return _fuzzy(text, anchor, hint, scope)


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


def _same_edges(text: str, anchor: Anchor, start: int, end: int) -> bool:
    """Whether ``start:end`` begins and ends a word where the quote did: "Pakistan" quoted as
    a word is not the start of "Pakistani", and "energy woe" is not what it was once a fix
    made it "energy woes" (that is a fuzzy match, and covers the whole word)."""
    quote = anchor.quote
    if (
        quote[0].isalnum()
        and not anchor.prefix[-1:].isalnum()
        and text[start - 1 : start].isalnum()
    ):
        return False
    return not (
        quote[-1].isalnum() and not anchor.suffix[:1].isalnum() and text[end : end + 1].isalnum()
    )


def _context_similarity(text: str, anchor: Anchor, start: int, end: int) -> float | None:
    """How well the text around ``start:end`` agrees with the stored prefix and suffix (0..1),
    weighted by their lengths; ``None`` when the anchor has no context."""
    prefix, suffix = anchor.prefix, anchor.suffix
    total = len(prefix) + len(suffix)
    if total == 0:
        return None
    agreement = 0.0
    if prefix:
        before = text[max(0, start - len(prefix) - 8) : start]
        # Compare the same amount of folded text: reformatting changes lengths.
        got, want = fold(before), fold(prefix)
        got = got[-len(want) :] if want else ""
        agreement += len(prefix) * Levenshtein.normalized_similarity(want, got)
    if suffix:
        got, want = fold(text[end : end + len(suffix) + 8]), fold(suffix)
        agreement += len(suffix) * Levenshtein.normalized_similarity(want, got[: len(want)])
    return agreement / total


def _score(
    text: str, anchor: Anchor, start: int, end: int, hint: int | None, quote_sim: float
) -> float:
    parts = [(W_QUOTE, quote_sim)]
    context = _context_similarity(text, anchor, start, end)
    if context is not None:
        parts.append((W_CONTEXT, context))
    if hint is not None:
        parts.append((W_NEAR, 1 / (1 + abs(start - hint) / NEAR_SCALE)))
    weight = sum(w for w, _ in parts)
    return round(sum(w * v for w, v in parts) / weight, 4)


def _windows(
    length: int, hint: int | None, reach: int, radii: Sequence[int] = _WINDOWS
) -> Iterator[tuple[int, int]]:
    """Windows around ``hint`` (padded by ``reach``), widening; the whole text last."""
    if hint is not None:
        for radius in radii:
            lo, hi = max(0, hint - radius - reach), min(length, hint + radius + reach)
            if lo == 0 and hi == length:
                break
            yield lo, hi
    yield 0, length


# -- step 2: the quote elsewhere (exact or differing only in formatting)


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
            found = _best_moved(text, anchor, hint, scope, [s for r in regions for s in finder(*r)])
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
            found = _best_moved(text, anchor, hint, None, spans)
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
) -> tuple[Placement, float | None] | None:
    """The span whose context agrees best, then the nearest, with its context agreement;
    ``None`` if it is not evidence enough (a short quote whose context does not agree)."""
    best: tuple[tuple[float, int], int, int, float | None] | None = None
    for start, end in spans:
        if not _same_edges(text, anchor, start, end) or (scope and scope.claimed(start, end)):
            continue
        context = _context_similarity(text, anchor, start, end)
        distance = abs(start - hint) if hint is not None else start
        key = (round(context, 3) if context is not None else 0.0, -distance)
        if best is None or key > best[0]:
            best = (key, start, end, context)
    if best is None:
        return None
    _, start, end, context = best
    where = _where(start, hint, scope)
    short = len(anchor.quote.strip()) < DISTINCT_QUOTE
    if short and context is not None and context < MIN_CONTEXT and where != "exact":
        return None
    if where == "exact" and text[start:end] == anchor.quote:
        return Placement(start, end, where, 1.0), context  # as if step 1 had found it
    return Placement(start, end, where, _score(text, anchor, start, end, hint, 1.0)), context


def _where(start: int, hint: int | None, scope: _Scope | None) -> Method:
    """Whether a quote found at ``start`` is "exact" (where expected) or "moved". A position
    mapped through an alignment may be a few characters off (which of two equal letters
    survived an edit next to them is a toss-up), so there it has :data:`_NEAR_EXACT` slack."""
    if hint is not None and (start == hint or (scope and abs(start - hint) <= _NEAR_EXACT)):
        return "exact"
    return "moved"


# -- step 3: approximate match


def _fuzzy(text: str, anchor: Anchor, hint: int | None, scope: _Scope | None) -> Placement | None:
    quote = anchor.quote
    if len(quote.strip()) <= SHORT_QUOTE and not (anchor.prefix or anchor.suffix):
        return None
    budget = min(len(quote) // 2, MAX_EDITS)
    needle = anchor.prefix + quote + anchor.suffix
    reach = len(needle) + budget
    if scope is not None:
        areas: list[tuple[int, int]] = scope.regions(reach, hint)
    else:
        areas = list(_windows(len(text), hint, reach, _FUZZY_WINDOWS))
        if areas[-1] == (0, len(text)) and len(text) > _WHOLE_TEXT_FUZZY:
            areas[-1:] = _seed_windows(text, needle, hint, reach)
    pieces = _pieces(needle)
    best: Placement | None = None
    for lo, hi in areas:
        if not any(text.find(piece, lo, hi) != -1 for piece in pieces):
            continue  # nothing of the passage is there: not worth an alignment
        found = _fuzzy_in(text, anchor, needle, lo, hi, hint, budget, scope)
        if found is not None and (best is None or found.score > best.score):
            best = found
            if best.score >= GOOD_SCORE:
                break
    return best


def _pieces(needle: str) -> list[str]:
    """Consecutive :data:`_PIECE_CHARS`-character pieces of ``needle``: a passage that kept
    none of them intact is not looked for (the prefilter that keeps fuzzy search cheap)."""
    size = min(_PIECE_CHARS, len(needle))
    return [needle[k : k + size] for k in range(0, len(needle) - size + 1, size)]


def _seed_windows(text: str, needle: str, hint: int | None, reach: int) -> list[tuple[int, int]]:
    """Small windows around the nearest exact hits of a few pieces of ``needle``."""
    count = min(_SEEDS, max(1, len(needle) // _SEED_CHARS))
    step = (len(needle) - _SEED_CHARS) / max(1, count - 1)
    near = 0 if hint is None else hint
    starts: set[int] = set()
    for k in range(count):
        offset = max(0, round(k * step))
        piece = needle[offset : offset + _SEED_CHARS]
        if not piece.strip():
            continue
        found = text.find(piece, near)
        if found != -1:
            starts.add(found - offset)
        found = text.rfind(piece, 0, near + len(piece))
        if found != -1:
            starts.add(found - offset)
    return [(max(0, s - reach), min(len(text), s + len(needle) + reach)) for s in sorted(starts)]


def _fuzzy_in(
    text: str,
    anchor: Anchor,
    needle: str,
    lo: int,
    hi: int,
    hint: int | None,
    budget: int,
    scope: _Scope | None,
) -> Placement | None:
    """The best approximate match of ``needle`` in ``text[lo:hi]``, its quote part cut out."""
    slack = budget + 16
    if hi - lo > len(needle) + 2 * slack:
        start = _probe(needle, text, lo, hi)
        if start is None:
            return None
        lo, hi = start, min(hi, start + len(needle))
    if Indel.normalized_similarity(needle, text[lo:hi]) < _MIN_WINDOW:
        return None  # not even the best window resembles the passage
    lo, hi = _semi_global(text, needle, lo, hi, slack)
    ops = Levenshtein.opcodes(needle, text[lo:hi])
    p = len(anchor.prefix)
    start = lo + _project(ops, p, end=False)
    end = lo + _project(ops, p + len(anchor.quote), end=True)
    start, end = _tidy(text, anchor, start, end)
    if end <= start or (scope is not None and scope.claimed(start, end)):
        return None
    quote, span = fold(anchor.quote), fold(text[start:end])
    if Levenshtein.distance(quote, span, score_cutoff=budget + 1) > budget:
        return None
    context = _context_similarity(text, anchor, start, end)
    if len(quote) <= SHORT_QUOTE and (context is None or context < SHORT_QUOTE_CONTEXT):
        return None
    # Away from where it was expected, a passage that only resembles the quote is taken only
    # if its surroundings do too: prose has near-duplicate sentences.
    far = hint is None or abs(start - hint) > max(FAR, len(needle))
    if far and context is not None and context < FAR_CONTEXT:
        return None
    around = text[max(0, start - len(anchor.prefix)) : end + len(anchor.suffix)]
    if Levenshtein.normalized_similarity(fold(needle), fold(around)) < MIN_NEEDLE:
        return None
    quote_sim = Levenshtein.normalized_similarity(quote, span)
    score = _score(text, anchor, start, end, hint, quote_sim)
    return Placement(start, end, _where(start, hint, scope) if quote == span else "fuzzy", score)


def _probe(needle: str, text: str, lo: int, hi: int) -> int | None:
    """Where in ``text[lo:hi]`` the needle most likely starts, from partial_ratio_alignment of
    its first and last :data:`_PROBE_CHARS` characters (rapidfuzz's fast path is for needles of
    up to 64 characters; a 300-character one takes milliseconds per area). Two probes, so a
    change at one end of the passage does not hide it."""
    area = text[lo:hi]
    probes = [(needle, 0)]
    if len(needle) > _PROBE_CHARS:
        probes = [(needle[:_PROBE_CHARS], 0), (needle[-_PROBE_CHARS:], len(needle) - _PROBE_CHARS)]
    best: tuple[float, int] | None = None
    for probe, offset in probes:
        found = fuzz.partial_ratio_alignment(probe, area, score_cutoff=50)
        if found is not None and (best is None or found.score > best[0]):
            best = (found.score, found.dest_start - offset)
    return None if best is None else max(lo, lo + best[1])


def _semi_global(text: str, needle: str, lo: int, hi: int, slack: int) -> tuple[int, int]:
    """``lo:hi`` moved (each end by at most ``slack``) to where ``needle`` aligns best with
    the fewest insertions and deletions. Indel, not Levenshtein: substituting unrelated text
    costs about what deleting the needle's part costs, so a Levenshtein-best span would
    swallow the text next to a deleted part of the quote."""

    def best(candidates: list[int], span: Callable[[int], str], around: int) -> int:
        candidates.sort(key=lambda v: abs(v - around))  # ties go to the nearer
        found = process.extractOne(needle, [span(v) for v in candidates], scorer=Indel.distance)
        return candidates[found[2]] if found is not None else around

    # Every 4th position, then the neighbours of the best (about 50 alignments, not 160).
    first, last = max(0, lo - slack), min(lo + slack, hi - 1)
    lo = best(list(range(first, last + 1, 4)) or [lo], lambda v: text[v:hi], lo)
    lo = best(list(range(max(first, lo - 3), min(last, lo + 3) + 1)), lambda v: text[v:hi], lo)
    first, last = max(lo + 1, hi - slack), min(len(text), hi + slack)
    hi = best(list(range(first, last + 1, 4)) or [hi], lambda v: text[lo:v], hi)
    hi = best(list(range(max(first, hi - 3), min(last, hi + 3) + 1)), lambda v: text[lo:v], hi)
    return lo, hi


def _project(ops: Opcodes, i: int, *, end: bool) -> int:
    """Where position ``i`` of the aligned needle falls in the region: for a start, before
    text inserted at that point; for an end, after text inserted inside the span only."""
    last = 0
    for op in ops:
        if op.tag == "insert":
            continue
        inside = op.src_start < i <= op.src_end if end else op.src_start <= i < op.src_end
        if inside:
            if op.tag == "delete":
                return op.dest_start
            return op.dest_start + min(i - op.src_start, op.dest_end - op.dest_start)
        last = op.dest_end
    return last


def _tidy(text: str, anchor: Anchor, start: int, end: int) -> tuple[int, int]:
    """No whitespace at the ends the quote did not have; whole words where the quote began or
    ended on a word boundary (a corrected word is covered entirely, no more)."""
    quote = anchor.quote
    if not quote[0].isspace():
        while start < end and text[start].isspace():
            start += 1
    if not quote[-1].isspace():
        while end > start and text[end - 1].isspace():
            end -= 1
    if end <= start:
        return start, end
    if quote[0].isalnum() and not anchor.prefix[-1:].isalnum():
        limit = max(0, start - 32)
        while start > limit and text[start - 1].isalnum():
            start -= 1
    if quote[-1].isalnum() and not anchor.suffix[:1].isalnum():
        limit = min(len(text), end + 32)
        while end < limit and text[end].isalnum():
            end += 1
    return start, end


# -- aligning the old text with the new


@dataclass
class _Alignment:
    """Runs of text the old and new versions share, from a diff at successively finer levels,
    and pairs of stretches with the same words but other spacing (aligned when first asked)."""

    old: str = field(repr=False)
    new: str = field(repr=False)
    old_starts: list[int]
    new_starts: list[int]
    lengths: list[int]
    # (old_lo, old_hi, new_lo, new_hi): the same words, reformatted.
    spaced: list[tuple[int, int, int, int]]
    gaps: list[tuple[int, int]]  # new-text stretches no run covers (empty: a deletion point)
    _spaced_starts: list[int] = field(default_factory=list, repr=False)
    _inner: dict[int, _Alignment] = field(default_factory=dict, repr=False)

    @property
    def new_len(self) -> int:
        return len(self.new)

    @classmethod
    def build(cls, old: str, new: str) -> _Alignment:
        aligner = _Aligner(old, new)
        if old == new:
            aligner.runs.append((0, 0, len(old)))
        else:
            aligner.refine(0, len(old), 0, len(new), 0)
        merged: list[tuple[int, int, int]] = []
        for run in aligner.runs:
            if merged:
                o, n, length = merged[-1]
                if o + length == run[0] and n + length == run[1]:
                    merged[-1] = (o, n, length + run[2])
                    continue
            merged.append(run)
        gaps: list[tuple[int, int]] = []
        old_end = new_end = 0
        for o, n, length in merged:
            if (o, n) != (old_end, new_end):
                gaps.append((new_end, n))
            old_end, new_end = o + length, n + length
        if (old_end, new_end) != (len(old), len(new)):
            gaps.append((new_end, len(new)))
        return cls(
            old,
            new,
            [r[0] for r in merged],
            [r[1] for r in merged],
            [r[2] for r in merged],
            aligner.spaced,
            gaps,
            [r[0] for r in aligner.spaced],
        )

    def map(self, position: int) -> int:
        """``position`` in the old text as a position in the new one (exact in shared text
        and, aligned on demand, in reformatted text; interpolated in between)."""
        i = bisect_right(self.old_starts, position) - 1
        if i >= 0 and position < self.old_starts[i] + self.lengths[i]:
            return self.new_starts[i] + position - self.old_starts[i]
        k = bisect_right(self._spaced_starts, position) - 1
        if k >= 0 and position < self.spaced[k][1]:
            o0, o1, n0, n1 = self.spaced[k]
            if k not in self._inner:
                self._inner[k] = _Alignment.build(self.old[o0:o1], self.new[n0:n1])
            return n0 + self._inner[k].map(position - o0)
        o0 = n0 = 0
        if i >= 0:
            o0 = self.old_starts[i] + self.lengths[i]
            n0 = self.new_starts[i] + self.lengths[i]
        o1, n1 = len(self.old), len(self.new)
        if i + 1 < len(self.old_starts):
            o1, n1 = self.old_starts[i + 1], self.new_starts[i + 1]
        if o1 <= o0:
            return n0
        return n0 + round((position - o0) * (n1 - n0) / (o1 - o0))


@dataclass(frozen=True)
class _Scope:
    """What the alignment tells one anchor's search: where the new text changed, and which new
    text is old text other than the anchor's own (``old_start:old_end``)."""

    alignment: _Alignment
    old_start: int
    old_end: int

    def regions(self, pad: int, hint: int | None) -> list[tuple[int, int]]:
        """The changed parts of the new text, widened by ``pad``, merged, nearest first."""
        merged: list[tuple[int, int]] = []
        for lo, hi in self.alignment.gaps:
            lo, hi = max(0, lo - pad), min(self.alignment.new_len, hi + pad)
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        if hint is not None:
            merged.sort(
                key=lambda r: 0 if r[0] <= hint < r[1] else min(abs(r[0] - hint), abs(r[1] - hint))
            )
        return merged

    def claimed(self, start: int, end: int) -> bool:
        """Whether ``start:end`` of the new text is mostly old text from elsewhere: another
        copy of the words that was already there, not where this anchor's passage went."""
        a = self.alignment
        foreign = 0
        i = max(0, bisect_right(a.new_starts, start) - 1)
        while i < len(a.new_starts) and a.new_starts[i] < end:
            lo = max(start, a.new_starts[i])
            hi = min(end, a.new_starts[i] + a.lengths[i])
            if hi > lo:
                old = a.old_starts[i] + lo - a.new_starts[i]
                if not (old < self.old_end and old + hi - lo > self.old_start):
                    foreign += hi - lo
            i += 1
        return 2 * foreign > end - start


class _Aligner:
    """Finds the shared runs of two texts: lines, then sentences, then words of the parts that
    differ, then characters of small differing parts."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.runs: list[tuple[int, int, int]] = []
        self.spaced: list[tuple[int, int, int, int]] = []

    def refine(self, a0: int, a1: int, b0: int, b1: int, level: int) -> None:
        """Append the shared runs of ``old[a0:a1]`` and ``new[b0:b1]``, in order."""
        old, new = self.old, self.new
        if a0 == a1 or b0 == b1:
            return
        if (a1 - a0) * (b1 - b0) <= _CHAR_LEVEL_MAX:
            equal = [
                (a0 + op.src_start, b0 + op.dest_start, op.src_end - op.src_start)
                for op in Indel.opcodes(old[a0:a1], new[b0:b1])
                if op.tag == "equal"
            ]
            # Many alignments cost the same when text was deleted ("n become a" kept from a
            # long deletion can be matched letter by letter in what was deleted); the chance
            # runs go, and each gap keeps what it still shares: words respaced ("A" in
            # ". A " → ".  A\n"), or text at its ends, in one piece.
            o_end, n_end = a0, b0
            for o, n, length in [*_meaningful(equal, a0, b0, a1, b1), (a1, b1, 0)]:
                if not self.respaced(o_end, o, n_end, n):
                    head = _common_length(old, o_end, o, new, n_end, n, forward=True)
                    tail = _common_length(old, o_end + head, o, new, n_end + head, n, forward=False)
                    if head:
                        self.runs.append((o_end, n_end, head))
                    if tail:
                        self.runs.append((o - tail, n - tail, tail))
                if length:
                    self.runs.append((o, n, length))
                o_end, n_end = o + length, n + length
            return
        if level == len(_LEVELS):
            return
        sep = _LEVELS[level]
        if sep == " " and max(a1 - a0, b1 - b0) > _WORD_LEVEL_MAX:
            return
        count_a, count_b = old.count(sep, a0, a1), new.count(sep, b0, b1)
        few, most = min(count_a, count_b), max(count_a, count_b)
        if most < 4 or (few >= 64 and most > 3 * few):
            # Too few pieces to tell anything, or hundreds cut up differently (lines wrapped
            # anew): no piece would be equal, and the alignment would cost ~0.3 s on 5 MB.
            self.refine(a0, a1, b0, b1, level + 1)
            return
        pieces_a, pieces_b = old[a0:a1].split(sep), new[b0:b1].split(sep)
        width = len(sep)
        # Piece i starts at starts[i]; each but the last is followed by the separator.
        starts_a = list(accumulate(map(width.__add__, map(len, pieces_a)), initial=a0))
        starts_b = list(accumulate(map(width.__add__, map(len, pieces_b)), initial=b0))
        shared: list[tuple[int, int, int]] = []
        # Levenshtein with a score hint (banded) is ~8x faster than Indel on 30,000 sentences;
        # a substituted piece only joins the differing block refined at the next level.
        for op in Levenshtein.opcodes(pieces_a, pieces_b, score_hint=16):
            if op.tag == "equal":
                o, n = starts_a[op.src_start], starts_b[op.dest_start]
                # Only one side's last piece lacks the separator: the run stops before it.
                end_a, end_b = min(starts_a[op.src_end], a1), min(starts_b[op.dest_end], b1)
                shared.append((o, n, min(end_a - o, end_b - n)))
        if sep == ". " and 2 * sum(r[2] for r in shared) < min(a1 - a0, b1 - b0):
            # Most sentences differ: maybe only in spacing or quote style (a reformatted copy).
            self.refine_spaced(a0, a1, b0, b1, level + 1)
            return
        # What lies between the runs kept (rewritten pieces, and pieces equal by chance such as
        # the empty line between paragraphs) is aligned again at the next level.
        o_end, n_end = a0, b0
        for o, n, length in [*_meaningful(shared, a0, b0, a1, b1), (a1, b1, 0)]:
            self.refine(o_end, o, n_end, n, level + 1)
            if length:
                self.runs.append((o, n, length))
            o_end, n_end = o + length, n + length

    def respaced(self, a0: int, a1: int, b0: int, b1: int) -> bool:
        """If ``old[a0:a1]`` and ``new[b0:b1]`` (a few characters) hold the same words spaced
        differently, add a run per word and say so."""
        if not (0 < a1 - a0 <= 64 and 0 < b1 - b0 <= 64):
            return False
        words_a = list(_WORD.finditer(self.old, a0, a1))
        words_b = list(_WORD.finditer(self.new, b0, b1))
        if not words_a or [m.group() for m in words_a] != [m.group() for m in words_b]:
            return False
        for wa, wb in zip(words_a, words_b, strict=True):
            self.runs.append((wa.start(), wb.start(), wa.end() - wa.start()))
        return True

    def refine_spaced(self, a0: int, a1: int, b0: int, b1: int, level: int) -> None:
        """Like :meth:`refine` at the sentence level, comparing sentences by their words: the
        pieces between full stops, spacing and quote/dash style folded. A sentence that only
        looks different becomes a pair aligned character by character when a position in it
        is mapped; what differs in its words goes on to ``level``."""
        old, new = self.old, self.new
        # Folding quotes and dashes keeps every offset: one character for one.
        pieces_a = _fold_marks(old[a0:a1]).split(".")
        pieces_b = _fold_marks(new[b0:b1]).split(".")
        starts_a = list(accumulate(map((1).__add__, map(len, pieces_a)), initial=a0))
        starts_b = list(accumulate(map((1).__add__, map(len, pieces_b)), initial=b0))
        keys_a = [" ".join(p.split()) for p in pieces_a]
        keys_b = [" ".join(p.split()) for p in pieces_b]
        o_end, n_end = a0, b0
        for op in Levenshtein.opcodes(keys_a, keys_b, score_hint=16):
            if op.tag != "equal":
                continue
            self.refine(o_end, starts_a[op.src_start], n_end, starts_b[op.dest_start], level)
            for i, j in zip(
                range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True
            ):
                o0, o1 = starts_a[i], min(starts_a[i + 1], a1)
                n0, n1 = starts_b[j], min(starts_b[j + 1], b1)
                if pieces_a[i] == pieces_b[j] and old[o0:o1] == new[n0:n1]:
                    self.runs.append((o0, n0, o1 - o0))
                elif (
                    self.spaced
                    and self.spaced[-1][1] == o0
                    and self.spaced[-1][3] == n0
                    and (o1 - self.spaced[-1][0]) * (n1 - self.spaced[-1][2]) <= _SPACED_MAX
                ):
                    self.spaced[-1] = (self.spaced[-1][0], o1, self.spaced[-1][2], n1)
                else:
                    self.spaced.append((o0, o1, n0, n1))
            o_end = min(starts_a[op.src_end], a1)
            n_end = min(starts_b[op.dest_end], b1)
        self.refine(o_end, a1, n_end, b1, level)


def _common_length(old: str, a0: int, a1: int, new: str, b0: int, b1: int, *, forward: bool) -> int:
    """How many characters ``old[a0:a1]`` and ``new[b0:b1]`` share at their start (or end),
    by bisection over slice comparisons (no per-character loop)."""
    lo, hi = 0, min(a1 - a0, b1 - b0)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        same = (
            old[a0 : a0 + mid] == new[b0 : b0 + mid]
            if forward
            else old[a1 - mid : a1] == new[b1 - mid : b1]
        )
        lo, hi = (mid, hi) if same else (lo, mid - 1)
    return lo


def _meaningful(
    runs: list[tuple[int, int, int]], a0: int, b0: int, a1: int, b1: int
) -> list[tuple[int, int, int]]:
    """``runs`` (of ``old[a0:a1]`` and ``new[b0:b1]``) without chance equalities: aligning
    rewritten text character by character matches stray letters and short words ("the ") that
    say nothing about where text went. A run no longer than the edits on both its sides goes
    (diff-match-patch's semantic cleanup rule), but only below :data:`_CHANCE_RUN` characters:
    a sentence kept between two deleted paragraphs is no accident. Dropping one lengthens its
    neighbours' edits, so they are looked at again.
    """
    kept: list[tuple[int, int, int]] = []
    for run in [*runs, (a1, b1, 0)]:
        while kept:
            o, n, length = kept[-1]
            prev_o, prev_n = a0, b0
            if len(kept) > 1:
                prev_o, prev_n = kept[-2][0] + kept[-2][2], kept[-2][1] + kept[-2][2]
            edit_before = max(o - prev_o, n - prev_n)
            edit_after = max(run[0] - o - length, run[1] - n - length)
            if length > min(edit_before, edit_after) or length >= _CHANCE_RUN:
                break
            kept.pop()
        kept.append(run)
    return kept[:-1]
