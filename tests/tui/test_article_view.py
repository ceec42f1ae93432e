"""The article view as a reader uses it: keys move the cursor, select, wrap; spans are painted."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal

from briefreader.text.display import display_safe
from briefreader.tui.widgets.article import ArticleSpan, ArticleView, display_text
from tests.tui.helpers import sync

TEXT = (
    "The SCO met in 2024. Putin’s visit was postponed! Was it wise? Nobody knows.\n"
    "\n"
    "A second paragraph starts here. It has two sentences."
)


class ArticleApp(App[None]):
    """A screen with just the article view; records its messages and stray escapes."""

    BINDINGS = [Binding("escape", "escaped", "Escape reached the app")]  # noqa: RUF012

    def __init__(self, text: str, **options: Any) -> None:
        super().__init__()
        self.text = text
        self.options = options
        self.moves: list[int] = []
        self.selections: list[tuple[int, int] | None] = []
        self.escapes = 0

    def compose(self) -> ComposeResult:
        yield ArticleView(self.text, **self.options)

    def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self.moves.append(message.offset)

    def on_article_view_selection_changed(self, message: ArticleView.SelectionChanged) -> None:
        self.selections.append(message.span)

    def action_escaped(self) -> None:
        self.escapes += 1


def rows(view: ArticleView) -> list[str]:
    """The visible rows as drawn, without the margin and the padding."""
    height = view.scrollable_content_region.height
    return [view.render_line(y).text[view.margin :].rstrip() for y in range(height)]


def cursor_cell(view: ArticleView) -> tuple[int, int] | None:
    """(row on screen, column in the text) of the cell drawn in reverse video."""
    for y in range(view.scrollable_content_region.height):
        x = 0
        for segment in view.render_line(y):
            if segment.style is not None and segment.style.reverse:
                return y, x - view.margin
            x += segment.cell_length
    return None


def style_at(view: ArticleView, offset: int) -> Style:
    """The style of the cell showing ``offset``."""
    layout = view.layout_info
    assert layout is not None
    row, col = layout.offset_to_cell(offset)
    x = 0
    for segment in view.render_line(row - view.scroll_offset.y):
        if x + segment.cell_length > col + view.margin:
            assert segment.style is not None
            return segment.style
        x += segment.cell_length
    raise AssertionError(f"no cell at {offset}")


# -- movement --------------------------------------------------------------------------------


@sync
async def test_arrow_keys_move_by_character_and_row_keeping_the_column() -> None:
    app = ArticleApp("abcdef\nab\nabcdef")
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.press("right", "right", "right", "right", "right")
        assert view.cursor == 5
        await pilot.press("left")
        assert view.cursor == 4
        await pilot.press("right", "down")
        assert view.cursor == 9  # "ab" is shorter: end of that line
        await pilot.press("down")
        assert view.cursor == 15  # back in column 5
        await pilot.press("up", "up")
        assert view.cursor == 5
        assert cursor_cell(view) == (0, 5)


@sync
async def test_word_sentence_and_paragraph_keys() -> None:
    app = ArticleApp(TEXT)
    async with app.run_test(size=(100, 12)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.press("w")
        assert view.cursor == TEXT.index("SCO")
        await pilot.press("b")
        assert view.cursor == 0
        await pilot.press("right_parenthesis")
        assert view.cursor == TEXT.index("Putin")
        await pilot.press("right_parenthesis", "left_parenthesis")
        assert view.cursor == TEXT.index("Putin")
        await pilot.press("right_curly_bracket")
        assert view.cursor == TEXT.index("A second")
        await pilot.press("left_curly_bracket")
        assert view.cursor == 0
        await pilot.press("G")
        assert view.cursor == len(TEXT)
        await pilot.press("g")
        assert view.cursor == 0
        assert app.moves[-1] == 0


@sync
async def test_page_keys_scroll_a_page_and_carry_the_cursor() -> None:
    text = "\n".join(f"line {n}" for n in range(200))
    app = ArticleApp(text)
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(ArticleView)
        height = view.scrollable_content_region.height
        await pilot.press("pagedown")
        assert view.scroll_offset.y == height
        assert view.cursor == text.index(f"line {height}\n")
        assert rows(view)[0] == f"line {height}"
        await pilot.press("space")
        assert view.scroll_offset.y == 2 * height
        await pilot.press("pageup")
        assert view.scroll_offset.y == height
        await pilot.press("G")
        assert rows(view)[-1] == "line 199"
        assert view.reading_progress == 1.0


@sync
async def test_moving_past_the_screen_scrolls_the_cursor_into_view() -> None:
    text = "\n".join(f"line {n}" for n in range(100))
    app = ArticleApp(text)
    async with app.run_test(size=(40, 8)) as pilot:
        view = app.query_one(ArticleView)
        height = view.scrollable_content_region.height
        for _ in range(height + 3):
            await pilot.press("down")
        assert view.scroll_offset.y == 4
        assert cursor_cell(view) == (height - 1, 0)


# -- selection -------------------------------------------------------------------------------


@sync
async def test_s_selects_the_sentence_under_the_cursor() -> None:
    app = ArticleApp(TEXT)
    async with app.run_test(size=(100, 12)) as pilot:
        view = app.query_one(ArticleView)
        view.move_to(TEXT.index("visit"))
        await pilot.press("s")
        assert view.selection is not None
        assert TEXT[slice(*view.selection)] == "Putin’s visit was postponed!"
        assert app.selections[-1] == view.selection
        await pilot.press("escape")
        assert view.selection is None
        assert app.selections[-1] is None
        assert app.escapes == 0


@sync
async def test_escape_with_nothing_selected_reaches_the_app() -> None:
    app = ArticleApp(TEXT)
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.press("escape")
        assert app.escapes == 1


@sync
async def test_p_selects_the_paragraph() -> None:
    app = ArticleApp(TEXT)
    async with app.run_test(size=(100, 12)) as pilot:
        view = app.query_one(ArticleView)
        view.move_to(TEXT.index("two sentences"))
        await pilot.press("p")
        assert view.selection is not None
        assert TEXT[slice(*view.selection)] == TEXT[TEXT.index("A second") :]


@sync
async def test_v_then_words_extends_the_selection() -> None:
    app = ArticleApp(TEXT)
    async with app.run_test(size=(100, 12)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.press("v", "w", "w")
        assert view.selection is not None
        # The word the cursor lands on is part of the selection, as it looks on screen.
        assert TEXT[slice(*view.selection)] == "The SCO met"
        await pilot.press("v")
        assert view.selection is None
        await pilot.press("w")
        assert view.selection is None


@sync
async def test_a_selection_extended_by_a_unit_covers_the_unit_the_cursor_lands_on() -> None:
    text = "Pak-Russia ties are witnessing a fresh start. Both sides agree.\n\nNext paragraph."
    app = ArticleApp(text)
    async with app.run_test(size=(100, 12)) as pilot:
        view = app.query_one(ArticleView)
        view.move_to(text.index("are"))
        await pilot.press("v", "w", "w", "w")
        assert view.selection is not None
        assert text[slice(*view.selection)] == "are witnessing a fresh"
        await pilot.press("escape")
        view.move_to(0)
        await pilot.press("v", "right_parenthesis")  # by a sentence: the next one is in
        assert view.selection is not None
        assert text[slice(*view.selection)] == (
            "Pak-Russia ties are witnessing a fresh start. Both sides agree."
        )
        await pilot.press("right_curly_bracket")  # by a paragraph: the next one is in
        assert view.selection is not None
        assert text[slice(*view.selection)] == text
        await pilot.press("right")  # a move by a character is exact again
        assert view.selection is not None
        assert text[slice(*view.selection)].endswith("agree.\n\nN")
        await pilot.press("escape")
        view.move_to(text.index("fresh"))
        await pilot.press("v", "b", "b")  # backwards: from the word landed on to the anchor
        assert view.selection is not None
        assert text[slice(*view.selection)] == "witnessing a"


@sync
async def test_selection_is_painted_and_target_span_falls_back_to_the_sentence() -> None:
    app = ArticleApp(TEXT)
    async with app.run_test(size=(100, 12)) as pilot:
        view = app.query_one(ArticleView)
        view.move_to(TEXT.index("wise"))
        assert TEXT[slice(*view.target_span())] == "Was it wise?"
        plain = style_at(view, 1).bgcolor
        await pilot.press("v", "w")
        assert view.selection is not None
        assert style_at(view, view.selection[0]).bgcolor != plain
        assert view.target_span() == view.selection


# -- wrapping and drawing --------------------------------------------------------------------


@sync
async def test_text_rewraps_when_the_terminal_is_resized() -> None:
    app = ArticleApp(TEXT, align="left")
    async with app.run_test(size=(30, 20)) as pilot:
        view = app.query_one(ArticleView)
        view.move_to(TEXT.index("Nobody"))
        layout = view.layout_info
        assert layout is not None
        narrow_rows = layout.row_count
        drawn = rows(view)
        assert all(len(row) <= layout.width for row in drawn)
        assert drawn[:2] == ["The SCO met in 2024.", "Putin’s visit was"]  # whole words
        await pilot.resize_terminal(90, 20)
        await pilot.pause()
        layout = view.layout_info
        assert layout is not None
        assert layout.row_count < narrow_rows
        assert rows(view)[0] == TEXT.split("\n")[0]
        assert view.cursor == TEXT.index("Nobody")


@sync
async def test_max_line_length_caps_the_column_and_centres_it() -> None:
    app = ArticleApp(TEXT, max_line_length=40)
    async with app.run_test(size=(100, 12)):
        view = app.query_one(ArticleView)
        assert view.layout_info is not None
        assert view.layout_info.width == 40
        assert view.margin > 20
        assert all(len(row) <= 40 for row in rows(view))


@sync
async def test_cursor_sits_on_the_right_cell_after_tabs_and_wide_characters() -> None:
    app = ArticleApp("a\tb中c", tab_size=4)
    async with app.run_test(size=(40, 6)) as pilot:
        view = app.query_one(ArticleView)
        assert rows(view)[0] == "a   b中c"
        await pilot.press("right", "right")
        assert view.cursor == 2
        assert cursor_cell(view) == (0, 4)
        await pilot.press("right")
        assert cursor_cell(view) == (0, 5)
        await pilot.press("right")
        assert cursor_cell(view) == (0, 7)
        await pilot.press("right")
        assert view.cursor == 5
        assert cursor_cell(view) == (0, 8)  # end of text: a reverse space after "c"


@sync
async def test_cjk_text_wraps_by_cells() -> None:
    app = ArticleApp("中文字符测试" * 10, max_line_length=10)
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(ArticleView)
        assert rows(view)[0] == "中文字符测"
        await pilot.press("down", "right")
        assert cursor_cell(view) == (1, 2)


@sync
async def test_markup_and_escape_sequences_are_shown_as_literal_text() -> None:
    app = ArticleApp("[bold]x[/] \x1b[31mred\x07 [link=https://e.x]y[/link]")
    async with app.run_test(size=(60, 6)):
        view = app.query_one(ArticleView)
        first = rows(view)[0]
        assert first == "[bold]x[/] \u241b[31mred\u2407 [link=https://e.x]y[/link]"
        for segment in view.render_line(0):
            assert "\x1b" not in segment.text
            assert segment.style is None or not segment.style.bold


@sync
async def test_click_puts_the_cursor_under_the_pointer() -> None:
    app = ArticleApp(TEXT, align="left")
    async with app.run_test(size=(100, 12)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.click(ArticleView, offset=(view.margin + 4, 0))
        assert view.cursor == 4


# -- painted spans ---------------------------------------------------------------------------


@sync
async def test_annotations_are_painted_and_kinds_differ_without_colour() -> None:
    app = ArticleApp(TEXT)
    async with app.run_test(size=(100, 12)):
        view = app.query_one(ArticleView)
        view.move_to(len(TEXT))
        plain = style_at(view, 1)
        view.set_annotations(
            [
                ArticleSpan(4, 7, "highlight", None, 1),
                ArticleSpan(8, 11, "claim", None, 2),
                ArticleSpan(15, 19, "note", "#ff0000", 3),
            ]
        )
        highlight, claim, note = style_at(view, 5), style_at(view, 9), style_at(view, 16)
        assert highlight.bgcolor != plain.bgcolor
        assert claim.bgcolor != plain.bgcolor
        assert claim.underline and not highlight.underline
        assert note.italic and not claim.italic
        assert note.bgcolor is not None
        red, green, _ = note.bgcolor.get_truecolor()
        assert red > green  # the annotation's own colour wins over the kind's
        assert style_at(view, 12) == plain
        view.set_annotations([ArticleSpan(8, 11, "claim", None, 2)])
        assert style_at(view, 5) == plain


@sync
async def test_overlapping_spans_compose() -> None:
    app = ArticleApp(TEXT)
    async with app.run_test(size=(100, 12)):
        view = app.query_one(ArticleView)
        view.set_annotations([ArticleSpan(0, 20, "claim", None, 1)])
        claim_only = style_at(view, 8)
        view.set_matches([(4, 7)], current=None)
        view.move_to(5)
        combined = style_at(view, 5)
        assert combined.underline  # from the claim
        assert combined.reverse  # the cursor
        assert combined.bgcolor != claim_only.bgcolor  # the search match
        assert not style_at(view, 8).reverse


@sync
async def test_current_search_match_stands_out() -> None:
    app = ArticleApp(TEXT)
    async with app.run_test(size=(100, 12)):
        view = app.query_one(ArticleView)
        view.move_to(len(TEXT))
        plain = style_at(view, 1)
        view.set_matches([(0, 3), (21, 26)], current=1)
        other, current = style_at(view, 1), style_at(view, 22)
        assert other.bgcolor != plain.bgcolor
        assert current.bgcolor != other.bgcolor
        assert current.bold and not other.bold
        view.set_matches([])
        assert style_at(view, 1) == plain


@sync
async def test_reading_aid_tokens_are_styled() -> None:
    calls: list[tuple[int, int]] = []

    def tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        calls.append((start, end))
        found = text.find("SCO", start, end)
        return [(found, found + 3, "acronym")] if found >= 0 else []

    app = ArticleApp(TEXT)
    async with app.run_test(size=(100, 12)):
        view = app.query_one(ArticleView)
        view.move_to(len(TEXT))
        plain = style_at(view, 1)
        view.set_token_source(tokens)
        assert style_at(view, 5).color != plain.color
        assert style_at(view, 1) == plain
        assert (0, TEXT.index("\n")) in calls
        view.set_token_source(None)
        assert style_at(view, 5) == plain


@sync
async def test_styles_follow_the_theme() -> None:
    app = ArticleApp(TEXT)
    async with app.run_test(size=(100, 12)) as pilot:
        view = app.query_one(ArticleView)
        view.move_to(len(TEXT))
        view.set_annotations([ArticleSpan(4, 7, "highlight", None, 1)])
        dark = style_at(view, 5).bgcolor
        app.theme = "textual-light"
        await pilot.pause()
        assert style_at(view, 5).bgcolor != dark
        assert style_at(view, 1).bgcolor != style_at(view, 5).bgcolor


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=80))
def test_display_text_is_display_safe(text: str) -> None:
    assert display_text(text) == display_safe(text)


@sync
async def test_a_position_set_before_the_first_layout_is_shown() -> None:
    text = "\n".join(f"line {n}" for n in range(300))

    class RestoringApp(ArticleApp):
        def compose(self) -> ComposeResult:
            view = ArticleView(self.text)
            view.move_to(text.index("line 150"))
            yield view

    app = RestoringApp(text)
    async with app.run_test(size=(40, 12)):
        view = app.query_one(ArticleView)
        assert view.cursor == text.index("line 150")
        assert cursor_cell(view) is not None
        assert 0 < view.reading_progress < 1


# -- one annotation at a time ------------------------------------------------------------------

LONG_TEXT = " ".join(f"Sentence {n} of a long brief, with words." for n in range(120))


class TwoViewsApp(App[None]):
    """Two views of the same text, side by side and the same width."""

    CSS = "ArticleView { width: 1fr; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield ArticleView(LONG_TEXT, id="one-by-one")
            yield ArticleView(LONG_TEXT, id="all-at-once")


def drawn(view: ArticleView) -> list[list[tuple[str, Style | None]]]:
    """Every visible row as (text, style) pieces."""
    height = view.scrollable_content_region.height
    return [[(s.text, s.style) for s in view.render_line(y)] for y in range(height)]


@sync
async def test_adding_and_removing_one_annotation_paints_what_setting_them_all_would() -> None:
    rng = random.Random(5)
    app = TwoViewsApp()
    async with app.run_test(size=(100, 20)) as pilot:
        one = app.query_one("#one-by-one", ArticleView)
        every = app.query_one("#all-at-once", ArticleView)
        # Around offset 2048, where the span index starts a new bucket.
        for view in (one, every):
            view.move_to(1900)
            view.scroll_to_offset(1900, center=False)
        await pilot.pause()
        assert one.scroll_offset.y == every.scroll_offset.y > 0
        spans: dict[int, ArticleSpan] = {}

        def random_span(key: int) -> ArticleSpan:
            start = rng.randrange(1700, 2400)
            kind = rng.choice(("highlight", "claim", "note"))
            color = rng.choice((None, None, "#ff0000"))
            return ArticleSpan(start, start + rng.randint(1, 400), kind, color, key)

        for step in range(80):
            drawn(one)  # every visible row is cached before the change
            roll = rng.random()
            if spans and roll < 0.3:
                key = rng.choice(sorted(spans))
                one.remove_annotation(spans.pop(key))
            elif spans and roll < 0.5:
                key = rng.choice(sorted(spans))
                old = spans[key]
                spans[key] = random_span(key)
                one.update_annotations(added=[spans[key]], removed=[(key, old.start, old.end)])
            else:
                spans[step] = random_span(step)
                one.update_annotations(added=[spans[step]])
            every.set_annotations(spans.values())
            assert drawn(one) == drawn(every), f"step {step}"
        assert one.annotation_spans == every.annotation_spans
        assert sorted(one.annotation_spans, key=lambda s: s.key) == sorted(
            spans.values(), key=lambda s: s.key
        )
        one.remove_annotation(ArticleSpan(0, 5, "highlight", None, 10_000))  # not there: nothing
        assert drawn(one) == drawn(every)


@sync
async def test_the_footer_follows_the_selection_but_not_every_cursor_move() -> None:
    app = ArticleApp(TEXT)
    published: list[object] = []
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()  # focusing the view on mount redraws the footer once
        app.screen.bindings_updated_signal.subscribe(app.screen, published.append)
        for _ in range(5):
            await pilot.press("w")
        # Redrawing the footer recomposes all its keys: not once per cursor move.
        assert published == []
        await pilot.press("s")
        assert len(published) == 1
        view = app.query_one(ArticleView)
        escape = app.screen.active_bindings["escape"]
        assert escape.node is view  # "Clear selection"
        await pilot.press("w", "w")
        assert len(published) == 1
        await pilot.press("escape")
        assert len(published) == 2
        escape = app.screen.active_bindings["escape"]
        assert escape.node is app  # nothing to clear
        await pilot.press("v")
        assert len(published) == 3
        await pilot.press("v")
        assert len(published) == 4
