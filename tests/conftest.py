"""Shared fixtures: every test gets its own data/config folders and a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefreader.store.api import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_BRIEF = ROOT / "examples" / "pakistan-russia-ties.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point data and config at temp folders so no test touches the user's library."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFREADER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("BRIEFREADER_CONFIG_DIR", str(home / "config"))
    monkeypatch.delenv("BRIEFREADER_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db_url(db_path: Path) -> str:
    return f"sqlite:///{db_path}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s


@pytest.fixture
def example_text() -> str:
    return EXAMPLE_BRIEF.read_text(encoding="utf-8")
