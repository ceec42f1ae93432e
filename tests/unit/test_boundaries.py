"""Word, sentence and paragraph boundaries: the units the cursor moves by and `s`/`p` select.

The example brief's sentences were printed and read one by one; the exact ones checked here are
quoted by their text. Property tests check that spans and navigation agree everywhere.
"""

from __future__ import annotations

import bisect
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefreader.text.boundaries import (
    MAX_SENTENCE_SCAN,
    Span,
    count_words,
    next_paragraph_start,
    next_sentence_start,
    next_word_start,
    paragraph_at,
    paragraph_spans,
    prev_paragraph_start,
    prev_sentence_start,
    prev_word_start,
    sentence_at,
    sentence_spans,
    word_at,
    word_spans,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pakistan-russia-ties.txt"


@pytest.fixture(scope="module")
def brief() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def words(text: str) -> list[str]:
    return [text[a:b] for a, b in word_spans(text)]


def paragraphs(text: str) -> list[str]:
    return [text[a:b] for a, b in paragraph_spans(text)]


# --- the example brief ------------------------------------------------------------------------


def test_example_brief_counts(brief: str) -> None:
    assert len(sentence_spans(brief)) == 35
    assert count_words(brief) == 922
    assert len(word_spans(brief)) == 922
    assert paragraph_spans(brief) == [(0, len(brief))]


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (
            0,
            "Pak-Russia ties are witnessing a fresh start with an exchange of high-level visits "
            "from both the sides.",
        ),
        (
            3,
            "Putin’s visit was primarily intended for a quadrilateral Afghan summit in Islamabad "
            "that also had a one-to- one meeting with the Pakistani president on its agenda.",
        ),
        (
            4,
            "Officials on both sides have given indications of the signing of multiple MOUs "
            "(Memorandums of Understanding) for development and investment in the steel and "
            "energy sectors.",
        ),
        (
            22,
            "A foreign office spokesman in Islamabad, on condition of anonymity, said, “We have "
            "turned a new page in our relationship with Russia.",
        ),
        (23, "It is a major shift.”"),
        (
            24,
            "Pakistan is an active member of the world community in combating terrorism and "
            "cross-border crime.",
        ),
        (
            28,
            "Moscow has expressed interest in participating in the construction of the TAPI "
            "(Turkmenistan-Afghanistan-Pakistan-India gas pipeline), CASA-1000 (Central Asia "
            "South Asia Regional Energy and Trade) and the Pakistan Steel Mills.",
        ),
        (
            33,
            "The writer is working as a research analyst, programme consultant and content editor "
            "at the Centre for Research and Security Studies, Islamabad along with pursuing his "
            "Research Studies in Public Policy from Germany.",
        ),
        (34, "He can be reached at farooq@crss.pk"),
    ],
)
def test_example_brief_sentences_checked_by_eye(brief: str, index: int, expected: str) -> None:
    assert sentences(brief)[index] == expected


def test_example_brief_words(brief: str) -> None:
    found = words(brief)
    for word in ["Pak-Russia", "Putin’s", "one-to", "CASA-1000", "1974", "farooq@crss.pk"]:
        assert word in found
    assert "Turkmenistan-Afghanistan-Pakistan-India" in found
    assert not any(w in found for w in ["(", "”", "“", ",", "."])


def test_example_brief_select_sentence_in_quote(brief: str) -> None:
    pos = brief.index("major shift")
    span = sentence_at(brief, pos)
    assert span is not None
    assert brief[span[0] : span[1]] == "It is a major shift.”"
    assert next_sentence_start(brief, pos) == brief.index("Pakistan is an active")
    assert prev_sentence_start(brief, pos) == brief.index("It is a major shift")
    assert prev_sentence_start(brief, span[0]) == brief.index("A foreign office spokesman")


