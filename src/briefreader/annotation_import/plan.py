"""The planning pass of an annotation import: for each record read from a file, which brief it
belongs to and one step (create, update, unchanged, skipped), decided by reading the store only
(the rules are in the package docstring)."""

from __future__ import annotations

import re
import unicodedata
import uuid as uuidlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from briefreader.annotation_import.report import ReportItem
from briefreader.exchange.imported import ImportedAnnotation, ParsedFile
from briefreader.exchange.importers._common import shorten
from briefreader.store.api import (
    Annotation,
    BriefSummary,
    NewAnnotation,
    Source,
    SourceInput,
    Store,
)
from briefreader.store.models import CLAIM_STATUSES, CLAIM_TYPES, KINDS, RELATIONS
from briefreader.text.validate import (
    InvalidValue,
    normalise_color,
    normalise_source_url,
    normalise_tag,
    single_line,
)

#: Formats that carry every field of our annotations; the others only add (see rule 2).
COMPLETE_FORMATS = frozenset({"briefreader-csv", "w3c"})


# ---------------------------------------------------------------------------------- the plan


@dataclass
class _Clean:
    """A record's values as the store would keep them (validated)."""

    kind: str
    note: str | None
    tags: tuple[str, ...] | None
    color: str | None
    color_given: bool
    claimant: str | None
    claimant_given: bool
    claim_type: str | None
    claim_type_given: bool
    claim_status: str | None
    claim_status_given: bool
    sources: tuple[SourceInput, ...] | None


@dataclass
class _Create:
    item: ImportedAnnotation
    brief_id: int
    new: NewAnnotation  # always with a uuid, to find what a bulk insert created
    description: str
    error: str = "not created"


@dataclass
class _Update:
    item: ImportedAnnotation
    annotation: Annotation
    fields: dict[str, Any]
    tags: tuple[str, ...] | None
    add_sources: list[SourceInput]
    change_sources: list[tuple[int, SourceInput]]
    remove_sources: list[int]
    description: str


@dataclass
class _Plan:
    creates: list[_Create] = field(default_factory=list)
    updates: list[_Update] = field(default_factory=list)
    unchanged: list[ReportItem] = field(default_factory=list)
    skipped: list[ReportItem] = field(default_factory=list)


_PUNCT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-"})
_WS = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")
_HEX64 = re.compile(r"[0-9a-f]{64}")


def _title_key(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).translate(_PUNCT).casefold()
    return _WS.sub(" ", folded).strip().rstrip("….").strip()


def _source_key(source: str) -> str:
    value = source.strip()
    try:
        parts = urlsplit(value)
    except ValueError:  # "https://[::1": compared as it is
        return value
    if parts.scheme.lower() in ("http", "https") and parts.hostname:
        host = parts.hostname.lower().removeprefix("www.")
        path = parts.path.rstrip("/")
        query = f"?{parts.query}" if parts.query else ""
        return f"{host}{path}{query}"
    return value


