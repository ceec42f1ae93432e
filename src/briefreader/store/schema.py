"""Schema versions and the ordered upgrade path.

A new database is created at :data:`CURRENT_VERSION`. An older one is upgraded one step at a
time, each step in the same write transaction as the version bump, so an interrupted upgrade
leaves the database at the old version, never half-way. Steps use portable DDL only: the same
path runs on SQLite and PostgreSQL. Only the full-text index differs: FTS5 on SQLite
(:mod:`~briefreader.store.fts`), ``tsvector`` tables on PostgreSQL
(:mod:`~briefreader.store.pg_fts`); a PostgreSQL database at the current version without its
index (made before there was one) gets it when opened.

History:
  1. first release: briefs, annotations, tags, sources.
  2. ``annotation.revision`` for optimistic concurrency (a save that never saw a newer change is
     refused instead of overwriting it).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, select, text, update
from sqlmodel import SQLModel, col

from briefreader.store import models
from briefreader.store.engine import writer
from briefreader.store.fts import install_fts
from briefreader.store.pg_fts import has_pg_fts, install_pg_fts

CURRENT_VERSION = 3


class SchemaError(RuntimeError):
    """The database cannot be used by this version of briefreader; the message says why."""


def _v1_to_v2(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE annotation ADD COLUMN revision INTEGER NOT NULL DEFAULT 1"))


def _v2_to_v3(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE brief ADD COLUMN version INTEGER NOT NULL DEFAULT 1"))
    conn.execute(text("ALTER TABLE brief ADD COLUMN source_path TEXT"))
    # Before version 3 a file's absolute path was its source (URLs come from the page itself).
    conn.execute(text("UPDATE brief SET source_path = source WHERE source LIKE '/%'"))
    conn.execute(text("ALTER TABLE annotation ADD COLUMN orphan BOOLEAN NOT NULL DEFAULT FALSE"))
    conn.execute(text("ALTER TABLE annotation ADD COLUMN previous_quote TEXT"))
    models.BriefVersionRow.__table__.create(conn)  # type: ignore[attr-defined]
    _install_index(conn)


def _install_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        install_fts(conn)
    elif conn.dialect.name == "postgresql" and not has_pg_fts(conn):
        install_pg_fts(conn)


#: UPGRADES[n] takes a database from version n to n + 1.
UPGRADES: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3}


def database_version(conn: Connection) -> int | None:
    """The schema version recorded in the database, or None if it has no briefreader schema."""
    if not inspect(conn).has_table("schema_version"):
        return None
    version = conn.execute(select(col(models.SchemaVersion.version))).scalar_one_or_none()
    return int(version) if version is not None else None


def ensure_schema(engine: Engine) -> int:
    """Create or upgrade the schema; return the version the database was at before (0 = new).
    Creating or upgrading runs under the write lock, so two processes opening a new database
    at once do not both create it: the second finds it made. A database already current is only
    read: opening it never waits for another writer (a long write elsewhere must not stop
    `briefreader list` or the app from starting)."""
    with engine.connect() as conn:
        version = database_version(conn)
        current = version == CURRENT_VERSION and (
            conn.dialect.name != "postgresql" or has_pg_fts(conn)
        )
        conn.rollback()
    if current:
        return CURRENT_VERSION
    with writer(engine).begin() as conn:
        version = database_version(conn)
        if version is None:
            existing = set(inspect(conn).get_table_names())
            # The index tables have the same names on both backends.
            ours = set(SQLModel.metadata.tables) | {"brief_fts", "annotation_fts"}
            if existing & ours:
                raise SchemaError(
                    "this database has briefreader-like tables but no schema version; "
                    "refusing to touch it"
                )
            SQLModel.metadata.create_all(conn)
            _install_index(conn)
            conn.execute(
                models.SchemaVersion.__table__.insert().values(id=1, version=CURRENT_VERSION)  # type: ignore[attr-defined]
            )
            return 0
        if version > CURRENT_VERSION:
            raise SchemaError(
                f"this database is at schema version {version}, newer than this briefreader "
                f"understands ({CURRENT_VERSION}); upgrade briefreader"
            )
        start = version
        while version < CURRENT_VERSION:
            UPGRADES[version](conn)
            version += 1
        if version != start:
            conn.execute(update(models.SchemaVersion).values(version=version))
        elif conn.dialect.name == "postgresql" and not has_pg_fts(conn):
            install_pg_fts(conn)
        return start
