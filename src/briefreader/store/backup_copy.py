"""Backing up the database (:class:`BackupPart`): what ``briefreader backup`` and the app's daily
backup run.

A backup of SQLite goes through SQLite's online backup API, never a file copy: a copy of a live
database file (and its WAL) can be torn. On PostgreSQL it is ``pg_dump``'s custom format. The
copy is written to a hidden part file beside the target (named after this process, see
:mod:`briefreader.store.targets`) and renamed over it only once verified; whatever happens
(a full disk, an error, SIGTERM), the part file and its journal are removed, and the target is
never the database itself, a link, a pipe or a device.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefreader.store.base import StorePart
from briefreader.store.engine import is_sqlite, translate_error
from briefreader.store.errors import DiskFull, StoreError
from briefreader.store.targets import check_target, part_prefix, remove_stale_parts

_SIDE_FILES = ("-journal", "-wal", "-shm")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size_bytes: int
    method: str
    #: How the copy was verified, e.g. "integrity_check ok".
    verified: str
    seconds: float
    #: Read from the copy itself (SQLite); None where the copy cannot be opened as a database.
    briefs: int | None = None
    annotations: int | None = None


class BackupError(StoreError):
    """A backup could not be made or did not verify; the message says why."""


def _is_full(exc: BaseException) -> bool:
    return (
        getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL"
        or getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT)
        or "database or disk is full" in str(exc)
    )


class BackupPart(StorePart):
    """``backup_to``."""

    def backup_to(self, target: Path) -> BackupInfo:
        """Write a consistent copy of the live database to ``target`` (replacing it only once
        the new copy is complete and verified) and return what was written. The folder must
        exist (:class:`BackupError` if not): the callers that own a folder make it."""
        target = check_target(target, self.store.database_file, overwrite=True)
        if not target.parent.is_dir():
            # As for an export: a mistyped folder (or a drive not mounted) is not made anew.
            if target.parent.exists():
                raise BackupError(f"{target.parent} is not a folder")
            raise BackupError(f"the folder {target.parent} does not exist")
        remove_stale_parts(target.parent)
        partial = target.with_name(f"{part_prefix(target)}partial")
        started = time.perf_counter()
        try:
            if is_sqlite(self.store.engine):
                info = self._sqlite_backup(partial, target)
            else:
                info = self._pg_dump(partial, target)
            os.replace(partial, target)
        except (OSError, sqlite3.Error) as exc:
            if _is_full(exc):
                raise DiskFull(
                    f"the disk is full, so the backup {target} was not written"
                ) from None
            mapped = translate_error(exc, self.store.busy_timeout)
            if mapped is not None:
                raise mapped from exc
            if isinstance(exc, OSError):
                raise
            raise BackupError(f"the backup {target} could not be written ({exc})") from None
        finally:
            for path in (partial, *(partial.with_name(partial.name + s) for s in _SIDE_FILES)):
                path.unlink(missing_ok=True)
        return BackupInfo(
            path=target,
            size_bytes=target.stat().st_size,
            method=info[0],
            verified=info[1],
            seconds=time.perf_counter() - started,
            briefs=info[2],
            annotations=info[3],
        )

    def _sqlite_backup(
        self, partial: Path, target: Path
    ) -> tuple[str, str, int | None, int | None]:
        partial.unlink(missing_ok=True)
        with self.store.engine.connect() as conn:
            source = conn.connection.dbapi_connection
            assert isinstance(source, sqlite3.Connection)
            copy = sqlite3.connect(partial)
            try:
                # One step (pages=-1): the copy is one read transaction's snapshot, while other
                # connections go on writing (WAL readers do not block writers).
                source.backup(copy)
            finally:
                copy.close()
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            # A backup is one self-contained file, not a WAL database with side files.
            copy.execute("PRAGMA journal_mode = DELETE")
            verdict = [str(r[0]) for r in copy.execute("PRAGMA integrity_check")]
            if verdict != ["ok"]:
                raise BackupError(
                    f"the copy did not pass integrity_check ({'; '.join(verdict[:3])}); "
                    f"{target} was not written"
                )
            briefs = int(copy.execute("SELECT count(*) FROM brief").fetchone()[0])
            annotations = int(copy.execute("SELECT count(*) FROM annotation").fetchone()[0])
        finally:
            copy.close()
        return ("SQLite online backup", "integrity_check ok", briefs, annotations)

    def _pg_dump(self, partial: Path, target: Path) -> tuple[str, str, int | None, int | None]:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise BackupError(
                "pg_dump was not found on PATH: install the PostgreSQL client tools (the same "
                "major version as the server, or newer) to back up a PostgreSQL database, or "
                "back it up with the server's own tools"
            )
        argv, env = pg_dump_command(pg_dump, self.store.engine.url, partial)
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            if "No space left on device" in done.stderr:
                raise DiskFull(f"the disk is full, so the backup {target} was not written")
            raise BackupError(f"pg_dump failed: {done.stderr.strip() or done.returncode}")
        pg_restore = shutil.which("pg_restore")
        if pg_restore is None:
            return ("pg_dump (custom format)", "not verified: pg_restore not on PATH", None, None)
        listed = subprocess.run(
            [pg_restore, "--list", str(partial)], capture_output=True, text=True, check=False
        )
        if listed.returncode != 0:
            raise BackupError(
                f"the dump could not be read back (pg_restore --list: {listed.stderr.strip()}); "
                f"{target} was not written"
            )
        return ("pg_dump (custom format)", "pg_restore --list ok", None, None)


def pg_dump_command(pg_dump: str, url: Any, output: Path) -> tuple[list[str], dict[str, str]]:
    """The ``pg_dump`` command line for SQLAlchemy URL ``url`` writing to ``output``, and its
    environment: the password goes in ``PGPASSWORD``, never on the command line (where ``ps``
    would show it)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    libpq = url._replace(drivername="postgresql", password=None)
    dbname = libpq.render_as_string(hide_password=False)
    return (
        [pg_dump, "--format=custom", "--no-owner", f"--file={output}", f"--dbname={dbname}"],
        env,
    )