# --- sentence rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four… Five.", ["One.", "Two!", "Three?", "Four…", "Five."]),
        ("It ended. 2013 was next.", ["It ended.", "2013 was next."]),
        ("See the report. and more follows.", ["See the report. and more follows."]),
        ("Really?! Yes.", ["Really?!", "Yes."]),
        # opening quotes and brackets start a sentence; closing ones end it
        ("He left. “Why?” she asked.", ["He left.", "“Why?” she asked."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("He said ‘Stop.’ Then he left.", ["He said ‘Stop.’", "Then he left."]),
        ("“Really?” he asked.", ["“Really?” he asked."]),
        # etc. ends a sentence unless a lowercase word follows
        ("Tanks, jets, etc. and more came.", ["Tanks, jets, etc. and more came."]),
        ("Tanks, jets, etc. Then we left.", ["Tanks, jets, etc.", "Then we left."]),
        # No. and months only before a number
        ("See No. 5 on the list. It is long.", ["See No. 5 on the list.", "It is long."]),
        ("The answer was No. Then he left.", ["The answer was No.", "Then he left."]),
        (
            "On Jan. 5 they met. On Dec. 12 they left.",
            ["On Jan. 5 they met.", "On Dec. 12 they left."],
        ),
        ("It was in Dec. The next year came.", ["It was in Dec.", "The next year came."]),
        # company suffixes end a sentence unless a lowercase word follows
        ("Acme Inc. said so.", ["Acme Inc. said so."]),
        ("He works at Acme Inc. The firm is big.", ["He works at Acme Inc.", "The firm is big."]),
        # initials
        ("J. K. Rowling wrote it. She is British.", ["J. K. Rowling wrote it.", "She is British."]),
        ("So did I. Then we left.", ["So did I.", "Then we left."]),
        ("I. M. Pei built it.", ["I. M. Pei built it."]),
        # dotted initialisms
        (
            "The U.S. Army and the U.K. Parliament met. The U.N. did not.",
            ["The U.S. Army and the U.K. Parliament met.", "The U.N. did not."],
        ),
        (
            "It was made in the U.S.\nThen it shipped.",
            ["It was made in the U.S.", "Then it shipped."],
        ),
        ("It moved to the U.S. The move was big.", ["It moved to the U.S.", "The move was big."]),
        ("It moved to the U.S.\n\nNext.", ["It moved to the U.S.", "Next."]),
        # decimals, URLs, emails never split; a final period after them does
        ("Growth was 3.5 percent. Next year too.", ["Growth was 3.5 percent.", "Next year too."]),
        (
            "Visit https://crss.pk/about.html today. Or write.",
            ["Visit https://crss.pk/about.html today.", "Or write."],
        ),
        ("Visit www.crss.pk. Then write.", ["Visit www.crss.pk.", "Then write."]),
        ("Mail farooq@crss.pk. Thanks.", ["Mail farooq@crss.pk.", "Thanks."]),
        # ellipses
        ("He paused… and went on. Then", ["He paused… and went on.", "Then"]),
        ("He paused... and went on.", ["He paused... and went on."]),
        ("I wonder... Then he left.", ["I wonder...", "Then he left."]),
        # parentheses
        ("Tax rose. (It had to.) Prices fell.", ["Tax rose.", "(It had to.)", "Prices fell."]),
        (
            "Costs rose (as noted. it was fine) last year.",
            ["Costs rose (as noted. it was fine) last year."],
        ),
        # hard-wrapped lines do not end sentences
        (
            "This sentence is\nhard-wrapped. Next\nline.",
            ["This sentence is\nhard-wrapped.", "Next\nline."],
        ),
        # uncased scripts: an Urdu full stop followed by a space ends a sentence
        ("یہ پہلا جملہ ہے۔ یہ دوسرا ہے۔", ["یہ پہلا جملہ ہے۔", "یہ دوسرا ہے۔"]),
    ],
)
def test_sentence_rules(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


TITLES = [
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep", "St", "Jr", "Sr", "Col", "Lt", "Capt",
    "Gov", "Pres",
]  # fmt: skip


@pytest.mark.parametrize("title", TITLES)
def test_no_split_after_titles(title: str) -> None:
    text = f"We met {title}. Khan today. He left."
    assert sentences(text) == [f"We met {title}. Khan today.", "He left."]


@pytest.mark.parametrize("abbr", ["e.g.", "i.e.", "cf.", "vs.", "approx."])
def test_no_split_after_latin_abbreviations(abbr: str) -> None:
    text = f"Some states, {abbr} Pakistan, agreed. Others did not."
    assert sentences(text) == [f"Some states, {abbr} Pakistan, agreed.", "Others did not."]


def test_markdown_headings_and_list_items_start_sentences() -> None:
    text = "# Title\nSome text here\n- item one\n- item two\n1. first\n2. second\n* star"
    assert sentences(text) == [
        "# Title",
        "Some text here",
        "- item one",
        "- item two",
        "1. first",
        "2. second",
        "* star",
    ]


def test_year_at_line_start_is_not_a_list_item() -> None:
    text = "It happened in\n1974. The mill was built."
    assert sentences(text) == ["It happened in\n1974.", "The mill was built."]


def test_sentences_never_cross_paragraphs() -> None:
    text = "No end here\n\nNew paragraph. Two\n \t\nthree"
    assert sentences(text) == ["No end here", "New paragraph.", "Two", "three"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今天天气很好。我们去公园吧！你呢？", ["今天天气很好。", "我们去公园吧！", "你呢？"]),
        ("彼は「はい。」と言った。次です。", ["彼は「はい。」と言った。", "次です。"]),
        ("「はい。」「いいえ。」", ["「はい。」", "「いいえ。」"]),
        ("他说好。 Next one. 再见！", ["他说好。", "Next one.", "再见！"]),
    ],
)
def test_cjk_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_cjk_words_are_single_characters() -> None:
    assert words("AI技术") == ["AI", "技", "术"]
    assert count_words("今天天气很好。") == 6


