"""The claims desk's table: one row per claim of the desk's view, drawn line by line (a
line-API ``ScrollView``: only the rows on screen are ever drawn, so 10,000 claims scroll, sort
and filter without building 10,000 widgets or cells), with a row cursor.

Which columns fit is worked out from the width (:func:`fit_columns`): the claim's text takes
what is left after the columns that fit in priority order (verdict, status, claimant, sources,
brief, type, checked by, checked at, tags). Everything from a claim is drawn display-safe on
one line, cut with … to its cell (wide characters counted as two cells).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefreader.reading.desk import COLUMNS, DeskClaims
from briefreader.store.records import UNCHECKED_CLAIM, Annotation
from briefreader.text.display import display_line
from briefreader.tui.internals.hooks import refresh_scrollbars

#: Cells each column takes (the claim column: at least this many, and what is left).
WIDTHS: dict[str, int] = {
    "claim": 24,
    "claimant": 16,
    "type": 10,
    "verdict": 12,
    "status": 13,
    "sources": 5,
    "brief": 18,
    "tags": 16,
    "by": 12,
    "at": 10,
}
#: The order columns are given room in, as the width allows.
PRIORITY = ("verdict", "status", "claimant", "sources", "brief", "type", "by", "at", "tags")
#: The claim's column gets at least this much before a lower-priority column is added.
CLAIM_ROOM = 36
VERDICT_MARKS = {"unverified": "?", "supported": "✓", "disputed": "~", "refuted": "✗"}


def fit_columns(width: int) -> list[str]:
    """The columns shown at ``width`` cells, in the table's order (the claim always)."""
    shown = {"claim"}
    used = WIDTHS["claim"]
    for name in PRIORITY:
        need = WIDTHS[name] + 1
        room = width - used - need
        if room >= 0 and (name in PRIORITY[:3] or room + WIDTHS["claim"] >= CLAIM_ROOM):
            shown.add(name)
            used += need
    return [c.name for c in COLUMNS if c.name in shown]


def _one_line(text: str, width: int) -> str:
    """``text`` on one line, display-safe, cut with … to ``width`` cells (padded to it)."""
    flat = display_line(" ".join(text[: width * 4].split()))
    if cell_len(flat) > width:
        flat = set_cell_size(flat, max(0, width - 1)) + "…"
    return set_cell_size(flat, width)


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d") if moment else ""


def cell_text(claim: Annotation, column: str, titles: dict[int, str]) -> str:
    """What ``column`` says of ``claim`` (unpadded)."""
    check = claim.check or UNCHECKED_CLAIM
    match column:
        case "claim":
            return ("[orphan] " if claim.orphan else "") + claim.quote
        case "claimant":
            return claim.claimant or ""
        case "type":
            return claim.claim_type or ""
        case "verdict":
            verdict = claim.claim_status or "unverified"
            return f"{VERDICT_MARKS.get(verdict, '?')} {verdict}"
        case "status":
            return check.status.replace("-", " ")
        case "sources":
            relations = [s.relation for s in claim.sources]
            if not relations:
                return "–"
            return f"{relations.count('supports')}/{relations.count('refutes')}"
        case "brief":
            return titles.get(claim.brief_id, f"brief {claim.brief_id}")
        case "tags":
            return " ".join(f"#{t}" for t in claim.tags)
        case "by":
            return check.checked_by or ""
        case "at":
            return _when(check.checked_at)
    return ""


