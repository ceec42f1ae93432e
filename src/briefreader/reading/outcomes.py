"""What a reading command did, or needs the user to decide, as plain data.

A command of :class:`~briefreader.reading.session.ReadingSession` is an :class:`Operation`:
the write (``call``, run on whichever thread the caller chooses, with the Store) and what
follows it (``finish`` with the result, ``fail`` with the error, both where the shown
annotations live). Either gives an **outcome**:

* :class:`Done` — saved; its :class:`~briefreader.reading.shown.Delta` says what to repaint;
* :class:`Again` — the annotation was saved elsewhere but nothing visible changed: run the
  same change on that version at once (nothing of theirs can be lost);
* :class:`Conflicted` — saved elsewhere with visible changes: the user picks theirs (``keep``)
  or mine (the ``mine`` operation, or, for an edit, editing it again on their version);
* :class:`DeletedElsewhere` — deleted elsewhere: restore mine (``restore``) or ``drop`` it;
* :class:`Nothing` / :class:`Invalid` — a sentence to show (nothing was written).

The screen shows outcomes (dialogs, messages); it decides nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefreader.reading.shown import Delta
from briefreader.store.records import Annotation

if TYPE_CHECKING:
    from briefreader.store.api import Store


@dataclass(frozen=True)
class Done:
    """Saved: ``before`` became ``after`` (None: did not exist / was deleted)."""

    label: str
    before: Annotation | None
    after: Annotation | None
    delta: Delta
    message: str | None = None


@dataclass(frozen=True)
class Again:
    operation: Operation
    delta: Delta


@dataclass(frozen=True)
class Conflicted:
    """``base`` (what the user saw) was saved elsewhere as ``theirs``; ``yours`` is what
    choosing mine would store (None: mine deletes it). ``delta`` already shows theirs."""

    label: str
    base: Annotation
    theirs: Annotation
    yours: Annotation | None
    delta: Delta
    #: The change again, on their version ("overwrite with mine", "delete anyway", ...).
    mine: Operation
    #: Keep theirs: forget the change; the sentence to show.
    keep: Callable[[], str]
    #: What mine does, for the dialog's button: "edit", "delete", "undo" or "redo".
    verb: str = "edit"


@dataclass(frozen=True)
class DeletedElsewhere:
    """The annotation was deleted elsewhere; ``yours`` is what restoring would bring back."""

    label: str
    yours: Annotation
    restore: Operation
    #: Drop it: what to repaint and the sentence to show.
    drop: Callable[[], tuple[Delta, str]]
    #: "undo"/"redo" when the change was an undo step (the dialog says so), else None.
    step: str | None = None
    delta: Delta = field(default_factory=Delta)


@dataclass(frozen=True)
class Nothing:
    message: str
    delta: Delta = field(default_factory=Delta)


@dataclass(frozen=True)
class Invalid:
    message: str
    delta: Delta = field(default_factory=Delta)


Outcome = Done | Again | Conflicted | DeletedElsewhere | Nothing | Invalid


@dataclass(frozen=True)
class Operation:
    """One write and what follows it (see the module docstring)."""

    label: str
    call: Callable[[Store], Any]
    finish: Callable[[Any], Outcome]
    fail: Callable[[Exception], Outcome]
