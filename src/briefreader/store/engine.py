"""The engine factory: one place that knows about database backends.

SQLite gets WAL, foreign keys, ``synchronous=FULL`` (a commit that returned survives power loss),
a busy timeout, and transactions whose BEGIN is emitted by us so that write transactions can take
the write lock up front (``BEGIN IMMEDIATE``): a deferred read-then-write transaction would fail
at once with "database is locked" when a second writer got there first, instead of waiting.
Other backends (PostgreSQL) need none of this.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

#: How long a connection waits for another writer's lock before giving up.
BUSY_TIMEOUT_S = 30.0

#: Execution option: the kind of BEGIN a SQLite transaction starts with.
BEGIN_OPTION = "briefreader_begin"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> Engine:
    """Create the engine for ``url``; for a SQLite file, create its folder first."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    database = parsed.database
    in_memory = not database or database == ":memory:"
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}
    }
    if in_memory:
        kwargs["poolclass"] = StaticPool
    elif database:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We emit BEGIN ourselves (see _on_begin); sqlite3 must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine (same pool), but its transactions take the write lock when they begin."""
    if is_sqlite(engine):
        return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
    return engine
