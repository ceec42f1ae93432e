"""How the panel looks while the focus is in it: its left edge (when its screen gives it one) in
the focused border colour, and the detail's key hint shown (the keys it names work only there).

Done here rather than by ``:focus-within`` rules on the panel, as it was: Textual restyles every
widget under the outermost node that such a rule matches each time the focus enters or leaves
it, and on the panel that is all of it (some 40 widgets with their scrollbars): 24-37 ms of
Tab and Esc in the reader with 100,000 annotations on the test machine
(``Stylesheet.update_nodes``; ``benchmarks/bench_scale.py``), and each of them drawn again.
The boxes keep their own ``:focus-within`` borders: a box restyles only itself.
"""

from __future__ import annotations

from textual.color import Color
from textual.widget import Widget


class FocusLook:
    """The panel's looks that follow the focus (module docstring)."""

    def __init__(self, panel: Widget) -> None:
        self._panel = panel
        self._inside = False

    def start(self) -> None:
        """Follow theme changes too (the edge's colour is the theme's)."""
        panel = self._panel
        panel.app.theme_changed_signal.subscribe(panel, lambda _theme: self._paint())

    def follow(self) -> None:
        """Look as the focus says now (after it moved in, out of or within the panel)."""
        panel = self._panel
        if not panel.is_mounted:
            return
        focused = panel.screen.focused
        inside = focused is not None and (focused is panel or panel in focused.ancestors)
        if inside != self._inside:
            self._inside = inside
            self._paint()

    def _paint(self) -> None:
        panel = self._panel
        for hint in panel.query("#detail-hint"):
            hint.display = self._inside
        panel.styles.clear_rule("border_left")  # the stylesheet's edge, if any
        edge, _color = panel.styles.border_left
        colour = panel.app.theme_variables.get("border")
        if self._inside and edge not in ("", "none", "hidden") and colour:
            panel.styles.border_left = (edge, Color.parse(colour))
