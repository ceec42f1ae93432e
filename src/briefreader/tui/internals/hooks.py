"""Small uses of Textual internals that have no public equivalent (Textual 8.2):

- :class:`ErrorHook`: an App whose unhandled exceptions go to :meth:`ErrorHook.unhandled` first
  (the crash log), and whose traceback is then not printed when that handled it. Textual has
  no public exception hook: this overrides ``App._handle_exception`` and
  ``App._print_error_renderables`` and clears ``App._exit_renderables``.
- :class:`FirstFrame`: work put off until the first frame has been sent to the terminal
  (:meth:`FirstFrame.after_first_frame`). ``call_after_refresh`` is not that: its callbacks run
  when the screen is next idle, which at start-up comes before the first frame is written (the
  reader's reading aids, 7 ms and a second render, ran there). This overrides ``App._display``,
  where each frame is sent, and reads ``App._running`` and ``App._batch_count``, which decide
  whether it is sent; frames of the blank screen Textual starts with (id ``_default``) do not
  count.
- :func:`refresh_scrollbars`: a scroll view's scrollbars follow its new virtual size at once
  (``Widget._refresh_scrollbars``, as Textual's own TextArea does), so that a ``scroll_to``
  right after a relayout is not clamped to the old size.
- :func:`inherits_bindings`: whether a class was declared with ``inherit_bindings=False``
  (Textual keeps that class keyword only in ``DOMNode._inherit_bindings``), for the help
  screen, which lists the bindings each class starts with.

``tests/tui/test_textual_internals.py`` fails, naming them, when an upgrade removes them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType
from textual.app import App
from textual.dom import DOMNode
from textual.widget import Widget


class ErrorHook(App[Any]):
    """Mixed in before an App class: see the module docstring."""

    _error_handled = False

    def unhandled(self, error: Exception) -> bool:
        """An exception nobody caught ended the app; True when it was dealt with (logged), so
        Textual need not print its traceback. Textual then ends the app (return code 1)."""
        return False

    def _handle_exception(self, error: Exception) -> None:
        if self.unhandled(error):
            self._error_handled = True
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        if self._error_handled:
            self._exit_renderables.clear()
            return
        super()._print_error_renderables()


class FirstFrame(App[Any]):
    """Mixed into an App class: see the module docstring."""

    _first_frame_shown = False
    _after_first_frame_calls: list[Callable[[], object]] | None = None

    @property
    def first_frame_shown(self) -> bool:
        """A frame has been sent to the terminal (headless: would have been)."""
        return self._first_frame_shown

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the first frame is on the terminal (after the next refresh,
        if it is)."""
        if self._first_frame_shown:
            self.call_after_refresh(callback)
            return
        if self._after_first_frame_calls is None:
            self._after_first_frame_calls = []
        self._after_first_frame_calls.append(callback)

    def _display(self, screen: Any, renderable: RenderableType | None) -> None:
        super()._display(screen, renderable)
        if self._first_frame_shown or renderable is None:
            return
        # The blank screen Textual starts with (``get_default_screen``) is not a first frame.
        if self._running and not self._batch_count and screen.id != "_default":
            self._first_frame_shown = True
            for callback in self._after_first_frame_calls or ():
                self.call_later(callback)
            self._after_first_frame_calls = None


def refresh_scrollbars(widget: Widget) -> None:
    """``widget``'s scrollbars follow its virtual size now (see the module docstring)."""
    widget._refresh_scrollbars()


def inherits_bindings(node_type: type[DOMNode]) -> bool:
    """False for a class declared with ``inherit_bindings=False`` (see the module docstring)."""
    return bool(node_type.__dict__.get("_inherit_bindings", True))
