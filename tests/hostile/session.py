"""The hostile corpus run through the whole app: import -> reader -> annotate -> export.

One :class:`Pipeline` imports every case into a real SQLite store, then drives one real
:class:`~briefreader.tui.app.BriefReaderApp` through all of them, as a person would: open the
brief, ``h`` (highlight the sentence under the cursor; a few cases select it with ``s`` first),
look at it, resize the terminal (80x24 <-> 200x60) and look again. One app for all cases, and one
resize per case rather than a second visit, keep the suite fast: opening a reader (Textual
composing its widgets, the footer several times over) is most of the cost of a visit. Readers
are stacked rather than closed, for the same reason. Cases whose hostile part is not in the
first sentence are annotated through the store API before the app starts (a claim carrying the
hostile note, claimant and source of :data:`~tests.hostile.corpus.HOSTILE_NOTE`, which the panel
then shows), and ``]`` jumps to that annotation.

A visit records every byte written to the terminal while the brief was on screen at that size
(see :mod:`tests.hostile.terminal`), a full repaint of its final screen, and a crash if there
was one; a crash ends that app and the remaining cases go on in a fresh one, so one bad case
cannot hide the others.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from briefreader.config import Config
from briefreader.library import ImportOutcome, import_file
from briefreader.store.api import Brief, NewAnnotation, SourceInput, Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen
from tests.hostile.corpus import HOSTILE_NOTE, Case
from tests.hostile.terminal import CapturingDriver, Frame, frame
from tests.tui.helpers import settle

NARROW = (80, 24)
WIDE = (200, 60)
SIZES = {"narrow": NARROW, "wide": WIDE}
#: Literal markup a click is tried on (inside ``[…]``): it must stay text.
CLICK_TARGET = "@click=app.quit"


def quitting(app: App[Any]) -> bool:
    """True once ``app`` has been asked to exit, or ended on an unhandled exception (either
    sets its return code), or has stopped."""
    return app.return_code is not None or not app.is_running


def stopped(app: App[Any]) -> str:
    """What a visit records when the app ended under it (see :func:`quitting`)."""
    if app.return_code == 1:
        return "the app ended on an unhandled exception (return code 1)"
    return f"the app was asked to exit (return code {app.return_code})"


@dataclass
class Visit:
    """One case in the reader at one size."""

    #: Everything written to the terminal from opening the brief to being back in the library.
    stream: str = ""
    frame: Frame | None = None
    sub_title: str = ""
    crash: str | None = None
    #: After clicking on literal ``[@click=app.quit]``: True if the reader was still there.
    click_survived: bool | None = None
    seconds: float = 0.0


@dataclass
class Pipeline:
    """The corpus imported into one store and visited in the reader at both sizes."""

    folder: Path
    cases: list[Case]
    store: Store = field(init=False)
    outcomes: dict[str, ImportOutcome] = field(default_factory=dict)
    visits: dict[tuple[str, str], Visit] = field(default_factory=dict)
    #: Everything each app session wrote to the terminal, start-up and all.
    streams: list[str] = field(default_factory=list)
    #: Exceptions an app session ended with (also recorded on the visit running then).
    errors: list[str] = field(default_factory=list)
    #: Seconds spent importing, and in the reader.
    timings: dict[str, float] = field(default_factory=dict)

    def run(self) -> Pipeline:
        import asyncio

        url = f"sqlite:///{self.folder / 'hostile.sqlite3'}"
        self.store = Store.open(url)
        started = time.perf_counter()
        for case in self.cases:
            self.outcomes[case.name] = import_file(self.store, case.write(self.folder))
        for case in self.opened:
            if not case.by_keys:
                self._annotate_through_store(case)
        self.timings["import"] = time.perf_counter() - started
        started = time.perf_counter()
        remaining = list(self.opened)
        while remaining:
            left = asyncio.run(self._session(url, remaining, "narrow"))
            if len(left) == len(remaining):  # the app died before the first visit
                self.visits[(left[0].name, "narrow")] = Visit(crash="; ".join(self.errors))
                left = left[1:]
            remaining = left
        self.timings["reader"] = time.perf_counter() - started
        return self

    @property
    def opened(self) -> list[Case]:
        """The cases that import (and so are opened in the reader)."""
        return [c for c in self.cases if self.outcomes[c.name].brief is not None]

    def brief(self, case: Case) -> Brief:
        outcome = self.outcomes[case.name]
        assert outcome.brief is not None, outcome.error
        return self.store.get_brief(outcome.brief.id)

    def _annotate_through_store(self, case: Case) -> None:
        text = self.brief(case).text
        spans = [(text.index(k), text.index(k) + len(k)) for k in case.must_keep]
        start = max(0, min(s for s, _ in spans) - 20)
        end = min(len(text), max(e for _, e in spans) + 20)
        # A claim with the whole hostile mix in its note, claimant and source: the panel
        # shows them when the cursor is on it.
        source = SourceInput(
            url="https://evil.example/[@click=app.quit]/\u202e",
            relation="refutes",
            title="Source " + HOSTILE_NOTE,
        )
        self.store.create_annotation(
            self.brief(case).id,
            NewAnnotation(
                start,
                end,
                kind="claim",
                note=HOSTILE_NOTE,
                claimant="Claimant " + HOSTILE_NOTE,
                tags=("hostile",),
                sources=(source,),
            ),
        )

    async def _session(self, url: str, cases: list[Case], first_size: str) -> list[Case]:
        """Visit ``cases`` in one app; return those left to do if a crash ended it."""
        sink: list[str] = []
        CapturingDriver.sink = sink
        # The app starts on the reader of the first brief: a library screen underneath would
        # rebuild its list on every return to it.
        base = self.brief(self.opened[-1]).id
        app = BriefReaderApp(url, store=self.store, config=Config(), brief_id=base)
        app.driver_class = CapturingDriver
        left = list(cases)
        sizes = [first_size, *(s for s in SIZES if s != first_size)]
        last: Visit | None = None
        try:
            async with app.run_test(headless=False, size=SIZES[sizes[0]]) as pilot:
                await settle(pilot)
                while left:
                    case = left.pop(0)
                    last = await self._visit(app, pilot, case, sizes)
                    if quitting(app):
                        break
                    sizes.reverse()  # the next case starts at the size this one ended at
        except Exception:
            # run_test re-raises the exception the app ended on: the visit it ended gets it.
            self.errors.append(traceback.format_exc())
            if last is not None and last.crash == stopped(app):
                last.crash = f"{last.crash}: {self.errors[-1]}"
        self.streams.append("".join(sink))
        return left

    async def _visit(
        self, app: BriefReaderApp, pilot: Pilot[Any], case: Case, sizes: list[str]
    ) -> Visit:
        """Open the brief, annotate it, look at it at both sizes, go back; return the last
        visit made (the one a crash ended, if one did)."""
        sink = CapturingDriver.sink
        brief = self.brief(case)
        screen = ReaderScreen(brief_id=brief.id)
        for step, size_name in enumerate(sizes):
            visit = self.visits[(case.name, size_name)] = Visit()
            mark = len(sink)
            started = time.perf_counter()
            try:
                if step == 0:
                    await self._open_and_annotate(app, pilot, case, screen)
                else:
                    await pilot.resize_terminal(*SIZES[size_name])
                    await settle(pilot)
                visit.sub_title = screen.sub_title or ""
                visit.frame = frame(app)
                where = visit.frame.find(CLICK_TARGET)
                if where is not None and step == len(sizes) - 1:
                    await pilot.click(offset=(where[0] + 3, where[1]))
                    await pilot.pause()
                    visit.click_survived = not quitting(app) and app.screen is screen
            except Exception:
                visit.crash = traceback.format_exc()
            visit.stream = "".join(sink[mark:])
            visit.seconds = time.perf_counter() - started
            if quitting(app):
                visit.crash = visit.crash or stopped(app)
                break
        return visit

    async def _open_and_annotate(
        self, app: BriefReaderApp, pilot: Pilot[Any], case: Case, screen: ReaderScreen
    ) -> None:
        await app.push_screen(screen)
        for _ in range(40):
            await pilot.pause()
            await app.workers.wait_for_complete()
            if screen.brief is not None:
                break
        assert screen.brief is not None, "the reader never loaded the brief"
        if case.by_keys:
            await pilot.press(*case.keys)
        else:
            await pilot.press("right_square_bracket")
        await settle(pilot)
