"""A child process for the durability tests and benchmark: writes annotations through the Store
in a loop, as the app would, and reports on stdout what it is about to do and what was
acknowledged.

Every operation prints a JSON line ``{"t": "begin", ...}`` before the Store call and
``{"t": "ok", ...}`` after it returned (flushed at once), so whoever kills this process knows
exactly what was acknowledged and which one operation may have been in flight. The operations
mix what a reader does: create (tags, a source, a note; some on a brief shared with another
writer), change the note (with the revision read before), replace the tags, add a source,
delete, and read (the brief's annotations, a search).

    python tests/crash_writer.py URL --seed 1 [--count N] [--label w1]

Without ``--count`` it writes until killed. :class:`Ledger` replays that output into what the
database must hold; :func:`verify` compares it with the database file, read with sqlite3 alone.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "pakistan-russia-ties.txt"
TAGS = ("russia", "energy", "sco", "trade", "security", "visits")
RELATIONS = ("supports", "refutes", "context")


def say(**fields: Any) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=0, help="operations, 0 = until killed")
    parser.add_argument("--label", default="w")
    args = parser.parse_args(argv)

    from briefreader.ingest import ingest_bytes
    from briefreader.library import new_brief
    from briefreader.store.api import NewAnnotation, SourceInput, Store

    rng = random.Random(args.seed)
    example = EXAMPLE.read_text(encoding="utf-8")
    store = Store.open(args.url)
    shared = store.import_brief(new_brief(ingest_bytes(example.encode(), "example.txt"))).brief
    own_text = f"Notes of writer {args.label}.\n\n{example}"
    own = store.import_brief(new_brief(ingest_bytes(own_text.encode(), f"{args.label}.txt"))).brief
    texts = {shared.id: example, own.id: own_text}
    words = {bid: [m.start() for m in re.finditer(r"\w+", t)] for bid, t in texts.items()}
    say(t="ready", shared=shared.id, own=own.id, at=time.monotonic())

    mine: dict[int, int] = {}  # annotation id -> revision, for the ones this process created
    n = 0
    while args.count == 0 or n < args.count:
        n += 1
        roll = rng.random()
        if roll < 0.55 or not mine:
            brief_id = rng.choice((shared.id, own.id))
            start = rng.choice(words[brief_id])
            end = min(len(texts[brief_id]), start + rng.randint(5, 120))
            tags = sorted(set(rng.sample(TAGS, rng.randint(0, 3))) | {f"{args.label}-{n % 7}"})
            url = f"https://example.org/{args.label}/{n}"
            note = f"note {args.label} {n}"
            say(t="begin", op="create", brief=brief_id, tags=tags, sources=[url], note=note)
            created = store.create_annotation(
                brief_id,
                NewAnnotation(
                    start=start,
                    end=end,
                    kind=rng.choice(("highlight", "claim", "note")),
                    note=note,
                    tags=tuple(tags),
                    sources=(SourceInput(url=url, relation=rng.choice(RELATIONS)),),
                ),
            )
            mine[created.id] = created.revision
            say(t="ok", op="create", id=created.id)
        elif roll < 0.70:
            ann_id = rng.choice(sorted(mine))
            note = f"edited {args.label} {n}"
            say(t="begin", op="note", id=ann_id, note=note)
            changed = store.update_annotation(ann_id, note=note, expected_revision=mine[ann_id])
            mine[ann_id] = changed.revision
            say(t="ok", op="note", id=ann_id)
        elif roll < 0.80:
            ann_id = rng.choice(sorted(mine))
            tags = sorted(rng.sample(TAGS, rng.randint(0, 3)))
            say(t="begin", op="tags", id=ann_id, tags=tags)
            mine[ann_id] = store.set_annotation_tags(ann_id, tags).revision
            say(t="ok", op="tags", id=ann_id)
        elif roll < 0.87:
            ann_id = rng.choice(sorted(mine))
            url = f"https://example.org/{args.label}/{n}/more"
            say(t="begin", op="source", id=ann_id, url=url)
            store.add_source(ann_id, SourceInput(url=url, relation="context"))
            mine[ann_id] = store.get_annotation(ann_id).revision
            say(t="ok", op="source", id=ann_id)
        elif roll < 0.93:
            ann_id = rng.choice(sorted(mine))
            say(t="begin", op="delete", id=ann_id)
            store.delete_annotation(ann_id)
            del mine[ann_id]
            say(t="ok", op="delete", id=ann_id)
        else:
            seen = len(store.annotations_for_brief(shared.id))
            hits = len(store.search("russia", limit=20))
            say(t="read", annotations=seen, hits=hits)
    store.close()
    say(t="done", ops=n, at=time.monotonic())
    return 0


@dataclass(frozen=True)
class Expected:
    brief: int
    note: str
    tags: frozenset[str]
    urls: frozenset[str]


@dataclass
class Ledger:
    """What the writers' outputs say the database holds: acknowledged annotations, and what an
    operation in flight when a writer was killed may or may not have done."""

    state: dict[int, Expected] = field(default_factory=dict)
    #: Ids whose acknowledged delete must have removed them.
    deleted: set[int] = field(default_factory=set)
    #: id -> states other than ``state[id]`` it may be in (None: gone), from operations in flight.
    maybe: dict[int, list[Expected | None]] = field(default_factory=dict)
    #: Creates that were in flight: each may have added one annotation nobody acknowledged.
    unacknowledged_creates: int = 0
    acknowledged: int = 0
    #: The operations in flight when a writer was killed: (op, annotation id or None).
    in_flight: list[tuple[str, int | None]] = field(default_factory=list)

    def feed(self, output: str) -> None:
        """One writer's output (complete lines only: a line cut by the kill is ignored)."""
        pending: dict[str, Any] | None = None
        for line in output.splitlines(keepends=True):
            if not line.endswith("\n"):
                break
            msg = json.loads(line)
            if msg["t"] == "begin":
                pending = msg
            elif msg["t"] == "ok":
                assert pending is not None and pending["op"] == msg["op"], line
                self._apply(pending, msg["id"])
                self.acknowledged += 1
                pending = None
        if pending is not None:
            self.in_flight.append((pending["op"], pending.get("id")))
            if pending["op"] == "create":
                self.unacknowledged_creates += 1
            elif pending["op"] == "delete":
                self.maybe.setdefault(pending["id"], []).append(None)
            else:
                # Done or not: expect the new state, accept the old one.
                ann_id = pending["id"]
                before = self.state[ann_id]
                self._apply(pending, ann_id)
                self.maybe.setdefault(ann_id, []).append(before)

    def _apply(self, op: dict[str, Any], ann_id: int) -> None:
        kind = op["op"]
        if kind == "create":
            self.state[ann_id] = Expected(
                op["brief"], op["note"], frozenset(op["tags"]), frozenset(op["sources"])
            )
        elif kind == "note":
            self.state[ann_id] = replace(self.state[ann_id], note=op["note"])
        elif kind == "tags":
            self.state[ann_id] = replace(self.state[ann_id], tags=frozenset(op["tags"]))
        elif kind == "source":
            old = self.state[ann_id]
            self.state[ann_id] = replace(old, urls=old.urls | {op["url"]})
        elif kind == "delete":
            del self.state[ann_id]
            self.deleted.add(ann_id)


