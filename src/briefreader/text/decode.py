"""Bytes -> the normalised text every offset refers to.

Decoding rules: a BOM decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); otherwise UTF-8, and bytes
that are not valid UTF-8 are replaced with U+FFFD and reported as a warning, never an exception.
Binary files (a NUL byte in the head of a BOM-less file, or mostly non-text) are refused with a
:class:`BinaryFileError` that names the file.

Normalisation only turns CRLF and lone CR into LF; everything else is kept, so the normalised
text is a faithful copy of what the author wrote and offsets into it are stable.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

#: How much of the head of a file is inspected to decide whether it is binary.
SNIFF_BYTES = 8192

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_NEWLINES = re.compile(r"\r\n?")


class BinaryFileError(ValueError):
    """The file is not text; the message names the file and says why."""


@dataclass(frozen=True)
class Decoded:
    """The normalised text of a file, the encoding used and anything worth telling the user."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = field(default_factory=tuple)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    if "\r" not in text:
        return text
    return _NEWLINES.sub("\n", text)


def binary_reason(head: bytes, *, legacy: bool = False) -> str | None:
    """Why ``head`` (BOM-less) looks binary, or None if it looks like text.

    With ``legacy`` (the bytes may be in a legacy 8-bit or CJK encoding), bytes that are not
    UTF-8 are no sign of a binary file.
    """
    if not head:
        return None
    if b"\x00" in head:
        return "it contains NUL bytes"
    # Bytes that never occur in text: C0 controls other than tab, LF, FF, CR and ESC.
    # (ESC is allowed: a text file with terminal escapes is still text, shown safely.)
    allowed = {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
    controls = sum(1 for b in head if (b < 0x20 and b not in allowed) or b == 0x7F)
    if controls / len(head) > 0.10:
        return "it is mostly non-text bytes"
    if legacy:
        return None
    # Mostly undecodable as UTF-8 (and not a plausible 8-bit text either): count replacements.
    sample = head.decode("utf-8", errors="replace")
    bad = sample.count("\ufffd")
    if bad / max(1, len(sample)) > 0.30:
        return "it is mostly bytes that are not UTF-8 text"
    return None


def decode_bytes(data: bytes, name: str = "<bytes>") -> Decoded:
    """Decode ``data`` (the contents of file ``name``) and normalise its newlines.

    Raises :class:`BinaryFileError` for binary content. Invalid UTF-8 is replaced and reported.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(encoding)
                warnings: tuple[str, ...] = ()
            except UnicodeDecodeError as exc:
                text = body.decode(encoding, errors="replace")
                warnings = (
                    f"{name}: not valid {encoding.upper()} at byte {exc.start + len(bom)}; "
                    "undecodable bytes were replaced with \ufffd",
                )
            label = "utf-8-sig" if encoding == "utf-8" else encoding
            return Decoded(normalise_newlines(text), label, warnings)

    reason = binary_reason(data[:SNIFF_BYTES])
    if reason:
        raise BinaryFileError(f"{name}: refused, this looks like a binary file ({reason})")
    try:
        return Decoded(normalise_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        count = text.count("\ufffd")
        return Decoded(
            normalise_newlines(text),
            "utf-8",
            (
                f"{name}: not valid UTF-8 (first bad byte at offset {exc.start}); "
                f"{count} undecodable byte sequence(s) replaced with \ufffd",
            ),
        )
