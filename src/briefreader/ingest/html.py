"""HTML pages -> the main text as Markdown-ish text, with title and author from the metadata.

Decoding honours a BOM, then valid UTF-8, then the page's own charset declaration (``<meta
charset>``, ``http-equiv`` Content-Type or an XML declaration) if it names a WHATWG encoding,
then the encoding detected (see :mod:`briefreader.ingest.charsets`). Extraction is
trafilatura's: its main-text extraction first, its baseline (article/paragraph text) if that
finds nothing, then all the text of the page. No HTML is parsed here by hand. Pages over
``MAX_HTML_BYTES`` are refused before that (see :mod:`briefreader.ingest.core`).
"""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass
from typing import Any

from briefreader.ingest.charsets import UTF_8, Charset, charset_for_label, decode_as, detect_charset
from briefreader.text.decode import (
    SNIFF_BYTES,
    BinaryFileError,
    Decoded,
    binary_reason,
    decode_bytes,
    normalise_newlines,
)

#: How far into the page a charset declaration is looked for (browsers stop at 1024 bytes;
#: real pages with long heads put it a little later).
CHARSET_SNIFF_BYTES = 4096

_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body)\b", re.I)
_PREFORMATTED = frozenset({"pre", "textarea", "script", "style", "listing", "plaintext", "xmp"})
_SOURCE_NEWLINE = re.compile(r"[ \t]*\n[ \t\n]*")
_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}
_BOMS = (
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
)


@dataclass(frozen=True)
class ExtractedPage:
    """The main text of a page and its metadata."""

    text: str
    title: str | None
    author: str | None
    warnings: tuple[str, ...]


def looks_like_html(data: bytes) -> bool:
    """True if ``data`` starts like an HTML document (used when there is no file suffix)."""
    return bool(_HTML_START.match(data[:1024]))


def declared_label(data: bytes) -> str | None:
    """The charset label the page's declaration gives (lower case), if it has one."""
    match = _DECLARED_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii").lower()


def decode_html(data: bytes, name: str) -> Decoded:
    """Decode a page: BOM, then valid UTF-8, then the declared charset, then a guess.

    Valid UTF-8 wins over a declaration of a legacy charset, because such pages are nearly
    always mislabelled UTF-8. A declaration that names no text encoding (``rot13``, ``base64``,
    a typo) is ignored with a warning saying what was used instead; without a usable one, bytes
    that are not UTF-8 are read in the encoding detected (see :mod:`.charsets`), else as UTF-8
    with the undecodable bytes replaced. Raises :class:`BinaryFileError` for binary content.
    """
    if data.startswith(_BOMS):
        return decode_bytes(data, name)
    reason = binary_reason(data[:SNIFF_BYTES], legacy=True)
    if reason:
        raise BinaryFileError(f"{name}: refused, this looks like a binary file ({reason})")
    label = declared_label(data)
    charset = None if label is None else charset_for_label(label)
    ignored: tuple[str, ...] = ()
    if label is not None and charset is None:
        ignored = (
            f"{name}: ignored the charset the page declares ({label!r} is not a text encoding "
            "browsers know)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        return Decoded(normalise_newlines(text), "utf-8", _read_as(ignored, UTF_8))
    if charset is not None and charset != UTF_8:
        return decode_as(data, charset, name, "the charset the page declares")
    guess = None if charset == UTF_8 else detect_charset(data, first_bad)
    if guess is None or guess == UTF_8:
        decoded = decode_bytes(data, name)
        return Decoded(decoded.text, decoded.encoding, _read_as(ignored, UTF_8) + decoded.warnings)
    detected = decode_as(data, guess, name, "the charset detected")
    if not ignored:
        ignored = (f"{name}: not valid UTF-8 and no charset declared",)
    warnings = _read_as(ignored, guess, " (detected)") + detected.warnings
    return Decoded(detected.text, detected.encoding, warnings)


def _read_as(warnings: tuple[str, ...], charset: Charset, how: str = "") -> tuple[str, ...]:
    """``warnings`` (one at most), ending with the encoding that was used instead."""
    return tuple(f"{warning}; read as {charset.name}{how}" for warning in warnings)


def _metadata_field(document: Any, attribute: str) -> str | None:
    value = getattr(document, attribute, None)
    return value if isinstance(value, str) and value.strip() else None


def extract_page(html: str, name: str) -> ExtractedPage | None:
    """The main text of ``html`` (Markdown-ish), or None if the page has no readable text."""
    # Imported here: trafilatura takes ~0.4 s to import, which text and Markdown never need.
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None and "<html" not in html[:1024].lower():
        # trafilatura wants a whole document; a saved fragment ("<p>..</p>") gets a wrapper.
        tree = trafilatura.load_html(f"<html><body>{html}</body></html>")
    if tree is None:
        return None
    _collapse_source_newlines(tree)
    # trafilatura copies a tree it is given, so the fallbacks below still see the whole page.
    document = trafilatura.bare_extraction(
        tree,
        output_format="python",
        include_formatting=True,
        include_links=False,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        # The brief has no date field, and the extensive date search is most of the time spent
        # on a long page (2.3 s of 3.3 s on a 5 MB one).
        date_extraction_params=_DATE_PARAMS,
    )
    text = _metadata_field(document, "text")
    warnings: list[str] = []
    if text is None:
        # No main text found: keep what the baseline finds (articles, paragraphs), else all text.
        text = trafilatura.baseline(tree)[1] or trafilatura.html2txt(tree)
        if text and not text.isspace():
            warnings.append(
                f"{name}: no main article text was detected; imported all readable text of the page"
            )
    if not text or text.isspace():
        return None
    title = _metadata_field(document, "title")
    author = _metadata_field(document, "author")
    return ExtractedPage(normalise_newlines(text), title, author, tuple(warnings))


def _collapse_source_newlines(tree: Any) -> None:
    """Make line breaks in the HTML source into spaces, as a browser shows them.

    ``tree`` is an lxml HTML element (typed Any: lxml ships no type stubs here). Without this,
    trafilatura keeps the source's line breaks inside some paragraphs (those with
    inline markup) and not others, and a reader would see ragged lines. Preformatted text keeps
    its lines.
    """
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions: their text is not shown
        inside = element.tag in _PREFORMATTED or any(
            ancestor.tag in _PREFORMATTED for ancestor in element.iterancestors()
        )
        # lxml refuses to set text holding control characters (a page may carry them as
        # entities, &#27;): such a paragraph keeps its line breaks rather than fail the import.
        if element.text and not inside and "\n" in element.text:
            with contextlib.suppress(ValueError):
                element.text = _SOURCE_NEWLINE.sub(" ", element.text)
        tail_inside = inside and element.tag not in _PREFORMATTED
        if element.tail and not tail_inside and "\n" in element.tail:
            with contextlib.suppress(ValueError):
                element.tail = _SOURCE_NEWLINE.sub(" ", element.tail)
