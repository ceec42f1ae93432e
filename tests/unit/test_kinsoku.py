"""CJK line breaking in the reader's wrap (briefreader.text.kinsoku via text.layout): no row of
Chinese or Japanese begins with a closing mark or ends with an opening one, rows still fit the
width in cells and cover the text exactly, and Latin text wraps as it always did.

The prohibited characters are written out here from the JLREQ and clreq tables rather than
taken from the module, so a character dropped from the module's tables fails these tests.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from briefreader.text.layout import Layout
from tests.unit.test_layout import cursor_positions, rows

# Characters that must not begin a row (JLREQ cl-02..07, 09..11; clreq 6.1.1).
NO_START = (
    "、。，．・：；？！ー」』）】〕〉》〙〗〟’”｝］ゝゞ々〜～"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
# The ASCII ones, which must not begin a row when a CJK character ends the row before.
NO_START_AFTER_CJK = ",.:;?!)]}"
# Characters that must not end a row (JLREQ cl-01).
NO_END = "「『（【〔〈《〘〖〝｛［"
# Opening quotes and brackets of one cell: not at a row end when CJK begins the next row.
NO_END_BEFORE_CJK = "‘“([{"

JAPANESE = (
    "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした"
    "所でニャーニャー泣いていた事だけは記憶している。吾輩はここで始めて人間というものを見た。"
    "「しかもあとで聞くとそれは書生という人間中で一番獰悪な種族であったそうだ。」『この書生と"
    "いうのは時々我々を捕えて煮て食うという話である。』しかしその当時は何という考もなかったから"
    "別段恐しいとも思わなかった。ただ彼の掌に載せられてスーと持ち上げられた時何だかフワフワした"
    "感じがあったばかりである。（掌の上で少し落ちついて書生の顔を見たのがいわゆる人間というもの"
    "の見始であろう。）この時妙なものだと思った感じが今でも残っている。ちょっと待って！本当？"
    "【注】ウィキペディア、ヴァイオリン、ティーカップ、チェックイン……そして——終わり。"
)
CHINESE = (
    "据新华社报道，国家统计局今天发布的数据显示，全国居民人均可支配收入为四万一千元，比上年增长"
    "百分之五点三。他说：“这是一个好消息。”《人民日报》评论称，经济运行总体平稳……专家认为——"
    "这一趋势还将持续。〔编者按〕本文观点仅代表作者本人；欢迎读者来信：（地址见下）！【完】"
    "中文里也常见半角标点,例如这样.还有这样;以及这样:或者这样?甚至这样!(括号)[方括号]{花括号}"
    "还有“引号”和‘单引号’。iPhone和Android用户都可以在App Store下载这个应用程序。"
)
# From 8 cells: the longest run that no rule lets us split ("ニャー", "下）！") is 6 cells.
WIDTHS = (8, 9, 10, 11, 12, 13, 15, 16, 17, 19, 20, 23, 24, 31, 40, 41, 57, 80)


def _is_cjk_char(char: str) -> bool:
    return cell_len(char) == 2


def _check_rows(text: str, width: int) -> list[str]:
    """The rows of ``text`` at ``width``, having checked every rule this file is about."""
    layout = Layout(text, width)
    shown = rows(layout)
    # The rows cover the text exactly, in order, each offset once.
    assert "".join(shown) == text.replace("\n", "")
    expected_start = 0
    for row in range(layout.row_count):
        start, end = layout.row_span(row)
        assert start == expected_start
        expected_start = end + 1 if layout.is_line_end_row(row) else end
    assert expected_start == len(text) + 1
    for row, piece in enumerate(shown):
        assert cell_len(piece) == layout.row_cells(row) <= width, (width, piece)
        if layout.is_line_end_row(row):
            continue
        following = shown[row + 1]
        assert following[0] not in NO_START, (width, piece, following)
        assert piece[-1] not in NO_END, (width, piece, following)
        if _is_cjk_char(piece[-1]):
            assert following[0] not in NO_START_AFTER_CJK, (width, piece, following)
        if _is_cjk_char(following[0]):
            assert piece[-1] not in NO_END_BEFORE_CJK, (width, piece, following)
    return shown


def _naive_rows(text: str, width: int) -> list[str]:
    """Rows filled cell by cell with no rules at all: what a plain CJK wrap would show."""
    out: list[str] = []
    row = ""
    for char in text:
        if cell_len(row + char) > width:
            out.append(row)
            row = ""
        row += char
    return [*out, row]


# -- the rules hold on real paragraphs -------------------------------------------------------


def test_the_paragraphs_would_break_the_rules_without_kinsoku() -> None:
    # So the tests below can fail: filled cell by cell, rows would begin with "。", "，", ...
    bad_starts = {
        following[0]
        for text in (JAPANESE, CHINESE)
        for width in WIDTHS
        for following in _naive_rows(text, width)[1:]
        if following[0] in NO_START + NO_START_AFTER_CJK
    }
    bad_ends = {
        row[-1]
        for text in (JAPANESE, CHINESE)
        for width in WIDTHS
        for row in _naive_rows(text, width)[:-1]
        if row[-1] in NO_END
    }
    assert {"。", "、", "，", "」", "）", "ー", "っ", "ャ", "々", ".", ")"} <= bad_starts
    assert {"「", "（", "《"} <= bad_ends


def test_japanese_rows_never_begin_with_closing_marks_or_end_with_opening_ones() -> None:
    for width in WIDTHS:
        _check_rows(JAPANESE, width)


def test_chinese_rows_never_begin_with_closing_marks_or_end_with_opening_ones() -> None:
    for width in WIDTHS:
        _check_rows(CHINESE, width)


def test_paragraphs_of_a_brief_each_follow_the_rules() -> None:
    text = f"{JAPANESE}\n\n{CHINESE}\nAn English line, wrapped at its spaces.\n{JAPANESE}"
    for width in (9, 16, 33, 72):
        _check_rows(text, width)


def test_rows_stay_as_full_as_the_rules_allow() -> None:
    # Breaks between ideographs and kana need no space: a row gives up at most the few cells of
    # the characters pushed down with a closing mark (never half its width to reach a space).
    for text in (JAPANESE, CHINESE.replace("App Store", "AppStore")):
        for width in (20, 40, 80):
            shown = _check_rows(text, width)
            assert all(cell_len(row) >= width - 6 for row in shown[:-1]), (width, shown)


# -- what the reader sees in particular cases -------------------------------------------------


def test_full_stop_pulls_the_character_before_it_down_to_the_next_row() -> None:
    # At 14 cells "吾輩は猫である" fills the row and "。" would begin the next.
    assert rows(Layout("吾輩は猫である。名前はまだ無い。", 14)) == [
        "吾輩は猫であ",
        "る。名前はまだ",
        "無い。",
    ]


def test_comma_and_closing_bracket_stay_with_what_they_close() -> None:
    # Filled cell by cell these would be "他说“你好”" / "，然后走了" and "「今日は" / "」と言っ".
    assert rows(Layout("他说“你好”，然后走了。", 10)) == ["他说“你", "好”，然后", "走了。"]
    assert rows(Layout("「今日は」と言った。", 8)) == ["「今日", "は」と", "言った。"]


def test_opening_bracket_moves_to_the_row_it_opens() -> None:
    # "「" would end the first row at 10 cells: it goes down with what it opens.
    assert rows(Layout("彼はこう「言った」と書いた。", 10)) == [
        "彼はこう",
        "「言った」",
        "と書いた。",
    ]


def test_small_kana_and_prolonged_sound_mark_do_not_begin_a_row() -> None:
    assert rows(Layout("すこしちょっと待って", 8)) == ["すこし", "ちょっと", "待って"]
    assert rows(Layout("わたしはコーヒーが好き", 10)) == ["わたしは", "コーヒーが", "好き"]


def test_dashes_and_ellipses_are_not_split_and_numbers_keep_their_units() -> None:
    assert rows(Layout("专家认为——这", 9)) == ["专家认为", "——这"]
    assert rows(Layout("经济平稳……专", 9)) == ["经济平稳", "……专"]
    assert rows(Layout("增长５０％了", 8)) == ["增长", "５０％了"]


def test_ascii_punctuation_after_cjk_stays_on_the_row() -> None:
    assert rows(Layout("例如这样,还有", 8)) == ["例如这", "样,还有"]
    assert rows(Layout("(括号)和", 5)) == ["(括", "号)和"]
    assert rows(Layout("他说“你好”", 5)) == ["他说", "“你", "好”"]


def test_latin_words_inside_cjk_are_not_split() -> None:
    # Breaks fall between ideographs and Latin words, not inside "iPhone" or "Android".
    assert rows(Layout("用户使用iPhone和Android应用", 12)) == [
        "用户使用",
        "iPhone和",
        "Android应用",
    ]


def test_a_run_of_marks_wider_than_the_row_is_still_wrapped() -> None:
    # Nothing can obey the rules here; the text is shown whole all the same.
    assert rows(Layout("。。。。。。", 4)) == ["。。", "。。", "。。"]
    assert rows(Layout("甲。", 2)) == ["甲", "。"]


def test_latin_text_wraps_as_before() -> None:
    # A row of Latin text may begin with "." after a hard break, and an emoji (which takes the
    # per-cluster path) changes nothing: the CJK rules apply only where there is CJK.
    assert rows(Layout("aaaa.bbbb", 4)) == ["aaaa", ".bbb", "b"]
    assert rows(Layout("say (this) 👍 then, stop.", 7)) == [
        "say ",
        "(this) ",
        "👍 ",
        "then, ",
        "stop.",
    ]
    assert rows(Layout("e\u0301tude (cafe\u0301), ok.", 5)) == [
        "e\u0301tude",
        " ",
        "(cafe\u0301",
        "), ",
        "ok.",
    ]
    assert rows(Layout("“quote” me", 8)) == ["“quote” ", "me"]


def test_korean_wraps_at_spaces_between_words() -> None:
    assert rows(Layout("대한민국의 수도는 서울입니다.", 12)) == [
        "대한민국의 ",
        "수도는 ",
        "서울입니다.",
    ]


def test_cursor_positions_are_those_of_the_characters() -> None:
    # The offsets of every character are unchanged: the cursor steps one character at a time.
    layout = Layout(CHINESE, 13)
    assert cursor_positions(layout) == list(range(len(CHINESE) + 1))
    for offset in range(len(CHINESE)):
        assert layout.cell_to_offset(*layout.offset_to_cell(offset)) == offset


# -- properties ------------------------------------------------------------------------------

_PIECES = [
    *"中文字符測試あいうカタ",
    *"。、，」』）ーっャ「『（“”",
    *",.()!?",
    "——",
    "……",
    " ",
    "a",
    "bc",
    "5",
]
cjk_text = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=cjk_text, width=st.integers(1, 60))
def test_cjk_rows_cover_the_text_and_fit_the_width(text: str, width: int) -> None:
    layout = Layout(text, width)
    assert "".join(rows(layout)) == text
    for row in range(layout.row_count):
        start, end = layout.row_span(row)
        assert row == 0 or start == layout.row_span(row - 1)[1]
        assert end > start or text == ""
        assert layout.row_cells(row) <= width or end - start == 1
    positions = cursor_positions(layout)
    assert positions == list(range(len(text) + 1))


_WORDS = [
    "東京",
    "は",
    "日本",
    "の",
    "首都",
    "です",
    "ニャー",
    "チェック",
    "中国",
    "经济",
    "发展",
    "2024年",
    "iPhone",
    "５０％",
]
_OPEN = ["", "", "「", "（", "《", "“"]
_CLOSE = ["", "", "。", "、", "，", "」。", "）、", "》", "”，", "！", "?", ","]


@st.composite
def cjk_prose(draw: st.DrawFn) -> str:
    """Text made of words, each opened and closed by marks as in real prose."""
    parts = draw(
        st.lists(
            st.tuples(st.sampled_from(_OPEN), st.sampled_from(_WORDS), st.sampled_from(_CLOSE)),
            min_size=1,
            max_size=40,
        )
    )
    return "".join(open_ + word + close for open_, word, close in parts)


@settings(max_examples=300, deadline=None)
@given(text=cjk_prose(), width=st.integers(12, 60))
def test_prose_rows_follow_the_rules_at_any_width(text: str, width: int) -> None:
    # No run that the rules keep together is wider than 12 cells ("「ニャー」。", "（５０％）、"),
    # so at 12 cells or more every rule can be kept.
    _check_rows(text, width)


def test_a_character_is_cjk_exactly_when_the_cjk_class_matches_it() -> None:
    """The check by ranges (no regular expression at launch) answers as the class does, for
    every code point up to the end of the supplementary ideographs and past it."""
    import re

    from briefreader.text import kinsoku

    cjk_class = re.compile(f"[{kinsoku.CJK_CHARS}]")
    table = kinsoku._CjkTable()  # a fresh one: every answer computed, none remembered
    wrong = [
        hex(code)
        for code in range(0x50000)
        if table[chr(code)] != (cjk_class.match(chr(code)) is not None)
    ]
    assert not wrong
    assert (
        kinsoku.has_cjk("a 漢 b")
        and not kinsoku.has_cjk("“Pakistan’s” ties")
        and not (kinsoku.has_cjk(""))
    )


def test_a_brief_without_cjk_or_wide_text_compiles_none_of_their_patterns() -> None:
    """Those patterns take ~20 ms to compile (on the test machine), paid before the first
    frame at every launch when they were compiled on import."""
    import subprocess
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "pakistan-russia-ties.txt"
    probe = (
        "import sys\n"
        "from briefreader.text import cells, kinsoku\n"
        "from briefreader.text.layout import Layout\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "assert not text.isascii()  # curly quotes\n"
        "layout = Layout(text, 60)\n"
        "assert layout.row_count > 50\n"
        "print(kinsoku._regex.cache_info().currsize, cells._runs.cache_info().currsize)\n"
        "Layout('漢字とかなの文、「括弧」。' * 20 + ' ＡＢＣ', 12)\n"
        "print(kinsoku._regex.cache_info().currsize, cells._runs.cache_info().currsize)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(example)], capture_output=True, text=True, check=True
    )
    latin, cjk = (tuple(map(int, line.split())) for line in done.stdout.splitlines())
    assert latin == (0, 0)  # the example brief: none compiled
    assert cjk[0] >= 1 and cjk[1] == 1  # a CJK line with wide characters: compiled then
