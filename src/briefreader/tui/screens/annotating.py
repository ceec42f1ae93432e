"""The reader's annotation commands: highlight, claim, note, tags, quick tags, sources, delete,
undo/redo, jumping between annotations, export; and the annotations that are not (or no longer
exactly) on the text after the brief's text was replaced: orphans (re-attached to a span, or
deleted) and "text changed" flags (accepted).

What a command acts on: the selection if there is one (a new annotation); otherwise the
annotation under the cursor if there is one (it is edited); otherwise the sentence under the
cursor (a new annotation). Every write goes through the Store and is committed before the view
shows it; every change is recorded for undo.

Orphans are kept apart from :attr:`annotations` (which are all on the text, in text order):
they are never painted in the article, never "under the cursor", and have their own list in the
panel. One change can move an annotation between the two (re-attach, or undoing it).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from briefreader.text.display import display_safe
from briefreader.tui.widgets.article import ArticleSpan
from briefreader.tui.widgets.panel import AnnotationPanel

if TYPE_CHECKING:
    from briefreader.history import History
    from briefreader.store.api import Annotation, Store, Tag
    from briefreader.tui.app import BriefReaderApp
    from briefreader.tui.commands import TagCommand
    from briefreader.tui.widgets.article import ArticleView

KIND_NAMES = {"highlight": "highlight", "claim": "claim", "note": "note"}


def _order(annotation: Annotation) -> tuple[int, int, int]:
    """The order annotations are kept in: text order, ties by id."""
    return (annotation.start, annotation.end, annotation.id)


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
            from briefreader.history import History

            self._history = History(self.brapp.store)
        return self._history

    def _ready(self) -> Store | None:
        """The store, or None (with a message) while the brief is still loading."""
        if self.brief_id is None or not self.brapp.store_ready:
            self.notify("Still opening the library — one moment.", timeout=2)
            return None
        return self.brapp.store

    def set_tag_colors(self, tags: Sequence[Tag]) -> None:
        self._tag_colors = {t.name: t.color for t in tags if t.color}

    def _color_of(self, annotation: Annotation) -> str | None:
        if annotation.color:
            return annotation.color
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

    def _quote_of(self, annotation: Annotation | None, span: tuple[int, int] | None) -> str:
        if annotation is not None:
            return annotation.quote
        assert span is not None
        return self.article.text[span[0] : span[1]]

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

    def _create(self, span: tuple[int, int], label: str, **fields: Any) -> Annotation | None:
        from briefreader.store.api import NewAnnotation

        store = self.brapp.store
        assert self.brief_id is not None
        try:
            created = store.create_annotation(
                self.brief_id, NewAnnotation(start=span[0], end=span[1], **fields)
            )
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return None
        self._done(label, None, created)
        return created

    # ------------------------------------------------------------------ commands

    def action_highlight(self) -> None:
        if self._ready() is None:
            return
        span = self._new_span()
        if span is not None:
            self._create(span, "highlight", kind="highlight")

    def action_claim(self) -> None:
        if self._ready() is None:
            return
        existing, span = self._target()
        if existing is None and span is None:
            return
        from briefreader.tui.screens.dialogs import ClaimDialog, ClaimFields

        initial = None
        if existing is not None and existing.kind == "claim":
            initial = ClaimFields(
                existing.claimant, existing.claim_type, existing.claim_status or "unverified"
            )

        def done(fields: ClaimFields | None) -> None:
            if fields is None:
                return
            values = {
                "claimant": fields.claimant,
                "claim_type": fields.claim_type,
                "claim_status": fields.claim_status,
            }
            if existing is None:
                assert span is not None
                self._create(span, "claim", kind="claim", **values)
            else:
                self._edit(existing, "claim", kind="claim", **values)

        self.app.push_screen(
            ClaimDialog(self._quote_of(existing, span), initial, known_claimants=self._claimants()),
            done,
        )

    def _claimants(self) -> list[str]:
        return sorted({a.claimant for a in self.annotations if a.claimant})

    def _edit(self, annotation: Annotation, label: str, **fields: Any) -> None:
        from briefreader.store.api import Conflict

        try:
            updated = self.brapp.store.update_annotation(
                annotation.id, expected_revision=annotation.revision, **fields
            )
        except Conflict as exc:
            self._replace(annotation, exc.current)
            self.notify(
                "This annotation was changed elsewhere; the panel now shows that version. "
                "Make your change again if you still want it.",
                title="Not saved",
                severity="warning",
                timeout=8,
            )
            return
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return
        self._done(label, annotation, updated)

    def action_note(self) -> None:
        if self._ready() is None:
            return
        existing, span = self._target()
        if existing is None and span is None:
            return
        from briefreader.tui.screens.dialogs import NoteDialog

        def done(note: str | None) -> None:
            if note is None:
                return
            if existing is None:
                assert span is not None
                if note.strip():
                    self._create(span, "note", kind="note", note=note)
            else:
                self._edit(existing, "note", note=note)

        initial = existing.note if existing else ""
        self.app.push_screen(NoteDialog(self._quote_of(existing, span), initial), done)

    def action_tags(self) -> None:
        if self._ready() is None:
            return
        existing, span = self._target()
        if existing is None and span is None:
            return
        from briefreader.tui.screens.dialogs import TagsDialog

        known = [t.name for t in self.brapp.store.list_tags()]

        def done(tags: list[str] | None) -> None:
            if tags is None:
                return
            if existing is None:
                assert span is not None
                if tags:
                    self._create(span, "tags", kind="highlight", tags=tuple(tags))
            else:
                updated = self.brapp.store.set_annotation_tags(existing.id, tags)
                self._done("tags", existing, updated)

        current = list(existing.tags) if existing else []
        self.app.push_screen(TagsDialog(self._quote_of(existing, span), current, known), done)

    def action_cycle_kind(self) -> None:
        """highlight → claim → note → highlight, for the annotation under the cursor."""
        existing = self._existing_under_cursor()
        if existing is None:
            return
        order = ("highlight", "claim", "note")
        kind = order[(order.index(existing.kind) + 1) % len(order)]
        self._edit(existing, "kind", kind=kind)
        self.notify(f"Now a {kind}", timeout=1.5)

    def action_quick_tag(self, key: int) -> None:
        store = self._ready()
        if store is None:
            return
        tag = store.tag_for_key(key)
        if tag is None:
            self.notify(
                f"No tag is on key {key} yet. Focus the panel (tab), pick a tag and press b — "
                "or tag with t first.",
                timeout=5,
            )
            return
        existing, span = self._target()
        if existing is not None:
            updated, added = store.toggle_annotation_tag(existing.id, tag.name)
            self._done("tag", existing, updated)
            self.notify(f"{'Added' if added else 'Removed'} #{tag.name}", timeout=1.5)
        elif span is not None:
            self._create(span, "tag", kind="highlight", tags=(tag.name,))

    def action_link_source(self) -> None:
        if self._ready() is None:
            return
        existing, span = self._target()
        if existing is None and span is None:
            return
        from briefreader.tui.screens.dialogs import SourceDialog

        def done(source: Any) -> None:
            if source is None:
                return
            store = self.brapp.store
            assert self.brief_id is not None
            try:
                if existing is None:
                    from briefreader.store.api import NewAnnotation

                    assert span is not None
                    created = store.create_annotation(
                        self.brief_id, NewAnnotation(span[0], span[1], sources=(source,))
                    )
                    self._done("source", None, created)
                else:
                    store.add_source(existing.id, source)
                    self._done("source", existing, store.get_annotation(existing.id))
            except ValueError as exc:
                self.notify(str(exc), severity="error")

        self.app.push_screen(SourceDialog(self._quote_of(existing, span)), done)

    def action_delete(self) -> None:
        existing = self._existing_under_cursor()
        if existing is None:
            return
        gone = self.brapp.store.delete_annotation(existing.id)
        self.history.record("delete", gone, None)
        self._replace(existing, None)
        self.notify(f"Deleted {KIND_NAMES[gone.kind]} — press u to undo", timeout=4)

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    def _step(self, *, undo: bool) -> None:
        """Undo or redo one change; the screen follows the store."""
        if self._ready() is None:
            return
        result = self.history.undo() if undo else self.history.redo()
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

    def on_annotation_panel_jump_to(self, event: AnnotationPanel.JumpTo) -> None:
        for annotation in self.annotations:
            if annotation.id == event.annotation_id:
                self._jump(annotation)
                self.article.focus()
                return

    def on_annotation_panel_edit_requested(self, event: AnnotationPanel.EditRequested) -> None:
        action = {
            "note": self.action_note,
            "claim": self.action_claim,
            "tags": self.action_tags,
            "source": self.action_link_source,
            "kind": self.action_cycle_kind,
        }.get(event.field)
        if action is None:
            return
        orphan = self._orphans.get(event.annotation_id)
        if orphan is not None:
            # Not on the text, so not under the cursor: the command is pointed at it.
            self._target_override = orphan
            try:
                action()
            finally:
                self._target_override = None
            return
        target = self._by_id.get(event.annotation_id)
        if target is None:
            return
        self.article.move_to(target.start, extend=False)
        action()

    def on_annotation_panel_delete_source_requested(
        self, event: AnnotationPanel.DeleteSourceRequested
    ) -> None:
        store = self._ready()
        if store is None:
            return
        owner = next(
            (
                a
                for a in (*self.annotations, *self._orphans.values())
                if any(s.id == event.source_id for s in a.sources)
            ),
            None,
        )
        if owner is None:
            return
        store.delete_source(event.source_id)
        self._done("source removal", owner, store.get_annotation(owner.id))
        self.notify("Source removed — press u to undo", timeout=3)

    def on_annotation_panel_bind_key_requested(
        self, event: AnnotationPanel.BindKeyRequested
    ) -> None:
        store = self._ready()
        if store is None:
            return
        from briefreader.tui.screens.dialogs import BindKeyDialog

        def done(result: tuple[str, int | None] | None) -> None:
            if result is None:
                return
            name, key = result
            try:
                tag = store.update_tag(name, quick_key=key)
            except ValueError as exc:
                self.notify(str(exc), severity="error")
                return
            self._refresh_tags()
            where = f"key {key}" if key else "no key"
            self.notify(f"#{tag.name} is now on {where}", timeout=3)

        self.app.push_screen(BindKeyDialog(store.list_tags(), initial=event.tag_name or ""), done)

    # ------------------------------------------------------------------ orphans and changed text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("attach_orphan", "orphans"):
            # Shown in the footer (and working) only while the brief has orphans.
            return bool(self._orphans)
        return True

    def action_orphans(self) -> None:
        self.panel.focus_orphans()

    def action_attach_orphan(self) -> None:
        """Put the orphan chosen in the panel on the selection (or the cursor's sentence)."""
        store = self._ready()
        if store is None:
            return
        orphan = self.panel.chosen_orphan
        if orphan is None:
            self.notify("No orphans: every annotation is on the text.", timeout=2)
            return
        span = self._new_span()
        if span is None:
            return
        from briefreader.store.api import Conflict

        try:
            attached = store.reattach_annotation(
                orphan.id, span[0], span[1], expected_revision=orphan.revision
            )
        except Conflict as exc:
            self._replace(orphan, exc.current)
            self.notify(
                "This orphan was changed elsewhere; the panel now shows that version. "
                "Attach it again if you still want to.",
                title="Not attached",
                severity="warning",
                timeout=8,
            )
            return
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return
        self.history.record("attach", orphan, attached)
        self._replace(orphan, attached)
        self.article.clear_selection()
        # The cursor goes onto it, so the panel shows it (and its old quote if that changed).
        self.article.move_to(attached.end - 1, extend=False)
        self.panel.set_cursor(self.article.cursor)
        message = f"Attached the {KIND_NAMES.get(attached.kind, 'annotation')} here"
        if attached.previous_quote is not None:
            accept = self._key_label("reader.accept_change", "a")
            message += f"; its quote changed ({accept} accepts the new text)"
        left = len(self._orphans)
        if left:
            message += f". {left} orphan{'s' if left != 1 else ''} left"
        self.notify(f"{message}. {self._key_label('reader.undo', 'u')} undoes.", timeout=5)

    def _key_label(self, binding_id: str, default: str) -> str:
        """The key bound to ``binding_id`` now (a remapped one wins), for messages."""
        keymap: dict[str, str] = getattr(self.app, "_keymap", None) or {}
        key = keymap.get(binding_id, default).split(",")[0].strip()
        from textual.binding import Binding

        label: str = self.app.get_key_display(Binding(key, ""))
        return label

    def action_accept_change(self) -> None:
        """Accept the new quote of the changed annotation under the cursor."""
        if self._ready() is None:
            return
        under = [self._by_id[i] for i in self.panel.under_cursor if i in self._by_id]
        current = self.under_cursor()
        if current is not None:
            under.insert(0, current)
        changed = next((a for a in under if a.previous_quote is not None), None)
        if changed is None:
            self.notify(
                "No changed text under the cursor. Annotations whose text changed are marked "
                "≠ in the panel (type 'changed' in its filter to list them).",
                timeout=4,
            )
            return
        self._accept_change(changed)

    def _accept_change(self, annotation: Annotation) -> None:
        store = self._ready()
        if store is None:
            return
        try:
            accepted = store.accept_text_change(annotation.id)
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return
        self._done("accept text change", annotation, accepted)
        self.notify("Accepted the new text.", timeout=2)

    def on_annotation_panel_accept_change_requested(
        self, event: AnnotationPanel.AcceptChangeRequested
    ) -> None:
        annotation = self._by_id.get(event.annotation_id)
        if annotation is not None and annotation.previous_quote is not None:
            self._accept_change(annotation)

    def on_annotation_panel_orphan_jump_to(self, event: AnnotationPanel.OrphanJumpTo) -> None:
        orphan = self._orphans.get(event.annotation_id)
        if orphan is None:
            return
        self._jump(orphan)
        self.article.focus()
        attach = self._key_label("reader.attach_orphan", "A")
        self.notify(
            f"Around here is where it was. Select where it belongs (s: a sentence, v: select) "
            f"and press {attach}.",
            timeout=5,
        )

    def on_annotation_panel_delete_orphan_requested(
        self, event: AnnotationPanel.DeleteOrphanRequested
    ) -> None:
        orphan = self._orphans.get(event.annotation_id)
        if orphan is None or self._ready() is None:
            return
        from briefreader.tui.screens.dialogs import ConfirmDialog

        kept = [
            what
            for what, present in (
                ("its note", bool(orphan.note.strip())),
                ("its tags", bool(orphan.tags)),
                ("its sources", bool(orphan.sources)),
            )
            if present
        ]
        quote = " ".join(display_safe(orphan.quote).split())
        if len(quote) > 120:
            quote = quote[:119].rstrip() + "…"
        message = f"Delete the orphaned {KIND_NAMES.get(orphan.kind, 'annotation')} “{quote}”"
        if kept:
            message += " with " + ", ".join(kept)
        undo = self._key_label("reader.undo", "u")
        message += f"? It is not on the text, so nothing else shows it. {undo} undoes."

        def done(confirmed: bool | None) -> None:
            if not confirmed or orphan.id not in self._orphans:
                return
            gone = self.brapp.store.delete_annotation(orphan.id)
            self.history.record("delete orphan", gone, None)
            self._replace(orphan, None)
            self.notify(f"Deleted the orphan — press {undo} to undo", timeout=4)

        self.app.push_screen(ConfirmDialog("Delete orphan", message), done)

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
        except OSError as exc:
            self.app.call_from_thread(
                self.notify, f"Export failed: {exc}", severity="error", timeout=8
            )
            return
        self.app.call_from_thread(
            self.notify, f"Exported {count:,} annotations to {request.path}", title="Export"
        )
