"""The rendered Markdown view (briefreader.text.markdown_view): what a reader sees for each kind
of Markdown, and that offsets stay the source's.

Examples per construct; the properties over random Markdown-ish text, the selection trimming
and the timings are in test_markdown_view_props.py.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from briefreader.text.markdown_view import MarkdownView, render_markdown, view_for


def shown(source: str) -> str:
    return render_markdown(source).shown


def styled(view: MarkdownView, name: str) -> list[str]:
    """The shown texts styled ``name``."""
    return [view.shown[start:end] for start, end, style in view.styles if style == name]


def source_of(view: MarkdownView, shown_text: str) -> str:
    """The source text a selection of ``shown_text`` (its first occurrence) maps back to."""
    start = view.shown.index(shown_text)
    src_start, src_end = view.span_to_source(start, start + len(shown_text))
    return view.source[src_start:src_end]


# -- headings ----------------------------------------------------------------------------------


def test_atx_headings_hide_their_hashes_and_keep_the_level_as_a_style() -> None:
    view = render_markdown("# Title\n\n## Section ##\n\n###### Six\nbody")
    assert view.shown == "Title\n\nSection\n\nSix\nbody"
    assert styled(view, "heading1") == ["Title"]
    assert styled(view, "heading2") == ["Section"]
    assert styled(view, "heading6") == ["Six"]
    assert source_of(view, "Section") == "Section"


def test_hash_without_space_or_seven_hashes_is_not_a_heading() -> None:
    assert shown("#hashtag\n####### seven") == "#hashtag\n####### seven"


def test_setext_underlines_are_hidden_with_their_line() -> None:
    view = render_markdown("Big title\n=========\nSmaller\n---\ntext")
    assert view.shown == "Big title\nSmaller\ntext"
    assert styled(view, "heading1") == ["Big title"]
    assert styled(view, "heading2") == ["Smaller"]


def test_heading_text_keeps_its_inline_markup_rendered() -> None:
    view = render_markdown("## The *real* [story](http://x)")
    assert view.shown == "The real story"
    assert styled(view, "emphasis") == ["real"]
    assert view.links[0].url == "http://x"


# -- emphasis ----------------------------------------------------------------------------------


def test_emphasis_and_strong_markers_are_concealed() -> None:
    view = render_markdown("**bold** and *em* and __strong__ and _em2_ and ~~gone~~")
    assert view.shown == "bold and em and strong and em2 and gone"
    assert styled(view, "strong") == ["bold", "strong"]
    assert styled(view, "emphasis") == ["em", "em2"]
    assert styled(view, "strike") == ["gone"]


def test_nested_emphasis() -> None:
    view = render_markdown("***both*** then *a **b** c* then **x *y* z**")
    assert view.shown == "both then a b c then x y z"
    assert styled(view, "strong") == ["both", "b", "x y z"]
    assert styled(view, "emphasis") == ["both", "a b c", "y"]


@pytest.mark.parametrize(
    "text",
    [
        "2 * 3 * 4 = 24",
        "snake_case_name and __dunder_ish",
        "**unclosed strong",
        "a* b*",
        "price_in_usd_2024",
        "~single~ tildes",
    ],
)
def test_what_is_not_emphasis_stays_as_written(text: str) -> None:
    assert shown(text) == text


def test_unbalanced_markers_keep_the_extra_ones_visible() -> None:
    view = render_markdown("**a* b\n\nc *d**")
    assert view.shown == "*a b\n\nc d*"
    assert styled(view, "emphasis") == ["a", "d"]


def test_a_selection_of_bold_text_maps_to_the_word_only() -> None:
    view = render_markdown("**bold** text")
    assert view.shown == "bold text"
    assert view.span_to_source(0, 4) == (2, 6)
    # All of the bold word and the space after it: still not the closing markers' start.
    assert view.source[slice(*view.span_to_source(0, 5))] == "bold** "
    assert view.span_to_source(5, 9) == (9, 13)


# -- links, images, escapes --------------------------------------------------------------------


def test_links_are_shown_as_their_text_with_the_url_kept() -> None:
    view = render_markdown('See [the report](https://ex.org/r?a=1 "Title") now.')
    assert view.shown == "See the report now."
    (link,) = view.links
    assert link.url == "https://ex.org/r?a=1"
    assert view.shown[link.start : link.end] == "the report"
    assert view.source[link.source_start : link.source_end] == "the report"
    assert view.link_at(view.shown.index("report")) == link
    assert view.link_at(view.shown.index("now")) is None
    assert styled(view, "link") == ["the report"]


def test_link_text_may_hold_brackets_escapes_and_code() -> None:
    assert shown("[a [b] c](http://x)") == "a [b] c"
    assert shown(r"[a \] b](http://x)") == "a ] b"
    assert shown("[`x]`](http://x)") == "x]"


def test_urls_with_parentheses_and_angle_brackets() -> None:
    view = render_markdown("[w](https://en.wikipedia.org/wiki/A_(b)) and [s](<a b.html>)")
    assert view.shown == "w and s"
    assert [link.url for link in view.links] == ["https://en.wikipedia.org/wiki/A_(b)", "a b.html"]


def test_reference_links_need_a_definition_and_the_definition_is_hidden() -> None:
    view = render_markdown(
        "see [x], [text][Y] and [nope][z]\n\n[x]: http://a\n[y]: <http://b> 'T'\n"
    )
    assert view.shown == "see x, text and [nope][z]\n\n"
    assert [link.url for link in view.links] == ["http://a", "http://b"]


def test_autolinks() -> None:
    view = render_markdown("mail <a@b.org> or <https://x.org/p>")
    assert view.shown == "mail a@b.org or https://x.org/p"
    assert [link.url for link in view.links] == ["mailto:a@b.org", "https://x.org/p"]


def test_images_show_a_virtual_label_around_their_alt_text() -> None:
    view = render_markdown("Look: ![a chart](c.png) and ![](d.png)")
    assert view.shown == "Look: [image: a chart] and [image]"
    label = view.shown.index("[image: ")
    assert all(view.is_virtual(label + i) for i in range(len("[image: ")))
    assert not view.is_virtual(view.shown.index("a chart"))
    assert [link.url for link in view.links] == ["c.png", "d.png"]
    assert view.link_at(label) is not None


def test_an_image_that_is_a_link_gives_the_link_on_its_label() -> None:
    view = render_markdown("[![badge](b.svg)](http://site) text")
    assert view.shown == "[image: badge] text"
    found = view.link_at(0)
    assert found is not None and found.url == "http://site"


def test_escapes_lose_their_backslash() -> None:
    view = render_markdown(r"Konsument\*innen, \[Eloise\], a \ b, C:\dir")
    assert view.shown == r"Konsument*innen, [Eloise], a \ b, C:\dir"
    assert source_of(view, "*innen") == r"*innen"


def test_a_star_inside_a_word_is_written_not_emphasis() -> None:
    # Saved web pages are stored without escapes: the German gender star stays as written,
    # and so does arithmetic; a star at a word's edge still opens or closes emphasis.
    text = "Konsument*innen und Bürger*innen, 2*3*4, un*frigging*believable, a *real* one"
    view = render_markdown(text)
    assert view.shown == text.replace("*real*", "real")
    assert styled(view, "emphasis") == ["real"]
    assert render_markdown("**bold**word and foo**bar**baz").shown == "boldword and foobarbaz"


# -- code --------------------------------------------------------------------------------------


def test_code_spans_keep_their_content_verbatim() -> None:
    view = render_markdown("use `a *b* [c](d)` and ``x ` y`` but `open")
    assert view.shown == "use a *b* [c](d) and x ` y but `open"
    assert styled(view, "code") == ["a *b* [c](d)", "x ` y"]


def test_fenced_code_lines_are_hidden_and_the_code_kept() -> None:
    view = render_markdown("before\n\n```python\n# not a heading\nx = *a* + _b_\n```\n\nafter")
    assert view.shown == "before\n\n# not a heading\nx = *a* + _b_\n\nafter"
    assert styled(view, "code-block") == ["# not a heading\nx = *a* + _b_"]
    assert view.links == []


def test_tilde_fences_longer_fences_and_an_unclosed_fence() -> None:
    assert shown("~~~\n```\ncode\n~~~\nafter") == "```\ncode\nafter"
    assert shown("````\n```\n````\nafter") == "```\nafter"
    assert shown("```\n*a*\n\n# b") == "*a*\n\n# b"


def test_indented_code_is_left_verbatim() -> None:
    assert shown("para\n\n    code *x*\n\n    more\nend") == "para\n\n    code *x*\n\n    more\nend"


# -- lists -------------------------------------------------------------------------------------


def test_bullets_replace_list_markers() -> None:
    view = render_markdown("- one\n* two\n+ three")
    assert view.shown == "• one\n• two\n• three"
    assert styled(view, "bullet") == ["•", "•", "•"]
    assert all(view.is_virtual(view.shown.index("• three") + i) for i in range(2))


def test_nested_lists_indent_to_their_parent_text() -> None:
    source = "- a\n  - b\n    - c\n      text of c\n- d"
    view = render_markdown(source)
    assert view.shown == "• a\n  • b\n    • c\n      text of c\n• d"
    line_starts = [0] + [i + 1 for i, char in enumerate(view.shown) if char == "\n"]
    assert [view.hanging[start] for start in line_starts] == [2, 4, 6, 6, 2]


def test_ordered_lists_are_numbered_on_from_the_first_item() -> None:
    assert shown("1. a\n1. b\n1. c") == "1. a\n2. b\n3. c"
    assert shown("3) x\n4) y\n\n   more of y") == "3) x\n4) y\n\n   more of y"
    view = render_markdown("1. first\n   1. inner\n   2. inner\n2. second")
    assert view.shown == "1. first\n   1. inner\n   2. inner\n2. second"


def test_list_continuation_lines_hang_under_the_item_text() -> None:
    view = render_markdown("- first line\nlazy line\n   deeper line\n\n  second paragraph\n\nout")
    assert view.shown == "• first line\n  lazy line\n  deeper line\n\n  second paragraph\n\nout"
    assert view.hanging[view.shown.index("  lazy")] == 2
    assert view.hanging[view.shown.index("  second")] == 2
    assert view.shown.index("out") not in view.hanging


def test_an_ordered_marker_that_cannot_interrupt_a_paragraph_is_text() -> None:
    assert shown("In\n2019. It rained.") == "In\n2019. It rained."
    assert shown("-1 degrees\n-- not a list") == "-1 degrees\n-- not a list"


def test_list_items_hold_headings_and_fences() -> None:
    view = render_markdown("- ## Head\n- text\n\n  ```\n  code\n    indented\n  ```\n- last")
    assert view.shown == "• Head\n• text\n\n  code\n    indented\n• last"
    assert styled(view, "heading2") == ["Head"]
    assert styled(view, "code-block") == ["code", "  indented"]


# -- block quotes ------------------------------------------------------------------------------


def test_block_quotes_are_shown_with_bars() -> None:
    view = render_markdown("> quoted *line*\n> second\n>\n> > nested\nlazy")
    assert view.shown == "▌ quoted line\n▌ second\n▌\n▌ ▌ nested\n▌ ▌ lazy"
    assert styled(view, "quote-bar")[:2] == ["▌ ", "▌ "]
    assert "quoted line" in styled(view, "quote")
    assert view.hanging[0] == 2
    assert view.hanging[view.shown.index("▌ ▌ nested")] == 4


def test_quote_markers_never_reach_a_selection() -> None:
    view = render_markdown("> A quoted sentence.")
    assert view.span_to_source(0, len(view.shown)) == (2, 20)


def test_lists_and_fences_inside_quotes() -> None:
    assert shown("> - a\n> - b") == "▌ • a\n▌ • b"
    assert shown("> ```\n> *code*\n> ```\n> after") == "▌ *code*\n▌ after"


# -- tables ------------------------------------------------------------------------------------


def test_tables_are_aligned_in_columns() -> None:
    view = render_markdown(
        "| Name | Qty | Note |\n|:-----|----:|:----:|\n| apple | 3 | ok |\n| kiwi | 12 | x |"
    )
    assert view.shown.split("\n") == [
        "Name  │ Qty │ Note",
        "──────┼─────┼─────",
        "apple │   3 │  ok",
        "kiwi  │  12 │  x",
    ]
    assert styled(view, "table-header") == ["Name", "Qty", "Note"]
    assert source_of(view, "apple") == "apple"
    rule = view.shown.index("──")
    assert view.is_virtual(rule)
    assert view.is_virtual(view.shown.index("│"))


def test_table_columns_are_measured_in_terminal_cells() -> None:
    view = render_markdown("| city | n |\n|---|---|\n| 東京 | 1 |\n| Paris | 2 |\n| **Rome** | 3 |")
    rows = view.shown.split("\n")
    assert rows[2] == "東京  │ 1"
    assert rows[4] == "Rome  │ 3"
    assert {cell_len(row[: row.index("│")]) for row in rows if "│" in row} == {6}


def test_an_escaped_pipe_is_a_pipe_inside_a_cell() -> None:
    view = render_markdown("| a | b |\n|---|---|\n| x \\| y | z |")
    assert view.shown.split("\n")[2] == "x | y │ z"


def test_rows_with_missing_cells_and_no_outer_pipes() -> None:
    view = render_markdown("a | b\n--|--\n1 |\n| 2 | 3 | 4 |\nafter")
    # A row with more cells than the header is shown whole; a line without a pipe ends it.
    assert view.shown.split("\n") == ["a │ b │", "──┼───┼──", "1 │   │", "2 │ 3 │ 4", "after"]


def test_a_pipe_line_without_a_delimiter_row_is_text() -> None:
    assert shown("a | b\nc | d") == "a | b\nc | d"


# -- front matter, comments, rules -------------------------------------------------------------


def test_yaml_front_matter_is_hidden_and_read() -> None:
    view = render_markdown(
        "---\ntitle: 'A: B'\nauthors:\n  - Ann\n  - Bob\ntags: [x, \"y\"]\n---\n\n# Body"
    )
    assert view.shown == "Body"
    assert view.front_matter == {"title": "A: B", "authors": "Ann; Bob", "tags": "x; y"}
    assert view.to_shown(0) == 0
    assert view.span_to_source(0, 4) == (len(view.source) - 4, len(view.source))


def test_toml_front_matter() -> None:
    view = render_markdown('+++\ntitle = "T"\ndate = 2024-01-02\n[extra]\nx = 1\n+++\nBody')
    assert view.shown == "Body"
    assert view.front_matter == {"title": "T", "date": "2024-01-02"}


def test_rules_around_prose_are_not_front_matter() -> None:
    view = render_markdown("---\nJust prose.\n\n---\nmore")
    assert view.front_matter == {}
    assert "Just prose." in view.shown


def test_html_comments_are_hidden() -> None:
    source = "<!-- block -->\ntext <!-- inline --> more\n<!--\nmulti\nline\n-->\nend"
    assert shown(source) == "text  more\nend"


def test_thematic_breaks_are_rules() -> None:
    view = render_markdown("a\n\n***\n\n- - -\nb")
    assert view.shown.split("\n")[2].startswith("───")
    assert len(styled(view, "rule")) == 2


# -- anything else -----------------------------------------------------------------------------


def test_text_without_markup_is_shown_as_it_is() -> None:
    text = "Plain prose, with numbers 1.5 and 3-4; a (note) & <b> tag.\n\n  Indented line.\n"
    view = render_markdown(text)
    assert view.shown == text
    assert view.virtual_runs() == []
    assert view.concealed_runs() == []


def test_html_and_footnotes_are_left_as_source() -> None:
    text = "Cited<sup>[3]</sup> here[^1] &amp; <br>"
    assert shown(text) == text


def test_view_for_builds_nothing_for_other_formats() -> None:
    big = "# Not a heading in a text brief *really*\n" * 125_000  # 5 MB
    assert view_for(big, "text") is None
    assert view_for(big, "html") is None
    markdown = view_for("# Title", "markdown")
    assert markdown is not None and markdown.shown == "Title"
    assert view_for("# Title", "markdown") is markdown  # cached


def test_a_tab_after_a_list_marker_counts_from_the_marker() -> None:
    # "-\t" reaches column 4 (the tab stop after the marker), so a tab-indented item nests.
    assert render_markdown("-\titem tab\n\t- nested tab\n").shown == "• item tab\n  • nested tab\n"
    assert render_markdown("1.\titem\n\t- nested\n").shown == "1. item\n   • nested\n"


def test_a_saved_page_keeps_its_numbers_and_its_words() -> None:
    # A page's "3." and "7." paragraphs are its words; its inline text is literal.
    page = "3. The applicant must apply.\n\n7. The fee is `due` for __init__.py.\n"
    view = render_markdown(page, inline=False)
    assert view.shown == page
    assert not view.is_virtual(page.index("7."))
    assert render_markdown(page).shown.startswith("3. The applicant must apply.\n\n4. The fee")
