"""The reader's annotation state and core commands: what is shown (the annotations on the text,
in text order, and the orphans apart), what a command acts on, how a change is made, recorded
for undo and shown; highlight, delete, undo/redo, moving between annotations (or to the next
with a tag), and export.

What a command acts on: the selection if there is one (a new annotation); otherwise the
annotation under the cursor if there is one (it is edited); otherwise the sentence under the
cursor (a new annotation). Every write goes through the Store and is committed before the view
shows it; every change is recorded for undo.

Orphans are kept apart from :attr:`annotations` (which are all on the text, in text order):
they are never painted in the article, never "under the cursor", and have their own list in the
panel. One change can move an annotation between the two (re-attach, or undoing it).

Every change to an existing annotation is saved against the version the reader shows (its
revision): :meth:`Annotating._save` for edits, ``_delete`` for deletions, and undo/redo. If
someone else saved or deleted it meanwhile (another user of a shared database, another window),
nothing is overwritten silently: the reader shows their version and the user chooses (see
:mod:`briefreader.tui.screens.dialogs.conflict`).

The commands that edit an annotation's fields (claim, note, tags, quick tags, sources, kind) are
in :mod:`~briefreader.tui.screens.reader.editing`; those for orphans and changed text in
:mod:`~briefreader.tui.screens.reader.orphans`. Both use this part for what a command acts on
and how it is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefreader.tui.prompts import KIND_NAMES, Prompts
from briefreader.tui.screens.reader.part import ReaderPart
from briefreader.tui.threads import in_thread

if TYPE_CHECKING:
    from briefreader.reading import Delta, Done, Edit, History, ReadingSession
    from briefreader.store.api import Annotation, Store, Tag, UuidTable
    from briefreader.tui.commands import TagCommand
    from briefreader.tui.screens.reader.screen import ReaderScreen


class Annotating(ReaderPart):
    """The reader's annotations and core commands (see the module docstring)."""

    def __init__(self, screen: ReaderScreen) -> None:
        super().__init__(screen)
        from briefreader.reading.shown import ShownAnnotations

        #: The one copy of the brief's annotations the screen shows.
        self.shown = ShownAnnotations()
        self._session: ReadingSession | None = None
        self._tag_colors: dict[str, str] = {}
        # An annotation a command acts on instead of the one under the cursor (an orphan,
        # edited from the panel: it is under no cursor).
        self.target_override: Annotation | None = None
        self._prompts = Prompts(screen)

    # ------------------------------------------------------------------ state

    @property
    def session(self) -> ReadingSession:
        """The brief's reading session (its commands, conflicts, undo and redo)."""
        assert self.brief_id is not None
        if self._session is None or self._session.brief_id != self.brief_id:
            from briefreader.reading.session import ReadingSession

            self._session = ReadingSession(lambda: self.brapp.store, self.brief_id, self.shown)
        return self._session

    @property
    def history(self) -> History:
        return self.session.history

    @property
    def annotations(self) -> list[Annotation]:
        """The annotations on the text, in text order."""
        return self.shown.annotations

    @property
    def _orphans(self) -> dict[int, Annotation]:
        return self.shown.orphan_by_id

    @property
    def _by_id(self) -> Mapping[int, Annotation]:
        return self.shown.by_id

    def _ready(self) -> Store | None:
        """The store, or None (with a message) while the brief is still loading, while a
        change waits to be saved (see :mod:`briefreader.tui.writes`), or when the library is
        read-only: an editing command then says why instead of acting."""
        refusal = self.brapp.edit_refusal() if self.brapp.store_ready else None
        if refusal is not None:
            self.notify(refusal, title="Not now", severity="warning", timeout=4, markup=False)
            return None
        if self.brief_id is None or not self.brapp.store_ready:
            self.notify("Still opening the library — one moment.", timeout=2)
            return None
        return self.brapp.store

    def set_tag_colors(self, tags: Sequence[Tag]) -> None:
        colors = {t.name: t.color for t in tags if t.color}
        if colors != self._tag_colors:
            self._tag_colors = colors
            self.article.recolor()  # the article reads them as it paints

    def _color_of(self, annotation: Annotation) -> str | None:
        if annotation.color or not self._tag_colors:
            return annotation.color or None
        for tag in annotation.tags:
            if tag in self._tag_colors:
                return self._tag_colors[tag]
        return None

    def set_annotations(
        self,
        annotations: Sequence[Annotation],
        orphans: Sequence[Annotation] = (),
        uuids: UuidTable | None = None,
    ) -> None:
        """Show the brief's annotations: those on the text in the article and the panel's
        list, and its orphans in the panel's orphans list. An orphan given in
        ``annotations`` goes with the orphans. ``uuids``: those the annotations were read
        without (see :class:`~briefreader.reading.shown.ShownAnnotations`)."""
        self.shown.reset(annotations, orphans, uuids)
        # The records themselves are painted (see _paint): no span object per annotation.
        self.article.set_annotations(self.shown.annotations)
        self.panel.show(self.shown)
        self.panel.set_cursor(self.article.cursor)
        self.refresh_bindings()
        self._update_progress()

    def paint_records(self) -> None:
        """Have the article paint annotation records themselves: keyed by id, coloured as
        :meth:`_color_of` says."""
        self.article.paint_with(attrgetter("id"), self._color_of)

    def _update_progress(self) -> None:
        self.screen.update_progress()

    def show_delta(self, delta: Delta) -> None:
        """Bring the article, the panel and the header up to date with one change.

        Incremental: with 10,000 annotations, rebuilding them all (spans, list rows, tag
        counts) took ~0.5 s per key press. An orphan goes to (or comes from) the orphans
        list instead of the text.
        """
        if delta.added or delta.removed:
            self.article.update_annotations(
                added=delta.added,
                removed=[(a.id, a.start, a.end) for a in delta.removed],
            )
        # The store counts a tag on an orphan too (and so does the delta).
        if not self.panel.apply(delta):
            self._refresh_tags()
        if delta.added or delta.removed:
            self.panel.set_cursor(self.article.cursor)
        if delta.orphans_changed:
            had = (
                len(self.shown.orphan_by_id) - len(delta.orphans_added) + len(delta.orphans_removed)
            )
            if bool(had) != bool(self.shown.orphan_by_id):
                self.refresh_bindings()  # the orphan keys show only while there are orphans
        self._update_progress()

    def _refresh_tags(self) -> None:
        store = self.brapp.store
        if self.brief_id is not None:
            self.panel.set_tags(store.tag_counts(self.brief_id))
        self.set_tag_colors(store.list_tags())

    def under_cursor(self) -> Annotation | None:
        """The annotation the cursor is in (the panel's current one when several overlap)."""
        cursor = self.article.cursor
        current = self.panel.current_annotation
        if current is not None and current.start <= cursor < current.end:
            return current
        return self.shown.innermost_at(cursor)

    def _existing_under_cursor(self) -> Annotation | None:
        """The annotation under the cursor, or None after telling the user why not."""
        if self._ready() is None:
            return None
        override = self._pointed_at()
        if override is not None:
            return override
        existing = self.under_cursor()
        if existing is None:
            self.notify("No annotation under the cursor.", timeout=2)
        return existing

    def _pointed_at(self) -> Annotation | None:
        """An annotation commands act on instead of the cursor's: one the panel asked to edit,
        or the chosen orphan while the orphans list has focus (orphans are under no cursor)."""
        if self.target_override is not None:
            return self.target_override
        if self.panel.orphans_focused:
            return self.panel.chosen_orphan
        return None

    def _new_span(self) -> tuple[int, int] | None:
        """The span a new annotation covers: the selection, else the sentence at the cursor."""
        # The sentence as its words are shown, without a list marker, heading hashes or
        # emphasis markers at its edges (a Markdown brief's: see ArticleView.target_span).
        start, end = self.article.target_span()
        if start >= end:
            self.notify("Nothing to annotate here — move onto some text.", timeout=3)
            return None
        return start, end

    def _target(self) -> tuple[Annotation | None, tuple[int, int] | None]:
        """(annotation to edit, None) or (None, span for a new one) or (None, None)."""
        override = self._pointed_at()
        if override is not None:
            return override, None
        if self.article.selection is None:
            existing = self.under_cursor()
            if existing is not None:
                return existing, None
        return None, self._new_span()

    def _after_edit(self, done: Done) -> None:
        """After a create or an edit: leave the cursor where the next key acts on it."""
        before, after = done.before, done.after
        if after is not None and after.orphan:
            return  # an orphan's note or tags: the selection may be where it is to go
        self.article.clear_selection()
        if before is None and after is not None:
            # Leave the cursor on the new annotation's last character, so the next key
            # (1-9, t, c, n, l) acts on what was just made, and the view does not jump.
            self.article.move_to(after.end - 1, extend=False)
            self.panel.set_cursor(self.article.cursor)

    def _create(self, span: tuple[int, int], label: str, **fields: Any) -> None:
        """Create an annotation on ``span`` and show it once it is saved."""
        self._prompts.perform(self.session.create(span, label, **fields), self._after_edit)

    def _write(
        self,
        label: str,
        call: Callable[[Store], Any],
        then: Callable[[Any], None],
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Save through the app's write lane (:mod:`briefreader.tui.writes`): at once if the
        database answers, else kept and saved in order; a value the store refuses is said."""

        def refused(exc: Exception) -> None:
            if failed is not None and not isinstance(exc, ValueError):
                failed(exc)
            elif isinstance(exc, ValueError):
                self.notify(str(exc), severity="error", markup=False)
            else:
                raise exc

        self.brapp.writes.run(label, call, then, refused)

    # ------------------------------------------------------------------ commands

    def action_highlight(self) -> None:
        if self._ready() is None:
            return
        span = self._new_span()
        if span is not None:
            self._create(span, "highlight", kind="highlight")

    def action_delete(self) -> None:
        existing = self._existing_under_cursor()
        if existing is None:
            return
        undo = self._key_label("reader.undo", "u")
        self._delete(
            existing,
            "delete",
            lambda gone: self.notify(
                f"Deleted {KIND_NAMES[gone.kind]} — press {undo} to undo", timeout=4
            ),
        )

    def _key_label(self, binding_id: str, default: str) -> str:
        """The key bound to ``binding_id`` now (a remapped one wins), for messages."""
        from briefreader.tui.keys import key_for

        return key_for(self.screen, binding_id, default) or default

    # ------------------------------------------------------------------ saving

    def _save(
        self,
        label: str,
        base: Annotation,
        edit: Edit,
        *,
        reedit: Callable[[Annotation, Annotation], None] | None = None,
        saved: Callable[[Annotation], None] | None = None,
    ) -> None:
        """Save ``edit`` to ``base`` (the version shown), expecting ``base``'s revision in the
        store; record it for undo and show it, then call ``saved`` with the result.

        If it was changed elsewhere meanwhile, the reader shows that version and the user
        chooses (see :mod:`~briefreader.tui.prompts`): keep theirs, overwrite with
        mine, or edit mine on their version (``reedit(theirs, yours)`` opens the command's
        editor; without it there is no such choice). If it was deleted elsewhere: restore
        mine, or drop it. Every edit path comes through here, so none overwrites what it
        never saw.
        """
        if not edit:
            return

        def done(outcome: Done) -> None:
            self._after_edit(outcome)
            if saved is not None and outcome.after is not None:
                saved(outcome.after)

        self._prompts.perform(self.session.save(label, base, edit), done, reedit=reedit)

    def _delete(
        self, annotation: Annotation, label: str, deleted: Callable[[Annotation], None]
    ) -> None:
        """Delete ``annotation`` unless it was changed elsewhere since it was shown (then the
        user chooses: keep theirs, or delete anyway); ``deleted`` gets what was deleted."""

        def done(outcome: Done) -> None:
            if outcome.before is not None:
                deleted(outcome.before)

        self._prompts.perform(self.session.delete(annotation, label), done)

    # ------------------------------------------------------------------ undo

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    def _step(self, *, undo: bool) -> None:
        """Undo or redo one change, unless the annotation was changed or deleted elsewhere
        since (then the user chooses); the screen follows the store."""
        if self._ready() is None:
            return
        step = self.session.undo() if undo else self.session.redo()
        self._prompts.perform(step, self._after_step)

    def _after_step(self, done: Done) -> None:
        now = done.after
        if now is not None and now.orphan:
            self.panel.choose_orphan(now.id)
        elif now is not None:
            self.article.move_to(now.start, extend=False)

    def _jump(self, annotation: Annotation) -> None:
        self.article.move_to(annotation.start, extend=False)
        self.article.scroll_to_offset(annotation.start)

    def action_next_annotation(self) -> None:
        following = self.shown.after(self.article.cursor)
        if following is not None:
            self._jump(following)
        else:
            self.notify("No more annotations after the cursor.", timeout=2)

    def action_previous_annotation(self) -> None:
        preceding = self.shown.before(self.article.cursor)
        if preceding is not None:
            self._jump(preceding)
        else:
            self.notify("No annotations before the cursor.", timeout=2)

    def tag_commands(self) -> list[TagCommand]:
        """Palette entries for each tag of this brief: jump to its next annotation, or show
        only its annotations in the panel."""
        from briefreader.tui.commands import TagCommand

        tags = self.shown.tags()
        return [
            TagCommand(
                "Jump to next #{tag}", tags, self.jump_to_tag, "Next annotation with this tag"
            ),
            TagCommand(
                "Show only #{tag} in the panel",
                tags,
                lambda tag: self.panel.set_filter(f"#{tag}"),
                "Filter the annotation list by this tag",
            ),
        ]

    def jump_to_tag(self, tag: str) -> None:
        """Move to the next annotation (after the cursor, wrapping) that carries ``tag``."""
        tagged = self.shown.tagged(tag)
        if not tagged:
            self.notify(f"No annotation carries #{tag}.", timeout=2)
            return
        cursor = self.article.cursor
        target = next((a for a in tagged if a.start > cursor), tagged[0])
        self._jump(target)

    def jump_to(self, annotation_id: int) -> None:
        """Move to the annotation (the panel asked) and put the focus on the text."""
        annotation = self.shown.by_id.get(annotation_id)
        if annotation is not None:
            self._jump(annotation)
            self.article.focus()

    # ------------------------------------------------------------------ export

    def action_export(self) -> None:
        store = self._ready()
        if store is None:
            return
        from briefreader.tui.screens.dialogs import ExportDialog

        brief = store.get_brief_summary(self.brief_id) if self.brief_id is not None else None

        def done(request: Any) -> None:
            if request is not None:
                self.notify(f"Exporting to {request.path}…", timeout=2)
                in_thread(self.screen, partial(self._export, request), "export")

        self.app.push_screen(
            ExportDialog(
                Path.cwd(),
                brief.title if brief else None,
                len(self.annotations) + len(self._orphans),
            ),
            done,
        )

    def _export(self, request: Any) -> None:
        from briefreader.exchange.files import export_to_file

        brief_ids = [self.brief_id] if request.scope == "brief" and self.brief_id else []
        try:
            count = export_to_file(self.brapp.store, request.path, brief_ids, None, request.format)
        except Exception as exc:  # a target refused, a full disk, a busy database: said, kept
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.app.call_from_thread(
                self.notify,
                f"Export failed: {reason}",
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        self.app.call_from_thread(
            self.notify, f"Exported {count:,} annotations to {request.path}", title="Export"
        )
