"""The hostile-text suite registers its ``slow`` marker (the 2 MB case): ``-m "not slow"``
leaves it out when iterating quickly; CI runs everything."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a hostile case that takes seconds on its own")
