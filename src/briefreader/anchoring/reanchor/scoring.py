"""Judging a candidate place for a quote, shared by the exact and the fuzzy search: whether
it starts and ends words where the quote did, how well its surroundings agree with the stored
context, its score, whether it counts as "exact" or "moved"; and the widening windows around
the expected place that both searches look in."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rapidfuzz.distance import Levenshtein

from briefreader.anchoring.reanchor.alignment import _Scope
from briefreader.anchoring.reanchor.core import (
    NEAR_SCALE,
    W_CONTEXT,
    W_NEAR,
    W_QUOTE,
    Anchor,
    Method,
)
from briefreader.anchoring.reanchor.folding import fold

# Search windows around the expected position (radius, characters), before the whole text:
# for the quote as is or reformatted (str.find, a regex), and for a fuzzy match.
_WINDOWS = (2_048, 16_384, 131_072)
_FUZZY_WINDOWS = (2_048, 16_384)
# Characters a mapped position may be off and still count as where the quote was expected.
_NEAR_EXACT = 8
# Letters of scripts written without spaces between words (Han, kana, Thai, Lao, Khmer,
# Myanmar...): next to each other they are not one word, so no word edge is looked for there.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f"
    "\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f]"
)


def _unspaced(ch: str) -> bool:
    """Whether ``ch`` is a letter of a script written without spaces between words."""
    return _UNSPACED.match(ch) is not None


def _wordy(ch: str) -> bool:
    """Whether ``ch`` (one character or none) is part of a word that spaces delimit: a letter or
    digit of a script that puts spaces between words."""
    return ch.isalnum() and _UNSPACED.match(ch) is None


def _same_edges(text: str, anchor: Anchor, start: int, end: int) -> bool:
    """Whether ``start:end`` begins and ends a word where the quote did: "Pakistan" quoted as
        a word is not the start of "Pakistani", and "energy woe" is not what it was once a fix
        made it "energy woes" (that is a fuzzy match, and covers the whole word). Text in scripts
    without spaces (Chinese, Japanese, Thai) has no such edges to check."""
    quote = anchor.quote
    if _wordy(quote[0]) and not _wordy(anchor.prefix[-1:]) and _wordy(text[start - 1 : start]):
        return False
    return not (_wordy(quote[-1]) and not _wordy(anchor.suffix[:1]) and _wordy(text[end : end + 1]))


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
    context = _context_similarity(text, anchor, start, end)
    return _weigh(quote_sim, context, None if hint is None else abs(start - hint))


def _weigh(quote_sim: float, context: float | None, distance: int | None) -> float:
    """The score of a candidate: quote similarity, context agreement (``None``: no context
    stored) and distance from the expected place (``None``: none known), weighted."""
    parts = [(W_QUOTE, quote_sim)]
    if context is not None:
        parts.append((W_CONTEXT, context))
    if distance is not None:
        parts.append((W_NEAR, 1 / (1 + distance / NEAR_SCALE)))
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


def _where(start: int, hint: int | None, scope: _Scope | None) -> Method:
    """Whether a quote found at ``start`` is "exact" (where expected) or "moved". A position
    mapped through an alignment may be a few characters off (which of two equal letters
    survived an edit next to them is a toss-up), so there it has :data:`_NEAR_EXACT` slack."""
    if hint is not None and (start == hint or (scope and abs(start - hint) <= _NEAR_EXACT)):
        return "exact"
    return "moved"
