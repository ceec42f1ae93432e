"""The Textual application, kept thin: it holds the Store handle, the config and the theme, and
pushes the first screen. Screens own their widgets and handlers.

The theme chosen in the command palette (ctrl+p, "Theme") and the reader's reading aids are
written to the config file (``[reader] theme`` / ``reading_aids``) by
:meth:`BriefReaderApp.remember`; what the config file says that the app cannot use (a theme it
does not have, a key with no name, a binding id no binding has) is said at start-up.

Start-up is ordered for speed: the first screen is put up before the Store (and with it
SQLAlchemy/SQLModel, ~0.6 s of imports) is opened in a worker thread. Screens ask for the store
with :meth:`BriefReaderApp.when_store`, which calls back at once if it is already open.
"""

from __future__ import annotations

import dataclasses
import difflib
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import Input

from briefreader import heap
from briefreader.config import Config, config_path, load_config, save_setting
from briefreader.resources import stylesheet_paths
from briefreader.tui.commands import BriefsProvider, ExportProvider, LibraryProvider, TagsProvider
from briefreader.tui.internals.hooks import FirstFrame
from briefreader.tui.internals.keyorder import KeySequencer
from briefreader.tui.keys import binding_ids, check_keymap, unknown_binding_ids
from briefreader.tui.navigation import OpenBrief, OpenDesk, ShowLibrary
from briefreader.tui.writes import WriteLane

if TYPE_CHECKING:
    from briefreader.ingest import IngestedBrief
    from briefreader.store.api import BriefSummary, Store
    from briefreader.tui.screens.library import LibraryScreen

StoreCallback = Callable[["Store"], None]
#: The longest the store's opening waits for a screen's read without it (``store_may_open``).
STORE_WAIT_S = 2.0


