"""The SQLite full-text index (FTS5) over brief titles and texts and annotation quotes, notes,
claimants and tags, kept in sync by triggers in the database itself, and the statements that
search it for :class:`~briefreader.store.search.SearchPart`.

Two indexes of each: ``brief_fts`` and ``annotation_fts`` hold the words stemmed ("claims"
finds "claim"); ``brief_word_fts`` and ``annotation_word_fts`` hold them as written, for
prefixes: a prefix is a prefix of the word, not of its stem ("tie*" finds "ties", whose stem
is "ti"; "vyi*" finds "vying"). A query's words go to the first, its prefixes to the second,
and the two sets of matches are combined (all of them, or any with ``OR``; none of the
excluded ones) and ranked together.

Triggers rather than Store code: every path that writes a row (create, bulk create, update,
restore for undo, re-anchoring, tag renames, deletes and their cascades) keeps the index right,
including paths added later. ``brief_fts`` and ``brief_word_fts`` are external-content tables
(the text is not stored again); ``annotation_fts`` keeps its own copy because its ``tags``
column is a join, and ``annotation_word_fts`` takes its content from that copy. One trigger a
change updates both annotation indexes, in order (the word index is told the words it had from
``annotation_fts`` before the change), so the order SQLite fires triggers in does not matter,
nor whether a cascade runs before or after.

A library made before the index of words as written gets it from :func:`install_fts` (see
:func:`fts_current`); until then its prefixes go through the stems, as they used to. Other
backends have no FTS5; :mod:`briefreader.store.search` falls back to plain matching there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Float, Integer, String, text
from sqlalchemy.sql import column

#: Porter stemming over Unicode words, accents folded: "claims" finds "claim", "Été" finds "ete".
TOKENIZE = "porter unicode61 remove_diacritics 2"
#: The same words, not stemmed: what a prefix is matched against.
WORDS_TOKENIZE = "unicode61 remove_diacritics 2"

_TAGS_OF = (
    "(SELECT coalesce(group_concat(t.name, ' '), '') FROM annotation_tag AS x "
    "JOIN tag AS t ON t.id = x.tag_id WHERE x.annotation_id = {id})"
)
_FIELDS = "quote, note, claimant, tags"


def _brief_index(name: str, tokenize: str) -> list[str]:
    """An external-content index ``name`` of the briefs' titles and texts, and its triggers."""
    return [
        f"""CREATE VIRTUAL TABLE {name} USING fts5(
            title, text, content='brief', content_rowid='id', tokenize='{tokenize}')""",
        f"""CREATE TRIGGER {name}_insert AFTER INSERT ON brief BEGIN
            INSERT INTO {name}(rowid, title, text) VALUES (new.id, new.title, new.text);
        END""",
        f"""CREATE TRIGGER {name}_delete AFTER DELETE ON brief BEGIN
            INSERT INTO {name}({name}, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END""",
        f"""CREATE TRIGGER {name}_update AFTER UPDATE OF title, text ON brief BEGIN
            INSERT INTO {name}({name}, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO {name}(rowid, title, text) VALUES (new.id, new.title, new.text);
        END""",
    ]


_ANNOTATION_TABLES = {
    "annotation_fts": f"""CREATE VIRTUAL TABLE annotation_fts USING fts5(
        {_FIELDS}, tokenize='{TOKENIZE}')""",
    # Its content is annotation_fts's: only the index is stored again.
    "annotation_word_fts": f"""CREATE VIRTUAL TABLE annotation_word_fts USING fts5(
        {_FIELDS}, content='annotation_fts', tokenize='{WORDS_TOKENIZE}')""",
}


