"""Benchmark: re-anchor 1,000 annotations on a large brief after it was edited.

Run from the repository root::

    .venv/bin/python benchmarks/bench_reanchor.py [--size 5MB] [--annotations 1000] [--repeat 3]

It builds a brief with ``benchmarks/gen_brief.py`` (``--single-paragraph`` for one 5 MB line)
with a few common words swapped at random (see ``vary``: gen_brief repeats its 35 sentences
verbatim, real briefs do not), places ``--annotations`` quotes of 20–300 characters on it
(with the 32 characters of context the store keeps), and edits it the way a corrected
re-import does, all positions drawn with a fixed seed: 20 insertions (a sentence to a few
paragraphs), 20 deletions (a few words to a few paragraphs), 10 annotated quotes with a word
changed, and 2 annotated paragraphs moved elsewhere.
Then it times, best of ``--repeat`` (wall and CPU):

* ``reanchor_all(old, new, anchors)``, the whole re-import (alignment included), and the
  alignment alone;
* ``reanchor_all`` on a reformatted copy of the brief (straight quotes, two spaces after a
  sentence, lines wrapped at 72) — with ``--reformat``, as ``textwrap`` takes a while on 5 MB;
* ``locate`` for each anchor in the edited brief with no old text (an import whose offsets are
  stale) — with ``--no-old-text``.

Every placement is checked against where the edits put the text: an annotation no edit came
within a character of must be ``exact`` at its shifted offsets; one whose quote had a word
changed must be ``fuzzy`` on exactly the new words; one inside a moved paragraph must be
found there; one inside deleted text must be an orphan; in the reformatted copy every one
must be ``exact`` on the same words. The right span with another method, and a deleted or
changed quote placed on a near-copy of itself elsewhere (the rules allow that; gen_brief's
sentences recur), are counted; anything else exits with status 1. Annotations an edit only
partly overlaps are counted, not checked. Missing the time target prints ``MISS``; it makes
the exit status 1 only with ``--strict``.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
# Measure this checkout even when the venv's install points elsewhere.
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gen_brief import make_brief, parse_size  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from briefreader.anchoring import context  # noqa: E402
from briefreader.anchoring.reanchor import (  # noqa: E402
    MAX_EDITS,
    Anchor,
    Placement,
    fold,
    locate,
    reanchor_all,
)
from briefreader.anchoring.reanchor.alignment import _Alignment  # noqa: E402

T = TypeVar("T")
SEED = 20261
#: The issue asks for "well under a second" for 1,000 annotations on a large brief.
TARGET_SECONDS = 0.5

INSERTS = (
    "This sentence was added in the corrected edition. ",
    "Update, 14 September: the visit has been confirmed by both foreign offices. ",
    "Analysts in Karachi and Moscow, asked about the agreement, were more cautious, "
    "pointing to the cost of the pipeline and to the sanctions regime. ",
)
WORD_SWAPS = (("Pakistan", "Pakistan’s"), ("Russia", "Moscow"), ("the", "this"), ("and", "&"))


@dataclass(frozen=True)
class Edit:
    """``old[lo:hi]`` becomes ``text``; ``kind`` says why (for the checks)."""

    lo: int
    hi: int
    text: str
    kind: str  # insert | delete | change | move-out | move-in
    source: int = -1  # for move-in: the ``lo`` of its move-out


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def best_of(repeat: int, run: Callable[[], T]) -> tuple[float, float, T]:
    """The best wall time and best CPU time of ``repeat`` runs, and the last result."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), cpu_seconds()
        result = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_seconds() - cpu)
    return min(walls), min(cpus), result


# gen_brief repeats each of the example's 35 sentences ~140 times per MB, so every quote would
# occur ~700 times in 5 MB; real briefs do not repeat themselves like that. Swapping a few
# common words at random makes each sentence copy differ from the others in a word or three:
# still the hard case of near-duplicates, no longer the impossible one of exact duplicates.
VARIANTS = {
    "the": ("the", "the", "the", "this", "that", "its"),
    "and": ("and", "and", "as well as", "plus"),
    "of": ("of", "of", "of", "for"),
    "in": ("in", "in", "within"),
    "a": ("a", "a", "one"),
    "to": ("to", "to", "towards"),
    "with": ("with", "with", "alongside"),
    "by": ("by", "by", "through"),
    "on": ("on", "on", "upon"),
    "is": ("is", "is", "remains"),
    "its": ("its", "its", "their"),
    "has": ("has", "has", "had"),
    "Pakistan": ("Pakistan", "Pakistan", "Islamabad"),
    "Russia": ("Russia", "Russia", "Moscow"),
    "cooperation": ("cooperation", "collaboration", "partnership"),
    "visit": ("visit", "trip", "tour"),
    "also": ("also", "too", "likewise"),
    "major": ("major", "big", "significant"),
    "development": ("development", "progress", "growth"),
    "positive": ("positive", "good", "welcome"),
}


def vary(text: str, rng: random.Random) -> str:
    """``text`` with each of the VARIANTS words replaced by a random variant."""
    words = re.compile(r"\b(" + "|".join(VARIANTS) + r")\b")
    return words.sub(lambda m: rng.choice(VARIANTS[m.group()]), text)


