"""Plain, frozen dataclasses the Store hands out. Callers never see SQLModel rows, so nothing
outside the store can lazily load, mutate or hold a session open by accident.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from typing import Any, TypeVar, cast


@dataclass(frozen=True)
class Tag:
    id: int
    name: str
    color: str | None = None
    quick_key: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """A source as an annotation cites it: the link (its id, relation, note and the quoted
    passage) with what the source itself holds (its URL, title, author, …; the same for every
    annotation citing it: see :class:`SourceRef`)."""

    #: The link's id (what ``update_source`` and ``delete_source`` take).
    id: int
    annotation_id: int
    url: str
    title: str = ""
    relation: str = "supports"
    note: str = ""
    added_at: datetime | None = None
    #: The source's id (:class:`SourceRef`); 0 in a record not read from the store.
    source_id: int = 0
    #: The passage of the source that backs the annotation.
    quote: str = ""
    author: str = ""
    publisher: str = ""
    #: When it was published: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    published: str | None = None
    accessed_at: date | None = None
    archive_url: str | None = None


@dataclass(frozen=True)
class SourceInput:
    """A source to cite from an annotation (no id yet). The source is found by its URL, or
    made: its title, author, publisher, published, accessed_at and archive_url fill those the
    source does not have yet, and never replace one it has (``update_source_ref`` does).
    ``relation``, ``note`` and ``quote`` are the link's own."""

    url: str
    relation: str = "supports"
    title: str = ""
    note: str = ""
    #: The passage of the source that backs the annotation.
    quote: str = ""
    author: str = ""
    publisher: str = ""
    #: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; empty or None: not known.
    published: str | None = None
    accessed_at: date | None = None
    #: A copy of the page in a web archive (an http(s) URL).
    archive_url: str | None = None


