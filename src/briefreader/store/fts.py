"""The SQLite full-text index (FTS5) over brief titles and texts and annotation quotes, notes,
claimants and tags, kept in sync by triggers in the database itself.

Triggers rather than Store code: every path that writes a row (create, bulk create, update,
restore for undo, re-anchoring, tag renames, deletes and their cascades) keeps the index right,
including paths added later. ``brief_fts`` is an external-content table (the text is not stored
twice); ``annotation_fts`` keeps its own copy because its ``tags`` column is a join.

Other backends have no FTS5; :mod:`briefreader.store.search` falls back to plain matching there.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

#: Porter stemming over Unicode words, accents folded: "claims" finds "claim", "Été" finds "ete".
TOKENIZE = "porter unicode61 remove_diacritics 2"

_TAGS_OF = (
    "(SELECT coalesce(group_concat(t.name, ' '), '') FROM annotation_tag AS x "
    "JOIN tag AS t ON t.id = x.tag_id WHERE x.annotation_id = {id})"
)

_DDL = [
    f"""CREATE VIRTUAL TABLE brief_fts USING fts5(
        title, text, content='brief', content_rowid='id', tokenize='{TOKENIZE}')""",
    f"""CREATE VIRTUAL TABLE annotation_fts USING fts5(
        quote, note, claimant, tags, tokenize='{TOKENIZE}')""",
    """CREATE TRIGGER brief_fts_insert AFTER INSERT ON brief BEGIN
        INSERT INTO brief_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER brief_fts_delete AFTER DELETE ON brief BEGIN
        INSERT INTO brief_fts(brief_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER brief_fts_update AFTER UPDATE OF title, text ON brief BEGIN
        INSERT INTO brief_fts(brief_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO brief_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER annotation_fts_insert AFTER INSERT ON annotation BEGIN
        INSERT INTO annotation_fts(rowid, quote, note, claimant, tags)
        VALUES (new.id, new.quote, new.note, coalesce(new.claimant, ''), """
    + _TAGS_OF.format(id="new.id")
    + """);
    END""",
    """CREATE TRIGGER annotation_fts_delete AFTER DELETE ON annotation BEGIN
        DELETE FROM annotation_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER annotation_fts_update AFTER UPDATE OF quote, note, claimant ON annotation
    BEGIN
        UPDATE annotation_fts SET quote = new.quote, note = new.note,
            claimant = coalesce(new.claimant, '') WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER annotation_tag_fts_insert AFTER INSERT ON annotation_tag BEGIN
        UPDATE annotation_fts SET tags = """
    + _TAGS_OF.format(id="new.annotation_id")
    + """ WHERE rowid = new.annotation_id;
    END""",
    """CREATE TRIGGER annotation_tag_fts_delete AFTER DELETE ON annotation_tag BEGIN
        UPDATE annotation_fts SET tags = """
    + _TAGS_OF.format(id="old.annotation_id")
    + """ WHERE rowid = old.annotation_id;
    END""",
    """CREATE TRIGGER tag_fts_rename AFTER UPDATE OF name ON tag BEGIN
        UPDATE annotation_fts SET tags = """
    + _TAGS_OF.format(id="annotation_fts.rowid")
    + """ WHERE rowid IN (SELECT annotation_id FROM annotation_tag WHERE tag_id = new.id);
    END""",
]


def fts5_available(conn: Connection) -> bool:
    """Whether this SQLite was built with FTS5 (Python's own builds are)."""
    options = {row[0] for row in conn.exec_driver_sql("PRAGMA compile_options")}
    return "ENABLE_FTS5" in options


def has_fts(conn: Connection) -> bool:
    found = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'annotation_fts'"
    ).scalar_one()
    return bool(found)


def rebuild_fts(conn: Connection) -> None:
    """Fill both indexes afresh from the rows (after creating them, or to repair them)."""
    conn.execute(text("INSERT INTO brief_fts(brief_fts) VALUES ('rebuild')"))
    conn.execute(text("DELETE FROM annotation_fts"))
    conn.execute(
        text(
            "INSERT INTO annotation_fts(rowid, quote, note, claimant, tags) "
            "SELECT a.id, a.quote, a.note, coalesce(a.claimant, ''), "
            + _TAGS_OF.format(id="a.id")
            + " FROM annotation AS a"
        )
    )


def install_fts(conn: Connection) -> bool:
    """Create the index and its triggers and fill it from the existing rows; return False (and
    do nothing) where FTS5 is missing, so search falls back to plain matching."""
    if not fts5_available(conn) or has_fts(conn):
        return False
    for statement in _DDL:
        conn.exec_driver_sql(statement)
    rebuild_fts(conn)
    return True
