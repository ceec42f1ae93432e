"""Reading annotation files of every supported format into :class:`ParsedFile` records.

:func:`parse_file` tells the format from the content (the extension only breaks ties):

- JSON with ``@context`` or ``"type": "Annotation…"``: W3C Web Annotations (ours, read by
  :func:`briefreader.exchange.w3c.parse_w3c`);
- other JSON whose objects have a ``target`` and a ``uri``: Hypothesis;
- CSV whose header has ``annotation_id`` and ``quote``: our own CSV export;
- CSV whose header has ``Highlight`` and ``Book Title``: Readwise;
- text of ``==========``-separated clippings: a Kindle ``My Clippings.txt``.

Anything else raises :class:`UnknownFormat`, and so does a file no parser can read safely (JSON
nested too deeply, CSV that the csv module refuses): one sentence for the user, never a
traceback. Integers too long to be an offset (Python refuses to convert ones of over 4,300
digits) are read as null, and lone UTF-16 surrogates (``"\ud800"``, which no database can
store) as U+FFFD, so a dry run and a real run see the same text. Parsers never touch the
store; :mod:`briefreader.annotation_import` applies what they read.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from briefreader.exchange.imported import ImportedAnnotation, ParsedFile, Skipped
from briefreader.exchange.importers._common import UnknownFormat, decode

#: What each format is called in messages.
FORMAT_NAMES: dict[str, str] = {
    "briefreader-csv": "briefreader CSV",
    "w3c": "W3C Web Annotation JSON",
    "w3c-other": "W3C Web Annotation JSON (from another tool)",
    "hypothesis": "Hypothesis JSON",
    "readwise": "Readwise CSV",
    "kindle": "Kindle My Clippings.txt",
}

_SUPPORTED = (
    "briefreader CSV or W3C JSON exports, Hypothesis JSON, Readwise CSV, Kindle My Clippings.txt"
)


#: Digits of the longest integer read from JSON; longer ones are read as null (no offset in a
#: text has this many).
MAX_INT_DIGITS = 100
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_int(digits: str) -> int | None:
    return int(digits) if len(digits) <= MAX_INT_DIGITS else None


def _valid_text(value: str) -> str:
    """``value`` with every lone surrogate replaced by U+FFFD."""
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", value)
    return value


def _without_surrogates(data: object) -> object:
    """``data`` (as json.loads returns it) with lone surrogates in every string and key
    replaced; iterative, so no nesting json.loads accepted can exhaust the stack."""
    if isinstance(data, str):
        return _valid_text(data)
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, str):
                    node[index] = _valid_text(value)
                elif isinstance(value, list | dict):
                    stack.append(value)
        elif isinstance(node, dict):
            for key in list(node):
                value = node[key]
                if isinstance(value, str):
                    value = _valid_text(value)
                elif isinstance(value, list | dict):
                    stack.append(value)
                fixed = _valid_text(key) if isinstance(key, str) else key
                if fixed != key:
                    del node[key]
                node[fixed] = value
    return data


def _is_w3c(data: object) -> bool:
    first = data[0] if isinstance(data, list) and data else data
    if not isinstance(first, dict):
        return False
    if "@context" in first:
        return True
    kind = first.get("type")
    return isinstance(kind, str) and kind in (
        "Annotation",
        "AnnotationCollection",
        "AnnotationPage",
    )


def parse_json(text: str, name: str = "the file") -> ParsedFile:
    """Parse JSON text as W3C annotations or a Hypothesis export."""
    try:
        data = _without_surrogates(json.loads(text, parse_int=_json_int))
    except json.JSONDecodeError as exc:
        raise UnknownFormat(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise UnknownFormat(f"{name}: the JSON is nested too deeply to read") from None
    except ValueError as exc:  # anything else json refuses
        raise UnknownFormat(f"{name}: not valid JSON ({exc})") from None
    if _is_w3c(data):
        try:
            from briefreader.exchange.w3c import parse_w3c
        except ImportError:
            raise UnknownFormat(f"{name}: W3C annotation import is not available") from None
        return parse_w3c(data)
    from briefreader.exchange.importers import hypothesis

    if hypothesis.annotation_list(data) is not None:
        return hypothesis.parse(data)
    raise UnknownFormat(
        f"{name}: JSON, but neither W3C Web Annotations nor a Hypothesis export ({_SUPPORTED})"
    )


def parse_text(text: str, name: str = "the file", suffix: str = "") -> ParsedFile:
    """Parse a file's decoded text, telling its format from the content."""
    from briefreader.exchange.importers import csv_ours, kindle, readwise

    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "[") or suffix.lower() in (".json", ".jsonld"):
        return parse_json(stripped, name)
    first_line = stripped.split("\n", 1)[0].rstrip("\r")
    try:
        if csv_ours.delimiter_of(first_line) is not None:
            return csv_ours.parse(stripped)
        if readwise.is_readwise_header(first_line):
            return readwise.parse(stripped)
    except csv.Error as exc:
        raise UnknownFormat(f"{name}: not a CSV file this version can read ({exc})") from None
    if kindle.looks_like_clippings(stripped):
        return kindle.parse(stripped)
    if not stripped:
        raise UnknownFormat(f"{name}: the file is empty")
    raise UnknownFormat(f"{name}: not an annotation file this version can read ({_SUPPORTED})")


def parse_file(path: Path) -> ParsedFile:
    """Read an annotation file of any supported format.

    Raises :class:`UnknownFormat` (a ``ValueError``) with a message for the user when the
    format is not recognised or the file is malformed, ``OSError`` when it cannot be read.
    """
    path = Path(path)
    return parse_text(decode(path.read_bytes()), path.name, path.suffix)


__all__ = [
    "FORMAT_NAMES",
    "ImportedAnnotation",
    "ParsedFile",
    "Skipped",
    "UnknownFormat",
    "parse_file",
    "parse_json",
    "parse_text",
]
