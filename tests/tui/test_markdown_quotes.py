"""Quoting a Markdown brief in the real app on a real SQLite file: a sentence taken with `s`
from a list item, a heading or a sentence in bold is stored without the list marker, the
heading's hashes or the emphasis markers at its edges, so the quote (and its CSV cell) is the
words; offsets stay offsets into the stored text."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from briefreader.config import load_config
from briefreader.ingest.model import content_hash
from briefreader.store.api import NewBrief, Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import settle, sync, wait_until

TEXT = (
    "# Gas from the north\n\n"
    "- Imports rose by 40% in 2023.\n"
    "- Prices fell.\n\n"
    "**Officials denied it.** Nobody else did.\n"
)


def more_than(store: Store, brief_id: int, count: int) -> bool:
    return len(store.annotations_for_brief(brief_id)) > count


@sync
async def test_a_sentence_selection_leaves_the_markup_out_of_the_quote(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'md.sqlite3'}"
    store = Store.open(url)
    brief_id = store.import_brief(
        NewBrief(TEXT, "Gas", content_hash(TEXT), 20, format="markdown")
    ).brief.id
    app = BriefReaderApp(url, store=store, brief_id=brief_id, config=load_config())
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await wait_until(pilot, lambda: reader.brief is not None)
        await settle(pilot)
        for words in ("Gas from the north", "Imports rose", "Officials denied"):
            reader.article.move_to(TEXT.index(words) + 2, extend=False)
            count = len(store.annotations_for_brief(brief_id))
            await pilot.press("h")  # the sentence under the cursor
            await wait_until(pilot, partial(more_than, store, brief_id, count))
    quotes = sorted(a.quote for a in store.annotations_for_brief(brief_id))
    assert quotes == ["Gas from the north", "Imports rose by 40% in 2023.", "Officials denied it."]
    for a in store.annotations_for_brief(brief_id):
        assert TEXT[a.start : a.end] == a.quote
    store.close()
