"""A titled horizontal bar chart of ``(label, count)`` pairs, for the claims desk's statistics
(by verdict, type, claimant, brief, tag, and claims checked per day).

Each row is the label (cut with "…" to fit its column), a bar of full blocks ending in an
eighth block (▏▎▍▌▋▊▉) scaled to the largest count and to the widget's width, then the count.
Labels are the user's text (claimants, tags, titles): they are made display-safe and never
read as markup. :func:`render_bars` draws the rows without an app, so it can be tested alone;
:class:`BarChart` is the widget, drawn again at each resize.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from rich.cells import cell_len, set_cell_size
from rich.color import ColorParseError
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.widget import Widget

from briefreader.text.display import display_line

#: A full block and the partial blocks for 1/8 .. 7/8 of a cell.
FULL = "█"
EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
#: What an empty series (or one of zeros only) shows.
EMPTY = "no claims yet"
#: The label column takes at most this share of the row (what the bars and counts leave).
LABEL_SHARE = 0.4
#: The label column is never narrower than this (unless the row itself is).
MIN_LABEL = 6
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Pair = tuple[str, int]


def fit(text: str, cells: int) -> str:
    """``text`` made display-safe on one line and exactly ``cells`` terminal cells wide: cut
    with "…" when longer (a wide character is never split), padded with spaces when shorter."""
    text = display_line(text)
    if cells <= 0:
        return ""
    if cell_len(text) > cells:
        text = set_cell_size(text, cells - 1).rstrip() + "…"
    return set_cell_size(text, cells)


def bar(count: int, largest: int, cells: int) -> str:
    """The bar of ``count`` out of ``largest`` filling at most ``cells`` cells, to the eighth
    of a cell; any count above zero shows at least an eighth."""
    if count <= 0 or largest <= 0 or cells <= 0:
        return ""
    eighths = max(1, round(min(count, largest) * cells * 8 / largest))
    whole, part = divmod(eighths, 8)
    return FULL * whole + EIGHTHS[part]


def _style(color: str | None) -> Style:
    """A Rich colour as a style; one Rich does not know draws uncoloured."""
    if not color:
        return Style.null()
    try:
        return Style(color=color)
    except ColorParseError:
        return Style.null()


def render_bars(
    pairs: Sequence[Pair],
    width: int,
    *,
    title: str = "",
    colors: Mapping[str, str] | None = None,
    empty: str = EMPTY,
) -> list[Text]:
    """The chart as lines of at most ``width`` cells: the title (when given), then one row per
    pair (``label bar count``), or ``empty`` when there is no pair or every count is zero.
    ``colors``: a Rich colour for the bars of some labels (keyed by the label as given)."""
    width = max(0, width)
    lines: list[Text] = []
    if title:
        lines.append(Text(fit(title, width).rstrip(), style="bold", no_wrap=True))
    if not pairs or all(count <= 0 for _, count in pairs):
        lines.append(Text(fit(empty, width).rstrip(), style="italic", no_wrap=True))
        return lines
    largest = max(count for _, count in pairs)
    numbers = [str(count) for _, count in pairs]
    count_cells = max(len(n) for n in numbers)
    # label, a space, the bar, a space, the count: the label column gets what its longest
    # label needs, up to its share of the row.
    room = width - count_cells - 2
    longest = max(cell_len(display_line(label)) for label, _ in pairs)
    label_cells = min(longest, max(MIN_LABEL, round(room * LABEL_SHARE)), max(0, room - 1))
    bar_cells = max(0, room - label_cells)
    for (label, count), number in zip(pairs, numbers, strict=True):
        line = Text(no_wrap=True, overflow="crop")
        line.append(fit(label, label_cells) + " ")
        line.append(bar(count, largest, bar_cells), _style((colors or {}).get(label)))
        line.append(" " + number, "bold")
        line.truncate(width)
        lines.append(line)
    return lines


def day_label(day: date) -> str:
    """A day as a chart's label: ``Mon 07 Dec`` (English names, whatever the locale), ten
    cells, which the label column has from 30 columns on. The year is not in it: say it in
    the chart's title."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day:02d} {_MONTHS[day.month - 1]}"


def day_pairs(per_day: Iterable[tuple[date, int]]) -> list[Pair]:
    """Claims checked per day (``ClaimStats.per_day``) as pairs for the chart."""
    return [(day_label(day), count) for day, count in per_day]


class BarChart(Widget):
    """A titled horizontal bar chart of ``(label, count)`` pairs as wide as the widget.
    :meth:`set_data` replaces what it shows; its height is the number of lines it draws."""

    DEFAULT_CSS = """
    BarChart {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(
        self,
        title: str = "",
        pairs: Iterable[Pair] = (),
        colors: Mapping[str, str] | None = None,
        *,
        empty: str = EMPTY,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._title = title
        self._pairs: tuple[Pair, ...] = tuple(pairs)
        self._colors: dict[str, str] = dict(colors or {})
        self._empty = empty

    @property
    def title(self) -> str:
        """The chart's title."""
        return self._title

    @property
    def pairs(self) -> tuple[Pair, ...]:
        """The ``(label, count)`` pairs shown, in order."""
        return self._pairs

    def set_data(
        self, title: str, pairs: Iterable[Pair], colors: Mapping[str, str] | None = None
    ) -> None:
        """Show ``pairs`` under ``title``; ``colors``: a Rich colour for some labels' bars."""
        self._title = title
        self._pairs = tuple(pairs)
        self._colors = dict(colors or {})
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Text]:
        """What the chart draws at ``width`` cells."""
        return render_bars(
            self._pairs, width, title=self._title, colors=self._colors, empty=self._empty
        )

    def render(self) -> RenderResult:
        return Text("\n", no_wrap=True).join(self.lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))
