"""The library's exchanges with files — importing briefs (and saying what happened), exporting
annotations (CSV, W3C JSON, Markdown), importing annotation files from other tools — and
deleting a brief: the commands that change what the library holds.

:class:`LibraryExchange` is a part the library screen holds (composition: the screen module
keeps the list itself, and its actions call this part). Work runs in thread workers that hand
results back with ``call_from_thread``; toasts are plain text (``markup=False``) because titles
and paths come from outside.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from briefreader.text.display import display_line, display_safe
from briefreader.tui.threads import in_thread

if TYPE_CHECKING:
    from textual.app import App

    from briefreader.library import ImportOutcome
    from briefreader.store.api import BriefSummary, Store
    from briefreader.tui.app import BriefReaderApp
    from briefreader.tui.screens.dialogs import ExportRequest
    from briefreader.tui.screens.dialogs.annotation_import import AnnotationImport
    from briefreader.tui.screens.library import LibraryScreen

#: Widest a title may be in a toast before it is shortened.
TOAST_TITLE_WIDTH = 60
#: Outcomes of one kind listed one toast each; more than this are summed up in one toast.
TOASTS_PER_KIND = 3
#: Seconds between progress updates while a folder is imported.
PROGRESS_INTERVAL = 0.1


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def _name(path: str | Path) -> str:
    """A file name or path as one printable line: bytes that are not UTF-8 as ``\\xe9``,
    control characters escaped (the terminal is never sent a lone surrogate)."""
    from briefreader.ingest.names import printable_name

    return printable_name(path)


def shorten(text: str, width: int = TOAST_TITLE_WIDTH) -> str:
    """``text`` made display-safe on one line, cut to ``width`` characters with an ellipsis."""
    text = display_line(text)
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


class LibraryExchange:
    """Imports and exports for the library screen (which provides the list they act on)."""

    def __init__(self, screen: LibraryScreen) -> None:
        self.screen = screen
        self.importing = False
        self.last_import_dir = Path.cwd()
        self.last_export_dir = Path.cwd()

    @property
    def app(self) -> App[Any]:
        return self.screen.app

    @property
    def brapp(self) -> BriefReaderApp:
        return cast("BriefReaderApp", self.screen.app)

    def notify(self, message: str, **kwargs: Any) -> None:
        self.screen.notify(message, **kwargs)

    # ------------------------------------------------------------------ importing

    def action_import(self) -> None:
        if not self.brapp.store_ready:
            self.notify("The library is still opening.", severity="warning")
            return
        from briefreader.tui.screens.dialogs import ImportDialog

        self.app.push_screen(ImportDialog(self.last_import_dir), self._import_chosen)

    def _import_chosen(self, path: Path | None) -> None:
        if path is None:
            return
        path = Path(path).expanduser()
        self.last_import_dir = path if path.is_dir() else path.parent
        self.import_paths([path])

    def import_paths(self, paths: Sequence[Path], *, open_after: bool = False) -> None:
        """Import files and folders (recursively) in a thread, then say what happened."""
        self.importing = True
        self.screen._sync_bindings()
        self.screen._update_status("Importing…")
        # Keys typed after "open the example" are for the reader it opens: they wait for it.
        gate = self.brapp.keys.gate() if open_after else None
        job = partial(self._import_worker, self.brapp.store, list(paths), open_after, gate)
        in_thread(self.screen, job, "library-import")

    def _import_worker(
        self, store: Store, paths: list[Path], open_after: bool, gate: asyncio.Event | None
    ) -> None:
        from briefreader.library import import_paths

        outcomes: list[ImportOutcome] = []
        last_update = 0.0
        try:
            for outcome in import_paths(store, paths):
                outcomes.append(outcome)
                now = time.monotonic()
                if now - last_update > PROGRESS_INTERVAL:
                    last_update = now
                    done = plural(len(outcomes), "file")
                    self.app.call_from_thread(self.screen._update_status, f"Importing… {done}")
        except Exception as exc:  # the outcomes so far are still reported
            self.app.call_from_thread(self.error, "Import stopped", exc)
        self.app.call_from_thread(self._import_done, paths, outcomes, open_after, gate)

    def _import_done(
        self,
        paths: list[Path],
        outcomes: list[ImportOutcome],
        open_after: bool,
        gate: asyncio.Event | None = None,
    ) -> None:
        self.importing = False
        self.report_import(paths, outcomes)
        landed = [o.brief for o in outcomes if o.brief is not None and o.created] or [
            o.brief for o in outcomes if o.brief is not None
        ]
        target = landed[0].id if landed else None
        self.screen.reload(target)
        if open_after and target is not None:
            self.screen.open_brief(target)
        if gate is not None:
            gate.set()

    def report_import(self, paths: Sequence[Path], outcomes: Sequence[ImportOutcome]) -> None:
        """One toast per outcome, or a summary per kind of outcome when there are many."""
        created = [o.brief for o in outcomes if o.brief is not None and o.created]
        existing = [
            o.brief
            for o in outcomes
            if o.brief is not None and not o.created and o.replaced is None
        ]
        replaced = [o for o in outcomes if o.replaced is not None]
        failed = [o for o in outcomes if o.brief is None]
        warned = [o for o in outcomes if o.warnings]
        if not outcomes:
            where = ", ".join(display_line(_name(p)) for p in paths)
            self.notify(
                f"No brief files (.txt, .md, .html) in {where}",
                title="Nothing imported",
                severity="warning",
                markup=False,
            )
        if len(created) <= TOASTS_PER_KIND:
            for brief in created:
                self.notify(
                    f"Imported #{brief.id} '{shorten(brief.title)}' "
                    f"({plural(brief.word_count, 'word')})",
                    markup=False,
                )
        else:
            words = sum(b.word_count for b in created)
            self.notify(
                f"Imported {plural(len(created), 'brief')} ({plural(words, 'word')})",
                markup=False,
            )
        if len(existing) <= TOASTS_PER_KIND:
            for brief in existing:
                self.notify(
                    f"Already in the library: #{brief.id} '{shorten(brief.title)}'",
                    markup=False,
                )
        else:
            self.notify(
                f"{plural(len(existing), 'brief')} already in the library (same content)",
                markup=False,
            )
        for outcome in replaced[:TOASTS_PER_KIND]:
            assert outcome.replaced is not None
            brief = outcome.replaced.brief
            self.notify(
                f"Updated #{brief.id} '{shorten(brief.title)}' to {outcome.replaced.summary()}",
                title="The file changed",
                severity="warning" if outcome.replaced.orphaned else "information",
                timeout=12,
                markup=False,
            )
        for outcome in warned[:TOASTS_PER_KIND]:
            self.notify(
                display_safe("\n".join(outcome.warnings)),
                title=shorten(_name(outcome.path.name)),
                severity="warning",
                markup=False,
            )
        for outcome in failed[:TOASTS_PER_KIND]:
            self.notify(
                display_safe(outcome.error or f"{_name(outcome.path)}: could not be imported"),
                title="Could not import",
                severity="error",
                timeout=15,
                markup=False,
            )
        if len(failed) > TOASTS_PER_KIND:
            self.notify(
                f"…and {plural(len(failed) - TOASTS_PER_KIND, 'more file')} could not be imported",
                severity="error",
                timeout=15,
                markup=False,
            )

    # ------------------------------------------------------------------ importing annotations

    def action_import_annotations(self) -> None:
        self.request_annotation_import()

    def request_annotation_import(self) -> None:
        """Ask for an annotation file (and which brief it is for), preview it, import it."""
        if not self.brapp.store_ready:
            self.notify("The library is still opening.", severity="warning")
            return
        from briefreader.tui.screens.dialogs.annotation_import import AnnotationImportDialog

        brief = self.screen.selected_brief()
        dialog = AnnotationImportDialog(
            self.brapp.store,
            self.last_import_dir,
            brief.id if brief else None,
            brief.title if brief else None,
        )
        self.app.push_screen(dialog, self._annotations_imported)

    def _annotations_imported(self, done: AnnotationImport | None) -> None:
        if done is None:
            return
        self.last_import_dir = done.path.parent
        report = done.report
        self.notify(
            display_safe(report.summary()),
            title=f"Imported {shorten(done.path.name)}",
            severity="warning" if report.skipped or report.orphaned else "information",
            timeout=10,
            markup=False,
        )
        touched = [
            item.brief_id
            for item in (*report.created, *report.updated, *report.orphaned)
            if item.brief_id is not None
        ]
        self.screen.reload(touched[0] if touched else None)

    # ------------------------------------------------------------------ exporting

    def action_export(self) -> None:
        if self.screen.selected_brief() is None and self.screen.filter_input.value.strip():
            # A filter that matches nothing is not "export everything".
            self.notify(
                "No brief matches the filter: Esc clears it, then ctrl+e exports every brief.",
                timeout=4,
            )
            return
        self.request_export()

    def request_export(self, *, everything: bool = False, fmt: str = "csv") -> None:
        """Ask where and what to export (the highlighted brief, or with ``everything`` or no
        brief highlighted, all annotations), in format ``fmt`` unless the user picks another,
        then export in a thread."""
        if not self.brapp.store_ready:
            return
        brief = None if everything else self.screen.selected_brief()
        title = display_line(brief.title) if brief else None
        count = brief.annotations if brief else sum(b.annotations for b in self.screen.briefs)
        from briefreader.tui.screens.dialogs import ExportDialog

        dialog = ExportDialog(self.last_export_dir, title, count, fmt=fmt)

        def chosen(request: ExportRequest | None) -> None:
            if request is None:
                return
            scoped = request.scope == "brief" and brief is not None
            ids = [brief.id] if scoped and brief is not None else []
            path = Path(request.path).expanduser()
            self.last_export_dir = path.parent
            self.screen._update_status(f"Exporting to {display_line(str(path))}…")
            self.export_in_worker(self.brapp.store, path, ids, request.format)

        self.app.push_screen(dialog, chosen)

    def export_in_worker(self, store: Store, path: Path, brief_ids: list[int], fmt: str) -> None:
        """Export in a thread worker, then say how it went."""
        job = partial(self._export_worker, store, path, brief_ids, fmt)
        in_thread(self.screen, job, "library-export")

    def _export_worker(self, store: Store, path: Path, brief_ids: list[int], fmt: str) -> None:
        from briefreader.exchange.files import export_to_file

        try:
            count = export_to_file(store, path, brief_ids, None, fmt)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.app.call_from_thread(self._export_failed, f"{path}: {reason}")
            return
        except Exception as exc:
            self.app.call_from_thread(self._export_failed, str(exc))
            return
        self.app.call_from_thread(self._exported, path, count)

    def _exported(self, path: Path, count: int) -> None:
        self.screen._update_status()
        self.notify(
            f"Exported {plural(count, 'annotation')} to {display_line(str(path))}", markup=False
        )

    def _export_failed(self, reason: str) -> None:
        self.screen._update_status()
        self.notify(
            display_safe(reason), title="Export failed", severity="error", timeout=15, markup=False
        )

    # ------------------------------------------------------------------ errors

    def error(self, title: str, exc: BaseException) -> None:
        self.importing = False
        self.screen._update_status()
        self.screen._sync_bindings()
        message = str(exc) or type(exc).__name__
        self.notify(display_safe(message), title=title, severity="error", timeout=15, markup=False)

    # ------------------------------------------------------------------ deleting

    def delete_selected(self) -> None:
        """Delete the selected brief and its annotations, once the user confirms."""
        brief = self.screen.selected_brief()
        if brief is None:
            self.notify("No brief is selected: the filter matches none.", timeout=3)
            return
        title = shorten(brief.title)
        if brief.annotations:
            what = f"'{title}' and its {plural(brief.annotations, 'annotation')}"
        else:
            what = f"'{title}' (it has no annotations)"
        from briefreader.tui.screens.dialogs import ConfirmDialog

        dialog = ConfirmDialog("Delete brief", f"Delete {what}? This cannot be undone.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                job = partial(self._delete_worker, self.brapp.store, brief)
                in_thread(self.screen, job, "library-delete")

        self.app.push_screen(dialog, confirmed)

    def _delete_worker(self, store: Store, brief: BriefSummary) -> None:
        try:
            count = store.delete_brief(brief.id)
        except Exception as exc:
            self.app.call_from_thread(self.error, "Could not delete the brief", exc)
            self.app.call_from_thread(self.screen.reload)
            return
        self.app.call_from_thread(self._deleted, brief, count)

    def _deleted(self, brief: BriefSummary, count: int) -> None:
        with_what = f" and its {plural(count, 'annotation')}" if count else ""
        self.notify(f"Deleted '{shorten(brief.title)}'{with_what}.", markup=False)
        # Keep the cursor where it was: on the brief that took the deleted one's row.
        index = next((i for i, b in enumerate(self.screen.shown_briefs) if b.id == brief.id), 0)
        rest = [b for b in self.screen.shown_briefs if b.id != brief.id]
        follow = rest[min(index, len(rest) - 1)].id if rest else None
        self.screen.reload(follow)
