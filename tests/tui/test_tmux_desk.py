"""The claims desk in a real terminal (tmux), as a person uses it: ``briefreader claims`` opens
it; three claims are triaged by keys at 80x24 (verdicts, a rationale, a source, a skip), the
table is sorted and filtered and the statistics shown at 120x40, and what was saved is read back
with ``briefreader claims --json``. Nothing is simulated."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from briefreader.library import import_file
from briefreader.store.api import NewAnnotation, Store
from tests.tui.helpers import EXAMPLE
from tests.tui.test_tmux import BRIEFREADER, driven, pytestmark, quit_through_the_library, tmuxdrive

__all__ = ["pytestmark"]

SENTENCES = (
    "Pak-Russia ties are witnessing a fresh start",
    "Historically, Russia and Pakistan have never enjoyed",
    "Officials on both sides have given indications",
)


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A library with three claims, and a config naming the user."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text('[user]\nname = "Tess Terminal"\n', encoding="utf-8")
    db = tmp_path / "desk.sqlite3"
    store = Store.open(f"sqlite:///{db}")
    brief = import_file(store, EXAMPLE).brief
    assert brief is not None
    text = store.get_brief(brief.id).text
    for lead in SENTENCES:
        start = text.index(lead)
        new = NewAnnotation(start, text.index(".", start) + 1, kind="claim", claimant="FO")
        store.create_annotation(brief.id, new)
    store.close()
    return {
        "BRIEFREADER_CONFIG_DIR": str(config),
        "BRIEFREADER_DATA_DIR": str(tmp_path / "data"),
        "BRIEFREADER_DB": str(db),
    }


def saved(env: dict[str, str]) -> list[dict[str, Any]]:
    out = subprocess.run(
        [str(BRIEFREADER), "claims", "--json"],
        capture_output=True,
        check=True,
        env=dict(os.environ, **env),
    ).stdout
    claims: list[dict[str, Any]] = json.loads(out)
    return claims


def test_triage_by_keys_at_80x24(home: dict[str, str]) -> None:
    drive = tmuxdrive()
    term = drive.Terminal(f"{BRIEFREADER} claims", size="80x24", timeout=30, env=home)
    with driven(drive, term):
        term.wait("3 claims · 3 to check")
        term.keys("t")
        term.wait("Pak-Russia ties are witnessing")
        term.keys("s", "w")
        term.wait("Rationale")
        term.type("Both ministries announced the visits.")
        term.keys("C-s")
        term.gone("ctrl+s saves")
        term.keys("a")
        term.wait("URL")
        term.type("https://example.org/visits")
        term.keys("Enter")
        term.gone("http(s) address or DOI")
        term.keys("n")  # checked: on to the next
        term.wait("Historically, Russia and Pakistan")
        term.keys("n")  # skipped
        term.wait("Officials on both sides")
        term.keys("r")
        term.wait("✗ refuted")
        term.keys("n")
        term.wait("Historically, Russia and Pakistan")  # the skipped one comes round
        term.keys("x", "n")
        term.wait("Nothing left to check in this view")
        term.keys("Escape")
        term.wait("3 claims · 0 to check · 2 checked · 1 not checkable")
        quit_through_the_library(term)  # the library takes the desk's place
    by_quote = {c["quote"][:20]: c for c in saved(home)}
    first = by_quote[SENTENCES[0][:20]]
    assert (first["verdict"], first["check_status"]) == ("supported", "checked")
    assert first["rationale"] == "Both ministries announced the visits."
    assert first["checked_by"] == "Tess Terminal"
    assert [s["url"] for s in first["sources"]] == ["https://example.org/visits"]
    assert by_quote[SENTENCES[1][:20]]["check_status"] == "not-checkable"
    assert by_quote[SENTENCES[2][:20]]["verdict"] == "refuted"


def test_sort_filter_and_statistics_at_120x40(home: dict[str, str]) -> None:
    drive = tmuxdrive()
    term = drive.Terminal(f"{BRIEFREADER} claims", size="120x40", timeout=30, env=home)
    with driven(drive, term):
        term.wait("3 claims · 3 to check")
        term.keys("s")  # the first row: supported
        term.wait("✓ supported")
        term.keys("4")  # sort by verdict
        term.wait("▲Verdict")
        term.keys("/")
        term.type("verdict:supported")
        term.wait("1 claim of 3")
        term.keys("Enter", "g")
        term.wait("By verdict")
        term.wait("By claimant")
        term.keys("Escape", "Escape")  # the table; then the filter is cleared
        term.wait("3 claims · 2 to check · 1 checked")
        quit_through_the_library(term)


def _running(marker: str) -> bool:
    """Whether a process with ``marker`` on its command line is alive."""
    found = subprocess.run(["pgrep", "-f", marker], capture_output=True, check=False)
    return found.returncode == 0


@pytest.mark.parametrize("command", ["claims", "open"])
def test_a_closed_terminal_ends_the_app(home: dict[str, str], command: str) -> None:
    """An SSH connection dropped (the terminal hung up): the app goes, it does not spin on a
    terminal that is gone (`claims` used to, at 70% CPU, for ever)."""

    drive = tmuxdrive()
    db = home["BRIEFREADER_DB"]
    term = drive.Terminal(f"{BRIEFREADER} --db {db} {command}", size="80x24", timeout=30, env=home)
    try:
        term.wait("claims" if command == "claims" else "Type to filter by title or tag")
        assert _running(db)
    finally:
        term.close()  # tmux hangs up on the program
    deadline = time.monotonic() + 15
    while _running(db) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(db)


def first_suggestion(term: Any, timeout: float = 30.0) -> None:
    """``>`` until it goes to a suggestion: pressed while the brief is still being scored, it
    says so ("Still finding …") and goes nowhere, as a user pressing it early sees (on a slow
    machine the scoring outlasts the open)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        term.keys(">")
        while time.monotonic() < end:  # one of the two answers
            screen = term.screen()
            if "Worth checking" in screen:
                return
            if "Still finding" in screen:
                term.gone("Still finding")  # then ask again
                break
            time.sleep(0.1)  # how often the screen is read, as tmuxdrive's wait does
    raise AssertionError(f"no suggestion after {timeout} s:\n{term.screen()}")


