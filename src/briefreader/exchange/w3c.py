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
- ``created`` / ``modified``: ISO 8601 UTC with ``Z``, to the second.
- ``briefreader:color``: the highlight colour (``#rrggbb``), when one is set.
- ``body`` (omitted when there is nothing to say), in this order:

  - the note: ``TextualBody``, ``purpose: commenting``, ``format: text/plain``;
  - a claim's fields: ``TextualBody``, ``purpose: assessing``, ``format: text/plain``, whose
    ``value`` reads e.g. ``opinion · disputed · claimed by Foreign Office``, with the same
    fields machine-readable as ``briefreader:claimType`` (fact / opinion / prediction),
    ``briefreader:claimStatus`` (unverified / supported / disputed / refuted) and
    ``briefreader:claimant`` (each only when set);
  - one ``TextualBody`` with ``purpose: tagging`` per tag;
  - one ``SpecificResource`` with ``purpose: linking`` per source: ``source`` is the URL (an
    object ``{"id": url, "label": title}`` when the source has a title),
    ``briefreader:relation`` is supports / refutes / context, and ``briefreader:note`` the
    source's note when there is one.

- ``target``: a ``SpecificResource`` whose ``source`` describes the brief:
  ``{"id": …, "type": "Text", "label": <title>}`` (plus ``creator: {"name": <author>}`` when the
  author is known). The id is the brief's http(s) source URL, or else
  ``urn:sha256:<hex>`` from the hash of its text. ``selector`` is a ``TextQuoteSelector``
  (exact, prefix, suffix) and a ``TextPositionSelector`` (start, end; code-point offsets into
  the brief's normalised text, end exclusive). An orphan (an annotation re-anchoring could not
  place in the current text) gets the ``TextQuoteSelector`` only. When re-anchoring changed the
  quote and the change is not yet accepted, ``briefreader:previousQuote`` holds the old quote.

URLs are written as URIs: characters a URI cannot hold (non-ASCII ones, spaces, ``<``…) are
percent-encoded; reading a file back decodes the non-ASCII ones again.

Every exported annotation validates against the MUST assertions of the W3C Web Annotation test
suite, and the collection against the collection and page MUSTs (tests/unit/test_w3c_export.py).

:func:`parse_w3c` reads such a file back, and W3C annotations from other tools (a collection, a
page, a list, or a single annotation) as far as they carry a text quote.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid as uuidlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from json.encoder import encode_basestring as _encode_str
from typing import Any, TextIO
from urllib.parse import quote as percent_encode
from urllib.parse import unquote, urlsplit, urlunsplit

from briefreader.exchange.imported import ImportedAnnotation, ParsedFile, Skipped
from briefreader.store.api import Annotation, Brief, BriefSummary, NotFound, SourceInput, Store
from briefreader.store.models import CLAIM_STATUSES, CLAIM_TYPES, RELATIONS
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
_COLOR = "briefreader:color"
_PREVIOUS_QUOTE = "briefreader:previousQuote"
_CLAIMED_BY = "claimed by "
_SEPARATOR = " · "

# Collection and page ids are name-based uuids under this namespace.
_ID_NAMESPACE = uuidlib.uuid5(uuidlib.NAMESPACE_URL, NAMESPACE)
_HASH = re.compile(r"^([a-z0-9]+):([0-9a-f]+)$")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_NON_ASCII_ESCAPES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")
# RFC 3986 reserved and unreserved characters outside the host: everything else is encoded.
_URI_SAFE = "/?#@!$&'()*+,;=:~-._%"


# --- export -------------------------------------------------------------------------------


def to_uri(url: str) -> str:
    """``url`` with every character a URI cannot hold percent-encoded (UTF-8), existing
    escapes kept: ``https://ur.wikipedia.org/wiki/پاکستان`` -> ``…/wiki/%D9%BE%D8%A7…``."""
    url = _BAD_PERCENT.sub("%25", url)
    try:
        parts = urlsplit(url)
    except ValueError:  # "https://[::1": not a URL we would store; keep it whole, encoded
        return percent_encode(url, safe=_URI_SAFE)
    netloc = percent_encode(parts.netloc, safe=_URI_SAFE + "[]")
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            percent_encode(parts.path, safe=_URI_SAFE),
            percent_encode(parts.query, safe=_URI_SAFE),
            percent_encode(parts.fragment, safe=_URI_SAFE),
        )
    )


def _from_uri(uri: str) -> str:
    """Undo :func:`to_uri` for non-ASCII characters (ASCII escapes stay as they are)."""

    def decode(match: re.Match[str]) -> str:
        decoded = unquote(match.group(), errors="strict")
        return decoded if "\ufffd" not in decoded else match.group()

    try:
        return _NON_ASCII_ESCAPES.sub(decode, uri)
    except UnicodeDecodeError:
        return uri


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
        bodies.append(claim)
    for tag in annotation.tags:
        bodies.append({"type": "TextualBody", "purpose": "tagging", "value": tag})
    for source in annotation.sources:
        url = to_uri(source.url)
        link: dict[str, Any] = {
            "type": "SpecificResource",
            "purpose": "linking",
            "source": {"id": url, "label": source.title} if source.title else url,
            _RELATION: source.relation,
        }
        if source.note:
            link[_SOURCE_NOTE] = source.note
        bodies.append(link)
    return bodies


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
        "created": timestamp(annotation.created_at),
        "modified": timestamp(annotation.updated_at),
    }
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
    their annotations, orphans included, in text order; only those tagged ``tag`` if given."""
    wanted = normalise_tag(tag) if tag is not None else None
    if brief_ids:
        briefs = []
        for brief_id in sorted(set(brief_ids)):
            try:
                briefs.append(store.get_brief_summary(brief_id))
            except NotFound:
                continue
    else:
        briefs = sorted(store.list_briefs(), key=lambda b: b.id)
    selected = []
    for brief in briefs:
        annotations = store.annotations_for_brief(brief.id, which="all")
        if wanted is not None:
            annotations = [a for a in annotations if wanted in a.tags]
        annotations.sort(key=lambda a: (a.start, a.end, a.id))
        selected.append((brief, annotations))
    return selected


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


# --- import -------------------------------------------------------------------------------


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


def _source(body: Mapping[str, Any]) -> SourceInput | None:
    resource = body.get("source") if body.get("type") == "SpecificResource" else body
    url = _resource_id(resource)
    if not url:
        return None
    relation = body.get(_RELATION)
    note = body.get(_SOURCE_NOTE)
    return SourceInput(
        url=_from_uri(url),
        relation=relation if relation in RELATIONS else "context",
        title=_label_of(resource) or "",
        note=note if isinstance(note, str) else "",
    )


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
    has_claim = False
    for body_value in _strings(obj.get("bodyValue")):
        notes.append(body_value)
    for body in _as_list(obj.get("body")):
        if isinstance(body, str):
            sources.append(SourceInput(url=_from_uri(body), relation="context"))
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
        uuid=_uuid_of(obj.get("id", obj.get("@id"))),
        created_at=_parse_time(obj.get("created")),
        brief_title=_label_of(brief),
        brief_source=_from_uri(brief_source) if brief_source else None,
        brief_author=_agent_name(author),
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
