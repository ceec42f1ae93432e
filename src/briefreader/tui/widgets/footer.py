"""The key bar at the bottom of every screen: the keys the screen's bindings show, drawn by one
widget, and redrawn only when they change.

Textual's ``Footer`` is a container of one widget per key, all made again, and styled again,
whenever the screen's bindings *may* have changed — every focus change. That was most of what a
key that moves the focus cost: Tab into the reader's panel 75 ms of CPU with no annotation at
all (``benchmarks/bench_scale.py``), a mode switch on the claims desk 30-60 ms
(``benchmarks/bench_desk.py``), and 16 widgets more to style before the reader's first frame.
:class:`KeyBar` draws the same thing — each key and its description in the Footer's colours
(the theme's ``$footer-*`` variables), a disabled one dimmed, the command palette's key on the
right behind a rule — as one line, compares what it would show (each shown key, its action,
description, whether it is enabled, and the node that handles it) and redraws only when that
differs. A click on a key presses it, as on the Footer.

A key remapped in the config file (``[keys]``) is shown in its usual place: Textual puts the
bindings a keymap changes after the others (the footer had ``q Library  H Highlight`` for
``h Highlight … q Library``), so the keys are put back in the order of the bindings they come
from.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.dom import DOMNode
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from briefreader.tui.keys import class_bindings


def shown_keys(screen: Screen[Any]) -> tuple[tuple[object, ...], ...]:
    """What a key bar on ``screen`` shows, as comparable values."""
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


def in_binding_order(screen: Screen[Any], keys: list[str]) -> list[str]:
    """``keys`` (of ``screen.active_bindings``) in the order of their bindings: those of the
    focused widget first, then of each node above it, each node's in the order it declares
    them (whatever key a keymap gave them)."""
    active = screen.active_bindings
    chain: dict[int, int] = {}
    for binding in active.values():
        chain.setdefault(id(binding.node), len(chain))

    def place(key: str) -> tuple[int, int]:
        found = active[key]
        places = _places(type(found.node))
        name = found.binding.id or f"{found.binding.key} {found.binding.action}"
        return (chain[id(found.node)], places.get(name, len(places)))

    return sorted(keys, key=place)


@dataclass(frozen=True)
class _Key:
    """One key as drawn: the key pressed when it is clicked, and its cells."""

    key: str
    display: str
    description: str
    enabled: bool
    start: int = 0  # the first cell it takes
    width: int = 0


class KeyBar(Widget, can_focus=False):
    """The screen's keys on one line (see the module docstring)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keybar--item",
        "keybar--key",
        "keybar--description",
        "keybar--hover",
        "keybar--rule",
    }
    # The colours of Textual's Footer and FooterKey.
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--item { background: $footer-item-background; }
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .keybar--rule { color: $foreground 20%; }
    }
    """

    def __init__(self, *, show_command_palette: bool = True) -> None:
        super().__init__()
        self.show_command_palette = show_command_palette
        self._shown: tuple[tuple[object, ...], ...] | None = None
        self._keys: list[_Key] = []
        self._hover: str | None = None
        self._laid_out: tuple[int, list[_Key], _Key | None] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # As Textual's Footer: nothing while the terminal is not focused (the bindings are
        # refreshed when it is again).
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        now = shown_keys(screen)
        if now != self._shown:
            self._shown = now
            self._laid_out = None
            self.refresh()

    # ------------------------------------------------------------------ drawing

    def _layout(self, width: int) -> tuple[list[_Key], _Key | None]:
        """The keys to draw and the command palette's (drawn on the right), placed."""
        screen = self.screen
        active = screen.active_bindings
        palette_key = self.app.COMMAND_PALETTE_BINDING
        # One key per action, the first bound, as Textual's Footer shows them (f1 for "f1,?").
        actions: dict[str, str] = {}
        for key, each in active.items():
            if each.binding.show:
                actions.setdefault(each.binding.action, key)
        shown = list(actions.values())
        if getattr(self.app, "keymap", None):  # only a keymap moves keys out of their place
            shown = in_binding_order(screen, shown)
        keys: list[_Key] = []
        at = 0
        for key in shown:
            binding = active[key]
            display = self.app.get_key_display(binding.binding)
            description = binding.binding.description
            cells = cell_len(f" {display} {description} ") if description else cell_len(display)
            keys.append(_Key(key, display, description, binding.enabled, at, cells))
            at += cells
        palette = None
        found = active.get(palette_key)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and found is not None:
            display = self.app.get_key_display(found.binding)
            description = found.binding.description
            # Drawn as Textual draws it: a rule, the key, the description, a cell of padding.
            cells = 1 + cell_len(f"{display} {description}" if description else display) + 1
            palette = _Key(palette_key, display, description, found.enabled, width - cells, cells)
        return keys, palette

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0 or width <= 0:
            return Strip.blank(width, base)
        # Laid out again only when the keys or the width change: a repaint of the whole screen
        # (a scroll, a layout) draws this line again, and the screen's active bindings ask
        # every binding's check.
        if self._laid_out is None or self._laid_out[0] != width:
            self._laid_out = (width, *self._layout(width))
        _, keys, palette = self._laid_out
        if palette is not None and palette.start <= 0:
            palette = None  # no room for it
        self._keys = [*keys, *([palette] if palette is not None else [])]
        style = self.get_component_rich_style
        item, key_style, description_style = (
            style("keybar--item"),
            style("keybar--key"),
            style("keybar--description"),
        )
        hover = style("keybar--hover")

        def drawn(key: _Key) -> list[Segment]:
            under = base + item + (hover if key.key == self._hover else Style())
            dim = Style() if key.enabled else Style(dim=True)
            if not key.description:
                return [Segment(key.display, under + key_style + dim)]
            return [
                Segment(f" {key.display} ", under + key_style + dim),
                Segment(f"{key.description} ", under + description_style + dim),
            ]

        left = [segment for key in keys for segment in drawn(key)]
        line = Strip(left).crop_extend(0, width, base)
        if palette is not None:
            under = base + item
            under += hover if palette.key == self._hover else Style()
            dim = Style() if palette.enabled else Style(dim=True)
            described = (
                [Segment(f" {palette.description}", under + description_style + dim)]
                if palette.description
                else []
            )
            right = Strip(
                [
                    Segment("▏", under + style("keybar--rule")),
                    Segment(palette.display, under + key_style + dim),
                    *described,
                    Segment(" ", under),
                ]
            )
            line = Strip.join([line.crop(0, palette.start), right]).crop_extend(0, width, base)
        return line

    # ------------------------------------------------------------------ the mouse

    def _key_at(self, x: int) -> _Key | None:
        for key in reversed(self._keys):  # the palette's key is drawn over the others
            if key.start <= x < key.start + key.width:
                return key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        under = self._key_at(event.x)
        hover = under.key if under is not None else None
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
