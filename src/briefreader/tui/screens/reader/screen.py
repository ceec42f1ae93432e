"""The reader: the article view on the left, the annotation panel on the right, a header with the
brief's title and reading progress, and the keys that annotate.

Loading is ordered so the text is on screen before the database is: a brief opened from a file
(``briefreader PATH``) is shown from the ingested text at once; its id, annotations and reading
position arrive when the store is open.

The screen is composed of parts it holds, each a plain object: ``core``
(:mod:`~briefreader.tui.screens.reader.core`: what is shown, creating, deleting, undo, moving
between annotations), ``edits`` (:mod:`~briefreader.tui.screens.reader.editing`: claim, note,
tags, sources), ``orphan_commands`` (:mod:`~briefreader.tui.screens.reader.orphans`),
``_find`` (:mod:`~briefreader.tui.screens.reader.find`) and ``_changes``
(:mod:`~briefreader.tui.screens.reader.changes`). The screen keeps the frame, loading, and the
bindings, whose actions are a line each that calls a part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Input

from briefreader import heap
from briefreader.tui.navigation import ShowLibrary
from briefreader.tui.screens.reader.changes import ChangesElsewhere
from briefreader.tui.screens.reader.core import Annotating
from briefreader.tui.screens.reader.details import BriefDetailsPart
from briefreader.tui.screens.reader.editing import EditCommands
from briefreader.tui.screens.reader.find import FindInText
from briefreader.tui.screens.reader.loading import (
    BriefLoading,
)
from briefreader.tui.screens.reader.markdown import MarkdownCommands
from briefreader.tui.screens.reader.orphans import OrphanCommands
from briefreader.tui.screens.reader.progress import POSITION_SAVE_INTERVAL, ReadingProgress
from briefreader.tui.screens.reader.suggestions import Suggestions
from briefreader.tui.widgets.article import ArticleView
from briefreader.tui.widgets.db_status import DatabaseStatus
from briefreader.tui.widgets.footer import KeyBar
from briefreader.tui.widgets.panel import AnnotationPanel

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefreader.ingest import IngestedBrief
    from briefreader.reading import Delta, ShownAnnotations
    from briefreader.store.api import Annotation, Brief, Tag, UuidTable
    from briefreader.tui.app import BriefReaderApp
    from briefreader.tui.commands import TagCommand

#: Seconds between saves of the reading position while reading.


#: How often to look for changes to the brief's annotations made elsewhere.
CHANGES_POLL_INTERVAL = 2.0


class ReaderScreen(Screen[None]):
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
        Binding("m", "toggle_source", "Markdown source", show=False, id="reader.source"),
        Binding("o", "link_address", "Link address", show=False, id="reader.link_address"),
        Binding("e", "export", "Export", id="reader.export"),
        Binding("C", "app.open_desk", "Claims desk", show=False, id="reader.desk"),
        Binding("S", "suggestions", "Suggested claims", show=False, id="reader.suggestions"),
        Binding(
            "greater_than_sign",
            "suggestion(1)",
            "Next suggested claim",
            show=False,
            id="reader.next_suggestion",
        ),
        Binding(
            "less_than_sign",
            "suggestion(0)",
            "Previous suggested claim",
            show=False,
            id="reader.previous_suggestion",
        ),
        Binding("X", "dismiss_suggestion", "Dismiss suggestion", show=False, id="reader.dismiss"),
        Binding("f2", "details", "Brief details", show=False, id="reader.details"),
        Binding("T", "manage_tags", "Manage tags", show=False, id="reader.manage_tags"),
        Binding("q", "back", "Library", id="reader.back"),
    ]

    # Its layout: styles/reader.tcss (loaded by the app).

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
        self.brief: Brief | None = None
        self._changes = ChangesElsewhere(self)
        self.fmt = ingested.format if ingested else "text"
        self._find = FindInText(self)
        self._aids_on = True
        self.core = Annotating(self)
        self.edits = EditCommands(self, self.core)
        self.orphan_commands = OrphanCommands(self, self.core)
        self.opening = BriefLoading(self)
        self.suggestions = Suggestions(self)
        self.details = BriefDetailsPart(self)
        self.markdown = MarkdownCommands(self)
        self.progress = ReadingProgress(self)

    # ------------------------------------------------------------------ frame

    @property
    def brapp(self) -> BriefReaderApp:
        return cast("BriefReaderApp", self.app)

    def compose(self) -> ComposeResult:
        # Kept as attributes: the position is saved on unmount, after the children are gone.
        self.article = ArticleView(id="article")
        self.core.paint_records()
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
        yield KeyBar()

    def on_mount(self) -> None:
        config = self.brapp.config
        self._aids_on = config.reading_aids
        self.suggestions.on = config.suggestions
        article = self.article
        article.max_line_length = config.max_line_length
        self.title = "Opening…"
        if self.ingested is not None:
            self._show_text(self.ingested.text, self.ingested.title, 0, self.ingested.format)
        article.focus()
        self.watch(article, "scroll_y", self.update_progress, init=False)
        self.set_interval(POSITION_SAVE_INTERVAL, self.progress.save)
        self.set_interval(CHANGES_POLL_INTERVAL, self._changes.look)
        # Keys typed right after opening (a burst, a paste) are for the brief: they wait
        # until it is on screen.
        self._load_gate = self.brapp.keys.gate()
        self.brapp.when_store(self.opening.start)
        # Pygments is imported once the text is on screen, not before.
        self.brapp.after_first_frame(self._enable_aids)

    def _show_text(self, text: str, title: str, cursor: int, fmt: str) -> None:
        self.title = self.details.short(title)
        self.fmt = fmt
        self.article.set_text(text, cursor, fmt=fmt)
        self.article.scroll_to_offset(cursor)
        self.update_progress()

    def _enable_aids(self) -> None:
        if not self._aids_on:
            return
        from briefreader.text.lexer import fence_ranges, reading_aid_spans

        # A Markdown brief shown rendered has no markup left to style: its words are read
        # as prose (the rendering styles headings, emphasis and code itself).
        fmt = "text" if self.article.rendering.rendered else self.fmt
        text = self.article.text
        fences = fence_ranges(text) if fmt == "markdown" else None

        def source(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
            return reading_aid_spans(text, start, end, fmt, fences)

        self.article.set_token_source(source)

    def action_details(self) -> None:
        self.details.edit()

    def action_manage_tags(self) -> None:
        from briefreader.tui.screens.dialogs import TagManager

        if self.brapp.store_ready:
            self.app.push_screen(TagManager())

    def action_suggestions(self) -> None:
        self.suggestions.toggle()

    def action_suggestion(self, forward: int) -> None:
        self.suggestions.jump(bool(forward))

    def action_dismiss_suggestion(self) -> None:
        self.suggestions.dismiss()

    def action_toggle_source(self) -> None:
        self.markdown.toggle_source()

    def action_link_address(self) -> None:
        self.markdown.link_address()

    def reading_aids_again(self) -> None:
        """What is shown changed (a Markdown brief's source or its rendering): style it."""
        if self._aids_on:
            self._enable_aids()

    def action_toggle_aids(self) -> None:
        self._aids_on = not self._aids_on
        if self._aids_on:
            self._enable_aids()
        else:
            self.article.set_token_source(None)
        self.notify(f"Reading aids {'on' if self._aids_on else 'off'}", timeout=2)
        self.brapp.remember("reading_aids", self._aids_on)  # next time too

    # ------------------------------------------------------------------ progress and position

    def update_progress(self, *_: object) -> None:
        self.progress.moved()
        progress = self.progress.fraction
        if self.brief is None:
            shown = self.opening.text_shown is not None
            doing = "reading annotations" if shown else "opening the library"
            text = f"{progress:.0%} read · {doing}…"
        else:
            count = len(self.annotations)
            claims = self.claim_count  # kept as annotations change: this runs on every move
            parts = [f"{progress:.0%} read", f"{count} annotation{'s' if count != 1 else ''}"]
            if claims:
                parts.append(f"{claims} claim{'s' if claims != 1 else ''}")
            orphans = len(self.shown.orphan_by_id)
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

    def on_screen_suspend(self) -> None:
        self.progress.save()

    def on_unmount(self) -> None:
        self._load_gate.set()  # closed before it loaded: keys must not wait for it
        self.progress.save()
        self.opening.settle_heap()
        heap.release()
        self.suggestions.stop()  # a scoring process still running goes with the brief

    def action_back(self) -> None:
        self.progress.save()
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            # Opened straight from a file: the library takes the reader's place.
            self.app.post_message(ShowLibrary())

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self.panel.set_cursor(event.offset)
        link = self.article.link_at_cursor() if self.article.rendering.is_markdown else None
        self.panel.set_link(None if link is None else link.url, link is not None and link.image)
        self.update_progress()
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

    # ------------------------------------------------------------------ the parts

    @property
    def shown(self) -> ShownAnnotations:
        """The brief's annotations as shown (the one copy)."""
        return self.core.shown

    @property
    def annotations(self) -> list[Annotation]:
        """The annotations on the text, in text order."""
        return self.core.shown.annotations

    @property
    def orphans(self) -> list[Annotation]:
        """The brief's orphans, where they used to be in its text."""
        return self.core.shown.orphans

    @property
    def claim_count(self) -> int:
        return self.core.shown.claims

    def set_annotations(
        self,
        annotations: Sequence[Annotation],
        orphans: Sequence[Annotation] = (),
        uuids: UuidTable | None = None,
    ) -> None:
        self.core.set_annotations(annotations, orphans, uuids)

    def set_tag_colors(self, tags: Sequence[Tag]) -> None:
        self.core.set_tag_colors(tags)

    def show_delta(self, delta: Delta) -> None:
        self.core.show_delta(delta)
        if any(a.kind == "claim" for a in (*delta.added, *delta.removed)) or delta.reset:
            self.suggestions.refresh()  # a claim made of one, or one deleted
        was = {a.id for a in delta.removed if a.kind == "claim"}
        for made in (a for a in delta.added if a.kind == "claim" and a.id not in was):
            self.suggestions.look_for_same(made)  # a new claim: seen before elsewhere?

    def under_cursor(self) -> Annotation | None:
        return self.core.under_cursor()

    def tag_commands(self) -> list[TagCommand]:
        return self.core.tag_commands()

    def jump_to_tag(self, tag: str) -> None:
        self.core.jump_to_tag(tag)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.orphan_commands.allows(action)

    # ------------------------------------------------------------------ actions (bindings)

    def action_highlight(self) -> None:
        self.core.action_highlight()

    def action_delete(self) -> None:
        self.core.action_delete()

    def action_undo(self) -> None:
        self.core.action_undo()

    def action_redo(self) -> None:
        self.core.action_redo()

    def action_next_annotation(self) -> None:
        self.core.action_next_annotation()

    def action_previous_annotation(self) -> None:
        self.core.action_previous_annotation()

    def action_export(self) -> None:
        self.core.action_export()

    def action_claim(self) -> None:
        self.edits.action_claim()

    def action_note(self) -> None:
        self.edits.action_note()

    def action_tags(self) -> None:
        self.edits.action_tags()

    def action_link_source(self) -> None:
        self.edits.action_link_source()

    def action_cycle_kind(self) -> None:
        self.edits.action_cycle_kind()

    def action_quick_tag(self, key: int) -> None:
        self.edits.action_quick_tag(key)

    def action_orphans(self) -> None:
        self.orphan_commands.action_orphans()

    def action_attach_orphan(self) -> None:
        self.orphan_commands.action_attach_orphan()

    def action_accept_change(self) -> None:
        self.orphan_commands.action_accept_change()

    # ------------------------------------------------------------------ the panel's requests

    def on_annotation_panel_to_article(self, event: AnnotationPanel.ToArticle) -> None:
        event.stop()
        self.article.focus()

    def on_annotation_panel_jump_to(self, event: AnnotationPanel.JumpTo) -> None:
        self.core.jump_to(event.annotation_id)

    def on_annotation_panel_edit_requested(self, event: AnnotationPanel.EditRequested) -> None:
        self.edits.on_annotation_panel_edit_requested(event)

    def on_annotation_panel_delete_source_requested(
        self, event: AnnotationPanel.DeleteSourceRequested
    ) -> None:
        self.edits.on_annotation_panel_delete_source_requested(event)

    def on_annotation_panel_bind_key_requested(
        self, event: AnnotationPanel.BindKeyRequested
    ) -> None:
        self.edits.on_annotation_panel_bind_key_requested(event)

    def on_annotation_panel_accept_change_requested(
        self, event: AnnotationPanel.AcceptChangeRequested
    ) -> None:
        self.orphan_commands.on_annotation_panel_accept_change_requested(event)

    def on_annotation_panel_orphan_jump_to(self, event: AnnotationPanel.OrphanJumpTo) -> None:
        self.orphan_commands.on_annotation_panel_orphan_jump_to(event)

    def on_annotation_panel_delete_orphan_requested(
        self, event: AnnotationPanel.DeleteOrphanRequested
    ) -> None:
        self.orphan_commands.on_annotation_panel_delete_orphan_requested(event)

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
