"""Fitting one approximate match of an anchor (re-anchoring step 3) with rapidfuzz, once the
fuzzy search has a place to try: :func:`_probe` finds the likeliest start of prefix + quote +
suffix in an area, :func:`_fit` aligns it there, cuts the quote's span out of the alignment,
tidies it to whole words and applies the evidence rules that keep it off chance matches."""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein, Opcodes

from briefreader.anchoring.reanchor.alignment import _Scope
from briefreader.anchoring.reanchor.core import (
    FAR,
    FAR_CONTEXT,
    MIN_NEEDLE,
    SHORT_QUOTE,
    SHORT_QUOTE_CONTEXT,
    Anchor,
    Placement,
)
from briefreader.anchoring.reanchor.folding import _lower, fold
from briefreader.anchoring.reanchor.scoring import (
    _context_similarity,
    _unspaced,
    _weigh,
    _where,
    _wordy,
)

# Characters of each end of the passage located with partial_ratio_alignment.
_PROBE_CHARS = 64
# The Indel similarity the best window must have before its ends are fitted: a match with
# MIN_NEEDLE Levenshtein similarity has at least 0.6 (unrelated prose has ~0.5).
_MIN_WINDOW = 0.55
# Characters that end a sentence or clause: a word before them is not part of the next one.
_CLAUSE_END = ".!?;:"


def _probe(needle: str, text: str, lo: int, hi: int) -> tuple[float, int] | None:
    """The best window of ``text[lo:hi]`` for the needle: (partial ratio, where the needle
    would start), from partial_ratio_alignment of its first and last :data:`_PROBE_CHARS`
    characters (rapidfuzz's fast path is for needles of up to 64 characters; a 300-character
    one takes milliseconds per area). Two probes, so a change at one end of the passage does
    not hide it. Of several equally good windows, any one may come back. A short needle is
    compared in lower case; a long one is a quote with its context, whose ends place it
    though the quote's case changed (and lowering each area would cost more than the probe)."""
    if len(needle) <= _PROBE_CHARS:
        return _probe_in(_lower(needle), _lower(text[lo:hi]), lo)
    return _probe_in(needle, text[lo:hi], lo)


def _probe_in(needle: str, area: str, lo: int) -> tuple[float, int] | None:
    probes = [(needle, 0)]
    if len(needle) > _PROBE_CHARS:
        probes = [(needle[:_PROBE_CHARS], 0), (needle[-_PROBE_CHARS:], len(needle) - _PROBE_CHARS)]
    best: tuple[float, int] | None = None
    for probe, offset in probes:
        found = fuzz.partial_ratio_alignment(probe, area, score_cutoff=50)
        if found is not None and (best is None or found.score > best[0]):
            best = (found.score, found.dest_start - offset)
    return None if best is None else (best[0], max(lo, lo + best[1]))


def _fit(
    text: str,
    anchor: Anchor,
    needle: str,
    lo: int,
    hi: int,
    hint: int | None,
    budget: int,
    scope: _Scope | None,
) -> Placement | None:
    """The approximate match of ``needle`` whose window is about ``text[lo:hi]`` (each end
    moves by at most the edit budget + 16), its quote part cut out; ``None`` if it is not
    evidence enough. Case is compared apart: a passage whose case changed is found, and its
    quote similarity counts a case difference a tenth of another edit."""
    low = _lower(needle)
    if len(low) != len(needle):
        low = needle
    if Indel.normalized_similarity(low, _lower(text[lo:hi])) < _MIN_WINDOW:
        return None  # not even the best window resembles the passage
    lo, hi = _semi_global(text, low, lo, hi, budget + 16)
    ops = Levenshtein.opcodes(low, _lower(text[lo:hi]))
    p = len(anchor.prefix)
    start = lo + _project(ops, p, end=False)
    end = lo + _project(ops, p + len(anchor.quote), end=True)
    start, end = _tidy(text, anchor, start, end)
    if not (anchor.prefix and anchor.suffix):
        start, end = _replaced_edges(text, anchor, start, end)
    if end <= start or (scope is not None and scope.claimed(start, end)):
        return None
    quote, span = fold(anchor.quote), fold(text[start:end])
    if Levenshtein.distance(quote.lower(), span.lower(), score_cutoff=budget + 1) > budget:
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
    if Levenshtein.normalized_similarity(fold(low), fold(around).lower()) < MIN_NEEDLE:
        return None
    quote_sim = 0.9 * Levenshtein.normalized_similarity(quote.lower(), span.lower())
    quote_sim += 0.1 * Levenshtein.normalized_similarity(quote, span)
    score = _weigh(quote_sim, context, None if hint is None else abs(start - hint))
    method = _where(start, hint, scope) if quote == span else "fuzzy"
    return Placement(start, end, method, score)


