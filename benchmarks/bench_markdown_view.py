"""Benchmark: building the rendered-Markdown display model (briefreader.text.markdown_view) for a
1 MB brief, against reading the same text's lines (``str.splitlines``) and the Pygments reading
aids' Markdown lexer over it, in one run. Run from the repository root::

    .venv/bin/python benchmarks/bench_markdown_view.py

Inputs (from tests/unit/test_markdown_view_props.py): an article-like brief (headings,
paragraphs with emphasis and links, lists, a quote and a table per section), markup on every
line ("dense"), and openers that never close (pathological). Reported: CPU ms per MB (best of
3), and dense at 200 KB and 800 KB, whose ratio says whether the cost grows linearly (4×).
Target: an article-like 1 MB brief well under 200 ms (issue "real articles").

Then, in the reader's article view (``--view``; :mod:`bench_reader`'s harness, 120x40): the first
paint of a 1 MB and a 5 MB article-like Markdown brief shown rendered, against the same text
shown as plain text, and page down through the 5 MB brief with 10,000 annotations, rendered
against plain (median and p90 to the end of the repaint). Rendering may cost the model's build
at first paint (the reader builds it in its loading thread) and must not slow keys down.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unit.test_markdown_view_props import _article, _dense

from briefreader.text.markdown_view import _cached, render_markdown, view_for
from briefreader.tui.widgets.article import ArticleView

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_reader as harness


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


def markdown_view(text: str) -> ArticleView:
    """The view of a Markdown brief whose rendering was built beforehand (the reader builds it
    in its loading thread)."""
    view = ArticleView()
    view.set_text(text, fmt="markdown")
    return view


def markdown_view_cold(text: str) -> ArticleView:
    """The same, the rendering built on the screen's thread (nothing cached)."""
    _cached.cache_clear()
    return markdown_view(text)


async def page_down(text: str, fmt: str, annotations: int, presses: int) -> harness.KeyTimes:
    """Page down through ``text`` shown as ``fmt``, reading aids on."""
    times = harness.KeyTimes()
    rng = random.Random(annotations + presses)
    app = harness.Host()
    async with app.run_test(size=harness.SIZE) as pilot:
        probe = harness.PaintProbe(app)
        article = ArticleView()
        article.set_text(text, fmt=fmt)
        probe.watch(article, harness.SIZE[1])
        await app.query_one("#host").mount(article)
        article.focus()
        article.set_token_source(harness.aids_source)
        if annotations:
            article.set_annotations(harness.spans_for(len(text), annotations))
        await harness.settle(pilot, probe)
        pause_cpu = await harness.idle_cpu(pilot)
        for _ in range(presses):
            await harness.jitter(rng)
            await harness.time_key(pilot, probe, article.action_page_down, times, pause_cpu)
    return times


async def in_view() -> None:
    print(f"\n{'in the article view (120x40)':44} {'rendered':>9} {'plain':>9} {'ratio':>6}")
    for size in (1_000_000, 5_000_000):
        text = _article(size)
        plain = harness.median((await harness.first_paint(harness.article_factory, text, 3))[0])
        cold = harness.median((await harness.first_paint(markdown_view_cold, text, 3))[0])
        view_for(text, "markdown")
        built = harness.median((await harness.first_paint(markdown_view, text, 3))[0])
        for name, rendered in (("built in the loading thread", built), ("built on paint", cold)):
            label = f"first paint {size // 1_000_000} MB, {name}"
            print(
                f"{label:44} {rendered * 1000:7.0f}ms {plain * 1000:7.0f}ms {rendered / plain:6.2f}"
            )
    text = _article(5_000_000)
    shown = (await page_down(text, "markdown", 10_000, 40)).summary()
    plain = (await page_down(text, "text", 10_000, 40)).summary()
    for key in ("median_ms", "p90_ms"):
        label = f"page down 5 MB, 10k annotations, {key[:-3]}"
        ratio = shown[key] / plain[key]
        print(f"{label:44} {shown[key]:7.1f}ms {plain[key]:7.1f}ms {ratio:6.2f}")


if __name__ == "__main__":
    main()
    if "--view" in sys.argv:
        asyncio.run(in_view())