class _Planner:
    """Decides what to do with each record, reading the store only."""

    def __init__(self, store: Store, parsed: ParsedFile, brief_id: int | None) -> None:
        self.store = store
        self.complete = parsed.format in COMPLETE_FORMATS
        self.brief_id = brief_id
        self._briefs: list[BriefSummary] | None = None
        self._texts: dict[int, str] = {}
        self._annotations: dict[int, list[Annotation]] = {}
        # (brief, start, end, kind) and (brief, quote, kind) of anchored annotations and
        # orphans -> the annotation there, or the origin of a record of this file made there.
        # Kind "" stands for any kind (see _key).
        self._spans: dict[tuple[int, int, int, str], Annotation | str] = {}
        self._orphan_quotes: dict[tuple[int, str, str], Annotation | str] = {}
        self._resolved: dict[tuple[object, ...], int | str] = {}
        self._touched: dict[int, str] = {}  # annotation id -> the record that updates it
        self._uuids: set[str] = set()
        self._by_id: dict[int, Annotation] = {}
        self._by_uuid: dict[str, Annotation] = {}
        self.plan = _Plan()

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
                        self._orphan_quotes.setdefault((brief_id, ann.quote, kind), ann)
                    else:
                        self._spans.setdefault((brief_id, ann.start, ann.end, kind), ann)
        return self._annotations[brief_id]

    # -- rule 1: the brief

    def resolve(self, item: ImportedAnnotation) -> int | str:
        """The brief id for ``item``, or the reason there is none."""
        if self.brief_id is not None:
            return self.brief_id
        key = (item.brief_id, item.brief_title, item.brief_source, item.brief_author)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(item)
        return self._resolved[key]

    def _resolve(self, item: ImportedAnnotation) -> int | str:
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
        if not title:
            shown = f" ({item.brief_source})" if item.brief_source else ""
            return f"no brief matches the file's document{shown} (use --brief)"
        key = _title_key(title)
        exact = [b for b in briefs if _title_key(b.title) == key]
        candidates = exact or [
            b
            for b in briefs
            if len(key) >= 4 and (key in _title_key(b.title) or _title_key(b.title) in key)
        ]
        if len(candidates) > 1 and item.brief_author:
            author = _title_key(item.brief_author)
            by_author = [b for b in candidates if b.author and _title_key(b.author) == author]
            candidates = by_author or candidates
        if len(candidates) == 1:
            return candidates[0].id
        if not candidates:
            return f"no brief titled {title!r} (use --brief)"
        listed = ", ".join(f"#{b.id} {shorten(b.title, 30)!r}" for b in candidates[:4])
        return f"{len(candidates)} briefs match {title!r} ({listed}); use --brief"

    # -- rule 4: values the store would refuse

    def clean(self, item: ImportedAnnotation) -> _Clean | str:
        kind = item.kind.strip().casefold()
        if kind not in KINDS:
            return f"kind {item.kind!r}: use one of {', '.join(KINDS)}"
        is_claim = kind == "claim"
        claim_type = (item.claim_type or "").strip().casefold() or None
        claim_status = (item.claim_status or "").strip().casefold() or None
        if is_claim and claim_type is not None and claim_type not in CLAIM_TYPES:
            return f"claim type {item.claim_type!r}: use one of {', '.join(CLAIM_TYPES)}"
        if is_claim and claim_status is not None and claim_status not in CLAIM_STATUSES:
            return f"claim status {item.claim_status!r}: use one of {', '.join(CLAIM_STATUSES)}"
        try:
            tags = (
                None if item.tags is None else tuple(sorted({normalise_tag(t) for t in item.tags}))
            )
            color = normalise_color(item.color)
            sources = None if item.sources is None else self._sources(item.sources)
        except InvalidValue as exc:
            return str(exc)
        return _Clean(
            kind=kind,
            note=None if item.note is None else item.note.strip(),
            tags=tags,
            color=color,
            color_given=item.color is not None,
            claimant=(single_line(item.claimant) or None) if item.claimant is not None else None,
            claimant_given=item.claimant is not None,
            # A highlight or note has no verdict: claim cells left on a row whose kind was
            # changed are ignored (the store drops them too), not an error.
            claim_type=claim_type if is_claim else None,
            claim_type_given=is_claim and item.claim_type is not None,
            claim_status=claim_status if is_claim else None,
            claim_status_given=is_claim and item.claim_status is not None,
            sources=sources,
        )

    @staticmethod
    def _sources(sources: Iterable[SourceInput]) -> tuple[SourceInput, ...]:
        out: list[SourceInput] = []
        seen: set[tuple[str, str]] = set()
        for src in sources:
            relation = src.relation.strip().casefold()
            if relation not in RELATIONS:
                raise InvalidValue(f"relation {src.relation!r}: use one of {', '.join(RELATIONS)}")
            url = normalise_source_url(src.url)
            if (relation, url) in seen:
                continue
            seen.add((relation, url))
            out.append(SourceInput(url, relation, single_line(src.title), src.note.strip()))
        return tuple(out)

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

    def diff(self, ann: Annotation, clean: _Clean, item: ImportedAnnotation) -> _Update | None:
        fields: dict[str, Any] = {}
        changes: list[str] = []
        kind = ann.kind
        if self.complete and clean.kind != ann.kind:
            kind = fields["kind"] = clean.kind
            changes.append(f"kind {ann.kind} → {clean.kind}")
        if clean.note is not None and clean.note != ann.note and (self.complete or clean.note):
            fields["note"] = clean.note
            if not ann.note:
                changes.append(f"note added {shorten(clean.note, 30)!r}")
            elif not clean.note:
                changes.append("note cleared")
            else:
                changes.append(f"note {shorten(ann.note, 20)!r} → {shorten(clean.note, 30)!r}")
        if clean.color_given and clean.color != ann.color and (self.complete or clean.color):
            fields["color"] = clean.color
            changes.append(f"color {ann.color or 'none'} → {clean.color or 'none'}")
        if self.complete and clean.claimant_given and clean.claimant != ann.claimant:
            fields["claimant"] = clean.claimant
            changes.append(f"claimant {ann.claimant or 'none'} → {clean.claimant or 'none'}")
        if self.complete and kind == "claim":
            was_claim = ann.kind == "claim"
            old_type = ann.claim_type if was_claim else None
            new_type = clean.claim_type if clean.claim_type_given else old_type
            if new_type != old_type or (not was_claim and new_type is not None):
                fields["claim_type"] = new_type
                changes.append(f"claim_type {old_type or 'none'} → {new_type or 'none'}")
            old_status = ann.claim_status if was_claim else None
            new_status = (clean.claim_status if clean.claim_status_given else old_status) or (
                "unverified"
            )
            if new_status != old_status:
                fields["claim_status"] = new_status
                changes.append(f"claim_status {old_status or 'none'} → {new_status}")
        tags: tuple[str, ...] | None = None
        if clean.tags is not None:
            wanted = set(clean.tags) if self.complete else set(clean.tags) | set(ann.tags)
            if wanted != set(ann.tags):
                tags = tuple(sorted(wanted))
                changes.append(
                    "tags "
                    + " ".join(
                        [f"+{t}" for t in sorted(wanted - set(ann.tags))]
                        + [f"-{t}" for t in sorted(set(ann.tags) - wanted)]
                    )
                )
        add: list[SourceInput] = []
        change: list[tuple[int, SourceInput]] = []
        remove: list[int] = []
        if self.complete and clean.sources is not None:
            add, change, remove = _source_changes(ann.sources, clean.sources)
            had = {s.id: s for s in ann.sources}
            changes.extend(f"source +{src.url}" for src in add)
            changes.extend(
                f"source {src.url} {had[i].relation} → {src.relation}"
                if had[i].relation != src.relation
                else f"source {src.url} title {shorten(had[i].title, 20)!r} → "
                f"{shorten(src.title, 20)!r}"
                for i, src in change
            )
            changes.extend(f"source -{had[i].url}" for i in remove)
        if not (fields or tags is not None or add or change or remove):
            return None
        return _Update(item, ann, fields, tags, add, change, remove, "; ".join(changes))

    # -- rule 3: a new annotation

    def place(self, item: ImportedAnnotation, brief_id: int) -> tuple[int, int, str] | None:
        """The span the record's quote anchors to in the brief, with how it was found."""
        from briefreader.anchoring.reanchor import Anchor, locate

        placement = locate(
            self.text(brief_id),
            Anchor(item.quote, item.prefix, item.suffix, item.start, item.end),
        )
        if placement is None:
            return None
        return placement.start, placement.end, placement.method

    def new(self, item: ImportedAnnotation, brief_id: int, clean: _Clean) -> None:
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
        }
        if placed is not None:
            start, end, method = placed
            holder = self._spans.get((brief_id, start, end, self._kind(clean)))
            if holder is not None:
                self._already(item, brief_id, holder, clean)
                return
            for kind in (clean.kind, ""):
                self._spans.setdefault((brief_id, start, end, kind), item.origin)
            # "moved" only says the file's offsets were not this text's: not news to a user.
            how = " (approximate match)" if method == "fuzzy" else ""
            description = f"{clean.kind} at {start}..{end}{how}: {shorten(text[start:end])!r}"
            new = NewAnnotation(start=start, end=end, **common)
        else:
            holder = self._orphan_quotes.get((brief_id, item.quote, self._kind(clean)))
            if holder is not None:
                self._already(item, brief_id, holder, clean)
                return
            for kind in (clean.kind, ""):
                self._orphan_quotes.setdefault((brief_id, item.quote, kind), item.origin)
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
        self.plan.creates.append(_Create(item, brief_id, new, description))

    def _kind(self, clean: _Clean) -> str:
        """The kind duplicates must share: ours say what kind they are, so another kind on
        the same span is another annotation; other tools' kinds are only our guess (a note
        added in Kindle turns a highlight into a note; a highlight may have been made a claim
        here), so any kind matches."""
        return clean.kind if self.complete else ""

    def _already(
        self, item: ImportedAnnotation, brief_id: int, holder: Annotation | str, clean: _Clean
    ) -> None:
        """``item`` is on the span (or quote) of ``holder``: imported before."""
        if isinstance(holder, str):
            self.plan.unchanged.append(
                ReportItem(item.origin, f"the same as {holder}", None, brief_id)
            )
            return
        earlier = self._touched.get(holder.id)
        if not self.complete and earlier is None:
            # Another tool's file imported again may bring a note or tags added there since.
            self._touched[holder.id] = item.origin
            update = self.diff(holder, clean, item)
            if update is not None:
                self.plan.updates.append(update)
                return
        where = f"already in the brief as annotation #{holder.id}"
        self.plan.unchanged.append(ReportItem(item.origin, where, holder.id, brief_id))

    def skip(self, item: ImportedAnnotation, reason: str, brief_id: int | None = None) -> None:
        self.plan.skipped.append(ReportItem(item.origin, reason, None, brief_id))

    # -- all of it

    def run(self, parsed: ParsedFile) -> _Plan:
        for skipped in parsed.skipped:
            self.plan.skipped.append(ReportItem(skipped.origin, skipped.reason))
        for item in parsed.annotations:
            brief_id = self.resolve(item)
            if isinstance(brief_id, str):
                self.skip(item, brief_id)
                continue
            clean = self.clean(item)
            if isinstance(clean, str):
                self.skip(item, clean, brief_id)
                continue
            found = self.existing(item, brief_id)
            if found is None:
                self.new(item, brief_id, clean)
                continue
            earlier = self._touched.get(found.id)
            if earlier is not None:
                self.skip(item, f"annotation #{found.id} is already updated by {earlier}", brief_id)
                continue
            self._touched[found.id] = item.origin
            update = self.diff(found, clean, item)
            if update is None:
                self.plan.unchanged.append(
                    ReportItem(item.origin, "no changes", found.id, brief_id)
                )
            else:
                self.plan.updates.append(update)
        return self.plan


def _source_changes(
    have: Sequence[Source], want: Sequence[SourceInput]
) -> tuple[list[SourceInput], list[tuple[int, SourceInput]], list[int]]:
    """Sources to add, to change (relation or title, keeping the stored note) and to delete
    so that ``have`` becomes ``want``. Matched first exactly, then by URL."""
    remaining = list(have)
    unmatched: list[SourceInput] = []
    for src in want:
        same = next(
            (
                h
                for h in remaining
                if (h.url, h.relation, h.title) == (src.url, src.relation, src.title)
            ),
            None,
        )
        if same is None:
            unmatched.append(src)
        else:
            remaining.remove(same)
    add: list[SourceInput] = []
    change: list[tuple[int, SourceInput]] = []
    for src in unmatched:
        same_url = next((h for h in remaining if h.url == src.url), None)
        if same_url is None:
            add.append(src)
        else:
            remaining.remove(same_url)
            change.append(
                (same_url.id, SourceInput(src.url, src.relation, src.title, same_url.note))
            )
    return add, change, [h.id for h in remaining]
