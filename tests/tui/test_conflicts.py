"""Two users editing the same annotation: two Stores on one real SQLite file, user B writing
behind the reader's back while user A works in the app. A save from the reader never silently
overwrites a change it never saw: the reader shows both versions and A chooses (keep theirs,
overwrite with mine, edit mine); an annotation deleted elsewhere can be restored or dropped.
Every edit key is tried on a stale annotation, and undo stays right after each choice."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from briefreader.resources import stylesheet_paths
from briefreader.store.api import Annotation, NewAnnotation, SourceInput, Store
from briefreader.store.errors import NotFound
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.dialogs import (
    ClaimDialog,
    ConflictDialog,
    DeletedElsewhereDialog,
    NoteDialog,
    SourceDialog,
    TagsDialog,
)
from briefreader.tui.screens.dialogs.conflict import saved_at
from briefreader.tui.screens.reader import ReaderScreen
from briefreader.tui.widgets.panel import AnnotationPanel
from tests.tui.helpers import Toasts, as_stored, screen_rows, store_with_example, sync, until_shown

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def stale_view(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader picks up changes made elsewhere within seconds (test_changes_elsewhere.py);
    these tests are about an edit made in those seconds, on the version still shown, so the
    reader does not look for changes here."""
    monkeypatch.setattr("briefreader.tui.screens.reader.screen.CHANGES_POLL_INTERVAL", 3600.0)


HISTORY = "Historically, Russia and Pakistan have never enjoyed prolonged periods of fruitful ties."
KINDLE = "a line from a Kindle clipping that is in no version of this brief"
ATTACH_HERE = "With the current financial and strategic dependencies"


class Users:
    """User A's store (the app's) and user B's, on the same SQLite file with the example."""

    def __init__(self, tmp_path: Path) -> None:
        self.a, self.url, self.brief_id = store_with_example(tmp_path)
        self.b = Store.open(self.url)
        self.text = self.a.get_brief(self.brief_id).text

    def span(self, phrase: str) -> tuple[int, int]:
        start = self.text.index(phrase)
        return start, start + len(phrase)

    def make(self, phrase: str, **fields: Any) -> Annotation:
        return self.a.create_annotation(self.brief_id, NewAnnotation(*self.span(phrase), **fields))

    def app(self) -> BriefReaderApp:
        """A's app, every notification it shows recorded (see :func:`notices`)."""
        app = BriefReaderApp(self.url, store=self.a, brief_id=self.brief_id)
        Toasts(app)
        return app

    def stored(self, annotation: Annotation) -> Annotation:
        return self.b.get_annotation(annotation.id)


async def settle(pilot: Pilot[None]) -> None:
    """Key presses, then the panel and header updates that follow the next frame."""
    await until_shown(pilot)


async def opened(app: BriefReaderApp, pilot: Pilot[None]) -> ReaderScreen:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def onto(pilot: Pilot[None], screen: ReaderScreen, annotation: Annotation) -> None:
    """Put the article's cursor inside ``annotation``, with no selection."""
    screen.article.focus()
    screen.article.clear_selection()
    screen.article.move_to(annotation.start + 1, extend=False)
    screen.panel.set_cursor(screen.article.cursor)
    await settle(pilot)


async def write_note(pilot: Pilot[None], note: str) -> None:
    dialog = pilot.app.screen
    assert isinstance(dialog, NoteDialog)
    dialog.query_one("#note", TextArea).text = note
    await pilot.press("ctrl+s")
    await settle(pilot)


async def fill(pilot: Pilot[None], field: str, value: str) -> None:
    """Type ``value`` into a dialog's single-line field and press Enter."""
    pilot.app.screen.query_one(field, Input).value = value
    await pilot.press("enter")
    await settle(pilot)


def conflict(app: App[Any]) -> ConflictDialog:
    dialog = app.screen
    assert isinstance(dialog, ConflictDialog), f"no conflict dialog: {dialog!r}"
    return dialog


def rows(dialog: ConflictDialog) -> dict[str, tuple[str, str]]:
    return {row.name: (row.theirs, row.yours) for row in dialog.rows}


