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
revision): :meth:`AnnotatingMixin._save` for edits, ``_delete`` for deletions, and undo/redo. If
someone else saved or deleted it meanwhile (another user of a shared database, another window),
nothing is overwritten silently: the reader shows their version and the user chooses (see
:mod:`briefreader.tui.screens.dialogs.conflict`).

The commands that edit an annotation's fields (claim, note, tags, quick tags, sources, kind) are
in :mod:`briefreader.tui.screens.edit_commands`; those for orphans and changed text are in
:mod:`briefreader.tui.screens.orphan_commands`. Both are mixins on top of this one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from briefreader.store.errors import Conflict, NotFound
from briefreader.tui.widgets.article import ArticleSpan
from briefreader.tui.widgets.panel import AnnotationPanel

if TYPE_CHECKING:
    from briefreader.reading.edits import Edit
    from briefreader.reading.history import History
    from briefreader.store.api import Annotation, Store, Tag
    from briefreader.tui.app import BriefReaderApp
    from briefreader.tui.commands import TagCommand
    from briefreader.tui.widgets.article import ArticleView

KIND_NAMES = {"highlight": "highlight", "claim": "claim", "note": "note"}


#: The order annotations are kept in: text order, ties by id (computed in C).
_order: Callable[[Annotation], tuple[int, int, int]] = attrgetter("start", "end", "id")


def _ids(*annotations: Annotation | None) -> tuple[int, ...]:
    """The distinct ids of the given annotations, in order."""
    return tuple(dict.fromkeys(a.id for a in annotations if a is not None))


