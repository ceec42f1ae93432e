"""The library's full-text search, driven with Pilot against a real SQLite store holding the
example brief (annotated with :func:`briefreader.library.annotate_quote`) and a second brief
whose title looks like markup. Opening a hit uses the real reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.content import Content
from textual.widgets import DataTable, Input, OptionList, Static

from briefreader.library import annotate_quote, import_file
from briefreader.store.api import Annotation, Store
from briefreader.store.search import SearchPart
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.library import LibraryScreen
from briefreader.tui.screens.search import (
    SearchPane,
    syntax_hint,
    with_annotations,
)
from briefreader.tui.widgets.search_results import (
    MATCH_STYLE,
    SearchResults,
    around_first_match,
    emphasise,
)
from tests.tui.helpers import EXAMPLE, burst, sync, until_shown, wait_until


@pytest.fixture
def library_data(store: Store, tmp_path: Path) -> dict[str, Any]:
    """The example brief with a tagged claim (with a note), a highlight and a note, and a
    second brief whose title would be markup if it were parsed as such."""
    example = import_file(store, EXAMPLE).brief
    assert example is not None
    claim = annotate_quote(
        store,
        example.id,
        "Russia",
        occurrence=2,
        kind="claim",
        tags=("russia", "energy"),
        note="Check the energy figures against the IEA report",
        claimant="the author",
        claim_status="disputed",
    )
    sco = annotate_quote(store, example.id, "SCO", occurrence=1, tags=("sco",))
    tapi = annotate_quote(
        store, example.id, "TAPI", occurrence=1, kind="note", note="Pipeline stakes: who pays?"
    )
    other = tmp_path / "gulf.md"
    other.write_text(
        "# Gulf pipelines [b]and[/b] power\n\nOil, gas and pipelines in the Gulf states.\n",
        encoding="utf-8",
    )
    gulf = import_file(store, other).brief
    assert gulf is not None
    return {"example": example.id, "gulf": gulf.id, "claim": claim, "sco": sco, "tapi": tapi}


async def settle(pilot: Any) -> None:
    """Until the hits for what the search box holds are on screen (the search runs a moment
    after the last key, in a worker), then let any other work finish."""
    await until_shown(pilot)
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def library(app: BriefReaderApp) -> LibraryScreen:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


def pane(app: BriefReaderApp) -> SearchPane:
    return library(app).search_pane


def message(app: BriefReaderApp) -> str:
    return str(pane(app).query_one("#search-message", Static).render())


def result_lines(app: BriefReaderApp) -> list[str]:
    """The plain text of every hit, its lines joined with `` | ``."""
    results = pane(app).query_one(SearchResults)
    return [
        str(results.get_option_at_index(i).prompt).replace("\n", " | ")
        for i in range(results.option_count)
    ]


def emphasised_words(prompt: Content) -> list[str]:
    return [prompt.plain[s.start : s.end] for s in prompt.spans if s.style == MATCH_STYLE]


async def search(pilot: Any, query: str) -> None:
    """Open the search (ctrl+f) if needed and type ``query`` into a cleared box."""
    app = pilot.app
    if not library(app).searching:
        await pilot.press("ctrl+f")
        await pilot.pause()
    pane(app).input.value = ""
    await pilot.press(*query)
    await settle(pilot)


# ---------------------------------------------------------------------- pure helpers


def test_matches_far_into_a_snippet_are_brought_to_the_start_at_a_word() -> None:
    text = "A long lead-in sentence that says very little before it finally names Russia here."
    at = text.index("Russia")
    cut, marks = around_first_match(text, [(at, at + 6)])
    assert cut.startswith("…") and cut.endswith("Russia here.")
    assert cut[marks[0][0] : marks[0][1]] == "Russia"
    assert cut[1] != " " and text[text.index(cut[1:]) - 1] == " "  # starts at a word
    short = "Russia in a short note"
    assert around_first_match(short, [(0, 6)]) == (short, [(0, 6)])


def test_emphasis_is_plain_text_with_styled_ranges() -> None:
    content = emphasise("[b]Russia[/b] \x1b[31m", [(3, 9)])
    assert content.plain == "[b]Russia[/b] ␛[31m"  # no markup read, no escape sent
    assert emphasised_words(content) == ["Russia"]


def test_the_syntax_hint_names_every_filter() -> None:
    hint = syntax_hint().plain
    for key in ("tag:", "kind:", "status:", "has:", "brief:", '"a phrase"', "pre*"):
        assert key in hint


# ---------------------------------------------------------------------- searching


@sync
async def test_a_word_finds_brief_text_and_annotations_with_the_words_emphasised(
    store: Store, db_url: str, library_data: dict[str, Any]
) -> None:
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "pipeline")
        lines = result_lines(app)
        # The Gulf brief's text, and the TAPI note (matched in its note, not its quote).
        assert any(line.startswith("Text") and "Gulf pipelines [b]and[/b] power" in line
                   for line in lines)  # fmt: skip
        note = next(line for line in lines if "note" in line.split("|")[0])
        assert "“TAPI”" in note and "Note: Pipeline stakes: who pays?" in note
        assert "in Pak-Russia ties" in note
        assert sum(line.startswith("Text") for line in lines) == 2  # "pipeline" in the example
        results = pane(app).query_one(SearchResults)
        for index in range(results.option_count):
            prompt = results.get_option_at_index(index).prompt
            assert isinstance(prompt, Content)
            words = emphasised_words(prompt)
            assert words and all(w.casefold().startswith("pipeline") for w in words)
        assert "in brief text" in message(app) and "in annotation" in message(app)
        assert "Gulf pipelines" not in str(library(app).query_one("#status", Static).render())
        assert not library(app).query_one("#filter-bar").display


@sync
async def test_tag_and_kind_filters_narrow_to_annotations(
    store: Store, db_url: str, library_data: dict[str, Any]
) -> None:
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "tag:energy")
        lines = result_lines(app)
        assert len(lines) == 1
        assert lines[0].startswith("❝ claim")
        assert "“Russia”" in lines[0]
        assert "Note: Check the energy figures" in lines[0]
        assert "disputed" in lines[0] and "#energy #russia" in lines[0]
        assert message(app).startswith("1 in annotation")

        await search(pilot, "kind:highlight")
        assert [line.split(" | ")[0].split()[:2] for line in result_lines(app)] == [
            ["▌", "highlight"]
        ]


@sync
async def test_a_bad_filter_is_explained_in_place_and_nothing_is_listed(
    store: Store, db_url: str, library_data: dict[str, Any]
) -> None:
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "russia kind:clam")
        assert message(app) == "kind:clam: use one of highlight, claim, note"
        assert pane(app).query_one("#search-message").has_class("-error")
        assert result_lines(app) == []
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"claim")
        await settle(pilot)
        assert not pane(app).query_one("#search-message").has_class("-error")
        assert len(result_lines(app)) == 1


@sync
async def test_no_matches_says_so_with_the_query_as_typed(
    store: Store, db_url: str, library_data: dict[str, Any]
) -> None:
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "zanzibar [red]")
        assert message(app) == "No matches for “zanzibar [red]”"
        assert result_lines(app) == []


@sync
async def test_typing_fast_runs_one_search_for_the_last_text(
    store: Store, db_url: str, library_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    queries: list[str] = []
    real = SearchPart.search  # the Store's search is its search part's

    def counting(self: SearchPart, query: str, *, limit: int = 200) -> Any:
        queries.append(query)
        return real(self, query, limit=limit)

    monkeypatch.setattr(SearchPart, "search", counting)
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # Typed as fast as a person types a known word: one burst, no pauses in between
        # (Pilot's press waits for the app to go idle after each key, slower than a person).
        done = app.keys.settled + 1 + len("pipelines")
        burst(app, ["ctrl+f"], "pipelines")
        await wait_until(pilot, lambda: app.keys.settled >= done)
        await wait_until(pilot, lambda: bool(queries))
        await settle(pilot)
    assert queries == ["pipelines"]


# ---------------------------------------------------------------------- opening hits


@sync
async def test_enter_on_an_annotation_hit_opens_the_reader_on_it_and_q_comes_back(
    store: Store, db_url: str, library_data: dict[str, Any]
) -> None:
    from briefreader.tui.screens.reader import ReaderScreen

    claim: Annotation = library_data["claim"]
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await search(pilot, "tag:energy")
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.brief_id == library_data["example"]
        assert reader.article.cursor == claim.start
        current = reader.under_cursor()
        assert current is not None and current.id == claim.id

        await pilot.press("q")
        await settle(pilot)
        screen = library(app)
        assert screen.searching and pane(app).input.value == "tag:energy"
        assert len(result_lines(app)) == 1

        await pilot.press("escape")
        await pilot.pause()
        assert not screen.searching
        assert pane(app).input.value == ""
        assert screen.focused is screen.query_one("#briefs", DataTable)
        assert screen.query_one("#filter-bar").display


@sync
async def test_a_hit_in_brief_text_puts_the_cursor_on_the_match(
    store: Store, db_url: str, library_data: dict[str, Any]
) -> None:
    from briefreader.tui.screens.reader import ReaderScreen

    text = store.get_brief(library_data["example"]).text
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await search(pilot, "Zardari")
        lines = result_lines(app)
        assert len(lines) == 1 and lines[0].startswith("Text")
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        cursor = reader.article.cursor
        assert text[cursor : cursor + len("Zardari")] == "Zardari"


@sync
async def test_down_walks_the_hits_and_typing_there_goes_back_to_the_box(
    store: Store, db_url: str, library_data: dict[str, Any]
) -> None:
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "pipelines")
        results = pane(app).query_one(SearchResults)
        assert results.option_count == 3
        await pilot.press("down")
        assert results.has_focus and results.highlighted == 0
        await pilot.press("down")
        assert results.highlighted == 1
        chosen = results.current
        await pilot.press("up", "up")  # above the first hit: back to the box
        assert pane(app).input.has_focus
        await pilot.press("down", "down")
        await pilot.press("s")  # typing in the list types into the box
        assert pane(app).input.has_focus and pane(app).input.value == "pipeliness"
        assert chosen is not None


@sync
async def test_enter_in_a_filter_that_matches_no_title_searches_inside_the_briefs(
    store: Store, db_url: str, library_data: dict[str, Any]
) -> None:
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"zardari")
        await pilot.pause()
        screen = library(app)
        assert screen.query_one("#briefs", DataTable).row_count == 0
        assert "Enter searches" in str(screen.query_one("#status", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert screen.searching
        assert pane(app).input.value == "zardari"
        assert len(result_lines(app)) == 1


@sync
async def test_the_palette_opens_the_search(
    store: Store, db_url: str, library_data: dict[str, Any]
) -> None:
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        palette.query_one(Input).value = "search briefs"
        await settle(pilot)
        options = palette.query_one(OptionList)
        first = str(options.get_option_at_index(0).prompt).split("\n")[0]
        assert first == "Search briefs and annotations…"
        await pilot.press("enter")
        await settle(pilot)
        assert library(app).searching
        assert pane(app).input.has_focus


def test_hits_get_their_annotations_read_one_by_one_or_per_brief_alike(
    store: Store, library_data: dict[str, Any]
) -> None:
    hits = store.search("has:tags")
    assert {h.annotation_id for h in hits} == {library_data["claim"].id, library_data["sco"].id}
    one_by_one = with_annotations(store, hits, {})  # no counts known: a query per hit
    per_brief = with_annotations(store, hits, {library_data["example"]: 3})
    assert one_by_one == per_brief
    assert [row.annotation.note for row in per_brief if row.annotation] == [
        a.note for a in (library_data["claim"], library_data["sco"])
    ]
    store.delete_annotation(library_data["sco"].id)
    gone = with_annotations(store, hits, {})
    assert [row.annotation is None for row in gone] == [False, True]
