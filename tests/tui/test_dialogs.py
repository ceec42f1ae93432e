"""The modal dialogs, driven from the keyboard as a user would: each is pushed alone on a tiny
app whose callback records what it dismissed with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Static, TextArea

from briefreader.resources import stylesheet_paths
from briefreader.store.records import SourceInput, Tag
from briefreader.tui.screens.dialogs import (
    BindKeyDialog,
    ClaimDialog,
    ClaimFields,
    ConfirmDialog,
    Dialog,
    ExportDialog,
    ExportRequest,
    ImportDialog,
    NoteDialog,
    SourceDialog,
    TagsDialog,
)
from briefreader.tui.screens.dialogs.base import ChoiceSet, FieldError
from tests.tui.helpers import sync

QUOTE = "Pakistan and Russia have moved closer in recent years, driven by shared interests."


class DialogApp(App[None]):
    """Pushes one dialog and keeps every result it is dismissed with."""

    def __init__(self, dialog: Dialog[Any]) -> None:
        super().__init__(css_path=stylesheet_paths())
        self.dialog = dialog
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


async def settle(pilot: Pilot[None]) -> None:
    """Let suggestion workers and the messages they post finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


def error_text(app: DialogApp, selector: str) -> str:
    label = app.dialog.query_one(selector, FieldError)
    return label.message if label.display else ""


def shown(field: Input) -> str:
    """What the field shows: its value and any completion after it as ghost text."""
    return field.render_line(0).text.strip()


def still_open(app: DialogApp) -> bool:
    return app.screen is app.dialog and app.results == []


# ---------------------------------------------------------------------------------- claim


@sync
async def test_claim_dialog_types_claimant_and_picks_type_and_verdict_by_key() -> None:
    app = DialogApp(ClaimDialog(QUOTE))
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "Sergei Lavrov")
        await pilot.press("tab", "2", "tab", "d", "enter")
        await pilot.pause()
    assert app.results == [ClaimFields("Sergei Lavrov", "opinion", "disputed")]


@sync
async def test_claim_dialog_arrows_change_the_choice_and_enter_confirms_from_it() -> None:
    app = DialogApp(ClaimDialog(QUOTE))
    async with app.run_test() as pilot:
        await pilot.press("tab", "right", "right")  # unspecified -> fact -> opinion
        await pilot.press("tab", "left")  # unverified -> refuted (wraps)
        assert app.dialog.query_one("#claim-status", ChoiceSet).value == "refuted"
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [ClaimFields(None, "opinion", "refuted")]


@sync
async def test_claim_dialog_keeps_initial_values_and_unspecified_means_none() -> None:
    initial = ClaimFields("IMF", "prediction", "supported")
    app = DialogApp(ClaimDialog(QUOTE, initial))
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [initial]

    app = DialogApp(ClaimDialog(QUOTE, initial))
    async with app.run_test() as pilot:
        await pilot.press("tab", "u", "enter")
        await pilot.pause()
    assert app.results == [ClaimFields("IMF", None, "supported")]


@sync
async def test_claim_dialog_completes_known_claimants_with_tab() -> None:
    app = DialogApp(ClaimDialog(QUOTE, known_claimants=["Vladimir Putin", "Imran Khan"]))
    async with app.run_test() as pilot:
        await type_text(pilot, "vla")
        await pilot.press("tab")
        assert app.dialog.query_one("#claimant", Input).value == "vladimir Putin"
        await pilot.press("ctrl+s")
        await pilot.pause()
    result = app.results[0]
    assert isinstance(result, ClaimFields)
    assert result.claimant == "vladimir Putin"


@sync
async def test_claim_dialog_escape_returns_none_even_after_edits() -> None:
    app = DialogApp(ClaimDialog(QUOTE))
    async with app.run_test() as pilot:
        await type_text(pilot, "someone")
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


@sync
async def test_dialog_heading_shows_the_quote_as_plain_safe_text() -> None:
    quote = "[bold]not markup[/bold] \x1b[31m red " + "x" * 100
    app = DialogApp(ClaimDialog(quote))
    async with app.run_test() as pilot:
        await pilot.pause()
        heading = str(app.dialog.query_one(".quote", Static).visual)
    assert "[bold]not markup[/bold]" in heading
    assert "\x1b" not in heading and "␛[31m" in heading
    assert heading.endswith("…”") and len(heading) <= 64