class AnnotatingMixin:
    """Annotation commands for :class:`~briefreader.tui.screens.reader.ReaderScreen`."""

    # Provided by the screen:
    brapp: BriefReaderApp
    article: ArticleView
    panel: AnnotationPanel
    brief_id: int | None
    annotations: list[Annotation]
    notify: Callable[..., None]
    app: Any
    refresh_bindings: Callable[[], None]

    def init_annotating(self) -> None:
        self._history: History | None = None
        self._tag_colors: dict[str, str] = {}
        self._starts: list[int] = []
        self._claims = 0
        self._by_id: dict[int, Annotation] = {}
        # Annotations not on the text, by id.
        self._orphans: dict[int, Annotation] = {}
        # An annotation a command acts on instead of the one under the cursor (an orphan,
        # edited from the panel: it is under no cursor).
        self._target_override: Annotation | None = None

    # ------------------------------------------------------------------ state

    @property
    def history(self) -> History:
        if self._history is None:
            from briefreader.reading.history import History

            self._history = History(self.brapp.store)
        # The app may have opened the database again (its file was replaced while open).
        self._history.store = self.brapp.store
        return self._history

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
        self._tag_colors = {t.name: t.color for t in tags if t.color}

    def _color_of(self, annotation: Annotation) -> str | None:
        if annotation.color or not self._tag_colors:
            return annotation.color or None
        for tag in annotation.tags:
            if tag in self._tag_colors:
                return self._tag_colors[tag]
        return None

    def set_annotations(
        self, annotations: Sequence[Annotation], orphans: Sequence[Annotation] = ()
    ) -> None:
        """Show the brief's annotations: those on the text in the article and the panel's
        list, and its orphans in the panel's orphans list. An orphan given in
        ``annotations`` goes with the orphans."""
        self._orphans = {a.id: a for a in orphans}
        self._orphans.update((a.id, a) for a in annotations if a.orphan)
        self.annotations = sorted((a for a in annotations if not a.orphan), key=_order)
        self._starts = [a.start for a in self.annotations]
        self._by_id = {a.id: a for a in self.annotations}
        self._claims = sum(1 for a in self.annotations if a.kind == "claim")
        self.article.set_annotations(self._span(a) for a in self.annotations)
        self.panel.set_annotations(self.annotations)
        self.panel.set_orphans(self.orphans)
        self.panel.set_cursor(self.article.cursor)
        self.refresh_bindings()
        self._update_progress()

    @property
    def orphans(self) -> list[Annotation]:
        """The brief's orphans (not on the text), where they used to be in it."""
        return sorted(self._orphans.values(), key=_order)

    @property
    def claim_count(self) -> int:
        """How many of the shown annotations are claims."""
        return self._claims

    def _span(self, annotation: Annotation) -> ArticleSpan:
        a = annotation
        return ArticleSpan(a.start, a.end, a.kind, self._color_of(a), a.id)

    def _update_progress(self, *_: object) -> None:  # overridden by the screen
        pass

    def _replace(self, old: Annotation | None, new: Annotation | None) -> None:
        """Swap one annotation in the shown lists and repaint.

        Every edit comes through here, so it is incremental: with 10,000 annotations,
        rebuilding them all (spans, list rows, tag counts) took ~0.5 s per key press. An
        orphan goes to (or comes from) the orphans list instead of the text.
        """
        ids = _ids(old, new)
        had_orphans = bool(self._orphans)
        gone_orphans = [
            held for held in (self._orphans.pop(ann_id, None) for ann_id in ids) if held is not None
        ]
        on_text = None if new is None or new.orphan else new
        if new is not None and new.orphan:
            self._orphans[new.id] = new
        gone = [held for held in (self._take(ann_id) for ann_id in ids) if held is not None]
        if on_text is not None:
            index = bisect_left(self.annotations, _order(on_text), key=_order)
            self.annotations.insert(index, on_text)
            self._starts.insert(index, on_text.start)
            self._by_id[on_text.id] = on_text
            self._claims += on_text.kind == "claim"
        if gone or on_text is not None:
            self.article.update_annotations(
                added=() if on_text is None else (self._span(on_text),), removed=ids
            )
            self.panel.update_annotation(ids[0], on_text)
            if on_text is None and len(ids) > 1:
                self.panel.update_annotation(ids[1], None)
            self.panel.set_cursor(self.article.cursor)
        if gone_orphans or (new is not None and new.orphan):
            self.panel.update_orphans([a.id for a in gone_orphans], new)
            if had_orphans != bool(self._orphans):
                self.refresh_bindings()  # the orphan keys show only while there are orphans
        # The store counts a tag on an orphan too.
        self._update_tag_counts([*gone, *gone_orphans], new)
        self._update_progress()

    def _take(self, annotation_id: int) -> Annotation | None:
        """Remove the shown annotation with this id from the sorted list, and return it."""
        held = self._by_id.pop(annotation_id, None)
        if held is None:
            return None
        index = bisect_left(self.annotations, _order(held), key=_order)
        if index >= len(self.annotations) or self.annotations[index] is not held:
            index = self.annotations.index(held)
        del self.annotations[index]
        del self._starts[index]
        self._claims -= held.kind == "claim"
        return held

    def _update_tag_counts(self, gone: Sequence[Annotation], new: Annotation | None) -> None:
        """Update the panel's tag counts from the change itself (two store queries took
        ~20 ms); the store is asked only when a tag the panel has no record of appears."""
        delta: Counter[str] = Counter()
        for held in gone:
            delta.subtract(held.tags)
        if new is not None:
            delta.update(new.tags)
        if any(delta.values()) and not self.panel.adjust_tag_counts(delta):
            self._refresh_tags()

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
        end = bisect_right(self._starts, cursor)
        for annotation in reversed(self.annotations[:end]):
            if annotation.start <= cursor < annotation.end:
                return annotation
        return None

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
        if self._target_override is not None:
            return self._target_override
        if self.panel.orphans_focused:
            return self.panel.chosen_orphan
        return None

    def _new_span(self) -> tuple[int, int] | None:
        """The span a new annotation covers: the selection, else the sentence at the cursor."""
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

    def _done(self, label: str, before: Annotation | None, after: Annotation | None) -> None:
        self.history.record(label, before, after)
        self._replace(before, after)
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
        from briefreader.store.api import NewAnnotation

        brief_id = self.brief_id
        assert brief_id is not None
        new = NewAnnotation(start=span[0], end=span[1], **fields)
        self._write(
            label,
            lambda store: store.create_annotation(brief_id, new),
            lambda created: self._done(label, None, created),
        )

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
        keymap: dict[str, str] = getattr(self.app, "_keymap", None) or {}
        key = keymap.get(binding_id, default).split(",")[0].strip()
        from textual.binding import Binding

        label: str = self.app.get_key_display(Binding(key, ""))
        return label

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
        chooses: keep theirs, overwrite with mine (the same edit saved on their version), or
        edit mine on their version (``reedit(theirs, yours)`` opens the command's editor;
        without it there is no such choice). If it was deleted elsewhere: restore mine, or drop
        it. Every edit path comes through here, so none overwrites what it never saw.
        """
        if not edit:
            return

        def done(after: Annotation) -> None:
            self._done(label, base, after)
            if saved is not None:
                saved(after)

        def failed(exc: Exception) -> None:
            if isinstance(exc, Conflict):
                self._changed_elsewhere(label, base, exc.current, edit, reedit, saved)
            elif isinstance(exc, NotFound):
                self._deleted_elsewhere(label, base, edit, saved)
            else:
                raise exc

        self._write(label, lambda store: edit.save(store, base), done, failed)

    def _changed_elsewhere(
        self,
        label: str,
        base: Annotation,
        theirs: Annotation,
        edit: Edit,
        reedit: Callable[[Annotation, Annotation], None] | None,
        saved: Callable[[Annotation], None] | None,
    ) -> None:
        from briefreader.reading.compare import changed_fields, differences
        from briefreader.tui.screens.dialogs.conflict import ConflictDialog

        # The reader shows what is stored now, whatever is chosen.
        self._replace(base, theirs)
        if not changed_fields(base, theirs):
            # Saved elsewhere with nothing to see changed (a tag added and removed again):
            # nothing of theirs can be lost.
            self._save(label, theirs, edit, reedit=reedit, saved=saved)
            return
        yours = edit.apply(theirs)
        rows, _ = differences(base, theirs, yours)
        if not rows:
            self.notify("The same change was already saved elsewhere.", timeout=4)
            return

        def chosen(choice: str | None) -> None:
            if choice == "mine":
                self._save(label, theirs, edit, reedit=reedit, saved=saved)
            elif choice == "edit" and reedit is not None:
                reedit(theirs, yours)
            else:
                self.notify(
                    "Kept the version saved elsewhere; your change was not saved.", timeout=4
                )

        self.app.push_screen(
            ConflictDialog(
                base,
                theirs,
                yours,
                what=KIND_NAMES.get(theirs.kind, "annotation"),
                can_edit=reedit is not None,
            ),
            chosen,
        )

    def _deleted_elsewhere(
        self,
        label: str,
        base: Annotation,
        edit: Edit,
        saved: Callable[[Annotation], None] | None,
    ) -> None:
        from briefreader.tui.screens.dialogs import DeletedElsewhereDialog

        def chosen(choice: str | None) -> None:
            if choice != "restore":
                self._replace(base, None)
                self.notify("Dropped it: it was deleted elsewhere.", timeout=4)
                return

            def restored(after: Annotation) -> None:
                # One step for undo: from "deleted" (where the other side left it) to yours.
                self._done(label, None, after)
                if saved is not None:
                    saved(after)

            def not_restored(exc: Exception) -> None:
                self._replace(base, None)
                self.notify(f"Could not restore it: {exc}", severity="error", timeout=8)

            self.brapp.writes.run(
                label,
                lambda store: edit.save(store, store.restore_annotation(base)),
                restored,
                not_restored,
            )

        self.app.push_screen(
            DeletedElsewhereDialog(edit.apply(base), what=KIND_NAMES.get(base.kind, "annotation")),
            chosen,
        )

    def _delete(
        self, annotation: Annotation, label: str, deleted: Callable[[Annotation], None]
    ) -> None:
        """Delete ``annotation`` unless it was changed elsewhere since it was shown (then the
        user chooses: keep theirs, or delete anyway); ``deleted`` gets what was deleted."""
        store = self.brapp.store
        try:
            current = store.get_annotation(annotation.id)
        except NotFound:
            self._replace(annotation, None)
            self.notify("It was already deleted elsewhere.", timeout=4)
            return
        if current.revision != annotation.revision:
            from briefreader.reading.compare import changed_fields
            from briefreader.tui.screens.dialogs.conflict import ConflictDialog

            self._replace(annotation, current)
            if changed_fields(annotation, current):

                def chosen(choice: str | None) -> None:
                    if choice == "mine":
                        self._delete(current, label, deleted)
                    else:
                        self.notify("Kept the version saved elsewhere.", timeout=4)

                self.app.push_screen(
                    ConflictDialog(
                        annotation,
                        current,
                        None,
                        what=KIND_NAMES.get(current.kind, "annotation"),
                        can_edit=False,
                        mine_label="Delete anyway",
                    ),
                    chosen,
                )
                return
            annotation = current

        def done(gone: Annotation) -> None:
            self.history.record(label, gone, None)
            self._replace(annotation, None)
            deleted(gone)

        def failed(exc: Exception) -> None:
            if isinstance(exc, Conflict):
                # Changed between the check above and the delete: check (and ask) again.
                self._delete(annotation, label, deleted)
            elif isinstance(exc, NotFound):
                self._replace(annotation, None)
                self.notify("It was already deleted elsewhere.", timeout=4)
            else:
                raise exc

        revision = annotation.revision
        self._write(
            label,
            lambda store: store.delete_annotation(annotation.id, expected_revision=revision),
            done,
            failed,
        )

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
        verb = "undo" if undo else "redo"
        change = self.history.peek(undo=undo)
        if change is None:
            self.notify(f"Nothing to {verb}.", timeout=2)
            return
        # What the store should hold now, and what the step puts there.
        expected, target = (change.after, change.before) if undo else (change.before, change.after)
        if expected is None:
            self._apply_step(undo=undo)
            return
        try:
            current: Annotation | None = self.brapp.store.get_annotation(expected.id)
        except NotFound:
            current = None
        if current is None:
            self._step_deleted_elsewhere(expected, target, undo=undo)
            return
        if current.revision != expected.revision:
            from briefreader.reading.compare import changed_fields
            from briefreader.tui.screens.dialogs.conflict import ConflictDialog

            self._replace(expected, current)
            if changed_fields(expected, current):

                def chosen(choice: str | None) -> None:
                    if choice == "mine":
                        self._apply_step(undo=undo)
                    else:
                        self.history.discard(undo=undo)
                        done = "undone" if undo else "redone"
                        self.notify(
                            f"Kept the version saved elsewhere; {change.label} not {done}.",
                            timeout=4,
                        )

                self.app.push_screen(
                    ConflictDialog(
                        expected,
                        current,
                        target,
                        what=KIND_NAMES.get(current.kind, "annotation"),
                        can_edit=False,
                        mine_label=f"{verb.capitalize()} anyway",
                    ),
                    chosen,
                )
                return
        self._apply_step(undo=undo)

    def _step_deleted_elsewhere(
        self, expected: Annotation, target: Annotation | None, *, undo: bool
    ) -> None:
        """Undo/redo of a change to an annotation deleted elsewhere since: nothing to do if
        the step would delete it; otherwise restore it, or drop the step."""
        self._replace(expected, None)
        if target is None:
            self.history.discard(undo=undo)
            self.notify("It was deleted elsewhere already: nothing to do.", timeout=4)
            return
        from briefreader.tui.screens.dialogs import DeletedElsewhereDialog

        def chosen(choice: str | None) -> None:
            if choice == "restore":
                self._apply_step(undo=undo)
            else:
                self.history.discard(undo=undo)
                self.notify("Dropped it: it was deleted elsewhere.", timeout=4)

        self.app.push_screen(
            DeletedElsewhereDialog(
                target,
                what=KIND_NAMES.get(target.kind, "annotation"),
                change="undo" if undo else "redo",
            ),
            chosen,
        )

    def _apply_step(self, *, undo: bool) -> None:
        verb = "undo" if undo else "redo"
        history = self.history

        def failed(exc: Exception) -> None:
            if not isinstance(exc, NotFound | ValueError):
                raise exc
            self.notify(f"Could not {verb}: {exc}", severity="error", timeout=6)

        self.brapp.writes.run(
            verb,
            lambda _store: history.undo() if undo else history.redo(),
            lambda result: self._stepped(result, undo=undo),
            failed,
        )

    def _stepped(self, result: Any, *, undo: bool) -> None:
        verb = "undo" if undo else "redo"
        if result is None:
            self.notify(f"Nothing to {verb}.", timeout=2)
            return
        change, now = result
        self._replace(change.after if undo else change.before, now)
        message = f"{'Undid' if undo else 'Redid'} {change.label}"
        if now is not None and now.orphan:
            self.panel.choose_orphan(now.id)
            message += " — it is in the orphans list again"
        elif now is not None:
            self.article.move_to(now.start, extend=False)
        self.notify(message, timeout=2)

    def _jump(self, annotation: Annotation) -> None:
        self.article.move_to(annotation.start, extend=False)
        self.article.scroll_to_offset(annotation.start)

    def action_next_annotation(self) -> None:
        index = bisect_right(self._starts, self.article.cursor)
        if index < len(self.annotations):
            self._jump(self.annotations[index])
        else:
            self.notify("No more annotations after the cursor.", timeout=2)

    def action_previous_annotation(self) -> None:
        index = bisect_left(self._starts, self.article.cursor)
        if index > 0:
            self._jump(self.annotations[index - 1])
        else:
            self.notify("No annotations before the cursor.", timeout=2)

    def tag_commands(self) -> list[TagCommand]:
        """Palette entries for each tag of this brief: jump to its next annotation, or show
        only its annotations in the panel."""
        from briefreader.tui.commands import TagCommand

        tags = sorted({tag for annotation in self.annotations for tag in annotation.tags})
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
        tagged = [a for a in self.annotations if tag in a.tags]
        if not tagged:
            self.notify(f"No annotation carries #{tag}.", timeout=2)
            return
        cursor = self.article.cursor
        target = next((a for a in tagged if a.start > cursor), tagged[0])
        self._jump(target)

    # ------------------------------------------------------------------ panel messages
    # Named handlers, not @on: this mixin is not a MessagePump, so decorated handlers on it
    # would never be registered; Textual finds on_* methods anywhere in the screen's MRO.

    def on_annotation_panel_to_article(self, event: AnnotationPanel.ToArticle) -> None:
        event.stop()
        self.article.focus()

    def on_annotation_panel_jump_to(self, event: AnnotationPanel.JumpTo) -> None:
        for annotation in self.annotations:
            if annotation.id == event.annotation_id:
                self._jump(annotation)
                self.article.focus()
                return

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
                self._export(request)

        self.app.push_screen(
            ExportDialog(
                Path.cwd(),
                brief.title if brief else None,
                len(self.annotations) + len(self._orphans),
            ),
            done,
        )

    @work(thread=True, group="export", exit_on_error=False)
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
