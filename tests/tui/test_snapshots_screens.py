"""SVG snapshots of every screen and dialog of the app, at 80x24 and 120x40, in the dark and
the light theme: the pictures that show when a change of layout or style moved something.

Each state is reached as a user reaches it: the app starts on a real library (a copy of one
built once per session), keys go through Pilot, and the picture is taken once the screen shows
what the state is about (waited for, never slept for). What would differ between runs is kept
off the screen: times are pinned (and shown in UTC), paths are under a fixed ``~/briefs``,
cursors do not blink, and the readers do not poll for changes made elsewhere (a conflict is
made behind the reader's back, as in test_conflicts.py).

Review changes with ``pytest --snapshot-update`` and look at the report before accepting them.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from briefreader.config import Config
from briefreader.exchange.files import export_to_file
from briefreader.ingest.model import IngestedBrief, content_hash
from briefreader.library import import_file, new_brief
from briefreader.store.api import NewAnnotation, NewBrief, SourceInput, Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.desk import DeskScreen
from briefreader.tui.screens.dialogs import (
    AnnotationImportDialog,
    BindKeyDialog,
    BriefDialog,
    ClaimDialog,
    ConfirmDialog,
    ConflictDialog,
    DeletedElsewhereDialog,
    ExportDialog,
    ImportDialog,
    NoteDialog,
    RationaleDialog,
    SourceDialog,
    TagManager,
    TagsDialog,
)
from briefreader.tui.screens.help import HelpScreen
from briefreader.tui.screens.library import LibraryScreen
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import EXAMPLE, ROOT, screen_text, settle, wait_until

SnapCompare = Callable[..., bool]

#: When every annotation was made (shown in the panel's detail and the conflict dialog).
PINNED = datetime(2024, 3, 12, 9, 30, tzinfo=UTC)
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
THEMES = {"dark": "textual-dark", "light": "textual-light"}

FIRST = (
    "Pak-Russia ties are witnessing a fresh start with an exchange of high-level visits "
    "from both the sides."
)
CLAIM = "“We have turned a new page in our relationship with Russia. It is a major shift.”"
ENERGY = "overcoming the country’s energy woes"
SECOND = "# SCO summit notes\n\nShort *Markdown* brief with `code` and 12.5% growth.\n"


# ---------------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class Library:
    """A library built once per session, copied for each test: ``db`` is None for an empty
    library."""

    db: Path | None
    brief_id: int = 0


def build(db: Path, second: Path, *, changed: bool) -> Library:
    """The example brief (three annotations: a tagged highlight, a note, a disputed claim with
    a source) and a short Markdown brief; with ``changed``, the example's text was corrected
    since (the note is an orphan, the claim's quote changed)."""
    store = Store.open(f"sqlite:///{db}")
    try:
        import_file(store, second)  # first, so that the example is on top of the library
        outcome = import_file(store, EXAMPLE)
        assert outcome.brief is not None
        brief_id = outcome.brief.id
        text = store.get_brief(brief_id).text

        def make(quote: str, **fields: Any) -> None:
            start = text.index(quote)
            item = NewAnnotation(
                start, start + len(quote), created_at=PINNED, creator="Ayesha Khan", **fields
            )
            store.create_annotation(brief_id, item)

        store.update_tag("russia", quick_key=1, color="#d08770")
        store.update_tag("energy", quick_key=2)
        make(FIRST, tags=("russia",))
        make(ENERGY, kind="note", note="Which projects?", tags=("energy",))
        source = SourceInput("https://example.org/briefing", "refutes", "FO briefing")
        make(
            CLAIM,
            kind="claim",
            claimant="Foreign office spokesman",
            claim_type="opinion",
            claim_status="disputed",
            tags=("russia", "policy-shift"),
            sources=(source,),
            checked_by="Ayesha Khan",
            checked_at=PINNED,
        )
        if changed:
            edited = text.replace(" for overcoming the country’s energy woes", "").replace(
                "It is a major shift.", "It is a significant shift."
            )
            ingested = IngestedBrief(edited, "x", None, None, "text", content_hash(edited))
            store.replace_brief_text(brief_id, new_brief(ingested))
    finally:
        store.close()
    pin(db)
    return Library(db, brief_id)


#: The claims of the desk's library: (sentence start, claimant, type, verdict, check status).
DESK_CLAIMS = (
    ("Pak-Russia ties are witnessing", "Foreign Office", "fact", "supported", None),
    ("Something considered improbable", "Dr. Ayesha Siddiqa", "prediction", None, None),
    ("Historically, Russia and Pakistan", "Ministry of Energy", "fact", "refuted", None),
    ("Even after Pakistan", None, "opinion", None, "not-checkable"),
    ("Officials on both sides", "Kremlin spokesman", "fact", "disputed", None),
    ("Keeping in context Pakistan", "Foreign Office", "opinion", None, "checking"),
)


def build_claims(db: Path) -> Library:
    """The example brief with six claims at every stage of checking (verdicts, statuses,
    sources, a rationale, a conclusion, the claimant contacted, a correction in the history),
    every time and name pinned."""
    store = Store.open(f"sqlite:///{db}")
    try:
        outcome = import_file(store, EXAMPLE)
        assert outcome.brief is not None
        brief_id = outcome.brief.id
        text = store.get_brief(brief_id).text
        made = []
        for lead, claimant, kind, verdict, status in DESK_CLAIMS:
            start = text.index(lead)
            end = text.index(".", start) + 1
            item = NewAnnotation(
                start,
                end,
                kind="claim",
                claimant=claimant,
                claim_type=kind,
                created_at=PINNED,
                creator="Ayesha Khan",
                tags=("energy",) if kind == "fact" else (),
            )
            claim = store.create_annotation(brief_id, item)
            if verdict is not None:
                store.update_annotation(claim.id, claim_status=verdict)
            if status is not None:
                store.update_annotation(claim.id, check_status=status)
            made.append(claim.id)
        first, _, refuted, *_ = made
        store.update_annotation(
            first,
            rationale="The visits are on the record: both ministries announced them.",
            conclusion="True: three visits since 2014",
        )
        store.add_source(first, SourceInput("https://example.org/visits", "supports", "Visits"))
        store.add_source(refuted, SourceInput("https://example.org/ties", "refutes"))
        store.update_annotation(refuted, claim_status="disputed")  # a correction
        store.update_annotation(refuted, contacted_at=PINNED, contact_outcome="no reply yet")
    finally:
        store.close()
    pin(db)
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        # Every annotation was made at PINNED: its times are stored as the store writes them.
        conn.execute(
            "UPDATE claim_history SET by = 'Ayesha Khan', at = "
            "(SELECT created_at FROM annotation WHERE annotation.id = annotation_id)"
        )
        conn.execute(
            "UPDATE annotation SET checked_by = 'Ayesha Khan', checked_at = created_at "
            "WHERE checked_at IS NOT NULL"
        )
    return Library(db, brief_id)


#: A brief not read yet, with sentences worth checking: the desk's queue suggests them.
UNREAD = (
    "Notes from the energy ministry.\n\n"
    "Gas imports from Russia rose by 40% in 2023 to 12 billion cubic metres, the energy "
    "minister said on Monday.\n\nThank you all for coming.\n"
)


def build_grouped(db: Path) -> Library:
    """The desk's library, and an older report making its first claim again (refuted there,
    the two confirmed as one claim group), and a brief not read yet."""
    library = build_claims(db)
    store = Store.open(f"sqlite:///{db}")
    try:
        first = store.annotations_for_brief(library.brief_id)[0]
        said = " ".join(first.quote.split())
        older = f"An older report.\n\nAs the ministry had it, {said}"
        brief = store.import_brief(
            NewBrief(older, "Older report", content_hash(older), len(older.split()))
        ).brief
        start = older.index(said)
        again = NewAnnotation(
            start,
            start + len(said),
            kind="claim",
            claim_status="refuted",
            created_at=PINNED,
            creator="Ayesha Khan",
        )
        store.join_claims(first.id, store.create_annotation(brief.id, again).id)
        store.import_brief(NewBrief(UNREAD, "Ministry notes", content_hash(UNREAD), 30))
    finally:
        store.close()
    pin(db)
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "UPDATE brief SET imported_at = ?", (PINNED.replace(tzinfo=None).isoformat(" "),)
        )
        conn.execute(
            "UPDATE annotation SET checked_by = 'Ayesha Khan', checked_at = created_at "
            "WHERE checked_at IS NOT NULL"
        )
        conn.execute(
            "UPDATE claim_history SET by = 'Ayesha Khan', at = "
            "(SELECT created_at FROM annotation WHERE annotation.id = annotation_id)"
        )
    return library


