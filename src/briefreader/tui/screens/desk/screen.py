"""The claims desk: every claim of the library in one table (sorted by any column with a
number key, filtered with the search language), a triage mode that walks the queue of claims
still to check one at a time, and their statistics as bar charts.

The screen shows and passes keys on; the decisions are the desk core's
(:mod:`briefreader.reading.desk`: what is shown, in which order, which claim is next, what a
key changes) and every change is saved through :class:`~briefreader.tui.prompts.Prompts`, so a
claim changed elsewhere meanwhile brings up the same conflict dialog as in the reader, and
``u`` / ``ctrl+r`` undo and redo every desk change. Changes made elsewhere (the reader, the
CLI, a teammate) are noticed by polling, as the library does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Input, Static

from briefreader import vocabulary
from briefreader.reading.desk import COLUMN_NAMES, DeskClaims, DeskCommands
from briefreader.reading.outcomes import Operation, Outcome
from briefreader.text.display import display_line
from briefreader.tui import heap
from briefreader.tui.navigation import OpenBrief
from briefreader.tui.prompts import Prompts
from briefreader.tui.screens.desk.stats import StatsView
from briefreader.tui.screens.desk.table import ClaimTable, header_line
from briefreader.tui.screens.desk.triage import TriageView, context_content
from briefreader.tui.widgets.db_status import DatabaseStatus
from briefreader.tui.widgets.footer import KeyBar

if TYPE_CHECKING:
    from briefreader.reading import Delta
    from briefreader.store.api import Annotation, SourceInput, Store
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
        & > #desk-filter-error { height: auto; color: $text-error; padding: 0 1; }
        & > #desk-filter-error:empty { display: none; }
        & > #desk-modes { height: 1fr; }
        #desk-table-pane { height: 1fr; }
        #desk-header { height: 1; padding: 0 0; color: $text-muted; text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "triage_here", "Triage this", id="desk.triage_here"),
        Binding("t", "triage", "Triage queue", id="desk.triage"),
        Binding("g", "stats", "Statistics", id="desk.stats"),
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
        self._commands: DeskCommands | None = None
        self.prompts = Prompts(self)
        self._loaded = False
        self._fingerprint: tuple[int, ...] | None = None
        self._heap_held = False
        #: Triage: the claim shown, those skipped with n, and the way back for p.
        self.triaged: Annotation | None = None
        self._skipped: set[int] = set()
        self._visited: list[int] = []

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

    def _switch(self, mode: str) -> None:
        self.query_one(ContentSwitcher).current = mode
        target = {"desk-table-pane": self.table}.get(mode) or self.query_one(f"#{mode}")
        target.focus()

    def on_mount(self) -> None:
        self.sub_title = "Claims desk"
        self.table.focus()
        self.brapp.when_store(self._store_opened)

    def _store_opened(self, store: Store) -> None:
        self._commands = DeskCommands(lambda: self.brapp.store, self.claims)
        self._load(store)
        self.set_interval(CHANGES_POLL_INTERVAL, self._look_for_changes)

    def _load(self, store: Store) -> None:
        """Read every claim in a worker; the cycle collector waits meanwhile and then leaves
        them alone (:mod:`briefreader.tui.heap`: 10,000 claims are ~200,000 objects, and a
        full collection over them cost 100 ms at a key press)."""
        if not self._heap_held:
            heap.hold()
            self._heap_held = True
        self._read_claims(store)

    def _settle_heap(self) -> None:
        if self._heap_held:
            self._heap_held = False
            heap.settle()

    @work(thread=True, exclusive=True, group="desk-load", exit_on_error=False)
    def _read_claims(self, store: Store) -> None:
        from briefreader.store.watch import claims_fingerprint

        try:
            fingerprint = claims_fingerprint(store)
            claims = store.export_annotations(kind="claim")
            titles = {b.id: b.title for b in store.list_briefs()}
        except Exception as exc:
            self.app.call_from_thread(self._load_failed, exc)
            return
        self.app.call_from_thread(self._loaded_claims, claims, titles, fingerprint)

    def _load_failed(self, exc: Exception) -> None:
        self._settle_heap()
        self.query_one("#desk-counts", Static).update(
            Content(f"The claims could not be read: {display_line(str(exc))}")
        )

    def on_unmount(self) -> None:
        self._settle_heap()
        heap.release()

    def _loaded_claims(
        self, claims: list[Annotation], titles: dict[int, str], fingerprint: tuple[int, ...]
    ) -> None:
        from briefreader.store.search_query import SearchQueryError

        keep = self.table.current.id if self.table.current else None
        self._fingerprint = fingerprint
        try:
            self.claims.reset(claims, titles)
        except SearchQueryError as exc:  # a filter given on the command line
            self._filter_error(str(exc))
            self.claims.query = ""
            self.claims.reset(claims, titles)
        self._loaded = True
        self.table.reload(keep)
        self._show_counts()
        self._settle_heap()
        if self.triaged is not None:
            current = self.claims.by_id.get(self.triaged.id)
            self._show_triage(current) if current is not None else self._triage_next()
        if self.mode == "desk-stats":
            self._show_stats()

    def _look_for_changes(self) -> None:
        if self.app.screen is self and self._loaded and self.brapp.writes.idle:
            self._changes_worker(self.brapp.store)

    @work(thread=True, exclusive=True, group="desk-changes", exit_on_error=False)
    def _changes_worker(self, store: Store) -> None:
        from briefreader.store.watch import claims_fingerprint

        try:
            now = claims_fingerprint(store)
        except Exception:
            return  # asked again next time
        self.app.call_from_thread(self._compare, store, now)

    def _compare(self, store: Store, now: tuple[int, ...]) -> None:
        if now[:3] == self.claims.fingerprint() and now[3:] == (self._fingerprint or ())[3:]:
            self._fingerprint = now
            return  # nothing, or only the desk's own saves
        self._load(store)

    def on_screen_resume(self) -> None:
        if self._loaded:
            self._look_for_changes()

    # ------------------------------------------------------------------ showing

    def show_delta(self, delta: Delta) -> None:
        """A change saved (or seen) by the desk: its row, the counts, the triage view."""
        for claim in delta.added:
            self.table.refresh_row(claim.id)
        self._show_counts()
        if self.triaged is not None:
            now = self.claims.by_id.get(self.triaged.id)
            if now is not None and self.mode == "desk-triage":
                self._show_triage(now)
        if self.mode == "desk-stats":
            self._show_stats()
        self.post_message(ClaimTable.Moved(self.table.current))

    def _show_counts(self) -> None:
        statuses, verdicts = self.claims.counts()
        total = len(self.claims.view)
        everything = len(self.claims.by_id)
        head = f"{total:,} claim{'s' if total != 1 else ''}"
        if total != everything:
            head += f" of {everything:,}"
        parts = [f"{statuses[s]:,} {s.replace('-', ' ')}" for s in vocabulary.CHECK_STATUSES]
        found = [f"{verdicts[v]:,} {v}" for v in vocabulary.VERDICTS if verdicts[v]]
        line = f"{head} · {' · '.join(parts)}"
        if found:
            line += f"  |  {' · '.join(found)}"
        self.query_one("#desk-counts", Static).update(Content(line))
        self._show_header()

    def _show_header(self) -> None:
        line = header_line(self.table.layout_widths(), self.claims.sort, self.claims.descending)
        self.query_one("#desk-header", Static).update(Content(line))

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_header)

    def _filter_error(self, message: str) -> None:
        self.query_one("#desk-filter-error", Static).update(Content(message))

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

        if not self._loaded:
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
        """Esc: from the filter or a mode back to the table; from the table, leave."""
        if self.mode != "desk-table-pane":
            if self.triaged is not None:
                self.table.select(self.triaged.id)
            self._switch("desk-table-pane")
        elif self.focused is not self.table:
            self.table.focus()
        else:
            self.action_leave()

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

    # ------------------------------------------------------------------ acting on a claim

    def _target(self) -> Annotation | None:
        """The claim a key acts on: the one in triage, else the table's; None (said) when
        there is none or edits cannot be made now."""
        claim = self.triaged if self.mode == "desk-triage" else self.table.current
        if claim is None or self._commands is None:
            self.notify("No claim here.", timeout=2)
            return None
        refusal = self.brapp.edit_refusal()
        if refusal is not None:
            self.notify(refusal, title="Not now", severity="warning", timeout=4, markup=False)
            return None
        return self.claims.by_id.get(claim.id, claim)

    def _run(self, make: Callable[[DeskCommands, Annotation], Operation | Outcome]) -> None:
        claim = self._target()
        if claim is not None and self._commands is not None:
            self.prompts.perform(make(self._commands, claim))

    def action_verdict(self, verdict: str) -> None:
        self._run(lambda desk, claim: desk.verdict(claim, verdict))

    def action_status(self, status: str) -> None:
        self._run(lambda desk, claim: desk.status(claim, status))

    def _ask(self, dialog_of: Callable[[Annotation], object], then: Callable[..., object]) -> None:
        claim = self._target()
        if claim is None:
            return

        def answered(value: object) -> None:
            if value is None or self._commands is None:
                return
            current = self.claims.by_id.get(claim.id, claim)
            self.prompts.perform(cast("Operation | Outcome", then(self._commands, current, value)))

        self.app.push_screen(cast("Screen[object]", dialog_of(claim)), answered)

    def action_rationale(self) -> None:
        from briefreader.tui.screens.dialogs import RationaleDialog

        self._ask(
            lambda c: RationaleDialog(c.quote, c.check.rationale if c.check else ""),
            lambda desk, c, text: desk.rationale(c, text),
        )

    def action_conclusion(self) -> None:
        from briefreader.tui.screens.dialogs import ConclusionDialog

        self._ask(
            lambda c: ConclusionDialog(c.quote, (c.check.conclusion if c.check else None) or ""),
            lambda desk, c, text: desk.conclusion(c, text),
        )

    def action_source(self) -> None:
        from briefreader.tui.screens.dialogs import SourceDialog

        def add(desk: DeskCommands, claim: Annotation, source: SourceInput) -> object:
            return desk.add_source(claim, source)

        self._ask(lambda c: SourceDialog(c.quote), add)

    def action_contacted(self) -> None:
        from briefreader.tui.screens.dialogs import ContactDialog

        self._ask(
            lambda c: ContactDialog(c.quote, (c.check.contact_outcome if c.check else None) or ""),
            lambda desk, c, text: desk.contacted(c, text),
        )

    def action_undo(self) -> None:
        if self._commands is not None and self._target() is not None:
            self.prompts.perform(self._commands.undo())

    def action_redo(self) -> None:
        if self._commands is not None and self._target() is not None:
            self.prompts.perform(self._commands.redo())

    def action_open_brief(self) -> None:
        claim = self.triaged if self.mode == "desk-triage" else self.table.current
        if claim is None:
            self.notify("No claim here.", timeout=2)
            return
        self.app.post_message(OpenBrief(claim.brief_id, annotation_id=claim.id, above=True))

    # ------------------------------------------------------------------ triage

    def action_triage_here(self) -> None:
        if self.mode != "desk-table-pane" or self.table.current is None:
            return
        self._visited.clear()
        self._show_triage(self.table.current)
        self._switch("desk-triage")

    def action_triage(self) -> None:
        self._skipped.clear()
        self._visited.clear()
        self.triaged = None
        self._switch("desk-triage")
        self._triage_next()

    def action_next(self) -> None:
        if self.triaged is not None:
            self._skipped.add(self.triaged.id)
        self._triage_next()

    def action_previous(self) -> None:
        while self._visited:
            claim = self.claims.by_id.get(self._visited.pop())
            if claim is not None:
                self._show_triage(claim, remember=False)
                return
        self.notify("This is the first claim of this triage.", timeout=2)

    def _triage_next(self) -> None:
        after = self.triaged.id if self.triaged is not None else None
        claim = self.claims.next_pending(after, self._skipped)
        if claim is None:
            skipped = len(self._skipped)
            more = f" ({skipped} skipped: t starts again)" if skipped else ""
            self.query_one(TriageView).show_none(
                f"Nothing left to check in this view{more}. Esc goes back to the table."
            )
            return
        self._show_triage(claim)

    def _show_triage(self, claim: Annotation, *, remember: bool = True) -> None:
        if remember and self.triaged is not None and self.triaged.id != claim.id:
            self._visited.append(self.triaged.id)
        self.triaged = claim
        store = self.brapp.store
        try:
            if claim.orphan:
                context = Content.assemble(
                    Content.styled("Not on the brief's current text; it was: ", "$text-warning"),
                    Content(claim.quote[:2000]),
                )
            else:
                excerpt, first = store.text_around(claim.brief_id, claim.start, claim.end)
                context = context_content(excerpt, first, claim)
            history = store.claim_history(claim.id)
        except Exception as exc:  # the brief went meanwhile: said, the desk goes on
            self.notify(f"Could not read the claim's brief: {exc}", severity="error", markup=False)
            return
        pending = self.claims.pending()
        self.query_one(TriageView).show_claim(
            claim,
            position=f"{pending:,} to check in this view",
            title=self.claims.titles.get(claim.brief_id, f"brief {claim.brief_id}"),
            context=context,
            history=history,
        )

    # ------------------------------------------------------------------ statistics

    def action_stats(self) -> None:
        if self.mode == "desk-stats":
            self._switch("desk-table-pane")
            return
        self._switch("desk-stats")
        self._show_stats()

    def _show_stats(self) -> None:
        self.query_one(StatsView).show(self.claims.view, self.claims.titles)
