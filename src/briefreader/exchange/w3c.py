"""W3C Web Annotation export and import (JSON-LD, https://www.w3.org/TR/annotation-model/).

The file is one ``AnnotationCollection`` with the annotations embedded in its first (and only)
``AnnotationPage``::

    {"@context": [...], "id": "urn:uuid:…", "type": "AnnotationCollection",
     "label": "briefreader annotations: …", "total": 3,
     "first": {"id": "urn:uuid:…", "type": "AnnotationPage", "startIndex": 0, "items": [...]}}

The collection's id is derived from the ids of the annotations in it, the page's from the
collection's, so exporting the same data twice gives the same bytes. Annotations are ordered by
brief id, then position (start, end) and database id.

Each annotation (every item carries the ``@context`` too, so it stands alone when copied out):

- ``"@context": ["http://www.w3.org/ns/anno.jsonld", {"briefreader": "urn:briefreader:"}]``:
  the W3C context plus the ``briefreader:`` prefix of our extension properties.
- ``id``: ``urn:uuid:<uuid>``, the annotation's stable uuid. ``type``: ``Annotation``.
- ``motivation``: ``highlighting`` (highlight), ``assessing`` (claim), ``commenting`` (note).
- ``creator``: who made it, ``{"type": "Person", "name": …}`` (omitted when not known: made
  before schema version 4).
- ``created`` / ``modified``: ISO 8601 UTC with ``Z``, to the second.
- ``briefreader:color``: the highlight colour (``#rrggbb``), when one is set.
- ``body`` (omitted when there is nothing to say), in this order:

  - the note: ``TextualBody``, ``purpose: commenting``, ``format: text/plain``;
  - a claim's fields: ``TextualBody``, ``purpose: assessing``, ``format: text/plain``, whose
    ``value`` reads e.g. ``opinion · disputed · claimed by Foreign Office``, with the same
    fields machine-readable as ``briefreader:claimType`` (fact / opinion / prediction),
    ``briefreader:claimStatus`` (unverified / supported / disputed / refuted) and
    ``briefreader:claimant`` (each only when set), and the claim's check:
    ``briefreader:checkStatus`` (to-check / checking / checked / not-checkable),
    ``briefreader:conclusion``, ``briefreader:rationale``, ``briefreader:checkedBy``,
    ``briefreader:checkedAt``, ``briefreader:contactedAt`` and ``briefreader:contactOutcome``
    (times as ``created``; each only when set);
  - one ``TextualBody`` with ``purpose: tagging`` per tag;
  - one ``SpecificResource`` with ``purpose: linking`` per source: ``source`` is the URL (an
    object ``{"id": url, "label": title}`` when the source has a title, with
    ``creator: {"name": <author>}``, ``briefreader:publisher``, ``briefreader:published``
    (YYYY, YYYY-MM or YYYY-MM-DD), ``briefreader:accessed`` (YYYY-MM-DD) and
    ``briefreader:archive`` (the URL of an archived copy) when the source has them),
    ``briefreader:relation`` is supports / refutes / context, ``briefreader:note`` the
    link's note when there is one, and the passage of the source quoted as backing the
    annotation is a ``TextQuoteSelector`` (``selector: {"type": "TextQuoteSelector",
    "exact": …}``) on that resource.

- ``target``: a ``SpecificResource`` whose ``source`` describes the brief:
  ``{"id": …, "type": "Text", "label": <title>}`` (plus ``creator: {"name": <author>}``,
  ``briefreader:publisher`` (its outlet) and ``briefreader:published`` when they are known).
  The id is the brief's http(s) source URL, or else ``urn:sha256:<hex>`` from the hash of its
  text. ``selector`` is a ``TextQuoteSelector``
  (exact, prefix, suffix) and a ``TextPositionSelector`` (start, end; code-point offsets into
  the brief's normalised text, end exclusive). An orphan (an annotation re-anchoring could not
  place in the current text) gets the ``TextQuoteSelector`` only. When re-anchoring changed the
  quote and the change is not yet accepted, ``briefreader:previousQuote`` holds the old quote.

URLs are written as URIs in one form however they were typed
(:func:`briefreader.exchange.importers.uris.to_uri`): UTF-8 text and the characters a URI
cannot hold percent-encoded with upper-case hex, an internationalised host in punycode; reading
a file back gives the readable form again, and an import compares URLs in one normal form, so
an unchanged export imports back as unchanged.

Every exported annotation validates against the MUST assertions of the W3C Web Annotation test
suite, and the collection against the collection and page MUSTs (tests/unit/test_w3c_export.py).

:func:`parse_w3c` (in :mod:`briefreader.exchange.importers.w3c_json`) reads such a file back,
and W3C annotations from other tools (a collection, a page, a list, or a single annotation) as
far as they carry a text quote.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid as uuidlib
from collections.abc import Sequence
from datetime import UTC, datetime
from json.encoder import encode_basestring as _encode_str
from typing import Any, TextIO

from briefreader.exchange.imported import ParsedFile
from briefreader.exchange.importers.uris import to_uri
from briefreader.store.api import Annotation, Brief, BriefSummary, NotFound, Source, Store
from briefreader.text.validate import InvalidValue, normalise_source_url, normalise_tag

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: The IRI our ``briefreader:`` extension properties expand to.
NAMESPACE = "urn:briefreader:"
CONTEXT: list[Any] = [ANNO_CONTEXT, {"briefreader": NAMESPACE}]

MOTIVATIONS: dict[str, str] = {
    "highlight": "highlighting",
    "claim": "assessing",
    "note": "commenting",
}
_KIND_OF_MOTIVATION = {motivation: kind for kind, motivation in MOTIVATIONS.items()}

_CLAIM_TYPE = "briefreader:claimType"
_CLAIM_STATUS = "briefreader:claimStatus"
_CLAIMANT = "briefreader:claimant"
_RELATION = "briefreader:relation"
_SOURCE_NOTE = "briefreader:note"
_PUBLISHER = "briefreader:publisher"
_PUBLISHED = "briefreader:published"
_ACCESSED = "briefreader:accessed"
_ARCHIVE = "briefreader:archive"
_COLOR = "briefreader:color"
_PREVIOUS_QUOTE = "briefreader:previousQuote"
_CHECK_STATUS = "briefreader:checkStatus"
_CONCLUSION = "briefreader:conclusion"
_RATIONALE = "briefreader:rationale"
_CHECKED_BY = "briefreader:checkedBy"
_CHECKED_AT = "briefreader:checkedAt"
_CONTACTED_AT = "briefreader:contactedAt"
_CONTACT_OUTCOME = "briefreader:contactOutcome"
_CLAIMED_BY = "claimed by "
_SEPARATOR = " · "

# Collection and page ids are name-based uuids under this namespace.
_ID_NAMESPACE = uuidlib.uuid5(uuidlib.NAMESPACE_URL, NAMESPACE)
_HASH = re.compile(r"^([a-z0-9]+):([0-9a-f]+)$")


# --- export -------------------------------------------------------------------------------


def brief_uri(brief: Brief | BriefSummary) -> str:
    """The brief's http(s) source URL, else ``urn:sha256:<hex>`` from its content hash."""
    source = (brief.source or "").strip()
    if source.lower().startswith(("http://", "https://")) and _valid_url(source):
        return to_uri(source)
    found = _HASH.match(brief.content_hash)
    if found:
        return f"urn:{found.group(1)}:{found.group(2)}"
    return "urn:sha256:" + hashlib.sha256(brief.content_hash.encode("utf-8")).hexdigest()


