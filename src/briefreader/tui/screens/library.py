"""The library: every brief in a table (most recently opened first), a filter over titles and
tags, and the keys that open, import, delete and export briefs.

The screen never blocks the event loop on the database: the list, imports, deletions and exports
run in thread workers and hand their results back with ``call_from_thread``. Nothing that came
from a brief (titles, tags) is ever parsed as markup: cells are ``rich.text.Text`` built from
``display_safe`` strings, toasts are sent with ``markup=False``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    LoadingIndicator,
    Static,
)
from textual.worker import get_current_worker

from briefreader.resources import example_brief
from briefreader.text.display import display_safe
from briefreader.tui.commands import TagCommand

if TYPE_CHECKING:
    from briefreader.library import ImportOutcome
    from briefreader.store.api import BriefSummary, Store
    from briefreader.tui.app import BriefReaderApp
    from briefreader.tui.screens.dialogs import ExportRequest

#: Widest a title may be in a toast before it is shortened.
TOAST_TITLE_WIDTH = 60
#: Outcomes of one kind listed one toast each; more than this are summed up in one toast.
TOASTS_PER_KIND = 3
#: Seconds between progress updates while a folder is imported.
PROGRESS_INTERVAL = 0.1
#: Most rows in the table: DataTable rebuilds cost ~0.3 ms a row, too slow per keystroke in the
#: filter for thousands of briefs. The filter still searches them all.
MAX_ROWS = 200
#: How often to look whether the store failed to open while the loading indicator spins.
STORE_POLL_INTERVAL = 0.25

DESCRIPTION = (
    "briefreader: read op-eds and policy briefs in the terminal, highlight and tag them, "
    "check their claims against sources, and export it all to CSV."
)


# ---------------------------------------------------------------------- pure helpers


def human_when(moment: datetime | None, now: datetime | None = None) -> str:
    """``never``, ``today 14:02``, ``yesterday 09:13``, ``3 days ago``, ``12 Mar``,
    ``12 Mar 2024``: when something last happened, in local time, as a person says it."""
    if moment is None:
        return "never"
    local = moment.astimezone()
    today = (now or datetime.now().astimezone()).astimezone().date()
    days = (today - local.date()).days
    if days == 0:
        return f"today {local:%H:%M}"
    if days == 1:
        return f"yesterday {local:%H:%M}"
    if 1 < days < 7:
        return f"{days} days ago"
    if local.year == today.year:
        return f"{local.day} {local:%b}"
    return f"{local.day} {local:%b %Y}"


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def shorten(text: str, width: int = TOAST_TITLE_WIDTH) -> str:
    """``text`` made display-safe, cut to ``width`` characters with an ellipsis."""
    text = display_safe(text)
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def brief_filter(query: str) -> Callable[[BriefSummary], bool]:
    """A predicate for the filter box: every word must occur in the title or a tag
    (case-insensitive); ``tag:NAME`` demands that exact tag."""
    words: list[str] = []
    tags: list[str] = []
    for word in query.casefold().split():
        if word.startswith("tag:") and len(word) > 4:
            tags.append(word[4:])
        else:
            words.append(word)

    def matches(brief: BriefSummary) -> bool:
        brief_tags = [t.casefold() for t in brief.tags]
        if any(tag not in brief_tags for tag in tags):
            return False
        haystack = "\n".join([brief.title.casefold(), *brief_tags])
        return all(word in haystack for word in words)

    return matches


def library_screen(app: App[Any]) -> LibraryScreen | None:
    """The library screen on the app's stack (it sits under every reader), if there is one."""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, LibraryScreen):
            return screen
    return None


# ---------------------------------------------------------------------- the screen


