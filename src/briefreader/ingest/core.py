"""Turn a file, or bytes from anywhere, into an :class:`IngestedBrief` ready to store.

Plain text is kept exactly as decoded; Markdown is kept as written (front matter included);
HTML is reduced to its main text as Markdown-ish text. Every offset the app stores is a code
point offset into ``IngestedBrief.text``, so nothing after this step may change it.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from briefreader.ingest.html import decode_html, extract_page, looks_like_html
from briefreader.ingest.markdown import markdown_metadata
from briefreader.ingest.model import IngestedBrief, IngestError, content_hash
from briefreader.ingest.titles import (
    MAX_TITLE,
    clean_title,
    fallback_title,
    shorten,
    title_from_text,
)
from briefreader.text.decode import BinaryFileError, decode_bytes
from briefreader.text.validate import without_nul

#: File suffixes that can be imported (compared in lower case).
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm"}
)

#: Files larger than this are refused rather than read into memory whole.
MAX_FILE_BYTES = 64 * 1024 * 1024

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
    return f"unsupported file type {suffix or '(no suffix)'!r} (supported: {supported})"


def _format_for(data: bytes, name: str) -> str:
    is_url = "://" in name
    suffix = PurePosixPath(urlsplit(name).path if is_url else name).suffix.lower()
    if suffix in _FORMAT_BY_SUFFIX:
        return _FORMAT_BY_SUFFIX[suffix]
    if not suffix or is_url:
        # Pasted text, or a web page (".php", "/story/"): trust what the bytes look like.
        return "html" if looks_like_html(data) else "text"
    raise IngestError(f"{name}: {unsupported_reason(suffix)}")


def ingest_file(path: Path) -> IngestedBrief:
    """Read and import the file at ``path``; ``source`` is its absolute path.

    Raises :class:`IngestError` (naming the file) if it cannot be read, has an unsupported
    suffix, is binary, or has no readable text.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(f"{path}: {unsupported_reason(suffix)}")
    try:
        if not path.is_file():
            reason = "no such file" if not path.exists() else "not a regular file"
            raise IngestError(f"{path}: {reason}")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise IngestError(f"{path}: too large to import (over {MAX_FILE_BYTES // 2**20} MiB)")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return ingest_bytes(data, str(path), source=str(path.resolve()))


def ingest_bytes(
    data: bytes, name: str, *, source: str | None = None, fmt: str | None = None
) -> IngestedBrief:
    """Import ``data``, the contents of ``name`` (used in messages and for the format).

    ``fmt`` ("text", "markdown" or "html") overrides the format implied by ``name``'s suffix;
    without either, bytes that start like an HTML document are HTML and anything else is text.
    """
    if fmt is None:
        fmt = _format_for(data, name)
    elif fmt not in INPUT_FORMATS:
        raise IngestError(f"{name}: unknown format {fmt!r} (known: html markdown text)")
    try:
        decoded = decode_html(data, name) if fmt == "html" else decode_bytes(data, name)
    except BinaryFileError as exc:
        raise IngestError(str(exc)) from exc
    if not decoded.text or decoded.text.isspace():
        raise IngestError(f"{name}: empty file")

    warnings = decoded.warnings
    author: str | None = None
    if fmt == "html":
        page = extract_page(decoded.text, name)
        if page is None:
            raise IngestError(f"{name}: no readable text found")
        text, fmt, warnings = page.text, "markdown", warnings + page.warnings
        title = shorten(clean_title(page.title or ""), MAX_TITLE)
        author = clean_title(page.author or "") or None
        if not title:
            title = markdown_metadata(text)[0] or ""
    elif fmt == "markdown":
        text = decoded.text
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
        title=title or fallback_title(name),
        source=source,
        author=author,
        format=fmt,
        content_hash=content_hash(text),
        warnings=warnings,
    )
