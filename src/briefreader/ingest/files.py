"""Which files an import of some paths means: folders expanded, unsupported files explained.

A path the user named explicitly always gets an answer (imported, or why not); inside folders,
files of other types are skipped without a word, as are hidden files and folders, while a name
of a supported type that cannot be read (a named pipe called ``x.txt``, a loop of symbolic
links) gets its reason. Nothing here opens a file, so nothing here can wait on a pipe.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from briefreader.ingest.core import SUPPORTED_SUFFIXES, unsupported_reason
from briefreader.ingest.reading import error_reason, problem_with


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Supported files under ``folder``, in sorted order; unreadable subfolders reported, and
    so is each name of a supported type that is not a regular file (a pipe, a link loop)."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        # Sorting and pruning in place also fixes the order os.walk descends in.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        while errors:
            error = errors.pop(0)
            yield Path(error.filename or root), error_reason(error)
        for file_name in sorted(files):
            path = Path(root, file_name)
            if not file_name.startswith(".") and _supported(path):
                yield path, problem_with(path)
    for error in errors:
        yield Path(error.filename or folder), error_reason(error)


def _given(path: Path) -> Iterable[tuple[Path, str | None]]:
    """What a path named explicitly means: a folder's files, or the file (or why not)."""
    if path.is_dir():
        return _walk(path)
    problem = problem_with(path)
    if problem == "no such file":
        problem = "no such file or folder"
    elif problem is None and not _supported(path):
        problem = unsupported_reason(path.suffix)
    return [(path, problem)]


def iter_brief_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """``(path, None)`` for each file to import, ``(path, reason)`` for each that cannot be.

    Folders are expanded recursively: a folder's files (sorted), then its subfolders (sorted);
    hidden files and folders and files of other types are skipped silently, and links to
    folders are not followed. A path given explicitly that is missing, not a regular file, or
    of an unsupported type, and a name of a supported type in a folder that is not a regular
    file (a named pipe, a link to nothing or a loop of links), are yielded with the reason.
    Each file is yielded once.
    """
    seen: set[str] = set()
    for given in paths:
        for path, reason in _given(given):
            # realpath, not Path.resolve: it never raises, even on a loop of links.
            key = os.path.realpath(path) if reason is None else os.fspath(path)
            if key in seen:
                continue
            seen.add(key)
            yield path, reason
