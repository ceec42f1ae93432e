"""Importing briefs from real files: titles, authors, formats, encodings, hashes and refusals."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from briefreader.ingest import (
    SUPPORTED_SUFFIXES,
    IngestError,
    ingest_bytes,
    ingest_file,
    iter_brief_files,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "pakistan-russia-ties.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"

# A short brief used where only the encoding or the line endings matter.
BRIEF = (
    "Pakistan and Russia\n"
    "\n"
    "Pak-Russia ties are witnessing a fresh start, says the SCO’s “new” desk.\n"
    "Contact: desk@example.org\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def assert_clean_title(title: str) -> None:
    assert title
    assert len(title) <= 120
    assert title == title.strip()
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]", title)
    assert "  " not in title


# --- plain text -------------------------------------------------------------------------------


def test_example_brief_gets_its_first_sentence_as_its_title_without_an_ellipsis() -> None:
    brief = ingest_file(EXAMPLE)

    assert brief.title == (
        "Pak-Russia ties are witnessing a fresh start with an exchange of high-level visits "
        "from both the sides."
    )
    assert len(brief.title) <= 120
    assert brief.text == EXAMPLE.read_text(encoding="utf-8")
    assert brief.format == "text"
    assert brief.source == str(EXAMPLE.resolve())
    assert brief.author is None
    assert brief.warnings == ()
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", brief.content_hash)


def test_short_first_line_over_a_blank_line_is_the_title(tmp_path: Path) -> None:
    brief = ingest_file(write(tmp_path, "b.txt", BRIEF.encode()))
    assert brief.title == "Pakistan and Russia"


def test_first_line_of_a_hard_wrapped_paragraph_is_not_taken_for_a_title(tmp_path: Path) -> None:
    text = (
        "Pak-Russia ties are witnessing a fresh start with an exchange of\n"
        "high-level visits from both the sides. Something considered improbable\n"
        "in the past may soon become a reality.\n"
    )
    brief = ingest_file(write(tmp_path, "wrapped.txt", text.encode()))
    assert brief.title == (
        "Pak-Russia ties are witnessing a fresh start with an exchange of high-level visits "
        "from both the sides."
    )


def test_first_sentence_does_not_end_at_an_abbreviation(tmp_path: Path) -> None:
    text = "Mr. Putin met Dr. Khan in Moscow on Monday. Talks went on for hours. " * 3
    brief = ingest_file(write(tmp_path, "abbr.txt", text.encode()))
    assert brief.title == "Mr. Putin met Dr. Khan in Moscow on Monday."


def test_title_falls_back_to_the_file_name_when_the_text_offers_none(tmp_path: Path) -> None:
    brief = ingest_file(write(tmp_path, "russia-notes.txt", b"\x1b[2J\x1b[0m\n\n\x1b[1m\n"))
    assert brief.title == "russia-notes"


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_front_matter_gives_title_and_author_and_is_kept_in_the_text() -> None:
    path = FIXTURES / "front-matter.md"
    brief = ingest_file(path)

    assert brief.title == "Energy corridors and the SCO"
    assert brief.author == "Jane Analyst"
    assert brief.format == "markdown"
    assert brief.text == path.read_text(encoding="utf-8")
    assert brief.text.startswith("---\ntitle:")


def test_markdown_setext_heading_is_the_title_without_its_markup() -> None:
    path = FIXTURES / "setext.md"
    brief = ingest_file(path)

    assert brief.title == "Pak-Russia ties and the new start"
    assert brief.author is None
    assert brief.text == path.read_text(encoding="utf-8")


def test_markdown_atx_heading_inside_a_code_block_is_not_a_title(tmp_path: Path) -> None:
    text = (
        "```\n# rm -rf /\n```\n\n## The **real** [heading](https://example.org) `here`\n\nBody.\n"
    )
    brief = ingest_file(write(tmp_path, "code.md", text.encode()))
    assert brief.title == "The real heading here"


def test_markdown_author_list_in_front_matter(tmp_path: Path) -> None:
    text = "---\nauthor:\n  - Jane Analyst\n  - 'O''Brien, Pat'\n---\nText only, no heading.\n"
    brief = ingest_file(write(tmp_path, "authors.markdown", text.encode()))
    assert brief.author == "Jane Analyst, O'Brien, Pat"
    assert brief.title == "Text only, no heading."


def test_overlong_heading_is_shortened_to_120_characters(tmp_path: Path) -> None:
    heading = " ".join(["Sanctions"] * 40)
    brief = ingest_file(write(tmp_path, "long.md", f"# {heading}\n\nBody.\n".encode()))
    assert len(brief.title) <= 120
    assert brief.title.endswith("Sanctions")  # cut at a word, never stored with "…"
    long_sentence = "Officials " + "said the talks would go on " * 8 + "until spring."
    brief = ingest_file(write(tmp_path, "long.txt", f"{long_sentence}\n".encode()))
    assert len(brief.title) <= 120 and "…" not in brief.title
    assert long_sentence.startswith(brief.title)


# --- HTML -------------------------------------------------------------------------------------


def test_html_article_is_extracted_without_boilerplate() -> None:
    brief = ingest_file(FIXTURES / "article.html")

    assert brief.title == "Russia and Pakistan: A Fresh Start"
    assert brief.author == "Jane Analyst"
    assert brief.format == "page"  # Markdown lines, literal words
    assert "exchange of high-level visits from both the sides." in brief.text
    assert "## Energy corridors" in brief.text
    # Emphasis is not marked (a typed quote has no "**"): the words are stored as the page shows.
    assert "Projects such as TAPI and CASA-1000 would" in brief.text and "*" not in brief.text
    assert "“constructive”" in brief.text
    for boilerplate in ("Subscribe", "newsletter", "Related stories", "Cookie", "Copyright"):
        assert boilerplate not in brief.text
    assert "<" not in brief.text
    # Line breaks of the HTML source are not line breaks of the brief.
    assert all(len(line) > 80 for line in brief.text.split("\n") if line.startswith("Pak-"))


def test_html_in_windows_1252_is_decoded_by_its_meta_charset() -> None:
    brief = ingest_file(FIXTURES / "windows-1252.html")

    assert brief.title == "Café diplomacy — “the new start”"
    assert brief.author == "Renée Dupré"
    assert "The minister’s visit cost €2 million" in brief.text
    assert "détente" in brief.text
    assert "\ufffd" not in brief.text
    assert brief.warnings == ()
    assert "Accueil" not in brief.text


def test_html_with_utf16_bom_is_decoded(tmp_path: Path) -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    brief = ingest_file(write(tmp_path, "page.htm", codecs.BOM_UTF16_LE + html.encode("utf-16-le")))
    assert brief.title == "Russia and Pakistan: A Fresh Start"
    assert "exchange of high-level visits" in brief.text


def test_html_fragment_without_document_still_imports(tmp_path: Path) -> None:
    data = b"<p>Only a saved fragment of the brief.</p><p>Its second paragraph.</p>"
    brief = ingest_file(write(tmp_path, "fragment.html", data))
    assert "Only a saved fragment of the brief." in brief.text
    assert "Its second paragraph." in brief.text


def test_html_with_no_text_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.html", b"<html><head><title>x</title></head><body></body></html>")
    with pytest.raises(IngestError, match="no readable text found") as info:
        ingest_file(path)
    assert "blank.html" in str(info.value)


def test_bytes_without_a_suffix_are_sniffed_for_html() -> None:
    data = (FIXTURES / "article.html").read_bytes()
    brief = ingest_bytes(data, "https://example.org/2024/russia-pakistan", source="https://x")
    assert brief.format == "page"
    assert brief.title == "Russia and Pakistan: A Fresh Start"
    assert brief.source == "https://x"
    plain = ingest_bytes(b"Just words.\n", "<clipboard>")
    assert plain.format == "text"


def test_format_argument_overrides_the_suffix() -> None:
    brief = ingest_bytes(b"# Heading\n\nBody.\n", "notes.txt", fmt="markdown")
    assert brief.format == "markdown"
    assert brief.title == "Heading"


# --- encodings, hashes, hostile input ---------------------------------------------------------


def test_crlf_and_lf_versions_are_one_brief(tmp_path: Path) -> None:
    lf = ingest_file(write(tmp_path, "lf.txt", BRIEF.encode()))
    crlf = ingest_file(write(tmp_path, "crlf.txt", BRIEF.replace("\n", "\r\n").encode()))
    other = ingest_file(write(tmp_path, "other.txt", (BRIEF + "More.\n").encode()))

    assert crlf.text == lf.text
    assert crlf.content_hash == lf.content_hash
    assert other.content_hash != lf.content_hash


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
    ],
)
def test_unicode_files_with_a_bom(tmp_path: Path, bom: bytes, codec: str) -> None:
    utf8 = ingest_file(write(tmp_path, "plain.txt", BRIEF.encode()))
    brief = ingest_file(write(tmp_path, f"{codec}.txt", bom + BRIEF.encode(codec)))

    assert brief.text == BRIEF
    assert brief.title == "Pakistan and Russia"
    assert brief.content_hash == utf8.content_hash
    assert brief.warnings == ()


def test_utf16_text_with_nul_characters_imports(tmp_path: Path) -> None:
    text = "Title\x00 with NUL\n\nBody\x00text.\n"
    brief = ingest_file(write(tmp_path, "nul.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    # NUL becomes U+FFFD (no database backend may refuse the text), one for one.
    assert brief.text == text.replace("\x00", "\ufffd")
    assert brief.title == "Title with NUL"
    assert any("2 NUL character(s) replaced" in w for w in brief.warnings)


def test_terminal_escapes_stay_in_the_text_but_not_in_the_title(tmp_path: Path) -> None:
    text = (
        "\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07Quarterly \x1b[31moutlook\x1b[0m\u202e\n"
        "\n"
        "Body with a \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ in it.\n"
    )
    brief = ingest_file(write(tmp_path, "escapes.txt", text.encode()))

    assert brief.text == text
    assert brief.title == "Quarterly outlook"
    assert_clean_title(brief.title)


def test_binary_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + b"\x00" * 64
    path = write(tmp_path, "picture.txt", png)
    with pytest.raises(IngestError) as info:
        ingest_file(path)
    assert "picture.txt" in str(info.value)
    assert "binary" in str(info.value)


def test_text_with_a_few_latin_bytes_is_read_as_windows_1252_with_a_warning(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "latin.txt", b"Caf\xe9 diplomacy\n\nThe d\xe9tente held.\n")
    brief = ingest_file(path)

    assert brief.text == "Café diplomacy\n\nThe détente held.\n"
    assert brief.title == "Café diplomacy"
    assert brief.warnings == (
        f"{path}: not valid UTF-8; read as windows-1252 "
        "(assumed: too few bytes to detect an encoding)",
    )


def test_utf8_with_a_stray_byte_imports_with_a_replacement_and_a_warning(tmp_path: Path) -> None:
    path = write(
        tmp_path, "damaged.txt", "Café diplomacy\n\nThe détente".encode() + b"\xff held.\n"
    )
    brief = ingest_file(path)

    assert brief.text == "Café diplomacy\n\nThe détente\ufffd held.\n"
    assert len(brief.warnings) == 1
    assert "damaged.txt" in brief.warnings[0]
    assert "not valid UTF-8" in brief.warnings[0]


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n\n", codecs.BOM_UTF8 + b"\n\n"])
def test_empty_files_are_refused(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(IngestError, match="empty file") as info:
        ingest_file(write(tmp_path, "empty.md", content))
    assert "empty.md" in str(info.value)


def test_unsupported_and_missing_files_are_refused_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"report\.pdf.*unsupported"):
        ingest_file(write(tmp_path, "report.pdf", b"%PDF-1.7"))
    with pytest.raises(IngestError, match=r"gone\.txt"):
        ingest_file(tmp_path / "gone.txt")


def test_titles_are_always_clean(tmp_path: Path) -> None:
    samples = [
        b"\x01\x07Title\x7f with \xc2\x85 C1\x08\n\n" + b"Body text. " * 10,
        b"# \x1b]0;pwned\x07Heading\t\twith\ttabs\n",
        "\u200bZero\u200b width \u2066isolate\u2069\n\nBody".encode(),
        b"x" * 5000,
    ]
    for index, data in enumerate(samples):
        suffix = ".md" if data.startswith(b"#") else ".txt"
        assert_clean_title(ingest_file(write(tmp_path, f"s{index}{suffix}", data)).title)


# --- finding files ----------------------------------------------------------------------------


def test_iter_brief_files_expands_folders_and_explains_refusals(tmp_path: Path) -> None:
    root = tmp_path / "briefs"
    for name in [
        "b.txt",
        "a.MD",
        "notes.pdf",
        "sub/z.html",
        "sub/deeper/c.htm",
        "sub/image.png",
        ".hidden.txt",
        ".git/config.txt",
        "sub/.cache/d.md",
    ]:
        write(root, name, b"text")
    single = write(tmp_path, "single.markdown", b"# x")
    unsupported = write(tmp_path, "slides.pptx", b"x")
    missing = tmp_path / "missing.txt"

    found = list(iter_brief_files([root, single, unsupported, missing, root / "b.txt"]))

    # Each folder's files (sorted) come before its subfolders (sorted).
    assert found[:4] == [
        (root / "a.MD", None),
        (root / "b.txt", None),
        (root / "sub" / "z.html", None),
        (root / "sub" / "deeper" / "c.htm", None),
    ]
    assert found[4] == (single, None)
    assert found[5][0] == unsupported
    assert found[5][1] is not None and "unsupported" in found[5][1]
    assert found[6][0] == missing
    assert found[6][1] is not None and "no such file" in found[6][1]
    assert len(found) == 7  # b.txt named again is not imported twice


def test_supported_suffixes() -> None:
    assert {".txt", ".text", ".md", ".markdown", ".html", ".htm"} == SUPPORTED_SUFFIXES
