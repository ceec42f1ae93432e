"""The reader's side panel: the brief's annotations as a filterable list, the detail of the
current annotation, and the brief's tags with their counts and quick keys.

Pure presentation: the panel never touches the store. The reader screen feeds it data
(:meth:`AnnotationPanel.set_annotations`, :meth:`~AnnotationPanel.set_cursor`,
:meth:`~AnnotationPanel.set_tags`; after an edit, :meth:`~AnnotationPanel.update_annotation`
and :meth:`~AnnotationPanel.adjust_tag_counts`, which touch one row and redraw after the
article has shown the edit) and acts on the messages it posts (jump to an annotation, edit a
field, delete a source, bind a quick key), opening whatever dialogs that needs.

Everything that comes from a brief or a user (quotes, notes, tags, titles, URLs) is shown as
plain text through :func:`~briefreader.text.display.display_safe`, never as markup.

Filter syntax (typed in the line above the list; terms are combined with AND, and several
kinds or verdicts with OR): ``#tag`` (exact tag, or tags starting with what was typed),
``highlight`` / ``claim`` / ``note``, ``unverified`` / ``supported`` / ``disputed`` /
``refuted``, any other word (searched in quote, note, claimant and sources), ``"quoted words"``
to search for a word that would otherwise be a keyword.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import accumulate
from time import monotonic
from typing import ClassVar, Self, cast, overload

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.timer import Timer
from textual.visual import RenderOptions, Visual, VisualType, visualize
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from briefreader.store.records import Annotation, Tag
from briefreader.text.display import display_safe
from briefreader.text.validate import InvalidValue, normalise_tag

#: Kind markers, one cell each in common terminals (checked: East Asian width N or A, and not
#: emoji-presentation), so rows differ without colour.
KIND_MARKERS: dict[str, str] = {"highlight": "▌", "claim": "❝", "note": "✎"}
#: Same theme colours as the article paints the kinds with.
_KIND_STYLES: dict[str, str] = {
    "highlight": "$text-warning",
    "claim": "$text-primary",
    "note": "$text-success",
}
#: Claim verdicts: a symbol and a colour, always shown with the word so colour is not needed.
VERDICTS: dict[str, tuple[str, str]] = {
    "unverified": ("?", "$text-muted"),
    "supported": ("✓", "$text-success"),
    "disputed": ("~", "$text-warning"),
    "refuted": ("✗", "$text-error"),
}
_KIND_WORDS: dict[str, str] = {
    "highlight": "highlight",
    "highlights": "highlight",
    "claim": "claim",
    "claims": "claim",
    "note": "note",
    "notes": "note",
}
FILTER_PLACEHOLDER = '/ filter: #tag claim refuted words "text"'
FILTER_HELP = (
    "Filter the annotations. Terms combine with AND:\n"
    "  #tag       annotations with that tag (or tags starting with it)\n"
    "  highlight  claim  note       by kind (several: any of them)\n"
    "  unverified  supported  disputed  refuted   by claim verdict\n"
    "  words      found in the quote, note, claimant or sources\n"
    '  "claim"    search for a keyword as a word\n'
    "Enter: back to the list.  Esc: clear the filter."
)
_WS = re.compile(r"\s+")
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
#: Seconds between redraws of the detail while the current annotation keeps changing.
DETAIL_DELAY = 0.05
#: Characters of a quote kept for its list row: more than any panel is wide.
_SNIPPET_CHARS = 400
_SUBTLE = "$text-muted"
_KEY_STYLE = "$text-accent bold"


def _snippet(text: str) -> str:
    """The start of ``text`` on one line, display-safe."""
    return display_safe(_WS.sub(" ", text[:_SNIPPET_CHARS]).strip())


def _verdict(annotation: Annotation) -> str | None:
    if annotation.kind != "claim":
        return None
    return annotation.claim_status or "unverified"


def _verdict_badge(status: str) -> tuple[str, str]:
    symbol, style = VERDICTS.get(status, ("?", _SUBTLE))
    return f"{symbol} {status}", style


def _kind_style(annotation: Annotation) -> str:
    if annotation.color:
        # A colour the user chose wins; an unparsable one falls back to no colour when drawn.
        return annotation.color
    return _KIND_STYLES.get(annotation.kind, _SUBTLE)


def _order(annotation: Annotation) -> tuple[int, int, int]:
    """The list's order: text order, ties by id."""
    return (annotation.start, annotation.end, annotation.id)


