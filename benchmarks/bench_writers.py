"""Benchmark: several writer processes creating annotations in one library at once, on SQLite
(a file) and on PostgreSQL, with a check that nothing acknowledged was lost.

Run from the repository root::

    .venv/bin/python benchmarks/bench_writers.py                    # 4 writers x 1,000, both
    .venv/bin/python benchmarks/bench_writers.py --writers 8 --each 500
    .venv/bin/python benchmarks/bench_writers.py --backend sqlite
    .venv/bin/python benchmarks/bench_writers.py --pg-url postgresql+psycopg://me@host/db

Each writer is a separate Python process that opens the Store itself and calls
``Store.create_annotation`` ``--each`` times (one transaction each, committed before it returns,
with a tag of its own and one all writers share), printing every id as soon as the call returns:
an id printed is an annotation the Store acknowledged. The writers wait until all of them are
connected, then start together; the time is from that start until the last one exits.

Afterwards the library is read back: the benchmark exits with status 1 unless the annotations in
it are exactly the acknowledged ones (same count, same ids, each with its writer's note and
tags) and, on PostgreSQL, the search index has a row for each.

PostgreSQL is a throwaway server started for the run (tests/pgserver.py) with commits flushed
to disk, as SQLite's ``synchronous=FULL`` does (``--pg-fast`` turns the flushing off), unless
``--pg-url`` names one; its database is then used in a schema of its own, dropped afterwards.

``--big-brief 5MB`` measures the full-text index instead: it imports a brief of that size
(benchmarks/gen_brief.py prose, and as many bytes of distinct made-up words, the worst case for
PostgreSQL's index) on each backend and times the import and a few searches.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Measure this checkout even when the venv's install points elsewhere.
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from briefreader.library import import_file  # noqa: E402
from briefreader.store.api import NewAnnotation, Store  # noqa: E402

EXAMPLE = ROOT / "examples" / "pakistan-russia-ties.txt"
SCHEMA = "briefreader_bench_writers"


def writer(url: str, brief_id: int, number: int, count: int) -> None:
    """One writer process: connect, say so, wait for "go", then create and acknowledge."""
    store = Store.open(url)
    text_length = len(store.get_brief(brief_id).text)
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(count):
        start = (number * 997 + i * 31) % (text_length - 40)
        made = store.create_annotation(
            brief_id,
            NewAnnotation(
                start, start + 30, note=f"writer {number} #{i}", tags=("bench", f"w{number}")
            ),
        )
        print(made.id, flush=True)
    store.close()


def run(url: str, writers: int, each: int) -> tuple[float, int, list[str]]:
    """Run the writers on the library at ``url``; return (seconds, annotations acknowledged,
    problems found afterwards)."""
    with Store.open(url) as store:
        outcome = import_file(store, EXAMPLE)
        assert outcome.brief is not None
        brief_id = outcome.brief.id
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--writer", url, str(brief_id), str(n), str(each)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(writers)
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdin is not None
        line = proc.stdout.readline()
        if line.strip() != "ready":
            raise SystemExit(f"a writer did not start: {line!r}")
    started = time.perf_counter()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    acknowledged: dict[int, int] = {}
    outputs = [proc.communicate()[0] for proc in procs]
    seconds = time.perf_counter() - started
    problems = []
    for number, (proc, out) in enumerate(zip(procs, outputs, strict=True)):
        if proc.returncode != 0:
            problems.append(f"writer {number} exited with status {proc.returncode}")
        for line in out.split():
            acknowledged[int(line)] = number
    problems += check(url, brief_id, acknowledged, writers * each)
    return seconds, len(acknowledged), problems


def check(url: str, brief_id: int, acknowledged: dict[int, int], expected: int) -> list[str]:
    """What is wrong with the library after the run (nothing, we hope)."""
    problems = []
    if len(acknowledged) != expected:
        problems.append(f"{len(acknowledged)} annotations acknowledged, {expected} asked for")
    with Store.open(url) as store:
        stored = store.annotations_for_brief(brief_id, which="all")
        ids = {a.id for a in stored}
        if ids != set(acknowledged):
            lost = sorted(set(acknowledged) - ids)
            extra = sorted(ids - set(acknowledged))
            problems.append(f"lost ids {lost[:10]} ({len(lost)}), unacknowledged {extra[:10]}")
        for a in stored:
            number = acknowledged.get(a.id)
            if number is None:
                continue
            if not a.note.startswith(f"writer {number} #") or a.tags != ("bench", f"w{number}"):
                problems.append(f"annotation {a.id} is not what writer {number} wrote")
                break
        if store.engine.dialect.name == "postgresql":
            with store.engine.connect() as conn:
                indexed = conn.exec_driver_sql("SELECT count(*) FROM annotation_fts").scalar_one()
            if indexed != len(stored):
                problems.append(f"{indexed} rows in the search index for {len(stored)}")
            hits = [h for h in store.search("tag:bench") if h.kind == "annotation"]
            if not hits:
                problems.append("tag:bench finds nothing")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--each", type=int, default=1000, help="annotations per writer")
    parser.add_argument("--backend", choices=("both", "sqlite", "postgresql"), default="both")
    parser.add_argument("--pg-url", help="use this PostgreSQL database (a schema of its own)")
    parser.add_argument("--pg-fast", action="store_true", help="throwaway server without fsync")
    parser.add_argument("--big-brief", metavar="SIZE", help="time the search index instead")
    parser.add_argument("--writer", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.writer:
        url, brief_id, number, count = args.writer
        writer(url, int(brief_id), int(number), int(count))
        return 0
    if args.big_brief:
        return big_brief(args)

    results: list[tuple[str, float, int, list[str]]] = []
    folder = Path(tempfile.mkdtemp(prefix="bench-writers-"))
    try:
        if args.backend in ("both", "sqlite"):
            url = f"sqlite:///{folder / 'library.sqlite3'}"
            results.append(("sqlite (file, synchronous=FULL)", *run(url, args.writers, args.each)))
        if args.backend in ("both", "postgresql"):
            results.append(postgresql(args))
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    total = args.writers * args.each
    print(f"{args.writers} writers x {args.each} annotations, one transaction each")
    print(f"{'backend':44} {'seconds':>8} {'annotations/s':>14}  check")
    failed = False
    for name, seconds, acknowledged, problems in results:
        verdict = "ok: all acknowledged, none lost" if not problems else "; ".join(problems)
        failed |= bool(problems) or acknowledged != total
        print(f"{name:44} {seconds:8.2f} {acknowledged / seconds:14.0f}  {verdict}")
    return 1 if failed else 0


def postgresql(args: argparse.Namespace) -> tuple[str, float, int, list[str]]:
    from tests import pgserver

    if args.pg_url:
        schemas = pgserver.Schemas(args.pg_url)
        try:
            url = schemas.fresh(SCHEMA)
            return ("postgresql (--pg-url)", *run(url, args.writers, args.each))
        finally:
            schemas.drop(SCHEMA)
            schemas.close()
    reason = pgserver.available()
    if reason is not None:
        raise SystemExit(f"no PostgreSQL: {reason} (or give --pg-url)")
    folder = tempfile.mkdtemp(prefix="bench-writers-pg-")
    try:
        url = pgserver.start(folder, durable=not args.pg_fast)
        name = "postgresql 15 (local, fsync off)" if args.pg_fast else "postgresql 15 (local)"
        return (name, *run(url, args.writers, args.each))
    finally:
        pgserver.stop(folder)


def big_brief(args: argparse.Namespace) -> int:
    """Import a large brief and search it, on each backend; print the times."""
    import hashlib

    from benchmarks.gen_brief import make_brief, parse_size

    from briefreader.ingest.model import content_hash
    from briefreader.store.api import NewBrief

    size = parse_size(args.big_brief)
    prose = make_brief(size)
    words: list[str] = []
    total = 0
    while total < size:
        words.append(hashlib.sha1(str(len(words)).encode()).hexdigest()[:10])
        total += 11
    texts = {"prose": prose, "distinct words": " ".join(words) + " finale."}
    queries = ["finale", "russia", '"new page"', "energ*", "zzzz"]

    def measure(url: str, backend: str) -> None:
        with Store.open(url) as store:
            for kind, text in texts.items():
                new = NewBrief(text, f"{kind} brief", content_hash(text), len(text.split()))
                started = time.perf_counter()
                store.import_brief(new)
                imported = time.perf_counter() - started
                timings = []
                for query in queries:
                    started = time.perf_counter()
                    hits = store.search(query)
                    timings.append(f"{query} {1000 * (time.perf_counter() - started):.0f} ms")
                    if query == "finale" and kind == "distinct words":
                        assert any(h.kind == "brief" for h in hits), "the last word not found"
                mb = len(text.encode()) / 1e6
                print(
                    f"{backend:10} {kind:15} {mb:.1f} MB  import {imported:.2f} s  "
                    + ", ".join(timings)
                )

    folder = Path(tempfile.mkdtemp(prefix="bench-index-"))
    try:
        if args.backend in ("both", "sqlite"):
            measure(f"sqlite:///{folder / 'index.sqlite3'}", "sqlite")
        if args.backend in ("both", "postgresql"):
            from tests import pgserver

            server = tempfile.mkdtemp(prefix="bench-index-pg-")  # the server's user must reach it
            try:
                measure(pgserver.start(server, durable=not args.pg_fast), "postgresql")
            finally:
                pgserver.stop(server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
