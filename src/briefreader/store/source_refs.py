"""Sources in their own right (schema version 5): one ``source_ref`` row per URL, cited by any
number of annotations through their ``source`` links.

:func:`ensure_refs` is how every write that cites a source finds it: by its URL (as
:func:`~briefreader.text.validate.normalise_source_url` writes it), or makes it. What the
citing input says about the source (title, author, publisher, published, accessed, archive
URL) fills the fields the source does not have yet and never replaces one it has, unless the
write is an explicit edit of that source (``overwrite``: ``update_source``, a changed source
of ``apply_changes``). :class:`SourceRefsPart` holds the Store's methods on the sources
themselves: list them with the annotations citing them, find them for completion, change one
(with optimistic concurrency, as annotations), and delete one nobody cites.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, func, insert, or_, select, update
from sqlalchemy.orm import Session

from briefreader.store.base import StorePart
from briefreader.store.errors import Conflict, NotFound
from briefreader.store.inputs import (
    _UNSET,
    REF_FIELDS,
    clean_accessed,
    clean_archive_url,
    clean_published,
)
from briefreader.store.models import AnnotationRow, SourceRefRow, SourceRow, utcnow
from briefreader.store.records import SourceInput, SourceRef, SourceUse
from briefreader.store.rows import as_date, aware
from briefreader.text.validate import (
    InvalidValue,
    normalise_source_url,
    single_line,
    without_nul,
)

#: URLs per IN (...) list: well under SQLite's limit on bound variables.
_CHUNK = 5000
#: The columns of a :class:`SourceRef`, in its fields' order (but its uses).
_REF_COLUMNS: tuple[str, ...] = (
    "id",
    "url",
    "title",
    "author",
    "publisher",
    "published",
    "accessed_at",
    "archive_url",
    "reliability",
    "created_at",
    "updated_at",
    "revision",
)
#: What ``update_source_ref`` may change.
EDITABLE: tuple[str, ...] = ("url", *REF_FIELDS, "reliability")


def link_values(clean: SourceInput, source_id: int) -> dict[str, Any]:
    """The columns of a link citing ``source_id`` for the (cleaned) input (its own fields)."""
    return {
        "source_id": source_id,
        "relation": clean.relation,
        "note": clean.note,
        "quote": clean.quote,
    }


def _insert_new(conn: Connection) -> Any:
    """An INSERT of sources that skips a URL another writer has just added (it is then found
    by the SELECT that follows)."""
    table = SourceRefRow.__table__  # type: ignore[attr-defined]
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing(index_elements=["url"])
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing(index_elements=["url"])
    return insert(table)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def ensure_refs(
    conn: Connection, sources: Iterable[SourceInput], *, overwrite: bool = False
) -> dict[str, int]:
    """The ids of the sources the (cleaned) inputs cite, by URL: each found by its URL or made
    from the first input giving it. A source found gets the fields it lacks from the first
    input giving them; with ``overwrite``, every field an input gives (not empty) replaces
    the source's (an explicit edit). A source changed so gets a new revision."""
    wanted: dict[str, dict[str, Any]] = {}
    for src in sources:
        values = wanted.setdefault(src.url, {})
        for name in REF_FIELDS:
            value = getattr(src, name)
            if value not in (None, "") and (overwrite or name not in values):
                values[name] = value
    if not wanted:
        return {}
    ref = SourceRefRow.__table__  # type: ignore[attr-defined]
    now = utcnow()
    columns = [ref.c.id, ref.c.url, *(ref.c[name] for name in REF_FIELDS)]

    def read(urls: Sequence[str]) -> dict[str, Any]:
        return {
            row.url: row
            for chunk in _chunks(urls)
            for row in conn.execute(select(*columns).where(ref.c.url.in_(chunk)))
        }

    found = read(list(wanted))
    missing = [url for url in wanted if url not in found]
    if missing:
        blank = {"title": "", "author": "", "publisher": "", "reliability": ""}
        conn.execute(
            _insert_new(conn),
            [
                {
                    **blank,
                    "published": None,
                    "accessed_at": None,
                    "archive_url": None,
                    **wanted[url],
                    "url": url,
                    "created_at": now,
                    "updated_at": now,
                    "revision": 1,
                }
                for url in missing
            ],
        )
        found.update(read(missing))
    for url, row in found.items():
        changes = {
            name: value
            for name, value in wanted[url].items()
            if (overwrite or getattr(row, name) in (None, ""))
            and _stored(name, getattr(row, name)) != value
        }
        if changes:
            conn.execute(
                update(ref)
                .where(ref.c.id == row.id)
                .values(**changes, updated_at=now, revision=ref.c.revision + 1)
            )
    return {url: int(row.id) for url, row in found.items()}


