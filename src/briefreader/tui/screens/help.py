"""The help screen: every key of the screen it was opened from, generated from the bindings
(with any remapping from the config file applied), grouped by the part of the screen that
owns them, with the binding ids the config file uses to remap them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType, Keymap
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from briefreader.tui.keys import binding_order, class_bindings, key_for
from briefreader.tui.widgets.footer import KeyBar

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
    "DeskScreen": "Claims desk",
    "ClaimTable": "Claims desk: the table",
    "BriefReaderApp": "Everywhere",
}
#: What the help says first, by the screen it is opened over. ``[[id|key]]`` is the key of that
#: binding: ``key`` as written, or the key the config file remaps it to.
INTROS = {
    "ReaderScreen": (
        "Move with the arrows, [[article.word_forward|w]]/[[article.word_back|b]] (word), "
        "[[article.sentence_back|(]] [[article.sentence_forward|)]] (sentence), "
        "[[article.paragraph_back|{]] [[article.paragraph_forward|}]] (paragraph). "
        "[[article.select_sentence|s]] selects a sentence; then [[reader.highlight|h]] "
        "highlights, [[reader.claim|c]] marks a claim, [[reader.note|n]] adds a note, "
        "[[reader.tags|t]] tags, 1-9 toggle quick tags, [[reader.link|l]] links a source. "
        "[[reader.undo|u]] undoes. [[reader.desk|C]] opens the claims desk."
    ),
    "LibraryScreen": (
        "Type to filter the briefs (tag:NAME for a tag); [[library.to_list|↓]] and Enter open "
        "one. [[library.search|ctrl+f]] searches every brief and annotation; "
        "[[library.desk|ctrl+t]] opens the claims desk."
    ),
    "DeskScreen": (
        "Every claim in the library. 1-9 and 0 sort by a column (again: the other way), "
        "[[desk.filter|/]] filters (status:to-check verdict:refuted tag: brief: claimant: "
        "has:source). Enter triages the claim under the cursor, [[desk.triage|t]] walks the "
        "queue of claims still to check: one key per verdict ([[desk.supported|s]] "
        "[[desk.disputed|d]] [[desk.refuted|r]] [[desk.unverified|v]]), [[desk.uncheckable|x]] "
        "not checkable, [[desk.checking|i]] checking, [[desk.rationale|w]] rationale, "
        "[[desk.conclusion|e]] conclusion, [[desk.source|a]] source, [[desk.contacted|c]] "
        "claimant contacted, [[desk.next|n]] next, [[desk.previous|p]] previous, "
        "[[desk.open|o]] opens the brief at the claim. [[desk.undo|u]] undoes any of it. "
        "[[desk.stats|g]] statistics, [[desk.sources|S]] sources, [[desk.export|E]] exports "
        "(ClaimReview, CSL-JSON, BibTeX)."
    ),
}
_KEY_IN_INTRO = re.compile(r"\[\[([\w.]+)\|([^\]]+)\]\]")


def intro(node: DOMNode, under: Screen[object]) -> str:
    """What the help says first over ``under``, with the keys the config file remaps."""
    keymap: Mapping[str, str] = getattr(node.app, "keymap", {})

    def key(match: re.Match[str]) -> str:
        binding_id, written = match.groups()
        if binding_id not in keymap:
            return written
        return key_for(node, binding_id) or written

    text = INTROS.get(type(under).__name__, INTROS["ReaderScreen"])
    return _KEY_IN_INTRO.sub(key, text)


def _owners(screen: Screen[object]) -> Iterable[DOMNode]:
    yield screen
    yield from screen.walk_children()
    yield screen.app


def _key_name(key: str) -> str:
    """A key as Textual names it in a keymap: a single character by its name ("?" ->
    "question_mark"), anything else as written."""
    key = key.strip()
    if len(key) != 1:
        return key
    return next(iter(Binding.make_bindings([Binding(key, "")]))).key


def user_keymap(node: DOMNode) -> Keymap:
    """The keymap the app gave Textual (``BriefReaderApp.keymap``, see tui/keys.py), with its
    keys named the way Textual names them, so clashes are found as Textual finds them."""
    keymap: Mapping[str, str] = getattr(node.app, "keymap", {})
    return {
        binding_id: ",".join(_key_name(key) for key in keys.split(","))
        for binding_id, keys in keymap.items()
    }


def node_bindings(node: DOMNode, keymap: Keymap) -> list[Binding]:
    """The bindings with ids that ``node`` has, with ``keymap`` applied the way Textual applies
    it when a key is pressed: a remapped binding has its new keys, and a binding whose key was
    taken by a remapped one is gone. They keep the order they have without the keymap."""
    bindings = class_bindings(type(node))
    order = binding_order(type(node))
    if keymap:
        bindings.apply_keymap(keymap)
    return sorted(
        (binding for _, binding in bindings if binding.id),
        key=lambda binding: order.get(binding.id or "", len(order)),
    )


def binding_groups(screen: Screen[object]) -> list[tuple[str, list[Binding]]]:
    """(part name, bindings) for every node of ``screen`` that has bindings with descriptions,
    with the user's keymap applied."""
    keymap = user_keymap(screen)
    groups: dict[str, list[Binding]] = {}
    seen: set[tuple[str, str]] = set()
    for node in _owners(screen):
        name = PART_NAMES.get(type(node).__name__, type(node).__name__)
        # Only our own bindings (they carry ids); Textual's built-in widget keys would bury them.
        for binding in node_bindings(node, keymap):
            if not binding.description or (name, binding.action) in seen:
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
            yield Static(Text(intro(self, self.under), style="italic"))
            for name, bindings in binding_groups(self.under):
                yield Static(Text(name), classes="help-title")
                table = Table.grid(padding=(0, 2), expand=True)
                table.add_column(style="bold", width=12)
                table.add_column(ratio=3)
                table.add_column(style="dim", ratio=2)
                for binding in bindings:
                    if binding.id and binding.id.startswith("desk.sort_"):
                        if binding.id != "desk.sort_claim":
                            continue
                        table.add_row(
                            Text("1 … 9, 0"),
                            Text("Sort by that column (again: the other way)"),
                            Text("desk.sort_claim … desk.sort_at"),
                        )
                        continue
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
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
