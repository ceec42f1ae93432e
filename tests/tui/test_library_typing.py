"""Typing in the library only ever filters: no letter opens a dialog, deletes, exports or
quits, however fast it comes. Checked on a real SQLite library by comparing the database before
and after, and by recording every screen the app put up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.screen import Screen

from briefreader.library import import_file
from briefreader.store.api import NewAnnotation, Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.library import LibraryScreen
from tests.tui.helpers import EXAMPLE, burst, settle, sync, wait_until


def make_library(tmp_path: Path) -> tuple[Store, str]:
    url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    store = Store.open(url)
    example = import_file(store, EXAMPLE).brief
    assert example is not None
    store.create_annotation(example.id, NewAnnotation(0, 10, kind="claim", tags=("russia",)))
    store.create_annotation(example.id, NewAnnotation(20, 30, note="a note"))
    for name, title in (("deepmind.md", "DeepMind and the state"), ("gulf.md", "Gulf trade")):
        path = tmp_path / name
        path.write_text(f"# {title}\n\n" + "Some words about it. " * 20, encoding="utf-8")
        assert import_file(store, path).brief is not None
    return store, url


def snapshot(store: Store) -> list[Any]:
    """Everything a keystroke could destroy: the briefs and every annotation of each."""
    briefs = sorted(store.list_briefs(), key=lambda b: b.id)
    return [
        (b.id, b.title, b.content_hash, b.annotations, store.annotations_for_brief(b.id))
        for b in briefs
    ]


class ScreenLog:
    """Every screen pushed on the app (dialogs included), recorded as it happens."""

    def __init__(self, app: BriefReaderApp) -> None:
        self.pushed: list[str] = []
        original = app.push_screen

        def push_screen(screen: Any, *args: Any, **kwargs: Any) -> Any:
            self.pushed.append(type(screen).__name__ if isinstance(screen, Screen) else screen)
            return original(screen, *args, **kwargs)

        app.push_screen = push_screen  # type: ignore[method-assign]  # recording, then the real one


@sync
async def test_typing_the_whole_example_brief_in_the_library_only_filters(
    tmp_path: Path,
) -> None:
    store, url = make_library(tmp_path)
    before = snapshot(store)
    # Every character of the brief, as one burst (line breaks typed as spaces: Enter opens).
    typed = " ".join(EXAMPLE.read_text(encoding="utf-8").split())
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screens = ScreenLog(app)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        done = app.keys.settled + len(typed)
        burst(app, typed)
        await wait_until(pilot, lambda: app.keys.settled >= done, timeout=600)
        await settle(pilot)
        assert screens.pushed == []
        field = library.filter_input  # before `is` narrows `library` to Screen[object]
        assert app.screen is library and app.is_running
        assert field.value == typed  # not one letter lost or moved
    assert snapshot(store) == before
    store.close()


@sync
async def test_deepmind_then_enter_opens_deepmind_and_deletes_nothing(tmp_path: Path) -> None:
    store, url = make_library(tmp_path)
    before = snapshot(store)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screens = ScreenLog(app)
        done = app.keys.settled + len("deepmind") + 1
        burst(app, "deepmind", ["enter"])
        await wait_until(pilot, lambda: app.keys.settled >= done)
        await settle(pilot)
        assert screens.pushed == ["ReaderScreen"]
        assert "DeepMind" in (app.screen.sub_title or "") + str(app.screen.title or "")
    assert snapshot(store)[0] == before[0]  # the example brief and its annotations
    assert len(store.list_briefs()) == 3
    store.close()


@sync
async def test_every_letter_and_symbol_types_into_the_filter_from_the_list(
    tmp_path: Path,
) -> None:
    store, url = make_library(tmp_path)
    before = snapshot(store)
    keys = "qdeiAxX/?:-+ .,;'\"!@#$%^&*()[]{}<>|\\~`=_0123456789"
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screens = ScreenLog(app)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        for key in keys:
            library.table.focus()  # each key typed on the list, not in the box
            await pilot.pause()
            await pilot.press(key)
            assert app.is_running and screens.pushed == [], key
        assert library.filter_input.value == keys
    assert snapshot(store) == before
    store.close()


@sync
async def test_a_paste_on_the_list_goes_into_the_filter(tmp_path: Path) -> None:
    from textual import events

    store, url = make_library(tmp_path)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        assert app.focused is library.table
        burst(app, events.Paste("deep\nmind"))
        await wait_until(pilot, lambda: library.filter_input.value == "deep mind")
        assert library.filter_input.has_focus
    store.close()


@sync
async def test_letters_in_an_empty_library_do_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    store = Store.open(url)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screens = ScreenLog(app)
        await pilot.press(*"hello yq?/x")
        await settle(pilot)
        assert screens.pushed == [] and app.is_running
        assert store.list_briefs() == []
        await pilot.press("f1")  # help is on F1
        await settle(pilot)
        assert screens.pushed == ["HelpScreen"]
    store.close()


@sync
async def test_keys_typed_after_opening_the_example_are_for_the_reader(tmp_path: Path) -> None:
    from briefreader.tui.screens.reader import ReaderScreen

    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    store = Store.open(url)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        done = app.keys.settled + 6
        burst(app, ["ctrl+x", "s", "h", "q"], "pa")
        await wait_until(pilot, lambda: app.keys.settled >= done)
        await settle(pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)  # q went back from the reader
        assert library.filter_input.value == "pa"
        [brief] = store.list_briefs()
        [highlight] = store.annotations_for_brief(brief.id)
        assert highlight.kind == "highlight" and highlight.start == 0
        assert not isinstance(app.screen, ReaderScreen)
    store.close()


@sync
async def test_keys_typed_after_enter_on_a_search_go_to_the_hit(tmp_path: Path) -> None:
    store, url = make_library(tmp_path)
    before = {a.id for b in store.list_briefs() for a in store.annotations_for_brief(b.id)}
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        done = app.keys.settled + 1 + len("Liaquat") + 4 + 3
        burst(app, ["ctrl+f"], "Liaquat", ["enter", "s", "h", "q"], "abc")
        await wait_until(pilot, lambda: app.keys.settled >= done)
        await settle(pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        assert library.search_pane.input.value == "Liaquatabc"
        example = next(b for b in store.list_briefs() if b.title.startswith("Pak-Russia"))
        made = [a for a in store.annotations_for_brief(example.id) if a.id not in before]
        text = store.get_brief(example.id).text
        assert len(made) == 1 and made[0].kind == "highlight"
        assert "Liaquat" in text[made[0].start : made[0].end]
    store.close()


@sync
async def test_export_with_a_filter_matching_nothing_does_not_export_everything(
    tmp_path: Path,
) -> None:
    from tests.tui.helpers import Toasts

    store, url = make_library(tmp_path)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        toasts = Toasts(app)
        screens = ScreenLog(app)
        await pilot.press(*"foxzzz", "ctrl+e", "ctrl+d")
        await settle(pilot)
        assert screens.pushed == []
        assert any("No brief matches the filter" in m for m in toasts.messages())
        assert any("No brief is selected" in m for m in toasts.messages())
    store.close()
