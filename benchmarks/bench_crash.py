"""Benchmark: SIGKILL a writer at random moments, many times, and two writers on one SQLite file.

Run from the repository root::

    .venv/bin/python benchmarks/bench_crash.py [--rounds 50] [--pairs 10] [--ops 500] [--seed 1]

It works in a throw-away temp folder with tests/crash_writer.py (a process that writes
annotations through the Store, printing each operation before it starts and once it is
acknowledged):

1. **Crash rounds** (``--rounds``): start a writer on the same database file, let it run for a
   random 0.02–0.6 s, SIGKILL it, then check the file with sqlite3 alone: ``integrity_check``,
   ``foreign_key_check``, both FTS5 indexes' ``integrity-check``, the annotation index against
   the annotations, and every acknowledged annotation present with its note, tags and sources
   (deleted ones gone). Counts what the operation in flight at the kill did (landed or not:
   either is correct; half is not).
2. **Crash beside a survivor** (``--pairs``): two writers on one file; one is killed at a random
   moment while the other goes on to finish its operations. The survivor must exit 0 with nothing
   on stderr (no "database is locked"), and the file must pass the same checks.
3. **Two writers** (``--ops`` each): both run to the end at once; every write must land; reports
   wall time and operations per second.

At the end ``Store.check()`` (what ``briefreader check`` runs) must find nothing. Exit status 1
if anything was wrong; timings are for information (the machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.crash_writer import Ledger, read_annotations, verify  # noqa: E402

WRITER = ROOT / "tests" / "crash_writer.py"


def start(db: Path, out: Path, seed: int, *extra: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    with out.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, str(WRITER), f"sqlite:///{db}", "--seed", str(seed), *extra],
            stdout=sink,
            stderr=subprocess.PIPE,
            env=env,
        )


def wait_ready(out: Path, proc: subprocess.Popen[bytes]) -> None:
    while '"ready"' not in out.read_text():
        if proc.poll() is not None:
            why = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"the writer died: {why}")
        time.sleep(0.005)


def landed(ledger: Ledger, before: int, found: dict[int, object], extra: int) -> tuple[int, int]:
    """(landed, not landed) among the in-flight operations from index ``before`` on."""
    yes = no = 0
    for op, ann_id in ledger.in_flight[before:]:
        if op == "create":
            done = extra > 0
        elif op == "delete":
            done = ann_id not in found
        else:
            done = found.get(ann_id or -1) == ledger.state.get(ann_id or -1)
        yes, no = (yes + 1, no) if done else (yes, no + 1)
    return yes, no


def crash_rounds(folder: Path, rounds: int, rng: random.Random) -> tuple[Ledger, list[str]]:
    db = folder / "crash.sqlite3"
    ledger = Ledger()
    problems: list[str] = []
    landed_yes = landed_no = 0
    check_s = 0.0
    unacknowledged: set[int] = set()  # annotations whose create was in flight and landed
    started = time.perf_counter()
    for i in range(rounds):
        out = folder / f"crash-{i}.jsonl"
        proc = start(db, out, 1000 + i)
        wait_ready(out, proc)
        time.sleep(rng.uniform(0.02, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        before_flight = len(ledger.in_flight)
        ledger.feed(out.read_text())
        t = time.perf_counter()
        found = read_annotations(db)
        new = set(found) - set(ledger.state) - ledger.deleted - unacknowledged
        unacknowledged |= new
        extra = len(new)
        yes, no = landed(ledger, before_flight, found, extra)
        landed_yes, landed_no = landed_yes + yes, landed_no + no
        wrong = verify(db, ledger)
        check_s += time.perf_counter() - t
        problems += [f"round {i}: {p}" for p in wrong]
    wall = time.perf_counter() - started
    print(
        f"crash rounds: {rounds} SIGKILLs, {ledger.acknowledged} acknowledged operations, "
        f"{len(read_annotations(db))} annotations in the file; in flight at the kill: "
        f"{landed_yes} landed, {landed_no} did not, {rounds - landed_yes - landed_no} "
        f"between operations; problems: {len(problems)}; {wall:.1f} s "
        f"({check_s / rounds * 1000:.0f} ms of checks per round)"
    )
    return ledger, problems


def pair_rounds(folder: Path, pairs: int, ops: int, rng: random.Random) -> list[str]:
    problems: list[str] = []
    survivors_ok = 0
    started = time.perf_counter()
    for i in range(pairs):
        db = folder / f"pair-{i}.sqlite3"
        outs = [folder / f"pair-{i}-{label}.jsonl" for label in ("k", "s")]
        victim = start(db, outs[0], 2000 + i, "--label", "k")
        survivor = start(db, outs[1], 3000 + i, "--count", str(ops), "--label", "s")
        wait_ready(outs[0], victim)
        time.sleep(rng.uniform(0.05, 1.0))
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        _, err = survivor.communicate(timeout=600)
        if survivor.returncode != 0 or err:
            problems.append(f"pair {i}: the survivor exited {survivor.returncode}: {err.decode()}")
        else:
            survivors_ok += 1
        ledger = Ledger()
        for out in outs:
            ledger.feed(out.read_text())
        problems += [f"pair {i}: {p}" for p in verify(db, ledger)]
    print(
        f"crash beside a survivor: {pairs} pairs, survivor finished cleanly {survivors_ok}/{pairs}"
        f"; problems: {len(problems)}; {time.perf_counter() - started:.1f} s"
    )
    return problems


def two_writers(folder: Path, ops: int) -> list[str]:
    db = folder / "two.sqlite3"
    outs = [folder / f"two-{label}.jsonl" for label in ("a", "b")]
    started = time.perf_counter()
    procs = [
        start(db, out, 4000 + n, "--count", str(ops), "--label", label)
        for n, (label, out) in enumerate(zip(("a", "b"), outs, strict=True))
    ]
    problems = []
    for proc in procs:
        _, err = proc.communicate(timeout=1200)
        if proc.returncode != 0 or err:
            problems.append(f"a writer exited {proc.returncode}: {err.decode()}")
    wall = time.perf_counter() - started
    ledger = Ledger()
    for out in outs:
        ledger.feed(out.read_text())
    problems += verify(db, ledger)
    writes = ledger.acknowledged
    # The writers print CLOCK_MONOTONIC (one clock for the machine) when ready and when done.
    marks = [json.loads(line) for out in outs for line in out.read_text().splitlines()]
    ready = min(m["at"] for m in marks if m["t"] == "ready")
    done = max(m["at"] for m in marks if m["t"] == "done")
    print(
        f"two writers: 2 x {ops} operations, {writes} writes acknowledged, all present: "
        f"{not problems}; {done - ready:.1f} s from the first ready to the last done: "
        f"{writes / (done - ready):.0f} writes/s ({wall:.1f} s with start-up)"
    )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--ops", type=int, default=500, help="operations per writer")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    from briefreader.store.api import Store

    with tempfile.TemporaryDirectory(prefix="bench-crash-") as tmp:
        folder = Path(tmp)
        _, problems = crash_rounds(folder, args.rounds, rng)
        if args.pairs:
            problems += pair_rounds(folder, args.pairs, max(50, args.ops // 5), rng)
        if args.ops:
            problems += two_writers(folder, args.ops)
        for db in sorted(folder.glob("*.sqlite3")):
            with Store.open(f"sqlite:///{db}") as store:
                findings = store.check().findings
            problems += [f"{db.name}: check: {f.message}" for f in findings]
    for problem in problems[:50]:
        print("PROBLEM", problem)
    print("OK: nothing lost, every check passed" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
