"""Search on PostgreSQL (the ``tsvector`` index of :mod:`briefreader.store.pg_fts`), for
:class:`~briefreader.store.search.SearchPart`: the parsed query as ``tsquery`` values, brief
hits, and the statement that finds annotations.

Each word or phrase is made a ``tsquery`` by PostgreSQL itself, all in one round trip: a word
or phrase with the stemming configuration (``phraseto_tsquery``), matched against the
``document`` vectors; a prefix with the configuration of words as written (``to_tsquery`` with
``:*``), matched against the ``words`` vectors, so "tie*" finds "ties" (stem "tie") and "vyi*"
"vying" (stem "vy"). Their text forms are joined with ``&``, ``|`` and ``!`` for each vector.
Nothing the user typed is read as ``tsquery`` syntax. A brief's text is indexed in pieces (see
pg_fts), so "every word must occur" is asked of the brief, not of one piece: each word must
match some piece (one ``bool_or`` aggregate a word: a subquery a word made the planner take
minutes over 100 words), no piece may match an excluded word. Hits are ranked by ``ts_rank``
(title 10× text; quote 4, note 3, claimant and tags 2, as on SQLite) and marked by
``ts_headline`` (each vector's terms in its configuration, the marks merged).

Differences from SQLite's FTS5, all small: stemming is Snowball's English (FTS5: Porter), so a
few words stem differently; PostgreSQL's parser reads an e-mail address, a host name or a file
path as one word (``press@mofa.gov.pk`` is found whole, not by ``mofa``), and a hyphenated word
both whole and by its parts; a word or phrase with nothing PostgreSQL counts as a word (``_``)
matches nothing; a prefix applies to every word of a ``"new pa"*`` phrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    bindparam,
    cast,
    func,
    literal,
    not_,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY, aggregate_order_by
from sqlalchemy.sql import column, literal_column, table

from briefreader.store.models import AnnotationRow, AnnotationTagRow, BriefRow, TagRow
from briefreader.store.pg_fts import CONFIG, FIELD_LIMIT, OVERLAP, PIECE, WORDS_CONFIG
from briefreader.store.search_query import (
    _CLOSE,
    _OPEN,
    _SNIPPET_TOKENS,
    SearchHit,
    SearchQuery,
    _marks,
    _window,
    _words_pattern,
    merge_marked,
)

#: ts_rank's weights for D, C, B, A: text 0.1, claimant and tags 0.5, note 0.75, title and
#: quote 1.
_WEIGHTS = "{0.1, 0.5, 0.75, 1.0}"
_MARKS = f"StartSel={_OPEN}, StopSel={_CLOSE}"
_ALL = f"{_MARKS}, HighlightAll=true"
_FRAGMENT = f"{_MARKS}, MaxFragments=1, MaxWords={_SNIPPET_TOKENS}, MinWords=8"


@dataclass(frozen=True)
class PgSide:
    """The terms of a query one vector answers (``document``, stemmed, for words and phrases;
    ``words``, as written, for prefixes), as ``tsquery`` text: ``terms`` the words and phrases
    to find (a term PostgreSQL found no word in is left out), ``excluded`` those to avoid."""

    column: str
    config: str
    terms: tuple[str, ...]
    excluded: tuple[str, ...]

    @property
    def anything(self) -> str:
        """Any of the terms: what a piece of a brief must match to count, and what is marked."""
        return " | ".join(f"({t})" for t in self.terms)


@dataclass(frozen=True)
class PgQuery:
    """The parsed query split between the two vectors."""

    sides: tuple[PgSide, ...]
    any_of: bool

    @property
    def positive(self) -> tuple[PgSide, ...]:
        return tuple(side for side in self.sides if side.terms)

    def matches_any(self, alias: str) -> str:
        """SQL: the row ``alias`` matches one of the terms (params from :meth:`params`)."""
        return " OR ".join(
            f"{alias}.{side.column} @@ CAST(:any_{side.column} AS tsquery)"
            for side in self.positive
        )

    def matches_excluded(self, alias: str) -> str | None:
        """SQL: the row ``alias`` matches one of the excluded terms; None without any."""
        found = [
            f"{alias}.{side.column} @@ CAST(:excluded_{side.column} AS tsquery)"
            for side in self.sides
            if side.excluded
        ]
        return " OR ".join(found) or None

    def params(self) -> dict[str, str]:
        found = {f"any_{side.column}": side.anything for side in self.positive}
        for side in self.sides:
            if side.excluded:
                found[f"excluded_{side.column}"] = " | ".join(f"({t})" for t in side.excluded)
        return found


def _unquote(phrase: str) -> tuple[str, bool]:
    """An FTS5 phrase of :class:`SearchQuery` (``"a b"`` or ``"pre"*``) as (text, prefix)."""
    prefix = phrase.endswith("*")
    return phrase.rstrip("*")[1:-1].replace('""', '"'), prefix


def pg_query(conn: Connection, parsed: SearchQuery) -> PgQuery | None:
    """The ``tsquery`` form of ``parsed``'s words; None when none of them has a word
    PostgreSQL can search for."""
    phrases = [*parsed.words, *parsed.excluded]
    if not phrases:
        return None
    expressions, params, prefixes = [], {}, []
    for i, phrase in enumerate(phrases):
        words, prefix = _unquote(phrase)
        prefixes.append(prefix)
        if prefix:
            # A quoted tsquery literal: whatever the words hold is text, never an operator.
            escaped = words.replace("\\", "\\\\").replace("'", "''")
            params[f"t{i}"] = f"'{escaped}':*"
            expressions.append(f"to_tsquery('{WORDS_CONFIG}', :t{i})::text")
        else:
            params[f"t{i}"] = words
            expressions.append(f"phraseto_tsquery('{CONFIG}', :t{i})::text")
    row = conn.execute(text("SELECT " + ", ".join(expressions)), params).one()
    found = [str(value or "") for value in row]
    wanted = len(parsed.words)
    sides = []
    for vector, config, prefix in (("document", CONFIG, False), ("words", WORDS_CONFIG, True)):
        terms = tuple(
            t for t, p in zip(found[:wanted], prefixes[:wanted], strict=True) if t and p == prefix
        )
        excluded = tuple(
            t for t, p in zip(found[wanted:], prefixes[wanted:], strict=True) if t and p == prefix
        )
        if terms or excluded:
            sides.append(PgSide(vector, config, terms, excluded))
    query = PgQuery(tuple(sides), parsed.any_of)
    if not query.positive:
        return None
    return query


def _tsquery(value: str, name: str) -> Any:
    return cast(bindparam(name, value), TSQUERY)


def _headline(conn: Connection, query: PgQuery, value: str, options: str) -> str:
    """``value`` with the words of every term marked (each vector's terms in its
    configuration)."""
    versions = [
        str(
            conn.execute(
                text("SELECT ts_headline(:cfg, :value, CAST(:q AS tsquery), :opts)"),
                {"cfg": side.config, "value": value, "q": side.anything, "opts": options},
            ).scalar_one()
        )
        for side in query.positive
    ]
    return merge_marked(versions)


def brief_hits(
    conn: Connection, parsed: SearchQuery, query: PgQuery, brief_ids: list[int] | None, limit: int
) -> list[SearchHit]:
    """Briefs whose title or text match, best first: each located at its first match in the
    earliest piece of text that has one (a title-only match is a title hit)."""
    conditions = [f"({query.matches_any('f')})"]
    params: dict[str, Any] = {**query.params(), "limit": limit}
    having = []
    terms = [(side.column, term) for side in query.positive for term in side.terms]
    if not query.any_of and len(terms) > 1:
        # Every term in some piece: one aggregate each (a subquery each made the planner take
        # minutes over 100 of them).
        for i, (column, term) in enumerate(terms):
            having.append(f"bool_or(f.{column} @@ CAST(:term{i} AS tsquery))")
            params[f"term{i}"] = term
    excluded = query.matches_excluded("g")
    if excluded is not None:
        conditions.append(
            f"NOT EXISTS (SELECT 1 FROM brief_fts AS g WHERE g.brief_id = b.id AND ({excluded}))"
        )
    if brief_ids is not None:
        conditions.append("b.id = ANY(:ids)")
        params["ids"] = list(brief_ids)
    rank = " + ".join(
        f"ts_rank('{_WEIGHTS}', f.{side.column}, CAST(:any_{side.column} AS tsquery))"
        for side in query.positive
    )
    rows = conn.execute(
        text(
            "SELECT b.id, b.title, min(f.start) FILTER (WHERE f.part > 0), "
            f"sum({rank}) AS rank "
            "FROM brief_fts AS f JOIN brief AS b ON b.id = f.brief_id "
            f"WHERE {' AND '.join(conditions)} GROUP BY b.id, b.title "
            + (f"HAVING {' AND '.join(having)} " if having else "")
            + "ORDER BY rank DESC, b.id LIMIT :limit"
        ),
        params,
    ).all()
    pattern = _words_pattern(parsed.raw_words)
    hits = []
    for brief_id, title, start, _rank in rows:
        if start is None:  # only the title matched
            plain, marks = _marks(_headline(conn, query, title, _ALL))
            hits.append(SearchHit("brief", brief_id, title, 0, 0, plain, marks, "title"))
            continue
        piece = _piece(conn, brief_id, start)
        found = pattern.search(piece) if pattern is not None else None
        if found is not None:
            assert pattern is not None
            excerpt, marks = _window(piece, found.start(), found.end(), pattern)
            hits.append(
                SearchHit(
                    "brief",
                    brief_id,
                    title,
                    start + found.start(),
                    start + found.end(),
                    excerpt,
                    marks,
                )
            )
            continue
        hits.append(_headline_hit(conn, query, brief_id, title, start, piece))
    return hits


def _piece(conn: Connection, brief_id: int, start: int) -> str:
    """The indexed piece of the brief's text that begins at ``start``."""
    # right(text, -n) walks n characters once; substr(text, n) is far slower on a long text.
    rest = "b.text" if start == 0 else "right(b.text, -:start)"
    return str(
        conn.execute(
            text(f"SELECT left({rest}, :length) FROM brief AS b WHERE b.id = :id"),
            {"start": start, "length": PIECE + OVERLAP, "id": brief_id},
        ).scalar_one()
    )


