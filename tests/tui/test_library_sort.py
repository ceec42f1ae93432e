"""Sorting the library by any column from the keyboard (ctrl+l, then a digit or a letter), and
columns that leave titles the room at narrow widths. Driven with Pilot against real SQLite
stores; a second Store on the same file plays the change made elsewhere."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from briefreader.library import import_file
from briefreader.store.api import NewAnnotation, Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.library import LibraryScreen
from briefreader.tui.screens.library_table import column_widths, fit_count, human_when
from tests.tui.helpers import screen_rows, settle, store_with_example, sync, wait_until

WIDE = (160, 30)

#: The library of these tests: (title, words, annotations, of which claims, tags).
BRIEFS = [
    ("Alpha report", 30, 3, 3, ("economy",)),
    ("beta notes", 200, 0, 0, ()),
    ("Gamma brief", 100, 1, 1, ("zeta",)),
    ("Delta memo", 10, 4, 2, ("alpha", "beta")),
    ("Epsilon paper", 50, 5, 4, ()),
]


def make_library(tmp_path: Path) -> tuple[Store, str, dict[str, int]]:
    """The briefs above, imported in that order; Delta, then Alpha, then Gamma opened (beta
    and Epsilon never). Ids by the title's first word."""
    url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    store = Store.open(url)
    ids: dict[str, int] = {}
    for title, words, notes, claims, tags in BRIEFS:
        path = tmp_path / f"{title.split()[0].lower()}.md"
        path.write_text(f"# {title}\n\n" + "word " * words, encoding="utf-8")
        brief = import_file(store, path).brief
        assert brief is not None
        for i in range(notes):
            kind = "claim" if i < claims else "note"
            item = NewAnnotation(i, i + 3, kind=kind, tags=tags if i == 0 else ())
            store.create_annotation(brief.id, item)
        ids[title.split()[0]] = brief.id
    for name in ("Delta", "Alpha", "Gamma"):
        store.mark_opened(ids[name])
    return store, url, ids


def library(app: BriefReaderApp) -> LibraryScreen:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


def table(app: BriefReaderApp) -> DataTable[object]:
    return library(app).query_one("#briefs", DataTable)


def order(app: BriefReaderApp) -> str:
    """The first word of each title, top to bottom, as the table has them."""
    grid = table(app)
    return " ".join(str(grid.get_row_at(i)[0]).split()[0] for i in range(grid.row_count))


def headings(app: BriefReaderApp) -> dict[str, str]:
    """Each column's heading as shown, by the column's key."""
    return {str(c.key.value): c.label.plain for c in table(app).ordered_columns}


def marked(app: BriefReaderApp) -> dict[str, str]:
    """The headings that carry a sort mark."""
    return {key: label for key, label in headings(app).items() if label[-1] in "▲▼"}


async def sort_by(pilot: Pilot[None], *keys: str) -> None:
    """ctrl+l, then ``keys`` in the "Sort by" dialog; back on the library, settled."""
    await pilot.press("ctrl+l")
    await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "SortDialog")
    await pilot.press(*keys)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))
    await settle(pilot)


#: Each column, in the dialog's order (digits 1-7): the order and heading mark when first
#: chosen, then when chosen again. Blank values (Epsilon and beta have no tags and were never
#: opened) are last both ways.
EVERY_COLUMN = {
    "title": ("▲ Alpha beta Delta Epsilon Gamma", "▼ Gamma Epsilon Delta beta Alpha"),
    "words": ("▼ beta Gamma Epsilon Alpha Delta", "▲ Delta Alpha Epsilon Gamma beta"),
    "annotations": ("▼ Epsilon Delta Alpha Gamma beta", "▲ beta Gamma Alpha Delta Epsilon"),
    "claims": ("▼ Epsilon Alpha Delta Gamma beta", "▲ beta Gamma Delta Alpha Epsilon"),
    "tags": ("▲ Delta Alpha Gamma Epsilon beta", "▼ Gamma Alpha Delta Epsilon beta"),
    "opened": ("▼ Gamma Alpha Delta Epsilon beta", "▲ Delta Alpha Gamma Epsilon beta"),
    "imported": ("▼ Epsilon Delta Gamma beta Alpha", "▲ Alpha beta Gamma Delta Epsilon"),
}
HEADINGS = {"annotations": "Annotations", "opened": "Last opened"}


