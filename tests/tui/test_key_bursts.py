"""Keys that arrive faster than the app handles them (a paste, tmux send-keys, a laggy SSH
link) land where the user meant them: in the field that has the focus when each key is
processed, after every earlier key has done its work. Driven through the real app on a real
SQLite file, the keys queued all at once."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.dialogs import Dialog
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import burst, settle, store_with_example, sync, wait_until

SIZE = (120, 40)


async def open_reader(pilot: Pilot[None]) -> ReaderScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def no_dialog(app: BriefReaderApp) -> bool:
    return not isinstance(app.screen, Dialog)


@sync
async def test_a_burst_through_the_source_dialog_fills_each_field(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        burst(
            app,
            ["s", "l"],
            "https://b.org/y",
            ["tab"],
            "r",
            ["tab"],
            "Burst title",
            ["tab"],
            "burst note",
            ["enter"],
        )
        await wait_until(pilot, lambda: bool(store.annotations_for_brief(brief_id)))
        await wait_until(pilot, lambda: no_dialog(app))
        await settle(pilot)
    [annotation] = store.annotations_for_brief(brief_id)
    [source] = annotation.sources
    assert (source.url, source.relation, source.title, source.note) == (
        "https://b.org/y",
        "refutes",
        "Burst title",
        "burst note",
    )
    store.close()


async def burst_and_wait(pilot: Pilot[None], *parts: str | list[str]) -> None:
    """Send ``parts`` as one burst and wait until every key has been handled."""
    app = pilot.app
    assert isinstance(app, BriefReaderApp)
    count = sum(len(part) for part in parts)
    done = app.keys.settled + count
    burst(app, *parts)
    await wait_until(pilot, lambda: app.keys.settled >= done)
    await settle(pilot)


@sync
async def test_a_burst_through_the_claim_dialog(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        await burst_and_wait(
            pilot, ["s", "c"], "Foreign office spokesman", ["tab"], "o", ["tab"], "d", ["enter"]
        )
        assert no_dialog(app)
    [claim] = store.annotations_for_brief(brief_id)
    assert (claim.kind, claim.claimant, claim.claim_type, claim.claim_status) == (
        "claim",
        "Foreign office spokesman",
        "opinion",
        "disputed",
    )
    store.close()


@sync
async def test_a_burst_through_the_tags_dialog_then_on_to_the_next_sentence(
    tmp_path: Path,
) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        # Tags on the first sentence, then at once: next sentence, highlight it.
        await burst_and_wait(pilot, ["s", "t"], "russia, energy", ["enter"], [")", ")", "s", "h"])
        assert no_dialog(app)
    first, second = sorted(store.annotations_for_brief(brief_id), key=lambda a: a.start)
    assert first.tags == ("energy", "russia") and first.start == 0
    assert second.kind == "highlight" and second.start > first.end and second.tags == ()
    store.close()


@sync
async def test_a_burst_into_the_note_dialog_and_a_multiline_paste(tmp_path: Path) -> None:
    from textual import events

    store, url, brief_id = store_with_example(tmp_path)
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    pasted = "First line of the note.\nSecond line, pasted.\n\n- a list item"
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        done = app.keys.settled + 2 + len("Typed: ")
        burst(app, ["s", "n"], "Typed: ", events.Paste(pasted), ["ctrl+s"])
        await wait_until(pilot, lambda: app.keys.settled >= done + 2)
        await settle(pilot)
        assert no_dialog(app)
    [note] = store.annotations_for_brief(brief_id)
    assert note.note == "Typed: " + pasted
    store.close()


@sync
async def test_a_burst_through_the_quick_key_dialog(tmp_path: Path) -> None:
    from briefreader.store.api import NewAnnotation

    store, url, brief_id = store_with_example(tmp_path)
    store.create_annotation(brief_id, NewAnnotation(0, 10, tags=("russia",)))
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reader(pilot)
        tags = screen.panel.query_one("#panel-tags")
        tags.focus()
        await pilot.pause()
        # The highlighted tag is filled in and the focus waits for the digit.
        await burst_and_wait(pilot, ["b"], "3")
        assert no_dialog(app)
        # Back to the name, another one, Enter, its digit: all in one burst.
        await burst_and_wait(pilot, ["b", "shift+tab", "ctrl+u"], "energy", ["enter"], "4")
        assert no_dialog(app)
    keys = {t.name: t.quick_key for t in store.list_tags()}
    assert keys == {"russia": 3, "energy": 4}
    store.close()


@sync
async def test_bursts_through_the_library_import_and_export_dialogs(tmp_path: Path) -> None:
    store, url, _ = store_with_example(tmp_path)
    new = tmp_path / "arctic.txt"
    new.write_text("Arctic routes\n\nIce is melting and shipping lanes open. " * 3)
    out = tmp_path / "out" / "burst.csv"
    out.parent.mkdir()
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst_and_wait(pilot, ["ctrl+o", "ctrl+u"], str(new), ["enter"])
        await wait_until(pilot, lambda: len(store.list_briefs()) == 2)
        await settle(pilot)
        assert no_dialog(app)
        await burst_and_wait(pilot, ["ctrl+e", "tab", "tab", "ctrl+u"], str(out), ["enter"])
        await wait_until(pilot, out.exists)
        assert no_dialog(app)
    assert out.read_text(encoding="utf-8").startswith("annotation_id,")
    store.close()
