"""The installed ``briefreader`` in a real terminal (tmux): open the example brief, annotate it by
keys, quit, and check the CSV export. This is what a person does; nothing is simulated."""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.tui.helpers import EXAMPLE, ROOT

TMUXDRIVE = ROOT.parent / "shared" / "tools" / "tmuxdrive.py"
BRIEFREADER = Path(sys.executable).parent / "briefreader"

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None or not TMUXDRIVE.exists() or not BRIEFREADER.exists(),
    reason="needs tmux, ../shared/tools/tmuxdrive.py and an installed briefreader",
)


def tmuxdrive() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tmuxdrive", TMUXDRIVE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def driven(drive: ModuleType, term: Any) -> Iterator[Any]:
    """Steps on ``term`` in a ``with``: a step that fails prints the screen it saw; the
    terminal is closed whatever happens."""
    try:
        yield term
    except drive.StepFailed:
        print(term.screen())
        raise
    finally:
        term.close()


def quit_through_the_library(term: Any) -> None:
    """``q`` (from the reader or the desk) to the library, then ctrl+q: the app exits 0."""
    term.keys("q")
    term.wait("Type to filter by title or tag")
    term.keys("C-q")
    term.wait("[exited 0]")


def test_annotate_the_example_brief_by_keys_in_tmux(tmp_path: Path) -> None:
    db = tmp_path / "tmux.sqlite3"
    drive = tmuxdrive()
    term = drive.Terminal(
        f"{BRIEFREADER} --db {db} {EXAMPLE}",
        size="100x30",
        timeout=30,
        env={"BRIEFREADER_CONFIG_DIR": str(tmp_path / "config")},
    )
    try:
        term.wait("Pak-Russia ties are witnessing")
        term.wait("0 annotations")  # the library is open: keys will be saved
        term.keys("s", "h")
        term.wait("1 annotation")
        term.keys("c")
        term.wait("Claimant")
        term.type("Foreign office spokesman")
        term.keys("Tab", "f", "Tab", "s", "Enter")
        term.wait("1 claim")
        term.keys("q")
        term.wait("Type to filter by title or tag")  # back in the library
        term.keys("q")  # in the library, letters filter: q types into the filter
        term.wait("Filter q")
        term.keys("C-q")
        term.wait("[exited 0]")
    except drive.StepFailed:
        print(term.screen())
        raise
    finally:
        term.close()

    out = subprocess.run(
        [str(BRIEFREADER), "--db", str(db), "export", "--format", "csv"],
        capture_output=True,
        check=True,
        env=dict(os.environ, BRIEFREADER_CONFIG_DIR=str(tmp_path / "config")),
    ).stdout.decode("utf-8")
    [row] = list(csv.DictReader(io.StringIO(out, newline="")))
    assert row["kind"] == "claim"
    assert row["claimant"] == "Foreign office spokesman"
    assert (row["claim_type"], row["claim_status"]) == ("fact", "supported")
    assert row["quote"].startswith("Pak-Russia ties are witnessing")
    assert row["start"] == "0"
