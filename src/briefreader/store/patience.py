"""How long a write may wait for another program's write lock, per call: ``with
patience(store, 0.2): store.create_annotation(...)``.

The store's own timeout (30 s, :data:`briefreader.store.engine.BUSY_TIMEOUT_S`) suits scripts,
which should wait their turn. The app saves on its UI thread and must not freeze: it asks for a
short patience, and a change that cannot get the lock in that time is kept and saved from a
worker (see :mod:`briefreader.tui.writes`), which waits as long as it takes.

Set when a connection is taken from the pool for the write (before its BEGIN takes the lock):
SQLite's ``busy_timeout``, or PostgreSQL's ``lock_timeout`` (which the advisory write lock obeys
where the store's own timeout is not set in the same statement). A pool listener does it, once
per engine.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event

from briefreader.store import engine as engine_module

if TYPE_CHECKING:
    from briefreader.store.api import Store

_limit: ContextVar[float | None] = ContextVar("briefreader_write_patience", default=None)
_installed: weakref.WeakSet[Engine] = weakref.WeakSet()


def _install(engine: Engine) -> None:
    if engine in _installed:
        return
    _installed.add(engine)
    sqlite = engine.dialect.name == "sqlite"
    postgresql = engine.dialect.name == "postgresql"

    # On checkout (before the transaction's BEGIN takes the lock), every time: a connection
    # used with patience goes back to the pool and is next used without.
    @event.listens_for(engine.pool, "checkout")
    def _set_patience(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        limit = _limit.get()
        seconds = engine_module.BUSY_TIMEOUT_S if limit is None else limit
        cursor = dbapi_connection.cursor()
        try:
            if sqlite:
                cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
            elif postgresql and limit is not None:
                cursor.execute(f"SET lock_timeout = {int(seconds * 1000)}")
        finally:
            cursor.close()


@contextlib.contextmanager
def patience(store: Store, seconds: float) -> Iterator[None]:
    """Writes in this block (this thread or task) wait at most ``seconds`` for the lock."""
    base = store.engine
    _install(base)
    token = _limit.set(seconds)
    try:
        yield
    finally:
        _limit.reset(token)
