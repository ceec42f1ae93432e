"""Plain, frozen dataclasses the Store hands out. Callers never see SQLModel rows, so nothing
outside the store can lazily load, mutate or hold a session open by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Tag:
    id: int
    name: str
    color: str | None = None
    quick_key: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    annotation_id: int
    url: str
    title: str = ""
    relation: str = "supports"
    note: str = ""
    added_at: datetime | None = None


@dataclass(frozen=True)
class SourceInput:
    """A source to attach to an annotation (no id yet)."""

    url: str
    relation: str = "supports"
    title: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Annotation:
    id: int
    uuid: str
    brief_id: int
    kind: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    note: str
    color: str | None
    claimant: str | None
    claim_type: str | None
    claim_status: str | None
    created_at: datetime
    updated_at: datetime
    revision: int
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    #: Re-anchoring could not place it in the brief's current text: ``start``/``end`` are only
    #: where it used to be (clamped to the text); ``quote`` is what it was made on.
    orphan: bool = False
    #: The quote before a re-anchoring changed it ("text changed"), until the user accepts it.
    previous_quote: str | None = None


@dataclass(frozen=True)
class BriefSummary:
    """A brief without its text, with the counts the library shows."""

    id: int
    title: str
    source: str | None
    author: str | None
    format: str
    content_hash: str
    word_count: int
    imported_at: datetime
    last_opened_at: datetime | None
    reading_position: int
    annotations: int = 0
    claims: int = 0
    tags: tuple[str, ...] = field(default_factory=tuple)
    version: int = 1
    source_path: str | None = None
    orphans: int = 0


@dataclass(frozen=True)
class Brief:
    """A brief with its full text."""

    id: int
    title: str
    source: str | None
    author: str | None
    format: str
    content_hash: str
    word_count: int
    imported_at: datetime
    last_opened_at: datetime | None
    reading_position: int
    text: str
    tags: tuple[str, ...] = ()
    #: 1 for the text first imported; each replacement with changed text adds one.
    version: int = 1
    #: The file it was imported from (absolute), so re-importing that file replaces the text.
    source_path: str | None = None


@dataclass(frozen=True)
class BriefVersion:
    """An earlier text of a brief, kept when a re-import replaced it."""

    brief_id: int
    version: int
    content_hash: str
    word_count: int
    replaced_at: datetime
    text: str


@dataclass(frozen=True)
class ImportResult:
    brief: BriefSummary
    created: bool  # False: the same content was already in the store


@dataclass(frozen=True)
class ReanchorReport:
    """What replacing a brief's text did to its annotations."""

    brief: BriefSummary
    exact: int = 0  # same quote where it was expected
    moved: int = 0  # same quote found elsewhere
    changed: int = 0  # placed on approximately the same text ("text changed")
    orphaned: int = 0  # not found: kept as orphans
    text_changed: bool = True  # False: the new text was the same, nothing happened

    @property
    def total(self) -> int:
        return self.exact + self.moved + self.changed + self.orphaned

    def summary(self) -> str:
        """``version 2: annotations 30 in place, 2 moved, 1 with text changed, 1 orphaned``."""
        if not self.text_changed:
            return "same text: nothing to do"
        parts = [f"{self.exact} in place", f"{self.moved} moved"]
        if self.changed:
            parts.append(f"{self.changed} with text changed")
        if self.orphaned:
            parts.append(f"{self.orphaned} orphaned (kept; re-attach them in the reader)")
        return f"version {self.brief.version}: annotations {', '.join(parts)}"
