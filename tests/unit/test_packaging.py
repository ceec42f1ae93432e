"""The wheel ships the stylesheets and the claim finder's weights, and the app finds them from
an installed wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from briefreader.resources import STYLESHEETS

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
        styles = {n for n in names if n.startswith("briefreader/styles/") and n.endswith(".tcss")}
        assert styles == {f"briefreader/styles/{name}" for name in STYLESHEETS}
        for name in STYLESHEETS:
            shipped = zf.read(f"briefreader/styles/{name}")
            assert shipped == (ROOT / "styles" / name).read_bytes(), name
        entry = next(n for n in names if n.endswith("entry_points.txt"))
        assert "briefreader = briefreader.cli.main:main" in zf.read(entry).decode()


def test_wheel_contains_the_check_worthiness_weights(wheel: Path) -> None:
    from briefreader.finder.scoring import WEIGHTS_PATH, parse_weights

    with zipfile.ZipFile(wheel) as zf:
        shipped = zf.read("briefreader/finder/weights.toml")
    assert shipped == WEIGHTS_PATH.read_bytes()
    assert WEIGHTS_PATH.is_relative_to(ROOT / "src" / "briefreader")
    assert parse_weights(shipped.decode("utf-8")).weights


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
        "import briefreader.resources as r, sys; ps = r.stylesheet_paths(); "
        "print(*ps, sep='\\n'); sys.exit(0 if all(p.is_file() for p in ps) else 1)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    found = [Path(line) for line in proc.stdout.splitlines()]
    assert [p.name for p in found] == list(STYLESHEETS)
    assert all(p.is_relative_to(target) for p in found)


def test_editable_checkout_finds_the_top_level_stylesheet() -> None:
    from briefreader.resources import stylesheet_path

    assert stylesheet_path().read_bytes() == (ROOT / "styles" / "app.tcss").read_bytes()


def test_the_app_loads_every_stylesheet_in_the_styles_folder() -> None:
    """A .tcss file added to styles/ but not to STYLESHEETS would ship and never apply."""
    from briefreader.config import Config
    from briefreader.resources import stylesheet_paths
    from briefreader.tui.app import BriefReaderApp

    assert sorted(STYLESHEETS) == sorted(p.name for p in (ROOT / "styles").glob("*.tcss"))
    app = BriefReaderApp("sqlite://", config=Config())
    assert list(app.css_path) == stylesheet_paths()
    assert [p.read_bytes() for p in app.css_path] == [
        (ROOT / "styles" / name).read_bytes() for name in STYLESHEETS
    ]
