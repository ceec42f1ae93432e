"""Suggested claims on the claims desk: the sentences worth checking in the briefs not yet read
(:func:`briefreader.reading.suggested.unread_suggestions`), which the triage queue offers
before the claims still to check. ``c`` makes one a claim (the claim dialog filled in with the
claimant and type guessed), ``X`` dismisses it in its brief, ``n`` skips it for the round,
``o`` opens its brief there; ``u`` undoes the claim made (it is in the claims' undo history)
or the dismissal.

They are found in a worker once the claims are read (a long brief scored in a process of its
own, killed when the desk closes) and again when a brief came, went or changed; not at all
when the user switched suggestions off (``S`` in the reader, ``[reader] suggestions``).
"""

from __future__ import annotations

import dataclasses
import subprocess
from functools import partial
from typing import TYPE_CHECKING

from briefreader.reading.outcomes import Done, Invalid, Operation, Outcome
from briefreader.reading.shown import Delta
from briefreader.reading.suggested import UnreadSuggestion, unread_briefs, unread_suggestions
from briefreader.store.errors import StoreError
from briefreader.tui.threads import in_thread

if TYPE_CHECKING:
    from briefreader.store.api import Annotation, BriefSummary, Store
    from briefreader.tui.screens.desk.screen import DeskScreen
    from briefreader.tui.screens.dialogs import ClaimFields

Key = tuple[int, int, int]


