"""The annotations a reader shows, kept once: those on the brief's text in text order (start,
end, id) and its orphans apart, with the lookups the reader's commands need (by id, under an
offset, the next and previous one, by tag) and the counts it displays (claims, tag uses).

Every change goes through :meth:`ShownAnnotations.replace` (one annotation changed, created or
deleted) or :meth:`ShownAnnotations.reset` (the whole brief read again), and returns a
:class:`Delta`: what came, what went, which orphans, and how the tag counts moved — what the
screen's widgets need to update themselves without rebuilding. No Textual, no database.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import accumulate, chain, compress, filterfalse, repeat
from operator import attrgetter, countOf, eq, sub
from typing import Any

from briefreader.store.records import Annotation, UuidTable

#: Text order: start, end, then id (computed in C).
order: Callable[[Annotation], tuple[int, int, int]] = attrgetter("start", "end", "id")


def orphan_order(annotation: Annotation) -> tuple[int, int, int]:
    """Orphans by where they used to be."""
    return (annotation.start, annotation.end, annotation.id)


class ById(Mapping[int, Annotation]):
    """Annotations by id, as a sorted array of ids beside a list of the annotations: what a
    dict does for the reader's lookups, in a third of the memory (1.6 MB instead of 5 MB for
    100,000 annotations; a lookup is a bisection, ~1 µs). New annotations have the highest id,
    so adding one appends."""

    def __init__(self, annotations: Iterable[Annotation] = ()) -> None:
        items = sorted(annotations, key=_by_id)
        self._ids = array("q", map(_by_id, items))
        self._items = items

    def _find(self, annotation_id: int) -> int:
        index = bisect_left(self._ids, annotation_id)
        return index if index < len(self._ids) and self._ids[index] == annotation_id else -1

    def __getitem__(self, annotation_id: int) -> Annotation:
        index = self._find(annotation_id)
        if index < 0:
            raise KeyError(annotation_id)
        return self._items[index]

    def get(self, annotation_id: int, default: Any = None) -> Any:
        index = self._find(annotation_id)
        return default if index < 0 else self._items[index]

    def __contains__(self, annotation_id: object) -> bool:
        return isinstance(annotation_id, int) and self._find(annotation_id) >= 0

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __setitem__(self, annotation_id: int, annotation: Annotation) -> None:
        index = bisect_left(self._ids, annotation_id)
        if index < len(self._ids) and self._ids[index] == annotation_id:
            self._items[index] = annotation
        else:
            self._ids.insert(index, annotation_id)
            self._items.insert(index, annotation)

    def pop(self, annotation_id: int, default: Annotation | None = None) -> Annotation | None:
        index = self._find(annotation_id)
        if index < 0:
            return default
        del self._ids[index]
        return self._items.pop(index)


_by_id: Callable[[Annotation], int] = attrgetter("id")
_orphan: Callable[[Annotation], bool] = attrgetter("orphan")
_start: Callable[[Annotation], int] = attrgetter("start")
_end: Callable[[Annotation], int] = attrgetter("end")
_kind: Callable[[Annotation], str] = attrgetter("kind")
_tags: Callable[[Annotation], tuple[str, ...]] = attrgetter("tags")
_revision: Callable[[Annotation], int] = attrgetter("revision")


@dataclass(frozen=True)
class ClaimCover:
    """Where the claims on a text lie, to ask whether a span overlaps one: their starts and
    ends in text order and, for each, the furthest end of the claims starting at or before it
    (so nested claims count too)."""

    starts: list[int]
    ends: list[int]
    reach: list[int]

    @classmethod
    def of(cls, spans: Iterable[tuple[int, int]]) -> ClaimCover:
        """The cover of these (start, end) spans, in any order."""
        ordered = sorted(spans)
        return cls.in_order([start for start, _ in ordered], [end for _, end in ordered])

    @classmethod
    def in_order(cls, starts: list[int], ends: list[int]) -> ClaimCover:
        """The cover of claims given by their starts and ends, in text order."""
        return cls(starts, ends, list(accumulate(ends, max)))

    def overlaps(self, start: int, end: int) -> bool:
        """A claim starts before ``end`` and ends after ``start``."""
        i = bisect_left(self.starts, end) - 1
        return i >= 0 and self.reach[i] > start

    def changed(
        self, gone: Iterable[tuple[int, int]], came: Iterable[tuple[int, int]]
    ) -> ClaimCover:
        """This cover less the claims ``gone`` and with those that ``came`` (their spans):
        list edits and one pass in C, where building it again reads every annotation."""
        starts, ends = list(self.starts), list(self.ends)
        for start, end in gone:
            i = bisect_left(starts, start)
            while i < len(starts) and starts[i] == start and ends[i] != end:
                i += 1
            if i < len(starts) and starts[i] == start:
                del starts[i], ends[i]
        for start, end in came:  # in (start, end) order, as the text's order has them
            i = bisect_left(starts, start)
            while i < len(starts) and starts[i] == start and ends[i] <= end:
                i += 1
            starts.insert(i, start)
            ends.insert(i, end)
        return ClaimCover.in_order(starts, ends)


def _cover_of(on_text: Sequence[Annotation]) -> ClaimCover:
    """The cover of the claims among annotations in text order (passes in C)."""
    claims = list(compress(on_text, map(eq, map(_kind, on_text), repeat("claim"))))
    return ClaimCover.in_order(list(map(_start, claims)), list(map(_end, claims)))


@dataclass(frozen=True)
class Delta:
    """What one change did to the shown annotations.

    ``added``/``removed``: annotations that came onto / went from the text (an edited one is
    in both: its old version removed, its new one added). ``orphans_added``/``orphans_removed``
    the same for the orphans. ``tags``: how many more (or fewer) annotations carry each tag,
    orphans included (as the store counts them). ``reset``: everything was read again.
    """

    added: tuple[Annotation, ...] = ()
    removed: tuple[Annotation, ...] = ()
    orphans_added: tuple[Annotation, ...] = ()
    orphans_removed: tuple[Annotation, ...] = ()
    tags: Counter[str] = field(default_factory=Counter)
    reset: bool = False

    def __bool__(self) -> bool:
        return bool(
            self.added or self.removed or self.orphans_added or self.orphans_removed or self.reset
        )

    @property
    def orphans_changed(self) -> bool:
        return bool(self.orphans_added or self.orphans_removed)


class ShownAnnotations:
    """One brief's annotations as the reader shows them (see the module docstring)."""

    def __init__(self) -> None:
        #: On the text, in text order.
        self.annotations: list[Annotation] = []
        #: ``starts[i] == annotations[i].start``: for bisection by offset.
        self.starts: list[int] = []
        self.by_id = ById()
        #: Not on the text (re-anchoring could not place them), by id.
        self.orphan_by_id: dict[int, Annotation] = {}
        #: How many of the annotations on the text are claims.
        self.claims = 0
        #: The longest span on the text (bounds the search for what contains an offset).
        self.longest = 0
        #: The uuids of annotations held without theirs (read lean: see :meth:`whole`).
        self.uuids = UuidTable()
        #: Annotations on the text are held without uuid, prefix and suffix (see reset).
        self.lean = False
        #: How many shown annotations (orphans included) carry each tag; none are left out.
        self.tag_uses: Counter[str] = Counter()
        # The store's fingerprint of what is shown, kept as it changes (see fingerprint()).
        self._revisions = 0
        self._top = 0
        self._top_stale = False
        self._cover: ClaimCover | None = None
        #: Counts the changes of claims (a cover built elsewhere is kept only if none came).
        self._claims_version = 0

    # ------------------------------------------------------------------ changing

    def reset(
        self,
        annotations: Iterable[Annotation],
        orphans: Iterable[Annotation] = (),
        uuids: UuidTable | None = None,
    ) -> Delta:
        """Show these (an orphan among ``annotations`` goes with the orphans). ``uuids``:
        the uuids of those read without theirs (see :meth:`whole`): given, every annotation
        on the text is held that way from then on (:meth:`replace` too)."""
        self.uuids = uuids if uuids is not None else UuidTable()
        self.lean = uuids is not None
        # (Passes over 100,000 annotations in C: map and attrgetter, not generators.)
        listed = list(annotations)
        self.orphan_by_id = {a.id: a for a in orphans}
        self.orphan_by_id.update((a.id, a) for a in filter(_orphan, listed))
        on_text = self.annotations = sorted(filterfalse(_orphan, listed), key=order)
        self.starts = list(map(_start, on_text))
        self.by_id = ById(on_text)
        self.claims = countOf(map(_kind, on_text), "claim")
        self.longest = max(map(sub, map(_end, on_text), self.starts), default=0)
        everything = self.everything()
        self.tag_uses = Counter(chain.from_iterable(map(_tags, everything)))
        self._revisions = sum(map(_revision, everything))
        self._top = max(map(_by_id, everything), default=0)
        self._top_stale = False
        self._forget_cover()
        return Delta(reset=True)

    def replace(self, old: Annotation | None, new: Annotation | None) -> Delta:
        """``old`` (if shown; by id) goes and ``new`` (if any) comes, onto the text or among
        the orphans. Either may be None (created, deleted); both may have the same id."""
        ids = tuple(dict.fromkeys(a.id for a in (old, new) if a is not None))
        orphans_removed = tuple(
            held for held in (self.orphan_by_id.pop(i, None) for i in ids) if held is not None
        )
        removed = tuple(held for held in (self._take(i) for i in ids) if held is not None)
        added: tuple[Annotation, ...] = ()
        orphans_added: tuple[Annotation, ...] = ()
        if new is not None and new.orphan:
            self.orphan_by_id[new.id] = new
            orphans_added = (new,)
        elif new is not None:
            if self.lean and (new.uuid or new.prefix or new.suffix):
                # As the rest are held (the store gives them back when it restores one).
                if new.uuid:
                    self.uuids.add(new.id, new.uuid)
                new = replace(new, uuid="", prefix="", suffix="")
            index = bisect_left(self.annotations, order(new), key=order)
            self.annotations.insert(index, new)
            self.starts.insert(index, new.start)
            self.by_id[new.id] = new
            self.claims += new.kind == "claim"
            self.longest = max(self.longest, new.end - new.start)
            added = (new,)
        tags: Counter[str] = Counter()
        for gone in (*removed, *orphans_removed):
            tags.subtract(gone.tags)
            self._revisions -= gone.revision
            self._top_stale = self._top_stale or gone.id == self._top
        if new is not None:
            tags.update(new.tags)
            self._revisions += new.revision
            self._top = max(self._top, new.id)
        claims_gone = [(a.start, a.end) for a in removed if a.kind == "claim"]
        claims_came = [(a.start, a.end) for a in added if a.kind == "claim"]
        if claims_gone or claims_came:
            cover = self._cover
            self._forget_cover()
            if cover is not None:
                self._cover = cover.changed(claims_gone, claims_came)
        moved = Counter({tag: n for tag, n in tags.items() if n})
        for tag, change in moved.items():
            uses = self.tag_uses[tag] + change
            if uses > 0:
                self.tag_uses[tag] = uses
            else:
                del self.tag_uses[tag]
        return Delta(added, removed, orphans_added, orphans_removed, moved)

    def _take(self, annotation_id: int) -> Annotation | None:
        held = self.by_id.pop(annotation_id, None)
        if held is None:
            return None
        index = bisect_left(self.annotations, order(held), key=order)
        if index >= len(self.annotations) or self.annotations[index] is not held:
            index = self.annotations.index(held)
        del self.annotations[index]
        del self.starts[index]
        self.claims -= held.kind == "claim"
        return held

    # ------------------------------------------------------------------ looking up

    def __len__(self) -> int:
        return len(self.annotations)

    def get(self, annotation_id: int) -> Annotation | None:
        """The shown annotation (on the text or an orphan) with this id."""
        return self.by_id.get(annotation_id) or self.orphan_by_id.get(annotation_id)

    @property
    def orphans(self) -> list[Annotation]:
        """The orphans, by where they used to be."""
        return sorted(self.orphan_by_id.values(), key=orphan_order)

    def containing(self, offset: int) -> list[Annotation]:
        """The annotations whose span contains ``offset``, in text order."""
        lo = bisect_right(self.starts, offset - self.longest)
        hi = bisect_right(self.starts, offset)
        return [a for a in self.annotations[lo:hi] if a.start <= offset < a.end]

    def innermost_at(self, offset: int) -> Annotation | None:
        """The annotation containing ``offset`` that starts last (the innermost one)."""
        end = bisect_right(self.starts, offset)
        lo = bisect_right(self.starts, offset - self.longest)
        for annotation in reversed(self.annotations[lo:end]):
            if annotation.start <= offset < annotation.end:
                return annotation
        return None

    def after(self, offset: int) -> Annotation | None:
        """The first annotation starting after ``offset``."""
        index = bisect_right(self.starts, offset)
        return self.annotations[index] if index < len(self.annotations) else None

    def before(self, offset: int) -> Annotation | None:
        """The last annotation starting before ``offset``."""
        index = bisect_left(self.starts, offset)
        return self.annotations[index - 1] if index > 0 else None

    def claim_cover(self) -> ClaimCover:
        """Where the claims on the text lie, kept until a claim comes or goes (with 100,000
        annotations, building it reads every one: 60-85 ms on the test machine; so the
        suggestions build it in their worker, :meth:`cover_later`)."""
        if self._cover is None:
            self._cover = _cover_of(self.annotations)
        return self._cover

    def cover_later(self) -> tuple[Callable[[], ClaimCover], int]:
        """What builds :meth:`claim_cover` in another thread (over a copy of what is shown
        now), and the version of the claims it is of, for :meth:`keep_cover`."""
        return partial(_cover_of, list(self.annotations)), self._claims_version

    def keep_cover(self, cover: ClaimCover, version: int) -> None:
        """Keep a cover built by :meth:`cover_later` if no claim came or went since."""
        if version == self._claims_version and self._cover is None:
            self._cover = cover

    def _forget_cover(self) -> None:
        self._cover = None
        self._claims_version += 1

    def tagged(self, tag: str) -> list[Annotation]:
        return [a for a in self.annotations if tag in a.tags]

    def tags(self) -> list[str]:
        """Every tag carried by an annotation on the text, sorted."""
        return sorted({tag for a in self.annotations for tag in a.tags})

    def fingerprint(self, version: int) -> tuple[int, int, int, int]:
        """What :func:`briefreader.store.watch.brief_fingerprint` gives for what is shown
        (count, highest id, sum of revisions, text version), kept up to date as annotations
        change: comparing with the database costs nothing with 100,000 of them."""
        if self._top_stale:
            self._top = max((a.id for a in self.everything()), default=0)
            self._top_stale = False
        count = len(self.annotations) + len(self.orphan_by_id)
        return (count, self._top, self._revisions, version)

    def whole(self, annotation: Annotation) -> Annotation:
        """``annotation`` with its uuid, if it is held without (the store gives back the rest
        when it restores it): what undo and "restore mine" hand to the store."""
        if annotation.uuid:
            return annotation
        uuid = self.uuids.get(annotation.id)
        return annotation if uuid is None else replace(annotation, uuid=uuid)

    def everything(self) -> Sequence[Annotation]:
        """On the text and orphans (as the store's fingerprint counts them)."""
        return [*self.annotations, *self.orphan_by_id.values()]