# ---------------------------------------------------------------------------------- note


@sync
async def test_note_dialog_enter_is_a_newline_and_ctrl_s_saves() -> None:
    app = DialogApp(NoteDialog(QUOTE))
    async with app.run_test() as pilot:
        await pilot.press(*"first", "enter", *"second")
        assert still_open(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == ["first\nsecond"]


@sync
async def test_note_dialog_edits_the_initial_note_and_empty_means_remove() -> None:
    app = DialogApp(NoteDialog(QUOTE, "old note"))
    async with app.run_test() as pilot:
        assert app.dialog.query_one(TextArea).text == "old note"
        await pilot.press(*" more", "ctrl+s")
        await pilot.pause()
    assert app.results == ["old note more"]

    app = DialogApp(NoteDialog(QUOTE, "old note"))
    async with app.run_test() as pilot:
        app.dialog.query_one(TextArea).text = "  \n "
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [""]


@sync
async def test_note_dialog_escape_discards() -> None:
    app = DialogApp(NoteDialog(QUOTE, "keep me"))
    async with app.run_test() as pilot:
        await pilot.press(*"typed", "escape")
        await pilot.pause()
    assert app.results == [None]


# ---------------------------------------------------------------------------------- tags


@sync
async def test_tags_dialog_normalises_collapses_duplicates_and_previews() -> None:
    app = DialogApp(TagsDialog(QUOTE, ["russia"], ["russia"]))
    async with app.run_test() as pilot:
        assert app.dialog.query_one("#tags", Input).value == "russia, "
        await type_text(pilot, "Foreign  Policy, RUSSIA,")
        preview = str(app.dialog.query_one("#preview", Static).visual)
        assert preview == "will save: russia, foreign-policy"
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [["russia", "foreign-policy"]]


@sync
async def test_tags_dialog_explains_an_invalid_tag_and_stays_open() -> None:
    app = DialogApp(TagsDialog(QUOTE, [], []))
    async with app.run_test() as pilot:
        await type_text(pilot, "ok, a;b")
        assert "tag 'a;b'" in error_text(app, "#tags-error")
        assert "semicolons" in error_text(app, "#tags-error")
        await pilot.press("enter")
        await pilot.pause()
        assert still_open(app)
        await pilot.press("backspace", "backspace", "backspace", "enter")
        await pilot.pause()
    assert app.results == [["ok"]]


@sync
async def test_tags_dialog_completes_the_last_item_from_known_tags() -> None:
    app = DialogApp(TagsDialog(QUOTE, [], ["russia", "foreign-policy"]))
    async with app.run_test() as pilot:
        await type_text(pilot, "ru")
        tags = app.dialog.query_one("#tags", Input)
        assert shown(tags) == "russia"  # "ru" and the rest as ghost text
        await pilot.press("tab")
        assert tags.value == "russia"
        assert tags.has_focus
        await type_text(pilot, ", foreign p")
        assert shown(tags) == "russia, foreign policy"
        await pilot.press("right")  # → accepts too
        assert tags.value == "russia, foreign policy"
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [["russia", "foreign-policy"]]


@sync
async def test_tags_dialog_does_not_suggest_a_tag_already_listed() -> None:
    app = DialogApp(TagsDialog(QUOTE, ["russia"], ["russia", "russia-ukraine"]))
    async with app.run_test() as pilot:
        await type_text(pilot, "ru")
        tags = app.dialog.query_one("#tags", Input)
        assert shown(tags) == "russia, russia-ukraine"
        await pilot.press("tab")
        assert tags.value == "russia, russia-ukraine"
        assert tags.has_focus


@sync
async def test_tags_dialog_escape_returns_none() -> None:
    app = DialogApp(TagsDialog(QUOTE, ["russia"], []))
    async with app.run_test() as pilot:
        await pilot.press("backspace", "escape")
        await pilot.pause()
    assert app.results == [None]


# ---------------------------------------------------------------------------------- source


@sync
async def test_source_dialog_collects_url_relation_title_and_note() -> None:
    app = DialogApp(SourceDialog(QUOTE))
    async with app.run_test() as pilot:
        await type_text(pilot, "doi:10.1000/xyz")
        await pilot.press("tab", "r", "tab", *"A study", "tab", *"table 2", "enter")
        await pilot.pause()
    assert app.results == [
        SourceInput("https://doi.org/10.1000/xyz", "refutes", "A study", "table 2")
    ]


@sync
async def test_source_dialog_explains_a_bad_url_in_place_until_fixed() -> None:
    app = DialogApp(SourceDialog(QUOTE))
    async with app.run_test() as pilot:
        await type_text(pilot, "ftp://example.org/x")
        assert error_text(app, "#url-error") == ""  # not judged while typing
        await pilot.press("enter")
        await pilot.pause()
        assert still_open(app)
        assert "only http(s) URLs and DOIs" in error_text(app, "#url-error")
        await pilot.press("home", "delete", "delete", "delete", *"https")
        await pilot.pause()
        assert error_text(app, "#url-error") == ""
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [SourceInput("https://example.org/x")]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://[::1", "not a valid URL"),
        ("http://[x]/a", "not a valid URL"),
        ("https://example.org:99999/a", "port"),
        ("https://user:pw@example.org/a", "password"),
        ("https://alice@example.org/a", "user"),
    ],
)
@sync
async def test_source_dialog_refuses_urls_python_cannot_parse_or_that_leak(
    url: str, reason: str
) -> None:
    """These crashed the app (a traceback on `https://[::1`) or were saved with the user's
    credentials, which every export would then copy."""
    app = DialogApp(SourceDialog(QUOTE))
    async with app.run_test() as pilot:
        await type_text(pilot, url)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and still_open(app)
        assert reason in error_text(app, "#url-error")
        assert "pw" not in error_text(app, "#url-error")
        await pilot.press("ctrl+u", *"https://example.org/a", "enter")
        await pilot.pause()
    assert app.results == [SourceInput("https://example.org/a")]


