"""What the reader's command objects share: the screen they act for and its widgets.

The reader is composed, not inherited: ``Annotating`` (:mod:`.core`: what is shown,
creating, deleting, undo), ``EditCommands`` (:mod:`.editing`: claim, note, tags, sources) and
``OrphanCommands`` (:mod:`.orphans`) each hold the screen and reach its article, panel and app
through this base.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

    from briefreader.tui.app import BriefReaderApp
    from briefreader.tui.screens.reader.screen import ReaderScreen
    from briefreader.tui.widgets.article import ArticleView
    from briefreader.tui.widgets.panel import AnnotationPanel


class ReaderPart:
    """A part of the reader screen's behaviour (see the module docstring)."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen

    @property
    def app(self) -> App[Any]:
        return self.screen.app

    @property
    def brapp(self) -> BriefReaderApp:
        return self.screen.brapp

    @property
    def article(self) -> ArticleView:
        return self.screen.article

    @property
    def panel(self) -> AnnotationPanel:
        return self.screen.panel

    @property
    def brief_id(self) -> int | None:
        return self.screen.brief_id

    def notify(self, message: str, **kwargs: Any) -> None:
        self.screen.notify(message, **kwargs)

    def refresh_bindings(self) -> None:
        self.screen.refresh_bindings()
