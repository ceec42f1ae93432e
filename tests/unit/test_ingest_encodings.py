"""Files in legacy encodings import with the right characters, and the warning says which
encoding was used; Unicode normalisation (NFC) applies to web pages, whose text is derived,
not to text files, which are stored as written."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from briefreader.anchoring import find_quote
from briefreader.ingest import ingest_bytes, ingest_file

PAGES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ingest" / "pages"

FRENCH = (
    "Café diplomacy\n"
    "\n"
    "The minister’s visit cost €2 million — the détente it was meant to seal, a “new start”,\n"
    "has not come about. Naïve hopes faded; the envoys’ coöperation ended in a tête-à-tête.\n"
)


def test_a_windows_1252_text_file_imports_with_its_characters(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes(FRENCH.encode("cp1252"))
    brief = ingest_file(path)

    assert brief.text == FRENCH
    assert brief.title == "Café diplomacy"
    assert brief.warnings == (f"{path}: not valid UTF-8; read as windows-1252 (detected)",)
    assert "\ufffd" not in brief.text


def test_a_page_that_declares_no_charset_imports_with_its_characters() -> None:
    path = PAGES / "no-charset.html"
    brief = ingest_file(path)

    assert "The minister’s visit to the café district cost the ministry €2 million" in brief.text
    assert "Naïve hopes of a quick settlement faded" in brief.text
    assert brief.title == "Café diplomacy in the Gulf"
    assert brief.warnings == (
        f"{path}: not valid UTF-8 and no charset declared; read as windows-1252 (detected)",
    )


def test_bytes_no_encoding_reads_cleanly_are_replaced_and_reported(tmp_path: Path) -> None:
    # Valid UTF-8 first, then a stray byte: damaged UTF-8, not a legacy encoding.
    path = tmp_path / "damaged.md"
    path.write_bytes("# Café\n\nDétente “held”".encode() + b"\x9d.\n")
    brief = ingest_file(path)
    assert brief.text == "# Café\n\nDétente “held”\ufffd.\n"
    assert "not valid UTF-8" in brief.warnings[0]


def test_a_decomposed_page_is_stored_nfc_with_its_offsets_into_the_stored_text() -> None:
    brief = ingest_file(PAGES / "blog-nfd.html")
    assert unicodedata.is_normalized("NFC", brief.text)
    quote = "Die Verbraucherzentrale hat 40 Tarife geprüft"
    start, end = find_quote(brief.text, quote)
    assert brief.text[start:end] == quote


def test_a_decomposed_text_file_is_stored_as_written() -> None:
    text = unicodedata.normalize("NFD", "Geprüfte Angebote\n\nDie Tarife wurden geprüft.\n")
    brief = ingest_bytes(text.encode(), "notes.txt")
    assert brief.text == text