def _update_static(widget: Static, content: VisualType) -> None:
    """``widget.update(content)``, asking for a layout only when the height changes.

    ``Static.update`` lays out the whole screen again; the detail changes as the cursor moves,
    and the boxes keep their size when the new content is as tall as the old at this width.
    """
    width = widget.content_region.width
    if not widget.display:
        # Not laid out while hidden; showing it again lays it out.
        widget.update(content, layout=False)
        return
    if width > 0:
        styles = cast("RulesMap", widget.styles)
        old_height = widget.visual.get_height(styles, width)
        if visualize(widget, content, markup=False).get_height(styles, width) == old_height:
            widget.update(content, layout=False)
            return
    widget.update(content)


def _when(moment: datetime) -> str:
    """A stored (UTC) time in the local zone; naive values from SQLite are UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------------------------- filtering


@dataclass(frozen=True)
class AnnotationFilter:
    """A parsed filter line. ``tags`` holds, per ``#tag`` term, the tag names that satisfy it."""

    text: str = ""
    tags: tuple[frozenset[str], ...] = ()
    kinds: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str, known_tags: Sequence[str] = ()) -> AnnotationFilter:
        tags: list[frozenset[str]] = []
        kinds: set[str] = set()
        statuses: set[str] = set()
        words: list[str] = []
        for match in _TOKEN.finditer(text):
            quoted, bare = match.group(1), match.group(2)
            if quoted is not None:
                words.extend(w.casefold() for w in quoted.split())
                continue
            lowered = bare.casefold()
            if bare.startswith("#"):
                try:
                    name = normalise_tag(bare[1:])
                except InvalidValue:
                    continue  # a lone "#" while typing: no term yet
                if name in known_tags:
                    tags.append(frozenset((name,)))
                else:  # still typing, or a prefix on purpose
                    tags.append(frozenset(t for t in known_tags if t.startswith(name)))
            elif lowered in _KIND_WORDS:
                kinds.add(_KIND_WORDS[lowered])
            elif lowered in VERDICTS:
                statuses.add(lowered)
            else:
                words.append(lowered)
        return cls(text, tuple(tags), frozenset(kinds), frozenset(statuses), tuple(words))

    @property
    def active(self) -> bool:
        return bool(self.tags or self.kinds or self.statuses or self.words)

    def matches(self, annotation: Annotation, haystack: str) -> bool:
        """``haystack``: the annotation's searchable text, case-folded (see ``_haystack``)."""
        if self.kinds and annotation.kind not in self.kinds:
            return False
        if self.statuses and _verdict(annotation) not in self.statuses:
            return False
        for wanted in self.tags:
            if wanted.isdisjoint(annotation.tags):
                return False
        return all(word in haystack for word in self.words)


def _haystack(annotation: Annotation) -> str:
    parts = [annotation.quote, annotation.note, annotation.claimant or ""]
    for source in annotation.sources:
        parts.extend((source.title, source.url, source.note))
    return "\n".join(parts).casefold()


# ---------------------------------------------------------------------------------- the list