class ClaimTable(ScrollView, can_focus=True):
    """The desk's rows (module docstring). ``claims`` is the desk's
    :class:`~briefreader.reading.desk.DeskClaims`; call :meth:`reload` after its view changed
    and :meth:`refresh_row` after one row did."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "claim-table--cursor",
        "claim-table--muted",
        "claim-table--supported",
        "claim-table--disputed",
        "claim-table--refuted",
        "claim-table--correction",
    }
    DEFAULT_CSS = """
    ClaimTable {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        background: $surface;
        & > .claim-table--cursor { background: $block-cursor-blurred-background; }
        &:focus > .claim-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .claim-table--muted { color: $text-muted; }
        & > .claim-table--supported { color: $text-success; }
        & > .claim-table--disputed { color: $text-warning; }
        & > .claim-table--refuted { color: $text-error; }
        & > .claim-table--correction { color: $text-warning; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="desk.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="desk.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="desk.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="desk.page_down"),
        Binding("home", "to(0)", "First", show=False, id="desk.first"),
        Binding("end", "to(-1)", "Last", show=False, id="desk.last"),
    ]

    class Moved(Message):
        """The cursor went to another claim (or to none: an empty view)."""

        def __init__(self, claim: Annotation | None) -> None:
            super().__init__()
            self.claim = claim

    def __init__(self, claims: DeskClaims, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.claims = claims
        self.cursor = 0
        self._columns: list[str] = fit_columns(80)
        #: Component styles, looked up once per theme (they cost ~20 µs each a cell).
        self._styles: dict[tuple[str, bool, bool], Style] = {}
        #: Rows drawn, by what they show: a focus change or a scroll back redraws none.
        self._drawn: dict[tuple[int, int, int, bool, bool, str], Strip] = {}

    # ------------------------------------------------------------------ state

    @property
    def current(self) -> Annotation | None:
        view = self.claims.view
        return view[self.cursor] if 0 <= self.cursor < len(view) else None

    @property
    def columns(self) -> list[str]:
        return self._columns

    @property
    def rows(self) -> int:
        """How many rows the table was last sized for (:meth:`reload`)."""
        return self.virtual_size.height

    def reload(self, keep: int | None = None) -> None:
        """The view changed: show it, the cursor on the claim ``keep`` if it is still shown
        (else where it was, within the rows)."""
        row = self.claims.row_of(keep) if keep is not None else None
        count = len(self.claims.view)
        self.cursor = row if row is not None else min(self.cursor, max(0, count - 1))
        self.virtual_size = Size(self.size.width, count)
        refresh_scrollbars(self)
        self._show_cursor()
        self.refresh()
        self.post_message(self.Moved(self.current))

    def refresh_row(self, claim_id: int) -> None:
        row = self.claims.row_of(claim_id)
        if row is not None:
            self.refresh_line(row)  # a row of the view: ScrollView takes the scroll off

    def on_resize(self, event: events.Resize) -> None:
        self._columns = fit_columns(self.scrollable_content_region.width)
        self.virtual_size = Size(event.size.width, len(self.claims.view))
        self._show_cursor()

    # ------------------------------------------------------------------ drawing

    def layout_widths(self, width: int | None = None) -> list[tuple[str, int]]:
        """Each shown column and its width (the claim's: what is left)."""
        if width is None:
            width = self.scrollable_content_region.width
        others = sum(WIDTHS[c] + 1 for c in self._columns if c != "claim")
        claim_width = max(8, width - others)
        return [(c, claim_width if c == "claim" else WIDTHS[c]) for c in self._columns]

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        view = self.claims.view
        if row >= len(view):
            return Strip.blank(width, base)
        claim = view[row]
        cursor = row == self.cursor
        title = self.claims.titles.get(claim.brief_id, "")
        key = (claim.id, claim.revision, width, cursor, cursor and self.has_focus, title)
        drawn = self._drawn.get(key)
        if drawn is not None:
            return drawn
        if len(self._drawn) > 4000:
            self._drawn.clear()
        style = base
        if cursor:
            style = base + self._style("cursor", partial=False)
        segments: list[Segment] = []
        for i, (column, cell_width) in enumerate(self.layout_widths(width)):
            if i:
                segments.append(Segment(" ", style))
            text = _one_line(cell_text(claim, column, self.claims.titles), cell_width)
            segments.append(Segment(text, style + self._cell_style(claim, column)))
        drawn = Strip(segments).adjust_cell_length(width, style)
        self._drawn[key] = drawn
        return drawn

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._forget)

    def _forget(self, _: object = None) -> None:
        """A new theme: styles looked up and rows drawn are stale."""
        self._styles.clear()
        self._drawn.clear()
        self.refresh()

    def _style(self, name: str, partial: bool = True) -> Style:
        key = (name, partial, self.has_focus)  # the cursor's colour depends on the focus
        style = self._styles.get(key)
        if style is None:
            style = self.get_component_rich_style(f"claim-table--{name}", partial=partial)
            self._styles[key] = style
        return style

    def _cell_style(self, claim: Annotation, column: str) -> Style:
        if column == "verdict":
            verdict = claim.claim_status or "unverified"
            return self._style("muted" if verdict == "unverified" else verdict)
        if column in ("sources", "by", "at", "brief", "tags"):
            return self._style("muted")
        return Style()

    # ------------------------------------------------------------------ moving

    def _show_cursor(self) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if height <= 0:
            return
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def move_to(self, row: int) -> None:
        count = len(self.claims.view)
        if not count:
            return
        row = max(0, min(count - 1, row))
        if row == self.cursor:
            return
        old, self.cursor = self.cursor, row
        self.refresh_line(old)
        self._show_cursor()
        self.refresh_line(row)
        self.post_message(self.Moved(self.current))

    def select(self, claim_id: int) -> None:
        row = self.claims.row_of(claim_id)
        if row is not None:
            self.move_to(row)

    def action_cursor(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, direction: int) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.move_to(self.cursor + direction * page)

    def action_to(self, row: int) -> None:
        self.move_to(row if row >= 0 else len(self.claims.view) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self.move_to(self.scroll_offset.y + offset.y)


def header_line(columns: Sequence[tuple[str, int]], sort: str, descending: bool) -> str:
    """The table's heading row: each column's name (and its sort key: 1-9, 0), the sorted
    one marked ▲ or ▼."""
    parts = []
    for column, width in columns:
        number = [c.name for c in COLUMNS].index(column) + 1
        heading = next(c.heading for c in COLUMNS if c.name == column)
        mark = ("▼" if descending else "▲") if column == sort else ""
        label = f"{number % 10}{mark}{heading}"
        parts.append(set_cell_size(label, width))
    return " ".join(parts)
