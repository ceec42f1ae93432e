"""The one place where what a reading command did becomes something on screen: an operation of
an :class:`~briefreader.reading.session.AnnotationSession` (the reader's, the claims desk's) is
saved through the app's write lane
(:mod:`briefreader.tui.writes`), and its outcome (:mod:`briefreader.reading.outcomes`) is
shown — the change painted, a sentence said, or a dialog asking the user (changed elsewhere:
keep theirs / mine / edit mine; deleted elsewhere: restore / drop), whose answer runs the next
operation. Nothing here decides; the session does."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

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

if TYPE_CHECKING:
    from briefreader.reading import Delta
    from briefreader.store.api import Annotation
    from briefreader.tui.app import BriefReaderApp

KIND_NAMES = {"highlight": "highlight", "claim": "claim", "note": "note"}


class Shows(Protocol):
    """What prompts need of the screen."""

    @property
    def brapp(self) -> BriefReaderApp: ...

    def show_delta(self, delta: Delta) -> None: ...

    def notify(
        self,
        message: str,
        *,
        title: str = ...,
        severity: Any = ...,
        timeout: float | None = ...,
        markup: bool = ...,
    ) -> None: ...


Reedit = Callable[["Annotation", "Annotation"], None]


class Prompts:
    """Runs a screen's reading operations and shows their outcomes (module docstring)."""

    def __init__(self, screen: Shows) -> None:
        self.screen = screen

    def perform(
        self,
        operation: Operation | Outcome,
        done: Callable[[Done], None] | None = None,
        *,
        reedit: Reedit | None = None,
    ) -> None:
        """Save ``operation`` (an outcome given instead is shown at once); ``done`` gets a
        :class:`Done` after it is painted; ``reedit`` offers "edit mine" on a conflict."""
        if not isinstance(operation, Operation):
            self.show(operation, done, reedit)
            return
        self.screen.brapp.writes.run(
            operation.label,
            operation.call,
            lambda result: self.show(operation.finish(result), done, reedit),
            lambda exc: self.show(operation.fail(exc), done, reedit),
        )

    def show(
        self, outcome: Outcome, done: Callable[[Done], None] | None, reedit: Reedit | None
    ) -> None:
        screen = self.screen
        if outcome.delta:
            screen.show_delta(outcome.delta)
        match outcome:
            case Done():
                if done is not None:
                    done(outcome)
                if outcome.message:
                    screen.notify(outcome.message, timeout=2)
            case Again():
                self.perform(outcome.operation, done, reedit=reedit)
            case Conflicted():
                self._conflicted(outcome, done, reedit)
            case DeletedElsewhere():
                self._deleted_elsewhere(outcome, done, reedit)
            case Nothing():
                screen.notify(outcome.message, timeout=4)
            case Invalid():
                screen.notify(outcome.message, severity="error", timeout=8, markup=False)

    def _conflicted(
        self, outcome: Conflicted, done: Callable[[Done], None] | None, reedit: Reedit | None
    ) -> None:
        from briefreader.tui.screens.dialogs.conflict import ConflictDialog

        editing = outcome.verb == "edit"

        def chosen(choice: str | None) -> None:
            if choice == "mine":
                self.perform(outcome.mine, done, reedit=reedit)
            elif choice == "edit" and editing and reedit is not None and outcome.yours:
                reedit(outcome.theirs, outcome.yours)
            else:
                self.screen.notify(outcome.keep(), timeout=4)

        self.screen.brapp.push_screen(
            ConflictDialog(
                outcome.base,
                outcome.theirs,
                outcome.yours,
                what=KIND_NAMES.get(outcome.theirs.kind, "annotation"),
                can_edit=editing and reedit is not None,
                mine_label=(
                    "Overwrite with mine" if editing else f"{outcome.verb.capitalize()} anyway"
                ),
            ),
            chosen,
        )

    def _deleted_elsewhere(
        self, outcome: DeletedElsewhere, done: Callable[[Done], None] | None, reedit: Reedit | None
    ) -> None:
        from briefreader.tui.screens.dialogs import DeletedElsewhereDialog

        def chosen(choice: str | None) -> None:
            if choice == "restore":
                self.perform(outcome.restore, done, reedit=reedit)
                return
            delta, message = outcome.drop()
            if delta:
                self.screen.show_delta(delta)
            self.screen.notify(message, timeout=4)

        self.screen.brapp.push_screen(
            DeletedElsewhereDialog(
                outcome.yours,
                what=KIND_NAMES.get(outcome.yours.kind, "annotation"),
                change=outcome.step or "change",
            ),
            chosen,
        )