def test_sentence_spans_inside_a_range() -> None:
    text = "First one. Second one.\n\nThird one. Fourth one."
    para = paragraph_spans(text)[1]
    assert [text[a:b] for a, b in sentence_spans(text, *para)] == ["Third one.", "Fourth one."]
    # a range starting mid-sentence gets the clipped rest of that sentence
    start = text.index("one. Second")
    assert [text[a:b] for a, b in sentence_spans(text, start, para[0])] == [
        "one.",
        "Second one.",
    ]


# --- paragraphs -------------------------------------------------------------------------------


def test_paragraphs() -> None:
    text = "  First line\nsecond line  \n\n\n  Second para\n \t \nThird\n"
    assert paragraphs(text) == ["First line\nsecond line", "Second para", "Third"]


def test_paragraph_navigation() -> None:
    text = "Alpha beta.\n\nGamma delta.\n\n\nEpsilon."
    gamma, eps = text.index("Gamma"), text.index("Epsilon")
    assert next_paragraph_start(text, 0) == gamma
    assert next_paragraph_start(text, gamma) == eps
    assert next_paragraph_start(text, eps) == len(text)
    assert prev_paragraph_start(text, eps + 3) == eps
    assert prev_paragraph_start(text, eps) == gamma
    assert prev_paragraph_start(text, gamma) == 0
    # on the blank lines: `p` selects the next paragraph, `{` goes to the one above
    blank = text.index("\n\n\n") + 1
    assert paragraph_at(text, blank) == (eps, len(text))
    assert prev_paragraph_start(text, blank) == gamma


# --- words ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pakistan’s don't students’ work", ["Pakistan’s", "don't", "students", "work"]),
        ("CASA-1000 one-to-one one-to- one", ["CASA-1000", "one-to-one", "one-to", "one"]),
        (
            "3.5 per cent, 1,000 and farooq@crss.pk. Moscow,Islamabad",
            ["3.5", "per", "cent", "1,000", "and", "farooq@crss.pk", "Moscow", "Islamabad"],
        ),
        ("the U.S. and and/or", ["the", "U.S", "and", "and/or"]),
        ("see https://crss.pk/a?b=1. now", ["see", "https://crss.pk/a?b=1", "now"]),
        ("— , . ! ( ) “ ” -- &", []),
        ("हिन्दी भाषा", ["हिन्दी", "भाषा"]),
        ("naïve café", ["naïve", "café"]),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected
    assert count_words(text) == len(expected)


def test_word_navigation() -> None:
    text = "Hello, world —  again"
    world, again = text.index("world"), text.index("again")
    assert next_word_start(text, 0) == world
    assert next_word_start(text, world + 2) == again
    assert next_word_start(text, again) == len(text)
    assert prev_word_start(text, again + 2) == again
    assert prev_word_start(text, again) == world
    assert prev_word_start(text, world) == 0
    assert word_at(text, 5) == (world, world + 5)  # on the comma: the next word
    assert word_at(text, 1) == (0, 5)


# --- edges ------------------------------------------------------------------------------------

AT: list[Callable[[str, int], Span | None]] = [word_at, sentence_at, paragraph_at]
NEXT: list[Callable[[str, int], int]] = [next_word_start, next_sentence_start, next_paragraph_start]
PREV: list[Callable[[str, int], int]] = [prev_word_start, prev_sentence_start, prev_paragraph_start]


@pytest.mark.parametrize("text", ["", "   ", " \n\n\t \n"])
def test_blank_text_has_no_units(text: str) -> None:
    assert word_spans(text) == sentence_spans(text) == paragraph_spans(text) == []
    assert count_words(text) == 0
    for pos in range(-1, len(text) + 2):
        assert all(f(text, pos) is None for f in AT)
        assert all(f(text, pos) == len(text) for f in NEXT)
        assert all(f(text, pos) == 0 for f in PREV)


def test_positions_are_clamped() -> None:
    text = "One two. Three."
    for f in NEXT:
        assert f(text, len(text)) == len(text)
        assert f(text, len(text) + 10) == len(text)
    for g in PREV:
        assert g(text, 0) == 0
        assert g(text, -5) == 0
    assert word_at(text, -3) == (0, 3)
    assert sentence_at(text, 999) == (9, 15)
    assert paragraph_at(text, len(text)) == (0, 15)


def test_whitespace_selects_next_unit_and_trailing_whitespace_the_last() -> None:
    text = "  One two.  Three four.  "
    assert sentence_at(text, 0) == (2, 10)
    assert sentence_at(text, 11) == (12, 23)
    assert sentence_at(text, len(text) - 1) == (12, 23)
    assert word_at(text, len(text)) == (18, 22)
    assert paragraph_at(text, 0) == (2, 23)
    assert next_sentence_start(text, 0) == 2