@sync
async def test_every_column_sorts_both_ways_by_keys_with_blanks_last(tmp_path: Path) -> None:
    store, url, _ = make_library(tmp_path)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        # At first: the most recently opened first, then the most recently imported.
        assert order(app) == "Gamma Alpha Delta Epsilon beta"
        assert marked(app) == {"opened": "Last opened ▼"}
        for digit, (column, ways) in enumerate(EVERY_COLUMN.items(), start=1):
            heading = HEADINGS.get(column, column.capitalize())
            for way in ways:  # chosen again: the other way
                await sort_by(pilot, str(digit))
                mark, expected = way.split(" ", 1)
                assert order(app) == expected, (column, mark)
                assert marked(app) == {column: f"{heading} {mark}"}
        # Sorted by the day imported, that column takes the place of "last opened".
        assert "opened" not in headings(app)
        await sort_by(pilot, "6")
        assert "imported" not in headings(app)
    store.close()


@sync
async def test_underlined_letters_and_enter_sort_and_escape_changes_nothing(
    tmp_path: Path,
) -> None:
    store, url, _ = make_library(tmp_path)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await sort_by(pilot, "t")  # Title's letter
        assert order(app) == "Alpha beta Delta Epsilon Gamma"
        await sort_by(pilot, "g")  # Tags': its T is Title's
        assert order(app) == "Delta Alpha Gamma Epsilon beta"
        await sort_by(pilot, "enter")  # the dialog starts on the column sorted: reversed
        assert order(app) == "Gamma Alpha Delta Epsilon beta"
        assert marked(app) == {"tags": "Tags ▼"}
        await sort_by(pilot, "down", "down", "enter")  # Tags → Last opened → Imported
        assert order(app) == "Epsilon Delta Gamma beta Alpha"
        await sort_by(pilot, "escape")
        assert order(app) == "Epsilon Delta Gamma beta Alpha"
        assert marked(app) == {"imported": "Imported ▼"}
    store.close()


@sync
async def test_the_cursor_stays_on_its_brief_when_the_order_changes(tmp_path: Path) -> None:
    store, url, ids = make_library(tmp_path)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        assert order(app).split()[table(app).cursor_row] == "Delta"
        await sort_by(pilot, "2")  # words, the longest first: Delta is the shortest
        selected = library(app).selected_brief()
        assert selected is not None and selected.id == ids["Delta"]
        assert table(app).cursor_row == 4
    store.close()


@sync
async def test_the_order_is_kept_when_a_brief_comes_from_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("briefreader.tui.screens.library.CHANGES_POLL_INTERVAL", 0.2)
    store, url, ids = make_library(tmp_path)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await sort_by(pilot, "2")
        assert order(app) == "beta Gamma Epsilon Alpha Delta"
        assert table(app).cursor_row == 1  # on Gamma, the top brief before the sort
        # The first look only learns what the library holds: the import must come after it.
        await wait_until(pilot, lambda: library(app)._fingerprint is not None)
        longest = tmp_path / "zeta.md"
        longest.write_text("# Zeta tome\n\n" + "word " * 500, encoding="utf-8")
        other = Store.open(url)  # another window on the same library
        assert import_file(other, longest).brief is not None
        other.close()
        await wait_until(pilot, lambda: table(app).row_count == 6)
        assert order(app) == "Zeta beta Gamma Epsilon Alpha Delta"
        assert marked(app) == {"words": "Words ▼"}
        selected = library(app).selected_brief()
        assert selected is not None and selected.id == ids["Gamma"]  # now on the third row
        assert table(app).cursor_row == 2
    store.close()


@sync
async def test_a_capped_list_says_which_briefs_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("briefreader.tui.screens.library.MAX_ROWS", 2)
    store, url, _ = make_library(tmp_path)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await sort_by(pilot, "2")
        assert order(app) == "beta Gamma"  # the longest two, not the most recent
        status = str(library(app).query_one("#status", Static).render())
        assert status == (
            "Showing the first 2 (Words, longest first) of 5 matching briefs — type to narrow"
        )
    store.close()


