"""The result of an import and the one error an import can raise.

Kept apart from the readers so every reader module can use them without import cycles.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


class IngestError(Exception):
    """A file could not be imported; the message names the file and says why."""


@dataclass(frozen=True)
class IngestedBrief:
    """A brief ready to store: normalised text plus what could be learnt about it."""

    text: str
    title: str
    source: str | None
    author: str | None
    format: str
    content_hash: str
    warnings: tuple[str, ...] = field(default_factory=tuple)
    #: What identifies the file it came from (see :func:`briefreader.ingest.names.path_key`);
    #: None when it came from no file.
    source_key: str | None = None
    #: Where it was published (a web page's site name or publisher), if known.
    outlet: str | None = None
    #: When it was published, ``YYYY-MM-DD``, if known (a web page's date).
    published: str | None = None


def content_hash(text: str) -> str:
    """``sha256:<hex>`` of the UTF-8 of the normalised text: one brief, one hash, whatever the
    line endings or encoding of the file it came from."""
    # surrogatepass: decoding never yields lone surrogates, but hashing must not be what crashes.
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha256:{digest}"
