"""A SQLite library file: whether it can be written, how its connections open it, and whether
the file at its path is still the one that was opened.

* Read-only: a file, a side file (``-wal``, ``-shm``, ``-journal``) or a folder this process may
  not write, or a read-only file system, is opened for reading (``mode=ro``, and
  ``PRAGMA query_only``) with the reason kept for the user. ``os.access`` answers for the
  process's real user, and sees ``chattr +i`` and read-only mounts even for root. A WAL database
  whose folder cannot be written can only be read while its ``-shm`` file exists; without one
  (after a clean close) it is opened ``immutable=1``, which reads the main file without taking
  locks: right on a read-only mount, and the only way to read it at all otherwise.
* Never created by accident: once the Store has opened (or created) the file, connections open
  it ``mode=rw``, so a file deleted behind the Store's back is not silently re-created empty.
* Replaced: a sync tool that renames another file over the library, or deletes it, leaves the
  Store's connections on a file nobody will open again. :meth:`SqliteFile.check` compares the
  path's device and inode with the ones opened; the Store calls it before every write.
* Nothing lost, nothing mixed: the replaced file's last commits may still be only in its
  write-ahead log (``-wal``), which stays at the path beside the *new* file, where SQLite would
  read it into the new file (it cannot tell whose log it is). So the file keeps one connection
  of its own (the anchor), opened on the file as first opened: :meth:`SqliteFile.rescue` copies
  the library as it was (log included) into a new file beside it, and :meth:`SqliteFile.set_aside`
  takes the old ``-wal``/``-shm`` away from the new file — only files known to be ours (their
  inode was noted while the path still led to our file).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from briefreader.store.errors import DatabaseReplaced

#: The files SQLite keeps beside a database.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


class SqliteFile:
    """The database file at ``path`` (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        #: "rwc" (may create it), "rw" (must exist) or "ro".
        self.mode = "rwc"
        self.identity: tuple[int, int] | None = None
        #: The device and inode of our -wal and -shm, noted while the path led to our file.
        self.sides: dict[str, tuple[int, int]] = {}
        self._anchor: sqlite3.Connection | None = None
        #: Never to be written again: its log was set aside without a copy (see set_aside).
        self.retired = False

    def side(self, suffix: str) -> Path:
        return self.path.with_name(self.path.name + suffix)

    def read_only_reason(self) -> str | None:
        """Why this process cannot write the database, or None if it can."""
        folder = self.path.parent
        statvfs = getattr(os, "statvfs", None)  # not on Windows
        try:
            flags = statvfs(self.path if self.path.exists() else folder).f_flag if statvfs else 0
            if flags & getattr(os, "ST_RDONLY", 1):
                return "it is on a read-only file system"
        except OSError:
            pass
        for path in (self.path, *(self.side(s) for s in SIDE_SUFFIXES)):
            if path.exists() and not os.access(path, os.W_OK):
                return f"the file {path} cannot be written"
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            return f"its folder {folder} cannot be written"
        return None

    def connect(self, timeout: float) -> sqlite3.Connection:
        """A new connection (the engine's ``creator``)."""
        if self.mode == "rwc":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.mode != "ro":
            return self._open(self.mode, timeout)
        con = self._open("ro", timeout)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return con
        except sqlite3.OperationalError:
            con.close()
            wal = self.side("-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise  # it holds commits the main file lacks: reading without them is wrong
            return self._open("ro", timeout, immutable=True)

    def _open(self, mode: str, timeout: float, *, immutable: bool = False) -> sqlite3.Connection:
        # Percent-encoded bytes: any file name, UTF-8 or not, with "?" or "#" in it or not.
        uri = f"file:{quote(os.fsencode(self.path))}?mode={mode}"
        if immutable:
            uri += "&immutable=1"
        return sqlite3.connect(
            uri, uri=True, timeout=timeout, check_same_thread=False, isolation_level=None
        )

    def remember(self) -> None:
        """Take the file now at the path as the one the Store works on (and, if it can be
        written, open the anchor on it)."""
        info = os.stat(self.path)
        self.identity = (info.st_dev, info.st_ino)
        if self.mode != "ro" and self._anchor is None:
            self._anchor = self._open("rw", 1.0)
        self.note_sides()

    def note_sides(self) -> None:
        """Note which -wal and -shm are ours (only while the path leads to our file), and
        have the anchor read through them: it then holds them open, so it can still read the
        library once the path leads elsewhere (SQLite cannot open them then)."""
        if self.state() != "same":
            return
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                info = os.stat(self.side(suffix))
                self.sides[suffix] = (info.st_dev, info.st_ino)
        if self._anchor is not None:
            with contextlib.suppress(sqlite3.Error):
                self._anchor.execute("SELECT count(*) FROM sqlite_master").fetchone()

    def state(self) -> Literal["same", "missing", "other"]:
        """Whether the path leads to the file opened, to nothing, or to another file."""
        if self.identity is None:
            return "same"
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return "missing"
        except OSError:
            return "same"  # cannot tell; SQLite reports what is wrong
        return "same" if (info.st_dev, info.st_ino) == self.identity else "other"

    def rescue(self) -> Path | None:
        """Copy the library as it was opened (its log included) into a new file beside the
        path, through the anchor; the new file's path, or None if it could not be written."""
        if self._anchor is None:
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        stem, suffix = self.path.stem, self.path.suffix or ".sqlite3"
        target = self.path.with_name(f"{stem}-rescued-{stamp}{suffix}")
        number = 1
        while target.exists():
            number += 1
            target = self.path.with_name(f"{stem}-rescued-{stamp}-{number}{suffix}")
        try:
            self._anchor.execute("VACUUM INTO ?", (os.fsdecode(target),))
        except sqlite3.Error:
            with contextlib.suppress(OSError):
                target.unlink()
            return None
        return target

    def set_aside(self, *, rescued: bool) -> None:
        """Take our old -wal and -shm away from the path, now another file's: removed when the
        library was rescued (the copy holds everything), else renamed ``…-wal.stale-TIME``.
        Also when the path leads to nothing: a file put there later must not read them."""
        if self.state() == "same":
            return
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for suffix, identity in self.sides.items():
            side = self.side(suffix)
            with contextlib.suppress(OSError):
                info = os.stat(side)
                if (info.st_dev, info.st_ino) != identity:
                    continue  # not ours: the new file's own
                if rescued:
                    side.unlink()
                else:
                    side.rename(side.with_name(f"{side.name}.stale-{stamp}"))
                    # Our connections still use the renamed log; a new one would start another.
                    self.retired = True
        self.sides.clear()

    def close(self) -> None:
        """Close the anchor (the Store closes its own connections)."""
        if self._anchor is not None:
            with contextlib.suppress(sqlite3.Error):
                self._anchor.close()
            self._anchor = None

    def check(self) -> None:
        """Raise :class:`DatabaseReplaced` if the path no longer leads to the file opened."""
        if self.retired:
            raise DatabaseReplaced(
                f"the database file {self.path} was replaced while briefreader had it open, "
                "so nothing was saved"
            )
        state = self.state()
        if state == "same":
            if len(self.sides) < 2:
                self.note_sides()
            return
        if state == "missing":
            raise DatabaseReplaced(
                f"the database file {self.path} was deleted or moved while briefreader had it "
                "open, so nothing was saved"
            )
        raise DatabaseReplaced(
            f"the database file {self.path} was replaced by another file while briefreader "
            "had it open (a sync or backup tool?), so nothing was saved"
        )
