"""Shared fixtures: every test gets its own data/config folders and a clean database.

The database is a SQLite file in the test's temp folder, or, for the test modules marked
``all_backends``, each test also runs on PostgreSQL (ids ``[sqlite]`` / ``[postgresql]``). The
server is the one ``$BRIEFREADER_TEST_PG`` names (a SQLAlchemy URL; the tests use schemas named
``briefreader_test*`` in its database and wipe them), else a throwaway server started here when
PostgreSQL's ``initdb`` is installed (see tests/pgserver.py), else the PostgreSQL cases are
skipped with the reason (``BRIEFREADER_TEST_PG=off`` skips them too). Tests marked
``sqlite_only`` (PRAGMAs, WAL, file paths, the SQLite fixture files) run on SQLite alone, and
``postgresql_only`` ones on PostgreSQL alone.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefreader.store.api import Store
from tests import pgserver

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_BRIEF = ROOT / "examples" / "pakistan-russia-ties.txt"
SHARED = ROOT.parent / "shared"

BACKENDS = ("sqlite", "postgresql")
#: The schema each PostgreSQL test works in; others are made by ``new_db_url``.
PG_SCHEMA = "briefreader_test"
_PG_REFERENCE = "briefreader_test_reference"
_PG_EXTENSIONS = "briefreader_test_extensions"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "all_backends: run the module's database tests on SQLite and on PostgreSQL"
    )
    config.addinivalue_line(
        "markers", "sqlite_only: the test is about SQLite itself (PRAGMAs, files, WAL)"
    )
    config.addinivalue_line(
        "markers", "postgresql_only: the test is about PostgreSQL itself (its index, its types)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    node = metafunc.definition
    if node.get_closest_marker("postgresql_only"):
        metafunc.parametrize("backend", ["postgresql"], indirect=True)
    elif node.get_closest_marker("all_backends") and not node.get_closest_marker("sqlite_only"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@dataclass
class PgServer:
    """The PostgreSQL server the tests use, or why there is none."""

    schemas: pgserver.Schemas | None
    skip_reason: str = ""


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The server from ``$BRIEFREADER_TEST_PG``, else one started for this session."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        yield PgServer(None, "psycopg is not installed (pip install -e '.[postgres]')")
        return
    url = os.environ.get("BRIEFREADER_TEST_PG", "").strip()
    if url.lower() in ("off", "no", "0", "skip"):
        yield PgServer(None, f"BRIEFREADER_TEST_PG={url}")
        return
    folder: str | None = None
    if not url:
        reason = pgserver.available()
        if reason is not None:
            yield PgServer(None, reason)
            return
        # Not pytest's tmp_path: the server's OS user must reach the folder.
        folder = tempfile.mkdtemp(prefix="briefreader-pg-")
        try:
            url = pgserver.start(folder)
        except pgserver.ServerError:
            pgserver.stop(folder)
            raise
    schemas = pgserver.Schemas(url)
    extension = schemas.shared_extension("unaccent", _PG_EXTENSIONS)
    try:
        # The structure reset() keeps between tests: a new database as the Store makes it.
        Store.open(schemas.fresh(_PG_REFERENCE)).close()
        schemas.set_reference(_PG_REFERENCE)
        schemas.drop(_PG_REFERENCE)
        schemas.fresh(PG_SCHEMA)
        yield PgServer(schemas)
    finally:
        for name in (PG_SCHEMA, _PG_REFERENCE) + ((_PG_EXTENSIONS,) if extension else ()):
            schemas.drop(name)
        schemas.close()
        if folder is not None:
            pgserver.stop(folder)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend this test runs on (parametrised in ``all_backends`` modules)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point data and config at temp folders so no test touches the user's library."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFREADER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("BRIEFREADER_CONFIG_DIR", str(home / "config"))
    monkeypatch.delenv("BRIEFREADER_DB", raising=False)


def _pg(request: pytest.FixtureRequest) -> pgserver.Schemas:
    server: PgServer = request.getfixturevalue("pg_server")
    if server.schemas is None:
        pytest.skip(f"PostgreSQL: {server.skip_reason}")
    return server.schemas


@pytest.fixture
def db_path(tmp_path: Path, backend: str) -> Path:
    """The SQLite file of the test's database (SQLite tests only)."""
    if backend != "sqlite":
        raise RuntimeError("db_path is a SQLite file: mark the test sqlite_only")
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a clean database: a new SQLite file, or a PostgreSQL schema with no rows
    (its tables may already be there, as an empty database at the current version)."""
    if backend == "sqlite":
        yield f"sqlite:///{request.getfixturevalue('db_path')}"
        return
    schemas = _pg(request)
    yield schemas.url(PG_SCHEMA)
    schemas.reset(PG_SCHEMA)


@pytest.fixture
def new_db_url(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], str]]:
    """Make another empty database on the test's backend: ``new_db_url("other")``."""
    made: list[str] = []

    def make(name: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        schema = f"{PG_SCHEMA}_{name}"
        made.append(schema)
        return _pg(request).fresh(schema)

    yield make
    if made:
        schemas = _pg(request)
        for schema in made:
            schemas.drop(schema)


def database_rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of ``store``'s database, sorted: equal before and after means
    nothing was written."""
    from sqlalchemy import MetaData, select

    metadata = MetaData()
    metadata.reflect(store.engine)
    found: dict[str, list[tuple[object, ...]]] = {}
    with store.engine.connect() as conn:
        for name, table in metadata.tables.items():
            if name.endswith(("_fts", "_data", "_idx", "_docsize", "_config", "_content")):
                continue  # the full-text index follows the rows it indexes
            found[name] = sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
    return found


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s


@pytest.fixture
def example_text() -> str:
    return EXAMPLE_BRIEF.read_text(encoding="utf-8")
