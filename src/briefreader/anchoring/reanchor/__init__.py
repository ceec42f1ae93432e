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
3. **fuzzy**: an approximate match (rapidfuzz) within an edit budget of half the quote (a
   quarter for a quote stored without context), at most :data:`MAX_EDITS`, case compared
   apart (a change of case costs a tenth of an edit), scored on quote, prefix, suffix and
   distance; its span is cut from an alignment of prefix + quote + suffix, so it covers what
   replaced the quote, and whole words when the quote was whole words (a first or last word
   replaced by another is covered too: "Some years later" lands on "Many years later", not
   "years later");
4. otherwise ``None``: the caller keeps the annotation as an orphan.

Evidence rules keep quotes off chance matches: a quote shorter than :data:`DISTINCT_QUOTE`
characters moves only where its stored context agrees, or, for an anchor with no position at
all, where it is the text's only occurrence of a 4+ character quote; a fuzzy match must agree,
prefix + quote + suffix together, on most characters, a 1-3 character quote fuzzily only with
its context, and away from the expected place its context must agree too (prose has
near-duplicate sentences). Two candidates that nothing tells apart (the same context agreement
and distance, or no position and the same fuzzy score) leave an orphan, not the first one.
Word edges are not checked in scripts written without spaces (Chinese, Japanese, Thai).

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
position widening to the whole text. A fuzzy search tries each area's best window
(rapidfuzz's partial_ratio_alignment) and, for a short passage, the expected place itself;
without a position, every window as good as the best (up to 8), to see a tie. It skips any
area holding none of the passage's 8-character pieces intact (a quarter of a short passage:
"Many yers later" has no intact 8-character piece), and in texts over 64 KB it looks beyond
16 KB of the expected position only around exact hits of 12-character pieces of the quote and
its context; a passage of up to 64 characters (a quote imported without context) also in a
window of 512 KB, or the whole text up to 1 MB. A passage changed in every such piece is
found only near where it was. Measured
on a 5 MB brief with 1,000 annotations (``benchmarks/bench_reanchor.py``): 0.1-0.2 s after
scattered edits, 0.5-1 s after reformatting the whole brief.

**Modules.** :mod:`.core` (Anchor, Placement, thresholds), :mod:`.folding` (:func:`fold`),
:mod:`.alignment` (old → new offsets, changed regions), :mod:`.scoring` (context agreement,
score, search windows, word edges), :mod:`.exact` (steps 1-2), :mod:`.fuzzy` (step 3: where
to look, which candidate wins), :mod:`.fitting` (step 3: aligning one candidate); this module
ties them together.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefreader.anchoring.reanchor.alignment import _Alignment, _Scope
from briefreader.anchoring.reanchor.core import (
    BARE_EDITS_SHARE,
    DISTINCT_QUOTE,
    FAR,
    FAR_CONTEXT,
    GOOD_SCORE,
    MAX_EDITS,
    MIN_CONTEXT,
    MIN_NEEDLE,
    NEAR_SCALE,
    SHORT_QUOTE,
    SHORT_QUOTE_CONTEXT,
    W_CONTEXT,
    W_NEAR,
    W_QUOTE,
    Anchor,
    Method,
    Placement,
)
from briefreader.anchoring.reanchor.exact import _moved, _Reformatted
from briefreader.anchoring.reanchor.folding import fold
from briefreader.anchoring.reanchor.fuzzy import _fuzzy
from briefreader.anchoring.reanchor.scoring import _same_edges, _score

__all__ = [
    "BARE_EDITS_SHARE",
    "DISTINCT_QUOTE",
    "FAR",
    "FAR_CONTEXT",
    "GOOD_SCORE",
    "MAX_EDITS",
    "MIN_CONTEXT",
    "MIN_NEEDLE",
    "NEAR_SCALE",
    "SHORT_QUOTE",
    "SHORT_QUOTE_CONTEXT",
    "W_CONTEXT",
    "W_NEAR",
    "W_QUOTE",
    "Anchor",
    "Method",
    "Placement",
    "fold",
    "locate",
    "reanchor_all",
]

# Beyond this many changed regions (a reformatted document) restricting the search to them is
# dearer than searching windows, and the alignment is too fragmented to trust as a filter.
_MAX_REGIONS = 512


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
