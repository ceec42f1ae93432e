"""Keys as people see them and as the config file remaps them.

- :func:`key_for`: the key bound to a command now, as people see it ("ctrl+s", "u", "A"), for
  hints and messages ("press u to undo"): the user's keymap from the config file wins, then the
  binding with that id among the given ones and those active on the screen, then a default.
  The App keeps its own copy of the keymap it gave Textual (``BriefReaderApp.keymap``), so
  nothing reads Textual's private attributes.
- :func:`class_bindings` / :func:`binding_order`: the bindings a class starts with, in their
  order, before any keymap (Textual puts a remapped binding last; the help and the key bar keep
  it in its place).
- :func:`check_keymap` and :func:`unknown_binding_ids`: what is wrong in the config file's
  ``[keys]`` (a key Textual has no name for, an id no binding has), one sentence each.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingsMap

from briefreader.tui.internals.hooks import inherits_bindings

if TYPE_CHECKING:
    from textual.dom import DOMNode

#: The modifiers a key name may start with ("ctrl+shift+x").
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
#: What key names look like, for the message about one that is not.
EXAMPLES = '"h", "H", "ctrl+r", "f2", "question_mark"'


def key_for(
    node: DOMNode,
    binding_id: str,
    default: str | None = None,
    bindings: Iterable[Binding] = (),
) -> str | None:
    """The key for ``binding_id`` as shown to people, or ``default`` (None: not bound)."""
    app = node.app
    key: str | None = getattr(app, "keymap", {}).get(binding_id)
    if key is None:
        candidates = list(bindings)
        with contextlib.suppress(Exception):  # not mounted: no screen yet
            candidates += [active.binding for active in node.screen.active_bindings.values()]
        key = next((b.key for b in candidates if b.id == binding_id), default)
    if not key:
        return None
    first = key.split(",")[0].strip()
    return app.get_key_display(Binding(first, ""))


# ---------------------------------------------------------------------- bindings in order


def class_bindings(node_type: type[DOMNode]) -> BindingsMap:
    """The bindings a node of this class starts with, before any keymap: the ``BINDINGS`` of
    each class in its MRO, a subclass's key replacing the same key of a base (keeping the
    base's place), as Textual merges them."""
    from textual.dom import DOMNode

    keys: dict[str, list[Binding]] = {}
    for base in reversed(node_type.__mro__):
        if not issubclass(base, DOMNode):
            continue
        # A class declared with ``inherit_bindings=False`` starts afresh (without it the help
        # would list e.g. ArticleView's keys in ScrollView's order).
        if not inherits_bindings(base):
            keys.clear()
        keys.update(BindingsMap(base.__dict__.get("BINDINGS", [])).key_to_bindings)
    return BindingsMap.from_keys(keys)


@functools.cache
def binding_order(node_type: type[DOMNode]) -> Mapping[str, int]:
    """Binding id -> its place among the bindings ``node_type`` starts with."""
    order: dict[str, int] = {}
    for index, (_, binding) in enumerate(class_bindings(node_type)):
        if binding.id:
            order.setdefault(binding.id, index)
    return order


# ---------------------------------------------------------------------- checking [keys]


@functools.cache
def _named_keys() -> frozenset[str]:
    """The key names (without modifiers) Textual gives keys that are not one character."""
    from textual.keys import KEY_ALIASES, REPLACED_KEYS, Keys

    names = {key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<")}
    names |= {name.rpartition("+")[2] for name in KEY_ALIASES}
    names |= {alias.rpartition("+")[2] for aliases in KEY_ALIASES.values() for alias in aliases}
    return frozenset(names | set(REPLACED_KEYS))


def is_key_name(key: str) -> bool:
    """Whether ``key`` (one key of a binding: "h", "?", "ctrl+r", "f2", "question_mark") names
    a key as Textual names it: a binding to anything else is never pressed."""
    from textual.keys import key_to_character

    if len(key) == 1:
        return key.isprintable() and not key.isspace()
    *modifiers, base = key.split("+")
    if not base or any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    return len(base) == 1 or base in _named_keys() or key_to_character(base) is not None


def check_keymap(keymap: Mapping[str, str], where: object) -> tuple[dict[str, str], list[str]]:
    """``keymap`` without the keys that are not key names, and a sentence for each of those
    (``where``: the config file). A binding left with no key keeps its own."""
    clean: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        parts = [key.strip() for key in keys.split(",") if key.strip()]
        good = [key for key in parts if is_key_name(key)]
        for bad in parts:
            if bad in good:
                continue
            lower = bad.lower()
            hint = f'did you mean "{lower}"?' if is_key_name(lower) else f"keys are {EXAMPLES}…"
            kept = "its other keys are used" if good else "its usual key is kept"
            problems.append(
                f'{where}: [keys] "{binding_id}": "{bad}" is not a key name ({hint}), so {kept}'
            )
        if good:
            clean[binding_id] = ",".join(good)
    return clean, problems


def binding_ids(load_all: bool = True) -> frozenset[str]:
    """The id of every binding of every screen and widget of the app: of those whose modules
    are imported, or (``load_all``) of all, their modules imported first (a quarter of a second
    at start-up, so done only when an id is not found among those imported already)."""
    from textual.dom import DOMNode

    if load_all:
        import importlib
        import pkgutil

        import briefreader.tui.app  # the app's own bindings
        import briefreader.tui.screens
        import briefreader.tui.widgets

        for package in (briefreader.tui.screens, briefreader.tui.widgets):
            for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
                importlib.import_module(module.name)
    ids: set[str] = set()
    seen: set[type] = set()
    classes: list[type] = [DOMNode]
    while classes:
        node_type = classes.pop()
        if node_type in seen:
            continue
        seen.add(node_type)
        classes.extend(node_type.__subclasses__())
        for binding in node_type.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return frozenset(ids)


def unknown_binding_ids(
    keymap: Mapping[str, str], known: frozenset[str], where: object
) -> list[str]:
    """A sentence for each id in ``keymap`` that no binding has (``where``: the config file),
    with the id it most looks like."""
    problems: list[str] = []
    for binding_id in keymap:
        if binding_id in known:
            continue
        like = difflib.get_close_matches(binding_id, sorted(known), n=1, cutoff=0.6)
        hint = f' (did you mean "{like[0]}"?)' if like else ""
        problems.append(
            f'{where}: [keys] "{binding_id}" is not a binding id{hint}, so it changes no key; '
            "the help screen lists the ids"
        )
    return problems