def pin(db: Path, annotation_id: int | None = None) -> None:
    """Make "edited" the same moment as "created", so that no wall-clock time is shown."""
    where = "" if annotation_id is None else f" WHERE id = {int(annotation_id)}"
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(f"UPDATE annotation SET updated_at = created_at{where}")


@pytest.fixture(scope="session")
def session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home folder (``~``) holding ``~/briefs``, the folder the dialogs start in, and the
    libraries the tests copy."""
    home = tmp_path_factory.mktemp("snap-home")
    briefs = home / "briefs"
    (briefs / "older").mkdir(parents=True)
    shutil.copy(EXAMPLE, briefs / EXAMPLE.name)
    (briefs / "sco-summit.md").write_text(SECOND, encoding="utf-8")
    return home


@pytest.fixture(scope="session")
def libraries(session_dir: Path) -> dict[str, Library]:
    briefs = session_dir / "briefs"
    second = briefs / "sco-summit.md"
    built = {
        "annotated": build(session_dir / "annotated.sqlite3", second, changed=False),
        "changed": build(session_dir / "changed.sqlite3", second, changed=True),
        "claims": build_claims(session_dir / "claims.sqlite3"),
        "grouped": build_grouped(session_dir / "grouped.sqlite3"),
        "empty": Library(None),
    }
    # An annotation file to preview: this library's own annotations, exported.
    annotated = built["annotated"].db
    assert annotated is not None
    with contextlib.closing(Store.open(f"sqlite:///{annotated}")) as store:
        export_to_file(store, briefs / "notes.csv", [], None, "csv")
    return built


pytestmark = pytest.mark.usefixtures("utc")  # the snapshots show times


@dataclass
class World:
    """One test's library (a copy) and app."""

    url: str
    db: Path
    brief_id: int
    stores: list[Store] = field(default_factory=list)

    def elsewhere(self) -> Store:
        """Another user's Store on the same library."""
        store = Store.open(self.url)
        self.stores.append(store)
        return store


