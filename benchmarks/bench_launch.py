"""Benchmark: launch as a user sees it — the whole process in a real terminal (tmux, 120x40),
from starting the command until the brief's first words (or the library's first title) are on
screen — and every CLI call a script makes, each against its floor measured in the same run.

Run from the repository root (about 3 minutes)::

    .venv/bin/python benchmarks/bench_launch.py [--runs 5] [--json]

Rows (issue "speed where a user feels it"):

* a trivial Textual app (Header, Static, Footer): the framework's floor;
* a read-only, soft-wrapped ``TextArea`` app on the example brief, and on a 5 MB brief;
* ``briefreader`` on the example brief and on the 5 MB brief, already in the library;
* ``briefreader`` opening the library (its first title on screen);
* ``printf`` in the same terminal: the tmux and shell floor;
* memory: each process's resident size once its first words are on screen;
* the CLI: ``list --json``, ``search``, ``suggest``, ``claims --json``, ``annotate`` (one more
  annotation each run), against ``python -c "import sqlmodel"`` and ``python -c pass``.

Runs alternate (one of each row, then again), medians of ``--runs``. Bytecode is cached as users
have it: ``PYTHONDONTWRITEBYTECODE`` is unset for every command and the sources are compiled
first. The first launch of all (after the page cache is dropped, where the machine lets us:
``/proc/sys/vm/drop_caches``; else just the first) is reported apart as "cold".
Targets: the example brief <= 1.3x the trivial app; the 5 MB brief >= 3x faster than the
TextArea app; the library <= 1.3x the trivial app; each CLI call <= 1.3x ``import sqlmodel``;
memory <= 2x the trivial app on the example brief and <= the TextArea app on 5 MB.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_reader import TRIVIAL_APP, load_terminal_class, pick_phrase  # noqa: E402
from gen_brief import MB, make_brief  # noqa: E402

EXAMPLE = ROOT / "examples" / "pakistan-russia-ties.txt"
EXE = ROOT / ".venv" / "bin" / "briefreader"
PYTHON = ROOT / ".venv" / "bin" / "python"
SIZE = "120x40"

TEXTAREA_APP = """
import sys
from pathlib import Path
from textual.app import App, ComposeResult
from textual.widgets import TextArea


class Reader(App[None]):
    def compose(self) -> ComposeResult:
        yield TextArea(Path(sys.argv[1]).read_text(encoding="utf-8"), read_only=True,
                       soft_wrap=True)


