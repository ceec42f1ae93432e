"""Aligning a brief's old text with its new one: :class:`_Alignment` maps an old offset to
the new text and knows which new text changed; :class:`_Scope` tells one anchor's search
which new text is an old copy from elsewhere. :class:`_Aligner` builds the shared runs with
rapidfuzz opcodes over lines, then sentences, then words, then characters of small differing
parts."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from rapidfuzz.distance import Indel, Levenshtein

from briefreader.anchoring.reanchor.folding import _fold_marks

# Alignment: separators of the successive levels, and when characters are aligned directly.
_LEVELS = ("\n", ". ", " ")
_CHAR_LEVEL_MAX = 1 << 24  # product of the two lengths (2 MB of bit matrix)
_WORD_LEVEL_MAX = 1 << 18  # characters per side
_SPACED_MAX = 1 << 16  # product of the lengths of a reformatted pair (a few sentences)
_CHANCE_RUN = 32  # shared runs shorter than this may be chance (see _meaningful)
_WORD = re.compile(r"\S+")


@dataclass
class _Alignment:
    """Runs of text the old and new versions share, from a diff at successively finer levels,
    and pairs of stretches with the same words but other spacing (aligned when first asked)."""

    old: str = field(repr=False)
    new: str = field(repr=False)
    old_starts: list[int]
    new_starts: list[int]
    lengths: list[int]
    # (old_lo, old_hi, new_lo, new_hi): the same words, reformatted.
    spaced: list[tuple[int, int, int, int]]
    gaps: list[tuple[int, int]]  # new-text stretches no run covers (empty: a deletion point)
    _spaced_starts: list[int] = field(default_factory=list, repr=False)
    _inner: dict[int, _Alignment] = field(default_factory=dict, repr=False)

    @property
    def new_len(self) -> int:
        return len(self.new)

    @classmethod
    def build(cls, old: str, new: str) -> _Alignment:
        aligner = _Aligner(old, new)
        if old == new:
            aligner.runs.append((0, 0, len(old)))
        else:
            aligner.refine(0, len(old), 0, len(new), 0)
        merged: list[tuple[int, int, int]] = []
        for run in aligner.runs:
            if merged:
                o, n, length = merged[-1]
                if o + length == run[0] and n + length == run[1]:
                    merged[-1] = (o, n, length + run[2])
                    continue
            merged.append(run)
        gaps: list[tuple[int, int]] = []
        old_end = new_end = 0
        for o, n, length in merged:
            if (o, n) != (old_end, new_end):
                gaps.append((new_end, n))
            old_end, new_end = o + length, n + length
        if (old_end, new_end) != (len(old), len(new)):
            gaps.append((new_end, len(new)))
        return cls(
            old,
            new,
            [r[0] for r in merged],
            [r[1] for r in merged],
            [r[2] for r in merged],
            aligner.spaced,
            gaps,
            [r[0] for r in aligner.spaced],
        )

    def map(self, position: int) -> int:
        """``position`` in the old text as a position in the new one (exact in shared text
        and, aligned on demand, in reformatted text; interpolated in between)."""
        i = bisect_right(self.old_starts, position) - 1
        if i >= 0 and position < self.old_starts[i] + self.lengths[i]:
            return self.new_starts[i] + position - self.old_starts[i]
        k = bisect_right(self._spaced_starts, position) - 1
        if k >= 0 and position < self.spaced[k][1]:
            o0, o1, n0, n1 = self.spaced[k]
            if k not in self._inner:
                self._inner[k] = _Alignment.build(self.old[o0:o1], self.new[n0:n1])
            return n0 + self._inner[k].map(position - o0)
        o0 = n0 = 0
        if i >= 0:
            o0 = self.old_starts[i] + self.lengths[i]
            n0 = self.new_starts[i] + self.lengths[i]
        o1, n1 = len(self.old), len(self.new)
        if i + 1 < len(self.old_starts):
            o1, n1 = self.old_starts[i + 1], self.new_starts[i + 1]
        if o1 <= o0:
            return n0
        return n0 + round((position - o0) * (n1 - n0) / (o1 - o0))


@dataclass(frozen=True)
class _Scope:
    """What the alignment tells one anchor's search: where the new text changed, and which new
    text is old text other than the anchor's own (``old_start:old_end``)."""

    alignment: _Alignment
    old_start: int
    old_end: int

    def regions(self, pad: int, hint: int | None) -> list[tuple[int, int]]:
        """The changed parts of the new text, widened by ``pad``, merged, nearest first."""
        merged: list[tuple[int, int]] = []
        for lo, hi in self.alignment.gaps:
            lo, hi = max(0, lo - pad), min(self.alignment.new_len, hi + pad)
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        if hint is not None:
            merged.sort(
                key=lambda r: 0 if r[0] <= hint < r[1] else min(abs(r[0] - hint), abs(r[1] - hint))
            )
        return merged

    def claimed(self, start: int, end: int) -> bool:
        """Whether ``start:end`` of the new text is mostly old text from elsewhere: another
        copy of the words that was already there, not where this anchor's passage went."""
        a = self.alignment
        foreign = 0
        i = max(0, bisect_right(a.new_starts, start) - 1)
        while i < len(a.new_starts) and a.new_starts[i] < end:
            lo = max(start, a.new_starts[i])
            hi = min(end, a.new_starts[i] + a.lengths[i])
            if hi > lo:
                old = a.old_starts[i] + lo - a.new_starts[i]
                if not (old < self.old_end and old + hi - lo > self.old_start):
                    foreign += hi - lo
            i += 1
        return 2 * foreign > end - start