@pytest.fixture
def world(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    session_dir: Path,
    libraries: dict[str, Library],
) -> Iterator[Callable[[str, str], tuple[BriefReaderApp, World]]]:
    monkeypatch.setenv("HOME", str(session_dir))
    monkeypatch.chdir(session_dir / "briefs")
    # A conflict is a change made in the seconds before the reader would have noticed it.
    monkeypatch.setattr("briefreader.tui.screens.reader.screen.CHANGES_POLL_INTERVAL", 3600.0)
    monkeypatch.setattr("briefreader.tui.screens.library.CHANGES_POLL_INTERVAL", 3600.0)
    monkeypatch.setattr("briefreader.tui.screens.desk.screen.CHANGES_POLL_INTERVAL", 3600.0)
    worlds: list[World] = []

    def make(data: str, theme: str) -> tuple[BriefReaderApp, World]:
        library = libraries[data]
        db = tmp_path / "library.sqlite3"
        if library.db is not None:
            with (
                contextlib.closing(sqlite3.connect(library.db)) as source,
                contextlib.closing(sqlite3.connect(db)) as target,
            ):
                source.backup(target)
        made = World(f"sqlite:///{db}", db, library.brief_id)
        worlds.append(made)
        store = Store.open(made.url)
        store.user = "Ayesha Khan"  # whoever runs the tests, the pictures name the same user
        made.stores.append(store)
        return BriefReaderApp(made.url, store=store, config=Config(theme=THEMES[theme])), made

    yield make
    for made in worlds:
        for store in made.stores:
            store.close()


# ---------------------------------------------------------------------------------- waiting


async def until_shown(pilot: Pilot[Any], screen: type[Screen[Any]], *texts: str) -> None:
    """Wait until a ``screen`` is on top and shows every one of ``texts``."""
    app = pilot.app

    def shown() -> bool:
        return isinstance(app.screen, screen) and all(text in screen_text(app) for text in texts)

    try:
        await wait_until(pilot, shown)
    except AssertionError as exc:
        raise AssertionError(f"{app.screen!r} never showed {texts}:\n{screen_text(app)}") from exc


