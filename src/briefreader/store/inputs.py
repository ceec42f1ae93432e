"""What callers hand the Store to create things (:class:`NewBrief`, :class:`NewAnnotation`), and
the checks the Store applies to annotation fields and sources before it writes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from briefreader.store import models
from briefreader.store.records import SourceInput
from briefreader.text.validate import (
    InvalidValue,
    normalise_source_url,
    published_date,
    single_line,
    without_nul,
)

# The default of keyword arguments meaning "leave this field as it is" (None is a value).
_UNSET: Any = object()


@dataclass(frozen=True)
class NewBrief:
    """What the store needs to create a brief (ingest produces one of these)."""

    text: str
    title: str
    content_hash: str
    word_count: int
    source: str | None = None
    author: str | None = None
    format: str = "text"
    source_path: str | None = None
    #: Where and when it was published (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), if known.
    outlet: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class NewAnnotation:
    """One annotation to create (offsets into the brief's text).

    An importer that could not anchor what it read creates an *orphan*: ``orphan=True`` with
    the ``quote`` (and context) it was made on; ``start``/``end`` are then only a hint of where
    it was and are clamped to the text. ``uuid`` and ``created_at`` keep an imported
    annotation's identity and age (new ones get a fresh uuid and now).
    """

    start: int
    end: int
    kind: str = "highlight"
    note: str = ""
    color: str | None = None
    claimant: str | None = None
    claim_type: str | None = None
    claim_status: str | None = None
    tags: tuple[str, ...] = ()
    sources: tuple[SourceInput, ...] = ()
    orphan: bool = False
    quote: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    uuid: str | None = None
    created_at: datetime | None = None
    #: Who made it (an import keeps it; else the store's user).
    creator: str | None = None
    #: A claim's check, as an import says it (else a claim starts "to-check", or "checked"
    #: when it comes with a verdict).
    check_status: str | None = None
    conclusion: str | None = None
    rationale: str = ""
    checked_by: str | None = None
    checked_at: datetime | None = None


def _validate_fields(kind: str, claim_type: str | None, claim_status: str | None) -> None:
    if kind not in models.KINDS:
        raise InvalidValue(f"kind {kind!r}: use one of {', '.join(models.KINDS)}")
    if claim_type is not None and claim_type not in models.CLAIM_TYPES:
        raise InvalidValue(f"claim type {claim_type!r}: use one of {', '.join(models.CLAIM_TYPES)}")
    if claim_status is not None and claim_status not in models.CLAIM_STATUSES:
        raise InvalidValue(
            f"claim status {claim_status!r}: use one of {', '.join(models.CLAIM_STATUSES)}"
        )
    if kind != "claim" and (claim_type is not None or claim_status is not None):
        raise InvalidValue("claim type and status apply to claims only (kind 'claim')")


#: The fields of a :class:`SourceInput` that belong to the source itself (the rest, relation,
#: note and quote, are the link's).
REF_FIELDS: tuple[str, ...] = (
    "title",
    "author",
    "publisher",
    "published",
    "accessed_at",
    "archive_url",
)


def clean_published(value: str | None) -> str | None:
    """When a source was published: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a real date), or
    None when empty."""
    return published_date(value)


def clean_accessed(value: object) -> date | None:
    """The day a source was read: a date (a datetime's day, an ISO ``YYYY-MM-DD``), or None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidValue(f"accessed {single_line(str(value))[:40]!r}: give the day as YYYY-MM-DD")


def clean_archive_url(value: str | None) -> str | None:
    """A copy of the source in a web archive: an http(s) URL, or None when empty."""
    if value is None or not value.strip():
        return None
    try:
        return normalise_source_url(value)
    except InvalidValue as exc:
        raise InvalidValue(str(exc).replace("source URL", "archive URL", 1)) from None


def _validate_source(source: SourceInput) -> SourceInput:
    if source.relation not in models.RELATIONS:
        raise InvalidValue(
            f"relation {source.relation!r}: use one of {', '.join(models.RELATIONS)}"
        )
    return SourceInput(
        url=normalise_source_url(source.url),
        relation=source.relation,
        title=single_line(source.title),
        note=without_nul(source.note.strip()),
        quote=without_nul(source.quote.strip()),
        author=single_line(source.author),
        publisher=single_line(source.publisher),
        published=clean_published(source.published),
        accessed_at=clean_accessed(source.accessed_at),
        archive_url=clean_archive_url(source.archive_url),
    )


@dataclass(frozen=True)
class AnnotationChange:
    """Several changes to one annotation, applied together by :meth:`Store.apply_changes`.

    ``fields`` may hold kind, note, color, claimant, claim_type, claim_status and span (as for
    ``update_annotation``); ``tags`` (when not None) replaces the tags; sources are added,
    changed (by source id) and removed (by source id).
    """

    annotation_id: int
    expected_revision: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] | None = None
    add_sources: tuple[SourceInput, ...] = ()
    change_sources: tuple[tuple[int, SourceInput], ...] = ()
    remove_sources: tuple[int, ...] = ()