class _Row(Visual):
    """One annotation as a list row: kind marker and the start of the quote, then a second,
    dimmer line with the verdict, source count and tags when there are any.

    The Content is built only when the row is first drawn, so listing thousands of
    annotations costs little more than creating these objects.
    """

    def __init__(
        self, annotation: Annotation, under_cursor: bool, tag_styles: Mapping[str, str]
    ) -> None:
        self.annotation = annotation
        self._under_cursor = under_cursor
        self._tag_styles = tag_styles
        self._height = 2 if self.has_meta(annotation) else 1
        self._lines: tuple[Content, Content | None] | None = None

    @property
    def under_cursor(self) -> bool:
        return self._under_cursor

    @under_cursor.setter
    def under_cursor(self, value: bool) -> None:
        if value != self._under_cursor:
            self._under_cursor = value
            self._lines = None

    @staticmethod
    def has_meta(annotation: Annotation) -> bool:
        return annotation.kind == "claim" or bool(annotation.tags or annotation.sources)

    def _build(self) -> tuple[Content, Content | None]:
        if self._lines is not None:
            return self._lines
        a = self.annotation
        gutter = ("▸", "$text-accent bold") if self.under_cursor else " "
        first = Content.assemble(
            gutter,
            (KIND_MARKERS.get(a.kind, "·"), _kind_style(a)),
            " ",
            (_snippet(a.quote) or "(empty)", "bold" if self.under_cursor else ""),
            strip_control_codes=False,
        )
        meta: Content | None = None
        if self.has_meta(a):
            parts: list[str | tuple[str, str]] = ["   "]
            status = _verdict(a)
            if status is not None:
                parts.extend((_verdict_badge(status), "  "))
            if a.sources:
                parts.extend(((f"{len(a.sources)} src", _SUBTLE), "  "))
            for tag in a.tags:
                parts.extend(((f"#{display_safe(tag)}", self._tag_styles.get(tag, _SUBTLE)), " "))
            meta = Content.assemble(*parts, strip_control_codes=False).rstrip()
        self._lines = (first, meta)
        return self._lines

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if width <= 0:
            return []
        first, meta = self._build()
        strips = first.truncate(width, ellipsis=True).render_strips(width, 1, style, options)
        if meta is not None:
            strips += meta.truncate(width, ellipsis=True).render_strips(width, 1, style, options)
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._height


class _Packed(Visual):
    """Items laid out left to right and wrapped between items, never inside one (a key
    stays with its label)."""

    def __init__(self, items: Sequence[Content], gap: int = 2) -> None:
        self._items = list(items)
        self._gap = gap

    def __str__(self) -> str:
        return (" " * self._gap).join(item.plain for item in self._items)

    def _lines(self, width: int) -> list[Content]:
        lines: list[Content] = []
        line = Content()
        for item in self._items:
            if line and line.cell_length + self._gap + item.cell_length > width:
                lines.append(line)
                line = Content()
            line = line + Content(" " * self._gap) + item if line else item
        if line:
            lines.append(line)
        return [line.truncate(width, ellipsis=True) for line in lines]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips: list[Strip] = []
        for line in self._lines(width):
            strips += line.render_strips(width, 1, style, options)
        return strips[:height] if height is not None else strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        if not self._items:
            return 0
        return sum(item.cell_length for item in self._items) + self._gap * (len(self._items) - 1)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self._lines(width))


class _LineIndex:
    """OptionList's line bookkeeping (its ``_line_cache``) kept as the height of each option
    and the running sums of those heights, so one option in or out is a list insert and a
    C-speed re-sum, instead of a tuple per line rebuilt for every option after it."""

    def __init__(self) -> None:
        self.heights: list[int] = []
        #: ``starts[i]``: the first line of option ``i``; ``starts[-1]``: how many lines.
        self.starts: list[int] = [0]

    def clear(self) -> None:
        self.heights = []
        self.starts = [0]

    def resum(self) -> None:
        self.starts = list(accumulate(self.heights, initial=0))


