"""Running the app in this terminal (``briefreader``, ``briefreader PATH``): its exit status,
and what a crash leaves behind.

The exit status is the app's ``return_code`` (Textual sets 1 when an unhandled exception ends
it). A crash's traceback is written to ``logs/crash-YYYYmmdd-HHMMSS.log`` in the data folder
instead of over the terminal, and one line on stderr says where. If the log cannot be written,
Textual prints the traceback as usual.
"""

from __future__ import annotations

import contextlib
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from briefreader import __version__
from briefreader.paths import data_dir
from briefreader.text.display import display_safe
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.internals.hooks import ErrorHook

if TYPE_CHECKING:
    from briefreader.ingest import IngestedBrief


def logs_dir() -> Path:
    return data_dir() / "logs"


def write_crash_log(error: BaseException, *, append_to: Path | None = None) -> Path:
    """Write ``error``'s traceback to a new ``crash-*.log`` (or add it to ``append_to``, the
    log of the same crash) and return the file's path. Raises ``OSError`` if it cannot."""
    parts = traceback.format_exception(error)
    inner = getattr(error, "error", None)  # textual's WorkerFailed wraps the worker's error
    if isinstance(inner, BaseException) and inner is not error.__cause__:
        parts += ["\nThe worker's error:\n", *traceback.format_exception(inner)]
    if append_to is not None:
        with append_to.open("a", encoding="utf-8") as log:
            log.write("\nAnd then:\n" + "".join(parts))
        return append_to
    folder = logs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now()
    stamp = now.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        path = folder / (f"crash-{stamp}.log" if n == 1 else f"crash-{stamp}-{n}.log")
        try:
            with path.open("x", encoding="utf-8") as log:
                log.write(
                    f"briefreader {__version__} stopped on an unexpected error at "
                    f"{now.isoformat(timespec='seconds')}\n"
                    f"Python {sys.version.split()[0]} on {platform.platform()}\n"
                    f"command: {' '.join(sys.argv)}\n\n" + "".join(parts)
                )
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder}: too many crash logs this second")


def summary(error: BaseException) -> str:
    """``RuntimeError: boom``: the error's type and the first line of its message, short."""
    inner = getattr(error, "error", None)
    if isinstance(inner, BaseException):
        error = inner
    lines = str(error).strip().splitlines()
    text = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    return text if len(text) <= 120 else text[:119] + "…"


class CrashLog(ErrorHook):
    """Mixed into an app (before it: ``class A(CrashLog, BriefReaderApp)``): an unhandled
    exception is written to a crash log; the app then ends as Textual ends it (return code 1),
    without printing the traceback (which is in the log)."""

    crash_log: Path | None = None
    crash_error: BaseException | None = None

    def unhandled(self, error: Exception) -> bool:
        with contextlib.suppress(OSError):  # then Textual prints the traceback instead
            self.crash_log = write_crash_log(error, append_to=self.crash_log)
        if self.crash_error is None:
            self.crash_error = error
        return self.crash_log is not None


def _say(message: str) -> None:
    """One line on stderr, as every command's messages are."""
    print(f"briefreader: {display_safe(message)}", file=sys.stderr)


def crash_message(error: BaseException, log: Path | None) -> str:
    if log is None:
        return f"the app stopped on an unexpected error ({summary(error)})"
    return f"the app stopped on an unexpected error ({summary(error)}); the details are in {log}"


class LoggedBriefReaderApp(CrashLog, BriefReaderApp):
    """The app, its crashes written to a log."""


def run_app(
    db_url: str,
    *,
    brief_id: int | None = None,
    ingested: IngestedBrief | None = None,
    desk: str | None = None,
) -> int:
    """Run the app in this terminal; return its exit status (see the module docstring).
    ``desk``: start at the claims desk with this filter."""
    app = LoggedBriefReaderApp(db_url, brief_id=brief_id, ingested=ingested, desk=desk)
    try:
        app.run()
    except Exception as exc:  # failed outside Textual's own handling (starting, stopping)
        log: Path | None
        try:
            log = write_crash_log(exc, append_to=app.crash_log)
        except OSError:
            traceback.print_exc()
            log = None
        _say(crash_message(exc, log))
        return 1
    if app.crash_error is not None:
        _say(crash_message(app.crash_error, app.crash_log))
        return app.return_code or 1
    return app.return_code or 0
