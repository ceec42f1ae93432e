"""Reading aids: what the reader marks in a brief, and that every span lands on the exact
characters it names, whatever the text (leading newlines, tabs, CJK, emoji) and however the
widget slices it into blocks."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# Pygments ships no type hints (types-Pygments is not a dependency); unused-ignore: where it is.
from pygments.token import (  # type: ignore[import-untyped, unused-ignore]
    Keyword,
    Name,
    Number,
    String,
    Text,
)

from briefreader.text.lexer import (
    FENCE_LEX_LIMIT,
    LEXER_OPTIONS,
    READING_AID_NAMES,
    MarkdownProseLexer,
    ProseLexer,
    Span,
    code_lexer,
    fence_ranges,
    reading_aid_spans,
    token_name,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pakistan-russia-ties.txt"


def marked(text: str, fmt: str = "text") -> list[tuple[str, str]]:
    """``(covered text, name)`` of every span over the whole of ``text``."""
    return [(text[s:e], name) for s, e, name in reading_aid_spans(text, 0, len(text), fmt)]


def lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each "\n"-separated line: how the widget blocks Markdown."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in text.split("\n\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return out


def clipped_to(spans: list[Span], start: int, end: int) -> list[Span]:
    return [(max(s, start), min(e, end), n) for s, e, n in spans if s < end and e > start]


def names_of(text: str, name: str, fmt: str = "text") -> list[str]:
    return [value for value, kind in marked(text, fmt) if kind == name]


@pytest.fixture(scope="module")
def brief() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


# --- the example brief ----------------------------------------------------------------------
def test_brief_official_quotation_is_one_quote(brief: str) -> None:
    quote = "“We have turned a new page in our relationship with Russia. It is a major shift.”"
    assert quote in names_of(brief, "quote")


def test_brief_year_acronyms_and_email(brief: str) -> None:
    assert "1974" in names_of(brief, "number")
    acronyms = set(names_of(brief, "acronym"))
    assert {"SCO", "TAPI", "CASA-1000", "MOUs", "US"} <= acronyms
    assert names_of(brief, "url") == ["farooq@crss.pk"]


def test_brief_people_are_names_without_possessive(brief: str) -> None:
    names = names_of(brief, "name")
    assert "Liaquat Ali Khan" in names
    assert "Zulfiqar Ali Bhutto" in names  # "Bhutto’s government": the ’s is not part of it
    assert "Air Chief Marshal Tahir Rafiq Butt" in names
    assert "Shanghai Cooperation Organisation" in names


def test_brief_sentence_initial_word_and_lone_capitals_are_not_names(brief: str) -> None:
    names = names_of(brief, "name")
    # "Although Russian President Putin has postponed ...": "Although" is just a sentence start.
    assert "Russian President Putin" in names
    assert not any(name.startswith("Although") for name in names)
    for single in ("Pakistan", "Historically", "Moscow", "Islamabad"):
        assert single not in names


def test_brief_spans_are_the_same_when_it_is_one_block_of_a_bigger_text(brief: str) -> None:
    prefix, suffix = "Pakistan-Russia ties\n\n", "\n\nSee also the SCO charter."
    text = prefix + brief + suffix
    block = reading_aid_spans(text, len(prefix), len(prefix) + len(brief))
    alone = reading_aid_spans(brief, 0, len(brief))
    assert block == [(s + len(prefix), e + len(prefix), n) for s, e, n in alone]


def test_brief_cut_into_pieces_at_a_space_is_marked_as_a_whole(brief: str) -> None:
    # The reader lexes a long one-line paragraph in ~4 KB pieces cut after a space; in this
    # brief that cut falls inside the official's quotation, which must still be one quote.
    cut = brief.find(" ", 4096) + 1
    assert brief.index("“We have") < cut < brief.index("shift.”")
    pieces = reading_aid_spans(brief, 0, cut) + reading_aid_spans(brief, cut, len(brief))
    whole = reading_aid_spans(brief, 0, len(brief))
    assert pieces == clipped_to(whole, 0, cut) + clipped_to(whole, cut, len(brief))


@settings(deadline=None, max_examples=50)
@given(cuts=st.lists(st.integers(0, 6100), max_size=4))
def test_brief_cut_at_any_spaces_is_marked_as_a_whole(brief: str, cuts: list[int]) -> None:
    edges = sorted({0, len(brief)} | {brief.rfind(" ", 0, cut) + 1 for cut in cuts})
    whole = reading_aid_spans(brief, 0, len(brief))
    for start, end in pairwise(edges):
        assert reading_aid_spans(brief, start, end) == clipped_to(whole, start, end)


# --- prose ----------------------------------------------------------------------------------
def test_percentages_money_and_plain_numbers() -> None:
    text = "Inflation hit 12.5% while exports fell -3%; the IMF lent $4bn and Rs. 1,000 in 2023."
    assert names_of(text, "number") == ["12.5%", "-3%", "$4bn", "Rs. 1,000", "2023"]
    assert names_of(text, "acronym") == ["IMF"]


def test_url_stops_before_sentence_punctuation_but_keeps_balanced_parentheses() -> None:
    text = "see https://example.org/a/b. Or (https://en.wikipedia.org/wiki/Foo_(bar)), ok?"
    assert names_of(text, "url") == [
        "https://example.org/a/b",
        "https://en.wikipedia.org/wiki/Foo_(bar)",
    ]


def test_email_excludes_trailing_full_stop() -> None:
    assert names_of("Write to desk@news.example.co.uk.", "url") == ["desk@news.example.co.uk"]


def test_quotes_straight_curly_and_apostrophes() -> None:
    text = 'He said "not now" and ‘Pakistan’s turn’ came; a 5" screen is not a quote.'
    assert names_of(text, "quote") == ['"not now"', "‘Pakistan’s turn’"]


def test_quotation_does_not_run_across_a_blank_line() -> None:
    assert names_of("“opened here\n\nnever closed” there", "quote") == []
    assert names_of("“runs over\na line break”", "quote") == ["“runs over\na line break”"]


def test_acronym_forms() -> None:
    text = "The U.S. sold F-16s to NGOs; HIV/AIDS and AT&T and G20 but not I or A."
    assert names_of(text, "acronym") == ["U.S.", "F-16s", "NGOs", "HIV/AIDS", "AT&T", "G20"]


def test_token_types_are_pygments_types() -> None:
    tokens = {
        value: ttype
        for _index, ttype, value in ProseLexer(**LEXER_OPTIONS).get_tokens_unprocessed(
            "In 1974 the SCO and Liaquat Ali Khan said “yes”."
        )
    }
    assert tokens["1974"] in Number
    assert tokens["SCO"] in Name.Constant
    assert tokens["Liaquat Ali Khan"] in Name
    assert tokens["“yes”"] in String


def test_token_name_depends_on_whether_the_token_is_code() -> None:
    assert token_name(String.Double) == "quote"
    assert token_name(String.Double, code=True) == "code.string"
    assert token_name(Name) == "name"
    assert token_name(Name, code=True) is None  # a plain identifier is not highlighted
    assert token_name(Name.Function, code=True) == "code.name"
    assert token_name(Keyword.Constant, code=True) == "code.keyword"
    assert token_name(Text) is None


# --- offsets --------------------------------------------------------------------------------
AWKWARD = (
    "\n\n\t中文 😀👩‍👩‍👧 In 1974 the SCO met.\t“Quoted — 引用.”\n"
    "\tAlthough Russian President Putin 🇵🇰 wrote to farooq@crss.pk\n"
)


@pytest.mark.parametrize(
    "lexer",
    [
        ProseLexer(**LEXER_OPTIONS),
        MarkdownProseLexer(**LEXER_OPTIONS),
        code_lexer("python"),
    ],
    ids=["prose", "markdown", "python"],
)
def test_token_offsets_match_the_text_exactly(lexer: ProseLexer) -> None:
    text = AWKWARD + "```python\n\tx = '中文😀'  # c\n```\n"
    tokens = list(lexer.get_tokens_unprocessed(text))
    assert "".join(value for _i, _t, value in tokens) == text
    for index, _ttype, value in tokens:
        assert text[index : index + len(value)] == value


def test_spans_land_on_their_words_after_tabs_newlines_cjk_and_emoji() -> None:
    assert marked(AWKWARD) == [
        ("1974", "number"),
        ("SCO", "acronym"),
        ("“Quoted — 引用.”", "quote"),
        ("Russian President Putin", "name"),
        ("farooq@crss.pk", "url"),
    ]


def test_a_sub_range_is_lexed_on_its_own_and_spans_stay_inside_it(brief: str) -> None:
    start = brief.index("Liaquat Ali Khan")
    end = brief.index(", preferred")
    found = [(brief[s:e], n) for s, e, n in reading_aid_spans(brief, start, end)]
    assert found == [("Liaquat Ali Khan", "name")]
    assert reading_aid_spans(brief, 10, 10) == []
    assert reading_aid_spans(brief, -5, 0) == []
    tail = len(brief) - len("at farooq@crss.pk")
    assert reading_aid_spans(brief, tail, len(brief) + 50) == [
        (tail + 3, len(brief), "url")  # an end past the text is clipped to it
    ]


# --- Markdown -------------------------------------------------------------------------------
MARKDOWN = """---
title: Pakistan and Russia
# not a heading: a YAML comment
---

