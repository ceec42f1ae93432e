"""Check-worthiness scores: the ranking of the example brief against the sentences judged worth
checking before the weights were tuned (tests/unit/data/example_checkworthy.txt), sanity of
the order (a number with attribution above "Thank you."; a hedge or a question lowers a
score), offsets into the brief, the shipped weights file, and that the finder imports nothing
but the standard library and briefreader's leaf modules."""

from __future__ import annotations

import ast
import math
import re
import sys
from pathlib import Path

import pytest

from briefreader.finder.scoring import (
    FEATURES,
    WEIGHTS_PATH,
    WeightsError,
    load_weights,
    parse_weights,
    rank,
    score_sentence,
    score_text,
    suggest,
)
from tests.conftest import EXAMPLE_BRIEF

JUDGED = Path(__file__).resolve().parent / "data" / "example_checkworthy.txt"
#: Measured with the shipped weights: 9 of the top 10 are on the list (0.8 with the weights set
#: by hand before tuning); one slot of slack for a retuning.
EXAMPLE_P_AT_10 = 0.8


def judged_starts() -> list[str]:
    lines = JUDGED.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_every_judged_line_starts_exactly_one_sentence_of_the_example() -> None:
    sentences = [s.text for s in score_text(EXAMPLE_BRIEF.read_text(encoding="utf-8"))]
    for start in judged_starts():
        assert sum(s.startswith(start) for s in sentences) == 1, start


def test_the_top_ten_of_the_example_brief_are_mostly_judged_worth_checking() -> None:
    starts = judged_starts()
    top = suggest(EXAMPLE_BRIEF.read_text(encoding="utf-8"), limit=10)
    hits = [s for s in top if any(s.text.startswith(p) for p in starts)]
    assert len(hits) / 10 >= EXAMPLE_P_AT_10, [s.text[:60] for s in top]


def test_the_example_brief_ranks_the_spokesman_above_the_writers_address() -> None:
    ranked = [s.text for s in suggest(EXAMPLE_BRIEF.read_text(encoding="utf-8"))]
    spokesman = next(i for i, t in enumerate(ranked) if t.startswith("A foreign office"))
    address = next(i for i, t in enumerate(ranked) if t.startswith("He can be reached"))
    assert spokesman < address


def test_a_number_with_attribution_outranks_thanks() -> None:
    claim = score_sentence("The ministry said exports rose 40% in 2014.")
    thanks = score_sentence("Thank you.")
    assert claim.score > 0.8 > 0.2 > thanks.score
    assert {r.signal for r in claim.reasons} >= {"attribution", "number", "time", "change"}
    assert [r.signal for r in thanks.reasons] == ["greeting"]


@pytest.mark.parametrize(
    "weaker",
    [
        "Maybe exports rose 40% in 2014.",
        "Did exports rise 40% in 2014?",
        "I feel exports rose 40% in 2014.",
        "Exports should rise 40% in 2014.",
    ],
)
def test_signals_against_checking_lower_the_score(weaker: str) -> None:
    assert score_sentence(weaker).score < score_sentence("Exports rose 40% in 2014.").score


def test_scores_are_probabilities_and_deterministic() -> None:
    for sentence in ("", "Thank you.", "It rose 40%, 50%, 60% and 70% since 2014, he said."):
        scored = score_sentence(sentence)
        assert 0.0 < scored.score < 1.0
        assert score_sentence(sentence) == scored


def test_suggestions_carry_offsets_into_the_brief() -> None:
    text = EXAMPLE_BRIEF.read_text(encoding="utf-8")
    every = score_text(text)
    assert [s.start for s in every] == sorted(s.start for s in every)
    assert len(every) == 35
    for s in every:
        assert text[s.start : s.end] == s.text
        for r in s.reasons:
            assert s.start <= r.start < r.end <= s.end
            assert text[r.start : r.end] == r.text


def test_suggest_ranks_best_first_and_limits() -> None:
    text = EXAMPLE_BRIEF.read_text(encoding="utf-8")
    ranked = suggest(text)
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    assert suggest(text, limit=3) == ranked[:3]
    assert rank(score_text(text), limit=0) == []
    assert suggest("") == []


