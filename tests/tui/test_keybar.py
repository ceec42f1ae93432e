"""The key bar (briefreader.tui.widgets.footer.KeyBar): redrawn when the keys it shows change,
and only then — a focus change that leaves the same keys costs no rebuild (it cost 35-60 ms a
key on the claims desk)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Button

from briefreader.tui.widgets.footer import KeyBar
from tests.tui.helpers import screen_text, settle, sync


class Keys(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "switch", "Switch"),
        Binding("x", "extra", "Extra key"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.extra = False

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.extra if action == "extra" else True

    def action_switch(self) -> None:
        self.extra = not self.extra
        self.refresh_bindings()

    def action_extra(self) -> None:
        pass


def drawn(app: App[None]) -> list[Widget]:
    """The key bar's key widgets (by CSS type name: FooterKey is not public)."""
    return list(app.query("FooterKey"))


@sync
async def test_the_key_bar_is_rebuilt_only_when_its_keys_change() -> None:
    app = Keys()
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        before = drawn(app)
        assert "Switch" in screen_text(app) and "Extra key" not in screen_text(app)
        await pilot.press("tab")  # the focus moves; the keys stay
        await settle(pilot)
        assert app.focused is not None and app.focused.id in ("one", "two")
        assert drawn(app) == before  # the very same widgets
        await pilot.press("t")  # a key is enabled: shown
        await settle(pilot)
        assert "Extra key" in screen_text(app)
        assert drawn(app) != before
