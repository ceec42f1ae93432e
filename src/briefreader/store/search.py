"""Search across the library (:class:`SearchPart`): brief titles and texts, annotation quotes,
notes, claimants and tags, narrowed by filters.

Query syntax (what the library's search box and ``briefreader search`` accept)::

    russia "new page" -sanctions energ*  tag:russia kind:claim status:disputed has:source
    brief:3  brief:pakistan  brief:"caspian energy"  is:orphan  is:changed  word OR other

Words must all occur (stemmed: "claims" finds "claim"), ``"…"`` (straight or curly double
quotes) is a phrase, ``word*`` a prefix of the word as written ("tie*" finds "ties"),
``-word`` excludes. An apostrophe is part of a word (``Pakistan's`` finds "Pakistan’s"), never a
quote mark. Filters narrow the annotations; text hits in briefs are only listed when no
annotation filter (other than ``brief:``) is given. The parsing is in
:mod:`briefreader.store.search_query`: a query over 1,000 characters or 50 words, phrases and
filters, or a filter value it cannot use, is a :class:`SearchQueryError` with one sentence for
the user; anything else gives hits (maybe none). On SQLite the words go to the FTS5 index
(:mod:`briefreader.store.fts`), on PostgreSQL to its text search
(:mod:`briefreader.store.pg_search`, which lists the small differences); a database without
either index matches each word as a substring.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    and_,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.exc import DBAPIError

from briefreader.store import fts
from briefreader.store.base import StorePart
from briefreader.store.models import (
    AnnotationRow,
    AnnotationTagRow,
    BriefRow,
    SourceRow,
    TagRow,
)
from briefreader.store.pg_fts import has_pg_fts
from briefreader.store.rows import load_tags
from briefreader.store.search_query import (
    _CLOSE,
    _OPEN,
    _SNIPPET_TOKENS,
    SearchHit,
    SearchQuery,
    SearchQueryError,
    _excerpt,
    _marks,
    _trim,
    _window,
    _words_pattern,
    merge_marked,
    parse_query,
)

if TYPE_CHECKING:
    from briefreader.store import pg_search

T = TypeVar("T")
_MARKS = (_OPEN, _CLOSE)


class SearchPart(StorePart):
    """Search: one read transaction per query."""

    def search(self, query: str, *, limit: int = 200) -> list[SearchHit]:
        """Hits for ``query`` (syntax in the module docstring): brief text hits first, best
        first, then annotation hits, best first (or in text order when only filters are
        given). Raises :class:`SearchQueryError` (an ``InvalidValue``), whose message is one
        sentence for the user, for a query it cannot search for."""
        parsed = parse_query(query)
        if parsed.empty or limit < 1:
            return []
        with self.store._read() as s:
            conn = s.connection()
            brief_ids = self._search_brief_ids(conn, parsed.briefs)
            if brief_ids == []:
                return []
            index = text_index(conn)
            hits: list[SearchHit] = []
            if index == "postgresql":
                # (Imported for PostgreSQL only: its dialect costs a SQLite command 30 ms.)
                from briefreader.store import pg_search

                terms = _guarded(lambda: pg_search.pg_query(conn, parsed))
                if parsed.words and terms is None:
                    return []  # nothing PostgreSQL counts as a word: nothing can match
                if terms is not None and not parsed.annotation_filters:
                    found = terms
                    hits.extend(
                        _guarded(
                            lambda: pg_search.brief_hits(conn, parsed, found, brief_ids, limit)
                        )
                    )
                hits.extend(
                    self._indexed_annotations(
                        conn, parsed, brief_ids, max(0, limit - len(hits)), terms
                    )
                )
                return hits
            if parsed.words and not parsed.annotation_filters:
                finder = self._fts_briefs if index == "fts5" else self._like_briefs
                hits.extend(finder(conn, parsed, brief_ids, limit))
            remaining = max(0, limit - len(hits))
            if index == "fts5":
                hits.extend(self._indexed_annotations(conn, parsed, brief_ids, remaining))
            else:
                hits.extend(self._like_annotations(conn, parsed, brief_ids, remaining))
            return hits

    # -- filters -----------------------------------------------------------------------------

    def _search_brief_ids(self, conn: Any, refs: list[str]) -> list[int] | None:
        """Ids the ``brief:`` filters allow (None: no filter). A ref is an id or a title part;
        several refs widen the set."""
        if not refs:
            return None
        b = BriefRow.__table__  # type: ignore[attr-defined]
        conditions: list[ColumnElement[bool]] = []
        for ref in refs:
            if ref.isascii() and ref.isdigit():  # not "²" (a digit int() refuses)
                if int(ref) < 2**63:  # a larger id names no brief (and overflows the column)
                    # As a BIGINT: PostgreSQL's INTEGER column would refuse a larger literal.
                    conditions.append(b.c.id == literal(int(ref), BigInteger))
            else:
                pattern = "%" + re.sub(r"([\\%_])", r"\\\1", ref.lower()) + "%"
                conditions.append(func.lower(b.c.title).like(pattern, escape="\\"))
        if not conditions:
            return []
        return [row[0] for row in conn.execute(select(b.c.id).where(or_(*conditions)))]

    def _annotation_conditions(
        self, parsed: SearchQuery, brief_ids: list[int] | None
    ) -> list[ColumnElement[bool]]:
        a = AnnotationRow.__table__  # type: ignore[attr-defined]
        at, t = AnnotationTagRow.__table__, TagRow.__table__  # type: ignore[attr-defined]
        src = SourceRow.__table__  # type: ignore[attr-defined]
        conditions: list[ColumnElement[bool]] = []
        if brief_ids is not None:
            conditions.append(a.c.brief_id.in_(brief_ids))
        for name in parsed.tags:
            conditions.append(
                a.c.id.in_(
                    select(at.c.annotation_id)
                    .join(t, t.c.id == at.c.tag_id)
                    .where(t.c.name == name)
                )
            )
        if parsed.kinds:
            conditions.append(a.c.kind.in_(parsed.kinds))
        if parsed.statuses:
            conditions.append(a.c.claim_status.in_(parsed.statuses))
        if parsed.check_statuses:
            conditions.append(a.c.check_status.in_(parsed.check_statuses))
        for part in parsed.claimants:  # each a part of the claimant, any case, % and _ as typed
            conditions.append(_contains(a.c.claimant, part))
        for what in parsed.has:
            if what == "source":
                conditions.append(exists().where(src.c.annotation_id == a.c.id))
            elif what == "tags":
                conditions.append(exists().where(at.c.annotation_id == a.c.id))
            elif what == "note":
                conditions.append(a.c.note != "")
            else:
                conditions.append(and_(a.c.claimant.is_not(None), a.c.claimant != ""))
        for what in parsed.is_:
            if what == "orphan":
                conditions.append(a.c.orphan.is_(True))
            else:
                conditions.append(a.c.previous_quote.is_not(None))
        return conditions

    # -- SQLite FTS5 -------------------------------------------------------------------------

    def _fts_briefs(
        self, conn: Any, parsed: SearchQuery, brief_ids: list[int] | None, limit: int
    ) -> list[SearchHit]:
        b = BriefRow.__table__  # type: ignore[attr-defined]
        query = fts.fts_query(conn, "brief", parsed.words, parsed.excluded, parsed.any_of)
        found = fts.matching(query, "10.0, 1.0")
        stmt = (
            select(b.c.id, b.c.title)
            .select_from(found.join(b, b.c.id == found.c.id))
            .order_by(found.c.score, b.c.id)
            .limit(limit)
        )
        if brief_ids is not None:
            stmt = stmt.where(b.c.id.in_(brief_ids))
        pattern = _words_pattern(parsed.raw_words)
        hits = []
        for brief_id, brief_title in _rows(conn, stmt):
            # FTS5's snippet() re-reads the whole document: 2 s for a common word in 5 MB. A
            # regex over the text finds the first match in milliseconds.
            text = conn.execute(select(b.c.text).where(b.c.id == brief_id)).scalar_one()
            at = pattern.search(text) if pattern is not None else None
            if at is None:
                hits.append(self._unseen_hit(conn, query, brief_id, brief_title))
                continue
            assert pattern is not None
            excerpt, marks = _window(text, at.start(), at.end(), pattern)
            hits.append(
                SearchHit("brief", brief_id, brief_title, at.start(), at.end(), excerpt, marks)
            )
        return hits

    def _unseen_hit(
        self, conn: Any, query: fts.FtsQuery, brief_id: int, brief_title: str
    ) -> SearchHit:
        """The hit for a match the regex cannot see (accents folded, an unusual stem): from
        FTS5's own snippet, or a title hit when only the title matched."""
        b = BriefRow.__table__  # type: ignore[attr-defined]
        for snippet in _guarded(
            lambda: fts.snippets(conn, query, brief_id, _MARKS, _SNIPPET_TOKENS)
        ):
            plain, marks = _marks(snippet)
            if not marks:
                continue
            # The snippet is a verbatim slice of the text: find it to know where the match is.
            found = conn.execute(select(func.instr(b.c.text, plain)).where(b.c.id == brief_id))
            base = max(0, (found.scalar_one() or 1) - 1)
            flat = plain.replace("\n", " ")  # same length: the marks stay right
            start, end = base + marks[0][0], base + marks[0][1]
            return SearchHit("brief", brief_id, brief_title, start, end, flat, marks)
        titles = _guarded(lambda: fts.marked(conn, query, [brief_id], 1, _MARKS))
        versions = [fields[0] for fields in titles.get(brief_id, [])] or [brief_title]
        plain, marks = _marks(merge_marked(versions))
        return SearchHit("brief", brief_id, brief_title, 0, 0, plain, marks, "title")

    def _indexed_annotations(
        self,
        conn: Any,
        parsed: SearchQuery,
        brief_ids: list[int] | None,
        limit: int,
        pg_query: pg_search.PgQuery | None = None,
    ) -> list[SearchHit]:
        """Annotation hits from the FTS5 index, or with ``pg_query`` from PostgreSQL's."""
        a, b = AnnotationRow.__table__, BriefRow.__table__  # type: ignore[attr-defined]
        conditions = self._annotation_conditions(parsed, brief_ids)
        columns: list[Any] = [
            a.c.id,
            a.c.brief_id,
            b.c.title,
            a.c.start,
            a.c.end,
            a.c.kind,
            a.c.orphan,
        ]
        if pg_query is not None:
            from briefreader.store import pg_search

            stmt = pg_search.annotation_statement(pg_query, conditions, limit)
            rows = [(*r[:7], r[7:]) for r in _rows(conn, stmt)]
        elif parsed.words:
            query = fts.fts_query(conn, "annotation", parsed.words, parsed.excluded, parsed.any_of)
            found = fts.matching(query, "4.0, 3.0, 2.0, 2.0", 4, _MARKS)
            inline = [c for c in found.c if c.name.startswith("marked")]
            stmt = (
                select(*columns, *(inline or (a.c.quote, a.c.note, a.c.claimant)))
                .select_from(found.join(a, a.c.id == found.c.id).join(b, b.c.id == a.c.brief_id))
                .where(*conditions)
                .order_by(found.c.score, a.c.id)
                .limit(limit)
            )
            rows = [(*r[:7], r[7:]) for r in _rows(conn, stmt)]
            if not inline:  # words and prefixes: each index marks its own
                ids = [r[0] for r in rows]
                marked = _guarded(lambda: fts.marked(conn, query, ids, 4, _MARKS))
                rows = [
                    (*r[:7], [v for fields in marked.get(r[0], []) for v in fields] or r[7])
                    for r in rows
                ]
        else:
            stmt = (
                select(*columns, a.c.quote, a.c.note, a.c.claimant, literal_column("''"))
                .select_from(a.join(b, b.c.id == a.c.brief_id))
                .where(*conditions)
                .order_by(a.c.brief_id, a.c.start, a.c.id)
                .limit(limit)
            )
            rows = [(*r[:7], r[7:]) for r in conn.execute(stmt)]
        tags = load_tags(conn, [r[0] for r in rows])
        hits = []
        names = ("quote", "note", "claimant", "tags")
        for ann_id, brief_id, title, start, end, kind, orphan, versions in rows:
            # Each field as marked by each index that matched (quote, note, claimant, tags,
            # then the same four again): merged into one marked value a field.
            values = [merge_marked([v or "" for v in versions[i::4]]) for i in range(4)]
            chosen = next((i for i, v in enumerate(values) if _OPEN in v), 0)
            if chosen == 3:
                plain, marks = _marks(values[3])
            else:
                plain, marks = _marks(values[chosen] or values[0])
                plain, marks = _trim(plain, marks)
            hits.append(
                SearchHit(
                    "annotation",
                    brief_id,
                    title,
                    start,
                    end,
                    plain,
                    marks,
                    names[chosen],
                    ann_id,
                    kind,
                    tags.get(ann_id, ()),
                    bool(orphan),
                )
            )
        return hits

    # -- other backends: substring matching ---------------------------------------------------

    def _like_briefs(
        self, conn: Any, parsed: SearchQuery, brief_ids: list[int] | None, limit: int
    ) -> list[SearchHit]:
        b = BriefRow.__table__  # type: ignore[attr-defined]
        conditions = [
            or_(_contains(b.c.title, w), _contains(b.c.text, w)) for w in parsed.raw_words
        ]
        combined = or_(*conditions) if parsed.any_of else and_(*conditions)
        stmt = select(b.c.id, b.c.title, b.c.text).where(combined).order_by(b.c.id).limit(limit)
        if brief_ids is not None:
            stmt = stmt.where(b.c.id.in_(brief_ids))
        hits = []
        for brief_id, title, text in conn.execute(stmt):
            lowered = text.lower()
            at = min(
                (i for i in (lowered.find(w.lower()) for w in parsed.raw_words) if i >= 0),
                default=-1,
            )
            if at < 0:
                excerpt, marks = _excerpt(title, parsed.raw_words)
                hits.append(SearchHit("brief", brief_id, title, 0, 0, excerpt, marks, "title"))
                continue
            word = next(w for w in parsed.raw_words if lowered.find(w.lower()) == at)
            excerpt, marks = _excerpt(text[max(0, at - 80) : at + 160], parsed.raw_words)
            hits.append(SearchHit("brief", brief_id, title, at, at + len(word), excerpt, marks))
        return hits

    def _like_annotations(
        self, conn: Any, parsed: SearchQuery, brief_ids: list[int] | None, limit: int
    ) -> list[SearchHit]:
        a, b = AnnotationRow.__table__, BriefRow.__table__  # type: ignore[attr-defined]
        conditions = self._annotation_conditions(parsed, brief_ids)
        fields = (a.c.quote, a.c.note, a.c.claimant)
        word_conditions = [or_(*(_contains(f, w) for f in fields)) for w in parsed.raw_words]
        if word_conditions:
            conditions.append(or_(*word_conditions) if parsed.any_of else and_(*word_conditions))
        stmt = (
            select(
                a.c.id,
                a.c.brief_id,
                b.c.title,
                a.c.start,
                a.c.end,
                a.c.kind,
                a.c.orphan,
                a.c.quote,
                a.c.note,
                a.c.claimant,
            )
            .select_from(a.join(b, b.c.id == a.c.brief_id))
            .where(*conditions)
            .order_by(a.c.brief_id, a.c.start, a.c.id)
            .limit(limit)
        )
        rows = list(conn.execute(stmt))
        tags = load_tags(conn, [r[0] for r in rows])
        hits = []
        for ann_id, brief_id, title, start, end, kind, orphan, quote, note, claimant in rows:
            chosen, value = 0, quote
            for i, candidate in enumerate((quote, note, claimant or "")):
                if any(w.lower() in candidate.lower() for w in parsed.raw_words):
                    chosen, value = i, candidate
                    break
            excerpt, marks = _excerpt(value, parsed.raw_words)
            hits.append(
                SearchHit(
                    "annotation",
                    brief_id,
                    title,
                    start,
                    end,
                    excerpt,
                    marks,
                    ("quote", "note", "claimant")[chosen],
                    ann_id,
                    kind,
                    tags.get(ann_id, ()),
                    bool(orphan),
                )
            )
        return hits


