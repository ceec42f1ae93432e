"""How the panel draws an annotation: kind markers and colours, verdict badges, list rows,
and the small helpers shared by the list and the detail (snippets, times, quiet redraws)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from operator import attrgetter
from typing import cast

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual, VisualType, visualize
from textual.widgets import Static

from briefreader.store.records import Annotation
from briefreader.text.display import display_safe
from briefreader.tui.widgets.markers import CHANGED_MARKER as CHANGED_MARKER
from briefreader.tui.widgets.markers import KIND_MARKERS as KIND_MARKERS
from briefreader.tui.widgets.markers import ORPHAN_MARKER as ORPHAN_MARKER
from briefreader.tui.widgets.markers import VERDICTS as VERDICTS

#: Same theme colours as the article paints the kinds with.
_KIND_STYLES: dict[str, str] = {
    "highlight": "$text-warning",
    "claim": "$text-primary",
    "note": "$text-success",
}
_WARNING = "$text-warning"

_WS = re.compile(r"\s+")

#: Characters of a quote kept for its list row: more than any panel is wide.
_SNIPPET_CHARS = 400
_SUBTLE = "$text-muted"
#: Characters of a claimant kept on a list row.
_CLAIMANT_CHARS = 20
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


#: The list's order: text order, ties by id — ``(start, end, id)``, computed in C.
_order: Callable[[Annotation], tuple[int, int, int]] = attrgetter("start", "end", "id")


def _row_height(annotation: Annotation) -> int:
    """A list row's height: a second line when there is more to say than the quote
    (:meth:`_Row.has_meta`, written out: asked of every row when the list is filled)."""
    return (
        2
        if annotation.kind == "claim"
        or annotation.tags
        or annotation.sources
        or annotation.previous_quote is not None
        else 1
    )


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
        return (
            annotation.kind == "claim"
            or bool(annotation.tags or annotation.sources)
            or annotation.previous_quote is not None
        )

    def _build(self) -> tuple[Content, Content | None]:
        if self._lines is not None:
            return self._lines
        a = self.annotation
        gutter = ("▸", "$text-accent bold") if self.under_cursor else " "
        changed = a.previous_quote is not None
        first = Content.assemble(
            gutter,
            (KIND_MARKERS.get(a.kind, "·"), _kind_style(a)),
            " ",
            (f"{CHANGED_MARKER} ", _WARNING) if changed else "",
            (_snippet(a.quote) or "(empty)", "bold" if self.under_cursor else ""),
            strip_control_codes=False,
        )
        meta: Content | None = None
        if self.has_meta(a):
            parts: list[str | tuple[str, str]] = ["   "]
            if changed:
                parts.extend((("text changed", _WARNING), "  "))
            status = _verdict(a)
            if status is not None:
                parts.extend((_verdict_badge(status), "  "))
                if a.claimant:
                    # Who claims it, beside the verdict (the row is cut to the panel's width).
                    claimant = _snippet(a.claimant)
                    if len(claimant) > _CLAIMANT_CHARS:
                        claimant = claimant[: _CLAIMANT_CHARS - 1].rstrip() + "…"
                    parts.extend(((claimant, _SUBTLE), "  "))
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
