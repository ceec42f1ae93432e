"""The reader when the database cannot take a change just now: another program holds the write
lock (a colleague's ``sqlite3`` shell in a transaction), or the disk is full. The app never
freezes, says what is happening, keeps the change and saves it when it can; nothing is lost.
Real SQLite files, a real lock held by another process, a real "disk full" (the file may not
grow: ``PRAGMA max_page_count``)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from textual.content import Content

from briefreader.store.api import Annotation
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import Toasts, settle, store_with_example, sync, wait_until

SIZE = (120, 36)

HOLD_LOCK = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
con.execute("ROLLBACK")
"""


class LockHolder:
    """Another program (a subprocess) holding the database's write lock until released."""

    def __init__(self, db: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, db],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def locked(self) -> bool:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def another_library(folder: Path) -> Path:
    """A library file in ``folder`` holding one short brief (what a sync tool puts in place)."""
    from briefreader.library import import_file
    from briefreader.store.api import Store

    folder.mkdir(exist_ok=True)
    other_db = folder / "other.sqlite3"
    short = folder / "short.txt"
    short.write_text("A short brief of another library.", encoding="utf-8")
    with Store.open(f"sqlite:///{other_db}") as other:
        assert import_file(other, short).brief is not None
    return other_db


def status(app: BriefReaderApp) -> str:
    shown = app.screen.query_one("#db-status").render()
    assert isinstance(shown, Content)
    return shown.plain


def shown_annotations(app: BriefReaderApp) -> list[Annotation]:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen.annotations


@sync
async def test_a_write_lock_held_elsewhere_never_freezes_the_reader(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    db = url.removeprefix("sqlite:///")
    holder = LockHolder(db)
    try:
        app = BriefReaderApp(url, store=store, brief_id=brief_id)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            toasts = Toasts(app)
            assert holder.locked()

            started = time.monotonic()
            await pilot.press("s", "h")  # the lock is held: the change is kept, not lost
            await pilot.pause()
            assert time.monotonic() - started < 3  # not the 30 s busy timeout
            await wait_until(pilot, lambda: "Waiting for the database" in status(app))
            assert "1 change to save" in status(app)
            assert store.annotations_for_brief(brief_id) == []

            # Reading still works: the cursor moves, a search runs.
            before = screen.article.cursor
            await pilot.press("escape", "right_parenthesis", "right_parenthesis")
            assert screen.article.cursor != before
            # An editing command says why it cannot run now, and does nothing.
            await pilot.press("h")
            await pilot.pause()
            assert any("Still waiting for the database" in m for m in toasts.messages())

            holder.release()
            await wait_until(pilot, lambda: len(store.annotations_for_brief(brief_id)) == 1)
            await wait_until(pilot, lambda: status(app) == "")
            [saved] = store.annotations_for_brief(brief_id)
            assert saved.start == 0 and saved.kind == "highlight"
            assert [a.id for a in screen.annotations] == [saved.id]  # shown once saved
            await pilot.press("u")  # and undo covers it
            await settle(pilot)
            assert store.annotations_for_brief(brief_id) == []
    finally:
        holder.stop()
        store.close()


@sync
async def test_a_full_disk_keeps_the_change_and_ctrl_s_saves_it_later(tmp_path: Path) -> None:
    from sqlalchemy import event
    from textual.widgets import TextArea

    store, url, brief_id = store_with_example(tmp_path)
    disk = {"full": False}

    # A full disk as SQLite meets it: the file may not grow (max_page_count), so a write that
    # needs more pages fails with SQLITE_FULL. Set on every connection the store takes.
    @event.listens_for(store.engine.pool, "checkout")
    def _limit(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        limit = pages + 2 if disk["full"] else 1_073_741_823
        cursor.execute(f"PRAGMA max_page_count = {limit}")
        cursor.close()

    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        toasts = Toasts(app)
        big_note = "x" * 200_000  # more than two pages
        await pilot.press("s", "n")
        await pilot.pause()
        app.screen.query_one("#note", TextArea).text = big_note
        disk["full"] = True
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "disk is full" in status(app))
        assert "1 change kept" in status(app) and "ctrl+s" in status(app)
        assert any("disk is full" in m for m in toasts.messages())
        assert store.annotations_for_brief(brief_id) == []
        assert isinstance(app.screen, ReaderScreen)  # the app goes on

        # Quitting now would lose the kept change: the app asks, and Enter does not quit.
        from briefreader.tui.screens.dialogs import ConfirmDialog

        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and app.is_running
        assert "1 change not saved yet" in app.screen.message
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.is_running

        disk["full"] = False  # space freed
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(store.annotations_for_brief(brief_id)) == 1)
        await wait_until(pilot, lambda: status(app) == "")
        [saved] = store.annotations_for_brief(brief_id)
        assert saved.note == big_note
    store.close()


