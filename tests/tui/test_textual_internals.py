"""The Textual internals briefreader relies on (all in ``briefreader.tui.internals``) are still
there and still work as relied on. An upgrade of Textual that changes one fails here, by name,
before the app shows wrong rows or swallows a crash: re-read the module named in the message
against the new Textual and adapt it (or use the public API the new version may offer)."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest
import textual
from textual.app import App, ComposeResult
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import OptionList

import briefreader.tui.internals as internals
from briefreader.tui.internals.hooks import inherits_bindings, refresh_scrollbars
from briefreader.tui.internals.option_rows import RowList

#: (where we rely on it, Textual class, name, what we rely on)
CLASS_ATTRIBUTES = [
    ("option_rows", OptionList, "_lines", "a property OptionList reads its lines through"),
    ("option_rows", OptionList, "_heights", "a property: each option's height"),
    ("option_rows", OptionList, "_index_to_line", "a property: each option's first line"),
    ("option_rows", OptionList, "_update_lines", "the method that computes the line cache"),
    ("option_rows", OptionList, "_get_visual", "an option's Visual (for its height)"),
    ("option_rows", Widget, "_scroll_update", "scrollbars after a new virtual size"),
    ("hooks", Widget, "_refresh_scrollbars", "scrollbars follow the virtual size now"),
    ("hooks", App, "_handle_exception", "where an unhandled exception arrives"),
    ("hooks", App, "_print_error_renderables", "prints the traceback at exit"),
    ("hooks", App, "_display", "where each frame is sent to the terminal"),
]
#: Instance attributes a fresh OptionList has, which RowList replaces.
OPTION_LIST_FIELDS = [
    "_line_cache",
    "_options",
    "_option_to_index",
    "_option_render_cache",
    "_id_to_option",
    "_mouse_hovering_over",
]


def test_the_internals_are_listed_in_one_place() -> None:
    names = {path.stem for path in Path(internals.__file__).parent.glob("*.py")}
    assert names == {"__init__", "option_rows", "keyorder", "hooks"}
    for module in ("option_rows", "keyorder", "hooks"):
        assert f"{module}.py" in (internals.__doc__ or "")


@pytest.mark.parametrize(("module", "owner", "name", "why"), CLASS_ATTRIBUTES)
def test_textual_still_has(module: str, owner: type, name: str, why: str) -> None:
    assert hasattr(owner, name), (
        f"Textual {textual.__version__} has no {owner.__name__}.{name} ({why}): "
        f"briefreader.tui.internals.{module} must be adapted"
    )


def test_an_option_list_still_keeps_its_lines_in_a_clearable_cache() -> None:
    """RowList swaps OptionList's line cache for its own index, which OptionList clears (by
    calling ``clear()``) whenever the lines may have changed."""
    plain = OptionList("a", "b")
    missing = [name for name in OPTION_LIST_FIELDS if not hasattr(plain, name)]
    assert not missing, (
        f"Textual {textual.__version__}'s OptionList has no {missing}: "
        "briefreader.tui.internals.option_rows must be adapted"
    )
    source = inspect.getsource(OptionList)
    assert "self._line_cache.clear()" in source, (
        "OptionList no longer clears self._line_cache: RowList's line index would go stale "
        "(briefreader.tui.internals.option_rows)"
    )
    assert "_exit_renderables" in inspect.getsource(App), (
        "App has no _exit_renderables: briefreader.tui.internals.hooks must be adapted"
    )


def test_a_frame_is_still_sent_only_while_running_and_not_batched() -> None:
    """FirstFrame counts a frame as sent when ``App._display`` is called while the app is
    running and no batch update holds frames back: the two conditions Textual checks."""
    assert App()._batch_count == 0, "briefreader.tui.internals.hooks (FirstFrame)"
    assert App().get_default_screen().id == "_default", "adapt FirstFrame's blank screen"
    source = inspect.getsource(App._display)
    for name in ("self._batch_count", "self._running"):
        assert name in source, f"App._display no longer reads {name}: adapt FirstFrame"


def test_a_message_still_has_a_stop_flag_that_stop_sets() -> None:
    message = Message()
    assert message._stop_propagation is False, "briefreader.tui.internals.keyorder"
    message.stop()
    assert message._stop_propagation is True, "briefreader.tui.internals.keyorder"


class _Rows(App[None]):
    CSS = "OptionList { height: 8; width: 100%; }"

    def compose(self) -> ComposeResult:
        yield RowList(id="rows")
        yield OptionList(id="plain")


def test_a_row_list_draws_what_a_plain_option_list_draws() -> None:
    """One row at a time in and out of a RowList shows the lines a plain OptionList shows
    with the same options; so does a change of width (which re-measures the rows)."""

    async def main() -> None:
        app = _Rows()
        async with app.run_test(size=(40, 12)) as pilot:
            rows = app.query_one("#rows", RowList)
            plain = app.query_one("#plain", OptionList)
            words = [f"row {i} " + "long " * (i % 4) * 3 for i in range(12)]
            rows.set_options(words[:6])
            for index, word in enumerate(words[6:]):
                rows.insert_option_at_index(index * 2, rows.options[0].__class__(word))
            rows.remove_option_at_index(3)
            expected = [str(option.prompt) for option in rows.options]
            plain.set_options(expected)
            for width in (40, 24):
                await pilot.resize_terminal(width, 12)
                await pilot.pause()
                for widget in (rows, plain):
                    widget.highlighted = 5
                    widget.scroll_to(y=4, animate=False, immediate=True)
                await pilot.pause()
                assert rows.size == plain.size
                assert rows.virtual_size == plain.virtual_size
                lines = [rows.render_line(y).text for y in range(rows.size.height)]
                assert lines == [plain.render_line(y).text for y in range(plain.size.height)]

    asyncio.run(main())


def test_scrollbars_follow_the_virtual_size_at_once() -> None:
    class Tall(ScrollView):
        pass

    class Scrolls(App[None]):
        def compose(self) -> ComposeResult:
            yield Tall()

    async def main() -> None:
        app = Scrolls()
        async with app.run_test(size=(30, 10)) as pilot:
            view = app.query_one(Tall)
            await pilot.pause()
            view.virtual_size = view.virtual_size.with_height(500)
            refresh_scrollbars(view)
            view.scroll_to(y=300, animate=False, immediate=True)
            assert view.scroll_y == 300

    asyncio.run(main())


def test_a_class_still_says_whether_it_inherits_its_bindings() -> None:
    class Fresh(Widget, inherit_bindings=False):
        pass

    class Usual(Widget):
        pass

    assert not inherits_bindings(Fresh), "briefreader.tui.internals.hooks.inherits_bindings"
    assert inherits_bindings(Usual) and inherits_bindings(Widget)
