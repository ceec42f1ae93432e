"""What comes before the first frame at launch, and what waits for it (issue "speed where a
user feels it"): the first frame sent to the terminal already shows the brief's words; the
store (SQLAlchemy), the reading aids (Pygments) and the panel's data come after it. And the
cycle collector, paused while a command starts, is running again once the store is open."""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from briefreader import heap
from briefreader.cli.main import main
from briefreader.ingest import ingest_file
from briefreader.tui.run import LoggedBriefReaderApp
from briefreader.tui.screens.library import LibraryScreen
from briefreader.tui.widgets.article import ArticleView
from tests.tui.helpers import sync, until_shown, wait_until

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pakistan-russia-ties.txt"
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class FirstFrameNoted(LoggedBriefReaderApp):
    """The app, noting what its first frame showed and what was ready when it was sent."""

    first_text: str | None = None
    store_ready_then: bool | None = None
    aids_then: bool | None = None

    def _display(self, screen: Any, renderable: Any) -> None:
        before = self.first_frame_shown
        super()._display(screen, renderable)
        if before or not self.first_frame_shown:
            return
        segments = renderable.render_segments(self.console)
        self.first_text = " ".join(ESCAPE.sub(" ", segments).split())
        self.store_ready_then = self.store_ready
        article = screen.query_one(ArticleView)
        self.aids_then = article._tokens.source is not None


@pytest.fixture
def collector_restored() -> Iterator[None]:
    yield
    heap.start_up_over()
    gc.unfreeze()
    gc.enable()


@sync
async def test_the_first_frame_shows_the_words_before_the_store_and_the_aids(
    tmp_path: Path,
) -> None:
    app = FirstFrameNoted(f"sqlite:///{tmp_path / 'lib.sqlite3'}", ingested=ingest_file(EXAMPLE))
    async with app.run_test(size=(120, 40)) as pilot:
        await until_shown(pilot)
        await wait_until(pilot, lambda: app.store_ready)
        assert app.first_text is not None, "no frame was sent"
        # Words of the first paragraph (the header shows only the start of its first line).
        for word in ("Islamabad", "quadrilateral"):
            assert word in app.first_text, app.first_text
        assert app.store_ready_then is False
        assert app.aids_then is False
        article = app.screen.query_one(ArticleView)
        await wait_until(pilot, lambda: article._tokens.source is not None)


@sync
async def test_the_collector_paused_for_start_up_runs_again_once_the_store_opened(
    tmp_path: Path, collector_restored: None
) -> None:
    heap.pause_for_start_up()
    app = FirstFrameNoted(f"sqlite:///{tmp_path / 'lib.sqlite3'}", ingested=ingest_file(EXAMPLE))
    async with app.run_test(size=(100, 30)) as pilot:
        await until_shown(pilot)
        await wait_until(pilot, lambda: app.store_ready)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what start-up made is left out of collections


def test_a_hold_while_starting_does_not_end_the_pause(collector_restored: None) -> None:
    heap.pause_for_start_up()
    heap.hold()  # a brief read while the store is still opening
    heap.settle()
    assert not gc.isenabled()
    heap.start_up_over()
    assert gc.isenabled()
    heap.start_up_over()  # again: nothing more
    assert gc.isenabled()


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],  # opens the store
        ["--version"],  # opens nothing
        ["annotate", "7", "--quote", "x"],  # fails: no brief 7
        ["no-such-command"],  # refused before anything runs
    ],
)
def test_every_command_leaves_the_collector_running(
    tmp_path: Path, argv: list[str], collector_restored: None, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "lib.sqlite3"
    assert main(["--db", str(db), "import", str(EXAMPLE)]) == 0
    with contextlib.suppress(SystemExit):  # argparse's --version exits
        main(["--db", str(db), *argv])
    assert gc.isenabled()


class TitlesNoted(LoggedBriefReaderApp):
    """The app, noting whether the store could open when the library's titles were first
    sent to the terminal."""

    titles_sent_while_store_waited: bool | None = None

    def _display(self, screen: Any, renderable: Any) -> None:
        super()._display(screen, renderable)
        if self.titles_sent_while_store_waited is not None or renderable is None:
            return
        if self._running and not self._batch_count:
            text = ESCAPE.sub(" ", renderable.render_segments(self.console))
            if "Pak-Russia" in text:
                self.titles_sent_while_store_waited = not self.store_may_open.is_set()


@sync
async def test_the_library_titles_come_before_the_store_starts_opening(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    assert main(["--db", str(db), "import", str(EXAMPLE)]) == 0
    app = TitlesNoted(f"sqlite:///{db}")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.store_ready)
        # Read from the file while the store waited (its imports would compete for the
        # interpreter with drawing them), then the store opened.
        assert app.titles_sent_while_store_waited is True


class _EndsInTheWindow(Future[Any]):
    """A read of the library's titles that ends just after the screen asked whether it had
    (between ``done()`` and ``add_done_callback``): the callback then runs in the app's own
    thread."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self._value = value
        self._asked = False

    def done(self) -> bool:
        if not self._asked:
            self._asked = True
            return False
        return super().done()

    def add_done_callback(self, fn: Any) -> None:
        if not super().done():
            self.set_result(self._value)
        super().add_done_callback(fn)


@sync
async def test_titles_read_just_as_the_library_asks_are_shown_and_free_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefreader.store import peek
    from briefreader.tui.screens import library_watch

    db = tmp_path / "lib.sqlite3"
    assert main(["--db", str(db), "import", str(EXAMPLE)]) == 0
    titles = peek.peek_briefs(f"sqlite:///{db}")
    assert titles
    monkeypatch.setattr(library_watch, "peek_in_thread", lambda url: _EndsInTheWindow(titles))
    monkeypatch.setattr(peek, "peek_in_thread", lambda url: _EndsInTheWindow(titles))
    app = TitlesNoted(f"sqlite:///{db}")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.store_ready)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        # Shown (the store waited for them), not lost with the store held back for seconds.
        assert screen.store_watch.looked
        assert app.titles_sent_while_store_waited is True
