"""The planning pass of an annotation import: for each record read from a file, which brief it
belongs to and one step (create, update, unchanged, skipped), decided by reading the store only
(the rules are in the package docstring)."""

from __future__ import annotations

import re
import unicodedata
import uuid as uuidlib
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from briefreader.anchoring.reanchor import Anchor, fold, locate
from briefreader.annotation_import.clean import Clean, clean, sanitised
from briefreader.annotation_import.diff import Update, diff
from briefreader.annotation_import.report import ReportItem
from briefreader.exchange.imported import ImportedAnnotation, ParsedFile
from briefreader.exchange.importers._common import shorten
from briefreader.exchange.importers.uris import url_key
from briefreader.store.api import Annotation, BriefSummary, NewAnnotation, Store

#: Formats that carry every field of our annotations; the others only add (see rule 2).
COMPLETE_FORMATS = frozenset({"briefreader-csv", "w3c"})


@dataclass
class Create:
    """An annotation to create. ``flag`` (the quote it was made on, when that is not the text
    it is placed on) is kept as its "text changed" quote: it is created as an orphan on that
    quote and then attached to ``new``'s span, which the store records as a text change."""

    item: ImportedAnnotation
    brief_id: int
    new: NewAnnotation  # always with a uuid, to find what a bulk insert created
    description: str
    flag: str | None = None
    span: tuple[int, int] = (0, 0)
    error: str = "not created"


@dataclass
class Plan:
    creates: list[Create] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: list[ReportItem] = field(default_factory=list)
    skipped: list[ReportItem] = field(default_factory=list)


@dataclass(frozen=True)
class _Pending:
    """A record of this file planned to be created on a span (or an orphan's quote)."""

    origin: str
    content: tuple[object, ...]


_PUNCT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-"})
_WS = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")
_HEX64 = re.compile(r"[0-9a-f]{64}")


def _title_key(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).translate(_PUNCT).casefold()
    return _WS.sub(" ", folded).strip().rstrip("….").strip()


def _source_key(source: str) -> str:
    """A brief's source URL as compared: in its normal form, with the scheme, ``www.`` and a
    trailing ``/`` ignored."""
    value = url_key(source)
    try:
        parts = urlsplit(value)
    except ValueError:  # "https://[::1": compared as it is
        return value
    if parts.scheme in ("http", "https") and parts.hostname:
        host = parts.netloc.removeprefix("www.")
        query = f"?{parts.query}" if parts.query else ""
        return f"{host}{parts.path.rstrip('/')}{query}"
    return value


def _squeezed(text: str) -> str:
    return " ".join(fold(text).split())


def _context_agrees(text: str, item: ImportedAnnotation, start: int, end: int) -> bool:
    """Whether the text around ``start:end`` is the record's prefix and suffix (when it has
    them), folded as re-anchoring folds them."""
    prefix, suffix = item.prefix.strip(), item.suffix.strip()
    before = text[max(0, start - len(item.prefix) - 16) : start]
    after = text[end : end + len(item.suffix) + 16]
    return (not prefix or _squeezed(before).endswith(_squeezed(prefix))) and (
        not suffix or _squeezed(after).startswith(_squeezed(suffix))
    )


