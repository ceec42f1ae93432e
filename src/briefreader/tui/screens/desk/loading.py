"""The claims desk reading its claims: all of them in a worker when it opens, and again when
they changed elsewhere (the reader, the CLI, a teammate: a cheap fingerprint of the library's
claims is compared every few seconds, as the library does). The desk's own saves keep its
fingerprint equal to the database's, so they never cause a read; a read that started before a
save of the desk's is thrown away and made again. Rows keep their places when read again.

While 10,000 claims (~200,000 objects) are read and shown, the cycle collector waits and then
leaves them alone (:mod:`briefreader.tui.heap`): a full collection over them cost 100 ms at a
key press.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from briefreader import heap
from briefreader.finder.matching import Claimish, prepare
from briefreader.text.display import display_line
from briefreader.tui.threads import in_thread

if TYPE_CHECKING:
    from briefreader.reading.claim_groups import Groups
    from briefreader.store.api import Annotation, BriefSummary, Store
    from briefreader.tui.screens.desk.screen import DeskScreen


class ClaimsLoader:
    """Reads the desk's claims (module docstring)."""

    def __init__(self, screen: DeskScreen) -> None:
        self.screen = screen
        self.loaded = False
        self._fingerprint: tuple[int, ...] | None = None
        self._heap_held = False
        #: Changes the desk saved (a read of the claims started before one is read again).
        self.saves = 0

    def load(self, store: Store) -> None:
        """Read every claim in a worker (the collector paused meanwhile)."""
        if not self._heap_held:
            heap.hold()
            self._heap_held = True
        self._start(store)

    def _start(self, store: Store) -> None:
        read = partial(self._read, store, self.saves)
        in_thread(self.screen, read, "desk-load", exclusive=True)

    def settle(self) -> None:
        if self._heap_held:
            self._heap_held = False
            heap.settle()

    def _read(self, store: Store, saves: int) -> None:
        from briefreader.store.watch import claims_fingerprint

        app = self.screen.app
        try:
            fingerprint = claims_fingerprint(store)
            claims = store.export_annotations(kind="claim")
            briefs = store.list_briefs()
            titles = {b.id: b.title for b in briefs}
            # Made ready here, not at the first triage (~20 µs a claim: 0.2 s for 10,000).
            prepared = {c.id: (c.quote, prepare(c.quote)) for c in claims}
            groups = (store.claim_groups(), store.not_same_pairs())
        except Exception as exc:
            app.call_from_thread(self._failed, exc)
            return
        app.call_from_thread(
            self._read_done, store, claims, titles, prepared, groups, fingerprint, saves, briefs
        )

    def _failed(self, exc: Exception) -> None:
        self.settle()
        self.screen.query_one("#desk-counts", Static).update(
            Content(f"The claims could not be read: {display_line(str(exc))}")
        )

    def _read_done(
        self,
        store: Store,
        claims: list[Annotation],
        titles: dict[int, str],
        prepared: dict[int, tuple[str, Claimish]],
        groups: Groups,
        fingerprint: tuple[int, ...],
        saves: int,
        briefs: list[BriefSummary],
    ) -> None:
        if saves != self.saves:
            self._start(store)  # the desk saved a change while these were read
            return
        self._fingerprint = fingerprint
        again, self.loaded = self.loaded, True
        self.screen.show_claims(claims, titles, prepared, groups, again=again)
        self.settle()
        self.screen.suggested.find(store, briefs, dismissed=fingerprint[-1])

    def look(self) -> None:
        """Called on a timer: read again if the claims changed elsewhere."""
        screen = self.screen
        if screen.app.screen is screen and self.loaded and screen.brapp.writes.idle:
            check = partial(self._check, screen.brapp.store)
            in_thread(screen, check, "desk-changes", exclusive=True)

    def _check(self, store: Store) -> None:
        from briefreader.store.watch import claims_fingerprint

        try:
            now = claims_fingerprint(store)
        except Exception:
            return  # asked again next time
        self.screen.app.call_from_thread(self._compare, store, now)

    def own_change(self) -> None:
        """The desk changed something the fingerprint sees but the claims it holds do not
        show (a claim group, a dismissal): take the database's fingerprint as its own rather
        than read every claim again (unless the claims changed meanwhile)."""
        store = self.screen.brapp.store

        def read() -> None:
            from briefreader.store.watch import claims_fingerprint

            try:
                now = claims_fingerprint(store)
            except Exception:
                return  # the next look reads the claims again: nothing lost
            self.screen.app.call_from_thread(accept, now)

        def accept(now: tuple[int, ...]) -> None:
            held = self._fingerprint
            # Only if nothing else changed: the claims are the desk's, the briefs and which
            # of them were opened as they were.
            if (
                held is not None
                and now[:3] == self.screen.claims.fingerprint()
                and now[3:5] == held[3:5]
                and now[-3] == held[-3]
            ):
                self._fingerprint = now

        in_thread(self.screen, read, "desk-own")

    def _compare(self, store: Store, now: tuple[int, ...]) -> None:
        mine = self.screen.claims.fingerprint()
        if now[:3] == mine and now[3:] == (self._fingerprint or ())[3:]:
            self._fingerprint = now
            return  # nothing, or only the desk's own saves
        self.load(store)
