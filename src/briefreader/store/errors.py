"""The errors the Store raises for requests it cannot carry out (messages are for the user)."""

from __future__ import annotations

from briefreader.store.records import Annotation


class StoreError(Exception):
    """A request the store cannot carry out; the message is meant for the user."""


class NotFound(StoreError, LookupError):
    pass


class Conflict(StoreError):
    """The annotation changed since the caller read it (optimistic concurrency)."""

    def __init__(self, message: str, current: Annotation) -> None:
        super().__init__(message)
        self.current = current
