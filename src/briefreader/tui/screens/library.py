"""The library: every brief in a table (most recently opened first), a filter over titles and
tags, a full-text search over brief texts and annotations, and the keys that open, import,
delete and export briefs. Imports and exports live in
:mod:`~briefreader.tui.screens.library_exchange`, the search pane in
:mod:`~briefreader.tui.screens.search`.

The screen never blocks the event loop on the database: the list, imports, deletions and exports
run in thread workers and hand their results back with ``call_from_thread``. Nothing that came
from a brief (titles, tags) is ever parsed as markup: cells are ``rich.text.Text`` built from
``display_safe`` strings, toasts are sent with ``markup=False``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
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
from briefreader.text.display import display_line, display_safe
from briefreader.tui.commands import TagCommand
from briefreader.tui.screens.library_exchange import LibraryExchange, plural, shorten
from briefreader.tui.screens.search import SearchPane
from briefreader.tui.widgets.db_status import DatabaseStatus

if TYPE_CHECKING:
    from briefreader.store.api import BriefSummary, Store

#: Most rows in the table: DataTable rebuilds cost ~0.3 ms a row, too slow per keystroke in the
#: filter for thousands of briefs. The filter still searches them all.
MAX_ROWS = 200
#: How often to look whether the store failed to open while the loading indicator spins.
STORE_POLL_INTERVAL = 0.25
#: How often to look for changes made elsewhere (the CLI, another window, a teammate).
CHANGES_POLL_INTERVAL = 2.0

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


class LibraryScreen(LibraryExchange):
    """All briefs: filter, search, open, import, delete, export."""

    #: Every printable key types into the filter, wherever the focus is on this screen: the
    #: commands are on keys no filter is typed with (ctrl+letter), all priority bindings so
    #: that they work from the filter box as well. ctrl+a/e/d replace the filter's readline
    #: keys (Home, End and Delete still do those).
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority so that Enter opens the highlighted brief from the filter box as well.
        Binding("enter", "open", "Open", priority=True, id="library.open"),
        Binding("ctrl+f", "search", "Search", priority=True, id="library.search"),
        Binding("ctrl+o", "import", "Import", priority=True, id="library.import"),
        Binding(
            "ctrl+a",
            "import_annotations",
            "Import annotations",
            priority=True,
            show=False,
            id="library.import_annotations",
        ),
        Binding("ctrl+e", "export", "Export", priority=True, id="library.export"),
        Binding("ctrl+d", "delete", "Delete", priority=True, id="library.delete"),
        Binding("ctrl+x", "example", "Example brief", priority=True, id="library.example"),
        Binding("escape", "clear_filter", "Clear filter", id="library.clear_filter"),
        Binding("down", "focus_table", "To the list", show=False, id="library.to_list"),
        # The app's own ctrl+q (it quits from every screen), shown here where q used to be.
        Binding("ctrl+q", "app.quit", "Quit", priority=True, id="library.quit"),
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
    LibraryScreen.-searching #filter-bar { display: none; }
    LibraryScreen.-searching #status { display: none; }
    LibraryScreen #filter-label {
        width: auto;
        padding: 0 1 0 0;
        color: $foreground-muted;
    }
    LibraryScreen #filter { width: 1fr; }
    /* Where typed letters go is visible: the box and its label light up while it has them. */
    LibraryScreen #filter:focus { background: $boost; }
    LibraryScreen #filter-bar:focus-within #filter-label { color: $text-accent; text-style: bold; }
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
        self._shown: list[BriefSummary] = []
        self._loaded = False
        self._widths: tuple[int, ...] = ()
        self._matching = 0
        self._binding_state: tuple[object, ...] = ()
        self._fingerprint: tuple[int, ...] | None = None

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
            yield SearchPane(self._annotation_counts, id="search")
            with Vertical(id="empty"):
                yield Vertical(id="empty-panel")
        yield Static("", id="status")
        yield DatabaseStatus()
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
        self.set_interval(CHANGES_POLL_INTERVAL, self._look_for_changes)

    def _look_for_changes(self) -> None:
        if self.app.screen is self and self._loaded:
            self._changes_worker(self.brapp.store)

    @work(thread=True, exclusive=True, group="library-changes", exit_on_error=False)
    def _changes_worker(self, store: Store) -> None:
        """Reload the list when the library changed elsewhere; the cursor stays on its brief.
        Best effort: a database that cannot be read just now is asked again next time."""
        from briefreader.store.errors import DatabaseReplaced
        from briefreader.store.watch import library_fingerprint

        try:
            store.verify_file()  # a file replaced while only reading: rescued now, and said
        except DatabaseReplaced as exc:
            self.app.call_from_thread(self.brapp.writes.replaced, exc)

        try:
            now = library_fingerprint(store)
        except Exception:
            return
        if now != self._fingerprint:
            first = self._fingerprint is None
            self._fingerprint = now
            if not first:
                self.app.call_from_thread(self.reload)

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
        # Back from the reader (or a dialog): counts and "last opened" may have changed, and
        # so may what a search found (an annotation edited or deleted).
        if self._loaded:
            self.reload()
        if self.searching:
            self.search_pane.rerun()

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
            if not self.searching:
                switcher.current = "briefs"
            self._populate(select_id)
            if (first_load or self.focused is None) and not self.searching:
                self.table.focus()
        else:
            self._leave_search()
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
            title = Text(display_line(brief.title), no_wrap=True, overflow="ellipsis")
            title.truncate(title_w, overflow="ellipsis")
            tags = Text(display_line(", ".join(brief.tags)), style="italic", no_wrap=True)
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
                Content(
                    f"No brief matches “{display_safe(query)}” — Enter searches their texts "
                    "and annotations · Esc clears the filter"
                )
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
        if self.searching:
            # The list is not on screen: only what acts on the search (or on no brief) applies.
            if action in ("delete", "export", "clear_filter", "focus_table"):
                return False
            if action in ("open", "search"):
                return action == "open"
        if action == "open":
            if not has_briefs:
                return False
            if self.selected_brief() is not None:
                return True
            # Nothing matches the filter: Enter searches inside the briefs instead.
            return True if self.filter_input.value.strip() else None
        if action == "delete":
            # With no brief selected it still runs, to say why nothing is deleted.
            return has_briefs
        if action == "search":
            # Before the library has loaded, a search opens and runs once the store is ready.
            return has_briefs or not self._loaded
        if action == "export":
            return has_briefs
        if action == "import_annotations":
            return has_briefs and self.brapp.store_ready
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
            self.searching,
        )
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
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
        # Every printable key typed on the list goes to the filter: the library has no
        # command on a letter, so typing a word can never open, delete or export anything.
        if not event.is_printable or not event.character:
            return
        if self.filter_input.disabled and self.focused is None:
            # An empty library has nothing to filter: a letter does nothing (`?` is F1 here).
            event.stop()
            event.prevent_default()
            return
        if self.focused is not self.table or self.filter_input.disabled:
            return
        if event.character.isspace() and not self.filter_input.value:
            return  # a filter does not start with a space
        event.stop()
        event.prevent_default()
        self.filter_input.focus()
        self.filter_input.insert_text_at_cursor(event.character)

    def on_paste(self, event: events.Paste) -> None:
        # A paste on the list is typed into the filter, as keys are (on one line).
        if self.focused is not self.table or self.filter_input.disabled:
            return
        event.stop()
        event.prevent_default()
        self.filter_input.focus()
        self.filter_input.insert_text_at_cursor(" ".join(event.text.split()))

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
        if self.searching:
            self.search_pane.choose()
            return
        brief = self.selected_brief()
        if brief is not None:
            self.open_brief(brief.id)
        elif self.filter_input.value.strip() and self.briefs:
            # No title matches: look for the words inside the briefs instead.
            self.action_search(self.filter_input.value.strip())

    def open_brief(
        self,
        brief_id: int,
        goto: tuple[int, int] | None = None,
        annotation_id: int | None = None,
    ) -> None:
        """Show ``brief_id`` in the reader, leaving whatever is above the library first; with
        ``goto``, at that span of its text (shown as a match); with ``annotation_id``, at that
        annotation. Otherwise where it was last read."""
        from briefreader.tui.screens.reader import ReaderScreen

        while len(self.app.screen_stack) > 1 and self.app.screen is not self:
            self.app.pop_screen()
        self.app.push_screen(
            ReaderScreen(brief_id=brief_id, goto=goto, annotation_id=annotation_id)
        )

    # ------------------------------------------------------------------ searching

    def _annotation_counts(self) -> dict[int, int]:
        return {brief.id: brief.annotations + brief.orphans for brief in self.briefs}

    @property
    def search_pane(self) -> SearchPane:
        return self.query_one("#search", SearchPane)

    @property
    def searching(self) -> bool:
        """True while the search pane is shown in place of the list."""
        return self.query_one(ContentSwitcher).current == "search"

    def action_search(self, query: str = "") -> None:
        """Search brief texts and annotations (for ``query`` at once, when given)."""
        self.query_one(ContentSwitcher).current = "search"
        self.add_class("-searching")
        self.search_pane.start(query)
        self._sync_bindings()

    def _leave_search(self) -> None:
        if self.searching:
            self.search_pane.clear()
            self.remove_class("-searching")
            self.query_one(ContentSwitcher).current = "briefs" if self.briefs else "empty"

    @on(SearchPane.Closed)
    def _search_closed(self) -> None:
        self._leave_search()
        if self.briefs:
            self.table.focus()
        else:
            self.set_focus(None)
        self._sync_bindings()

    @on(SearchPane.Chosen)
    def _hit_chosen(self, event: SearchPane.Chosen) -> None:
        hit = event.row.hit
        if hit.orphan:
            self.notify(
                "That annotation lost its place when the brief's text changed: it is in the "
                "reader's Orphans list.",
                title="Orphan",
                timeout=6,
            )
        if hit.annotation_id is not None:
            self.open_brief(hit.brief_id, annotation_id=hit.annotation_id)
        elif hit.field == "title":
            # A hit in a title has no place in the text: open where the brief was last read.
            self.open_brief(hit.brief_id)
        else:
            self.open_brief(hit.brief_id, goto=(hit.start, hit.end))

    def action_example(self) -> None:
        example = example_brief()
        if example is None or not self.brapp.store_ready:
            return
        self.import_paths([example], open_after=True)

    # ------------------------------------------------------------------ deleting

    def action_delete(self) -> None:
        brief = self.selected_brief()
        if brief is None:
            self.notify("No brief is selected: the filter matches none.", timeout=3)
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
