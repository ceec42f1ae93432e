"""Dialogs that name a file: where to export annotations to, and what to import.

Paths may be typed with ``~`` and relative to the dialog's folder; the next path component
completes as ghost text (→ or Tab accepts it). The import dialog also lists the matching
entries of the folder being typed, to walk with ↓/↑ and pick with Enter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from briefreader.text.display import display_line
from briefreader.text.validate import single_line
from briefreader.tui.screens.dialogs.base import (
    ChoiceSet,
    CompletingInput,
    Dialog,
    FieldError,
    FieldLabel,
    FormSelect,
    StayOpen,
    plain,
)
from briefreader.tui.screens.dialogs.completion import (
    BRIEF_SUFFIXES,
    PathEntry,
    PathSuggester,
    display_path,
    expand_path,
    list_folder,
    matching_entries,
    split_path_input,
)

#: Export formats the dialog knows how to offer: key -> (label, file suffix). Only those that
#: :data:`briefreader.exchange.files.FORMATS` says this build can write are shown.
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("CSV — one row per annotation, for spreadsheets", ".csv"),
    "json": ("JSON — W3C Web Annotations (JSON-LD)", ".json"),
    "md": ("Markdown — a readable report, claims by verdict", ".md"),
    "claimreview": ("ClaimReview — schema.org JSON-LD of the checked claims", ".jsonld"),
    "csl-json": ("CSL-JSON — the sources, for Zotero, pandoc, citeproc", ".json"),
    "bibtex": ("BibTeX — the sources, for LaTeX and reference managers", ".bib"),
}
#: The default file name of a format that is not the briefs' annotations.
EXPORT_STEMS: dict[str, str] = {
    "claimreview": "claim-reviews",
    "csl-json": "sources",
    "bibtex": "sources",
}


#: The format a file name's suffix stands for (a name with another suffix takes the format
#: chosen in the dialog).
SUFFIX_FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".json": "json",
    ".jsonld": "json",
    ".md": "md",
    ".markdown": "md",
    ".bib": "bibtex",
}


def available_formats() -> list[str]:
    """The keys of :data:`EXPORT_FORMATS` the exporter can write, CSV first."""
    try:
        # The exporter pulls in the store; by the time a dialog opens, the store is open.
        from briefreader.exchange.files import FORMATS
    except ImportError:  # pragma: no cover - a broken install still offers CSV
        return ["csv"]
    return [key for key in EXPORT_FORMATS if key in FORMATS] or ["csv"]


#: Most entries the import list shows; a huge folder is narrowed by typing.
MAX_LISTED = 200

_SLUG_DROP = re.compile(r"[^\w]+")


def slugify(title: str, limit: int = 50) -> str:
    """``"Pakistan–Russia ties: a new era?"`` -> ``"pakistan-russia-ties-a-new-era"``."""
    slug = _SLUG_DROP.sub("-", single_line(title).casefold()).strip("-_")
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut[: cut.rfind("-")] if "-" in cut[limit // 2 :] else cut
    return slug or "brief"


@dataclass(frozen=True)
class ExportRequest:
    """What :class:`ExportDialog` returns. ``scope`` is ``"brief"`` or ``"all"``."""

    format: str
    path: Path
    scope: str


class ExportDialog(Dialog[ExportRequest]):
    """Export format, which briefs, and the file to write (an existing file is overwritten
    only after a second Enter)."""

    KIND = "Export annotations"
    HINT = "ctrl+s or Enter export · Tab next field · Esc cancel"
    CONFIRM_LABEL = "Export"

    def __init__(
        self,
        default_dir: Path,
        brief_title: str | None,
        count_hint: int | None = None,
        *,
        fmt: str = "csv",
        formats: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.default_dir = default_dir.expanduser().absolute()
        self.brief_title = brief_title
        self.count_hint = count_hint
        #: The formats offered (the claims desk offers its own: claim reviews, sources).
        self.formats = formats or available_formats()
        self.initial_format = fmt if fmt in self.formats else self.formats[0]
        self._overwrite: Path | None = None
        self._shown_format = self.initial_format
        self._default_value = self._default_path(
            self.initial_format, "brief" if brief_title else "all"
        )

    def _default_path(self, fmt: str, scope: str) -> str:
        stem = slugify(self.brief_title) if scope == "brief" and self.brief_title else "all-briefs"
        name = EXPORT_STEMS.get(fmt, f"{stem}-annotations")
        return display_path(self.default_dir / f"{name}{EXPORT_FORMATS[fmt][1]}")

    def compose_body(self) -> ComposeResult:
        if self.brief_title is not None:
            count = "" if self.count_hint is None else f" · {self.count_hint} annotations"
            heading = Content.assemble(plain(single_line(self.brief_title)), count)
            yield Static(heading, classes="quote")
        yield FieldLabel("Format", "↓ or space opens")
        yield FormSelect(
            [(Content(EXPORT_FORMATS[key][0]), key) for key in self.formats],
            value=self.initial_format,
            allow_blank=False,
            id="format",
        )
        if self.brief_title is not None:
            yield FieldLabel("Briefs", "←/→ · t/a")
            yield ChoiceSet([("brief", "this brief"), ("all", "all briefs")], "brief", id="scope")
        yield FieldLabel("File", "~ and paths relative to the default folder · → or Tab completes")
        yield CompletingInput(
            self._default_value,
            suggester=PathSuggester(
                self.default_dir, frozenset(EXPORT_FORMATS[key][1] for key in self.formats)
            ),
            select_on_focus=False,
            id="path",
        )
        yield FieldError(id="path-error")

    @property
    def format(self) -> str:
        value = self.query_one("#format", FormSelect).value
        return value if isinstance(value, str) else self.initial_format

    @property
    def scope(self) -> str:
        if self.brief_title is None:
            return "all"
        return self.query_one("#scope", ChoiceSet).value

    @on(FormSelect.Changed, "#format")
    @on(ChoiceSet.Changed, "#scope")
    def _choice_changed(self) -> None:
        # The default name follows the format and scope. A name the user typed is kept; only
        # its suffix follows the format, when it is the suffix of the format chosen before.
        path = self.query_one("#path", Input)
        old_suffix = EXPORT_FORMATS[self._shown_format][1]
        new_suffix = EXPORT_FORMATS[self.format][1]
        self._shown_format = self.format
        if path.value == self._default_value:
            value = self._default_path(self.format, self.scope)
        elif path.value.endswith(old_suffix) and old_suffix != new_suffix:
            value = path.value[: -len(old_suffix)] + new_suffix
        else:
            return
        self._default_value = self._default_path(self.format, self.scope)
        path.value = value
        path.cursor_position = len(value)

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        if expand_path(event.value, self.default_dir) != self._overwrite:
            self._overwrite = None
            self.query_one("#path-error", FieldError).clear()

    def collect(self) -> ExportRequest:
        field = self.query_one("#path", Input)
        error = self.query_one("#path-error", FieldError)
        value = field.value.strip()
        if not value:
            raise self.fail(error, "type the name of the file to write", field)
        path = expand_path(value, self.default_dir)
        suffix = EXPORT_FORMATS[self.format][1]
        if value.endswith("/") or path.is_dir():
            raise self.fail(
                error, f"{display_path(path)} is a folder: add a file name (…/name{suffix})", field
            )
        named = SUFFIX_FORMATS.get(path.suffix.casefold())
        if named is not None and named != self.format and self.format not in EXPORT_STEMS:
            raise self.fail(
                error,
                f"{path.name} is a {named.upper()} name but the format is "
                f"{self.format.upper()}: choose {named.upper()} above, or end the name with "
                f"{suffix}",
                field,
            )
        if not path.parent.exists():
            raise self.fail(error, f"folder {display_path(path.parent)} does not exist", field)
        if not path.parent.is_dir():
            raise self.fail(error, f"{display_path(path.parent)} is not a folder", field)
        refusal = _unsafe_target(path, getattr(self.app, "db_url", None))
        if refusal is not None:
            raise self.fail(error, refusal, field)
        if path.exists() and path != self._overwrite:
            self._overwrite = path
            error.show(f"{path.name} exists — Enter again to overwrite", warning=True)
            raise StayOpen(path.name)
        return ExportRequest(format=self.format, path=path, scope=self.scope)


def _unsafe_target(path: Path, db_url: str | None) -> str | None:
    """Why an export must not be written at ``path`` (the library itself, a link, a pipe, a
    device), or None; an existing regular file is the dialog's own question."""
    try:
        from briefreader.exchange.files import ExportTargetExists, check_export_target
    except ImportError:  # pragma: no cover - the exporter is part of every build
        return None
    try:
        check_export_target(path, db_url, overwrite=True)
    except ExportTargetExists:
        return None
    except ValueError as exc:
        return str(exc)
    return None


