"""What the claim finder suggests, wherever it is shown: the sentences of a brief scored at least
:data:`THRESHOLD`, less those the user dismissed in that brief, those already a claim (or
inside one) and, in a Markdown brief, code; with the claim type and claimant guessed for the
claim dialog. The reader underlines them; the claims desk's triage queue offers those of the
briefs not yet read (:func:`unread_suggestions`) before the claims still to check.

A brief not yet read is one never opened in the reader and with nothing marked in it (one
whose suggestions are being gone through on the desk stays so until it is opened, though
claims were made from them). Its best
:data:`PER_BRIEF` suggestions are offered, the best of all first: the queue is for finding
what to read first, not a list of every sentence with a number in it. A suggestion ranks a
sentence; it says nothing about whether it is true.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefreader.finder.scoring import Suggestion, score_apart
from briefreader.reading.shown import ClaimCover

if TYPE_CHECKING:
    from briefreader.store.api import BriefSummary, Store

#: The least score a sentence needs to be suggested (scores run 0 … 1; see the README).
THRESHOLD = 0.7
#: How many suggestions of each unread brief the desk's queue offers (its best).
PER_BRIEF = 10
#: Signals that make a guessed claim type (the first found wins); else "fact".
_TYPE_OF = (("prediction", "prediction"), ("feeling", "opinion"), ("hedge", "opinion"))


def guess_type(found: Suggestion) -> str:
    """The claim type a suggestion's signals point to (a prediction, an opinion, else a fact)."""
    signals = {r.signal for r in found.reasons}
    return next((t for signal, t in _TYPE_OF if signal in signals), "fact")


def reasons_said(found: Suggestion) -> str:
    """``number “40%” · attribution “said” · …`` (signals counting against marked −), the
    brief's words display-safe and short."""
    from briefreader.finder.signals import NEGATIVE
    from briefreader.text.display import display_line

    parts = []
    for reason in found.reasons[:4]:
        sign = "− " if reason.signal in NEGATIVE else ""
        parts.append(f"{sign}{reason.label} “{display_line(reason.text)[:30]}”")
    return " · ".join(parts) or "its words, taken together"


def outside_code(scored: list[Suggestion], text: str, fmt: str) -> list[Suggestion]:
    """``scored`` less the sentences in a Markdown brief's code fences (code is not a claim)."""
    if fmt not in ("markdown", "md", "page"):
        return scored
    from briefreader.text.lexer import fence_ranges

    fenced = [(start, end) for start, end, _lang in fence_ranges(text)]
    if not fenced:
        return scored
    return [x for x in scored if not any(a < x.end and x.start < b for a, b in fenced)]


def still_to_suggest(
    scored: Iterable[Suggestion],
    claims: Iterable[tuple[int, int]] | ClaimCover,
    dismissed: frozenset[str],
) -> list[Suggestion]:
    """The suggestions neither dismissed (``dismissed``: :func:`suggestion_key` of each) nor
    already a claim or inside one (``claims``: their spans, or the reader's cover of them),
    in the order given."""
    from briefreader.store.api import suggestion_key

    cover = claims if isinstance(claims, ClaimCover) else ClaimCover.of(claims)
    overlaps = cover.overlaps
    return [
        s
        for s in scored
        if not (dismissed and suggestion_key(s.text) in dismissed) and not overlaps(s.start, s.end)
    ]


@dataclass(frozen=True)
class UnreadSuggestion:
    """A sentence worth checking in a brief not yet read, with what the claim dialog is
    filled in with: the claim type and the claimant guessed (and the words the guess rests
    on)."""

    brief_id: int
    title: str
    suggestion: Suggestion
    claim_type: str
    claimant: str | None
    cue: str | None

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.brief_id, self.suggestion.start, self.suggestion.end)


def unread_briefs(briefs: Iterable[BriefSummary], kept: Iterable[int] = ()) -> list[int]:
    """The ids of the briefs not read yet (module docstring); a brief in ``kept`` (one whose
    suggestions are being gone through) stays while it is not opened, though claims were made
    in it meanwhile."""
    keep = set(kept)
    return [
        b.id for b in briefs if b.last_opened_at is None and (not b.annotations or b.id in keep)
    ]


def unread_suggestions(
    store: Store,
    brief_ids: Iterable[int] | None = None,
    *,
    per_brief: int = PER_BRIEF,
    started: Callable[[subprocess.Popen[bytes]], object] | None = None,
    stopped: Callable[[], bool] = lambda: False,
) -> list[UnreadSuggestion]:
    """The best suggestions of the briefs ``brief_ids`` (every brief not yet read when not
    given), the best of all first (module docstring). A long brief is scored in a process of
    its own (``started`` is given it, to kill it); ``stopped`` is asked between briefs (True:
    give up, return what was found)."""
    from briefreader.finder.attribution import guess_claimant
    from briefreader.store.api import NotFound

    found: list[UnreadSuggestion] = []
    wanted = unread_briefs(store.list_briefs()) if brief_ids is None else list(brief_ids)
    for brief_id in wanted:
        if stopped():
            break
        try:
            brief = store.get_brief(brief_id)
        except NotFound:
            continue  # deleted meanwhile
        scored = outside_code(score_apart(brief.text, THRESHOLD, started), brief.text, brief.format)
        scored = still_to_suggest(scored, (), store.dismissed_suggestions(brief.id))
        scored.sort(key=lambda s: (-s.score, s.start))
        for s in scored[:per_brief]:
            guess = guess_claimant(brief.text, s.start, s.end)
            found.append(
                UnreadSuggestion(
                    brief.id,
                    brief.title,
                    s,
                    guess_type(s),
                    guess.claimant if guess is not None else None,
                    guess.cue if guess is not None else None,
                )
            )
    found.sort(key=lambda u: (-u.suggestion.score, u.brief_id, u.suggestion.start))
    return found


__all__ = [
    "PER_BRIEF",
    "THRESHOLD",
    "UnreadSuggestion",
    "guess_type",
    "outside_code",
    "reasons_said",
    "still_to_suggest",
    "unread_briefs",
    "unread_suggestions",
]
