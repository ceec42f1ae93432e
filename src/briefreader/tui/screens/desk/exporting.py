"""Exports from the claims desk (``E``): the checked claims as schema.org ClaimReview JSON-LD
(authored by the config's ``[organisation]``), the library's sources as CSL-JSON or BibTeX,
and the claims' usual CSV, Markdown and W3C JSON — of every brief (the desk's filter is a view,
not a selection the exporters take). Written in a worker; what came of it is said in a toast,
the fact-check markup's missing author too.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from briefreader.text.display import display_line
from briefreader.tui.threads import in_thread

if TYPE_CHECKING:
    from briefreader.store.api import Store
    from briefreader.tui.screens.desk.screen import DeskScreen
    from briefreader.tui.screens.dialogs import ExportRequest

#: What the desk offers, the claims' own formats first.
DESK_FORMATS = ["claimreview", "csl-json", "bibtex", "csv", "md", "json"]
_WHAT = {"claimreview": "claim review", "csl-json": "source", "bibtex": "source"}


class DeskExport:
    """The desk's export dialog and its worker (module docstring)."""

    def __init__(self, screen: DeskScreen) -> None:
        self.screen = screen
        self.folder = Path.cwd()

    def ask(self) -> None:
        from briefreader.tui.screens.dialogs import ExportDialog

        dialog = ExportDialog(self.folder, None, fmt="claimreview", formats=DESK_FORMATS)

        def chosen(request: ExportRequest | None) -> None:
            if request is None or not self.screen.brapp.store_ready:
                return
            self.folder = request.path.parent
            write = partial(self._write, self.screen.brapp.store, request.path, request.format)
            in_thread(self.screen, write, "desk-export")

        self.screen.app.push_screen(dialog, chosen)

    def _write(self, store: Store, path: Path, fmt: str) -> None:
        from briefreader.exchange.claimreview import ReviewAuthor
        from briefreader.exchange.files import export_to_file

        app = self.screen.app
        notices: list[str] = []
        author: ReviewAuthor | None = None
        config = self.screen.brapp.config
        if fmt == "claimreview" and config.organisation_name is not None:
            author = ReviewAuthor(config.organisation_name, config.organisation_url)
        try:
            count = export_to_file(
                store, path, [], None, fmt, review_author=author, notices=notices
            )
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            app.call_from_thread(self._say, f"{path}: {reason}", "error")
            return
        what = _WHAT.get(fmt, "annotation")
        said = f"Exported {count:,} {what}{'s' if count != 1 else ''} to {path}"
        if fmt == "claimreview" and author is None and count:
            notices.append(
                "The reviews have no author, which Google's fact-check markup asks for: set "
                "name and url under [organisation] in the config."
            )
        app.call_from_thread(self._say, " ".join([said, *notices]), "information")

    def _say(self, message: str, severity: str) -> None:
        self.screen.notify(
            display_line(message),
            title="Export" if severity != "error" else "Export failed",
            severity="error" if severity == "error" else "information",
            timeout=10,
            markup=False,
        )
