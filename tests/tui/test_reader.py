"""The reader driven by keys, as a person would, on a real SQLite store with the example brief:
select, highlight, quick tags, tags, claims, sources, notes, undo/redo, delete, search, jumps,
reopen, export."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from briefreader.store.api import Annotation, Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.dialogs import NoteDialog
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import settle, store_with_example, sync, until_shown, wait_until

SIZE = (120, 36)
QUOTE = "We have turned a new page in our relationship with Russia."


async def ready(app: BriefReaderApp, pilot: Pilot[None]) -> ReaderScreen:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    assert screen.brief is not None
    return screen


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


def only(store: Store, brief_id: int) -> list[Annotation]:
    return store.annotations_for_brief(brief_id)


@sync
async def test_select_sentence_highlight_tag_and_quick_tag(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    store.update_tag("russia", quick_key=1)
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        assert screen.title is not None
        assert screen.title.startswith("Pak-Russia ties are witnessing")
        assert len(screen.title) <= SIZE[0] - 54
        await press(pilot, "s", "h")
        [ann] = only(store, brief_id)
        assert ann.kind == "highlight"
        assert ann.quote == (
            "Pak-Russia ties are witnessing a fresh start with an exchange of high-level "
            "visits from both the sides."
        )
        assert "1 annotation" in (screen.sub_title or "")
        # The cursor is inside the new highlight: 1 toggles the quick tag on it.
        await press(pilot, "1")
        assert only(store, brief_id)[0].tags == ("russia",)
        await press(pilot, "1")
        assert only(store, brief_id)[0].tags == ()
        # t opens the tags dialog: comma-separated, normalised, new tags created.
        await press(pilot, "t")
        await pilot.press(*"russia, Foreign Policy")
        await press(pilot, "enter")
        assert only(store, brief_id)[0].tags == ("foreign-policy", "russia")
        # 1 on a sentence with no annotation creates a highlight carrying the tag.
        await press(pilot, ")", ")")
        await press(pilot, "1")
        anns = only(store, brief_id)
        assert len(anns) == 2 and anns[1].tags == ("russia",)
        assert anns[1].quote.startswith("Although Russian President Putin")


@sync
async def test_claim_source_note_undo_redo_delete(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    text = store.get_brief(brief_id).text
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        start = text.index(QUOTE)
        screen.article.move_to(start + 5)
        await press(pilot, "c")
        await pilot.press(*"Foreign office spokesman")
        await press(pilot, "tab", "o", "tab", "d", "enter")
        [claim] = only(store, brief_id)
        assert (claim.kind, claim.claimant, claim.claim_type, claim.claim_status) == (
            "claim",
            "Foreign office spokesman",
            "opinion",
            "disputed",
        )
        assert claim.quote.startswith("“We have turned a new page") or claim.quote.startswith(
            "A foreign office spokesman"
        )
        # l links a source to the claim under the cursor; a bad URL is explained in place.
        await press(pilot, "l")
        await pilot.press(*"ftp://nope")
        await press(pilot, "enter")
        assert "http" in str(app.screen.query_one("#url-error").render())
        field = app.screen.query_one("#url", Input)
        field.value = ""
        await pilot.press(*"https://example.org/a")
        await press(pilot, "tab", "r", "enter")
        [claim] = only(store, brief_id)
        assert [(s.url, s.relation) for s in claim.sources] == [
            ("https://example.org/a", "refutes")
        ]
        # n edits the note of the annotation under the cursor; ctrl+s saves.
        await press(pilot, "n")
        await pilot.press(*"Check the transcript")
        await press(pilot, "ctrl+s")
        assert only(store, brief_id)[0].note == "Check the transcript"
        # u undoes the note, ctrl+r redoes it.
        await press(pilot, "u")
        assert only(store, brief_id)[0].note == ""
        await press(pilot, "ctrl+r")
        assert only(store, brief_id)[0].note == "Check the transcript"
        # x deletes, u brings everything back (sources too).
        await press(pilot, "x")
        assert only(store, brief_id) == []
        assert "0 annotations" in (screen.sub_title or "")
        await press(pilot, "u")
        [back] = only(store, brief_id)
        assert back.note == "Check the transcript" and len(back.sources) == 1
        assert back.id == claim.id


@sync
async def test_search_and_jump_between_annotations(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    text = store.get_brief(brief_id).text
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await press(pilot, "slash")
        await pilot.press(*"sco")
        await pilot.pause()
        search = screen.query_one("#search", Input)
        assert search.border_title == "10 matches"  # Moscow, SCO...: lower case ignores case
        await press(pilot, "backspace", "backspace", "backspace", *"SCO")
        assert search.border_title == "4 matches"  # a capital makes it case-sensitive
        await press(pilot, "enter")
        first = text.index("SCO")
        assert screen.article.cursor == first
        await press(pilot, "full_stop")
        assert screen.article.cursor == text.index("SCO", first + 1)
        await press(pilot, "comma")
        assert screen.article.cursor == first
        # Two highlights, then ] and [ move between them.
        screen.article.move_to(text.index("Historically"))
        await press(pilot, "s", "h")
        screen.article.move_to(text.index("Pakistan enjoys"))
        await press(pilot, "s", "h")
        await press(pilot, "g")
        await press(pilot, "right_square_bracket")
        assert screen.article.cursor == text.index("Historically")
        await press(pilot, "right_square_bracket")
        assert screen.article.cursor == text.index("Pakistan enjoys")
        await press(pilot, "left_square_bracket")
        assert screen.article.cursor == text.index("Historically")


@sync
async def test_position_and_annotations_survive_reopening(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    text = store.get_brief(brief_id).text
    target = text.index("Pakistan enjoys")
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        screen.article.move_to(target)
        await press(pilot, "s", "h", "w", "w")
        left_at = screen.article.cursor
        assert left_at > target
        await press(pilot, "q")  # back to the library
        assert not isinstance(app.screen, ReaderScreen)
    store.close()

    again = BriefReaderApp(url, brief_id=brief_id)  # opens its own store, as from the command
    async with again.run_test(size=SIZE) as pilot:
        screen = await ready(again, pilot)
        assert screen.article.cursor == left_at
        assert [a.quote[:15] for a in screen.annotations] == ["Pakistan enjoys"]


@sync
async def test_export_csv_from_the_app(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    target = tmp_path / "out.csv"
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await press(pilot, "s", "h", ")", ")", "s", "h")
        await press(pilot, "e")
        path = app.screen.query_one("#path", Input)
        path.value = str(target)
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert len(rows) == 2
    assert rows[0]["quote"].startswith("Pak-Russia ties")


@sync
async def test_opening_from_a_file_shows_text_before_the_store(tmp_path: Path) -> None:
    from briefreader.ingest import ingest_file
    from tests.tui.helpers import EXAMPLE

    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    app = BriefReaderApp(url, ingested=ingest_file(EXAMPLE))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen
        assert isinstance(first, ReaderScreen)
        assert first.article.text.startswith("Pak-Russia ties")
        screen = await ready(app, pilot)
        assert screen.brief_id is not None
        await press(pilot, "s", "h")
        assert len(app.store.annotations_for_brief(screen.brief_id)) == 1


@sync
async def test_palette_jumps_to_a_tag_and_keys_can_be_remapped(tmp_path: Path) -> None:
    from types import MappingProxyType

    from briefreader.config import Config

    store, url, brief_id = store_with_example(tmp_path)
    text = store.get_brief(brief_id).text
    config = Config(keys=MappingProxyType({"reader.highlight": "H"}))
    app = BriefReaderApp(url, store=store, brief_id=brief_id, config=config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await press(pilot, "s", "h")  # h is no longer highlight...
        assert store.annotations_for_brief(brief_id) == []
        await press(pilot, "s", "H")  # ...H is
        assert len(store.annotations_for_brief(brief_id)) == 1
        screen.article.move_to(text.index("Historically"))
        await press(pilot, "s", "t")
        await pilot.press(*"history")
        await press(pilot, "enter", "g")
        await press(pilot, "ctrl+p")
        await pilot.press(*"jump to next #history")
        await settle(pilot)  # the palette's search (a worker) has listed its commands
        await press(pilot, "enter")
        assert screen.article.cursor == text.index("Historically")


@sync
async def test_panel_keys_reach_the_reader(tmp_path: Path) -> None:
    """Enter on a panel row jumps there; n in the panel edits that annotation's note."""
    store, url, brief_id = store_with_example(tmp_path)
    text = store.get_brief(brief_id).text
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        screen.article.move_to(text.index("Pakistan enjoys"))
        await press(pilot, "s", "h", "g")
        assert screen.article.cursor == 0
        await press(pilot, "tab")  # to the panel's list
        await press(pilot, "enter")
        await until_shown(pilot)
        assert screen.article.cursor == text.index("Pakistan enjoys")
        assert screen.article.has_focus
        await press(pilot, "tab", "n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteDialog))
        await until_shown(pilot)
        await pilot.press(*"from the panel")
        await press(pilot, "ctrl+s")
        [ann] = store.annotations_for_brief(brief_id)
        assert ann.note == "from the panel"
