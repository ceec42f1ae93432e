"""StoreBase: the engine, sessions and lifecycle of the Store, and the helpers that more than
one group of its methods needs (tag ids, a brief's text, annotations with their tags and sources,
bumping an annotation's revision); :class:`StorePart`, the base of the parts that hold the
methods on each subject (briefs.py, tags.py, annotations.py, …), and :class:`via`, which makes
a part's method the Store's; :mod:`briefreader.store.api` puts them together.

Every write goes through :meth:`StoreBase._transaction`, which first makes sure the write can
land: the database is not read-only (:class:`ReadOnlyDatabase`, with the reason), and a SQLite
file is still the file that was opened (:class:`DatabaseReplaced`). Driver errors that mean the
database cannot take the write now come out as :class:`DatabaseBusy` and :class:`DiskFull`.

A replaced (or deleted) file loses nothing: the Store copies the library as it had it into a
new file beside the path, moves on to that copy (so the refused write can be made again there),
and takes its old write-ahead log away from the file now at the path (see
:mod:`briefreader.store.sqlite_file`). :meth:`StoreBase.verify_file` does the same without a
write, for a screen that polls.
"""

from __future__ import annotations

import getpass
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, Self, TypeVar, cast, overload

from sqlalchemy import Engine, select, text, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlmodel import col

from briefreader.store import engine as engines
from briefreader.store.engine import (
    ensure_wal,
    make_engine,
    sqlite_file_of,
    translate_error,
    writer,
)
from briefreader.store.errors import (
    DatabaseReplaced,
    NotFound,
    ReadOnlyDatabase,
    SchemaVersionDamaged,
    StoreError,
)
from briefreader.store.models import AnnotationRow, BriefRow, TagRow, utcnow
from briefreader.store.records import Annotation
from briefreader.store.rows import annotations_of_rows
from briefreader.store.schema import CURRENT_VERSION, ensure_schema
from briefreader.store.sqlite_file import SqliteFile

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Concatenate

    from briefreader.store.api import Store

_P = ParamSpec("_P")
_R = TypeVar("_R")


def os_user() -> str | None:
    """The name of the user running briefreader, as the operating system knows it."""
    try:
        return getpass.getuser() or None
    except (KeyError, OSError):  # no such user in the password database (a container)
        return None