@sync
async def test_a_read_only_library_opens_for_reading_with_edits_off(tmp_path: Path) -> None:
    from briefreader.store.api import Store

    store, url, brief_id = store_with_example(tmp_path)
    store.close()
    readonly = Store.open(url, read_only=True)
    app = BriefReaderApp(url, store=readonly, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        toasts = Toasts(app)
        await wait_until(pilot, lambda: status(app).startswith("Read-only:"))
        await pilot.pause()
        from briefreader.tui.widgets.footer import KeyBar

        line = app.screen.query_one("#db-status").region
        footer = app.screen.query_one(KeyBar).region
        assert line.height >= 1 and line.bottom <= footer.y  # seen, not under the footer
        await pilot.press("s", "h")
        await pilot.pause()
        assert any(m.startswith("Edits are off:") for m in toasts.messages())
        assert readonly.annotations_for_brief(brief_id) == []
        await pilot.press("escape", "slash", *"Moscow", "enter")  # reading still works
        await pilot.pause()
        assert screen.article.text[screen.article.cursor :].startswith("Moscow")
    readonly.close()


@sync
async def test_a_database_file_moved_away_while_open_saves_the_change_in_a_rescued_copy(
    tmp_path: Path,
) -> None:
    import os

    from briefreader.store.api import Store

    store, url, brief_id = store_with_example(tmp_path)
    db = Path(url.removeprefix("sqlite:///"))
    aside = tmp_path / "aside.sqlite3"
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        os.replace(db, aside)  # a sync tool moves it away
        await pilot.press("s", "h")
        await wait_until(pilot, lambda: "replaced or deleted" in status(app))
        [copy] = tmp_path.glob("reader-rescued-*.sqlite3")
        assert "1 change kept — ctrl+s saves it in the copy" in status(app)
        assert str(copy) in status(app).replace("\n", "")
        assert not db.exists()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "1 change kept" not in status(app))
        assert "briefreader works on a copy of your library" in status(app)  # still said
        assert [a.kind for a in shown_annotations(app)] == ["highlight"]
        await pilot.press(")", ")", "s", "h")  # and editing goes on, in the copy
        await wait_until(pilot, lambda: len(shown_annotations(app)) == 2)
    store.close()
    assert not db.exists()  # nothing made at the path
    with Store.open(f"sqlite:///{aside}") as moved:  # the moved file got nothing
        assert moved.annotations_for_brief(brief_id) == []
    with Store.open(f"sqlite:///{copy}") as kept:
        assert len(kept.annotations_for_brief(brief_id)) == 2


@sync
async def test_a_change_waiting_for_the_lock_is_saved_after_leaving_the_reader(
    tmp_path: Path,
) -> None:
    from briefreader.tui.screens.library import LibraryScreen

    store, url, brief_id = store_with_example(tmp_path)
    db = url.removeprefix("sqlite:///")
    holder = LockHolder(db)
    try:
        app = BriefReaderApp(url, store=store, brief_id=brief_id)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert holder.locked()
            await pilot.press("s", "h")
            await wait_until(pilot, lambda: "Waiting for the database" in status(app))
            await pilot.press("q")  # back to the library while the change waits
            await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
            holder.release()
            await wait_until(pilot, lambda: len(store.annotations_for_brief(brief_id)) == 1)
            await wait_until(pilot, lambda: status(app) == "")
            assert app.is_running
    finally:
        holder.stop()
        store.close()


@sync
async def test_a_different_library_put_in_its_place_never_takes_the_kept_change(
    tmp_path: Path,
) -> None:
    import os

    from briefreader.store.api import Store

    store, url, brief_id = store_with_example(tmp_path)
    db = Path(url.removeprefix("sqlite:///"))
    other_db = another_library(tmp_path / "other")
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        toasts = Toasts(app)
        os.replace(other_db, db)
        await pilot.press("s", "h")
        await wait_until(pilot, lambda: "replaced or deleted" in status(app))
        assert any("works on a copy" in m for m in toasts.messages())
        await pilot.press("ctrl+s")  # saved in the copy, never in the library now at the path
        await wait_until(pilot, lambda: "1 change kept" not in status(app))
    [copy] = tmp_path.glob("reader-rescued-*.sqlite3")
    with Store.open(url) as now:  # the other library, as itself: not read through our log
        assert [b.text for b in (now.get_brief(b.id) for b in now.list_briefs())] == [
            "A short brief of another library."
        ]
        assert all(now.annotations_for_brief(b.id) == [] for b in now.list_briefs())
    with Store.open(f"sqlite:///{copy}") as kept:
        assert [a.kind for a in kept.annotations_for_brief(brief_id)] == ["highlight"]


@sync
async def test_a_library_replaced_while_only_reading_is_noticed_and_said(tmp_path: Path) -> None:
    import os

    from briefreader.store.api import Store

    store, url, brief_id = store_with_example(tmp_path)
    db = Path(url.removeprefix("sqlite:///"))
    other_db = another_library(tmp_path)
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        toasts = Toasts(app)
        os.replace(other_db, db)  # nothing typed: the reader's poll notices
        await wait_until(pilot, lambda: "works on a copy of your library" in status(app))
        assert [m for m in toasts.messages() if "was replaced by another file" in m]
        await pilot.press("j", "j")  # reading goes on
    store.close()
    assert not (tmp_path / "reader.sqlite3-wal").exists()
    with Store.open(url) as now:
        assert [b.title for b in now.list_briefs()] == ["A short brief of another library."]


@sync
async def test_opening_a_file_on_a_read_only_library_reads_it_there(tmp_path: Path) -> None:
    from briefreader.ingest import ingest_file
    from briefreader.store.api import Store
    from tests.tui.helpers import EXAMPLE

    store, url, brief_id = store_with_example(tmp_path)
    store.close()
    readonly = Store.open(url, read_only=True)
    app = BriefReaderApp(url, store=readonly, ingested=ingest_file(EXAMPLE))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await wait_until(pilot, lambda: screen.brief_id == brief_id)  # the brief already there
        toasts = Toasts(app)
        await pilot.press("s", "h")
        await pilot.pause()
        assert any(m.startswith("Edits are off:") for m in toasts.messages())
        assert not any("Still opening" in m for m in toasts.messages())
    readonly.close()
