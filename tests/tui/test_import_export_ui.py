"""Exporting (CSV, W3C JSON, Markdown) and importing annotation files from the library, driven
with Pilot against a real SQLite store; the files are real files in ``tmp_path``."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import Button, Input, OptionList, Static

from briefreader.exchange.files import export_to_file
from briefreader.library import annotate_quote, import_file
from briefreader.store.api import Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.dialogs import ExportDialog
from briefreader.tui.screens.dialogs.annotation_import import AnnotationImportDialog
from briefreader.tui.screens.dialogs.base import FieldError, FormSelect
from briefreader.tui.screens.library import LibraryScreen
from tests.tui.helpers import EXAMPLE, Toasts, settle, sync


@pytest.fixture
def example(store: Store) -> int:
    """The example brief with a disputed claim (tagged, with a note) and a highlight."""
    brief = import_file(store, EXAMPLE).brief
    assert brief is not None
    annotate_quote(
        store,
        brief.id,
        "Russia",
        occurrence=2,
        kind="claim",
        tags=("russia", "energy"),
        note="Check the energy figures",
        claimant="the author",
        claim_status="disputed",
    )
    annotate_quote(store, brief.id, "SCO", occurrence=1, tags=("sco",))
    return brief.id


def library(app: BriefReaderApp) -> LibraryScreen:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


# ---------------------------------------------------------------------- export


async def export_as(pilot: Any, fmt: str, path: Path | None = None) -> ExportDialog:
    """Open the export dialog for the highlighted brief and pick ``fmt``."""
    await pilot.press("ctrl+e")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    dialog.query_one("#format", FormSelect).value = fmt
    await pilot.pause()
    if path is not None:
        dialog.query_one("#path", Input).value = str(path)
    return dialog


@sync
async def test_export_to_w3c_json_from_the_app(
    store: Store, db_url: str, example: int, tmp_path: Path
) -> None:
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        toasts = Toasts(app)
        await settle(pilot)
        library(app).exchange.last_export_dir = tmp_path
        dialog = await export_as(pilot, "json")
        path = dialog.query_one("#path", Input).value
        assert path.endswith("-annotations.json")  # the default name follows the format
        await pilot.press("enter")
        await settle(pilot)
        written = Path(path)
        data = json.loads(written.read_text(encoding="utf-8"))
        assert "http://www.w3.org/ns/anno.jsonld" in json.dumps(data["@context"])
        items = data["first"]["items"]
        assert len(items) == 2
        claim = next(i for i in items if i["motivation"] == "assessing")
        exact = [
            s["exact"] for s in claim["target"]["selector"] if s["type"] == "TextQuoteSelector"
        ]
        assert exact == ["Russia"]
        assert toasts.items[-1][2] == f"Exported 2 annotations to {written}"


@sync
async def test_export_to_markdown_from_the_app(
    store: Store, db_url: str, example: int, tmp_path: Path
) -> None:
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        out = tmp_path / "report.md"
        await export_as(pilot, "md", out)
        await pilot.press("enter")
        await settle(pilot)
        report = out.read_text(encoding="utf-8")
        title = store.get_brief(example).title
        assert report.startswith(f"# {title}")
        assert "> Russia" in report and "> SCO" in report
        assert "Check the energy figures" in report
        assert "| disputed | 1 |" in report


@sync
async def test_a_typed_file_name_is_kept_and_its_suffix_follows_the_format(
    tmp_path: Path,
) -> None:
    from tests.tui.test_dialogs import DialogApp

    app = DialogApp(ExportDialog(tmp_path, "A brief"))
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.dialog.query_one("#path", Input)
        select = app.dialog.query_one("#format", FormSelect)
        select.value = "md"
        await pilot.pause()
        assert field.value == f"{tmp_path}/a-brief-annotations.md"
        field.value = "~/reports/pakistan.md"
        select.value = "json"
        await pilot.pause()
        assert field.value == "~/reports/pakistan.json"
        field.value = "notes.txt"  # not an export suffix: left as typed
        select.value = "csv"
        await pilot.pause()
        assert field.value == "notes.txt"
        await pilot.press("escape")


@sync
async def test_the_palette_offers_an_export_per_format(
    store: Store, db_url: str, example: int
) -> None:
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        found = await palette(pilot, "export all annotations to")
        assert set(found) >= {
            "Export all annotations to CSV…",
            "Export all annotations to W3C JSON (Web Annotations)…",
            "Export all annotations to a Markdown report…",
        }
        choice = found.index("Export all annotations to a Markdown report…")
        options = app.screen.query_one(OptionList)
        options.highlighted = choice
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.format == "md" and dialog.brief_title is None


async def palette(pilot: Any, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CommandPalette)
    screen.query_one(Input).value = query
    await settle(pilot)
    options = screen.query_one(OptionList)
    return [
        str(options.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(options.option_count)
    ]


# ---------------------------------------------------------------------- import


def spreadsheet_edit(path: Path, note: str) -> None:
    """Change the claim's note in an exported CSV, as a spreadsheet user would."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    kind, note_col = header.index("kind"), header.index("note")
    for row in rows[1:]:
        if row[kind] == "claim":
            row[note_col] = note
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


async def open_import(pilot: Any, path: Path) -> AnnotationImportDialog:
    await pilot.press("ctrl+a")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, AnnotationImportDialog)
    dialog.query_one("#path", Input).value = str(path)
    await pilot.pause()
    return dialog


def preview_text(dialog: AnnotationImportDialog) -> tuple[str, str]:
    summary = str(dialog.query_one("#preview-summary", Static).render())
    lines = str(dialog.query_one("#preview-lines", Static).render())
    return summary, lines


