"""The library's full-text search: a box that searches brief texts, titles and annotations
(quotes, notes, claimants, tags) as the user types, with a one-line reminder of the filter
syntax, and the hits listed under it.

The search runs in a thread worker a moment after the last key (typing fast does not queue
searches), and a result that arrives for a query the box no longer holds is dropped. A query
the store cannot use (``kind:clam``) is explained in place with the store's own message. The
pane does not open anything itself: it posts :class:`SearchPane.Chosen` and the library opens
the reader there.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Static
from textual.worker import get_current_worker

from briefreader.text.display import display_safe
from briefreader.tui.widgets.search_results import ResultRow, SearchResults, render_row

if TYPE_CHECKING:
    from briefreader.store.api import Annotation, Store
    from briefreader.store.search import SearchHit
    from briefreader.tui.app import BriefReaderApp

#: Seconds after the last key before the search runs.
SEARCH_DELAY = 0.2
#: Most hits asked of the store (it ranks them; nobody reads further).
SEARCH_LIMIT = 200
#: A brief's annotations are read all at once when it has fewer than this many per hit in it.
BULK_FACTOR = 30

_KEY = "$text-accent"
_SUBTLE = "$text-muted"

#: The filter syntax, in the order a user is likely to need it.
HINT_PARTS: tuple[tuple[str, str], ...] = (
    ('"a phrase"', ""),
    ("pre*", ""),
    ("-not", ""),
    ("tag:", "x"),
    ("kind:", "claim"),
    ("status:", "to-check"),
    ("verdict:", "refuted"),
    ("has:", "source"),
    ("brief:", "3"),
    ("is:", "orphan"),
    ("claimant:", "x"),
)


def syntax_hint() -> Content:
    """``"a phrase"  pre*  -not  tag:x  kind:claim …`` with the keys picked out (an 80-column
    screen shows all but the last)."""
    parts = [
        Content.assemble(Content.styled(key, _KEY), Content.styled(example, _SUBTLE))
        for key, example in HINT_PARTS
    ]
    return Content("  ").join(parts)


def no_matches(query: str) -> Content:
    """``No matches for “query”``, the query as plain text."""
    return Content.assemble("No matches for “", Content(display_safe(query.strip())), "”")


def summary(rows: list[ResultRow], limit: int = SEARCH_LIMIT) -> str:
    """``3 in brief texts · 12 in annotations`` (with ``+`` when the store stopped at its limit)."""
    texts = sum(1 for row in rows if row.hit.kind == "brief")
    notes = len(rows) - texts
    parts = []
    if texts:
        parts.append(f"{texts:,} in brief text{'s' if texts != 1 else ''}")
    if notes:
        parts.append(f"{notes:,} in annotation{'s' if notes != 1 else ''}")
    more = " (the best ones; narrow the search for more)" if len(rows) >= limit else ""
    return " · ".join(parts) + more + " — Enter opens · Esc back to the list"


def with_annotations(
    store: Store, hits: Sequence[SearchHit], counts: Mapping[int, int]
) -> list[ResultRow]:
    """Each hit with its annotation (None for text hits, and for one deleted meanwhile).

    One query per hit costs ~1.5 ms; all of a brief's annotations ~0.05 ms each. A brief's
    annotations are read at once when that is cheaper for its number of hits."""
    from briefreader.store.errors import NotFound

    per_brief = Counter(h.brief_id for h in hits if h.annotation_id is not None)
    known: dict[int, Annotation] = {}
    for brief_id, found in per_brief.items():
        if counts.get(brief_id, BULK_FACTOR * found) < BULK_FACTOR * found:
            known.update((a.id, a) for a in store.annotations_for_brief(brief_id, which="all"))
    rows: list[ResultRow] = []
    for hit in hits:
        annotation: Annotation | None = None
        if hit.annotation_id is not None:
            annotation = known.get(hit.annotation_id)
            if annotation is None:
                with suppress(NotFound):  # deleted meanwhile: listed with what the hit says
                    annotation = store.get_annotation(hit.annotation_id)
        rows.append(ResultRow(hit, annotation))
    return rows


class SearchPane(Vertical):
    """The search box, the syntax hint, a message line, and the results."""

    # Its layout: styles/library.tcss (loaded by the app).

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back to the list", id="search.close"),
        Binding("down", "to_results", "To the results", show=False, id="search.to_results"),
    ]

    class Chosen(Message):
        """The user picked ``row``: open its brief there."""

        def __init__(self, row: ResultRow) -> None:
            super().__init__()
            self.row = row

    class Closed(Message):
        """The user left the search (Esc): back to the list of briefs."""

    def __init__(
        self,
        annotation_counts: Callable[[], Mapping[int, int]] = dict,
        *,
        id: str | None = None,
    ) -> None:
        """``annotation_counts`` gives how many annotations each brief has (the library knows),
        to fetch the annotations of the hits the cheapest way."""
        super().__init__(id=id)
        self.annotation_counts = annotation_counts
        self._timer: Timer | None = None
        self._shown_query: str | None = None
        self.searching_for: str | None = None
        self._open_first = False
        self._open_gate: asyncio.Event | None = None

    @property
    def brapp(self) -> BriefReaderApp:
        return cast("BriefReaderApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-bar"):
            yield Label("Search", id="search-label")
            yield Input(
                placeholder="Words in brief texts, titles, quotes, notes, claimants and tags",
                id="search-input",
                compact=True,
                select_on_focus=False,
            )
        yield Static(syntax_hint(), id="search-hint")
        yield Static("", id="search-message", markup=False)
        yield SearchResults(id="search-results")

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def results(self) -> SearchResults:
        return self.query_one("#search-results", SearchResults)

    @property
    def query_text(self) -> str:
        return self.input.value.strip()

    def start(self, query: str = "") -> None:
        """Focus the box holding ``query`` (searching for it at once when it is not empty)."""
        field = self.input
        if query or not field.value:
            field.value = query
        field.cursor_position = len(field.value)
        field.focus()
        if not field.value.strip():
            self._message("Type to search every brief and annotation.")
        self._search_now()

    def rerun(self) -> None:
        """Search again for what the box holds (the library may have changed), keeping the
        highlighted hit where it was."""
        if self.query_text:
            self.searching_for = None
            self._search_now()

    def clear(self) -> None:
        """Empty the box and the results (the pane is being left)."""
        if self._timer is not None:
            self._timer.stop()
        self.input.value = ""
        self.results.show_rows([])
        self._shown_query = None
        self.searching_for = None
        self._open_first = False
        self._release_gate()

    # ------------------------------------------------------------------ searching

    @on(Input.Changed, "#search-input")
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self._search_now)

    def _search_now(self) -> None:
        query = self.query_text
        if query == self._shown_query and query == self.searching_for:
            return
        self.searching_for = query
        if not query:
            self._shown_query = query
            self._open_first = False
            self._release_gate()
            self.results.show_rows([])
            self._message("Type to search every brief and annotation.")
            return
        if not self.brapp.store_ready:
            self._message("Opening the library…")

        def search(store: Store) -> None:
            self._search_worker(store, query, self.annotation_counts())

        self.brapp.when_store(search)

    @work(
        thread=True,
        exclusive=True,
        group="library-search",
        description="library-search",
        exit_on_error=False,
    )
    def _search_worker(self, store: Store, query: str, counts: Mapping[int, int]) -> None:
        from briefreader.text.validate import InvalidValue

        worker = get_current_worker()
        try:
            hits: list[SearchHit] = store.search(query, limit=SEARCH_LIMIT)
            rows = with_annotations(store, hits, counts)
        except InvalidValue as exc:
            self.app.call_from_thread(self._failed, query, str(exc))
            return
        except Exception as exc:  # the search box says so; the library stays usable
            from briefreader.store.errors import StoreError

            # A store error's message is for the user; anything else (a driver's) may hold SQL.
            reason = str(exc) if isinstance(exc, StoreError) else type(exc).__name__
            self.app.call_from_thread(
                self._failed, query, f"The search could not run ({reason}); try again."
            )
            return
        if worker.is_cancelled:
            return
        # Drawing 200 hits takes ~0.1 s: here, not on the event loop.
        prompts = [render_row(row) for row in rows]
        if not worker.is_cancelled:
            self.app.call_from_thread(self._found, query, rows, prompts)

    def _found(self, query: str, rows: list[ResultRow], prompts: list[Content]) -> None:
        if query != self.searching_for or not self.is_mounted:
            return  # the user typed on: a newer search is coming
        same_query = query == self._shown_query
        self._shown_query = query
        self.results.show_rows(rows, prompts, keep_highlight=same_query)
        if rows:
            self._message(summary(rows))
        else:
            self._message(no_matches(query))
        if self._open_first:
            self._open_first = False
            if rows:
                self.post_message(self.Chosen(rows[0]))
        self._release_gate()

    def _failed(self, query: str, message: str) -> None:
        if query != self.searching_for or not self.is_mounted:
            return
        self._shown_query = query
        self._open_first = False
        self._release_gate()
        self.results.show_rows([])
        self._message(message, error=True)

    def _message(self, message: str | Content, *, error: bool = False) -> None:
        line = self.query_one("#search-message", Static)
        line.update(message if isinstance(message, Content) else Content(display_safe(message)))
        line.set_class(error, "-error")

    # ------------------------------------------------------------------ keys

    @property
    def current(self) -> ResultRow | None:
        """The highlighted hit (the first one while the box has focus)."""
        return self.results.current

    def _release_gate(self) -> None:
        gate, self._open_gate = self._open_gate, None
        if gate is not None:
            gate.set()

    def choose(self) -> None:
        """Open the highlighted hit. Enter pressed before the search for what was typed has
        shown its hits opens the first of them when they arrive."""
        if self.query_text != self._shown_query:
            self._open_first = True
            # The keys typed after Enter are for the reader it opens: they wait for the hits.
            self._open_gate = self.brapp.keys.gate()
            if self._timer is not None:
                self._timer.stop()
            self._search_now()
            return
        row = self.current
        if row is not None:
            self.post_message(self.Chosen(row))

    def action_close(self) -> None:
        self.clear()
        self.post_message(self.Closed())

    def action_to_results(self) -> None:
        if self.results.rows:
            self.results.focus()

    @on(SearchResults.BackToInput)
    def _back_to_input(self, event: SearchResults.BackToInput) -> None:
        field = self.input
        field.focus()
        if event.backspace:
            field.action_delete_left()
        elif event.text:
            field.insert_text_at_cursor(event.text)

    @on(OptionList.OptionSelected, "#search-results")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose()
