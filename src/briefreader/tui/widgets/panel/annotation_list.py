"""The panel's annotations box: the filter line and, below it, a row for each of the brief's
annotations on the text that passes the filter, in text order; the current annotation (the
one the detail shows) is highlighted and those under the article cursor are marked.

It reads the annotations from the panel's :class:`~briefreader.tui.widgets.panel.data.PanelData`
(the screen's one copy) and keeps only its rows. :meth:`ListBox.reset` after the brief was read
again; :meth:`ListBox.apply` for one change (a :class:`~briefreader.reading.shown.Delta`): the
data the panel answers with changes at once, the rows after the next screen refresh, so the
article shows an edit first (the list may need a layout of the whole screen), and several
changes before then are applied together.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from briefreader.reading.shown import Delta
from briefreader.store.records import Annotation
from briefreader.tui.internals.option_rows import RowList
from briefreader.tui.widgets.panel.data import PanelData
from briefreader.tui.widgets.panel.filtering import AnnotationFilter, _FilterInput, _haystack
from briefreader.tui.widgets.panel.messages import CurrentChanged, FilterChanged, JumpTo, ToArticle
from briefreader.tui.widgets.panel.rows import _SUBTLE, _order, _Row, _row_height


class _AnnotationList(RowList):
    """The annotation rows (one row in or out without touching the others)."""

    DEFAULT_CSS = """
    _AnnotationList {
        height: 1fr;
        border: none;
        padding: 0;
        background: transparent;
        scrollbar-size-vertical: 1;
        & > .option-list--option { padding: 0; }
        &:focus { border: none; background-tint: $foreground 0%; }
        /* A tint rather than the block cursor, so the coloured markers, verdicts and tags on
           the current row stay readable in light and dark themes. */
        & > .option-list--option-highlighted {
            color: $foreground;
            background: $primary 15%;
            text-style: none;
        }
        &:focus > .option-list--option-highlighted {
            color: $foreground;
            background: $primary 35%;
            text-style: none;
        }
    }
    """


class ListBox(Vertical):
    """The filter line and the annotation rows (see the module docstring).

    ``on_current(now)`` is called when the current annotation (or its content) may have
    changed, so the panel redraws the detail: at once when ``now``, else when the detail's
    throttle allows.
    """

    def __init__(self, data: PanelData, on_current: Callable[[bool], None]) -> None:
        super().__init__(id="panel-list-box", classes="panel-box")
        self.border_title = "Annotations"
        self._data = data
        self._on_current = on_current
        self.filter = AnnotationFilter()
        self.input = _FilterInput()
        self.rows = _AnnotationList(id="panel-list")
        #: The rows: the annotations that pass the filter, in text order.
        self.shown: list[Annotation] = []
        #: Ids of the annotations containing the cursor, in text order.
        self.under: list[int] = []
        self.cursor: int | None = None
        self.current: Annotation | None = None
        self._haystacks: dict[int, str] = {}
        # Ids whose rows show the under-the-cursor mark.
        self._marked: set[int] = set()
        # Changes made to the data and not yet to the rows (see the module docstring).
        self._pending_gone: list[Annotation] = []
        self._pending_added: list[Annotation] = []
        self._pending_rebuild = False
        #: A row update waits for the next refresh.
        self.view_scheduled = False

    def compose(self) -> ComposeResult:
        yield self.input
        yield self.rows

    def on_mount(self) -> None:
        self.rebuild()

    # ------------------------------------------------------------------ the data changed

    def reset(self) -> None:
        """Everything was read again: the filter, the current annotation (if it is still
        there) and the cursor are kept."""
        self._haystacks = {}
        self._follow_data()
        self.filter = AnnotationFilter.parse(self.filter.text, self._data.known_tags())
        if self.is_mounted:
            self.rebuild()

    def apply(self, delta: Delta) -> None:
        """One change (already made to the data): only the changed rows are touched."""
        for gone in delta.removed:
            self._haystacks.pop(gone.id, None)
        self._follow_data()
        self.reparse()
        if not self.is_mounted:
            return  # mounting builds the rows
        self._pending_gone.extend(delta.removed)
        self._pending_added.extend(delta.added)
        self._schedule_view()

    def _follow_data(self) -> None:
        """The current annotation's latest version, and what is under the cursor now."""
        by_id = self._data.shown.by_id
        if self.current is not None:
            self.current = by_id.get(self.current.id)
        self.under = self._ids_under(self.cursor)
        if self.current is None and self.under:
            self.current = by_id[self.under[0]]

    def reparse(self) -> None:
        """Parse the filter again (``#prefix`` terms depend on the tags known); a change
        rebuilds the rows with the next view update."""
        parsed = AnnotationFilter.parse(self.filter.text, self._data.known_tags())
        if parsed != self.filter:
            self.filter = parsed
            if self.is_mounted:
                self._pending_rebuild = True
                self._schedule_view()

    def set_cursor(self, offset: int) -> bool:
        """The article cursor moved to ``offset``: mark the annotations containing it; the first
        becomes current (unless the current one also contains it) and the list follows, without
        taking focus. With none there, nothing is current. True when the current one changed."""
        self.cursor = offset
        self.under = self._ids_under(offset)
        changed = False
        if self.current is None or self.current.id not in self.under:
            by_id = self._data.shown.by_id
            self.current = by_id[self._first_shown(self.under)] if self.under else None
            changed = True
        if self.is_mounted and not self.view_scheduled:
            # (else the coming view update marks and highlights)
            self._sync_marks()
            self._highlight_current()
        return changed

    def set_filter(self, text: str) -> None:
        """Filter the rows as if ``text`` had been typed in the filter line."""
        if self.input.value != text:
            self.input.value = text  # Input.Changed applies it
        self._apply_filter(text)

    def _apply_filter(self, text: str) -> None:
        if text == self.filter.text:
            return
        self.filter = AnnotationFilter.parse(text, self._data.known_tags())
        if not self.is_mounted:
            return
        self.rebuild()
        if (self.current is None or self._shown_at(self.current.id) is None) and self.shown:
            # The first match becomes current so that Enter then jumps to it.
            self._set_current(self.shown[0])
            self._highlight_current()
        self.post_message(FilterChanged(text, len(self.shown), len(self._data.shown)))

    # ------------------------------------------------------------------ what the user does

    @on(OptionList.OptionHighlighted, "#panel-list")
    def _row_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        index = event.option_index
        # A later set_cursor may already have moved the highlight: only the latest counts.
        # While a view update is pending, the rows are about to change and it will move it.
        if self.view_scheduled or index != self.rows.highlighted or index >= len(self.shown):
            return
        # The latest version: the row may be about to change (see apply).
        annotation = self._data.shown.by_id.get(self.shown[index].id)
        if annotation is not None and self._set_current(annotation):
            self.post_message(CurrentChanged(annotation.id))

    @on(OptionList.OptionSelected, "#panel-list")
    def _row_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.shown):
            self.post_message(JumpTo(self.shown[event.option_index].id))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.rows and self.rows.highlighted is None and self.shown:
            # Nothing current: start at the first annotation after the article cursor.
            starts = [a.start for a in self.shown]
            index = bisect.bisect_left(starts, self.cursor or 0)
            self.rows.highlighted = min(index, len(starts) - 1)

    @on(Input.Changed, "#panel-filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        event.stop()
        # The line's value now, not the event's: events queued behind a set_filter() would
        # otherwise replay older filters.
        self._apply_filter(self.input.value)

    @on(Input.Submitted, "#panel-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.rows.focus()

    @on(_FilterInput.Leave)
    def _filter_left(self, event: _FilterInput.Leave) -> None:
        event.stop()
        self._apply_filter("")
        self.post_message(ToArticle())

    # ------------------------------------------------------------------ the rows

    def rebuild(self) -> None:
        """Every row again (a new filter, the brief read again, new tag colours)."""
        query = self.filter
        annotations = self._data.shown.annotations
        if query.active:
            hay = self._haystack if query.words else (lambda a: "")
            shown = [a for a in annotations if query.matches(a, hay(a))]
        else:
            shown = list(annotations)
        self.shown = shown
        self._pending_gone.clear()
        self._pending_added.clear()
        self._pending_rebuild = False
        self._marked = {ann_id for ann_id in self.under if self._shown_at(ann_id) is not None}
        scroll_y = self.rows.scroll_y
        if shown:
            # Rows are made as they are drawn: a row first drawn later is marked as the
            # cursor is then (rows already made are marked by _sync_marks).
            # The rows own this very list (no second copy): _patch changes it through them.
            self.rows.set_rows(shown, self._make_row, key=_order, height=_row_height)
        else:
            message = "No annotations match the filter." if query.active else "No annotations yet."
            self.rows.set_options([Option(Content.styled(message, _SUBTLE), disabled=True)])
        self.rows.scroll_to(y=scroll_y, animate=False, immediate=True)
        self._highlight_current()
        self._update_count()

    def _schedule_view(self) -> None:
        if not self.view_scheduled:
            self.view_scheduled = True
            self.call_after_refresh(self._update_view)

    def _update_view(self) -> None:
        """Bring the rows up to date with the data changed since the last refresh."""
        self.view_scheduled = False
        if not self.is_mounted:
            return
        if self._pending_rebuild:
            self.rebuild()
        else:
            self._patch()
        self._on_current(True)

    def _patch(self) -> None:
        """Remove the rows of annotations that went and insert those that came (where the
        filter shows them), then mark and highlight: what :meth:`rebuild` would show, without
        rebuilding every row."""
        shown = self.shown
        query = self.filter
        by_id = self._data.shown.by_id
        removals = [a for a in self._pending_gone if self._shown_position(a) is not None]
        # Only the latest version of each, and only if it is still there.
        latest = {a.id: a for a in self._pending_added}
        inserts = [
            a
            for a in latest.values()
            if by_id.get(a.id) is a
            and (not query.active or query.matches(a, self._haystack(a) if query.words else ""))
        ]
        self._pending_gone.clear()
        self._pending_added.clear()
        if (removals or inserts) and (not shown or (len(shown) == len(removals) and not inserts)):
            # The "no annotations" line comes or goes: rebuilding a list this short is cheap.
            self.rebuild()
            return
        rows = self.rows
        # ``shown`` is the rows' own list: removing and inserting a row changes it.
        for a in removals:
            rows.remove_option_at_index(bisect.bisect_left(shown, _order(a), key=_order))
            self._marked.discard(a.id)
        for a in inserts:
            rows.insert_row(bisect.bisect_left(shown, _order(a), key=_order), a)
        self._sync_marks()
        self._highlight_current()
        self._update_count()

    def _make_row(self, annotation: Annotation) -> Option:
        return Option(_Row(annotation, annotation.id in self._marked, self._data.tag_styles))

    def _sync_marks(self) -> None:
        """Mark the rows of the annotations under the cursor, and unmark the others."""
        wanted = {ann_id for ann_id in self.under if self._shown_at(ann_id) is not None}
        redraw = False
        for ann_id in wanted.symmetric_difference(self._marked):
            index = self._shown_at(ann_id)
            option = None if index is None else self.rows.made_option(index)
            if option is not None:
                row = option.prompt
                if isinstance(row, _Row):
                    row.under_cursor = ann_id in wanted
                    redraw = True
        self._marked = wanted
        if redraw:
            self.rows.redraw_rows()

    def _update_count(self) -> None:
        total = len(self._data.shown)
        self.border_title = (
            f"Annotations {len(self.shown)} of {total}"
            if self.filter.active
            else f"Annotations {total}"
        )

    def _highlight_current(self) -> None:
        current = self.current
        index = None if current is None else self._shown_at(current.id)
        if index is None:
            self.rows.highlighted = None
        elif self.rows.highlighted != index:
            self.rows.highlighted = index
        else:
            self.rows.scroll_to_highlight()

    def _set_current(self, annotation: Annotation | None) -> bool:
        """Make ``annotation`` current; True when that is another annotation than before."""
        old = self.current
        self.current = annotation
        if old != annotation:
            self._on_current(False)
        return (old is None) != (annotation is None) or (
            old is not None and annotation is not None and old.id != annotation.id
        )

    # ------------------------------------------------------------------ looking up

    def _ids_under(self, offset: int | None) -> list[int]:
        if offset is None:
            return []
        return [a.id for a in self._data.shown.containing(offset)]

    def _first_shown(self, ids: Sequence[int]) -> int:
        """The first of ``ids`` the list shows, else the first of them."""
        for ann_id in ids:
            if self._shown_at(ann_id) is not None:
                return ann_id
        return ids[0]

    def _shown_position(self, annotation: Annotation) -> int | None:
        """Where ``annotation`` (this very version) is in the rows, or None. Found by bisection
        (the rows are in text order), so adding a row does not renumber the rows after it."""
        shown = self.shown
        index = bisect.bisect_left(shown, _order(annotation), key=_order)
        return index if index < len(shown) and shown[index] is annotation else None

    def _shown_at(self, ann_id: int) -> int | None:
        """Where the annotation with this id is in the rows, or None."""
        annotation = self._data.shown.by_id.get(ann_id)
        return None if annotation is None else self._shown_position(annotation)

    def _haystack(self, annotation: Annotation) -> str:
        cached = self._haystacks.get(annotation.id)
        if cached is None:
            cached = self._haystacks[annotation.id] = _haystack(annotation)
        return cached
