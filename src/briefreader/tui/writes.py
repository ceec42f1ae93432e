"""Saving without freezing and without losing a change: the app's write lane.

Every change a screen saves goes through :meth:`WriteLane.run`. Normally the database answers at
once and the change is saved on the spot (the screen then shows it). When it cannot take the
change just now, the change is kept, in order, and the app stays usable for reading:

* **busy** — another program holds the write lock: the change waits in a worker thread that
  keeps trying; a line under the screen says "waiting for the database…"; it is saved (and
  shown) as soon as the lock is free.
* **full** — the disk is full: the change is kept and ``ctrl+s`` tries again (the user frees
  space first); nothing was written.
* **replaced** — the database file was deleted or replaced while open: nothing reaches the file
  now at the path. The store copies the library as it had it into a file beside it and works on
  that copy from then on (:mod:`briefreader.store.base`); the change is kept and ``ctrl+s``
  saves it there. A line under the screen names the copy for as long as the app runs. Should
  the copy fail (a full disk), ``ctrl+s`` saves once the original file is back.
* **read-only** — edits are off: the screen refuses editing commands up front and says why, so
  nothing is typed in vain.

While changes wait, editing commands say so instead of acting on what the screen shows (which
does not have the waiting change yet); reading, moving and searching go on. On the UI thread a
write waits at most :data:`PATIENCE_S` for the lock (:mod:`briefreader.store.patience`), so a
key press never freezes the app.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from briefreader.store.api import Store
    from briefreader.tui.app import BriefReaderApp

#: How long a save on the UI thread may wait for another program's write lock.
PATIENCE_S = 0.2
#: Between two tries of a waiting change.
RETRY_PAUSE_S = 0.5

Trouble = Literal["busy", "full", "replaced", "readonly"]

MESSAGES: dict[Trouble, str] = {
    "busy": "Waiting for the database (another program is writing)…",
    "full": "The disk is full: nothing was saved.",
    "replaced": (
        "The library file was replaced or deleted while open: nothing was saved (put the "
        "original back, or quit and start briefreader again to use the new one)."
    ),
    "readonly": "The library is read-only: nothing can be saved.",
}


def classify(exc: BaseException) -> Trouble | None:
    """Which kind of trouble ``exc`` is, or None for an error that belongs to the command (a
    conflict, a value not accepted). The store turns the driver's errors into these."""
    from briefreader.store.errors import (
        DatabaseBusy,
        DatabaseReplaced,
        DiskFull,
        ReadOnlyDatabase,
    )

    kinds: tuple[tuple[type[Exception], Trouble], ...] = (
        (DatabaseBusy, "busy"),
        (DiskFull, "full"),
        (DatabaseReplaced, "replaced"),
        (ReadOnlyDatabase, "readonly"),
    )
    return next((trouble for kind, trouble in kinds if isinstance(exc, kind)), None)


@dataclass
class _Change:
    label: str
    call: Callable[[Store], Any]
    then: Callable[[Any], None]
    failed: Callable[[Exception], None] | None