def _rows(conn: Any, stmt: Any) -> list[Any]:
    return _guarded(lambda: list(conn.execute(stmt)))


#: What FTS5 and PostgreSQL say about a query they cannot run (not about the database).
_QUERY_FAULTS = (
    "fts5",
    "unterminated string",
    "expression tree is too large",
    "unknown special query",
    "tsquery",
    "word is too long",
    "text-search",
)


def _guarded(run: Callable[[], T]) -> T:
    """Run a search statement: an error FTS5 or PostgreSQL raises about the query itself (the
    parser should never let one through) becomes one sentence; others go on as they are."""
    try:
        return run()
    except DBAPIError as exc:
        said = str(exc.orig).lower()
        if any(fault in said for fault in _QUERY_FAULTS):
            raise SearchQueryError("cannot search for that; try other words") from None
        raise


def text_index(conn: Any) -> str | None:
    """The full-text index the database has: "fts5" (SQLite), "postgresql", or None (search
    falls back to substring matching)."""
    if conn.dialect.name == "sqlite":
        return "fts5" if fts.has_fts(conn) else None
    if conn.dialect.name == "postgresql":
        return "postgresql" if has_pg_fts(conn) else None
    return None


def _contains(column_: Any, word: str) -> ColumnElement[bool]:
    pattern = "%" + re.sub(r"([\\%_])", r"\\\1", word.lower()) + "%"
    return func.lower(column_).like(pattern, escape="\\")


__all__ = ["SearchHit", "SearchPart", "SearchQuery", "SearchQueryError", "parse_query"]
