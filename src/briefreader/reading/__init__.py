"""Reading and annotating one brief, without a screen: the annotations shown
(:mod:`~briefreader.reading.shown`), the commands on them with conflict handling, undo and
redo (:mod:`~briefreader.reading.session`), what each command did or asks
(:mod:`~briefreader.reading.outcomes`), one user change (:mod:`~briefreader.reading.edits`) and
two versions compared (:mod:`~briefreader.reading.compare`). No Textual; the Store's API only.
"""

from __future__ import annotations

from briefreader.reading.edits import Edit
from briefreader.reading.history import Change, History
from briefreader.reading.outcomes import (
    Again,
    Conflicted,
    DeletedElsewhere,
    Done,
    Invalid,
    Nothing,
    Operation,
    Outcome,
)
from briefreader.reading.session import ReadingSession
from briefreader.reading.shown import Delta, ShownAnnotations

__all__ = [
    "Again",
    "Change",
    "Conflicted",
    "DeletedElsewhere",
    "Delta",
    "Done",
    "Edit",
    "History",
    "Invalid",
    "Nothing",
    "Operation",
    "Outcome",
    "ReadingSession",
    "ShownAnnotations",
]