class WriteLane:
    """The app's changes to the store, saved in order (see the module docstring)."""

    def __init__(self, app: BriefReaderApp) -> None:
        self.app = app
        self.pending: deque[_Change] = deque()
        self.trouble: Trouble | None = None
        self.detail = ""
        #: The copy of the library the store moved on to after its file was replaced.
        self.rescued: str | None = None
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    # ------------------------------------------------------------------ state

    @property
    def idle(self) -> bool:
        return not self.pending

    @property
    def status(self) -> str:
        """What the line under the screen says ("" when all is saved)."""
        if not self.pending or self.trouble is None:
            if self.rescued is not None:
                return (
                    "The library file was replaced or deleted while open: briefreader works on "
                    f"a copy of your library, {self.rescued}."
                )
            return ""
        count = len(self.pending)
        kept = f"{count} change{'s' if count != 1 else ''}"
        if self.trouble == "busy":
            return f"{MESSAGES['busy']} {kept} to save; reading works meanwhile."
        if self.trouble == "replaced" and self.rescued is not None:
            return (
                "The library file was replaced or deleted while open: nothing was saved. "
                f"{kept} kept — ctrl+s saves it in the copy of your library briefreader now "
                f"works on, {self.rescued}."
            )
        return f"{MESSAGES[self.trouble]} {kept} kept — ctrl+s tries again."

    def listen(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (on the UI thread) whenever :attr:`status` may have changed."""
        self._listeners.append(callback)

    def unlisten(self, callback: Callable[[], None]) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(callback)

    def changed(self) -> None:
        """Tell the listeners that the status may have changed."""
        for callback in list(self._listeners):
            callback()

    def refusal(self) -> str | None:
        """Why an editing command cannot run now (None: it can)."""
        if self.pending:
            if self.trouble == "busy":
                return (
                    "Still waiting for the database to save your last change (another program "
                    "is writing); try again in a moment."
                )
            return f"{self.status}"
        return None

    # ------------------------------------------------------------------ saving

    def run(
        self,
        label: str,
        call: Callable[[Store], Any],
        then: Callable[[Any], None],
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Save with ``call(store)``, then ``then(result)`` on the UI thread; ``failed(exc)``
        gets the command's own errors (conflicts, values not accepted). Trouble with the
        database keeps the change (see the module docstring)."""
        change = _Change(label, call, then, failed)
        if self.pending:
            with self._lock:
                self.pending.append(change)
            if self.trouble == "busy":
                self._start()
            self.changed()
            return
        from briefreader.store.patience import patience

        store = self.app.store
        try:
            with patience(store, PATIENCE_S):
                result = call(store)
        except Exception as exc:
            trouble = classify(exc)
            if trouble is None:
                if failed is None:
                    raise
                failed(exc)
                return
            self.pending.append(change)
            self._trouble(trouble, exc)
            return
        then(result)

    def retry(self) -> bool:
        """Try the kept changes again (``ctrl+s``); False if there is nothing to retry."""
        if not self.pending or self.trouble is None or self.trouble == "busy":
            return False
        self.trouble = "busy"
        self._start()
        self.changed()
        return True

    def replaced(self, exc: BaseException) -> None:
        """The store found its file replaced without a write (a screen's poll): say so once."""
        rescued = getattr(exc, "rescued", None)
        if rescued is None or self.rescued is not None:
            return
        self.rescued = str(rescued)
        self.changed()
        self.app.notify(
            f"{str(exc)[:1].upper()}{str(exc)[1:]}.",
            title="Library file replaced",
            severity="warning",
            timeout=12,
            markup=False,
        )

    def _trouble(self, trouble: Trouble, exc: BaseException) -> None:
        self.trouble = trouble
        self.detail = str(exc)
        rescued = getattr(exc, "rescued", None)
        if rescued is not None:
            self.rescued = str(rescued)
        self.changed()
        if trouble == "busy":
            self._start()
        else:
            again = "ctrl+s saves it there" if rescued is not None else "ctrl+s tries again"
            self.app.notify(
                f"{MESSAGES[trouble]} Your change is kept: {again}."
                + (f" {str(exc)[:1].upper()}{str(exc)[1:]}." if rescued is not None else ""),
                title="Not saved",
                severity="error",
                timeout=10,
                markup=False,
            )

    # ------------------------------------------------------------------ the worker

    def _start(self) -> None:
        with self._lock:
            if self._worker is not None:
                return
            self._worker = threading.Thread(
                target=self._drain, name="briefreader-writes", daemon=True
            )
            self._worker.start()

    def _drain(self) -> None:
        """Save the kept changes in order, waiting as long as the lock is held."""
        import time

        while True:
            with self._lock:
                if not self.pending:
                    self._worker = None
                    return
                change = self.pending[0]
            store = self.app.store
            try:
                result = change.call(store)
            except Exception as exc:
                trouble = classify(exc)
                if trouble == "busy":
                    time.sleep(RETRY_PAUSE_S)
                    continue
                if trouble is not None:
                    with self._lock:
                        self._worker = None
                    self.app.call_from_thread(self._trouble, trouble, exc)
                    return
                self.pending.popleft()
                if change.failed is not None:
                    self.app.call_from_thread(change.failed, exc)
                self.app.call_from_thread(self.changed)
                continue
            self.pending.popleft()
            self.app.call_from_thread(self._saved, change, result)

    def _saved(self, change: _Change, result: Any) -> None:
        if not self.pending:
            self.trouble = None
        try:
            change.then(result)
        except Exception as exc:  # the screen that asked may be gone (the reader was left)
            self.app.notify(
                f"Saved ({change.label}), but it could not be shown here: {exc}",
                severity="warning",
                timeout=6,
                markup=False,
            )
        finally:
            self.changed()
