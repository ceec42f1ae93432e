"""Dialogs that edit one annotation: its claim fields, its note and its tags (a source:
:mod:`.source`).

Each is opened on a quote (shown as the heading) and dismisses with plain values for the
caller to save through the Store, or None on Esc.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Static, TextArea

from briefreader import vocabulary
from briefreader.text.validate import single_line
from briefreader.tui.screens.dialogs.base import (
    ChoiceSet,
    CompletingInput,
    Dialog,
    FieldError,
    FieldLabel,
    plain,
)
from briefreader.tui.screens.dialogs.completion import (
    PrefixSuggester,
    TagListSuggester,
    normalise_tag_list,
)

#: Mirrors briefreader.store.models (which the TUI must not import: it pulls in SQLModel).
CLAIM_TYPES = vocabulary.CLAIM_TYPES
CLAIM_STATUSES = vocabulary.VERDICTS
RELATIONS = vocabulary.RELATIONS
UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class ClaimFields:
    """What :class:`ClaimDialog` returns; ``claim_type`` None means unspecified. ``guessed``
    (given, not returned): the claimant and type are the claim finder's guesses, so the
    claimant is selected and typing replaces it."""

    claimant: str | None
    claim_type: str | None
    claim_status: str = "unverified"
    guessed: bool = False


class ClaimDialog(Dialog[ClaimFields]):
    """Who makes the claim, what kind of claim it is, and the verdict so far."""

    KIND = "Claim"

    def __init__(
        self,
        quote: str,
        initial: ClaimFields | None = None,
        *,
        known_claimants: Iterable[str] = (),
    ) -> None:
        super().__init__(quote)
        self.initial = initial or ClaimFields(None, None, "unverified")
        self.known_claimants = list(known_claimants)

    def compose_body(self) -> ComposeResult:
        guessed = self.initial.guessed and bool(self.initial.claimant)
        hint = "guessed from the text: type to replace" if guessed else "optional"
        yield FieldLabel("Claimant", f"{hint} · → or Tab completes")
        yield CompletingInput(
            self.initial.claimant or "",
            placeholder="who makes the claim",
            suggester=PrefixSuggester(self.known_claimants),
            select_on_focus=guessed,
            id="claimant",
        )
        yield FieldLabel("Type", "←/→ · 1–4 · underlined letter")
        yield ChoiceSet(
            [(t, t) for t in (*CLAIM_TYPES, UNSPECIFIED)],
            self.initial.claim_type or UNSPECIFIED,
            id="claim-type",
        )
        yield FieldLabel("Verdict", "←/→ · 1–4 · underlined letter")
        yield ChoiceSet(
            [(s, s) for s in CLAIM_STATUSES], self.initial.claim_status, id="claim-status"
        )

    def collect(self) -> ClaimFields:
        claimant = single_line(self.query_one("#claimant", Input).value)
        claim_type = self.query_one("#claim-type", ChoiceSet).value
        return ClaimFields(
            claimant=claimant or None,
            claim_type=None if claim_type == UNSPECIFIED else claim_type,
            claim_status=self.query_one("#claim-status", ChoiceSet).value,
        )


class NoteDialog(Dialog[str]):
    """A free-text note. Enter starts a new line; ctrl+s saves; an empty note removes it."""

    KIND = "Note"
    HINT = "ctrl+s save · Enter new line · Esc cancel"

    # Its layout: styles/dialogs.tcss (loaded by the app).

    def __init__(self, quote: str, initial: str = "") -> None:
        super().__init__(quote)
        self.initial = initial

    def compose_body(self) -> ComposeResult:
        yield FieldLabel("Note", "Enter = new line · ctrl+s saves · empty removes the note")
        yield TextArea(self.initial, soft_wrap=True, tab_behavior="focus", id="note")

    def on_mount(self) -> None:
        note = self.query_one("#note", TextArea)
        note.move_cursor(note.document.end)

    def collect(self) -> str:
        text = self.query_one("#note", TextArea).text
        if not text.strip():
            return ""
        return text.strip("\n").rstrip()


class TagsDialog(Dialog[list[str]]):
    """The tags of an annotation, comma-separated, with completion of the one being typed and
    a preview of the names that will be saved."""

    KIND = "Tags"
    HINT = "ctrl+s or Enter save · Esc cancel"

    # Its layout: styles/dialogs.tcss (loaded by the app).

    def __init__(self, quote: str, current: Iterable[str], known: Iterable[str]) -> None:
        super().__init__(quote)
        self.current = list(current)
        self.known = list(known)

    def compose_body(self) -> ComposeResult:
        yield FieldLabel("Tags", "comma-separated · → or Tab completes")
        value = ", ".join(self.current)
        yield CompletingInput(
            value + ", " if value else "",
            placeholder="e.g. russia, foreign policy",
            suggester=TagListSuggester(self.known),
            select_on_focus=False,
            id="tags",
        )
        yield FieldError(id="tags-error")
        yield Static("", id="preview")

    def on_mount(self) -> None:
        self._update(self.query_one("#tags", Input).value)

    @on(Input.Changed, "#tags")
    def _changed(self, event: Input.Changed) -> None:
        self._update(event.value)

    def _update(self, value: str) -> list[str] | None:
        """Refresh the preview and the errors; the names, or None if some item is invalid."""
        names, errors = normalise_tag_list(value)
        self.query_one("#tags-error", FieldError).show("; ".join(errors))
        preview = self.query_one("#preview", Static)
        if names:
            lead = "will save once fixed: " if errors else "will save: "
            preview.update(Content.assemble(lead, plain(", ".join(names))))
        else:
            preview.update(Content("no tags: saving removes them all" if self.current else ""))
        return None if errors else names

    def collect(self) -> list[str]:
        field = self.query_one("#tags", Input)
        names = self._update(field.value)
        if names is None:
            error = self.query_one("#tags-error", FieldError)
            raise self.fail(error, error.message, field)
        return names
