"""What every annotation importer produces, whatever the file it read: a neutral record that the
library then anchors in a brief (or keeps as an orphan) and writes to the store.

Parsers (our CSV and W3C JSON, Hypothesis, Readwise, Kindle) only read files into these records;
they never touch the store, so each can be tested on a fixture file alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from briefreader.store.records import SourceInput


@dataclass(frozen=True)
class ImportedAnnotation:
    """One annotation read from a file.

    ``origin`` says where in the file it came from ("row 12", "annotation 3", "clipping 7") so
    reports can name it. Fields a format does not carry stay at their defaults; ``None`` for a
    claim field means "not given" (an update leaves the stored value alone), unlike ``""``.
    """

    origin: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    kind: str = "highlight"
    note: str | None = None
    tags: tuple[str, ...] | None = None
    color: str | None = None
    claimant: str | None = None
    claim_type: str | None = None
    claim_status: str | None = None
    sources: tuple[SourceInput, ...] | None = None
    #: The quote before a re-anchoring changed it ("text changed", not yet accepted), when the
    #: file says (our W3C export does): a new annotation keeps the flag.
    previous_quote: str | None = None
    #: Our own exports: the annotation this row/object was exported from.
    annotation_id: int | None = None
    uuid: str | None = None
    created_at: datetime | None = None
    #: What the file says about the brief, to match it to one in the library.
    brief_id: int | None = None
    brief_title: str | None = None
    brief_source: str | None = None
    brief_author: str | None = None
    #: Who made it (our own exports); a new annotation keeps it.
    creator: str | None = None
    #: A claim's check (our own exports): None is "not given", as for the claim fields; ""
    #: for the conclusion or rationale clears it. Who checked it and when are kept by a new
    #: annotation only (a change made by an import is checked by whoever imports it).
    check_status: str | None = None
    conclusion: str | None = None
    rationale: str | None = None
    checked_by: str | None = None
    checked_at: datetime | None = None


@dataclass(frozen=True)
class Skipped:
    """A record the parser could not use, with the reason for the user."""

    origin: str
    reason: str


@dataclass(frozen=True)
class ParsedFile:
    """A whole file read: its format's name, the annotations, and what was skipped."""

    format: str
    annotations: tuple[ImportedAnnotation, ...]
    skipped: tuple[Skipped, ...] = field(default_factory=tuple)