class LibraryScreen(Screen[None]):
    """All briefs: filter, open, import, delete, export."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority so that Enter opens the highlighted brief from the filter box as well.
        Binding("enter", "open", "Open", priority=True, id="library.open"),
        Binding("slash", "focus_filter", "Filter", id="library.filter"),
        Binding("i", "import", "Import", id="library.import"),
        Binding("d", "delete", "Delete", id="library.delete"),
        Binding("e", "export", "Export", id="library.export"),
        Binding("x", "example", "Example brief", id="library.example"),
        Binding("escape", "clear_filter", "Clear filter", id="library.clear_filter"),
        Binding("down", "focus_table", "To the list", show=False, id="library.to_list"),
        Binding("q", "quit", "Quit", id="library.quit"),
    ]

    # Focus is placed by hand: the filter must not take keys while the library is empty.
    AUTO_FOCUS = ""

    DEFAULT_CSS = """
    LibraryScreen #filter-bar {
        height: 1;
        margin: 1 1 0 1;
        display: none;
    }
    LibraryScreen.-has-briefs #filter-bar { display: block; }
    LibraryScreen #filter-label {
        width: auto;
        padding: 0 1 0 0;
        color: $foreground-muted;
    }
    LibraryScreen #filter { width: 1fr; }
    LibraryScreen #switcher { height: 1fr; margin: 1 1 0 1; }
    LibraryScreen #briefs { height: 1fr; background: $surface; }
    LibraryScreen #loading { align: center middle; }
    LibraryScreen #loading LoadingIndicator { height: 3; }
    LibraryScreen #loading-label {
        width: 100%;
        content-align: center middle;
        color: $foreground-muted;
    }
    LibraryScreen #empty { align: center middle; }
    LibraryScreen #empty-panel {
        width: 100%;
        max-width: 72;
        height: auto;
        padding: 1 2;
        border: round $primary;
        background: $panel;
    }
    LibraryScreen #empty-panel > Static { width: 100%; }
    LibraryScreen .empty-title { text-style: bold; color: $accent; }
    LibraryScreen .empty-hint { margin-top: 1; }
    LibraryScreen #status {
        height: 1;
        padding: 0 2;
        color: $foreground-muted;
    }
    LibraryScreen #status.-busy { color: $accent; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.briefs: list[BriefSummary] = []
        self._shown: list[BriefSummary] = []
        self._loaded = False
        self._importing = False
        self._last_import_dir = Path.cwd()
        self._last_export_dir = Path.cwd()
        self._widths: tuple[int, ...] = ()
        self._matching = 0
        self._binding_state: tuple[object, ...] = ()

    @property
    def brapp(self) -> BriefReaderApp:
        return cast("BriefReaderApp", self.app)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filter-bar"):
            yield Label("Filter", id="filter-label")
            yield Input(
                placeholder="Type to filter by title or tag",
                id="filter",
                compact=True,
                # Type-to-filter focuses the box and types the first letter: keep it.
                select_on_focus=False,
            )
        with ContentSwitcher(initial="loading", id="switcher"):
            with Vertical(id="loading"):
                yield LoadingIndicator()
                yield Static("Opening the library…", id="loading-label")
            yield DataTable(id="briefs", cursor_type="row", zebra_stripes=True)
            with Vertical(id="empty"):
                yield Vertical(id="empty-panel")
        yield Static("", id="status")
        yield Footer()

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#briefs", DataTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#filter", Input)

    def on_mount(self) -> None:
        self.sub_title = "Library"
        self._store_poll = self.set_interval(STORE_POLL_INTERVAL, self._check_store_failed)
        self.brapp.when_store(self._store_opened)

    def _store_opened(self, store: Store) -> None:
        self._store_poll.stop()
        self.reload()

    def _check_store_failed(self) -> None:
        error = self.brapp.store_error
        if error is None:
            return
        self._store_poll.stop()
        self.query_one("#loading-label", Static).update(
            Text(f"The library could not be opened.\n{display_safe(error)}", justify="center")
        )
        self.query_one(LoadingIndicator).display = False

    def on_screen_resume(self) -> None:
        # Back from the reader (or a dialog): counts and "last opened" may have changed.
        if self._loaded:
            self.reload()

    def on_resize(self, event: events.Resize) -> None:
        if self._loaded and self._column_widths() != self._widths:
            self._populate(self._selected_id())

    # ------------------------------------------------------------------ loading

    def reload(self, select_id: int | None = None) -> None:
        """Read the briefs again (in a thread) and show them, keeping the cursor on
        ``select_id``, else on the brief it was on."""
        if not self.brapp.store_ready:
            return
        self._load_briefs(self.brapp.store, select_id or self._selected_id())

    @work(thread=True, exclusive=True, group="library-load", exit_on_error=False)
    def _load_briefs(self, store: Store, select_id: int | None) -> None:
        try:
            briefs = store.list_briefs()
        except Exception as exc:  # shown to the user; the screen stays usable
            self.app.call_from_thread(self._error, "Could not read the library", exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_briefs, briefs, select_id)

    def _show_briefs(self, briefs: list[BriefSummary], select_id: int | None) -> None:
        first_load = not self._loaded
        self._loaded = True
        self.briefs = briefs
        self.set_class(bool(briefs), "-has-briefs")
        self.filter_input.disabled = not briefs
        switcher = self.query_one(ContentSwitcher)
        if briefs:
            switcher.current = "briefs"
            self._populate(select_id)
            if first_load or self.focused is None:
                self.table.focus()
        else:
            switcher.current = "empty"
            self.filter_input.value = ""  # a filter left over would hide the next import
            self.set_focus(None)
            self._show_empty_panel()
            self._update_status()
        self._sync_bindings()

    def _column_widths(self) -> tuple[int, ...]:
        """(title, words, annotations, claims, tags, last opened) widths for this screen."""
        columns = 6
        # Margins, the scrollbar and one cell of padding each side of every column.
        room = max(40, self.size.width - 2 - 2 - 2 * columns)
        words, claims, opened = 7, 6, 15
        annotations = 11 if room >= 100 else 6
        rest = room - words - claims - opened - annotations
        tags = max(8, min(40, rest // 3))
        return (max(12, rest - tags), words, annotations, claims, tags, opened)

    def _populate(self, select_id: int | None) -> None:
        """Fill the table with the briefs that pass the filter."""
        table = self.table
        widths = self._column_widths()
        if widths != self._widths:
            self._widths = widths
            table.clear(columns=True)
            title_w, words_w, ann_w, claims_w, tags_w, opened_w = widths
            table.add_column(Text("Title"), width=title_w, key="title")
            table.add_column(Text("Words", justify="right"), width=words_w, key="words")
            ann_label = "Annotations" if ann_w >= 11 else "Annot."
            table.add_column(Text(ann_label, justify="right"), width=ann_w, key="annotations")
            table.add_column(Text("Claims", justify="right"), width=claims_w, key="claims")
            table.add_column(Text("Tags"), width=tags_w, key="tags")
            table.add_column(Text("Last opened"), width=opened_w, key="opened")
        else:
            table.clear()
        title_w, _, _, _, tags_w, _ = widths
        matches = brief_filter(self.filter_input.value)
        matching = [b for b in self.briefs if matches(b)]
        self._matching = len(matching)
        self._shown = matching[:MAX_ROWS]
        if select_id is not None and all(b.id != select_id for b in self._shown):
            # A brief just imported may sort below the cap; it is shown all the same.
            self._shown += [b for b in matching[MAX_ROWS:] if b.id == select_id]
        now = datetime.now().astimezone()
        for brief in self._shown:
            title = Text(display_safe(brief.title), no_wrap=True, overflow="ellipsis")
            title.truncate(title_w, overflow="ellipsis")
            tags = Text(display_safe(", ".join(brief.tags)), style="italic", no_wrap=True)
            tags.truncate(tags_w, overflow="ellipsis")
            table.add_row(
                title,
                Text(f"{brief.word_count:,}", justify="right"),
                Text(f"{brief.annotations:,}" if brief.annotations else "–", justify="right"),
                Text(f"{brief.claims:,}" if brief.claims else "–", justify="right"),
                tags,
                Text(human_when(brief.last_opened_at, now)),
                key=str(brief.id),
            )
        row = next((i for i, b in enumerate(self._shown) if b.id == select_id), 0)
        if self._shown:
            table.move_cursor(row=row)
        self._update_status()
        self._sync_bindings()

    def _show_empty_panel(self) -> None:
        panel = self.query_one("#empty-panel", Vertical)
        panel.remove_children()
        lines: list[Static] = [
            Static(Content("Welcome to briefreader"), classes="empty-title"),
            Static(Content(DESCRIPTION)),
            Static(Content("Your library is empty."), classes="empty-hint"),
            Static(
                Content.from_markup(
                    "Press [bold $accent]$key[/] to import a file or folder",
                    key=self._key_for("library.import", "i"),
                ),
                classes="empty-hint",
            ),
        ]
        if example_brief() is not None:
            lines.append(
                Static(
                    Content.from_markup(
                        "Press [bold $accent]$key[/] to open the example brief",
                        key=self._key_for("library.example", "x"),
                    )
                )
            )
        panel.mount_all(lines)

    def _key_for(self, binding_id: str, default: str) -> str:
        """The key bound to ``binding_id`` now (the config file may have remapped it)."""
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding)
        return default

    def _update_status(self, busy: str | None = None) -> None:
        status = self.query_one("#status", Static)
        status.set_class(busy is not None, "-busy")
        if busy is not None:
            status.update(Content(busy))
            return
        total = len(self.briefs)
        query = self.filter_input.value.strip()
        if not self._loaded or not total:
            status.update("")
        elif query and not self._shown:
            status.update(
                Content(f"No brief matches “{display_safe(query)}” — Esc clears the filter")
            )
        elif self._matching > len(self._shown):
            status.update(
                Content(
                    f"Showing the {len(self._shown):,} most recent of "
                    f"{self._matching:,} matching briefs — type to narrow"
                )
            )
        elif query:
            status.update(Content(f"{len(self._shown):,} of {plural(total, 'brief')}"))
        else:
            status.update(Content(plural(total, "brief")))

    # ------------------------------------------------------------------ selection

    def selected_brief(self) -> BriefSummary | None:
        if not self._shown or self.query_one(ContentSwitcher).current != "briefs":
            return None
        row = self.table.cursor_row
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def _selected_id(self) -> int | None:
        brief = self.selected_brief()
        return brief.id if brief else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot apply (an empty library has nothing to open), grey out what cannot
        apply just now (a filter that matches nothing)."""
        has_briefs = self._loaded and bool(self.briefs)
        if action in ("open", "delete"):
            if not has_briefs:
                return False
            return True if self.selected_brief() is not None else None
        if action in ("export", "focus_filter"):
            return has_briefs
        if action == "example":
            return self._loaded and not self.briefs and example_brief() is not None
        if action == "import":
            return True if self.brapp.store_ready and not self._importing else None
        if action == "clear_filter":
            return has_briefs and (bool(self.filter_input.value) or self.filter_input.has_focus)
        if action == "focus_table":
            return has_briefs and self.filter_input.has_focus
        return True

    def _sync_bindings(self) -> None:
        """Refresh the footer only when what :meth:`check_action` looks at has changed: a
        refresh rebuilds every footer key, too slow to do on every keystroke in the filter."""
        state = (
            self._loaded,
            bool(self.briefs),
            bool(self._shown),
            self._importing,
            self.brapp.store_ready,
            bool(self.filter_input.value),
            self.filter_input.has_focus,
        )
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self._sync_bindings()

    def on_descendant_blur(self) -> None:
        self._sync_bindings()

    # ------------------------------------------------------------------ filtering

    def set_filter(self, query: str) -> None:
        """Show only the briefs matching ``query`` (see :func:`brief_filter`)."""
        self.filter_input.value = query
        self.filter_input.cursor_position = len(query)

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        if self._loaded:
            self._populate(self._selected_id())

    def on_key(self, event: events.Key) -> None:
        # Type-to-filter: a printable key the table does not use, and that is not bound to
        # anything, starts the filter instead of being dropped.
        if (
            self.focused is self.table
            and event.is_printable
            and event.character
            and not event.character.isspace()
            and event.key not in self.active_bindings
        ):
            event.stop()
            event.prevent_default()
            self.filter_input.focus()
            self.filter_input.insert_text_at_cursor(event.character)

    def action_focus_filter(self) -> None:
        self.filter_input.focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_clear_filter(self) -> None:
        self.filter_input.value = ""
        if self.briefs:
            self.table.focus()

    def tag_commands(self) -> list[TagCommand]:
        """Palette entries: "Filter library by tag: <tag>" for every tag in the library."""
        tags = sorted({tag for brief in self.briefs for tag in brief.tags})
        return [
            TagCommand(
                "Filter library by tag: {tag}",
                tags,
                self._filter_by_tag,
                "Show only the briefs with this tag",
            )
        ]

    def _filter_by_tag(self, tag: str) -> None:
        self.set_filter(f"tag:{tag}")
        self.table.focus()

    # ------------------------------------------------------------------ opening

    @on(DataTable.RowSelected, "#briefs")
    def _row_clicked(self, event: DataTable.RowSelected) -> None:
        # Enter is taken by the screen's binding; this is a click on the highlighted row.
        self.action_open()

    def action_open(self) -> None:
        brief = self.selected_brief()
        if brief is not None:
            self.open_brief(brief.id)

    def open_brief(self, brief_id: int) -> None:
        """Show ``brief_id`` in the reader, leaving whatever is above the library first."""
        from briefreader.tui.screens.reader import ReaderScreen

        while len(self.app.screen_stack) > 1 and self.app.screen is not self:
            self.app.pop_screen()
        self.app.push_screen(ReaderScreen(brief_id=brief_id))

    def action_quit(self) -> None:
        self.app.exit()

    # ------------------------------------------------------------------ importing

    def action_import(self) -> None:
        if not self.brapp.store_ready:
            self.notify("The library is still opening.", severity="warning")
            return
        from briefreader.tui.screens.dialogs import ImportDialog

        self.app.push_screen(ImportDialog(self._last_import_dir), self._import_chosen)

    def _import_chosen(self, path: Path | None) -> None:
        if path is None:
            return
        path = Path(path).expanduser()
        self._last_import_dir = path if path.is_dir() else path.parent
        self.import_paths([path])

    def import_paths(self, paths: Sequence[Path], *, open_after: bool = False) -> None:
        """Import files and folders (recursively) in a thread, then say what happened."""
        self._importing = True
        self._sync_bindings()
        self._update_status("Importing…")
        self._import_worker(self.brapp.store, list(paths), open_after)

    @work(thread=True, group="library-import", exit_on_error=False)
    def _import_worker(self, store: Store, paths: list[Path], open_after: bool) -> None:
        from briefreader.library import import_paths

        outcomes: list[ImportOutcome] = []
        last_update = 0.0
        try:
            for outcome in import_paths(store, paths):
                outcomes.append(outcome)
                now = time.monotonic()
                if now - last_update > PROGRESS_INTERVAL:
                    last_update = now
                    done = plural(len(outcomes), "file")
                    self.app.call_from_thread(self._update_status, f"Importing… {done}")
        except Exception as exc:  # the outcomes so far are still reported
            self.app.call_from_thread(self._error, "Import stopped", exc)
        self.app.call_from_thread(self._import_done, paths, outcomes, open_after)

    def _import_done(
        self, paths: list[Path], outcomes: list[ImportOutcome], open_after: bool
    ) -> None:
        self._importing = False
        self.report_import(paths, outcomes)
        landed = [o.brief for o in outcomes if o.brief is not None and o.created] or [
            o.brief for o in outcomes if o.brief is not None
        ]
        target = landed[0].id if landed else None
        self.reload(target)
        if open_after and target is not None:
            self.open_brief(target)

    def report_import(self, paths: Sequence[Path], outcomes: Sequence[ImportOutcome]) -> None:
        """One toast per outcome, or a summary per kind of outcome when there are many."""
        created = [o.brief for o in outcomes if o.brief is not None and o.created]
        existing = [o.brief for o in outcomes if o.brief is not None and not o.created]
        failed = [o for o in outcomes if o.brief is None]
        warned = [o for o in outcomes if o.warnings]
        if not outcomes:
            where = ", ".join(display_safe(str(p)) for p in paths)
            self.notify(
                f"No brief files (.txt, .md, .html) in {where}",
                title="Nothing imported",
                severity="warning",
                markup=False,
            )
        if len(created) <= TOASTS_PER_KIND:
            for brief in created:
                self.notify(
                    f"Imported #{brief.id} '{shorten(brief.title)}' "
                    f"({plural(brief.word_count, 'word')})",
                    markup=False,
                )
        else:
            words = sum(b.word_count for b in created)
            self.notify(
                f"Imported {plural(len(created), 'brief')} ({plural(words, 'word')})",
                markup=False,
            )
        if len(existing) <= TOASTS_PER_KIND:
            for brief in existing:
                self.notify(
                    f"Already in the library: #{brief.id} '{shorten(brief.title)}'",
                    markup=False,
                )
        else:
            self.notify(
                f"{plural(len(existing), 'brief')} already in the library (same content)",
                markup=False,
            )
        for outcome in warned[:TOASTS_PER_KIND]:
            self.notify(
                display_safe("\n".join(outcome.warnings)),
                title=shorten(outcome.path.name),
                severity="warning",
                markup=False,
            )
        for outcome in failed[:TOASTS_PER_KIND]:
            self.notify(
                display_safe(outcome.error or f"{outcome.path}: could not be imported"),
                title="Could not import",
                severity="error",
                timeout=15,
                markup=False,
            )
        if len(failed) > TOASTS_PER_KIND:
            self.notify(
                f"…and {plural(len(failed) - TOASTS_PER_KIND, 'more file')} could not be imported",
                severity="error",
                timeout=15,
                markup=False,
            )

    def action_example(self) -> None:
        example = example_brief()
        if example is None or not self.brapp.store_ready:
            return
        self.import_paths([example], open_after=True)

    # ------------------------------------------------------------------ deleting

    def action_delete(self) -> None:
        brief = self.selected_brief()
        if brief is None:
            return
        title = shorten(brief.title)
        if brief.annotations:
            what = f"'{title}' and its {plural(brief.annotations, 'annotation')}"
        else:
            what = f"'{title}' (it has no annotations)"
        from briefreader.tui.screens.dialogs import ConfirmDialog

        dialog = ConfirmDialog("Delete brief", f"Delete {what}? This cannot be undone.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete_worker(self.brapp.store, brief)

        self.app.push_screen(dialog, confirmed)

    @work(thread=True, group="library-delete", exit_on_error=False)
    def _delete_worker(self, store: Store, brief: BriefSummary) -> None:
        try:
            count = store.delete_brief(brief.id)
        except Exception as exc:
            self.app.call_from_thread(self._error, "Could not delete the brief", exc)
            self.app.call_from_thread(self.reload)
            return
        self.app.call_from_thread(self._deleted, brief, count)

    def _deleted(self, brief: BriefSummary, count: int) -> None:
        with_what = f" and its {plural(count, 'annotation')}" if count else ""
        self.notify(f"Deleted '{shorten(brief.title)}'{with_what}.", markup=False)
        # Keep the cursor where it was: on the brief that took the deleted one's row.
        index = next((i for i, b in enumerate(self._shown) if b.id == brief.id), 0)
        rest = [b for b in self._shown if b.id != brief.id]
        follow = rest[min(index, len(rest) - 1)].id if rest else None
        self.reload(follow)

    # ------------------------------------------------------------------ exporting

    def action_export(self) -> None:
        self.request_export()

    def request_export(self, *, everything: bool = False) -> None:
        """Ask where and what to export (the highlighted brief, or with ``everything`` or no
        brief highlighted, all annotations), then export in a thread."""
        if not self.brapp.store_ready:
            return
        brief = None if everything else self.selected_brief()
        title = display_safe(brief.title) if brief else None
        count = brief.annotations if brief else sum(b.annotations for b in self.briefs)
        from briefreader.tui.screens.dialogs import ExportDialog

        dialog = ExportDialog(self._last_export_dir, title, count)

        def chosen(request: ExportRequest | None) -> None:
            if request is None:
                return
            scoped = request.scope == "brief" and brief is not None
            ids = [brief.id] if scoped and brief is not None else []
            path = Path(request.path).expanduser()
            self._last_export_dir = path.parent
            self._update_status(f"Exporting to {display_safe(str(path))}…")
            self._export_worker(self.brapp.store, path, ids, request.format)

        self.app.push_screen(dialog, chosen)

    @work(thread=True, group="library-export", exit_on_error=False)
    def _export_worker(self, store: Store, path: Path, brief_ids: list[int], fmt: str) -> None:
        from briefreader.exchange.files import export_to_file

        try:
            count = export_to_file(store, path, brief_ids, None, fmt)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.app.call_from_thread(self._export_failed, f"{path}: {reason}")
            return
        except Exception as exc:
            self.app.call_from_thread(self._export_failed, str(exc))
            return
        self.app.call_from_thread(self._exported, path, count)

    def _exported(self, path: Path, count: int) -> None:
        self._update_status()
        self.notify(
            f"Exported {plural(count, 'annotation')} to {display_safe(str(path))}", markup=False
        )

    def _export_failed(self, reason: str) -> None:
        self._update_status()
        self.notify(
            display_safe(reason), title="Export failed", severity="error", timeout=15, markup=False
        )

    # ------------------------------------------------------------------ errors

    def _error(self, title: str, exc: BaseException) -> None:
        self._importing = False
        self._update_status()
        self._sync_bindings()
        message = str(exc) or type(exc).__name__
        self.notify(display_safe(message), title=title, severity="error", timeout=15, markup=False)
