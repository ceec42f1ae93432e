"""The modal dialogs of the reader, the library and the claims desk.

Each is a ``ModalScreen`` that dismisses with a plain result (the dataclasses below), or None
when cancelled with Esc, in which case nothing is saved. Enter confirms from any single-line
field, Tab / shift+Tab move between fields, and invalid input is explained under the field
while the dialog stays open.
"""

from __future__ import annotations

from briefreader.tui.screens.dialogs.annotation import (
    ClaimDialog,
    ClaimFields,
    NoteDialog,
    TagsDialog,
)
from briefreader.tui.screens.dialogs.annotation_import import (
    AnnotationImport,
    AnnotationImportDialog,
)
from briefreader.tui.screens.dialogs.base import Dialog
from briefreader.tui.screens.dialogs.brief import BriefDetails, BriefDialog
from briefreader.tui.screens.dialogs.claim_check import (
    ConclusionDialog,
    ContactDialog,
    RationaleDialog,
)
from briefreader.tui.screens.dialogs.conflict import ConflictDialog, DeletedElsewhereDialog
from briefreader.tui.screens.dialogs.files import ExportDialog, ExportRequest, ImportDialog
from briefreader.tui.screens.dialogs.simple import BindKeyDialog, ConfirmDialog
from briefreader.tui.screens.dialogs.sort import SortDialog
from briefreader.tui.screens.dialogs.source import SourceDialog
from briefreader.tui.screens.dialogs.tag_manager import TagManager

__all__ = [
    "AnnotationImport",
    "AnnotationImportDialog",
    "BindKeyDialog",
    "BriefDetails",
    "BriefDialog",
    "ClaimDialog",
    "ClaimFields",
    "ConclusionDialog",
    "ConfirmDialog",
    "ConflictDialog",
    "ContactDialog",
    "DeletedElsewhereDialog",
    "Dialog",
    "ExportDialog",
    "ExportRequest",
    "ImportDialog",
    "NoteDialog",
    "RationaleDialog",
    "SortDialog",
    "SourceDialog",
    "TagManager",
    "TagsDialog",
]
