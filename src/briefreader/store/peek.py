"""A first look at a SQLite library's list of briefs, read with Python's own ``sqlite3`` while
the store (SQLAlchemy and SQLModel, about 0.4 s of imports) is still opening: what the library
screen shows first on ``briefreader``, replaced by :meth:`Store.list_briefs` as soon as the
store is open. Measured in ``benchmarks/bench_launch.py``: the library's first titles came
0.8 s after launch, as they waited for those imports.

The file is opened read-only (``mode=ro``: nothing is locked for writing or upgraded). A
library in WAL mode whose ``-wal`` file is not there (closed cleanly, nobody writing) is read
as ``immutable``: a read-only connection would otherwise create ``-wal`` and ``-shm`` files it
cannot remove; when another program has it open, those files are there already. A library of
another schema version than this program's, a PostgreSQL URL, a missing or damaged file, or
any error at all gives None: the store then says what is wrong.

The rows are :class:`BriefSummary` exactly as ``list_briefs`` gives them
(``tests/unit/test_store_peek.py`` compares the two on a real library).
"""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any
from urllib.parse import quote

from briefreader.store.records import BriefSummary, aware

#: The schema this peek reads (the store's CURRENT_VERSION; checked by the tests).
PEEK_VERSION = 9

#: The brief's columns a summary holds, by the summary's field names (the times converted).
_COLUMNS = (
    "id, title, source, author, format, content_hash, word_count, imported_at, last_opened_at, "
    "reading_position, version, source_path, outlet, published, read_to, view_top"
)
_NAMES = tuple(_COLUMNS.split(", "))
_BRIEFS = f"""
SELECT {_COLUMNS} FROM brief
ORDER BY last_opened_at IS NULL, last_opened_at DESC, imported_at DESC, id DESC
"""
_COUNTS = """
SELECT brief_id, count(*), sum(CASE WHEN kind = 'claim' THEN 1 ELSE 0 END),
       sum(CASE WHEN orphan THEN 1 ELSE 0 END)
FROM annotation GROUP BY brief_id
"""
_BRIEF_TAGS = """
SELECT brief_tag.brief_id, tag.name FROM brief_tag JOIN tag ON tag.id = brief_tag.tag_id
"""
_ANNOTATION_TAGS = """
SELECT DISTINCT annotation.brief_id, tag.name
FROM annotation
JOIN annotation_tag ON annotation_tag.annotation_id = annotation.id
JOIN tag ON tag.id = annotation_tag.tag_id
"""


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///PATH`` URL as the app is given it, else None."""
    if not url.startswith("sqlite:////") or any(char in url for char in "?#%"):
        return None
    return Path(url[len("sqlite:///") :])


def peek_briefs(url: str) -> list[BriefSummary] | None:
    """The library's briefs as :meth:`Store.list_briefs` lists them, read without the store;
    None when that cannot be done here (see the module docstring)."""
    path = sqlite_path(url)
    if path is None or not path.is_file():
        return None
    options = "mode=ro"
    if not Path(f"{path}-wal").exists():
        options += "&immutable=1"  # (module docstring)
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?{options}", uri=True, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        versions = conn.execute("SELECT version FROM schema_version").fetchall()
        if versions != [(PEEK_VERSION,)]:
            return None
        counts = {row[0]: row[1:] for row in conn.execute(_COUNTS)}
        tags: dict[int, set[str]] = {}
        for query in (_BRIEF_TAGS, _ANNOTATION_TAGS):
            for brief_id, name in conn.execute(query):
                tags.setdefault(brief_id, set()).add(name)
        briefs = []
        for row in conn.execute(_BRIEFS):
            fields: dict[str, Any] = dict(zip(_NAMES, row, strict=True))
            fields["imported_at"] = aware(fields["imported_at"])
            fields["last_opened_at"] = aware(fields["last_opened_at"])
            total, claims, orphans = counts.get(row[0], (0, 0, 0))
            briefs.append(
                BriefSummary(
                    **fields,
                    annotations=total,
                    claims=int(claims or 0),
                    tags=tuple(sorted(tags.get(row[0], ()))),
                    orphans=int(orphans or 0),
                )
            )
        return briefs
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        conn.close()


def peek_in_thread(url: str) -> Future[list[BriefSummary] | None]:
    """:func:`peek_briefs` in a thread of its own, started at once (the app starts it before it
    composes the library, so that a small library's titles are in the screen's first frame)."""
    peek: Future[list[BriefSummary] | None] = Future()

    def read() -> None:
        try:
            peek.set_result(peek_briefs(url))
        except BaseException:  # any failure at all: the store then says what is wrong
            peek.set_result(None)

    threading.Thread(target=read, name="library-peek", daemon=True).start()
    return peek