def _valid_url(url: str) -> bool:
    """Whether ``url`` is one we would store as a source (not malformed, no password in it)."""
    try:
        normalise_source_url(url)
    except InvalidValue:
        return False
    return True


def timestamp(moment: datetime) -> str:
    """``2026-11-27T19:55:10Z``: ISO 8601 UTC to the second (naive values are taken as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds") + "Z"


def claim_summary(claim_type: str | None, status: str | None, claimant: str | None) -> str:
    """``opinion · disputed · claimed by X``: a claim's fields as one line for people."""
    parts = [claim_type or "claim"]
    if status:
        parts.append(status)
    if claimant:
        parts.append(_CLAIMED_BY + claimant)
    return _SEPARATOR.join(parts)


def target_source(brief: Brief | BriefSummary) -> dict[str, Any]:
    """The brief as the ``source`` of an annotation's target."""
    resource: dict[str, Any] = {"id": brief_uri(brief), "type": "Text", "label": brief.title}
    if brief.author:
        resource["creator"] = {"name": brief.author}
    if brief.outlet:
        resource[_PUBLISHER] = brief.outlet
    if brief.published:
        resource[_PUBLISHED] = brief.published
    return resource


def _bodies(annotation: Annotation) -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = []
    if annotation.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "format": "text/plain",
                "value": annotation.note,
            }
        )
    if annotation.kind == "claim":
        claim: dict[str, Any] = {
            "type": "TextualBody",
            "purpose": "assessing",
            "format": "text/plain",
            "value": claim_summary(
                annotation.claim_type, annotation.claim_status, annotation.claimant
            ),
        }
        if annotation.claim_type:
            claim[_CLAIM_TYPE] = annotation.claim_type
        if annotation.claim_status:
            claim[_CLAIM_STATUS] = annotation.claim_status
        if annotation.claimant:
            claim[_CLAIMANT] = annotation.claimant
        check = annotation.check
        if check is not None:
            claim[_CHECK_STATUS] = check.status
            for key, text in (
                (_CONCLUSION, check.conclusion),
                (_RATIONALE, check.rationale),
                (_CHECKED_BY, check.checked_by),
            ):
                if text:
                    claim[key] = text
            if check.checked_at is not None:
                claim[_CHECKED_AT] = timestamp(check.checked_at)
            if check.contacted_at is not None:
                claim[_CONTACTED_AT] = timestamp(check.contacted_at)
            if check.contact_outcome:
                claim[_CONTACT_OUTCOME] = check.contact_outcome
        bodies.append(claim)
    for tag in annotation.tags:
        bodies.append({"type": "TextualBody", "purpose": "tagging", "value": tag})
    bodies.extend(map(source_body, annotation.sources))
    return bodies


