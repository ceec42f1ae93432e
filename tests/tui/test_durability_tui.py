"""The app and other writers on one SQLite file: two app instances and the command writing at
once all land and all show after reopening; the daily automatic backup is made in a worker
when the app opens its library, once a day, and a failure to make it is a warning only."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from textual.pilot import Pilot

from briefreader.backup import backups_dir, daily_backups, series
from briefreader.store.api import Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import ROOT, Toasts, settle, store_with_example, sync

SIZE = (120, 36)


async def reader(app: BriefReaderApp, pilot: Pilot[None]) -> ReaderScreen:
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ReaderScreen) and screen.brief is not None
    return screen


async def highlight_sentence(pilot: Pilot[None], sentences_on: int) -> None:
    for _ in range(sentences_on):
        await pilot.press("right_parenthesis")
    await pilot.press("s", "h")
    await pilot.pause()


def annotate_with_the_command(db: Path, quote: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen(
        [sys.executable, "-m", "briefreader", "--db", str(db), "annotate", "1", "--quote", quote],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


@sync
async def test_two_apps_and_the_command_write_one_file_and_all_see_everything(
    tmp_path: Path,
) -> None:
    seed, url, brief_id = store_with_example(tmp_path)
    seed.close()
    db = tmp_path / "reader.sqlite3"
    first = BriefReaderApp(url, store=Store.open(url), brief_id=brief_id)
    second = BriefReaderApp(url, store=Store.open(url), brief_id=brief_id)
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        await reader(first, one)
        await reader(second, two)
        command = annotate_with_the_command(db, "a new page in our relationship")
        # The apps write while the command starts and writes.
        await asyncio.gather(highlight_sentence(one, 0), highlight_sentence(two, 3))
        await asyncio.gather(highlight_sentence(one, 2), highlight_sentence(two, 2))
        _out, err = await asyncio.to_thread(command.communicate, timeout=120)
        assert command.returncode == 0 and err == b"", err.decode()
        with Store.open(url) as store:
            everything = {a.id: a.quote for a in store.annotations_for_brief(brief_id)}
        assert len(everything) == 5
        # Each app, reopening the brief, shows all of them: its own, the other's, the command's.
        for app, pilot in ((first, one), (second, two)):
            await pilot.press("q")
            app.push_screen(ReaderScreen(brief_id=brief_id))
            screen = await reader(app, pilot)
            assert {a.id: a.quote for a in screen.annotations} == everything
    first.store.close()
    second.store.close()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@sync
async def test_the_app_makes_todays_backup_once_in_a_worker(tmp_path: Path) -> None:
    seed, url, brief_id = store_with_example(tmp_path)
    name = series(seed)
    seed.close()
    app = BriefReaderApp(url, brief_id=brief_id)  # opens its own store, as from the command
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(app, pilot)
        await pilot.press("s", "h")
        await settle(pilot)
        assert len(screen.annotations) == 1
    [(day, path)] = daily_backups(backups_dir(), name)
    assert day == date.today()
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # Made when the library opened, before the highlight.
        assert con.execute("SELECT count(*) FROM brief").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM annotation").fetchone() == (0,)
    made_at = path.stat().st_mtime_ns

    again = BriefReaderApp(url, brief_id=brief_id)
    async with again.run_test(size=SIZE) as pilot:
        await reader(again, pilot)
    assert daily_backups(backups_dir(), name) == [(day, path)]
    assert path.stat().st_mtime_ns == made_at


@sync
async def test_a_backup_that_cannot_be_made_is_a_warning_and_the_app_goes_on(
    tmp_path: Path,
) -> None:
    seed, url, brief_id = store_with_example(tmp_path)
    seed.close()
    backups_dir().parent.mkdir(parents=True, exist_ok=True)
    backups_dir().write_text("a file where the backups folder should be")
    app = BriefReaderApp(url, brief_id=brief_id)
    toasts = Toasts(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(app, pilot)
        [warning] = toasts.messages("warning")
        assert warning.startswith("The daily backup of the library could not be made: ")
        await pilot.press("s", "h")
        await settle(pilot)
        assert len(screen.annotations) == 1
