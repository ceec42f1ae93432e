"""``briefreader check`` and ``briefreader backup``: the database's upkeep."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefreader.cli.common import err, open_store, print_path
from briefreader.store.maintenance import Finding
from briefreader.text.display import display_safe

#: Findings of one kind printed before "… and N more like these".
_SHOWN_PER_KIND = 50


def _print_findings(prefix: str, findings: Sequence[Finding]) -> None:
    shown: dict[str, int] = {}
    for finding in findings:
        shown[finding.code] = shown.get(finding.code, 0) + 1
        if shown[finding.code] <= _SHOWN_PER_KIND:
            print(f"{prefix}{display_safe(finding.message)}")
    for count in shown.values():
        if count > _SHOWN_PER_KIND:
            print(f"{prefix}… and {count - _SHOWN_PER_KIND} more like these")


def cmd_check(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DatabaseError, OperationalError

    try:
        store = open_store(args, for_check=True)
    except OperationalError:
        raise  # a busy database has its own message (see run)
    except DatabaseError as exc:
        err(
            f"the database could not be opened ({exc.orig}): the file may be damaged; "
            "restore a backup (the app keeps daily ones in the data folder's backups/)"
        )
        return 1
    with store:
        report = store.check(repair=args.repair)
        print(f"checked {display_safe(store.url)}: {', '.join(report.checked)}")
    for note in report.notes:
        print(f"note: {display_safe(note)}")
    if not report.findings:
        print("no problems found")
        return 0
    _print_findings("problem: ", report.findings)
    if not args.repair:
        fixable = sum(1 for f in report.findings if f.repairable)
        advice = (
            f"; {fixable} can be repaired safely with --repair"
            if fixable
            else "; none that --repair can fix safely"
        )
        print(f"{len(report.findings)} problem(s) found{advice}")
        return 1
    for line in report.repairs:
        print(f"repaired: {display_safe(line)}")
    if report.ok:
        print("all problems repaired")
        return 0
    _print_findings("still wrong: ", report.remaining)
    print(f"{len(report.remaining)} problem(s) remain")
    return 1


def _replaces_a_file(store: Any, target: Path | None, args: argparse.Namespace) -> bool:
    """Whether the backup would replace an existing file (the database itself is refused by
    the backup, with its own reason)."""
    if target is None or args.file.endswith(("/", os.sep)) or target.is_symlink():
        return False
    if not target.is_file():
        return False
    database = getattr(store.engine.url, "database", None)
    if database and os.path.exists(database):
        with contextlib.suppress(OSError):
            if os.path.samefile(database, target):
                return False
    return True


def cmd_backup(args: argparse.Namespace) -> int:
    from briefreader.backup import make_backup

    if args.file == "":
        err("the backup file name is empty")
        return 2
    target = Path(args.file).expanduser() if args.file else None
    if target is not None:
        # "DIR/" names a folder (a timestamped copy goes in it), "DIR/FILE" a file; either way
        # the folder must exist, as for an export (a typo, or a drive that is not mounted, must
        # not become new folders on the wrong disk).
        folder = target if args.file.endswith(("/", os.sep)) else target.parent
        if not folder.is_dir():
            err(
                f"the folder {folder} does not exist"
                if not folder.exists()
                else f"{folder} is not a folder"
            )
            return 1
    with open_store(args) as store:
        if _replaces_a_file(store, target, args) and not args.force:
            err(f"{target} already exists; give --force to replace it")
            return 1
        info = make_backup(store, target)
    print_path(info.path)
    contents = ""
    if info.briefs is not None:
        contents = f"{info.briefs} brief(s), {info.annotations} annotation(s), "
    print(
        f"backed up {contents}{info.size_bytes / 1e6:.1f} MB ({info.method}; {info.verified}) "
        f"in {info.seconds:.2f} s",
        file=sys.stderr,
    )
    return 0
