"""The reader: the article view on the left, the annotation panel on the right, a header with the
brief's title and reading progress, and the keys that annotate.

Loading is ordered so the text is on screen before the database is: a brief opened from a file
(``briefreader PATH``) is shown from the ingested text at once; its id, annotations and reading
position arrive when the store is open. Annotation commands live in the mixins of
:mod:`~briefreader.tui.screens.annotating` (creating, deleting, undo, moving between
annotations), :mod:`~briefreader.tui.screens.edit_commands` (claim, note, tags, sources) and
:mod:`~briefreader.tui.screens.orphan_commands` (orphans and changed quotes); this module is the
screen's frame, loading, moving and searching.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from briefreader.tui import heap
from briefreader.tui.notices import reanchoring_notice
from briefreader.tui.screens.annotating import AnnotatingMixin
from briefreader.tui.screens.edit_commands import EditCommandsMixin
from briefreader.tui.screens.orphan_commands import OrphanCommandsMixin
from briefreader.tui.screens.reader_changes import ChangesElsewhere
from briefreader.tui.screens.reader_find import FindInText
from briefreader.tui.widgets.article import ArticleView
from briefreader.tui.widgets.db_status import DatabaseStatus
from briefreader.tui.widgets.panel import AnnotationPanel

if TYPE_CHECKING:
    from briefreader.ingest import IngestedBrief
    from briefreader.store.api import Annotation, Brief, ReanchorReport, Store, Tag
    from briefreader.tui.app import BriefReaderApp

#: Seconds between saves of the reading position while reading.
POSITION_SAVE_INTERVAL = 2.0


class NotInReadOnlyLibrary(Exception):
    """A file opened on a read-only library that does not hold it (it cannot be added)."""


#: How long "last opened" and the reading position wait for another program's write lock
#: (best effort: they are tried again later).
BEST_EFFORT_PATIENCE_S = 0.5
#: How often to look for changes to the brief's annotations made elsewhere.
CHANGES_POLL_INTERVAL = 2.0


class ReaderScreen(OrphanCommandsMixin, EditCommandsMixin, AnnotatingMixin, Screen[None]):
    """Read one brief and annotate it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "highlight", "Highlight", id="reader.highlight"),
        Binding("c", "claim", "Claim", id="reader.claim"),
        Binding("n", "note", "Note", id="reader.note"),
        Binding("t", "tags", "Tags", id="reader.tags"),
        Binding("l", "link_source", "Link source", id="reader.link"),
        Binding("x", "delete", "Delete", id="reader.delete"),
        # Shown only while the brief has orphans (see check_action).
        Binding("O", "orphans", "Orphans", id="reader.orphans"),
        Binding("A", "attach_orphan", "Attach orphan here", id="reader.attach_orphan"),
        Binding("a", "accept_change", "Accept changed text", show=False, id="reader.accept_change"),
        Binding("u", "undo", "Undo", id="reader.undo"),
        Binding("ctrl+r", "redo", "Redo", id="reader.redo"),
        *[
            Binding(str(k), f"quick_tag({k})", f"Quick tag {k}", show=False, id=f"reader.quick_{k}")
            for k in range(1, 10)
        ],
        Binding(
            "right_square_bracket",
            "next_annotation",
            "Next annotation",
            show=False,
            id="reader.next_annotation",
        ),
        Binding(
            "left_square_bracket",
            "previous_annotation",
            "Previous annotation",
            show=False,
            id="reader.previous_annotation",
        ),
        # `/` searches the text wherever the focus is in the reader (the panel included).
        Binding("slash", "search", "Search", id="reader.search"),
        Binding("f", "filter_panel", "Filter annotations", show=False, id="reader.filter"),
        Binding("full_stop", "next_match", "Next match", show=False, id="reader.next_match"),
        Binding(
            "comma", "previous_match", "Previous match", show=False, id="reader.previous_match"
        ),
        Binding("tab", "switch_focus", "Panel ⇄ text", show=False, id="reader.switch_focus"),
        Binding("r", "toggle_aids", "Reading aids", show=False, id="reader.reading_aids"),
        Binding("e", "export", "Export", id="reader.export"),
        Binding("q", "back", "Library", id="reader.back"),
    ]

    DEFAULT_CSS = """
    ReaderScreen #search {
        dock: bottom;
        display: none;
        height: 3;
        border: tall $accent;
    }
    ReaderScreen #search.visible { display: block; }
    """

    def __init__(
        self,
        brief_id: int | None = None,
        ingested: IngestedBrief | None = None,
        *,
        goto: tuple[int, int] | None = None,
        annotation_id: int | None = None,
    ) -> None:
        """Open ``brief_id`` (or store and open ``ingested``) where it was last read; with
        ``goto``, at that span of the text, shown as a match (a search hit); with
        ``annotation_id``, at that annotation (or, for an orphan, with it chosen in the
        panel's orphans list)."""
        super().__init__()
        if brief_id is None and ingested is None:
            raise ValueError("the reader needs a brief id or an ingested brief")
        self.brief_id = brief_id
        self.ingested = ingested
        self._goto = goto
        self._goto_annotation = annotation_id
        self._replaced: ReanchorReport | None = None
        self.brief: Brief | None = None
        self._changes = ChangesElsewhere(self)
        self.fmt = ingested.format if ingested else "text"
        self.annotations: list[Annotation] = []
        self._saved_position: int | None = None
        #: The collector is paused while the brief loads (see :mod:`briefreader.tui.heap`).
        self._heap_held = False
        #: The text shown before its annotations came (see _text_ready).
        self._text_shown: str | None = None
        self._find = FindInText(self)
        self._aids_on = True
        self.init_annotating()

    # ------------------------------------------------------------------ frame

    @property
    def brapp(self) -> BriefReaderApp:  # type: ignore[override]
        return cast("BriefReaderApp", self.app)

    def compose(self) -> ComposeResult:
        # Kept as attributes: the position is saved on unmount, after the children are gone.
        self.article = ArticleView(id="article")
        self.panel = AnnotationPanel(id="panel")
        yield Header()
        with Horizontal(id="reader-body"):
            yield self.article
            yield self.panel
        yield Input(
            placeholder="Search (a capital letter makes it case-sensitive) — Enter: go, Esc: close",
            id="search",
        )
        yield DatabaseStatus()
        yield Footer()

    def on_mount(self) -> None:
        config = self.brapp.config
        self._aids_on = config.reading_aids
        article = self.article
        article.max_line_length = config.max_line_length
        self.title = "Opening…"
        if self.ingested is not None:
            self._show_text(self.ingested.text, self.ingested.title, 0)
        article.focus()
        self.watch(article, "scroll_y", self._update_progress, init=False)
        self.set_interval(POSITION_SAVE_INTERVAL, self._save_position)
        self.set_interval(CHANGES_POLL_INTERVAL, self._changes.look)
        # Keys typed right after opening (a burst, a paste) are for the brief: they wait
        # until it is on screen.
        self._load_gate = self.brapp.keys.gate()
        self.brapp.when_store(self._load_from_store)
        # Pygments is imported once the text is on screen, not before.
        self.call_after_refresh(self._enable_aids)

    def _show_text(self, text: str, title: str, cursor: int) -> None:
        self.title = self._short(title)
        self.article.set_text(text, cursor)
        self.article.scroll_to_offset(cursor)
        self._update_progress()

    def _enable_aids(self) -> None:
        if not self._aids_on:
            return
        from briefreader.text.lexer import fence_ranges, reading_aid_spans

        fmt = self.fmt
        text = self.article.text
        fences = fence_ranges(text) if fmt == "markdown" else None

        def source(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
            return reading_aid_spans(text, start, end, fmt, fences)

        self.article.set_token_source(source)

    def action_toggle_aids(self) -> None:
        self._aids_on = not self._aids_on
        if self._aids_on:
            self._enable_aids()
        else:
            self.article.set_token_source(None)
        self.notify(f"Reading aids {'on' if self._aids_on else 'off'}", timeout=2)

    # ------------------------------------------------------------------ loading

    def _load_from_store(self, store: Store) -> None:
        self._load_worker(store)

    @work(thread=True, exclusive=True, group="reader-load", exit_on_error=False)
    def _load_worker(self, store: Store) -> None:
        self._heap_held = True  # settled once shown (in _loaded), on failure, or on leaving
        heap.hold()
        try:
            self._load(store)
        except Exception as exc:  # said on screen: never "opening…" forever, never silent
            self._settle_heap()
            self.app.call_from_thread(self._load_failed, exc)

    def _settle_heap(self) -> None:
        if self._heap_held:
            self._heap_held = False
            heap.settle()

    def _load_failed(self, exc: Exception) -> None:
        self._load_gate.set()
        if isinstance(exc, NotInReadOnlyLibrary):
            self.notify(str(exc).capitalize() + ".", title="Read-only", timeout=10, markup=False)
            return
        what = "save" if self.brief_id is None else "open"
        self.title = "Could not open the brief"
        self.notify(
            f"Could not {what} the brief in the library: {exc}",
            title="Not saved" if what == "save" else "Error",
            severity="error",
            timeout=30,
            markup=False,
        )

    def _load(self, store: Store) -> None:
        from briefreader.library import store_ingested

        brief_id = self.brief_id
        if brief_id is None:
            assert self.ingested is not None
            if getattr(store, "read_only", False):
                # Nothing can be added to a read-only library: the same text already in it
                # opens (for reading); a new one is shown as it is, outside the library.
                found = store.find_brief_by_hash(self.ingested.content_hash)
                if found is None:
                    raise NotInReadOnlyLibrary(
                        "the library is read-only, so this file cannot be added to it: it is "
                        "shown for reading only"
                    )
                brief_id = found.id
            else:
                # A file opened before whose content changed becomes a new version of its brief.
                summary, _created, self._replaced = store_ingested(store, self.ingested)
                brief_id = summary.id
        brief = store.get_brief(brief_id)
        if self._goto_annotation is None:
            # The text first: with many annotations, reading them takes a while longer.
            self.app.call_from_thread(self._text_ready, brief)
        from briefreader.store.api import count_tags

        everything = store.annotations_for_brief(brief_id, which="all")  # one pass, not two
        annotations = [a for a in everything if not a.orphan]
        orphans = [a for a in everything if a.orphan]
        all_tags = store.list_tags()
        tags = count_tags(everything, all_tags)
        self.app.call_from_thread(self._loaded, brief, annotations, orphans, tags, all_tags)
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
        if self._goto is not None:
            return min(self._goto[0], len(brief.text))
        return brief.reading_position

    def _text_ready(self, brief: Brief) -> None:
        """Show the brief's text while its annotations are still being read (keys wait for
        them: see the load gate)."""
        if self.ingested is None or self.ingested.text != brief.text:
            self._text_shown = brief.text
            self._show_text(brief.text, brief.title, self._start_of(brief, None))

    def _loaded(
        self,
        brief: Brief,
        annotations: list[Annotation],
        orphans: list[Annotation],
        tags: list[tuple[Tag, int]],
        all_tags: list[Tag],
    ) -> None:
        self.brief = brief
        self.brief_id = brief.id
        self.fmt = brief.format
        target = next((a for a in annotations if a.id == self._goto_annotation), None)
        start = self._start_of(brief, target)
        if self._text_shown is brief.text:
            pass  # shown already, at that start
        elif self.ingested is None or self.ingested.text != brief.text:
            self._show_text(brief.text, brief.title, start)
        elif start:
            self.article.move_to(start, extend=False)
            self.article.scroll_to_offset(start)
        self.title = self._short(brief.title)
        self._saved_position = brief.reading_position
        self.set_tag_colors(all_tags)
        try:
            self.set_annotations(annotations, orphans)
        finally:
            self._settle_heap()
        self.panel.set_tags(tags)
        if self._goto is not None and target is None:
            self._find.show([self._goto], 0)
        orphan_id = self._goto_annotation if target is None else None
        if orphan_id is not None and any(o.id == orphan_id for o in orphans):
            self.panel.choose_orphan(orphan_id)
            self.panel.focus_orphans()
        self._update_progress()
        self._load_gate.set()
        self._tell_about_reanchoring()
        self.call_after_refresh(self._enable_aids)

    def _tell_about_reanchoring(self) -> None:
        reanchoring_notice(self, self._replaced)

    def _short(self, title: str) -> str:
        """The title for the header, short enough to leave room for the progress."""
        limit = max(16, min(72, self.app.size.width - 54))
        title = self._safe(title)
        return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"

    @staticmethod
    def _safe(value: str) -> str:
        from briefreader.text.display import display_safe

        return display_safe(value)

    # ------------------------------------------------------------------ progress and position

    def _update_progress(self, *_: object) -> None:
        progress = self.article.reading_progress
        if self.brief is None:
            doing = "opening the library" if self._text_shown is None else "reading annotations"
            text = f"{progress:.0%} read · {doing}…"
        else:
            count = len(self.annotations)
            claims = self.claim_count  # kept as annotations change: this runs on every move
            parts = [f"{progress:.0%} read", f"{count} annotation{'s' if count != 1 else ''}"]
            if claims:
                parts.append(f"{claims} claim{'s' if claims != 1 else ''}")
            orphans = len(self._orphans)
            if orphans:
                parts.append(f"{orphans} orphan{'s' if orphans != 1 else ''}")
            text = " · ".join(parts)
        self._next_sub_title = text
        if text == self.sub_title or getattr(self, "_sub_title_scheduled", False):
            return

        def show() -> None:
            self._sub_title_scheduled = False
            self.sub_title = self._next_sub_title

        # A new sub-title repaints the whole screen (~15 ms): after the frame that shows what
        # the key did, not before it.
        self._sub_title_scheduled = True
        self.call_after_refresh(show)

    def _save_position(self) -> None:
        """Remember where the reader is (best effort, in a thread: it never holds up a key,
        and a busy, full or read-only database just means it is tried again later)."""
        if self.brief_id is None or not self.brapp.store_ready:
            return
        position = self.article.cursor
        if position != self._saved_position:
            self._position_worker(self.brapp.store, self.brief_id, position)

    @work(thread=True, exclusive=True, group="reader-position", exit_on_error=False)
    def _position_worker(self, store: Store, brief_id: int, position: int) -> None:
        from briefreader.store.patience import patience

        try:
            with patience(store, BEST_EFFORT_PATIENCE_S):
                store.set_reading_position(brief_id, position)
        except Exception:
            return
        self._saved_position = position

    def on_screen_suspend(self) -> None:
        self._save_position()

    def on_unmount(self) -> None:
        self._load_gate.set()  # closed before it loaded: keys must not wait for it
        self._save_position()
        self._settle_heap()
        heap.release()

    def action_back(self) -> None:
        self._save_position()
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            # Opened straight from a file: the library takes the reader's place.
            from briefreader.tui.screens.library import LibraryScreen

            self.app.switch_screen(LibraryScreen())

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self.panel.set_cursor(event.offset)
        self._update_progress()
        rack = next((w for w in self.children if w.id == "textual-toastrack"), None)
        if rack is not None and rack.children:
            # A toast on screen moves out of the way of the line the cursor went to.
            self.brapp.place_toasts()

    def action_switch_focus(self) -> None:
        if self.article.has_focus:
            self.panel.focus_list()
        else:
            self.article.focus()

    def action_filter_panel(self) -> None:
        self.panel.action_focus_filter()

    # ------------------------------------------------------------------ search

    def action_search(self) -> None:
        self._find.open()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.input.border_title = self._find.changed(event.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._find.submitted(event.value)

    def key_escape(self) -> None:
        self._find.escape()

    def action_next_match(self) -> None:
        self._find.next()

    def action_previous_match(self) -> None:
        self._find.previous()
