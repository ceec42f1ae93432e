"""Check-worthiness scores: how much a sentence looks like a claim worth checking, and why.

A sentence's score is the logistic of a weighted sum of its features plus a bias: for every
signal of :mod:`briefreader.finder.signals`, ``log2(1 + matches)`` (one match counts 1, three
count 2), and ``length``, ``log2(1 + words)``. The weights are read once from the package's
``weights.toml`` (see its header for where they came from). The score ranks sentences; it says
nothing about whether a sentence is true.

:func:`score_sentence` scores one sentence; :func:`score_text` every sentence of a brief in
text order; :func:`suggest` the same ranked, best first. Sentences are
:func:`briefreader.text.boundaries.sentence_spans`, so their offsets are the offsets into the
brief's text that annotations use.
"""

from __future__ import annotations

import math
import subprocess
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from briefreader.finder.signals import SIGNALS, Reason, find_signals
from briefreader.text.boundaries import sentence_spans

#: The weights shipped with briefreader.
WEIGHTS_PATH = Path(__file__).resolve().with_name("weights.toml")

#: Every feature a weight may be given for: one per signal, then the sentence's length.
FEATURES: tuple[str, ...] = (*SIGNALS, "length")


@dataclass(frozen=True, slots=True)
class Weights:
    """A bias and one weight per feature (a feature not given weighs 0)."""

    bias: float
    weights: Mapping[str, float]

    def of(self, feature: str) -> float:
        return self.weights.get(feature, 0.0)


@dataclass(frozen=True, slots=True)
class Scored:
    """A sentence's ``score`` (0 to 1, higher = more worth checking) and the ``reasons`` (the
    signals found that carry weight, in text order; offsets into the sentence)."""

    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A sentence of a brief with its score: ``text`` is ``brief_text[start:end]``; the
    ``reasons``' offsets are into the brief's text too."""

    start: int
    end: int
    text: str
    score: float
    reasons: tuple[Reason, ...]


class WeightsError(ValueError):
    """A weights file that cannot be used (the message says why and where)."""


def parse_weights(text: str, where: str = "weights") -> Weights:
    """Weights from TOML text: a number ``bias`` and a table ``[weights]`` of feature = number.
    Raises :class:`WeightsError` for anything else (an unknown feature, a non-finite number)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WeightsError(f"{where}: not TOML ({exc})") from None
    bias = data.get("bias")
    table = data.get("weights")
    if not _is_number(bias) or not isinstance(table, dict):
        raise WeightsError(f"{where}: needs a number 'bias' and a table [weights]")
    unknown = sorted(set(table) - set(FEATURES))
    if unknown:
        raise WeightsError(f"{where}: unknown feature(s) {', '.join(unknown)}")
    bad = sorted(name for name, value in table.items() if not _is_number(value))
    if bad:
        raise WeightsError(f"{where}: not a finite number: {', '.join(bad)}")
    assert isinstance(bias, int | float)
    return Weights(float(bias), {name: float(value) for name, value in table.items()})


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


@cache
def load_weights(path: Path = WEIGHTS_PATH) -> Weights:
    """The weights in ``path`` (default: the shipped ones), read once."""
    return parse_weights(path.read_text(encoding="utf-8"), str(path))


def features(sentence: str, reasons: tuple[Reason, ...]) -> dict[str, float]:
    """The feature values of ``sentence`` whose signals are ``reasons`` (zeros left out)."""
    counts: dict[str, int] = {}
    for reason in reasons:
        counts[reason.signal] = counts.get(reason.signal, 0) + 1
    values = {signal: math.log2(1 + n) for signal, n in counts.items()}
    values["length"] = math.log2(1 + len(sentence.split()))
    return values


def _logistic(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def score_sentence(text: str, *, weights: Weights | None = None) -> Scored:
    """The check-worthiness of one sentence and the reasons for it."""
    w = weights if weights is not None else load_weights()
    found = find_signals(text)
    z = w.bias + sum(w.of(name) * value for name, value in features(text, found).items())
    return Scored(_logistic(z), tuple(r for r in found if w.of(r.signal) != 0.0))


def score_text(text: str, *, weights: Weights | None = None) -> list[Suggestion]:
    """Every sentence of ``text`` with its score, in text order."""
    scored: list[Suggestion] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        result = score_sentence(sentence, weights=weights)
        reasons = tuple(r.shifted(start) for r in result.reasons)
        scored.append(Suggestion(start, end, sentence, result.score, reasons))
    return scored


def rank(suggestions: list[Suggestion], *, limit: int | None = None) -> list[Suggestion]:
    """``suggestions`` best first (equal scores in text order), the first ``limit`` of them."""
    ranked = sorted(suggestions, key=lambda s: (-s.score, s.start))
    return ranked if limit is None else ranked[: max(0, limit)]


def suggest(
    text: str, *, limit: int | None = None, weights: Weights | None = None
) -> list[Suggestion]:
    """The sentences of ``text`` ranked by check-worthiness, best first (at most ``limit``)."""
    return rank(score_text(text, weights=weights), limit=limit)


def scored_at_least(text: str, threshold: float) -> list[Suggestion]:
    """The sentences of ``text`` scoring ``threshold`` or more, in text order (what the reader
    underlines; a module-level function, so another process can run it)."""
    return [s for s in score_text(text) if s.score >= threshold]


#: A brief longer than this is scored in another process (see :func:`score_apart`).
APART_CHARS = 200_000


def score_apart(
    text: str,
    threshold: float,
    started: Callable[[subprocess.Popen[bytes]], object] | None = None,
) -> list[Suggestion]:
    """:func:`scored_at_least`, for an app: a long brief in a process of its own
    (``python -P -m briefreader.finder``: the text in, JSON out; ``-P``: the working folder is
    not on its path, so a stray ``json.py`` there cannot break it). Scoring is pure Python; in a
    thread of the app's process it would hold the interpreter's lock against the UI thread,
    which then waits for it at every turn of its event loop (a key pressed while a 5 MB brief
    was scored took 2.2 s). A short one is scored here (a process costs ~0.2 s). ``started``
    is given the process (to kill it when the brief closes). Raises ``RuntimeError`` saying why
    if it fails or is killed."""
    if len(text) < APART_CHARS:
        return scored_at_least(text, threshold)
    import json
    import sys

    child = subprocess.Popen(
        [sys.executable, "-P", "-m", "briefreader.finder", repr(threshold)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if started is not None:
        started(child)
    out, err = child.communicate(text.encode("utf-8", "surrogatepass"))
    if child.returncode != 0:
        if child.returncode < 0:
            raise RuntimeError(f"the scoring process was stopped (signal {-child.returncode})")
        said = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no reason given"]
        raise RuntimeError(f"the scoring process failed: {said[0]}")
    found = json.loads(out.decode("utf-8", "surrogatepass"))
    return [
        Suggestion(start, end, text[start:end], score, tuple(Reason(*r) for r in reasons))
        for start, end, score, reasons in found
    ]


def scored_as_json(text: str, threshold: float) -> str:
    """What ``python -m briefreader.finder`` writes: ``[[start, end, score, [[signal, text,
    start, end], …]], …]`` for :func:`score_apart` to read back."""
    import json

    rows = [
        [s.start, s.end, s.score, [[r.signal, r.text, r.start, r.end] for r in s.reasons]]
        for s in scored_at_least(text, threshold)
    ]
    return json.dumps(rows, ensure_ascii=True)
