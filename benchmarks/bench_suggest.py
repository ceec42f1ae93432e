"""Benchmark: suggested claims on a 5 MB brief in the full reader — that scoring it (in a worker)
delays neither the first paint nor a key press.

Run from the repository root (about a minute)::

    .venv/bin/python benchmarks/bench_suggest.py [--size 5MB] [--keys 20]

A library in a temp folder holds the brief of ``gen_brief.py`` (``--size``). The app opens it
in the reader inside ``App.run_test(size=(120, 40))``, twice — suggestions on and off (the
config's ``[reader] suggestions``), in that order and then again the other way — and reports:

* **text**: from creating the app until the brief's text is on screen;
* **keys while scoring**: as soon as the brief's annotations are shown (when scoring starts),
  ``--keys`` cursor moves, each as the wall time from the press until the app is idle again
  (Textual's test driver adds its own ~60-90 ms per key: compare with the same keys with
  suggestions off), and whether scoring was still running at each;
* **scored**: when the suggestions were underlined, and how many.

Target (issue "claim finder"): the first paint and the keys no slower with suggestions on than
off, beyond noise. The benchmark reports; it does not assert.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


async def measure(db_url: str, brief_id: int, on: bool, keys: int) -> dict[str, float]:
    from briefreader.config import Config
    from briefreader.tui.app import BriefReaderApp
    from briefreader.tui.screens.reader import ReaderScreen

    results: dict[str, float] = {}
    start = time.perf_counter()
    app = BriefReaderApp(db_url, brief_id=brief_id, config=Config(suggestions=on))
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, ReaderScreen) and app.screen.article.text):
            await pilot.pause(0.005)
        results["text on screen, s"] = time.perf_counter() - start
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        while screen.brief is None:
            await pilot.pause(0.005)
        shown_at = time.perf_counter()
        waits, during = [], 0
        for _ in range(keys):
            scoring = on and not screen.suggestions.shown
            t = time.perf_counter()
            await pilot.press("down")
            await pilot.pause()
            waits.append(time.perf_counter() - t)
            during += scoring
        results["key, median ms"] = statistics.median(waits) * 1000
        results["key, worst ms"] = max(waits) * 1000
        results["keys pressed while scoring"] = during
        if on:
            deadline = time.perf_counter() + 60
            while not screen.suggestions.shown:
                if time.perf_counter() > deadline:
                    raise SystemExit("no suggestions after 60 s")
                await pilot.pause(0.01)
            results["underlined after the annotations, s"] = time.perf_counter() - shown_at
            results["suggestions"] = len(screen.suggestions.shown)
    return results


def main() -> int:
    from gen_brief import make_brief, parse_size

    from briefreader.ingest.model import content_hash
    from briefreader.store.api import NewBrief, Store

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="5MB")
    parser.add_argument("--keys", type=int, default=20)
    args = parser.parse_args()
    text = make_brief(parse_size(args.size))
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'suggest.sqlite3'}"
        store = Store.open(db_url)
        new = NewBrief(text=text, title="big", content_hash=content_hash(text), word_count=1)
        brief_id = store.import_brief(new).brief.id
        store.close()
        runs: dict[bool, list[dict[str, float]]] = {True: [], False: []}
        for on in (True, False, False, True):
            runs[on].append(asyncio.run(measure(db_url, brief_id, on, args.keys)))
    print(f"suggested claims, {len(text.encode()) / 1e6:.1f} MB brief")
    for on in (True, False):
        print(f"  suggestions {'on' if on else 'off'}:")
        for name in runs[on][0]:
            values = ", ".join(f"{r[name]:.3f}" for r in runs[on])
            print(f"    {name:<42} {values}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
