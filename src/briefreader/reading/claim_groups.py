"""The claims desk's claim groups without a screen: a claim's group as the desk shows it (its
appearances, first appearance first, and the group's verdict), and the commands that say two
claims are the same claim, are not, or that take a claim out of its group — each an
:class:`~briefreader.reading.outcomes.Operation` whose write also reads the groups back, so
the desk holds them as the database has them when the outcome is shown.

The group's verdict is the finding (supported, disputed, refuted) given last among its claims
(by when each was checked); when its claims were given different findings, how many of each
is said too, since a group whose claims disagree is worth a look. Group changes change no
claim, so they are not in the claims' undo history: the desk undoes the last of them with its
undo key while no claim was changed since (each write reads how the groups stood first, and
the undo puts exactly that back: a merge of two groups too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefreader import vocabulary
from briefreader.reading.outcomes import Done, Invalid, Operation, Outcome
from briefreader.reading.shown import Delta
from briefreader.store.claim_groups import ClaimGroup, GroupState
from briefreader.store.errors import StoreError
from briefreader.store.records import Annotation

if TYPE_CHECKING:
    from briefreader.store.api import Store

#: The findings a group's verdict can be (the verdicts that say a claim was checked).
FINDINGS = tuple(v for v in vocabulary.VERDICTS if v != vocabulary.UNCHECKED)


@dataclass(frozen=True)
class GroupView:
    """A claim group as the desk shows it."""

    group: ClaimGroup
    #: Its claims the desk holds, first appearance first.
    claims: tuple[Annotation, ...]
    #: The finding given last among them (None: none has one yet), and the claim it is on.
    verdict: str | None
    verdict_claim: Annotation | None
    #: How many of its claims have each finding, when they differ (else empty).
    differing: Mapping[str, int]

    @property
    def first(self) -> Annotation:
        return self.claims[0]


def group_view(group: ClaimGroup, held: Mapping[int, Annotation]) -> GroupView | None:
    """The group as shown, from the claims the desk holds (None when fewer than two of its
    claims are held: one deleted meanwhile)."""
    claims = tuple(held[i] for i in group.claim_ids if i in held)
    if len(claims) < 2:
        return None
    found = [c for c in claims if c.claim_status in FINDINGS]
    latest = None
    if found:
        latest = max(found, key=lambda c: (_checked_at(c), c.updated_at, c.id))
    counts = Counter(c.claim_status for c in found if c.claim_status)
    return GroupView(
        group,
        claims,
        latest.claim_status if latest is not None else None,
        latest,
        dict(counts) if len(counts) > 1 else {},
    )


def _checked_at(claim: Annotation) -> Any:
    check = claim.check
    return (check.checked_at if check is not None else None) or claim.updated_at


Groups = tuple[dict[int, ClaimGroup], frozenset[tuple[int, int]]]


class GroupCommands:
    """Saying claims are the same, or not, or taking one out of its group (module docstring).
    ``apply`` is given the groups and pairs read back after each write. Each write first reads
    how the groups stood around its claims, and :attr:`last_undo` is then the operation that
    puts them back (a merge of two groups too)."""

    def __init__(self, apply: Callable[[Groups], None]) -> None:
        self.apply = apply
        #: What undoes the last group change saved (None once undone).
        self.last_undo: Operation | None = None

    def _operation(
        self,
        label: str,
        write: Callable[[Store], object],
        message: str,
        claims: tuple[int, ...],
        pairs: tuple[tuple[int, int], ...] = (),
    ) -> Operation:
        def call(store: Store) -> tuple[GroupState, Groups]:
            before = store.group_state(claims, pairs)
            write(store)
            return before, (store.claim_groups(), store.not_same_pairs())

        def finish(result: tuple[GroupState, Groups]) -> Outcome:
            before, groups = result
            self.apply(groups)
            self.last_undo = self._restore(before)
            return Done(label, None, None, Delta(), message)

        return Operation(label, call, finish, _refused)

    def _restore(self, before: GroupState) -> Operation:
        def call(store: Store) -> Groups:
            store.restore_group_state(before)
            return store.claim_groups(), store.not_same_pairs()

        def finish(groups: Groups) -> Outcome:
            self.apply(groups)
            self.last_undo = None
            return Done("undo", None, None, Delta(), "Undone: the claim groups are as they were.")

        return Operation("undo", call, finish, _refused)

    def same(self, claim: Annotation, other: Annotation, where: str) -> Operation:
        return self._operation(
            "same claim",
            lambda store: store.join_claims(claim.id, other.id),
            f"The same claim as the one in {where}: one claim group now (u undoes).",
            (claim.id, other.id),
            ((claim.id, other.id),),
        )

    def not_same(self, claim: Annotation, other: Annotation, where: str) -> Operation:
        return self._operation(
            "not the same",
            lambda store: store.mark_not_same(claim.id, other.id),
            f"Not the same claim as the one in {where}: not offered again (u undoes).",
            (),
            ((claim.id, other.id),),
        )

    def leave(self, claim: Annotation) -> Operation:
        return self._operation(
            "leave group",
            lambda store: store.leave_claim_group(claim.id),
            "Taken out of its claim group (u undoes).",
            (claim.id,),
        )


def _refused(exc: Exception) -> Outcome:
    if isinstance(exc, StoreError | ValueError):
        return Invalid(f"Not saved: {exc}")
    raise exc


__all__ = ["FINDINGS", "GroupCommands", "GroupView", "Groups", "group_view"]
