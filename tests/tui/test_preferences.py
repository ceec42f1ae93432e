"""Preferences kept, on the real app with a real config file (in the test's own config folder)
and a real SQLite library: a theme picked in the command palette and the reading aids switched
in the reader are written to ``config.toml`` with the user's comments kept, and read back at
the next launch (which writes nothing); a file that cannot be written is a warning, the choice
holding for the session; what the config file says that the app cannot use is a warning at
start-up; a remapped key is what the help screen and the key bar show."""

from __future__ import annotations

import re
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from briefreader.config import config_path, load_config
from briefreader.store.api import Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.help import HelpScreen
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import Toasts, screen_text, settle, store_with_example, sync, wait_until
from tests.tui.test_help import help_rows, row_for

SIZE = (160, 30)

WRITTEN = """# my briefreader settings
[reader]
max_line_length = 72   # narrow, please
theme = "textual-dark" # the default, said out loud

[user]
name = "Ayesha Khan"   # that's me
"""


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def app_on(store: Store, url: str, brief_id: int) -> BriefReaderApp:
    """The app as ``briefreader open`` starts it: the config read from the config folder."""
    app = BriefReaderApp(url, store=store, brief_id=brief_id, config=load_config())
    Toasts(app)
    return app


async def reader_of(pilot: Pilot[None]) -> ReaderScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    await wait_until(pilot, lambda: screen.brief is not None)
    await settle(pilot)
    return screen


def highlighted_command(app: BriefReaderApp) -> str:
    """The palette's highlighted entry ("Theme\\nChange the current theme"), or ""."""
    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return ""
    found = palette.query_one(CommandList)
    if found.highlighted is None or not found.option_count:
        return ""
    return str(found.get_option_at_index(found.highlighted).prompt)


async def pick_theme(pilot: Pilot[None], name: str) -> None:
    """ctrl+p, "Theme", then the theme ``name``, typed and chosen with Enter."""
    app = pilot.app
    assert isinstance(app, BriefReaderApp)
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*"theme")
    await wait_until(pilot, lambda: highlighted_command(app).startswith("Theme"))
    await pilot.press("enter")
    await wait_until(pilot, lambda: highlighted_command(app).startswith("ansi-"))  # the themes
    await pilot.press(*name)
    await wait_until(pilot, lambda: highlighted_command(app) == name)
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette))
    await settle(pilot)


def footer(app: BriefReaderApp) -> str:
    """The key bar as drawn (the bottom row)."""
    return screen_text(app).splitlines()[-1]