def notices(app: App[Any]) -> str:
    """Every notification an app made by :meth:`Users.app` showed."""
    return Toasts.of(app).text()


def shown(screen: ReaderScreen, annotation_id: int) -> Annotation | None:
    """The reader's copy of an annotation (on the text or an orphan), as stored."""
    return as_stored(screen, screen.shown.get(annotation_id))


# ---------------------------------------------------------------------------------- the note


@sync
async def test_a_note_changed_elsewhere_is_shown_beside_mine_and_keep_theirs_saves_nothing(
    tmp_path: Path,
) -> None:
    users = Users(tmp_path)
    mine = users.make(HISTORY, kind="note", note="First reading")
    app = users.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        theirs = users.b.update_annotation(
            mine.id, note="Theirs: the 1974 steel mill", expected_revision=mine.revision
        )
        await onto(pilot, screen, mine)
        await pilot.press("n")
        await settle(pilot)
        await write_note(pilot, "Mine: what came of the mill?")

        dialog = conflict(app)
        assert rows(dialog)["Note"] == (
            "Theirs: the 1974 steel mill",
            "Mine: what came of the mill?",
        )
        drawn = "\n".join(screen_rows(app))
        assert f"Theirs (saved elsewhere at {saved_at(theirs.updated_at)})" in drawn
        assert "Yours (not saved)" in drawn
        assert "Theirs: the 1974 steel mill" in drawn
        assert "Mine: what came of the mill?" in drawn
        # Behind the dialog, the reader already shows what is stored now.
        assert shown(screen, mine.id) == theirs

        await pilot.press("k")
        await settle(pilot)
        assert not isinstance(app.screen, ConflictDialog)
        assert users.stored(mine) == theirs  # not a single write: same revision
        assert shown(screen, mine.id) == theirs
        assert "your change was not saved" in notices(app)
        # Nothing of A's was saved, so there is nothing to undo.
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo" in notices(app)
        assert users.stored(mine) == theirs


@sync
async def test_overwrite_with_mine_saves_my_note_on_their_version_and_undo_gives_theirs_back(
    tmp_path: Path,
) -> None:
    users = Users(tmp_path)
    mine = users.make(HISTORY, kind="note", note="First reading", tags=("history",))
    app = users.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        users.b.update_annotation(mine.id, note="Theirs", expected_revision=mine.revision)
        theirs = users.b.set_annotation_tags(mine.id, ["history", "from-b"])
        await onto(pilot, screen, mine)
        await pilot.press("n")
        await settle(pilot)
        await write_note(pilot, "Mine")

        dialog = conflict(app)
        assert rows(dialog) == {"Note": ("Theirs", "Mine")}
        # Their tags are not in question: my change leaves them as they are there.
        assert dialog.also == ["Tags"]
        assert "Also changed elsewhere, and kept whichever you choose: tags" in "\n".join(
            screen_rows(app)
        )

        await pilot.press("o")
        await settle(pilot)
        saved = users.stored(mine)
        assert saved.note == "Mine"
        assert saved.tags == ("from-b", "history")  # B's other change survives
        assert saved.revision == theirs.revision + 1
        assert shown(screen, mine.id) == saved

        # Undo goes back to their version (what was stored before mine), not to the one A
        # had opened; redo to mine again.
        await pilot.press("u")
        await settle(pilot)
        undone = users.stored(mine)
        assert (undone.note, undone.tags) == ("Theirs", ("from-b", "history"))
        assert shown(screen, mine.id) == undone
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert users.stored(mine).note == "Mine"
        assert shown(screen, mine.id) == users.stored(mine)


@sync
async def test_edit_mine_opens_the_editor_with_my_text_and_saves_on_their_version(
    tmp_path: Path,
) -> None:
    users = Users(tmp_path)
    mine = users.make(HISTORY, kind="note", note="First reading")
    app = users.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        theirs = users.b.update_annotation(mine.id, note="Theirs", expected_revision=1)
        await onto(pilot, screen, mine)
        await pilot.press("n")
        await settle(pilot)
        await write_note(pilot, "Mine")
        conflict(app)
        await pilot.press("e")
        await settle(pilot)

        editor = app.screen
        assert isinstance(editor, NoteDialog)
        assert editor.query_one("#note", TextArea).text == "Mine"
        await write_note(pilot, "Mine, and theirs: merged by hand")
        saved = users.stored(mine)
        assert saved.note == "Mine, and theirs: merged by hand"
        assert saved.revision == theirs.revision + 1
        assert shown(screen, mine.id) == saved

        await pilot.press("u")
        await settle(pilot)
        assert users.stored(mine).note == "Theirs"


