"""The line above the footer that says when changes are not being saved: waiting for another
program's write lock, a full disk, a replaced database file (with how many changes are kept and
that ``ctrl+s`` tries again), or a read-only library (edits are off). Hidden while all is well."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.content import Content
from textual.widgets import Static

if TYPE_CHECKING:
    from briefreader.tui.app import BriefReaderApp


class DatabaseStatus(Static):
    """Shows :attr:`WriteLane.status` or the read-only reason; updates itself."""

    DEFAULT_CSS = """
    DatabaseStatus {
        /* In the flow, not docked: docked, it would sit under the footer. */
        height: auto;
        max-height: 3;
        padding: 0 1;
        display: none;
        color: $text-warning;
        background: $warning-muted;
        &.-shown { display: block; }
    }
    """

    def __init__(self) -> None:
        super().__init__("", id="db-status", markup=False)
        self._text = ""

    @property
    def brapp(self) -> BriefReaderApp:
        return cast("BriefReaderApp", self.app)

    def on_mount(self) -> None:
        self.brapp.writes.listen(self.refresh_status)
        self.refresh_status()

    def on_unmount(self) -> None:
        self.brapp.writes.unlisten(self.refresh_status)

    def refresh_status(self) -> None:
        app = self.brapp
        text = app.writes.status
        if not text and app.read_only_reason is not None:
            text = f"Read-only: {app.read_only_reason}. Reading, searching and exporting work."
        if text != self._text:
            self._text = text
            self.update(Content(text))
            self.set_class(bool(text), "-shown")
            app.screen.refresh_bindings()