@sync
async def test_import_previews_then_imports_an_edited_csv_export(
    store: Store, db_url: str, example: int, tmp_path: Path
) -> None:
    exported = tmp_path / "annotations.csv"
    export_to_file(store, exported, [example], None, "csv")
    spreadsheet_edit(exported, "Verified against the IEA report")
    claim = next(a for a in store.annotations_for_brief(example) if a.kind == "claim")

    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        toasts = Toasts(app)
        await settle(pilot)
        dialog = await open_import(pilot, exported)
        await pilot.press("enter")  # preview: a dry run
        await settle(pilot)
        summary, lines = preview_text(dialog)
        assert summary.startswith("briefreader CSV: 0 created, 1 updated, 1 unchanged")
        assert "updated" in lines and f"#{claim.id}" in lines
        assert str(dialog.query_one("#dialog-confirm", Button).label) == "Import"
        assert store.get_annotation(claim.id).note == "Check the energy figures"  # not yet

        await pilot.press("enter")  # import for real
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert store.get_annotation(claim.id).note == "Verified against the IEA report"
        severity, title, message = toasts.items[-1]
        assert severity == "information"  # nothing skipped or orphaned
        assert title == "Imported annotations.csv"
        assert message.startswith("briefreader CSV: 0 created, 1 updated")


@sync
async def test_importing_an_unchanged_export_changes_nothing(
    store: Store, db_url: str, example: int, tmp_path: Path
) -> None:
    exported = tmp_path / "same.csv"
    export_to_file(store, exported, [], None, "csv")
    before = store.annotations_for_brief(example)
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = await open_import(pilot, exported)
        await pilot.press("enter")
        await settle(pilot)
        summary, lines = preview_text(dialog)
        assert "0 created, 0 updated, 2 unchanged, 0 orphaned, 0 skipped" in summary
        assert lines == "Nothing in the file would change the library."
        await pilot.press("enter")
        await settle(pilot)
    assert store.annotations_for_brief(example) == before


@sync
async def test_new_rows_are_created_and_the_library_counts_refresh(
    store: Store, db_url: str, example: int, tmp_path: Path
) -> None:
    exported = tmp_path / "more.csv"
    export_to_file(store, exported, [example], None, "csv")
    with exported.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    text = store.get_brief(example).text
    start = text.index("Zardari")
    new = dict(rows[0])
    new.update(
        annotation_id="",
        kind="note",
        quote="Zardari",
        start=str(start),
        end=str(start + 7),
        prefix="",
        suffix="",
        note="Who visited?",
        tags="people",
        claimant="",
        claim_status="",
        sources="",
        created_at="",
        updated_at="",
    )
    with exported.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=list(rows[0])).writerow(new)

    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = library(app)
        assert screen.briefs[0].annotations == 2
        dialog = await open_import(pilot, exported)
        await pilot.press("enter")
        await settle(pilot)
        assert preview_text(dialog)[0].startswith("briefreader CSV: 1 created")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.briefs[0].annotations == 3  # the list was reloaded
    notes = [a for a in store.annotations_for_brief(example) if a.kind == "note"]
    assert [(a.quote, a.note, a.tags) for a in notes] == [("Zardari", "Who visited?", ("people",))]


@sync
async def test_import_problems_are_shown_in_place_and_the_dialog_stays(
    store: Store, db_url: str, example: int, tmp_path: Path
) -> None:
    not_annotations = tmp_path / "notes.txt"
    not_annotations.write_text("Just some notes I took.\nNothing to import here.\n")
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = await open_import(pilot, tmp_path / "missing.csv")
        await pilot.press("enter")
        await settle(pilot)
        error = dialog.query_one("#path-error", FieldError)
        assert error.message.startswith("no such file:")

        dialog.query_one("#path", Input).value = str(not_annotations)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "not an annotation file" in error.message
        assert dialog.query_one("#path", Input).value == str(not_annotations)  # kept
        assert dialog.preview is None


@sync
async def test_changing_the_file_after_a_preview_asks_for_a_new_preview(
    store: Store, db_url: str, example: int, tmp_path: Path
) -> None:
    first = tmp_path / "first.csv"
    export_to_file(store, first, [], None, "csv")
    second = tmp_path / "second.csv"
    export_to_file(store, second, [], None, "csv")
    spreadsheet_edit(second, "Changed in the second file")
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = await open_import(pilot, first)
        await pilot.press("enter")
        await settle(pilot)
        assert dialog.preview is not None
        dialog.query_one("#path", Input).value = str(second)
        await pilot.pause()
        assert dialog.preview is None
        assert str(dialog.query_one("#dialog-confirm", Button).label) == "Preview"
        await pilot.press("enter")  # a new preview, not an import
        await settle(pilot)
        assert app.screen is dialog
        assert "1 updated" in preview_text(dialog)[0]
    claim = next(a for a in store.annotations_for_brief(example) if a.kind == "claim")
    assert claim.note == "Check the energy figures"


@sync
async def test_import_onto_the_highlighted_brief(
    store: Store, db_url: str, example: int, tmp_path: Path
) -> None:
    readwise = tmp_path / "readwise.csv"
    readwise.write_text(
        "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,"
        "Location,Highlighted at,Document tags\n"
        "Zardari,Some other title,,,From Readwise,,,,,,\n",
        encoding="utf-8",
    )
    app = BriefReaderApp(db_url, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = await open_import(pilot, readwise)
        await pilot.press("tab", "t")  # to the brief choice: the highlighted brief
        await pilot.pause()
        assert dialog.target == example
        await pilot.press("enter")
        await settle(pilot)
        assert "1 created" in preview_text(dialog)[0]
        await pilot.press("enter")
        await settle(pilot)
    quotes = [a.quote for a in store.annotations_for_brief(example)]
    assert "Zardari" in quotes
