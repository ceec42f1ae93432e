"""The claims desk's statistics: the claims of the desk's view as bar charts — by verdict, check
status, type, claimant, brief and tag, and how many were checked each day — computed by
:func:`briefreader.reading.claim_stats.claim_stats` and drawn by
:class:`~briefreader.tui.widgets.bar_chart.BarChart`, in a scrolling column (the per-day chart
alone can be 60 rows)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from briefreader.reading.claim_stats import claim_stats
from briefreader.store.records import Annotation
from briefreader.tui.widgets.bar_chart import BarChart, day_pairs

VERDICT_COLORS = {
    "unverified": "grey62",
    "supported": "green",
    "disputed": "yellow",
    "refuted": "red",
}
_CHARTS = ("verdict", "status", "type", "claimant", "brief", "tag", "days")


class StatsView(VerticalScroll):
    """Bar charts of the desk's claims (module docstring); ``show`` draws them."""

    DEFAULT_CSS = """
    StatsView {
        height: 1fr;
        padding: 0 1;
        background: $surface;
        & > BarChart { margin-bottom: 1; }
        & > #stats-total { color: $text-muted; margin-bottom: 1; }
    }
    """

    can_focus = True

    def compose(self) -> ComposeResult:
        yield Static("", id="stats-total")
        for name in _CHARTS:
            empty = "no claims checked yet" if name == "days" else "no claims yet"
            yield BarChart(id=f"stats-{name}", empty=empty)

    def show(self, claims: Sequence[Annotation], titles: Mapping[int, str]) -> None:
        stats = claim_stats(claims, titles)
        self.query_one("#stats-total", Static).update(
            Content(
                f"{stats.total:,} claim{'s' if stats.total != 1 else ''} in this view "
                "(the desk's filter applies) · g or Esc goes back to the table"
            )
        )

        def chart(name: str) -> BarChart:
            return self.query_one(f"#stats-{name}", BarChart)

        chart("verdict").set_data("By verdict", stats.by_verdict, VERDICT_COLORS)
        chart("status").set_data("By check status", stats.by_status)
        chart("type").set_data("By type", stats.by_type)
        chart("claimant").set_data("By claimant", stats.by_claimant)
        chart("brief").set_data("By brief", stats.by_brief)
        chart("tag").set_data("By tag", stats.by_tag)
        days = "Checked per day"
        if stats.per_day:
            first, last = stats.per_day[0][0], stats.per_day[-1][0]
            days += f", {first:%d %b %Y} – {last:%d %b %Y}"
            if stats.days_cut:
                days += f" (the last {len(stats.per_day)} days)"
        chart("days").set_data(days, day_pairs(stats.per_day))
