"""Finding an approximate match of an anchor (re-anchoring step 3) with rapidfuzz: where to
look (changed regions, widening windows, or around exact hits of pieces of the passage), how
prefix + quote + suffix aligns there, the quote's span cut out of that alignment, and the
evidence rules that keep it off chance matches."""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein, Opcodes

from briefreader.anchoring.reanchor.alignment import _Scope
from briefreader.anchoring.reanchor.core import (
    FAR,
    FAR_CONTEXT,
    GOOD_SCORE,
    MAX_EDITS,
    MIN_NEEDLE,
    SHORT_QUOTE,
    SHORT_QUOTE_CONTEXT,
    Anchor,
    Placement,
)
from briefreader.anchoring.reanchor.folding import fold
from briefreader.anchoring.reanchor.scoring import (
    _FUZZY_WINDOWS,
    _context_similarity,
    _score,
    _where,
    _windows,
)

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
