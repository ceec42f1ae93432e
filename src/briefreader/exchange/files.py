"""Writing an export to a file safely, for the app and the command line.

The export is written to a temporary file beside the target and renamed over it only when it is
complete, so a failure (a full disk, a database error halfway) never leaves half a file, and an
older export at the same path survives a failed attempt. The temporary file is removed on any
error and on SIGTERM (the command line turns the signal into an exception); one left by a
process that was killed outright is removed by the next export into that folder, once its
writer is gone (:func:`briefreader.store.targets.remove_stale_parts`).

Before anything is written, the target is checked (:func:`check_export_target`): never the
database or its side files, never through a symbolic link or into a pipe or a device, and an
existing file only when the caller allows it (``--force``; the app asks first).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from briefreader.exchange.csv_export import write_csv
from briefreader.store.api import Store
from briefreader.store.engine import sqlite_file_of
from briefreader.store.targets import (
    TargetExists,
    UnsafeTarget,
    check_target,
    part_prefix,
    remove_stale_parts,
)

if TYPE_CHECKING:  # the ClaimReview writer is imported when one is written
    from briefreader.exchange.claimreview import ReviewAuthor

#: Formats :func:`export_to_file` can write that hold every annotation of the selection: our CSV,
#: W3C Web Annotation JSON, a Markdown report.
FORMATS: tuple[str, ...] = ("csv", "json", "md")
#: Formats it can write that hold only the checked claims with a finding: schema.org ClaimReview
#: JSON-LD (the count returned is of reviews).
CLAIM_FORMATS: tuple[str, ...] = ("claimreview",)
#: Formats it can write that hold the sources the selection cites (all of them when no brief is
#: given), not annotations: CSL-JSON and BibTeX (the count returned is of sources; see
#: :mod:`briefreader.exchange.citations`).
CITATION_FORMATS: tuple[str, ...] = ("csl-json", "bibtex")
_WRITABLE = FORMATS + CLAIM_FORMATS + CITATION_FORMATS

#: An export target that must not be written (the database, a link, a pipe, a device); the
#: message is one sentence for the user. A ``StoreError`` and a ``ValueError``.
UnsafeExportTarget = UnsafeTarget
#: An existing file, and overwriting was not allowed (an :class:`UnsafeExportTarget`).
ExportTargetExists = TargetExists


class UnsupportedFormat(ValueError):
    """An export format this build cannot write; the message is meant for the user."""


def check_export_target(path: Path, database: str | Path | None, *, overwrite: bool) -> Path:
    """``path`` (``~`` expanded) if an export may be written there, else
    :class:`UnsafeExportTarget` (:class:`ExportTargetExists` for an existing file when not
    ``overwrite``). ``database`` is the library in use: a SQLAlchemy URL or a SQLite file."""
    if isinstance(database, str):
        file = sqlite_file_of(database)
        database = file.path if file is not None else None
    return check_target(Path(path), database, overwrite=overwrite)


def write_export(
    store: Store,
    out: TextIO,
    brief_ids: Sequence[int] = (),
    tag: str | None = None,
    fmt: str = "csv",
    *,
    review_author: ReviewAuthor | None = None,
    notices: list[str] | None = None,
) -> int:
    """Write the export in format ``fmt`` (of :data:`FORMATS`, :data:`CLAIM_FORMATS` or
    :data:`CITATION_FORMATS`) to an open text stream (opened with ``newline=""``, e.g. stdout);
    return how many annotations (reviews, sources) were written. ``tag`` does not apply to
    the citation formats.

    ``claimreview`` writes one review per checked claim with a finding, by ``review_author``
    (None: none), and adds to ``notices`` what was left out and why, and what is missing."""
    if fmt not in _WRITABLE:
        raise UnsupportedFormat(f"cannot export to {fmt!r}; available: {', '.join(_WRITABLE)}")
    if fmt == "claimreview":
        from briefreader.exchange.claimreview import write_claimreview

        reviews = write_claimreview(store, out, brief_ids, tag, review_author)
        if notices is not None:
            notices.extend(reviews.notices())
        return len(reviews.reviews)
    if fmt in CITATION_FORMATS:
        from briefreader.exchange.citations import write_citations

        return write_citations(store, out, brief_ids, fmt)
    if fmt == "json":
        from briefreader.exchange.w3c import write_json

        return write_json(store, out, brief_ids, tag)
    if fmt == "md":
        from briefreader.exchange.markdown_report import write_markdown

        return write_markdown(store, out, brief_ids, tag)
    return write_csv(store.iter_export_rows(list(brief_ids) or None, tag), out)


def _umask() -> int:
    # os.umask() can only be read by setting it, which would race with other threads creating
    # files; Linux reports it in /proc instead. Elsewhere assume the usual 022.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _final_mode(target: Path) -> int:
    """The permissions the export should end with: those of the file it replaces, else what
    an ordinary ``open(target, "w")`` would have given (mkstemp makes 0600 files)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def export_to_file(
    store: Store,
    path: Path,
    brief_ids: Sequence[int] = (),
    tag: str | None = None,
    fmt: str = "csv",
    *,
    overwrite: bool = True,
    review_author: ReviewAuthor | None = None,
    notices: list[str] | None = None,
) -> int:
    """Export the annotations of ``brief_ids`` (all briefs when empty), optionally only those
    tagged ``tag``, to ``path`` in format ``fmt``; return how many annotations were written.

    Raises :class:`UnsupportedFormat` for a format not in :data:`FORMATS` or
    :data:`CLAIM_FORMATS` and :class:`UnsafeExportTarget` for a target that must not be written
    (see :func:`check_export_target`; an existing file only when not ``overwrite``), both
    before touching the file system, and ``OSError`` when the file cannot be written; the target is
    then unchanged. ``review_author`` and ``notices``: as for :func:`write_export`.
    """
    if fmt not in _WRITABLE:
        raise UnsupportedFormat(f"cannot export to {fmt!r}; available: {', '.join(_WRITABLE)}")
    target = Path(path).expanduser()
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(target))
    target = check_target(target, store.database_file, overwrite=overwrite)
    folder = target.parent
    if not folder.is_dir():
        if folder.exists():
            raise NotADirectoryError(errno.ENOTDIR, f"{folder} is not a folder", str(target))
        raise FileNotFoundError(errno.ENOENT, f"the folder {folder} does not exist", str(target))
    remove_stale_parts(folder)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=part_prefix(target), suffix=".part", dir=folder)
    except OSError as exc:  # named after the file asked for, not the temporary one
        raise type(exc)(exc.errno, exc.strerror, str(target)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            count = write_export(
                store, out, brief_ids, tag, fmt, review_author=review_author, notices=notices
            )
            out.flush()
            # The rename must not reach the disk before the data does.
            os.fsync(out.fileno())
        os.chmod(tmp, _final_mode(target))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count