class _Lines(Sequence[tuple[int, int]]):
    """(option index, line within the option) for each line, found when asked."""

    def __init__(self, starts: list[int]) -> None:
        self._starts = starts

    def __len__(self) -> int:
        return self._starts[-1]

    @overload
    def __getitem__(self, y: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, y: slice) -> Sequence[tuple[int, int]]: ...
    def __getitem__(self, y: int | slice) -> tuple[int, int] | Sequence[tuple[int, int]]:
        if isinstance(y, slice):
            return [self[line] for line in range(*y.indices(len(self)))]
        starts = self._starts
        total = starts[-1]
        if y < 0:
            y += total
        if not 0 <= y < total:
            raise IndexError(y)
        option = bisect.bisect_right(starts, y) - 1
        return option, y - starts[option]


class _ByOption(Mapping[int, int]):
    """A per-option list seen as the ``{option index: value}`` dict OptionList expects."""

    def __init__(self, values: list[int], count: int) -> None:
        self._values = values
        self._count = count

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < self._count:
            raise KeyError(index)
        return self._values[index]

    def __iter__(self) -> Iterator[int]:
        return iter(range(self._count))

    def __len__(self) -> int:
        return self._count


class _AnnotationList(OptionList):
    """The annotation rows (OptionList draws only the visible rows).

    Adds inserting and removing one row without touching the others (OptionList only appends,
    and any change rebuilds its line index over every row: ~40 ms with 10,000 annotations).
    This replaces OptionList's private line index as of Textual 8.2 (``_line_cache`` and what
    reads it); tests/tui/test_panel.py checks the result against a full ``set_options``.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._line_index = _LineIndex()
        # OptionList clears its line cache whenever the lines may have changed.
        self._line_cache = self._line_index  # type: ignore[assignment]

    @property
    def _lines(self) -> Sequence[tuple[int, int]]:
        self._update_lines()
        return _Lines(self._line_index.starts)

    @property
    def _heights(self) -> Mapping[int, int]:  # type: ignore[override]
        self._update_lines()
        return _ByOption(self._line_index.heights, len(self._line_index.heights))

    @property
    def _index_to_line(self) -> Mapping[int, int]:  # type: ignore[override]
        self._update_lines()
        return _ByOption(self._line_index.starts, len(self._line_index.heights))

    def _option_height(self, option: Option, width: int) -> int:
        padding = self.get_component_styles("option-list--option").padding
        visual = self._get_visual(option)
        return visual.get_height(cast("RulesMap", self.styles), width - padding.width) + int(
            option._divider
        )

    def _content_width(self) -> int:
        return self.scrollable_content_region.width - self._get_left_gutter_width()

    def _update_lines(self) -> None:
        if not self.scrollable_content_region:
            return
        index = self._line_index
        options: list[Option] = self._options
        width = self._content_width()
        if len(index.heights) > len(options):
            index.clear()  # options went some way that did not clear the cache: start again
        if len(index.heights) < len(options):
            padding = self.get_component_styles("option-list--option").padding
            inner = width - padding.width
            styles = cast("RulesMap", self.styles)
            get_visual: Callable[[Option], Visual] = self._get_visual
            index.heights.extend(
                (option._visual or get_visual(option)).get_height(styles, inner)
                + int(option._divider)
                for option in options[len(index.heights) :]
            )
            index.resum()
        self._set_virtual_height()

    def _set_virtual_height(self) -> None:
        options: list[Option] = self._options
        last_divider = bool(options) and options[-1]._divider
        virtual_size = Size(
            self._content_width(), self._line_index.starts[-1] - (1 if last_divider else 0)
        )
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def insert_option_at_index(self, index: int, option: Option) -> None:
        """Insert ``option`` so that it is at ``index``. The highlight is left to the caller."""
        options: list[Option] = self._options
        options.insert(index, option)
        self._reindex_from(index)
        lines = self._line_index
        if self.scrollable_content_region and len(lines.heights) == len(options) - 1:
            lines.heights.insert(index, self._option_height(option, self._content_width()))
            lines.resum()
        else:
            lines.clear()
        self._rows_changed()

    def remove_option_at_index(self, index: int) -> Self:
        """Remove the option at ``index`` (the highlight stays in range)."""
        options: list[Option] = self._options
        option = options.pop(index)
        del self._option_to_index[option]
        if option.id is not None:
            del self._id_to_option[option.id]
        self._reindex_from(index)
        lines = self._line_index
        if len(lines.heights) == len(options) + 1:
            del lines.heights[index]
            lines.resum()
        else:
            lines.clear()
        self.highlighted = self.highlighted
        self._rows_changed()
        return self

    def _reindex_from(self, index: int) -> None:
        options: list[Option] = self._options
        self._option_to_index.update(zip(options[index:], range(index, len(options)), strict=True))

    def _rows_changed(self) -> None:
        self._mouse_hovering_over = None
        self._option_render_cache.clear()
        self.refresh()
        if self.is_mounted:
            self._update_lines()

    def redraw_rows(self) -> None:
        """Redraw rows whose look changed but not their height (the under-cursor mark).

        ``replace_option_prompt`` would also drop the line index, which OptionList then
        rebuilds over every option: ~10 ms per cursor move with 5,000 annotations. Only the
        cache of drawn rows needs to go.
        """
        cache = getattr(self, "_option_render_cache", None)
        if cache is not None:
            cache.clear()
            self.refresh()
        else:  # a Textual without that cache: the slower public way
            for index, option in enumerate(self.options):
                self.replace_option_prompt_at_index(index, option.prompt)

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


class _TagList(OptionList):
    """The brief's tags; ``b`` asks to bind a quick key to the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "bind_key", "Bind quick key", id="panel.bind_key"),
    ]

    DEFAULT_CSS = """
    _TagList {
        height: auto;
        max-height: 6;
        border: none;
        padding: 0;
        background: transparent;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .option-list--option { padding: 0 1; }
        &:focus { border: none; background-tint: $foreground 0%; }
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

    class BindKey(Message):
        def __init__(self, index: int | None) -> None:
            super().__init__()
            self.index = index

    def action_bind_key(self) -> None:
        self.post_message(self.BindKey(self.highlighted))


class _FilterInput(Input):
    """The filter line. Kept out of the normal Tab order (the panel decides when it takes
    focus) so that tabbing into the panel lands on the list, not on the line above it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", id="panel.filter_clear"),
    ]

    DEFAULT_CSS = """
    _FilterInput {
        background: $boost;
        padding: 0 1;
        margin-bottom: 0;
        &:focus { background-tint: $foreground 5%; }
    }
    """

    def __init__(self) -> None:
        super().__init__(placeholder=FILTER_PLACEHOLDER, compact=True, id="panel-filter")
        self.tooltip = FILTER_HELP
        self._armed = False

    def allow_focus(self) -> bool:
        return self._armed or self.has_focus

    def arm(self) -> None:
        self._armed = True

    def on_blur(self, event: events.Blur) -> None:
        self._armed = False

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._armed = True
        self.focus()

    class Leave(Message):
        """Esc in the filter line: cleared; the panel moves focus back to the list."""

    def action_clear_filter(self) -> None:
        self.value = ""
        self.post_message(self.Leave())