class BriefReaderApp(FirstFrame, App[None]):
    """briefreader: the library and the reader."""

    TITLE = "briefreader"
    COMMANDS = App.COMMANDS | {BriefsProvider, TagsProvider, ExportProvider, LibraryProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
        # Shown only while changes are kept unsaved (a full disk, a replaced database file).
        Binding("ctrl+s", "retry_saving", "Try saving again", id="app.retry_saving"),
    ]

    def __init__(
        self,
        db_url: str,
        *,
        config: Config | None = None,
        brief_id: int | None = None,
        ingested: IngestedBrief | None = None,
        store: Store | None = None,
        desk: str | None = None,
    ) -> None:
        super().__init__(css_path=stylesheet_paths())
        self.db_url = db_url
        self.config = config or load_config()
        self.initial_brief_id = brief_id
        self.initial_ingested = ingested
        #: Start at the claims desk, with this filter (``briefreader claims``).
        self.initial_desk = desk
        self._store: Store | None = store
        self._owns_store = store is None
        self._waiting: list[StoreCallback] = []
        #: Cleared while a screen shows what it read without the store (the library's peek):
        #: the store (SQLAlchemy's imports) is opened once it is set again, so as not to
        #: compete for the interpreter with that first read and its frame.
        self.store_may_open = threading.Event()
        self.store_may_open.set()
        #: The library's briefs being read without the store, for the library's first frame.
        self.library_peek: Future[list[BriefSummary] | None] | None = None
        self.store_error: str | None = None
        self.keys = KeySequencer(self)
        #: The user's keymap (binding id -> keys) as given to Textual (see tui/keys.py).
        self.keymap: dict[str, str] = {}
        #: Every change a screen saves goes through here (see briefreader.tui.writes).
        self.writes = WriteLane(self)
        #: The config file's theme and keys are in use (a theme set now is the user's choice).
        self._config_applied = False

    # ------------------------------------------------------------------ toasts

    def notify(self, message: str, **kwargs: Any) -> None:
        """A toast, put on the half of the screen away from where the user is looking."""
        self.place_toasts()
        super().notify(message, **kwargs)

    def place_toasts(self) -> None:
        """Dock the toasts at the bottom, or at the top while the cursor (or the focused
        widget) is in the lower half of the screen: a toast never hides the line being read."""
        try:
            screen = self.screen
            rack = screen.query_one("#textual-toastrack")
        except Exception:  # no screen yet, or a screen without toasts
            return
        focused = screen.focused
        row: int | None = None
        cursor_row = getattr(focused, "cursor_screen_row", None)
        if callable(cursor_row):
            row = cursor_row()  # the line being read
        elif isinstance(focused, Input):
            row = focused.region.y  # the box being typed in
        # Anything else (a list filling the screen, nothing focused): the usual bottom.
        top = row is not None and row >= screen.size.height // 2
        if (rack.styles.dock == "top") != top:
            rack.styles.dock = "top" if top else "bottom"
            rack.styles.align_vertical = "top" if top else "bottom"
            rack.styles.margin = (1, 0, 0, 0) if top else (0, 0, 1, 0)

    # ------------------------------------------------------------------ keys, in order

    async def on_event(self, event: events.Event) -> None:
        # Keys and pastes are handled one at a time: each reaches the widget that has the
        # focus once the one before it has done all its work (see keyorder).
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            if not self.keys.hold(event):
                await self.dispatch_input(event)
            return
        await super().on_event(event)

    async def dispatch_input(self, event: events.Key | events.Paste) -> None:
        """Handle one key or paste as Textual does (priority bindings, else the focused
        widget), then let the next one through when this one has settled."""
        target = (self.focused or self.screen) if self.screen_stack else None
        try:
            await super().on_event(event)
        finally:
            self.keys.handled(event, target)

    # ------------------------------------------------------------------ the store

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the library is still opening")
        return self._store

    @property
    def store_ready(self) -> bool:
        return self._store is not None

    @property
    def read_only_reason(self) -> str | None:
        """Why the library cannot be changed (a read-only file or folder), or None."""
        if self._store is None or not getattr(self._store, "read_only", False):
            return None
        reason = getattr(self._store, "read_only_reason", "") or "the database is read-only"
        return str(reason)

    def edit_refusal(self) -> str | None:
        """Why an editing command cannot run just now (None: it can)."""
        reason = self.read_only_reason
        if reason is not None:
            return f"Edits are off: {reason}."
        return self.writes.refusal()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry_saving":
            return bool(self.writes.pending) and self.writes.trouble not in (None, "busy")
        return True

    def action_retry_saving(self) -> None:
        self.writes.retry()

    async def action_quit(self) -> None:
        """Quit — but never silently with changes still waiting to be saved: ask first."""
        if not self.writes.pending:
            await super().action_quit()
            return
        from briefreader.tui.screens.dialogs import ConfirmDialog

        count = len(self.writes.pending)
        changes = f"{count} change{'s' if count != 1 else ''}"
        reason = self.writes.status or "the database has not taken them yet"

        dialog = ConfirmDialog(
            "Quit without saving?",
            f"{changes} not saved yet: {reason} Quit anyway and lose "
            f"{'them' if count != 1 else 'it'}?",
            confirm_label="Quit",
        )

        def saved_meanwhile() -> None:
            # The changes landed while the question was open: quitting loses nothing now.
            if not self.writes.pending and self.screen is dialog:
                self.writes.unlisten(saved_meanwhile)
                self.exit()

        def chosen(quit_anyway: bool | None) -> None:
            self.writes.unlisten(saved_meanwhile)
            if quit_anyway:
                self.exit()

        self.writes.listen(saved_meanwhile)
        self.push_screen(dialog, chosen)

    def when_store(self, callback: StoreCallback) -> None:
        """Call ``callback(store)`` now if the store is open, else as soon as it is."""
        if self._store is not None:
            callback(self._store)
        else:
            self._waiting.append(callback)

    @work(thread=True, exclusive=True, group="store", description="store", exit_on_error=False)
    def _open_store(self) -> None:
        # The wait has a limit: a screen's read that never ends must not keep the store shut.
        self.store_may_open.wait(STORE_WAIT_S)
        from briefreader.store.api import Store

        try:
            store = Store.open(self.db_url)
        except Exception as exc:  # shown to the user; the app stays up to say so
            self.call_from_thread(self._store_failed, f"{type(exc).__name__}: {exc}")
            return
        self.call_from_thread(self._store_opened, store)

    def _store_opened(
        self, store: Store, identity: frozenset[tuple[int, str]] = frozenset()
    ) -> None:
        self._store = store
        self._identity = identity
        heap.start_up_over()  # SQLAlchemy is in: collect cycles again (see briefreader.heap)
        if self.config.user_name is not None:
            store.user = self.config.user_name  # who makes the changes (else the OS user)
        self.writes.changed()  # a read-only library says so
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback(store)
        self._daily_backup(store)

    @work(thread=True, group="backup", description="backup", exit_on_error=False)
    def _daily_backup(self, store: Store) -> None:
        """Today's automatic backup of a SQLite library, if there is none yet (see
        :mod:`briefreader.backup`); a failure is a warning, never a reason to stop reading."""
        from briefreader.backup import daily_backup

        try:
            daily_backup(store)
        except Exception as exc:
            self.call_from_thread(
                self.notify,
                f"The daily backup of the library could not be made: {exc}",
                title="Backup",
                severity="warning",
                timeout=15,
                markup=False,
            )

    def _store_failed(self, message: str) -> None:
        self.store_error = message
        heap.start_up_over()
        self.notify(
            f"Could not open the library at {self.db_url}:\n{message}",
            title="Database error",
            severity="error",
            timeout=30,
        )

    # ------------------------------------------------------------------ lifecycle

    # ------------------------------------------------------------------ screens

    def library(self) -> LibraryScreen | None:
        """The library screen on the stack (it sits under every reader), if there is one."""
        from briefreader.tui.screens.library import LibraryScreen

        return next((s for s in reversed(self.screen_stack) if isinstance(s, LibraryScreen)), None)

    def on_open_brief(self, message: OpenBrief) -> None:
        """A screen asked for a brief: the reader, above the library (what was above it is
        left first), or above what is shown when there is no library (opened from a file)."""
        from briefreader.tui.screens.reader import ReaderScreen

        library = self.library()
        if library is not None and not message.above:
            while len(self.screen_stack) > 1 and self.screen is not library:
                self.pop_screen()
        self.push_screen(
            ReaderScreen(
                brief_id=message.brief_id, goto=message.goto, annotation_id=message.annotation_id
            )
        )

    def on_open_desk(self, message: OpenDesk) -> None:
        """The claims desk over what is shown; if it is open already, back to it (the
        screens above it left) rather than a second one."""
        from briefreader.tui.screens.desk import DeskScreen

        desk = next((s for s in self.screen_stack if isinstance(s, DeskScreen)), None)
        if desk is None:
            self.push_screen(DeskScreen(message.query))
            return
        while self.screen is not desk and len(self.screen_stack) > 1:
            self.pop_screen()

    def action_open_desk(self) -> None:
        self.post_message(OpenDesk())

    def on_show_library(self, _message: ShowLibrary) -> None:
        from briefreader.tui.screens.library import LibraryScreen

        self.switch_screen(LibraryScreen())

    # ------------------------------------------------------------------ preferences

    @property
    def config_file(self) -> Path:
        return self.config.path or config_path()

    def remember(
        self, name: str, value: bool | str, said: str | None = None, table: str = "reader"
    ) -> None:
        """Keep ``[table] name = value`` for this session and write it to the config file
        for the next; if it cannot be written, say that ``said`` ("Reading aids off" by
        default) holds for this session only (the change itself stays). A setting of another
        table than ``[reader]`` is the config's ``table_name``."""
        if said is None:
            shown = ("on" if value else "off") if isinstance(value, bool) else value
            said = f"{name.replace('_', ' ').capitalize()} {shown}"
        changed: dict[str, Any] = {name if table == "reader" else f"{table}_{name}": value}
        self.config = dataclasses.replace(self.config, **changed)
        try:
            save_setting(table, name, value, self.config_file)
        except (OSError, ValueError) as exc:
            self.notify(
                f"{said} for this session only: it could not be written to the config "
                f"file ({exc}).",
                title="Config",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def watch_theme(self, theme: str) -> None:
        # The theme from the config file (set in on_mount) is not written back; a theme
        # chosen since (the palette's "Theme") is.
        if self._config_applied and theme != self.config.theme:
            self.remember("theme", theme, f"The theme {theme}")

    def _config_problems(self) -> list[str]:
        """What in the config file the app cannot use, besides what load_config found, and
        the keymap set without the keys that are not key names."""
        problems = list(self.config.problems)
        theme, themes = self.config.theme, sorted(self.available_themes)
        if theme not in themes:
            like = difflib.get_close_matches(theme, themes, n=3, cutoff=0.5)
            hint = f"did you mean {' or '.join(like)}?" if like else f"{', '.join(themes[:4])}, …"
            problems.append(
                f'{self.config_file}: reader.theme "{theme}" is not a theme here, so '
                f'{self.theme} is used ({hint}; ctrl+p, "Theme" lists all {len(themes)})'
            )
        if self.config.keys:
            self.keymap, wrong = check_keymap(self.config.keys, self.config_file)
            problems += wrong
            self.set_keymap(self.keymap)
            # Once the first screen is up and the library open (an id not found may need
            # every screen's module imported).
            self.when_store(self._check_binding_ids_soon)
        return problems

    def _check_binding_ids_soon(self, _store: Store) -> None:
        self.call_after_refresh(self._check_binding_ids)

    def _check_binding_ids(self) -> None:
        known = binding_ids(load_all=False)
        if not set(self.keymap) <= known:
            known = binding_ids()
        for problem in unknown_binding_ids(self.keymap, known, self.config_file):
            self.notify(problem, title="Config", severity="warning", timeout=10, markup=False)

    # ------------------------------------------------------------------ start

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self._config_applied = True
        for problem in self._config_problems():
            self.notify(problem, title="Config", severity="warning", timeout=10, markup=False)
        # The first screen is pushed once Textual's start-up batch (which holds every frame
        # back until the app's mount handlers are done) is over: pushed here, it was laid out
        # and drawn while the batch held it, then all over again (50 ms to the first words).
        self.call_later(self._push_first_screen)
        if self._store is None:
            # Opening the store imports SQLAlchemy in a thread; started once the first frame
            # is on the terminal so it does not compete with drawing it.
            self.after_first_frame(self._open_store)

    def _push_first_screen(self) -> None:
        if self.initial_ingested is not None or self.initial_brief_id is not None:
            # Straight to the reader; the library is built when the reader is left (q).
            from briefreader.tui.screens.reader import ReaderScreen

            self.push_screen(
                ReaderScreen(brief_id=self.initial_brief_id, ingested=self.initial_ingested)
            )
        elif self.initial_desk is not None:
            # The library is built when the desk is left (q).
            from briefreader.tui.screens.desk import DeskScreen

            self.push_screen(DeskScreen(self.initial_desk))
        else:
            from briefreader.store.peek import peek_in_thread
            from briefreader.tui.screens.library import LibraryScreen

            if self._store is None:
                # The titles are read from the file while the screen is composed.
                self.library_peek = peek_in_thread(self.db_url)
            self.push_screen(LibraryScreen())

    def on_unmount(self) -> None:
        if self._store is not None and self._owns_store:
            self._store.close()

    def action_help(self) -> None:
        from briefreader.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