async def at_library(pilot: Pilot[Any]) -> None:
    await until_shown(pilot, LibraryScreen, "SCO summit notes")


async def at_reader(pilot: Pilot[Any], *texts: str) -> ReaderScreen:
    """Open the brief on top of the library (the example) in the reader."""
    await at_library(pilot)
    await pilot.press("enter")
    app = pilot.app
    await wait_until(
        pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.brief is not None
    )
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    # Opening a brief whose text changed says so in a toast (test_orphans.py); it would leave
    # at a time of its own.
    app.clear_notifications()
    await until_shown(pilot, ReaderScreen, "annotations", *texts)
    return screen


# ---------------------------------------------------------------------------------- the states

Steps = Callable[[Pilot[Any], World], Awaitable[None]]


async def library(pilot: Pilot[Any], world: World) -> None:
    await until_shown(pilot, LibraryScreen, "SCO summit notes", "2 briefs")


async def library_empty(pilot: Pilot[Any], world: World) -> None:
    await until_shown(pilot, LibraryScreen, "Welcome to briefreader", "Your library is empty")


async def library_search(pilot: Pilot[Any], world: World) -> None:
    await at_library(pilot)
    await pilot.press("ctrl+f")
    await pilot.press(*"energy")
    await until_shown(pilot, LibraryScreen, "Enter opens")


async def library_help(pilot: Pilot[Any], world: World) -> None:
    await at_library(pilot)
    await pilot.press("f1")
    await until_shown(pilot, HelpScreen, "Keys — remap", "Library")


async def confirm_delete_brief(pilot: Pilot[Any], world: World) -> None:
    await at_library(pilot)
    await pilot.press("ctrl+d")
    await until_shown(pilot, ConfirmDialog, "Delete brief", "its 3 annotations?")


async def brief_details(pilot: Pilot[Any], world: World) -> None:
    await at_library(pilot)
    await pilot.press("f2")
    await until_shown(pilot, BriefDialog, "Brief details", "Web address")


async def tag_manager(pilot: Pilot[Any], world: World) -> None:
    await at_library(pilot)
    await pilot.press("ctrl+g")
    await until_shown(pilot, TagManager, "russia", "annotation")


async def import_dialog(pilot: Pilot[Any], world: World) -> None:
    await at_library(pilot)
    await pilot.press("ctrl+o")
    await until_shown(pilot, ImportDialog, "~/briefs/", "older/", "sco-summit.md")


async def import_path_completing(pilot: Pilot[Any], world: World) -> None:
    await import_dialog(pilot, world)
    await pilot.press(*"pa")
    # The rest of the name as ghost text, and the list narrowed to it.
    await until_shown(pilot, ImportDialog, "~/briefs/pakistan-russia-ties.txt")
    await wait_until(pilot, lambda: "sco-summit.md" not in screen_text(pilot.app))


async def export_dialog(pilot: Pilot[Any], world: World) -> None:
    await at_library(pilot)
    await pilot.press("ctrl+e")
    await until_shown(pilot, ExportDialog, "Export annotations", "~/briefs/", "this brief")


async def annotation_import(pilot: Pilot[Any], world: World) -> None:
    await at_library(pilot)
    await pilot.press("ctrl+a")
    await until_shown(pilot, AnnotationImportDialog, "Import annotations", "~/briefs/")


async def annotation_import_preview(pilot: Pilot[Any], world: World) -> None:
    await annotation_import(pilot, world)
    await pilot.press(*"notes.csv")
    await pilot.press("enter")
    await until_shown(pilot, AnnotationImportDialog, "Nothing in the file would change")


async def reader(pilot: Pilot[Any], world: World) -> None:
    await at_reader(pilot)
    await pilot.press("right_square_bracket", "right_square_bracket")  # onto the claim
    await until_shown(pilot, ReaderScreen, "Claim", "Foreign office")


async def reader_find(pilot: Pilot[Any], world: World) -> None:
    await at_reader(pilot)
    await pilot.press("slash")
    await pilot.press(*"Pakistan")
    await until_shown(pilot, ReaderScreen, "matches")


async def reader_orphans(pilot: Pilot[Any], world: World) -> None:
    await at_reader(pilot, "Orphans 1")
    await pilot.press("O")
    await until_shown(pilot, ReaderScreen, "Which projects?")