@sync
async def test_a_change_elsewhere_that_changed_nothing_is_not_a_conflict(tmp_path: Path) -> None:
    users = Users(tmp_path)
    mine = users.make(HISTORY, kind="note", note="First reading", tags=("history",))
    app = users.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        # A tag added and removed again elsewhere: a new revision, the same annotation.
        users.b.toggle_annotation_tag(mine.id, "passing")
        users.b.toggle_annotation_tag(mine.id, "passing")
        await onto(pilot, screen, mine)
        await pilot.press("n")
        await settle(pilot)
        await write_note(pilot, "Mine")
        assert not isinstance(app.screen, ConflictDialog)
        assert users.stored(mine).note == "Mine"


# ---------------------------------------------------------------------------------- deleted


@pytest.mark.parametrize("choice", ["r", "d"])
@sync
async def test_a_note_deleted_elsewhere_can_be_restored_with_my_change_or_dropped(
    tmp_path: Path, choice: str
) -> None:
    users = Users(tmp_path)
    mine = users.make(HISTORY, kind="note", note="First reading", tags=("history",))
    app = users.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        users.b.delete_annotation(mine.id)
        await onto(pilot, screen, mine)
        await pilot.press("n")
        await settle(pilot)
        await write_note(pilot, "Mine, written after B deleted it")

        dialog = app.screen
        assert isinstance(dialog, DeletedElsewhereDialog)
        drawn = "\n".join(screen_rows(app))
        assert "was deleted elsewhere" in drawn
        assert "Mine, written after B deleted it" in drawn and "#history" in drawn

        await pilot.press(choice)
        await settle(pilot)
        assert not isinstance(app.screen, DeletedElsewhereDialog)
        if choice == "d":
            with pytest.raises(NotFound):
                users.stored(mine)
            assert shown(screen, mine.id) is None
            assert mine.id not in {s.key for s in screen.article.annotation_spans}
            assert mine.id not in {a.id for a in screen.panel.shown_annotations}
            return
        restored = users.stored(mine)
        assert (restored.id, restored.uuid) == (mine.id, mine.uuid)
        assert restored.note == "Mine, written after B deleted it"
        assert restored.tags == ("history",)
        assert shown(screen, mine.id) == restored
        assert mine.id in {s.key for s in screen.article.annotation_spans}
        # Undo puts it back where B left it: deleted.
        await pilot.press("u")
        await settle(pilot)
        with pytest.raises(NotFound):
            users.stored(mine)
        assert shown(screen, mine.id) is None


# ---------------------------------------------------------------------------------- tags


@sync
async def test_tags_changed_elsewhere_overwrite_adds_and_removes_only_what_i_changed(
    tmp_path: Path,
) -> None:
    users = Users(tmp_path)
    mine = users.make(HISTORY, tags=("energy", "history"))
    app = users.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        theirs = users.b.set_annotation_tags(mine.id, ["energy", "history", "from-b"])
        await onto(pilot, screen, mine)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagsDialog)
        await fill(pilot, "#tags", "history, mine")  # energy removed, mine added

        dialog = conflict(app)
        assert rows(dialog) == {
            "Tags": ("#energy  #from-b  #history", "#from-b  #history  #mine"),
        }
        await pilot.press("o")
        await settle(pilot)
        saved = users.stored(mine)
        assert saved.tags == ("from-b", "history", "mine")
        assert saved.revision == theirs.revision + 1
        assert shown(screen, mine.id) == saved
        # The panel's tag counts follow the store.
        assert list(screen.panel.tags) == users.a.tag_counts(users.brief_id)

        await pilot.press("u")
        await settle(pilot)
        assert users.stored(mine).tags == theirs.tags