class _Aligner:
    """Finds the shared runs of two texts: lines, then sentences, then words of the parts that
    differ, then characters of small differing parts."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.runs: list[tuple[int, int, int]] = []
        self.spaced: list[tuple[int, int, int, int]] = []

    def refine(self, a0: int, a1: int, b0: int, b1: int, level: int) -> None:
        """Append the shared runs of ``old[a0:a1]`` and ``new[b0:b1]``, in order."""
        old, new = self.old, self.new
        if a0 == a1 or b0 == b1:
            return
        if (a1 - a0) * (b1 - b0) <= _CHAR_LEVEL_MAX:
            equal = [
                (a0 + op.src_start, b0 + op.dest_start, op.src_end - op.src_start)
                for op in Indel.opcodes(old[a0:a1], new[b0:b1])
                if op.tag == "equal"
            ]
            # Many alignments cost the same when text was deleted ("n become a" kept from a
            # long deletion can be matched letter by letter in what was deleted); the chance
            # runs go, and each gap keeps what it still shares: words respaced ("A" in
            # ". A " → ".  A\n"), or text at its ends, in one piece.
            o_end, n_end = a0, b0
            for o, n, length in [*_meaningful(equal, a0, b0, a1, b1), (a1, b1, 0)]:
                if not self.respaced(o_end, o, n_end, n):
                    head = _common_length(old, o_end, o, new, n_end, n, forward=True)
                    tail = _common_length(old, o_end + head, o, new, n_end + head, n, forward=False)
                    if head:
                        self.runs.append((o_end, n_end, head))
                    if tail:
                        self.runs.append((o - tail, n - tail, tail))
                if length:
                    self.runs.append((o, n, length))
                o_end, n_end = o + length, n + length
            return
        if level == len(_LEVELS):
            return
        sep = _LEVELS[level]
        if sep == " " and max(a1 - a0, b1 - b0) > _WORD_LEVEL_MAX:
            return
        count_a, count_b = old.count(sep, a0, a1), new.count(sep, b0, b1)
        few, most = min(count_a, count_b), max(count_a, count_b)
        if most < 4 or (few >= 64 and most > 3 * few):
            # Too few pieces to tell anything, or hundreds cut up differently (lines wrapped
            # anew): no piece would be equal, and the alignment would cost ~0.3 s on 5 MB.
            self.refine(a0, a1, b0, b1, level + 1)
            return
        pieces_a, pieces_b = old[a0:a1].split(sep), new[b0:b1].split(sep)
        width = len(sep)
        # Piece i starts at starts[i]; each but the last is followed by the separator.
        starts_a = list(accumulate(map(width.__add__, map(len, pieces_a)), initial=a0))
        starts_b = list(accumulate(map(width.__add__, map(len, pieces_b)), initial=b0))
        shared: list[tuple[int, int, int]] = []
        # Levenshtein with a score hint (banded) is ~8x faster than Indel on 30,000 sentences;
        # a substituted piece only joins the differing block refined at the next level.
        for op in Levenshtein.opcodes(pieces_a, pieces_b, score_hint=16):
            if op.tag == "equal":
                o, n = starts_a[op.src_start], starts_b[op.dest_start]
                # Only one side's last piece lacks the separator: the run stops before it.
                end_a, end_b = min(starts_a[op.src_end], a1), min(starts_b[op.dest_end], b1)
                shared.append((o, n, min(end_a - o, end_b - n)))
        if sep == ". " and 2 * sum(r[2] for r in shared) < min(a1 - a0, b1 - b0):
            # Most sentences differ: maybe only in spacing or quote style (a reformatted copy).
            self.refine_spaced(a0, a1, b0, b1, level + 1)
            return
        # What lies between the runs kept (rewritten pieces, and pieces equal by chance such as
        # the empty line between paragraphs) is aligned again at the next level.
        o_end, n_end = a0, b0
        for o, n, length in [*_meaningful(shared, a0, b0, a1, b1), (a1, b1, 0)]:
            self.refine(o_end, o, n_end, n, level + 1)
            if length:
                self.runs.append((o, n, length))
            o_end, n_end = o + length, n + length

    def respaced(self, a0: int, a1: int, b0: int, b1: int) -> bool:
        """If ``old[a0:a1]`` and ``new[b0:b1]`` (a few characters) hold the same words spaced
        differently, add a run per word and say so."""
        if not (0 < a1 - a0 <= 64 and 0 < b1 - b0 <= 64):
            return False
        words_a = list(_WORD.finditer(self.old, a0, a1))
        words_b = list(_WORD.finditer(self.new, b0, b1))
        if not words_a or [m.group() for m in words_a] != [m.group() for m in words_b]:
            return False
        for wa, wb in zip(words_a, words_b, strict=True):
            self.runs.append((wa.start(), wb.start(), wa.end() - wa.start()))
        return True

    def refine_spaced(self, a0: int, a1: int, b0: int, b1: int, level: int) -> None:
        """Like :meth:`refine` at the sentence level, comparing sentences by their words: the
        pieces between full stops, spacing and quote/dash style folded. A sentence that only
        looks different becomes a pair aligned character by character when a position in it
        is mapped; what differs in its words goes on to ``level``."""
        old, new = self.old, self.new
        # Folding quotes and dashes keeps every offset: one character for one.
        pieces_a = _fold_marks(old[a0:a1]).split(".")
        pieces_b = _fold_marks(new[b0:b1]).split(".")
        starts_a = list(accumulate(map((1).__add__, map(len, pieces_a)), initial=a0))
        starts_b = list(accumulate(map((1).__add__, map(len, pieces_b)), initial=b0))
        keys_a = [" ".join(p.split()) for p in pieces_a]
        keys_b = [" ".join(p.split()) for p in pieces_b]
        o_end, n_end = a0, b0
        for op in Levenshtein.opcodes(keys_a, keys_b, score_hint=16):
            if op.tag != "equal":
                continue
            self.refine(o_end, starts_a[op.src_start], n_end, starts_b[op.dest_start], level)
            for i, j in zip(
                range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True
            ):
                o0, o1 = starts_a[i], min(starts_a[i + 1], a1)
                n0, n1 = starts_b[j], min(starts_b[j + 1], b1)
                if pieces_a[i] == pieces_b[j] and old[o0:o1] == new[n0:n1]:
                    self.runs.append((o0, n0, o1 - o0))
                elif (
                    self.spaced
                    and self.spaced[-1][1] == o0
                    and self.spaced[-1][3] == n0
                    and (o1 - self.spaced[-1][0]) * (n1 - self.spaced[-1][2]) <= _SPACED_MAX
                ):
                    self.spaced[-1] = (self.spaced[-1][0], o1, self.spaced[-1][2], n1)
                else:
                    self.spaced.append((o0, o1, n0, n1))
            o_end = min(starts_a[op.src_end], a1)
            n_end = min(starts_b[op.dest_end], b1)
        self.refine(o_end, a1, n_end, b1, level)


def _common_length(old: str, a0: int, a1: int, new: str, b0: int, b1: int, *, forward: bool) -> int:
    """How many characters ``old[a0:a1]`` and ``new[b0:b1]`` share at their start (or end),
    by bisection over slice comparisons (no per-character loop)."""
    lo, hi = 0, min(a1 - a0, b1 - b0)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        same = (
            old[a0 : a0 + mid] == new[b0 : b0 + mid]
            if forward
            else old[a1 - mid : a1] == new[b1 - mid : b1]
        )
        lo, hi = (mid, hi) if same else (lo, mid - 1)
    return lo


def _meaningful(
    runs: list[tuple[int, int, int]], a0: int, b0: int, a1: int, b1: int
) -> list[tuple[int, int, int]]:
    """``runs`` (of ``old[a0:a1]`` and ``new[b0:b1]``) without chance equalities: aligning
    rewritten text character by character matches stray letters and short words ("the ") that
    say nothing about where text went. A run no longer than the edits on both its sides goes
    (diff-match-patch's semantic cleanup rule), but only below :data:`_CHANCE_RUN` characters:
    a sentence kept between two deleted paragraphs is no accident. Dropping one lengthens its
    neighbours' edits, so they are looked at again.
    """
    kept: list[tuple[int, int, int]] = []
    for run in [*runs, (a1, b1, 0)]:
        while kept:
            o, n, length = kept[-1]
            prev_o, prev_n = a0, b0
            if len(kept) > 1:
                prev_o, prev_n = kept[-2][0] + kept[-2][2], kept[-2][1] + kept[-2][2]
            edit_before = max(o - prev_o, n - prev_n)
            edit_after = max(run[0] - o - length, run[1] - n - length)
            if length > min(edit_before, edit_after) or length >= _CHANCE_RUN:
                break
            kept.pop()
        kept.append(run)
    return kept[:-1]