class EntryList(OptionList):
    """The import dialog's folder listing. ↑ on the first entry, typing or backspace return to
    the path input, so the list never traps the keyboard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "up_or_input", "Previous entry", show=False, id="dialog.list_up"),
    ]

    def action_up_or_input(self) -> None:
        if self.highlighted in (None, 0):
            self.screen.query_one("#path", Input).focus()
        else:
            self.action_cursor_up()

    def on_key(self, event: events.Key) -> None:
        if event.is_printable or event.key == "backspace":
            path = self.screen.query_one("#path", Input)
            path.focus()
            if event.key == "backspace":
                path.action_delete_left()
            elif event.character:
                path.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()


class ImportDialog(Dialog[Path]):
    """The path of a brief to import (or of a folder, after a second Enter: every brief in
    it), typed with completion or picked from the listing under the input."""

    KIND = "Import"
    HINT = "ctrl+s or Enter import · ↓ pick from list · Esc cancel"
    CONFIRM_LABEL = "Import"

    # Its layout: styles/dialogs.tcss (loaded by the app).

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_list", "Pick from the list", show=False, id="dialog.to_list"),
    ]

    def __init__(self, start_dir: Path) -> None:
        super().__init__()
        self.start_dir = start_dir.expanduser().absolute()
        self._listing: tuple[Path, list[PathEntry]] | None = None
        self._shown: list[PathEntry] = []
        self._typed_folder = ""
        self._shown_folder = self.start_dir
        self._folder_import: Path | None = None

    def compose_body(self) -> ComposeResult:
        yield FieldLabel("File or folder", ".txt .md .html · → or Tab completes · ~ expands")
        start = display_path(self.start_dir)
        yield CompletingInput(
            start if start.endswith("/") else start + "/",
            suggester=PathSuggester(self.start_dir, BRIEF_SUFFIXES),
            select_on_focus=False,
            id="path",
        )
        yield FieldError(id="path-error")
        yield EntryList(id="entries")

    def on_mount(self) -> None:
        self._show_entries(self.query_one("#path", Input).value)

    def _show_entries(self, value: str) -> None:
        typed_folder, folder, fragment = split_path_input(value, self.start_dir)
        self._typed_folder = typed_folder
        self._shown_folder = folder
        if self._listing is None or self._listing[0] != folder:
            self._list_folder(folder)
            matches: list[PathEntry] = []
        else:
            matches = matching_entries(self._listing[1], fragment)
        shown: list[PathEntry] = []
        if not fragment and folder.parent != folder:
            shown.append(PathEntry("..", True, ".."))
        shown.extend(matches[:MAX_LISTED])
        self._shown = shown
        options = [
            Option(
                Content.styled(display_line(e.name) + "/", "bold")
                if e.is_dir
                else Content(display_line(e.name)),
                id=str(i),
            )
            for i, e in enumerate(shown)
        ]
        if len(matches) > MAX_LISTED:
            more = f"… {len(matches) - MAX_LISTED} more: type to narrow"
            options.append(Option(Content(more), disabled=True))
        entries = self.query_one("#entries", EntryList)
        entries.set_options(options)
        if entries.has_focus and shown:
            entries.highlighted = 0

    @work(thread=True, exclusive=True, group="listing", description="listing", exit_on_error=False)
    def _list_folder(self, folder: Path) -> None:
        # Off the event loop: a folder may hold thousands of files or sit on a slow drive.
        entries = list_folder(folder, BRIEF_SUFFIXES)
        self.app.call_from_thread(self._listed, folder, entries)

    def _listed(self, folder: Path, entries: list[PathEntry]) -> None:
        self._listing = (folder, entries)
        if self.is_mounted:
            self._show_entries(self.query_one("#path", Input).value)

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._show_entries(event.value)
        if expand_path(event.value, self.start_dir) != self._folder_import:
            self._folder_import = None
            self.query_one("#path-error", FieldError).clear()

    def action_to_list(self) -> None:
        entries = self.query_one("#entries", EntryList)
        if self._shown:
            entries.focus()
            entries.highlighted = 0

    @on(OptionList.OptionSelected, "#entries")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self._shown[int(event.option.id or 0)]
        field = self.query_one("#path", Input)
        if entry.name == "..":
            parent = display_path(self._shown_folder.parent)
            field.value = parent if parent.endswith("/") else parent + "/"
        elif entry.is_dir:
            field.value = f"{self._typed_folder}{entry.name}/"
        else:
            field.value = f"{self._typed_folder}{entry.name}"
            self.dismiss(self._shown_folder / entry.name)
            return
        field.cursor_position = len(field.value)

    def collect(self) -> Path:
        field = self.query_one("#path", Input)
        error = self.query_one("#path-error", FieldError)
        value = field.value.strip()
        if not value:
            raise self.fail(error, "type the path of a brief, or pick one below", field)
        path = expand_path(value, self.start_dir)
        if not path.exists():
            raise self.fail(error, f"no such file or folder: {display_path(path)}", field)
        if path.is_dir():
            if path == self._folder_import:
                return path
            self._folder_import = path
            if not value.endswith("/"):
                field.value = value + "/"
                field.cursor_position = len(field.value)
            error.show(
                "a folder: Enter again imports every brief in it, or pick a file (↓)",
                warning=True,
            )
            raise StayOpen(value)
        if not path.is_file():
            raise self.fail(error, f"{display_path(path)} is not a regular file", field)
        if path.suffix.lower() not in BRIEF_SUFFIXES:
            kinds = " ".join(sorted(BRIEF_SUFFIXES))
            raise self.fail(
                error,
                f"cannot import {path.suffix or 'files without a suffix'} files ({kinds})",
                field,
            )
        return path
