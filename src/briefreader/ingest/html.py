"""HTML pages -> the main text (light Markdown, see :mod:`.page_text`) and what the page says
about itself (title, author, outlet, date: see :mod:`.page_meta`).

Decoding honours a BOM, then valid UTF-8, then the page's own charset declaration (``<meta
charset>``, ``http-equiv`` Content-Type or an XML declaration) if it names a WHATWG encoding,
then the encoding detected (see :mod:`briefreader.ingest.charsets`). Extraction is
trafilatura's, with the options of its own ``extract()``: its main-text extraction first, its
baseline (article/paragraph text) if that finds nothing, then all the text of the page. Only
reference markers and edit links are removed before it (see :mod:`.page_clean`); the text is
then rendered from trafilatura's tree and cleaned of the lines around the article. Pages over
``MAX_HTML_BYTES`` are refused before that (see :mod:`briefreader.ingest.core`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from briefreader.ingest.charsets import UTF_8, Charset, charset_for_label, decode_as, detect_charset
from briefreader.ingest.page_clean import PRUNE_XPATHS, clean_blocks
from briefreader.ingest.page_meta import page_meta
from briefreader.ingest.page_text import Block, join_blocks, page_blocks, preformatted_texts
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
    """The main text of a page and what the page says about itself."""

    text: str
    title: str | None
    author: str | None
    warnings: tuple[str, ...]
    outlet: str | None = None
    #: ``YYYY-MM-DD``
    published: str | None = None


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


def extract_page(html: str, name: str) -> ExtractedPage | None:
    """The main text of ``html`` (see :mod:`.page_text`), or None if it has no readable text.

    The text is NFC (a quote typed on a keyboard is composed), cleaned of the lines around the
    article (see :mod:`.page_clean`); title, author, outlet and date come from the page's
    metadata (see :mod:`.page_meta`).
    """
    # Imported here: trafilatura takes ~0.4 s to import, which text and Markdown never need.
    import trafilatura
    from trafilatura.metadata import extract_metadata

    html = unicodedata.normalize("NFC", html)
    tree = trafilatura.load_html(html)
    if tree is None and "<html" not in html[:1024].lower():
        # trafilatura wants a whole document; a saved fragment ("<p>..</p>") gets a wrapper.
        tree = trafilatura.load_html(f"<html><body>{html}</body></html>")
    if tree is None:
        return None
    # The options of trafilatura's own extract() (no comments), so that it keeps what it would
    # keep alone: formatting (bold, italics) is not stored, and asking for it changes what is
    # extracted on some pages. trafilatura copies the tree, so the fallbacks still see it whole.
    document = trafilatura.bare_extraction(
        tree,
        output_format="python",
        include_formatting=False,
        include_links=False,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        prune_xpath=list(PRUNE_XPATHS),
        # The extensive date search is most of the time spent on a long page (2.3 s of 3.3 s
        # on a 5 MB one).
        date_extraction_params=_DATE_PARAMS,
    )
    warnings: list[str] = []
    body = getattr(document, "body", None)
    try:
        found = page_blocks(body, preformatted_texts(tree)) if body is not None else []
    except RecursionError:  # nesting deeper than lxml lets a page be: trafilatura's own lines
        lines = (getattr(document, "text", None) or "").split("\n")
        found = [Block("paragraph", line.strip()) for line in lines if line.strip()]
    # A page whose every line a rule drops keeps them: better the lines than nothing.
    blocks = clean_blocks(found) or found
    if not blocks:
        # No main text found: keep what the baseline finds (articles, paragraphs), else all text.
        # Their text has a line per paragraph.
        text = trafilatura.baseline(tree)[1] or trafilatura.html2txt(tree) or ""
        blocks = [Block("paragraph", line.strip()) for line in text.split("\n") if line.strip()]
        if blocks:
            warnings.append(
                f"{name}: no main article text was detected; imported all readable text of the page"
            )
    if not blocks:
        return None
    if document is None:
        document = extract_metadata(tree, date_config=_DATE_PARAMS, extensive=False)
    headings = [block.text for block in blocks if block.kind == "heading"]
    meta = page_meta(tree, document, headings)
    text = unicodedata.normalize("NFC", join_blocks(blocks))
    return ExtractedPage(
        text, meta.title, meta.author, tuple(warnings), meta.outlet, meta.published
    )
