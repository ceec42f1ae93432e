"""Reading W3C Web Annotations back (JSON-LD, https://www.w3.org/TR/annotation-model/): our own
export (:mod:`briefreader.exchange.w3c` describes it) and other tools' annotations, into the
records :mod:`briefreader.annotation_import` applies.

What can be read: an ``AnnotationCollection`` with embedded pages, an ``AnnotationPage``, a
list, or one ``Annotation``, each annotation as far as it carries a ``TextQuoteSelector``. URLs
are read back with :func:`briefreader.exchange.importers.uris.from_uri` (the readable form of
the URI the export wrote); ``briefreader:previousQuote`` keeps a "text changed" flag when the
file goes into another library. A source's quote, author, publisher, dates and archived copy
are read back; a date that cannot be read is left out (the rest of the source is kept).
``creator`` (its name) and a claim's check (status, conclusion, rationale, who checked it and
when) are read back; the claimant contacted
(``briefreader:contactedAt``, ``briefreader:contactOutcome``) is not (an import cannot set it).
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from briefreader.exchange.imported import ImportedAnnotation, ParsedFile, Skipped
from briefreader.exchange.importers.uris import from_uri
from briefreader.exchange.w3c import (
    _ACCESSED,
    _ARCHIVE,
    _CHECK_STATUS,
    _CHECKED_AT,
    _CHECKED_BY,
    _CLAIM_STATUS,
    _CLAIM_TYPE,
    _CLAIMANT,
    _CLAIMED_BY,
    _COLOR,
    _CONCLUSION,
    _KIND_OF_MOTIVATION,
    _PREVIOUS_QUOTE,
    _PUBLISHED,
    _PUBLISHER,
    _RATIONALE,
    _RELATION,
    _SEPARATOR,
    _SOURCE_NOTE,
    NAMESPACE,
)
from briefreader.store.api import InvalidValue, SourceInput
from briefreader.store.inputs import clean_accessed, clean_archive_url, clean_published
from briefreader.vocabulary import CLAIM_TYPES, RELATIONS
from briefreader.vocabulary import VERDICTS as CLAIM_STATUSES


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _strings(value: object) -> list[str]:
    return [v for v in _as_list(value) if isinstance(v, str)]


def _has_our_context(context: object) -> bool:
    return any(
        isinstance(entry, Mapping) and entry.get("briefreader") == NAMESPACE
        for entry in _as_list(context)
    )


def _parse_time(value: object) -> datetime | None:
    text = next(iter(_strings(value)), None)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _uuid_of(value: object) -> str | None:
    text = next(iter(_strings(value)), None)
    if text is None or not text.lower().startswith("urn:uuid:"):
        return None
    try:
        return str(uuidlib.UUID(text[len("urn:uuid:") :]))
    except ValueError:
        return None


def _resource_id(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        found = value.get("id", value.get("@id"))
        return found if isinstance(found, str) else None
    return None


def _label_of(value: object) -> str | None:
    if isinstance(value, Mapping):
        label = next(iter(_strings(value.get("label"))), None)
        return label
    return None


def _selectors(target: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for selector in _as_list(target.get("selector")):
        if isinstance(selector, Mapping):
            yield selector


def _pick_target(annotation: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The first target with a text quote (we can only anchor by quote)."""
    for target in _as_list(annotation.get("target")):
        if isinstance(target, Mapping) and any(
            s.get("type") == "TextQuoteSelector" and isinstance(s.get("exact"), str)
            for s in _selectors(target)
        ):
            return target
    return None


def _kind(annotation: Mapping[str, Any], has_comment: bool) -> str:
    for motivation in _strings(annotation.get("motivation")):
        kind = _KIND_OF_MOTIVATION.get(motivation.removeprefix("oa:"))
        if kind is not None:
            return kind
    return "note" if has_comment else "highlight"


