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
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
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
        """Take the file now at the path as the one the Store works on."""
        info = os.stat(self.path)
        self.identity = (info.st_dev, info.st_ino)

    def check(self) -> None:
        """Raise :class:`DatabaseReplaced` if the path no longer leads to the file opened."""
        if self.identity is None:
            return
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            raise DatabaseReplaced(
                f"the database file {self.path} was deleted or moved while briefreader had it "
                "open, so nothing was saved; put it back (or restore a backup) and open it again"
            ) from None
        except OSError:
            return  # cannot tell; SQLite reports what is wrong
        if (info.st_dev, info.st_ino) != self.identity:
            raise DatabaseReplaced(
                f"the database file {self.path} was replaced by another file while briefreader "
                "had it open (a sync or backup tool?), so nothing was saved; open it again to "
                "work on the new file"
            )
