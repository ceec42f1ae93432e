"""Small helpers every import parser shares: decoding a file's bytes, splitting a tags cell,
reading a timestamp, turning an annotation id into a UUID when it is one."""

from __future__ import annotations

import base64
import binascii
import csv
import re
import uuid as uuidlib
from datetime import UTC, datetime

_TAG_SEPARATORS = re.compile(r"[;,]")


class UnknownFormat(ValueError):
    """A file no importer can read; the message says why, for the user."""


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a BOM), UTF-16 or UTF-32 with a BOM (a lone
    surrogate or a cut-off character read as U+FFFD), else Windows-1252.

    Windows-1252 is what Excel writes when a CSV is saved as "CSV (Comma delimited)", the likely
    way our own export comes back from a spreadsheet; it cannot fail on UTF-8 text, and UTF-8
    decoding fails reliably on Windows-1252 text that has any non-ASCII byte.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Five bytes are undefined in Windows-1252; Latin-1 maps every byte to something.
        return data.decode("latin-1")


def allow_long_fields(text: str) -> None:
    """Let the csv module read a cell as long as ``text`` (it refuses cells over 131,072
    characters by default; our export writes whatever a quote or note holds)."""
    if csv.field_size_limit() <= len(text):
        csv.field_size_limit(len(text) + 1)


def split_tags(cell: str) -> tuple[str, ...]:
    """``"russia; energy , scO"`` -> ``("russia", "energy", "scO")``.

    Tags never contain ``;`` or ``,`` (normalise_tag refuses both), so splitting on either loses
    nothing, and accepts what a person is likely to type in a spreadsheet cell.
    """
    return tuple(t for t in (part.strip() for part in _TAG_SEPARATORS.split(cell)) if t)


def parse_timestamp(value: str) -> datetime | None:
    """An ISO 8601 timestamp (``Z`` or an offset allowed) or None when there is none or it is
    not one; naive values are taken as UTC, as our exports write them."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def as_uuid(value: str | None) -> str | None:
    """``value`` as a canonical UUID string when it is one, else None.

    Accepts the usual hex forms (with or without ``urn:uuid:``) and Hypothesis's ids, which
    are the 16 bytes of a UUID in URL-safe base64 (22 characters), or 20-character
    ElasticSearch flake ids that Hypothesis maps to UUIDs by inserting ``e`` and ``5`` at the
    version and variant nibbles (h/db/types.py, URLSafeUUID).
    """
    if not value:
        return None
    text = value.strip()
    if text.lower().startswith("urn:uuid:"):
        text = text[9:]
    try:
        return str(uuidlib.UUID(text))
    except ValueError:
        pass
    if len(text) not in (20, 22) or not re.fullmatch(r"[A-Za-z0-9_-]+", text):
        return None
    try:
        hex_str = base64.urlsafe_b64decode(text + "==").hex()
    except (binascii.Error, ValueError):
        return None
    if len(text) == 20:
        hex_str = hex_str[:12] + "e" + hex_str[12:15] + "5" + hex_str[15:]
    return str(uuidlib.UUID(hex_str)) if len(hex_str) == 32 else None


def shorten(text: str, limit: int = 40) -> str:
    """One line of at most ``limit`` characters, for reports."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
