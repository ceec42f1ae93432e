"""Helpers shared by the TUI tests: running async tests without a plugin, a real store with
the example brief in it, letting workers settle, waiting for a condition (never for a fixed
time), recording notifications, sending keys as a terminal does, and reading the screen as
drawn.

The tests use Textual's public API everywhere but in the section "Textual internals" below:
the few things Textual offers no public way to do, each behind a named function, so that an
upgrade of Textual that changes them fails here, in one place."""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.segment import Segment
from textual import events
from textual.app import App

from briefreader.anchoring import context
from briefreader.library import import_file
from briefreader.store.api import Annotation, Store
from briefreader.tui.screens.library import LibraryScreen
from briefreader.tui.screens.reader import ReaderScreen
from briefreader.tui.widgets.panel import AnnotationPanel

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "pakistan-russia-ties.txt"


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an ``async def`` test with ``asyncio.run`` (fixtures are passed through)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


def store_with_example(tmp_path: Path) -> tuple[Store, str, int]:
    """A real SQLite store in ``tmp_path`` holding the example brief: (store, url, brief id)."""
    url = f"sqlite:///{tmp_path / 'reader.sqlite3'}"
    store = Store.open(url)
    outcome = import_file(store, EXAMPLE)
    assert outcome.brief is not None
    return store, url, outcome.brief.id


async def settle(pilot: Any) -> None:
    """Let workers finish and their results reach the screen (they may start more work)."""
    for _ in range(4):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class Toasts:
    """Every notification the app shows, as (severity, title, message), from when this was made
    (before ``run_test``, to catch those of the app's start). ``Toasts.of(app)`` finds it again.
    """

    def __init__(self, app: App[Any]) -> None:
        self.items: list[tuple[str, str, str]] = []
        _recorders[app] = self
        original = app.notify

        def notify(
            message: str, *, title: str = "", severity: Any = "information", **kw: Any
        ) -> None:
            self.items.append((severity, title, message))
            original(message, title=title, severity=severity, **kw)

        app.notify = notify  # type: ignore[method-assign]  # recording, then the real notify

    def messages(self, severity: str | None = None) -> list[str]:
        return [m for s, _, m in self.items if severity is None or s == severity]

    def text(self) -> str:
        """Every message shown so far, one after the other."""
        return "\n".join(self.messages())

    @staticmethod
    def of(app: App[Any]) -> Toasts:
        """The recorder made for ``app``."""
        recorder = _recorders.get(app)
        assert recorder is not None, f"no Toasts(app) was made for {app!r}"
        return recorder


_recorders: weakref.WeakKeyDictionary[App[Any], Toasts] = weakref.WeakKeyDictionary()


def key_event(key: str) -> events.Key:
    """The Key event a terminal sends for ``key``: a character ("a", "/", " ") or a key name
    ("tab", "enter", "ctrl+s")."""
    if len(key) == 1:
        return events.Key(terminal_key_name(key), key)
    characters = {"tab": "\t", "enter": "\r", "escape": "\x1b", "space": " "}
    return events.Key(key, characters.get(key))


def burst(app: App[Any], *parts: str | list[str] | events.Paste) -> None:
    """Send keys as one burst, the way a paste, tmux send-keys or a laggy SSH link delivers
    them: every event queued on the App at once, with no pause for the app to catch up. A
    ``str`` part is typed character by character; a ``list`` part holds key names; a Paste
    event is sent as it is (a terminal's bracketed paste).

    Events go where a terminal driver sends them, to the App's own message queue
    (``post_message``, which Textual's drivers call too), so the App handles them as keys that
    came from the terminal: not forwarded yet, in the order sent."""
    for part in parts:
        queued: list[events.Key | events.Paste]
        if isinstance(part, events.Paste):
            queued = [part]
        else:
            queued = [key_event(key) for key in (list(part) if isinstance(part, str) else part)]
        for event in queued:
            event.set_sender(app)
            assert app.post_message(event), f"the app did not take {event!r} (closing?)"


