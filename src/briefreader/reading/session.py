"""A brief being read and annotated, without a screen: the reader's commands on the Store, with
optimistic concurrency, undo and redo, each giving an outcome instead of opening a dialog.

:class:`ReadingSession` holds the brief's :class:`~briefreader.reading.shown.ShownAnnotations`
(the one copy the screen shows) and its :class:`~briefreader.reading.history.History`. Its
commands on existing annotations live in :class:`AnnotationSession`, which any copy of shown
annotations can use (:class:`Shown`): the claims desk edits claims across the library with
the same commands, conflict handling and undo (:mod:`briefreader.reading.desk`). A
command returns an :class:`~briefreader.reading.outcomes.Operation`; running it (``run`` here,
or the app's write lane, which may keep it and save it later from a worker) gives an outcome
(:mod:`briefreader.reading.outcomes`). Every change to an existing annotation is saved against
the version shown (its revision), so nothing saved elsewhere meanwhile is overwritten unseen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from briefreader.reading.compare import changed_fields, differences
from briefreader.reading.edits import Edit
from briefreader.reading.history import Change, History
from briefreader.reading.outcomes import (
    Again,
    Conflicted,
    DeletedElsewhere,
    Done,
    Invalid,
    Nothing,
    Operation,
    Outcome,
)
from briefreader.reading.shown import Delta, ShownAnnotations
from briefreader.store.errors import Conflict, NotFound
from briefreader.store.records import Annotation

if TYPE_CHECKING:
    from briefreader.store.api import Store


class _GoneSince(NotFound):
    """An undo step found its annotation deleted elsewhere (before touching anything)."""


def _refused(exc: Exception, prefix: str = "") -> Outcome:
    """A value the store did not accept is said; any other error is not ours to handle."""
    if isinstance(exc, ValueError):
        return Invalid(f"{prefix}{exc}")
    raise exc


class Shown(Protocol):
    """What a session needs of the annotations a screen shows: to follow a change (``old``
    goes, ``new`` comes; either may be None) and to give an annotation back whole."""

    def replace(self, old: Annotation | None, new: Annotation | None) -> Delta: ...

    def whole(self, annotation: Annotation) -> Annotation: ...


S = TypeVar("S", bound=Shown)


class AnnotationSession(Generic[S]):
    """Commands on existing annotations, undo and redo (see the module docstring)."""

    def __init__(self, store: Callable[[], Store], shown: S) -> None:
        #: The store now (the app may move to another: a replaced library file's copy).
        self._store = store
        self.shown = shown
        self.history = History(store())

    @property
    def store(self) -> Store:
        store = self._store()
        self.history.store = store
        return store

    def run(self, operation: Operation) -> Outcome:
        """Run ``operation`` here and now, and what follows it (an :class:`Again` too)."""
        try:
            outcome = operation.finish(operation.call(self.store))
        except Exception as exc:
            outcome = operation.fail(exc)
        if isinstance(outcome, Again):
            return self.run(outcome.operation)
        return outcome

    # ------------------------------------------------------------------ editing

    def save(self, label: str, base: Annotation, edit: Edit) -> Operation:
        """``edit`` saved on ``base`` (the version shown), expecting ``base``'s revision."""
        # Whole now (its uuid), not when the save ends: the annotations may be read again
        # in between, without this one if it was deleted elsewhere.
        whole = self.shown.whole(base)

        def finish(after: Annotation) -> Outcome:
            self.history.record(label, whole, after)
            return Done(label, base, after, self.shown.replace(base, after))

        def fail(exc: Exception) -> Outcome:
            if isinstance(exc, Conflict):
                return self._changed_elsewhere(label, base, exc.current, edit)
            if isinstance(exc, NotFound):
                return self._deleted_elsewhere(label, whole, edit)
            return _refused(exc)

        return Operation(label, lambda store: edit.save(store, base), finish, fail)

    def _changed_elsewhere(
        self, label: str, base: Annotation, theirs: Annotation, edit: Edit
    ) -> Outcome:
        delta = self.shown.replace(base, theirs)  # shown as stored now, whatever is chosen
        if not changed_fields(base, theirs):
            return Again(self.save(label, theirs, edit), delta)
        yours = edit.apply(theirs)
        rows, _ = differences(base, theirs, yours)
        if not rows:
            return Nothing("The same change was already saved elsewhere.", delta)
        return Conflicted(
            label,
            base,
            theirs,
            yours,
            delta,
            mine=self.save(label, theirs, edit),
            keep=lambda: "Kept the version saved elsewhere; your change was not saved.",
        )

    def _deleted_elsewhere(self, label: str, base: Annotation, edit: Edit) -> Outcome:
        def drop() -> tuple[Delta, str]:
            return self.shown.replace(base, None), "Dropped it: it was deleted elsewhere."

        def finish(after: Annotation) -> Outcome:
            # One step for undo: from "deleted" (where the other side left it) to yours.
            self.history.record(label, None, after)
            return Done(label, None, after, self.shown.replace(base, after))

        def fail(exc: Exception) -> Outcome:
            return Invalid(f"Could not restore it: {exc}", self.shown.replace(base, None))

        restore = Operation(
            label,
            lambda store: edit.save(store, store.restore_annotation(base)),
            finish,
            fail,
        )
        return DeletedElsewhere(label, edit.apply(base), restore, drop)

    def attach(self, orphan: Annotation, start: int, end: int, quote: str) -> Operation:
        """Put ``orphan`` on the text at ``[start, end)`` (whose text is ``quote``)."""
        return self.save("attach", orphan, Edit(attach=(start, end, quote)))

    def accept_change(self, annotation: Annotation) -> Operation:
        """Accept the text a re-anchoring put under ``annotation`` ("text changed")."""
        return self.save("accept", annotation, Edit(accept_text=True))

    # ------------------------------------------------------------------ deleting

    def delete(self, annotation: Annotation, label: str = "delete") -> Operation:
        """Delete ``annotation`` unless it was changed elsewhere since it was shown (a change
        with nothing visible is deleted all the same)."""

        def call(store: Store) -> Annotation:
            current = store.get_annotation(annotation.id)
            if current.revision != annotation.revision and changed_fields(annotation, current):
                raise Conflict("changed elsewhere since it was shown", current)
            return store.delete_annotation(annotation.id, expected_revision=current.revision)

        def finish(gone: Annotation) -> Outcome:
            self.history.record(label, gone, None)
            return Done(label, gone, None, self.shown.replace(annotation, None))

        def fail(exc: Exception) -> Outcome:
            if isinstance(exc, Conflict):
                current = exc.current
                delta = self.shown.replace(annotation, current)
                if not changed_fields(annotation, current):
                    return Again(self.delete(current, label), delta)
                return Conflicted(
                    label,
                    annotation,
                    current,
                    None,
                    delta,
                    mine=self.delete(current, label),
                    keep=lambda: "Kept the version saved elsewhere.",
                    verb="delete",
                )
            if isinstance(exc, NotFound):
                delta = self.shown.replace(annotation, None)
                return Nothing("It was already deleted elsewhere.", delta)
            return _refused(exc)

        return Operation(label, call, finish, fail)

    # ------------------------------------------------------------------ undo and redo

    def undo(self) -> Operation | Outcome:
        return self._step(undo=True)

    def redo(self) -> Operation | Outcome:
        return self._step(undo=False)

    def _step(self, *, undo: bool) -> Operation | Outcome:
        """Undo or redo the last change, unless its annotation was changed or deleted
        elsewhere since (then the outcome asks); the shown annotations follow the store."""
        verb = "undo" if undo else "redo"
        change = self.history.peek(undo=undo)
        if change is None:
            return Nothing(f"Nothing to {verb}.")
        # What the store should hold now, and what the step puts there.
        expected, target = (change.after, change.before) if undo else (change.before, change.after)

        def call(store: Store) -> Any:
            if expected is not None:
                try:
                    current = store.get_annotation(expected.id)
                except NotFound:
                    raise _GoneSince(str(expected.id)) from None
                if current.revision != expected.revision:
                    raise Conflict("changed elsewhere since", current)
            return self._apply_step(undo)

        def fail(exc: Exception) -> Outcome:
            assert expected is not None or not isinstance(exc, _GoneSince | Conflict)
            if isinstance(exc, _GoneSince) and expected is not None:
                return self._step_deleted_elsewhere(change, expected, target, undo=undo)
            if isinstance(exc, Conflict) and expected is not None:
                return self._step_changed_elsewhere(change, expected, exc.current, undo=undo)
            return self._step_failed(exc, verb)

        return Operation(verb, call, lambda result: self._stepped(result, undo=undo), fail)

    def _apply_step(self, undo: bool) -> tuple[Change, Annotation | None] | None:
        return self.history.undo() if undo else self.history.redo()

    def _plain_step(self, undo: bool) -> Operation:
        """The step without looking first (the user chose it over what is stored)."""
        verb = "undo" if undo else "redo"
        return Operation(
            verb,
            lambda store: self._apply_step(undo),
            lambda result: self._stepped(result, undo=undo),
            lambda exc: self._step_failed(exc, verb),
        )

    @staticmethod
    def _step_failed(exc: Exception, verb: str) -> Outcome:
        if isinstance(exc, NotFound | ValueError):
            return Invalid(f"Could not {verb}: {exc}")
        raise exc

    def _stepped(self, result: tuple[Change, Annotation | None] | None, *, undo: bool) -> Outcome:
        if result is None:
            return Nothing(f"Nothing to {'undo' if undo else 'redo'}.")
        change, now = result
        before = change.after if undo else change.before
        delta = self.shown.replace(before, now)
        message = f"{'Undid' if undo else 'Redid'} {change.label}"
        if now is not None and now.orphan:
            message += " — it is in the orphans list again"
        return Done(change.label, before, now, delta, message)

    def _step_changed_elsewhere(
        self, change: Change, expected: Annotation, current: Annotation, *, undo: bool
    ) -> Outcome:
        delta = self.shown.replace(expected, current)
        if not changed_fields(expected, current):
            return Again(self._plain_step(undo), delta)
        target = change.before if undo else change.after

        def keep() -> str:
            self.history.discard(undo=undo)
            done = "undone" if undo else "redone"
            return f"Kept the version saved elsewhere; {change.label} not {done}."

        return Conflicted(
            change.label,
            expected,
            current,
            target,
            delta,
            mine=self._plain_step(undo),
            keep=keep,
            verb="undo" if undo else "redo",
        )

    def _step_deleted_elsewhere(
        self, change: Change, expected: Annotation, target: Annotation | None, *, undo: bool
    ) -> Outcome:
        """A step on an annotation deleted elsewhere since: nothing to do if the step would
        delete it; otherwise restore it, or drop the step."""
        delta = self.shown.replace(expected, None)
        if target is None:
            self.history.discard(undo=undo)
            return Nothing("It was deleted elsewhere already: nothing to do.", delta)

        def drop() -> tuple[Delta, str]:
            self.history.discard(undo=undo)
            return Delta(), "Dropped it: it was deleted elsewhere."

        return DeletedElsewhere(
            change.label,
            target,
            self._plain_step(undo),
            drop,
            step="undo" if undo else "redo",
            delta=delta,
        )


class ReadingSession(AnnotationSession[ShownAnnotations]):
    """One brief's annotating commands (see the module docstring)."""

    def __init__(self, store: Callable[[], Store], brief_id: int, shown: ShownAnnotations) -> None:
        super().__init__(store, shown)
        self.brief_id = brief_id

    def create(self, span: tuple[int, int], label: str, **fields: Any) -> Operation:
        """A new annotation on ``span`` (fields as :class:`NewAnnotation` takes them)."""
        from briefreader.store.api import NewAnnotation

        new = NewAnnotation(start=span[0], end=span[1], **fields)
        brief_id = self.brief_id

        def finish(created: Annotation) -> Outcome:
            self.history.record(label, None, created)
            return Done(label, None, created, self.shown.replace(None, created))

        return Operation(
            label, lambda store: store.create_annotation(brief_id, new), finish, _refused
        )
