"""Checking and repairing the database (:class:`MaintenancePart`): what ``briefreader check``
runs (backups are :mod:`briefreader.store.backup_copy`'s).

The check looks for what a crash, a hand edit or a connection without foreign keys could leave
behind: a damaged file (SQLite's ``PRAGMA integrity_check``), rows whose parent is gone (every
foreign key of the schema, by portable queries on both backends, plus SQLite's
``foreign_key_check``), a full-text index that disagrees with the rows it indexes, and
annotations whose span no longer fits their brief's text. Tags nobody uses are not a problem.

A repair only does what cannot lose anything a person wrote: it deletes link rows whose parent
is gone (they cannot be shown or exported), rebuilds the full-text index from the rows, and
turns an annotation whose span is wrong into an orphan that keeps its quote, so the reader can
attach it again. Annotations whose brief is gone are reported and left alone.

A read-only database is checked too (nothing in a check writes, except FTS5's own
``integrity-check`` command, which is then skipped), and so is one whose ``schema_version`` is
damaged (opened ``for_check``): that is reported as the first problem. Neither is repaired.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import SQLModel

from briefreader.store.backup_copy import BackupError, BackupInfo, pg_dump_command
from briefreader.store.base import StorePart
from briefreader.store.engine import is_sqlite
from briefreader.store.fts import has_fts, rebuild_fts
from briefreader.store.models import AnnotationRow, BriefRow, utcnow

#: How many example ids a finding names before "…".
_EXAMPLES = 5


@dataclass(frozen=True)
class Finding:
    """One problem the check found, in words for the user.

    ``code`` groups findings: ``damaged`` (the file), ``foreign-key`` (a row SQLite's
    foreign_key_check reports that no other check explains), ``dangling`` (rows whose parent is
    gone), ``lost-brief`` (annotations whose brief is gone), ``search-index`` and ``span``.
    """

    code: str
    message: str
    repairable: bool
    count: int = 1


@dataclass(frozen=True)
class CheckReport:
    checked: tuple[str, ...]
    #: What was wrong before any repair.
    findings: tuple[Finding, ...]
    #: What ``repair=True`` did, one sentence each.
    repairs: tuple[str, ...] = ()
    #: What is still wrong (after the repair, if there was one).
    remaining: tuple[Finding, ...] = ()
    #: What the check could not do, one sentence each (a read-only database).
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.remaining


@dataclass(frozen=True)
class _Relation:
    """A foreign key of the schema and how to speak of rows that break it."""

    child: Table
    column: str
    parent: Table
    parent_column: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.child.name, self.column)


#: (child table, column) -> (what the rows are, the parent's name, safe to delete).
_DANGLING_WORDS: dict[tuple[str, str], tuple[str, str, bool]] = {
    ("annotation_tag", "annotation_id"): ("tag link(s) of annotations", "annotation", True),
    ("annotation_tag", "tag_id"): ("annotation tag link(s) to tags", "tag", True),
    ("brief_tag", "brief_id"): ("tag link(s) of briefs", "brief", True),
    ("brief_tag", "tag_id"): ("brief tag link(s) to tags", "tag", True),
    ("source", "annotation_id"): ("source(s) of annotations", "annotation", True),
    # A link holds its relation, note and quote: kept (restore the source from a backup).
    ("source", "source_id"): ("citation(s) of sources", "source", False),
    ("brief_version", "brief_id"): ("earlier version(s) of briefs", "brief", True),
    ("annotation", "brief_id"): ("annotation(s) of briefs", "brief", False),
}


def _relations() -> list[_Relation]:
    """Every foreign key of our tables, from the models (so a table added later is covered)."""
    out = []
    for table in SQLModel.metadata.sorted_tables:
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
            out.append(_Relation(table, fk.parent.name, fk.column.table, fk.column.name))
    return out


def _ids(values: list[int]) -> str:
    shown = ", ".join(f"#{v}" for v in values[:_EXAMPLES])
    return shown + (", …" if len(values) > _EXAMPLES else "")


def _short(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def _rowcount(result: Any) -> int:
    return int(cast("CursorResult[Any]", result).rowcount or 0)


__all__ = ["BackupError", "BackupInfo", "CheckReport", "Finding", "pg_dump_command"]


class MaintenancePart(StorePart):
    """``check`` (and repair), and ``backup_to``."""

    # ------------------------------------------------------------------ check

    def check(self, *, repair: bool = False) -> CheckReport:
        """Look for problems (see the module docstring); with ``repair``, fix the safe ones and
        look again, so ``remaining`` is what is still wrong."""
        sqlite = is_sqlite(self.store.engine)
        checked: tuple[str, ...] = (
            ("file integrity", "foreign keys", "rows whose parent is gone")
            if sqlite
            else ("foreign keys and rows whose parent is gone",)
        )
        if sqlite and self._has_fts():
            checked += ("search index",)
        checked += ("annotation spans and quotes",)
        notes: tuple[str, ...] = ()
        if self.store.read_only_reason is not None and self.store.schema_problem is None:
            notes = (
                f"the database is read-only ({self.store.read_only_reason}): "
                "nothing can be repaired"
                + (", and the search index was compared with the rows only" if sqlite else ""),
            )
        findings = tuple(self._all_findings())
        if repair and any(f.code == "damaged" for f in findings):
            note = (
                "nothing was repaired: the file itself is damaged, and writing to it could "
                "make that worse; restore a backup (`briefreader backup` makes one, and the "
                "app keeps a daily one) or recover what is readable with the sqlite3 shell's "
                "`.recover`"
            )
            return CheckReport(checked, findings, (note,), findings, notes)
        if not repair or not any(f.repairable for f in findings):
            return CheckReport(checked, findings, (), findings, notes)
        if self.store.read_only_reason is not None:
            note = (
                f"nothing was repaired: the database is read-only ({self.store.read_only_reason})"
            )
            return CheckReport(checked, findings, (note,), findings, notes)
        repairs = self._repair(rebuild_fts=any(f.code == "search-index" for f in findings))
        return CheckReport(checked, findings, tuple(repairs), tuple(self._all_findings()), notes)

    def _all_findings(self) -> Iterator[Finding]:
        """:meth:`_findings`, after a damaged schema version (which may make the rest fail)."""
        if self.store.schema_problem is None:
            yield from self._findings()
            return
        yield Finding("schema", self.store.schema_problem, repairable=False)
        try:
            found = list(self._findings())
        except DatabaseError as exc:
            found = [
                Finding("schema", f"the rest could not be checked ({exc.orig})", repairable=False)
            ]
        yield from found

    def _has_fts(self) -> bool:
        with self.store.engine.connect() as conn:
            return has_fts(conn)

    def _findings(self) -> Iterator[Finding]:
        sqlite = is_sqlite(self.store.engine)
        with self.store._read() as s:
            conn = s.connection()
            if sqlite:
                damaged = self._integrity(conn)
                if damaged is not None:
                    # Nothing else can be trusted (or even read) in a damaged file.
                    yield damaged
                    return
            yield from self._dangling(conn)
            if sqlite:
                yield from self._unexplained_foreign_keys(conn)
            yield from self._bad_spans(conn)
        if sqlite and self._has_fts():
            yield from self._fts_findings()

    def _integrity(self, conn: Connection) -> Finding | None:
        try:
            rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        except DatabaseError as exc:
            rows = [str(exc.orig)]
        if rows == ["ok"]:
            return None
        # A row may hold several lines, under a "*** in database main ***" heading.
        lines = [
            line.strip()
            for row in rows
            for line in row.splitlines()
            if line.strip() and not line.startswith("***")
        ] or rows
        shown = "; ".join(lines[:3]) + ("; …" if len(lines) > 3 else "")
        return Finding(
            "damaged",
            f"the database file is damaged (integrity_check: {shown}); restore a backup",
            repairable=False,
            count=len(lines),
        )

    def _dangling(self, conn: Connection) -> Iterator[Finding]:
        for rel in _relations():
            missing = self._missing_parents(conn, rel)
            if not missing:
                continue
            count = sum(missing.values())
            parents = sorted(missing)
            what, parent, safe = _DANGLING_WORDS.get(
                rel.key, (f"{rel.child.name} row(s) of {rel.parent.name}s", rel.parent.name, False)
            )
            if rel.key == ("annotation", "brief_id"):
                yield Finding(
                    "lost-brief",
                    f"{count} {what} that are no longer in the database (brief "
                    f"{_ids(parents)}): nothing shows them; they are kept (a repair never "
                    "deletes annotations); restore the brief from a backup to see them again",
                    repairable=False,
                    count=count,
                )
                continue
            yield Finding(
                "dangling",
                f"{count} {what} that no longer exist ({parent} {_ids(parents)})",
                repairable=safe,
                count=count,
            )

    def _missing_parents(self, conn: Connection, rel: _Relation) -> dict[int, int]:
        """{missing parent id: rows pointing at it} for one foreign key."""
        fk = rel.child.c[rel.column]
        exists = select(rel.parent.c[rel.parent_column])
        rows = conn.execute(
            select(fk, func.count())
            .where(fk.is_not(None), fk.not_in(exists))
            .group_by(fk)
            .order_by(fk)
        )
        return {int(value): int(n) for value, n in rows}

    def _unexplained_foreign_keys(self, conn: Connection) -> Iterator[Finding]:
        """SQLite's own foreign_key_check, for any broken reference the checks by relation did
        not already report (a table that is not ours, say)."""
        ours = {(r.child.name, r.parent.name) for r in _relations()}
        counts: dict[tuple[str, str], int] = {}
        for table, _rowid, parent, _fkid in conn.exec_driver_sql("PRAGMA foreign_key_check"):
            if (table, parent) not in ours:
                counts[(table, parent)] = counts.get((table, parent), 0) + 1
        for (table, parent), n in sorted(counts.items()):
            yield Finding(
                "foreign-key",
                f"{n} row(s) of table {table} refer to rows of {parent} that do not exist",
                repairable=False,
                count=n,
            )

    def _span_problems(self, conn: Connection) -> Iterator[tuple[int, int, int, int, str]]:
        """(annotation id, brief id, start, end, what is wrong) for every annotation on its
        brief's text (not an orphan) whose span is outside the text or whose quote is not the
        text there. One brief's text is in memory at a time."""
        a = cast(Table, AnnotationRow.__table__)  # type: ignore[attr-defined]
        b = cast(Table, BriefRow.__table__)  # type: ignore[attr-defined]
        rows = conn.execute(
            select(a.c.id, a.c.brief_id, a.c.start, a.c.end, a.c.quote)
            .where(a.c.orphan.is_(False), a.c.brief_id.in_(select(b.c.id)))
            .order_by(a.c.brief_id, a.c.id)
        ).all()
        current: int | None = None
        body = ""
        for ann_id, brief_id, start, end, quote in rows:
            if brief_id != current:
                current = brief_id
                body = conn.execute(select(b.c.text).where(b.c.id == brief_id)).scalar_one()
            if not 0 <= start < end <= len(body):
                yield (
                    ann_id,
                    brief_id,
                    start,
                    end,
                    f"its span {start}..{end} is outside the brief's text (0..{len(body)})",
                )
            elif body[start:end] != quote:
                yield (
                    ann_id,
                    brief_id,
                    start,
                    end,
                    f"its quote {_short(quote)} is not the text at {start}..{end} "
                    f"({_short(body[start:end])})",
                )

    def _bad_spans(self, conn: Connection) -> Iterator[Finding]:
        for ann_id, brief_id, _start, _end, problem in self._span_problems(conn):
            yield Finding(
                "span", f"annotation #{ann_id} on brief #{brief_id}: {problem}", repairable=True
            )

    def _fts_findings(self) -> Iterator[Finding]:
        # The FTS5 'integrity-check' commands are INSERTs: they run in a write transaction of
        # their own (taking the lock up front, as every write here does) and change nothing.
        checks = (
            # rank 1: also compare the index with the external content (the brief table).
            ("brief texts", "INSERT INTO brief_fts(brief_fts, rank) VALUES ('integrity-check', 1)"),
            (
                "annotations",
                "INSERT INTO annotation_fts(annotation_fts) VALUES ('integrity-check')",
            ),
            # The unstemmed word indexes that prefixes search. The annotation one takes its
            # content from another FTS5 table, where rank 1 is an "SQL logic error".
            (
                "brief words",
                "INSERT INTO brief_word_fts(brief_word_fts, rank) VALUES ('integrity-check', 1)",
            ),
            (
                "annotation words",
                "INSERT INTO annotation_word_fts(annotation_word_fts) VALUES ('integrity-check')",
            ),
        )
        for what, statement in checks if self.store.read_only_reason is None else ():
            try:
                with self.store._transaction() as s:
                    s.connection().exec_driver_sql(statement)
            except OperationalError:
                raise  # "database is locked" and the like are not findings
            except DatabaseError as exc:
                yield Finding(
                    "search-index",
                    f"the search index of {what} does not match them (FTS5 integrity-check: "
                    f"{exc.orig})",
                    repairable=True,
                )
        with self.store._read() as s:
            stale = self._stale_annotation_index(s.connection())
        if stale:
            yield Finding(
                "search-index",
                f"the search index is out of date for {len(stale)} annotation(s) ({_ids(stale)})",
                repairable=True,
                count=len(stale),
            )

    def _stale_annotation_index(self, conn: Connection) -> list[int]:
        """Ids of annotations whose row in ``annotation_fts`` is missing or differs from them
        (``annotation_fts`` keeps its own copy, which FTS5's own check cannot compare), and of
        index rows with no annotation."""
        stale = {
            int(row[0])
            for row in conn.exec_driver_sql(
                "SELECT a.id FROM annotation AS a LEFT JOIN annotation_fts AS f ON f.rowid = a.id "
                "WHERE f.rowid IS NULL OR f.quote IS NOT a.quote OR f.note IS NOT a.note "
                "OR f.claimant IS NOT coalesce(a.claimant, '') "
                "UNION SELECT rowid FROM annotation_fts "
                "WHERE rowid NOT IN (SELECT id FROM annotation)"
            )
        }
        # Tags are compared as sets: the order group_concat gave the index is not defined.
        # Through the driver's cursor: 100,000 rows as SQLAlchemy rows cost ~4x as much.
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            tags: dict[int, list[str]] = {}
            for ann_id, name in cursor.execute(
                "SELECT x.annotation_id, t.name FROM annotation_tag AS x "
                "JOIN tag AS t ON t.id = x.tag_id"
            ):
                tags.setdefault(ann_id, []).append(name)
            for rowid, listed in cursor.execute("SELECT rowid, tags FROM annotation_fts"):
                if sorted(listed.split()) != sorted(tags.pop(rowid, ())):
                    stale.add(rowid)
        finally:
            cursor.close()
        return sorted(stale)

    # ------------------------------------------------------------------ repair

    def _repair(self, *, rebuild_fts: bool) -> list[str]:
        done: list[str] = []
        with self.store._transaction() as s:
            conn = s.connection()
            for rel in _relations():
                what, _parent, safe = _DANGLING_WORDS.get(rel.key, ("", "", False))
                if not safe:
                    continue
                fk = rel.child.c[rel.column]
                result = conn.execute(
                    delete(rel.child).where(
                        fk.is_not(None), fk.not_in(select(rel.parent.c[rel.parent_column]))
                    )
                )
                if n := _rowcount(result):
                    done.append(f"deleted {n} {what} that no longer exist")
            orphaned = self._orphan_bad_spans(conn)
            if orphaned:
                done.append(
                    f"made {len(orphaned)} annotation(s) orphans, their quotes kept "
                    f"({_ids(orphaned)}): attach them again in the reader (O lists them, A "
                    "attaches the chosen one to the selection)"
                )
            if rebuild_fts and is_sqlite(self.store.engine):
                self._rebuild_fts(conn)
                done.append("rebuilt the search index from the briefs and annotations")
        return done

    def _orphan_bad_spans(self, conn: Connection) -> list[int]:
        a = cast(Table, AnnotationRow.__table__)  # type: ignore[attr-defined]
        b = cast(Table, BriefRow.__table__)  # type: ignore[attr-defined]
        fixed = []
        for ann_id, brief_id, start, end, _problem in list(self._span_problems(conn)):
            length = conn.execute(
                select(func.length(b.c.text)).where(b.c.id == brief_id)
            ).scalar_one()
            # Where it used to be, clamped to the text: an orphan's span is only a hint.
            new_start = min(max(0, start), length)
            new_end = min(max(new_start, end), length)
            conn.execute(
                update(a)
                .where(a.c.id == ann_id)
                .values(
                    orphan=True,
                    start=new_start,
                    end=new_end,
                    updated_at=utcnow(),
                    revision=a.c.revision + 1,
                )
            )
            fixed.append(ann_id)
        return fixed

    def _rebuild_fts(self, conn: Connection) -> None:
        rebuild_fts(conn)
