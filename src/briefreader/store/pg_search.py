"""Search on PostgreSQL (the ``tsvector`` index of :mod:`briefreader.store.pg_fts`), for
:class:`~briefreader.store.search.SearchMixin`: the parsed query as ``tsquery`` values, brief
hits, and the statement that finds annotations.

Each word or phrase is made a ``tsquery`` by PostgreSQL itself, with the index's configuration
(``phraseto_tsquery``; ``to_tsquery`` with ``:*`` for a prefix), all in one round trip; their
text forms are then joined with ``&``, ``|`` and ``!``. Nothing the user typed is read as
``tsquery`` syntax. A brief's text is indexed in pieces (see pg_fts), so "every word must
occur" is asked of the brief, not of one piece: each word must match some piece, no piece may
match an excluded word. Hits are ranked by ``ts_rank`` (title 10× text; quote 4, note 3,
claimant and tags 2, as on SQLite) and marked by ``ts_headline``.

Differences from SQLite's FTS5, all small: stemming is Snowball's English (FTS5: Porter), so a
few words stem differently; PostgreSQL's parser reads an e-mail address, a host name or a file
path as one word (``press@mofa.gov.pk`` is found whole, not by ``mofa``), and a hyphenated word
both whole and by its parts; a word or phrase with nothing PostgreSQL counts as a word (``_``)
matches nothing; a prefix applies to every word of a ``"new pa"*`` phrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, bindparam, cast, func, literal, select, text
from sqlalchemy.dialects.postgresql import TSQUERY, aggregate_order_by
from sqlalchemy.sql import column, literal_column, table

from briefreader.store.models import AnnotationRow, AnnotationTagRow, BriefRow, TagRow
from briefreader.store.pg_fts import CONFIG, FIELD_LIMIT, OVERLAP, PIECE
from briefreader.store.search_query import (
    _CLOSE,
    _OPEN,
    _SNIPPET_TOKENS,
    SearchHit,
    SearchQuery,
    _marks,
    _window,
    _words_pattern,
)

#: ts_rank's weights for D, C, B, A: text 0.1, claimant and tags 0.5, note 0.75, title and
#: quote 1.
_WEIGHTS = "{0.1, 0.5, 0.75, 1.0}"
_MARKS = f"StartSel={_OPEN}, StopSel={_CLOSE}"
_ALL = f"{_MARKS}, HighlightAll=true"
_FRAGMENT = f"{_MARKS}, MaxFragments=1, MaxWords={_SNIPPET_TOKENS}, MinWords=8"


@dataclass(frozen=True)
class PgQuery:
    """The parsed query as ``tsquery`` text: ``terms`` the words and phrases to find (a term
    PostgreSQL found no word in is left out), ``excluded`` those to avoid."""

    terms: tuple[str, ...]
    excluded: tuple[str, ...]
    any_of: bool

    @property
    def anything(self) -> str:
        """Any of the terms: what a piece of a brief must match to count, and what is marked."""
        return " | ".join(f"({t})" for t in self.terms)

    @property
    def whole(self) -> str:
        """The query: all (or any) of the terms, none of the excluded."""
        joined = self.anything if self.any_of else " & ".join(f"({t})" for t in self.terms)
        return f"({joined})" + "".join(f" & !({x})" for x in self.excluded)


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
    expressions, params = [], {}
    for i, phrase in enumerate(phrases):
        words, prefix = _unquote(phrase)
        if prefix:
            # A quoted tsquery literal: whatever the words hold is text, never an operator.
            escaped = words.replace("\\", "\\\\").replace("'", "''")
            params[f"t{i}"] = f"'{escaped}':*"
            expressions.append(f"to_tsquery('{CONFIG}', :t{i})::text")
        else:
            params[f"t{i}"] = words
            expressions.append(f"phraseto_tsquery('{CONFIG}', :t{i})::text")
    row = conn.execute(text("SELECT " + ", ".join(expressions)), params).one()
    found = [str(value or "") for value in row]
    terms = tuple(t for t in found[: len(parsed.words)] if t)
    excluded = tuple(t for t in found[len(parsed.words) :] if t)
    if not terms:
        return None
    return PgQuery(terms, excluded, parsed.any_of)


def _tsquery(value: str, name: str) -> Any:
    return cast(bindparam(name, value), TSQUERY)


def brief_hits(
    conn: Connection, parsed: SearchQuery, query: PgQuery, brief_ids: list[int] | None, limit: int
) -> list[SearchHit]:
    """Briefs whose title or text match, best first: each located at its first match in the
    earliest piece of text that has one (a title-only match is a title hit)."""
    conditions = ["f.document @@ CAST(:anything AS tsquery)"]
    params: dict[str, Any] = {"anything": query.anything, "limit": limit}
    piece_has = (
        "EXISTS (SELECT 1 FROM brief_fts AS g WHERE g.brief_id = b.id "
        "AND g.document @@ CAST(:{} AS tsquery))"
    )
    if not query.any_of and len(query.terms) > 1:
        for i, term in enumerate(query.terms):
            conditions.append(piece_has.format(f"term{i}"))
            params[f"term{i}"] = term
    for i, term in enumerate(query.excluded):
        conditions.append("NOT " + piece_has.format(f"excluded{i}"))
        params[f"excluded{i}"] = term
    if brief_ids is not None:
        conditions.append("b.id = ANY(:ids)")
        params["ids"] = list(brief_ids)
    rows = conn.execute(
        text(
            "SELECT b.id, b.title, min(f.start) FILTER (WHERE f.part > 0), "
            f"sum(ts_rank('{_WEIGHTS}', f.document, CAST(:anything AS tsquery))) AS rank "
            "FROM brief_fts AS f JOIN brief AS b ON b.id = f.brief_id "
            f"WHERE {' AND '.join(conditions)} "
            "GROUP BY b.id, b.title ORDER BY rank DESC, b.id LIMIT :limit"
        ),
        params,
    ).all()
    pattern = _words_pattern(parsed.raw_words)
    hits = []
    for brief_id, title, start, _rank in rows:
        if start is None:  # only the title matched
            marked = conn.execute(
                text("SELECT ts_headline(:cfg, :title, CAST(:q AS tsquery), :opts)"),
                {"cfg": CONFIG, "title": title, "q": query.anything, "opts": _ALL},
            ).scalar_one()
            plain, marks = _marks(marked)
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
    marked = conn.execute(
        text("SELECT ts_headline(:cfg, :piece, CAST(:q AS tsquery), :opts)"),
        {"cfg": CONFIG, "piece": piece, "q": query.anything, "opts": _FRAGMENT},
    ).scalar_one()
    plain, marks = _marks(marked)
    # The fragment is a verbatim slice of the piece: find it to know where the match is.
    base = start + max(0, piece.find(plain))
    first = marks[0] if marks else (0, 0)
    flat = plain.replace("\n", " ")  # same length: the marks stay right
    return SearchHit("brief", brief_id, title, base + first[0], base + first[1], flat, marks)


def annotation_statement(query: PgQuery, conditions: list[ColumnElement[bool]], limit: int) -> Any:
    """Annotations matching the query and ``conditions``, best first, as (id, brief_id,
    brief title, start, end, kind, orphan, marked quote, note, claimant, tags): the shape the
    FTS5 statement of :class:`~briefreader.store.search.SearchMixin` gives."""
    a, b = AnnotationRow.__table__, BriefRow.__table__  # type: ignore[attr-defined]
    at, t = AnnotationTagRow.__table__, TagRow.__table__  # type: ignore[attr-defined]
    fts = table("annotation_fts", column("annotation_id"), column("document"))
    whole = _tsquery(query.whole, "whole")
    weights: ColumnElement[Any] = literal_column(f"'{_WEIGHTS}'::float4[]")
    rank = func.ts_rank(weights, fts.c.document, whole).label("rank")
    top = (
        select(a.c.id.label("id"), rank)
        .select_from(fts.join(a, a.c.id == fts.c.annotation_id))
        .where(fts.c.document.op("@@")(whole), *conditions)
        .order_by(rank.desc(), a.c.id)
        .limit(limit)
        .subquery("top")
    )
    anything = _tsquery(query.anything, "anything")
    tags = (
        select(func.string_agg(t.c.name, aggregate_order_by(literal(" "), t.c.name)))
        .select_from(at.join(t, t.c.id == at.c.tag_id))
        .where(at.c.annotation_id == a.c.id)
        .scalar_subquery()
    )

    def marked(value: Any) -> Any:
        # Only the rows shown are marked: the subquery ranks and limits first.
        return func.ts_headline(CONFIG, value, anything, _ALL)

    return (
        select(
            a.c.id,
            a.c.brief_id,
            b.c.title,
            a.c.start,
            a.c.end,
            a.c.kind,
            a.c.orphan,
            marked(func.left(a.c.quote, FIELD_LIMIT)),
            marked(a.c.note),
            marked(func.coalesce(a.c.claimant, "")),
            marked(func.coalesce(tags, "")),
        )
        .select_from(top.join(a, a.c.id == top.c.id).join(b, b.c.id == a.c.brief_id))
        .order_by(top.c.rank.desc(), a.c.id)
    )
