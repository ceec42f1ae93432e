"""Reading a file to import without hanging or crashing, whatever is at its path.

A name that ends in ``.txt`` may be a folder, a named pipe (opening one for reading waits for a
writer forever), a device, a socket, a loop of symbolic links, a link to nothing, or a file that
vanishes or changes between being listed and being read. So the file is opened without blocking,
checked to be a regular file on the open descriptor (not by name, which can change in between),
and read only up to a limit. Every problem is an :class:`IngestError` with one plain reason.
"""

from __future__ import annotations

import errno
import math
import os
import stat
from pathlib import Path

from briefreader.ingest.model import IngestError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
#: Read in pieces this large when a file turns out longer than its size said.
_CHUNK = 1 << 20


def megabytes(size: int) -> str:
    """``size`` bytes as "50 MB" or "20.1 MB" (rounded up, so it never looks like a limit)."""
    tenths = math.ceil(size / 100_000)
    return f"{tenths // 10} MB" if tenths % 10 == 0 else f"{tenths / 10:.1f} MB"


def not_regular_reason(mode: int) -> str:
    """Why a file of this ``st_mode`` (not a regular file) is not imported."""
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return f"{kind}, not a regular file"


def error_reason(exc: OSError) -> str:
    """One plain reason for an :class:`OSError` met while looking at or reading a file."""
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno == errno.ELOOP:
        return "cannot be read (a loop of symbolic links)"
    return f"cannot be read ({exc.strerror or exc})"


def problem_with(path: Path) -> str | None:
    """Why the file at ``path`` cannot be imported as it stands, or None for a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "a symbolic link to a missing file" if os.path.islink(path) else "no such file"
    except OSError as exc:
        return error_reason(exc)
    except ValueError:  # a NUL in the name
        return "not a valid file name"
    return None if stat.S_ISREG(mode) else not_regular_reason(mode)


def read_file(path: Path, shown: str, limit: int, limit_note: str) -> bytes:
    """The bytes of the regular file at ``path`` (``shown`` names it in messages).

    A file over ``limit`` bytes is refused, before it is read when its size says so, with
    ``limit_note`` completing the sentence ("HTML pages over 20 MB are not imported").
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError as exc:
        reason = "a symbolic link to a missing file" if os.path.islink(path) else "no such file"
        raise IngestError(f"{shown}: {reason}") from exc
    except OSError as exc:
        raise IngestError(f"{shown}: {error_reason(exc)}") from exc
    except ValueError as exc:
        raise IngestError(f"{shown}: not a valid file name") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IngestError(f"{shown}: {not_regular_reason(info.st_mode)}")
        if info.st_size > limit:
            raise IngestError(f"{shown} is {megabytes(info.st_size)}; {limit_note}")
        file = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with file:
        try:
            data = file.read(info.st_size + 1)
            if len(data) > info.st_size:
                # It grew since, or its size says nothing (some /proc files): read on, to limit.
                pieces, total = [data], len(data)
                while total <= limit and (piece := file.read(_CHUNK)):
                    pieces.append(piece)
                    total += len(piece)
                data = b"".join(pieces)
        except OSError as exc:
            raise IngestError(f"{shown}: {error_reason(exc)}") from exc
    if len(data) > limit:
        raise IngestError(f"{shown} is over {megabytes(limit)}; {limit_note}")
    return data
