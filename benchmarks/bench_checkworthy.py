"""Benchmark: how well the check-worthiness scorer ranks sentences, and how fast it is.

Run from the repository root::

    .venv/bin/python benchmarks/bench_checkworthy.py          # report on the shipped weights
    .venv/bin/python benchmarks/bench_checkworthy.py --tune   # fit, write the weights, report

Data: the ClaimBuster ground truth (Arslan, Hassan, Li, Tremayne, "A Benchmark Dataset of
Check-worthy Factual Claims", ICWSM 2020; doi:10.5281/zenodo.3609356), 9,674 sentences of U.S.
presidential debates labelled check-worthy or not, read by path from
``../shared/checkworthy/claimbuster-groundtruth.csv`` (``--data``; never copied into the
repository). The split is fixed: a sentence whose ``sha256(sentence_id)`` is 0 modulo 5 is
**held out** (20%), never used for tuning; the rest is the **tuning** part.

``--weights FILE`` reports on other weights (the hand-set ones before tuning, say).
``--tune`` fits a logistic regression with an L2 penalty (Newton's method, pure Python) on the
tuning part's features (:func:`briefreader.finder.scoring.features`), chooses the penalty by
5-fold cross-validation on the tuning part (average precision), and writes the weights to
``src/briefreader/finder/weights.toml`` with a header saying how and when.

It always reports, for the tuning and the held-out parts, for the scorer and for the trivial
baseline (longer sentence = more worth checking): average precision, precision at 10, 20 and 50
over the part ranked as a whole, and the same averaged over ``--briefs`` random 100-sentence
"briefs" drawn from the part; then the precision at 10 on the example brief against the
sentences judged worth checking in ``tests/unit/data/example_checkworthy.txt`` (written down
before tuning); then the speed: sentences scored per second on one core (the whole data set,
best of 3) and ``score_text`` over a ~1 MB brief (sentence splitting included). It reports; it
asserts nothing (exit status 0 unless the data file is missing).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import random
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Measure this checkout even when the venv's install points elsewhere.
sys.path.insert(0, str(ROOT / "src"))

from briefreader.finder.scoring import (  # noqa: E402
    FEATURES,
    WEIGHTS_PATH,
    Weights,
    features,
    load_weights,
    parse_weights,
    rank,
    score_sentence,
    score_text,
)
from briefreader.finder.signals import find_signals  # noqa: E402

DATA = ROOT.parent / "shared" / "checkworthy" / "claimbuster-groundtruth.csv"
EXAMPLE = ROOT / "examples" / "pakistan-russia-ties.txt"
EXAMPLE_LIST = ROOT / "tests" / "unit" / "data" / "example_checkworthy.txt"
CUTS = (10, 20, 50)
PENALTIES = (0.01, 0.1, 1.0, 10.0, 100.0)

Row = tuple[str, str, int]  # sentence id, text, label (1 = check-worthy)
Vector = dict[str, float]


def load(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["sentence_id"], r["text"], int(r["label"])) for r in csv.DictReader(f)]


def held_out(sentence_id: str) -> bool:
    return int(hashlib.sha256(sentence_id.encode()).hexdigest(), 16) % 5 == 0


# --- measures ---------------------------------------------------------------------------------


def average_precision(ranked_labels: Sequence[int]) -> float:
    hits = 0
    total = 0.0
    for i, label in enumerate(ranked_labels, 1):
        if label:
            hits += 1
            total += hits / i
    return total / hits if hits else 0.0


def precision_at(ranked_labels: Sequence[int], k: int) -> float:
    top = ranked_labels[:k]
    return sum(top) / len(top) if top else 0.0


def ranked(scores: Sequence[float], labels: Sequence[int]) -> list[int]:
    """Labels by score, best first; ties in the given order (stable)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    return [labels[i] for i in order]


def measures(scores: Sequence[float], labels: Sequence[int], briefs: int, seed: int) -> Vector:
    whole = ranked(scores, labels)
    out = {"AP": average_precision(whole)}
    out.update({f"P@{k}": precision_at(whole, k) for k in CUTS})
    rng = random.Random(seed)
    ap = p10 = 0.0
    for _ in range(briefs):
        pick = rng.sample(range(len(scores)), min(100, len(scores)))
        sample = ranked([scores[i] for i in pick], [labels[i] for i in pick])
        ap += average_precision(sample)
        p10 += precision_at(sample, 10)
    out["brief AP"] = ap / max(1, briefs)
    out["brief P@10"] = p10 / max(1, briefs)
    out["positives"] = sum(labels) / len(labels)
    return out


# --- the model --------------------------------------------------------------------------------


def vectors(rows: Sequence[Row]) -> list[Vector]:
    return [features(text, find_signals(text)) for _, text, _ in rows]