def make_anchors(text: str, count: int, rng: random.Random) -> list[Anchor]:
    """Quotes of 20–300 characters at random places, starting and ending on word edges."""
    anchors: list[Anchor] = []
    while len(anchors) < count:
        length = rng.randint(20, 300)
        start = rng.randrange(0, len(text) - length)
        start = text.find(" ", start) + 1
        end = text.rfind(" ", start, start + length)
        if end <= start + 10 or "\n\n" in text[start:end]:
            continue
        prefix, suffix = context(text, start, end)
        anchors.append(Anchor(text[start:end], prefix, suffix, start, end))
    return anchors


def make_edits(text: str, anchors: list[Anchor], rng: random.Random) -> list[Edit]:
    """Non-overlapping edits in old-text offsets, at least 2 characters apart."""
    taken: list[tuple[int, int]] = []

    def free(lo: int, hi: int) -> bool:
        return all(hi + 2 <= a or lo >= b + 2 for a, b in taken)

    edits: list[Edit] = []
    paragraphs = [m.span() for m in re.finditer(r"[^\n]+", text)]
    while sum(e.kind == "change" for e in edits) < 10:
        anchor = rng.choice(anchors)
        assert anchor.start is not None and anchor.end is not None
        for old, new in WORD_SWAPS:
            hit = re.search(rf"\b{re.escape(old)}\b", anchor.quote[2:-2])
            if hit and free(anchor.start, anchor.end):
                lo = anchor.start + 2 + hit.start()
                edits.append(Edit(lo, lo + len(old), new, "change"))
                taken.append((anchor.start, anchor.end))  # the whole quote: no other edit
                break
    moved = 0
    annotated = [
        (lo, hi)
        for lo, hi in paragraphs
        if any(lo <= (a.start or 0) and (a.end or 0) <= hi for a in anchors[:50])
    ]
    while moved < 2 and len(paragraphs) > 3:
        lo, hi = rng.choice(annotated)  # paragraphs holding an annotation, to check it moves
        target = rng.choice(paragraphs)[0]
        if free(lo, hi + 1) and free(target, target) and abs(target - lo) > 10_000:
            edits.append(Edit(lo, hi + 1, "", "move-out"))
            edits.append(Edit(target, target, text[lo : hi + 1], "move-in", source=lo))
            taken += [(lo, hi + 1), (target, target)]
            moved += 1
    while sum(e.kind == "insert" for e in edits) < 20:
        at = rng.randrange(len(text))
        if free(at, at):
            size = rng.choice((1, 1, 3, 12))
            edits.append(Edit(at, at, "".join(rng.choice(INSERTS) for _ in range(size)), "insert"))
            taken.append((at, at))
    while sum(e.kind == "delete" for e in edits) < 20:
        lo = rng.randrange(len(text))
        hi = min(len(text), lo + rng.choice((8, 30, 200, 1_500, 6_000)))
        if free(lo, hi):
            edits.append(Edit(lo, hi, "", "delete"))
            taken.append((lo, hi))
    edits.sort(key=lambda e: (e.lo, e.hi))
    return edits


def apply(text: str, edits: list[Edit]) -> str:
    parts, at = [], 0
    for edit in edits:
        parts += [text[at : edit.lo], edit.text]
        at = edit.hi
    parts.append(text[at:])
    return "".join(parts)


def new_offset(edits: list[Edit], position: int) -> int:
    """Where old ``position`` (outside every edit) is in the new text."""
    return position + sum(len(e.text) - (e.hi - e.lo) for e in edits if e.hi <= position)


def expected(anchor: Anchor, edits: list[Edit]) -> tuple[str, tuple[int, int] | None]:
    """What a correct re-anchoring gives this anchor: (case, span or None)."""
    assert anchor.start is not None and anchor.end is not None
    start, end = anchor.start, anchor.end
    touching = [e for e in edits if e.lo <= end + 1 and e.hi >= start - 1]
    if not touching:
        shifted = new_offset(edits, start)
        return "untouched", (shifted, shifted + end - start)
    if len(touching) > 1:
        return "partly edited", None
    edit = touching[0]
    if edit.kind == "change" and start <= edit.lo and edit.hi <= end:
        new_start = new_offset(edits, start)
        return "quote changed", (
            new_start,
            new_start + end - start + len(edit.text) - (edit.hi - edit.lo),
        )
    if edit.kind in ("delete", "move-out") and edit.lo <= start and end <= edit.hi:
        if edit.kind == "delete":
            return "deleted", None
        move_in = next(e for e in edits if e.source == edit.lo)
        at = new_offset(edits, move_in.lo) - len(move_in.text) + (start - edit.lo)
        return "moved paragraph", (at, at + end - start)
    return "partly edited", None