@sync
async def test_source_dialog_edits_an_existing_source_and_escape_discards() -> None:
    initial = SourceInput("https://example.org", "context", "Title", "")
    app = DialogApp(SourceDialog(QUOTE, initial))
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [initial]

    app = DialogApp(SourceDialog(QUOTE, initial))
    async with app.run_test() as pilot:
        await pilot.press("backspace", "escape")
        await pilot.pause()
    assert app.results == [None]


# ---------------------------------------------------------------------------------- export


@sync
async def test_export_dialog_defaults_to_a_file_named_after_the_brief(tmp_path: Path) -> None:
    app = DialogApp(ExportDialog(tmp_path, "Pakistan–Russia ties: a new era?", 12))
    async with app.run_test(size=(80, 24)) as pilot:
        path = app.dialog.query_one("#path", Input).value
        assert path == f"{tmp_path}/pakistan-russia-ties-a-new-era-annotations.csv"
        await pilot.press("enter")
        await pilot.pause()
    expected = tmp_path / "pakistan-russia-ties-a-new-era-annotations.csv"
    assert app.results == [ExportRequest("csv", expected, "brief")]


@sync
async def test_export_dialog_scope_all_renames_the_default_file(tmp_path: Path) -> None:
    app = DialogApp(ExportDialog(tmp_path, "Some brief"))
    async with app.run_test() as pilot:
        await pilot.press("tab", "a")  # from the format to the scope: "all briefs"
        await pilot.pause()
        assert app.dialog.query_one("#path", Input).value.endswith("/all-briefs-annotations.csv")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [ExportRequest("csv", tmp_path / "all-briefs-annotations.csv", "all")]


@sync
async def test_export_dialog_without_a_brief_exports_all(tmp_path: Path) -> None:
    app = DialogApp(ExportDialog(tmp_path, None))
    async with app.run_test() as pilot:
        assert not app.dialog.query("#scope")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [ExportRequest("csv", tmp_path / "all-briefs-annotations.csv", "all")]


