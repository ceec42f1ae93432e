"""The reader screen and its parts (see :mod:`~briefreader.tui.screens.reader.screen`)."""

from __future__ import annotations

from briefreader.tui.screens.reader.loading import BEST_EFFORT_PATIENCE_S, NotInReadOnlyLibrary
from briefreader.tui.screens.reader.progress import POSITION_SAVE_INTERVAL
from briefreader.tui.screens.reader.screen import CHANGES_POLL_INTERVAL, ReaderScreen

__all__ = [
    "BEST_EFFORT_PATIENCE_S",
    "CHANGES_POLL_INTERVAL",
    "POSITION_SAVE_INTERVAL",
    "NotInReadOnlyLibrary",
    "ReaderScreen",
]
