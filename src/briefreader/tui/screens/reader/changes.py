"""The reader noticing changes made elsewhere (the CLI, another window, a teammate): every few
seconds a worker asks the database for the brief's fingerprint (:mod:`briefreader.store.watch`);
when it differs from what the reader shows — and not because of the reader's own saves — the
annotations are read again and shown, the cursor, the view and the selection staying where
they are. A new version of the text is announced once (reopening shows it)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from briefreader.store.records import UuidTable
from briefreader.tui.threads import in_thread

if TYPE_CHECKING:
    from briefreader.store.api import Annotation, Store, Tag
    from briefreader.tui.screens.reader import ReaderScreen


#: Seconds between two looks at least, and how many times a look's own time must pass before
#: the next (a look of 0.2 s: one every 4 s, 5 % of a core).
LOOK_SPACING = 1.5
LOOK_COST_FACTOR = 20


class ChangesElsewhere:
    """Polls for a :class:`~briefreader.tui.screens.reader.ReaderScreen` (see the module
    docstring); :meth:`look` is called on a timer."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.fingerprint: tuple[int, ...] | None = None
        #: Not before this (monotonic seconds): a look that takes long (a brief with 100,000
        #: annotations: ~0.2 s) is made less often, so it never costs more than a few per cent
        #: of a core; and the first is one poll after the brief is shown, not during its open.
        self._not_before = 0.0

    def shown(self) -> None:
        """The brief is on screen: the first look waits a poll's time."""
        from time import monotonic

        self._not_before = monotonic() + LOOK_SPACING

    def look(self) -> None:
        from time import monotonic

        screen = self.screen
        if screen.brief_id is None or screen.brief is None or not screen.brapp.store_ready:
            return
        if monotonic() < self._not_before:
            return
        if screen.app.screen is screen:
            check = partial(self._check, screen.brapp.store, screen.brief_id)
            in_thread(screen, check, "reader-changes", exclusive=True)

    def _check(self, store: Store, brief_id: int) -> None:
        from briefreader.store.errors import DatabaseReplaced
        from briefreader.store.watch import brief_fingerprint

        try:
            store.verify_file()  # a file replaced while only reading: rescued now, and said
        except DatabaseReplaced as exc:
            self.screen.app.call_from_thread(self.screen.brapp.writes.replaced, exc)

        from time import monotonic

        started = monotonic()
        try:
            now = brief_fingerprint(store, brief_id)
        except Exception:
            return  # asked again next time
        took = monotonic() - started
        self._not_before = started + max(LOOK_SPACING, took * LOOK_COST_FACTOR)
        if now != self.fingerprint:
            self.screen.app.call_from_thread(self._compare, now)

    def _compare(self, now: tuple[int, ...]) -> None:
        screen = self.screen
        self.fingerprint = now
        brief = screen.brief
        if brief is None:
            return
        shown = screen.shown.fingerprint(brief.version)
        if now == shown:
            return  # the reader's own saves
        if now[3] != brief.version:
            screen.notify(
                "This brief's text was changed elsewhere: press q and open it again to see the "
                "new version.",
                title="Changed elsewhere",
                severity="warning",
                timeout=8,
            )
            return
        reload = partial(self._reload, screen.brapp.store, brief.id)
        in_thread(screen, reload, "reader-reload", exclusive=True)

    def _reload(self, store: Store, brief_id: int) -> None:
        try:
            from briefreader.store.api import count_tags

            uuids = UuidTable()
            everything = store.annotations_for_brief(
                brief_id, which="all", with_context=False, uuids=uuids
            )
            annotations = [a for a in everything if not a.orphan]
            orphans = [a for a in everything if a.orphan]
            all_tags = store.list_tags()
            tags = count_tags(everything, all_tags)
        except Exception:
            return
        self.screen.app.call_from_thread(
            self._reloaded, annotations, orphans, tags, all_tags, uuids
        )

    def _reloaded(
        self,
        annotations: list[Annotation],
        orphans: list[Annotation],
        tags: list[tuple[Tag, int]],
        all_tags: list[Tag],
        uuids: UuidTable,
    ) -> None:
        screen = self.screen
        screen.set_tag_colors(all_tags)
        screen.set_annotations(annotations, orphans, uuids)
        screen.panel.set_tags(tags)
        screen.notify("Updated with changes made elsewhere.", timeout=2)
