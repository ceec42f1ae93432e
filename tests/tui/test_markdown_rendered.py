"""A Markdown brief in the real app, shown rendered: headings, emphasis, lists, a block quote, a
table, a link and front matter as a reader sees them (SVG snapshots at 80x24 and 120x40), and
what a reader does with them on a real SQLite file: a sentence taken with ``s`` in each kind
of block is quoted without markup at its edges, exports quote exactly ``text[start:end]``, the
cursor never rests on a bullet or a table's padding, ``m`` shows the source and back, ``o``
gives a link's address, and the front matter's byline fills the header."""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from briefreader.config import load_config
from briefreader.exchange.files import export_to_file
from briefreader.ingest.model import content_hash
from briefreader.store.api import NewAnnotation, NewBrief, Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import Toasts, screen_text, settle, sync, until_shown, wait_until

TEXT = """---
title: Grain corridors after the deal
author: Amina Qureshi
date: 2026-11-30T08:00:00Z
publisher: Policy Weekly
---
# Grain corridors after the deal

The agreement was signed in *Istanbul* on Friday. Exports rose **by 40 percent** in the \
first month, according to [the ministry's figures](https://example.org/ministry/figures). \
Critics say the corridor is fragile.

## What changed

- Shipping insurance fell to `1.2%` of cargo value, the lowest since the war began and well \
below what traders had feared.
- Three ports reopened.
  1. Odesa handles most of the volume.
  2. Pivdennyi takes the rest.

> "We will not return to the old routes," the minister said. She called the deal a turning \
point for the region's farmers.

| Port | Tonnes | Share |
|------|-------:|:-----:|
| Odesa | 2,400,000 | 61% |
| Pivdennyi | 1,100,000 | 28% |

---

**Officials denied it.** Analysts expect prices to ~~rise~~ fall by spring.
"""

URL = "https://example.org/ministry/figures"


@pytest.fixture
def library(tmp_path: Path) -> Iterator[tuple[Store, str, int]]:
    url = f"sqlite:///{tmp_path / 'md.sqlite3'}"
    store = Store.open(url)
    brief = store.import_brief(
        NewBrief(TEXT, "Grain corridors after the deal", content_hash(TEXT), 120, format="markdown")
    ).brief
    yield store, url, brief.id
    store.close()


def open_app(library: tuple[Store, str, int]) -> BriefReaderApp:
    store, url, brief_id = library
    return BriefReaderApp(url, store=store, brief_id=brief_id, config=load_config())


async def opened(pilot: Pilot[None]) -> ReaderScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
    reader = app.screen
    assert isinstance(reader, ReaderScreen)
    await wait_until(pilot, lambda: reader.brief is not None)
    await settle(pilot)
    return reader


def more_than(store: Store, brief_id: int, count: int) -> bool:
    return len(store.annotations_for_brief(brief_id)) > count


