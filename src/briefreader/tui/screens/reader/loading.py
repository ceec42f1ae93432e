"""Opening a brief in the reader: storing a file's text first when it came from a file, then
its text on screen at once, and its annotations as soon as they are read (with 100,000 of them
that takes a second or two; keys typed meanwhile wait behind the load gate). Best effort
afterwards: "last opened" is saved without ever holding up reading."""

from __future__ import annotations

import contextlib
from functools import partial
from typing import TYPE_CHECKING

from briefreader import heap
from briefreader.store.records import UuidTable
from briefreader.tui.notices import reanchoring_notice
from briefreader.tui.screens.reader.part import ReaderPart
from briefreader.tui.threads import in_thread

if TYPE_CHECKING:
    from briefreader.store.api import Annotation, Brief, ReanchorReport, Store, Tag
    from briefreader.tui.screens.reader.screen import ReaderScreen

#: How long "last opened" waits for another program's write lock (best effort).
BEST_EFFORT_PATIENCE_S = 0.5


class NotInReadOnlyLibrary(Exception):
    """A file opened on a read-only library that does not hold it (it cannot be added)."""


class BriefLoading(ReaderPart):
    """Loads the screen's brief (see the module docstring)."""

    def __init__(self, screen: ReaderScreen) -> None:
        super().__init__(screen)
        #: The collector is paused while the brief loads (see :mod:`briefreader.tui.heap`).
        self._heap_held = False
        #: The text shown before its annotations came (see _text_ready).
        self.text_shown: str | None = None
        #: What storing a changed file did to its annotations (said once shown).
        self.replaced: ReanchorReport | None = None

    def start(self, store: Store) -> None:
        """Read the brief (storing a file's text first) in a worker, then show it."""
        in_thread(self.screen, partial(self._load_worker, store), "reader-load", exclusive=True)

    def _load_worker(self, store: Store) -> None:
        self._heap_held = True  # settled once shown (in _loaded), on failure, or on leaving
        heap.hold()
        try:
            self._load(store)
        except Exception as exc:  # said on screen: never "opening…" forever, never silent
            self.settle_heap()
            self.app.call_from_thread(self._load_failed, exc)

    def settle_heap(self) -> None:
        if self._heap_held:
            self._heap_held = False
            heap.settle()

    def _load_failed(self, exc: Exception) -> None:
        self.screen._load_gate.set()
        if isinstance(exc, NotInReadOnlyLibrary):
            self.notify(str(exc).capitalize() + ".", title="Read-only", timeout=10, markup=False)
            return
        what = "save" if self.screen.brief_id is None else "open"
        self.screen.title = "Could not open the brief"
        self.notify(
            f"Could not {what} the brief in the library: {exc}",
            title="Not saved" if what == "save" else "Error",
            severity="error",
            timeout=30,
            markup=False,
        )

    def _load(self, store: Store) -> None:
        from briefreader.library import store_ingested

        brief_id = self.screen.brief_id
        if brief_id is None:
            assert self.screen.ingested is not None
            if getattr(store, "read_only", False):
                # Nothing can be added to a read-only library: the same text already in it
                # opens (for reading); a new one is shown as it is, outside the library.
                found = store.find_brief_by_hash(self.screen.ingested.content_hash)
                if found is None:
                    raise NotInReadOnlyLibrary(
                        "the library is read-only, so this file cannot be added to it: it is "
                        "shown for reading only"
                    )
                brief_id = found.id
            else:
                # A file opened before whose content changed becomes a new version of its brief.
                summary, _created, self.replaced = store_ingested(store, self.screen.ingested)
                brief_id = summary.id
        brief = store.get_brief(brief_id)
        # A Markdown brief's rendering is built here, off the screen's thread (about 80 ms a
        # MB of article, 300 ms a MB of dense markup): the article view then finds it made.
        from briefreader.text.markdown_view import view_for

        view_for(brief.text, brief.format)
        if self.screen._goto_annotation is None:
            # The text first: with many annotations, reading them takes a while longer.
            self.app.call_from_thread(self._text_ready, brief)
        from briefreader.store.api import count_tags

        uuids = UuidTable()  # the reader holds them packed (see annotations_for_brief)
        everything = store.annotations_for_brief(
            brief_id, which="all", with_context=False, uuids=uuids
        )
        annotations = [a for a in everything if not a.orphan]
        orphans = [a for a in everything if a.orphan]
        all_tags = store.list_tags()
        tags = count_tags(everything, all_tags)
        self.app.call_from_thread(self._loaded, brief, annotations, orphans, tags, all_tags, uuids)
        # After the brief is on screen, and best effort: "last opened" must never hold up
        # reading (another program may be holding the database's write lock).
        from briefreader.store.patience import patience

        with contextlib.suppress(Exception), patience(store, BEST_EFFORT_PATIENCE_S):
            store.mark_opened(brief_id)

    def _start_of(self, brief: Brief, target: Annotation | None) -> int:
        """Where the cursor starts: the annotation or match asked for, else where the reader
        left off."""
        if target is not None:
            return target.start
        if self.screen._goto is not None:
            return min(self.screen._goto[0], len(brief.text))
        return brief.reading_position

    def _restore_view(self, brief: Brief, target: Annotation | None) -> None:
        """Where the reader left off: the lines shown then (not when going to something)."""
        if target is None and self.screen._goto is None:
            self.screen.progress.restore_view(brief.view_top, brief.reading_position)

    def _text_ready(self, brief: Brief) -> None:
        """Show the brief's text while its annotations are still being read (keys wait for
        them: see the load gate)."""
        if self.screen.ingested is None or self.screen.ingested.text != brief.text:
            self.text_shown = brief.text
            self.screen._show_text(
                brief.text, brief.title, self._start_of(brief, None), brief.format
            )
            self._restore_view(brief, None)

    def _loaded(
        self,
        brief: Brief,
        annotations: list[Annotation],
        orphans: list[Annotation],
        tags: list[tuple[Tag, int]],
        all_tags: list[Tag],
        uuids: UuidTable,
    ) -> None:
        self.screen.brief = brief
        self.screen.brief_id = brief.id
        self.screen.fmt = brief.format
        target = next((a for a in annotations if a.id == self.screen._goto_annotation), None)
        start = self._start_of(brief, target)
        if self.text_shown is brief.text:
            pass  # shown already, at that start
        elif self.screen.ingested is None or self.screen.ingested.text != brief.text:
            self.screen._show_text(brief.text, brief.title, start, brief.format)
            self._restore_view(brief, target)
        elif start:
            self.article.move_to(start, extend=False)
            self.article.scroll_to_offset(start)
            self._restore_view(brief, target)
        self.screen.details.show()  # the title, its byline and date
        self.screen.progress.start(brief)
        self.screen._changes.shown()  # the first look for changes elsewhere: not during the open
        self.screen.set_tag_colors(all_tags)
        try:
            self.screen.set_annotations(annotations, orphans, uuids)
        finally:
            self.settle_heap()
        self.panel.set_tags(tags)
        if self.screen._goto is not None and target is None:
            self.screen._find.show([self.screen._goto], 0)
        orphan_id = self.screen._goto_annotation if target is None else None
        if orphan_id is not None and any(o.id == orphan_id for o in orphans):
            self.panel.choose_orphan(orphan_id)
            self.panel.focus_orphans()
        self.screen.update_progress()
        self.screen._load_gate.set()
        self._tell_about_reanchoring()
        # Scored in a worker, once the text is on the terminal.
        self.screen.brapp.after_first_frame(self.screen.suggestions.start)
        self.screen.call_after_refresh(self.screen._enable_aids)

    def _tell_about_reanchoring(self) -> None:
        reanchoring_notice(self.screen, self.replaced)