def _semi_global(text: str, needle: str, lo: int, hi: int, slack: int) -> tuple[int, int]:
    """``lo:hi`` moved (each end by at most ``slack``) to where ``needle`` (in lower case)
    aligns best with the fewest insertions and deletions. Indel, not Levenshtein:
    substituting unrelated text costs about what deleting the needle's part costs, so a
    Levenshtein-best span would swallow the text next to a deleted part of the quote."""
    base = max(0, lo - slack)
    near = _lower(text[base : min(len(text), hi + slack)])  # lowered once, sliced below

    def best(candidates: list[int], span: Callable[[int], str], around: int) -> int:
        candidates.sort(key=lambda v: abs(v - around))  # ties go to the nearer
        found = process.extractOne(needle, [span(v) for v in candidates], scorer=Indel.distance)
        return candidates[found[2]] if found is not None else around

    # Every 4th position, then the neighbours of the best (about 50 alignments, not 160).
    first, last = max(0, lo - slack), min(lo + slack, hi - 1)
    lo = best(list(range(first, last + 1, 4)) or [lo], lambda v: near[v - base : hi - base], lo)
    lo = best(
        list(range(max(first, lo - 3), min(last, lo + 3) + 1)),
        lambda v: near[v - base : hi - base],
        lo,
    )
    first, last = max(lo + 1, hi - slack), min(len(text), hi + slack)
    hi = best(list(range(first, last + 1, 4)) or [hi], lambda v: near[lo - base : v - base], hi)
    hi = best(
        list(range(max(first, hi - 3), min(last, hi + 3) + 1)),
        lambda v: near[lo - base : v - base],
        hi,
    )
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
    if _wordy(quote[0]) and not _wordy(anchor.prefix[-1:]):
        limit = max(0, start - 32)
        while start > limit and _wordy(text[start - 1]):
            start -= 1
    if _wordy(quote[-1]) and not _wordy(anchor.suffix[:1]):
        limit = min(len(text), end + 32)
        while end < limit and _wordy(text[end]):
            end += 1
    return start, end


def _replaced_edges(text: str, anchor: Anchor, start: int, end: int) -> tuple[int, int]:
    """The span widened by the word next to it where the quote's first (last) word was
    replaced by it: the alignment cannot tell "Some years later" from "Many years later" with
    "Many" deleted and the text's preceding word kept, so a span that lacks exactly the quote's
    edge word takes the text's word there if that costs no more edits than leaving it out.
    In scripts without spaces the same goes for each character the span is short of the
    quote. Only on a side with no stored context (the context's own alignment places that
    edge)."""
    start, end = _replaced_letters(text, anchor, start, end)
    words = anchor.quote.split()
    span = text[start:end].split()
    if len(words) < 2 or len(span) != len(words) - 1:
        return start, end

    def cost(lo: int, hi: int) -> int:
        return Levenshtein.distance(fold(anchor.quote).lower(), fold(text[lo:hi]).lower())

    def same(a: str, b: str) -> bool:
        return Levenshtein.normalized_similarity(a, b) >= 0.5

    if not anchor.prefix and _wordy(words[0][0]) and same(span[0], words[1]):
        before = text[max(0, start - 48) : start]
        gap = before[len(before.rstrip()) :]
        word = before.split()[-1:] if gap and "\n\n" not in gap else []
        if word and word[0][-1] not in _CLAUSE_END:
            wider = start - len(gap) - len(word[0])
            if cost(wider, end) <= cost(start, end):
                return wider, end
    if not anchor.suffix and _wordy(words[-1][-1]) and same(span[-1], words[-2]):
        after = text[end : end + 48]
        gap = after[: len(after) - len(after.lstrip())]
        word = after.split()[:1] if gap and "\n\n" not in gap else []
        # Up to the word's last letter: punctuation after it was not the quote's.
        letters = len(word[0].rstrip(_CLAUSE_END + ",\"')”’")) if word else 0
        if letters and cost(start, end + len(gap) + letters) <= cost(start, end):
            return start, end + len(gap) + letters
    return start, end


def _replaced_letters(text: str, anchor: Anchor, start: int, end: int) -> tuple[int, int]:
    """:func:`_replaced_edges` for scripts without spaces: the span takes the letters next to
    it, one by one while it is shorter than the quote, where that costs no more edits."""
    quote = anchor.quote

    def cost(lo: int, hi: int) -> int:
        return Levenshtein.distance(fold(quote).lower(), fold(text[lo:hi]).lower())

    if not anchor.prefix and _unspaced(quote[0]):
        while end - start < len(quote) and start > 0 and _unspaced(text[start - 1]):
            if cost(start - 1, end) > cost(start, end):
                break
            start -= 1
    if not anchor.suffix and _unspaced(quote[-1]):
        while end - start < len(quote) and end < len(text) and _unspaced(text[end]):
            if cost(start, end + 1) > cost(start, end):
                break
            end += 1
    return start, end