def _annotation_trigger(head: str, change: str, rows: str) -> str:
    """A trigger that makes ``change`` to the ``rows`` of ``annotation_fts`` and keeps
    ``annotation_word_fts`` in step: their words as indexed before are taken out of it (an
    external-content index must be told them), and as they are after put in."""
    return (
        f"CREATE TRIGGER {head} BEGIN\n"
        f"INSERT INTO annotation_word_fts(annotation_word_fts, rowid, {_FIELDS}) "
        f"SELECT 'delete', rowid, {_FIELDS} FROM annotation_fts WHERE {rows};\n"
        f"{change};\n"
        f"INSERT INTO annotation_word_fts(rowid, {_FIELDS}) "
        f"SELECT rowid, {_FIELDS} FROM annotation_fts WHERE {rows};\nEND"
    )


def _set_tags(of: str) -> str:
    return f"UPDATE annotation_fts SET tags = {_TAGS_OF.format(id=of)} WHERE rowid = {of}"


#: The triggers on annotations, their tags and tag names (the same names as the ones of the
#: stemmed index alone, made before the index of words as written, which they replace).
_ANNOTATION_TRIGGERS = {
    "annotation_fts_insert": _annotation_trigger(
        "annotation_fts_insert AFTER INSERT ON annotation",
        f"INSERT INTO annotation_fts(rowid, {_FIELDS}) VALUES (new.id, new.quote, new.note, "
        f"coalesce(new.claimant, ''), {_TAGS_OF.format(id='new.id')})",
        "rowid = new.id",
    ),
    "annotation_fts_delete": _annotation_trigger(
        "annotation_fts_delete AFTER DELETE ON annotation",
        "DELETE FROM annotation_fts WHERE rowid = old.id",
        "rowid = old.id",
    ),
    "annotation_fts_update": _annotation_trigger(
        "annotation_fts_update AFTER UPDATE OF quote, note, claimant ON annotation",
        "UPDATE annotation_fts SET quote = new.quote, note = new.note, "
        "claimant = coalesce(new.claimant, '') WHERE rowid = new.id",
        "rowid = new.id",
    ),
    "annotation_tag_fts_insert": _annotation_trigger(
        "annotation_tag_fts_insert AFTER INSERT ON annotation_tag",
        _set_tags("new.annotation_id"),
        "rowid = new.annotation_id",
    ),
    "annotation_tag_fts_delete": _annotation_trigger(
        "annotation_tag_fts_delete AFTER DELETE ON annotation_tag",
        _set_tags("old.annotation_id"),
        "rowid = old.annotation_id",
    ),
    "tag_fts_rename": _annotation_trigger(
        "tag_fts_rename AFTER UPDATE OF name ON tag",
        f"UPDATE annotation_fts SET tags = {_TAGS_OF.format(id='annotation_fts.rowid')} "
        "WHERE rowid IN (SELECT annotation_id FROM annotation_tag WHERE tag_id = new.id)",
        "rowid IN (SELECT annotation_id FROM annotation_tag WHERE tag_id = new.id)",
    ),
}
_TABLES = ("brief_fts", "brief_word_fts", "annotation_fts", "annotation_word_fts")


def fts5_available(conn: Connection) -> bool:
    """Whether this SQLite was built with FTS5 (Python's own builds are)."""
    options = {row[0] for row in conn.exec_driver_sql("PRAGMA compile_options")}
    return "ENABLE_FTS5" in options


def _tables(conn: Connection) -> set[str]:
    found = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?, ?, ?, ?)", _TABLES
    )
    return {row[0] for row in found}


def has_fts(conn: Connection) -> bool:
    """Whether the database has the (stemmed) index: search uses FTS5."""
    return "annotation_fts" in _tables(conn)


def has_word_fts(conn: Connection) -> bool:
    """Whether it also has the index of words as written (prefixes)."""
    return {"brief_word_fts", "annotation_word_fts"} <= _tables(conn)


def fts_current(conn: Connection) -> bool:
    """Whether the index is all there, or cannot be (no FTS5): False means
    :func:`install_fts` has something to add. Reads only."""
    return _tables(conn) == set(_TABLES) or not fts5_available(conn)