class DeskSuggestions:
    """The suggestions of the unread briefs, and what the keys do to them (module
    docstring)."""

    def __init__(self, screen: DeskScreen) -> None:
        self.screen = screen
        #: Best first (None: not found yet, or suggestions are off).
        self.items: list[UnreadSuggestion] | None = None
        #: Those dismissed (by :attr:`UnreadSuggestion.key`; those made claims are left out
        #: by the claims the desk holds).
        self.handled: set[Key] = set()
        self.failed: str | None = None
        self._child: subprocess.Popen[bytes] | None = None
        self._closing = False
        self._found_for: object = None
        #: The briefs whose suggestions were offered here: not read yet until opened, though
        #: claims are made from them.
        self._kept: set[int] = set()

    # ------------------------------------------------------------------ finding them

    def find(self, store: Store, briefs: list[BriefSummary], *, dismissed: int) -> None:
        """Find them (in a worker) unless found already for the same unread briefs (and
        versions) and dismissals, or suggestions are off."""
        if not self.screen.brapp.config.suggestions:
            return
        unread = unread_briefs(briefs, self._kept)
        versions = {b.id: b.version for b in briefs}
        key = (tuple((i, versions[i]) for i in unread), dismissed)
        if key == self._found_for:
            return
        self._found_for = key
        self.stop()
        in_thread(self.screen, partial(self._find, store, unread), "desk-suggest", exclusive=True)

    def _find(self, store: Store, unread: list[int]) -> None:

        def started(child: subprocess.Popen[bytes]) -> None:
            self._child = child

        try:
            found = unread_suggestions(
                store, unread, started=started, stopped=lambda: self._closing
            )
        except Exception as exc:  # said; the desk goes on with its claims
            self.screen.app.call_from_thread(self._failed, str(exc))
            return
        self.screen.app.call_from_thread(self._found, found)

    def _found(self, found: list[UnreadSuggestion]) -> None:
        self._child, self.failed = None, None
        self.items = found
        self._kept |= {s.brief_id for s in found}
        self.handled &= {s.key for s in found}
        self.screen.suggestions_found()

    def _failed(self, reason: str) -> None:
        self._child, self.failed = None, reason
        if self.screen.is_mounted:
            self.screen.notify(
                f"No suggested claims from unread briefs: {reason}",
                severity="warning",
                markup=False,
            )

    def stop(self) -> None:
        """Kill a scoring process still running (the desk closes, or finds them again)."""
        child, self._child = self._child, None
        if child is not None and child.poll() is None:
            child.kill()

    def close(self) -> None:
        self._closing = True
        self.stop()

    # ------------------------------------------------------------------ the queue

    def pending(self) -> list[UnreadSuggestion]:
        """Those neither dismissed nor a claim now (made here, in the reader or elsewhere;
        undo of one made brings its suggestion back), best first."""
        items = [s for s in self.items or () if s.key not in self.handled]
        if not items:
            return items
        briefs = {s.brief_id for s in items}
        spans: dict[int, list[tuple[int, int]]] = {}
        for claim in self.screen.claims.by_id.values():
            if claim.brief_id in briefs:
                spans.setdefault(claim.brief_id, []).append((claim.start, claim.end))
        return [
            s
            for s in items
            if not any(
                a < s.suggestion.end and s.suggestion.start < b
                for a, b in spans.get(s.brief_id, ())
            )
        ]

    def is_pending(self, key: Key) -> bool:
        return any(s.key == key for s in self.pending())

    def get(self, key: Key) -> UnreadSuggestion | None:
        return next((s for s in self.items or () if s.key == key), None)

    def next(self, after: Key | None, skipped: set[Key]) -> UnreadSuggestion | None:
        """The next one still to decide on after ``after``, not ``skipped``."""
        pending = self.pending()
        keys = [s.key for s in pending]
        start = keys.index(after) + 1 if after in keys else 0
        for s in pending[start:] + pending[:start]:
            if s.key not in skipped and s.key != after:
                return s
        return None

    def summary(self) -> str:
        """``12 suggested in 3 unread briefs`` (empty when there are none)."""
        pending = self.pending()
        if not pending:
            return ""
        briefs = len({s.brief_id for s in pending})
        return f"{len(pending):,} suggested in {briefs:,} unread brief{'s' if briefs != 1 else ''}"

    # ------------------------------------------------------------------ the keys

    def accept(self, item: UnreadSuggestion) -> None:
        """``c``: the claim dialog, filled in with the guesses; the claim made on OK."""
        from briefreader.tui.screens.dialogs import ClaimDialog, ClaimFields

        screen = self.screen
        initial = ClaimFields(item.claimant, item.claim_type, guessed=True)
        if item.cue:
            screen.notify(f"Claimant guessed from “{item.cue}”: edit it if wrong.", timeout=4)
        known = sorted({c.claimant for c in screen.claims.by_id.values() if c.claimant})

        def answered(fields: ClaimFields | None) -> None:
            if fields is not None:
                screen.prompts.perform(self._make(item, fields))

        screen.app.push_screen(
            ClaimDialog(item.suggestion.text, initial, known_claimants=known), answered
        )

    def _make(self, item: UnreadSuggestion, fields: ClaimFields) -> Operation:
        from briefreader.store.api import NewAnnotation

        s = item.suggestion
        new = NewAnnotation(
            s.start,
            s.end,
            kind="claim",
            claimant=fields.claimant,
            claim_type=fields.claim_type,
            claim_status=fields.claim_status,
        )

        def call(store: Store) -> Annotation:
            # The brief may have changed since it was scored: the sentence, where it is now.
            excerpt, _first = store.text_around(item.brief_id, s.start, s.end, 0)
            span = new
            if excerpt != s.text:
                text = store.get_brief(item.brief_id).text
                at = text.find(s.text)
                if at < 0 or text.find(s.text, at + 1) >= 0:
                    raise ValueError(
                        "the brief changed since this sentence was suggested, and it is not "
                        "there once (o opens the brief to mark the claim)"
                    )
                span = dataclasses.replace(new, start=at, end=at + len(s.text))
            return store.create_annotation(item.brief_id, span)

        def finish(made: Annotation) -> Outcome:
            if (made.start, made.end) != (s.start, s.end):
                # The brief changed since it was scored: its suggestions are found again (the
                # claims read again first), the old ones no longer offered.
                assert self.items is not None
                self.items = [x for x in self.items if x.brief_id != item.brief_id]
                self.screen.loader.load(self.screen.brapp.store)
            else:
                self.screen.loader.own_change()
            keys = self.screen.keys
            if keys is not None:  # u deletes it again, as undo of a claim made in the reader
                keys.commands.session.history.record("claim", None, made)
            delta = self.screen.claims.replace(None, made)
            self.screen.triage.next()
            return Done("claim", None, made, delta, "Made a claim: it is in the table (u undoes).")

        return Operation("claim", call, finish, _refused)

    def dismiss(self, item: UnreadSuggestion) -> Operation:
        """``X``: not suggested in its brief again (and what undoes that)."""
        brief_id, text = item.brief_id, item.suggestion.text

        def dismissed(_: object) -> Outcome:
            self.handled.add(item.key)
            self.screen.triage.next()
            self.screen.counts_changed()
            return Done("dismiss", None, None, Delta(), "Dismissed (u undoes).")

        return Operation(
            "dismiss", lambda store: store.dismiss_suggestion(brief_id, text), dismissed, _refused
        )

    def undismiss(self, item: UnreadSuggestion) -> Operation:
        brief_id, text = item.brief_id, item.suggestion.text

        def back(_: object) -> Outcome:
            self.handled.discard(item.key)
            self.screen.triage.show_suggestion(item)
            self.screen.counts_changed()
            return Done("undismiss", None, None, Delta(), "Undone: suggested again.")

        return Operation(
            "undismiss", lambda store: store.undismiss_suggestion(brief_id, text), back, _refused
        )


def _refused(exc: Exception) -> Outcome:
    if isinstance(exc, StoreError | ValueError):
        return Invalid(f"Not saved: {exc}")
    raise exc
