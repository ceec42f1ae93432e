"""Benchmark: a brief with 100,000 annotations in the full reader — time to open, memory, and
the cost of each key press, against the same brief with no annotations.

Run from the repository root (about a minute)::

    .venv/bin/python benchmarks/bench_scale.py [--rows 100000] [--profile] [--db FILE]

It builds a library (the ~1 MB brief of ``bench_export.py`` with ``--rows`` annotations: claims,
notes, tags, sources) in a temp folder, or uses ``--db FILE`` (a library built before, brief 1;
built there first, and kept, when FILE does not exist: ~20 s saved on each later run), and a
second library holding only the same brief. Then, each in a fresh process, it runs
``BriefReaderApp`` on the brief inside ``App.run_test(size=(120, 40))`` and reports:

* **text**: from creating the app until the brief's text is on screen (it comes before its
  annotations are read);
* **open**: until the reader shows every annotation (the panel's list filled, the article
  painted), wall and CPU;
* **memory**: the process's resident size after opening (and its peak), against the same
  process before the app was created;
* **keys**: each of a few key presses a reader makes at once after opening — the first cursor
  move, page down, Tab into the panel, down in the list, Esc back to the text, ``]`` (next
  annotation), ``s`` then ``h`` (highlight a sentence), ``x`` (delete it) — as the CPU time the
  process spent on it (every thread) and as wall time until the app was idle again. The wall time
  includes Textual's test driver waiting for screen refreshes (~60-90 ms even for a key that
  costs 5 ms), so the same keys on the brief without annotations are the baseline: what is
  above it is the annotations' cost.

Targets (issue "faults"): open <= 2 s, <= 200 MB, no key press over 100 ms of CPU. Missing one
prints MISS. ``--profile`` prints a cProfile of the open: the UI thread's, then the worker
threads' (reading the brief and its annotations) together.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

OPEN_TARGET_S = 2.0
MEMORY_TARGET_MB = 200.0
KEY_TARGET_MS = 100.0

STEPS = [
    ("first cursor move (down)", ["down"]),
    ("page down", ["pagedown"]),
    ("Tab into the panel", ["tab"]),
    ("down in the list", ["down"]),
    ("Esc back to the text", ["escape"]),
    ("] next annotation", ["right_square_bracket"]),
    ("s select a sentence", ["s"]),
    ("h highlight it", ["h"]),
    ("x delete it", ["x"]),
]


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


def profile_new_threads() -> list[cProfile.Profile]:
    """A cProfile for each thread started from now on (the app's workers), in the list
    returned: each thread's first profiling event starts its own profiler."""
    profiles: list[cProfile.Profile] = []

    def start(*_event: object) -> None:
        profile = cProfile.Profile()
        profiles.append(profile)
        profile.enable()  # replaces this hook in the thread

    threading.setprofile(start)
    return profiles


async def measure(db_url: str, brief_id: int, rows: int, profile: bool) -> dict[str, float]:
    from briefreader.tui.app import BriefReaderApp
    from briefreader.tui.screens.reader import ReaderScreen

    results: dict[str, float] = {}
    before, _ = rss_mb()
    results["rss_before_mb"] = before
    profiler = cProfile.Profile() if profile else None
    thread_profiles = profile_new_threads() if profile else []
    wall, start_cpu = time.perf_counter(), cpu()
    if profiler:
        profiler.enable()
    app = BriefReaderApp(db_url, brief_id=brief_id)
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            screen = app.screen
            if isinstance(screen, ReaderScreen):
                if "text_s" not in results and screen.article.text:
                    results["text_s"] = time.perf_counter() - wall
                if (
                    screen.brief is not None
                    and len(screen.annotations) + len(screen.orphans) >= rows
                    and len(screen.panel.shown_annotations) >= len(screen.annotations)
                ):
                    break
            await pilot.pause(0.01)
        await pilot.pause()
        if profiler:
            profiler.disable()
            threading.setprofile(None)
        results["open_s"] = time.perf_counter() - wall
        results["open_cpu_s"] = cpu() - start_cpu
        now, peak = rss_mb()
        results["rss_after_mb"] = now
        results["rss_peak_mb"] = peak
        await pilot.pause(0.3)  # the first paint's follow-ups (reading aids) are done
        for label, keys in STEPS:
            t, c = time.perf_counter(), cpu()
            await pilot.press(*keys)
            await pilot.pause()
            results[f"wall: {label}"] = (time.perf_counter() - t) * 1000
            results[f"cpu: {label}"] = (cpu() - c) * 1000
    if profiler:
        print("The UI thread:", file=sys.stderr)
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(35)
        # (The workers' profiles go on until their threads end: the keys' work is in them.)
        if thread_profiles:
            print("The worker threads:", file=sys.stderr)
            stats = pstats.Stats(*thread_profiles, stream=sys.stderr)
            stats.sort_stats("cumulative").print_stats(35)
    return results


def run_child(db_url: str, brief_id: int, rows: int, profile: bool) -> dict[str, float]:
    """:func:`measure` in a fresh process (its memory is the reader's alone)."""
    command = [sys.executable, __file__, "--rows", str(rows), "--child", db_url, str(brief_id)]
    if profile:
        command.append("--profile")
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def report(full: dict[str, float], empty: dict[str, float], rows: int) -> int:
    missed = 0
    opened, memory = full["open_s"], full["rss_after_mb"]
    miss = "" if opened <= OPEN_TARGET_S else "  MISS"
    missed += bool(miss)
    print(
        f"text on screen: {full['text_s']:.2f} s (no annotations: {empty['text_s']:.2f} s)\n"
        f"open, all {rows:,} annotations shown: {opened:.2f} s wall, {full['open_cpu_s']:.2f} s "
        f"CPU (no annotations: {empty['open_s']:.2f} s; target <= {OPEN_TARGET_S} s){miss}"
    )
    miss = "" if memory <= MEMORY_TARGET_MB else "  MISS"
    missed += bool(miss)
    print(
        f"memory: {memory:.0f} MB resident after opening (peak {full['rss_peak_mb']:.0f} MB; "
        f"{full['rss_before_mb']:.0f} MB before the app; no annotations: "
        f"{empty['rss_after_mb']:.0f} MB; target <= {MEMORY_TARGET_MB:.0f} MB){miss}"
    )
    print(f"{'key':<28} {'CPU ms':>8} {'(none)':>8} {'wall ms':>8} {'(none)':>8}")
    for label, _keys in STEPS:
        used = full[f"cpu: {label}"]
        miss = "" if used <= KEY_TARGET_MS else "  MISS"
        missed += bool(miss)
        print(
            f"{label:<28} {used:8.1f} {empty[f'cpu: {label}']:8.1f} "
            f"{full[f'wall: {label}']:8.1f} {empty[f'wall: {label}']:8.1f}{miss}"
        )
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--db", type=Path, help="a library built before (its brief 1); built there if missing"
    )
    parser.add_argument("--child", nargs=2, metavar=("DB_URL", "BRIEF_ID"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        results = asyncio.run(measure(args.child[0], int(args.child[1]), args.rows, args.profile))
        print(json.dumps(results))
        return 0
    from bench_export import build_library, make_brief_text

    from briefreader.library import import_file
    from briefreader.store.api import Store

    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{args.db.absolute() if args.db else Path(folder) / 'scale.sqlite3'}"
        if args.db is None or not args.db.exists():
            build_library(db_url, Path(folder), args.rows)
        with Store.open(db_url) as store:
            brief_id = store.list_briefs()[0].id
            text = store.get_brief(brief_id).text
        empty_url = f"sqlite:///{Path(folder) / 'empty.sqlite3'}"
        brief_file = Path(folder) / "same-brief.txt"
        brief_file.write_text(text if args.db else make_brief_text(), encoding="utf-8")
        with Store.open(empty_url) as store:
            empty_id = import_file(store, brief_file).brief.id  # type: ignore[union-attr]
        empty = run_child(empty_url, empty_id, 0, False)
        full = run_child(db_url, brief_id, args.rows, args.profile)
    report(full, empty, args.rows)  # a benchmark: misses are printed, not failed
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
