"""Reading a Readwise CSV export (Highlight, Book Title, Book Author, Amazon Book ID, Note,
Color, Tags, Location Type, Location, Highlighted at, Document tags).

Each highlight is matched to a brief by its Book Title and anchored by its text alone (Readwise
locations are Kindle locations or page numbers, not character offsets). A highlight with a note
becomes a ``note`` annotation, one without a ``highlight``. Readwise's colour names become the
hex colours the store keeps; "Document tags" belong to the book, not to one highlight, and are
not copied onto annotations.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from briefreader.exchange.imported import ImportedAnnotation, ParsedFile, Skipped
from briefreader.exchange.importers._common import UnknownFormat, allow_long_fields, split_tags

FORMAT = "readwise"

HEADER: tuple[str, ...] = (
    "Highlight",
    "Book Title",
    "Book Author",
    "Amazon Book ID",
    "Note",
    "Color",
    "Tags",
    "Location Type",
    "Location",
    "Highlighted at",
    "Document tags",
)

#: Readwise's highlight colours, as the hex the store accepts.
COLORS: dict[str, str] = {
    "yellow": "#f9d849",
    "blue": "#6fa8dc",
    "pink": "#e89ac7",
    "orange": "#f6a860",
    "purple": "#b39ddb",
    "green": "#93c47d",
    "red": "#e06666",
}


def is_readwise_header(first_line: str) -> bool:
    names = {cell.strip().strip('"') for cell in first_line.split(",")}
    return {"Highlight", "Book Title"} <= names


def _color(value: str) -> str | None:
    value = value.strip()
    if value.startswith("#"):
        return value
    return COLORS.get(value.casefold())


def _timestamp(value: str) -> datetime | None:
    """Readwise writes ``2024-03-05 14:31:00+00:00``; other ISO forms are accepted too."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def parse(text: str) -> ParsedFile:
    """Read a Readwise CSV export (the text of the whole file)."""
    allow_long_fields(text)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise UnknownFormat("empty file") from None
    column = {name: i for i, name in reversed(list(enumerate(header)))}
    if "Highlight" not in column or "Book Title" not in column:
        raise UnknownFormat("not a Readwise CSV export (no Highlight and Book Title columns)")
    annotations: list[ImportedAnnotation] = []
    skipped: list[Skipped] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue

        def get(name: str, row: list[str] = cells) -> str:
            i = column.get(name)
            return row[i] if i is not None and i < len(row) else ""

        location = get("Location").strip()
        where = f" ({get('Location Type').strip() or 'location'} {location})" if location else ""
        origin = f"row {number}{where}"
        quote = get("Highlight")
        if not quote.strip():
            skipped.append(Skipped(origin, "no highlighted text"))
            continue
        note = get("Note").strip()
        annotations.append(
            ImportedAnnotation(
                origin=origin,
                quote=quote.strip(),
                kind="note" if note else "highlight",
                note=note or None,
                tags=split_tags(get("Tags")) or None,
                color=_color(get("Color")),
                created_at=_timestamp(get("Highlighted at")),
                brief_title=get("Book Title").strip() or None,
                brief_author=get("Book Author").strip() or None,
            )
        )
    return ParsedFile(FORMAT, tuple(annotations), tuple(skipped))