class _DetailScroll(VerticalScroll, can_focus=False):
    """The detail of the current annotation; scrolled with the panel's keys, never focused."""


# ---------------------------------------------------------------------------------- the panel


@dataclass
class _Hint:
    binding_id: str
    label: str
    needs_sources: int = 0  # shown only when the annotation has at least this many sources


_HINTS = (
    _Hint("panel.note", "note"),
    _Hint("panel.claim", "claim"),
    _Hint("panel.tags", "tags"),
    _Hint("panel.source", "source"),
    _Hint("panel.kind", "kind"),
    _Hint("panel.delete_source", "del source", 1),
    _Hint("panel.next_source", "source", 2),
)


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
        Binding("right_square_bracket", "next_source(1)", "Next source", show=False,
                id="panel.next_source"),
        Binding("left_square_bracket", "next_source(-1)", "Previous source", show=False,
                id="panel.previous_source"),
        Binding("shift+down", "scroll_detail(1)", "Scroll detail down", show=False,
                id="panel.detail_down"),
        Binding("shift+up", "scroll_detail(-1)", "Scroll detail up", show=False,
                id="panel.detail_up"),
        Binding("slash", "focus_filter", "Filter", show=False, id="panel.filter"),
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

    class FilterChanged(Message):
        def __init__(self, text: str, shown: int, total: int) -> None:
            super().__init__()
            self.text = text
            self.shown = shown
            self.total = total

    class CurrentChanged(Message):
        """The user moved to another row of the list (not posted for :meth:`set_cursor`)."""

        def __init__(self, annotation_id: int | None) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    # ------------------------------------------------------------------ construction

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
        self._detail_timer: Timer | None = None
        self._detail_shown_at = 0.0
        self._detail_blocks: list[Content] = []
        self._source_lines: list[int] = []
        # What the detail and the key hint show now, so an unchanged one is not redrawn.
        self._detail_shown: object = None
        self._hint_shown: list[tuple[str, str]] | None = None
        # What the panel's key checks depended on when the footer last asked.
        self._bindings_state: int | None = -1
        # Ids whose rows show the under-the-cursor mark.
        self._marked: set[int] = set()
        # Changes made to the data and not yet to the widgets (see update_annotation).
        self._pending_gone: list[Annotation] = []
        self._pending_added: list[Annotation] = []
        self._pending_rebuild = False
        self._pending_tags = False
        self._view_scheduled = False

    def compose(self) -> ComposeResult:
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
        self._show_detail()

    # ------------------------------------------------------------------ public API

    @property
    def current_annotation(self) -> Annotation | None:
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
            if restyle:
                self._rebuild_list()

    def set_filter(self, text: str) -> None:
        """Filter the list as if ``text`` had been typed in the filter line."""
        if self._filter_input.value != text:
            self._filter_input.value = text  # Input.Changed applies it
        self._apply_filter(text)

    def focus_list(self) -> None:
        self._list.focus()

    # ------------------------------------------------------------------ derived data

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

    # ------------------------------------------------------------------ the list

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
        styles = state.tag_styles
        options: list[Option] = [Option(_Row(a, a.id in under, styles)) for a in shown]
        if not shown:
            message = "No annotations match the filter." if query.active else "No annotations yet."
            options = [Option(Content.styled(message, _SUBTLE), disabled=True)]
        scroll_y = self._list.scroll_y
        self._list.set_options(options)
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
            rows.insert_option_at_index(index, Option(_Row(a, False, state.tag_styles)))
        self._sync_marks()
        self._highlight_current()
        self._update_count()

    def _sync_marks(self) -> None:
        """Mark the rows of the annotations under the cursor, and unmark the others."""
        wanted = {ann_id for ann_id in self._state.under if self._shown_at(ann_id) is not None}
        redraw = False
        for ann_id in wanted.symmetric_difference(self._marked):
            index = self._shown_at(ann_id)
            if index is not None:
                row = self._list.get_option_at_index(index).prompt
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

    @on(events.DescendantFocus)
    def _part_focused(self, event: events.DescendantFocus) -> None:
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
        self._list.focus()

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

    # ------------------------------------------------------------------ the detail

    def _request_detail(self) -> None:
        """Show the current annotation's detail now, or shortly if it was just redrawn: holding
        a key down moves through the list at key-repeat speed, and redrawing the detail (a
        relayout) on every step would make the list lag behind the keys."""
        if not self.is_mounted or self._detail_timer is not None:
            return
        if monotonic() - self._detail_shown_at >= DETAIL_DELAY:
            self._show_detail()
        else:
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._flush_detail)

    def _flush_detail(self) -> None:
        self._detail_timer = None
        self._show_detail()

    def _show_detail(self) -> None:
        if not self.is_mounted:
            return
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        self._detail_shown_at = monotonic()
        a = self._current
        shown = (a, self._source_index) if a is not None else bool(self._state.annotations)
        if shown == self._detail_shown:
            return
        self._detail_shown = shown
        self._sync_bindings()
        head = self.query_one("#detail-head", Static)
        quote = self.query_one("#detail-quote", Static)
        body = self.query_one("#detail-body", Static)
        if a is None:
            if self._state.annotations:
                text = "Nothing under the cursor. Tab to the list to pick an annotation."
            else:
                text = "No annotations yet."
            _update_static(head, Content.styled(text, _SUBTLE))
            quote.display = body.display = False
            self._show_hint()
            return
        badge: list[str | tuple[str, str]] = []
        status = _verdict(a)
        if status is not None:
            badge = ["  ", _verdict_badge(status)]
        _update_static(
            head,
            Content.assemble(
                (KIND_MARKERS.get(a.kind, "·"), _kind_style(a)),
                " ",
                a.kind.capitalize(),
                *badge,
                strip_control_codes=False,
            ),
        )
        quote.display = body.display = True
        _update_static(quote, Content(display_safe(a.quote)))
        self._source_index = min(self._source_index, max(len(a.sources) - 1, 0))
        blocks, self._source_lines = _detail_blocks(a, self._source_index)
        self._detail_blocks = blocks
        _update_static(body, Content("\n").join(blocks))
        self._show_hint()

    def _scroll_to_source(self) -> None:
        """Scroll the detail so the selected source (title and URL) is in view."""
        a = self._current
        if a is None or not a.sources or self._source_index >= len(self._source_lines):
            return
        body = self.query_one("#detail-body", Static)
        width = body.content_region.width
        if width <= 0:
            return
        first_block = self._source_lines[self._source_index]
        rules: RulesMap = {}  # the body wraps with the defaults
        heights = [block.get_height(rules, width) for block in self._detail_blocks]
        top = sum(heights[:first_block])
        height = sum(heights[first_block : first_block + 2])
        y = body.virtual_region.y + top
        self._scroll.scroll_to_region(
            Region(0, y, width, height), animate=False, immediate=True, force=True
        )

    def _show_hint(self) -> None:
        a = self._current
        hint = self.query_one("#detail-hint", Static)
        items: list[Content] = []
        if a is None:
            pairs = [("Enter", "jump"), (self._key_for("panel.filter") or "/", "filter")]
        else:
            pairs = []
            for item in _HINTS:
                if len(a.sources) < item.needs_sources:
                    continue
                key = self._key_for(item.binding_id)
                if key is None:
                    continue
                if item.binding_id == "panel.next_source":
                    key = f"{self._key_for('panel.previous_source') or ''}{key}"
                pairs.append((key, item.label))
        if pairs == self._hint_shown:
            return
        self._hint_shown = pairs
        for key, label in pairs:
            items.append(Content.assemble((key, _KEY_STYLE), (f" {label}", _SUBTLE)))
        _update_static(hint, _Packed(items))

    def _key_for(self, binding_id: str) -> str | None:
        """The key bound to ``binding_id`` now (the user's keymap wins), as shown to people."""
        keymap: Mapping[str, str] = getattr(self.app, "_keymap", None) or {}
        key = keymap.get(binding_id)
        if key is None:
            for binding in self._bindings_by_id():
                if binding.id == binding_id:
                    key = binding.key
                    break
        if not key:
            return None
        first = key.split(",")[0].strip()
        return self.app.get_key_display(Binding(first, ""))

    @classmethod
    def _bindings_by_id(cls) -> list[Binding]:
        return [b for b in cls.BINDINGS if isinstance(b, Binding)]

    # ------------------------------------------------------------------ actions

    def _sync_bindings(self) -> None:
        """Tell the footer when what :meth:`check_action` depends on changed, while it shows the
        panel's keys (the article no longer asks the footer to redraw on every cursor move)."""
        a = self._current
        state = None if a is None else min(len(a.sources), 2)
        if state != self._bindings_state:
            self._bindings_state = state
            if self.is_mounted and self.has_focus_within:
                self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        a = self._current
        if action == "edit" and a is None:
            return None
        if action == "delete_source" and (a is None or not a.sources):
            return None
        if action == "next_source" and (a is None or len(a.sources) < 2):
            return None
        return True

    def action_edit(self, field_name: str) -> None:
        if self._current is not None:
            self.post_message(self.EditRequested(self._current.id, field_name))

    def action_delete_source(self) -> None:
        a = self._current
        if a is not None and a.sources:
            index = min(self._source_index, len(a.sources) - 1)
            self.post_message(self.DeleteSourceRequested(a.sources[index].id))

    def action_next_source(self, step: int) -> None:
        a = self._current
        if a is None or not a.sources:
            return
        self._source_index = (self._source_index + step) % len(a.sources)
        self._show_detail()
        self.call_after_refresh(self._scroll_to_source)

    def action_scroll_detail(self, step: int) -> None:
        self._scroll.scroll_relative(y=step * 3, animate=False)

    def action_focus_filter(self) -> None:
        self._filter_input.arm()
        self._filter_input.focus()

    def action_cycle_focus(self, step: int) -> None:
        """Tab order inside the panel is list -> filter -> tags; past either end, focus
        leaves the panel for the neighbouring widget on the screen."""
        parts: list[Widget] = [self._list, self._filter_input, self._tag_list]
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


