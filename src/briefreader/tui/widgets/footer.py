"""The key bar at the bottom of every screen: Textual's ``Footer``, redrawn only when the keys
it shows change.

Textual's Footer rebuilds all its key widgets whenever the screen's bindings *may* have changed
— every focus change among them. On the claims desk that was 35–60 ms of CPU for each switch
between the table and triage (``benchmarks/bench_desk.py``), and on the reader Tab and Esc
cost ~90 ms for the same reason (``benchmarks/bench_scale.py``), though the keys shown were the
same before and after. :class:`KeyBar` compares what it would show (each shown key, its
action, description, whether it is enabled, and the node that handles it) and passes the
change on only when that differs.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen[Any]) -> tuple[tuple[object, ...], ...]:
    """What a footer on ``screen`` shows, as comparable values."""
    return tuple(
        (
            key,
            id(b.node),
            b.binding.action,
            b.binding.description,
            b.binding.key_display,
            b.enabled,
            b.tooltip,
        )
        for key, b in screen.active_bindings.items()
        if b.binding.show
    )


class KeyBar(Footer):
    """A Footer that redraws only when its keys change (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[tuple[object, ...], ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            now = shown_keys(screen)
            if now == self._shown:
                return
            self._shown = now
        super().bindings_changed(screen)
