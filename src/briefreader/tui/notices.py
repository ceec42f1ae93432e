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

from briefreader.paths import data_dir

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