def source_body(source: Source) -> dict[str, Any]:
    """The body linking an annotation to a source it cites (see the module docstring)."""
    url = to_uri(source.url)
    resource: dict[str, Any] = {"id": url}
    if source.title:
        resource["label"] = source.title
    if source.author:
        resource["creator"] = {"name": source.author}
    for key, value in (
        (_PUBLISHER, source.publisher),
        (_PUBLISHED, source.published),
        (_ACCESSED, source.accessed_at.isoformat() if source.accessed_at else None),
        (_ARCHIVE, to_uri(source.archive_url) if source.archive_url else None),
    ):
        if value:
            resource[key] = value
    link: dict[str, Any] = {
        "type": "SpecificResource",
        "purpose": "linking",
        "source": resource if len(resource) > 1 else url,
        _RELATION: source.relation,
    }
    if source.quote:
        link["selector"] = {"type": "TextQuoteSelector", "exact": source.quote}
    if source.note:
        link[_SOURCE_NOTE] = source.note
    return link


def annotation_to_w3c(
    brief: Brief | BriefSummary,
    annotation: Annotation,
    *,
    brief_resource: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One annotation as a W3C ``Annotation`` object (see the module docstring).

    ``brief_resource`` is what :func:`target_source` returns for ``brief``, for a caller that
    writes many annotations of one brief and need not work it out for each."""
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": annotation.quote,
            "prefix": annotation.prefix,
            "suffix": annotation.suffix,
        }
    ]
    if not annotation.orphan:
        selectors.append(
            {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end}
        )
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": dict(brief_resource or target_source(brief)),
        "selector": selectors if len(selectors) > 1 else selectors[0],
    }
    if annotation.previous_quote is not None:
        target[_PREVIOUS_QUOTE] = annotation.previous_quote
    item: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{annotation.uuid}",
        "type": "Annotation",
        "motivation": MOTIVATIONS.get(annotation.kind, "highlighting"),
    }
    if annotation.creator:
        item["creator"] = {"type": "Person", "name": annotation.creator}
    item["created"] = timestamp(annotation.created_at)
    item["modified"] = timestamp(annotation.updated_at)
    if annotation.color:
        item[_COLOR] = annotation.color
    bodies = _bodies(annotation)
    if bodies:
        item["body"] = bodies if len(bodies) > 1 else bodies[0]
    item["target"] = target
    return item


def brief_annotations_to_w3c(
    brief: Brief | BriefSummary, annotations: Sequence[Annotation]
) -> list[dict[str, Any]]:
    """The brief's annotations as W3C ``Annotation`` objects, in text order (start, end, id)."""
    ordered = sorted(annotations, key=lambda a: (a.start, a.end, a.id))
    resource = target_source(brief)
    return [annotation_to_w3c(brief, a, brief_resource=resource) for a in ordered]


def selected_annotations(
    store: Store, brief_ids: Sequence[int] = (), tag: str | None = None
) -> list[tuple[BriefSummary, list[Annotation]]]:
    """The briefs to export (``brief_ids``, else all; by id; unknown ids are skipped) with
    their annotations, orphans included, in text order; only those tagged ``tag`` if given.
    The annotations are the store's export selection, as every export format's."""
    if tag is not None:
        normalise_tag(tag)  # an unusable tag fails before anything is read
    if brief_ids:
        briefs = []
        for brief_id in sorted(set(brief_ids)):
            try:
                briefs.append(store.get_brief_summary(brief_id))
            except NotFound:
                continue
    else:
        briefs = sorted(store.list_briefs(), key=lambda b: b.id)
    by_brief: dict[int, list[Annotation]] = {brief.id: [] for brief in briefs}
    if briefs:
        for annotation in store.export_annotations(
            [b.id for b in briefs] if brief_ids else None, tag
        ):
            chosen = by_brief.get(annotation.brief_id)
            if chosen is not None:  # not a brief imported since the list was read
                chosen.append(annotation)
    return [(brief, by_brief[brief.id]) for brief in briefs]


def _label(briefs: Sequence[BriefSummary], brief_ids: Sequence[int], tag: str | None) -> str:
    if brief_ids and len(briefs) == 1:
        label = f"briefreader annotations on “{briefs[0].title}”"
    elif brief_ids:
        label = f"briefreader annotations on {len(briefs)} briefs"
    else:
        label = "briefreader annotations on all briefs"
    if tag is not None:
        label += f" tagged {normalise_tag(tag)}"
    return label


def _json(value: Any, indent: str = "\n") -> str:
    """Exactly what ``json.dumps(value, ensure_ascii=False, indent=2)`` writes for the strings,
    ints, lists and dicts an export holds, with ``indent`` ("\\n" and the enclosing spaces)
    before each nested line; twice as fast as the pure-Python encoder that ``indent`` selects."""
    kind = type(value)
    if kind is str:
        return _encode_str(value)
    inner = indent + "  "
    if kind is dict:
        if not value:
            return "{}"
        members = [
            _encode_str(key) + ": " + (_encode_str(v) if type(v) is str else _json(v, inner))
            for key, v in value.items()
        ]
        return "{" + inner + ("," + inner).join(members) + indent + "}"
    if kind is list:
        if not value:
            return "[]"
        items = [_json(v, inner) for v in value]
        return "[" + inner + ("," + inner).join(items) + indent + "]"
    if value is True or value is False or value is None:
        return json.dumps(value)
    if kind is int:
        return int.__repr__(value)
    raise TypeError(f"cannot write {kind.__name__} to the export")


def write_json(
    store: Store, out: TextIO, brief_ids: Sequence[int] = (), tag: str | None = None
) -> int:
    """Write the W3C JSON export of ``brief_ids`` (all briefs when empty), optionally only the
    annotations tagged ``tag``; return how many annotations were written.

    The output is exactly ``json.dumps(collection, ensure_ascii=False, indent=2)`` plus a final
    newline, written one annotation at a time.
    """
    selected = selected_annotations(store, brief_ids, tag)
    total = sum(len(annotations) for _brief, annotations in selected)
    ids = "\n".join(a.uuid for _brief, annotations in selected for a in annotations)
    collection_id = uuidlib.uuid5(_ID_NAMESPACE, "collection\n" + ids)
    page_id = uuidlib.uuid5(collection_id, "page 1")
    head = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{collection_id}",
        "type": "AnnotationCollection",
        "label": _label([brief for brief, _a in selected], brief_ids, tag),
        "total": total,
        "first": {
            "id": f"urn:uuid:{page_id}",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [],
        },
    }
    text = json.dumps(head, ensure_ascii=False, indent=2, sort_keys=False)
    if total == 0:
        out.write(text + "\n")
        return 0
    opening, closing = text.rsplit("[]", 1)
    out.write(opening + "[")
    written = 0
    for brief, chosen in selected:
        resource = target_source(brief)
        for annotation in chosen:
            item = annotation_to_w3c(brief, annotation, brief_resource=resource)
            out.write(("," if written else "") + "\n      " + _json(item, "\n      "))
            written += 1
    out.write("\n    ]" + closing + "\n")
    return written


def parse_w3c(data: object, origin_prefix: str = "annotation") -> ParsedFile:
    """Read W3C annotations into import records: see
    :func:`briefreader.exchange.importers.w3c_json.parse_w3c`."""
    from briefreader.exchange.importers.w3c_json import parse_w3c as parse

    return parse(data, origin_prefix)