@sync
async def test_export_dialog_refuses_folders_and_missing_folders(tmp_path: Path) -> None:
    app = DialogApp(ExportDialog(tmp_path, "T"))
    async with app.run_test() as pilot:
        field = app.dialog.query_one("#path", Input)
        field.value = str(tmp_path)
        await pilot.press("enter")
        await pilot.pause()
        assert "is a folder" in error_text(app, "#path-error")
        field.value = str(tmp_path / "nope" / "out.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert "does not exist" in error_text(app, "#path-error")
        assert still_open(app)
        field.value = "relative.csv"  # relative to the default folder
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [ExportRequest("csv", tmp_path / "relative.csv", "brief")]


@sync
async def test_export_dialog_asks_before_overwriting(tmp_path: Path) -> None:
    existing = tmp_path / "t-annotations.csv"
    existing.write_text("old")
    app = DialogApp(ExportDialog(tmp_path, "T"))
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "exists — Enter again to overwrite" in error_text(app, "#path-error")
        assert still_open(app)
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [ExportRequest("csv", existing, "brief")]


@sync
async def test_export_dialog_completes_paths(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    app = DialogApp(ExportDialog(tmp_path, "T"))
    async with app.run_test() as pilot:
        field = app.dialog.query_one("#path", Input)
        field.focus()
        field.value = ""
        await type_text(pilot, "rep")
        await pilot.press("tab")
        assert field.value == "reports/"
        await type_text(pilot, "x.csv")
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


# ---------------------------------------------------------------------------------- import


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inner.md").write_text("# inner")
    for name in ("alpha.txt", "beta.md", "paper.pdf", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    return tmp_path


def listed(app: DialogApp) -> list[str]:
    options = app.dialog.query_one(OptionList).options
    return [str(option.prompt) for option in options]


@sync
async def test_import_dialog_lists_folders_and_briefs_only(folder: Path) -> None:
    app = DialogApp(ImportDialog(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == ["../", "sub/", "alpha.txt", "beta.md"]
        await type_text(pilot, "b")
        assert listed(app) == ["beta.md"]


@sync
async def test_a_newline_in_a_file_name_is_one_row_in_the_import_dialog(folder: Path) -> None:
    (folder / "two\nlines.txt").write_text("x")
    (folder / "tab\there.md").write_text("x")
    app = DialogApp(ImportDialog(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        entries = app.dialog.query_one(OptionList)
        assert "two␊lines.txt" in listed(app) and "tab␉here.md" in listed(app)
        drawn = [entries.render_line(y).text.strip() for y in range(entries.size.height)]
        assert "two␊lines.txt" in drawn and not any(row == "lines.txt" for row in drawn)


@sync
async def test_import_dialog_tab_completes_and_enter_imports(folder: Path) -> None:
    app = DialogApp(ImportDialog(folder))
    async with app.run_test() as pilot:
        await type_text(pilot, "al")
        await pilot.press("tab")
        assert app.dialog.query_one("#path", Input).value == f"{folder}/alpha.txt"
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [folder / "alpha.txt"]


@sync
async def test_import_dialog_completes_folders_and_home(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(folder))
    app = DialogApp(ImportDialog(folder))
    async with app.run_test() as pilot:
        field = app.dialog.query_one("#path", Input)
        assert field.value == "~/"  # the start folder is the home folder here
        await type_text(pilot, "s")
        await pilot.press("tab")
        assert field.value == "~/sub/"
        await settle(pilot)
        assert listed(app) == ["../", "inner.md"]
        await type_text(pilot, "i")
        await pilot.press("tab", "enter")
        await pilot.pause()
    assert app.results == [folder / "sub" / "inner.md"]


@sync
async def test_import_dialog_walks_the_list_with_arrows(folder: Path) -> None:
    app = DialogApp(ImportDialog(folder))
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("down")  # into the list, on "../"
        entries = app.dialog.query_one(OptionList)
        assert entries.has_focus and entries.highlighted == 0
        await pilot.press("down", "enter")  # sub/
        await settle(pilot)
        assert app.dialog.query_one("#path", Input).value == f"{folder}/sub/"
        assert entries.has_focus and listed(app) == ["../", "inner.md"]
        await pilot.press("up")  # back to the input from the first entry
        assert app.dialog.query_one("#path", Input).has_focus
        await pilot.press("down", "down", "enter")
        await pilot.pause()
    assert app.results == [folder / "sub" / "inner.md"]


@sync
async def test_import_dialog_explains_missing_and_unsupported_paths(folder: Path) -> None:
    app = DialogApp(ImportDialog(folder))
    async with app.run_test() as pilot:
        await type_text(pilot, "missing.txt")
        await pilot.press("enter")
        await pilot.pause()
        assert "no such file or folder" in error_text(app, "#path-error")
        field = app.dialog.query_one("#path", Input)
        field.value = str(folder / "paper.pdf")
        await pilot.press("enter")
        await pilot.pause()
        assert "cannot import .pdf files" in error_text(app, "#path-error")
        assert still_open(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


@sync
async def test_import_dialog_imports_a_folder_only_after_a_second_enter(folder: Path) -> None:
    app = DialogApp(ImportDialog(folder))
    async with app.run_test() as pilot:
        await type_text(pilot, "sub")
        await pilot.press("enter")
        await pilot.pause()
        assert "Enter again imports every brief" in error_text(app, "#path-error")
        assert app.dialog.query_one("#path", Input).value.endswith("/sub/")
        assert still_open(app)
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [folder / "sub"]


# ---------------------------------------------------------------------------------- confirm


@pytest.mark.parametrize(
    ("keys", "expected"),
    [("enter", False), ("ctrl+s", False), ("y", True), ("n", False), ("d", False)],
)
@sync
async def test_confirm_dialog_keys(keys: str, expected: bool) -> None:
    app = DialogApp(ConfirmDialog("Delete brief?", "It has 3 annotations."))
    async with app.run_test() as pilot:
        await pilot.press(keys)
        await pilot.pause()
    # Only y deletes; Enter (often pressed to get past a dialog) cancels.
    assert app.results == ([expected] if keys != "d" else [])


@sync
async def test_confirm_dialog_escape_cancels_and_the_button_says_what_it_does() -> None:
    app = DialogApp(ConfirmDialog("Delete [b]x[/b]?", "Gone for good.", confirm_label="Remove"))
    async with app.run_test() as pilot:
        button = app.dialog.query_one("#dialog-confirm", Button)
        assert str(button.label) == "Remove" and button.variant == "error"
        title = app.dialog.query_one("#dialog").border_title or ""
        assert Content.from_markup(title).plain == "Delete [b]x[/b]?"
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [False]


# ---------------------------------------------------------------------------------- bind key

TAGS = [Tag(1, "russia", None, 1), Tag(2, "energy", None, None)]


@sync
async def test_bind_key_dialog_completes_a_tag_and_binds_a_digit() -> None:
    app = DialogApp(BindKeyDialog(TAGS))
    async with app.run_test() as pilot:
        await type_text(pilot, "en")
        await pilot.press("tab")
        assert app.dialog.query_one("#tag", Input).value == "energy"
        await pilot.press("enter")  # on to the key
        assert still_open(app)
        await pilot.press("3")
        await pilot.pause()
    assert app.results == [("energy", 3)]


@sync
async def test_bind_key_dialog_new_tag_and_zero_unbinds() -> None:
    app = DialogApp(BindKeyDialog(TAGS))
    async with app.run_test() as pilot:
        await type_text(pilot, "New Tag")
        await pilot.press("enter", "0")
        await pilot.pause()
    assert app.results == [("new-tag", None)]


@sync
async def test_bind_key_dialog_shows_bindings_and_explains_bad_names() -> None:
    app = DialogApp(BindKeyDialog(TAGS))
    async with app.run_test() as pilot:
        bindings = str(app.dialog.query_one("#bindings", Static).visual)
        assert "1 russia" in bindings and "2 —" in bindings
        await type_text(pilot, "russia")
        assert "russia is on 1" in str(app.dialog.query_one("#key", Static).visual)
        app.dialog.query_one("#tag", Input).value = "a;b"
        await pilot.press("enter")
        await pilot.pause()
        assert "semicolons" in error_text(app, "#tag-error")
        assert app.dialog.query_one("#tag", Input).has_focus
        await pilot.press("ctrl+s")  # no key pressed yet either
        await pilot.pause()
        assert still_open(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


@sync
async def test_bind_key_dialog_with_initial_tag_takes_a_digit_at_once() -> None:
    app = DialogApp(BindKeyDialog(TAGS, initial="russia"))
    async with app.run_test() as pilot:
        await pilot.press("5")
        await pilot.pause()
    assert app.results == [("russia", 5)]


@sync
async def test_dialog_buttons_work_with_the_mouse() -> None:
    app = DialogApp(ClaimDialog(QUOTE, ClaimFields("IMF", "fact", "supported")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#dialog-confirm")
        await pilot.pause()
    assert app.results == [ClaimFields("IMF", "fact", "supported")]

    app = DialogApp(ConfirmDialog("Delete?", "Sure?"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#dialog-cancel")
        await pilot.pause()
    assert app.results == [False]


# ---------------------------------------------------------------------------------- save key


def every_dialog(tmp_path: Path) -> list[Dialog[Any]]:
    (tmp_path / "brief.txt").write_text("A brief.", encoding="utf-8")
    return [
        ClaimDialog(QUOTE, ClaimFields("IMF", "fact", "supported")),
        NoteDialog(QUOTE, "a note"),
        TagsDialog(QUOTE, ["russia"], ["russia"]),
        SourceDialog(QUOTE, SourceInput("https://example.org")),
        ExportDialog(tmp_path, "Some brief"),
        ImportDialog(tmp_path),
    ]


@pytest.mark.parametrize("index", range(6))
@sync
async def test_ctrl_s_saves_every_dialog_from_every_field_and_the_footer_says_so(
    tmp_path: Path, index: int
) -> None:
    dialog = every_dialog(tmp_path)[index]
    app = DialogApp(dialog)
    async with app.run_test(size=(80, 24)) as pilot:
        hint = str(dialog.query_one("#footer .hint", Static).render())
        assert hint.startswith("ctrl+s"), hint
        if isinstance(dialog, ImportDialog):
            dialog.query_one("#path", Input).value = str(tmp_path / "brief.txt")
        else:
            await pilot.press("tab")  # from another field than the first, where there is one
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert len(app.results) == 1 and app.results[0] is not None


@sync
async def test_export_dialog_refuses_a_name_of_another_format(tmp_path: Path) -> None:
    """A .json name with CSV chosen wrote CSV into the .json file."""
    app = DialogApp(ExportDialog(tmp_path, "Some brief"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.dialog.query_one("#path", Input).value = str(tmp_path / "y.json")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert still_open(app)
        assert "y.json is a JSON name but the format is CSV" in error_text(app, "#path-error")
        app.dialog.query_one("#path", Input).value = str(tmp_path / "y.txt")  # any other name
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [ExportRequest(format="csv", path=tmp_path / "y.txt", scope="brief")]


@sync
async def test_export_dialog_refuses_the_library_file_and_a_link(tmp_path: Path) -> None:
    """An export over the database itself turned the library into a CSV file."""

    class LibraryApp(DialogApp):
        db_url = f"sqlite:///{tmp_path / 'library.sqlite3'}"

    (tmp_path / "library.sqlite3").write_bytes(b"SQLite format 3\x00")
    (tmp_path / "real.csv").write_text("x")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    for name, reason in (("library.sqlite3", "database"), ("link.csv", "link")):
        app = LibraryApp(ExportDialog(tmp_path, "Some brief"))
        async with app.run_test(size=(80, 24)) as pilot:
            app.dialog.query_one("#path", Input).value = str(tmp_path / name)
            for _ in range(2):  # not even "Enter again to overwrite"
                await pilot.press("enter")
                await pilot.pause()
            assert still_open(app), name
            assert reason in error_text(app, "#path-error"), error_text(app, "#path-error")
    assert (tmp_path / "library.sqlite3").read_bytes() == b"SQLite format 3\x00"
    assert (tmp_path / "link.csv").is_symlink()
