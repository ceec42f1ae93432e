"""Wrapping and the offset <-> cell mapping of briefreader.text.layout."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, get_character_cell_size

from briefreader.text.display import display_safe
from briefreader.text.layout import (
    SIMPLE_CHARS,
    WIDE_CHARS,
    Layout,
    cluster_codes,
)


def rows(layout: Layout) -> list[str]:
    return [layout.text[slice(*layout.row_span(r))] for r in range(layout.row_count)]


def cursor_positions(layout: Layout) -> list[int]:
    """Every offset the cursor may rest on: cluster starts and line ends."""
    positions: list[int] = []
    for row in range(layout.row_count):
        positions.extend(layout.row_geometry(row).offsets)
        if layout.is_line_end_row(row):
            positions.append(layout.row_span(row)[1])
    return positions


# -- examples a reader would notice ---------------------------------------------------------


def test_words_wrap_at_spaces_and_trailing_space_stays_on_its_row() -> None:
    layout = Layout("the quick brown fox jumps", 10)
    assert rows(layout) == ["the quick ", "brown fox ", "jumps"]


def test_word_longer_than_width_is_broken_hard() -> None:
    layout = Layout("a supercalifragilistic word", 8)
    assert rows(layout) == ["a ", "supercal", "ifragili", "stic ", "word"]


def test_blank_lines_stay_as_empty_rows() -> None:
    layout = Layout("one\n\ntwo\n", 20)
    assert rows(layout) == ["one", "", "two", ""]
    assert layout.row_span(1) == (4, 4)
    assert layout.row_of(4) == 1
    assert layout.row_of(len(layout.text)) == 3


def test_empty_text_is_one_empty_row() -> None:
    layout = Layout("", 10)
    assert layout.row_count == 1
    assert layout.row_span(0) == (0, 0)
    assert layout.offset_to_cell(0) == (0, 0)
    assert layout.cell_to_offset(5, 5) == 0


def test_line_end_maps_after_the_last_character() -> None:
    layout = Layout("abc\ndef", 10)
    assert layout.offset_to_cell(3) == (0, 3)  # the newline position
    assert layout.offset_to_cell(7) == (1, 3)  # end of text
    assert layout.cell_to_offset(0, 50) == 3
    assert layout.cell_to_offset(1, 50) == 7


def test_clicking_past_a_wrapped_row_stays_on_that_row() -> None:
    layout = Layout("hello world", 6)
    assert rows(layout) == ["hello ", "world"]
    assert layout.cell_to_offset(0, 30) == 5  # the trailing space, not "w" on the next row
    assert layout.row_of(layout.cell_to_offset(0, 30)) == 0


def test_cjk_characters_take_two_cells() -> None:
    layout = Layout("中文字符测试", 5)
    assert rows(layout) == ["中文", "字符", "测试"]
    assert layout.offset_to_cell(1) == (0, 2)
    assert layout.cell_to_offset(0, 3) == 1  # the right half of 文 is still 文
    assert layout.row_cells(0) == 4


def test_wide_character_wider_than_the_row_gets_a_row_of_its_own() -> None:
    layout = Layout("a中b", 1)
    assert rows(layout) == ["a", "中", "b"]


def test_combining_mark_stays_with_its_letter() -> None:
    text = "cafe\u0301 ok"
    layout = Layout(text, 4)
    assert rows(layout) == ["cafe\u0301", " ok"]
    assert layout.offset_to_cell(4) == (0, 3)  # the mark is drawn on the e
    assert layout.next_position(3) == 5
    assert layout.prev_position(5) == 3
    assert layout.snap(4) == 3


def test_emoji_zwj_sequence_is_one_cluster() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    layout = Layout(f"a{family}b", 20)
    geometry = layout.row_geometry(0)
    assert geometry.offsets == (0, 1, 6)
    assert layout.next_position(1) == 6
    assert cell_len(layout.text) == layout.row_cells(0)


def test_tab_advances_to_the_next_stop() -> None:
    layout = Layout("a\tbc\td", 20, tab_size=4)
    assert layout.offset_to_cell(2) == (0, 4)
    assert layout.offset_to_cell(5) == (0, 8)
    assert layout.row_geometry(0).texts[1] == "   "


def test_tab_is_clipped_at_the_row_end() -> None:
    layout = Layout("abc\tdef", 5, tab_size=8)
    assert rows(layout) == ["abc\t", "def"]
    assert layout.row_cells(0) == 5


def test_orphan_combining_mark_is_drawn_on_a_dotted_circle() -> None:
    layout = Layout("\u0301x", 10)
    geometry = layout.row_geometry(0)
    assert geometry.texts[0] == "\u25cc\u0301"
    assert layout.offset_to_cell(1) == (0, 1)


def test_invalid_width_is_refused() -> None:
    with pytest.raises(ValueError):
        Layout("x", 0)
    with pytest.raises(ValueError):
        Layout("x", 10, tab_size=0)


def test_example_brief_wraps_within_width(example_text: str) -> None:
    layout = Layout(display_safe(example_text), 72)
    assert layout.row_count > 50
    assert all(len(row) <= 72 for row in rows(layout))
    assert "".join(rows(layout)) == example_text.replace("\n", "")


@pytest.fixture
def example_text() -> str:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "examples" / "pakistan-russia-ties.txt"
    return path.read_text(encoding="utf-8")


# -- the character tables agree with rich ----------------------------------------------------


def _chars_of_class(ranges: str) -> list[str]:
    pattern = re.compile(f"[{ranges}]")
    return [chr(c) for c in range(0x20, 0x10000) if pattern.match(chr(c))]


def test_simple_characters_are_one_cell_in_rich() -> None:
    wrong = [c for c in _chars_of_class(SIMPLE_CHARS) if get_character_cell_size(c) != 1]
    assert wrong == []


def test_wide_characters_are_two_cells_in_rich() -> None:
    wrong = [c for c in _chars_of_class(WIDE_CHARS) if get_character_cell_size(c) != 2]
    assert wrong == []


# -- properties ------------------------------------------------------------------------------

_TRICKY = [
    *"abcdefghij",
    *"     ",
    "\n",
    "\t",
    "中",
    "文",
    "，",
    "😀",
    "👍",
    "\u200d",
    "\ufe0f",
    "\u0301",
    "\u20e3",
    "©",
    "1",
    "é",
    "’",
    "—",
    "Ω",
    "\u0e31",  # Thai vowel sign, zero width
    "\uff21",  # fullwidth A
]

texts = st.one_of(
    st.text(alphabet=st.sampled_from(_TRICKY), max_size=300),
    st.text(max_size=200).map(display_safe),
    st.lists(st.sampled_from(["word", "averyveryverylongword", " ", "\n", "中文"])).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(text=texts, width=st.integers(1, 120), tab_size=st.integers(1, 8))
def test_rows_cover_every_character_once_in_order(text: str, width: int, tab_size: int) -> None:
    layout = Layout(text, width, tab_size)
    assert "".join(rows(layout)) == text.replace("\n", "")
    expected_start = 0
    for row in range(layout.row_count):
        start, end = layout.row_span(row)
        assert start == expected_start
        assert end >= start
        expected_start = end + 1 if layout.is_line_end_row(row) else end
        if not layout.is_line_end_row(row):
            assert end > start
    assert expected_start == len(text) + 1


@settings(max_examples=300, deadline=None)
@given(text=texts, width=st.integers(1, 120), tab_size=st.integers(1, 8))
def test_no_row_is_wider_than_the_width(text: str, width: int, tab_size: int) -> None:
    layout = Layout(text, width, tab_size)
    for row in range(layout.row_count):
        cells = layout.row_cells(row)
        assert cells <= width or len(layout.row_geometry(row).offsets) == 1


@settings(max_examples=300, deadline=None)
@given(text=texts, width=st.integers(1, 120), tab_size=st.integers(1, 8))
@example(text="\u200d\u200d\t", width=2, tab_size=1)  # two joiners before a tab
def test_drawn_text_measures_what_the_layout_says(text: str, width: int, tab_size: int) -> None:
    # Textual places segments by rich's cell_len; if the two disagreed, columns would drift.
    layout = Layout(text, width, tab_size)
    for row in range(layout.row_count):
        geometry = layout.row_geometry(row)
        assert cell_len("".join(geometry.texts)) == layout.row_cells(row) == geometry.cells
        edges = [*geometry.cols, geometry.cells]
        for index, drawn in enumerate(geometry.texts):
            assert cell_len(drawn) == edges[index + 1] - edges[index]


@settings(max_examples=300, deadline=None)
@given(text=texts, width=st.integers(1, 120), tab_size=st.integers(1, 8))
def test_offset_cell_offset_round_trips(text: str, width: int, tab_size: int) -> None:
    layout = Layout(text, width, tab_size)
    positions = cursor_positions(layout)
    assert positions == sorted(set(positions))
    assert positions[-1] == len(text)
    for offset in positions:
        row, col = layout.offset_to_cell(offset)
        start, end = layout.row_span(row)
        assert start <= offset <= end
        assert layout.cell_to_offset(row, col) == offset
    for offset in range(len(text) + 1):
        # Offsets inside a cluster go to the cluster's cell and come back as its start.
        back = layout.cell_to_offset(*layout.offset_to_cell(offset))
        assert back <= offset
        assert back in positions


@settings(max_examples=200, deadline=None)
@given(text=texts, width=st.integers(1, 40))
def test_next_and_prev_position_walk_every_cursor_position(text: str, width: int) -> None:
    layout = Layout(text, width)
    positions = cursor_positions(layout)
    walked = [0]
    while walked[-1] < len(text):
        walked.append(layout.next_position(walked[-1]))
    assert walked == positions
    back = [len(text)]
    while back[-1] > 0:
        back.append(layout.prev_position(back[-1]))
    assert back == positions[::-1]


def test_cluster_codes_mark_one_base_per_cluster() -> None:
    assert cluster_codes("ab") == "11"
    assert cluster_codes("a\u0301") == "10"
    assert cluster_codes("中") == "2"
    assert cluster_codes("1\ufe0f\u20e3") == "200"  # keycap: VS16 widens the digit
    assert cluster_codes("a\u200db") == "100"
    assert cluster_codes("\t") == "T"


def test_line_span_finds_the_whole_line() -> None:
    layout = Layout("ab cd ef\n\nxyz", 3)
    assert layout.line_span(4) == (0, 8)
    assert layout.line_span(8) == (0, 8)
    assert layout.line_span(9) == (9, 9)
    assert layout.line_span(13) == (10, 13)


# -- hanging indents (list items and block quotes of a rendered Markdown brief) ----------------


def test_continuation_rows_of_a_hanging_line_are_indented_and_narrower() -> None:
    text = "intro line\n• one two three four five six seven eight nine ten\nlast"
    item = text.index("•")
    layout = Layout(text, 20, hanging={item: 2})
    shown = rows(layout)
    assert shown[1] == "• one two three "
    for row in range(2, layout.row_count - 1):
        assert layout.row_indent(row) == 2
        assert layout.row_cells(row) <= 20
        assert len(shown[row]) <= 18
    assert layout.row_indent(1) == 0 and layout.row_indent(layout.row_count - 1) == 0
    # Columns count the indent, both ways.
    second = layout.row_span(2)[0]
    assert layout.offset_to_cell(second) == (2, 2)
    assert layout.cell_to_offset(2, 2) == second
    assert layout.cell_to_offset(2, 0) == second  # a cell of the indent: the row's first
    assert layout.cell_to_offset(2, 3) == second + 1
    assert "".join(shown) == text.replace("\n", "")


def test_a_hanging_line_of_wide_characters_wraps_narrower_too() -> None:
    text = "• " + "漢字" * 20
    layout = Layout(text, 20, hanging={0: 2})
    assert layout.row_count > 2
    for row in range(1, layout.row_count):
        assert layout.row_indent(row) == 2
        assert layout.row_cells(row) <= 20
    start = layout.row_span(1)[0]
    assert layout.offset_to_cell(start) == (1, 2)
    assert layout.cell_to_offset(1, 2) == start


def test_no_hanging_indent_when_the_rows_left_would_be_too_narrow() -> None:
    text = "• " + "word " * 20
    assert Layout(text, 14, hanging={0: 6}).row_indent(1) == 0
    assert Layout(text, 40, hanging={0: 6}).row_indent(1) == 6
