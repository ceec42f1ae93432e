"""CSV export: one row per annotation, ready for a spreadsheet or a notebook.

RFC 4180 quoting, UTF-8, CRLF row ends. Every text cell that a spreadsheet could evaluate as a
formula (it begins with ``=``, ``+``, ``-``, ``@``, tab, CR or NUL) is prefixed with ``'``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO

from briefreader.store.api import ExportRow

HEADER: tuple[str, ...] = (
    "annotation_id",
    "brief_id",
    "brief_title",
    "brief_source",
    "kind",
    "quote",
    "start",
    "end",
    "prefix",
    "suffix",
    "note",
    "tags",
    "color",
    "claimant",
    "claim_type",
    "claim_status",
    "sources",
    "created_at",
    "updated_at",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")


def neutralise(value: str) -> str:
    """Prefix a cell a spreadsheet would evaluate with ``'`` (OWASP's CSV injection advice)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def iso_utc(moment: datetime) -> str:
    """``2026-11-27T19:55:10.704679Z``: ISO 8601 in UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def format_sources(sources: Iterable[tuple[str, str, str]]) -> str:
    """One source per line: ``relation url``, then a tab and the title if there is one."""
    return "\n".join(
        f"{relation} {url}\t{title}" if title else f"{relation} {url}"
        for relation, url, title in sources
    )


def row_cells(row: ExportRow) -> list[str | int]:
    text = neutralise
    return [
        row.annotation_id,
        row.brief_id,
        text(row.brief_title),
        text(row.brief_source or ""),
        row.kind,
        text(row.quote),
        row.start,
        row.end,
        text(row.prefix),
        text(row.suffix),
        text(row.note),
        text("; ".join(row.tags)),
        text(row.color or ""),
        text(row.claimant or ""),
        row.claim_type or "",
        row.claim_status or "",
        text(format_sources(row.sources)),
        iso_utc(row.created_at),
        iso_utc(row.updated_at),
    ]


def write_csv(rows: Iterable[ExportRow], out: TextIO) -> int:
    """Write the header and one line per row to ``out`` (opened with ``newline=""``); return
    the number of annotation rows written."""
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    count = 0
    for row in rows:
        writer.writerow(row_cells(row))
        count += 1
    return count
