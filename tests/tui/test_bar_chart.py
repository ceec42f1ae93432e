"""The claims desk's bar chart: bars scaled to the largest count and to the width, to the eighth
of a cell; labels cut to fit and shown as text whatever they hold (escapes, markup, wide
characters); "no claims yet" for an empty series; and the widget on screen at 80 and 30
columns, drawn again when the terminal is resized or the data changes."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from briefreader.tui.widgets.bar_chart import BarChart, day_pairs, render_bars
from tests.tui.helpers import full_repaint, screen_rows, sync, wait_until

HOSTILE = (
    "\x1b[31mred\x1b[0m",  # a terminal escape
    "[bold]not markup[/bold]",
    "two\nlines",
    "\u202eevil",  # right-to-left override
    "中文的标签很长很长很长很长",  # wide characters, 2 cells each
    "👨‍👩‍👧 family",
)


def plain(pairs: list[tuple[str, int]], width: int, **kw: object) -> list[str]:
    return [line.plain for line in render_bars(pairs, width, **kw)]  # type: ignore[arg-type]


def test_bars_are_scaled_to_the_largest_count_to_the_eighth_of_a_cell() -> None:
    # Width 30: label column 1, a space, bar 26 cells, a space, count 1 digit.
    rows = plain([("a", 8), ("b", 4), ("c", 1), ("d", 0)], 30)
    assert rows == [
        "a " + "█" * 26 + " 8",
        "b " + "█" * 13 + " 4",
        "c " + "███▎" + " 1",  # 26/8 cells = 3 cells and 2 eighths
        "d  0",
    ]
    # A count far below the largest still shows as an eighth, never as nothing.
    assert plain([("big", 10_000), ("tiny", 1)], 40)[1] == "tiny ▏ 1"


def test_rows_fit_the_width_labels_are_cut_with_an_ellipsis_and_counts_stay() -> None:
    pairs = [
        ("Ministry of Foreign Affairs of Pakistan", 120),
        ("PM", 7),
        *((h, 3) for h in HOSTILE),
    ]
    for width in range(30, 81):
        rows = render_bars(pairs, width, title="Claims by claimant, all briefs, this year")
        assert all(line.cell_len <= width for line in rows), width
        # Each row ends with its count, and the largest bar is as long as the row allows.
        assert [line.plain.rsplit(" ", 1)[1] for line in rows[1:]] == ["120", "7"] + ["3"] * 6
        assert rows[1].cell_len == width
    at_30 = plain(pairs, 30)
    assert at_30[0].startswith("Ministry…  ")  # label column: 10 cells at 30 columns
    assert at_30[1] == "PM         ▉ 7"  # 7/120 of 15 cells: 7 eighths
    at_80 = plain(pairs, 80)
    assert at_80[0].startswith("Ministry of Foreign Affairs o… █")


def test_labels_are_shown_as_text_whatever_they_hold() -> None:
    rows = render_bars([(h, 1) for h in HOSTILE], 80)
    text = "\n".join(line.plain for line in rows)
    assert "\x1b" not in text and "\u202e" not in text
    assert len(rows) == len(HOSTILE)  # a newline in a label does not make a second row
    assert rows[0].plain.startswith("␛[31mred␛[0m ")
    assert rows[1].plain.startswith("[bold]not markup[/bold] ")
    assert rows[2].plain.startswith("two␊lines ")
    assert all(line.cell_len == rows[0].cell_len for line in rows)  # the same columns


def test_wide_characters_are_never_cut_in_half() -> None:
    label = "中文的标签很长很长很长很长"  # 26 cells
    for width in range(30, 41):
        row = render_bars([(label, 5), ("x" * 30, 5)], width)[0].plain
        cut = row.split("…")[0]
        assert label.startswith(cut)  # whole characters of the label, then the ellipsis
        assert cell_len(row) == width


def test_an_empty_series_says_so() -> None:
    assert plain([], 30) == ["no claims yet"]
    assert plain([("refuted", 0), ("supported", 0)], 30, title="By verdict") == [
        "By verdict",
        "no claims yet",
    ]
    assert plain([], 30, empty="no claims checked yet") == ["no claims checked yet"]
    assert plain([], 8) == ["no clai…"]


def bar_colour(row: Text) -> Color | None:
    """The colour the bar of ``row`` is drawn in (None: the default)."""
    start = row.plain.index("█")
    colours = [
        span.style.color
        for span in row.spans
        if span.start <= start < span.end and isinstance(span.style, Style)
    ]
    return colours[-1] if colours else None


def test_bars_take_the_colour_of_their_label() -> None:
    colors = {"refuted": "red", "odd": "not-a-colour"}  # drawn uncoloured rather than failing
    rows = render_bars([("refuted", 2), ("supported", 1), ("odd", 1)], 40, colors=colors)
    assert [bar_colour(row) for row in rows] == [Color.parse("red"), None, None]


def test_days_are_labelled_by_weekday_day_and_month_whole_at_30_columns() -> None:
    pairs = day_pairs([(date(2026, 12, 7), 3), (date(2026, 12, 8), 0), (date(2027, 1, 1), 999)])
    assert pairs == [("Mon 07 Dec", 3), ("Tue 08 Dec", 0), ("Fri 01 Jan", 999)]
    assert [row[:11] for row in plain(pairs, 30)] == ["Mon 07 Dec ", "Tue 08 Dec ", "Fri 01 Jan "]


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BarChart(
            "By claimant",
            [("Ministry of Foreign Affairs of Pakistan", 40), ("\x1b[2Jcleared", 10)],
        )
        yield Static("below the chart", id="below")


def drawn_colour(line: tuple[Segment, ...]) -> Color | None:
    """The colour the bar of a drawn row is in."""
    segment = next(segment for segment in line if "█" in segment.text)
    return segment.style.color if segment.style is not None else None


def row_with(rows: list[str], text: str) -> str:
    found = [row for row in rows if text in row]
    assert found, f"{text!r} is not on screen:\n" + "\n".join(rows)
    return found[0]


@sync
async def test_the_chart_on_screen_at_80_and_30_columns() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 12)) as pilot:
        rows = screen_rows(app)
        assert rows[0].rstrip() == "By claimant"
        wide = row_with(rows, "Ministry")
        assert wide.startswith("Ministry of Foreign Affairs o… ") and wide.rstrip().endswith(" 40")
        assert row_with(rows, "cleared").startswith("␛[2Jcleared")
        assert rows[3].startswith("below the chart")  # the chart is as tall as its rows

        await pilot.resize_terminal(30, 12)
        await wait_until(pilot, lambda: "Ministry…" in screen_rows(app)[1])
        narrow = screen_rows(app)[1]
        assert narrow.rstrip().endswith(" 40") and len(narrow) == 30
        assert narrow.count("█") < wide.count("█")
        assert screen_rows(app)[2].rstrip().endswith(" 10")


@sync
async def test_new_data_replaces_what_the_chart_shows() -> None:
    app = ChartApp()
    async with app.run_test(size=(40, 12)) as pilot:
        chart = app.query_one(BarChart)
        chart.set_data("By verdict", [])
        empty = ["By verdict", "no claims yet", "below the chart"]
        # The chart shrinks to its two lines: what is below it moves up.
        await wait_until(pilot, lambda: [row.rstrip() for row in screen_rows(app)[:3]] == empty)

        pairs = [("supported", 1), ("refuted", 2), ("disputed", 3)]
        chart.set_data("By verdict", pairs, {"refuted": "red"})
        await wait_until(pilot, lambda: screen_rows(app)[4].startswith("below the chart"))
        assert chart.title == "By verdict" and len(chart.pairs) == 3
        rows = [row.rstrip() for row in screen_rows(app)]
        # 40 columns: label column 9 ("supported"), bar 28 cells for the largest count.
        assert rows[1:4] == [
            "supported " + "█" * 9 + "▍ 1",
            "refuted   " + "█" * 18 + "▋ 2",
            "disputed  " + "█" * 28 + " 3",
        ]
        # Only the refuted bar is drawn in its own colour.
        supported, refuted, disputed = (drawn_colour(line) for line in full_repaint(app).lines[1:4])
        assert supported == disputed != refuted