def read_annotations(path: Path) -> dict[int, Expected]:
    """Every annotation in the file, with its tags and source URLs (sqlite3 only, no Store)."""
    con = sqlite3.connect(path)
    try:
        found = {
            ann_id: Expected(brief, note, frozenset(), frozenset())
            for ann_id, brief, note in con.execute("SELECT id, brief_id, note FROM annotation")
        }
        tags: dict[int, set[str]] = {}
        for ann_id, name in con.execute(
            "SELECT x.annotation_id, t.name FROM annotation_tag x JOIN tag t ON t.id = x.tag_id"
        ):
            tags.setdefault(ann_id, set()).add(name)
        urls: dict[int, set[str]] = {}
        for ann_id, url in con.execute(
            "SELECT x.annotation_id, r.url FROM source x JOIN source_ref r ON r.id = x.source_id"
        ):
            urls.setdefault(ann_id, set()).add(url)
    finally:
        con.close()
    return {
        ann_id: replace(
            e, tags=frozenset(tags.get(ann_id, ())), urls=frozenset(urls.get(ann_id, ()))
        )
        for ann_id, e in found.items()
    }


def database_problems(path: Path) -> list[str]:
    """What SQLite's own checks say is wrong with the file: integrity_check, foreign_key_check,
    both full-text indexes' integrity-check, and annotation_fts agreeing with the annotations."""
    problems: list[str] = []
    con = sqlite3.connect(path, isolation_level=None)
    try:
        verdict = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            problems.append(f"integrity_check: {verdict[:5]}")
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            problems.append(f"foreign_key_check: {broken[:5]}")
        for statement in (
            "INSERT INTO brief_fts(brief_fts, rank) VALUES ('integrity-check', 1)",
            "INSERT INTO annotation_fts(annotation_fts) VALUES ('integrity-check')",
        ):
            try:
                con.execute(statement)
            except sqlite3.DatabaseError as exc:
                problems.append(f"{statement}: {exc}")
        indexed = {
            rowid: (quote, note, sorted(tags.split()))
            for rowid, quote, note, tags in con.execute(
                "SELECT rowid, quote, note, tags FROM annotation_fts"
            )
        }
        tags: dict[int, list[str]] = {}
        for ann_id, name in con.execute(
            "SELECT x.annotation_id, t.name FROM annotation_tag x JOIN tag t ON t.id = x.tag_id"
        ):
            tags.setdefault(ann_id, []).append(name)
        rows = {
            ann_id: (quote, note, sorted(tags.get(ann_id, [])))
            for ann_id, quote, note in con.execute("SELECT id, quote, note FROM annotation")
        }
        if indexed != rows:
            wrong = sorted(k for k in indexed.keys() | rows.keys() if indexed.get(k) != rows.get(k))
            problems.append(f"annotation_fts differs from the annotations for ids {wrong[:10]}")
    finally:
        con.close()
    return problems


def verify(path: Path, ledger: Ledger) -> list[str]:
    """Everything wrong with the file given what the writers acknowledged (empty: all good)."""
    problems = database_problems(path)
    found = read_annotations(path)
    for ann_id, expected in ledger.state.items():
        allowed = [expected, *ledger.maybe.get(ann_id, [])]
        if found.get(ann_id) not in allowed:
            problems.append(f"annotation {ann_id}: expected {allowed}, found {found.get(ann_id)}")
    for ann_id in ledger.deleted:
        if ann_id in found:
            problems.append(f"annotation {ann_id} was deleted (acknowledged) but is there")
    extra = sorted(set(found) - set(ledger.state) - ledger.deleted)
    if len(extra) > ledger.unacknowledged_creates:
        problems.append(
            f"{len(extra)} annotations nobody created: {extra[:10]} "
            f"(creates in flight: {ledger.unacknowledged_creates})"
        )
    return problems


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
