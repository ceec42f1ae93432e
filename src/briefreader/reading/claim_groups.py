"""The claims desk's claim groups without a screen: a claim's group as the desk shows it (its
appearances, first appearance first, and the group's verdict), and the commands that say two
claims are the same claim, are not, or that take a claim out of its group — each an
:class:`~briefreader.reading.outcomes.Operation` whose write also reads the groups back, so
the desk holds them as the database has them when the outcome is shown.

The group's verdict is the finding (supported, disputed, refuted) given last among its claims
(by when each was checked); when its claims were given different findings, how many of each
is said too, since a group whose claims disagree is worth a look. Group changes change no
claim, so they are not in the claims' undo history: the desk undoes the last of them with its
undo key while no claim was changed since (each command gives the operation that undoes it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefreader import vocabulary
from briefreader.reading.outcomes import Done, Invalid, Operation, Outcome
from briefreader.reading.shown import Delta
from briefreader.store.claim_groups import ClaimGroup
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
    ``groups`` gives the groups the desk holds; ``apply`` is given the groups and pairs read
    back after each write. Each command gives its operation and the one that undoes it (None
    when it cannot be undone so simply: two groups made one)."""

    def __init__(
        self, groups: Callable[[], Mapping[int, ClaimGroup]], apply: Callable[[Groups], None]
    ) -> None:
        self.groups = groups
        self.apply = apply

    def _operation(self, label: str, write: Callable[[Store], object], message: str) -> Operation:
        def call(store: Store) -> Groups:
            write(store)
            return store.claim_groups(), store.not_same_pairs()

        def finish(groups: Groups) -> Outcome:
            self.apply(groups)
            return Done(label, None, None, Delta(), message)

        def fail(exc: Exception) -> Outcome:
            if isinstance(exc, StoreError | ValueError):
                return Invalid(f"Not saved: {exc}")
            raise exc

        return Operation(label, call, finish, fail)

    def same(self, claim: Annotation, other: Annotation) -> tuple[Operation, Operation | None]:
        held = self.groups()
        ungrouped = [c.id for c in (claim, other) if c.id not in held]
        undo = None
        if ungrouped:  # undone by taking out the claims that were in no group
            undo = self._operation(
                "undo same claim",
                lambda store: [store.leave_claim_group(i) for i in ungrouped],
                "Undone: not in one group any more.",
            )
        do = self._operation(
            "same claim",
            lambda store: store.join_claims(claim.id, other.id),
            "The same claim: in one group now (u undoes).",
        )
        return do, undo

    def not_same(self, claim: Annotation, other: Annotation) -> tuple[Operation, Operation]:
        do = self._operation(
            "not the same",
            lambda store: store.mark_not_same(claim.id, other.id),
            "Not the same claim: it is not offered again (u undoes).",
        )
        undo = self._operation(
            "undo not the same",
            lambda store: store.unmark_not_same(claim.id, other.id),
            "Undone: offered as seen before again.",
        )
        return do, undo

    def leave(self, claim: Annotation) -> tuple[Operation, Operation | None]:
        group = self.groups().get(claim.id)
        others = [i for i in group.claim_ids if i != claim.id] if group is not None else []
        undo = None
        if others:
            undo = self._operation(
                "undo leave group",
                lambda store: store.join_claims(claim.id, others[0]),
                "Undone: back in its group.",
            )
        do = self._operation(
            "leave group",
            lambda store: store.leave_claim_group(claim.id),
            "Taken out of its group (u undoes).",
        )
        return do, undo


__all__ = ["FINDINGS", "GroupCommands", "GroupView", "Groups", "group_view"]