@dataclass(frozen=True, slots=True)
class SourceUse:
    """One annotation citing a source."""

    #: The link's id (a :class:`Source`'s ``id``).
    link_id: int
    annotation_id: int
    brief_id: int
    #: highlight, claim or note.
    kind: str
    relation: str


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A source in its own right, with the annotations citing it (``uses``, oldest link
    first)."""

    id: int
    url: str
    title: str
    author: str
    publisher: str
    published: str | None
    accessed_at: date | None
    archive_url: str | None
    reliability: str
    created_at: datetime
    updated_at: datetime
    revision: int
    uses: tuple[SourceUse, ...] = ()

    def count(self, relation: str) -> int:
        """How many annotations cite it with this relation (supports, refutes, context)."""
        return sum(1 for use in self.uses if use.relation == relation)

    @property
    def is_doi(self) -> bool:
        """Whether it is a DOI (stored as ``https://doi.org/10.…``)."""
        return self.url.startswith("https://doi.org/10.")


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """How far checking a claim went, apart from its verdict (``Annotation.claim_status``)."""

    #: to-check, checking, checked or not-checkable (``vocabulary.CHECK_STATUSES``).
    status: str = "to-check"
    #: The verdict in the checker's words ("Mostly false: the figure is from 2019").
    conclusion: str | None = None
    #: Why this verdict.
    rationale: str = ""
    checked_by: str | None = None
    checked_at: datetime | None = None
    #: When the claimant was contacted, and what came of it.
    contacted_at: datetime | None = None
    contact_outcome: str | None = None


#: What a claim nobody has looked at yet carries (one object shared by all of them).
UNCHECKED_CLAIM = ClaimCheck()


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change of a claim's check status, verdict, conclusion or rationale."""

    annotation_id: int
    at: datetime
    by: str | None
    #: check_status, claim_status, conclusion or rationale (``vocabulary.TRACKED``).
    field: str
    old: str | None
    new: str | None
    #: The rationale the claim had after this change.
    rationale: str
    #: A verdict changed after the claim was checked.
    correction: bool


@dataclass(frozen=True, slots=True)
class Annotation:
    id: int
    uuid: str
    brief_id: int
    kind: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    note: str
    color: str | None
    claimant: str | None
    claim_type: str | None
    claim_status: str | None
    created_at: datetime
    updated_at: datetime
    revision: int
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    #: Re-anchoring could not place it in the brief's current text: ``start``/``end`` are only
    #: where it used to be (clamped to the text); ``quote`` is what it was made on.
    orphan: bool = False
    #: The quote before a re-anchoring changed it ("text changed"), until the user accepts it.
    previous_quote: str | None = None
    #: A claim's check (None for highlights and notes).
    check: ClaimCheck | None = None
    #: Who made it (the user's name when it was made; None before version 4).
    creator: str | None = None


@dataclass(frozen=True)
class BriefSummary:
    """A brief without its text, with the counts the library shows."""

    id: int
    title: str
    source: str | None
    author: str | None
    format: str
    content_hash: str
    word_count: int
    imported_at: datetime
    last_opened_at: datetime | None
    reading_position: int
    annotations: int = 0
    claims: int = 0
    tags: tuple[str, ...] = field(default_factory=tuple)
    version: int = 1
    source_path: str | None = None
    orphans: int = 0
    #: Where and when it was published (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), if known.
    outlet: str | None = None
    published: str | None = None
    #: The furthest offset read in it, and the offset at the top of the view when left.
    read_to: int = 0
    view_top: int | None = None


@dataclass(frozen=True)
class Brief:
    """A brief with its full text."""

    id: int
    title: str
    source: str | None
    author: str | None
    format: str
    content_hash: str
    word_count: int
    imported_at: datetime
    last_opened_at: datetime | None
    reading_position: int
    text: str
    tags: tuple[str, ...] = ()
    #: 1 for the text first imported; each replacement with changed text adds one.
    version: int = 1
    #: The file it was imported from (absolute), so re-importing that file replaces the text.
    source_path: str | None = None
    outlet: str | None = None
    published: str | None = None
    read_to: int = 0
    view_top: int | None = None


@dataclass(frozen=True)
class BriefVersion:
    """An earlier text of a brief, kept when a re-import replaced it."""

    brief_id: int
    version: int
    content_hash: str
    word_count: int
    replaced_at: datetime
    text: str


@dataclass(frozen=True)
class ImportResult:
    brief: BriefSummary
    created: bool  # False: the same content was already in the store


@dataclass(frozen=True)
class ReanchorReport:
    """What replacing a brief's text did to its annotations."""

    brief: BriefSummary
    exact: int = 0  # same quote where it was expected
    moved: int = 0  # same quote found elsewhere
    changed: int = 0  # placed on approximately the same text ("text changed")
    orphaned: int = 0  # not found: kept as orphans
    text_changed: bool = True  # False: the new text was the same, nothing happened

    @property
    def total(self) -> int:
        return self.exact + self.moved + self.changed + self.orphaned

    def summary(self) -> str:
        """``version 2: annotations 30 in place, 2 moved, 1 with text changed, 1 orphaned``."""
        if not self.text_changed:
            return "same text: nothing to do"
        parts = [f"{self.exact} in place", f"{self.moved} moved"]
        if self.changed:
            parts.append(f"{self.changed} with text changed")
        if self.orphaned:
            parts.append(f"{self.orphaned} orphaned (kept; re-attach them in the reader)")
        return f"version {self.brief.version}: annotations {', '.join(parts)}"


class UuidTable:
    """Annotation id -> uuid for many annotations, packed: 16 bytes each in one buffer rather
    than a 36-character string each (100,000 annotations: 2.4 MB instead of 9.2 MB). Filled by
    :meth:`~briefreader.store.api.Store.annotations_for_brief` for a reader that holds its
    annotations without their uuids, and read when one must be restored whole."""

    def __init__(self) -> None:
        self._ids: array[int] = array("q")
        self._packed = bytearray()
        self._sorted = True
        self._sealed = False
        # Uuids that are not canonical lower-case UUIDs (an old or hand-made library), as is,
        # and those added after the table was first read.
        self._other: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._ids) + len(self._other)

    def add(self, annotation_id: int, value: str) -> None:
        """Hold ``value`` as this annotation's uuid. Ids come in any order while loading; one
        added again later (a reader's edit) is kept apart, so the packed part is not re-sorted
        on every edit and the latest value wins."""
        # (Called for every annotation a reader loads: kept to a few C calls.)
        ids = self._ids
        if self._sealed:
            if self.get(annotation_id) != value:
                self._other[annotation_id] = value
            return
        if (
            len(value) == 36
            and value[8] == value[13] == value[18] == value[23] == "-"
            and value.islower()
        ):
            try:
                packed = bytes.fromhex(value.replace("-", ""))
            except ValueError:
                packed = b""
            if len(packed) == 16:  # (fromhex skips whitespace: " 12" would be short)
                self._packed += packed
                if ids and annotation_id < ids[-1]:
                    self._sorted = False
                ids.append(annotation_id)
                return
        self._other[annotation_id] = value

    def add_all(self, annotation_ids: list[int], values: list[str]) -> None:
        """:meth:`add` each of ``values`` (``annotation_ids[i]``'s is ``values[i]``): when they
        are all canonical and the table is being filled, packed in a few C calls (100,000 in
        ~10 ms, not ~60 ms one by one); else one by one."""
        if (
            self._sealed
            or not values
            or set(map(len, values)) != {36}
            or not self._add_joined(annotation_ids, "".join(values))
        ):
            for annotation_id, value in zip(annotation_ids, values, strict=True):
                self.add(annotation_id, value)

    def _add_joined(self, annotation_ids: list[int], joined: str) -> bool:
        """Hold the uuids of ``annotation_ids``, given end to end in ``joined`` (36 characters
        each: the caller makes sure), packed, when they are all canonical. False, and nothing
        held, otherwise."""
        count = len(annotation_ids)
        if self._sealed or len(joined) != 36 * count:
            return False
        # What add checks of each, over all at once: the dashes where a UUID has them and
        # nowhere else, no upper case (a value with no letter at all, which add keeps apart,
        # reads back the same packed), the rest hex (fromhex skips whitespace: a short
        # result means a value was not all hex).
        hexed = joined.replace("-", "")
        if (
            joined[8::36] != "-" * count
            or not joined[8::36] == joined[13::36] == joined[18::36] == joined[23::36]
            or len(hexed) != 32 * count
            or any(letter in hexed for letter in "ABCDEF")
        ):
            return False
        try:
            packed = bytes.fromhex(hexed)
        except ValueError:
            return False
        if len(packed) != 16 * count:
            return False
        ids = self._ids
        if self._sorted and (
            (ids and annotation_ids[0] < ids[-1])
            or any(map(int.__gt__, annotation_ids, annotation_ids[1:]))
        ):
            self._sorted = False
        self._packed += packed
        ids.extend(annotation_ids)
        return True

    def get(self, annotation_id: int) -> str | None:
        """The uuid of this annotation, or None if it was not added."""
        if annotation_id in self._other:
            return self._other[annotation_id]
        self._sealed = True  # read from now on: later adds go apart (see add)
        if not self._sorted:
            self._sort()
        index = bisect_left(self._ids, annotation_id)
        if index == len(self._ids) or self._ids[index] != annotation_id:
            return None
        h = self._packed[index * 16 : index * 16 + 16].hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def _sort(self) -> None:
        order = sorted(range(len(self._ids)), key=self._ids.__getitem__)
        packed = self._packed
        self._ids = array("q", (self._ids[i] for i in order))
        self._packed = bytearray(b"".join(packed[i * 16 : i * 16 + 16] for i in order))
        self._sorted = True


