"""The claims desk without a screen: every claim of the library held once, the view the desk
shows (a filter in the search language, a sort by any column), its counts, the triage queue,
and the commands a desk key gives (a verdict, a status, a rationale, a source, the claimant
contacted), each an :class:`~briefreader.reading.outcomes.Operation` of an
:class:`~briefreader.reading.session.AnnotationSession`, so the desk saves against the version
shown, handles changes made elsewhere and undoes exactly as the reader does.

A change made from the desk updates its row where it is (the table does not jump under the
cursor); the filter and the sort are applied again when the user asks for a new one or the
library is read again. 10,000 claims sort or filter in a few milliseconds (see
``benchmarks/bench_desk.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from briefreader import vocabulary
from briefreader.finder.matching import Claimish, prepare, same_claim
from briefreader.reading.claim_groups import Groups, GroupView, group_view
from briefreader.reading.desk_filter import Predicate, claim_filter
from briefreader.reading.edits import Edit
from briefreader.reading.outcomes import Nothing, Operation, Outcome
from briefreader.reading.session import AnnotationSession
from briefreader.reading.shown import Delta
from briefreader.store.claim_groups import ClaimGroup
from briefreader.store.records import UNCHECKED_CLAIM, Annotation, SourceInput

if TYPE_CHECKING:
    from briefreader.store.api import Store

_VERDICT_RANK = {v: i for i, v in enumerate(vocabulary.VERDICTS)}
_STATUS_RANK = {s: i for i, s in enumerate(vocabulary.CHECK_STATUSES)}
_TYPE_RANK = {t: i for i, t in enumerate(vocabulary.CLAIM_TYPES)}
#: Statuses of a claim still to be worked on: what the triage queue walks.
PENDING = (vocabulary.TO_CHECK, "checking")
_NEVER = datetime.min.replace(tzinfo=UTC)


def _check(claim: Annotation) -> Any:
    return claim.check or UNCHECKED_CLAIM


@dataclass(frozen=True)
class Column:
    """A column of the desk's table: its name, its heading, how it sorts, and which claims
    have nothing in it (they come last whichever way the column is sorted)."""

    name: str
    heading: str
    key: Callable[[Annotation], Any]
    blank: Callable[[Annotation], bool] | None = None


def _sources(claim: Annotation) -> tuple[int, int]:
    relations = [s.relation for s in claim.sources]
    return relations.count("supports"), relations.count("refutes")


#: The table's columns, in order (the number keys 1-9 and 0 sort by them).
COLUMNS: tuple[Column, ...] = (
    Column("claim", "Claim", lambda c: " ".join(c.quote.split()).casefold()),
    Column(
        "claimant", "Claimant", lambda c: (c.claimant or "").casefold(), lambda c: not c.claimant
    ),
    Column(
        "type", "Type", lambda c: _TYPE_RANK.get(c.claim_type or "", 9), lambda c: not c.claim_type
    ),
    Column("verdict", "Verdict", lambda c: _VERDICT_RANK.get(c.claim_status or "", 0)),
    Column("status", "Status", lambda c: _STATUS_RANK.get(_check(c).status, 0)),
    Column("sources", "S/R", lambda c: (len(c.sources), _sources(c))),
    Column("brief", "Brief", lambda c: c.brief_id),  # by title: see DeskClaims.sort_key
    Column("tags", "Tags", lambda c: " ".join(c.tags), lambda c: not c.tags),
    Column(
        "by",
        "Checked by",
        lambda c: (_check(c).checked_by or "").casefold(),
        lambda c: not _check(c).checked_by,
    ),
    Column(
        "at",
        "Checked",
        lambda c: _check(c).checked_at or _NEVER,
        lambda c: _check(c).checked_at is None,
    ),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
#: The queue's own order: claims nobody gave a verdict first, the oldest first.
QUEUE_ORDER = "queue"


def _place(claim: Annotation) -> tuple[int, int, int]:
    return (claim.brief_id, claim.start, claim.id)


class DeskClaims:
    """Every claim of the library, and the view of them the desk shows (module docstring).
    It is what the desk's :class:`AnnotationSession` keeps up to date."""

    def __init__(self) -> None:
        self.by_id: dict[int, Annotation] = {}
        self.titles: dict[int, str] = {}
        #: The claims shown, in the table's order.
        self.view: list[Annotation] = []
        #: A claim changed since the filter was last applied (see :meth:`set_sort`).
        self._edited = False
        self._row: dict[int, int] = {}
        self.query = ""
        self._keep: Predicate | None = None
        self.sort = QUEUE_ORDER
        self.descending = False
        self._revisions = 0
        #: The view in the queue's order (None: to be sorted again), and its positions.
        self._queue: list[Annotation] | None = None
        self._queue_at: dict[int, int] = {}
        #: Each claim's words made ready for :meth:`seen_before` (by id, with the quote they
        #: were made from: a quote changed is made again).
        self._prepared: dict[int, tuple[str, Claimish]] = {}
        #: The claims' prepared words by their numbers, then by their words (None: to be
        #: made): only claims with the same numbers can be the same claim, so
        #: :meth:`seen_before` looks at those alone; and where each claim is held there.
        self._by_numbers: dict[tuple[str, ...], dict[str, dict[int, Claimish]]] | None = None
        self._held_as: dict[int, tuple[tuple[str, ...], str]] = {}
        #: The claim groups (by each of their claims' ids) and the pairs of claims said not
        #: to be the same (:mod:`briefreader.store.claim_groups`).
        self.groups: dict[int, ClaimGroup] = {}
        self.not_same: frozenset[tuple[int, int]] = frozenset()
        #: How many claims shown have each check status, and each verdict.
        self._statuses: Counter[str] = Counter()
        self._verdicts: Counter[str] = Counter()

    # ------------------------------------------------------------------ reading

    def reset(
        self,
        claims: Iterable[Annotation],
        titles: Mapping[int, str],
        *,
        keep_order: bool = False,
        prepared: Mapping[int, tuple[str, Claimish]] | None = None,
        groups: Groups | None = None,
    ) -> None:
        """Hold these claims (the library read again); the filter and sort are applied. With
        ``keep_order`` (a change made elsewhere), the rows shown keep their places and the
        claims new to the view come after them, sorted: nothing jumps under the cursor."""
        before = [c.id for c in self.view] if keep_order else []
        self.by_id = {c.id: c for c in claims if c.kind == "claim"}
        self._by_numbers = None
        self.titles = dict(titles)
        self._revisions = sum(c.revision for c in self.by_id.values())
        if prepared is not None:
            self._prepared = dict(prepared)
        if groups is not None:
            self.set_groups(groups)
        if self.query:
            self._keep = claim_filter(self.query, self.titles)
        self.refresh()
        if before:
            where = {claim_id: i for i, claim_id in enumerate(before)}
            last = len(before)
            self.view.sort(key=lambda c: where.get(c.id, last))  # stable: new ones sorted
            self._row = {c.id: i for i, c in enumerate(self.view)}

    def fingerprint(self) -> tuple[int, int, int]:
        """What :func:`briefreader.store.watch.claims_fingerprint` starts with for what is
        held (claims, highest id, sum of revisions): the desk's own saves keep it equal."""
        return (len(self.by_id), max(self.by_id, default=0), self._revisions)

    def set_filter(self, query: str) -> None:
        """Show the claims ``query`` lets through (raises ``SearchQueryError``, changing
        nothing, for a filter that cannot be used)."""
        keep = claim_filter(query, self.titles)
        self.query, self._keep = query.strip(), keep
        self.refresh()

    def set_sort(self, column: str, descending: bool | None = None) -> None:
        """Sort by ``column`` (a name of :data:`COLUMNS`, or :data:`QUEUE_ORDER`); the same
        column again reverses the order unless ``descending`` says which."""
        if column not in COLUMN_NAMES and column != QUEUE_ORDER:
            raise ValueError(f"no column {column!r}")
        if descending is None:
            descending = not self.descending if column == self.sort else False
        self.sort, self.descending = column, descending
        if self._edited:
            self.refresh()
            return
        # Only the order changes: the rows shown, and their counts, stay (a third of the key).
        self._order(self.view)

    def refresh(self) -> None:
        """Apply the filter and the sort again (rows edited since move to their place)."""
        keep = self._keep
        claims = [c for c in self.by_id.values() if keep is None or keep(c)]
        self._order(claims)
        self._edited = False
        self._statuses = Counter(_check(c).status for c in claims)
        self._verdicts = Counter(c.claim_status or vocabulary.UNCHECKED for c in claims)

    def _order(self, claims: list[Annotation]) -> None:
        """Show ``claims`` in the sort's order."""
        claims.sort(key=_place)
        blank = next((c.blank for c in COLUMNS if c.name == self.sort), None)
        empty: list[Annotation] = []
        if blank is not None:
            empty = [c for c in claims if blank(c)]
            claims = [c for c in claims if not blank(c)]
        claims.sort(key=self.sort_key(self.sort), reverse=self.descending)
        claims += empty  # nothing in the column: last, either way
        self.view = claims
        self._row = {c.id: i for i, c in enumerate(claims)}
        self._queue = None

    def sort_key(self, column: str) -> Callable[[Annotation], Any]:
        if column == QUEUE_ORDER:
            return queue_key
        if column == "brief":
            titles = self.titles
            return lambda c: titles.get(c.brief_id, "").casefold()
        return next(c.key for c in COLUMNS if c.name == column)

    # ------------------------------------------------------------------ following changes

    def replace(self, old: Annotation | None, new: Annotation | None) -> Delta:
        """``old`` goes and ``new`` comes (see :class:`~briefreader.reading.session.Shown`):
        an edited claim stays on its row; one that came back (undo) joins the end."""
        self._edited = True  # the next sort filters again
        gone = self.by_id.pop(old.id, None) if old is not None else None
        if gone is not None:
            self._revisions -= gone.revision
            self._unindex(gone.id)
        if new is not None and new.kind == "claim":
            self.by_id[new.id] = new
            self._revisions += new.revision
            self._index(new)
            row = self._row.get(new.id)
            if row is not None:
                self._count(self.view[row], -1)
                self.view[row] = new
                self._count(new, 1)
            elif self._keep is None or self._keep(new):
                self._row[new.id] = len(self.view)
                self.view.append(new)
                self._count(new, 1)
        elif gone is not None and gone.id in self._row:
            self._count(self.view[self._row[gone.id]], -1)
            del self.view[self._row[gone.id]]
            self._row = {c.id: i for i, c in enumerate(self.view)}
        self._queue = None  # a verdict moves a claim in the queue's order
        added = (new,) if new is not None else ()
        removed = (gone,) if gone is not None else ()
        return Delta(added, removed)

    def whole(self, annotation: Annotation) -> Annotation:
        return annotation  # held with every field

    # ------------------------------------------------------------------ looking up

    def row_of(self, claim_id: int) -> int | None:
        return self._row.get(claim_id)

    def _count(self, claim: Annotation, step: int) -> None:
        self._statuses[_check(claim).status] += step
        self._verdicts[claim.claim_status or vocabulary.UNCHECKED] += step

    def counts(self) -> tuple[Counter[str], Counter[str]]:
        """How many claims shown have each check status, and each verdict (kept as rows
        change: no walk over 10,000 claims per key)."""
        return self._statuses, self._verdicts

    def next_pending(
        self, after: int | None, skipped: Iterable[int] = (), *, order: str = QUEUE_ORDER
    ) -> Annotation | None:
        """The next claim still to check (to check or checking, not ``skipped``) after the
        claim ``after`` in ``order`` (:data:`QUEUE_ORDER` or the table's order), coming
        round to the start; None when none is left."""
        skip = set(skipped)
        walk: Sequence[Annotation] = self.view
        at = self._row
        if order == QUEUE_ORDER:
            if self._queue is None:
                self._queue = sorted(self.view, key=queue_key)
                self._queue_at = {c.id: i for i, c in enumerate(self._queue)}
            walk, at = self._queue, self._queue_at
        start = 0
        if after is not None and after in at:
            start = at[after] + 1
        for i in range(len(walk)):
            claim = walk[(start + i) % len(walk)]
            if claim.id not in skip and claim.id != after and _check(claim).status in PENDING:
                return claim
        return None

    def set_groups(self, groups: Groups) -> None:
        """Hold these claim groups and pairs said not the same (read back after a change)."""
        self.groups, self.not_same = dict(groups[0]), frozenset(groups[1])

    def group_of(self, claim: Annotation) -> GroupView | None:
        """The claim's group as the desk shows it, or None."""
        group = self.groups.get(claim.id)
        return group_view(group, self.by_id) if group is not None else None

    def seen_before(self, claim: Annotation, limit: int = 5) -> list[tuple[Annotation, float]]:
        """The library's other claims that are the same claim as ``claim`` (the same numbers,
        the words near enough: :mod:`briefreader.finder.matching`), most alike first; those in
        other briefs before those in its own. Claims already in its group, and those said not
        to be the same claim, are not offered."""
        one = self._words_of(claim)
        group = self.groups.get(claim.id)
        grouped = set(group.claim_ids) if group is not None else {claim.id}
        # Said not the same as this claim, or as any claim of its group.
        unlike = {
            b if a in grouped else a for a, b in self.not_same if a in grouped or b in grouped
        }
        for other_id in list(unlike):  # and the claims of their groups
            other_group = self.groups.get(other_id)
            if other_group is not None:
                unlike.update(other_group.claim_ids)
        found = self._alike(one, grouped | unlike)
        found.sort(key=lambda pair: (pair[0].brief_id == claim.brief_id, -pair[1], pair[0].id))
        return found[:limit]

    def seen_text(self, text: str, limit: int = 3) -> list[tuple[Annotation, float]]:
        """The claims that are the same claim as ``text`` (a suggested sentence), most alike
        first."""
        found = self._alike(prepare(text), set())
        found.sort(key=lambda pair: (-pair[1], pair[0].id))
        return found[:limit]

    def _alike(self, one: Claimish, left_out: set[int]) -> list[tuple[Annotation, float]]:
        found: list[tuple[Annotation, float]] = []
        # Only claims with the same numbers can be the same claim; and the same words claimed
        # again (in other briefs, by other people) are scored once: a library's claims repeat
        # one another, and each score is a fuzzy match.
        for holders in self._with_numbers(one.numbers).values():
            ids = [claim_id for claim_id in holders if claim_id not in left_out]
            if not ids:
                continue
            score = same_claim(one, holders[ids[0]])
            if score is not None:
                found.extend((self.by_id[claim_id], score) for claim_id in ids)
        return found

    def _with_numbers(self, numbers: tuple[str, ...]) -> dict[str, dict[int, Claimish]]:
        """The claims with these numbers, by their words, by id. (Every claim was prepared
        and compared on each triage key: 10,000 claims, 13-27 ms of each.)"""
        if self._by_numbers is None:
            self._by_numbers, self._held_as = {}, {}
            for claim in self.by_id.values():
                self._index(claim)
        return self._by_numbers.get(numbers, {})

    def _index(self, claim: Annotation) -> None:
        if self._by_numbers is None:
            return  # made when first wanted
        self._unindex(claim.id)
        words = self._words_of(claim)
        by_text = self._by_numbers.setdefault(words.numbers, {})
        by_text.setdefault(words.text, {})[claim.id] = words
        self._held_as[claim.id] = (words.numbers, words.text)

    def _unindex(self, claim_id: int) -> None:
        held = self._held_as.pop(claim_id, None)
        if self._by_numbers is None or held is None:
            return
        by_text = self._by_numbers.get(held[0], {})
        holders = by_text.get(held[1], {})
        holders.pop(claim_id, None)
        if not holders:
            by_text.pop(held[1], None)

    def _words_of(self, claim: Annotation) -> Claimish:
        held = self._prepared.get(claim.id)
        if held is None or held[0] != claim.quote:
            held = (claim.quote, prepare(claim.quote))
            self._prepared[claim.id] = held
        return held[1]

    def pending(self) -> int:
        return sum(self._statuses[s] for s in PENDING)


