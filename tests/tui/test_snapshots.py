"""SVG snapshots of the main screens: the library and its search, the reader with annotations
(dark and light) and after its text changed (orphans, a changed quote), the claim form and the
help screen. Review changes with ``pytest --snapshot-update`` and look at
the report before accepting them.

Timestamps are pinned in the database so the screens are the same on every run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from briefreader.library import import_file
from briefreader.store.api import NewAnnotation, SourceInput, Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.dialogs import ClaimDialog
from briefreader.tui.screens.help import HelpScreen
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import EXAMPLE, ROOT, until_shown, wait_until

SnapCompare = Callable[..., bool]
#: Makes the app on a fresh annotated store: changed=True (text replaced), reader=True (open).
MakeApp = Callable[..., BriefReaderApp]

#: In a year gone by, so that the library shows it the same way on every date ("12 Mar 2024";
#: a date of the current year would show without its year).
PINNED = "2024-03-12 09:30:00.000000"


pytestmark = pytest.mark.usefixtures("utc")  # the snapshots show times


def pin_timestamps(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE brief SET imported_at = ?, last_opened_at = ?", (PINNED, PINNED))
        conn.execute("UPDATE annotation SET created_at = ?, updated_at = ?", (PINNED, PINNED))
        # Who checked a claim and when (its maker, as it was made with its verdict).
        conn.execute(
            "UPDATE annotation SET checked_at = ?, checked_by = 'Ayesha Khan' "
            "WHERE checked_at IS NOT NULL",
            (PINNED,),
        )
        conn.execute("UPDATE source SET added_at = ?", (PINNED,))


def annotated_store(tmp_path: Path, changed: bool = False) -> tuple[Store, str, int]:
    db = tmp_path / "snap.sqlite3"
    url = f"sqlite:///{db}"
    store = Store.open(url)
    store.user = "Ayesha Khan"  # who made them, the same on every machine
    outcome = import_file(store, EXAMPLE)
    assert outcome.brief is not None
    brief_id = outcome.brief.id
    text = store.get_brief(brief_id).text

    def span(quote: str) -> tuple[int, int]:
        start = text.index(quote)
        return start, start + len(quote)

    store.update_tag("russia", quick_key=1, color="#d08770")
    store.update_tag("energy", quick_key=2)
    first = span(
        "Pak-Russia ties are witnessing a fresh start with an exchange of high-level visits "
        "from both the sides."
    )
    store.create_annotation(brief_id, NewAnnotation(*first, tags=("russia",)))
    claim = span(
        "“We have turned a new page in our relationship with Russia. It is a major shift.”"
    )
    store.create_annotation(
        brief_id,
        NewAnnotation(
            *claim,
            kind="claim",
            claimant="Foreign office spokesman",
            claim_type="opinion",
            claim_status="disputed",
            tags=("russia", "policy-shift"),
            sources=(SourceInput("https://example.org/briefing", "refutes", "FO briefing"),),
        ),
    )
    energy = span("overcoming the country’s energy woes")
    store.create_annotation(
        brief_id, NewAnnotation(*energy, kind="note", note="Which projects?", tags=("energy",))
    )
    other = tmp_path / "second.md"
    other.write_text(
        "# SCO summit notes\n\nShort *Markdown* brief with `code` and 12.5% growth.\n",
        encoding="utf-8",
    )
    import_file(store, other)
    if changed:
        # A corrected version: the note's words are gone, the claim is reworded.
        edited = text.replace(" for overcoming the country’s energy woes", "").replace(
            "It is a major shift.", "It is a significant shift."
        )
        from briefreader.ingest.model import IngestedBrief, content_hash
        from briefreader.library import new_brief

        store.replace_brief_text(
            brief_id,
            new_brief(IngestedBrief(edited, "x", None, None, "text", content_hash(edited))),
        )
    pin_timestamps(db)
    return store, url, brief_id


async def settle(pilot: Pilot[None]) -> None:
    """Until the workers are done and nothing the app was asked to show is on its way."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await until_shown(pilot)


def reader(pilot: Pilot[None]) -> ReaderScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


@pytest.fixture
def snapshot_app(tmp_path: Path) -> Iterator[MakeApp]:
    stores: list[Store] = []

    def make(**kwargs: Any) -> BriefReaderApp:
        store, url, brief_id = annotated_store(tmp_path, kwargs.pop("changed", False))
        stores.append(store)
        if kwargs.pop("reader", False):
            kwargs["brief_id"] = brief_id
        return BriefReaderApp(url, store=store, **kwargs)

    yield make
    for store in stores:
        store.close()


def test_library(snap_compare: SnapCompare, snapshot_app: MakeApp) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(100, 24), run_before=settle)


def test_library_search(snap_compare: SnapCompare, snapshot_app: MakeApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+f")
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor makes the picture depend on timing
        await pilot.press(*"russia")
        await settle(pilot)  # the search waits for typing to pause, then runs in a worker

    assert snap_compare(snapshot_app(), terminal_size=(100, 30), run_before=run_before)


def test_reader_after_the_text_changed(snap_compare: SnapCompare, snapshot_app: MakeApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.clear_notifications()  # the notice on opening is tested in test_orphans
        await pilot.press("O")
        await settle(pilot)

    app = snapshot_app(reader=True, changed=True)
    assert snap_compare(app, terminal_size=(120, 34), run_before=run_before)


def test_reader_with_annotations(snap_compare: SnapCompare, snapshot_app: MakeApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = reader(pilot)
        text = screen.article.text
        screen.article.move_to(text.index("We have turned"))
        await until_shown(pilot)

    assert snap_compare(snapshot_app(reader=True), terminal_size=(120, 34), run_before=run_before)


def test_reader_light_theme_80x24(snap_compare: SnapCompare, snapshot_app: MakeApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.theme = "textual-light"
        await settle(pilot)

    assert snap_compare(snapshot_app(reader=True), terminal_size=(80, 24), run_before=run_before)


def test_claim_form(snap_compare: SnapCompare, snapshot_app: MakeApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = reader(pilot)
        screen.article.move_to(screen.article.text.index("Historically"))
        await pilot.press("s", "c")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ClaimDialog))
        await until_shown(pilot)
        # A blinking cursor would make the picture depend on when it is taken.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(snapshot_app(reader=True), terminal_size=(80, 24), run_before=run_before)


def test_help_screen(snap_compare: SnapCompare, snapshot_app: MakeApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        await until_shown(pilot)

    assert snap_compare(snapshot_app(reader=True), terminal_size=(100, 34), run_before=run_before)


def test_snapshots_are_committed() -> None:
    """A fresh clone must compare against accepted snapshots, not silently create them."""
    folder = ROOT / "tests" / "tui" / "__snapshots__" / "test_snapshots"
    assert len(list(folder.glob("*.svg"))) >= 5