async def wait_until(pilot: Any, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {condition}")
        await pilot.pause(0.01)


# What the app has yet to show. These read a few private attributes of the screens: each is the
# precise "an update is on its way" flag, and a rename fails here loudly (AttributeError) rather
# than letting a test look too early.


def panel_pending(panel: AnnotationPanel) -> bool:
    """Whether the annotation panel has an update on its way: the detail redraw held back while
    the current annotation keeps changing (``DETAIL_DELAY``), or the list and tags waiting for
    the next frame."""
    return panel.pending


def reader_pending(app: App[Any]) -> bool:
    """Whether a reader (on top or under a dialog) has an update on its way: its panel's (see
    :func:`panel_pending`) or its header's sub-title, which waits for the next frame."""
    return any(
        panel_pending(screen.panel) or getattr(screen, "_sub_title_scheduled", False)
        for screen in app.screen_stack
        if isinstance(screen, ReaderScreen)
    )


def search_pending(app: App[Any]) -> bool:
    """Whether the library's search box holds a query whose hits are not on screen yet (the
    search runs ``SEARCH_DELAY`` after the last key, then in a worker)."""
    screen = app.screen
    if not isinstance(screen, LibraryScreen) or not screen.searching:
        return False
    pane = screen.search_pane
    return pane._shown_query != pane.query_text


async def until_shown(pilot: Any, timeout: float = 10.0) -> None:
    """Let the keys just pressed take effect, then wait until nothing the app was asked to show
    is still on its way (see :func:`reader_pending`, :func:`search_pending`)."""
    await pilot.pause()
    await wait_until(
        pilot, lambda: not reader_pending(pilot.app) and not search_pending(pilot.app), timeout
    )
    await pilot.pause()


# ---------------------------------------------------------------------- Textual internals
# What Textual (8.2) offers no public way to do. Each function names the internal it uses; after
# an upgrade of Textual, these are the lines to check.


def terminal_key_name(character: str) -> str:
    """The key name a terminal driver gives a typed ``character`` ("a", "slash",
    "right_parenthesis"), as bindings see it.

    Textual internal: ``textual.keys._character_to_key``, the function Textual's own input
    parser uses (and Pilot.press), so the names stay those of real keys after an upgrade."""
    from textual.keys import _character_to_key

    return character if character.isalnum() else _character_to_key(character)


@dataclass(frozen=True)
class Repaint:
    """A full repaint of the screen on top, as Textual would send it to a terminal."""

    #: The drawn segments of each terminal row (control segments left out).
    lines: tuple[tuple[Segment, ...], ...]
    _render: Callable[[], str] = field(repr=False, compare=False)

    @property
    def rows(self) -> list[str]:
        """The text of each terminal row."""
        return ["".join(segment.text for segment in line) for line in self.lines]

    @property
    def text(self) -> str:
        """The whole screen as text, one line per row."""
        return "\n".join(self.rows)

    @functools.cached_property
    def output(self) -> str:
        """The exact string a terminal would receive: text, colours and cursor moves."""
        return self._render()


def full_repaint(app: App[Any]) -> Repaint:
    """The screen on top (with whatever shows through under a dialog) as a full repaint draws
    it: what the user sees, as text and segments, and the terminal output.

    Textual internal: ``Screen._compositor.render_full_update()`` (its ``strips`` and
    ``render_segments``), what ``App._display`` uses for a full refresh. The public
    ``App.export_screenshot`` gives only an SVG."""
    update = app.screen._compositor.render_full_update()
    lines = tuple(
        tuple(segment for strip in line for segment in strip if not segment.control)
        for line in update.strips
    )
    console = app.console
    return Repaint(lines, lambda: update.render_segments(console))


def screen_rows(app: App[Any]) -> list[str]:
    """The screen on top as drawn, one string per terminal row (see :func:`full_repaint`)."""
    return full_repaint(app).rows


def screen_text(app: App[Any]) -> str:
    """The screen on top as drawn, one line per terminal row (see :func:`full_repaint`)."""
    return full_repaint(app).text


def as_stored(screen: ReaderScreen, annotation: Annotation | None) -> Annotation | None:
    """The reader's copy of an annotation as the store has it: the reader holds those on the
    text without their uuid (kept packed, :meth:`ShownAnnotations.whole`) and context (the text
    around the quote), which is what the store gives back when it restores one."""
    if annotation is None or annotation.orphan:
        return annotation
    assert screen.brief is not None, "no brief is open"
    whole = screen.core.shown.whole(annotation)
    prefix, suffix = context(screen.brief.text, whole.start, whole.end)
    return replace(whole, prefix=prefix, suffix=suffix)