def test_suggested_claims_in_the_reader_at_100x30(tmp_path: Path) -> None:
    """Open the example brief, go through the suggested claims, accept two (the claimant
    filled in where the words say who), dismiss one, quit and reopen: all as left."""
    env = {
        "BRIEFREADER_CONFIG_DIR": str(tmp_path / "config"),
        "BRIEFREADER_DATA_DIR": str(tmp_path / "data"),
        "BRIEFREADER_DB": str(tmp_path / "suggest.sqlite3"),
    }
    drive = tmuxdrive()

    def open_reader() -> Any:
        term = drive.Terminal(f"{BRIEFREADER} {EXAMPLE}", size="100x30", timeout=30, env=env)
        term.wait("0 annotations" if not saved_claims() else "annotations")
        return term

    def saved_claims() -> list[dict[str, Any]]:
        if not Path(env["BRIEFREADER_DB"]).exists():
            return []
        return saved(env)

    with driven(drive, open_reader()) as term:
        first_suggestion(term)
        term.keys("c")
        term.wait("Claimant")
        term.keys("C-s")
        term.wait("1 annotation")
        # The spokesman's quotation: the next suggestions looked at, one by one, in the claim
        # dialog (its heading is the sentence) until it is the one.
        for _ in range(30):
            term.keys(">")
            term.wait("Worth checking")
            term.keys("c")
            term.wait("Claimant")
            if "“A foreign office spokesman" in term.screen():
                break
            term.keys("Escape")
            term.gone("Claimant")
        term.wait("Foreign Office spokesman")  # guessed from "… spokesman … said"
        term.keys("C-s")
        term.wait("2 annotations")
        term.keys(">", "X")
        term.wait("Dismissed")
        quit_through_the_library(term)
    claims = saved_claims()
    assert len(claims) == 2
    assert "Foreign Office spokesman" in {c["claimant"] for c in claims}
    store = Store.open(f"sqlite:///{env['BRIEFREADER_DB']}")
    dismissed = store.dismissed_suggestions(store.list_briefs()[0].id)
    store.close()
    assert len(dismissed) == 1
    with driven(drive, open_reader()) as term:
        term.wait("2 annotations")