def _add_missing(conn: Connection) -> set[str]:
    """Create the index tables that are missing, with their triggers; return their names."""
    missing = set(_TABLES) - _tables(conn)
    for name, tokenize in (("brief_fts", TOKENIZE), ("brief_word_fts", WORDS_TOKENIZE)):
        if name in missing:
            for statement in _brief_index(name, tokenize):
                conn.exec_driver_sql(statement)
    for name, statement in _ANNOTATION_TABLES.items():
        if name in missing:
            conn.exec_driver_sql(statement)
    if missing & set(_ANNOTATION_TABLES):
        for name, statement in _ANNOTATION_TRIGGERS.items():
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
            conn.exec_driver_sql(statement)
    return missing


def _fill(conn: Connection, names: set[str]) -> None:
    """Index the rows afresh in the index tables ``names``."""
    for name in ("brief_fts", "brief_word_fts"):
        if name in names:
            conn.execute(text(f"INSERT INTO {name}({name}) VALUES ('rebuild')"))
    if "annotation_fts" in names:
        conn.execute(text("DELETE FROM annotation_fts"))
        conn.execute(
            text(
                f"INSERT INTO annotation_fts(rowid, {_FIELDS}) "
                "SELECT a.id, a.quote, a.note, coalesce(a.claimant, ''), "
                + _TAGS_OF.format(id="a.id")
                + " FROM annotation AS a"
            )
        )
    if names & set(_ANNOTATION_TABLES):
        # Not 'rebuild': FTS5 cannot read another FTS5 table as its content for that.
        conn.execute(
            text("INSERT INTO annotation_word_fts(annotation_word_fts) VALUES ('delete-all')")
        )
        conn.execute(
            text(
                f"INSERT INTO annotation_word_fts(rowid, {_FIELDS}) "
                f"SELECT rowid, {_FIELDS} FROM annotation_fts"
            )
        )


def rebuild_fts(conn: Connection) -> None:
    """Fill the indexes afresh from the rows (to repair them), adding any that is missing."""
    _add_missing(conn)
    _fill(conn, set(_TABLES))


def install_fts(conn: Connection) -> bool:
    """Create whatever part of the index is missing (all of it in a new database, the index of
    words as written in one made before it) with its triggers, and fill it from the existing
    rows. Return False, doing nothing, when there is nothing to add or FTS5 is missing (search
    then falls back to plain matching). Runs in the caller's transaction."""
    if fts_current(conn):
        return False
    _fill(conn, _add_missing(conn))
    return True


# -- searching ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FtsSide:
    """The terms of a query that one index answers: FTS5 strings (``"a b"``, ``"pre"*``)."""

    table: str
    terms: tuple[str, ...]
    excluded: tuple[str, ...]

    @property
    def anything(self) -> str:
        """Any of the terms: what is marked in a hit."""
        return " OR ".join(self.terms)


@dataclass(frozen=True)
class FtsQuery:
    """A parsed query split between the stemmed index and the one of words as written."""

    sides: tuple[FtsSide, ...]
    any_of: bool

    @property
    def positive(self) -> tuple[FtsSide, ...]:
        return tuple(side for side in self.sides if side.terms)


def fts_query(
    conn: Connection, entity: str, words: list[str], excluded: list[str], any_of: bool
) -> FtsQuery:
    """``words`` and ``excluded`` (FTS5 strings) of a search of ``entity`` ("brief" or
    "annotation"): prefixes to the index of words as written when the database has it."""
    split = has_word_fts(conn)

    def prefix(term: str) -> bool:
        return split and term.endswith("*")

    stemmed = FtsSide(
        f"{entity}_fts",
        tuple(t for t in words if not prefix(t)),
        tuple(t for t in excluded if not prefix(t)),
    )
    written = FtsSide(
        f"{entity}_word_fts",
        tuple(t for t in words if prefix(t)),
        tuple(t for t in excluded if prefix(t)),
    )
    return FtsQuery(tuple(s for s in (stemmed, written) if s.terms or s.excluded), any_of)


