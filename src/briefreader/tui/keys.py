"""The key bound to a command now, as people see it ("ctrl+s", "u", "A"), for hints and
messages ("press u to undo"): the user's keymap from the config file wins, then the binding with
that id among the given ones and those active on the screen, then a default.

The one place that answers this: the App keeps its own copy of the keymap it gave Textual
(``BriefReaderApp.keymap``), so nothing reads Textual's private attributes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.dom import DOMNode


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
