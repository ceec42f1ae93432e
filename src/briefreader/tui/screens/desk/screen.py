"""The claims desk: every claim of the library in one table (sorted by any column with a
number key, filtered with the search language), a triage mode that walks the queue of claims
still to check one at a time, and their statistics as bar charts.

The screen shows and passes keys on; the decisions are the desk core's
(:mod:`briefreader.reading.desk`: what is shown, in which order, which claim is next, what a
key changes) and every change is saved through :class:`~briefreader.tui.prompts.Prompts`, so a
claim changed elsewhere meanwhile brings up the same conflict dialog as in the reader, and
``u`` / ``ctrl+r`` undo and redo every desk change. Its parts: reading the claims and noticing
changes made elsewhere (:mod:`.loading`), the keys that change a claim (:mod:`.acting`),
triage's walk through the queue (:mod:`.walk`), and the widgets (:mod:`.table`,
:mod:`.triage`, :mod:`.stats`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Input, Static

from briefreader import vocabulary
from briefreader.reading.desk import COLUMN_NAMES, DeskClaims
from briefreader.tui.prompts import Prompts
from briefreader.tui.screens.desk.acting import ClaimKeys
from briefreader.tui.screens.desk.exporting import DeskExport
from briefreader.tui.screens.desk.loading import ClaimsLoader
from briefreader.tui.screens.desk.sources import SourcesView
from briefreader.tui.screens.desk.stats import StatsView
from briefreader.tui.screens.desk.suggesting import DeskSuggestions
from briefreader.tui.screens.desk.table import ClaimTable, header_line
from briefreader.tui.screens.desk.triage import TriageView
from briefreader.tui.screens.desk.walk import Triage
from briefreader.tui.widgets.db_status import DatabaseStatus
from briefreader.tui.widgets.footer import KeyBar

if TYPE_CHECKING:
    from briefreader.finder.matching import Claimish
    from briefreader.reading import Delta
    from briefreader.reading.claim_groups import Groups
    from briefreader.store.api import Annotation, Store
    from briefreader.tui.app import BriefReaderApp

#: Seconds between two looks for changes made elsewhere.
CHANGES_POLL_INTERVAL = 2.0
FILTER_HINT = (
    "filter: words  status:to-check  verdict:refuted  tag:…  brief:…  claimant:…  has:source"
)


class DeskScreen(Screen[None]):
    """The claims desk (module docstring)."""

    DEFAULT_CSS = """
    DeskScreen {
        & > #desk-counts { height: 1; padding: 0 1; background: $panel; text-style: bold; }
        & > #desk-filter { margin: 0; }
        & > #desk-filter-error { height: auto; color: $text-error; padding: 0 1; display: none; }
        & > #desk-modes { height: 1fr; }
        #desk-table-pane { height: 1fr; }
        #desk-header { height: 1; padding: 0 0; color: $text-muted; text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "triage_here", "Triage this", id="desk.triage_here"),
        Binding("t", "triage", "Triage queue", id="desk.triage"),
        Binding("g", "stats", "Statistics", id="desk.stats"),
        Binding("S", "sources", "Sources", id="desk.sources"),
        Binding("E", "export", "Export", id="desk.export"),
        Binding("slash", "filter", "Filter", id="desk.filter"),
        Binding("s", "verdict('supported')", "Supported", show=False, id="desk.supported"),
        Binding("d", "verdict('disputed')", "Disputed", show=False, id="desk.disputed"),
        Binding("r", "verdict('refuted')", "Refuted", show=False, id="desk.refuted"),
        Binding("v", "verdict('unverified')", "Unverified", show=False, id="desk.unverified"),
        Binding("x", "status('not-checkable')", "Not checkable", show=False, id="desk.uncheckable"),
        Binding("i", "status('checking')", "Checking", show=False, id="desk.checking"),
        Binding("w", "rationale", "Rationale", show=False, id="desk.rationale"),
        Binding("e", "conclusion", "Conclusion", show=False, id="desk.conclusion"),
        Binding("a", "source", "Add source", show=False, id="desk.source"),
        Binding("c", "contacted", "Contacted", show=False, id="desk.contacted"),
        Binding("n", "next", "Next", show=False, id="desk.next"),
        Binding("p", "previous", "Previous", show=False, id="desk.previous"),
        Binding("X", "dismiss_suggestion", "Dismiss", show=False, id="desk.dismiss"),
        Binding("m", "group('same')", "Same claim", show=False, id="desk.same"),
        Binding("M", "group('not_same')", "Not the same", show=False, id="desk.not_same"),
        Binding("l", "group('leave')", "Leave group", show=False, id="desk.leave_group"),
        Binding("o", "open_brief", "Open in brief", id="desk.open"),
        Binding("u", "undo", "Undo", id="desk.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="desk.redo"),
        *(
            Binding(
                str((i + 1) % 10),
                f"sort('{name}')",
                f"Sort by {name}",
                show=False,
                id=f"desk.sort_{name}",
            )
            for i, name in enumerate(COLUMN_NAMES)
        ),
        Binding("escape", "back", "Back", id="desk.back"),
        Binding("q", "leave", "Leave", id="desk.leave"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.claims = DeskClaims()
        self.claims.query = query
        self.prompts = Prompts(self)
        self.loader = ClaimsLoader(self)
        self.triage = Triage(self)
        self.suggested = DeskSuggestions(self)
        self.keys: ClaimKeys | None = None
        self.export = DeskExport(self)

    def compose(self) -> ComposeResult:
        yield Static("Reading the claims…", id="desk-counts")
        yield Input(self.claims.query, placeholder=FILTER_HINT, id="desk-filter")
        yield Static("", id="desk-filter-error")
        with ContentSwitcher(initial="desk-table-pane", id="desk-modes"):
            with Vertical(id="desk-table-pane"):
                yield Static("", id="desk-header")
                yield ClaimTable(self.claims, id="desk-table")
            yield TriageView(id="desk-triage")
            yield StatsView(id="desk-stats")
            yield SourcesView(id="desk-sources")
        yield DatabaseStatus()
        yield KeyBar()

    # ------------------------------------------------------------------ plumbing

    @property
    def brapp(self) -> BriefReaderApp:
        return cast("BriefReaderApp", self.app)

    @property
    def table(self) -> ClaimTable:
        return self.query_one(ClaimTable)

    @property
    def mode(self) -> str:
        return self.query_one(ContentSwitcher).current or "desk-table-pane"

    @property
    def current(self) -> Annotation | None:
        """The claim the keys act on: the one in triage, else the table's (as held now)."""
        if self.mode == "desk-triage":
            return self.triage.current()
        claim = self.table.current
        return None if claim is None else self.claims.by_id.get(claim.id)

    def _switch(self, mode: str) -> None:
        self.query_one(ContentSwitcher).current = mode
        # The filter is the table's: triage and statistics take its rows (they show its view).
        self.query_one("#desk-filter", Input).display = mode == "desk-table-pane"
        if mode == "desk-sources":
            self.query_one(SourcesView).focus_list()
        else:
            target = {"desk-table-pane": self.table}.get(mode) or self.query_one(f"#{mode}")
            target.focus()
        if mode == "desk-table-pane":
            # Sized again once shown: rows changed meanwhile are drawn, the claim triaged last
            # is under the cursor, the headings fit the columns.
            shown = self.triage.shown
            self.call_after_refresh(self._table_shown, shown.id if shown else None)

    def _table_shown(self, keep: int | None) -> None:
        self.table.reload(
            keep if keep is not None and self.claims.row_of(keep) is not None else None
        )
        self._show_header()

    def go_to(self, claim_id: int) -> None:
        """Show this claim: in triage if triaging, else under the table's cursor."""
        claim = self.claims.by_id.get(claim_id)
        if claim is None:
            return
        if self.mode == "desk-triage":
            self.triage.show(claim)
        elif self.mode == "desk-table-pane":
            self.table.select(claim_id)

    def on_mount(self) -> None:
        self.sub_title = "Claims desk"
        self.table.focus()
        self.brapp.when_store(self._store_opened)

    def _store_opened(self, store: Store) -> None:
        self.keys = ClaimKeys(self, lambda: self.brapp.store)
        self.loader.load(store)
        self.set_interval(CHANGES_POLL_INTERVAL, self.loader.look)

    def on_unmount(self) -> None:
        self.suggested.close()
        self.loader.settle()
        from briefreader import heap

        heap.release()

    def on_screen_resume(self) -> None:
        self.loader.look()

    def show_claims(
        self,
        claims: list[Annotation],
        titles: dict[int, str],
        prepared: dict[int, tuple[str, Claimish]],
        groups: Groups,
        *,
        again: bool,
    ) -> None:
        """The claims read (``again``: read again after a change made elsewhere: rows keep
        their places and the cursor its row)."""
        from briefreader.store.search_query import SearchQueryError

        row = self.table.cursor
        try:
            self.claims.reset(claims, titles, keep_order=again, prepared=prepared, groups=groups)
        except SearchQueryError as exc:  # a filter given on the command line
            self._filter_error(str(exc))
            self.claims.query = ""
            self.claims.reset(claims, titles, groups=groups)
        self.table.cursor = row
        self.table.reload()
        self._show_counts()
        if self.mode == "desk-triage":
            self.triage.refresh()
        if self.mode == "desk-stats":
            self._show_stats()
        if self.mode == "desk-sources":
            self._show_sources()

    # ------------------------------------------------------------------ showing

    def show_delta(self, delta: Delta) -> None:
        """A change saved (or seen) by the desk: its row (the table again when a row came or
        went: deleted elsewhere, brought back by undo), the counts, the triage view."""
        self.loader.saves += 1
        if self.keys is not None:
            self.keys.claim_changed()
        if len(self.claims.view) != self.table.rows:
            self.table.reload()
        else:
            for claim in delta.added:
                self.table.refresh_row(claim.id)
        self._show_counts()
        if self.mode == "desk-triage":
            self.triage.refresh()
        if self.mode == "desk-stats":
            self._show_stats()

    def _show_counts(self) -> None:
        statuses, verdicts = self.claims.counts()
        total = len(self.claims.view)
        everything = len(self.claims.by_id)
        head = f"{total:,} claim{'s' if total != 1 else ''}"
        if total != everything:
            head += f" of {everything:,}"
        parts = [
            f"{statuses[s]:,} {s.replace('-', ' ')}"
            for s in vocabulary.CHECK_STATUSES
            if statuses[s] or s == vocabulary.TO_CHECK
        ]
        found = [f"{verdicts[v]:,} {v}" for v in vocabulary.VERDICTS if verdicts[v]]
        line = f"{head} · {' · '.join(parts)}"
        suggested = self.suggested.summary() if not self.claims.query else ""
        if suggested:
            longer = f"{line} · {suggested} (t)"
            # Narrow: "12 suggested (t)", so that the statuses stay on the line.
            line = (
                longer
                if len(longer) <= self.size.width - 2
                else f"{line} · {suggested.split(' in ')[0]} (t)"
            )
        if not everything and suggested:
            line = f"No claims in the library yet · {suggested}: t goes through them"
        elif not everything:
            line = (
                "No claims in the library yet: mark one with c in the reader, or "
                "briefreader annotate BRIEF --quote TEXT --kind claim"
            )
        elif not total:
            line = f"No claim of {everything:,} matches this filter (Esc clears it)"
        verdicts_part = f"  |  {' · '.join(found)}"
        if found and len(line) + len(verdicts_part) <= self.size.width - 2:
            line += verdicts_part  # else left to the statistics (g): the statuses matter more
        self.query_one("#desk-counts", Static).update(Content(line))
        self._show_header()

    def _show_header(self) -> None:
        if self.mode != "desk-table-pane" or not self.table.size.width:
            return  # worked out when the table shows again (its width is 0 while hidden)
        line = header_line(self.table.layout_widths(), self.claims.sort, self.claims.descending)
        self.query_one("#desk-header", Static).update(Content(line))

    def on_resize(self) -> None:
        if self.loader.loaded:
            self.call_after_refresh(self._show_counts)

    def _filter_error(self, message: str) -> None:
        error = self.query_one("#desk-filter-error", Static)
        error.update(Content(message))
        error.display = bool(message)

    # ------------------------------------------------------------------ the table

    def action_sort(self, column: str) -> None:
        keep = self.table.current.id if self.table.current else None
        self.claims.set_sort(column)
        self.table.reload(keep)
        self._show_header()

    def action_filter(self) -> None:
        self._switch("desk-table-pane")
        self.query_one("#desk-filter", Input).focus()

    @on(Input.Changed, "#desk-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        from briefreader.store.search_query import SearchQueryError

        if not self.loader.loaded:
            self.claims.query = event.value
            return
        keep = self.table.current.id if self.table.current else None
        try:
            self.claims.set_filter(event.value)
        except SearchQueryError as exc:
            self._filter_error(str(exc))  # the last good filter stays
            return
        self._filter_error("")
        self.table.reload(keep)
        self._show_counts()

    @on(Input.Submitted, "#desk-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def action_back(self) -> None:
        """Esc: from triage, the statistics or the filter back to the table; in the table,
        clear the filter. Leaving the desk is q (its filter, sort and undo go with it)."""
        if self.mode != "desk-table-pane":
            self._switch("desk-table-pane")
        elif self.focused is not self.table:
            self.table.focus()
        elif self.claims.query:
            self.query_one("#desk-filter", Input).value = ""
        else:
            self.notify("q leaves the claims desk.", timeout=2)

    def action_leave(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            from briefreader.tui.navigation import ShowLibrary

            self.app.post_message(ShowLibrary())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next", "previous"):
            return self.mode == "desk-triage"
        if action == "sort":
            return self.mode == "desk-table-pane"
        return True

    # ------------------------------------------------------------------ keys

    def action_verdict(self, verdict: str) -> None:
        if self.keys is not None:
            self.keys.verdict(verdict)

    def action_status(self, status: str) -> None:
        if self.keys is not None:
            self.keys.status(status)

    def action_rationale(self) -> None:
        if self.keys is not None:
            self.keys.rationale()

    def action_conclusion(self) -> None:
        if self.keys is not None:
            self.keys.conclusion()

    def action_source(self) -> None:
        if self.keys is not None:
            self.keys.source()

    def action_contacted(self) -> None:
        if self.keys is not None and not self.keys.suggested("accept"):
            self.keys.contacted()

    def action_dismiss_suggestion(self) -> None:
        if self.keys is not None:
            self.keys.suggested("dismiss")

    def suggestions_found(self) -> None:
        """The suggested claims of the unread briefs were found (again)."""
        self.counts_changed()
        if self.mode == "desk-triage":
            self.triage.refresh()

    def counts_changed(self) -> None:
        """What the counts above the table say changed (a suggestion dismissed, say)."""
        self._show_counts()

    def action_group(self, what: str) -> None:
        if self.keys is not None:
            self.keys.group(what)

    def action_undo(self) -> None:
        if self.keys is not None:
            self.keys.step(undo=True)

    def action_redo(self) -> None:
        if self.keys is not None:
            self.keys.step(undo=False)

    def action_open_brief(self) -> None:
        if self.keys is not None:
            self.keys.open_brief()

    def action_triage_here(self) -> None:
        claim = self.current
        if self.mode != "desk-table-pane" or claim is None:
            return
        self.triage.start_at(claim)
        self._switch("desk-triage")

    def action_triage(self) -> None:
        self._switch("desk-triage")
        self.triage.start()

    def action_next(self) -> None:
        self.triage.skip()

    def action_previous(self) -> None:
        self.triage.previous()

    def action_stats(self) -> None:
        if self.mode == "desk-stats":
            self._switch("desk-table-pane")
            return
        self._switch("desk-stats")
        self._show_stats()

    def _show_stats(self) -> None:
        self.query_one(StatsView).show(self.claims.view, self.claims.titles)

    def action_sources(self) -> None:
        if self.mode == "desk-sources":
            self._switch("desk-table-pane")
            return
        self._switch("desk-sources")
        self._show_sources()

    def _show_sources(self) -> None:
        if not self.brapp.store_ready:
            return
        try:
            refs = self.brapp.store.list_sources()
        except Exception as exc:  # said; the desk goes on
            self.notify(f"Could not read the sources: {exc}", severity="error", markup=False)
            return
        self.query_one(SourcesView).show(refs, self.claims.by_id, self.claims.titles)

    def action_export(self) -> None:
        self.export.ask()
