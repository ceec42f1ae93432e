"""A record's values as the store would keep them, worked out before anything is written: the
planner compares these with what is stored, so a value the store would change on the way in
(a NUL, a tag's case, a URL typed another way) never looks like a change on the next import,
and a value the store would refuse skips its record in the dry run exactly as in the real run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from briefreader.exchange.imported import ImportedAnnotation
from briefreader.exchange.importers.uris import url_key
from briefreader.store.api import SourceInput
from briefreader.store.inputs import clean_accessed, clean_archive_url, clean_published
from briefreader.text.validate import (
    InvalidValue,
    normalise_color,
    normalise_source_url,
    normalise_tag,
    single_line,
    without_nul,
)
from briefreader.vocabulary import CHECK_STATUSES, CLAIM_TYPES, KINDS, RELATIONS
from briefreader.vocabulary import VERDICTS as CLAIM_STATUSES


@dataclass(frozen=True)
class Clean:
    """A record's values as the store would keep them (validated)."""

    kind: str
    note: str | None
    tags: tuple[str, ...] | None
    color: str | None
    color_given: bool
    claimant: str | None
    claimant_given: bool
    claim_type: str | None
    claim_type_given: bool
    claim_status: str | None
    claim_status_given: bool
    sources: tuple[SourceInput, ...] | None
    #: A claim's check (None: not given; always None for highlights and notes).
    check_status: str | None = None
    conclusion: str | None = None
    conclusion_given: bool = False
    rationale: str | None = None  # "" clears it
    #: Kept by a new annotation only: who made it, who checked it and when.
    checked_by: str | None = None
    checked_at: datetime | None = None
    creator: str | None = None

    def content(self) -> tuple[object, ...]:
        """What two records must share to be one annotation (sources by URL's normal form)."""
        sources = (
            None
            if self.sources is None
            else sorted((url_key(s.url), s.relation, s.title, s.quote) for s in self.sources)
        )
        return (
            self.kind,
            self.note or "",
            self.tags or (),
            self.color,
            self.claimant,
            self.claim_type,
            self.claim_status,
            sources,
            self.check_status,
            self.conclusion,
            self.rationale or "",
        )


def usable_time(moment: datetime | None) -> datetime | None:
    """``moment`` if the store can keep it (in UTC), else None (the import's time is used):
    ``0001-01-01T00:00:00+14:00`` is before the first moment a datetime can hold in UTC."""
    if moment is None or moment.tzinfo is None:
        return moment
    try:
        moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return moment


def sanitised(item: ImportedAnnotation) -> ImportedAnnotation:
    """``item`` with the text the store would change changed already: NUL characters become
    U+FFFD in the quote, its context, the note and the rationale (as the store does), a
    timestamp it cannot keep is dropped."""
    fields = {
        name: without_nul(value)
        for name in ("quote", "prefix", "suffix", "note", "previous_quote", "rationale")
        if isinstance(value := getattr(item, name), str) and "\x00" in value
    }
    for name in ("created_at", "checked_at"):
        moment = getattr(item, name)
        if usable_time(moment) is not moment:
            fields[name] = None  # type: ignore[assignment]
    return replace(item, **fields) if fields else item  # type: ignore[arg-type]


def clean(item: ImportedAnnotation) -> Clean | str:
    """The record's values as the store would keep them, or why the store would refuse one."""
    kind = item.kind.strip().casefold()
    if kind not in KINDS:
        return f"kind {item.kind!r}: use one of {', '.join(KINDS)}"
    is_claim = kind == "claim"
    claim_type = (item.claim_type or "").strip().casefold() or None
    claim_status = (item.claim_status or "").strip().casefold() or None
    if is_claim and claim_type is not None and claim_type not in CLAIM_TYPES:
        return f"claim type {item.claim_type!r}: use one of {', '.join(CLAIM_TYPES)}"
    if is_claim and claim_status is not None and claim_status not in CLAIM_STATUSES:
        return f"claim status {item.claim_status!r}: use one of {', '.join(CLAIM_STATUSES)}"
    check_status = (item.check_status or "").strip().casefold() or None
    if is_claim and check_status is not None and check_status not in CHECK_STATUSES:
        return f"check status {item.check_status!r}: use one of {', '.join(CHECK_STATUSES)}"
    try:
        tags = None if item.tags is None else tuple(sorted({normalise_tag(t) for t in item.tags}))
        color = normalise_color(item.color)
        sources = None if item.sources is None else clean_sources(item.sources)
    except InvalidValue as exc:
        return str(exc)
    return Clean(
        kind=kind,
        note=None if item.note is None else without_nul(item.note.strip()),
        tags=tags,
        color=color,
        color_given=item.color is not None,
        claimant=(single_line(item.claimant) or None) if item.claimant is not None else None,
        claimant_given=item.claimant is not None,
        # A highlight or note has no verdict: claim cells left on a row whose kind was
        # changed are ignored (the store drops them too), not an error.
        claim_type=claim_type if is_claim else None,
        claim_type_given=is_claim and item.claim_type is not None,
        claim_status=claim_status if is_claim else None,
        claim_status_given=is_claim and item.claim_status is not None,
        sources=sources,
        # As for the claim fields: a check left on a row that is not a claim is ignored.
        check_status=check_status if is_claim else None,
        conclusion=_line(item.conclusion) if is_claim else None,
        conclusion_given=is_claim and item.conclusion is not None,
        rationale=(
            without_nul(item.rationale.strip()) if is_claim and item.rationale is not None else None
        ),
        checked_by=_line(item.checked_by) if is_claim else None,
        checked_at=item.checked_at if is_claim else None,
        creator=_line(item.creator),
    )


def _line(value: str | None) -> str | None:
    """A one-line value as the store keeps it (None when empty)."""
    return (single_line(value) or None) if value else None


def clean_sources(sources: Iterable[SourceInput]) -> tuple[SourceInput, ...]:
    """Sources as the store keeps them; the same URL (in any spelling) with the same relation
    given twice is one source."""
    out: list[SourceInput] = []
    seen: set[tuple[str, str]] = set()
    for src in sources:
        relation = src.relation.strip().casefold()
        if relation not in RELATIONS:
            raise InvalidValue(f"relation {src.relation!r}: use one of {', '.join(RELATIONS)}")
        url = normalise_source_url(src.url)
        key = (relation, url_key(url))
        if key in seen:
            continue
        seen.add(key)
        out.append(
            replace(
                src,
                url=url,
                relation=relation,
                title=single_line(src.title),
                note=without_nul(src.note.strip()),
                quote=without_nul(src.quote.strip()),
                author=single_line(src.author),
                publisher=single_line(src.publisher),
                published=clean_published(src.published),
                accessed_at=clean_accessed(src.accessed_at),
                archive_url=clean_archive_url(src.archive_url),
            )
        )
    return tuple(out)
