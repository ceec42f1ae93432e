"""The layers stay one-way: the core never imports Textual, the TUI never opens a Session."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "briefreader"
EXAMPLE = SRC.parents[1] / "examples" / "pakistan-russia-ties.txt"

CORE_MODULES = [
    "briefreader.text.decode",
    "briefreader.text.boundaries",
    "briefreader.text.display",
    "briefreader.text.validate",
    "briefreader.ingest",
    "briefreader.anchoring",
    "briefreader.store.api",
    "briefreader.exchange.csv_export",
    "briefreader.exchange.files",
    "briefreader.reading.history",
    "briefreader.reading",
    "briefreader.config",
    "briefreader.text.lexer",
    "briefreader.text.layout",
    "briefreader.library",
    "briefreader.cli.commands",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"{module} pulled in Textual"


@pytest.mark.parametrize("module", ["briefreader.text.decode", "briefreader.text.boundaries"])
def test_text_layer_imports_no_database(module: str) -> None:
    code = f"import sys, {module}; print('sqlalchemy' in sys.modules or 'sqlmodel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_only_the_store_opens_sessions() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "store" not in path.parts
        and (re.search(r"(?<![\w.])Session\(", path.read_text()) or "sqlmodel" in path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "module", ["briefreader.tui.screens.reader", "briefreader.tui.screens.library"]
)
def test_a_screen_is_drawn_before_the_database_layer_is_imported(module: str) -> None:
    # The first frame must not wait for SQLAlchemy (~0.5 s of imports): the store is opened
    # in a worker after it.
    code = f"import sys, {module}; print('sqlalchemy' in sys.modules or 'sqlmodel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"{module} pulled in SQLAlchemy"


def test_briefreader_path_starts_the_app_before_importing_the_database_layer(
    tmp_path: Path,
) -> None:
    # `briefreader PATH` reads and checks the file, then starts the app, which opens the
    # library in a thread after its first frame: nothing before the app may import SQLAlchemy
    # (0.4 s; benchmarks/bench_launch.py). The app is replaced by a note of what was imported.
    code = (
        "import sys\n"
        "import briefreader.tui.run as run\n"
        "def noted(url, **kwargs):\n"
        "    db = 'sqlalchemy' in sys.modules or 'sqlmodel' in sys.modules\n"
        "    print(db, kwargs['ingested'].title)\n"
        "    return 0\n"
        "run.run_app = noted\n"
        "from briefreader.cli.main import main\n"
        f"raise SystemExit(main(['--db', {str(tmp_path / 'lib.sqlite3')!r}, {str(EXAMPLE)!r}]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0] == "False", out.stdout
    assert "Pak-Russia" in out.stdout
