"""``briefreader`` and ``briefreader PATH``: open the app (and ``briefreader claims`` at a
terminal: the app at the claims desk).

Kept apart from the other commands so that starting the app imports neither SQLAlchemy nor the
store: the app opens the library in a thread of its own after its first frame, and every
millisecond spent here is a millisecond before the brief's first words (``cli.commands``
imports the store for the headless commands: 0.4 s; ``benchmarks/bench_launch.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefreader.cli.database import database_url
from briefreader.store.errors import StoreError
from briefreader.text.display import display_safe


def err(message: str) -> None:
    """``message`` on stderr as every command says a failure (``briefreader: ...``)."""
    print(f"briefreader: {display_safe(message)}", file=sys.stderr)


def os_error_sentence(exc: OSError) -> str:
    """An operating system's refusal (a name too long, a folder it cannot read) in one line."""
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


def run(args: argparse.Namespace) -> int:
    """``briefreader [PATH]``: :func:`cmd_open`, a database or a file that cannot be used said
    in one sentence (status 1), as :func:`briefreader.cli.commands.run` says it."""
    try:
        return cmd_open(args)
    except StoreError as exc:
        err(str(exc))
        return 1
    except OSError as exc:  # a name too long for the file system, a folder it cannot read
        err(os_error_sentence(exc))
        return 1


def cmd_open(args: argparse.Namespace) -> int:
    """Open the app. A PATH is read and checked here, before the terminal is taken over, so a
    file that cannot be imported is reported plainly; the app imports it (if new) and shows its
    text while the library opens."""
    ingested = None
    if args.path == "":
        err("the path is empty: give a brief's file, or no path to open the library")
        return 2
    url = database_url(args.db)  # a --db in a missing folder is refused before the app starts
    if args.init:
        # Add our tables to the database --init names now: the app opens it as it is.
        from briefreader.cli.common import open_store

        open_store(args).close()
    if args.path:
        from briefreader.ingest import IngestError, ingest_file

        if not Path(args.path).expanduser().exists():
            err(f"{args.path}: no such file")
            return 1
        try:
            ingested = ingest_file(Path(args.path).expanduser())
        except IngestError as exc:
            err(str(exc))
            return 1
        for warning in ingested.warnings:
            err(f"warning: {warning}")
    from briefreader.tui.run import run_app

    return run_app(url, ingested=ingested)


def open_desk(args: argparse.Namespace, query: str) -> int:
    """Open the app at the claims desk, filtered by ``query`` (``briefreader claims``)."""
    from briefreader.tui.run import run_app

    return run_app(database_url(args.db), desk=query)
