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
  3. brief versions (``brief.version``, ``brief_version``), orphans and changed quotes, the
     full-text index.
  4. the claims desk: a claim's check status (apart from its verdict), conclusion, rationale,
     who checked it and when, the claimant contacted; who made each annotation; the history of
     every change to a claim's status, verdict, conclusion and rationale (``claim_history``).
     Claims already there are "checked" when they have a verdict, else "to-check".
  5. sources in their own right: ``source_ref``, one row per URL (title, author, publisher,
     published, accessed, archive URL, a note on its reliability, revision); the ``source``
     table becomes the links citing them (``source_id``, and the passage quoted, ``quote``),
     without the URL and title it held. The sources there become one each per URL (as
     ``normalise_source_url`` writes it), titled by the first link that had a title.
  6. the claim finder: the suggestions dismissed in each brief (``dismissed_suggestion``, by a
     hash of the sentence's words).
  7. claim groups: claims confirmed to be the same claim (``claim_group``,
     ``claim_group_member``) and pairs said not to be (``claim_not_same``).
  8. a brief's outlet and publication date (``brief.outlet``, ``brief.published``), the
     furthest point read in it (``brief.read_to``, from the reading position it had) and the
     offset at the top of the view when it was left (``brief.view_top``).
  9. saved web pages have a format of their own, ``page`` (their structure as Markdown lines,
     their words literal: no inline Markdown is read in them); the briefs imported from an
     ``.html``/``.htm``/``.xhtml`` file before, stored as ``markdown``, become ``page``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, inspect, select, text, update
from sqlmodel import SQLModel

from briefreader.store import models
from briefreader.store.engine import writer
from briefreader.store.errors import (
    NotOurDatabase,
    ReadOnlyDatabase,
    SchemaError,
    SchemaVersionDamaged,
)
from briefreader.store.fts import fts_current, install_fts
from briefreader.store.pg_fts import has_pg_fts, install_pg_fts
from briefreader.text.validate import InvalidValue, normalise_source_url

CURRENT_VERSION = 9

__all__ = ["CURRENT_VERSION", "SchemaError", "database_version", "ensure_schema"]


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


def _v3_to_v4(conn: Connection) -> None:
    # Column constraints by name, as the tables of a new database have them.
    statuses = ", ".join(f"'{status}'" for status in models.CHECK_STATUSES)
    timestamp = "TIMESTAMP" if conn.dialect.name == "postgresql" else "DATETIME"
    for column in (
        "check_status VARCHAR(16) CONSTRAINT ck_annotation_check "
        f"CHECK (check_status IS NULL OR check_status IN ({statuses}))",
        "conclusion TEXT",
        "rationale TEXT NOT NULL DEFAULT ''",
        "checked_by TEXT",
        f"checked_at {timestamp}",
        f"contacted_at {timestamp}",
        "contact_outcome TEXT",
        "creator TEXT",
    ):
        conn.execute(text(f"ALTER TABLE annotation ADD COLUMN {column}"))
    conn.execute(
        text(
            "UPDATE annotation SET check_status = CASE WHEN claim_status IN "
            "('supported', 'disputed', 'refuted') THEN 'checked' ELSE 'to-check' END "
            "WHERE kind = 'claim'"
        )
    )
    models.ClaimHistoryRow.__table__.create(conn)  # type: ignore[attr-defined]


def _v4_to_v5(conn: Connection) -> None:
    models.SourceRefRow.__table__.create(conn)  # type: ignore[attr-defined]
    links = conn.execute(
        text(
            "SELECT id, annotation_id, url, title, relation, note, added_at FROM source ORDER BY id"
        )
    ).all()
    # One source per URL in its normal form; the first title given, the first link's time.
    refs: dict[str, dict[str, Any]] = {}
    url_of: dict[int, str] = {}
    for link_id, _ann, raw_url, title, _relation, _note, added_at in links:
        try:
            url = normalise_source_url(raw_url or "")
        except InvalidValue:  # stored by hand, or by a version that took it: kept as it is
            url = raw_url or ""
        url_of[link_id] = url
        ref = refs.setdefault(url, {"url": url, "title": "", "at": added_at})
        if not ref["title"] and (title or "").strip():
            ref["title"] = title.strip()
    table = models.SourceRefRow.__table__  # type: ignore[attr-defined]
    if refs:
        now = models.utcnow()
        conn.execute(
            table.insert(),
            [
                {
                    "url": ref["url"],
                    "title": ref["title"],
                    "author": "",
                    "publisher": "",
                    "reliability": "",
                    "created_at": _as_time(ref["at"]) or now,
                    "updated_at": _as_time(ref["at"]) or now,
                    "revision": 1,
                }
                for ref in refs.values()
            ],
        )
    ids = {url: ref_id for ref_id, url in conn.execute(select(table.c.id, table.c.url))}
    if conn.dialect.name == "postgresql":
        conn.execute(
            text(
                "ALTER TABLE source ADD COLUMN source_id INTEGER "
                "REFERENCES source_ref (id) ON DELETE RESTRICT"
            )
        )
        conn.execute(text("ALTER TABLE source ADD COLUMN quote TEXT NOT NULL DEFAULT ''"))
        by_raw = {row[2]: ids[url_of[row[0]]] for row in links}  # (few URLs: one update each)
        if by_raw:
            conn.execute(
                text("UPDATE source SET source_id = :ref WHERE url = :raw"),
                [{"ref": ref_id, "raw": raw} for raw, ref_id in by_raw.items()],
            )
        conn.execute(text("ALTER TABLE source ALTER COLUMN source_id SET NOT NULL"))
        conn.execute(text("ALTER TABLE source DROP COLUMN url"))
        conn.execute(text("ALTER TABLE source DROP COLUMN title"))
        conn.execute(text("CREATE INDEX ix_source_source_id ON source (source_id)"))
        return
    # SQLite cannot add a NOT NULL reference to a table: the table is made anew, as
    # a new database has it, and the links copied into it.
    conn.execute(text("DROP INDEX IF EXISTS ix_source_annotation_id"))
    conn.execute(text("ALTER TABLE source RENAME TO source_v4"))
    models.SourceRow.__table__.create(conn)  # type: ignore[attr-defined]
    if links:
        conn.execute(
            models.SourceRow.__table__.insert(),  # type: ignore[attr-defined]
            [
                {
                    "id": link_id,
                    "annotation_id": ann_id,
                    "source_id": ids[url_of[link_id]],
                    "relation": relation,
                    "note": note,
                    "quote": "",
                    "added_at": _as_time(added_at),
                }
                for link_id, ann_id, _url, _title, relation, note, added_at in links
            ],
        )
    conn.execute(text("DROP TABLE source_v4"))


def _as_time(value: Any) -> datetime | None:
    """A time as the driver gave it (text on SQLite) as a datetime, for the column type."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _install_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        install_fts(conn)
    elif conn.dialect.name == "postgresql" and not has_pg_fts(conn):
        install_pg_fts(conn)


def _index_current(conn: Connection) -> bool:
    """Whether the full-text index is all there (one made by an earlier version may lack a
    part, which :func:`_install_index` adds). Reads only."""
    if conn.dialect.name == "sqlite":
        return fts_current(conn)
    return conn.dialect.name != "postgresql" or has_pg_fts(conn)


def _v5_to_v6(conn: Connection) -> None:
    models.DismissedSuggestionRow.__table__.create(conn)  # type: ignore[attr-defined]


def _v6_to_v7(conn: Connection) -> None:
    for model in (models.ClaimGroupRow, models.ClaimGroupMemberRow, models.ClaimNotSameRow):
        SQLModel.metadata.tables[str(model.__tablename__)].create(conn)


def _v7_to_v8(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE brief ADD COLUMN outlet TEXT"))
    conn.execute(text("ALTER TABLE brief ADD COLUMN published VARCHAR(10)"))
    conn.execute(text("ALTER TABLE brief ADD COLUMN read_to INTEGER NOT NULL DEFAULT 0"))
    conn.execute(text("ALTER TABLE brief ADD COLUMN view_top INTEGER"))
    conn.execute(text("UPDATE brief SET read_to = reading_position"))


def _v8_to_v9(conn: Connection) -> None:
    pages = " OR ".join(
        f"lower(source_path) LIKE '%.{suffix}'" for suffix in ("html", "htm", "xhtml")
    )
    conn.execute(text(f"UPDATE brief SET format = 'page' WHERE format = 'markdown' AND ({pages})"))


#: UPGRADES[n] takes a database from version n to n + 1.
UPGRADES: dict[int, Callable[[Connection], None]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
    6: _v6_to_v7,
    7: _v7_to_v8,
    8: _v8_to_v9,
}


def database_version(conn: Connection) -> int | None:
    """The schema version recorded in the database, or None if it has no briefreader schema.
    Raises :class:`SchemaVersionDamaged` when the table holds no usable version (no row,
    several, zero or less, not a number): guessing could run the wrong upgrade on the data."""
    if not inspect(conn).has_table("schema_version"):
        return None
    rows = conn.execute(text("SELECT version FROM schema_version")).all()
    if len(rows) == 1:
        value = rows[0][0]
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        what = f"the version {value!r}"[:80]
    else:
        what = "no row" if not rows else f"{len(rows)} rows"
    raise SchemaVersionDamaged(
        f"the database's schema_version table is damaged (it holds {what}), so briefreader "
        "cannot tell which version of its tables this is; restore a backup"
    )


def _where(conn: Connection) -> str:
    url = conn.engine.url
    if conn.dialect.name == "sqlite" and url.database:
        return url.database
    return url.render_as_string(hide_password=True)


def _foreign(conn: Connection) -> list[str]:
    """The tables and views of a database without our schema (another program's)."""
    found = inspect(conn)
    return sorted(set(found.get_table_names()) | set(found.get_view_names()))


def ensure_schema(engine: Engine, *, init: bool = False, read_only: str | None = None) -> int:
    """Create or upgrade the schema; return the version the database was at before (0 = new).

    Creating or upgrading runs under the write lock, so two processes opening a new database
    at once do not both create it: the second finds it made. A database already current is only
    read: opening it never waits for another writer (a long write elsewhere must not stop
    `briefreader list` or the app from starting). A database holding other tables and not ours
    is refused (:class:`NotOurDatabase`) unless ``init``, before anything is written to it. A
    database that needs writing to be used is refused when ``read_only`` (the reason) is given.
    """
    with engine.connect() as conn:
        version = database_version(conn)
        current = version == CURRENT_VERSION and _index_current(conn)
        tables = _foreign(conn) if version is None else []
        if set(tables) & _OURS:
            raise _half_ours()
        if tables and not init:
            shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
            raise NotOurDatabase(
                f"{_where(conn)} is not a briefreader database (it holds another program's "
                f"tables: {shown}), so briefreader left it alone; give --init to add "
                "briefreader's tables to it anyway"
            )
        conn.rollback()
    if current:
        return CURRENT_VERSION
    if version is not None and version > CURRENT_VERSION:
        raise _newer(version)
    if read_only is not None:
        if version is None:
            raise ReadOnlyDatabase(read_only)
        raise SchemaError(
            f"this database is at schema version {version} and must be upgraded to "
            f"{CURRENT_VERSION} before it can be used, but it is read-only ({read_only})"
        )
    with writer(engine).begin() as conn:
        version = database_version(conn)
        if version is None:
            if set(inspect(conn).get_table_names()) & _OURS:
                raise _half_ours()
            SQLModel.metadata.create_all(conn)
            _install_index(conn)
            conn.execute(
                models.SchemaVersion.__table__.insert().values(id=1, version=CURRENT_VERSION)  # type: ignore[attr-defined]
            )
            return 0
        if version > CURRENT_VERSION:
            raise _newer(version)
        start = version
        while version < CURRENT_VERSION:
            UPGRADES[version](conn)
            version += 1
        if version != start:
            conn.execute(update(models.SchemaVersion).values(version=version))
        elif not _index_current(conn):
            _install_index(conn)
        return start


#: Our tables (the index tables have the same names on both backends).
_OURS = frozenset(SQLModel.metadata.tables) | {
    "brief_fts",
    "annotation_fts",
    "brief_word_fts",
    "annotation_word_fts",
}


def _half_ours() -> SchemaError:
    return SchemaError(
        "this database has briefreader-like tables but no schema version; refusing to touch it"
    )


def _newer(version: int) -> SchemaError:
    return SchemaError(
        f"this database is at schema version {version}, newer than this briefreader "
        f"understands ({CURRENT_VERSION}); upgrade briefreader"
    )
