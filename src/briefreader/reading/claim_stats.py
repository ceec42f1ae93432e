"""The numbers behind the claims desk's charts: how many claims the library holds by verdict,
check status, type, claimant, brief and tag, and how many were checked on each day.

Pure counting over :class:`~briefreader.store.records.Annotation` records (no Textual, no
database): the desk reads the claims from the store and draws what :func:`claim_stats` gives
back as bar charts. Every series is a tuple of ``(label, count)`` pairs in the order it is to
be drawn; the verdicts, check statuses and types come in the vocabulary's order, zeros
included, so a chart keeps its rows in place as the numbers change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from briefreader import vocabulary
from briefreader.store.records import Annotation

#: The most days :attr:`ClaimStats.per_day` holds (the latest ones).
MAX_DAYS = 60
#: The label of claims without a type, a claimant or a tag.
UNTYPED = "untyped"
NO_CLAIMANT = "no claimant"
NO_TAG = "no tag"

Pairs = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ClaimStats:
    """What the claims desk draws. Each ``by_*`` series is ``(label, count)`` pairs."""

    #: How many claims were counted.
    total: int
    #: By verdict, in ``vocabulary.VERDICTS`` order, zeros included (no verdict: unverified).
    by_verdict: Pairs
    #: By check status, in ``vocabulary.CHECK_STATUSES`` order, zeros included.
    by_status: Pairs
    #: By type, in ``vocabulary.CLAIM_TYPES`` order, zeros included; then "untyped" if any.
    by_type: Pairs
    #: By claimant (grouped whatever the case; the most common spelling shows), most first.
    by_claimant: Pairs
    #: By brief (its title), most first.
    by_brief: Pairs
    #: By tag, most first; a claim counts once under each of its tags, or under "no tag".
    by_tag: Pairs
    #: Claims checked on each local day, every day from the first to the last (zeros too),
    #: oldest first; only the last :data:`MAX_DAYS` days.
    per_day: tuple[tuple[date, int], ...]
    #: How many earlier days ``per_day`` leaves out (0: none).
    days_cut: int


def claim_stats(
    claims: Sequence[Annotation],
    titles: Mapping[int, str],
    *,
    top: int = 10,
    tz: tzinfo | None = None,
) -> ClaimStats:
    """Count ``claims`` (other kinds of annotation are skipped). ``titles``: brief id ->
    title (a brief not in it is "brief <id>"). The claimant, brief and tag series keep their
    ``top`` largest rows and sum the rest into one "others (N)" row (N: how many rows it
    holds; a single leftover row is shown as itself). ``tz``: the zone whose days
    ``per_day`` counts (default: the local one)."""
    if top < 1:
        raise ValueError(f"top must be at least 1, not {top}")
    verdicts: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    types: Counter[str] = Counter()
    briefs: Counter[int] = Counter()
    tags: Counter[str] = Counter()
    claimants: dict[str, Counter[str]] = {}  # folded name -> spellings and their counts
    no_claimant = 0
    checked_days: Counter[date] = Counter()
    total = 0
    for claim in claims:
        if claim.kind != "claim":
            continue
        total += 1
        verdicts[claim.claim_status or vocabulary.UNCHECKED] += 1
        check = claim.check
        statuses[check.status if check is not None else vocabulary.TO_CHECK] += 1
        types[claim.claim_type or UNTYPED] += 1
        briefs[claim.brief_id] += 1
        for tag in set(claim.tags) or (NO_TAG,):
            tags[tag] += 1
        name = " ".join((claim.claimant or "").split())
        if name:
            claimants.setdefault(name.casefold(), Counter())[name] += 1
        else:
            no_claimant += 1
        if check is not None and check.status == vocabulary.CHECKED and check.checked_at:
            checked_days[_local_day(check.checked_at, tz)] += 1
    by_claimant = [(_most_common_spelling(c), c.total()) for c in claimants.values()]
    if no_claimant:
        by_claimant.append((NO_CLAIMANT, no_claimant))
    per_day, days_cut = _days(checked_days)
    return ClaimStats(
        total=total,
        by_verdict=_in_order(verdicts, vocabulary.VERDICTS),
        by_status=_in_order(statuses, vocabulary.CHECK_STATUSES),
        by_type=_in_order(types, (*vocabulary.CLAIM_TYPES, UNTYPED), keep_zero=UNTYPED),
        by_claimant=_top(by_claimant, top),
        by_brief=_top(_brief_labels(briefs, titles), top),
        by_tag=_top(tags.items(), top),
        per_day=per_day,
        days_cut=days_cut,
    )


def _local_day(moment: datetime, tz: tzinfo | None) -> date:
    """The day ``moment`` falls on in ``tz`` (None: the local zone); a naive time is UTC, as
    the store keeps them."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz).date()


def _in_order(counts: Counter[str], order: Sequence[str], keep_zero: str | None = None) -> Pairs:
    """``order``'s labels with their counts (zeros too, but ``keep_zero`` only when not zero),
    then any label outside ``order`` (an old or hand-made library's), most first."""
    known = [(label, counts[label]) for label in order if label != keep_zero or counts[label]]
    other = [(label, n) for label, n in counts.items() if label not in order]
    return tuple(known) + tuple(_by_count(other))


def _by_count(pairs: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Most first, then by label (whatever the case, then as written)."""
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0].casefold(), pair[0]))


def _top(pairs: Iterable[tuple[str, int]], top: int) -> Pairs:
    """The ``top`` largest pairs, and the rest summed into "others (N)" (when N > 1)."""
    ordered = _by_count(pairs)
    if len(ordered) <= top + 1:
        return tuple(ordered)
    rest = ordered[top:]
    return (*ordered[:top], (f"others ({len(rest)})", sum(n for _, n in rest)))


def _most_common_spelling(spellings: Counter[str]) -> str:
    """The spelling most claims use; of those as common, the first in sort order."""
    return min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]


def _brief_labels(briefs: Counter[int], titles: Mapping[int, str]) -> list[tuple[str, int]]:
    """Each brief's title and count; briefs with the same title are told apart by their id."""
    labels = {brief_id: titles.get(brief_id) or f"brief {brief_id}" for brief_id in briefs}
    seen = Counter(labels.values())
    return [
        (label if seen[label] == 1 else f"{label} (brief {brief_id})", briefs[brief_id])
        for brief_id, label in sorted(labels.items())
    ]


def _days(counts: Counter[date]) -> tuple[tuple[tuple[date, int], ...], int]:
    """Every day from the first to the last of ``counts`` with its count, the last
    :data:`MAX_DAYS` only, and how many days before them were left out."""
    if not counts:
        return (), 0
    first, last = min(counts), max(counts)
    span = (last - first).days + 1
    cut = max(0, span - MAX_DAYS)
    start = first + timedelta(days=cut)
    days = tuple(
        (day, counts[day]) for day in (start + timedelta(days=i) for i in range(span - cut))
    )
    return days, cut
