"""Properties over arbitrary and hostile text: decoding, the display-safe view, wrapping, the
offset <-> cell mapping and sentence boundaries never break their invariants.

These extend the properties of tests/unit (test_decode, test_layout, test_boundaries) rather than
repeat them: the unit properties draw mostly ordinary prose characters, these draw from what a
hostile brief holds (escape sequences, C0/C1 controls, NUL, DEL, bidi controls, zero-width and
joiner characters, combining marks, emoji sequences, wide CJK, right-to-left letters, tabs, CR),
run every text through the display-safe view the reader draws from, and add invariants the unit
tests do not state: decoding is a fixed point and never yields CR or lone surrogates, import
never stores NUL, the display-safe view is itself idempotent and leaves nothing a terminal would
act on or measure differently, and sentences cover every visible character.

Kept fast (a few seconds in all): small texts, a few hundred examples each.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from briefreader.ingest import IngestError, ingest_bytes
from briefreader.ingest.charsets import decode_text
from briefreader.text.boundaries import paragraph_spans, sentence_at, sentence_spans
from briefreader.text.decode import BinaryFileError, decode_bytes
from briefreader.text.display import display_safe, is_display_safe
from briefreader.text.layout import Layout
from briefreader.text.validate import NUL_REPLACEMENT
from tests.unit.test_layout import cursor_positions, rows

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces a hostile brief is made of (several characters long where a sequence is the point).
HOSTILE_PIECES = [
    "\x1b[2J", "\x1b]52;c;ZXZpbA==\x07", "\x1b]8;;https://e.x/\x1b\\", "\x1bP$q\x1b\\", "\x1b",
    "\x9b", "\x9d", "\x9c", "\x85", "\x00", "\x7f", "\x07", "\x08", "\x0b", "\x0c", "\x1c",
    "\r", "\r\n", "\n", "\n\n", "\t", " ", " ", " ", "[@click=app.quit]", "[/]",
    "\u202e", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2028", "\u2029",
    "\u0301", "\u0336", "\u20e3", "\ufe0f", "\U0001f3fd",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f3f3\ufe0f\u200d\U0001f308",
    "1\ufe0f\u20e3",
    "\U0001f44d", "中文", "。", "한국어", "مرحبا", "שלום", "۔ ",
    "word", "Word", ". ", "? ", "! ", "“", "”", "(", ")", "x", "e\u0301",
]  # fmt: skip

hostile_text = st.lists(st.sampled_from(HOSTILE_PIECES), max_size=60).map("".join)
any_text = st.one_of(hostile_text, st.text(max_size=80))
# What the layout is built from in the reader: the display-safe view (CR is gone by then).
shown_text = any_text.map(lambda t: display_safe(t.replace("\r", "\n")))

_ENCODINGS = [
    (b"", "utf-8"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
]
encoded = st.one_of(
    st.binary(max_size=120),
    st.tuples(st.sampled_from(_ENCODINGS), any_text).map(lambda p: p[0][0] + p[1].encode(p[0][1])),
    # A BOM followed by odd bytes: truncated code units, unpaired surrogates.
    st.tuples(st.sampled_from([b for b, _ in _ENCODINGS if b]), st.binary(max_size=40)).map(
        lambda p: p[0] + p[1]
    ),
)

_SURROGATE = re.compile("[\ud800-\udfff]")


# --- decoding and import ----------------------------------------------------------------------


@SETTINGS
@given(encoded)
def test_decoding_is_a_fixed_point_without_cr_or_surrogates(data: bytes) -> None:
    try:
        decoded = decode_bytes(data, "x.txt")
    except BinaryFileError:
        return
    text = decoded.text
    assert "\r" not in text
    assert not _SURROGATE.search(text)
    text.encode("utf-8")  # storable and exportable as UTF-8
    # The stored text, written back as UTF-8 (with a BOM, so that nothing is guessed), decodes
    # to itself: importing an export of it changes no offset.
    again = decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8"), "x.txt")
    assert again.text == text and again.warnings == ()


@SETTINGS
@given(encoded)
def test_import_never_stores_nul_and_keeps_offsets(data: bytes) -> None:
    try:
        decoded = decode_text(data, "x.txt")  # as a text file is read: legacy encodings too
        brief = ingest_bytes(data, "x.txt")
    except (BinaryFileError, IngestError):
        return
    assert "\x00" not in brief.text and "\r" not in brief.text
    # Only NUL is replaced, one character for one: every offset still points where it did.
    assert len(brief.text) == len(decoded.text)
    assert brief.text == decoded.text.replace("\x00", NUL_REPLACEMENT)
    assert ingest_bytes(codecs.BOM_UTF8 + brief.text.encode("utf-8"), "x.txt").text == brief.text


# --- the display-safe view --------------------------------------------------------------------

_TERMINAL_ACTS_ON = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u061c\u200b\u200c\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# A joiner may only be drawn between symbols (emoji); between letters, digits or marks it joins
# nothing on a terminal. The keycap mark and the emoji variation selector end an emoji.
_JOINABLE_END = "\ufe0f\u20e3"


def _joins_symbols(shown: str, i: int) -> bool:
    if i == 0 or i + 1 >= len(shown):
        return False
    before, after = shown[i - 1], shown[i + 1]
    word_like = ("L", "M", "N", "Z", "C")
    return (before in _JOINABLE_END or unicodedata.category(before)[0] not in word_like) and (
        unicodedata.category(after)[0] not in word_like
    )


@SETTINGS
@given(any_text)
def test_display_view_is_safe_idempotent_and_keeps_offsets(text: str) -> None:
    shown = display_safe(text)
    assert len(shown) == len(text)
    assert is_display_safe(shown)
    assert display_safe(shown) == shown
    assert not _TERMINAL_ACTS_ON.search(shown)
    assert not _INVISIBLE.search(shown)
    # A joiner between two ordinary characters is invisible, and rich (so the layout) counts
    # the character after it as zero cells while a terminal draws it: the row would drift.
    # Only a joiner inside an emoji sequence, where both agree, may be drawn raw.
    for match in re.finditer("\u200d", shown):
        assert _joins_symbols(shown, match.start())
    for original, drawn in zip(text, shown, strict=True):
        if original != drawn:
            assert drawn.isprintable() and cell_len(drawn) == 1


# --- wrapping and the offset <-> cell mapping ---------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(shown_text, st.integers(1, 100), st.integers(1, 8))
def test_layout_of_hostile_text_keeps_every_invariant(text: str, width: int, tab: int) -> None:
    layout = Layout(text, width, tab)
    # Every character on exactly one row, in order; newlines on none.
    assert "".join(rows(layout)) == text.replace("\n", "")
    for row in range(layout.row_count):
        geometry = layout.row_geometry(row)
        # No row wider than the width, unless it holds one cluster that is itself wider.
        assert geometry.cells <= width or len(geometry.offsets) == 1
        # What is drawn measures what the layout says (Textual places segments by cell_len).
        assert cell_len("".join(geometry.texts)) == geometry.cells
        # Nothing drawn is a control character, whatever the brief held.
        assert not _TERMINAL_ACTS_ON.search("".join(geometry.texts))
    # Every cursor position maps to a cell and back; every offset lands in range.
    positions = cursor_positions(layout)
    assert positions[-1] == len(text)
    for offset in positions:
        assert layout.cell_to_offset(*layout.offset_to_cell(offset)) == offset
    for offset in range(-2, len(text) + 3):
        row, col = layout.offset_to_cell(offset)
        assert 0 <= row < layout.row_count and col >= 0
        assert 0 <= layout.snap(offset) <= len(text)


# --- sentence boundaries ----------------------------------------------------------------------


@SETTINGS
@given(any_text.map(lambda t: t.replace("\r", "\n")))
def test_sentences_cover_every_visible_character_once(text: str) -> None:
    spans = sentence_spans(text)
    covered = [False] * len(text)
    last_end = 0
    for start, end in spans:
        assert 0 <= last_end <= start < end <= len(text)
        for i in range(start, end):
            covered[i] = True
        last_end = end
    for i, char in enumerate(text):
        assert covered[i] or char.isspace(), f"{char!r} at {i} is in no sentence"
    # Sentences never cross a paragraph break, and `s` anywhere selects the sentence there.
    for start, end in spans:
        assert any(p <= start and end <= q for p, q in paragraph_spans(text))
        assert sentence_at(text, start) == (start, end)
        assert sentence_at(text, end - 1) == (start, end)