def linear(weights: Weights, x: Vector) -> float:
    return weights.bias + sum(weights.of(name) * value for name, value in x.items())


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """``a x = b`` by Gaussian elimination with partial pivoting (a is small and positive
    definite here)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            if f:
                for c in range(col, n + 1):
                    m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def fit(xs: Sequence[Vector], ys: Sequence[int], penalty: float, rounds: int = 30) -> Weights:
    """L2-penalised logistic regression (the bias is not penalised) by Newton's method."""
    names = list(FEATURES)
    index = {name: i + 1 for i, name in enumerate(names)}  # 0 is the bias
    d = len(names) + 1
    rows = [[(0, 1.0), *((index[k], v) for k, v in x.items() if v)] for x in xs]
    w = [0.0] * d
    for _ in range(rounds):
        grad = [penalty * w[i] if i else 0.0 for i in range(d)]
        hess = [[0.0] * d for _ in range(d)]
        for i in range(1, d):
            hess[i][i] = penalty
        for row, y in zip(rows, ys, strict=True):
            z = sum(w[j] * v for j, v in row)
            p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            s = p * (1.0 - p)
            for j, v in row:
                grad[j] += (p - y) * v
                hj = hess[j]
                sv = s * v
                for k, u in row:
                    hj[k] += sv * u
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(si) for si in step) < 1e-8:
            break
    return Weights(w[0], {name: w[index[name]] for name in names})


def cross_validated(xs: Sequence[Vector], ys: Sequence[int], penalty: float) -> float:
    """Mean average precision over 5 folds of the tuning part (folds by position, fixed)."""
    aps = []
    for fold in range(5):
        train = [i for i in range(len(xs)) if i % 5 != fold]
        test = [i for i in range(len(xs)) if i % 5 == fold]
        w = fit([xs[i] for i in train], [ys[i] for i in train], penalty)
        scores = [linear(w, xs[i]) for i in test]
        aps.append(average_precision(ranked(scores, [ys[i] for i in test])))
    return sum(aps) / len(aps)


def write_weights(w: Weights, header: list[str]) -> None:
    lines = [f"# {line}" if line else "#" for line in header]
    lines += ["", f"bias = {w.bias:.4f}", "", "[weights]"]
    lines += [f"{name} = {w.of(name):.4f}" for name in FEATURES]
    text = "\n".join(lines) + "\n"
    parse_weights(text, "the weights about to be written")  # never ship a file that won't load
    WEIGHTS_PATH.write_text(text, encoding="utf-8")


# --- the example brief ------------------------------------------------------------------------


