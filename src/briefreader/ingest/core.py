"""Turn a file, or bytes from anywhere, into an :class:`IngestedBrief` ready to store.

Plain text is kept exactly as decoded; Markdown is kept as written (front matter included);
HTML is reduced to its main text, its block structure marked as Markdown marks it (headings,
lists, quotes, tables) and nothing inside a line (see :mod:`.page_text`), in NFC. Every offset
the app stores is a code point offset into ``IngestedBrief.text``, so nothing after this step
may change it.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from briefreader.ingest.charsets import decode_text
from briefreader.ingest.model import IngestedBrief, IngestError, content_hash
from briefreader.ingest.names import path_key, printable_name, storable_name
from briefreader.ingest.reading import megabytes, read_file
from briefreader.ingest.titles import (
    MAX_PAGE_TITLE,
    clean_title,
    fallback_title,
    shorten,
    title_from_text,
)
from briefreader.text.decode import BinaryFileError
from briefreader.text.validate import without_nul

#: File suffixes that can be imported (compared in lower case).
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm"}
)

#: HTML pages larger than this are refused before they are read: extracting the main text takes
#: some 40 times the page's size in memory, and time grows faster than the size (measured: 5 MB,
#: 280 MB and 9 s; 19 MB, 830 MB and 2 min; 50 MB, over 1.4 GB and not done in 5 min).
#: trafilatura's own limit for pages it fetches is the same.
MAX_HTML_BYTES = 20_000_000
#: Text and Markdown files larger than this are refused before they are read (a 64 MB one
#: takes some 340 MB and 3 s to import).
MAX_TEXT_BYTES = 64_000_000
HTML_LIMIT_NOTE = (
    f"HTML pages over {megabytes(MAX_HTML_BYTES)} are not imported (save it as text first)"
)
TEXT_LIMIT_NOTE = f"text and Markdown files over {megabytes(MAX_TEXT_BYTES)} are not imported"

_FORMAT_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
#: The formats ``ingest_bytes(fmt=...)`` accepts.
INPUT_FORMATS = frozenset({"text", "markdown", "html"})


def unsupported_reason(suffix: str) -> str:
    """Why a file with ``suffix`` is not imported, for messages."""
    supported = " ".join(sorted(SUPPORTED_SUFFIXES))
    shown = repr(printable_name(suffix)) if suffix else "(no suffix)"
    return f"unsupported file type {shown} (supported: {supported})"


def _format_for(data: bytes, name: str) -> str:
    is_url = "://" in name
    suffix = PurePosixPath(urlsplit(name).path if is_url else name).suffix.lower()
    if suffix in _FORMAT_BY_SUFFIX:
        return _FORMAT_BY_SUFFIX[suffix]
    if not suffix or is_url:
        # Pasted text, or a web page (".php", "/story/"): trust what the bytes look like.
        from briefreader.ingest.html import looks_like_html

        return "html" if looks_like_html(data) else "text"
    raise IngestError(f"{printable_name(name)}: {unsupported_reason(suffix)}")


def ingest_file(path: Path) -> IngestedBrief:
    """Read and import the file at ``path``.

    ``source`` is its absolute path as valid Unicode (a byte of the name that is not UTF-8
    becomes U+FFFD) and ``source_key`` what identifies the file (see :mod:`.names`). Raises
    :class:`IngestError` (naming the file printably) if it cannot be read, is not a regular
    file, is too large, has an unsupported suffix, is binary, or has no readable text. Never
    waits on a named pipe.
    """
    shown = printable_name(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(f"{shown}: {unsupported_reason(suffix)}")
    if _FORMAT_BY_SUFFIX[suffix] == "html":
        data = read_file(path, shown, MAX_HTML_BYTES, HTML_LIMIT_NOTE)
    else:
        data = read_file(path, shown, MAX_TEXT_BYTES, TEXT_LIMIT_NOTE)
    # realpath, not Path.resolve: a link loop made since the read must not raise.
    absolute = os.path.realpath(path)
    return ingest_bytes(
        data, os.fspath(path), source=storable_name(absolute), source_key=path_key(absolute)
    )


def ingest_bytes(
    data: bytes,
    name: str,
    *,
    source: str | None = None,
    fmt: str | None = None,
    source_key: str | None = None,
) -> IngestedBrief:
    """Import ``data``, the contents of ``name`` (used in messages and for the format).

    ``fmt`` ("text", "markdown" or "html") overrides the format implied by ``name``'s suffix;
    without either, bytes that start like an HTML document are HTML and anything else is text.
    ``name`` may be a file name with bytes that are not UTF-8 or control characters: messages
    show it printably, a title made from it is valid Unicode.
    """
    if fmt is None:
        fmt = _format_for(data, name)
    elif fmt not in INPUT_FORMATS:
        raise IngestError(
            f"{printable_name(name)}: unknown format {fmt!r} (known: html markdown text)"
        )
    title_name, name = name, printable_name(name)
    if fmt == "html" and len(data) > MAX_HTML_BYTES:
        raise IngestError(f"{name} is {megabytes(len(data))}; {HTML_LIMIT_NOTE}")
    try:
        if fmt == "html":
            # The page and Markdown readers (trafilatura, markdown-it) are imported for the
            # files that need them: a plain text brief opens 35 ms sooner.
            from briefreader.ingest.html import decode_html

            decoded = decode_html(data, name)
        else:
            decoded = decode_text(data, name)
    except BinaryFileError as exc:
        raise IngestError(str(exc)) from exc
    if not decoded.text or decoded.text.isspace():
        raise IngestError(f"{name}: empty file")

    warnings = decoded.warnings
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    if fmt == "html":
        from briefreader.ingest.html import extract_page
        from briefreader.ingest.markdown import markdown_metadata

        page = extract_page(decoded.text, name)
        if page is None:
            raise IngestError(f"{name}: no readable text found")
        # Stored as "page": Markdown lines for the structure, the words literal (see
        # briefreader.text.markdown_view.PAGE_FORMAT).
        text, fmt, warnings = page.text, "page", warnings + page.warnings
        title = shorten(clean_title(page.title or ""), MAX_PAGE_TITLE)
        author = clean_title(page.author or "") or None
        outlet = clean_title(page.outlet or "") or None
        published = page.published
        if not title:
            title = markdown_metadata(text)[0] or ""
    elif fmt == "markdown":
        text = decoded.text
        from briefreader.ingest.markdown import markdown_metadata

        found_title, author = markdown_metadata(text)
        title = found_title or ""
    else:
        text = decoded.text
        title = title_from_text(text) or ""

    if "\x00" in text:
        count = text.count("\x00")
        text = without_nul(text)
        warnings = (
            *warnings,
            f"{name}: {count} NUL character(s) replaced with \ufffd (a database cannot store them)",
        )
    return IngestedBrief(
        text=text,
        title=title or fallback_title(title_name),
        source=storable_name(source) if source else source,
        source_key=source_key,
        author=author,
        format=fmt,
        content_hash=content_hash(text),
        warnings=warnings,
        outlet=outlet,
        published=published,
    )
