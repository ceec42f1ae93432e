"""The Store: the only code in briefreader that opens a database Session.

Every public method is one transaction. Mutating methods take the write lock up front and are
committed before they return, so whatever the caller reports as saved is on disk. Methods hand
out the frozen dataclasses of :mod:`briefreader.store.records`, never rows.

The Store is put together from one mixin per subject (briefs.py, tags.py, annotations.py,
sources.py, export.py, search.py, versions.py, changes.py, maintenance.py) over
:class:`~briefreader.store.base.StoreBase`. Import from here: this module re-exports every name
callers need, including the errors of :mod:`briefreader.store.errors`: a write the database
cannot take now raises a :class:`DatabaseUnavailable` (busy, disk full, read-only, replaced)
after writing nothing, so a caller can keep the user's change and offer to retry.
"""

from __future__ import annotations

from briefreader.store.base import StoreBase
from briefreader.store.changes import ChangesMixin
from briefreader.store.errors import (
    Conflict,
    DatabaseBusy,
    DatabaseReplaced,
    DatabaseUnavailable,
    DiskFull,
    NotFound,
    NotOurDatabase,
    ReadOnlyDatabase,
    SchemaError,
    SchemaVersionDamaged,
    StoreError,
)
from briefreader.store.export import (
    EXPORT_FIELDS,
    ExportMixin,
    ExportRow,
    ExportRows,
    ExportTuple,
    export_tuple,
)
from briefreader.store.inputs import AnnotationChange, NewAnnotation, NewBrief
from briefreader.store.maintenance import MaintenanceMixin
from briefreader.store.records import (
    Annotation,
    Brief,
    BriefSummary,
    BriefVersion,
    ImportResult,
    ReanchorReport,
    Source,
    SourceInput,
    Tag,
)
from briefreader.store.search import SearchHit, SearchMixin
from briefreader.store.sources import SourcesMixin
from briefreader.store.tags import TagsMixin, count_tags
from briefreader.store.versions import VersionsMixin
from briefreader.text.validate import InvalidValue


class Store(
    VersionsMixin,  # a BriefsMixin
    TagsMixin,
    ChangesMixin,  # an AnnotationsMixin
    SourcesMixin,
    ExportMixin,
    SearchMixin,
    MaintenanceMixin,
    StoreBase,
):
    """Briefs, annotations, tags and sources in one database (SQLite file or PostgreSQL)."""


__all__ = [
    "EXPORT_FIELDS",
    "Annotation",
    "AnnotationChange",
    "Brief",
    "BriefSummary",
    "BriefVersion",
    "Conflict",
    "DatabaseBusy",
    "DatabaseReplaced",
    "DatabaseUnavailable",
    "DiskFull",
    "ExportRow",
    "ExportRows",
    "ExportTuple",
    "ImportResult",
    "InvalidValue",
    "NewAnnotation",
    "NewBrief",
    "NotFound",
    "NotOurDatabase",
    "ReadOnlyDatabase",
    "ReanchorReport",
    "SchemaError",
    "SchemaVersionDamaged",
    "SearchHit",
    "Source",
    "SourceInput",
    "Store",
    "StoreError",
    "Tag",
    "count_tags",
    "export_tuple",
]
