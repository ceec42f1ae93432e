"""The dialogs shown when a save meets a change made elsewhere (another user, another window).

:class:`ConflictDialog`: the annotation was saved elsewhere after this reader loaded it. It
shows, field by field, their version ("Theirs", with the time it was saved) next to what saving
yours would store ("Yours"), and the user picks: keep theirs (k, Enter or Esc: nothing of
theirs is lost), overwrite with mine (o), or edit mine (e) on top of theirs. It dismisses with
``"theirs"``, ``"mine"`` or ``"edit"``.

:class:`DeletedElsewhereDialog`: the annotation was deleted elsewhere. It shows what would be
restored and the user picks: restore mine (r) or drop it (d, Enter or Esc). It dismisses with
``"restore"`` or ``"drop"``.

Everything shown from the annotation is plain text (never markup) and display-safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

from briefreader.reading.compare import (
    SHOWN,
    differences,
)
from briefreader.store.records import Annotation
from briefreader.text.validate import single_line
from briefreader.tui.screens.dialogs.base import Dialog, FieldLabel, plain, quote_heading


def saved_at(moment: datetime, now: datetime | None = None) -> str:
    """``14:32`` today, ``3 Mar 14:32`` on another day, in the local zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    if local.date() == today:
        return local.strftime("%H:%M")
    return f"{local.day} {local.strftime('%b %H:%M')}"


class _ChoiceDialog(Dialog[str]):
    """A dialog whose footer is a row of choices, each with a key, instead of save/cancel."""

    # Its layout: styles/dialogs.tcss (loaded by the app).

    #: (choice, button label, variant) for the buttons, in order.
    CHOICES: Sequence[tuple[str, str, ButtonVariant]] = ()
    #: What Esc, Enter and the "Cancel" of other dialogs choose.
    SAFE = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = plain(single_line(self.kind))
            if self.quote is not None:
                yield Static(quote_heading(self.quote), classes="quote")
            yield from self.compose_body()
            with Vertical(id="footer"):
                yield Static(Content(self.hint()), classes="hint")
                with Horizontal(id="choices"):
                    for choice, label, variant in self.choices():
                        button = Button(
                            Content(label),
                            variant=variant,
                            compact=True,
                            id=f"choice-{choice}",
                            action=f"screen.choose('{choice}')",
                        )
                        # As in every dialog: keys choose, so buttons stay out of the Tab order.
                        button.can_focus = False
                        yield button

    def choices(self) -> Sequence[tuple[str, str, ButtonVariant]]:
        return self.CHOICES

    def hint(self) -> str:
        return self.HINT

    def collect(self) -> str:
        return self.SAFE

    def action_cancel(self) -> None:
        self.dismiss(self.SAFE)

    def action_choose(self, choice: str) -> None:
        if choice in {c for c, _, _ in self.choices()}:
            self.dismiss(choice)


class ConflictDialog(_ChoiceDialog):
    """Their version next to yours, for the fields that differ; keep theirs, overwrite with
    mine, or edit mine on top of theirs."""

    KIND = "Changed elsewhere"
    SAFE = "theirs"

    # Its layout: styles/dialogs.tcss (loaded by the app).

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "choose('theirs')", "Keep theirs", show=False, id="conflict.theirs"),
        Binding("o", "choose('mine')", "Overwrite with mine", show=False, id="conflict.mine"),
        Binding("e", "choose('edit')", "Edit mine", show=False, id="conflict.edit"),
    ]

    def __init__(
        self,
        base: Annotation,
        theirs: Annotation,
        yours: Annotation | None,
        *,
        what: str = "annotation",
        can_edit: bool = True,
        mine_label: str = "Overwrite with mine",
    ) -> None:
        super().__init__(theirs.quote)
        self.base, self.theirs, self.yours = base, theirs, yours
        self.what = what
        self.can_edit = can_edit and yours is not None
        self.mine_label = mine_label
        self.rows, self.also = differences(base, theirs, yours)

    def choices(self) -> Sequence[tuple[str, str, ButtonVariant]]:
        out: list[tuple[str, str, ButtonVariant]] = [
            ("theirs", "Keep theirs", "primary"),
            ("mine", self.mine_label, "warning"),
        ]
        if self.can_edit:
            out.append(("edit", "Edit mine", "default"))
        return out

    def hint(self) -> str:
        mine = self.mine_label.casefold().removesuffix(" with mine")
        parts = ["k/Enter/Esc keep theirs", f"o {mine}"]
        if self.can_edit:
            parts.append("e edit mine")
        return " · ".join(parts)

    def compose_body(self) -> ComposeResult:
        when = saved_at(self.theirs.updated_at)
        if self.yours is None:
            intro = (
                f"This {self.what} was changed elsewhere at {when}, after you opened it. "
                f"{self.mine_label} loses the change made there."
            )
        else:
            intro = (
                f"This {self.what} was changed elsewhere at {when}, after you opened it. "
                "Your change is not saved yet: choose which version to keep."
            )
        yield Static(plain(intro), id="intro")
        with Horizontal(id="columns"):
            yield Static(plain(f"Theirs (saved elsewhere at {when})"), id="theirs-head")
            if self.yours is not None:
                yours_head = "Yours (not saved)"
            else:
                yours_head = "As you saw it (yours deletes it)"
            yield Static(plain(yours_head), id="yours-head")
        with VerticalScroll(id="diff"):
            for row in self.rows:
                yield FieldLabel(row.name)
                with Horizontal(classes="pair"):
                    yield Static(plain(row.theirs), classes="theirs")
                    yield Static(plain(row.yours), classes="yours")
        if self.also:
            also = ", ".join(name.casefold() for name in self.also)
            yield Static(
                plain(f"Also changed elsewhere, and kept whichever you choose: {also}."),
                id="also",
            )


class DeletedElsewhereDialog(_ChoiceDialog):
    """The annotation being saved was deleted elsewhere: restore it with your change, or drop
    it."""

    KIND = "Deleted elsewhere"
    SAFE = "drop"
    HINT = "r restore mine · d/Enter/Esc drop it"
    CHOICES = (("restore", "Restore mine", "warning"), ("drop", "Drop it", "primary"))

    # Its layout: styles/dialogs.tcss (loaded by the app).

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('restore')", "Restore mine", show=False, id="conflict.restore"),
        Binding("d", "choose('drop')", "Drop it", show=False, id="conflict.drop"),
    ]

    def __init__(
        self, yours: Annotation, *, what: str = "annotation", change: str = "change"
    ) -> None:
        super().__init__(yours.quote)
        self.yours = yours
        self.what = what
        self.change = change

    def compose_body(self) -> ComposeResult:
        yield Static(
            plain(
                f"This {self.what} was deleted elsewhere after you opened it, so your "
                f"{self.change} was not saved. Restore yours (below), or drop it?"
            ),
            id="intro",
        )
        empty = {"(none)", "(no note)", "(unspecified)", "—", "on the text"}
        claim_only = {"Claimant", "Claim type", "Verdict"}
        yield Static(plain("Yours (not saved)"), id="mine-head")
        with VerticalScroll(id="mine"):
            for f in SHOWN:
                value = f.show(self.yours)
                if f.name == "Quote" or value in empty:
                    continue
                if self.yours.kind != "claim" and f.name in claim_only:
                    continue
                with Horizontal(classes="field"):
                    yield Static(plain(f.name), classes="name")
                    yield Static(plain(value), classes="value")