Reader().run()
"""

APP_RATIO = 1.3
BIG_SPEEDUP = 3.0
CLI_RATIO = 1.3


@dataclass
class Launch:
    """One command launched in the terminal: what must appear, and what each run measured."""

    command: str
    phrase: str
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def memory(self) -> float:
        return statistics.median(self.rss_mb) if self.rss_mb else float("nan")


def descendants_rss_mb(root_pid: int) -> float:
    """Resident size of the largest process under ``root_pid`` (the app, not the shell)."""
    best = 0
    pending = [root_pid]
    while pending:
        pid = pending.pop()
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        pending.extend(int(child) for child in children)
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                best = max(best, int(line.split()[1]))
    return best / 1024


def launch(terminal_class: Any, item: Launch, env: dict[str, str], timeout: float = 60.0) -> str:
    """Start ``item.command`` in a new terminal, record how long until its phrase shows and
    the app's resident size then; the screen."""
    start = time.perf_counter()
    terminal = terminal_class(item.command, size=SIZE, timeout=timeout, env=env)
    try:
        deadline = start + timeout
        while True:
            screen: str = terminal.screen()
            if item.phrase in screen:
                item.seconds.append(time.perf_counter() - start)
                pid = subprocess.run(
                    ["tmux", "display-message", "-p", "-t", terminal.name, "#{pane_pid}"],
                    capture_output=True,
                    text=True,
                ).stdout.strip()
                if pid.isdigit():
                    item.rss_mb.append(descendants_rss_mb(int(pid)))
                return screen
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{item.phrase!r} not on screen after {timeout}s:\n{screen}")
            time.sleep(0.005)
    finally:
        terminal.close()


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def prepare_library(folder: Path, big: Path, env: dict[str, str]) -> Path:
    """A library holding the example brief (with a claim) and the 5 MB brief."""
    db = folder / "library.sqlite3"
    base = [str(EXE), "--db", str(db)]
    subprocess.run([*base, "import", str(EXAMPLE), str(big)], check=True, env=env, stdout=1)
    subprocess.run(
        [*base, "annotate", "1", "--quote", "We have turned a new page", "--kind", "claim"],
        check=True,
        env=env,
        capture_output=True,
    )
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    compileall.compile_dir(str(ROOT / "src"), quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="bench-launch-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
        XDG_STATE_HOME=str(folder / "state"),
        BRIEFREADER_DB="",
        PYTHONDONTWRITEBYTECODE="",
    )
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # tmuxdrive passes PYTHON* through
    terminal_env = {k: env[k] for k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")}
    terminal_env["BRIEFREADER_DB"] = ""
    big = folder / "brief5mb.txt"
    big.write_text(make_brief(5 * MB), encoding="utf-8")
    trivial_script = folder / "trivial.py"
    trivial_script.write_text(TRIVIAL_APP, encoding="utf-8")
    textarea_script = folder / "textarea.py"
    textarea_script.write_text(TEXTAREA_APP, encoding="utf-8")
    anchor = f"bench-launch-anchor-{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", anchor, "sleep", "3600"], check=True)
    terminal_class = load_terminal_class()
    try:
        db = prepare_library(folder, big, env)
        reader = f"{EXE} --db {db}"
        example_text = EXAMPLE.read_text(encoding="utf-8")
        big_text = big.read_text(encoding="utf-8")
        # Which words of the first paragraph each launch waits for: found on a first launch.
        phrases = {}
        for name, command, text in (
            ("example", f"{reader} {EXAMPLE}", example_text),
            ("big", f"{reader} {big}", big_text),
        ):
            probe = Launch(command, text[:12])
            phrases[name] = pick_phrase(text, launch(terminal_class, probe, terminal_env)) or ""
        cold_dropped = drop_page_cache()
        rows: dict[str, Launch] = {
            "trivial Textual app": Launch(f"{PYTHON} {trivial_script}", "ready"),
            "TextArea app, example brief": Launch(
                f"{PYTHON} {textarea_script} {EXAMPLE}", phrases["example"]
            ),
            "briefreader, example brief": Launch(f"{reader} {EXAMPLE}", phrases["example"]),
            "briefreader, the library": Launch(reader, "Pak-Russia"),
            "TextArea app, 5 MB brief": Launch(f"{PYTHON} {textarea_script} {big}", phrases["big"]),
            "briefreader, 5 MB brief": Launch(f"{reader} {big}", phrases["big"]),
            "printf (tmux and shell floor)": Launch("printf 'fl%s\\n' oor", "floor"),
        }
        cold = Launch(f"{reader} {EXAMPLE}", phrases["example"])
        launch(terminal_class, cold, terminal_env)
        cli: dict[str, Callable[[], list[str]]] = {
            'python -c "pass"': lambda: [str(PYTHON), "-c", "pass"],
            'python -c "import sqlmodel"': lambda: [str(PYTHON), "-c", "import sqlmodel"],
            "list --json": lambda: [str(EXE), "--db", str(db), "list", "--json"],
            "search": lambda: [str(EXE), "--db", str(db), "search", "new page"],
            "suggest 1 --limit 5": lambda: [
                str(EXE),
                "--db",
                str(db),
                "suggest",
                "1",
                "--limit",
                "5",
            ],
            "claims --json": lambda: [str(EXE), "--db", str(db), "claims", "--json"],
            "annotate": lambda: [
                str(EXE),
                "--db",
                str(db),
                "annotate",
                "1",
                "--quote",
                "fresh start",
            ],
        }
        cli_times: dict[str, list[float]] = {name: [] for name in cli}
        for _ in range(args.runs):
            for item in rows.values():
                launch(terminal_class, item, terminal_env)
            for name, command in cli.items():
                cli_times[name].append(timed(command(), env))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", anchor], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)

    trivial = rows["trivial Textual app"]
    checks = {
        "briefreader, example brief": (
            rows["briefreader, example brief"].median / trivial.median,
            f"<= {APP_RATIO}x trivial",
            rows["briefreader, example brief"].median <= APP_RATIO * trivial.median,
        ),
        "briefreader, the library": (
            rows["briefreader, the library"].median / trivial.median,
            f"<= {APP_RATIO}x trivial",
            rows["briefreader, the library"].median <= APP_RATIO * trivial.median,
        ),
        "briefreader, 5 MB brief": (
            rows["TextArea app, 5 MB brief"].median / rows["briefreader, 5 MB brief"].median,
            f">= {BIG_SPEEDUP}x faster than TextArea",
            rows["TextArea app, 5 MB brief"].median
            >= BIG_SPEEDUP * rows["briefreader, 5 MB brief"].median,
        ),
    }
    print(f"\nlaunch until first words, 120x40, medians of {args.runs} alternating runs")
    print(f"{'':34} {'time':>8} {'ratio':>7} {'memory':>9}  target")
    for name, item in rows.items():
        ratio, target, ok = checks.get(name, (item.median / trivial.median, "", None))
        mark = "" if ok is None else ("ok" if ok else "MISS")
        print(f"{name:34} {item.median:7.2f}s {ratio:6.2f}x {item.memory:7.0f}MB  {target} {mark}")
    print(
        f"{'cold: briefreader, example brief':34} {cold.seconds[0]:7.2f}s"
        f"  (page cache {'dropped' if cold_dropped else 'not dropped: not allowed here'})"
    )
    memory_example = rows["briefreader, example brief"].memory / trivial.memory
    memory_big = rows["briefreader, 5 MB brief"].memory / rows["TextArea app, 5 MB brief"].memory
    print(
        f"memory: example brief {memory_example:.2f}x the trivial app (target <= 2x) "
        f"{'ok' if memory_example <= 2 else 'MISS'}; 5 MB brief {memory_big:.2f}x the TextArea "
        f"app (target <= 1x) {'ok' if memory_big <= 1 else 'MISS'}"
    )
    floor = statistics.median(cli_times['python -c "import sqlmodel"'])
    print(f"\nCLI, whole command, medians of {args.runs}")
    print(f"{'':34} {'time':>8} {'ratio':>7}  target")
    for name, times in cli_times.items():
        median = statistics.median(times)
        ok = None if name.startswith("python") else median <= CLI_RATIO * floor
        mark = "" if ok is None else ("ok" if ok else "MISS")
        print(f"{name:34} {median:7.2f}s {median / floor:6.2f}x  {mark}")
    if args.json:
        print(
            json.dumps(
                {
                    "launch": {n: i.seconds for n, i in rows.items()},
                    "memory_mb": {n: i.rss_mb for n, i in rows.items()},
                    "cold": cold.seconds,
                    "cli": cli_times,
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
