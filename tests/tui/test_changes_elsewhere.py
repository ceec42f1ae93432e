"""Changes made elsewhere (the CLI, another window, a teammate) reach an open library and an open
reader within a few seconds, without moving the user's cursor; the reader's own saves are not
mistaken for them. Two real Stores on one SQLite file, and the real CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot

from briefreader.store.api import NewAnnotation, Store
from briefreader.store.watch import brief_fingerprint
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.library import LibraryScreen
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import Toasts, settle, store_with_example, sync, wait_until

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def poll_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("briefreader.tui.screens.reader.screen.CHANGES_POLL_INTERVAL", 0.2)
    monkeypatch.setattr("briefreader.tui.screens.library.CHANGES_POLL_INTERVAL", 0.2)


async def reader(pilot: Pilot[None]) -> ReaderScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


@sync
async def test_the_reader_shows_annotations_made_elsewhere_and_keeps_its_cursor(
    tmp_path: Path,
) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    text = store.get_brief(brief_id).text
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        toasts = Toasts(app)
        moscow = text.index("Moscow")
        screen.article.move_to(moscow, extend=False)
        await pilot.press("s", "h")  # our own save: not "changed elsewhere"
        await settle(pilot)
        ours = brief_fingerprint(store, brief_id)
        assert ours[0] == 1  # the highlight is saved
        # Until the reader has looked at the database since the save (and done what it then
        # decided to do): it sees the save's fingerprint.
        await wait_until(pilot, lambda: screen._changes.fingerprint == ours)
        await settle(pilot)
        assert not any("elsewhere" in m for m in toasts.messages())
        cursor = screen.article.cursor

        with Store.open(url) as other:  # another window, a teammate
            start = text.index("Zardari")
            made = other.create_annotation(
                brief_id, NewAnnotation(start, start + 7, kind="claim", note="from elsewhere")
            )
        await wait_until(pilot, lambda: any(a.id == made.id for a in screen.annotations))
        assert screen.article.cursor == cursor
        assert made.id in {s.key for s in screen.article.annotation_spans}
        assert any("elsewhere" in m for m in toasts.messages())

        with Store.open(url) as other:
            mine = next(a for a in other.annotations_for_brief(brief_id) if a.id != made.id)
            other.delete_annotation(made.id)
            other.update_annotation(mine.id, note="edited elsewhere")
        await wait_until(pilot, lambda: all(a.id != made.id for a in screen.annotations))
        await wait_until(
            pilot,
            lambda: any(a.note == "edited elsewhere" for a in screen.panel.shown_annotations),
        )
        assert screen.article.cursor == cursor
    store.close()


@sync
async def test_the_library_shows_a_brief_imported_by_the_cli_and_keeps_its_row(
    tmp_path: Path,
) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    other = tmp_path / "arctic.txt"
    other.write_text("Arctic routes\n\nIce is melting and shipping lanes open. " * 3)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        assert library.selected_brief() is not None
        # The first look only learns what the library holds: the import must come after it.
        await wait_until(pilot, lambda: library._fingerprint is not None)
        subprocess.run(
            [sys.executable, "-m", "briefreader", "--db", url, "import", str(other)],
            check=True,
            capture_output=True,
            env=dict(os.environ),
        )
        await wait_until(pilot, lambda: len(library.briefs) == 2)
        selected = library.selected_brief()
        assert selected is not None and selected.id == brief_id  # the cursor stayed on it
    store.close()
