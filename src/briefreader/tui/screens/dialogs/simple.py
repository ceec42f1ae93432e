"""Small dialogs: a yes/no confirmation, and binding a tag to a quick key (1–9)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, Static

from briefreader.store.records import Tag
from briefreader.text.validate import InvalidValue, normalise_tag
from briefreader.tui.screens.dialogs.base import (
    CompletingInput,
    Dialog,
    FieldError,
    FieldLabel,
    StayOpen,
    plain,
)
from briefreader.tui.screens.dialogs.completion import PrefixSuggester


class ConfirmDialog(Dialog[bool]):
    """Are you sure? Only ``y`` (or the button) confirms (True): what this asks about cannot be
    undone, so Enter, Esc and ``n`` all cancel (False) and a key meant for the screen below
    never confirms it."""

    KIND = "Confirm"
    CONFIRM_VARIANT = "error"

    # Its layout: styles/dialogs.tcss (loaded by the app).

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Yes", show=False, id="dialog.yes"),
        Binding("n,enter", "cancel", "No", show=False, id="dialog.no"),
        # The dialogs' save key saves nothing here.
        Binding("ctrl+s,ctrl+enter", "cancel", "No", show=False, id="dialog.confirm_save"),
    ]

    def __init__(self, title: str, message: str, confirm_label: str = "Delete") -> None:
        super().__init__(kind=title)
        self.message = message
        self.CONFIRM_LABEL = confirm_label
        self.HINT = f"y {confirm_label.casefold()} · Enter/Esc/n cancel"

    def compose_body(self) -> ComposeResult:
        yield Static(plain(self.message), id="message")

    def collect(self) -> bool:
        return True

    def action_cancel(self) -> None:
        self.dismiss(False)


class KeyCatcher(Static, can_focus=True):
    """Takes one digit: 1–9 binds, 0 unbinds. Everything else is left to the dialog."""

    DEFAULT_CSS = """
    KeyCatcher {
        width: 1fr;
        padding: 0 1;
        background: $boost;
        color: $text-muted;
        &:focus { background: $primary 30%; color: $foreground; }
    }
    """

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character.isdigit():
            event.stop()
            event.prevent_default()
            screen = self.screen
            assert isinstance(screen, BindKeyDialog)
            screen.key_pressed(int(event.character))


class BindKeyDialog(Dialog[tuple[str, int | None]]):
    """Pick a tag (existing or new) and press 1–9 to make it that quick key, or 0 to unbind.

    Dismisses with ``(normalised tag name, key or None)``.
    """

    KIND = "Quick key for a tag"
    HINT = "Enter next · 1–9 bind · 0 unbind · Esc cancel"
    CONFIRM_LABEL = "Bind"

    # Its layout: styles/dialogs.tcss (loaded by the app).

    def __init__(self, tags: Iterable[Tag], *, initial: str = "") -> None:
        super().__init__()
        self.tags = list(tags)
        self.initial = initial
        self._key: int | None = None
        self._pressed = False

    def compose_body(self) -> ComposeResult:
        yield FieldLabel("Tag", "existing or new · → or Tab completes")
        yield CompletingInput(
            self.initial,
            placeholder="tag name",
            suggester=PrefixSuggester(t.name for t in self.tags),
            select_on_focus=False,
            id="tag",
        )
        yield FieldError(id="tag-error")
        yield FieldLabel("Key", "1–9 binds · 0 unbinds")
        yield KeyCatcher(id="key")
        yield FieldError(id="key-error")
        yield FieldLabel("Current keys")
        yield Static(self._bindings_table(), id="bindings")

    def on_mount(self) -> None:
        self._describe_key(self.initial)
        if self.initial.strip():
            self.query_one("#key", KeyCatcher).focus()

    def _bindings_table(self) -> Content:
        by_key = {t.quick_key: t.name for t in self.tags if t.quick_key is not None}
        cells = []
        for key in range(1, 10):
            name = by_key.get(key, "—")
            name = name if len(name) <= 20 else name[:19] + "…"
            cells.append(Content.assemble((f"{key} ", "bold"), plain(name.ljust(21))))
        # Three columns, keys running down each: 1 4 7 / 2 5 8 / 3 6 9, like a phone pad.
        rows = [Content("").join([cells[r], cells[r + 3], cells[r + 6]]) for r in range(3)]
        return Content("\n").join(rows)

    def _tag_name(self) -> str:
        """The normalised name typed; raises :class:`StayOpen` (with the reason shown)."""
        field = self.query_one("#tag", Input)
        try:
            return normalise_tag(field.value)
        except InvalidValue as exc:
            raise self.fail(self.query_one("#tag-error", FieldError), str(exc), field) from None

    def _describe_key(self, value: str) -> None:
        try:
            name = normalise_tag(value)
        except InvalidValue:
            name = ""
        current = next((t.quick_key for t in self.tags if t.name == name), None)
        if current is not None:
            text = f"{name} is on {current}: press 1–9 to move it, 0 to unbind"
        else:
            text = "press 1–9 to bind (a key in use moves to this tag)"
        self.query_one("#key", KeyCatcher).update(plain(text))

    @on(Input.Changed, "#tag")
    def _tag_changed(self, event: Input.Changed) -> None:
        self.query_one("#tag-error", FieldError).clear()
        self._describe_key(event.value)

    @on(Input.Submitted, "#tag")
    def _tag_submitted(self, event: Input.Submitted) -> None:
        # Enter in the name goes on to the key: the digit is what completes the dialog.
        event.stop()
        try:
            self._tag_name()
        except StayOpen:
            return
        self.query_one("#key", KeyCatcher).focus()

    def key_pressed(self, key: int) -> None:
        self._key = key or None
        self._pressed = True
        self.action_confirm()

    def collect(self) -> tuple[str, int | None]:
        name = self._tag_name()
        if not self._pressed:
            catcher = self.query_one("#key", KeyCatcher)
            raise self.fail(
                self.query_one("#key-error", FieldError),
                "press a digit: 1–9 binds, 0 unbinds",
                catcher,
            )
        return name, self._key
