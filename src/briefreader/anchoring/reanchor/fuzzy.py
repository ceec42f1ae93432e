"""Finding an approximate match of an anchor (re-anchoring step 3): where to look (changed
regions, widening windows, or around exact hits of pieces of the passage), which places in
an area to try (the expected place itself and the area's best window; without a position,
every window as good as the best, so that two equal candidates leave an orphan instead of a
guess), and which candidate wins. Each place is fitted by :mod:`.fitting`."""

from __future__ import annotations

from briefreader.anchoring.reanchor.alignment import _Scope
from briefreader.anchoring.reanchor.core import (
    BARE_EDITS_SHARE,
    GOOD_SCORE,
    MAX_EDITS,
    SHORT_QUOTE,
    Anchor,
    Placement,
)
from briefreader.anchoring.reanchor.fitting import _PROBE_CHARS, _fit, _probe
from briefreader.anchoring.reanchor.folding import _lower
from briefreader.anchoring.reanchor.scoring import _FUZZY_WINDOWS, _windows

# Above this size a fuzzy search does not scan the whole text but windows around the exact
# hits of pieces of the passage (partial_ratio with a 300-character needle takes ~10-30 ms per
# 128 KB; the pieces are a few str.find calls).
_WHOLE_TEXT_FUZZY = 1 << 16
# A short passage (up to _PROBE_CHARS: a quote without context) may have no intact seed, so
# it is looked for in a window of this radius around the expected place, and in the whole
# text up to twice that (~5-30 ms per MB): the cost cap of a search with nothing to go on.
_SCAN_RADIUS = 1 << 19
# A fuzzy candidate area must contain one of the passage's pieces of this many characters
# (fewer for a short passage: a 15-character one with one letter changed has no intact
# 8-character piece, and aligning it costs next to nothing).
_PIECE_CHARS = 8
_MIN_PIECE_CHARS = 3
# Beyond the windows, a fuzzy search looks around the nearest exact hits of this many pieces
# of this many characters.
_SEED_CHARS = 12
_SEEDS = 6
# Without a position, how many windows as good as the best are fitted in one area before the
# search gives up on telling them apart (an orphan).
_RIVALS = 8