@sync
async def test_a_theme_picked_in_the_palette_is_kept_with_the_files_comments(
    tmp_path: Path,
) -> None:
    path = write_config(WRITTEN)
    store, url, brief_id = store_with_example(tmp_path)
    app = app_on(store, url, brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await reader_of(pilot)
        assert path.read_text(encoding="utf-8") == WRITTEN  # the config's theme: not written
        await pick_theme(pilot, "nord")
        assert app.theme == "nord"
        assert not Toasts.of(app).messages("warning")
    text = path.read_text(encoding="utf-8")
    assert text == WRITTEN.replace('theme = "textual-dark"', 'theme = "nord"')  # all else kept
    written = path.stat()
    again = app_on(store, url, brief_id)
    async with again.run_test(size=SIZE) as pilot:
        await reader_of(pilot)
        assert again.theme == "nord"
        assert not Toasts.of(again).messages("warning")
    # Read at start, not written back (a write replaces the file: a new inode).
    now = path.stat()
    assert (now.st_ino, now.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    store.close()


@sync
async def test_a_theme_set_as_the_palette_does_is_written_to_a_new_file(tmp_path: Path) -> None:
    store, url, brief_id = store_with_example(tmp_path)
    app = app_on(store, url, brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await reader_of(pilot)
        assert not config_path().exists()  # the default theme at start: nothing written
        app.theme = "textual-light"  # what the palette's theme entries do
        await settle(pilot)
    assert load_config().theme == "textual-light"
    store.close()


@sync
async def test_a_read_only_config_keeps_the_theme_for_the_session_and_says_so(
    tmp_path: Path,
) -> None:
    path = write_config(WRITTEN)
    path.chmod(0o444)
    store, url, brief_id = store_with_example(tmp_path)
    app = app_on(store, url, brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await reader_of(pilot)
        await pick_theme(pilot, "gruvbox")
        assert app.theme == "gruvbox"  # the choice holds
        warnings = Toasts.of(app).messages("warning")
        assert len(warnings) == 1 and "gruvbox for this session only" in warnings[0]
        assert "read-only" in warnings[0]
    assert path.read_text(encoding="utf-8") == WRITTEN
    store.close()


@sync
async def test_a_config_that_is_not_toml_is_left_alone_and_the_theme_kept(tmp_path: Path) -> None:
    broken = "[reader\ntheme = "
    path = write_config(broken)
    store, url, brief_id = store_with_example(tmp_path)
    app = app_on(store, url, brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await reader_of(pilot)
        app.theme = "textual-light"
        await settle(pilot)
        assert app.theme == "textual-light"
        said = Toasts.of(app).messages("warning")
        assert any("could not be read" in m for m in said)  # at start-up
        assert any("textual-light for this session only" in m for m in said)
    assert path.read_text(encoding="utf-8") == broken
    store.close()


@sync
async def test_the_reading_aids_switch_is_kept(tmp_path: Path) -> None:
    path = write_config(WRITTEN)
    store, url, brief_id = store_with_example(tmp_path)
    app = app_on(store, url, brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await reader_of(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: "Reading aids off" in Toasts.of(app).messages())
    text = path.read_text(encoding="utf-8")
    assert "reading_aids = false" in text
    assert "# narrow, please" in text and "# that's me" in text
    assert load_config().reading_aids is False
    again = app_on(store, url, brief_id)
    async with again.run_test(size=SIZE) as pilot:
        await reader_of(pilot)
        await pilot.press("r")  # they start off: r switches them on
        await wait_until(pilot, lambda: "Reading aids on" in Toasts.of(again).messages())
        assert not Toasts.of(again).messages("warning")
    assert load_config().reading_aids is True
    store.close()


@sync
async def test_what_the_app_cannot_use_is_said_at_start_up(tmp_path: Path) -> None:
    path = write_config(
        WRITTEN.replace('theme = "textual-dark"', 'theme = "nrod"\nthem = "nord"')
        + '\n[reder]\nreading_aids = false\n\n[keys]\n"reader.highlite" = "H"\n'
        '"reader.note" = "Ctrl+N"\n"reader.claim" = "C"\n'
    )
    store, url, brief_id = store_with_example(tmp_path)
    app = app_on(store, url, brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await reader_of(pilot)
        warnings = Toasts.of(app).messages("warning")
        expected = {
            "reader.them is not a setting briefreader knows (did you mean reader.theme?)",
            "[reder] is not a table briefreader knows (did you mean [reader]?)",
            'reader.theme "nrod" is not a theme here, so textual-dark is used (did you mean nord?',
            '"reader.highlite" is not a binding id (did you mean "reader.highlight"?)',
            '"reader.note": "Ctrl+N" is not a key name (did you mean "ctrl+n"?)',
        }
        for said in expected:
            assert sum(said in m for m in warnings) == 1, (said, warnings)
        assert len(warnings) == len(expected)
        assert all(m.startswith(f"{path}: ") for m in warnings)  # each names the file
        assert app.theme == "textual-dark"
        # The rest of the file still applies: C claims, n still adds a note.
        assert "C Claim" in footer(app) and "n Note" in footer(app)
        assert load_config().max_line_length == 72
    store.close()


@sync
async def test_remapped_keys_are_shown_in_the_footer_and_help_in_their_place(
    tmp_path: Path,
) -> None:
    write_config('[keys]\n"reader.highlight" = "H"\n"article.select_sentence" = "S,ctrl+e"\n')
    store, url, brief_id = store_with_example(tmp_path)
    app = app_on(store, url, brief_id)
    async with app.run_test(size=SIZE) as pilot:
        await reader_of(pilot)
        bar = footer(app)
        assert "H Highlight" in bar and "h Highlight" not in bar
        assert "S Sentence" in bar and "s Sentence" not in bar
        # In their usual places: Select, Sentence, Paragraph; Highlight before Claim.
        assert re.search(r"v Select +S Sentence +p Paragraph +H Highlight +c Claim", bar), bar
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = help_rows(help_screen)
        assert row_for(rows, "reader.highlight") == "H Highlight reader.highlight"
        assert row_for(rows, "article.select_sentence") == "S Sentence article.select_sentence"
        intro = " ".join(rows)
        assert "S selects a sentence; then H highlights, c marks a claim" in intro
        assert not Toasts.of(app).messages("warning")
    store.close()
