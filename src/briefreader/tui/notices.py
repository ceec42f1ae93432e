"""Notices said once: the app remembers which one-time messages it has shown (e.g. "this brief's
text changed: 2 annotations could not be placed"), so reopening the brief does not say it again
until something new happened.

Kept as a small JSON file in the data folder (``seen-notices.json``), the most recent
:data:`KEEP` keys. It is a convenience: a file that cannot be read or written means a notice
may be shown again, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from briefreader.paths import data_dir

if TYPE_CHECKING:
    from briefreader.store.api import ReanchorReport
    from briefreader.tui.screens.reader import ReaderScreen

#: How many notices are remembered (oldest forgotten first).
KEEP = 500
FILE_NAME = "seen-notices.json"


def notice_key(*parts: object) -> str:
    """A short stable key for a notice about ``parts`` (a database, a brief, what changed)."""
    joined = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _path() -> Path:
    return data_dir() / FILE_NAME


def _load() -> list[str]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [item for item in data if isinstance(item, str)]


def unseen(keys: list[str]) -> list[str]:
    """Those of ``keys`` whose notice was not shown before."""
    known = set(_load())
    return [key for key in keys if key not in known]


def mark_seen(keys: list[str]) -> None:
    """Remember that the notices ``keys`` were shown (best effort)."""
    new = set(keys)
    kept = [k for k in _load() if k not in new] + list(dict.fromkeys(keys))
    path = _path()
    temp = path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(json.dumps(kept[-KEEP:]), encoding="utf-8")
        os.replace(temp, path)
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)


def reanchoring_notice(screen: ReaderScreen, report: ReanchorReport | None) -> None:
    """On opening a brief whose text was replaced: say how its annotations moved, how many lost
    their place (orphans) and how many now quote different words ("text changed"). Said once
    per change — for each orphan and each changed quote, and always right after a new version
    (``report``) — not on every open: the Orphans list and the ≠ marks stay on screen for as
    long as they apply."""
    orphan_ids = sorted(o.id for o in screen.orphans)
    changed = [a for a in screen.annotations if a.previous_quote is not None]
    replaced = report if report is not None and report.text_changed else None
    if replaced is None and not orphan_ids and not changed:
        return
    label = screen.core._key_label
    parts: list[str] = []
    if replaced is not None:
        moved = replaced.exact + replaced.moved + replaced.changed
        parts.append(
            f"The file changed since it was imported: this is version "
            f"{replaced.brief.version}; {moved} annotation{'s' if moved != 1 else ''} "
            f"moved onto the new text."
        )
    if orphan_ids:
        count = len(orphan_ids)
        parts.append(
            f"{count} annotation{'s' if count != 1 else ''} could not be placed: see Orphans "
            f"({label('reader.orphans', 'O')}). Select where one belongs and press "
            f"{label('reader.attach_orphan', 'A')}."
        )
    if changed:
        parts.append(
            f"{len(changed)} quote{'s' if len(changed) != 1 else ''} changed (marked ≠): "
            f"{label('reader.accept_change', 'a')} accepts."
        )
    db = screen.brapp.db_url
    keys = [notice_key("orphan", db, screen.brief_id, oid) for oid in orphan_ids]
    keys += [notice_key("changed", db, screen.brief_id, a.id, a.previous_quote) for a in changed]
    if replaced is None and not unseen(keys):
        return
    mark_seen(keys)
    screen.notify(
        " ".join(parts),
        title="This brief's text changed",
        severity="warning" if orphan_ids or changed else "information",
        timeout=10,
        markup=False,
    )