@sync
async def test_quick_tag_on_a_stale_annotation_edit_mine_opens_the_tags_editor(
    tmp_path: Path,
) -> None:
    users = Users(tmp_path)
    users.a.update_tag("russia", quick_key=1)
    mine = users.make(HISTORY, tags=("history",))
    app = users.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        theirs = users.b.set_annotation_tags(mine.id, [])
        await onto(pilot, screen, mine)
        await pilot.press("1")
        await settle(pilot)
        assert rows(conflict(app)) == {"Tags": ("(none)", "#russia")}
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, TagsDialog)
        assert editor.current == ["russia"]
        await fill(pilot, "#tags", "russia, history")
        saved = users.stored(mine)
        assert saved.tags == ("history", "russia")
        assert saved.revision == theirs.revision + 1
        assert shown(screen, mine.id) == saved


# ---------------------------------------------------------------------------------- orphans


@sync
async def test_attaching_an_orphan_changed_elsewhere_overwrite_attaches_their_version(
    tmp_path: Path,
) -> None:
    users = Users(tmp_path)
    orphan = users.a.create_annotation(
        users.brief_id, NewAnnotation(5, 20, orphan=True, quote=KINDLE, note="Where is this?")
    )
    app = users.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        theirs = users.b.update_annotation(orphan.id, note="B: it is the 1974 sentence")
        start, end = users.span(HISTORY)
        screen.article.focus()
        screen.article.move_to(start + 3, extend=False)
        await settle(pilot)
        assert screen.panel.chosen_orphan is not None
        await pilot.press("A")
        await settle(pilot)

        dialog = conflict(app)
        found = rows(dialog)
        assert found["Place"] == ("an orphan (not on the text)", "on the text")
        assert found["Quote"] == (f"“{KINDLE}”", f"“{HISTORY}”")
        assert "Note" not in found and dialog.also == ["Note"]
        assert not any(b.id == "choice-edit" for b in dialog.query("Button"))

        await pilot.press("o")
        await settle(pilot)
        saved = users.stored(orphan)
        assert not saved.orphan and (saved.start, saved.end) == (start, end)
        assert saved.note == "B: it is the 1974 sentence"
        assert saved.revision == theirs.revision + 1
        assert orphan.id in {s.key for s in screen.article.annotation_spans}
        await pilot.press("u")
        await settle(pilot)
        back = users.stored(orphan)
        assert back.orphan and back.note == theirs.note
        assert shown(screen, orphan.id) == back


# ---------------------------------------------------------------------------------- every key


Step = Callable[[Pilot[None], ReaderScreen, Annotation], Awaitable[None]]


async def _press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def note_key(pilot: Pilot[None], screen: ReaderScreen, a: Annotation) -> None:
    await _press(pilot, "n")
    await write_note(pilot, "A's note")


async def claim_key(pilot: Pilot[None], screen: ReaderScreen, a: Annotation) -> None:
    await _press(pilot, "c")
    assert isinstance(pilot.app.screen, ClaimDialog)
    await fill(pilot, "#claimant", "A's claimant")


async def tags_key(pilot: Pilot[None], screen: ReaderScreen, a: Annotation) -> None:
    await _press(pilot, "t")
    await fill(pilot, "#tags", "from-a")


async def quick_tag_key(pilot: Pilot[None], screen: ReaderScreen, a: Annotation) -> None:
    await _press(pilot, "1")


async def source_key(pilot: Pilot[None], screen: ReaderScreen, a: Annotation) -> None:
    await _press(pilot, "l")
    assert isinstance(pilot.app.screen, SourceDialog)
    await fill(pilot, "#url", "https://example.org/from-a")


async def delete_key(pilot: Pilot[None], screen: ReaderScreen, a: Annotation) -> None:
    await _press(pilot, "x")


async def kind_key(pilot: Pilot[None], screen: ReaderScreen, a: Annotation) -> None:
    # What the panel's k posts.
    screen.panel.post_message(AnnotationPanel.EditRequested(a.id, "kind"))
    await settle(pilot)


async def delete_source_key(pilot: Pilot[None], screen: ReaderScreen, a: Annotation) -> None:
    # What the panel's D posts.
    screen.panel.post_message(AnnotationPanel.DeleteSourceRequested(a.sources[0].id))
    await settle(pilot)


async def accept_key(pilot: Pilot[None], screen: ReaderScreen, a: Annotation) -> None:
    await _press(pilot, "a")


async def undo_key(pilot: Pilot[None], screen: ReaderScreen, a: Annotation) -> None:
    await _press(pilot, "u")


async def attach_key(pilot: Pilot[None], screen: ReaderScreen, a: Annotation) -> None:
    # The orphan is the only one, so the chosen one; it goes on the cursor's sentence.
    assert screen.panel.chosen_orphan is not None
    assert screen.panel.chosen_orphan.id == a.id
    screen.article.focus()
    screen.article.move_to(screen.article.text.index(ATTACH_HERE) + 3, extend=False)
    await settle(pilot)
    await _press(pilot, "A")


@pytest.mark.parametrize("choice", ["k", "o"])
@sync
async def test_no_edit_key_silently_overwrites_a_change_made_elsewhere(
    tmp_path: Path, choice: str
) -> None:
    """For each edit key: user B changes the note of the annotation it acts on, then user A
    presses the key on its stale copy. A dialog asks every time; with keep theirs, B's version
    is exactly what is stored; with overwrite, A's change is saved and B's note survives
    wherever A's change did not touch the note."""
    users = Users(tmp_path)
    users.a.update_tag("russia", quick_key=1)
    sentences = [
        HISTORY,
        "Even after Pakistan’s inception",
        "Relations saw only one major milestone",
        "It was during Zia’s regime",
        "Keeping in context Pakistan’s current political situation",
        "Currently, the US and its allies",
        "Along with that, the US is also losing",
        "That is why increased cooperation",
        "This in turn will provide",
        "Unsurprisingly, officials in Kabul",
    ]
    targets = {
        "n": users.make(sentences[0], kind="note", note="first"),
        "c": users.make(sentences[1], kind="claim", note="first"),
        "t": users.make(sentences[2], note="first", tags=("energy",)),
        "1": users.make(sentences[3], note="first"),
        "l": users.make(sentences[4], note="first"),
        "x": users.make(sentences[5], note="first"),
        "k": users.make(sentences[6], note="first"),
        "D": users.make(sentences[7], note="first", sources=(SourceInput("https://a.org/x"),)),
        "u": users.make(sentences[9], note="first"),
    }
    # A "text changed" annotation (a's key): an orphan put on text that differs from its quote.
    changed = users.a.create_annotation(
        users.brief_id, NewAnnotation(0, 5, orphan=True, quote="older words", note="first")
    )
    targets["a"] = users.a.reattach_annotation(changed.id, *users.span(sentences[8]))
    assert targets["a"].previous_quote == "older words"
    targets["A"] = users.a.create_annotation(
        users.brief_id, NewAnnotation(0, 5, orphan=True, quote=KINDLE, note="first")
    )
    # u first: the change it undoes must be the last one A made.
    steps: dict[str, Step] = {
        "u": undo_key,
        "n": note_key,
        "c": claim_key,
        "t": tags_key,
        "1": quick_tag_key,
        "l": source_key,
        "x": delete_key,
        "k": kind_key,
        "D": delete_source_key,
        "a": accept_key,
        "A": attach_key,
    }
    app = users.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        # Something for u to undo: A's own edit, made before B's.
        undo_target = targets["u"]
        await onto(pilot, screen, undo_target)
        await note_key(pilot, screen, undo_target)
        targets["u"] = users.stored(undo_target)
        assert targets["u"].note == "A's note"

        for key, step in steps.items():
            a = targets[key]
            theirs = users.b.update_annotation(a.id, note=f"B's note ({key})")
            if not a.orphan:
                await onto(pilot, screen, a)
            await step(pilot, screen, a)
            assert isinstance(app.screen, ConflictDialog), (key, notices(app))
            dialog = conflict(app)
            assert rows(dialog).get("Note", (None,))[0] == f"B's note ({key})" or (
                "Note" in dialog.also
            ), key
            await _press(pilot, choice)
            assert not isinstance(app.screen, ConflictDialog), key

            if choice == "k":
                assert users.stored(a) == theirs, key
                assert shown(screen, a.id) == theirs, key
                continue
            if key == "x":
                with pytest.raises(NotFound):
                    users.stored(a)
                continue
            saved = users.stored(a)
            assert saved.revision > theirs.revision, key
            assert shown(screen, a.id) == saved, key
            if key == "n":
                assert saved.note == "A's note"
            elif key == "u":
                assert saved.note == "first"  # undone to before A's edit: B's note is gone
            else:
                assert saved.note == f"B's note ({key})", key
            mine = {
                "c": lambda s: s.kind == "claim" and s.claimant == "A's claimant",
                "t": lambda s: s.tags == ("from-a",),
                "1": lambda s: s.tags == ("russia",),
                "l": lambda s: [x.url for x in s.sources] == ["https://example.org/from-a"],
                "k": lambda s: s.kind == "claim",
                "D": lambda s: s.sources == (),
                "a": lambda s: s.previous_quote is None,
                "A": lambda s: not s.orphan and s.quote.startswith(ATTACH_HERE),
            }.get(key)
            assert mine is None or mine(saved), key


