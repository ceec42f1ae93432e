"""The Store: the only code in briefreader that opens a database Session.

Every public method is one transaction. Mutating methods take the write lock up front and are
committed before they return, so whatever the caller reports as saved is on disk. Methods hand
out the frozen dataclasses of :mod:`briefreader.store.records`, never rows.

The Store is :class:`~briefreader.store.base.StoreBase` (the database, its sessions and the
helpers every subject needs) holding one part per subject (briefs.py, versions.py, tags.py,
annotations.py, changes.py, claims.py, claim_groups.py, suggestions.py, sources.py,
source_refs.py, export.py, search.py, backup_copy.py,
maintenance.py);
each public method is its part's, reached through :class:`~briefreader.store.base.via`.
Import from here: this module re-exports every name
callers need, including the errors of :mod:`briefreader.store.errors`: a write the database
cannot take now raises a :class:`DatabaseUnavailable` (busy, disk full, read-only, replaced)
after writing nothing, so a caller can keep the user's change and offer to retry.
"""

from __future__ import annotations

from functools import cached_property

from briefreader.store.annotations import AnnotationsPart
from briefreader.store.backup_copy import BackupPart
from briefreader.store.base import StoreBase, via
from briefreader.store.briefs import BriefsPart
from briefreader.store.changes import ChangesPart
from briefreader.store.claim_groups import Appearance, ClaimGroup, ClaimGroupsPart
from briefreader.store.claims import ClaimsPart
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
    ExportPart,
    ExportRow,
    ExportRows,
    ExportTuple,
    export_tuple,
)
from briefreader.store.inputs import AnnotationChange, NewAnnotation, NewBrief
from briefreader.store.maintenance import MaintenancePart
from briefreader.store.records import (
    Annotation,
    Brief,
    BriefSummary,
    BriefVersion,
    ClaimCheck,
    HistoryEntry,
    ImportResult,
    ReanchorReport,
    Source,
    SourceInput,
    SourceRef,
    SourceUse,
    Tag,
    UuidTable,
)
from briefreader.store.search import SearchHit, SearchPart
from briefreader.store.source_refs import SourceRefsPart
from briefreader.store.sources import SourcesPart
from briefreader.store.suggestions import SuggestionsPart, suggestion_key
from briefreader.store.tag_admin import TagAdminPart, TagSnapshot, TagUsage
from briefreader.store.tags import TagsPart, count_tags
from briefreader.store.versions import VersionsPart
from briefreader.text.validate import InvalidValue


