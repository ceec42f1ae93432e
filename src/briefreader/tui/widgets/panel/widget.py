"""The :class:`AnnotationPanel` widget itself: its layout, keys and messages, and the event
handlers that turn what the user does in it into those messages."""

from __future__ import annotations

import bisect
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from briefreader.tui.widgets.panel.filtering import AnnotationFilter, _FilterInput
from briefreader.tui.widgets.panel.orphans import _OrphanList
from briefreader.tui.widgets.panel.parts import _TagList
from briefreader.tui.widgets.panel.view import _PanelView


class AnnotationPanel(_PanelView, Widget):
    """The brief's annotations (list + filter), the current one's detail, and the tags."""

    DEFAULT_CSS = """
    AnnotationPanel {
        layout: vertical;
        width: 1fr;
        height: 1fr;
        min-width: 30;
        background: $surface;

        & > .panel-box {
            border: round $border-blurred;
            border-title-color: $text-muted;
            border-title-style: bold;
            border-subtitle-color: $text-muted;
            padding: 0;
            background: $surface;
            &:focus-within {
                border: round $border;
                border-title-color: $text;
            }
        }
        & > #panel-orphans-box {
            display: none;
            height: auto;
            border: round $warning 50%;
            border-title-color: $text-warning;
            border-subtitle-color: $text-muted;
            &:focus-within { border: round $warning; border-title-color: $text-warning; }
        }
        & > #panel-orphans-box.-shown { display: block; }
        &.-crowded #panel-tags { max-height: 2; }
        & > #panel-list-box { height: 1fr; min-height: 6; }
        & > #panel-detail-box { height: 1fr; min-height: 6; }
        & > #panel-tags-box { height: auto; max-height: 8; }

        #panel-detail-scroll {
            height: 1fr;
            padding: 0 1;
            scrollbar-size-vertical: 1;
        }
        #panel-detail-scroll > Static { width: 1fr; }
        #detail-head { text-style: bold; }
        #detail-quote {
            padding: 0 0 0 1;
            border-left: outer $border-blurred;
            text-style: italic;
        }
        #detail-quote.-orphan { border-left: outer $warning; }
        #detail-hint {
            display: none;
            height: auto;
            padding: 0 1;
            color: $text-muted;
            background: $boost;
        }
        /* The key hint shows only while the keys work. A :focus-within rule on the panel
           itself makes Textual restyle all of the panel (not just the focused box) when focus
           moves in or out, which the hint's rule needs. */
        &:focus-within { background: $surface; }
        &:focus-within #detail-hint { display: block; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "edit('note')", "Note", id="panel.note"),
        Binding("c", "edit('claim')", "Claim", id="panel.claim"),
        Binding("t", "edit('tags')", "Tags", id="panel.tags"),
        Binding("l", "edit('source')", "Add source", id="panel.source"),
        Binding("k", "edit('kind')", "Change kind", show=False, id="panel.kind"),
        Binding("D", "delete_source", "Delete source", show=False, id="panel.delete_source"),
        Binding("a", "accept_change", "Accept changed text", show=False,
                id="panel.accept_change"),
        Binding("right_square_bracket", "next_source(1)", "Next source", show=False,
                id="panel.next_source"),
        Binding("left_square_bracket", "next_source(-1)", "Previous source", show=False,
                id="panel.previous_source"),
        Binding("shift+down", "scroll_detail(1)", "Scroll detail down", show=False,
                id="panel.detail_down"),
        Binding("shift+up", "scroll_detail(-1)", "Scroll detail up", show=False,
                id="panel.detail_up"),
        # `/` is left to the reader (search the brief's text, wherever the focus is); the
        # list's filter has its own key, the reader's `f`.
        Binding("escape", "to_article", "Back to the text", show=False, id="panel.to_article"),
        Binding("tab", "cycle_focus(1)", "Next part", show=False, id="panel.focus_next"),
        Binding("shift+tab", "cycle_focus(-1)", "Previous part", show=False,
                id="panel.focus_previous"),
    ]  # fmt: skip

    # ------------------------------------------------------------------ messages

    class JumpTo(Message):
        """Enter on a list row: show this annotation in the article."""

        def __init__(self, annotation_id: int) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    class EditRequested(Message):
        """Edit one field of an annotation: "note", "claim", "tags", "source" or "kind"."""

        def __init__(self, annotation_id: int, field: str) -> None:
            super().__init__()
            self.annotation_id = annotation_id
            self.field = field

    class DeleteSourceRequested(Message):
        def __init__(self, source_id: int) -> None:
            super().__init__()
            self.source_id = source_id

    class BindKeyRequested(Message):
        """``b`` on the tags list; ``tag_name`` is None when no tag is highlighted."""

        def __init__(self, tag_name: str | None) -> None:
            super().__init__()
            self.tag_name = tag_name

    class OrphanJumpTo(Message):
        """Enter on an orphan: show where it used to be in the article."""

        def __init__(self, annotation_id: int) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    class DeleteOrphanRequested(Message):
        """``x`` on the orphans list: delete this orphan (the screen confirms)."""

        def __init__(self, annotation_id: int) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    class AcceptChangeRequested(Message):
        """Accept the new text of an annotation flagged "text changed"."""

        def __init__(self, annotation_id: int) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    class FilterChanged(Message):
        def __init__(self, text: str, shown: int, total: int) -> None:
            super().__init__()
            self.text = text
            self.shown = shown
            self.total = total

    class ToArticle(Message):
        """Esc in any part of the panel: the focus goes back to the article."""

    class CurrentChanged(Message):
        """The user moved to another row of the list (not posted for :meth:`set_cursor`)."""

        def __init__(self, annotation_id: int | None) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    # ------------------------------------------------------------------ construction

    def compose(self) -> ComposeResult:
        with Vertical(id="panel-orphans-box", classes="panel-box") as box:
            box.border_title = "Orphans"
            yield self._orphan_list
        with Vertical(id="panel-list-box", classes="panel-box") as box:
            box.border_title = "Annotations"
            yield self._filter_input
            yield self._list
        with Vertical(id="panel-detail-box", classes="panel-box") as box:
            box.border_title = "Detail"
            with self._scroll:
                yield Static(id="detail-head")
                yield Static(id="detail-quote")
                yield Static(id="detail-body")
            yield Static(id="detail-hint")
        with Vertical(id="panel-tags-box", classes="panel-box") as box:
            box.border_title = "Tags"
            yield self._tag_list

    def on_mount(self) -> None:
        self._rebuild_list()
        self._rebuild_tags()
        self._rebuild_orphans()
        self._show_detail()

    def on_resize(self) -> None:
        if self._fit_orphans():
            self._rebuild_orphans()

    def set_filter(self, text: str) -> None:
        """Filter the list as if ``text`` had been typed in the filter line."""
        if self._filter_input.value != text:
            self._filter_input.value = text  # Input.Changed applies it
        self._apply_filter(text)

    def _apply_filter(self, text: str) -> None:
        if text == self._filter.text:
            return
        self._filter = AnnotationFilter.parse(text, self._known_tags())
        state = self._state
        if not self.is_mounted:
            return
        self._rebuild_list()
        if (self._current is None or self._shown_at(self._current.id) is None) and state.shown:
            # The first match becomes current so that Enter then jumps to it.
            self._set_current(state.shown[0])
            self._highlight_current()
        self.post_message(self.FilterChanged(text, len(state.shown), len(state.annotations)))

    @on(OptionList.OptionHighlighted, "#panel-list")
    def _row_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        index = event.option_index
        # A later set_cursor may already have moved the highlight: only the latest counts.
        # While a view update is pending, the rows are about to change and it will move it.
        if (
            self._view_scheduled
            or index != self._list.highlighted
            or index >= len(self._state.shown)
        ):
            return
        # The latest version: the row may be about to change (see update_annotation).
        annotation = self._state.by_id.get(self._state.shown[index].id)
        if annotation is None:
            return
        if self._set_current(annotation):
            self.post_message(self.CurrentChanged(annotation.id))

    @on(OptionList.OptionSelected, "#panel-list")
    def _row_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self._state.shown):
            self.post_message(self.JumpTo(self._state.shown[event.option_index].id))

    @on(OptionList.OptionHighlighted, "#panel-orphans")
    def _orphan_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._request_detail()

    @on(OptionList.OptionSelected, "#panel-orphans")
    def _orphan_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        orphan = self.chosen_orphan
        if orphan is not None:
            self.post_message(self.OrphanJumpTo(orphan.id))

    @on(_OrphanList.DeleteOrphan)
    def _orphan_delete(self, event: _OrphanList.DeleteOrphan) -> None:
        event.stop()
        orphan = self.chosen_orphan
        if orphan is not None:
            self.post_message(self.DeleteOrphanRequested(orphan.id))

    @on(events.DescendantBlur)
    def _part_blurred(self, event: events.DescendantBlur) -> None:
        if event.widget is self._orphan_list:
            self._orphan_focus = False
            self._request_detail()

    @on(events.DescendantFocus)
    def _part_focused(self, event: events.DescendantFocus) -> None:
        on_orphans = event.widget is self._orphan_list
        if on_orphans != self._orphan_focus or on_orphans != self._orphan_sticky:
            # The orphan stays in the detail after focus goes back to the article (to pick
            # where it belongs), until another part of the panel is used.
            self._orphan_focus = self._orphan_sticky = on_orphans
            self._request_detail()
        if event.widget is self._list and self._list.highlighted is None and self._state.shown:
            # Nothing current: start at the first annotation after the article cursor.
            starts = [a.start for a in self._state.shown]
            index = bisect.bisect_left(starts, self._state.cursor or 0)
            self._list.highlighted = min(index, len(starts) - 1)

    # ------------------------------------------------------------------ the filter line

    @on(Input.Changed, "#panel-filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        event.stop()
        # The line's value now, not the event's: events queued behind a set_filter() would
        # otherwise replay older filters.
        self._apply_filter(self._filter_input.value)

    @on(Input.Submitted, "#panel-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._list.focus()

    @on(_FilterInput.Leave)
    def _filter_left(self, event: _FilterInput.Leave) -> None:
        event.stop()
        self._apply_filter("")
        self.post_message(self.ToArticle())

    @on(OptionList.OptionSelected, "#panel-tags")
    def _tag_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        tag = self._tag_at(event.option_index)
        if tag is not None:
            self.set_filter(f"#{tag.name}")
            self._list.focus()

    @on(_TagList.BindKey)
    def _tag_bind_key(self, event: _TagList.BindKey) -> None:
        event.stop()
        tag = self._tag_at(event.index)
        self.post_message(self.BindKeyRequested(tag.name if tag is not None else None))

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        a = self._detail_target
        if action == "edit" and a is None:
            return None
        if action == "accept_change" and (a is None or a.previous_quote is None or a.orphan):
            return None
        if action == "delete_source" and (a is None or not a.sources):
            return None
        if action == "next_source" and (a is None or len(a.sources) < 2):
            return None
        return True

    def action_edit(self, field_name: str) -> None:
        a = self._detail_target
        if a is not None:
            self.post_message(self.EditRequested(a.id, field_name))

    def action_accept_change(self) -> None:
        a = self._detail_target
        if a is not None and a.previous_quote is not None:
            self.post_message(self.AcceptChangeRequested(a.id))

    def action_delete_source(self) -> None:
        a = self._detail_target
        if a is not None and a.sources:
            index = min(self._source_index, len(a.sources) - 1)
            self.post_message(self.DeleteSourceRequested(a.sources[index].id))

    def action_next_source(self, step: int) -> None:
        a = self._detail_target
        if a is None or not a.sources:
            return
        self._source_index = (self._source_index + step) % len(a.sources)
        self._show_detail()
        self.call_after_refresh(self._scroll_to_source)

    def action_scroll_detail(self, step: int) -> None:
        self._scroll.scroll_relative(y=step * 3, animate=False)

    def action_to_article(self) -> None:
        self.post_message(self.ToArticle())

    def action_focus_filter(self) -> None:
        self._filter_input.arm()
        self._filter_input.focus()

    def action_cycle_focus(self, step: int) -> None:
        """Tab order inside the panel is (orphans ->) list -> filter -> tags; past either end,
        focus leaves the panel for the neighbouring widget on the screen."""
        parts: list[Widget] = [self._list, self._filter_input, self._tag_list]
        if self._orphans:
            parts.insert(0, self._orphan_list)
        focused = self.screen.focused
        position = parts.index(focused) if focused in parts else -1
        target = position + step
        if 0 <= target < len(parts) and position >= 0:
            if parts[target] is self._filter_input:
                self._filter_input.arm()
            parts[target].focus()
            return
        chain = self.screen.focus_chain
        inside = [i for i, widget in enumerate(chain) if self in widget.ancestors]
        outside = [w for w in chain if self not in w.ancestors]
        if not outside or not inside:
            self._list.focus()
            return
        if step > 0:
            after = [w for w in chain[inside[-1] + 1 :] if w in outside]
            (after or outside)[0].focus()
        else:
            before = [w for w in chain[: inside[0]] if w in outside]
            (before or outside)[-1].focus()
