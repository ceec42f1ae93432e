"""The library: every brief in a table (most recently opened first, or sorted by any column), a
filter over titles and tags, a full-text search over brief texts and annotations, and the keys
that open, import, delete and export briefs. Composed of: the table's functions
(:mod:`.library_table`), its order (:mod:`.library_sort`), the commands that change what the
library holds (:mod:`.library_exchange`), the search pane (:mod:`.search`), the looks at the
store for changes made elsewhere (:mod:`.library_watch`). Nothing blocks the event loop on the
database: the list, imports, deletions and exports run in thread workers. Nothing from a brief
is parsed as markup (cells are display-safe ``rich.text.Text``; toasts use ``markup=False``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Header,
    Input,
    Label,
    LoadingIndicator,
    Static,
)
from textual.worker import get_current_worker

from briefreader.resources import example_brief
from briefreader.tui.commands import TagCommand
from briefreader.tui.keys import key_for
from briefreader.tui.navigation import OpenBrief
from briefreader.tui.screens.library_details import LibraryDetails
from briefreader.tui.screens.library_exchange import LibraryExchange
from briefreader.tui.screens.library_sort import (
    LibrarySort,
    order_of,
    remember_order,
    sort_briefs,
    sort_dialog,
)
from briefreader.tui.screens.library_table import (
    FILTER_BY_TAG,
    FILTER_BY_TAG_HELP,
    ORPHAN_HIT,
    Layout,
    ListState,
    add_columns,
    allowed,
    brief_filter,
    empty_panel,
    fill_table,
    hit_place,
    human_when,
    status_line,
    table_layout,
)
from briefreader.tui.screens.library_watch import LibraryWatch
from briefreader.tui.screens.search import SearchPane
from briefreader.tui.widgets.db_status import DatabaseStatus
from briefreader.tui.widgets.footer import KeyBar

__all__ = ["LibraryScreen", "brief_filter", "human_when"]

if TYPE_CHECKING:
    from briefreader.store.api import BriefSummary, Store
    from briefreader.tui.app import BriefReaderApp

#: Most rows in the table: DataTable rebuilds cost ~0.3 ms a row, too slow per keystroke in the
#: filter for thousands of briefs. The filter still searches them all.
MAX_ROWS = 200
#: How often to look whether the store failed to open while the loading indicator spins.
STORE_POLL_INTERVAL = 0.25
#: How often to look for changes made elsewhere (the CLI, another window, a teammate).
CHANGES_POLL_INTERVAL = 2.0


class LibraryScreen(Screen[None]):
    """All briefs: filter, search, open, import, delete, export."""

    #: Every printable key types into the filter, wherever the focus is on this screen: the
    #: commands are on keys no filter is typed with (ctrl+letter), all priority bindings so
    #: that they work from the filter box as well. ctrl+a/e/d replace the filter's readline
    #: keys (Home, End and Delete still do those).
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority so that Enter opens the highlighted brief from the filter box as well.
        Binding("enter", "open", "Open", priority=True, id="library.open"),
        Binding("ctrl+f", "search", "Search", priority=True, id="library.search"),
        Binding("ctrl+l", "sort", "Sort", priority=True, id="library.sort"),
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
        Binding("ctrl+t", "app.open_desk", "Claims desk", priority=True, id="library.desk"),
        Binding("f2", "details", "Brief details", priority=True, show=False, id="library.details"),
        Binding("ctrl+g", "manage_tags", "Tags", priority=True, show=False, id="library.tags"),
        Binding("escape", "clear_filter", "Clear filter", id="library.clear_filter"),
        Binding("down", "focus_table", "To the list", show=False, id="library.to_list"),
        Binding("ctrl+q", "app.quit", "Quit", priority=True, id="library.quit"),  # app's, shown
    ]

    # Focus is placed by hand: the filter must not take keys while the library is empty.
    AUTO_FOCUS = ""

    # Its layout: styles/library.tcss (loaded by the app).

    def __init__(self) -> None:
        super().__init__()
        #: Every brief in the library (as last read), and the part that imports and exports.
        self.briefs: list[BriefSummary] = []
        self.exchange = LibraryExchange(self)
        self.details = LibraryDetails(self)
        #: The briefs in the table now (those the filter lets through, at most MAX_ROWS).
        self.shown_briefs: list[BriefSummary] = []
        self._loaded = False
        #: How the briefs are sorted: kept while the app runs (not in the config file).
        self.order = LibrarySort()  # the config's, once mounted
        self._columns: tuple[Layout, LibrarySort] | None = None
        self._matching = 0
        self._binding_state: tuple[object, ...] = ()
        #: The library as last looked at for changes made elsewhere (by ``store_watch``).
        self._fingerprint: tuple[int, ...] | None = None
        self.store_watch = LibraryWatch(self)

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
            counts = lambda: {b.id: b.annotations + b.orphans for b in self.briefs}  # noqa: E731
            yield SearchPane(counts, id="search")
            with Vertical(id="empty"):
                yield Vertical(id="empty-panel")
        yield Static("", id="status")
        yield DatabaseStatus()
        yield KeyBar()

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#briefs", DataTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#filter", Input)

    def on_mount(self) -> None:
        self.sub_title = "Library"
        self.order = order_of(self.brapp.config)
        self.store_watch.start(STORE_POLL_INTERVAL, CHANGES_POLL_INTERVAL)

    def on_screen_resume(self) -> None:
        # Back from the reader (or a dialog): counts and "last opened" may have changed, and
        # so may what a search found (an annotation edited or deleted).
        if self._loaded:
            self.reload()
        if self.searching:
            self.search_pane.rerun()

    def on_resize(self, event: events.Resize) -> None:
        if self._loaded and self._columns_now() != self._columns:
            self._populate(self._selected_id())

    def _columns_now(self) -> tuple[Layout, LibrarySort]:
        return table_layout(self.size.width, self.briefs, self.order), self.order

    # ------------------------------------------------------------------ loading

    def reload(self, select_id: int | None = None) -> None:
        """Read the briefs again (in a thread), the cursor on ``select_id`` or where it was."""
        if not self.brapp.store_ready:
            return
        self._load_briefs(self.brapp.store, select_id or self._selected_id())

    @work(
        thread=True,
        exclusive=True,
        group="library-load",
        description="library-load",
        exit_on_error=False,
    )
    def _load_briefs(self, store: Store, select_id: int | None) -> None:
        try:
            briefs = store.list_briefs()
        except Exception as exc:  # shown to the user; the screen stays usable
            self.app.call_from_thread(self.exchange.error, "Could not read the library", exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_briefs, briefs, select_id)

    def _show_briefs(self, briefs: list[BriefSummary], select_id: int | None) -> None:
        first_load = not self._loaded
        self._loaded = True
        self.briefs = sort_briefs(briefs, self.order)
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

    def _populate(self, select_id: int | None) -> None:
        """Fill the table with the briefs that pass the filter."""
        columns = self._columns_now()
        if columns != self._columns:
            self._columns = columns
            self.table.clear(columns=True)
            add_columns(self.table, *columns)
        else:
            self.table.clear()
        self.shown_briefs, self._matching = fill_table(
            self.table, self.briefs, self.filter_input.value, select_id, columns[0], MAX_ROWS
        )
        self._update_status()
        self._sync_bindings()

    def _show_empty_panel(self) -> None:
        panel = self.query_one("#empty-panel", Vertical)
        panel.remove_children()
        example = self._key_for("library.example", "x") if example_brief() is not None else None
        panel.mount_all(empty_panel(self._key_for("library.import", "i"), example))

    def _key_for(self, binding_id: str, default: str) -> str:
        """The key bound to ``binding_id`` now (the config file may have remapped it)."""
        return key_for(self, binding_id, default) or default

    def _update_status(self, busy: str | None = None) -> None:
        status = self.query_one("#status", Static)
        status.set_class(busy is not None, "-busy")
        if busy is not None:
            status.update(Content(busy))
            return
        query = self.filter_input.value.strip()
        loaded = self._loaded and bool(self.briefs)
        shown, matching = len(self.shown_briefs), self._matching
        line = status_line(len(self.briefs), query, loaded, shown, matching, self.order)
        status.update(Content(line))

    # ------------------------------------------------------------------ selection

    def selected_brief(self) -> BriefSummary | None:
        if not self.shown_briefs or self.query_one(ContentSwitcher).current != "briefs":
            return None
        row = self.table.cursor_row
        return self.shown_briefs[row] if 0 <= row < len(self.shown_briefs) else None

    def _selected_id(self) -> int | None:
        brief = self.selected_brief()
        return brief.id if brief else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot apply, grey out what cannot apply just now (:func:`allowed`)."""
        state = ListState(
            loaded=self._loaded,
            has_briefs=self._loaded and bool(self.briefs),
            searching=self.searching,
            selected=self.selected_brief() is not None,
            filter_text=self.filter_input.value,
            filter_focused=self.filter_input.has_focus,
            store_ready=self.brapp.store_ready,
            importing=self.exchange.importing,
            example=example_brief() is not None,
        )
        return allowed(action, state)

    def _sync_bindings(self) -> None:
        """Refresh the key bar only when what :meth:`check_action` reads has changed."""
        state = (
            self._loaded,
            bool(self.briefs),
            bool(self.shown_briefs),
            self.exchange.importing,
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

    def action_sort(self) -> None:
        """Choose the column to sort by (the one sorted already: the other way round)."""
        self.app.push_screen(sort_dialog(self.order), self._sort_chosen)

    def _sort_chosen(self, column: str | None) -> None:
        if column is not None and self._loaded:
            self.order = self.order.then(column)
            self.briefs = sort_briefs(self.briefs, self.order)
            self._populate(self._selected_id())
            remember_order(self.brapp, self.order)

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_clear_filter(self) -> None:
        self.filter_input.value = ""
        if self.briefs:
            self.table.focus()

    def tag_commands(self) -> list[TagCommand]:
        """Palette entries: "Filter library by tag: <tag>" for every tag in the library."""
        tags = sorted({tag for brief in self.briefs for tag in brief.tags})
        return [TagCommand(FILTER_BY_TAG, tags, self._filter_by_tag, FILTER_BY_TAG_HELP)]

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
        self.app.post_message(OpenBrief(brief_id, goto, annotation_id))

    # ------------------------------------------------------------------ searching

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
            self.notify(ORPHAN_HIT, title="Orphan", timeout=6)
        self.open_brief(hit.brief_id, *hit_place(hit))

    def action_example(self) -> None:
        example = example_brief()
        if example is None or not self.brapp.store_ready:
            return
        self.exchange.import_paths([example], open_after=True)

    # ------------------------------------------------------------------ files: the exchange part

    @property
    def brapp(self) -> BriefReaderApp:
        return cast("BriefReaderApp", self.app)

    def action_import(self) -> None:
        self.exchange.action_import()

    def action_import_annotations(self) -> None:
        self.exchange.action_import_annotations()

    def action_export(self) -> None:
        self.exchange.action_export()

    def import_paths(self, paths: Sequence[Path], *, open_after: bool = False) -> None:
        self.exchange.import_paths(paths, open_after=open_after)

    def request_export(self, *, everything: bool = False, fmt: str = "csv") -> None:
        self.exchange.request_export(everything=everything, fmt=fmt)

    def request_annotation_import(self) -> None:
        self.exchange.request_annotation_import()

    # ------------------------------------------------------------------ deleting

    def action_details(self) -> None:
        self.details.edit()

    def action_manage_tags(self) -> None:
        self.details.manage_tags()

    def action_delete(self) -> None:
        self.exchange.delete_selected()
