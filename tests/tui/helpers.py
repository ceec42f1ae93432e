"""Helpers shared by the TUI tests: running async tests without a plugin, a real store with
the example brief in it, letting workers settle, waiting for a condition (never for a fixed
time), and recording notifications."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from textual.app import App

from briefreader.library import import_file
from briefreader.store.api import Store
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
    """Every notification the app shows, as (severity, title, message)."""

    def __init__(self, app: App[Any]) -> None:
        self.items: list[tuple[str, str, str]] = []
        original = app.notify

        def notify(
            message: str, *, title: str = "", severity: Any = "information", **kw: Any
        ) -> None:
            self.items.append((severity, title, message))
            original(message, title=title, severity=severity, **kw)

        app.notify = notify  # type: ignore[method-assign]  # recording, then the real notify

    def messages(self, severity: str | None = None) -> list[str]:
        return [m for s, _, m in self.items if severity is None or s == severity]


def key_event(key: str) -> Any:
    """The Key event a terminal sends for ``key``: a character ("a", "/", " ") or a key name
    ("tab", "enter", "ctrl+s")."""
    from textual import events
    from textual.keys import _character_to_key

    if len(key) == 1:
        name = key if key.isalnum() else _character_to_key(key)
        return events.Key(name, key)
    characters = {"tab": "\t", "enter": "\r", "escape": "\x1b", "space": " "}
    return events.Key(key, characters.get(key))


def burst(app: App[Any], *parts: str | list[str]) -> None:
    """Send keys as one burst, the way a paste, tmux send-keys or a laggy SSH link delivers
    them: every event queued at once, with no pause for the app to catch up. A ``str`` part is
    typed character by character; a ``list`` part holds key names."""
    driver = app._driver
    assert driver is not None
    for part in parts:
        keys = list(part) if isinstance(part, str) else part
        for key in keys:
            event = key_event(key)
            event.set_sender(app)
            driver.send_message(event)


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