def _stored(name: str, value: Any) -> Any:
    """A source's field as read back, comparable with the input's."""
    return as_date(value) if name == "accessed_at" else value


def _ref_record(row: Sequence[Any], uses: tuple[SourceUse, ...]) -> SourceRef:
    (ref_id, url, title, author, publisher, published, accessed, archive, reliability) = row[:9]
    created, updated, revision = row[9:12]
    return SourceRef(
        ref_id,
        url,
        title,
        author,
        publisher,
        published,
        as_date(accessed),
        archive,
        reliability,
        aware(created),
        aware(updated),
        revision,
        uses,
    )


def _uses(
    conn: Connection, ref_ids: Select[Any] | Sequence[int] | None, brief_ids: Sequence[int] | None
) -> dict[int, list[SourceUse]]:
    """The annotations citing the sources ``ref_ids`` (all when None), oldest link first;
    only those on ``brief_ids`` when given."""
    link, a = SourceRow.__table__, AnnotationRow.__table__  # type: ignore[attr-defined]
    statement = (
        select(
            link.c.source_id,
            link.c.id,
            link.c.annotation_id,
            a.c.brief_id,
            a.c.kind,
            link.c.relation,
        )
        .join(a, a.c.id == link.c.annotation_id)
        .order_by(link.c.id)
    )
    if ref_ids is not None:
        statement = statement.where(link.c.source_id.in_(ref_ids))
    if brief_ids:
        statement = statement.where(a.c.brief_id.in_(list(brief_ids)))
    found: dict[int, list[SourceUse]] = {}
    for source_id, *use in conn.execute(statement):
        found.setdefault(source_id, []).append(SourceUse(*use))
    return found


