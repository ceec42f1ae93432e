"""Benchmark: building the rendered-Markdown display model (briefreader.text.markdown_view) for a
1 MB brief, against reading the same text's lines (``str.splitlines``) and the Pygments reading
aids' Markdown lexer over it, in one run. Run from the repository root::

    .venv/bin/python benchmarks/bench_markdown_view.py

Inputs (from tests/unit/test_markdown_view_props.py): an article-like brief (headings,
paragraphs with emphasis and links, lists, a quote and a table per section), markup on every
line ("dense"), and openers that never close (pathological). Reported: CPU ms per MB (best of
3), and dense at 200 KB and 800 KB, whose ratio says whether the cost grows linearly (4×).
Target: an article-like 1 MB brief well under 200 ms (issue "real articles").
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unit.test_markdown_view_props import _article, _dense

from briefreader.text.markdown_view import render_markdown


def best_ms(work: object, text: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        work(text)  # type: ignore[operator]
        times.append(time.process_time() - start)
    return min(times) * 1000


def main() -> None:
    inputs = {
        "article-like, 1 MB": _article(1_000_000),
        "dense markup, 1 MB": _dense(1_000_000),
        "pathological, 1 MB": ("*a _b [c `d " * 60_000) + "\n" + ("[" * 200_000) + "\n",
    }
    print(f"{'input':24} {'model ms':>9} {'lines ms':>9} {'ratio':>6}")
    for name, text in inputs.items():
        model = best_ms(render_markdown, text)
        lines = best_ms(str.splitlines, text)
        print(f"{name:24} {model:9.1f} {lines:9.1f} {model / max(lines, 0.01):6.0f}")
    small, large = (
        best_ms(render_markdown, _dense(200_000)),
        best_ms(render_markdown, _dense(800_000)),
    )
    print(f"dense 200 KB {small:.1f} ms, 800 KB {large:.1f} ms: ×{large / small:.1f} for ×4 text")
    model = best_ms(render_markdown, inputs["article-like, 1 MB"])
    print(
        f"article-like 1 MB: {model:.0f} ms (target well under 200 ms): "
        f"{'met' if model < 200 else 'MISS'}"
    )


if __name__ == "__main__":
    main()