def _headline_hit(
    conn: Connection, query: PgQuery, brief_id: int, title: str, start: int, piece: str
) -> SearchHit:
    """The hit from ``ts_headline``'s fragment of the piece, for a match the regex cannot see
    (accents folded, an unusual stem)."""
    # Each vector's fragment may be another part of the piece: the first one with a mark.
    plain = ""
    marks: tuple[tuple[int, int], ...] = ()
    for side in query.positive:
        marked = conn.execute(
            text("SELECT ts_headline(:cfg, :piece, CAST(:q AS tsquery), :opts)"),
            {"cfg": side.config, "piece": piece, "q": side.anything, "opts": _FRAGMENT},
        ).scalar_one()
        plain, marks = _marks(marked)
        if marks:
            break
    # The fragment is a verbatim slice of the piece: find it to know where the match is.
    base = start + max(0, piece.find(plain))
    first = marks[0] if marks else (0, 0)
    flat = plain.replace("\n", " ")  # same length: the marks stay right
    return SearchHit("brief", brief_id, title, base + first[0], base + first[1], flat, marks)


def annotation_statement(query: PgQuery, conditions: list[ColumnElement[bool]], limit: int) -> Any:
    """Annotations matching the query and ``conditions``, best first, as (id, brief_id,
    brief title, start, end, kind, orphan, then quote, note, claimant and tags marked by each
    vector with terms): the shape :class:`~briefreader.store.search.SearchPart` merges."""
    a, b = AnnotationRow.__table__, BriefRow.__table__  # type: ignore[attr-defined]
    at, t = AnnotationTagRow.__table__, TagRow.__table__  # type: ignore[attr-defined]
    fts = table("annotation_fts", column("annotation_id"), column("document"), column("words"))
    joiner = " | " if query.any_of else " & "
    found: list[ColumnElement[bool]] = []
    ranks = []
    weights: ColumnElement[Any] = literal_column(f"'{_WEIGHTS}'::float4[]")
    for side in query.positive:
        vector = fts.c[side.column]
        whole = joiner.join(f"({term})" for term in side.terms)
        found.append(vector.op("@@")(_tsquery(whole, f"whole_{side.column}")))
        anything = _tsquery(side.anything, f"rank_{side.column}")
        ranks.append(func.ts_rank(weights, vector, anything))
    matches = or_(*found) if query.any_of else and_(*found)
    for side in query.sides:
        if side.excluded:
            excluded = " | ".join(f"({term})" for term in side.excluded)
            vector = fts.c[side.column]
            conditions = [
                *conditions,
                not_(vector.op("@@")(_tsquery(excluded, f"excluded_{side.column}"))),
            ]
    rank = sum(ranks[1:], ranks[0]).label("rank")
    top = (
        select(a.c.id.label("id"), rank)
        .select_from(fts.join(a, a.c.id == fts.c.annotation_id))
        .where(matches, *conditions)
        .order_by(rank.desc(), a.c.id)
        .limit(limit)
        .subquery("top")
    )
    tags = (
        select(func.string_agg(t.c.name, aggregate_order_by(literal(" "), t.c.name)))
        .select_from(at.join(t, t.c.id == at.c.tag_id))
        .where(at.c.annotation_id == a.c.id)
        .scalar_subquery()
    )
    fields = (
        func.left(a.c.quote, FIELD_LIMIT),
        a.c.note,
        func.coalesce(a.c.claimant, ""),
        func.coalesce(tags, ""),
    )
    # Only the rows shown are marked: the subquery ranks and limits first.
    marked = [
        func.ts_headline(side.config, value, _tsquery(side.anything, f"mark_{side.column}"), _ALL)
        for side in query.positive
        for value in fields
    ]
    return (
        select(a.c.id, a.c.brief_id, b.c.title, a.c.start, a.c.end, a.c.kind, a.c.orphan, *marked)
        .select_from(top.join(a, a.c.id == top.c.id).join(b, b.c.id == a.c.brief_id))
        .order_by(top.c.rank.desc(), a.c.id)
    )
