"""The claims desk's dialogs for a claim's check: the rationale (why this verdict: several
lines), the conclusion (the verdict in the checker's words: one line) and the claimant
contacted (what came of it: one line, the date is today). Each opens on the claim's quote and
dismisses with the text (empty removes it), or None when cancelled.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from briefreader.text.validate import single_line
from briefreader.tui.screens.dialogs.annotation import NoteDialog
from briefreader.tui.screens.dialogs.base import Dialog, FieldLabel


class RationaleDialog(NoteDialog):
    """Why this verdict, in as many lines as it takes. ctrl+s saves; empty removes it."""

    KIND = "Rationale"

    def compose_body(self) -> ComposeResult:
        yield FieldLabel("Rationale", "why this verdict · Enter = new line · ctrl+s saves")
        # Styled as the note's field (styles/dialogs.tcss).
        yield TextArea(self.initial, soft_wrap=True, tab_behavior="focus", id="note")


class LineDialog(Dialog[str]):
    """One line of text about a claim (see the subclasses)."""

    HINT = "Enter or ctrl+s save · Esc cancel"
    LABEL = ""
    FIELD_HINT = ""
    PLACEHOLDER = ""

    def __init__(self, quote: str, initial: str = "") -> None:
        super().__init__(quote)
        self.initial = initial

    def compose_body(self) -> ComposeResult:
        yield FieldLabel(self.LABEL, self.FIELD_HINT)
        yield Input(self.initial, placeholder=self.PLACEHOLDER, id="line", select_on_focus=False)

    def collect(self) -> str:
        return single_line(self.query_one("#line", Input).value)


class ConclusionDialog(LineDialog):
    KIND = "Conclusion"
    LABEL = "Conclusion"
    FIELD_HINT = "the verdict in your words · empty removes it"
    PLACEHOLDER = "e.g. Mostly false: the figure is from 2019"


class ContactDialog(LineDialog):
    KIND = "Claimant contacted"
    LABEL = "Outcome"
    FIELD_HINT = "marked contacted today · what came of it (optional)"
    PLACEHOLDER = "e.g. asked by email; no reply yet"
