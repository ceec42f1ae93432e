"""Files that a backup or an export is about to replace, checked before anything is written,
and the hidden part files such a write leaves while it runs.

:func:`check_target` refuses the database itself and its ``-wal``/``-shm``/``-journal`` files
(by resolved path, and by device and inode, so a hard link or a symbolic path is caught too), a
symbolic link (``os.replace`` would replace the link, not the file it points to), anything that
is not a regular file (a folder, a named pipe, a device, a socket), and an existing file unless
the caller says it may be replaced. The messages are one sentence for the user.

A write goes to a hidden part file beside the target (:func:`part_prefix`), renamed over the
target when complete. The name carries the writer's process id and host, so a later write into
the same folder can remove the part files of writers that died (:func:`remove_stale_parts`)
without ever touching one a live process is still writing (on this machine, or another one
sharing the folder).
"""

from __future__ import annotations

import os
import re
import socket
import stat
import time
from pathlib import Path

from briefreader.store.errors import StoreError

#: A part file untouched for this long, whose writer is gone, is removed.
STALE_PART_S = 60.0

_HOST = socket.gethostname().split(".")[0] or "localhost"
_PART = re.compile(
    r"\..+\.(?P<pid>\d+)@(?P<host>[^./@]+)(?:\.\w+)?\.(?:part|partial)(?:-journal|-wal|-shm)?"
)

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class UnsafeTarget(StoreError, ValueError):
    """A file that must not be written to (the message says why)."""


class TargetExists(UnsafeTarget):
    """An existing file, and replacing it was not allowed."""


def check_target(path: Path, database: Path | None, *, overwrite: bool) -> Path:
    """``path`` (``~`` expanded) if a backup or an export may replace it, else
    :class:`UnsafeTarget` (see the module docstring); ``database`` is the SQLite file in use."""
    target = path.expanduser()
    try:
        info: os.stat_result | None = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError:
        info = None  # e.g. a folder on the way that cannot be read: writing will say so
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise UnsafeTarget(
            f"{target} is a symbolic link (to {os.readlink(target)}); give the file it points "
            "to, or another name"
        )
    if info is not None:
        for test, kind in _KINDS:
            if test(info.st_mode):
                raise UnsafeTarget(f"{target} is {kind}, not a regular file; choose a file name")
    if database is not None:
        _not_the_database(target, info, database.expanduser())
    if info is not None and not overwrite:
        raise TargetExists(f"{target} already exists")
    return target


def _not_the_database(target: Path, info: os.stat_result | None, database: Path) -> None:
    resolved = target.resolve()
    for suffix in ("", "-wal", "-shm", "-journal"):
        own = database.with_name(database.name + suffix)
        same = resolved == own.resolve()
        if not same and info is not None:
            try:
                theirs = own.stat()
            except OSError:
                continue
            same = (theirs.st_dev, theirs.st_ino) == (info.st_dev, info.st_ino)
        if same:
            what = "the database itself" if not suffix else f"the database's {suffix} file"
            raise UnsafeTarget(f"{target} is {what}; choose another file")


def part_prefix(target: Path) -> str:
    """The start of the name of a part file written for ``target`` by this process."""
    return f".{target.name}.{os.getpid()}@{_HOST}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def remove_stale_parts(folder: Path, *, min_age: float = STALE_PART_S) -> list[Path]:
    """Remove the part files in ``folder`` whose writer (a process on this machine) is gone and
    that nothing wrote to for ``min_age`` seconds; return them. Part files of live processes,
    of other machines, and files whose writer cannot be told are left alone."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _PART.fullmatch(entry.name)
        if match is None or match["host"] != _HOST:
            continue
        pid = int(match["pid"])
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < min_age:
            continue
        path = Path(entry.path)
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed
