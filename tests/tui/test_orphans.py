"""The reader after a brief's text was replaced: annotations that could not be placed
(orphans) are announced, listed apart from the text, re-attached to a span by keys, or deleted;
annotations whose quote changed are marked, show their old and new quote, and the change can be
accepted. Every change is undoable. Real SQLite store, real re-anchoring."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from briefreader.ingest import ingest_bytes
from briefreader.library import new_brief
from briefreader.store.api import Annotation, NewAnnotation
from briefreader.store.errors import NotFound
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.dialogs import ConfirmDialog, NoteDialog
from briefreader.tui.screens.reader import ReaderScreen
from briefreader.tui.widgets.panel import AnnotationPanel
from tests.tui.helpers import Toasts, as_stored, store_with_example, sync, until_shown

SIZE = (120, 36)

HISTORY = "Historically, Russia and Pakistan have never enjoyed prolonged periods of fruitful ties."
OFFICIALS = (
    "Officials on both sides have given indications of the signing of multiple MOUs "
    "(Memorandums of Understanding) for development and investment in the steel and energy "
    "sectors."
)
ZARDARI_OLD = "the Russian delegation, expressed his desire"
ZARDARI_NEW = "the visiting Russian delegation, expressed his strong desire"
KINDLE = "a line from a Kindle clipping that is in no version of this brief"


class Scene:
    """A brief whose text was replaced: one claim placed exactly, one note whose quote
    changed, one highlight whose sentence was deleted (an orphan), and one imported
    highlight that never matched (an orphan)."""

    def __init__(self, tmp_path: Path) -> None:
        self.store, self.url, self.brief_id = store_with_example(tmp_path)
        store, brief_id = self.store, self.brief_id
        text = store.get_brief(brief_id).text

        def span(quote: str) -> tuple[int, int]:
            start = text.index(quote)
            return start, start + len(quote)

        start = text.index("President Zardari")
        zardari = text[start : text.index("sectors.", start) + len("sectors.")]
        self.claim = store.create_annotation(
            brief_id, NewAnnotation(*span(HISTORY), kind="claim", tags=("history",))
        )
        self.changed = store.create_annotation(
            brief_id, NewAnnotation(*span(zardari), kind="note", note="Zardari's words")
        )
        self.deleted = store.create_annotation(
            brief_id,
            NewAnnotation(*span(OFFICIALS), note="Which MOUs were signed?", tags=("mou",)),
        )
        self.kindle = store.create_annotation(
            brief_id, NewAnnotation(5, 20, orphan=True, quote=KINDLE, tags=("kindle",))
        )
        edited = text.replace(OFFICIALS + " ", "").replace(ZARDARI_OLD, ZARDARI_NEW)
        report = store.replace_brief_text(
            brief_id, new_brief(ingest_bytes(edited.encode(), "pakistan-russia-ties.txt"))
        )
        assert (report.orphaned, report.changed) == (2, 1)  # the Kindle one stays an orphan
        self.text = store.get_brief(brief_id).text

    def app(self) -> BriefReaderApp:
        app = BriefReaderApp(self.url, store=self.store, brief_id=self.brief_id)
        Toasts(app)  # what it shows, for notices(app)
        return app

    def get(self, annotation: Annotation) -> Annotation:
        return self.store.get_annotation(annotation.id)


async def opened(app: BriefReaderApp, pilot: Pilot[None]) -> ReaderScreen:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def settle(pilot: Pilot[None]) -> None:
    """Key presses, then the panel and header updates that follow the next frame."""
    await until_shown(pilot)


def notices(app: BriefReaderApp) -> str:
    """Every notification shown by ``app`` (made by Scene.app, or given Toasts(app) at once)."""
    return Toasts.of(app).text()


def detail(panel: AnnotationPanel) -> str:
    return "\n".join(
        str(panel.query_one(f"#detail-{name}", Static).content)
        for name in ("head", "quote", "body")
    )


def drawn(panel: AnnotationPanel, part: str) -> list[str]:
    """A list of the panel as drawn on screen, one string per terminal row."""
    rows = panel.query_one(part, OptionList)
    return [rows.render_line(y).text.rstrip() for y in range(rows.size.height)]


def orphan_rows(panel: AnnotationPanel) -> list[str]:
    return drawn(panel, "#panel-orphans")


def list_rows(panel: AnnotationPanel) -> list[str]:
    return drawn(panel, "#panel-list")


def painted(screen: ReaderScreen) -> set[int]:
    return {span.key for span in screen.article.annotation_spans}


def assert_consistent(screen: ReaderScreen, scene: Scene) -> None:
    """What the reader shows is what reopening the brief would show."""
    store, brief_id = scene.store, scene.brief_id
    anchored = store.annotations_for_brief(brief_id)
    orphans = store.annotations_for_brief(brief_id, which="orphans")
    assert [as_stored(screen, a) for a in screen.annotations] == anchored
    assert painted(screen) == {a.id for a in anchored}
    assert [as_stored(screen, a) for a in screen.panel.shown_annotations] == anchored
    assert [a.id for a in screen.panel.orphans] == [a.id for a in orphans]
    assert list(screen.panel.orphans) == orphans
    assert list(screen.panel.tags) == store.tag_counts(brief_id)
    if orphans:
        assert f"{len(orphans)} orphan" in (screen.sub_title or "")
    else:
        assert "orphan" not in (screen.sub_title or "")


async def choose(pilot: Pilot[None], screen: ReaderScreen, orphan: Annotation) -> None:
    """Focus the orphans list (O) and move down to ``orphan``."""
    await pilot.press("O")
    await settle(pilot)
    for _ in range(len(screen.panel.orphans)):
        chosen = screen.panel.chosen_orphan
        assert chosen is not None
        if chosen.id == orphan.id:
            return
        await pilot.press("down")
        await settle(pilot)
    raise AssertionError(f"orphan {orphan.id} not in the list")


@sync
async def test_opening_says_what_happened_and_lists_orphans_apart_from_the_text(
    tmp_path: Path,
) -> None:
    scene = Scene(tmp_path)
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        assert_consistent(screen, scene)
        orphan_ids = {scene.deleted.id, scene.kindle.id}
        assert {a.id for a in screen.panel.orphans} == orphan_ids
        assert not orphan_ids & painted(screen)
        assert not orphan_ids & {a.id for a in screen.annotations}

        told = notices(app)
        assert "2 annotations could not be placed" in told
        assert "1 quote changed" in told

        box = screen.panel.query_one("#panel-orphans-box")
        assert box.display and box.region.height > 2
        assert "Orphans 2" in str(box.border_title)
        rows = "\n".join(orphan_rows(screen.panel))
        assert "Officials on both sides" in rows and "Which MOUs were signed?" in rows
        assert "#mou" in rows and "#kindle" in rows and KINDLE[:20] in rows

        # Moving through the whole text never finds an orphan under the cursor.
        for offset in range(0, len(scene.text), 7):
            screen.article.move_to(offset, extend=False)
            under = screen.under_cursor()
            assert under is None or under.id not in orphan_ids


@sync
async def test_attach_an_orphan_to_a_selected_sentence_then_undo_and_redo(
    tmp_path: Path,
) -> None:
    scene = Scene(tmp_path)
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        orphan = scene.get(scene.deleted)
        await choose(pilot, screen, orphan)
        assert screen.focused is screen.panel.query_one("#panel-orphans")
        shown = detail(screen.panel)
        assert "Orphan" in shown and "Officials on both sides" in shown
        assert "Which MOUs were signed?" in shown

        # Enter shows where it was, in the article, and gives the article the keys.
        await pilot.press("enter")
        await settle(pilot)
        assert screen.focused is screen.article
        assert screen.article.cursor == orphan.start
        assert screen.panel.chosen_orphan == orphan

        # The user picks the sentence where it belongs and attaches it there.
        target = scene.text.index("Even after Pakistan")
        screen.article.move_to(target + 3, extend=False)
        await pilot.press("s")
        await settle(pilot)
        selection = screen.article.selection
        assert selection is not None and selection[0] == target
        await pilot.press("A")
        await settle(pilot)

        attached = scene.get(orphan)
        assert not attached.orphan
        assert (attached.start, attached.end) == selection
        assert attached.quote == scene.text[selection[0] : selection[1]]
        assert attached.previous_quote == orphan.quote  # a different text: flagged
        assert attached.note == orphan.note and attached.tags == orphan.tags
        assert attached.id in painted(screen)
        assert attached.id not in {a.id for a in screen.panel.orphans}
        assert "Orphans 1" in str(screen.panel.query_one("#panel-orphans-box").border_title)
        # The cursor is on it: the detail shows what it was made on and what it is on now.
        shown = detail(screen.panel)
        assert "Was" in shown and "Officials on both sides" in shown
        assert "Even after Pakistan" in shown
        assert_consistent(screen, scene)

        await pilot.press("u")
        await settle(pilot)
        again = scene.get(orphan)
        assert again.orphan and again.quote == orphan.quote and again.previous_quote is None
        assert (again.start, again.end) == (orphan.start, orphan.end)
        assert orphan.id not in painted(screen)
        chosen = screen.panel.chosen_orphan
        assert chosen is not None and chosen.id == orphan.id
        assert_consistent(screen, scene)

        await pilot.press("ctrl+r")
        await settle(pilot)
        redone = scene.get(orphan)
        assert not redone.orphan and (redone.start, redone.end) == selection
        assert_consistent(screen, scene)


@sync
async def test_attach_to_the_cursor_sentence_and_the_last_orphan_hides_the_list(
    tmp_path: Path,
) -> None:
    scene = Scene(tmp_path)
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        for orphan, sentence in (
            (scene.kindle, "Historically"),
            (scene.deleted, "Relations saw only"),
        ):
            await choose(pilot, screen, orphan)
            # Back to the article without Enter (tab leaves the panel after its last part).
            screen.article.focus()
            start = scene.text.index(sentence)
            screen.article.move_to(start + 2, extend=False)
            await settle(pilot)
            assert screen.article.selection is None
            await pilot.press("A")
            await settle(pilot)
            placed = scene.get(orphan)
            assert not placed.orphan and placed.start == start
            assert placed.quote.startswith(sentence) and placed.quote.endswith(".")
            assert_consistent(screen, scene)

        box = screen.panel.query_one("#panel-orphans-box")
        assert not box.display
        assert screen.check_action("attach_orphan", ()) is False
        assert "orphan" not in (screen.sub_title or "")
        before = scene.store.annotations_for_brief(scene.brief_id, which="all")
        await pilot.press("A")
        await settle(pilot)
        assert scene.store.annotations_for_brief(scene.brief_id, which="all") == before


@sync
async def test_delete_an_orphan_asks_first_and_undo_brings_it_back(tmp_path: Path) -> None:
    scene = Scene(tmp_path)
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        orphan = scene.get(scene.deleted)
        await choose(pilot, screen, orphan)

        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "Officials on both sides" in dialog.message and "its note" in dialog.message
        await pilot.press("escape")
        await settle(pilot)
        assert scene.get(orphan) == orphan  # kept

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        with pytest.raises(NotFound):
            scene.get(orphan)
        assert orphan.id not in {a.id for a in screen.panel.orphans}
        assert_consistent(screen, scene)

        await pilot.press("u")
        await settle(pilot)
        back = scene.get(orphan)
        assert back.orphan and back.note == orphan.note and back.tags == orphan.tags
        assert back.quote == orphan.quote
        assert_consistent(screen, scene)


@sync
async def test_a_changed_quote_is_marked_shown_old_and_new_and_can_be_accepted(
    tmp_path: Path,
) -> None:
    scene = Scene(tmp_path)
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        changed = scene.get(scene.changed)
        assert changed.previous_quote is not None and ZARDARI_OLD in changed.previous_quote
        assert ZARDARI_NEW in changed.quote

        lines = list_rows(screen.panel)
        marked = [n for n, line in enumerate(lines) if "≠" in line]
        assert len(marked) == 1 and "President Zardari" in lines[marked[0]]
        assert "text changed" in lines[marked[0] + 1]

        screen.article.move_to(changed.start + 5, extend=False)
        await settle(pilot)
        shown = detail(screen.panel)
        assert "text changed" in shown
        assert f"Now {changed.quote}" in shown
        assert f"Was {changed.previous_quote}" in shown

        # The panel's filter finds every changed one.
        screen.panel.set_filter("changed")
        await settle(pilot)
        assert [a.id for a in screen.panel.shown_annotations] == [changed.id]
        screen.panel.set_filter("")
        await settle(pilot)

        await pilot.press("a")  # in the article, on it
        await settle(pilot)
        accepted = scene.get(changed)
        assert accepted.previous_quote is None and accepted.quote == changed.quote
        assert not [row for row in list_rows(screen.panel) if "≠" in row]
        assert "Was" not in detail(screen.panel)
        assert_consistent(screen, scene)

        await pilot.press("u")
        await settle(pilot)
        assert scene.get(changed).previous_quote == changed.previous_quote
        assert_consistent(screen, scene)

        # From the panel's list too.
        screen.article.move_to(0, extend=False)
        await pilot.press("tab")
        await settle(pilot)
        while (current := screen.panel.current_annotation) is None or current.id != changed.id:
            await pilot.press("down")
            await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert scene.get(changed).previous_quote is None
        assert_consistent(screen, scene)


@sync
async def test_an_orphans_note_and_tags_are_edited_from_the_orphans_list(
    tmp_path: Path,
) -> None:
    scene = Scene(tmp_path)
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        orphan = scene.get(scene.kindle)
        await choose(pilot, screen, orphan)
        # The article's selection is kept: it may be where the orphan is to go.
        screen.article.select(0, 10)

        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"from Kindle")
        await pilot.press("ctrl+s")
        await settle(pilot)
        edited = scene.get(orphan)
        assert edited.orphan and edited.note == "from Kindle"
        assert edited.start == orphan.start and edited.quote == orphan.quote
        assert "from Kindle" in "\n".join(orphan_rows(screen.panel))
        assert screen.article.selection == (0, 10)
        assert_consistent(screen, scene)

        await pilot.press("1")  # no quick tag on 1: explains, changes nothing
        await settle(pilot)
        assert scene.get(orphan) == edited


@sync
async def test_without_orphans_the_section_takes_no_room_at_80x24(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    store.create_annotation(brief_id, NewAnnotation(0, 20, tags=("a",)))
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    Toasts(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        panel = screen.panel
        assert not panel.query_one("#panel-orphans-box").display
        assert panel.query_one("#panel-list-box").region.y == panel.region.y
        assert "changed" not in notices(app) and "placed" not in notices(app)
        assert screen.check_action("orphans", ()) is False
        assert screen.check_action("attach_orphan", ()) is False


@sync
async def test_with_orphans_every_part_of_the_panel_fits_at_80x24(tmp_path: Path) -> None:
    scene = Scene(tmp_path)
    for tag in ("one", "two", "three", "four", "five"):
        scene.store.create_annotation(
            scene.brief_id, NewAnnotation(0, 10, orphan=True, quote=f"gone {tag}", tags=(tag,))
        )
    app = scene.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        panel = screen.panel
        boxes: list[Any] = [
            panel.query_one(f"#panel-{name}-box") for name in ("orphans", "list", "detail", "tags")
        ]
        bottom = panel.region.bottom
        assert all(box.display and box.region.height >= 3 for box in boxes)
        assert all(box.region.bottom <= bottom for box in boxes), [b.region for b in boxes]
        assert "Orphans 7" in str(boxes[0].border_title)
        await pilot.press("O")
        await settle(pilot)
        assert "Orphan" in detail(panel)


@sync
async def test_quick_tags_and_kind_apply_to_the_chosen_orphan_while_its_list_has_focus(
    tmp_path: Path,
) -> None:
    scene = Scene(tmp_path)
    scene.store.update_tag("checked", quick_key=1)
    app = scene.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        claim = scene.get(scene.claim)
        screen.article.move_to(claim.start + 2, extend=False)  # on an annotation in the text
        orphan = scene.get(scene.deleted)
        await choose(pilot, screen, orphan)
        await pilot.press("1")
        await settle(pilot)
        assert scene.get(orphan).tags == ("checked", "mou")
        assert scene.get(claim).tags == claim.tags  # the one under the cursor is untouched
        await pilot.press("k")  # the panel's "change kind"
        await settle(pilot)
        assert scene.get(orphan).kind == "claim" and scene.get(orphan).orphan
        assert_consistent(screen, scene)


@sync
async def test_an_orphans_quote_and_note_are_shown_as_text_not_markup(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    store.create_annotation(
        brief_id,
        NewAnnotation(0, 5, orphan=True, quote="[b]not bold[/b] \x1b[31m", note="[i]x[/i]"),
    )
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        rows = "\n".join(orphan_rows(screen.panel))
        assert "[b]not bold[/b]" in rows and "[i]x[/i]" in rows
        assert "\x1b" not in rows
        await pilot.press("O")
        await settle(pilot)
        assert "[b]not bold[/b]" in detail(screen.panel)


def test_a_changed_quote_strikes_the_words_that_went_and_marks_those_that_came() -> None:
    from briefreader.tui.widgets.panel.orphan_rows import quote_changes

    was, now = quote_changes("he expressed his desire today", "he expressed his strong wish today")

    def styled(content: Any) -> list[str]:
        return [content.plain[span.start : span.end] for span in content.spans]

    assert was.plain == "he expressed his desire today"
    assert now.plain == "he expressed his strong wish today"
    assert styled(was) == ["desire"]
    assert styled(now) == ["strong", "wish"]
    assert all("strike" in str(span.style) for span in was.spans)