class Store(StoreBase):
    """Briefs, annotations, tags and sources in one database (SQLite file or PostgreSQL).

    The methods are grouped by subject in parts (one module each) that the Store holds; each
    public method below is its part's, called on it.
    """

    @cached_property
    def _briefs(self) -> BriefsPart:
        """Briefs: import, list, find, delete, reading position, brief tags."""
        return BriefsPart(self)

    @cached_property
    def _versions(self) -> VersionsPart:
        """A brief's text versions and replacing its text (re-anchoring)."""
        return VersionsPart(self)

    @cached_property
    def _tags(self) -> TagsPart:
        """Tags and their quick keys."""
        return TagsPart(self)

    @cached_property
    def _annotations(self) -> AnnotationsPart:
        """Annotations one at a time."""
        return AnnotationsPart(self)

    @cached_property
    def _changes(self) -> ChangesPart:
        """Many annotations in one transaction."""
        return ChangesPart(self)

    @cached_property
    def _sources(self) -> SourcesPart:
        """An annotation's sources."""
        return SourcesPart(self)

    @cached_property
    def _source_refs(self) -> SourceRefsPart:
        """Sources in their own right (one per URL) and the annotations citing them."""
        return SourceRefsPart(self)

    @cached_property
    def _export(self) -> ExportPart:
        """Rows for the exports."""
        return ExportPart(self)

    @cached_property
    def _search(self) -> SearchPart:
        """Full-text search."""
        return SearchPart(self)

    @cached_property
    def _backup(self) -> BackupPart:
        """Backups."""
        return BackupPart(self)

    @cached_property
    def _tag_admin(self) -> TagAdminPart:
        """Tags in their own right: usage, rename, merge, delete, undo."""
        return TagAdminPart(self)

    @cached_property
    def _claim_groups(self) -> ClaimGroupsPart:
        """Claims confirmed the same claim, and pairs said not to be."""
        return ClaimGroupsPart(self)

    @cached_property
    def _suggestions(self) -> SuggestionsPart:
        """The claim finder's dismissed suggestions."""
        return SuggestionsPart(self)

    @cached_property
    def _claims(self) -> ClaimsPart:
        """A claim's check and its history."""
        return ClaimsPart(self)

    @cached_property
    def _maintenance(self) -> MaintenancePart:
        """Check and repair."""
        return MaintenancePart(self)

    # briefs: import, list, find, delete, reading position, brief tags (briefs.py)
    import_brief = via("_briefs", BriefsPart.import_brief)
    list_briefs = via("_briefs", BriefsPart.list_briefs)
    get_brief = via("_briefs", BriefsPart.get_brief)
    get_brief_summary = via("_briefs", BriefsPart.get_brief_summary)
    text_around = via("_briefs", BriefsPart.text_around)
    find_briefs = via("_briefs", BriefsPart.find_briefs)
    find_brief_by_hash = via("_briefs", BriefsPart.find_brief_by_hash)
    find_brief_by_source_path = via("_briefs", BriefsPart.find_brief_by_source_path)
    delete_brief = via("_briefs", BriefsPart.delete_brief)
    mark_opened = via("_briefs", BriefsPart.mark_opened)
    set_reading_position = via("_briefs", BriefsPart.set_reading_position)
    note_read_to = via("_briefs", BriefsPart.note_read_to)
    brief_tags = via("_briefs", BriefsPart.brief_tags)
    update_brief_details = via("_briefs", BriefsPart.update_brief_details)
    set_brief_tags = via("_briefs", BriefsPart.set_brief_tags)

    # a brief's text versions and replacing its text (re-anchoring) (versions.py)
    brief_versions = via("_versions", VersionsPart.brief_versions)
    replace_brief_text = via("_versions", VersionsPart.replace_brief_text)

    # tags and their quick keys (tags.py)
    list_tags = via("_tags", TagsPart.list_tags)
    tag_counts = via("_tags", TagsPart.tag_counts)
    ensure_tag = via("_tags", TagsPart.ensure_tag)
    update_tag = via("_tags", TagsPart.update_tag)
    tag_for_key = via("_tags", TagsPart.tag_for_key)
    delete_tag = via("_tags", TagsPart.delete_tag)

    # annotations one at a time (annotations.py)
    get_annotation = via("_annotations", AnnotationsPart.get_annotation)
    annotations_for_brief = via("_annotations", AnnotationsPart.annotations_for_brief)
    find_annotation_by_uuid = via("_annotations", AnnotationsPart.find_annotation_by_uuid)
    create_annotation = via("_annotations", AnnotationsPart.create_annotation)
    update_annotation = via("_annotations", AnnotationsPart.update_annotation)
    reattach_annotation = via("_annotations", AnnotationsPart.reattach_annotation)
    accept_text_change = via("_annotations", AnnotationsPart.accept_text_change)
    delete_annotation = via("_annotations", AnnotationsPart.delete_annotation)
    restore_annotation = via("_annotations", AnnotationsPart.restore_annotation)
    set_annotation_tags = via("_annotations", AnnotationsPart.set_annotation_tags)
    toggle_annotation_tag = via("_annotations", AnnotationsPart.toggle_annotation_tag)

    # many annotations in one transaction (changes.py)
    bulk_create_annotations = via("_changes", ChangesPart.bulk_create_annotations)
    apply_changes = via("_changes", ChangesPart.apply_changes)

    # an annotation's sources (sources.py)
    add_source = via("_sources", SourcesPart.add_source)
    update_source = via("_sources", SourcesPart.update_source)
    delete_source = via("_sources", SourcesPart.delete_source)

    # sources in their own right, and who cites them (source_refs.py)
    list_sources = via("_source_refs", SourceRefsPart.list_sources)
    get_source_ref = via("_source_refs", SourceRefsPart.get_source_ref)
    find_sources = via("_source_refs", SourceRefsPart.find_sources)
    update_source_ref = via("_source_refs", SourceRefsPart.update_source_ref)
    delete_source_ref = via("_source_refs", SourceRefsPart.delete_source_ref)

    # rows for the exports (export.py)
    iter_export_rows = via("_export", ExportPart.iter_export_rows)
    export_annotations = via("_export", ExportPart.export_annotations)

    # a claim's check and its history (claims.py)
    claim_history = via("_claims", ClaimsPart.claim_history)
    claim_histories = via("_claims", ClaimsPart.claim_histories)

    # tags in their own right (tag_admin.py)
    tag_usage = via("_tag_admin", TagAdminPart.tag_usage)
    tags_by_use = via("_tag_admin", TagAdminPart.tags_by_use)
    rename_tag = via("_tag_admin", TagAdminPart.rename_tag)
    remove_tag = via("_tag_admin", TagAdminPart.remove_tag)
    restore_tag = via("_tag_admin", TagAdminPart.restore_tag)

    # claims confirmed the same, and said not to be (claim_groups.py)
    join_claims = via("_claim_groups", ClaimGroupsPart.join_claims)
    leave_claim_group = via("_claim_groups", ClaimGroupsPart.leave_claim_group)
    mark_not_same = via("_claim_groups", ClaimGroupsPart.mark_not_same)
    unmark_not_same = via("_claim_groups", ClaimGroupsPart.unmark_not_same)
    not_same_pairs = via("_claim_groups", ClaimGroupsPart.not_same_pairs)
    claim_groups = via("_claim_groups", ClaimGroupsPart.claim_groups)
    group_state = via("_claim_groups", ClaimGroupsPart.group_state)
    restore_group_state = via("_claim_groups", ClaimGroupsPart.restore_group_state)

    # the claim finder's dismissed suggestions (suggestions.py)
    dismiss_suggestion = via("_suggestions", SuggestionsPart.dismiss_suggestion)
    undismiss_suggestion = via("_suggestions", SuggestionsPart.undismiss_suggestion)
    dismissed_suggestions = via("_suggestions", SuggestionsPart.dismissed_suggestions)

    # full-text search (search.py)
    search = via("_search", SearchPart.search)

    # backups (backup_copy.py)
    backup_to = via("_backup", BackupPart.backup_to)

    # check and repair (maintenance.py)
    check = via("_maintenance", MaintenancePart.check)


__all__ = [
    "EXPORT_FIELDS",
    "Annotation",
    "AnnotationChange",
    "Appearance",
    "Brief",
    "BriefSummary",
    "BriefVersion",
    "ClaimCheck",
    "ClaimGroup",
    "Conflict",
    "DatabaseBusy",
    "DatabaseReplaced",
    "DatabaseUnavailable",
    "DiskFull",
    "ExportRow",
    "ExportRows",
    "ExportTuple",
    "HistoryEntry",
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
    "SourceRef",
    "SourceUse",
    "Store",
    "StoreError",
    "Tag",
    "TagSnapshot",
    "TagUsage",
    "UuidTable",
    "count_tags",
    "export_tuple",
    "suggestion_key",
]