def test_the_shipped_weights_load_and_say_where_they_came_from() -> None:
    weights = load_weights()
    assert set(weights.weights) == set(FEATURES)
    assert all(math.isfinite(v) for v in weights.weights.values())
    lines = WEIGHTS_PATH.read_text(encoding="utf-8").split("\nbias")[0].splitlines()
    header = " ".join(line.removeprefix("#").strip() for line in lines)
    for words in ("ClaimBuster", "held-out", "bench_checkworthy.py", "Average precision"):
        assert words in header
    for signal in ("question", "greeting", "feeling", "hedge"):
        assert weights.of(signal) < 0, signal
    for signal in ("number", "comparison", "attribution"):
        assert weights.of(signal) > 0, signal


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("bias = 1\n[weights]\nnumbr = 1\n", "unknown feature(s) numbr"),
        ("bias = 1\n[weights]\nnumber = nan\n", "not a finite number: number"),
        ("bias = 1\n[weights]\nnumber = true\n", "not a finite number: number"),
        ("[weights]\nnumber = 1\n", "needs a number 'bias'"),
        ("bias = \n", "not TOML"),
    ],
)
def test_unusable_weights_are_refused_saying_why(text: str, why: str) -> None:
    with pytest.raises(WeightsError, match=re.escape(f"w.toml: {why}")):
        parse_weights(text, "w.toml")


def test_weights_not_given_weigh_nothing() -> None:
    weights = parse_weights("bias = 0\n[weights]\nnumber = 2\n")
    scored = score_sentence("Thank you, 40% said maybe.", weights=weights)
    assert scored.score == pytest.approx(1 / (1 + math.exp(-2)))
    assert [r.signal for r in scored.reasons] == ["number"]  # only reasons that weigh


def test_the_finder_imports_only_the_standard_library_and_leaf_modules() -> None:
    """No model, nothing fetched: the standard library, briefreader's leaves, and rapidfuzz (a
    dependency already, its wheel holds all it needs) for matching claims seen before."""
    allowed = (
        "rapidfuzz",
        "briefreader.finder",
        "briefreader.text",
        "briefreader.vocabulary",
        "briefreader.resources",
    )
    package = Path(WEIGHTS_PATH).parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                ok = name.startswith(allowed) or (
                    top != "briefreader" and (top in sys.stdlib_module_names or top == "__future__")
                )
                assert ok, f"{path.name} imports {name}"


def test_a_long_brief_scored_in_a_process_of_its_own_gives_the_same_suggestions() -> None:
    """The app scores a long brief in a child process (a thread would keep its keys waiting):
    what comes back is what scoring here gives, offsets, scores and reasons alike."""
    from briefreader.finder.scoring import APART_CHARS, score_apart, scored_at_least

    example = EXAMPLE_BRIEF.read_text(encoding="utf-8")
    text = (example + "\n\n") * (APART_CHARS // len(example) + 2)
    text += "A last one with a lone \ud800 surrogate and “quotes”, 40% of 2024."
    assert len(text) > APART_CHARS
    apart = score_apart(text, 0.5)
    here = scored_at_least(text, 0.5)
    assert [(s.start, s.end, s.text, s.reasons) for s in apart] == [
        (s.start, s.end, s.text, s.reasons) for s in here
    ]
    assert [round(s.score, 9) for s in apart] == [round(s.score, 9) for s in here]


def test_the_scoring_process_ignores_the_working_folder_and_can_be_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stray json.py where the app was started cannot break the child (python -P); a child
    killed (the brief closed) is said as such, not as "no reason"."""
    from briefreader.finder.scoring import APART_CHARS, score_apart

    (tmp_path / "json.py").write_text("raise ImportError('this is my own json.py')\n")
    monkeypatch.chdir(tmp_path)
    example = EXAMPLE_BRIEF.read_text(encoding="utf-8")
    text = (example + "\n\n") * (APART_CHARS // len(example) + 2)
    assert score_apart(text, 0.9)  # scored, in spite of json.py
    with pytest.raises(RuntimeError, match=r"stopped \(signal 9\)"):
        score_apart(text, 0.9, started=lambda child: child.kill())
