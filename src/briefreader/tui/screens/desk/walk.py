"""Triage on the claims desk: the claim shown one at a time (the one the user chose with Enter,
or the next in the queue with ``t`` and ``n``), the claims skipped and the way back (``p``).

The queue is the desk core's (:meth:`~briefreader.reading.desk.DeskClaims.next_pending`:
claims still to check, without a verdict first, the oldest first); ``n`` on a claim still to
check skips it for this round (the skipped ones come round again once nothing else is left),
on a claim just checked simply goes on. When nothing is left, no claim is under the keys (they
say so) until the user picks one again.

Before the claims to check, the queue offers the claims suggested in briefs not yet read
(:mod:`~briefreader.tui.screens.desk.suggesting`), best first — unless the table is filtered:
then it walks only the claims the filter lets through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from briefreader.reading.desk import PENDING
from briefreader.reading.suggested import UnreadSuggestion
from briefreader.tui.screens.desk.triage import CONTEXT_CHARS, TriageView, context_content

if TYPE_CHECKING:
    from briefreader.store.api import Annotation
    from briefreader.tui.screens.desk.screen import DeskScreen
    from briefreader.tui.screens.desk.suggesting import Key


class Triage:
    """Which claim (or suggested claim) triage shows, and showing it (module docstring)."""

    def __init__(self, screen: DeskScreen) -> None:
        self.screen = screen
        #: The claim shown (as it was when shown: the desk holds it as it is now).
        self.shown: Annotation | None = None
        #: The suggested claim shown instead (then ``shown`` is None).
        self.suggestion: UnreadSuggestion | None = None
        self._skipped: set[int] = set()
        self._skipped_suggestions: set[Key] = set()
        #: What was shown before, for ``p``: claim ids and suggestions' keys.
        self._visited: list[int | Key] = []
        #: The queue from its start (``t``) offers suggested claims; a claim chosen with Enter
        #: goes on to the claims to check.
        self._suggesting = False

    @property
    def view(self) -> TriageView:
        return self.screen.query_one(TriageView)

    def current(self) -> Annotation | None:
        """The claim shown, as the desk holds it now (None: none, or gone meanwhile)."""
        if self.shown is None:
            return None
        return self.screen.claims.by_id.get(self.shown.id)

    def start_at(self, claim: Annotation) -> None:
        """Triage this claim (Enter on a row)."""
        self._visited.clear()
        self._suggesting = False
        self.show(claim)

    def start(self) -> None:
        """The queue from its start (``t``)."""
        self._skipped.clear()
        self._skipped_suggestions.clear()
        self._visited.clear()
        self.shown = self.suggestion = None
        self._suggesting = True
        self.next()

    def skip(self) -> None:
        """``n``: on to the next claim to check (or suggested claim)."""
        if self.suggestion is not None:
            self._skipped_suggestions.add(self.suggestion.key)
            self.next()
            return
        claim = self.current()
        if claim is not None and (claim.check is None or claim.check.status in PENDING):
            self._skipped.add(claim.id)
        self.next()

    def _next_suggestion(self, skipped: set[Key]) -> UnreadSuggestion | None:
        if self.screen.claims.query or not self._suggesting:
            return None  # a filter: the claims it lets through, nothing else
        after = self.suggestion.key if self.suggestion is not None else None
        return self.screen.suggested.next(after, skipped)

    def next(self) -> None:
        suggestion = self._next_suggestion(self._skipped_suggestions)
        if suggestion is not None:
            self.show_suggestion(suggestion)
            return
        after = self.shown.id if self.shown is not None else None
        claims = self.screen.claims
        claim = claims.next_pending(after, self._skipped)
        if claim is None and (self._skipped or self._skipped_suggestions):
            # Only skipped ones are left: they come round again.
            skipped = len(self._skipped) + len(self._skipped_suggestions)
            self._skipped, self._skipped_suggestions = set(), set()
            suggestion = self._next_suggestion(set())
            if suggestion is not None:
                self.show_suggestion(suggestion)
                self.screen.notify("Back to the ones you skipped.", timeout=3)
                return
            claim = claims.next_pending(after)
            if claim is not None and skipped:
                plural = "s" if skipped != 1 else ""
                self.screen.notify(f"Back to the claim{plural} you skipped.", timeout=3)
        if claim is not None:
            self.show(claim)
            return
        self._remember()
        self.shown = self.suggestion = None  # nothing under the keys: they say so
        self.view.show_none("Nothing left to check in this view. Esc goes back to the table.")

    def _remember(self) -> None:
        if self.shown is not None:
            self._visited.append(self.shown.id)
        elif self.suggestion is not None:
            self._visited.append(self.suggestion.key)

    def previous(self) -> None:
        claims, suggested = self.screen.claims, self.screen.suggested
        while self._visited:
            was = self._visited.pop()
            if isinstance(was, int):
                claim = claims.by_id.get(was)
                if claim is not None:
                    self.show(claim, remember=False)
                    return
                continue
            item = suggested.get(was)
            if item is not None and suggested.is_pending(was):
                self.show_suggestion(item, remember=False)
                return
        self.screen.notify("This is the first claim of this triage.", timeout=2)

    def refresh(self) -> None:
        """Show the claim again as the desk holds it now (after a change)."""
        if self.suggestion is not None:
            item = self.suggestion
            if not self.screen.suggested.is_pending(item.key):
                self.next()  # made a claim, dismissed, or no more suggested
            else:
                self.show_suggestion(item, remember=False)
            return
        if self.shown is None:
            return
        claim = self.current()
        if claim is not None:
            self.show(claim, remember=False)
            return
        self.shown = None
        self.view.show_none(
            "This claim was deleted. n goes to the next one to check; Esc to the table."
        )

    def show_suggestion(self, item: UnreadSuggestion, *, remember: bool = True) -> None:
        screen = self.screen
        s = item.suggestion
        try:
            excerpt, first = screen.brapp.store.text_around(
                item.brief_id, s.start, s.end, CONTEXT_CHARS
            )
        except Exception:  # the brief went meanwhile: on to the next one
            screen.suggested.handled.add(item.key)
            self.next()
            return
        if remember and (self.suggestion is None or self.suggestion.key != item.key):
            self._remember()
        self.shown, self.suggestion = None, item
        pending = screen.claims.pending()
        claims = screen.claims
        self.view.show_suggestion(
            item,
            position=f"{screen.suggested.summary()}, then {pending:,} to check",
            context=context_content(excerpt, first, s),
            seen=[
                (other, claims.titles.get(other.brief_id, f"brief {other.brief_id}"))
                for other, _score in claims.seen_text(s.text)
            ],
        )

    def show(self, claim: Annotation, *, remember: bool = True) -> None:
        if remember and (
            self.suggestion is not None or (self.shown is not None and self.shown.id != claim.id)
        ):
            self._remember()
        self.shown, self.suggestion = claim, None
        screen = self.screen
        store = screen.brapp.store
        try:
            if claim.orphan:
                context = Content.assemble(
                    Content.styled("Not on the brief's current text; it was: ", "$text-warning"),
                    Content(claim.quote[:2000]),
                )
            else:
                excerpt, first = store.text_around(
                    claim.brief_id, claim.start, claim.end, CONTEXT_CHARS
                )
                context = context_content(excerpt, first, claim)
            history = store.claim_history(claim.id)
        except Exception as exc:  # the brief went meanwhile: said, the desk goes on
            screen.notify(
                f"Could not read the claim's brief: {exc}", severity="error", markup=False
            )
            return
        claims = screen.claims
        seen = [
            (other, claims.titles.get(other.brief_id, f"brief {other.brief_id}"))
            for other, _score in claims.seen_before(claim)
        ]
        self.view.show_claim(
            claim,
            position=f"{claims.pending():,} to check in this view",
            title=claims.titles.get(claim.brief_id, f"brief {claim.brief_id}"),
            context=context,
            history=history,
            seen=seen,
            group=claims.group_of(claim),
            titles=claims.titles,
        )