def _fuzzy(text: str, anchor: Anchor, hint: int | None, scope: _Scope | None) -> Placement | None:
    quote = anchor.quote
    if len(quote.strip()) <= SHORT_QUOTE and not (anchor.prefix or anchor.suffix):
        return None
    share = 2 if anchor.prefix or anchor.suffix else BARE_EDITS_SHARE
    budget = min(len(quote) // share, MAX_EDITS)
    needle = anchor.prefix + quote + anchor.suffix
    reach = len(needle) + budget
    short = len(needle) <= _PROBE_CHARS
    if scope is not None:
        areas: list[tuple[int, int]] = scope.regions(reach, hint)
    else:
        radii = (*_FUZZY_WINDOWS, _SCAN_RADIUS) if short else _FUZZY_WINDOWS
        areas = list(_windows(len(text), hint, reach, radii))
        whole = 2 * _SCAN_RADIUS if short else _WHOLE_TEXT_FUZZY
        if areas[-1] == (0, len(text)) and len(text) > whole:
            areas[-1:] = _seed_windows(text, needle, hint, reach)
    pieces = _pieces(needle)
    lowered = [_lower(piece) for piece in pieces]
    found: list[Placement] = []
    at = None if hint is None else max(0, hint - len(anchor.prefix))
    if short and at is not None and areas and areas[0][0] <= at < areas[0][1]:
        # The expected place itself first: an area's best window may be an equal one nearby
        # (a short passage; a long one has context telling copies apart).
        fitted = _fit(text, anchor, needle, max(0, at), at + len(needle), hint, budget, scope)
        found += [fitted] if fitted is not None else []
    best = _choose(found)
    for lo, hi in areas:
        if not _holds_a_piece(text, lo, hi, pieces, lowered):
            continue  # nothing of the passage is there: not worth an alignment
        fits = _fits_in(text, anchor, needle, lo, hi, hint, budget, scope)
        if fits is None:
            return None  # too many equally good places to choose from
        found += fits
        best = _choose(found)
        # Areas come nearest first: a good candidate ends the search. Without a position
        # they are in text order, and a copy in a later one makes a tie.
        if hint is not None and best is not None and best.score >= GOOD_SCORE:
            break
    return best


def _choose(found: list[Placement]) -> Placement | None:
    """The best-scoring candidate; ``None`` if another one, elsewhere, scores the same."""
    if not found:
        return None
    a = max(found, key=lambda f: f.score)
    for b in found:
        if b.score == a.score and (b.end <= a.start or b.start >= a.end):
            return None
    return a


def _fits_in(
    text: str,
    anchor: Anchor,
    needle: str,
    lo: int,
    hi: int,
    hint: int | None,
    budget: int,
    scope: _Scope | None,
) -> list[Placement] | None:
    """The candidates of ``text[lo:hi]``: with a position, the match at the area's best
    window (the expected place itself is fitted apart; nearness decides between equals);
    without one, every window as good as the best (at most :data:`_RIVALS`, else ``None``:
    too many to tell apart)."""
    slack = budget + 16
    width = len(needle)
    if hi - lo <= width + 2 * slack:
        fitted = _fit(text, anchor, needle, lo, hi, hint, budget, scope)
        return [fitted] if fitted is not None else []
    fits: list[Placement] = []

    def fit(start: int) -> Placement | None:
        fitted = _fit(text, anchor, needle, start, min(hi, start + width), hint, budget, scope)
        if fitted is not None:
            fits.append(fitted)
        return fitted

    if hint is not None:
        best = _probe(needle, text, lo, hi)
        if best is not None:
            fit(best[1])
        return fits
    # No position: find the best window, then look on both sides of it for windows as good.
    first = _probe(needle, text, lo, hi)
    if first is None:
        return fits
    pending: list[tuple[int, int]] = []
    probe: tuple[float, int] | None = first
    a, b, equal = lo, hi, 0
    while True:
        if probe is not None and probe[0] >= first[0]:
            equal += 1
            if equal > _RIVALS:
                return None
            start = probe[1]
            fitted = fit(start)
            cut_lo, cut_hi = start, start + width
            if fitted is not None:
                cut_lo, cut_hi = min(cut_lo, fitted.start), max(cut_hi, fitted.end)
            pending += [s for s in ((a, cut_lo), (cut_hi, b)) if s[1] - s[0] >= width // 2]
        if not pending:
            return fits
        a, b = pending.pop()
        probe = _probe(needle, text, a, b)


def _holds_a_piece(text: str, lo: int, hi: int, pieces: list[str], lowered: list[str]) -> bool:
    """Whether ``text[lo:hi]`` holds one of ``pieces``, or (in an area of a bounded size) one
    of them in another case."""
    if any(text.find(piece, lo, hi) != -1 for piece in pieces):
        return True
    if hi - lo > 2 * _SCAN_RADIUS:
        return False
    area = _lower(text[lo:hi])
    return any(piece in area for piece in lowered)


def _pieces(needle: str) -> list[str]:
    """Consecutive pieces of ``needle`` (:data:`_PIECE_CHARS` characters, or a quarter of a
    short needle): a passage that kept none of them intact is not looked for (the prefilter
    that keeps fuzzy search cheap)."""
    size = min(_PIECE_CHARS, max(_MIN_PIECE_CHARS, len(needle) // 4), len(needle))
    return [needle[k : k + size] for k in range(0, len(needle) - size + 1, size)]


def _seed_windows(text: str, needle: str, hint: int | None, reach: int) -> list[tuple[int, int]]:
    """Small windows around the nearest exact hits of a few pieces of ``needle`` (without a
    position, the first two hits of each: a second copy makes a tie, not a guess), merged
    where they overlap."""
    count = min(_SEEDS, max(1, len(needle) // _SEED_CHARS))
    step = (len(needle) - _SEED_CHARS) / max(1, count - 1)
    starts: set[int] = set()
    for k in range(count):
        offset = max(0, round(k * step))
        piece = needle[offset : offset + _SEED_CHARS]
        if not piece.strip():
            continue
        if hint is None:
            found = text.find(piece)
            hits = [found, text.find(piece, found + 1)] if found != -1 else []
        else:
            hits = [text.find(piece, hint), text.rfind(piece, 0, hint + len(piece))]
        starts.update(found - offset for found in hits if found != -1)
    windows: list[tuple[int, int]] = []
    for start in sorted(starts):
        lo, hi = max(0, start - reach), min(len(text), start + len(needle) + reach)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows
