"""Undo and redo of annotation changes (create, edit, tag, source, delete).

Each change is recorded as the annotation's state before and after (frozen snapshots from the
Store, ``None`` meaning "does not exist"). Undo puts the "before" state back through the Store,
redo the "after" state, so one mechanism covers every kind of change and the database is always
what the screen shows. No Textual here: the reader calls it and repaints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefreader.store.records import Annotation

if TYPE_CHECKING:
    from briefreader.store.api import Store


@dataclass(frozen=True)
class Change:
    """One undoable change to one annotation; ``label`` says what it was ("highlight", "tag")."""

    label: str
    before: Annotation | None
    after: Annotation | None

    @property
    def annotation_id(self) -> int:
        state = self.after or self.before
        assert state is not None
        return state.id


class History:
    """A bounded undo/redo stack over the Store."""

    def __init__(self, store: Store, limit: int = 500) -> None:
        self.store = store
        self.limit = limit
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, label: str, before: Annotation | None, after: Annotation | None) -> None:
        """Remember a change that has just been saved. A new change clears the redo stack."""
        if before is None and after is None:
            return
        if before is not None and after is not None and before.revision == after.revision:
            return  # nothing was written (a write bumps the revision)
        self._undo.append(Change(label, before, after))
        del self._undo[: -self.limit]
        self._redo.clear()

    def peek(self, *, undo: bool = True) -> Change | None:
        """The change undo (or redo) would act on next, without acting on it."""
        stack = self._undo if undo else self._redo
        return stack[-1] if stack else None

    def discard(self, *, undo: bool = True) -> Change | None:
        """Forget the change undo (or redo) would act on next, without acting on it: the
        annotation was changed or deleted elsewhere since, and the user kept that."""
        stack = self._undo if undo else self._redo
        return stack.pop() if stack else None

    def _apply(self, state: Annotation | None, other: Annotation | None) -> Annotation | None:
        if state is None:
            assert other is not None
            self.store.delete_annotation(other.id)
            return None
        return self.store.restore_annotation(state)

    def undo(self) -> tuple[Change, Annotation | None] | None:
        """Undo the last change; return it and the annotation as it now is (None: deleted)."""
        if not self._undo:
            return None
        change = self._undo.pop()
        now = self._apply(change.before, change.after)
        # Redo goes from the state undo left (``now``) back to the recorded "after".
        self._redo.append(Change(change.label, now, change.after))
        return change, now

    def redo(self) -> tuple[Change, Annotation | None] | None:
        if not self._redo:
            return None
        change = self._redo.pop()
        now = self._apply(change.after, change.before)
        self._undo.append(Change(change.label, change.before, now))
        return change, now
