"""The rendered Markdown view's offset map holds on any text, selections never carry markup at
their edges, and a 1 MB Markdown brief is rendered fast.

Properties run over random Markdown-ish text (markers, brackets, pipes, fences, quotes, CJK,
tabs and words in any order), so they exercise what the parsers do with broken input too.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefreader.text.boundaries import paragraph_at, sentence_at
from briefreader.text.markdown_blocks import parse_blocks
from briefreader.text.markdown_view import MarkdownView, render_markdown

_PIECES = [
    "word",
    "Bold",
    "東京",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\n",
    "\n\n",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "`",
    "``",
    "```",
    "~~~",
    "#",
    "# ",
    "## ",
    "> ",
    ">",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "[",
    "]",
    "(",
    ")",
    "](http://x.org)",
    "![",
    "[ref]",
    "[ref]: http://r.org\n",
    "<",
    ">",
    "<https://a.b>",
    "<!--",
    "-->",
    "\\",
    "\\*",
    "|",
    " | ",
    "|---|",
    "\n|---|---|\n",
    ":",
    "---",
    "\n---\n",
    "===",
    "+++",
    ".",
    "!",
    "1",
]
markdownish = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
# Front matter in front of some of them.
documents = st.one_of(markdownish, markdownish.map(lambda text: "---\ntitle: T\n---\n" + text))


def _check_map(view: MarkdownView) -> None:
    source, shown = view.source, view.shown
    concealed = view.concealed_runs()
    hidden: set[int] = set()
    for start, end in concealed:
        hidden.update(range(start, end))
    # Every source character is either shown (as itself) or concealed, exactly once.
    kept = 0
    for x in range(len(source)):
        if x in hidden:
            assert view.is_concealed(x)
        else:
            assert not view.is_concealed(x)
            at = view.to_shown(x)
            assert shown[at] == source[x] and not view.is_virtual(at)
            assert view.to_source(at) == x
            kept += 1
    assert kept == len(shown) - sum(end - start for start, end in view.virtual_runs())
    # Shown text without virtual characters is the source without concealed ones.
    real_shown = "".join(ch for i, ch in enumerate(shown) if not view.is_virtual(i))
    assert real_shown == "".join(ch for i, ch in enumerate(source) if i not in hidden)
    # A concealed character maps into (the edges of) its own concealed run.
    for start, end in concealed:
        for x in range(start, end):
            assert start <= view.to_source(view.to_shown(x)) <= end
    # Both directions are monotonic.
    forward = [view.to_shown(x) for x in range(len(source) + 1)]
    backward = [view.to_source(y) for y in range(len(shown) + 1)]
    assert all(a <= b for a, b in pairwise(forward))
    assert all(a <= b for a, b in pairwise(backward))
    assert forward[-1] == len(shown) and backward[-1] == len(source)


def _check_model(view: MarkdownView) -> None:
    shown = view.shown
    for start, end, name in view.styles:
        assert 0 <= start < end <= len(shown), name
    line_starts = {0} | {i + 1 for i, char in enumerate(shown) if char == "\n"}
    assert set(view.hanging) <= line_starts
    assert all(cells > 0 for cells in view.hanging.values())
    assert all(a[1] <= b[0] for a, b in pairwise(view.blocks))
    for link in view.links:
        assert 0 <= link.start <= link.end <= len(shown)
        assert 0 <= link.source_start <= link.source_end <= len(view.source)


@settings(max_examples=400, deadline=None)
@given(documents)
@example("**bold** text")
@example("- [a](b)\n  > c\n| x |\n|---|\n```\n")
@example("> - a\nlazy\n> ```\n> code")
def test_the_offset_map_is_consistent_on_any_text(source: str) -> None:
    view = render_markdown(source)
    _check_map(view)
    _check_model(view)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_the_parsers_never_record_overlapping_edits(source: str) -> None:
    """Overlapping edits would be dropped when the view is put together, leaving markup on
    screen; the parsers must never make any."""
    edits, _ = parse_blocks(source)
    ops = sorted(edits.ops, key=lambda op: (op[0], op[1]))
    for (_, end, _, _), (start, _, _, _) in pairwise(ops):
        assert start >= end


@settings(max_examples=300, deadline=None)
@given(documents, st.data())
def test_a_selection_never_starts_or_ends_in_concealed_markup(
    source: str, data: st.DataObject
) -> None:
    view = render_markdown(source)
    start = data.draw(st.integers(0, len(view.shown)))
    end = data.draw(st.integers(start, len(view.shown)))
    src_start, src_end = view.span_to_source(start, end)
    assert 0 <= src_start <= src_end <= len(source)
    if src_end > src_start:
        assert not view.is_concealed(src_start)
        assert not view.is_concealed(src_end - 1)
        # It holds exactly the real characters selected on screen.
        selected = [y for y in range(start, end) if not view.is_virtual(y)]
        assert (view.to_shown(src_start), view.to_shown_end(src_end)) == (
            selected[0],
            selected[-1] + 1,
        )
    trimmed = view.trim_source_span(0, len(source))
    if trimmed[1] > trimmed[0]:
        for edge in (trimmed[0], trimmed[1] - 1):
            assert not view.is_concealed(edge) and not source[edge].isspace()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc XYZ,;?'\"/%&$@éü東京\n\t", max_size=200))
def test_text_without_markup_characters_is_shown_unchanged(text: str) -> None:
    view = render_markdown(text)
    assert view.shown == text
    assert view.concealed_runs() == [] and view.virtual_runs() == []


# -- selections of sentences and paragraphs ---------------------------------------------------

_BLOCKS = {
    "heading": ("## The *main* point is here. It matters\nNext.", "The *main* point is here."),
    "after heading": ("# Title without a stop\nThe body sentence. More.", "The body sentence."),
    "bullet": ("- First point is here. Second point.\n- Other", "First point is here."),
    "numbered": ("1. **Key finding.** More text.\n2. Two", "Key finding."),
    "nested": ("- a\n  - Nested item ends here.\n", "Nested item ends here."),
    "quote": ("> She said *this*. Then left.", "She said *this*."),
    "strong": ("**Everything in bold.** After.", "Everything in bold."),
    "emphasis": ("_All of it emphasised._", "All of it emphasised."),
    "link": ("[Linked sentence.](http://x) Next.", "Linked sentence."),
    "table": ("| a | b |\n|---|---|\n| Cell **one**. | two |", "Cell **one**."),
    "escape": (r"\*Starred\* word.", r"*Starred\* word."),
}


@pytest.mark.parametrize("kind", sorted(_BLOCKS))
def test_a_sentence_selected_on_screen_carries_no_markers(kind: str) -> None:
    source, expected = _BLOCKS[kind]
    view = render_markdown(source)
    plain = re.sub(r"[*_\\]", "", expected)
    pos = view.shown.index(plain[:5]) + 1
    span = sentence_at(view.shown, pos)
    assert span is not None
    start, end = view.unit_to_source(pos, *span)
    assert source[start:end] == expected


@pytest.mark.parametrize("kind", ["heading", "bullet", "numbered", "quote", "strong"])
def test_a_paragraph_selected_on_screen_carries_no_markers(kind: str) -> None:
    source, expected = _BLOCKS[kind]
    view = render_markdown(source)
    pos = view.shown.index(re.sub(r"[*_\\]", "", expected)[:5])
    span = paragraph_at(view.shown, pos)
    assert span is not None
    start, end = view.unit_to_source(pos, *span)
    text = source[start:end]
    assert text.startswith(expected[:5])
    assert not re.match(r"[-*+#>_ ]|\d+[.)]", text) and not text.endswith(("*", "_"))


def test_trimming_a_span_found_in_the_source() -> None:
    source = "# Heading here\n\n- **Bold start.** Rest\n\n> Quoted line.\n"
    view = render_markdown(source)

    def trimmed(text: str) -> str:
        start = source.index(text)
        span = view.trim_source_span(start, start + len(text))
        return source[slice(*span)]

    assert trimmed("# Heading here") == "Heading here"
    assert trimmed("- **Bold start.**") == "Bold start."
    assert trimmed("**Bold start.** Rest\n") == "Bold start.** Rest"
    assert trimmed("> Quoted line.\n") == "Quoted line."
    assert trimmed("- ") == ""


# -- speed -------------------------------------------------------------------------------------


_WORDS = (
    "the committee said that budget figures for the coming year would rise again, "
    "although several members questioned whether the estimates were realistic "
)


def _article(size: int) -> str:
    """A Markdown brief of about ``size`` characters as articles are: paragraphs with some
    inline markup, a heading and a list per section, now and then a quote, a table, code."""
    parts = ["---\ntitle: A long brief\nauthor: Someone\n---\n\n"]
    n = total = 0
    while total < size:
        n += 1
        section = [f"## Section {n}: the state of things\n\n"]
        section.extend(
            f"{_WORDS.capitalize()}and on {n} March the **minister** said {n}.5% was "
            f"[reasonable](https://example.org/r/{n}/{p}). {_WORDS}with `code_{p}` and _one_ "
            f"aside; snake_case and 2 * 3 stay. {_WORDS}{_WORDS}\\[sic\\] and more.\n\n"
            for p in range(4)
        )
        section.append(
            f"- first point about item {n}, with some words after it\n"
            f"- second point with a [link][ref{n % 5}] and more words\n"
            f"- third point, a little longer than the others, {_WORDS}\n\n"
        )
        if n % 4 == 0:
            section.append(_quote_and_table(n))
        if n % 8 == 0:
            section.append(f"```python\ndef f_{n}(x):\n    return x * {n}  # *not em*\n```\n\n")
        parts.extend(section)
        total += sum(map(len, section))
    parts.extend(f"[ref{i}]: https://example.org/ref/{i}\n" for i in range(5))
    return "".join(parts)


def _quote_and_table(n: int) -> str:
    return (
        f"> A quoted remark from the hearing, number {n},\n> spanning two lines.\n\n"
        f"| Year | Value | Note |\n|:--|--:|:-:|\n| 20{n % 100:02} | {n} | ok |\n"
        f"| 東京 | 3.{n} | **high** |\n\n"
    )


def _dense(size: int) -> str:
    """Markup on every line: a heading, a quote, a nested list, a table and code every 700
    characters (a stress test, far denser than articles)."""
    parts = []
    n = total = 0
    while total < size:
        n += 1
        section = (
            f"## Section {n}: the *state* of things\n\n"
            f"The committee met on {n} March and said the **budget** would rise by {n}.5% in "
            f"the [next year](https://example.org/report/{n}), citing `table_{n}` and "
            f"\\[edited\\] notes; snake_case_names and 2 * 3 stay. _Emphasis_ too.\n\n"
            f"- first point about item {n}\n- second point with a [link][ref{n % 5}]\n"
            f"  continued under it\n  1. nested numbered\n  2. and another\n\n"
            f"{_quote_and_table(n)}```python\ndef f_{n}(x):\n    return x * {n}\n```\n\n"
        )
        parts.append(section)
        total += len(section)
    parts.extend(f"[ref{i}]: https://example.org/ref/{i}\n" for i in range(5))
    return "".join(parts)


def test_a_1_mb_markdown_brief_renders_whole() -> None:
    """The speed is measured in benchmarks/bench_markdown_view.py; here, what it renders."""
    source = _article(1_000_000)
    view = render_markdown(source)
    assert "Section 1: the state of things" in view.shown and "**" not in view.shown
    assert view.to_source(len(view.shown)) == len(source)


def test_pathological_markup_is_shown_as_it_is() -> None:
    """Openers never closed (``*a _b [c `d`` thousands of times, 50,000 ``[``): nothing is
    concealed that does not close, so every character is shown."""
    source = ("*a _b [c `d " * 2_000) + "\n" + ("[" * 5_000) + "\n"
    view = render_markdown(source)
    assert "[" * 5_000 in view.shown
    assert view.shown.count("*a _b [c") >= 1_999
