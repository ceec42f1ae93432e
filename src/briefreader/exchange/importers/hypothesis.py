"""Reading Hypothesis annotations as JSON: the API's search result (``{"rows": [...]}``), the
client's export (``{"annotations": [...]}``) or a plain list of annotation objects.

From each annotation: the ``TextQuoteSelector`` (exact, prefix, suffix) and the
``TextPositionSelector`` (start, end) of ``target[0]``; ``text`` becomes the note (and makes it a
``note`` annotation, a bare highlight stays a ``highlight``); ``tags``; ``created``; ``uri`` and
``document.title`` say which brief it is on. Hypothesis ids are UUIDs in URL-safe base64 and are
kept as the annotation's uuid, so importing the same export again finds them.

Replies and page notes select no text: they are skipped with that reason.
"""

from __future__ import annotations

from typing import Any

from briefreader.exchange.imported import ImportedAnnotation, ParsedFile, Skipped
from briefreader.exchange.importers._common import UnknownFormat, as_uuid, parse_timestamp

FORMAT = "hypothesis"


def annotation_list(data: object) -> list[Any] | None:
    """The annotation objects of a Hypothesis export, or None when ``data`` is not one."""
    items: object = data
    if isinstance(data, dict):
        for key in ("rows", "annotations"):
            if isinstance(data.get(key), list):
                items = data[key]
                break
        else:
            items = [data] if "target" in data else None
    if not isinstance(items, list):
        return None
    objects = [item for item in items if isinstance(item, dict)]
    if items and not any(
        "target" in item and ("uri" in item or "user" in item) for item in objects
    ):
        return None
    return items


def _selectors(item: dict[str, Any]) -> list[dict[str, Any]]:
    targets = item.get("target")
    if not isinstance(targets, list) or not targets or not isinstance(targets[0], dict):
        return []
    selectors = targets[0].get("selector")
    if not isinstance(selectors, list):
        return []
    return [s for s in selectors if isinstance(s, dict)]


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _offset(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _title(item: dict[str, Any]) -> str | None:
    document = item.get("document")
    if not isinstance(document, dict):
        return None
    titles = document.get("title")
    if isinstance(titles, list):
        titles = next((t for t in titles if isinstance(t, str) and t.strip()), None)
    return titles.strip() if isinstance(titles, str) and titles.strip() else None


def parse(data: object) -> ParsedFile:
    """Read decoded Hypothesis JSON (see :func:`annotation_list` for the shapes accepted)."""
    items = annotation_list(data)
    if items is None:
        raise UnknownFormat("not a Hypothesis export (no annotations with a target and a uri)")
    annotations: list[ImportedAnnotation] = []
    skipped: list[Skipped] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            skipped.append(Skipped(f"annotation {number}", "not a JSON object"))
            continue
        ident = _str(item.get("id"))
        origin = f"annotation {number} ({ident})" if ident else f"annotation {number}"
        references = item.get("references")
        selectors = _selectors(item)
        if isinstance(references, list) and references and not selectors:
            skipped.append(Skipped(origin, "a reply to another annotation: it selects no text"))
            continue
        quote_selector = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
        position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
        if quote_selector is None:
            reason = (
                "a page note: it selects no text"
                if not selectors
                else "no TextQuoteSelector: the selected text is not in the export"
            )
            skipped.append(Skipped(origin, reason))
            continue
        quote = _str(quote_selector.get("exact"))
        if not quote.strip():
            skipped.append(Skipped(origin, "the TextQuoteSelector's exact text is empty"))
            continue
        raw_tags = item.get("tags")
        tags = (
            tuple(t for t in raw_tags if isinstance(t, str)) if isinstance(raw_tags, list) else ()
        )
        note = _str(item.get("text")).strip()
        targets = item.get("target")
        target_source = _str(targets[0].get("source")) if isinstance(targets, list) else ""
        annotations.append(
            ImportedAnnotation(
                origin=origin,
                quote=quote,
                prefix=_str(quote_selector.get("prefix")),
                suffix=_str(quote_selector.get("suffix")),
                start=_offset(position.get("start")) if position else None,
                end=_offset(position.get("end")) if position else None,
                kind="note" if note else "highlight",
                note=note or None,
                tags=tags or None,
                uuid=as_uuid(ident),
                created_at=parse_timestamp(_str(item.get("created"))),
                brief_title=_title(item),
                brief_source=(_str(item.get("uri")) or target_source).strip() or None,
            )
        )
    return ParsedFile(FORMAT, tuple(annotations), tuple(skipped))