@sync
async def test_undo_of_a_change_deleted_elsewhere_can_restore_or_drop(tmp_path: Path) -> None:
    users = Users(tmp_path)
    mine = users.make(HISTORY, kind="note", note="first")
    app = users.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        await onto(pilot, screen, mine)
        await note_key(pilot, screen, mine)
        users.b.delete_annotation(mine.id)
        await _press(pilot, "u")
        assert isinstance(app.screen, DeletedElsewhereDialog)
        await _press(pilot, "d")
        with pytest.raises(NotFound):
            users.stored(mine)
        assert shown(screen, mine.id) is None
        # The step was dropped: nothing else to undo, and no crash.
        await _press(pilot, "u")
        assert "Nothing to undo" in notices(app)


# ---------------------------------------------------------------------------------- the dialog


class DialogApp(App[None]):
    def __init__(self, dialog: Any) -> None:
        super().__init__(css_path=stylesheet_paths())
        self.dialog = dialog
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
@sync
async def test_the_dialog_fits_and_shows_data_as_plain_text(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    users = Users(tmp_path)
    base = users.make(HISTORY, kind="claim", claimant="Analyst", note="first", tags=("history",))
    theirs = users.b.update_annotation(
        base.id, note="[@click=app.quit]x[/]\x1b[2J\n[b]bold?[/b]", claimant="B"
    )
    yours = dataclasses.replace(theirs, note="Mine [link=http://x]y[/link]")
    app = DialogApp(ConflictDialog(base, theirs, yours, what="claim"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        drawn = screen_rows(app)
        text = "\n".join(drawn)
        assert "[@click=app.quit]x[/]␛[2J" in text and "[b]bold?[/b]" in text
        assert "Mine [link=http://x]y[/link]" in text
        assert "\x1b" not in text
        assert "Theirs (saved elsewhere at" in text and "Yours (not saved)" in text
        assert "k/Enter/Esc keep theirs" in text
        for label in ("Keep theirs", "Overwrite with mine", "Edit mine"):
            assert label in text
        assert "Also changed elsewhere" in text and "claimant" in text
        await pilot.press("o")
        await settle(pilot)
    assert app.results == ["mine"]


@sync
async def test_esc_and_enter_keep_theirs_and_edit_is_offered_only_where_it_can_be(
    tmp_path: Path,
) -> None:
    users = Users(tmp_path)
    base = users.make(HISTORY, note="first")
    theirs = users.b.update_annotation(base.id, note="theirs")
    yours = dataclasses.replace(theirs, note="mine")
    results = []
    for key, can_edit in (("escape", True), ("enter", True), ("e", True), ("e", False)):
        app = DialogApp(ConflictDialog(base, theirs, yours, can_edit=can_edit))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            offered = any(b.id == "choice-edit" for b in app.dialog.query("Button"))
            assert offered == can_edit
            await pilot.press(key)
            await settle(pilot)
        results.append(app.results)
    assert results == [["theirs"], ["theirs"], ["edit"], []]
