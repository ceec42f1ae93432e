"""Decoding and normalisation: encodings, CRLF, invalid UTF-8, binary files, escapes, and the
display-safe view that keeps offsets."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from briefreader.ingest import IngestError, ingest_file
from briefreader.text.decode import (
    BinaryFileError,
    binary_reason,
    decode_bytes,
    normalise_newlines,
)
from briefreader.text.display import display_safe, is_display_safe

SAMPLE = "Putin’s visit — “a major shift.”\nSecond line 東京 ✓\n"


@pytest.mark.parametrize(
    ("bom", "codec", "label"),
    [
        (b"", "utf-8", "utf-8"),
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_encodings_with_and_without_bom(bom: bytes, codec: str, label: str) -> None:
    decoded = decode_bytes(bom + SAMPLE.encode(codec), "x.txt")
    assert decoded.text == SAMPLE  # the BOM is not part of the text
    assert decoded.encoding == label
    assert decoded.warnings == ()


def test_crlf_and_lone_cr_become_lf_and_nothing_else_changes() -> None:
    raw = "a\r\nb\rc\n\r\nd\t e  \u00a0f\r"
    assert normalise_newlines(raw) == "a\nb\nc\n\nd\t e  \u00a0f\n"
    assert decode_bytes(raw.encode(), "crlf.txt").text == "a\nb\nc\n\nd\t e  \u00a0f\n"


def test_crlf_file_imports_with_lf_offsets(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"Title line\r\n\r\nFirst para.\r\nStill first.\r\n")
    lf = tmp_path / "lf.txt"
    lf.write_bytes(b"Title line\n\nFirst para.\nStill first.\n")
    a, b = ingest_file(crlf), ingest_file(lf)
    assert "\r" not in a.text
    assert a.text == b.text and a.content_hash == b.content_hash
    assert a.text.index("First") == 12


def test_utf16_file_with_bom_imports(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(
        codecs.BOM_UTF16_LE + "Brief in UTF-16.\r\nΑθήνα and 東京.".encode("utf-16-le")
    )
    brief = ingest_file(path)
    assert brief.text == "Brief in UTF-16.\nΑθήνα and 東京."
    assert brief.warnings == ()


def test_invalid_utf8_is_replaced_and_reported_not_fatal() -> None:
    decoded = decode_bytes(b"caf\xe9 and more text \xff\xfe here", "latin.txt")
    assert decoded.text == "caf\ufffd and more text \ufffd\ufffd here"
    assert len(decoded.warnings) == 1
    assert "latin.txt" in decoded.warnings[0] and "offset 3" in decoded.warnings[0]


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"text at first\x00\x00\x00then NULs",
        bytes(range(0, 32)) * 40,
    ],
)
def test_binary_is_refused_naming_the_file(data: bytes, tmp_path: Path) -> None:
    with pytest.raises(BinaryFileError, match=r"picture\.txt.*binary"):
        decode_bytes(data, "picture.txt")
    path = tmp_path / "picture.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=r"picture\.txt"):
        ingest_file(path)


def test_legacy_bytes_are_no_sign_of_a_binary_file_where_legacy_text_may_be() -> None:
    russian = "Пакистан и Россия: новая страница в отношениях.".encode("cp1251")
    assert binary_reason(russian) == "it is mostly bytes that are not UTF-8 text"
    assert binary_reason(russian, legacy=True) is None
    assert binary_reason(russian + b"\x00", legacy=True) == "it contains NUL bytes"
    assert binary_reason(bytes(range(1, 32)) * 4, legacy=True) == "it is mostly non-text bytes"


def test_escape_sequences_are_kept_in_text_but_displayed_safely(tmp_path: Path) -> None:
    hostile = (
        "Clear \x1b[2J screen, OSC 52 \x1b]52;c;ZXZpbA==\x07 clipboard, C1 \x9b31m, "
        "DEL \x7f, NUL-free bell \x07, [bold]markup[/] stays text.\n"
    )
    path = tmp_path / "escapes.txt"
    path.write_bytes(hostile.encode("utf-8"))
    brief = ingest_file(path)
    assert brief.text == hostile  # stored verbatim: offsets refer to what the author wrote
    assert "\x1b" not in brief.title and "\x07" not in brief.title
    shown = display_safe(brief.text)
    assert len(shown) == len(brief.text)
    assert not any(ch in shown for ch in "\x1b\x07\x9b\x7f")
    assert "␛[2J" in shown and "␛]52;c;ZXZpbA==␇" in shown and "␡" in shown
    assert "[bold]markup[/]" in shown
    assert is_display_safe(shown) and not is_display_safe(brief.text)


def test_display_safe_keeps_offsets_for_every_control_and_invisible() -> None:
    text = "".join(chr(c) for c in range(0x00, 0xA0)) + "\u202e\u2066\u2069\u200b\ufeffok"
    shown = display_safe(text)
    assert len(shown) == len(text)
    for original, visible in zip(text, shown, strict=True):
        if original in "\t\n" or 0x20 <= ord(original) < 0x7F or original in "ok":
            assert visible == original
        else:
            assert visible != original and visible.isprintable()