def queue_key(claim: Annotation) -> tuple[bool, datetime, int]:
    """The triage queue's order: claims without a verdict first, then the oldest first."""
    return (claim.claim_status not in (None, vocabulary.UNCHECKED), claim.created_at, claim.id)


# ---------------------------------------------------------------------------- commands


class DeskCommands:
    """What each desk key does to a claim, as an operation to save (see the module
    docstring); ``session`` holds the undo history."""

    def __init__(self, store: Callable[[], Store], claims: DeskClaims) -> None:
        self.claims = claims
        self.session = AnnotationSession(store, claims)

    def _save(self, label: str, claim: Annotation, edit: Edit) -> Operation | Outcome:
        if not edit:
            return Nothing(f"No change: the claim already has that {label}.")
        return self.session.save(label, claim, edit)

    def verdict(self, claim: Annotation, verdict: str) -> Operation | Outcome:
        """Give ``verdict``; a finding marks the claim checked (a change of the verdict of a
        checked claim is a correction); "unverified" puts it back to check."""
        if verdict not in vocabulary.VERDICTS:
            raise ValueError(f"not a verdict: {verdict}")
        status = _check(claim).status
        fields: dict[str, Any] = {"claim_status": verdict}
        if verdict == vocabulary.UNCHECKED:
            if status == vocabulary.CHECKED:
                fields["check_status"] = vocabulary.TO_CHECK
        elif status != vocabulary.CHECKED:
            fields["check_status"] = vocabulary.CHECKED
        return self._save("verdict", claim, Edit.between(claim, **fields))

    def status(self, claim: Annotation, status: str) -> Operation | Outcome:
        if status not in vocabulary.CHECK_STATUSES:
            raise ValueError(f"not a check status: {status}")
        return self._save("status", claim, Edit.between(claim, check_status=status))

    def rationale(self, claim: Annotation, text: str) -> Operation | Outcome:
        return self._save("rationale", claim, Edit.between(claim, rationale=text))

    def conclusion(self, claim: Annotation, text: str) -> Operation | Outcome:
        return self._save("conclusion", claim, Edit.between(claim, conclusion=text or None))

    def add_source(self, claim: Annotation, source: SourceInput) -> Operation | Outcome:
        return self._save("source", claim, Edit(add_sources=(source,)))

    def contacted(
        self, claim: Annotation, outcome: str, when: datetime | None = None
    ) -> Operation | Outcome:
        """Mark the claimant contacted (``when``: now), with what came of it."""
        moment = when or datetime.now(UTC)
        fields = {"contacted_at": moment, "contact_outcome": outcome or None}
        return self._save("contact", claim, Edit(fields))

    def undo(self) -> Operation | Outcome:
        return self.session.undo()

    def redo(self) -> Operation | Outcome:
        return self.session.redo()
