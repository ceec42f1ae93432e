"""The dialog that imports an annotation file (our CSV or W3C JSON, Hypothesis JSON, Readwise
CSV, Kindle clippings) into the library, in two steps: Enter first previews what would happen
(a dry run: counts and one line per record, nothing written), Enter again imports for real.

Reading the file and planning the import run in a thread worker, since a file can hold
thousands of annotations. Any problem (no such file, a format nobody reads, a database error)
is shown in the dialog, which stays open with what was typed; changing the file or the brief
after a preview asks for a new preview, so what is imported is always what was previewed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Static

from briefreader.text.display import display_safe
from briefreader.text.validate import single_line
from briefreader.tui.screens.dialogs.base import (
    ChoiceSet,
    CompletingInput,
    Dialog,
    FieldError,
    FieldLabel,
    StayOpen,
    plain,
)
from briefreader.tui.screens.dialogs.completion import PathSuggester, display_path, expand_path

if TYPE_CHECKING:
    from briefreader.annotation_import import ImportReport
    from briefreader.store.api import Store

#: Files an annotation import can read (the importers tell the format from the content).
ANNOTATION_SUFFIXES: frozenset[str] = frozenset({".csv", ".json", ".jsonld", ".txt"})
#: Most report lines the preview lists; the counts above them are always complete.
MAX_PREVIEW_LINES = 500


@dataclass(frozen=True)
class AnnotationImport:
    """What :class:`AnnotationImportDialog` returns once the import is done."""

    path: Path
    brief_id: int | None
    report: ImportReport


def run_import(store: Store, path: Path, brief_id: int | None, *, dry_run: bool) -> ImportReport:
    """Read ``path`` and import it (or, with ``dry_run``, only plan it)."""
    from briefreader.annotation_import import import_annotations
    from briefreader.exchange.importers import parse_file

    return import_annotations(store, parse_file(path), brief_id=brief_id, dry_run=dry_run)


def problem(exc: BaseException, path: Path) -> str:
    """What to tell the user about ``exc``, raised while reading or importing ``path``."""
    if isinstance(exc, IsADirectoryError):
        return f"{display_path(path)} is a folder: add the file's name"
    if isinstance(exc, FileNotFoundError):
        return f"no such file: {display_path(path)}"
    if isinstance(exc, OSError):
        return f"{display_path(path)}: {exc.strerror or exc}"
    return str(exc) or type(exc).__name__


def report_lines(report: ImportReport, limit: int = MAX_PREVIEW_LINES) -> list[str]:
    """The per-record lines of ``report`` (its summary is shown apart), at most ``limit``."""
    lines = report.lines()[1:]
    if len(lines) > limit:
        more = len(lines) - limit
        lines = [*lines[:limit], f"  … and {more:,} more"]
    return lines


class AnnotationImportDialog(Dialog[AnnotationImport]):
    """File to import, which brief it goes to (matched from the file, or the one highlighted
    in the library), a preview, then the import."""

    KIND = "Import annotations"
    HINT = "ctrl+s or Enter preview · Tab next field · Esc cancel"
    CONFIRM_LABEL = "Preview"

    # Its layout: styles/dialogs.tcss (loaded by the app).

    def __init__(
        self,
        store: Store,
        start_dir: Path,
        brief_id: int | None = None,
        brief_title: str | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.start_dir = start_dir.expanduser().absolute()
        self.brief_id = brief_id
        self.brief_title = brief_title
        #: The dry run shown, and for which (path, brief) it was made.
        self.preview: ImportReport | None = None
        self._previewed: tuple[Path, int | None] | None = None
        self._busy = False

    def compose_body(self) -> ComposeResult:
        yield FieldLabel("File", ".csv .json .txt · → or Tab completes · ~ expands")
        start = display_path(self.start_dir)
        yield CompletingInput(
            start if start.endswith("/") else start + "/",
            suggester=PathSuggester(self.start_dir, ANNOTATION_SUFFIXES),
            select_on_focus=False,
            id="path",
        )
        yield FieldError(id="path-error")
        if self.brief_id is not None and self.brief_title is not None:
            yield FieldLabel("Brief", "←/→ · m/t")
            yield ChoiceSet(
                [("auto", "match from the file"), ("brief", "the highlighted brief")],
                "auto",
                id="target",
            )
            yield Static(
                Content.assemble("highlighted: ", plain(single_line(self.brief_title))),
                classes="quote",
                id="target-title",
            )
        yield Static(
            Content(
                "Our CSV or W3C JSON exports, Hypothesis JSON, Readwise CSV, Kindle clippings. "
                "Enter shows what would change before anything is written."
            ),
            id="formats",
        )
        yield Static(Content("Reading the file…"), id="busy")
        with VerticalScroll(id="preview-box"):
            yield Static("", id="preview-summary", markup=False)
            yield Static("", id="preview-lines", markup=False)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    # ------------------------------------------------------------------ values

    @property
    def target(self) -> int | None:
        """The brief every record goes to, or None to match each from the file."""
        if self.brief_id is None or not self.query("#target"):
            return None
        return self.brief_id if self.query_one("#target", ChoiceSet).value == "brief" else None

    def _path(self) -> Path:
        field = self.query_one("#path", Input)
        error = self.query_one("#path-error", FieldError)
        value = field.value.strip()
        if not value or value.endswith("/"):
            raise self.fail(error, "type the path of an annotation file", field)
        path = expand_path(value, self.start_dir)
        if path.is_dir():
            raise self.fail(error, f"{display_path(path)} is a folder: add the file's name", field)
        if not path.exists():
            raise self.fail(error, f"no such file: {display_path(path)}", field)
        return path

    @on(Input.Changed, "#path")
    @on(ChoiceSet.Changed, "#target")
    def _changed(self) -> None:
        # What was previewed is no longer what Enter would import.
        self.query_one("#path-error", FieldError).clear()
        if self.preview is not None:
            self._show_preview(None)

    # ------------------------------------------------------------------ steps

    def collect(self) -> AnnotationImport:
        if self._busy:
            raise StayOpen("busy")
        path = self._path()
        key = (path, self.target)
        self._set_busy("Importing…" if self._previewed == key else "Reading the file…")
        self._run(path, self.target, dry_run=self._previewed != key)
        raise StayOpen("working")

    @work(
        thread=True,
        exclusive=True,
        group="annotation-import",
        description="annotation-import",
        exit_on_error=False,
    )
    def _run(self, path: Path, brief_id: int | None, *, dry_run: bool) -> None:
        try:
            report = run_import(self.store, path, brief_id, dry_run=dry_run)
        except Exception as exc:  # every failure is explained in the dialog
            self.app.call_from_thread(self._failed, problem(exc, path))
            return
        if dry_run:
            self.app.call_from_thread(self._previewed_ok, path, brief_id, report)
        else:
            self.app.call_from_thread(self.dismiss, AnnotationImport(path, brief_id, report))

    def _previewed_ok(self, path: Path, brief_id: int | None, report: ImportReport) -> None:
        self._set_busy(None)
        if (path, brief_id) != self._current_key():
            return  # changed while reading: the next Enter previews again
        self._previewed = (path, brief_id)
        self._show_preview(report)

    def _current_key(self) -> tuple[Path, int | None] | None:
        value = self.query_one("#path", Input).value.strip()
        return (expand_path(value, self.start_dir), self.target) if value else None

    def _failed(self, message: str) -> None:
        self._set_busy(None)
        self._show_preview(None)
        error = self.query_one("#path-error", FieldError)
        error.show(message)

    def _set_busy(self, message: str | None) -> None:
        self._busy = message is not None
        busy = self.query_one("#busy", Static)
        busy.update(Content(message or ""))
        busy.set_class(message is not None, "-shown")

    def _show_preview(self, report: ImportReport | None) -> None:
        self.preview = report
        box = self.query_one("#preview-box", VerticalScroll)
        box.set_class(report is not None, "-shown")
        # The explanation of formats makes way for the preview on a small screen.
        self.query_one("#formats", Static).display = report is None
        button = self.query_one("#dialog-confirm", Button)
        hint = self.query_one("#footer .hint", Static)
        if report is None:
            self._previewed = None
            button.label = Content("Preview")
            hint.update(Content(self.HINT))
            return
        self.query_one("#preview-summary", Static).update(plain(report.summary()))
        lines = report_lines(report)
        body = "\n".join(lines) if lines else "Nothing in the file would change the library."
        self.query_one("#preview-lines", Static).update(Content(display_safe(body)))
        button.label = Content("Import")
        hint.update(Content("ctrl+s or Enter import · Esc cancel (nothing has been written yet)"))
        box.scroll_home(animate=False)
