"""Benchmark: search, the JSON and Markdown exports, and re-importing a spreadsheet's edits, on
a large library; search compared with the sqlite3 CLI running the same FTS5 query.

Run from the repository root::

    .venv/bin/python benchmarks/bench_interop.py [--size 5MB] [--annotations 1000] [--repeat 5]

It builds a throw-away SQLite library in a temp folder: one generated brief of ``--size``
(benchmarks/gen_brief.py) with ``--annotations`` annotations (claims, notes, tags, sources),
then reports, best of ``--repeat``:

* ``Store.search`` for a common word, a phrase, a prefix, and filters only; beside it the
  sqlite3 CLI's bare ``SELECT rowid ... MATCH`` on the same index (no snippets, no Python);
* ``write_json`` (W3C) and ``write_markdown`` of every annotation;
* CSV round trip: export, change every row's note and tags as a spreadsheet user would,
  ``import_annotations`` (one transaction), and the dry run of the same file.

Numbers only: nothing is asserted (the machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gen_brief import make_brief, parse_size  # noqa: E402

from briefreader.annotation_import import import_annotations  # noqa: E402
from briefreader.exchange.importers import parse_file  # noqa: E402
from briefreader.exchange.markdown_report import write_markdown  # noqa: E402
from briefreader.exchange.w3c import write_json  # noqa: E402
from briefreader.library import export_csv, import_file  # noqa: E402
from briefreader.store.api import NewAnnotation, SourceInput, Store  # noqa: E402


def best(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def build(folder: Path, size: int, count: int) -> tuple[Store, Path, int]:
    brief_path = folder / "big.txt"
    brief_path.write_text(make_brief(size, single_paragraph=False), encoding="utf-8")
    db = folder / "bench.sqlite3"
    store = Store.open(f"sqlite:///{db}")
    outcome = import_file(store, brief_path)
    assert outcome.brief is not None
    brief_id = outcome.brief.id
    text = store.get_brief(brief_id).text
    spans = [m.span() for m in re.finditer(r"[A-Z][^.\n]{20,120}\.", text)]
    rng = random.Random(4)
    chosen = sorted(rng.sample(spans, min(count, len(spans))))
    items = []
    for i, (start, end) in enumerate(chosen):
        kind = ("highlight", "claim", "note")[i % 3]
        items.append(
            NewAnnotation(
                start,
                end,
                kind=kind,
                note="Check against the ministry's figures" if kind == "note" else "",
                claimant="Foreign office" if kind == "claim" else None,
                tags=tuple(rng.sample(["russia", "energy", "sco", "defence", "trade"], 2)),
                sources=(SourceInput(f"https://example.org/s/{i}", "supports"),)
                if i % 5 == 0
                else (),
            )
        )
    store.bulk_create_annotations(brief_id, items)
    return store, db, brief_id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="5MB", type=parse_size)
    parser.add_argument("--annotations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-interop-"))
    try:
        store, db, _brief_id = build(folder, args.size, args.annotations)
        print(f"library: one {args.size / 1e6:.1f} MB brief, {args.annotations} annotations")
        sqlite3_cli = shutil.which("sqlite3")
        for label, query, fts_table, match in [
            ("common word", "russia", "brief_fts", "russia"),
            ("phrase", '"new page"', "brief_fts", '"new page"'),
            ("prefix", "energ*", "brief_fts", '"energ"*'),
            ("filters only", "tag:energy kind:claim", None, None),
            ("annotation note", "ministry", "annotation_fts", "ministry"),
        ]:
            ours = best(args.repeat, lambda q=query: store.search(q))
            hits = len(store.search(query))
            line = f"search {label:<16} {ours * 1000:7.1f} ms  ({hits} hits)"
            if sqlite3_cli and fts_table:
                sql = f"SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH '{match}';"

                def cli(sql: str = sql) -> None:
                    subprocess.run([sqlite3_cli, str(db), sql], capture_output=True, check=True)

                floor = best(args.repeat, cli)
                line += f"   sqlite3 CLI {floor * 1000:6.1f} ms ({ours / floor:.1f}x)"
            print(line)
        for label, writer in [("W3C JSON", write_json), ("Markdown", write_markdown)]:
            seconds = best(args.repeat, lambda w=writer: w(store, io.StringIO()))
            print(f"export {label:<9} {seconds * 1000:7.0f} ms")
        exported = folder / "round.csv"
        with exported.open("w", newline="", encoding="utf-8") as out:
            export_csv(store, out)
        with exported.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            row["note"] = (row["note"] + " (checked)").strip()
            row["tags"] = row["tags"] + "; verified"
        with exported.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        start = time.perf_counter()
        parsed = parse_file(exported)
        parse_s = time.perf_counter() - start
        start = time.perf_counter()
        dry = import_annotations(store, parsed, dry_run=True)
        dry_s = time.perf_counter() - start
        start = time.perf_counter()
        report = import_annotations(store, parsed)
        real_s = time.perf_counter() - start
        print(
            f"CSV round trip: parse {parse_s * 1000:.0f} ms, dry run {dry_s * 1000:.0f} ms, "
            f"import {real_s * 1000:.0f} ms — {report.summary()}"
        )
        if not len(dry.updated) == len(report.updated) == len(rows):
            print("round trip did not update every row the same way as its dry run")
            return 1
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
