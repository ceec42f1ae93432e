"""Keeping the panel's list in step with the data: the public setters the screen calls, and
rebuilding or patching the rows, marks and highlight after them."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from briefreader.store.records import Annotation, Tag
from briefreader.text.display import display_safe
from briefreader.tui.widgets.panel.detail import _PanelDetail
from briefreader.tui.widgets.panel.filtering import AnnotationFilter
from briefreader.tui.widgets.panel.orphans import orphan_order, rows_needed
from briefreader.tui.widgets.panel.rows import (
    _KEY_STYLE,
    _SUBTLE,
    ORPHAN_MARKER,
    _order,
    _Row,
    _row_height,
)

#: Lines the annotation list and the detail keep (their boxes' min-height) when orphans show.
_LIST_AND_DETAIL = 12
#: Most lines the tags list takes (its max-height).
_TAG_ROWS = 6
#: A panel shorter than this (80x24 has 22) gives orphans and tags two lines each.
_CROWDED_BELOW = 34
#: With fewer lines than this for orphans, each gets one line if two would not all fit.
_FULL_ROWS_FROM = 6


class _PanelView(_PanelDetail):
    """AnnotationPanel's data-to-widgets code (a mixin: the panel is the widget)."""

    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        """All of the brief's annotations. The filter, the current annotation (if it still
        exists) and the cursor are kept, so the screen can call this after every edit."""
        state = self._state
        ordered = sorted(annotations, key=_order)
        state.annotations = ordered
        state.by_id = {a.id: a for a in ordered}
        state.starts = [a.start for a in ordered]
        state.longest = max((a.end - a.start for a in ordered), default=0)
        state.haystacks = {}
        state.tag_uses = Counter(tag for a in ordered for tag in a.tags)
        if self._current is not None:
            self._current = state.by_id.get(self._current.id)
        state.under = self._ids_under(state.cursor)
        if self._current is None and state.under:
            self._current = state.by_id[state.under[0]]
        self._filter = AnnotationFilter.parse(self._filter.text, self._known_tags())
        if self.is_mounted:
            self._rebuild_list()
            self._show_detail()

    def update_annotation(self, old_id: int | None, new: Annotation | None) -> None:
        """One annotation changed: ``old_id`` (and ``new.id``) go, ``new`` comes (either may be
        None). The panel ends up as :meth:`set_annotations` with the changed list leaves it,
        but only the changed rows are touched.

        The data (current annotation, what is under the cursor, tags known) changes now; the
        widgets change after the next screen refresh, so that the article shows the edit
        first: the list, the detail and the tags may each need a layout of the whole screen.
        Several changes before then are applied together.
        """
        state = self._state
        gone: list[Annotation] = []
        for ann_id in dict.fromkeys((old_id, None if new is None else new.id)):
            held = None if ann_id is None else state.by_id.pop(ann_id, None)
            if held is None:
                continue
            gone.append(held)
            index = bisect.bisect_left(state.annotations, _order(held), key=_order)
            del state.annotations[index]
            del state.starts[index]
            state.haystacks.pop(held.id, None)
            state.tag_uses.subtract(held.tags)
        if new is not None:
            index = bisect.bisect_left(state.annotations, _order(new), key=_order)
            state.annotations.insert(index, new)
            state.starts.insert(index, new.start)
            state.by_id[new.id] = new
            state.tag_uses.update(new.tags)
            state.longest = max(state.longest, new.end - new.start)
        if any(a.end - a.start >= state.longest for a in gone):
            state.longest = max((a.end - a.start for a in state.annotations), default=0)
        state.tag_uses = +state.tag_uses  # drops names no annotation carries any more
        if self._current is not None:
            self._current = state.by_id.get(self._current.id)
        state.under = self._ids_under(state.cursor)
        if self._current is None and state.under:
            self._current = state.by_id[state.under[0]]
        self._reparse_filter()
        if not self.is_mounted:
            return  # mounting builds the list
        self._pending_gone.extend(gone)
        if new is not None:
            self._pending_added.append(new)
        self._schedule_view()

    def adjust_tag_counts(self, delta: Mapping[str, int]) -> bool:
        """Add ``delta`` to the tag counts (as an edit changes them) without asking anyone:
        tags no annotation carries any more are dropped unless they have a quick key, as
        the store counts them. False, changing nothing, when a tag the panel has no record
        of would appear (the caller then gives :meth:`set_tags` the store's counts)."""
        state = self._state
        counts = {tag.name: count for tag, count in state.tags}
        for name, change in delta.items():
            if change and (name not in counts or counts[name] + change < 0):
                return False
        updated: list[tuple[Tag, int]] = []
        for tag, count in state.tags:
            count += delta.get(tag.name, 0)
            if count or tag.quick_key is not None:
                updated.append((tag, count))
        if updated != state.tags:
            state.tags = updated
            self._reparse_filter()
            if self.is_mounted:
                self._pending_tags = True
                self._schedule_view()
        return True

    def set_cursor(self, offset: int) -> None:
        """The article cursor moved to ``offset``. Annotations containing it are marked; the
        first becomes current (unless the current one also contains it) and the list follows,
        without taking focus. With none there, nothing is current."""
        state = self._state
        state.cursor = offset
        state.under = self._ids_under(offset)
        if self._current is None or self._current.id not in state.under:
            self._current = state.by_id[self._first_shown(state.under)] if state.under else None
            self._source_index = 0
            if not self._view_scheduled:
                self._request_detail()
        if not self.is_mounted or self._view_scheduled:
            return  # the coming view update marks, highlights and shows the detail
        self._sync_marks()
        self._highlight_current()

    def set_tags(self, counts: Sequence[tuple[Tag, int]]) -> None:
        """The brief's tags with their annotation counts (and quick keys, and colours)."""
        state = self._state
        state.tags = sorted(counts, key=lambda tc: tc[0].name)
        styles = {tag.name: tag.color for tag, _ in counts if tag.color}
        restyle = styles != state.tag_styles
        state.tag_styles = styles
        self._filter = AnnotationFilter.parse(self._filter.text, self._known_tags())
        if self.is_mounted:
            self._rebuild_tags()
            if restyle or self._fit_orphans():
                self._rebuild_list()
                self._rebuild_orphans()

    def focus_list(self) -> None:
        self._list.focus()

    def set_orphans(self, orphans: Sequence[Annotation]) -> None:
        """The brief's orphans (annotations not on the text), listed apart from the others;
        the chosen one is kept if it is still there. The list is hidden when there are none."""
        chosen = self.chosen_orphan
        self._orphans = sorted(orphans, key=orphan_order)
        if self.is_mounted:
            self._rebuild_orphans(None if chosen is None else chosen.id)
            self._show_detail()

    def update_orphans(self, gone: Sequence[int], new: Annotation | None) -> None:
        """The orphans with the ids in ``gone`` went (re-attached or deleted) and ``new``, if
        it is an orphan, came: only their rows change. The chosen orphan stays chosen while it
        is there; when it goes, the next one is chosen."""
        orphans = self._orphans
        chosen = self.chosen_orphan
        rows = self._orphan_list
        mounted = self.is_mounted
        for ann_id in gone:
            index = next((i for i, a in enumerate(orphans) if a.id == ann_id), None)
            if index is not None:
                del orphans[index]
                if mounted:
                    rows.remove_option_at_index(index)
        if new is not None and new.orphan:
            index = bisect.bisect_left(orphans, orphan_order(new), key=orphan_order)
            orphans.insert(index, new)
            if mounted:
                compact = self._orphans_compact
                rows.insert_option_at_index(
                    index, rows.row(new, self._state.tag_styles, compact=compact)
                )
        if not mounted:
            return
        kept = None if chosen is None else self._orphan_index(chosen.id)
        if self._fit_orphans():
            self._rebuild_orphans(None if chosen is None else chosen.id)
        else:
            self._orphans_shown()
            if kept is not None:
                rows.highlighted = kept
            elif orphans and rows.highlighted is None:
                rows.highlighted = 0
        self._show_detail()

    def _orphan_index(self, annotation_id: int) -> int | None:
        return next((i for i, a in enumerate(self._orphans) if a.id == annotation_id), None)

    def focus_orphans(self) -> bool:
        """Focus the orphans list; False (nothing done) when there are no orphans."""
        if not self._orphans:
            return False
        self._orphan_list.focus()
        return True

    def choose_orphan(self, annotation_id: int) -> None:
        """Make this orphan the chosen one (highlighted in the orphans list)."""
        for index, orphan in enumerate(self._orphans):
            if orphan.id == annotation_id:
                self._orphan_list.highlighted = index
                self._orphan_sticky = True
                self._request_detail()
                return

    def _fit_orphans(self) -> bool:
        """Size the orphans list to what the panel can spare: the list and the detail keep
        their minimum height and the tags box its own (in a short panel, orphans take two
        lines and the tags two); rows lose their second line (note and tags, still in the
        detail) when two lines each would leave too few in view. True when the rows must be
        rebuilt for that."""
        height = self.size.height
        if not height:
            return False
        crowded = bool(self._orphans) and height < _CROWDED_BELOW
        self.set_class(crowded, "-crowded")
        if crowded:
            rows = 2
        else:
            tag_rows = min(_TAG_ROWS, max(1, len(self._state.tags)))
            spare = height - _LIST_AND_DETAIL - (tag_rows + 2) - 2
            rows = max(2, min(spare, height // 3))
        self._orphan_list.styles.max_height = rows
        compact = rows_needed(self._orphans) > rows and rows < _FULL_ROWS_FROM
        changed = compact != self._orphans_compact
        self._orphans_compact = compact
        return changed

    def _rebuild_orphans(self, chosen_id: int | None = None) -> None:
        """Rows for every orphan; ``chosen_id`` (else the chosen one) stays chosen."""
        orphans = self._orphans
        rows = self._orphan_list
        if chosen_id is None and (chosen := self.chosen_orphan) is not None:
            chosen_id = chosen.id
        previous = rows.highlighted
        self._fit_orphans()
        styles, compact = self._state.tag_styles, self._orphans_compact
        rows.set_options([rows.row(a, styles, compact=compact) for a in orphans])
        if orphans:
            kept = None if chosen_id is None else self._orphan_index(chosen_id)
            rows.highlighted = kept if kept is not None else min(previous or 0, len(orphans) - 1)
        self._orphans_shown()

    def _orphans_shown(self) -> None:
        """The orphans box: shown with its count while there are orphans."""
        orphans = self._orphans
        box = self.query_one("#panel-orphans-box")
        box.set_class(bool(orphans), "-shown")
        count = len(orphans)
        box.border_title = f"{ORPHAN_MARKER} Orphans {count}"
        box.border_subtitle = "not on the text" if count else ""
        if not orphans:
            self._orphan_sticky = False
            if self._orphan_list.has_focus:
                self._orphan_focus = False
                self._list.focus()

    def _rebuild_list(self) -> None:
        state = self._state
        query = self._filter
        if query.active:
            hay = self._haystack if query.words else (lambda a: "")
            shown = [a for a in state.annotations if query.matches(a, hay(a))]
        else:
            shown = list(state.annotations)
        state.shown = shown
        self._pending_gone.clear()
        self._pending_added.clear()
        self._pending_rebuild = False
        under = set(state.under)
        self._marked = {ann_id for ann_id in under if self._shown_at(ann_id) is not None}
        scroll_y = self._list.scroll_y
        if shown:
            # Rows are made as they are drawn: a row first drawn later is marked as the
            # cursor is then (rows already made are marked by _sync_marks).
            self._list.set_rows(list(shown), self._make_row, key=_order, height=_row_height)
        else:
            message = "No annotations match the filter." if query.active else "No annotations yet."
            self._list.set_options([Option(Content.styled(message, _SUBTLE), disabled=True)])
        self._list.scroll_to(y=scroll_y, animate=False, immediate=True)
        self._highlight_current()
        self._update_count()

    def _reparse_filter(self) -> None:
        """Parse the filter again (``#prefix`` terms depend on the tags known); a change
        rebuilds the list with the next view update."""
        parsed = AnnotationFilter.parse(self._filter.text, self._known_tags())
        if parsed != self._filter:
            self._filter = parsed
            if self.is_mounted:
                self._pending_rebuild = True
                self._schedule_view()

    def _schedule_view(self) -> None:
        if not self._view_scheduled:
            self._view_scheduled = True
            self.call_after_refresh(self._update_view)

    def _update_view(self) -> None:
        """Bring the widgets up to date with the data changed since the last refresh."""
        self._view_scheduled = False
        if not self.is_mounted:
            return
        if self._pending_rebuild:
            self._rebuild_list()
        else:
            self._patch_list()
        if self._pending_tags:
            self._pending_tags = False
            self._rebuild_tags()
        self._show_detail()

    def _patch_list(self) -> None:
        """Remove the rows of annotations that went and insert those that came (where the
        filter shows them), then mark and highlight: what :meth:`_rebuild_list` would show,
        without rebuilding every row."""
        state = self._state
        query = self._filter
        shown = state.shown
        removals = [a for a in self._pending_gone if self._shown_position(a) is not None]
        # Only the latest version of each, and only if it is still there.
        latest = {a.id: a for a in self._pending_added}
        inserts = [
            a
            for a in latest.values()
            if state.by_id.get(a.id) is a
            and (not query.active or query.matches(a, self._haystack(a) if query.words else ""))
        ]
        self._pending_gone.clear()
        self._pending_added.clear()
        if (removals or inserts) and (not shown or (len(shown) == len(removals) and not inserts)):
            # The "no annotations" line comes or goes: rebuilding a list this short is cheap.
            self._rebuild_list()
            return
        rows = self._list
        for a in removals:
            index = bisect.bisect_left(shown, _order(a), key=_order)
            del shown[index]
            rows.remove_option_at_index(index)
            self._marked.discard(a.id)
        for a in inserts:
            index = bisect.bisect_left(shown, _order(a), key=_order)
            shown.insert(index, a)
            rows.insert_row(index, a)
        self._sync_marks()
        self._highlight_current()
        self._update_count()

    def _make_row(self, annotation: Annotation) -> Option:
        return Option(_Row(annotation, annotation.id in self._marked, self._state.tag_styles))

    def _sync_marks(self) -> None:
        """Mark the rows of the annotations under the cursor, and unmark the others."""
        wanted = {ann_id for ann_id in self._state.under if self._shown_at(ann_id) is not None}
        redraw = False
        for ann_id in wanted.symmetric_difference(self._marked):
            index = self._shown_at(ann_id)
            option = None if index is None else self._list.made_option(index)
            if option is not None:
                row = option.prompt
                if isinstance(row, _Row):
                    row.under_cursor = ann_id in wanted
                    redraw = True
        self._marked = wanted
        if redraw:
            self._list.redraw_rows()

    def _update_count(self) -> None:
        total = len(self._state.annotations)
        shown = len(self._state.shown)
        box = self.query_one("#panel-list-box")
        box.border_title = (
            f"Annotations {shown} of {total}" if self._filter.active else f"Annotations {total}"
        )

    def _highlight_current(self) -> None:
        current = self._current
        index = None if current is None else self._shown_at(current.id)
        if index is None:
            self._list.highlighted = None
        elif self._list.highlighted != index:
            self._list.highlighted = index
        else:
            self._list.scroll_to_highlight()

    def _set_current(self, annotation: Annotation | None) -> bool:
        old = self._current
        self._current = annotation
        if (old is None) != (annotation is None) or (
            old is not None and annotation is not None and old.id != annotation.id
        ):
            self._source_index = 0
            self._request_detail()
            return True
        if old != annotation:
            self._request_detail()
        return False

    # ------------------------------------------------------------------ the tags

    def _rebuild_tags(self) -> None:
        tag_list = self._tag_list
        previous = tag_list.highlighted
        old_name = (
            self._state.tags[previous][0].name
            if previous is not None and previous < len(self._state.tags)
            else None
        )
        options: list[Option] = []
        for tag, count in self._state.tags:
            key = str(tag.quick_key) if tag.quick_key is not None else " "
            options.append(
                Option(
                    Content.assemble(
                        (key, _KEY_STYLE),
                        " ",
                        (display_safe(tag.name), tag.color or ""),
                        " ",
                        (f"({count})", _SUBTLE),
                        strip_control_codes=False,
                    )
                )
            )
        if not options:
            options = [Option(Content.styled("No tags yet (t tags an annotation).", _SUBTLE),
                              disabled=True)]  # fmt: skip
        tag_list.set_options(options)
        names = [tag.name for tag, _ in self._state.tags]
        if names:
            tag_list.highlighted = names.index(old_name) if old_name in names else 0
        box = self.query_one("#panel-tags-box")
        box.border_title = f"Tags {len(names)}" if names else "Tags"

    def _tag_at(self, index: int | None) -> Tag | None:
        if index is None or not 0 <= index < len(self._state.tags):
            return None
        return self._state.tags[index][0]
