"""A brief whose file changed, seen from the app: `briefreader PATH` on the changed file and the
library's import both make a new version, move the annotations and say so; a search hit on an
orphan opens the reader with that orphan chosen; a text hit is shown as a match."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefreader.ingest import ingest_file
from briefreader.library import annotate_quote, import_file
from briefreader.store.api import Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.library import LibraryScreen
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import EXAMPLE, Toasts, settle, sync

CLAIM = "It is a major shift"
GONE = "steel and energy sectors"


def changed_library(tmp_path: Path) -> tuple[Store, str, Path, int, int]:
    """A store with the example brief imported from a copy that then changes: a new first
    paragraph, and the words of one annotation deleted. (store, url, file, claim id, gone id)"""
    path = tmp_path / "brief.txt"
    shutil.copy(EXAMPLE, path)
    url = f"sqlite:///{tmp_path / 'reimport.sqlite3'}"
    store = Store.open(url)
    brief = import_file(store, path).brief
    assert brief is not None
    claim = annotate_quote(store, brief.id, CLAIM, kind="claim", tags=["russia"])
    gone = annotate_quote(store, brief.id, GONE, note="Check the figures")
    text = path.read_text(encoding="utf-8")
    path.write_text("Update: the ministry replied.\n\n" + text.replace(GONE, "industry"), "utf-8")
    return store, url, path, claim.id, gone.id


@sync
async def test_opening_the_changed_file_makes_a_new_version(tmp_path: Path) -> None:
    store, url, path, claim_id, gone_id = changed_library(tmp_path)
    app = BriefReaderApp(url, store=store, ingested=ingest_file(path))
    toasts = Toasts(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        (brief,) = store.list_briefs()
        assert (brief.version, brief.orphans) == (2, 1)
        assert reader.brief_id == brief.id
        text = reader.article.text
        (claim,) = reader.annotations
        assert claim.id == claim_id and text[claim.start : claim.end] == CLAIM
        assert [o.id for o in reader.panel.orphans] == [gone_id]
        said = " ".join(toasts.messages())
        assert "The file changed since it was imported: this is version 2" in said
        assert "1 annotation could not be placed" in said and len(toasts.items) == 1


@sync
async def test_importing_the_changed_file_in_the_library_says_what_happened(
    tmp_path: Path,
) -> None:
    store, url, path, _claim_id, _gone_id = changed_library(tmp_path)
    app = BriefReaderApp(url, store=store)
    toasts = Toasts(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        screen.import_paths([path])
        await settle(pilot)
        updated = [m for m in toasts.messages("warning") if m.startswith("Updated #")]
        assert updated and "version 2" in updated[0] and "1 orphaned" in updated[0]
        assert len(store.list_briefs()) == 1


@sync
async def test_a_search_hit_on_an_orphan_opens_it_in_the_orphans_list(tmp_path: Path) -> None:
    store, url, path, _claim_id, gone_id = changed_library(tmp_path)
    import_file(store, path)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        screen.open_brief(1, annotation_id=gone_id)
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        chosen = reader.panel.chosen_orphan
        assert chosen is not None and chosen.id == gone_id
        assert reader.panel.orphans_focused


@sync
async def test_a_text_hit_opens_with_the_match_shown(tmp_path: Path) -> None:
    store, url, _path, _claim_id, _gone_id = changed_library(tmp_path)
    text = store.get_brief(1).text
    start = text.index("Zardari")
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        screen.open_brief(1, goto=(start, start + 7))
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article.cursor == start
        assert reader._find.matches == [(start, start + 7)]
        view = reader.article
        shown = "".join(view.render_line(y).text for y in range(view.size.height))
        assert "Zardari" in shown  # scrolled into view
