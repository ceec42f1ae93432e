"""Where briefreader keeps its files. Functions, not import-time constants: nothing is created
or resolved on import, and tests point ``BRIEFREADER_DATA_DIR``/``BRIEFREADER_CONFIG_DIR`` at a
temp dir.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "briefreader"


def data_dir() -> Path:
    """The user data dir (platformdirs), or ``$BRIEFREADER_DATA_DIR``."""
    override = os.environ.get("BRIEFREADER_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The user config dir (platformdirs), or ``$BRIEFREADER_CONFIG_DIR``."""
    override = os.environ.get("BRIEFREADER_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "briefreader.sqlite3"


def resolve_db_url(db: str | None = None) -> str:
    """The SQLAlchemy URL to use: ``db`` (``--db``), else ``$BRIEFREADER_DB``, else the default
    SQLite file. ``db`` may be a filesystem path or a SQLAlchemy URL (anything with ``://``)."""
    value = db or os.environ.get("BRIEFREADER_DB") or str(default_db_path())
    if "://" in value or value == "sqlite:":
        return value
    if value == ":memory:":
        return "sqlite://"
    return "sqlite:///" + str(Path(value).expanduser().resolve())
