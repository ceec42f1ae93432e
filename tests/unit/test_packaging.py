"""The wheel ships the stylesheets, and the app finds them from an installed wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("briefreader-*.whl")
    return built


def test_wheel_contains_stylesheets_and_entry_point(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        styles = [n for n in names if n.startswith("briefreader/styles/") and n.endswith(".tcss")]
        assert "briefreader/styles/app.tcss" in styles
        assert zf.read("briefreader/styles/app.tcss") == (ROOT / "styles" / "app.tcss").read_bytes()
        entry = next(n for n in names if n.endswith("entry_points.txt"))
        assert "briefreader = briefreader.cli.main:main" in zf.read(entry).decode()


def test_installed_wheel_finds_its_stylesheet(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import briefreader.resources as r, sys; p = r.stylesheet_path(); "
        "print(p); sys.exit(0 if p.is_file() else 1)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).is_relative_to(target)


def test_editable_checkout_finds_the_top_level_stylesheet() -> None:
    from briefreader.resources import stylesheet_path

    assert stylesheet_path().read_bytes() == (ROOT / "styles" / "app.tcss").read_bytes()
