"""Small widgets the panel is made of: the tag list (with its quick-key binding) and the
scrolling box that holds the detail."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList


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


class _DetailScroll(VerticalScroll, can_focus=False):
    """The detail of the current annotation; scrolled with the panel's keys, never focused."""
