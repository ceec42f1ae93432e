"""Keys in real terminal bytes, as fast as tmux can write them: one ``tmux`` call sends a whole
sequence (text, Tab, Enter, a bracketed paste) back to back into the installed app's terminal,
the way a paste or a laggy SSH link delivers them. Every key must land in the field that has
the focus when it is processed; typing in the library must never act on a brief."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.tui.helpers import EXAMPLE
from tests.tui.test_tmux import BRIEFREADER, pytestmark, tmuxdrive

__all__ = ["pytestmark"]


def send_burst(term: Any, *steps: tuple[str, str]) -> None:
    """One tmux invocation: ("text", s) types s literally, ("key", k) presses k, ("paste", s)
    pastes s as a bracketed paste."""
    args: list[str] = ["tmux"]
    for n, (kind, value) in enumerate(steps):
        if args[-1] != "tmux":
            args.append(";")
        if kind == "text":
            args += ["send-keys", "-t", term.name, "-l", value]
        elif kind == "key":
            args += ["send-keys", "-t", term.name, value]
        else:
            buffer = f"burst-{n}"
            args += ["set-buffer", "-b", buffer, value, ";"]
            args += ["paste-buffer", "-p", "-d", "-b", buffer, "-t", term.name]
    subprocess.run(args, check=True)


def export_rows(db: Path, env: dict[str, str]) -> list[dict[str, str]]:
    out = subprocess.run(
        [str(BRIEFREADER), "--db", str(db), "export", "--format", "csv"],
        capture_output=True,
        check=True,
        env=dict(os.environ, **env),
    ).stdout.decode("utf-8")
    return list(csv.DictReader(io.StringIO(out, newline="")))


@pytest.mark.parametrize("size", ["80x24", "120x40"])
def test_bursts_through_the_source_and_note_dialogs_in_tmux(tmp_path: Path, size: str) -> None:
    db = tmp_path / "tmux.sqlite3"
    env = {"BRIEFREADER_CONFIG_DIR": str(tmp_path / "config")}
    drive = tmuxdrive()
    term = drive.Terminal(f"{BRIEFREADER} --db {db} {EXAMPLE}", size=size, timeout=30, env=env)
    note = "First line of the note.\nSecond line, pasted."
    try:
        term.wait("Pak-Russia ties are witnessing")
        term.wait("0 annotations")
        send_burst(
            term,
            ("key", "s"),
            ("key", "l"),
            ("text", "https://b.org/y"),
            ("key", "Tab"),
            ("text", "r"),
            ("key", "Tab"),
            ("text", "Burst title"),
            ("key", "Tab"),
            ("text", "burst note"),
            ("key", "Enter"),
        )
        term.wait("1 annotation")
        send_burst(term, ("key", "n"), ("text", "Typed: "), ("paste", note), ("key", "C-s"))
        term.wait("Note Typed: First line")  # the detail shows the saved note
        term.keys("q")
        term.wait("Type to filter by title or tag")
        term.keys("C-q")
        term.wait("[exited 0]")
    except drive.StepFailed:
        print(term.screen())
        raise
    finally:
        term.close()
    [row] = export_rows(db, env)
    # One source per line: "relation url", a tab, the title (the source's note is not in CSV).
    assert row["sources"] == "refutes https://b.org/y\tBurst title"
    assert row["note"] == "Typed: " + note


def test_typing_fast_in_the_library_never_touches_a_brief(tmp_path: Path) -> None:
    db = tmp_path / "tmux.sqlite3"
    env = {"BRIEFREADER_CONFIG_DIR": str(tmp_path / "config")}
    subprocess.run(
        [str(BRIEFREADER), "--db", str(db), "import", str(EXAMPLE)],
        check=True,
        capture_output=True,
        env=dict(os.environ, **env),
    )
    subprocess.run(
        [
            str(BRIEFREADER),
            "--db",
            str(db),
            "annotate",
            "1",
            "--quote",
            "Pak-Russia ties",
            "--kind",
            "claim",
            "--note",
            "kept",
        ],
        check=True,
        capture_output=True,
        env=dict(os.environ, **env),
    )
    before = export_rows(db, env)
    drive = tmuxdrive()
    term = drive.Terminal(f"{BRIEFREADER} --db {db}", size="80x24", timeout=30, env=env)
    typed = "deepmind and the quick brown fox: q d e i x A / ? 123"
    try:
        term.wait("Type to filter by title or tag")
        send_burst(term, ("text", typed))
        term.wait(f"Filter {typed[:40]}")
        term.wait("No brief matches")
        term.alive()
        send_burst(term, ("key", "Escape"), ("text", "deepmind"), ("key", "Enter"))
        # Nothing has that title: Enter searches inside the briefs instead; no dialog.
        term.wait("Search")
        term.alive()
        term.keys("Escape", "C-q")
        term.wait("[exited 0]")
    except drive.StepFailed:
        print(term.screen())
        raise
    finally:
        term.close()
    assert export_rows(db, env) == before
