"""What the panel holds: the data the screen gave it, what it derived from that, and its
parts; the base of the mixins that make up :class:`AnnotationPanel`.

The mixins are plain classes at run time (Textual sees only ``AnnotationPanel(Widget)``, so
its CSS and bindings are gathered as before) and ``Widget`` subclasses for the type checker.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.content import Content
from textual.timer import Timer

from briefreader.store.records import Annotation, Tag
from briefreader.tui.widgets.panel.annotation_list import _AnnotationList
from briefreader.tui.widgets.panel.filtering import AnnotationFilter, _FilterInput, _haystack
from briefreader.tui.widgets.panel.orphans import _OrphanList
from briefreader.tui.widgets.panel.parts import _DetailScroll, _TagList
from briefreader.tui.widgets.panel.rows import _order

if TYPE_CHECKING:
    from textual.widget import Widget as _Mixin
else:
    _Mixin = object


@dataclass
class _State:
    """What the screen gave the panel, and what the panel derived from it."""

    annotations: list[Annotation] = field(default_factory=list)
    by_id: dict[int, Annotation] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)
    longest: int = 0
    haystacks: dict[int, str] = field(default_factory=dict)
    shown: list[Annotation] = field(default_factory=list)
    under: list[int] = field(default_factory=list)
    cursor: int | None = None
    tags: list[tuple[Tag, int]] = field(default_factory=list)
    tag_styles: dict[str, str] = field(default_factory=dict)
    #: How many annotations carry each tag name (names with none are left out).
    tag_uses: Counter[str] = field(default_factory=Counter)


class _PanelBase(_Mixin):
    """The panel's state and parts, and what is derived from the data it was given."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._state = _State()
        self._filter = AnnotationFilter()
        self._current: Annotation | None = None
        self._source_index = 0
        self._filter_input = _FilterInput()
        self._list = _AnnotationList(id="panel-list")
        self._tag_list = _TagList(id="panel-tags")
        self._scroll = _DetailScroll(id="panel-detail-scroll")
        # Orphans are not on the text: they have their own list, and the detail shows the
        # chosen one while that list has focus.
        self._orphans: list[Annotation] = []
        self._orphan_list = _OrphanList(id="panel-orphans")
        self._orphan_focus = False
        # The orphans list was the last part of the panel focused: its chosen orphan is shown
        # while nothing is under the article cursor.
        self._orphan_sticky = False
        self._orphans_compact = False
        self._detail_timer: Timer | None = None
        self._detail_shown_at = 0.0
        self._detail_blocks: list[Content] = []
        self._source_lines: list[int] = []
        # What the detail and the key hint show now, so an unchanged one is not redrawn.
        self._detail_shown: object = None
        self._hint_shown: list[tuple[str, str]] | None = None
        # What the panel's key checks depended on when the footer last asked.
        self._bindings_state: object = -1
        # Ids whose rows show the under-the-cursor mark.
        self._marked: set[int] = set()
        # Changes made to the data and not yet to the widgets (see update_annotation).
        self._pending_gone: list[Annotation] = []
        self._pending_added: list[Annotation] = []
        self._pending_rebuild = False
        self._pending_tags = False
        self._view_scheduled = False

    @property
    def current_annotation(self) -> Annotation | None:
        return self._current

    @property
    def orphans(self) -> Sequence[Annotation]:
        """The orphans last given to ``set_orphans``, in the order the list shows them."""
        return self._orphans

    @property
    def chosen_orphan(self) -> Annotation | None:
        """The orphan highlighted in the orphans list (the one a re-attach acts on)."""
        index = self._orphan_list.highlighted
        if index is None or not 0 <= index < len(self._orphans):
            return None
        return self._orphans[index]

    @property
    def orphans_focused(self) -> bool:
        """Whether the orphans list has focus (the keys then act on the chosen orphan)."""
        return self._orphan_list.has_focus

    @property
    def _detail_target(self) -> Annotation | None:
        """What the detail shows and the panel's edit keys act on: the chosen orphan while the
        orphans list has focus (or had it last, and nothing is under the cursor), else the
        current annotation."""
        if self._orphan_focus or (self._orphan_sticky and self._current is None):
            orphan = self.chosen_orphan
            if orphan is not None:
                return orphan
        return self._current

    @property
    def filter_text(self) -> str:
        return self._filter.text

    @property
    def shown_annotations(self) -> Sequence[Annotation]:
        """The annotations the list shows now (after the filter), in text order."""
        return self._state.shown

    @property
    def under_cursor(self) -> Sequence[int]:
        """Ids of the annotations containing the last :meth:`set_cursor` offset, text order."""
        return self._state.under

    @property
    def tags(self) -> Sequence[tuple[Tag, int]]:
        """The tags and counts last given to :meth:`set_tags`, by name."""
        return self._state.tags

    def _known_tags(self) -> list[str]:
        names = {tag.name for tag, _ in self._state.tags}
        names.update(self._state.tag_uses)
        return sorted(names)

    def _ids_under(self, offset: int | None) -> list[int]:
        state = self._state
        if offset is None or not state.annotations:
            return []
        # Only annotations starting in (offset - longest, offset] can contain offset.
        lo = bisect.bisect_right(state.starts, offset - state.longest)
        hi = bisect.bisect_right(state.starts, offset)
        return [a.id for a in state.annotations[lo:hi] if a.start <= offset < a.end]

    def _first_shown(self, ids: Sequence[int]) -> int:
        """The first of ``ids`` the list shows, else the first of them."""
        for ann_id in ids:
            if self._shown_at(ann_id) is not None:
                return ann_id
        return ids[0]

    def _shown_position(self, annotation: Annotation) -> int | None:
        """Where ``annotation`` (this very version) is in the list, or None. Found by bisection
        (the list is in text order), so adding a row does not renumber the rows after it."""
        shown = self._state.shown
        index = bisect.bisect_left(shown, _order(annotation), key=_order)
        return index if index < len(shown) and shown[index] is annotation else None

    def _shown_at(self, ann_id: int) -> int | None:
        """Where the annotation with this id is in the list, or None."""
        annotation = self._state.by_id.get(ann_id)
        return None if annotation is None else self._shown_position(annotation)

    def _haystack(self, annotation: Annotation) -> str:
        cached = self._state.haystacks.get(annotation.id)
        if cached is None:
            cached = self._state.haystacks[annotation.id] = _haystack(annotation)
        return cached
