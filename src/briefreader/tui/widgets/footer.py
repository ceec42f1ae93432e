"""The key bar at the bottom of every screen: Textual's ``Footer``, redrawn only when the keys
it shows change.

Textual's Footer rebuilds all its key widgets whenever the screen's bindings *may* have changed
— every focus change among them. On the claims desk that was 35–60 ms of CPU for each switch
between the table and triage (``benchmarks/bench_desk.py``), and on the reader Tab and Esc
cost ~90 ms for the same reason (``benchmarks/bench_scale.py``), though the keys shown were the
same before and after. :class:`KeyBar` compares what it would show (each shown key, its
action, description, whether it is enabled, and the node that handles it) and passes the
change on only when that differs.

A key remapped in the config file (``[keys]``) is shown in its usual place: Textual puts the
bindings a keymap changes after the others (the footer had ``q Library  H Highlight`` for
``h Highlight … q Library``), so :class:`KeyBar` puts its keys back in the order of the
bindings they come from.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from textual.app import ComposeResult
from textual.compose import compose
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from briefreader.tui.keys import class_bindings


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


@functools.cache
def _places(node_type: type[DOMNode]) -> Mapping[str, int]:
    """Where each binding of ``node_type`` comes among its bindings, by id (else by key and
    action), before any keymap."""
    places: dict[str, int] = {}
    for index, (key, binding) in enumerate(class_bindings(node_type)):
        places.setdefault(binding.id or f"{key} {binding.action}", index)
    return places


def in_binding_order(screen: Screen[Any], widgets: list[Widget]) -> list[Widget]:
    """``widgets`` (a footer's) with its keys in the order of their bindings: those of the
    focused widget first, then of each node above it, each node's in the order it declares
    them (whatever key a keymap gave them). Anything else keeps its place."""
    active = screen.active_bindings
    chain: dict[int, int] = {}
    for binding in active.values():
        chain.setdefault(id(binding.node), len(chain))

    def place(widget: Widget) -> tuple[int, int]:
        found = active.get(str(getattr(widget, "key", "")))
        if found is None:
            return (len(chain), 0)
        places = _places(type(found.node))
        name = found.binding.id or f"{found.binding.key} {found.binding.action}"
        return (chain[id(found.node)], places.get(name, len(places)))

    slots = [
        index
        for index, widget in enumerate(widgets)
        if type(widget).__name__ == "FooterKey" and not widget.has_class("-command-palette")
    ]
    keys = sorted((widgets[index] for index in slots), key=place)
    ordered = list(widgets)
    for index, widget in zip(slots, keys, strict=True):
        ordered[index] = widget
    return ordered


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

    def compose(self) -> ComposeResult:
        widgets = compose(self, super().compose())
        if getattr(self.app, "keymap", None):  # only a keymap moves keys out of their place
            widgets = in_binding_order(self.screen, widgets)
        yield from widgets
