"""The help screen: every key of the screen it was opened from, generated from the bindings
(with any remapping from the config file applied), grouped by the part of the screen that
owns them, with the binding ids the config file uses to remap them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

#: Friendly names for the parts that own bindings.
PART_NAMES = {
    "ArticleView": "Reading and selecting",
    "ReaderScreen": "Annotating",
    "AnnotationPanel": "Side panel",
    "_AnnotationList": "Side panel: annotation list",
    "_OrphanList": "Side panel: orphans (annotations not on the text)",
    "_TagList": "Side panel: tags",
    "_FilterInput": "Side panel: filter",
    "SearchPane": "Library search",
    "SearchResults": "Library search",
    "LibraryScreen": "Library",
    "BriefReaderApp": "Everywhere",
}


def _owners(screen: Screen[object]) -> Iterable[DOMNode]:
    yield screen
    yield from screen.walk_children()
    yield screen.app


def binding_groups(screen: Screen[object]) -> list[tuple[str, list[Binding]]]:
    """(part name, bindings) for every node of ``screen`` that has bindings with descriptions."""
    groups: dict[str, list[Binding]] = {}
    seen: set[tuple[str, str]] = set()
    for node in _owners(screen):
        name = PART_NAMES.get(type(node).__name__, type(node).__name__)
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                # Only our own bindings (they carry ids); Textual's built-in widget keys would
                # bury them.
                if not binding.id or not binding.description or (name, binding.action) in seen:
                    continue
                seen.add((name, binding.action))
                groups.setdefault(name, []).append(binding)
    order = list(PART_NAMES.values())
    ranked = sorted(
        groups.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99
    )
    return [(name, items) for name, items in ranked if items]


class HelpScreen(ModalScreen[None]):
    """All keys of the screen below, from its bindings."""

    # Its layout: styles/help.tcss (loaded by the app).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss_help", "Close help", id="help.close"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys — remap any of them by id in config.toml [keys]"
            yield Static(
                Text(
                    "Move with the arrows, w/b (word), ( ) (sentence), { } (paragraph). "
                    "s selects a sentence; then h highlights, c marks a claim, n adds a note, "
                    "t tags, 1-9 toggle quick tags, l links a source. u undoes.",
                    style="italic",
                )
            )
            for name, bindings in binding_groups(self.under):
                yield Static(Text(name), classes="help-title")
                table = Table.grid(padding=(0, 2), expand=True)
                table.add_column(style="bold", width=12)
                table.add_column(ratio=3)
                table.add_column(style="dim", ratio=2)
                for binding in bindings:
                    if binding.id and binding.id.startswith("reader.quick_"):
                        # Nine rows saying the same thing read as one.
                        if binding.id != "reader.quick_1":
                            continue
                        table.add_row(
                            Text("1 … 9"),
                            Text("Toggle the quick tag bound to that number"),
                            Text("reader.quick_1 … reader.quick_9"),
                        )
                        continue
                    table.add_row(
                        Text(self.app.get_key_display(binding)),
                        Text(binding.description),
                        Text(binding.id or ""),
                    )
                yield Static(table)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
