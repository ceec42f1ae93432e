"""Helpers shared by the TUI tests: running async tests without a plugin, and a real store
with the example brief in it."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from briefreader.library import import_file
from briefreader.store.api import Store

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