class StoreBase:
    """The database a Store works on, and its shared helpers (see the module docstring)."""

    def __init__(
        self,
        engine: Engine,
        *,
        init: bool = False,
        read_only_reason: str | None = None,
        for_check: bool = False,
        file: SqliteFile | None = None,
        busy_timeout: float | None = None,
    ) -> None:
        self.engine = engine
        #: Who makes the changes (creator of new annotations, who checked a claim): the
        #: operating system's user unless the caller says (the config's ``[user] name``).
        self.user: str | None = os_user()
        self._writer = writer(engine)
        self._file = file
        #: Files this Store worked on until they were replaced (see :meth:`_replaced`).
        self._left: list[SqliteFile] = []
        self._replacing = threading.Lock()  # a poll and a write may both notice it
        #: Seconds a write waits for another writer's lock before :class:`DatabaseBusy`.
        self.busy_timeout = engines.BUSY_TIMEOUT_S if busy_timeout is None else busy_timeout
        #: Why the database cannot be written (shown to the user), or None if it can.
        self.read_only_reason = read_only_reason
        #: What is wrong with the schema of a store opened ``for_check`` (else None).
        self.schema_problem: str | None = None
        before: int | None = None
        try:
            before = ensure_schema(engine, init=init, read_only=read_only_reason)
        except SchemaVersionDamaged as exc:
            if not for_check:
                raise
            self.schema_problem = str(exc)
            self.read_only_reason = "its schema_version table is damaged"
        if file is not None:
            file.mode = "ro" if self.read_only else "rw"  # never re-create it from now on
            file.remember()
        if self.read_only_reason is None and engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                if conn.execute(text("SHOW transaction_read_only")).scalar() == "on":
                    self.read_only_reason = "the server accepts only reads"
        # A file is switched to WAL when it is first written, so that opening a damaged file
        # (to check it) never writes to it; a new or upgraded one was just written.
        self._wal_ready = file is None or self.read_only
        if not self._wal_ready and before is not None and before != CURRENT_VERSION:
            self._wal_ready = ensure_wal(engine)

    @classmethod
    def open(
        cls,
        url: str,
        *,
        init: bool = False,
        busy_timeout: float | None = None,
        read_only: bool = False,
        for_check: bool = False,
    ) -> Self:
        """Open (creating or upgrading) the database at SQLAlchemy ``url``.

        ``init``: add briefreader's tables to a database that holds other tables (another
        program's) instead of refusing it with :class:`NotOurDatabase`. ``busy_timeout``: how
        long a write waits for another writer's lock (default 30 s) before
        :class:`DatabaseBusy`. ``read_only``: never write (a SQLite file that cannot be written
        is opened read-only anyway; ``read_only_reason`` says why). ``for_check``: a damaged
        ``schema_version`` does not refuse the open; the store is read-only and
        ``schema_problem`` says what is wrong, for ``check`` to report.
        """
        file = sqlite_file_of(url)
        reason = "it was opened read-only" if read_only else None
        if file is not None:
            reason = reason or file.read_only_reason()
            if reason is not None and not file.path.exists():
                raise StoreError(f"cannot create the database {file.path}: {reason}")
            file.mode = "ro" if reason else ("rw" if file.path.exists() else "rwc")
        engine = make_engine(url, busy_timeout=busy_timeout, file=file)
        try:
            return cls(
                engine,
                init=init,
                read_only_reason=reason,
                for_check=for_check,
                file=file,
                busy_timeout=busy_timeout,
            )
        except BaseException:
            engine.dispose()
            raise

    @property
    def read_only(self) -> bool:
        """Whether writes are refused (:class:`ReadOnlyDatabase`); see ``read_only_reason``."""
        return self.read_only_reason is not None

    @property
    def database_file(self) -> Path | None:
        """The SQLite file, or None (in memory, or another backend)."""
        database = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not database or database == ":memory:":
            return None
        return Path(database)

    def close(self) -> None:
        self.engine.dispose()
        if self._file is not None and self._file.state() != "same" and not self.read_only:
            self._replaced(DatabaseReplaced("replaced"))  # rescued, and its log set aside
            self.engine.dispose()
        for file in self._left:  # rescued: their logs are in the copies
            file.set_aside(rescued=True)
            file.close()
        if self._file is not None:
            self._file.close()

    def verify_file(self) -> None:
        """Raise :class:`DatabaseReplaced` (after rescuing the library, see the module
        docstring) if a SQLite file was replaced or deleted since it was opened."""
        if self._file is None or self.read_only:
            return
        try:
            self._file.check()
        except DatabaseReplaced as exc:
            raise self._replaced(exc) from None

    def _replaced(self, exc: DatabaseReplaced) -> DatabaseReplaced:
        """Rescue the library from a replaced file and move on to the copy; the error to
        raise, saying where the copy is."""
        with self._replacing:
            return self._move_to_rescue(exc)

    def _move_to_rescue(self, exc: DatabaseReplaced) -> DatabaseReplaced:
        old = self._file
        if old is None or exc.rescued is not None:
            return exc
        if self._left and old.state() == "same":  # another thread moved on already
            return DatabaseReplaced(f"{exc}. briefreader now works on {old.path}", old.path)
        rescued = old.rescue()
        if rescued is not None or old.state() == "other":
            old.set_aside(rescued=rescued is not None)  # else the original may come back
        if rescued is None:
            then = (
                "free some space and try again"
                if old.retired
                else "free some space (or put the original file back) and try again"
            )
            return DatabaseReplaced(
                f"{exc}, and no copy of the library as it was could be written beside it "
                f"(is the disk full?): {then}"
            )
        file = SqliteFile(rescued)
        file.mode = "rw"
        engine = make_engine(f"sqlite:///{rescued}", busy_timeout=self.busy_timeout, file=file)
        ensure_wal(engine)
        file.remember()
        self.engine.dispose()
        self._left.append(old)
        self.engine, self._writer, self._file = engine, writer(engine), file
        return DatabaseReplaced(
            f"{exc}. briefreader now works on a copy of the library as it had it, saved as "
            f"{rescued} (open it later with --db)",
            rescued,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The database's URL without its password, printable (a SQLite file name's bytes
        that are not UTF-8 are shown as ``\\xNN``)."""
        path = self.database_file
        if path is not None:
            shown = os.fsencode(path).decode("utf-8", "backslashreplace")
            return f"sqlite:///{shown}"
        return self.engine.url.render_as_string(hide_password=True)

    def _read(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def _write(self) -> Session:
        """A session for one write transaction, once the write can land (see the module
        docstring); prefer :meth:`_transaction`."""
        if self.read_only_reason is not None:
            raise ReadOnlyDatabase(self.read_only_reason)
        self.verify_file()
        if not self._wal_ready:
            self._wal_ready = ensure_wal(self.engine)
        return Session(self._writer, expire_on_commit=False)

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        """One write transaction (committed on leaving, rolled back on an error); errors from
        the driver used directly (bulk copies, raw cursors) are translated too."""
        with self._write() as s:
            try:
                with s.begin():
                    yield s
            except DatabaseReplaced as exc:  # noticed once the write lock was held
                raise self._replaced(exc) from None
            except StoreError:
                raise
            except Exception as exc:
                mapped = translate_error(exc, self.busy_timeout)
                if mapped is None:
                    raise
                raise mapped from exc

    def _tag_ids(self, s: Session, names: Sequence[str]) -> dict[str, int]:
        """Ids of the (already normalised) tags ``names``, creating the missing ones."""
        if not names:
            return {}
        found: dict[str, int] = {
            name: cast(int, tag_id)
            for name, tag_id in s.execute(
                select(col(TagRow.name), col(TagRow.id)).where(col(TagRow.name).in_(names))
            )
        }
        for name in names:
            if name not in found:
                row = TagRow(name=name)
                s.add(row)
                s.flush()
                assert row.id is not None
                found[name] = row.id
        return {n: found[n] for n in names}

    def _load_annotations(self, s: Session, rows: Sequence[AnnotationRow]) -> list[Annotation]:
        """The records of ORM rows as they are in the session ``s``."""
        return annotations_of_rows(s.connection(), rows)

    def _brief_text(self, s: Session, brief_id: int) -> str:
        text = s.execute(
            select(col(BriefRow.text)).where(col(BriefRow.id) == brief_id)
        ).scalar_one_or_none()
        if text is None:
            raise NotFound(f"no brief with id {brief_id}")
        return text

    def _touch(self, s: Session, annotation_id: int) -> None:
        result = s.execute(
            update(AnnotationRow)
            .where(col(AnnotationRow.id) == annotation_id)
            .values(updated_at=utcnow(), revision=col(AnnotationRow.revision) + 1)
        )
        if cast("CursorResult[Any]", result).rowcount == 0:
            raise NotFound(f"no annotation with id {annotation_id}")


class StorePart:
    """One subject's methods (briefs, tags, annotations, …): an object the Store holds, which
    reaches the database, the shared helpers and the other subjects through ``self.store``."""

    def __init__(self, store: Store) -> None:
        self.store = store


class via(Generic[_P, _R]):
    """A Store method that is its part's: ``update_annotation = via("_annotations",
    AnnotationsPart.update_annotation)`` calls the method on the Store's ``_annotations``
    part, with the same signature for the type checker."""

    def __init__(self, part: str, method: Callable[Concatenate[Any, _P], _R]) -> None:
        self._part = part
        self._name = method.__name__
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, store: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, store: object, owner: type | None = None) -> Callable[_P, _R]: ...
    def __get__(self, store: object, owner: type | None = None) -> Self | Callable[_P, _R]:
        if store is None:
            return self
        method: Callable[_P, _R] = getattr(getattr(store, self._part), self._name)
        return method
