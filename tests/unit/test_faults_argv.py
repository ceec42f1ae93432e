"""Hostile command-line arguments: every command with every hostile value in every place a
value goes, run under ``python -X dev`` (warnings shown, faulthandler on). None may give a
traceback; a value that is refused gives a non-zero exit status and one sentence.

The values include a byte that is not UTF-8: Python hands it to the program as a lone
surrogate (``os.fsdecode``), which no database, terminal or file can take as text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_BRIEF
from tests.unit.test_cli_trust import ok

CLAIM = "It is a major shift"

#: name -> the argument, as bytes (what a shell hands the process).
HOSTILE: dict[str, bytes] = {
    "superscript two": "²".encode(),
    "25 digits": b"9" * 25,
    "not UTF-8": b"caf\xe9",
    "empty": b"",
    "minus one": b"-1",
    "bidi override": "\u202eevil".encode(),
}

#: Every place a command takes a value; V is where the hostile one goes.
PLACES: list[list[str]] = [
    ["open", "V"],
    ["import", "V"],
    ["import", str(EXAMPLE_BRIEF), "--replace", "V"],
    ["list", "--db", "V"],
    ["annotate", "V", "--quote", CLAIM],
    ["annotate", "1", "--quote", "V"],
    ["annotate", "1", "--quote", CLAIM, "--occurrence", "V"],
    ["annotate", "1", "--quote", CLAIM, "--note", "V"],
    ["annotate", "1", "--quote", CLAIM, "--tag", "V"],
    ["annotate", "1", "--quote", CLAIM, "--claimant", "V"],
    ["annotate", "1", "--quote", CLAIM, "--color", "V"],
    ["annotate", "1", "--quote", CLAIM, "--source", "V"],
    ["export", "--brief", "V"],
    ["export", "--tag", "V"],
    ["export", "--format", "csv", "-o", "OUT/V"],
    ["import-annotations", "V"],
    ["import-annotations", "EXPORTED", "--brief", "V"],
    ["search", "V"],
    ["search", "brief:V"],
    ["search", "tag:V"],
    ["search", "V", "--limit", "V"],
    ["claim", "V"],
    ["claim", "1", "--same-as", "V"],
    ["claim", "1", "--not-same-as", "V"],
    ["claims", "--claimant", "V"],
    ["suggest", "V"],
    ["check", "--db", "V"],
    ["backup", "OUT/V"],
]

#: Runs each argv (a JSON list of lists of byte lists) through the command in one ``-X dev``
#: interpreter, as ``python -m briefreader`` would (the bytes decoded as Python decodes argv),
#: and prints one JSON line per run: exit status and what went to stderr.
DRIVER = r"""
import contextlib, io, json, os, sys, traceback
from briefreader.cli.main import main
for raw in json.load(sys.stdin):
    argv = [os.fsdecode(bytes(word)) for word in raw]
    err = io.StringIO()
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            traceback.print_exc()
            code = "escaped"
    print(json.dumps({"code": code, "stderr": err.getvalue()}), flush=True)
"""


def argv_for(place: list[str], value: bytes, db: Path, out: Path, exported: Path) -> list[bytes]:
    words = []
    for word in place:
        encoded = word.encode().replace(b"V", value)
        encoded = encoded.replace(b"OUT", os.fsencode(out))
        words.append(encoded.replace(b"EXPORTED", os.fsencode(exported)))
    if "--db" not in place:
        words = [b"--db", os.fsencode(db), *words]
    return words


def test_no_hostile_argument_gives_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    ok("--db", str(db), "import", str(EXAMPLE_BRIEF))
    ok("--db", str(db), "annotate", "1", "--quote", CLAIM, "--tag", "russia")
    exported = tmp_path / "exported.csv"
    ok("--db", str(db), "export", "-o", str(exported))
    out = tmp_path / "out"
    out.mkdir()
    cases = [
        (name, place, argv_for(place, value, db, out, exported))
        for name, value in HOSTILE.items()
        for place in PLACES
    ]
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-c", DRIVER],
        input=json.dumps([[list(word) for word in argv] for _, _, argv in cases]),
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ, COLUMNS="100"),
        cwd=out,  # where a relative name (--db ²) lands
    )
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(cases)
    problems = []
    for (name, place, _argv), result in zip(cases, results, strict=True):
        stderr, code = result["stderr"], result["code"]
        if code == "escaped" or "Traceback" in stderr or "Warning" in stderr:
            problems.append(f"{name} in {place}: {code}\n{stderr}")
        elif code not in (0, 1, 2) or (code != 0 and not stderr.strip()):
            problems.append(f"{name} in {place}: exit {code} without a reason: {stderr!r}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("option", "argv"),
    [
        ("--note", ["annotate", "1", "--quote", CLAIM, "--note"]),
        ("--tag", ["annotate", "1", "--quote", CLAIM, "--tag"]),
        ("--claimant", ["annotate", "1", "--quote", CLAIM, "--claimant"]),
        ("QUERY", ["search"]),
    ],
)
def test_a_value_that_is_not_utf8_is_refused_naming_it(
    tmp_path: Path, option: str, argv: list[str]
) -> None:
    db = tmp_path / "lib.sqlite3"
    ok("--db", str(db), "import", str(EXAMPLE_BRIEF))
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-m", "briefreader", "--db", str(db), *argv, b"caf\xe9"],
        capture_output=True,
        timeout=120,
    )
    stderr = done.stderr.decode("utf-8", "backslashreplace")
    assert done.returncode == 2 and "Traceback" not in stderr
    assert stderr == (
        f"briefreader: {option} is not valid UTF-8 text (caf\\xe9); check the encoding of the "
        "terminal or script that typed it\n"
    )
    with_db = f"sqlite:///{db}"
    from briefreader.store.api import Store

    with Store.open(with_db) as store:
        assert store.annotations_for_brief(1) == []