def matching(
    query: FtsQuery, weights: str, marked: int = 0, marks: tuple[str, str] = ("", "")
) -> Any:
    """A subquery of the ``id`` of every matching row and its ``score`` (BM25 with the column
    ``weights``, summed over the indexes; lower is better). When one index answers the query
    (no prefixes mixed with words), also the first ``marked`` columns with the matches between
    ``marks``, as ``marked0``, ``marked1``…: computed with the match, they cost next to nothing
    (else :func:`marked` gives them)."""
    positive = query.positive
    joiner = " OR " if query.any_of else " AND "
    inline = marked if len(positive) == 1 else 0
    params = {"open": marks[0], "close": marks[1]} if inline else {}
    selects = []
    for i, side in enumerate(positive):
        expression = "(" + joiner.join(side.terms) + ")"
        if len(positive) == 1 and side.excluded:  # FTS5 leaves them out itself: fastest
            expression += " NOT (" + " OR ".join(side.excluded) + ")"
        params[f"match{i}"] = expression
        fields = "".join(
            f", highlight({side.table}, {c}, :open, :close) AS marked{c}" for c in range(inline)
        )
        selects.append(
            f"SELECT rowid AS id, bm25({side.table}, {weights}) AS score{fields} "
            f"FROM {side.table} WHERE {side.table} MATCH :match{i}"
        )
    sql = selects[0]
    if len(selects) > 1:
        sql = f"SELECT id, sum(score) AS score FROM ({' UNION ALL '.join(selects)}) GROUP BY id"
        if not query.any_of:
            sql += f" HAVING count(*) = {len(selects)}"
    conditions = []
    for j, side in enumerate(query.sides):
        if side.excluded and not (len(positive) == 1 and side is positive[0]):
            params[f"excluded{j}"] = " OR ".join(side.excluded)
            conditions.append(
                f"id NOT IN (SELECT rowid FROM {side.table} WHERE {side.table} MATCH :excluded{j})"
            )
    if conditions:
        sql = f"SELECT * FROM ({sql}) WHERE {' AND '.join(conditions)}"
    columns = [column("id", Integer), column("score", Float)]
    columns += [column(f"marked{c}", String) for c in range(inline)]
    return text(sql).bindparams(**params).columns(*columns).subquery("matching")


def marked(
    conn: Connection, query: FtsQuery, ids: list[int], columns: int, marks: tuple[str, str]
) -> dict[int, list[list[str]]]:
    """The first ``columns`` columns of the rows ``ids`` with the matched words between
    ``marks``, each as marked by every index that matched it (to be merged)."""
    found: dict[int, list[list[str]]] = {}
    fields = ", ".join(f"highlight({{t}}, {i}, :open, :close)" for i in range(columns))
    for side in query.positive:
        for chunk in range(0, len(ids), 500):
            listed = ", ".join(str(int(i)) for i in ids[chunk : chunk + 500])
            statement = text(
                f"SELECT rowid, {fields.format(t=side.table)} FROM {side.table} "
                f"WHERE {side.table} MATCH :anything AND rowid IN ({listed})"
            )
            params = {"anything": side.anything, "open": marks[0], "close": marks[1]}
            for rowid, *values in conn.execute(statement, params):
                found.setdefault(rowid, []).append([v or "" for v in values])
    return found


def snippets(
    conn: Connection, query: FtsQuery, brief_id: int, marks: tuple[str, str], tokens: int
) -> list[str]:
    """FTS5's snippets of the brief's text, one from each index that matched it."""
    found: list[str] = []
    for side in query.positive:
        statement = text(
            f"SELECT snippet({side.table}, 1, :open, :close, '', {int(tokens)}) "
            f"FROM {side.table} WHERE {side.table} MATCH :anything AND rowid = :id"
        )
        params = {"anything": side.anything, "open": marks[0], "close": marks[1], "id": brief_id}
        found.extend(str(row[0] or "") for row in conn.execute(statement, params))
    return found
