"""What every sub-command shares: the message line on stderr, brief ids as typed, and opening
the Store of ``--db`` (checked by :mod:`briefreader.cli.database`) with the command line's
``--init``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from briefreader import heap
from briefreader.cli.database import CREATING_COMMANDS, database_url
from briefreader.cli.open_app import err as err
from briefreader.config import load_config
from briefreader.store.api import BriefSummary, NotFound, Store


def print_path(path: Path) -> None:
    """``path`` on a line of stdout, as the bytes the file system has if they are not UTF-8
    (a script reading the line gets the real name)."""
    try:
        print(path)
    except UnicodeEncodeError:
        sys.stdout.flush()
        sys.stdout.buffer.write(os.fsencode(path) + b"\n")
        sys.stdout.buffer.flush()


def open_store(args: argparse.Namespace, *, for_check: bool = False) -> Store:
    """The Store of ``--db``; ``--init`` lets it add its tables to another program's database.
    Only the commands that start a library may create its file (see
    :mod:`briefreader.cli.database`)."""
    url = database_url(args.db, create=args.command in CREATING_COMMANDS)
    store = Store.open(url, init=bool(getattr(args, "init", False)), for_check=for_check)
    heap.start_up_over()  # the imports are done: collect cycles again
    name = load_config().user_name
    if name is not None:
        store.user = name  # who makes the changes (else the operating system's user)
    return store


#: The most digits an id can have (ids are below 2**63).
_ID_DIGITS = 19


def find_brief(store: Store, ref: str) -> BriefSummary:
    """The one brief ``ref`` names: an id, or a unique part of a title. An id may be typed in
    the decimal digits of any script (``１``, ``١``): it is the number ``int()`` reads, as for
    every number on the command line; other digit-like characters (``²``) are title text."""
    from briefreader.library import resolve_brief

    text = ref.strip()
    if text.isdecimal():
        if len(text.lstrip("0")) > _ID_DIGITS:  # (int() would refuse the longest ones)
            shown = text if len(text) <= 24 else f"{text[:20]}…"
            raise NotFound(
                f"no brief matches {shown!r} (an id of {len(text):,} digits; use an id from "
                "`briefreader list`)"
            )
        text = str(int(text))
    else:
        text = ref
    return resolve_brief(store, text)


def export_out(
    store: Store,
    output: str | None,
    *,
    force: bool,
    brief_ids: list[int],
    tag: str | None,
    fmt: str,
    **extra: Any,
) -> tuple[int, Path | None] | None:
    """Write an export to ``output`` (None or ``-``: standard output, as UTF-8 bytes) as
    ``export`` and ``sources --format`` do: how many items, and the file written (None for
    standard output); None when an existing file was not replaced (said: ``--force``)."""
    import io

    from briefreader.exchange.files import ExportTargetExists, export_to_file, write_export

    if output is None or output == "-":
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            return write_export(store, out, brief_ids, tag, fmt, **extra), None
        finally:
            out.flush()
            out.detach()
    target = Path(output).expanduser()
    try:
        count = export_to_file(store, target, brief_ids, tag, fmt, overwrite=force, **extra)
    except ExportTargetExists:
        err(f"{target} already exists; give --force to replace it")
        return None
    return count, target
