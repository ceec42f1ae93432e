"""The reader's commands that edit what an annotation says, each through a dialog or a key:
claim, note, tags, quick tags (1-9), sources, and cycling its kind; and the panel's requests to
edit an annotation (or an orphan, which no cursor is on), remove a source, or bind a tag to a
quick key.

A part of the reader screen (:mod:`~briefreader.tui.screens.reader.part`) that works through
the screen's ``core`` (:class:`~briefreader.tui.screens.reader.core.Annotating`), which decides
what a command acts on (``_target``) and saves an edit against the version shown (``_save``: a
change made elsewhere meanwhile is shown and the user chooses).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from briefreader import vocabulary
from briefreader.reading.edits import Edit
from briefreader.tui.screens.reader.part import ReaderPart
from briefreader.tui.widgets.panel import AnnotationPanel

if TYPE_CHECKING:
    from briefreader.store.api import Annotation, SourceInput, Tag
    from briefreader.tui.screens.dialogs import ClaimFields
    from briefreader.tui.screens.reader.core import Annotating
    from briefreader.tui.screens.reader.screen import ReaderScreen


def _claim_fields(annotation: Annotation) -> ClaimFields | None:
    """What the claim dialog shows for ``annotation`` (None: not a claim yet)."""
    from briefreader.tui.screens.dialogs import ClaimFields

    if annotation.kind != "claim":
        return None
    a = annotation
    return ClaimFields(a.claimant, a.claim_type, a.claim_status or "unverified")


def _claim_values(fields: ClaimFields) -> dict[str, Any]:
    return {
        "claimant": fields.claimant,
        "claim_type": fields.claim_type,
        "claim_status": fields.claim_status,
    }


class EditCommands(ReaderPart):
    """Commands that edit an annotation's fields, for the reader screen.

    An edit of an existing annotation is saved through :meth:`Annotating._save`, against
    the version shown; each command's editor can be reopened on another version (the "edit
    mine" choice after a conflict), pre-filled with what the user had typed.
    """

    def __init__(self, screen: ReaderScreen, core: Annotating) -> None:
        super().__init__(screen)
        self.core = core

    def _quote_of(self, annotation: Annotation | None, span: tuple[int, int] | None) -> str:
        if annotation is not None:
            return annotation.quote
        assert span is not None
        return self.article.text[span[0] : span[1]]

    # ------------------------------------------------------------------ claim

    def action_claim(self) -> None:
        if self.core._ready() is None:
            return
        existing, span = self.core._target()
        if existing is not None:
            self._edit_claim(existing, _claim_fields(existing))
        elif span is not None:
            self._claim_dialog(
                self._quote_of(None, span),
                self.screen.suggestions.claim_fields(*span),  # a suggestion: guessed
                lambda fields: self.core._create(
                    span, "claim", kind="claim", **_claim_values(fields)
                ),
            )

    def _claim_dialog(
        self, quote: str, initial: ClaimFields | None, then: Callable[[ClaimFields], object]
    ) -> None:
        from briefreader.tui.screens.dialogs import ClaimDialog

        def done(fields: ClaimFields | None) -> None:
            if fields is not None:
                then(fields)

        self.app.push_screen(ClaimDialog(quote, initial, known_claimants=self._claimants()), done)

    def _edit_claim(self, base: Annotation, initial: ClaimFields | None) -> None:
        """The claim dialog on ``base``, pre-filled with ``initial``; saved against ``base``."""

        def save(fields: ClaimFields) -> None:
            self.core._save(
                "claim",
                base,
                Edit.between(base, kind="claim", **_claim_values(fields)),
                reedit=lambda theirs, yours: self._edit_claim(theirs, _claim_fields(yours)),
            )

        self._claim_dialog(base.quote, initial, save)

    def _claimants(self) -> list[str]:
        return sorted({a.claimant for a in self.core.annotations if a.claimant})

    # ------------------------------------------------------------------ note

    def action_note(self) -> None:
        if self.core._ready() is None:
            return
        existing, span = self.core._target()
        if existing is not None:
            self._edit_note(existing, existing.note)
            return
        if span is None:
            return
        from briefreader.tui.screens.dialogs import NoteDialog

        def done(note: str | None) -> None:
            if note is not None and note.strip():
                self.core._create(span, "note", kind="note", note=note)

        self.app.push_screen(NoteDialog(self._quote_of(None, span), ""), done)

    def _edit_note(self, base: Annotation, initial: str) -> None:
        from briefreader.tui.screens.dialogs import NoteDialog

        def done(note: str | None) -> None:
            if note is None:
                return
            self.core._save(
                "note",
                base,
                Edit.between(base, note=note),
                reedit=lambda theirs, yours: self._edit_note(theirs, yours.note),
            )

        self.app.push_screen(NoteDialog(base.quote, initial), done)

    # ------------------------------------------------------------------ tags

    def action_tags(self) -> None:
        if self.core._ready() is None:
            return
        existing, span = self.core._target()
        if existing is not None:
            self._edit_tags(existing, existing.tags)
            return
        if span is None:
            return
        from briefreader.tui.screens.dialogs import TagsDialog

        def done(tags: list[str] | None) -> None:
            if tags:
                self.core._create(span, "tags", kind="highlight", tags=tuple(tags))

        known = self.brapp.store.tags_by_use()  # the most used first
        self.app.push_screen(TagsDialog(self._quote_of(None, span), [], known), done)

    def _edit_tags(self, base: Annotation, current: Sequence[str]) -> None:
        from briefreader.tui.screens.dialogs import TagsDialog

        def done(tags: list[str] | None) -> None:
            if tags is None:
                return
            self.core._save(
                "tags",
                base,
                Edit.between(base, tags=tags),
                reedit=lambda theirs, yours: self._edit_tags(theirs, yours.tags),
            )

        known = self.brapp.store.tags_by_use()  # the most used first
        self.app.push_screen(TagsDialog(base.quote, current, known), done)

    def action_quick_tag(self, key: int) -> None:
        store = self.core._ready()
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
        existing, span = self.core._target()
        if existing is not None:
            name = tag.name
            adding = name not in existing.tags
            change = frozenset({name})
            self.core._save(
                "tag",
                existing,
                Edit(add_tags=change) if adding else Edit(remove_tags=change),
                reedit=lambda theirs, yours: self._edit_tags(theirs, yours.tags),
                saved=lambda _: self.notify(
                    f"{'Added' if adding else 'Removed'} #{name}", timeout=1.5
                ),
            )
        elif span is not None:
            self.core._create(span, "tag", kind="highlight", tags=(tag.name,))

    # ------------------------------------------------------------------ kind

    def action_cycle_kind(self) -> None:
        """highlight → claim → note → highlight, for the annotation under the cursor."""
        existing = self.core._existing_under_cursor()
        if existing is None:
            return
        order = vocabulary.KINDS
        kind = order[(order.index(existing.kind) + 1) % len(order)]
        self.core._save(
            "kind",
            existing,
            Edit.between(existing, kind=kind),
            saved=lambda now: self.notify(f"Now a {now.kind}", timeout=1.5),
        )

    # ------------------------------------------------------------------ sources

    def action_link_source(self) -> None:
        if self.core._ready() is None:
            return
        existing, span = self.core._target()
        if existing is not None:
            self._source_dialog(existing, None)
            return
        if span is None:
            return
        from briefreader.tui.screens.dialogs import SourceDialog

        def done(source: SourceInput | None) -> None:
            if source is None:
                return
            self.core._create(span, "source", sources=(source,))

        dialog = SourceDialog(self._quote_of(None, span), known=self._known_sources)
        self.app.push_screen(dialog, done)

    def _source_dialog(self, base: Annotation, initial: SourceInput | None) -> None:
        """The source dialog for ``base`` (pre-filled with ``initial``); the source is added
        to ``base``."""
        from briefreader.tui.screens.dialogs import SourceDialog

        def done(source: SourceInput | None) -> None:
            if source is None:
                return
            self.core._save(
                "source",
                base,
                Edit(add_sources=(source,)),
                reedit=lambda theirs, _: self._source_dialog(theirs, source),
            )

        self.app.push_screen(SourceDialog(base.quote, initial, known=self._known_sources), done)

    def _known_sources(self, text: str) -> list[Any]:
        """The library's sources matching ``text`` (none while the library is opening)."""
        return self.brapp.store.find_sources(text) if self.brapp.store_ready else []

    # ------------------------------------------------------------------ panel messages
    # The panel's requests, handed over by the screen's on_annotation_panel_* handlers.

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
        orphan = self.core._orphans.get(event.annotation_id)
        if orphan is not None:
            # Not on the text, so not under the cursor: the command is pointed at it.
            self.core.target_override = orphan
            try:
                action()
            finally:
                self.core.target_override = None
            return
        target = self.core._by_id.get(event.annotation_id)
        if target is None:
            return
        self.article.move_to(target.start, extend=False)
        action()

    def on_annotation_panel_delete_source_requested(
        self, event: AnnotationPanel.DeleteSourceRequested
    ) -> None:
        store = self.core._ready()
        if store is None:
            return
        owner = next(
            (
                a
                for a in (*self.core.annotations, *self.core._orphans.values())
                if any(s.id == event.source_id for s in a.sources)
            ),
            None,
        )
        if owner is None:
            return
        undo = self.core._key_label("reader.undo", "u")
        self.core._save(
            "source removal",
            owner,
            Edit(remove_sources=frozenset({event.source_id})),
            saved=lambda _: self.notify(f"Source removed — press {undo} to undo", timeout=3),
        )

    def on_annotation_panel_bind_key_requested(
        self, event: AnnotationPanel.BindKeyRequested
    ) -> None:
        store = self.core._ready()
        if store is None:
            return
        from briefreader.tui.screens.dialogs import BindKeyDialog

        def done(result: tuple[str, int | None] | None) -> None:
            if result is None:
                return
            name, key = result

            def bound(tag: Tag) -> None:
                self.core._refresh_tags()
                where = f"key {key}" if key else "no key"
                self.notify(f"#{tag.name} is now on {where}", timeout=3)

            self.core._write(
                "quick key", lambda store: store.update_tag(name, quick_key=key), bound
            )

        self.app.push_screen(BindKeyDialog(store.list_tags(), initial=event.tag_name or ""), done)