def _claim_fields(body: Mapping[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(type, status, claimant) from our extension properties, else read from the value."""
    claim_type = body.get(_CLAIM_TYPE)
    status = body.get(_CLAIM_STATUS)
    claimant = body.get(_CLAIMANT)
    if claim_type is None and status is None and claimant is None:
        for part in " ".join(_strings(body.get("value"))).split(_SEPARATOR):
            part = part.strip()
            if part in CLAIM_TYPES:
                claim_type = part
            elif part in CLAIM_STATUSES:
                status = part
            elif part.startswith(_CLAIMED_BY):
                claimant = part[len(_CLAIMED_BY) :].strip() or None
    return (
        claim_type if isinstance(claim_type, str) else None,
        status if isinstance(status, str) else None,
        claimant if isinstance(claimant, str) else None,
    )


def _check_fields(body: Mapping[str, Any]) -> dict[str, Any]:
    """A claim's check from our extension properties. What is missing is not given, but for
    the conclusion and rationale of a check our export wrote (it has a status): the export
    leaves them out when empty, so missing is empty there."""
    found: dict[str, Any] = {}
    if isinstance(body.get(_CHECK_STATUS), str):
        found.update(conclusion="", rationale="")
    for name, key in (
        ("check_status", _CHECK_STATUS),
        ("conclusion", _CONCLUSION),
        ("rationale", _RATIONALE),
        ("checked_by", _CHECKED_BY),
    ):
        value = body.get(key)
        if isinstance(value, str):
            found[name] = value
    checked_at = _parse_time(body.get(_CHECKED_AT))
    if checked_at is not None:
        found["checked_at"] = checked_at
    return found


def _source(body: Mapping[str, Any]) -> SourceInput | None:
    resource = body.get("source") if body.get("type") == "SpecificResource" else body
    url = _resource_id(resource)
    if not url:
        return None
    relation = body.get(_RELATION)
    note = body.get(_SOURCE_NOTE)
    quote = next(
        (
            s["exact"]
            for s in _selectors(body)
            if s.get("type") == "TextQuoteSelector" and isinstance(s.get("exact"), str)
        ),
        "",
    )
    about: Mapping[str, Any] = resource if isinstance(resource, Mapping) else {}
    archive = _usable(clean_archive_url, from_uri(_text(about.get(_ARCHIVE))))
    return SourceInput(
        url=from_uri(url),
        relation=relation if relation in RELATIONS else "context",
        title=_label_of(resource) or "",
        note=note if isinstance(note, str) else "",
        quote=quote,
        author=_name_of(about.get("creator")),
        publisher=_text(about.get(_PUBLISHER)),
        published=_usable(clean_published, _text(about.get(_PUBLISHED))),
        accessed_at=_usable(clean_accessed, _text(about.get(_ACCESSED))),
        archive_url=archive,
    )


_T = TypeVar("_T")


def _usable(cleaner: Callable[[str], _T], value: str) -> _T | None:
    """``value`` as the store keeps it, or None when it cannot (a date it cannot read: the
    rest of the source is still worth having)."""
    try:
        return cleaner(value)
    except InvalidValue:
        return None


def _name_of(creator: object) -> str:
    """The name of the first creator given as an object with a name (an IRI names no one)."""
    for agent in _as_list(creator):
        if isinstance(agent, Mapping):
            name = next(iter(_strings(agent.get("name"))), None)
            if name:
                return name
    return ""


def _annotation(obj: Mapping[str, Any], origin: str, ours: bool) -> ImportedAnnotation | Skipped:
    types = _strings(obj.get("type", obj.get("@type")))
    if not any(t in ("Annotation", "oa:Annotation") for t in types):
        return Skipped(origin, "not an Annotation (its type is not 'Annotation')")
    target = _pick_target(obj)
    if target is None:
        return Skipped(origin, "no text quote to anchor it by (no TextQuoteSelector with 'exact')")
    quote_selector = next(
        s
        for s in _selectors(target)
        if s.get("type") == "TextQuoteSelector" and isinstance(s.get("exact"), str)
    )
    quote: str = quote_selector["exact"]
    if not quote.strip():
        return Skipped(origin, "its quote is empty")
    start: int | None = None
    end: int | None = None
    for selector in _selectors(target):
        if selector.get("type") == "TextPositionSelector":
            s, e = selector.get("start"), selector.get("end")
            if isinstance(s, int) and isinstance(e, int) and not isinstance(s, bool):
                start, end = s, e
            break

    notes: list[str] = []
    tags: list[str] = []
    sources: list[SourceInput] = []
    claim: tuple[str | None, str | None, str | None] = (None, None, None)
    check: dict[str, Any] = {}
    has_claim = False
    for body_value in _strings(obj.get("bodyValue")):
        notes.append(body_value)
    for body in _as_list(obj.get("body")):
        if isinstance(body, str):
            sources.append(SourceInput(url=from_uri(body), relation="context"))
            continue
        if not isinstance(body, Mapping):
            continue
        purposes = {p.removeprefix("oa:") for p in _strings(body.get("purpose"))}
        value = " ".join(_strings(body.get("value")))
        if "tagging" in purposes:
            if value.strip():
                tags.append(value.strip())
        elif "assessing" in purposes:
            claim = _claim_fields(body)
            check = _check_fields(body)
            has_claim = True
        elif "linking" in purposes or body.get("type") == "SpecificResource":
            found = _source(body)
            if found is not None:
                sources.append(found)
        elif value and ("TextualBody" in _strings(body.get("type")) or "value" in body):
            notes.append(value)
    kind = _kind(obj, bool(notes))
    if kind != "claim" and has_claim and not _strings(obj.get("motivation")):
        kind = "claim"
    claimant, claim_type, claim_status = claim[2], claim[0], claim[1]
    color = obj.get(_COLOR)
    brief = target.get("source")
    author = brief.get("creator") if isinstance(brief, Mapping) else None
    brief_source = _resource_id(brief)
    previous = target.get(_PREVIOUS_QUOTE)
    return ImportedAnnotation(
        origin=origin,
        quote=quote,
        prefix=_text(quote_selector.get("prefix")),
        suffix=_text(quote_selector.get("suffix")),
        start=start,
        end=end,
        kind=kind,
        note="\n\n".join(notes) if notes or ours else None,
        tags=tuple(tags) if tags or ours else None,
        color=color if isinstance(color, str) else None,
        claimant=claimant if kind == "claim" else None,
        claim_type=claim_type if kind == "claim" else None,
        claim_status=claim_status if kind == "claim" else None,
        sources=tuple(sources) if sources or ours else None,
        previous_quote=previous if isinstance(previous, str) and previous.strip() else None,
        uuid=_uuid_of(obj.get("id", obj.get("@id"))),
        created_at=_parse_time(obj.get("created")),
        brief_title=_label_of(brief),
        brief_source=from_uri(brief_source) if brief_source else None,
        brief_author=_agent_name(author),
        creator=_agent_name(obj.get("creator")),
        **(check if kind == "claim" else {}),
    )


def _agent_name(agent: object) -> str | None:
    for entry in _as_list(agent):
        if isinstance(entry, str):
            return entry
        if isinstance(entry, Mapping):
            name = next(iter(_strings(entry.get("name"))), None)
            if name:
                return name
    return None


def parse_w3c(data: object, origin_prefix: str = "annotation") -> ParsedFile:
    """Read W3C annotations (an ``AnnotationCollection`` with embedded pages, an
    ``AnnotationPage``, a list, or one ``Annotation``; ``data`` as :func:`json.load` returns
    it) into :class:`ImportedAnnotation` records; what cannot be used is skipped with a reason.

    Origins are ``"<origin_prefix> N"``, N counting annotations from 1 in file order. For our
    own export (its ``@context`` declares the ``briefreader:`` prefix) a missing note, tag or
    source body means "none"; for other tools' files it means "not given" (``None``). The
    format is ``"w3c"`` for our own export, ``"w3c-other"`` when any annotation is not ours.
    """
    annotations: list[ImportedAnnotation] = []
    skipped: list[Skipped] = []
    root_ours = isinstance(data, Mapping) and _has_our_context(data.get("@context"))

    def items(container: object) -> list[Any] | None:
        if isinstance(container, list):
            return container
        if not isinstance(container, Mapping):
            return None
        types = _strings(container.get("type", container.get("@type")))
        if "AnnotationCollection" in types:
            found: list[Any] = []
            page = container.get("first")
            while isinstance(page, Mapping):
                found.extend(_as_list(page.get("items")))
                page = page.get("next")
            return found
        if "AnnotationPage" in types:
            return _as_list(container.get("items"))
        return None

    listed = items(data)
    all_ours = True
    for number, obj in enumerate(listed if listed is not None else [data], start=1):
        origin = f"{origin_prefix} {number}"
        if not isinstance(obj, Mapping):
            reason = (
                "a link to an annotation, not the annotation itself"
                if isinstance(obj, str)
                else "not a JSON object"
            )
            skipped.append(Skipped(origin, reason))
            continue
        ours = root_ours or _has_our_context(obj.get("@context"))
        all_ours = all_ours and ours
        result = _annotation(obj, origin, ours)
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            annotations.append(result)
    # Another tool's annotations only add to ours (see briefreader.annotation_import).
    fmt = "w3c" if all_ours else "w3c-other"
    return ParsedFile(fmt, tuple(annotations), tuple(skipped))
