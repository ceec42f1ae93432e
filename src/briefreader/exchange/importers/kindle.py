"""Reading a Kindle ``My Clippings.txt``: entries separated by ``==========`` lines, each a
title line ``Title (Author)``, a line ``- Your Highlight on page 3 | Location 40-42 | Added on
…``, a blank line and the clipped text.

Kindle keeps everything ever clipped, so the file needs interpreting:

- a note is a separate entry at one location; it is attached to the highlight of the same book
  whose location range holds it (Kindle puts it at the highlight's end), which then becomes a
  ``note`` annotation. A note with no highlight there has no text to anchor and is skipped with
  the reason;
- extending or shortening a highlight appends a new entry and leaves the old one, so a
  highlight whose text contains, or is contained in, another of the same book starting or
  ending at the same location is one highlight: the longer is kept, the other skipped;
- bookmarks mark a page, not text, and are skipped.

Only English-language Kindle headers are understood; other entries are skipped with the header
quoted, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from briefreader.exchange.imported import ImportedAnnotation, ParsedFile, Skipped
from briefreader.exchange.importers._common import UnknownFormat, shorten

FORMAT = "kindle"

_SEPARATOR = re.compile(r"^={10}[ \t\r]*$", re.MULTILINE)
_META = re.compile(r"^-\s*(?:Your\s+)?(Highlight|Note|Bookmark|Clip(?:ping)?)\b(.*)$", re.I)
_LOCATION = re.compile(r"\bLoc(?:ation|\.)?\s*(\d+)(?:\s*-\s*(\d+))?", re.I)
_PAGE = re.compile(r"\bpage\s+([0-9ivxlcdm]+(?:\s*-\s*[0-9ivxlcdm]+)?)", re.I)
_ADDED = re.compile(r"\bAdded on\s+(.+?)\s*$", re.I)
_AUTHOR = re.compile(r"^(.*\S)\s*\(([^()]*)\)\s*$")
_DATE_FORMATS = (
    "%A, %d %B %Y %H:%M:%S",  # Monday, 3 October 2022 10:01:33 (UK Kindles)
    "%A, %B %d, %Y %I:%M:%S %p",  # Monday, October 3, 2022 10:01:33 AM (US Kindles)
    "%A, %B %d, %Y, %I:%M %p",  # Monday, October 3, 2022, 10:01 AM (older firmware)
    "%A, %d %B %y %H:%M:%S",
)


def looks_like_clippings(text: str) -> bool:
    return bool(_SEPARATOR.search(text)) and bool(
        re.search(r"^-\s*(?:Your\s+)?(?:Highlight|Note|Bookmark)\b", text, re.I | re.M)
    )


@dataclass(frozen=True)
class _Entry:
    number: int
    title: str
    author: str | None
    kind: str  # highlight / note / bookmark / clip
    first: int | None
    last: int | None
    where: str
    added: datetime | None
    text: str

    @property
    def origin(self) -> str:
        return f"clipping {self.number} ({self.title}, {self.where})"


def _added(value: str) -> datetime | None:
    for fmt in _DATE_FORMATS:
        try:
            # Kindles write local time without a zone; take it as this machine's local time.
            return datetime.strptime(value, fmt).astimezone()
        except (ValueError, OverflowError):  # not this format; or year 1 west of UTC
            continue
    return None


def _locations(meta: str) -> tuple[int | None, int | None]:
    match = _LOCATION.search(meta)
    if match is None:
        return None, None
    first = int(match.group(1))
    end_digits = match.group(2)
    if end_digits is None:
        return first, first
    last = int(end_digits)
    if last < first and len(end_digits) < len(match.group(1)):
        # Older Kindles abbreviate: "Loc. 1180-82" is 1180 to 1182.
        head = match.group(1)[: len(match.group(1)) - len(end_digits)]
        last = int(head + end_digits)
    return first, last


def _where(meta: str) -> str:
    parts = []
    page = _PAGE.search(meta)
    if page:
        parts.append(f"page {page.group(1)}")
    location = _LOCATION.search(meta)
    if location:
        parts.append("location " + location.group(0).split(None, 1)[-1].lstrip(". "))
    return ", ".join(parts) or "no location"


def _entries(text: str) -> tuple[list[_Entry], list[Skipped]]:
    entries: list[_Entry] = []
    skipped: list[Skipped] = []
    for number, chunk in enumerate(_SEPARATOR.split(text), start=1):
        lines = chunk.strip("\n").split("\n")
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines or not "".join(lines).strip():
            continue  # after the last separator
        title_line = lines[0].strip()
        meta = lines[1].strip() if len(lines) > 1 else ""
        body = "\n".join(lines[2:]).strip()
        title, author = title_line, None
        match = _AUTHOR.match(title_line)
        if match:
            title, author = match.group(1), match.group(2).strip() or None
        header = _META.match(meta)
        if header is None:
            skipped.append(
                Skipped(
                    f"clipping {number} ({title})",
                    f"unrecognised Kindle header {shorten(meta, 60)!r}",
                )
            )
            continue
        kind = header.group(1).casefold()
        first, last = _locations(meta)
        added = _ADDED.search(meta)
        entries.append(
            _Entry(
                number=number,
                title=title,
                author=author,
                kind="clip" if kind.startswith("clip") else kind,
                first=first,
                last=last,
                where=_where(meta),
                added=_added(added.group(1)) if added else None,
                text=body,
            )
        )
    return entries, skipped


def _containing(highlights: list[_Entry], note: _Entry) -> _Entry | None:
    """The highlight a note belongs to: one ending at the note's location, else the last one
    whose range holds it."""
    if note.first is None:
        return None
    holding = [
        h
        for h in highlights
        if h.title == note.title
        and h.first is not None
        and h.last is not None
        and h.first <= note.first <= h.last
    ]
    ending = [h for h in holding if h.last == note.first]
    chosen = ending or holding
    return chosen[-1] if chosen else None


def parse(text: str) -> ParsedFile:
    """Read a ``My Clippings.txt`` (its text; BOMs and CRLF line ends are fine)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if not looks_like_clippings(text):
        raise UnknownFormat("not a Kindle My Clippings.txt (no ========== separated clippings)")
    entries, skipped = _entries(text)

    highlights: list[_Entry] = []
    superseded: dict[int, int] = {}  # clipping number -> the clipping that replaces it
    # Edited highlights share their start or end location with the earlier version.
    by_edge: dict[tuple[str, str, int], list[_Entry]] = {}
    for entry in entries:
        if entry.kind != "highlight":
            continue
        if not entry.text:
            skipped.append(Skipped(entry.origin, "empty highlight (nothing was clipped)"))
            continue
        edges = [
            (entry.title, side, loc)
            for side, loc in (("first", entry.first), ("last", entry.last))
            if loc is not None
        ]
        replaced_by: int | None = None
        for edge in edges:
            for other in by_edge.get(edge, ()):
                if other.number in superseded:
                    continue
                if entry.text == other.text or entry.text in other.text:
                    replaced_by = other.number
                elif other.text in entry.text:
                    superseded[other.number] = entry.number
        if replaced_by is not None:
            superseded[entry.number] = replaced_by
        for edge in edges:
            by_edge.setdefault(edge, []).append(entry)
        highlights.append(entry)

    kept = [h for h in highlights if h.number not in superseded]
    notes: dict[int, list[str]] = {}
    for entry in entries:
        if entry.kind == "bookmark":
            skipped.append(Skipped(entry.origin, "bookmark: marks a page, not text"))
        elif entry.kind == "clip":
            skipped.append(Skipped(entry.origin, "clipped article, not a highlight"))
        elif entry.kind == "note":
            if not entry.text:
                skipped.append(Skipped(entry.origin, "empty note"))
                continue
            owner = _containing(kept, entry)
            if owner is None:
                skipped.append(
                    Skipped(
                        entry.origin,
                        f"note {shorten(entry.text)!r} is not on a highlight, so there is no "
                        "text to anchor it to",
                    )
                )
            else:
                notes.setdefault(owner.number, []).append(entry.text)
    by_number = {h.number: h for h in highlights}
    for number, by in sorted(superseded.items()):
        while by in superseded:  # edited more than once: name the final version
            by = superseded[by]
        if by_number[number].text == by_number[by].text:
            reason = f"the same highlight as clipping {by}"
        else:
            reason = f"an edited highlight: clipping {by} has its final text"
        skipped.append(Skipped(by_number[number].origin, reason))

    annotations = []
    for entry in kept:
        note = "\n\n".join(notes.get(entry.number, ())) or None
        annotations.append(
            ImportedAnnotation(
                origin=entry.origin,
                quote=entry.text,
                kind="note" if note else "highlight",
                note=note,
                created_at=entry.added,
                brief_title=entry.title,
                brief_author=entry.author,
            )
        )
    skipped.sort(key=lambda s: _number(s.origin))
    return ParsedFile(FORMAT, tuple(annotations), tuple(skipped))


def _number(origin: str) -> int:
    match = re.match(r"clipping (\d+)", origin)
    return int(match.group(1)) if match else 0