# --- long texts: local search must agree with the whole-text spans ----------------------------


def _assert_navigation_matches_spans(text: str, positions: list[int]) -> None:
    all_spans = [word_spans(text), sentence_spans(text), paragraph_spans(text)]
    for spans, at, nxt, prv in zip(all_spans, AT, NEXT, PREV, strict=True):
        starts = [a for a, _ in spans]
        for pos in positions:
            i = bisect.bisect_right(starts, pos)
            assert nxt(text, pos) == (starts[i] if i < len(starts) else len(text))
            j = bisect.bisect_left(starts, pos)
            assert prv(text, pos) == (starts[j - 1] if j else 0)
            if not spans:
                assert at(text, pos) is None
            elif i and pos < spans[i - 1][1]:
                assert at(text, pos) == spans[i - 1]
            else:
                assert at(text, pos) == (spans[i] if i < len(spans) else spans[-1])


def test_long_single_paragraph(brief: str) -> None:
    text = " ".join([brief] * 12)  # 73 KB, one paragraph, like a big pasted brief
    step = len(text) // 400
    _assert_navigation_matches_spans(
        text, [0, 1, len(text) - 1, len(text), *range(7, len(text), step)]
    )
    # the brief ends without a period, so each copy's last sentence runs into the next copy
    assert len(sentence_spans(text)) == 12 * 34 + 1


def test_long_hard_wrapped_paragraphs(brief: str) -> None:
    wrapped = "\n".join(textwrap.wrap(brief, 70))
    # one paragraph longer than the local search window, then ordinary ones
    text = "\n".join([wrapped] * 8) + "\n\n" + "\n  \n".join([wrapped] * 3)
    step = len(text) // 400
    _assert_navigation_matches_spans(text, [0, len(text), *range(3, len(text), step)])
    assert len(paragraph_spans(text)) == 4


def test_sentence_without_end_still_moves() -> None:
    text = "word " * (MAX_SENTENCE_SCAN // 2) + ". Next sentence."
    pos = 0
    stops = []
    while pos < len(text):
        nxt = next_sentence_start(text, pos)
        assert nxt > pos
        assert nxt == len(text) or text[nxt - 1].isspace()
        stops.append(nxt)
        pos = nxt
    assert text.index("Next") in stops


# --- properties -------------------------------------------------------------------------------

PIECES = [
    "word", "Word", "U.S.", "Mr.", " ", " ", "  ", "\n", "\n\n", " \t\n ", ". ", "? ", "! ",
    "”", "“", "(", ")", "3.5", "e.g.", "…", "。", "你", "- ", "# ", "1. ", "J.", "The", "x",
    ".", "'", "’s", "-", "No. 5", "\n- ", "I.", "farooq@crss.pk", "CASA-1000", "हिन्दी", "۔ ",
]  # fmt: skip
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
)


def _check_spans(text: str, spans: list[Span], lo: int = 0, hi: int | None = None) -> None:
    hi = len(text) if hi is None else hi
    prev_end = lo
    for a, b in spans:
        assert prev_end <= a < b <= hi
        assert text[a:b] == text[a:b].strip()
        prev_end = b


@settings(max_examples=300, deadline=None)
@given(texts)
def test_spans_are_sorted_disjoint_trimmed(text: str) -> None:
    paras = paragraph_spans(text)
    sents = sentence_spans(text)
    for spans in (word_spans(text), sents, paras):
        _check_spans(text, spans)
    assert count_words(text) == len(word_spans(text))
    # every sentence lies inside one paragraph, and a paragraph's sentences are those inside it
    for a, b in paras:
        assert sentence_spans(text, a, b) == [s for s in sents if a <= s[0] and s[1] <= b]
    assert sum(len(sentence_spans(text, a, b)) for a, b in paras) == len(sents)


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(0, 50), st.integers(0, 50))
def test_sub_range_spans_stay_in_range(text: str, x: int, y: int) -> None:
    lo, hi = sorted((min(x, len(text)), min(y, len(text))))
    _check_spans(text, sentence_spans(text, lo, hi), lo, hi)
    _check_spans(text, word_spans(text, lo, hi), lo, hi)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_navigation_is_monotonic_and_agrees_with_spans(text: str) -> None:
    for nxt, prv in zip(NEXT, PREV, strict=True):
        pos = 0
        while pos < len(text):
            new = nxt(text, pos)
            assert pos < new <= len(text)
            pos = new
        while pos > 0:
            new = prv(text, pos)
            assert 0 <= new < pos
            pos = new
    _assert_navigation_matches_spans(text, list(range(len(text) + 1)))