class SourceRefsPart(StorePart):
    """Sources in their own right: each public method is one transaction."""

    def list_sources(self, brief_ids: Sequence[int] | None = None) -> list[SourceRef]:
        """Every source (by id) with the annotations citing it (``uses``), cited or not. With
        ``brief_ids``, only the sources cited on those briefs, with those uses."""
        ref, link = SourceRefRow.__table__, SourceRow.__table__  # type: ignore[attr-defined]
        a = AnnotationRow.__table__  # type: ignore[attr-defined]
        statement = select(*(ref.c[name] for name in _REF_COLUMNS)).order_by(ref.c.id)
        if brief_ids:
            statement = statement.where(
                ref.c.id.in_(
                    select(link.c.source_id)
                    .join(a, a.c.id == link.c.annotation_id)
                    .where(a.c.brief_id.in_(list(brief_ids)))
                )
            )
        with self.store._read() as s:
            conn = s.connection()
            uses = _uses(conn, None, brief_ids)
            return [
                _ref_record(row, tuple(uses.get(row[0], ()))) for row in conn.execute(statement)
            ]

    def get_source_ref(self, source_id: int) -> SourceRef:
        """One source with the annotations citing it; :class:`NotFound` if there is none."""
        with self.store._read() as s:
            return self._get(s, source_id)

    def _get(self, s: Session, source_id: int) -> SourceRef:
        found = self._records(s.connection(), [source_id])
        if not found:
            raise NotFound(f"no source with id {source_id}")
        return found[0]

    def _records(self, conn: Connection, ids: Sequence[int]) -> list[SourceRef]:
        """The sources ``ids``, in that order (those that exist)."""
        ref = SourceRefRow.__table__  # type: ignore[attr-defined]
        rows = {
            row[0]: row
            for row in conn.execute(
                select(*(ref.c[name] for name in _REF_COLUMNS)).where(ref.c.id.in_(list(ids)))
            )
        }
        uses = _uses(conn, list(rows), None)
        return [_ref_record(rows[i], tuple(uses.get(i, ()))) for i in ids if i in rows]

    def find_sources(self, text: str, limit: int = 10) -> list[SourceRef]:
        """Sources whose URL, title or author contains ``text`` (whatever the case of ASCII
        letters), the most cited first, then the newest: what completing a source offers.
        Empty ``text``: the most cited ones."""
        ref, link = SourceRefRow.__table__, SourceRow.__table__  # type: ignore[attr-defined]
        counts = (
            select(link.c.source_id, func.count().label("n")).group_by(link.c.source_id).subquery()
        )
        statement = (
            select(ref.c.id)
            .outerjoin(counts, counts.c.source_id == ref.c.id)
            .order_by(func.coalesce(counts.c.n, 0).desc(), ref.c.id.desc())
            .limit(max(0, limit))
        )
        words = text.split()
        for word in words:  # every word, in any of the three
            pattern = "%" + word.lower().replace("\\", "\\\\").replace("%", "\\%")
            pattern = pattern.replace("_", "\\_") + "%"
            statement = statement.where(
                or_(
                    *(
                        func.lower(ref.c[name]).like(pattern, escape="\\")
                        for name in ("url", "title", "author")
                    )
                )
            )
        with self.store._read() as s:
            conn = s.connection()
            return self._records(conn, [row[0] for row in conn.execute(statement)])

    def update_source_ref(
        self,
        source_id: int,
        expected_revision: int | None = None,
        *,
        url: str = _UNSET,
        title: str = _UNSET,
        author: str = _UNSET,
        publisher: str = _UNSET,
        published: str | None = _UNSET,
        accessed_at: date | None = _UNSET,
        archive_url: str | None = _UNSET,
        reliability: str = _UNSET,
    ) -> SourceRef:
        """Change a source's ``url``, ``title``, ``author``, ``publisher``, ``published``
        (YYYY, YYYY-MM or YYYY-MM-DD), ``accessed_at`` (a date), ``archive_url`` or
        ``reliability`` (empty or None clears all but the URL); every annotation citing it
        sees the change. With ``expected_revision``, a change made since the caller read it
        raises :class:`Conflict` (its ``current`` is the source as it now is). A URL another
        source has is refused (:class:`InvalidValue`)."""
        given = {
            "url": url,
            "title": title,
            "author": author,
            "publisher": publisher,
            "published": published,
            "accessed_at": accessed_at,
            "archive_url": archive_url,
            "reliability": reliability,
        }
        fields = {name: value for name, value in given.items() if value is not _UNSET}
        values = {name: _clean_field(name, value) for name, value in fields.items()}
        with self.store._transaction() as s:
            conn = s.connection()
            current = self._get(s, source_id)
            if expected_revision is not None and current.revision != expected_revision:
                raise Conflict("this source was changed elsewhere since you opened it", current)
            ref = SourceRefRow.__table__  # type: ignore[attr-defined]
            if "url" in values and values["url"] != current.url:
                other = conn.execute(
                    select(ref.c.id).where(ref.c.url == values["url"])
                ).scalar_one_or_none()
                if other is not None:
                    raise InvalidValue(
                        f"source #{other} has the URL {values['url']}: change that source "
                        "instead, or cite it"
                    )
            changed = {k: v for k, v in values.items() if getattr(current, k) != v}
            if not changed:
                return current
            conn.execute(
                update(ref)
                .where(ref.c.id == source_id)
                .values(**changed, updated_at=utcnow(), revision=ref.c.revision + 1)
            )
            return self._get(s, source_id)

    def delete_source_ref(self, source_id: int) -> SourceRef:
        """Delete a source no annotation cites; return what it was. One still cited is
        refused (:class:`InvalidValue`, saying by which annotations)."""
        with self.store._transaction() as s:
            current = self._get(s, source_id)
            if current.uses:
                ids = sorted({use.annotation_id for use in current.uses})
                shown = ", ".join(f"#{i}" for i in ids[:5]) + (", …" if len(ids) > 5 else "")
                raise InvalidValue(
                    f"source #{source_id} is cited by {len(ids)} annotation"
                    f"{'s' if len(ids) != 1 else ''} ({shown}): remove it from "
                    f"{'them' if len(ids) != 1 else 'it'} first"
                )
            ref = SourceRefRow.__table__  # type: ignore[attr-defined]
            s.connection().execute(ref.delete().where(ref.c.id == source_id))
            return current


def _clean_field(name: str, value: Any) -> Any:
    """A value for ``update_source_ref``, as the store keeps it."""
    if name == "url":
        return normalise_source_url(str(value or ""))
    if name == "published":
        return clean_published(value)
    if name == "accessed_at":
        return clean_accessed(value)
    if name == "archive_url":
        return clean_archive_url(value)
    if name == "reliability":
        return without_nul((value or "").strip())
    return single_line(value or "")


__all__ = ["EDITABLE", "SourceRefsPart", "ensure_refs", "link_values"]