class Planner:
    """Decides what to do with each record, reading the store only."""

    def __init__(self, store: Store, parsed: ParsedFile, brief_id: int | None) -> None:
        self.store = store
        self.complete = parsed.format in COMPLETE_FORMATS
        self.brief_id = brief_id
        self._briefs: list[BriefSummary] | None = None
        self._texts: dict[int, str] = {}
        self._annotations: dict[int, list[Annotation]] = {}
        # (brief, start, end, kind) of anchored annotations and (brief, quote, kind) of orphans
        # -> the annotations there and the records of this file to be created there. Kind ""
        # stands for any kind (see _kind).
        self._spans: dict[tuple[int, int, int, str], list[Annotation | _Pending]] = {}
        self._orphan_quotes: dict[tuple[int, str, str], list[Annotation | _Pending]] = {}
        self._resolved: dict[tuple[object, ...], int | str] = {}
        self._ambiguous: set[tuple[object, ...]] = set()  # descriptions several briefs fit
        self._touched: dict[int, str] = {}  # annotation id -> the record that claimed it
        self._updated: set[int] = set()  # annotations this import changes
        self._uuids: set[str] = set()
        self._by_id: dict[int, Annotation] = {}
        self._by_uuid: dict[str, Annotation] = {}
        self.plan = Plan()

    # -- reading the library (cached: a file often has many records per brief)

    def briefs(self) -> list[BriefSummary]:
        if self._briefs is None:
            self._briefs = self.store.list_briefs()
        return self._briefs

    def text(self, brief_id: int) -> str:
        if brief_id not in self._texts:
            self._texts[brief_id] = self.store.get_brief(brief_id).text
        return self._texts[brief_id]

    def annotations(self, brief_id: int) -> list[Annotation]:
        if brief_id not in self._annotations:
            found = self.store.annotations_for_brief(brief_id, which="all")
            self._annotations[brief_id] = found
            for ann in found:
                self._by_id[ann.id] = ann
                self._by_uuid[ann.uuid] = ann
                for kind in (ann.kind, ""):
                    if ann.orphan:
                        self._orphan_quotes.setdefault((brief_id, ann.quote, kind), []).append(ann)
                    else:
                        self._spans.setdefault((brief_id, ann.start, ann.end, kind), []).append(ann)
        return self._annotations[brief_id]

    # -- rule 1: the brief

    def resolve(self, item: ImportedAnnotation) -> int | str:
        """The brief id for ``item``, or the reason there is none."""
        if self.brief_id is not None:
            return self.brief_id
        key = (item.brief_id, item.brief_title, item.brief_source, item.brief_author)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(item, key)
        found = self._resolved[key]
        if isinstance(found, str) and item.uuid and key in self._ambiguous:
            # Several briefs fit the file's description: the one holding this very annotation.
            ann = self.store.find_annotation_by_uuid(item.uuid)
            if ann is not None and any(
                b.id == ann.brief_id and self._describes(b, item) for b in self.briefs()
            ):
                return ann.brief_id
        return found

    @staticmethod
    def _describes(brief: BriefSummary, item: ImportedAnnotation) -> bool:
        title = (item.brief_title or "").strip()
        if title and _title_key(brief.title) == _title_key(title):
            return True
        return bool(item.brief_source and brief.source) and _source_key(
            brief.source or ""
        ) == _source_key(item.brief_source or "")

    def _resolve(self, item: ImportedAnnotation, key: tuple[object, ...]) -> int | str:
        briefs = self.briefs()
        title = (item.brief_title or "").strip()
        if item.brief_id is not None:
            named = next((b for b in briefs if b.id == item.brief_id), None)
            if named is not None and (not title or _title_key(named.title) == _title_key(title)):
                return named.id
        if item.brief_source:
            wanted = _source_key(item.brief_source)
            digest = _HEX64.search(item.brief_source.lower())
            by_source = [
                b
                for b in briefs
                if (b.source and _source_key(b.source) == wanted)
                or (digest is not None and b.content_hash.endswith(digest.group(0)))
            ]
            if len(by_source) == 1:
                return by_source[0].id
            if by_source:
                self._ambiguous.add(key)
        if not title:
            shown = f" ({item.brief_source})" if item.brief_source else ""
            return f"no brief matches the file's document{shown} (use --brief)"
        wanted = _title_key(title)
        exact = [b for b in briefs if _title_key(b.title) == wanted]
        candidates = exact or [
            b
            for b in briefs
            if len(wanted) >= 4 and (wanted in _title_key(b.title) or _title_key(b.title) in wanted)
        ]
        if len(candidates) > 1 and item.brief_author:
            author = _title_key(item.brief_author)
            by_author = [b for b in candidates if b.author and _title_key(b.author) == author]
            candidates = by_author or candidates
        if len(candidates) == 1:
            return candidates[0].id
        if not candidates:
            return f"no brief titled {title!r} (use --brief)"
        self._ambiguous.add(key)
        listed = ", ".join(f"#{b.id} {shorten(b.title, 30)!r}" for b in candidates[:4])
        return f"{len(candidates)} briefs match {title!r} ({listed}); use --brief"

    # -- rule 2: the same annotation

    def existing(self, item: ImportedAnnotation, brief_id: int) -> Annotation | None:
        """The annotation of this brief that ``item`` was exported from, if any."""
        self.annotations(brief_id)
        if item.annotation_id is not None:
            found = self._by_id.get(item.annotation_id)
            if found is not None and found.brief_id == brief_id and self._same_text(found, item):
                return found
        if item.uuid:
            by_uuid = self._by_uuid.get(item.uuid)
            if by_uuid is not None and by_uuid.brief_id == brief_id:
                return by_uuid
        return None

    @staticmethod
    def _same_text(found: Annotation, item: ImportedAnnotation) -> bool:
        quote = item.quote
        return (
            not quote.strip()
            or quote == found.quote
            or quote == found.previous_quote
            or (item.start, item.end) == (found.start, found.end)
        )

    # -- rule 3: a new annotation

    def place(self, item: ImportedAnnotation, brief_id: int) -> tuple[int, int, str] | None:
        """The span the record's quote anchors to in the brief, with how it was found. The
        quote exactly at the record's offsets is placed there (even inside a word) unless its
        context says it belongs elsewhere; else :func:`locate` searches."""
        text = self.text(brief_id)
        start, end = item.start, item.end
        at_offsets = (
            start is not None
            and end is not None
            and 0 <= start < end <= len(text)
            and end - start == len(item.quote)
            and text[start:end] == item.quote
        )
        if at_offsets and _context_agrees(text, item, start or 0, end or 0):
            return start or 0, end or 0, "exact"
        placement = locate(text, Anchor(item.quote, item.prefix, item.suffix, start, end))
        if at_offsets and (placement is None or placement.method == "fuzzy"):
            return start or 0, end or 0, "exact"
        if placement is None:
            return None
        return placement.start, placement.end, placement.method

    @staticmethod
    def _flag(item: ImportedAnnotation, placed: str) -> str | None:
        """The "text changed" quote of a record placed on ``placed``: the one the file says
        it had before, else its own quote when it differs in words (as re-anchoring decides)."""
        for quote in (item.previous_quote, item.quote):
            if quote and fold(quote) != fold(placed):
                return quote
        return None

    def new(self, item: ImportedAnnotation, brief_id: int, clean: Clean) -> None:
        self.annotations(brief_id)
        text = self.text(brief_id)
        if not item.quote.strip():
            self.skip(item, "no quote: nothing to anchor it to", brief_id)
            return
        placed = self.place(item, brief_id)
        uuid = item.uuid if item.uuid and item.uuid not in self._uuids else None
        if uuid is not None and self.store.find_annotation_by_uuid(uuid) is not None:
            uuid = None  # the same id on another brief: this copy gets its own
        common: dict[str, Any] = {
            "kind": clean.kind,
            "note": clean.note or "",
            "color": clean.color,
            "claimant": clean.claimant,
            "claim_type": clean.claim_type,
            "claim_status": clean.claim_status,
            "tags": clean.tags or (),
            "sources": clean.sources or (),
            "uuid": uuid,
            "created_at": item.created_at,
            "creator": clean.creator,
            "check_status": clean.check_status,
            "conclusion": clean.conclusion,
            "rationale": clean.rationale or "",
            "checked_by": clean.checked_by,
            "checked_at": clean.checked_at,
        }
        flag: str | None = None
        span = (0, 0)
        if placed is not None:
            start, end, method = placed
            flag = self._flag(item, text[start:end])
            holders = self._spans.get((brief_id, start, end, self._kind(clean)), [])
            if self._already(item, brief_id, holders, clean):
                return
            pending = _Pending(item.origin, clean.content())
            for kind in (clean.kind, ""):
                self._spans.setdefault((brief_id, start, end, kind), []).append(pending)
            # "moved" only says the file's offsets were not this text's: not news to a user.
            how = ["approximate match"] if method == "fuzzy" else []
            if flag is not None:
                how.append(f"text changed: the file had {shorten(flag)!r}")
            shown = f" ({', '.join(how)})" if how else ""
            description = f"{clean.kind} at {start}..{end}{shown}: {shorten(text[start:end])!r}"
            new = NewAnnotation(start=start, end=end, **common)
            if flag is not None:
                span = (start, end)
                new = replace(new, orphan=True, quote=flag, prefix=item.prefix, suffix=item.suffix)
        else:
            holders = self._orphan_quotes.get((brief_id, item.quote, self._kind(clean)), [])
            if self._already(item, brief_id, holders, clean):
                return
            pending = _Pending(item.origin, clean.content())
            for kind in (clean.kind, ""):
                self._orphan_quotes.setdefault((brief_id, item.quote, kind), []).append(pending)
            hint = item.start if item.start is not None else 0
            hint = min(max(hint, 0), len(text))
            end_hint = item.end if item.end is not None and item.end >= hint else hint
            description = f"{clean.kind} not found in the text, kept as an orphan: " + repr(
                shorten(item.quote)
            )
            new = NewAnnotation(
                start=hint,
                end=min(end_hint, len(text)),
                orphan=True,
                quote=item.quote,
                prefix=item.prefix or None,
                suffix=item.suffix or None,
                **common,
            )
        if item.annotation_id is not None:
            description += f" (no annotation #{item.annotation_id} on this quote here)"
        if uuid is None:
            new = replace(new, uuid=str(uuidlib.uuid4()))
        self._uuids.add(new.uuid or "")
        self.plan.creates.append(Create(item, brief_id, new, description, flag, span))

    def _kind(self, clean: Clean) -> str:
        """The kind duplicates must share: ours say what kind they are, so another kind on
        the same span is another annotation; other tools' kinds are only our guess (a note
        added in Kindle turns a highlight into a note; a highlight may have been made a claim
        here), so any kind matches."""
        return clean.kind if self.complete else ""

    def _already(
        self,
        item: ImportedAnnotation,
        brief_id: int,
        holders: list[Annotation | _Pending],
        clean: Clean,
    ) -> bool:
        """Whether ``item``, a record on the span (or orphan quote) of ``holders``, is one of
        them: unchanged when one has exactly its content; for another tool's record without an
        id, an update adding to the first one not yet claimed (imported before, then changed
        there). Otherwise it is a new annotation (same text, other content)."""
        content = clean.content()
        for holder in holders:
            if isinstance(holder, _Pending):
                if holder.content == content:
                    self.plan.unchanged.append(
                        ReportItem(item.origin, f"the same as {holder.origin}", None, brief_id)
                    )
                    return True
                continue
            if holder.id in self._updated:
                continue  # what it will be is not what it is
            if diff(holder, clean, item, self.complete) is None:
                where = f"already in the brief as annotation #{holder.id}"
                self.plan.unchanged.append(ReportItem(item.origin, where, holder.id, brief_id))
                return True
        if self.complete or item.uuid:
            return False
        for holder in holders:
            if isinstance(holder, Annotation) and holder.id not in self._touched:
                update = diff(holder, clean, item, self.complete)
                if update is not None:
                    self._touched[holder.id] = item.origin
                    self._updated.add(holder.id)
                    self.plan.updates.append(update)
                    return True
        return False

    def skip(self, item: ImportedAnnotation, reason: str, brief_id: int | None = None) -> None:
        self.plan.skipped.append(ReportItem(item.origin, reason, None, brief_id))

    # -- all of it

    def run(self, parsed: ParsedFile) -> Plan:
        for skipped in parsed.skipped:
            self.plan.skipped.append(ReportItem(skipped.origin, skipped.reason))
        for item in map(sanitised, parsed.annotations):
            brief_id = self.resolve(item)
            if isinstance(brief_id, str):
                self.skip(item, brief_id)
                continue
            values = clean(item)
            if isinstance(values, str):
                self.skip(item, values, brief_id)
                continue
            found = self.existing(item, brief_id)
            if found is None:
                self.new(item, brief_id, values)
                continue
            earlier = self._touched.get(found.id)
            if earlier is not None:
                self.skip(item, f"annotation #{found.id} is already updated by {earlier}", brief_id)
                continue
            self._touched[found.id] = item.origin
            update = diff(found, values, item, self.complete)
            if update is None:
                self.plan.unchanged.append(
                    ReportItem(item.origin, "no changes", found.id, brief_id)
                )
            else:
                self._updated.add(found.id)
                self.plan.updates.append(update)
        return self.plan
