"""The :class:`AnnotationPanel` widget: the reader's side panel, made of four boxes (see
:mod:`briefreader.tui.widgets.panel`), with the keys that act on the annotation its detail
shows and the Tab order between its parts.

It owns :class:`~briefreader.tui.widgets.panel.data.PanelData` (the screen's
:class:`~briefreader.reading.shown.ShownAnnotations` and the tag counts) and passes each change
to the parts it concerns; it decides which annotation the detail shows (the current one, or
the chosen orphan while the orphans have, or last had, the focus).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, TypeAlias

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import OptionList

from briefreader.reading.shown import Delta, ShownAnnotations
from briefreader.store.records import Annotation, Tag
from briefreader.tui.internals.hooks import FirstFrame
from briefreader.tui.keys import key_for
from briefreader.tui.widgets.panel import messages
from briefreader.tui.widgets.panel.annotation_list import ListBox
from briefreader.tui.widgets.panel.data import PanelData
from briefreader.tui.widgets.panel.detail import DetailBox
from briefreader.tui.widgets.panel.focus_look import FocusLook
from briefreader.tui.widgets.panel.orphans import OrphansBox, _OrphanList
from briefreader.tui.widgets.panel.tags import TagsBox


class AnnotationPanel(Widget):
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
        #detail-link {
            display: none;
            height: auto;
            max-height: 3;
            padding: 0 1;
            color: $text-primary;
        }
        #detail-hint {
            display: none;
            height: auto;
            padding: 0 1;
            color: $text-muted;
            background: $boost;
        }
        /* Shown while the focus is in the panel (focus_look.py: not a :focus-within rule). */
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

    # The messages the parts post (see messages.py), reachable as AnnotationPanel.JumpTo etc.
    JumpTo: TypeAlias = messages.JumpTo
    EditRequested: TypeAlias = messages.EditRequested
    DeleteSourceRequested: TypeAlias = messages.DeleteSourceRequested
    BindKeyRequested: TypeAlias = messages.BindKeyRequested
    OrphanJumpTo: TypeAlias = messages.OrphanJumpTo
    DeleteOrphanRequested: TypeAlias = messages.DeleteOrphanRequested
    AcceptChangeRequested: TypeAlias = messages.AcceptChangeRequested
    FilterChanged: TypeAlias = messages.FilterChanged
    ToArticle: TypeAlias = messages.ToArticle
    CurrentChanged: TypeAlias = messages.CurrentChanged

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._data = PanelData()
        self._orphans = OrphansBox(self._data)
        self._list = ListBox(self._data, self._current_changed)
        self._detail = DetailBox(self._data, self._detail_target, self._key_for, self._shown)
        self._tags = TagsBox(self._data)
        # The orphans list has the focus: the detail shows its chosen orphan.
        self._orphan_focus = False
        # The orphans list was the last part of the panel focused: its chosen orphan is shown
        # while nothing is under the article cursor.
        self._orphan_sticky = False
        # What the panel's key checks depended on when the footer last asked.
        self._bindings_state: object = -1
        self._tags_scheduled = False
        self._boxes_in = False
        self._on_live: list[Callable[[], object]] = []
        self._focus_look = FocusLook(self)

    def compose(self) -> ComposeResult:
        # The boxes are mounted once the app's first frame is out (on_mount): they are 30
        # widgets to style, 25 ms before the brief's first words at launch, and they show
        # nothing until the store has read the annotations anyway.
        return iter(())

    def on_mount(self) -> None:
        self._focus_look.start()
        if isinstance(self.app, FirstFrame):
            self.app.after_first_frame(self._mount_boxes)
        else:
            self.call_later(self._mount_boxes)

    async def _mount_boxes(self) -> None:
        await self.mount_all([self._orphans, self._list, self._detail, self._tags])
        self._boxes_in = True
        self._fit_orphans()
        self._orphans.rebuild()
        self._detail.show()
        calls, self._on_live = self._on_live, []
        for call in calls:
            call()

    @property
    def _live(self) -> bool:
        """Mounted, boxes and all."""
        return self._boxes_in and self.is_mounted

    def on_descendant_focus(self) -> None:
        self._focus_look.follow()

    on_descendant_blur = on_descendant_focus

    def on_resize(self) -> None:
        if self._live and self._fit_orphans():
            self._orphans.rebuild()

    # ------------------------------------------------------------------ what the screen gives

    def show(self, shown: ShownAnnotations) -> None:
        """Show these annotations and orphans (the screen's copy, which the panel reads from
        then on: give it each change with :meth:`apply`). The filter, the current annotation
        (if it still exists), the chosen orphan and the cursor are kept."""
        self._data.shown = shown
        self._list.reset()
        self._orphans.reset()
        if self._live:
            self._orphans_changed()
            self._detail.show()

    def set_annotations(
        self, annotations: Sequence[Annotation], orphans: Sequence[Annotation] | None = None
    ) -> None:
        """Show these annotations (and orphans; None keeps those shown) in a copy of the
        panel's own: for a panel that is not given the screen's (a test, a preview)."""
        kept = self._data.shown.orphans if orphans is None else orphans
        shown = ShownAnnotations()
        shown.reset(annotations, kept)
        self.show(shown)

    def apply(self, delta: Delta) -> bool:
        """One change, already made to the annotations given to :meth:`show`: only the rows
        it touches change. The tag counts follow it; False when they cannot (a tag the panel
        has no record of appeared): the caller then gives :meth:`set_tags` the store's."""
        if delta.reset:
            self.show(self._data.shown)
        if delta.added or delta.removed:
            self._list.apply(delta)
        if delta.orphans_changed:
            self._orphans.apply(delta)
            if self._live:
                self._orphans_changed()
                self._detail.show()
        if not delta.tags:
            return True
        changed = self._data.adjust_tags(delta.tags)
        if changed is None:
            return False
        if changed:
            self._list.reparse()
            if self._live and not self._tags_scheduled:
                # After the article has shown the change (as the list does).
                self._tags_scheduled = True
                self.call_after_refresh(self._rebuild_tags)
        return True

    def _rebuild_tags(self) -> None:
        self._tags_scheduled = False
        if self._live:
            self._tags.rebuild()

    def set_cursor(self, offset: int) -> None:
        """The article cursor moved to ``offset``: annotations containing it are marked; the
        first becomes current (unless the current one also contains it) and the list follows,
        without taking focus. With none there, nothing is current."""
        if self._list.set_cursor(offset) and not self._list.view_scheduled:
            self._detail.request()

    def set_link(self, url: str | None, image: bool = False) -> None:
        """The web address of the link (or image) under the article's cursor, or None."""
        self._detail.show_link(url, image)

    def set_tags(self, counts: Sequence[tuple[Tag, int]]) -> None:
        """The brief's tags with their annotation counts (and quick keys, and colours)."""
        restyle = self._data.set_tags(counts)
        self._list.reparse()
        if not self._live:
            return
        self._tags.rebuild()
        if self._fit_orphans() or restyle:
            self._orphans.rebuild()
        if restyle:
            self._list.rebuild()

    def set_filter(self, text: str) -> None:
        """Filter the list as if ``text`` had been typed in the filter line."""
        self._list.set_filter(text)

    # ------------------------------------------------------------------ what the screen asks

    @property
    def current_annotation(self) -> Annotation | None:
        return self._list.current

    @property
    def orphans(self) -> Sequence[Annotation]:
        """The orphans, in the order the list shows them."""
        return self._orphans.orphans

    @property
    def chosen_orphan(self) -> Annotation | None:
        """The orphan highlighted in the orphans list (the one a re-attach acts on)."""
        return self._orphans.chosen

    @property
    def orphans_focused(self) -> bool:
        """Whether the orphans list has focus (the keys then act on the chosen orphan)."""
        return self._orphans.rows.has_focus

    @property
    def filter_text(self) -> str:
        return self._list.filter.text

    @property
    def shown_annotations(self) -> Sequence[Annotation]:
        """The annotations the list shows now (after the filter), in text order."""
        return self._list.shown

    @property
    def under_cursor(self) -> Sequence[int]:
        """Ids of the annotations containing the last :meth:`set_cursor` offset, text order."""
        return self._list.under

    @property
    def tags(self) -> Sequence[tuple[Tag, int]]:
        """The tags and counts last given (or adjusted), by name."""
        return self._data.tags

    @property
    def pending(self) -> bool:
        """An update is on its way: rows waiting for the next refresh, or the detail redraw
        held back while the current annotation keeps changing."""
        return self._list.view_scheduled or self._detail.pending or self._tags_scheduled

    def focus_list(self) -> None:
        self._when_live(self._list.rows.focus)

    def focus_orphans(self) -> bool:
        """Focus the orphans list; False (nothing done) when there are no orphans."""
        if not self._orphans.orphans:
            return False
        self._when_live(self._orphans.rows.focus)
        return True

    def _when_live(self, call: Callable[[], object]) -> None:
        """``call()`` now, or once the boxes are mounted (the focus given to one of them)."""
        if self._live:
            call()
        else:
            self._on_live.append(call)

    def choose_orphan(self, annotation_id: int) -> None:
        """Make this orphan the chosen one (highlighted in the orphans list)."""
        if self._orphans.choose(annotation_id):
            self._orphan_sticky = True
            self._detail.request()

    # ------------------------------------------------------------------ between the parts

    def _detail_target(self) -> Annotation | None:
        """What the detail shows and the panel's edit keys act on: the chosen orphan while the
        orphans list has focus (or had it last, and nothing is under the cursor), else the
        current annotation."""
        current = self._list.current
        if self._orphan_focus or (self._orphan_sticky and current is None):
            orphan = self._orphans.chosen
            if orphan is not None:
                return orphan
        return current

    def _current_changed(self, now: bool) -> None:
        if now:
            self._detail.show()
        else:
            self._detail.request()

    def _shown(self, a: Annotation | None) -> None:
        """The detail shows ``a`` now. Tell the footer when what :meth:`check_action` depends on
        changed, while it shows the panel's keys (the article does not ask it to redraw on
        every cursor move)."""
        state = (
            None if a is None else (min(len(a.sources), 2), a.previous_quote is not None, a.orphan)
        )
        if state != self._bindings_state:
            self._bindings_state = state
            if self._live and self.has_focus_within:
                self.refresh_bindings()

    def _fit_orphans(self) -> bool:
        """Size the orphans box to the panel; True when its rows must be rebuilt for that."""
        height = self.size.height
        if not height:
            return False
        crowded, rebuild = self._orphans.fit(height)
        self.set_class(crowded, "-crowded")
        return rebuild

    def _orphans_changed(self) -> None:
        """After orphans came or went: refit the box, and with none left, leave it."""
        if self._fit_orphans():
            self._orphans.rebuild()
        if not self._orphans.orphans:
            self._orphan_sticky = False
            if self._orphans.rows.has_focus:
                self._orphan_focus = False
                self._list.rows.focus()

    def _key_for(self, binding_id: str) -> str | None:
        """The key bound to ``binding_id`` now (the user's keymap wins), as shown to people."""
        bindings = [b for b in (*self.BINDINGS, *_OrphanList.BINDINGS) if isinstance(b, Binding)]
        if self._live:
            # Keys the screen owns (attach an orphan) are hinted here too.
            bindings += [b for b in self.screen.BINDINGS if isinstance(b, Binding)]
        return key_for(self, binding_id, None, bindings)

    @on(OptionList.OptionHighlighted, "#panel-orphans")
    def _orphan_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._detail.request()

    @on(TagsBox.Chosen)
    def _tag_chosen(self, event: TagsBox.Chosen) -> None:
        event.stop()
        self.set_filter(f"#{event.name}")
        self.focus_list()

    @on(events.DescendantBlur)
    def _part_blurred(self, event: events.DescendantBlur) -> None:
        if event.widget is self._orphans.rows:
            self._orphan_focus = False
            self._detail.request()

    @on(events.DescendantFocus)
    def _part_focused(self, event: events.DescendantFocus) -> None:
        on_orphans = event.widget is self._orphans.rows
        if on_orphans != self._orphan_focus or on_orphans != self._orphan_sticky:
            # The orphan stays in the detail after focus goes back to the article (to pick
            # where it belongs), until another part of the panel is used.
            self._orphan_focus = self._orphan_sticky = on_orphans
            self._detail.request()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        a = self._detail_target()
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
        a = self._detail_target()
        if a is not None:
            self.post_message(self.EditRequested(a.id, field_name))

    def action_accept_change(self) -> None:
        a = self._detail_target()
        if a is not None and a.previous_quote is not None:
            self.post_message(self.AcceptChangeRequested(a.id))

    def action_delete_source(self) -> None:
        a = self._detail_target()
        if a is not None and a.sources:
            index = min(self._detail.source_index, len(a.sources) - 1)
            self.post_message(self.DeleteSourceRequested(a.sources[index].id))

    def action_next_source(self, step: int) -> None:
        self._detail.next_source(step)

    def action_scroll_detail(self, step: int) -> None:
        self._detail.scroll(step)

    def action_to_article(self) -> None:
        self.post_message(self.ToArticle())

    def action_focus_filter(self) -> None:
        self._list.input.arm()
        self._when_live(self._list.input.focus)

    def action_cycle_focus(self, step: int) -> None:
        """Tab order inside the panel is (orphans ->) list -> filter -> tags; past either end,
        focus leaves the panel for the neighbouring widget on the screen."""
        parts: list[Widget] = [self._list.rows, self._list.input, self._tags.rows]
        if self._orphans.orphans:
            parts.insert(0, self._orphans.rows)
        focused = self.screen.focused
        position = parts.index(focused) if focused in parts else -1
        target = position + step
        if 0 <= target < len(parts) and position >= 0:
            if parts[target] is self._list.input:
                self._list.input.arm()
            parts[target].focus()
            return
        chain = self.screen.focus_chain
        inside = [i for i, widget in enumerate(chain) if self in widget.ancestors]
        outside = [w for w in chain if self not in w.ancestors]
        if not outside or not inside:
            self.focus_list()
            return
        if step > 0:
            after = [w for w in chain[inside[-1] + 1 :] if w in outside]
            (after or outside)[0].focus()
        else:
            before = [w for w in chain[: inside[0]] if w in outside]
            (before or outside)[-1].focus()
