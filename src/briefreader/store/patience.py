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
#: Each engine's own timeout (the store's ``busy_timeout``), restored outside a patience block.
_defaults: weakref.WeakKeyDictionary[Engine, float] = weakref.WeakKeyDictionary()


def _install(engine: Engine, default: float) -> None:
    _defaults[engine] = default
    if engine in _installed:
        return
    _installed.add(engine)
    sqlite = engine.dialect.name == "sqlite"

    # On checkout (before the transaction's BEGIN takes the lock), every time: a connection
    # used with patience goes back to the pool and is next used without.
    @event.listens_for(engine.pool, "checkout")
    def _set_patience(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        limit = _limit.get()
        default = _defaults.get(engine, engine_module.BUSY_TIMEOUT_S)
        seconds = default if limit is None else limit
        # The store's begin handler (PostgreSQL: lock_timeout with the advisory lock) and its
        # "busy" message read the connection's timeout from here.
        info_key = engine_module.BUSY_TIMEOUT_INFO
        if limit is None:
            record.info.pop(info_key, None)
        else:
            record.info[info_key] = seconds
        if sqlite:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
            finally:
                cursor.close()


@contextlib.contextmanager
def patience(store: Store, seconds: float) -> Iterator[None]:
    """Writes in this block (this thread or task) wait at most ``seconds`` for the lock."""
    base = store.engine
    default = getattr(store, "busy_timeout", None)
    _install(base, engine_module.BUSY_TIMEOUT_S if default is None else float(default))
    token = _limit.set(seconds)
    try:
        yield
    finally:
        _limit.reset(token)
