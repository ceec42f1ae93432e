"""The panel's orphans box: the brief's orphans (annotations re-anchoring could not place in its
current text), a row each, where they used to be; shown only while there are any, and sized to
what the panel can spare. Enter shows where one used to be; ``x`` asks to delete it; the screen's
``A`` attaches the chosen one to the selection.

The orphans come from the panel's data (the screen's one copy); :meth:`OrphansBox.reset` after
the brief was read again, :meth:`OrphansBox.apply` for one change: only the changed rows move.
"""

from __future__ import annotations

import bisect
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefreader.reading.shown import Delta, orphan_order
from briefreader.store.records import Annotation
from briefreader.tui.widgets.panel.annotation_list import _AnnotationList
from briefreader.tui.widgets.panel.data import PanelData
from briefreader.tui.widgets.panel.messages import DeleteOrphanRequested, OrphanJumpTo
from briefreader.tui.widgets.panel.orphan_rows import _OrphanRow, rows_needed
from briefreader.tui.widgets.panel.rows import ORPHAN_MARKER

#: Lines the annotation list and the detail keep (their boxes' min-height) when orphans show.
_LIST_AND_DETAIL = 12
#: Most lines the tags list takes (its max-height).
_TAG_ROWS = 6
#: A panel shorter than this (80x24 has 22) gives orphans and tags two lines each.
CROWDED_BELOW = 34
#: With fewer lines than this for orphans, each gets one line if two would not all fit.
_FULL_ROWS_FROM = 6


class _OrphanList(_AnnotationList):
    """The orphans' rows (one row in or out at a time, like the annotation list)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # The screen attaches (it owns the article's selection); bound here as well so the
        # footer lists it first while the orphans are in focus.
        Binding("A", "screen.attach_orphan", "Attach here", id="panel.attach_orphan"),
        Binding("x", "delete_orphan", "Delete orphan", id="panel.delete_orphan"),
    ]

    DEFAULT_CSS = """
    _OrphanList {
        height: auto;
        max-height: 6;
        & > .option-list--option-highlighted {
            color: $foreground;
            background: $warning 12%;
            text-style: none;
        }
        &:focus > .option-list--option-highlighted {
            color: $foreground;
            background: $warning 30%;
            text-style: none;
        }
    }
    """

    class DeleteOrphan(Message):
        """``x``: delete the highlighted orphan."""

    def action_delete_orphan(self) -> None:
        self.post_message(self.DeleteOrphan())


class OrphansBox(Vertical):
    """The orphans list in its box (see the module docstring)."""

    def __init__(self, data: PanelData) -> None:
        super().__init__(id="panel-orphans-box", classes="panel-box")
        self.border_title = "Orphans"
        self._data = data
        self.rows = _OrphanList(id="panel-orphans")
        #: The orphans as listed, by where they used to be.
        self.orphans: list[Annotation] = []
        self._compact = False

    def compose(self) -> ComposeResult:
        yield self.rows

    @property
    def chosen(self) -> Annotation | None:
        """The highlighted orphan (the one a re-attach acts on)."""
        index = self.rows.highlighted
        if index is None or not 0 <= index < len(self.orphans):
            return None
        return self.orphans[index]

    def reset(self) -> None:
        """The orphans were read again: the chosen one is kept if it is still there."""
        chosen = self.chosen
        self.orphans = self._data.shown.orphans
        if self.is_mounted:
            self.rebuild(None if chosen is None else chosen.id)

    def apply(self, delta: Delta) -> None:
        """Orphans went (re-attached or deleted) and came: only their rows change. The chosen
        one stays chosen while it is there; when it goes, the next one is chosen."""
        orphans = self.orphans
        chosen = self.chosen
        rows = self.rows
        mounted = self.is_mounted
        for gone in delta.orphans_removed:
            index = self._index(gone.id)
            if index is not None:
                del orphans[index]
                if mounted:
                    rows.remove_option_at_index(index)
        for new in delta.orphans_added:
            index = bisect.bisect_left(orphans, orphan_order(new), key=orphan_order)
            orphans.insert(index, new)
            if mounted:
                rows.insert_option_at_index(index, self._row(new))
        if not mounted:
            return
        kept = None if chosen is None else self._index(chosen.id)
        self._show_count()
        if kept is not None:
            rows.highlighted = kept
        elif orphans and rows.highlighted is None:
            rows.highlighted = 0

    def choose(self, annotation_id: int) -> bool:
        """Highlight this orphan; False when it is not listed."""
        index = self._index(annotation_id)
        if index is None:
            return False
        self.rows.highlighted = index
        return True

    def fit(self, height: int) -> tuple[bool, bool]:
        """Size the list to what a panel ``height`` lines tall can spare: the annotation list
        and the detail keep their minimum height and the tags box its own (in a short panel,
        orphans take two lines and the tags two); rows lose their second line (note and tags,
        still in the detail) when two lines each would leave too few in view.

        Returns (crowded: the panel is short and has orphans, the rows must be rebuilt)."""
        crowded = bool(self.orphans) and height < CROWDED_BELOW
        if crowded:
            room = 2
        else:
            tag_rows = min(_TAG_ROWS, max(1, len(self._data.tags)))
            spare = height - _LIST_AND_DETAIL - (tag_rows + 2) - 2
            room = max(2, min(spare, height // 3))
        self.rows.styles.max_height = room
        compact = rows_needed(self.orphans) > room and room < _FULL_ROWS_FROM
        changed = compact != self._compact
        self._compact = compact
        return crowded, changed

    def rebuild(self, chosen_id: int | None = None) -> None:
        """A row for every orphan; ``chosen_id`` (else the chosen one) stays chosen."""
        orphans = self.orphans
        rows = self.rows
        if chosen_id is None and (chosen := self.chosen) is not None:
            chosen_id = chosen.id
        previous = rows.highlighted
        rows.set_options([self._row(a) for a in orphans])
        if orphans:
            kept = None if chosen_id is None else self._index(chosen_id)
            rows.highlighted = kept if kept is not None else min(previous or 0, len(orphans) - 1)
        self._show_count()

    def _row(self, annotation: Annotation) -> Option:
        return Option(_OrphanRow(annotation, self._data.tag_styles, compact=self._compact))

    def _show_count(self) -> None:
        """Shown with the count while there are orphans."""
        count = len(self.orphans)
        self.set_class(bool(count), "-shown")
        self.border_title = f"{ORPHAN_MARKER} Orphans {count}"
        self.border_subtitle = "not on the text" if count else ""

    def _index(self, annotation_id: int) -> int | None:
        return next((i for i, a in enumerate(self.orphans) if a.id == annotation_id), None)

    @on(OptionList.OptionSelected, "#panel-orphans")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if (orphan := self.chosen) is not None:
            self.post_message(OrphanJumpTo(orphan.id))

    @on(_OrphanList.DeleteOrphan)
    def _delete(self, event: _OrphanList.DeleteOrphan) -> None:
        event.stop()
        if (orphan := self.chosen) is not None:
            self.post_message(DeleteOrphanRequested(orphan.id))
