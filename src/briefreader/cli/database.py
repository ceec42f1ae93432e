"""Which database a command works on: the ``--db`` value (or ``$BRIEFREADER_DB``, else the
default library) checked before anything is opened, so a mistake is one sentence and never a
new, empty library somewhere unexpected.

* A URL is read as SQLAlchemy reads it, but whole: a host in ``[brackets]`` must be an IPv6
  address, the port a number from 1 to 65535, nothing may follow the host but a port or the
  database, the kind of database must be one SQLAlchemy knows and its driver installed, and a
  SQLite URL has no host, port or user (``sqlite:///relative`` or ``sqlite:////absolute``) and
  no ``?options`` unless it is a ``file:`` URI. SQLAlchemy itself would drop what follows a
  ``]``, read port ``0`` as the default port, and fail with Python's own messages.
* A SQLite file other than the default library must be in a folder that exists (a typo in the
  path is refused, not made into folders). The file itself is created only by the commands
  that start a library (``import``, and opening the app); the others say there is no library
  there. The default library, in the data folder, is made (with its folder) on first use.
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path

from briefreader.store.errors import StoreError

#: The commands that may create a new SQLite library file (in a folder that exists).
CREATING_COMMANDS = frozenset({"import", "open"})

#: SQLAlchemy's URL pattern (``sqlalchemy.engine.url._parse_url``), matched whole here.
_URL = re.compile(
    r"""
    (?P<name>[\w+]+)://
    (?:(?P<username>[^:/]*)(?::(?P<password>[^@]*))?@)?
    (?:
        (?:\[(?P<ipv6host>[^/?\]]*)(?P<close>\]?) | (?P<ipv4host>[^/:?\[\]]+))?
        (?::(?P<port>[^/?]*))?
    )?
    (?P<rest>[^/?]*)
    (?:/(?P<database>[^?]*))?
    (?:\?(?P<query>.*))?
    """,
    re.X | re.S,
)

_NOT_A_URL = (
    "a database URL looks like postgresql+psycopg://user@host/database or "
    "sqlite:////path/to/library.sqlite3; a file path needs no sqlite:// at all"
)

_SQLITE_FORMS = (
    "a SQLite URL has no host, port or user: write sqlite:///relative/path, "
    "sqlite:////absolute/path or just the path"
)


def _where(db: str | None) -> str:
    return "--db" if db else "$BRIEFREADER_DB"


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a database URL briefreader can use, in words for the user; None if
    it is one (whose driver may still be missing: see :func:`database_url`)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    found = _URL.fullmatch(url)
    if found is None:
        return _NOT_A_URL
    name = found["name"]
    port = found["port"]
    sqlite = name.partition("+")[0].lower() == "sqlite"
    if sqlite and (found["username"] is not None or found["ipv4host"] or port is not None):
        return _SQLITE_FORMS
    if found["ipv6host"] is not None:
        try:
            ipaddress.IPv6Address(found["ipv6host"])
        except ValueError:
            return "a host in [brackets] must be an IPv6 address, like [::1]"
        if not found["close"]:
            return "a host in [brackets] must be an IPv6 address, like [::1]"
    if found["rest"]:
        return f"{found['rest']!r} after the host is not part of a database URL"
    if port and not (port.isdecimal() and 1 <= int(port) <= 65535):
        return "the port must be a number from 1 to 65535"
    try:
        parsed = make_url(url)
        dialect = parsed.get_dialect()
    except (ArgumentError, ValueError):
        return f"{name} is not a kind of database briefreader knows; use sqlite or postgresql"
    if dialect.name == "sqlite":
        if found["ipv6host"] is not None:
            return _SQLITE_FORMS
        if parsed.query and not (parsed.database or "").startswith("file:"):
            return "a SQLite URL takes no ?options, except in a file: URI with uri=true"
    return None


def database_url(db: str | None, *, create: bool = True) -> str:
    """The SQLAlchemy URL ``--db`` (else ``$BRIEFREADER_DB``, else the default) names, checked
    (see the module docstring): :class:`StoreError` with the reason if it cannot be used.
    ``create`` says whether a SQLite file that does not exist yet may be created."""
    from briefreader.paths import resolve_db_url

    url = resolve_db_url(db)
    if url.startswith("sqlite:////") and not any(char in url for char in "?#%"):
        # A file's path, as resolve_db_url writes it: checked without SQLAlchemy, which the
        # app imports only after its first frame (0.16 s; benchmarks/bench_launch.py).
        return _checked_file(url, url[len("sqlite:///") :], db, create)
    from sqlalchemy.engine import make_url

    problem = url_problem(url)
    if problem is not None:
        raise StoreError(
            f"the database (--db or $BRIEFREADER_DB) is neither a file path nor a database URL "
            f"briefreader can use ({problem})"
        )
    parsed = make_url(url)
    try:
        parsed.get_dialect().import_dbapi()
    except ImportError as exc:
        module = exc.name or str(exc)
        hint = " (pip install 'briefreader[postgres]')" if module.startswith("psycopg") else ""
        raise StoreError(
            f"cannot open {parsed.render_as_string(hide_password=True)}: its database driver "
            f"(the Python module {module}) is not installed{hint}"
        ) from None
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    if database.startswith("file:"):
        return url  # a SQLite URI: SQLite's own options say what may be created
    return _checked_file(url, database, db, create)


def _checked_file(url: str, database: str, db: str | None, create: bool) -> str:
    """``url``, the SQLite file ``database``, if it can be used (else :class:`StoreError`)."""
    from briefreader.paths import default_db_path

    path = Path(database).absolute()
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a regular file (a device, a pipe?), so not a database")
    if _same_file(path, default_db_path()):
        return url  # the default library: made, with its folder, on first use
    folder = path.parent
    if not folder.is_dir():
        if folder.exists():
            raise StoreError(f"{folder} is not a folder, so {path} cannot be a database")
        raise StoreError(
            f"the folder {folder} does not exist, so there is no database {path.name} in it "
            f"(check {_where(db)})"
        )
    if not create and not os.path.lexists(path):
        raise StoreError(
            f"no library at {path} (check {_where(db)}; briefreader import FILE starts a new "
            "library there)"
        )
    return url


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.resolve() == other.resolve()
    except OSError:
        return False