# ---------------------------------------------------------------------------------- pictures


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_of_a_rendered_markdown_brief(
    snap_compare: object, library: tuple[Store, str, int], size: tuple[int, int]
) -> None:
    store, _, brief_id = library
    start = TEXT.index("Three ports reopened.")
    store.create_annotation(brief_id, NewAnnotation(start, start + len("Three ports reopened.")))

    async def run_before(pilot: Pilot[None]) -> None:
        reader = await opened(pilot)
        reader.article.move_to(TEXT.index("the ministry's figures") + 4)  # on the link
        await until_shown(pilot)

    assert callable(snap_compare)
    assert snap_compare(open_app(library), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@sync
async def test_what_the_rendered_brief_shows(
    library: tuple[Store, str, int], size: tuple[int, int]
) -> None:
    app = open_app(library)
    async with app.run_test(size=size) as pilot:
        reader = await opened(pilot)
        shown = screen_text(app)
        # The front matter's byline and date are in the header, not in the text.
        # (At 80 columns the header has room for the start of the byline only.)
        byline = "Amina Qureshi · Policy Weekly · 2026-11-30"
        assert (byline if size[0] >= 120 else "— Amina Qure") in shown.splitlines()[0]
        assert "title:" not in shown and "---" not in shown
        for markup in ("# Grain", "## What", "*Istanbul*", "**by 40", "`1.2%`", "](http", "|--"):
            assert markup not in shown, markup
        assert "signed in Istanbul" in shown
        assert "according to the ministry's" in shown
        assert "• Shipping insurance fell to 1.2% of cargo" in shown
        assert "  1. Odesa handles most of the volume." in shown
        assert '▌ "We will not return' in shown
        # A list item's wrapped rows start under its text, not under its bullet.
        rows = shown.splitlines()
        item = next(i for i, row in enumerate(rows) if "• Shipping" in row)
        column = rows[item].index("Shipping")
        assert rows[item + 1][column - 2 : column] == "  " and rows[item + 1][column] != " "
        assert reader.article.rendering.shown.count("•") == 2


@sync
async def test_the_table_is_aligned_in_columns(library: tuple[Store, str, int]) -> None:
    app = open_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await opened(pilot)
        reader.article.move_to(TEXT.index("| Odesa"))
        await until_shown(pilot)
        rows = [row for row in screen_text(app).splitlines() if "│" in row.split("▏")[0]]
        body = [row.split("▏")[0].rstrip() for row in rows]
        assert len(body) == 3, body
        bars = {row.index("│") for row in body}
        assert len(bars) == 1, body  # every row's first column is as wide
        # "Tonnes" is right-aligned: the numbers end where the header does.
        header, odesa, _ = body
        assert header.index("Tonnes") + len("Tonnes") == odesa.index("2,400,000") + 9


# ---------------------------------------------------------------------------------- quotes

#: Where the cursor is put, and the quote a sentence taken there must give.
SENTENCES = [
    ("Grain corridors", "Grain corridors after the deal"),  # heading
    ("agreement was", "The agreement was signed in *Istanbul* on Friday."),  # paragraph
    ("Shipping insurance", TEXT[TEXT.index("Shipping") : TEXT.index("feared.") + 7]),  # item
    ("handles most", "Odesa handles most of the volume."),  # nested ordered item
    ("return to the old", '"We will not return to the old routes," the minister said.'),
    ("Pivdennyi | 1", "Pivdennyi"),  # a table cell
    ("Officials denied", "Officials denied it."),  # a sentence in bold
]


@sync
async def test_a_sentence_in_each_kind_of_block_is_quoted_without_markup_at_its_edges(
    library: tuple[Store, str, int], tmp_path: Path
) -> None:
    store, _, brief_id = library
    app = open_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await opened(pilot)
        for words, _ in SENTENCES:
            reader.article.move_to(TEXT.index(words) + 1, extend=False)
            count = len(store.annotations_for_brief(brief_id))
            await pilot.press("s", "h")
            await wait_until(pilot, partial(more_than, store, brief_id, count))
    annotations = sorted(store.annotations_for_brief(brief_id), key=lambda a: a.start)
    assert [a.quote for a in annotations] == [quote for _, quote in SENTENCES]
    for a in annotations:
        assert TEXT[a.start : a.end] == a.quote
        assert not a.quote.startswith(("#", "- ", "1. ", "> ", "*", "|"))
        assert not a.quote.endswith(("*", "|"))
    # Exports quote exactly the stored text's span.
    export_to_file(store, tmp_path / "out.csv", [brief_id], None, "csv")
    export_to_file(store, tmp_path / "out.json", [brief_id], None, "json")
    with (tmp_path / "out.csv").open(newline="", encoding="utf-8-sig") as handle:
        quotes = sorted((int(row["start"]), row["quote"]) for row in csv.DictReader(handle))
    assert [quote for _, quote in quotes] == [a.quote for a in annotations]
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    items = exported["first"]["items"] if "first" in exported else exported.get("items", [])
    exact = sorted(
        selector["exact"]
        for item in items
        for selector in item["target"]["selector"]
        if selector["type"] == "TextQuoteSelector"
    )
    assert exact == sorted(a.quote for a in annotations)


@sync
async def test_a_paragraph_selection_leaves_out_the_list_marker(
    library: tuple[Store, str, int],
) -> None:
    app = open_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await opened(pilot)
        reader.article.move_to(TEXT.index("Three ports") + 3, extend=False)
        await pilot.press("p")
        await until_shown(pilot)
        assert reader.article.selection is not None
        start, end = reader.article.selection
        assert TEXT[start:end] == "Three ports reopened."


# ---------------------------------------------------------------------------------- moving


@sync
async def test_the_cursor_never_rests_on_a_bullet_a_bar_or_padding(
    library: tuple[Store, str, int],
) -> None:
    app = open_app(library)
    async with app.run_test(size=(80, 30)) as pilot:
        reader = await opened(pilot)
        article = reader.article
        article.move_to(0)
        markdown = article._rendering.markdown
        assert markdown is not None
        seen = []
        while True:
            seen.append(article._caret.offset)
            before = article.cursor
            article.action_cursor_right()
            if article.cursor == before:
                break
            assert article.cursor > before
        assert article.cursor == len(TEXT)
        assert not [offset for offset in seen if markdown.is_virtual(offset)]
        # Moving down row by row lands on text too (a row starting with a bullet included).
        article.move_to(0)
        while article.cursor < len(TEXT):
            before = article.cursor
            article.action_cursor_down()
            assert not markdown.is_virtual(article._caret.offset)
            if article.cursor == before:
                break
        # Going back skips them the other way.
        item = TEXT.index("Three ports")
        article.move_to(item)
        article.action_cursor_left()
        assert article.cursor < item
        assert TEXT[article.cursor : item].strip() in ("-", "")


@sync
async def test_m_shows_the_source_and_back_keeping_the_cursor(
    library: tuple[Store, str, int],
) -> None:
    app = open_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await opened(pilot)
        article = reader.article
        spot = TEXT.index("Odesa handles")
        article.move_to(spot)
        await pilot.press("m")
        await until_shown(pilot)
        assert not article.rendering.rendered and article.rendering.shown == TEXT
        assert article.cursor == spot
        assert "  1. Odesa handles most of the volume." in screen_text(app)
        assert "| Port | Tonnes | Share |" in screen_text(app)
        await pilot.press("m")
        await until_shown(pilot)
        assert article.rendering.rendered and article.cursor == spot
        assert "| Port" not in screen_text(app)


@sync
async def test_m_on_a_plain_brief_says_so(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plain.sqlite3'}"
    text = "# Not a heading\n\nA plain *text* brief.\n"
    with contextlib.closing(Store.open(url)) as store:
        brief_id = store.import_brief(NewBrief(text, "Plain", content_hash(text), 5)).brief.id
    app = BriefReaderApp(url, brief_id=brief_id, config=load_config())
    toasts = Toasts(app)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await opened(pilot)
        await pilot.press("m")
        await until_shown(pilot)
        assert reader.article.rendering.shown == text
        assert "plain text" in toasts.text()


@sync
async def test_o_gives_the_link_address_and_the_panel_shows_it(
    library: tuple[Store, str, int],
) -> None:
    app = open_app(library)
    toasts = Toasts(app)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await opened(pilot)
        link_line = reader.query_one("#detail-link", Static)
        assert not link_line.display
        reader.article.move_to(TEXT.index("ministry's figures"))
        await until_shown(pilot)
        assert link_line.display and URL in screen_text(app)
        await pilot.press("o")
        await until_shown(pilot)
        assert URL in toasts.messages()
        assert app.clipboard == URL
        reader.article.move_to(TEXT.index("Critics say"))
        await until_shown(pilot)
        assert not link_line.display
        await pilot.press("o")
        await until_shown(pilot)
        assert "No link under the cursor" in toasts.text()


@sync
async def test_search_finds_words_as_they_are_shown(library: tuple[Store, str, int]) -> None:
    # "*Istanbul* on Friday" is stored; "Istanbul on Friday" is what the reader sees and types.
    app = open_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await opened(pilot)
        await pilot.press("slash", *"istanbul on friday", "enter")
        await until_shown(pilot)
        end = TEXT.index("on Friday") + len("on Friday")
        assert reader._find.matches == [(TEXT.index("Istanbul"), end)]
        assert reader.article.cursor == TEXT.index("Istanbul")
        await pilot.press("m")  # the source is searched as it is shown too
        await until_shown(pilot)
        await pilot.press("slash", *"*istanbul*", "enter")
        await until_shown(pilot)
        assert reader._find.matches == [(TEXT.index("*Istanbul*"), TEXT.index("*Istanbul*") + 10)]


# ---------------------------------------------------------------------------------- found by review

LIST = (
    "Intro paragraph here.\n\n- first item\n- second item\n- third item\n\n"
    "> quoted text\n> more quoted\n\nEnd.\n"
)
TABLE = (
    "# Ports\n\n| Port | Tonnes |\n|------|-------:|\n| Odesa | 2,400,000 |\n"
    "| Pivdennyi | 1,100,000 |\n\nAfter the table.\n"
)
HEAD = "# Title line\nSome text here. More text.\n\n## Sub\n- item one\n- item two\n"


def app_on(tmp_path: Path, text: str, fmt: str = "markdown") -> tuple[BriefReaderApp, Store, int]:
    store = Store.open(f"sqlite:///{tmp_path / 'review.sqlite3'}")
    brief_id = store.import_brief(NewBrief(text, "Review", content_hash(text), 20, format=fmt))
    app = BriefReaderApp(
        f"sqlite:///{tmp_path / 'review.sqlite3'}",
        store=store,
        brief_id=brief_id.brief.id,
        config=load_config(),
    )
    return app, store, brief_id.brief.id


def under_cursor(reader: ReaderScreen, text: str) -> str:
    cursor = reader.article.cursor
    return text[cursor : cursor + 6]


@sync
async def test_home_up_down_and_clicks_land_on_the_item_not_the_row_above(tmp_path: Path) -> None:
    app, store, _ = app_on(tmp_path, LIST)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await opened(pilot)
        article = reader.article
        article.move_to(LIST.index("second") + 3)
        await pilot.press("home")
        assert under_cursor(reader, LIST) == "second"
        article.move_to(LIST.index("more quoted") + 3)
        await pilot.press("home")
        assert under_cursor(reader, LIST) == "more q"
        article.move_to(LIST.index("End."))
        await pilot.press("up", "up")
        assert under_cursor(reader, LIST) == "more q"
        article.move_to(LIST.index("\n\n> quoted") + 1)  # the blank line after the list
        await pilot.press("up")
        assert under_cursor(reader, LIST) == "third "
        # A click on a bullet, coming from below, is on that item.
        layout = article.layout_info
        assert layout is not None
        row = article.row_of(LIST.index("second"))
        assert row is not None
        await pilot.click(article, offset=(article.margin, row - int(article.scroll_offset.y)))
        assert under_cursor(reader, LIST) == "second"
        await pilot.press("left")  # back over the bullet: the end of the item before
        assert article.cursor == LIST.index("\n- second")
    store.close()


@sync
async def test_up_and_down_keep_the_column_through_a_table(tmp_path: Path) -> None:
    app, store, _ = app_on(tmp_path, TABLE)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await opened(pilot)
        reader.article.move_to(TABLE.index("Tonnes"))
        await pilot.press("down")  # over the rule, onto the first row's number
        number = TABLE.index("2,400,000")
        assert number <= reader.article.cursor < number + 9  # the column kept
        await pilot.press("down", "down", "up", "up")
        assert TABLE[reader.article.cursor].isdigit()
        await pilot.press("up")
        assert TABLE.index("Tonnes") <= reader.article.cursor < TABLE.index("Tonnes") + 6
    store.close()


@sync
async def test_s_and_p_outside_a_block_take_the_nearest_block_not_a_table_or_list(
    tmp_path: Path,
) -> None:
    app, store, _ = app_on(tmp_path, TABLE + "\n" + LIST)
    text = TABLE + "\n" + LIST
    async with app.run_test(size=(80, 30)) as pilot:
        reader = await opened(pilot)
        reader.article.move_to(text.index("Odesa"))
        await pilot.press("end", "s")
        assert reader.article.selection is not None
        start, end = reader.article.selection
        assert text[start:end] == "2,400,000"
        await pilot.press("escape")
        reader.article.move_to(text.index("\n\n- first") + 1)  # the blank line before the list
        await pilot.press("p")
        assert reader.article.selection is not None
        start, end = reader.article.selection
        assert text[start:end] == "first item"
    store.close()


@sync
async def test_sentence_and_paragraph_moves_stop_at_each_heading_item_and_quote(
    tmp_path: Path,
) -> None:
    app, store, _ = app_on(tmp_path, HEAD + "\n" + LIST)
    text = HEAD + "\n" + LIST
    async with app.run_test(size=(80, 30)) as pilot:
        reader = await opened(pilot)
        reader.article.move_to(0)
        forward = []
        for _ in range(12):
            await pilot.press("right_parenthesis")
            forward.append(under_cursor(reader, text))
        for start in (
            "Some t",
            "More t",
            "Sub\n- ",
            "item o",
            "item t",
            "Intro ",
            "first ",
            "second",
            "third ",
            "quoted",
            "End.\n",
        ):
            assert start in forward, (start, forward)
        backward = []
        for _ in range(12):
            await pilot.press("left_parenthesis")
            backward.append(under_cursor(reader, text))
        for start in ("third ", "second", "first ", "item t", "item o", "Some t"):
            assert start in backward, (start, backward)
        reader.article.move_to(text.index("third"))
        await pilot.press("left_curly_bracket")
        assert under_cursor(reader, text) == "second"
    store.close()


@sync
async def test_a_selection_made_in_the_source_is_stored_as_selected(tmp_path: Path) -> None:
    text = "See [the report](https://example.org/r) for details. Second sentence here.\n"
    app, store, brief_id = app_on(tmp_path, text)
    async with app.run_test(size=(100, 24)) as pilot:
        reader = await opened(pilot)
        await pilot.press("m")
        reader.article.move_to(text.index("https"))
        await pilot.press("v", *["right"] * 21, "h")
        await wait_until(pilot, partial(more_than, store, brief_id, 0))
    (made,) = store.annotations_for_brief(brief_id)
    assert made.quote == "https://example.org/r"
    store.close()


@sync
async def test_m_keeps_the_selection(tmp_path: Path) -> None:
    app, store, _ = app_on(tmp_path, LIST)
    async with app.run_test(size=(100, 24)) as pilot:
        reader = await opened(pilot)
        reader.article.move_to(LIST.index("second"))
        await pilot.press("v", "w", "m")
        assert reader.article.selecting
        assert reader.article.selection == (LIST.index("second"), LIST.index("second") + 11)
    store.close()


@sync
async def test_a_page_shows_its_numbered_paragraphs_as_numbered(tmp_path: Path) -> None:
    # A saved page's "3. The applicant…" paragraphs are its words: never renumbered 3, 4, 5.
    text = "3. The applicant must apply.\n\n7. The fee is due.\n\n12. The claim lapses.\n"
    app, store, _ = app_on(tmp_path, text, fmt="page")
    async with app.run_test(size=(100, 24)) as pilot:
        reader = await opened(pilot)
        shown = reader.article.rendering.shown
        assert "3. The applicant" in shown and "7. The fee" in shown and "12. The claim" in shown
        reader.article.move_to(text.index("7."))
        assert reader.article.cursor == text.index("7.")  # the number is text, not a bullet
    store.close()


@sync
async def test_a_search_for_drawn_characters_only_counts_no_matches(tmp_path: Path) -> None:
    app, store, _ = app_on(tmp_path, TABLE)
    async with app.run_test(size=(100, 24)) as pilot:
        reader = await opened(pilot)
        await pilot.press("slash")
        box = reader.query_one("#search", Input)
        box.insert_text_at_cursor("│")  # the table's column rule: drawn, not in the text
        await wait_until(pilot, lambda: box.border_title is not None)
        assert reader._find.matches == []
        assert box.border_title == "0 matches"
    store.close()
