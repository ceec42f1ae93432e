"""Benchmark: a brief with 100,000 annotations in the full reader — time to open, memory, and
the slowest key press.

Run from the repository root (about a minute)::

    .venv/bin/python benchmarks/bench_scale.py [--rows 100000] [--profile]

It builds a library (the ~1 MB brief of ``bench_export.py`` with ``--rows`` annotations: claims,
notes, tags, sources) in a temp folder, then in a fresh process runs ``BriefReaderApp`` on that
brief inside ``App.run_test(size=(120, 40))`` and reports:

* **open**: from creating the app until the reader shows every annotation (the panel's list
  filled and the article painted), wall and CPU;
* **memory**: the process's resident size after opening (and its peak), against the same
  process before the app was created;
* **keys**: wall time of each of a few key presses a reader makes at once after opening — the
  first cursor move, page down, Tab into the panel, down in the list, Tab back, ``]`` (next
  annotation), ``s h`` (highlight a sentence), ``x`` (delete it) — each until the app is idle.

Targets (issue "faults"): open <= 2 s, <= 200 MB, no key press over 100 ms. Missing one prints
MISS. ``--profile`` prints a cProfile of the open.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

OPEN_TARGET_S = 2.0
MEMORY_TARGET_MB = 200.0
KEY_TARGET_MS = 100.0


def rss_mb() -> tuple[float, float]:
    """(resident now, peak) in MB, from /proc/self/status."""
    now = peak = 0.0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return now, peak


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def measure(db_url: str, brief_id: int, rows: int, profile: bool) -> dict[str, float]:
    from briefreader.tui.app import BriefReaderApp
    from briefreader.tui.screens.reader import ReaderScreen

    results: dict[str, float] = {}
    before, _ = rss_mb()
    results["rss_before_mb"] = before
    profiler = cProfile.Profile() if profile else None
    wall, start_cpu = time.perf_counter(), cpu()
    if profiler:
        profiler.enable()
    app = BriefReaderApp(db_url, brief_id=brief_id)
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            screen = app.screen
            if (
                isinstance(screen, ReaderScreen)
                and len(screen.annotations) + len(screen.orphans) >= rows
                and len(screen.panel.shown_annotations) >= len(screen.annotations)
            ):
                break
            await pilot.pause(0.01)
        await pilot.pause()
        if profiler:
            profiler.disable()
        results["open_s"] = time.perf_counter() - wall
        results["open_cpu_s"] = cpu() - start_cpu
        now, peak = rss_mb()
        results["rss_after_mb"] = now
        results["rss_peak_mb"] = peak
        assert isinstance(screen, ReaderScreen)
        steps = [
            ("first cursor move (down)", ["down"]),
            ("page down", ["pagedown"]),
            ("Tab into the panel", ["tab"]),
            ("down in the list", ["down"]),
            ("Tab back to the text", ["tab"]),
            ("] next annotation", ["right_square_bracket"]),
            ("s h highlight a sentence", ["s", "h"]),
            ("x delete it", ["x"]),
        ]
        for label, keys in steps:
            t = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            results[f"key: {label}"] = (time.perf_counter() - t) * 1000
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(35)
    return results


def child(db_url: str, brief_id: int, rows: int, profile: bool) -> None:
    results = asyncio.run(measure(db_url, brief_id, rows, profile))
    opened = results["open_s"]
    memory = results["rss_after_mb"]
    print(
        f"open: {opened:.2f} s wall, {results['open_cpu_s']:.2f} s CPU "
        f"(target <= {OPEN_TARGET_S} s){'' if opened <= OPEN_TARGET_S else '  MISS'}"
    )
    print(
        f"memory: {memory:.0f} MB resident after opening (peak {results['rss_peak_mb']:.0f} MB; "
        f"{results['rss_before_mb']:.0f} MB before the app; target <= {MEMORY_TARGET_MB:.0f} MB)"
        f"{'' if memory <= MEMORY_TARGET_MB else '  MISS'}"
    )
    for key, value in results.items():
        if key.startswith("key: "):
            miss = "" if value <= KEY_TARGET_MS else "  MISS"
            print(f"{key[5:]:<28} {value:7.1f} ms{miss}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("DB_URL", "BRIEF_ID"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.rows, args.profile)
        return 0
    from bench_export import build_library

    from briefreader.store.api import Store

    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'scale.sqlite3'}"
        build_library(db_url, Path(folder), args.rows)
        with Store.open(db_url) as store:
            brief_id = store.list_briefs()[0].id
        command = [sys.executable, __file__, "--rows", str(args.rows), "--child", db_url]
        command.append(str(brief_id))
        if args.profile:
            command.append("--profile")
        # A fresh process: its memory is the reader's, not the library builder's.
        return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
