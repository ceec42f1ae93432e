"""How the library screen follows its store: while the store opens, the list of briefs read
without it (:mod:`briefreader.store.peek`: the titles come 0.4 s sooner), and a look every
moment for the reason it could not be opened (then said in place of the loading indicator);
once it is open, the list read from it, and a look
every few seconds, in a thread, for changes made elsewhere (the CLI, another window, a teammate),
which reloads the list (its order and the brief under the cursor are kept).

The screen keeps the fingerprint of what it read last (``_fingerprint``), as it keeps
everything else it shows; this part only looks.
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import Future
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import ContentSwitcher, LoadingIndicator, Static

from briefreader.store.peek import peek_in_thread
from briefreader.text.display import display_safe
from briefreader.tui.threads import in_thread

if TYPE_CHECKING:
    from textual.timer import Timer

    from briefreader.store.api import BriefSummary, Store
    from briefreader.tui.app import BriefReaderApp
    from briefreader.tui.screens.library import LibraryScreen


class LibraryWatch:
    """The library screen's looks at its store (see the module docstring)."""

    def __init__(self, screen: LibraryScreen) -> None:
        self.screen = screen
        self._store_poll: Timer | None = None
        #: True once the look at the file before the store opened is done (shown or not).
        self.looked = False

    def start(self, store_every: float, changes_every: float) -> None:
        """Look for the store's failure every ``store_every`` seconds until it opens, then
        for changes every ``changes_every`` seconds."""
        screen = self.screen
        self._store_poll = screen.set_interval(store_every, self._check_store_failed)
        app = screen.brapp
        if not app.store_ready:
            app.store_may_open.clear()  # the titles first (see BriefReaderApp)
            peek = app.library_peek or peek_in_thread(app.db_url)
            app.library_peek = None  # read once: a library shown again has its store
            if peek.done():  # read while the screen was composed: shown in its first frame
                self._peeked(peek.result())
            else:
                app_thread = threading.get_ident()
                peek.add_done_callback(partial(self._peek_done, app, app_thread))
        app.when_store(partial(self._store_opened, changes_every))

    def _peek_done(
        self, app: BriefReaderApp, app_thread: int, peek: Future[list[BriefSummary] | None]
    ) -> None:
        """Hand the peek's briefs to the screen: called in the peek's thread, or in the app's
        when the peek ended between ``done()`` and ``add_done_callback`` (then at once)."""
        if threading.get_ident() == app_thread:
            app.call_later(self._peeked, peek.result())
            return
        with contextlib.suppress(RuntimeError):  # the app has stopped meanwhile
            app.call_from_thread(self._peeked, peek.result())

    def _peeked(self, briefs: list[BriefSummary] | None) -> None:
        """The briefs as the file holds them, read while the store opens. An empty or
        unreadable library is left to the store to show (the empty library's help, or why)."""
        self.looked = True
        app = self.screen.brapp
        if not briefs:
            app.store_may_open.set()
            return
        if not self.screen._loaded:  # (the store may have been quicker)
            self.screen._show_briefs(briefs, None)
        # The store opens once the titles are drawn.
        app.after_first_frame(app.store_may_open.set)

    def _store_opened(self, changes_every: float, store: Store) -> None:
        if self._store_poll is not None:
            self._store_poll.stop()
        self.screen.reload()
        self.screen.set_interval(changes_every, self._look_for_changes)

    def _check_store_failed(self) -> None:
        error = self.screen.brapp.store_error
        if error is None:
            return
        if self._store_poll is not None:
            self._store_poll.stop()
        screen = self.screen
        if screen._loaded:
            # The list read before the store opened is not a library that can be used: the
            # reason takes its place.
            screen._loaded = False
            screen.briefs = []
            screen.query_one(ContentSwitcher).current = "loading"
            screen._sync_bindings()
        self.screen.query_one("#loading-label", Static).update(
            Text(f"The library could not be opened.\n{display_safe(error)}", justify="center")
        )
        self.screen.query_one(LoadingIndicator).display = False

    def _look_for_changes(self) -> None:
        screen = self.screen
        if screen.app.screen is screen and screen._loaded:
            in_thread(
                screen, partial(self._look, screen.brapp.store), "library-changes", exclusive=True
            )

    def _look(self, store: Store) -> None:
        """In a thread: reload the list when the library changed elsewhere. Best effort: a
        database that cannot be read just now is asked again next time."""
        from briefreader.store.errors import DatabaseReplaced
        from briefreader.store.watch import library_fingerprint

        screen = self.screen
        try:
            store.verify_file()  # a file replaced while only reading: rescued now, and said
        except DatabaseReplaced as exc:
            screen.app.call_from_thread(screen.brapp.writes.replaced, exc)
        try:
            now = library_fingerprint(store)
        except Exception:
            return
        if now != screen._fingerprint:
            first = screen._fingerprint is None
            screen._fingerprint = now
            if not first:
                screen.app.call_from_thread(screen.reload)
