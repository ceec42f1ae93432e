"""Which files an import of some paths means: folders expanded, unsupported files explained.

A path the user named explicitly always gets an answer (imported, or why not); inside folders,
files of other types are skipped without a word, as are hidden files and folders.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from briefreader.ingest.core import SUPPORTED_SUFFIXES, unsupported_reason


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Supported files under ``folder``, in sorted order; unreadable subfolders reported."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        # Sorting and pruning in place also fixes the order os.walk descends in.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        while errors:
            error = errors.pop(0)
            yield Path(error.filename or root), f"cannot be read ({error.strerror or error})"
        for file_name in sorted(files):
            path = Path(root, file_name)
            if not file_name.startswith(".") and _supported(path) and path.is_file():
                yield path, None
    for error in errors:
        yield Path(error.filename or folder), f"cannot be read ({error.strerror or error})"


def iter_brief_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """``(path, None)`` for each file to import, ``(path, reason)`` for each that cannot be.

    Folders are expanded recursively: a folder's files (sorted), then its subfolders (sorted);
    hidden files and folders and files of other types are skipped silently. A path given
    explicitly that is missing, not a regular file, or of an unsupported type is yielded with
    the reason. Each file is yielded once.
    """
    seen: set[Path] = set()
    for given in paths:
        found: Iterable[tuple[Path, str | None]]
        if given.is_dir():
            found = _walk(given)
        elif not given.exists():
            found = [(given, "no such file or folder")]
        elif not given.is_file():
            found = [(given, "not a regular file")]
        elif not _supported(given):
            found = [(given, unsupported_reason(given.suffix))]
        else:
            found = [(given, None)]
        for path, reason in found:
            key = path.resolve() if reason is None else path
            if key in seen:
                continue
            seen.add(key)
            yield path, reason
