"""The reader's commands that edit what an annotation says, each through a dialog or a key:
claim, note, tags, quick tags (1-9), sources, and cycling its kind; and the panel's requests to
edit an annotation (or an orphan, which no cursor is on), remove a source, or bind a tag to a
quick key.

A mixin for :class:`~briefreader.tui.screens.reader.ReaderScreen`, on top of
:class:`~briefreader.tui.screens.annotating.AnnotatingMixin`, which decides what a command acts
on (``_target``) and records and shows every change (``_create``, ``_done``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefreader.tui.screens.annotating import AnnotatingMixin
from briefreader.tui.widgets.panel import AnnotationPanel

if TYPE_CHECKING:
    from briefreader.store.api import Annotation


class EditCommandsMixin(AnnotatingMixin):
    """Commands that edit an annotation's fields, for the reader screen."""

    def _quote_of(self, annotation: Annotation | None, span: tuple[int, int] | None) -> str:
        if annotation is not None:
            return annotation.quote
        assert span is not None
        return self.article.text[span[0] : span[1]]

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

    # ------------------------------------------------------------------ panel messages
    # Named handlers, not @on: this mixin is not a MessagePump, so decorated handlers on it
    # would never be registered; Textual finds on_* methods anywhere in the screen's MRO.

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
