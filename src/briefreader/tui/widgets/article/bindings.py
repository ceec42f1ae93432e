"""The article view's keys: cursor movement by character, row, word, sentence, paragraph and
page, and selection. Every binding has an id, so the user's key map can rebind it."""

from __future__ import annotations

from textual.binding import Binding, BindingType

ARTICLE_BINDINGS: list[BindingType] = [
    Binding("left", "cursor_left", "Character left", show=False, id="article.left"),
    Binding("right", "cursor_right", "Character right", show=False, id="article.right"),
    Binding("up", "cursor_up", "Row up", show=False, id="article.up"),
    Binding("down", "cursor_down", "Row down", show=False, id="article.down"),
    Binding("w", "word_forward", "Next word", show=False, id="article.word_forward"),
    Binding("b", "word_back", "Previous word", show=False, id="article.word_back"),
    Binding(
        "right_parenthesis",
        "sentence_forward",
        "Next sentence",
        key_display=")",
        show=False,
        id="article.sentence_forward",
    ),
    Binding(
        "left_parenthesis",
        "sentence_back",
        "Previous sentence",
        key_display="(",
        show=False,
        id="article.sentence_back",
    ),
    Binding(
        "right_curly_bracket",
        "paragraph_forward",
        "Next paragraph",
        key_display="}",
        show=False,
        id="article.paragraph_forward",
    ),
    Binding(
        "left_curly_bracket",
        "paragraph_back",
        "Previous paragraph",
        key_display="{",
        show=False,
        id="article.paragraph_back",
    ),
    Binding("home", "row_start", "Start of row", show=False, id="article.row_start"),
    Binding("end", "row_end", "End of row", show=False, id="article.row_end"),
    Binding("g", "text_start", "Start of brief", show=False, id="article.start"),
    Binding("G", "text_end", "End of brief", show=False, id="article.end"),
    Binding("pageup", "page_up", "Page up", show=False, id="article.page_up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="article.page_down"),
    Binding("space", "page_down", "Page down", show=False, id="article.page_down_space"),
    Binding("v", "toggle_selecting", "Select", id="article.toggle_select"),
    Binding("s", "select_sentence", "Sentence", id="article.select_sentence"),
    Binding("p", "select_paragraph", "Paragraph", id="article.select_paragraph"),
    Binding("escape", "clear_selection", "Clear selection", id="article.clear_selection"),
]
