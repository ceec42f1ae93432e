"""Edits in the reader change only what they touch (one span, one list row, the tag counts
from the change itself): after each, the reader must show what reopening the brief would."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from briefreader.store.api import Annotation, NewAnnotation, Store, UuidTable
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import store_with_example, sync, until_shown

SIZE = (120, 36)


async def settle(pilot: Pilot[None]) -> None:
    """Key presses, then the panel and header updates that follow the next frame."""
    await until_shown(pilot)


def order(annotation: Annotation) -> tuple[int, int, int]:
    return (annotation.start, annotation.end, annotation.id)


def assert_shows_the_store(screen: ReaderScreen, store: Store, brief_id: int, step: str) -> None:
    # The reader holds the annotations on the text without their uuid and context (the store
    # gives those back when it restores one): as it reads them.
    stored = sorted(
        store.annotations_for_brief(brief_id, with_context=False, uuids=UuidTable()), key=order
    )
    assert screen.annotations == stored, step
    whole = [screen.core.shown.whole(a).uuid for a in screen.annotations]
    assert whole == [a.uuid for a in sorted(store.annotations_for_brief(brief_id), key=order)]
    painted = [(s.start, s.end, s.kind, s.key) for s in screen.article.annotation_spans]
    assert painted == [(a.start, a.end, a.kind, a.id) for a in stored], step
    assert list(screen.panel.shown_annotations) == stored, step
    assert list(screen.panel.tags) == store.tag_counts(brief_id), step
    claims = sum(a.kind == "claim" for a in stored)
    assert screen.claim_count == claims, step
    count = f"{len(stored)} annotation{'s' if len(stored) != 1 else ''}"
    assert count in (screen.sub_title or ""), step


@sync
async def test_every_edit_leaves_the_reader_as_reopening_would(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    text = store.get_brief(brief_id).text
    store.update_tag("russia", quick_key=1)
    sco = text.index("SCO")
    store.create_annotation(brief_id, NewAnnotation(sco, sco + 3, tags=("energy",)))
    store.create_annotation(
        brief_id, NewAnnotation(0, 40, kind="claim", claimant="The author", tags=("russia",))
    )
    app = BriefReaderApp(url, store=store, brief_id=brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert_shows_the_store(screen, store, brief_id, "opened")

        historically = text.index("Historically")
        steps: list[tuple[str, int | None, tuple[str, ...]]] = [
            ("highlight a sentence", historically, ("s", "h")),
            ("quick tag it (#russia)", None, ("1",)),
            # An edit keeps the id: the panel's k does this (the reader has no key for it).
            ("make it a claim, then a note", None, ("cycle kind", "cycle kind")),
            ("delete it", None, ("x",)),
            ("undo the delete", None, ("u",)),
            ("redo the delete", None, ("ctrl+r",)),
            # The only #energy annotation: the tag leaves the list, and comes back.
            ("delete the #energy one", sco + 1, ("x",)),
            ("undo that", None, ("u",)),
            ("a second highlight inside the claim", 5, ("v", "w", "w", "h")),
            ("and another sentence", text.index("Even after"), ("s", "h")),
        ]
        for label, offset, keys in steps:
            if offset is not None:
                screen.article.focus()
                screen.article.move_to(offset, extend=False)
                await pilot.pause()
            for key in keys:
                if key == "cycle kind":
                    screen.action_cycle_kind()
                else:
                    await pilot.press(key)
            await settle(pilot)
            assert_shows_the_store(screen, store, brief_id, label)
        kinds = sorted(a.kind for a in store.annotations_for_brief(brief_id))
        assert kinds == ["claim", "highlight", "highlight", "highlight"]
    store.close()
