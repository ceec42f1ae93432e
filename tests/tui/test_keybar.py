"""The key bar (briefreader.tui.widgets.footer.KeyBar): one widget, redrawn when the keys it
shows change, and only then — a focus change that leaves the same keys costs no redraw (a
rebuilt footer cost 35-60 ms a key on the claims desk); a key disabled is dimmed, the command
palette's key is on the right, and a click on a key presses it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widgets import Button

from briefreader.tui.widgets.footer import KeyBar
from tests.tui.helpers import full_repaint, screen_rows, screen_text, settle, sync


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


class Counted(KeyBar):
    """A key bar counting its redraws."""

    draws = 0

    def render_line(self, y: int) -> Strip:
        self.draws += 1
        return super().render_line(y)


class CountedKeys(Keys):
    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield Counted()


@sync
async def test_the_key_bar_is_redrawn_only_when_its_keys_change() -> None:
    app = CountedKeys()
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        bar = app.query_one(Counted)
        assert "Switch" in screen_text(app) and "Extra key" not in screen_text(app)
        assert "^p palette" in screen_rows(app)[-1].rstrip()[-12:]  # on the right
        before = bar.draws
        await pilot.press("tab")  # the focus moves; the keys stay
        await settle(pilot)
        assert app.focused is not None and app.focused.id in ("one", "two")
        assert bar.draws == before  # not drawn again
        await pilot.press("t")  # a key is enabled: shown
        await settle(pilot)
        assert "Extra key" in screen_text(app)
        assert bar.draws > before


class DimmedKeys(CountedKeys):
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return (True if self.extra else None) if action == "extra" else True  # None: disabled


@sync
async def test_a_click_on_a_key_presses_it_and_a_disabled_key_is_dimmed() -> None:
    app = DimmedKeys()
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        row = screen_rows(app)[-1]
        await pilot.click(Counted, offset=(row.index("Extra key"), 0))  # disabled: nothing
        await settle(pilot)
        assert not app.extra
        await pilot.click(Counted, offset=(row.index("Switch"), 0))
        await settle(pilot)
        assert app.extra  # t pressed: the extra key is enabled now
        app.extra = False  # disabled again
        app.refresh_bindings()
        await settle(pilot)
        line = full_repaint(app).lines[-1]
        extra = [s for s in line if "Extra key" in s.text]
        switch = [s for s in line if "Switch" in s.text]
        # Textual draws dim text in a colour blended toward the background.
        assert extra and switch and extra[0].style and switch[0].style
        assert extra[0].style.color != switch[0].style.color