_Record = TypeVar("_Record")


def slots_maker(cls: type[_Record]) -> Callable[..., _Record]:
    """A function making a ``cls`` (a frozen dataclass with slots, such as :class:`Annotation`)
    from all its fields, in order, as ``cls(...)`` does but setting each slot straight: the
    ``__init__`` of a frozen dataclass sets each field through ``object.__setattr__``, twice
    the time, which counts when a reader loads 100,000 records (see ``store/rows.py``)."""
    made_fields = fields(cls)  # type: ignore[arg-type]
    # What the shortcut leaves out: checks in __post_init__, fields that __init__ does not take.
    assert "__slots__" in cls.__dict__ and not hasattr(cls, "__post_init__")
    assert all(f.init for f in made_fields)
    names = [f.name for f in made_fields]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update((f"_set_{name}", cls.__dict__[name].__set__) for name in names)
    lines = [f"def make({', '.join(names)}):", "    made = _new(_cls)"]
    lines += [f"    _set_{name}(made, {name})" for name in names]
    exec("\n".join([*lines, "    return made"]), namespace)
    return cast("Callable[..., _Record]", namespace["make"])


def aware(value: Any) -> Any:
    """A stored time (naive UTC text on SQLite, a datetime on PostgreSQL) as an aware UTC
    datetime, as the column type would give it back: ~10x faster over many rows."""
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) <= 26:  # naive, as stored: read as UTC in one step
            try:
                return datetime.fromisoformat(value + "+00:00")
            except ValueError:  # a hand-edited file: an offset of its own, say
                pass
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
