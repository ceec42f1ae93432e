"""The errors the Store raises for requests it cannot carry out (messages are for the user).

Every message is one sentence, shown as it is by the command line and the app. The errors of
:class:`DatabaseUnavailable` share a promise: nothing of the refused request was written. The app
keeps what the user typed and offers to try again when ``retryable`` says that can succeed
later (a lock released, room made on the disk); when it cannot (a read-only or replaced file),
the message says what to do instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Generic, TypeVar

#: What a :class:`Conflict` holds as it now is: an Annotation, or a SourceRef.
_Current = TypeVar("_Current")


class StoreError(Exception):
    """A request the store cannot carry out; the message is meant for the user."""


class NotFound(StoreError, LookupError):
    pass


class Conflict(StoreError, Generic[_Current]):
    """The annotation (or source) changed since the caller read it (optimistic concurrency);
    ``current`` is what it now is."""

    def __init__(self, message: str, current: _Current) -> None:
        super().__init__(message)
        self.current = current


class DatabaseUnavailable(StoreError):
    """The database could not take the request now; nothing of it was written."""

    #: Whether the same request may succeed if tried again later, unchanged.
    retryable = False


class DatabaseBusy(DatabaseUnavailable):
    """Another program held the write lock longer than the busy timeout (``timeout`` s)."""

    retryable = True

    def __init__(self, timeout: float) -> None:
        super().__init__(
            "another program is writing to the database and has kept it locked for more than "
            f"{timeout:g} s, so nothing was saved; try again when it has finished"
        )
        self.timeout = timeout


class DiskFull(DatabaseUnavailable):
    """The disk (or the database's size limit) has no room for the change."""

    retryable = True

    def __init__(self, message: str = "the disk is full; nothing was saved") -> None:
        super().__init__(message)


class ReadOnlyDatabase(DatabaseUnavailable):
    """The database can be read but not written; ``reason`` says why (a read-only file,
    folder or file system, a damaged schema version, or opened read-only on purpose)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"nothing can be saved: the database is read-only ({reason})")
        self.reason = reason


class DatabaseReplaced(DatabaseUnavailable):
    """The database file was deleted, moved or replaced by another file since it was opened:
    a write would go to a file nobody will ever open again. ``rescued``: where the library as
    it was has been copied, which the Store now works on (None: it could not be copied)."""

    def __init__(self, message: str, rescued: Path | None = None) -> None:
        super().__init__(message)
        self.rescued = rescued


class SchemaError(StoreError):
    """The database cannot be used by this version of briefreader; the message says why."""


class NotOurDatabase(SchemaError):
    """A database with another program's tables and none of ours (``init`` was not given)."""


class SchemaVersionDamaged(SchemaError):
    """The ``schema_version`` table holds no usable version (no row, several, not a number)."""
