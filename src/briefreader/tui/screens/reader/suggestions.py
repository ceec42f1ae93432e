"""The claim finder in the reader: the sentences worth checking, underlined (``S`` switches them
on and off, and the choice is written to the config); ``>`` / ``<`` go to the next / previous
one and say why it was suggested; ``c`` on one makes it a claim with the claim dialog filled in
(the claimant guessed from the words around it, the type from its signals); ``X`` dismisses it
for good in this brief (kept by its words: re-anchoring does not bring it back). A claim
just made that the library holds elsewhere (the same words near enough, the same numbers:
:mod:`briefreader.finder.matching`) is said: "seen before … — refuted 2026-11-30".

Scoring runs after the brief's annotations are shown, from a worker, a long brief in a process
of its own (a 5 MB brief takes about two seconds of CPU): never before the first paint, and a
key is never kept waiting for it (``benchmarks/bench_suggest.py``). A suggestion covered by a
claim already is not shown. What a suggestion means: the sentence looks like a checkable claim
(numbers, comparisons, attribution, …); it says nothing about whether it is true.
"""

from __future__ import annotations

import subprocess
from bisect import bisect_left, bisect_right
from functools import partial
from typing import TYPE_CHECKING

from briefreader.tui.screens.reader.part import ReaderPart
from briefreader.tui.threads import in_thread

if TYPE_CHECKING:
    from collections.abc import Callable

    from briefreader.finder.scoring import Suggestion
    from briefreader.reading.shown import ClaimCover
    from briefreader.store.api import Annotation, Store
    from briefreader.tui.screens.dialogs import ClaimFields
    from briefreader.tui.screens.reader.screen import ReaderScreen


