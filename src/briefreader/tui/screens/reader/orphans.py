"""The reader's commands for annotations that are not (or no longer exactly) on the text after
the brief's text was replaced: orphans (re-attached to a span with A, or deleted from the panel)
and "text changed" flags (accepted with a, or from the panel); the orphans list's focus (O); and
the footer showing the orphan keys only while there are orphans.

A part of the reader screen (:mod:`~briefreader.tui.screens.reader.part`) that works through
the screen's ``core`` (:class:`~briefreader.tui.screens.reader.core.Annotating`), whose state it
reads and whose session moves an annotation between the text and the orphans list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefreader.reading.edits import Edit
from briefreader.text.display import display_safe
from briefreader.tui.prompts import KIND_NAMES
from briefreader.tui.screens.reader.part import ReaderPart
from briefreader.tui.widgets.panel import AnnotationPanel

if TYPE_CHECKING:
    from briefreader.store.api import Annotation
    from briefreader.tui.screens.reader.core import Annotating
    from briefreader.tui.screens.reader.screen import ReaderScreen


class OrphanCommands(ReaderPart):
    """Orphan and "text changed" commands for the reader screen."""

    def __init__(self, screen: ReaderScreen, core: Annotating) -> None:
        super().__init__(screen)
        self.core = core

    def allows(self, action: str) -> bool:
        """The orphan keys show in the footer (and work) only while the brief has orphans."""
        return action not in ("attach_orphan", "orphans") or bool(self.core._orphans)

    def action_orphans(self) -> None:
        self.panel.focus_orphans()

    def action_attach_orphan(self) -> None:
        """Put the orphan chosen in the panel on the selection (or the cursor's sentence)."""
        store = self.core._ready()
        if store is None:
            return
        orphan = self.panel.chosen_orphan
        if orphan is None:
            self.notify("No orphans: every annotation is on the text.", timeout=2)
            return
        span = self.core._new_span()
        if span is None:
            return
        self.core._save(
            "attach",
            orphan,
            Edit(attach=(span[0], span[1], self.article.text[span[0] : span[1]])),
            saved=self._attached,
        )

    def _attached(self, attached: Annotation) -> None:
        # The cursor goes onto it, so the panel shows it (and its old quote if that changed).
        self.article.move_to(attached.end - 1, extend=False)
        self.panel.set_cursor(self.article.cursor)
        message = f"Attached the {KIND_NAMES.get(attached.kind, 'annotation')} here"
        if attached.previous_quote is not None:
            accept = self.core._key_label("reader.accept_change", "a")
            message += f"; its quote changed ({accept} accepts the new text)"
        left = len(self.core._orphans)
        if left:
            message += f". {left} orphan{'s' if left != 1 else ''} left"
        self.notify(f"{message}. {self.core._key_label('reader.undo', 'u')} undoes.", timeout=5)

    def action_accept_change(self) -> None:
        """Accept the new quote of the changed annotation under the cursor."""
        if self.core._ready() is None:
            return
        under = [self.core._by_id[i] for i in self.panel.under_cursor if i in self.core._by_id]
        current = self.core.under_cursor()
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
        if self.core._ready() is None:
            return
        self.core._save(
            "accept text change",
            annotation,
            Edit(accept_text=True),
            saved=lambda _: self.notify("Accepted the new text.", timeout=2),
        )

    def on_annotation_panel_accept_change_requested(
        self, event: AnnotationPanel.AcceptChangeRequested
    ) -> None:
        annotation = self.core._by_id.get(event.annotation_id)
        if annotation is not None and annotation.previous_quote is not None:
            self._accept_change(annotation)

    def on_annotation_panel_orphan_jump_to(self, event: AnnotationPanel.OrphanJumpTo) -> None:
        orphan = self.core._orphans.get(event.annotation_id)
        if orphan is None:
            return
        self.core._jump(orphan)
        self.article.focus()
        attach = self.core._key_label("reader.attach_orphan", "A")
        self.notify(
            f"Around here is where it was. Select where it belongs (s: a sentence, v: select) "
            f"and press {attach}.",
            timeout=5,
        )

    def on_annotation_panel_delete_orphan_requested(
        self, event: AnnotationPanel.DeleteOrphanRequested
    ) -> None:
        orphan = self.core._orphans.get(event.annotation_id)
        if orphan is None or self.core._ready() is None:
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
        undo = self.core._key_label("reader.undo", "u")
        message += f"? It is not on the text, so nothing else shows it. {undo} undoes."

        def done(confirmed: bool | None) -> None:
            if not confirmed or orphan.id not in self.core._orphans:
                return
            self.core._delete(
                orphan,
                "delete orphan",
                lambda _: self.notify(f"Deleted the orphan — press {undo} to undo", timeout=4),
            )

        self.app.push_screen(ConfirmDialog("Delete orphan", message), done)
