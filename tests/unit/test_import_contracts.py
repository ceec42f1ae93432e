"""The import contracts (pyproject.toml's [tool.importlinter], checked by `lint-imports` in CI)
catch a wrong import: a copy of the package with one bad import added fails, naming the contract
it breaks and the import; the unmodified copy passes. Each case runs the real `lint-imports`
with the project's own configuration on a copy of src/briefreader in a temp folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS: dict[str, str] = {
    contract["id"]: contract["name"]
    for contract in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
}


def copy_package(tmp_path: Path) -> Path:
    """src/briefreader copied to ``tmp_path/src``, and pyproject.toml (whose [tool.importlinter]
    is all lint-imports reads) to ``tmp_path/cfg``; returns the copied package."""
    package = tmp_path / "src" / "briefreader"
    shutil.copytree(
        ROOT / "src" / "briefreader", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "cfg").mkdir()
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "cfg" / "pyproject.toml")
    return package


def lint_imports(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS.exists(), "lint-imports is missing: .venv/bin/pip install -e '.[dev]'"
    # The copy comes first on the path (before the editable install); wide columns keep each
    # contract's name and verdict on one line.
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src"), "COLUMNS": "200"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tmp_path / "cfg",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_unmodified_package_keeps_every_contract(tmp_path: Path) -> None:
    copy_package(tmp_path)
    result = lint_imports(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in CONTRACTS.values():
        assert f"{name} KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "added", "contract", "reported"),
    [
        pytest.param(
            "store/errors.py",
            "import briefreader.tui\n",
            "layers",
            "briefreader.store.errors -> briefreader.tui",
            id="store-imports-tui",
        ),
        pytest.param(
            "store/errors.py",
            "\n\ndef _late() -> None:\n    from briefreader.tui import app\n",
            "layers",
            "briefreader.store.errors -> briefreader.tui.app",
            id="store-imports-tui-inside-a-function",
        ),
        pytest.param(
            "text/__init__.py",
            "import textual\n",
            "textual-only-in-tui",
            "briefreader.text -> textual",
            id="text-imports-textual",
        ),
        pytest.param(
            "exchange/__init__.py",
            "import sqlalchemy\n",
            "database-only-in-store",
            "briefreader.exchange -> sqlalchemy",
            id="exchange-imports-sqlalchemy",
        ),
        pytest.param(
            "cli/main.py",
            "import briefreader.tui.app\n",
            "cli-reaches-tui-once",
            "briefreader.cli.main -> briefreader.tui.app",
            id="cli-imports-the-app",
        ),
        pytest.param(
            "tui/screens/help.py",
            "from briefreader.tui.screens import reader\n",
            "screens-independent",
            "briefreader.tui.screens.help -> briefreader.tui.screens.reader",
            id="screen-imports-another-screen",
        ),
    ],
)
def test_a_wrong_import_breaks_its_contract(
    tmp_path: Path, module: str, added: str, contract: str, reported: str
) -> None:
    path = copy_package(tmp_path) / module
    path.write_text(path.read_text() + added)
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{CONTRACTS[contract]} BROKEN" in result.stdout
    assert reported in result.stdout


def test_a_new_top_level_module_must_be_placed_in_a_layer(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    (package / "newcomer.py").write_text('"""Placed in no layer yet."""\n')
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{CONTRACTS['layers']} BROKEN" in result.stdout
    assert "- briefreader.newcomer" in result.stdout
