"""What re-anchoring works with: the :class:`Anchor` an annotation remembers, the
:class:`Placement` it gets in the new text, and the evidence thresholds and score weights the
search steps share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Method = Literal["exact", "moved", "fuzzy"]

#: Cap on the edit budget of a fuzzy match (the budget is half the quote, at most this): a
#: passage with more changed characters than this was rewritten rather than corrected, so the
#: annotation becomes an orphan for the user to re-attach instead of sticking to new words.
MAX_EDITS = 64
#: A quote stored without any context (an import of the quote alone) has nothing but its own
#: letters to tell a corrected passage from a merely similar one ("ties are" / "sides are"):
#: its budget is this share of the quote instead of half ("Many yers later" and "Some years
#: later" still find "Many years later").
BARE_EDITS_SHARE = 4
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
