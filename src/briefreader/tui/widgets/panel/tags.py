"""The panel's tags box: the brief's tags with their annotation counts and quick keys, from the
panel's data. Enter on one filters the list by it; ``b`` asks to bind a quick key to it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefreader.store.records import Tag
from briefreader.text.display import display_safe
from briefreader.tui.widgets.panel.data import PanelData
from briefreader.tui.widgets.panel.messages import BindKeyRequested
from briefreader.tui.widgets.panel.rows import _KEY_STYLE, _SUBTLE


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
        """``b``: bind a quick key to the highlighted tag."""

    def action_bind_key(self) -> None:
        self.post_message(self.BindKey())


class TagsBox(Vertical):
    """The tags list in its box (see the module docstring)."""

    class Chosen(Message):
        """Enter on a tag: filter the annotations by it."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, data: PanelData) -> None:
        super().__init__(id="panel-tags-box", classes="panel-box")
        self.border_title = "Tags"
        self._data = data
        self.rows = _TagList(id="panel-tags")

    def compose(self) -> ComposeResult:
        yield self.rows

    def on_mount(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """A row for each tag; the highlighted tag stays highlighted."""
        tags = self._data.tags
        rows = self.rows
        previous = rows.highlighted
        shown = [option.id for option in rows.options]
        old_name = shown[previous] if previous is not None and previous < len(shown) else None
        options: list[Option] = []
        for tag, count in tags:
            key = str(tag.quick_key) if tag.quick_key is not None else " "
            row = Content.assemble(
                (key, _KEY_STYLE),
                " ",
                (display_safe(tag.name), tag.color or ""),
                " ",
                (f"({count})", _SUBTLE),
                strip_control_codes=False,
            )
            options.append(Option(row, id=tag.name))
        if not options:
            options = [Option(Content.styled("No tags yet (t tags an annotation).", _SUBTLE),
                              disabled=True)]  # fmt: skip
        rows.set_options(options)
        names = [tag.name for tag, _ in tags]
        if names:
            rows.highlighted = names.index(old_name) if old_name in names else 0
        self.border_title = f"Tags {len(names)}" if names else "Tags"

    def _tag_at(self, index: int | None) -> Tag | None:
        tags = self._data.tags
        if index is None or not 0 <= index < len(tags):
            return None
        return tags[index][0]

    @on(OptionList.OptionSelected, "#panel-tags")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        tag = self._tag_at(event.option_index)
        if tag is not None:
            self.post_message(self.Chosen(tag.name))

    @on(_TagList.BindKey)
    def _bind_key(self, event: _TagList.BindKey) -> None:
        event.stop()
        tag = self._tag_at(self.rows.highlighted)
        self.post_message(BindKeyRequested(tag.name if tag is not None else None))
