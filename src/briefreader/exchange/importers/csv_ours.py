"""Reading our own CSV export back (briefreader.exchange.csv_export), typically after a person
filled in verdicts, tags or notes in a spreadsheet.

Exactly inverts the export: the ``'`` the export put before a formula-like cell is removed, tags
are split on ``;`` (``,`` is accepted too, since tags can hold neither), and the sources cell is
one source a line, ``relation url`` then a tab and the title. Columns are found by name, so a
spreadsheet that reordered or dropped some still reads; a dropped column means "not given" and
leaves that field of an existing annotation alone. A CSV from before schema version 4 has no
check or creator columns: it reads as it always did.

A claim's check is read back (status, conclusion, rationale, who checked it and when) and who
made the annotation; ``contacted_at`` and ``contact_outcome`` are exported but not read back
(an import has no way to set them).

Rows are named as a spreadsheet numbers them: the header is row 1, the first annotation row 2.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from briefreader.exchange.csv_export import FORMULA_STARTS, HEADER
from briefreader.exchange.imported import ImportedAnnotation, ParsedFile, Skipped
from briefreader.exchange.importers._common import (
    UnknownFormat,
    allow_long_fields,
    parse_timestamp,
    shorten,
    split_tags,
)
from briefreader.store.records import SourceInput

FORMAT = "briefreader-csv"

# The columns that make a CSV ours: without them no row can be matched or anchored.
_REQUIRED = ("annotation_id", "quote")
_WORD = re.compile(r"(\S+)(?:\s+(.*))?$", re.DOTALL)
_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|doi:|10\.\d)", re.IGNORECASE)


def delimiter_of(first_line: str) -> str | None:
    """The delimiter that splits ``first_line`` into a header of ours, if any. Spreadsheets in
    locales with a decimal comma save CSV with ``;``."""
    for delimiter in (",", ";", "\t"):
        names = {cell.strip().strip('"').casefold() for cell in first_line.split(delimiter)}
        if all(name in names for name in _REQUIRED) and len(names & set(HEADER)) >= 4:
            return delimiter
    return None


def unneutralise(cell: str) -> str:
    """Undo :func:`briefreader.exchange.csv_export.neutralise`: ``'=1+2`` -> ``=1+2``,
    ``''=x`` -> ``'=x``."""
    if cell[:1] == "'" and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def parse_sources(cell: str) -> tuple[SourceInput, ...]:
    """The sources cell: one ``relation url<TAB>title`` a line. Also accepts what a person
    types: a bare URL (relation ``supports``) and spaces instead of the tab."""
    sources: list[SourceInput] = []
    for raw in cell.splitlines():
        line = raw.strip()
        if not line:
            continue
        relation = "supports"
        first, rest = _first_word(line)
        if rest and not _URL_LIKE.match(first):
            relation, line = first.casefold(), rest
        url, title = _first_word(line)
        sources.append(SourceInput(url=url, relation=relation, title=title))
    return tuple(sources)


def _first_word(line: str) -> tuple[str, str]:
    """``"refutes https://x.org\tA title"`` -> ``("refutes", "https://x.org\tA title")``."""
    match = _WORD.match(line)
    assert match is not None  # callers pass stripped, non-blank lines
    return match.group(1), (match.group(2) or "").strip()


def _int(cell: str) -> int | None:
    """A whole number as a spreadsheet may write it (``12``, ``12.0``), else None."""
    value = cell.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        pass
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def parse(text: str) -> ParsedFile:
    """Read our CSV export (the text of the whole file)."""
    first_line = text.split("\n", 1)[0]
    delimiter = delimiter_of(first_line)
    if delimiter is None:
        raise UnknownFormat("not a briefreader CSV export (no annotation_id and quote columns)")
    allow_long_fields(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().casefold() for name in next(reader)]
    column = {name: i for i, name in reversed(list(enumerate(header)))}
    annotations: list[ImportedAnnotation] = []
    skipped: list[Skipped] = []

    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a spreadsheet's trailing empty rows are not annotations

        def get(name: str, row: list[str] = cells) -> str | None:
            """The cell of column ``name``; None when the file has no such column."""
            i = column.get(name)
            if i is None:
                return None
            return unneutralise(row[i]) if i < len(row) else ""

        origin = f"row {number}"
        raw_id = (get("annotation_id") or "").strip()
        annotation_id = _int(raw_id)
        if raw_id and (annotation_id is None or annotation_id <= 0):
            skipped.append(Skipped(origin, f"annotation_id {shorten(raw_id, 24)!r} is not an id"))
            continue
        raw_brief = (get("brief_id") or "").strip()
        brief_id = _int(raw_brief)
        quote = get("quote") or ""
        if not quote.strip() and annotation_id is None:
            skipped.append(Skipped(origin, "no quote: nothing to anchor a new annotation to"))
            continue
        tags = get("tags")
        sources = get("sources")
        created = get("created_at")
        kind = (get("kind") or "").strip().casefold() or "highlight"
        created_at: datetime | None = parse_timestamp(created) if created else None
        checked = get("checked_at")
        annotations.append(
            ImportedAnnotation(
                origin=origin,
                quote=quote,
                prefix=get("prefix") or "",
                suffix=get("suffix") or "",
                start=_int(get("start") or ""),
                end=_int(get("end") or ""),
                kind=kind,
                note=get("note"),
                tags=None if tags is None else split_tags(tags),
                color=get("color"),
                claimant=get("claimant"),
                claim_type=_word(get("claim_type")),
                claim_status=_word(get("claim_status")),
                sources=None if sources is None else parse_sources(sources),
                annotation_id=annotation_id,
                created_at=created_at,
                brief_id=brief_id,
                brief_title=get("brief_title"),
                brief_source=(get("brief_source") or "").strip() or None,
                creator=_name(get("creator")),
                check_status=_word(get("check_status")) or None,
                conclusion=get("conclusion"),
                rationale=get("rationale"),
                checked_by=_name(get("checked_by")),
                checked_at=parse_timestamp(checked) if checked else None,
            )
        )
    return ParsedFile(FORMAT, tuple(annotations), tuple(skipped))


def _name(cell: str | None) -> str | None:
    """A person's name cell: None when empty."""
    return (cell or "").strip() or None


def _word(cell: str | None) -> str | None:
    """A claim type/status cell: lower-cased (a spreadsheet user may type "Supported")."""
    return None if cell is None else cell.strip().casefold()
