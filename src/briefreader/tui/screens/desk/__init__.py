"""The claims desk screen (:mod:`.screen`) and its parts: the table of claims (:mod:`.table`),
triage one claim at a time (:mod:`.triage`) and the statistics (:mod:`.stats`)."""

from __future__ import annotations

from briefreader.tui.screens.desk.screen import DeskScreen

__all__ = ["DeskScreen"]