def check(
    anchors: list[Anchor], placements: list[Placement | None], edits: list[Edit], new: str
) -> tuple[Counter[str], Counter[str], list[str]]:
    """How many anchors of each case; how the placements came out ("as expected", "right
    span, other method", "a near-copy elsewhere"); and every one that is simply wrong.

    A near-copy is a passage elsewhere within the fuzzy edit budget of the quote (gen_brief's
    text repeats its sentences with a word or two changed): for a deleted or changed quote the
    rules allow it, so it is counted, not failed."""
    want_method = {"untouched": "exact", "quote changed": "fuzzy", "moved paragraph": "moved"}
    cases: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    problems = []
    for anchor, placed in zip(anchors, placements, strict=True):
        case, span = expected(anchor, edits)
        cases[case] += 1
        if case == "partly edited":
            continue
        got = None if placed is None else (placed.start, placed.end)
        if got == span and (placed is None or placed.method == want_method[case]):
            outcomes["as expected"] += 1
        elif got == span:
            outcomes["right span, other method"] += 1
        elif (
            placed is not None
            and case in ("deleted", "quote changed")
            and Levenshtein.distance(fold(anchor.quote), fold(new[placed.start : placed.end]))
            <= min(len(anchor.quote) // 2, MAX_EDITS)
        ):
            outcomes["a near-copy elsewhere"] += 1
        else:
            problems.append(f"{case}: expected {span}, got {placed} for {anchor.quote[:50]!r}")
    return cases, outcomes, problems


def reformat(text: str) -> str:
    """Another tool's copy: straight quotes, two spaces after a sentence, wrapped at 72."""
    straight: dict[str, str | int | None] = {"’": "'", "‘": "'", "“": '"', "”": '"'}
    text = re.sub(r"\. (?=[A-Z])", ".  ", text.translate(str.maketrans(straight)))
    return "\n\n".join(textwrap.fill(p, 72) for p in text.split("\n\n")) + "\n"


def methods(placements: list[Placement | None]) -> str:
    counts = Counter(p.method if p else "orphan" for p in placements)
    return ", ".join(f"{k} {counts[k]}" for k in ("exact", "moved", "fuzzy", "orphan"))


def row(name: str, wall: float, cpu: float, note: str = "") -> None:
    print(f"{name:44}{wall:>8.3f}{cpu:>8.3f}   {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=parse_size, default=5_000_000, help="brief size (5MB)")
    parser.add_argument("--annotations", type=int, default=1_000, help="how many (1000)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (3)")
    parser.add_argument("--single-paragraph", action="store_true", help="one line, no breaks")
    parser.add_argument("--reformat", action="store_true", help="also a reformatted copy")
    parser.add_argument("--no-old-text", action="store_true", help="also locate() alone")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args(argv)

    rng = random.Random(SEED)
    old = vary(make_brief(args.size, single_paragraph=args.single_paragraph), rng)
    anchors = make_anchors(old, args.annotations, rng)
    edits = make_edits(old, anchors, rng)
    new = apply(old, edits)
    kinds = Counter(e.kind for e in edits)
    shape = (
        "one paragraph" if args.single_paragraph else f"{old.count(chr(10) * 2) + 1:,} paragraphs"
    )
    print(
        f"brief {len(old.encode()) / 1e6:.2f} MB ({shape}), {len(anchors):,} annotations; "
        f"edits: {kinds['insert']} insertions, {kinds['delete']} deletions, {kinds['change']} "
        f"quotes changed, {kinds['move-out']} paragraphs moved; best of {args.repeat}\n"
    )
    print(f"{'':44}{'wall s':>8}{'CPU s':>8}   result")

    wall, cpu, _ = best_of(args.repeat, lambda: _Alignment.build(old, new))
    row("alignment of old and new text", wall, cpu)
    wall, cpu, placements = best_of(args.repeat, lambda: reanchor_all(old, new, anchors))
    row("reanchor_all, edited brief", wall, cpu, methods(placements))
    cases, outcomes, problems = check(anchors, placements, edits, new)
    print(" " * 55 + "cases: " + ", ".join(f"{k} {v}" for k, v in sorted(cases.items())))
    print(" " * 55 + "placed: " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
    target_wall = wall

    if args.reformat:
        formatted = reformat(old)
        wall, cpu, placed = best_of(args.repeat, lambda: reanchor_all(old, formatted, anchors))
        row("reanchor_all, reformatted brief", wall, cpu, methods(placed))
        for anchor, p in zip(anchors, placed, strict=True):
            if (
                p is None
                or p.method != "exact"
                or fold(formatted[p.start : p.end]) != fold(anchor.quote)
            ):
                problems.append(f"reformatted: got {p} for {anchor.quote[:50]!r}")
    if args.no_old_text:
        wall, cpu, placed = best_of(1, lambda: [locate(new, a) for a in anchors])
        row("locate x N, no old text (stale offsets)", wall, cpu, methods(placed))

    for problem in problems[:20]:
        print("FAIL", problem)
    if problems:
        print(f"FAIL: {len(problems)} placements are not where the edits put the text")
        return 1
    print(f"no placement is wrong ({sum(outcomes.values())} checked)")
    if target_wall > TARGET_SECONDS:
        print(f"MISS: reanchor_all {target_wall:.2f} s > {TARGET_SECONDS} s")
        return 1 if args.strict else 0
    print(f"PASS: reanchor_all {target_wall:.2f} s <= {TARGET_SECONDS} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