async def reader_help(pilot: Pilot[Any], world: World) -> None:
    await at_reader(pilot)
    await pilot.press("question_mark")
    await until_shown(pilot, HelpScreen, "Keys — remap", "Reading and selecting")


async def claim(pilot: Pilot[Any], world: World) -> None:
    await at_reader(pilot)
    await pilot.press("right_square_bracket", "right_square_bracket", "c")
    await until_shown(pilot, ClaimDialog, "Claimant", "Foreign office spokesman")


async def note(pilot: Pilot[Any], world: World) -> None:
    await at_reader(pilot)
    await pilot.press("right_square_bracket", "n")
    await until_shown(pilot, NoteDialog, "Note", "Which projects?")


async def tags(pilot: Pilot[Any], world: World) -> None:
    await at_reader(pilot)
    await pilot.press("t")  # the cursor starts on the first highlight
    await pilot.press(*"history")
    await until_shown(pilot, TagsDialog, "will save: russia, history")


async def source(pilot: Pilot[Any], world: World) -> None:
    await at_reader(pilot)
    await pilot.press("right_square_bracket", "right_square_bracket", "l")
    await pilot.press(*"doi:10.1000/182")
    await until_shown(pilot, SourceDialog, "Relation", "doi:10.1000/182")


async def conflict(pilot: Pilot[Any], world: World) -> None:
    await at_reader(pilot)
    await pilot.press("right_square_bracket")  # onto the note
    await until_shown(pilot, ReaderScreen, "Which projects?")
    # Meanwhile another user rewrites the note.
    other = world.elsewhere()
    theirs = next(a for a in other.annotations_for_brief(world.brief_id) if a.kind == "note")
    other.update_annotation(theirs.id, note="Gwadar and the gas pipeline.")
    pin(world.db, theirs.id)
    await pilot.press("n")
    await until_shown(pilot, NoteDialog, "Which projects?")
    await pilot.press(*" Steel mill first.")
    await pilot.press("ctrl+s")
    await until_shown(pilot, ConflictDialog, "Changed elsewhere", "12 Mar 09:30", "Steel mill")


async def deleted_elsewhere(pilot: Pilot[Any], world: World) -> None:
    screen = await at_reader(pilot)
    # Meanwhile another user deletes the highlight the cursor is on.
    other = world.elsewhere()
    first = next(a for a in screen.annotations if a.start == 0)
    other.delete_annotation(first.id)
    await pilot.press("t")
    await until_shown(pilot, TagsDialog, "russia")
    await pilot.press(*"history")
    await pilot.press("enter")
    await until_shown(pilot, DeletedElsewhereDialog, "Deleted elsewhere", "#history")


async def confirm_delete_orphan(pilot: Pilot[Any], world: World) -> None:
    await reader_orphans(pilot, world)
    await pilot.press("x")
    await until_shown(pilot, ConfirmDialog, "Delete orphan")


async def bind_key(pilot: Pilot[Any], world: World) -> None:
    await at_reader(pilot)
    await pilot.press("tab", "tab", "tab", "b")  # the list, its filter, the tags; bind
    await until_shown(pilot, BindKeyDialog, "Quick key for a tag", "Current keys")


async def at_desk(pilot: Pilot[Any]) -> DeskScreen:
    await until_shown(pilot, LibraryScreen, "Pak-Russia")
    await pilot.press("ctrl+t")
    await until_shown(pilot, DeskScreen, "6 claims")
    desk = pilot.app.screen
    assert isinstance(desk, DeskScreen)
    return desk


async def desk(pilot: Pilot[Any], world: World) -> None:
    await at_desk(pilot)


async def desk_triage(pilot: Pilot[Any], world: World) -> None:
    await at_desk(pilot)
    await pilot.press("slash", *"claimant:energy", "enter")  # the one refuted, corrected since
    await until_shown(pilot, DeskScreen, "1 claim of 6")
    await pilot.press("enter")
    await until_shown(pilot, DeskScreen, "Verdict", "Ministry of Energy")