def _field(label: str, value: str) -> Content:
    return Content.assemble((f"{label} ", _SUBTLE), value, strip_control_codes=False)


_RELATION_STYLES = {
    "supports": "$text-success",
    "refutes": "$text-error",
    "context": "$text-secondary",
}


def _detail_blocks(a: Annotation, selected_source: int) -> tuple[list[Content], list[int]]:
    """The detail below the quote as blocks (one per line before wrapping), and the index of
    the block where each source starts (for scrolling to the selected one)."""
    blocks: list[Content] = []
    if a.note.strip():
        blocks.append(_field("Note", display_safe(a.note)))
    else:
        blocks.append(Content.styled("Note none", _SUBTLE))
    status = _verdict(a)
    if status is not None:
        blocks.append(_field("Claimant", display_safe(a.claimant or "") or "—"))
        blocks.append(_field("Type", a.claim_type or "—"))
        blocks.append(Content.assemble(("Verdict ", _SUBTLE), _verdict_badge(status)))
    blocks.append(
        Content.styled(f"Sources ({len(a.sources)})" if a.sources else "Sources none", _SUBTLE)
    )
    source_lines: list[int] = []
    several = len(a.sources) > 1
    for index, source in enumerate(a.sources):
        selected = several and index == selected_source
        source_lines.append(len(blocks))
        title = display_safe(source.title.strip()) or "(untitled)"
        blocks.append(
            Content.assemble(
                ("▸ " if selected else "  ", _KEY_STYLE),
                (source.relation, _RELATION_STYLES.get(source.relation, _SUBTLE)),
                " ",
                (title, "bold" if selected else ""),
                strip_control_codes=False,
            )
        )
        blocks.append(
            Content.assemble(
                "    ",
                (display_safe(source.url), "$text-muted underline"),
                strip_control_codes=False,
            )
        )
    stamp = f"Created {_when(a.created_at)}"
    if a.updated_at != a.created_at:
        stamp += f" · edited {_when(a.updated_at)}"
    blocks.append(Content.styled(stamp, _SUBTLE))
    return blocks, source_lines


__all__ = ["FILTER_PLACEHOLDER", "KIND_MARKERS", "VERDICTS", "AnnotationFilter", "AnnotationPanel"]