@sync
async def test_at_80_columns_titles_get_the_room_of_empty_columns(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # No brief has a tag or a claim: those columns are left out, "last opened" said short.
        assert list(headings(app)) == ["title", "words", "annotations", "opened"]
        assert headings(app)["opened"] == "Opened ▼"
        grid = table(app)
        widths = {str(c.key.value): c.width for c in grid.ordered_columns}
        assert widths["title"] >= 40  # 20 when every column was shown
        title = str(grid.get_row_at(0)[0])
        assert len(title) == widths["title"] and title.startswith("Pak-Russia ties are witnessing")
        assert sum(c.get_render_width(grid) for c in grid.ordered_columns) <= grid.size.width
        assert "^l Sort" in screen_rows(app)[-1]  # the sort is in the footer

        # A brief with a tag and a claim: those columns come back, and still fit.
        store.create_annotation(brief_id, NewAnnotation(0, 10, kind="claim", tags=("energy",)))
        library(app).reload()
        await wait_until(pilot, lambda: "tags" in headings(app))
        assert list(headings(app)) == ["title", "words", "annotations", "claims", "tags", "opened"]
        assert sum(c.get_render_width(grid) for c in grid.ordered_columns) <= grid.size.width
        assert str(grid.get_row_at(0)[4]) == "energy"
    store.close()


@sync
async def test_a_hundred_thousand_annotations_are_shown_whole_at_80_columns(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    store = Store.open(url)
    path = tmp_path / "busy.md"
    path.write_text("# Heavily annotated\n\nOne short sentence here.", encoding="utf-8")
    brief = import_file(store, path).brief
    assert brief is not None
    claims = (NewAnnotation(0, 5, kind="claim") for _ in range(100_000))
    assert store.bulk_create_annotations(brief.id, claims) == 100_000
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = next(line for line in screen_rows(app) if "Heavily annotated" in line)
        assert row.count("100,000") == 2  # annotations and claims, neither cut
    store.close()


def test_counts_fit_their_column() -> None:
    assert fit_count(922, 7) == "922"
    assert fit_count(100_000, 7) == "100,000"
    assert fit_count(100_000, 6) == "100k"
    assert fit_count(1_500, 4) == "1.5k"
    assert fit_count(999_999, 5) == "1M"
    assert fit_count(1_234_567, 7) == "1.2M"
    assert fit_count(12_345_678, 7) == "12M"


def test_when_said_short_fits_ten_columns() -> None:
    now = datetime(2026, 3, 20, 15, 30).astimezone()
    assert human_when(now.replace(hour=14, minute=2), now, short=True) == "14:02"
    assert human_when(now - timedelta(days=1), now, short=True) == "yesterday"
    assert human_when(now - timedelta(days=3), now, short=True) == "3 days ago"
    assert human_when(now - timedelta(days=30), now, short=True) == "18 Feb"
    assert human_when(now - timedelta(days=400), now, short=True) == "Feb 2025"
    assert human_when(None, now, short=True) == "never"


def test_narrow_screens_leave_out_empty_columns_and_wide_ones_keep_them() -> None:
    narrow = dict(column_widths(80, tags=False, claims=False))
    assert list(narrow) == ["title", "words", "annotations", "opened"]
    assert narrow["title"] == 44  # 80 - margins, scrollbar and padding - the other columns
    assert list(dict(column_widths(80))) == [
        "title",
        "words",
        "annotations",
        "claims",
        "tags",
        "opened",
    ]
    wide = dict(column_widths(160, tags=False, claims=False))
    assert "tags" in wide and "claims" in wide and wide["opened"] == 15
    assert dict(column_widths(80, when="imported"))["imported"] == 10


@sync
async def test_the_order_chosen_is_the_next_launch_s_and_kept_in_the_config(
    tmp_path: Path,
) -> None:
    from briefreader.config import config_path, load_config

    store, url, _ids = make_library(tmp_path)
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('# my settings\n[reader]\ntheme = "nord"  # dark\n', encoding="utf-8")
    app = BriefReaderApp(url, store=store, config=load_config())
    async with app.run_test(size=WIDE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_until(pilot, lambda: library(app).briefs != [])
        await sort_by(pilot, "2")  # words, longest first
        await sort_by(pilot, "2")  # again: shortest first
    written = path.read_text(encoding="utf-8")
    assert "# my settings" in written and 'theme = "nord"  # dark' in written
    config = load_config()
    assert (config.library_sort, config.library_sort_descending) == ("words", False)
    assert config.problems == ()
    app = BriefReaderApp(url, store=store, config=config)
    async with app.run_test(size=WIDE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_until(pilot, lambda: order(app) == "Delta Alpha Epsilon Gamma beta")
        assert marked(app) == {"words": "Words ▲"}