async def desk_group(pilot: Pilot[Any], world: World) -> None:
    await until_shown(pilot, LibraryScreen, "Pak-Russia")
    await pilot.press("ctrl+t")
    await until_shown(pilot, DeskScreen, "7 claims", "1 suggested")
    await pilot.press("slash", *"verdict:supported", "enter")
    await until_shown(pilot, DeskScreen, "1 claim of 7")
    await pilot.press("enter")
    await until_shown(pilot, DeskScreen, "Same claim in 2 briefs", "group verdict")


async def desk_suggested(pilot: Pilot[Any], world: World) -> None:
    await until_shown(pilot, LibraryScreen, "Pak-Russia")
    await pilot.press("ctrl+t")
    await until_shown(pilot, DeskScreen, "1 suggested")
    await pilot.press("t")
    await until_shown(pilot, DeskScreen, "Suggested", "Gas imports")


async def desk_stats(pilot: Pilot[Any], world: World) -> None:
    await at_desk(pilot)
    await pilot.press("g")
    await until_shown(pilot, DeskScreen, "By verdict")


async def desk_rationale(pilot: Pilot[Any], world: World) -> None:
    await at_desk(pilot)
    await pilot.press("t", "w")
    await until_shown(pilot, RationaleDialog, "Rationale")
    await pilot.press(*"Two sources disagree on the date.")


async def desk_sources(pilot: Pilot[Any], world: World) -> None:
    await at_desk(pilot)
    await pilot.press("S")
    await until_shown(pilot, DeskScreen, "Cited by")


async def desk_help(pilot: Pilot[Any], world: World) -> None:
    await at_desk(pilot)
    await pilot.press("f1")
    await until_shown(pilot, HelpScreen, "Triage")


#: state -> (library, how to reach it). Every screen under src/briefreader/tui/screens/.
STATES: dict[str, tuple[str, Steps]] = {
    "library": ("annotated", library),
    "library_empty": ("empty", library_empty),
    "library_search": ("annotated", library_search),
    "library_help": ("annotated", library_help),
    "confirm_delete_brief": ("annotated", confirm_delete_brief),
    "brief_details": ("annotated", brief_details),
    "tag_manager": ("annotated", tag_manager),
    "import": ("annotated", import_dialog),
    "import_path_completing": ("annotated", import_path_completing),
    "export": ("annotated", export_dialog),
    "annotation_import": ("annotated", annotation_import),
    "annotation_import_preview": ("annotated", annotation_import_preview),
    "reader": ("annotated", reader),
    "reader_find": ("annotated", reader_find),
    "reader_orphans": ("changed", reader_orphans),
    "reader_help": ("annotated", reader_help),
    "claim": ("annotated", claim),
    "note": ("annotated", note),
    "tags": ("annotated", tags),
    "source": ("annotated", source),
    "conflict": ("annotated", conflict),
    "deleted_elsewhere": ("annotated", deleted_elsewhere),
    "confirm_delete_orphan": ("changed", confirm_delete_orphan),
    "bind_key": ("annotated", bind_key),
    "desk": ("claims", desk),
    "desk_triage": ("claims", desk_triage),
    "desk_group": ("grouped", desk_group),
    "desk_suggested": ("grouped", desk_suggested),
    "desk_stats": ("claims", desk_stats),
    "desk_rationale": ("claims", desk_rationale),
    "desk_sources": ("claims", desk_sources),
    "desk_help": ("claims", desk_help),
}


async def still(pilot: Pilot[Any]) -> None:
    """Let everything started finish, and stop the text cursors blinking (a blinking cursor
    would make the picture depend on when it is taken)."""
    await settle(pilot)
    for screen in pilot.app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
    await settle(pilot)


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("state", list(STATES))
def test_screen(
    snap_compare: SnapCompare,
    world: Callable[[str, str], tuple[BriefReaderApp, World]],
    state: str,
    size: str,
    theme: str,
) -> None:
    data, steps = STATES[state]
    app, made = world(data, theme)

    async def run_before(pilot: Pilot[Any]) -> None:
        await steps(pilot, made)
        await still(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


def test_every_state_has_committed_snapshots() -> None:
    """A fresh clone compares against accepted pictures, it does not silently make them."""
    folder = ROOT / "tests" / "tui" / "__snapshots__" / "test_snapshots_screens"
    names = {path.name for path in folder.glob("*.svg")}
    for state in STATES:
        for size in SIZES:
            for theme in THEMES:
                assert f"test_screen[{state}-{size}-{theme}].svg" in names
