"""The library's "Sort by" dialog: the columns down a list, numbered, the one sorted now marked
▲ or ▼. A digit or a column's underlined letter sorts by that column at once; ↑/↓ and Enter do
the same. The dialog dismisses with the column's name: choosing the column sorted already means
"the other way" (the library decides what that is).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import RadioButton, RadioSet

from briefreader.tui.screens.dialogs.base import ChoiceSet, Dialog, FieldLabel


def quick_letters(labels: Sequence[str]) -> list[int]:
    """For each label, where its quick letter is: the first letter no label before it took
    (Title takes T, so Tags takes g); -1 when every letter is taken."""
    taken: set[str] = set()
    places = []
    for label in labels:
        place = next(
            (i for i, ch in enumerate(label) if ch.isalpha() and ch.casefold() not in taken), -1
        )
        if place >= 0:
            taken.add(label[place].casefold())
        places.append(place)
    return places


class SortChoices(ChoiceSet):
    """A :class:`ChoiceSet` down the dialog, each choice numbered, whose quick letters need not
    be first letters (:func:`quick_letters`), and where a digit or a quick letter is the choice
    made: it says so with :class:`SortChoices.Picked`."""

    DEFAULT_CSS = """
    SortChoices {
        layout: vertical;
        & > RadioButton { margin-right: 0; }
    }
    """

    class Picked(Message):
        """A digit or a quick letter chose ``value``."""

        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        value: str,
        marks: dict[str, str],
        *,
        id: str | None = None,
    ) -> None:
        # ChoiceSet underlines each label's first letter, and Title and Tags share theirs: the
        # buttons are made here, with the letters quick_letters finds.
        self.values = [choice for choice, _ in choices]
        places = quick_letters([label for _, label in choices])
        self._letters = {
            label[at].casefold(): i
            for i, ((_, label), at) in enumerate(zip(choices, places, strict=True))
            if at >= 0
        }
        buttons = []
        for number, ((choice, label), at) in enumerate(zip(choices, places, strict=True), 1):
            name = Content(label)
            if at >= 0:
                name = name.stylize("underline", at, at + 1)
            mark = f" {marks[choice]}" if marks.get(choice) else ""
            heading = Content.assemble(Content.styled(f"{number} ", "dim"), name, mark)
            buttons.append(RadioButton(heading, value=choice == value))
        if value not in self.values:
            buttons[0].value = True
        RadioSet.__init__(self, *buttons, id=id)

    def chosen_by_key(self, index: int) -> None:
        self.post_message(self.Picked(self.values[index]))


class SortDialog(Dialog[str]):
    """Sort the library by: one of ``columns`` ((name, label)); ``current`` is sorted now, the
    way ``now`` says (e.g. ``Words, longest first``), marked ``mark``. Dismisses with the name
    of the column chosen."""

    KIND = "Sort by"
    CONFIRM_LABEL = "Sort"
    #: The dialog's width: the labels are short (inline: the app's sheet sets every dialog's).
    WIDTH = 60

    def __init__(
        self, columns: Sequence[tuple[str, str]], current: str, mark: str, now: str
    ) -> None:
        super().__init__()
        self.columns = list(columns)
        self.current, self.mark, self.now = current, mark, now
        self.HINT = f"1–{len(self.columns)} or letter sorts · again reverses"

    def compose_body(self) -> ComposeResult:
        yield FieldLabel("Now", self.now)
        yield SortChoices(self.columns, self.current, {self.current: self.mark}, id="sort-by")

    def on_mount(self) -> None:
        self.query_one("#dialog").styles.width = self.WIDTH

    @on(SortChoices.Picked)
    def _picked(self, event: SortChoices.Picked) -> None:
        event.stop()
        self.dismiss(event.value)

    def collect(self) -> str:
        return self.query_one(SortChoices).value
