"""How the library screen follows its store: until the store is open, a look every moment for
the reason it could not be (then said in place of the loading indicator); once it is, a look
every few seconds, in a thread, for changes made elsewhere (the CLI, another window, a teammate),
which reloads the list (its order and the brief under the cursor are kept).

The screen keeps the fingerprint of what it read last (``_fingerprint``), as it keeps
everything else it shows; this part only looks.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import LoadingIndicator, Static

from briefreader.text.display import display_safe

if TYPE_CHECKING:
    from textual.timer import Timer

    from briefreader.store.api import Store
    from briefreader.tui.screens.library import LibraryScreen


class LibraryWatch:
    """The library screen's looks at its store (see the module docstring)."""

    def __init__(self, screen: LibraryScreen) -> None:
        self.screen = screen
        self._store_poll: Timer | None = None

    def start(self, store_every: float, changes_every: float) -> None:
        """Look for the store's failure every ``store_every`` seconds until it opens, then
        for changes every ``changes_every`` seconds."""
        screen = self.screen
        self._store_poll = screen.set_interval(store_every, self._check_store_failed)
        screen.brapp.when_store(partial(self._store_opened, changes_every))

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
        self.screen.query_one("#loading-label", Static).update(
            Text(f"The library could not be opened.\n{display_safe(error)}", justify="center")
        )
        self.screen.query_one(LoadingIndicator).display = False

    def _look_for_changes(self) -> None:
        screen = self.screen
        if screen.app.screen is screen and screen._loaded:
            screen.run_worker(
                partial(self._look, screen.brapp.store),
                thread=True,
                exclusive=True,
                group="library-changes",
                exit_on_error=False,
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
