"""Backups of the library: where they go, what they are called, and the daily automatic backup
the app keeps of a SQLite library (the last :data:`KEEP_DAILY` days).

Backups go to ``backups/`` in the data folder (made when the first one is written; a folder
given by the user must exist already). A database's backups share a *series* name:
``briefreader`` for the default library, else the file's name and a short hash of its full path
(two ``notes.sqlite3`` in different folders keep their own series). ``briefreader backup`` writes
``SERIES-YYYY-MM-DD_HHMMSS.sqlite3``; the app writes ``SERIES-daily-YYYY-MM-DD.sqlite3`` once a
day, and rotation only ever deletes files of that daily pattern, never a backup made by hand.
The copy itself is the Store's (:meth:`Store.backup_to`): SQLite's online backup API, verified.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from briefreader.paths import data_dir, default_db_path
from briefreader.store.api import Store
from briefreader.store.maintenance import BackupInfo

#: Daily backups kept (one per day the app was opened).
KEEP_DAILY = 7

#: An unfinished copy older than this was left by a process that died.
_STALE_PARTIAL_S = 3600.0


def backups_dir() -> Path:
    return data_dir() / "backups"


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "db"


def series(store: Store) -> str:
    """What this database's backup files are called before the date (see the module docstring)."""
    live = store.database_file
    if live is not None:
        resolved = live.resolve()
        if resolved == default_db_path().resolve():
            return "briefreader"
        digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:8]
        return f"{_safe(live.stem)}-{digest}"
    url = store.engine.url
    digest = hashlib.sha256(store.url.encode()).hexdigest()[:8]
    return f"{_safe(url.database or url.get_backend_name())}-{digest}"


def suffix(store: Store) -> str:
    """A SQLite copy is a database file; PostgreSQL's is a pg_dump archive (pg_restore)."""
    return ".sqlite3" if store.engine.dialect.name == "sqlite" else ".dump"


def backup_path(store: Store, *, folder: Path | None = None, when: datetime | None = None) -> Path:
    """A new timestamped file name in ``folder`` (default :func:`backups_dir`)."""
    folder = folder or backups_dir()
    stamp = (when or datetime.now()).strftime("%Y-%m-%d_%H%M%S")
    base = f"{series(store)}-{stamp}"
    path = folder / f"{base}{suffix(store)}"
    n = 2
    while path.exists():
        path = folder / f"{base}-{n}{suffix(store)}"
        n += 1
    return path


def make_backup(store: Store, target: Path | None = None) -> BackupInfo:
    """Back up to ``target``: a file in a folder that exists, an existing folder (a
    timestamped file in it) or None (one in :func:`backups_dir`, made if need be)."""
    if target is None:
        backups_dir().mkdir(parents=True, exist_ok=True)
        target = backup_path(store)
    else:
        target = target.expanduser()
        if target.is_dir():
            target = backup_path(store, folder=target)
    return store.backup_to(target)


def _daily_pattern(name: str, ext: str) -> re.Pattern[str]:
    return re.compile(re.escape(name) + r"-daily-(\d{4}-\d{2}-\d{2})" + re.escape(ext))


def daily_path(store: Store, day: date, folder: Path | None = None) -> Path:
    return (folder or backups_dir()) / f"{series(store)}-daily-{day.isoformat()}{suffix(store)}"


def daily_backups(folder: Path, name: str, ext: str = ".sqlite3") -> list[tuple[date, Path]]:
    """The daily backups of series ``name`` in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    pattern = _daily_pattern(name, ext)
    found = []
    for path in folder.iterdir():
        match = pattern.fullmatch(path.name)
        if match is None:
            continue
        try:
            day = date.fromisoformat(match.group(1))
        except ValueError:
            continue
        found.append((day, path))
    return sorted(found)


def rotate(folder: Path, name: str, keep: int = KEEP_DAILY, ext: str = ".sqlite3") -> list[Path]:
    """Delete all but the newest ``keep`` daily backups of series ``name`` (and copies that a
    killed process never finished); return what was deleted. At least one is always kept."""
    removed = [path for _day, path in daily_backups(folder, name, ext)[: -max(1, keep)]]
    now = time.time()
    for partial in folder.glob(f".{name}-*.partial") if folder.is_dir() else ():
        try:
            if now - partial.stat().st_mtime > _STALE_PARTIAL_S:
                removed.append(partial)
        except FileNotFoundError:
            continue
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


@dataclass(frozen=True)
class DailyBackup:
    #: The backup made now, or None: today's existed already, or the store is not a SQLite file.
    made: BackupInfo | None
    removed: tuple[Path, ...] = ()


def daily_backup(
    store: Store,
    *,
    folder: Path | None = None,
    today: date | None = None,
    keep: int = KEEP_DAILY,
) -> DailyBackup:
    """Make today's backup of a SQLite library if there is none yet, then rotate."""
    if store.database_file is None:
        return DailyBackup(None)
    folder = folder or backups_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = daily_path(store, today or date.today(), folder)
    made = None if target.exists() else store.backup_to(target)
    removed = rotate(folder, series(store), keep, suffix(store))
    return DailyBackup(made, tuple(removed))
