"""What every dialog shares: the modal frame, the quote heading, in-place error labels, a
one-line choice widget with quick keys, and an Input whose Tab accepts a completion.

A dialog is a :class:`Dialog` subclass: it composes its fields in :meth:`Dialog.compose_body`
and builds its result in :meth:`Dialog.collect`, which raises :class:`StayOpen` after putting
the reason next to the offending field. Enter (from a single-line field) and ctrl+s confirm;
Esc dismisses with None and nothing is saved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static
from textual.widgets.button import ButtonVariant

from briefreader.text.display import display_safe
from briefreader.text.validate import single_line

ResultT = TypeVar("ResultT")

_WS = re.compile(r"\s+")

#: How much of the annotated quote a dialog heading shows.
QUOTE_CHARS = 60


def plain(text: str) -> Content:
    """User or brief text as plain content: never markup, nothing the terminal would act on."""
    return Content(display_safe(text))


def quote_heading(quote: str, limit: int = QUOTE_CHARS) -> Content:
    """``“The first sixty characters of the quote…”``, on one line, display-safe."""
    # Only the start matters, and a quote may be a whole 5 MB brief.
    text = _WS.sub(" ", quote[: limit * 8]).strip()
    if len(text) > limit:
        cut = text[:limit]
        space = cut.rfind(" ")
        # Break at a word when that keeps most of the quote; a long word is cut mid-way.
        text = (cut[:space] if space > limit * 2 // 3 else cut).rstrip(" ,;:") + "…"
    return Content(display_safe(f"“{text}”"))


class StayOpen(Exception):
    """Raised by :meth:`Dialog.collect` when the input is not valid; the reason is on screen."""


class FieldError(Label):
    """The reason a field's value is not accepted, shown right under the field; hidden when
    there is nothing to say. ``warning`` is for a question (e.g. overwrite?) rather than an error.
    """

    DEFAULT_CSS = """
    FieldError {
        color: $text-error;
        width: 1fr;
        display: none;
        &.-shown { display: block; }
        &.-warning { color: $text-warning; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.message = ""

    def show(self, message: str, *, warning: bool = False) -> None:
        self.message = message
        self.update(plain(message))
        self.set_class(bool(message), "-shown")
        self.set_class(warning, "-warning")

    def clear(self) -> None:
        self.show("")


class FieldLabel(Label):
    """The name of a field, with an optional muted hint after it (e.g. which keys work)."""

    DEFAULT_CSS = """
    FieldLabel {
        width: 1fr;
        margin-top: 1;
        color: $foreground;
        text-style: bold;
    }
    """

    def __init__(self, name: str, hint: str = "") -> None:
        content = Content(name)
        if hint:
            content = Content.assemble(content, "  ", Content.styled(hint, "not bold dim"))
        super().__init__(content)


class CompletingInput(Input):
    """An Input where Tab accepts the completion shown as ghost text (like →), and otherwise
    moves to the next field as usual."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab",
            "complete_or_next",
            "Accept completion",
            show=False,
            id="dialog.complete",
        ),
    ]

    def action_complete_or_next(self) -> None:
        if self.cursor_at_end:
            value, selection = self.value, self.selection
            # At the end of the text → accepts the completion if there is one (our suggesters
            # only ever suggest the value followed by more), and otherwise has nothing to do
            # but collapse a selection, which is put back.
            self.action_cursor_right()
            if self.value != value:
                return
            self.selection = selection
        self.screen.focus_next()


class ChoiceSet(RadioSet, inherit_bindings=False):
    """A one-line radio set: ←/→ change the choice at once, digits 1–n and each option's
    underlined letter pick one directly, and Enter is left to the dialog (it confirms).

    ``choices`` are ``(value, label)``; the quick letter is the first letter of the label.
    """

    DEFAULT_CSS = """
    ChoiceSet {
        layout: horizontal;
        height: auto;
        width: 1fr;
        border: none;
        padding: 0 1;
        background: $boost;
        &:focus { border: none; background: $boost; background-tint: $foreground 5%; }
        & > RadioButton {
            width: auto;
            margin-right: 2;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,down", "step(1)", "Next choice", show=False, id="dialog.choice_next"),
        Binding("left,up", "step(-1)", "Previous choice", show=False, id="dialog.choice_prev"),
    ]

    def __init__(
        self, choices: Sequence[tuple[str, str]], value: str, *, id: str | None = None
    ) -> None:
        self.values = [choice for choice, _ in choices]
        self._letters = {label[0].casefold(): i for i, (_, label) in enumerate(choices)}
        buttons = [
            RadioButton(
                Content.assemble(Content.styled(label[0], "underline"), label[1:]),
                value=choice == value,
            )
            for choice, label in choices
        ]
        if value not in self.values:
            buttons[0].value = True
        super().__init__(*buttons, id=id)

    @property
    def value(self) -> str:
        index = self.pressed_index
        return self.values[index if index >= 0 else 0]

    def choose(self, index: int) -> None:
        if 0 <= index < len(self.values):
            # RadioSet moves its cursor to the button pressed when it hears of the change.
            self.query(RadioButton)[index].value = True

    def action_step(self, delta: int) -> None:
        self.choose((max(self.pressed_index, 0) + delta) % len(self.values))

    def on_mount(self) -> None:
        # RadioSet's own mount handler puts its cursor on the first button; here the cursor is
        # the choice, so move it there (every button is enabled) once all mount handlers ran.
        self.call_later(self._cursor_to_choice)

    def _cursor_to_choice(self) -> None:
        for _ in range(max(self.pressed_index, 0)):
            self.action_next_button()

    def on_key(self, event: events.Key) -> None:
        char = (event.character or "").casefold()
        if char.isdecimal() and 1 <= int(char) <= len(self.values):
            index = int(char) - 1
        elif char in self._letters:
            index = self._letters[char]
        else:
            return
        event.stop()
        event.prevent_default()
        self.choose(index)
        self.chosen_by_key(index)

    def chosen_by_key(self, index: int) -> None:
        """A digit or a quick letter chose ``index`` (a subclass may act on it at once)."""


class FormSelect(Select[str], inherit_bindings=False):
    """A Select that opens with ↓ or space, leaving Enter to confirm the dialog."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,up,space", "show_overlay", "Show choices", show=False, id="dialog.open"),
    ]


class Dialog(ModalScreen[ResultT | None]):
    """The frame of a dialog: a bordered box centred over the screen, the kind of dialog in
    its border, the quote being annotated as a heading, the fields, and a footer saying which
    keys confirm and cancel (with buttons for the mouse)."""

    # Its layout: styles/dialogs.tcss (loaded by the app).

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s,ctrl+enter", "confirm", "Save", id="dialog.save"),
        # Inputs confirm through Input.Submitted; this covers choices and the dialog itself.
        Binding("enter", "confirm", "Save", show=False, id="dialog.confirm"),
    ]

    #: The word in the border: what kind of dialog this is.
    KIND = "Dialog"
    #: The footer hint: which keys confirm and cancel.
    HINT = "ctrl+s or Enter save · Tab next field · Esc cancel"
    CONFIRM_LABEL = "Save"
    CONFIRM_VARIANT: ButtonVariant = "primary"

    def __init__(self, quote: str | None = None, *, kind: str | None = None) -> None:
        super().__init__()
        self.quote = quote
        self.kind = self.KIND if kind is None else kind

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = plain(single_line(self.kind))
            if self.quote is not None:
                yield Static(quote_heading(self.quote), classes="quote")
            yield from self.compose_body()
            with Horizontal(id="footer"):
                yield Static(Content(self.HINT), classes="hint")
                yield self._button(self.CONFIRM_LABEL, self.CONFIRM_VARIANT, "confirm")
                yield self._button("Cancel", "default", "cancel")

    @staticmethod
    def _button(label: str, variant: ButtonVariant, action: str) -> Button:
        button = Button(
            Content(label),
            variant=variant,
            compact=True,
            id=f"dialog-{action}",
            action=f"screen.{action}",
        )
        # Keyboard users confirm with Enter and cancel with Esc from any field; buttons in the
        # Tab order would only make Enter mean "press this button" instead.
        button.can_focus = False
        return button

    def compose_body(self) -> ComposeResult:
        yield from ()

    def collect(self) -> ResultT:
        """The result to dismiss with; raise :class:`StayOpen` (after showing why) if invalid."""
        raise NotImplementedError

    def action_confirm(self) -> None:
        try:
            result = self.collect()
        except StayOpen:
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def fail(self, error: FieldError, message: str, focus: Widget | None = None) -> StayOpen:
        """Show ``message`` under a field (and focus it); return the exception to raise."""
        error.show(message)
        if focus is not None:
            focus.focus()
        return StayOpen(message)