def example_labels() -> tuple[list[str], list[int]]:
    """The example brief's sentences and whether each was judged worth checking."""
    text = EXAMPLE.read_text(encoding="utf-8")
    starts = [
        line.strip()
        for line in EXAMPLE_LIST.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    sentences = [s.text for s in score_text(text)]
    labels = [int(any(s.startswith(p) for p in starts)) for s in sentences]
    return sentences, labels


# --- report -----------------------------------------------------------------------------------


def _row(name: str, m: Vector) -> str:
    cells = [f"{m['AP']:.3f}", *(f"{m[f'P@{k}']:.2f}" for k in CUTS)]
    cells += [f"{m['brief AP']:.3f}", f"{m['brief P@10']:.2f}"]
    return f"| {name:<28} | " + " | ".join(cells) + " |"


def _table(results: list[tuple[str, Vector]]) -> None:
    print("| part, ranker                 | AP    | P@10 | P@20 | P@50 | 100-brief AP | P@10 |")
    print("|------------------------------|-------|------|------|------|--------------|------|")
    for name, m in results:
        print(_row(name, m))


def _timed(fn: Callable[[], object], repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def _header(
    weights: Weights,
    penalty: float,
    tune: Sequence[Row],
    hold: Sequence[Row],
    x_tune: Sequence[Vector],
    x_hold: Sequence[Vector],
) -> list[str]:
    """The comment at the top of weights.toml: what the numbers are, how they were found, and
    what they measure."""
    y_tune, y_hold = [r[2] for r in tune], [r[2] for r in hold]
    tuned = ranked([linear(weights, x) for x in x_tune], y_tune)
    held = ranked([linear(weights, x) for x in x_hold], y_hold)
    base = ranked([float(len(r[1])) for r in hold], y_hold)
    sentences, labels = example_labels()
    example = ranked([score_sentence(t, weights=weights).score for t in sentences], labels)
    held_at = "/".join(f"{precision_at(held, k):.2f}" for k in CUTS)
    what = (
        "Check-worthiness weights (briefreader.finder.scoring): score = logistic(bias + sum of "
        "weight * feature); a signal's feature is log2(1 + its matches, at most 8), length is "
        "log2(1 + words). The score ranks sentences; it does not judge whether they are true."
    )
    how = (
        f"Tuned by benchmarks/bench_checkworthy.py --tune on {date.today().isoformat()}: a "
        f"logistic regression, L2 penalty {penalty:g} (chosen by 5-fold cross-validation), "
        f"fitted on the tuning part ({len(tune):,} sentences) of the ClaimBuster ground truth "
        "(Arslan, Hassan, Li, Tremayne, ICWSM 2020; doi:10.5281/zenodo.3609356: U.S. "
        f"presidential debates, labelled check-worthy or not). The {len(hold):,} held-out "
        "sentences (sha256(sentence_id) % 5 == 0) were never used for tuning. Average "
        f"precision: tuning part {average_precision(tuned):.3f}, held out "
        f"{average_precision(held):.3f} (sentence length alone: {average_precision(base):.3f}); "
        f"held out P@10/20/50: {held_at}. Debate speech is not op-eds: on the example brief, "
        f"P@10 is {precision_at(example, 10):.2f} against the sentences judged worth checking "
        "before tuning (tests/unit/data/example_checkworthy.txt)."
    )
    return [*textwrap.wrap(what, 94), "", *textwrap.wrap(how, 94)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the ClaimBuster CSV")
    parser.add_argument("--tune", action="store_true", help="fit and write weights.toml")
    parser.add_argument(
        "--weights", type=Path, help="report on this weights file instead of the shipped one"
    )
    parser.add_argument("--briefs", type=int, default=500, help="random 100-sentence briefs")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"{args.data}: not found (give --data)", file=sys.stderr)
        return 1
    rows = load(args.data)
    tune = [r for r in rows if not held_out(r[0])]
    hold = [r for r in rows if held_out(r[0])]
    print(
        f"ClaimBuster ground truth: {len(rows):,} sentences; tuning {len(tune):,}, "
        f"held out {len(hold):,} (sha256(sentence_id) % 5 == 0)"
    )
    t = time.perf_counter()
    x_tune, x_hold = vectors(tune), vectors(hold)
    y_tune, y_hold = [r[2] for r in tune], [r[2] for r in hold]
    print(f"features of every sentence: {time.perf_counter() - t:.1f} s")

    if args.tune:
        cv = {p: cross_validated(x_tune, y_tune, p) for p in PENALTIES}
        for p, ap in cv.items():
            print(f"  L2 {p:g}: 5-fold AP {ap:.4f}")
        best = max(cv, key=lambda p: cv[p])
        weights = fit(x_tune, y_tune, best)
        write_weights(weights, _header(weights, best, tune, hold, x_tune, x_hold))
        load_weights.cache_clear()
        print(f"wrote {WEIGHTS_PATH.relative_to(ROOT)} (L2 {best:g})")

    weights = load_weights(args.weights) if args.weights else load_weights()
    print(f"weights: {args.weights or WEIGHTS_PATH.relative_to(ROOT)}")
    results: list[tuple[str, Vector]] = []
    for part, xs, rs, ys in (("tuning", x_tune, tune, y_tune), ("held out", x_hold, hold, y_hold)):
        scorer = measures([linear(weights, x) for x in xs], ys, args.briefs, args.seed)
        baseline = measures([float(len(r[1])) for r in rs], ys, args.briefs, args.seed)
        results += [(f"{part}: scorer", scorer), (f"{part}: length baseline", baseline)]
    print(
        f"\npositives: tuning {sum(y_tune) / len(y_tune):.3f}, "
        f"held out {sum(y_hold) / len(y_hold):.3f} (the precision of a random ranking)\n"
    )
    _table(results)

    sentences, labels = example_labels()
    scores = [score_sentence(s, weights=weights).score for s in sentences]
    ex = ranked(scores, labels)
    base = ranked([float(len(s)) for s in sentences], labels)
    print(
        f"\nexample brief ({EXAMPLE.name}): {len(sentences)} sentences, {sum(labels)} judged "
        f"worth checking ({EXAMPLE_LIST.relative_to(ROOT)})"
    )
    print(f"  scorer:   P@10 {precision_at(ex, 10):.2f}  AP {average_precision(ex):.3f}")
    print(f"  baseline: P@10 {precision_at(base, 10):.2f}  AP {average_precision(base):.3f}")
    for s in rank(score_text(EXAMPLE.read_text(encoding="utf-8"), weights=weights), limit=10):
        mark = (
            "+"
            if any(s.text == t and lab for t, lab in zip(sentences, labels, strict=True))
            else "-"
        )
        print(f"   {mark} {s.score:.2f}  {s.text[:80]}")

    texts = [r[1] for r in rows]
    cpu = _timed(lambda: [score_sentence(t, weights=weights) for t in texts])
    print(
        f"\nspeed: {len(texts) / cpu:,.0f} sentences/s (score_sentence, {len(texts):,} "
        f"sentences, best of 3, CPU time)"
    )
    brief = "\n\n".join([EXAMPLE.read_text(encoding="utf-8")] * 170)
    n = len(score_text(brief, weights=weights))
    cpu = _timed(lambda: score_text(brief, weights=weights))
    print(
        f"speed: {n / cpu:,.0f} sentences/s, {len(brief) / cpu / 1e6:.2f} MB/s (score_text on a "
        f"{len(brief) / 1e6:.1f} MB brief, sentence splitting included, {n:,} sentences)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