# New page

Some *em*, _em_, **strong** and `inline code`; see [the report](https://crss.pk/r "R").
1. Liaquat Ali Khan visited in 1974.
snake_case_name and 2*3*4 stay plain.

```python
def visit(year):
    # a comment, not a heading
    return "Moscow"
```

```klingon
qapla' # not lexed
```
"""


def test_markdown_structure() -> None:
    found = marked(MARKDOWN, "markdown")
    assert ("# New page", "heading") in found
    assert ("*em*", "emphasis") in found
    assert ("_em_", "emphasis") in found
    assert ("**strong**", "strong") in found
    assert ("`inline code`", "code") in found
    assert ("the report", "url") in found
    assert ("Liaquat Ali Khan", "name") in found
    assert ("1974", "number") in found
    # A list marker is not a number; intraword underscores and asterisks are not emphasis.
    assert ("1", "number") not in found
    assert [value for value, name in found if name == "emphasis"] == ["*em*", "_em_"]


def test_front_matter_is_yaml_not_headings() -> None:
    found = marked(MARKDOWN, "markdown")
    assert ("title", "code.name") in found
    assert ("# not a heading: a YAML comment", "code.comment") in found
    assert [value for value, name in found if name == "heading"] == ["# New page"]


def test_python_fence_is_highlighted_by_pygments() -> None:
    found = marked(MARKDOWN, "markdown")
    assert ("def", "code.keyword") in found
    assert ("return", "code.keyword") in found
    assert ('"Moscow"', "code.string") in found
    assert ("# a comment, not a heading", "code.comment") in found
    assert ("Moscow", "name") not in found  # code is not prose


def test_unknown_language_fence_is_plain() -> None:
    start = MARKDOWN.index("```klingon")
    end = MARKDOWN.index("```", start + 3) + 3
    assert marked(MARKDOWN[start:end], "markdown") == [
        ("```klingon\n", "code"),
        ("```", "code"),
    ]


def test_fence_lexed_line_by_line_matches_whole_fence() -> None:
    text = 'Intro\n\n```python\nx = """one\ntwo"""  # c\n\tif x: pass\n```\nAfter 1974.\n'
    fences = fence_ranges(text)
    whole = reading_aid_spans(text, 0, len(text), "markdown", fences=fences)
    per_line: list[Span] = []
    for start, end in lines(text):
        per_line += reading_aid_spans(text, start, end, "markdown", fences=fences)
    # The same spans, cut at line ends (a multi-line string becomes one span per line).
    assert per_line == [span for ls, le in lines(text) for span in clipped_to(whole, ls, le)]
    assert ('two"""', "code.string") in [(text[s:e], n) for s, e, n in per_line]
    assert ("if", "code.keyword") in [(text[s:e], n) for s, e, n in per_line]


def test_markdown_line_blocks_see_their_paragraph() -> None:
    text = "Intro line\n\nSetext Title\n============\n\n*emphasis over\ntwo lines* done\n"
    per_line = [
        (text[s:e], n)
        for ls, le in lines(text)
        for s, e, n in reading_aid_spans(text, ls, le, "md")
    ]
    assert per_line == [
        ("Setext Title", "heading"),
        ("============", "heading"),
        ("*emphasis over", "emphasis"),
        ("two lines*", "emphasis"),
    ]


def test_fences_default_to_the_documents_own() -> None:
    for start, end in lines(MARKDOWN):
        assert reading_aid_spans(MARKDOWN, start, end, "md") == reading_aid_spans(
            MARKDOWN, start, end, "md", fences=fence_ranges(MARKDOWN)
        )


def test_fence_ranges() -> None:
    text = (
        "A ``` mid-line and ```inline```\n"
        "~~~~ sh {.x}\necho ~~~\n~~~~~\n"
        "````{.Python .numberLines}\n```\nstill code\n````\n"
        "```\nnever closed\n"
    )
    fences = fence_ranges(text)
    assert [(text[s:e], lang) for s, e, lang in fences] == [
        ("~~~~ sh {.x}\necho ~~~\n~~~~~", "sh"),
        ("````{.Python .numberLines}\n```\nstill code\n````", "python"),
        ("```\nnever closed\n", ""),
    ]


def test_toml_front_matter_and_thematic_break_that_is_not_front_matter() -> None:
    text = "+++\ntitle = 'x'\n+++\nText"
    assert fence_ranges(text) == [(0, text.index("\nText"), "toml")]
    assert fence_ranges("Text\n---\nmore\n---\n") == []


def test_big_fence_is_lexed_only_where_asked() -> None:
    body = "x = 1\n" * (FENCE_LEX_LIMIT // 6 + 10)
    text = "```python\n" + body + "def f():\n    return 'end'\n```\n"
    start = text.index("def f")
    end = text.index("\n", start)
    found = [(text[s:e], n) for s, e, n in reading_aid_spans(text, start, end, "markdown")]
    assert found == [("def", "code.keyword"), ("f", "code.name")]


def test_pygments_markdown_lexer_round_trips_a_document() -> None:
    tokens = list(MarkdownProseLexer(**LEXER_OPTIONS).get_tokens_unprocessed(MARKDOWN))
    assert "".join(value for _i, _t, value in tokens) == MARKDOWN
    assert all(MARKDOWN[i : i + len(v)] == v for i, _t, v in tokens)
    assert any(ttype in Keyword and value == "def" for _i, ttype, value in tokens)


# --- properties -----------------------------------------------------------------------------
PIECES = [*"aZ Q9.,;:-_*`~#>[]()!\"'“”‘’$%@/\n\t 中😀", "```", "~~~", "---\n", "https://", " The "]
TRICKY = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


def assert_well_formed(spans: list[Span], start: int, end: int) -> None:
    previous_end = start
    for span_start, span_end, name in spans:
        assert previous_end <= span_start < span_end <= end
        assert name in READING_AID_NAMES
        previous_end = span_end


@settings(deadline=None, max_examples=300)
@given(
    text=TRICKY,
    start=st.integers(-5, 130),
    end=st.integers(-5, 130),
    fmt=st.sampled_from(["text", "markdown"]),
)
def test_spans_are_inside_sorted_and_disjoint(text: str, start: int, end: int, fmt: str) -> None:
    spans = reading_aid_spans(text, start, end, fmt)
    assert_well_formed(spans, max(start, 0), min(end, len(text)))


@settings(deadline=None, max_examples=200)
@given(text=TRICKY)
def test_markdown_line_blocks_are_well_formed(text: str) -> None:
    fences = fence_ranges(text)
    previous_end = 0
    for start, end, _lang in fences:
        assert previous_end <= start < end <= len(text)
        previous_end = end
    for start, end in lines(text):
        spans = reading_aid_spans(text, start, end, "markdown", fences=fences)
        assert_well_formed(spans, start, end)


@settings(deadline=None, max_examples=200)
@given(text=TRICKY)
def test_markdown_lines_are_marked_as_in_the_whole_document(text: str) -> None:
    whole = reading_aid_spans(text, 0, len(text), "markdown")
    for start, end in lines(text):
        assert reading_aid_spans(text, start, end, "markdown") == clipped_to(whole, start, end)


@settings(deadline=None, max_examples=200)
@given(text=TRICKY)
def test_prose_paragraphs_are_marked_as_in_the_whole_document(text: str) -> None:
    whole = reading_aid_spans(text, 0, len(text))
    for start, end in paragraphs(text):
        assert reading_aid_spans(text, start, end) == clipped_to(whole, start, end)