class Suggestions(ReaderPart):
    """The reader's suggested claims (module docstring)."""

    def __init__(self, screen: ReaderScreen) -> None:
        super().__init__(screen)
        #: Shown or not (the config's choice, set when the screen mounts).
        self.on = True
        #: Every sentence scored at least THRESHOLD, in text order (None: not scored yet).
        self._scored: list[Suggestion] | None = None
        self._dismissed: frozenset[str] = frozenset()
        #: What is underlined now, in text order.
        self.shown: list[Suggestion] = []
        self._starts: list[int] = []
        self._text: str | None = None
        #: Why scoring failed (then ``>`` says so instead of "still finding").
        self._failed: str | None = None
        #: The text being scored now, and the child process scoring it (killed on close).
        self._scoring: str | None = None
        self._child: subprocess.Popen[bytes] | None = None
        #: Where ``>`` last went (a suggestion the cursor starts on is not skipped).
        self._last_jump: int | None = None

    # ------------------------------------------------------------------ scoring

    def start(self) -> None:
        """Score the brief shown (in a worker) if suggestions are on."""
        if not self.on or self.brief_id is None or not self.brapp.store_ready:
            self._paint([])
            return
        text = self.article.text
        if self._scored is not None and self._text == text:
            self.refresh()
            return
        if self._scoring == text:
            return  # being scored already (S pressed again meanwhile)
        self._scoring, self._failed = text, None
        self.stop()
        # Which sentences a claim covers is asked of every claim: that is read there too.
        cover = self.screen.core.shown.cover_later()
        score = partial(self._score, self.brapp.store, self.brief_id, text, self.screen.fmt, cover)
        in_thread(self.screen, score, "reader-suggest", exclusive=True)

    def _score(
        self,
        store: Store,
        brief_id: int,
        text: str,
        fmt: str,
        cover: tuple[Callable[[], ClaimCover], int],
    ) -> None:
        from briefreader.finder.scoring import score_apart
        from briefreader.reading.suggested import THRESHOLD, outside_code

        def started(child: subprocess.Popen[bytes]) -> None:
            self._child = child

        try:
            scored = score_apart(text, THRESHOLD, started)  # a long brief: a process of its own
            scored = outside_code(scored, text, fmt)  # code is not a claim
            dismissed = store.dismissed_suggestions(brief_id)
            build, version = cover
            built = build(), version
        except Exception as exc:  # said; reading goes on without suggestions
            self.app.call_from_thread(self._scoring_failed, text, str(exc))
            return
        self.app.call_from_thread(self._scored_now, text, scored, dismissed, built)

    def _scoring_failed(self, text: str, reason: str) -> None:
        if self._scoring == text:
            self._scoring, self._child = None, None
        if self.screen.is_mounted and self.on:
            self._failed = reason
            self.notify(f"No suggestions: {reason}", severity="warning", markup=False)

    def stop(self) -> None:
        """Kill a scoring process still running (the brief closes, or is scored again)."""
        child, self._child = self._child, None
        if child is not None and child.poll() is None:
            child.kill()

    def _scored_now(
        self,
        text: str,
        scored: list[Suggestion],
        dismissed: frozenset[str],
        cover: tuple[ClaimCover, int],
    ) -> None:
        if self._scoring == text:
            self._scoring, self._child = None, None
        if text != self.article.text:
            return  # the text changed meanwhile: scored again for the new one
        self.screen.core.shown.keep_cover(*cover)  # unless a claim came or went meanwhile
        self._text, self._scored, self._dismissed = text, scored, dismissed
        self.refresh()

    def refresh(self) -> None:
        """Underline what is suggested now: not dismissed, not a claim already."""
        if not self.on or self._scored is None:
            self._paint([])
            return
        from briefreader.reading.suggested import still_to_suggest

        cover = self.screen.core.shown.claim_cover()  # kept while no claim comes or goes
        shown = still_to_suggest(self._scored, cover, self._dismissed)
        self._paint(shown)

    def _paint(self, shown: list[Suggestion]) -> None:
        self.shown = shown
        self._starts = [s.start for s in shown]
        self.article.set_suggestions([(s.start, s.end) for s in shown])

    # ------------------------------------------------------------------ keys

    def toggle(self) -> None:
        import dataclasses

        self.on = not self.on
        app = self.brapp
        app.config = dataclasses.replace(app.config, suggestions=self.on)  # the next brief too
        if not self.on:
            self.stop()
            self._scoring = None
        self.start()
        said = "on: > and < go through them, c makes one a claim, X dismisses one"
        self.notify(f"Suggested claims {said if self.on else 'off'}.", timeout=3)
        try:
            from briefreader.config import save_reader_setting

            save_reader_setting("suggestions", self.on)
        except (OSError, ValueError) as exc:
            self.notify(f"Not remembered for next time: {exc}", severity="warning", markup=False)

    def at(self, offset: int) -> Suggestion | None:
        """The suggestion the cursor is in, if any."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.shown[i].start <= offset < self.shown[i].end:
            return self.shown[i]
        return None

    def jump(self, forward: bool) -> None:
        if not self.on:
            self.notify("Suggested claims are off: S shows them.", timeout=3)
            return
        if self._scored is None:
            if self._failed is not None:
                self.notify(f"No suggestions: {self._failed} (S twice tries again).", markup=False)
            else:
                self.notify("Still finding the sentences worth checking…", timeout=2)
            return
        cursor = self.article.cursor
        if forward:
            i = bisect_right(self._starts, cursor)
            if i > 0 and self._starts[i - 1] == cursor and self._last_jump != cursor:
                i -= 1  # on the start of one not gone to yet (the brief's first sentence)
        else:
            i = bisect_left(self._starts, cursor) - 1
            current = self.at(cursor)
            if current is not None and current.start < cursor:
                i = self.shown.index(current)  # to the start of the one the cursor is in
        if not 0 <= i < len(self.shown):
            where = "after" if forward else "before"
            self.notify(f"No suggested claim {where} the cursor.", timeout=2)
            return
        found = self.shown[i]
        self._last_jump = found.start
        self.article.move_to(found.start, extend=False)
        self.article.scroll_to_offset(found.start)
        self.app.clear_notifications()  # one reason at a time, not a pile
        why = self.why(found)  # the brief's words: never markup
        self.notify(why, title=f"Worth checking ({found.score:.2f})", timeout=6, markup=False)
        self._look(found.text, None, found.start)  # seen before elsewhere in the library?

    @staticmethod
    def why(found: Suggestion) -> str:
        from briefreader.reading.suggested import reasons_said

        return reasons_said(found)

    def dismiss(self) -> None:
        found = self.at(self.article.cursor)
        if found is None or self.brief_id is None:
            self.notify("No suggested claim under the cursor.", timeout=2)
            return
        refusal = self.brapp.edit_refusal()
        if refusal is not None:
            self.notify(refusal, title="Not now", severity="warning", markup=False)
            return
        from briefreader.store.api import suggestion_key

        brief_id, text = self.brief_id, found.text

        def saved(_: object) -> None:
            self._dismissed = self._dismissed | {suggestion_key(text)}
            self.refresh()
            self.notify("Dismissed: not suggested in this brief again.", timeout=3)

        def failed(exc: Exception) -> None:
            self.notify(f"Not dismissed: {exc}", severity="error", markup=False)

        self.brapp.writes.run(
            "dismiss", lambda store: store.dismiss_suggestion(brief_id, text), saved, failed
        )

    def claim_fields(self, start: int, end: int) -> ClaimFields | None:
        """The claim dialog's fields guessed for a new claim on ``[start, end)`` when it is a
        suggestion (None: not one, nothing to guess)."""
        found = self.at(start)
        if found is None or found.end < end:
            return None
        from briefreader.finder.attribution import guess_claimant
        from briefreader.tui.screens.dialogs import ClaimFields

        self.app.clear_notifications()  # the reasons said by > would cover the dialog
        from briefreader.reading.suggested import guess_type

        guess = guess_claimant(self.article.text, found.start, found.end)
        kind = guess_type(found)
        if guess is not None:
            self.notify(f"Claimant guessed from “{guess.cue}”: edit it if wrong.", timeout=4)
        return ClaimFields(guess.claimant if guess else None, kind, guessed=True)

    # ------------------------------------------------------------------ seen before

    def look_for_same(self, claim: Annotation) -> None:
        """Say if the library holds the same claim elsewhere (a worker reads them)."""
        self._look(claim.quote, claim.id, None)

    def _look(self, text: str, claim_id: int | None, at: int | None) -> None:
        """Look for ``text`` among the library's claims (not ``claim_id``); for a suggestion
        gone to at ``at``, said only if the cursor is still there when found."""
        if not self.brapp.store_ready:
            return
        look = partial(self._same, self.brapp.store, text, claim_id, at)
        in_thread(self.screen, look, "reader-same", exclusive=True)

    def _same(self, store: Store, text: str, claim_id: int | None, at: int | None) -> None:
        from briefreader.finder.matching import seen_before

        try:
            others = [a for a in store.export_annotations(kind="claim") if a.id != claim_id]
            titles = {b.id: b.title for b in store.list_briefs()}
        except Exception:
            return  # a nicety: nothing said
        if at is not None:  # a suggestion: a claim on it in this brief is not "seen before"
            others = [
                a
                for a in others
                if a.brief_id != self.brief_id or a.end <= at or a.start >= at + len(text)
            ]
        found = seen_before(text, ((a, a.quote) for a in others), limit=1)
        if found:
            other = found[0][0]
            self.app.call_from_thread(self._say_same, other, titles.get(other.brief_id, ""), at)

    def _say_same(self, other: Annotation, title: str, at: int | None = None) -> None:
        from briefreader.text.display import display_line

        if at is not None and (self._last_jump != at or self.article.cursor != at):
            return  # moved on meanwhile: it would be said of another sentence

        where = "this brief" if other.brief_id == self.brief_id else f"“{display_line(title)[:50]}”"
        verdict = other.claim_status or "unverified"
        when = ""
        if other.check is not None and other.check.checked_at is not None:
            when = f" {other.check.checked_at.astimezone():%Y-%m-%d}"
        after = "The claims desk (C) shows both." if at is None else "c makes it a claim here too."
        self.notify(
            f"Seen before: the same claim is in {where} — {verdict}{when}. {after}",
            timeout=8,
            markup=False,
        )
