"""The PostgreSQL full-text index over brief titles and texts and annotation quotes, notes,
claimants and tags, kept in sync by triggers in the database itself (as
:mod:`briefreader.store.fts` does with FTS5 on SQLite).

``brief_fts`` holds one ``tsvector`` for a brief's title (part 0, weight A) and one for each
piece of its text (parts 1, 2, …, weight D): PostgreSQL refuses a ``tsvector`` over 1 MB and
clamps word positions at 16,383, and a 5 MB brief is over both. A piece is
:data:`PIECE` characters plus :data:`OVERLAP` more, with the words cut at its edges left out,
so every word, and every phrase shorter than the overlap, is whole in some piece; ``start`` is
the piece's offset in the text, so a match is found again without reading the whole brief.
``annotation_fts`` holds one ``tsvector`` per annotation: quote (A), note (B), claimant and tags
(C), each field's first :data:`FIELD_LIMIT` characters (a quote may be a whole 5 MB brief).

Words go through the ``briefreader`` text search configuration: PostgreSQL's ``english``
parser and Snowball stemmer without a stop-word list (SQLite's porter tokenizer has none either,
so "the" and "not" can be searched on both), with accents folded by ``unaccent`` when the
extension is there or can be created (it is in PostgreSQL's contrib package; without it "ete"
does not find "été"). Each row also has a ``words`` vector of the same words as written (the
``briefreader_words`` configuration: ``simple`` instead of the stemmer), which prefixes are
matched against: "tie*" finds "ties" and "vyi*" "vying", whose stems are "tie" and "vy".

A database whose index has no ``words`` vectors (made before them) does not count as having the
index (:func:`has_pg_fts`): opening it installs the index again (see
:mod:`briefreader.store.schema`).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

#: The text search configuration the index and the queries use.
CONFIG = "briefreader"
#: The configuration of the words as written, for prefixes.
WORDS_CONFIG = "briefreader_words"
#: Characters of brief text per piece, and how far each piece reaches into the next one.
PIECE = 30_000
OVERLAP = 1_000
#: Characters of each annotation field that are indexed.
FIELD_LIMIT = 50_000

_MAPPED = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"

_TABLES = [
    """CREATE TABLE brief_fts (
        brief_id INTEGER NOT NULL REFERENCES brief (id) ON DELETE CASCADE,
        part INTEGER NOT NULL,
        start INTEGER NOT NULL,
        document tsvector NOT NULL,
        words tsvector NOT NULL,
        PRIMARY KEY (brief_id, part))""",
    "CREATE INDEX brief_fts_document ON brief_fts USING gin (document)",
    "CREATE INDEX brief_fts_words ON brief_fts USING gin (words)",
    """CREATE TABLE annotation_fts (
        annotation_id INTEGER PRIMARY KEY REFERENCES annotation (id) ON DELETE CASCADE,
        document tsvector NOT NULL,
        words tsvector NOT NULL)""",
    "CREATE INDEX annotation_fts_document ON annotation_fts USING gin (document)",
    "CREATE INDEX annotation_fts_words ON annotation_fts USING gin (words)",
]

#: An annotation's two vectors, from the row ``{a}`` with its fields.
_DOCUMENT, _WORDS = (
    f"briefreader_annotation_document('{config}', {{a}}.id, {{a}}.quote, {{a}}.note, "
    "{a}.claimant)"
    for config in (CONFIG, WORDS_CONFIG)
)

# Each function runs with the search_path it was created with: a trigger fired by a session
# with another search_path (a DBA's psql) still finds the tables and the configuration.
_FUNCTIONS = [
    # Each piece is cut from what is left of the text with left() and right(), which walk only
    # the characters they cut: substr(text, n) walks the n before (~30 ms a call at 5 MB).
    f"""CREATE OR REPLACE FUNCTION briefreader_index_brief(brief_id integer, title text, body text)
    RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    DECLARE
        rest text := body;
        piece text;
        head text;
        last boolean;
        offset_ integer := 0;
        part integer := 1;
    BEGIN
        DELETE FROM brief_fts AS f WHERE f.brief_id = briefreader_index_brief.brief_id;
        INSERT INTO brief_fts (brief_id, part, start, document, words) VALUES (
            briefreader_index_brief.brief_id, 0, 0,
            setweight(to_tsvector('{CONFIG}', coalesce(title, '')), 'A'),
            setweight(to_tsvector('{WORDS_CONFIG}', coalesce(title, '')), 'A'));
        WHILE rest <> '' LOOP
            piece := left(rest, {PIECE + OVERLAP});
            last := octet_length(piece) = octet_length(rest);
            head := '';
            IF offset_ > 0 THEN
                -- the word cut at the start is whole at the end of the piece before
                head := substring(piece FROM '^\\S*');
                IF head <> '' THEN  -- right(piece, -0) would be ''
                    piece := right(piece, -length(head));
                END IF;
            END IF;
            IF NOT last THEN
                -- and the word cut at the end is whole in the next piece
                piece := regexp_replace(piece, '\\S*$', '');
            END IF;
            INSERT INTO brief_fts (brief_id, part, start, document, words) VALUES (
                briefreader_index_brief.brief_id, part, offset_ + length(head),
                setweight(to_tsvector('{CONFIG}', piece), 'D'),
                setweight(to_tsvector('{WORDS_CONFIG}', piece), 'D'));
            EXIT WHEN last;
            rest := right(rest, -{PIECE});
            offset_ := offset_ + {PIECE};
            part := part + 1;
        END LOOP;
    END $$""",
    """CREATE OR REPLACE FUNCTION briefreader_brief_fts() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.title IS NOT DISTINCT FROM OLD.title
                AND NEW.text IS NOT DISTINCT FROM OLD.text THEN
            RETURN NULL;
        END IF;
        PERFORM briefreader_index_brief(NEW.id, NEW.title, NEW.text);
        RETURN NULL;
    END $$""",
    # An annotation's vector from its fields in one configuration (its document with the
    # stemmer, its words without); its tags are read from the tables.
    f"""CREATE OR REPLACE FUNCTION briefreader_annotation_document(
        config regconfig, annotation_id integer, quote text, note text, claimant text)
    RETURNS tsvector LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
        SELECT setweight(to_tsvector(config, left(quote, {FIELD_LIMIT})), 'A')
            || setweight(to_tsvector(config, left(note, {FIELD_LIMIT})), 'B')
            || setweight(to_tsvector(config,
                   left(coalesce(claimant, ''), {FIELD_LIMIT})), 'C')
            || setweight(to_tsvector(config, coalesce(
                   (SELECT string_agg(t.name, ' ') FROM annotation_tag AS x
                    JOIN tag AS t ON t.id = x.tag_id
                    WHERE x.annotation_id = briefreader_annotation_document.annotation_id),
                   '')), 'C')
    $$""",
    # Statement triggers with transition tables: a bulk insert indexes its rows in one
    # statement instead of once a row.
    f"""CREATE OR REPLACE FUNCTION briefreader_annotation_added() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
        INSERT INTO annotation_fts (annotation_id, document, words)
        SELECT n.id, {_DOCUMENT.format(a="n")}, {_WORDS.format(a="n")}
        FROM added AS n
        ON CONFLICT (annotation_id)
        DO UPDATE SET document = EXCLUDED.document, words = EXCLUDED.words;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION briefreader_annotation_changed() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
        UPDATE annotation_fts AS f
        SET document = {_DOCUMENT.format(a="n")}, words = {_WORDS.format(a="n")}
        FROM changed AS n JOIN previous AS o ON o.id = n.id
        WHERE f.annotation_id = n.id
          AND (n.quote, n.note, n.claimant) IS DISTINCT FROM (o.quote, o.note, o.claimant);
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION briefreader_annotation_tags_changed() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            UPDATE annotation_fts AS f
            SET document = {_DOCUMENT.format(a="a")}, words = {_WORDS.format(a="a")}
            FROM annotation AS a
            WHERE a.id = f.annotation_id AND a.id IN (SELECT annotation_id FROM removed);
        ELSE
            UPDATE annotation_fts AS f
            SET document = {_DOCUMENT.format(a="a")}, words = {_WORDS.format(a="a")}
            FROM annotation AS a
            WHERE a.id = f.annotation_id AND a.id IN (SELECT annotation_id FROM added);
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION briefreader_tag_renamed() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
        UPDATE annotation_fts AS f
        SET document = {_DOCUMENT.format(a="a")}, words = {_WORDS.format(a="a")}
        FROM annotation AS a
        WHERE a.id = f.annotation_id
          AND a.id IN (SELECT annotation_id FROM annotation_tag WHERE tag_id = NEW.id);
        RETURN NULL;
    END $$""",
]

_TRIGGERS = [
    """CREATE TRIGGER brief_fts_write AFTER INSERT OR UPDATE OF title, text ON brief
        FOR EACH ROW EXECUTE FUNCTION briefreader_brief_fts()""",
    """CREATE TRIGGER annotation_fts_insert AFTER INSERT ON annotation
        REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION briefreader_annotation_added()""",
    # A trigger with transition tables cannot name columns: the function compares them.
    """CREATE TRIGGER annotation_fts_update AFTER UPDATE ON annotation
        REFERENCING OLD TABLE AS previous NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION briefreader_annotation_changed()""",
    """CREATE TRIGGER annotation_tag_fts_insert AFTER INSERT ON annotation_tag
        REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION briefreader_annotation_tags_changed()""",
    """CREATE TRIGGER annotation_tag_fts_delete AFTER DELETE ON annotation_tag
        REFERENCING OLD TABLE AS removed
        FOR EACH STATEMENT EXECUTE FUNCTION briefreader_annotation_tags_changed()""",
    """CREATE TRIGGER tag_fts_rename AFTER UPDATE OF name ON tag
        FOR EACH ROW EXECUTE FUNCTION briefreader_tag_renamed()""",
]

_TRIGGER_NAMES = (
    ("brief", "brief_fts_write"),
    ("annotation", "annotation_fts_insert"),
    ("annotation", "annotation_fts_update"),
    ("annotation_tag", "annotation_tag_fts_insert"),
    ("annotation_tag", "annotation_tag_fts_delete"),
    ("tag", "tag_fts_rename"),
)


def has_pg_fts(conn: Connection) -> bool:
    """Whether the database has the index, as this version makes it (with the ``words``
    vectors): False for one made before them, which is then installed again."""
    if conn.dialect.name != "postgresql":
        return False
    found = conn.execute(
        text(
            "SELECT count(*) FROM pg_attribute WHERE attname = 'words' AND NOT attisdropped "
            "AND attrelid IN (to_regclass('brief_fts'), to_regclass('annotation_fts'))"
        )
    ).scalar_one()
    return int(found) == 2


def _unaccent(conn: Connection) -> str | None:
    """The schema-qualified ``unaccent`` dictionary, creating the extension if it is missing
    and may be created here; None when it cannot be had."""

    def find() -> str | None:
        schema = conn.execute(
            text(
                "SELECT n.nspname FROM pg_extension AS e "
                "JOIN pg_namespace AS n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
            )
        ).scalar_one_or_none()
        if schema is None:
            return None
        quoted = conn.execute(text("SELECT quote_ident(:s)"), {"s": schema}).scalar_one()
        return f"{quoted}.unaccent"

    found = find()
    if found is not None:
        return found
    from sqlalchemy.exc import DBAPIError

    try:
        with conn.begin_nested():  # not installed on the server, or no right to create it
            conn.execute(text("CREATE EXTENSION unaccent"))
    except DBAPIError:
        return None
    return find()


def install_pg_fts(conn: Connection) -> None:
    """Create the configuration, index tables, functions and triggers, and index the rows
    already there (an upgrade). Runs in the caller's transaction. Whatever is left of an
    earlier index (a table dropped by hand) is replaced."""
    conn.execute(text("DROP TABLE IF EXISTS brief_fts, annotation_fts CASCADE"))
    for config in (CONFIG, WORDS_CONFIG):
        conn.execute(text(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config} CASCADE"))
    # Made before the words vectors, with no configuration argument.
    conn.execute(
        text("DROP FUNCTION IF EXISTS briefreader_annotation_document(integer, text, text, text)")
    )
    conn.execute(text("DROP TEXT SEARCH DICTIONARY IF EXISTS briefreader_stem CASCADE"))
    for table, trigger in _TRIGGER_NAMES:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {trigger} ON {table}"))
    conn.execute(
        text(
            "CREATE TEXT SEARCH DICTIONARY briefreader_stem "
            "(TEMPLATE = snowball, LANGUAGE = english)"
        )
    )
    conn.execute(text(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)"))
    unaccent = _unaccent(conn)
    dictionaries = f"{unaccent}, briefreader_stem" if unaccent else "briefreader_stem"
    conn.execute(
        text(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
            f"ALTER MAPPING FOR {_MAPPED} WITH {dictionaries}"
        )
    )
    conn.execute(text(f"CREATE TEXT SEARCH CONFIGURATION {WORDS_CONFIG} (COPY = {CONFIG})"))
    words = f"{unaccent}, pg_catalog.simple" if unaccent else "pg_catalog.simple"
    conn.execute(
        text(
            f"ALTER TEXT SEARCH CONFIGURATION {WORDS_CONFIG} "
            f"ALTER MAPPING FOR {_MAPPED} WITH {words}"
        )
    )
    for statement in _TABLES + _FUNCTIONS + _TRIGGERS:
        conn.exec_driver_sql(statement)
    _index_rows(conn)


def rebuild_pg_fts(conn: Connection) -> None:
    """Index every brief and annotation again (a repair), in the caller's transaction."""
    conn.execute(text("DELETE FROM brief_fts"))
    conn.execute(text("DELETE FROM annotation_fts"))
    _index_rows(conn)


def _index_rows(conn: Connection) -> None:
    conn.execute(text("SELECT briefreader_index_brief(id, title, text) FROM brief"))
    conn.execute(
        text(
            "INSERT INTO annotation_fts (annotation_id, document, words) SELECT a.id, "
            f"{_DOCUMENT.format(a='a')}, {_WORDS.format(a='a')} FROM annotation AS a"
        )
    )
