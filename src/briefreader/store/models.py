"""The tables, as SQLModel classes. Nothing outside ``briefreader.store`` sees these rows:
the Store converts them to the plain dataclasses in :mod:`briefreader.store.records`.

All timestamps are UTC. Every foreign key cascades on delete, and the Store also deletes
children explicitly, so deleting a brief or an annotation never leaves orphan rows even on a
connection where foreign keys were not enforced. The one exception is a source link's
reference to its source (``source.source_id``): a source cited somewhere cannot be deleted
(the Store refuses with a sentence first), and deleting the last link to it leaves it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Index,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from briefreader import vocabulary


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, hands back aware UTC datetimes, on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # defensive: a hand-edited SQLite file
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


def utcnow() -> datetime:
    return datetime.now(UTC)


# The vocabulary, under the names the store has always used for it.
KINDS = vocabulary.KINDS
CLAIM_TYPES = vocabulary.CLAIM_TYPES
CLAIM_STATUSES = vocabulary.VERDICTS
CHECK_STATUSES = vocabulary.CHECK_STATUSES
RELATIONS = vocabulary.RELATIONS


def _in(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    allowed = ", ".join(f"'{v}'" for v in values)
    clause = f"{column} IN ({allowed})"
    return f"({column} IS NULL OR {clause})" if nullable else clause


class SchemaVersion(SQLModel, table=True):
    """One row: the schema version this database is at (see :mod:`briefreader.store.schema`)."""

    __tablename__ = "schema_version"
    id: int = Field(default=1, primary_key=True)
    version: int


class BriefRow(SQLModel, table=True):
    __tablename__ = "brief"
    __table_args__ = (
        UniqueConstraint("content_hash", name="uq_brief_content_hash"),
        # Ids are never reused: exports and undo refer to them after deletes.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_type=Text)
    source: str | None = Field(default=None, sa_type=Text)
    author: str | None = Field(default=None, sa_type=Text)
    format: str = Field(default="text", max_length=16)
    text: str = Field(sa_type=Text)
    content_hash: str = Field(max_length=80)
    word_count: int = 0
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reading_position: int = 0
    version: int = 1
    source_path: str | None = Field(default=None, sa_type=Text)
    #: Where it was published (a newspaper, a think tank), and when: ``YYYY``, ``YYYY-MM`` or
    #: ``YYYY-MM-DD`` (version 8).
    outlet: str | None = Field(default=None, sa_type=Text)
    published: str | None = Field(default=None, max_length=10)
    #: The furthest offset read (version 8): how much of it was read, whatever the cursor;
    #: and the offset at the top of the view when it was left, to show it again as it was.
    read_to: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    view_top: int | None = None


class BriefVersionRow(SQLModel, table=True):
    """An earlier text of a brief, kept when a re-import replaced it (never changed after)."""

    __tablename__ = "brief_version"
    __table_args__ = (
        UniqueConstraint("brief_id", "version", name="uq_brief_version"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    brief_id: int = Field(foreign_key="brief.id", ondelete="CASCADE")
    version: int
    text: str = Field(sa_type=Text)
    content_hash: str = Field(max_length=80)
    word_count: int = 0
    replaced_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AnnotationRow(SQLModel, table=True):
    __tablename__ = "annotation"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="ck_annotation_kind"),
        CheckConstraint(_in("claim_type", CLAIM_TYPES, True), name="ck_annotation_claim_type"),
        CheckConstraint(_in("claim_status", CLAIM_STATUSES, True), name="ck_annotation_status"),
        CheckConstraint('"start" >= 0 AND "end" >= "start"', name="ck_annotation_span"),
        CheckConstraint(_in("check_status", CHECK_STATUSES, True), name="ck_annotation_check"),
        Index("ix_annotation_brief_start", "brief_id", "start"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    brief_id: int = Field(foreign_key="brief.id", ondelete="CASCADE")
    kind: str = Field(default="highlight", max_length=16)
    start: int
    end: int
    quote: str = Field(sa_type=Text)
    prefix: str = Field(default="", sa_type=Text)
    suffix: str = Field(default="", sa_type=Text)
    note: str = Field(default="", sa_type=Text)
    color: str | None = Field(default=None, max_length=16)
    claimant: str | None = Field(default=None, sa_type=Text)
    claim_type: str | None = Field(default=None, max_length=16)
    claim_status: str | None = Field(default=None, max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revision: int = 1
    orphan: bool = False
    previous_quote: str | None = Field(default=None, sa_type=Text)
    # Version 4: how far checking a claim went (apart from its verdict), and who made it.
    check_status: str | None = Field(default=None, max_length=16)
    conclusion: str | None = Field(default=None, sa_type=Text)
    rationale: str = Field(default="", sa_type=Text)
    checked_by: str | None = Field(default=None, sa_type=Text)
    checked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    contacted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    contact_outcome: str | None = Field(default=None, sa_type=Text)
    creator: str | None = Field(default=None, sa_type=Text)


class TagRow(SQLModel, table=True):
    __tablename__ = "tag"
    __table_args__ = (
        CheckConstraint(
            "quick_key IS NULL OR (quick_key >= 1 AND quick_key <= 9)", name="ck_tag_key"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    color: str | None = Field(default=None, max_length=16)
    quick_key: int | None = Field(default=None, unique=True)


class AnnotationTagRow(SQLModel, table=True):
    __tablename__ = "annotation_tag"

    annotation_id: int = Field(foreign_key="annotation.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, ondelete="CASCADE", index=True)


class BriefTagRow(SQLModel, table=True):
    __tablename__ = "brief_tag"

    brief_id: int = Field(foreign_key="brief.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, ondelete="CASCADE", index=True)


class SourceRefRow(SQLModel, table=True):
    """A source in its own right (version 5): a web page or a DOI (stored as
    ``https://doi.org/10.…``, see :func:`briefreader.text.validate.normalise_source_url`), one
    row per URL, cited by any number of annotations through :class:`SourceRow` links."""

    __tablename__ = "source_ref"
    __table_args__ = (
        UniqueConstraint("url", name="uq_source_ref_url"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(sa_type=Text)
    title: str = Field(default="", sa_type=Text)
    author: str = Field(default="", sa_type=Text)
    publisher: str = Field(default="", sa_type=Text)
    #: When it was published: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    published: str | None = Field(default=None, max_length=10)
    accessed_at: date | None = Field(default=None, sa_type=Date)
    archive_url: str | None = Field(default=None, sa_type=Text)
    #: A note on how far it can be trusted.
    reliability: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revision: int = 1


class SourceRow(SQLModel, table=True):
    """A source cited by an annotation (the evidence link): how it bears on the annotation
    (``relation``), a note, and the passage of the source that backs it (``quote``). The
    source itself (URL, title, author, …) is its :class:`SourceRefRow` (version 5; before,
    the URL and title were kept here, on each link)."""

    __tablename__ = "source"
    __table_args__ = (CheckConstraint(_in("relation", RELATIONS), name="ck_source_relation"),)

    id: int | None = Field(default=None, primary_key=True)
    annotation_id: int = Field(foreign_key="annotation.id", ondelete="CASCADE", index=True)
    source_id: int = Field(foreign_key="source_ref.id", ondelete="RESTRICT", index=True)
    relation: str = Field(default="supports", max_length=16)
    note: str = Field(default="", sa_type=Text)
    quote: str = Field(default="", sa_type=Text)
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ClaimHistoryRow(SQLModel, table=True):
    """One change of a claim's check status, verdict, conclusion or rationale: who, when, from
    what to what, with the rationale it then had. Kept when the claim is deleted (a record of
    what was said about it) and found again when undo restores it (by id)."""

    __tablename__ = "claim_history"
    __table_args__ = (
        CheckConstraint(_in("field", vocabulary.TRACKED), name="ck_claim_history_field"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    annotation_id: int = Field(index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    by: str | None = Field(default=None, sa_type=Text)
    field: str = Field(max_length=16)
    old: str | None = Field(default=None, sa_type=Text)
    new: str | None = Field(default=None, sa_type=Text)
    rationale: str = Field(default="", sa_type=Text)
    #: A verdict changed after the claim was checked.
    correction: bool = False


class DismissedSuggestionRow(SQLModel, table=True):
    """A suggested claim (a sentence worth checking) the user dismissed in a brief (version 6),
    kept by the sentence's words — a hash of its whitespace-collapsed text — not by offsets, so
    it stays dismissed when the brief's text changes around it."""

    __tablename__ = "dismissed_suggestion"

    brief_id: int = Field(foreign_key="brief.id", primary_key=True, ondelete="CASCADE")
    text_hash: str = Field(primary_key=True, max_length=64)
    dismissed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ClaimGroupRow(SQLModel, table=True):
    """Claims confirmed to be the same claim, made in different places (version 7)."""

    __tablename__ = "claim_group"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: str | None = Field(default=None, sa_type=Text)


class ClaimGroupMemberRow(SQLModel, table=True):
    """A claim in a group (version 7). Like a claim's history it is kept when the claim is
    deleted and found again when undo restores it (by id); a group is read with its live
    claims only, and one with fewer than two is no group."""

    __tablename__ = "claim_group_member"

    annotation_id: int = Field(primary_key=True)
    group_id: int = Field(foreign_key="claim_group.id", ondelete="CASCADE", index=True)
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    added_by: str | None = Field(default=None, sa_type=Text)


class ClaimNotSameRow(SQLModel, table=True):
    """Two claims the user said are not the same claim (version 7): the finder does not offer
    them as "seen before" again. ``first_id`` < ``second_id``."""

    __tablename__ = "claim_not_same"
    __table_args__ = (CheckConstraint("first_id < second_id", name="ck_claim_not_same_order"),)

    first_id: int = Field(primary_key=True)
    second_id: int = Field(primary_key=True)
    decided_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_by: str | None = Field(default=None, sa_type=Text)
