"""A throwaway PostgreSQL server for the tests: ``initdb`` into a folder, start it on 127.0.0.1
at a free port (and a unix socket in the same folder), stop it, delete the folder.

    python3 tests/pgserver.py start DIR   # prints the URL (postgresql+psycopg://…)
    python3 tests/pgserver.py stop DIR    # stops it and deletes DIR

Trust authentication and ``fsync=off``: the server holds nothing but test data and lives for
one test run. ``initdb`` refuses to run as root, so as root the folder is handed to the
``postgres`` OS user and every server command runs as that user (``runuser``). Starting and
stopping use only the standard library: ``.ci/run`` calls them before the project's packages
are installed.

:class:`Schemas` gives each test a clean database on a server: one schema per name, reached
through the URL's ``search_path``, so nothing outside the schemas the tests name is touched.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

#: The OS user that owns the data folder when we run as root.
OS_USER = "postgres"
#: The application name of the tests' connections (a connection a test left in a transaction
#: is ended by that name, and only then).
APPLICATION = "briefreader-tests"
#: The database user and the database the URL names.
DB_USER = "postgres"
DB_NAME = "postgres"

_SETTINGS = "-c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=64MB"
#: Nothing a test server holds needs to survive a crash of the machine.
_NOT_DURABLE = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


class ServerError(RuntimeError):
    """The server could not be set up or started; the message says why."""


def find_bin(name: str) -> str | None:
    """The path of PostgreSQL program ``name`` (``initdb``, ``pg_ctl``), or None: on PATH, else
    in Debian's versioned folder."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def available() -> str | None:
    """None when a server can be started here, else the reason it cannot."""
    for name in ("initdb", "pg_ctl"):
        if find_bin(name) is None:
            return (
                f"PostgreSQL's {name} was not found (install PostgreSQL or set BRIEFREADER_TEST_PG)"
            )
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root, and runuser is missing to run initdb as another user"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam(OS_USER)
        except KeyError:
            return f"running as root, and there is no {OS_USER!r} OS user to run initdb as"
    return None


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", OS_USER, "--", *args] if os.geteuid() == 0 else args


def _run(args: list[str], what: str) -> None:
    proc = subprocess.run(_as_owner(args), capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise ServerError(f"{what} failed ({proc.returncode}): {proc.stderr.strip()}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _url(port: int) -> str:
    return f"postgresql+psycopg://{DB_USER}@127.0.0.1:{port}/{DB_NAME}"


def _running(folder: Path) -> bool:
    pg_ctl = find_bin("pg_ctl")
    if pg_ctl is None or not (folder / "data" / "postmaster.pid").exists():
        return False
    proc = subprocess.run(
        _as_owner([pg_ctl, "-D", str(folder / "data"), "status"]), capture_output=True
    )
    return proc.returncode == 0


def start(folder: str | os.PathLike[str], *, durable: bool = False) -> str:
    """Create (if needed) and start a server in ``folder``; return its SQLAlchemy URL. A server
    already running there is left as it is and its URL returned. Unless ``durable``, commits
    are not flushed to disk (a benchmark wants them flushed, as a real server does)."""
    reason = available()
    if reason is not None:
        raise ServerError(reason)
    root = Path(folder).resolve()
    root.mkdir(parents=True, exist_ok=True)
    data = root / "data"
    url_file = root / "url"
    if _running(root) and url_file.exists():
        return url_file.read_text().strip()
    if os.geteuid() == 0:
        # The owner must reach the folder: a folder inside root's 0700 home or pytest's
        # /tmp/pytest-of-root would not do.
        shutil.chown(root, user=OS_USER)
        os.chmod(root, 0o700)
        probe = subprocess.run(_as_owner(["test", "-w", str(root)]), capture_output=True)
        if probe.returncode != 0:
            raise ServerError(f"the {OS_USER} user cannot write to {root} (a parent is private)")
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    assert initdb is not None and pg_ctl is not None
    if not (data / "PG_VERSION").exists():
        _run(
            [
                initdb,
                "-D",
                str(data),
                "-U",
                DB_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            "initdb",
        )
    last = ""
    for _attempt in range(5):  # another process may take the free port before the server does
        port = _free_port()
        proc = subprocess.run(
            _as_owner(
                [
                    pg_ctl,
                    "-D",
                    str(data),
                    "-l",
                    str(root / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    f"-p {port} -k '{root}' {_SETTINGS} {'' if durable else _NOT_DURABLE}",
                    "start",
                ]
            ),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if proc.returncode == 0:
            url_file.write_text(_url(port) + "\n")
            return _url(port)
        log = root / "server.log"
        last = log.read_text(errors="replace")[-2000:] if log.exists() else proc.stderr
        time.sleep(0.2)  # about time: a short breather before the next attempt
    raise ServerError(f"the server did not start: {last.strip()}")


def stop(folder: str | os.PathLike[str], *, remove: bool = True) -> None:
    """Stop the server in ``folder`` (immediately: nothing in it is worth a checkpoint) and,
    with ``remove``, delete the folder. Does nothing if there is no server there."""
    root = Path(folder).resolve()
    pg_ctl = find_bin("pg_ctl")
    if pg_ctl is not None and (root / "data" / "postmaster.pid").exists():
        subprocess.run(
            _as_owner([pg_ctl, "-D", str(root / "data"), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
            timeout=60,
        )
    if remove:
        shutil.rmtree(root, ignore_errors=True)


class Schemas:
    """Test schemas on the server at ``url`` (a SQLAlchemy URL): :meth:`url` names one,
    :meth:`fresh` makes it empty, :meth:`reset` makes it clean for the next test.

    Emptying a schema costs ~110 ms here (dropping it and creating briefreader's tables again,
    ~8 ms a CREATE TABLE); deleting the rows of an untouched briefreader schema and restarting
    its sequences costs ~9 ms. So :meth:`reset` deletes rows when the schema's structure is
    the reference one and drops the schema only when a test changed it.
    """

    def __init__(self, url: str) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        self._base = make_url(url).set(drivername="postgresql+psycopg")
        libpq = self._base.set(drivername="postgresql").render_as_string(hide_password=False)
        self._admin = psycopg.connect(libpq, autocommit=True)
        self._admin.execute("SET lock_timeout = '10s'")
        self._reference: str | None = None

    def close(self) -> None:
        self._admin.close()

    def url(self, schema: str) -> str:
        """The URL whose connections work in ``schema`` (and only there)."""
        query = dict(self._base.query)
        query["options"] = f"-csearch_path={schema}"
        query["application_name"] = APPLICATION
        return self._base.set(query=query).render_as_string(hide_password=False)

    def fresh(self, schema: str) -> str:
        """Drop ``schema`` with everything in it and create it empty; return its URL."""
        name = _identifier(schema)
        self._unblocked(lambda: self._admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        self._admin.execute(f"CREATE SCHEMA {name}")
        return self.url(schema)

    def _unblocked(self, work: Callable[[], object]) -> None:
        """Do ``work``; if a connection a test left open in a transaction holds a lock it needs,
        end that connection (only the tests' own, by application name) and do it again."""
        import psycopg

        try:
            work()
        except psycopg.errors.LockNotAvailable:
            self._admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s AND pid <> pg_backend_pid()",
                (APPLICATION,),
            )
            work()

    def shared_extension(self, name: str, schema: str) -> bool:
        """Install extension ``name`` in ``schema`` unless it is installed somewhere already;
        return whether it was installed here. briefreader uses ``unaccent`` from wherever it
        is: made once for all the test schemas, dropping one of them never drops it."""
        import psycopg

        found = self._admin.execute(
            "SELECT 1 FROM pg_extension WHERE extname = %s", (name,)
        ).fetchone()
        if found is not None:
            return False
        try:
            self._admin.execute(f"CREATE SCHEMA IF NOT EXISTS {_identifier(schema)}")
            self._admin.execute(
                f"CREATE EXTENSION {_identifier(name)} SCHEMA {_identifier(schema)}"
            )
        except psycopg.Error:  # not on this server: briefreader does without
            return False
        return True

    def drop(self, schema: str) -> None:
        self._admin.execute(f"DROP SCHEMA IF EXISTS {_identifier(schema)} CASCADE")

    def fingerprint(self, schema: str) -> str:
        """A digest of the schema's structure: relations and their columns, triggers, functions,
        text search configurations, and the recorded schema version."""
        row = self._admin.execute(
            """
            SELECT md5(coalesce(string_agg(x, ',' ORDER BY x), '')) FROM (
              SELECT 'r:' || c.relname || ':' || c.relkind::text || ':' || c.relnatts
                FROM pg_class c WHERE c.relnamespace = %(s)s::regnamespace
              UNION ALL
              SELECT 't:' || t.tgname || ':' || t.tgenabled::text
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relnamespace = %(s)s::regnamespace AND NOT t.tgisinternal
              UNION ALL
              SELECT 'f:' || p.proname || ':' || md5(p.prosrc)
                FROM pg_proc p WHERE p.pronamespace = %(s)s::regnamespace
              UNION ALL
              SELECT 'c:' || cfgname FROM pg_ts_config
                WHERE cfgnamespace = %(s)s::regnamespace
            ) AS parts(x)
            """,
            {"s": schema},
        ).fetchone()
        assert row is not None
        version = ""
        if self._admin.execute(
            "SELECT to_regclass(%s)", (f"{_identifier(schema)}.schema_version",)
        ).fetchone() != (None,):
            found = self._admin.execute(
                f"SELECT string_agg(version::text, ',') FROM {_identifier(schema)}.schema_version"
            ).fetchone()
            version = str(found[0]) if found else ""
        return f"{row[0]}:{version}"

    def set_reference(self, schema: str) -> None:
        """Take ``schema`` (a new briefreader database) as the structure :meth:`reset` keeps."""
        self._reference = self.fingerprint(schema)

    def reset(self, schema: str) -> None:
        """Make ``schema`` clean for the next test: its rows deleted and sequences restarted if
        its structure is still the reference one, else dropped and created empty."""
        if self._reference is None or self.fingerprint(schema) != self._reference:
            self.fresh(schema)
            return
        name = _identifier(schema)
        tables = [
            row[0]
            for row in self._admin.execute(
                "SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace "
                "AND relkind IN ('r', 'p') AND relname <> 'schema_version' ORDER BY relname",
                (schema,),
            )
        ]
        # Every foreign key cascades, so the order of the deletes does not matter.

        def empty() -> None:
            with self._admin.transaction():
                for table in tables:
                    self._admin.execute(f"DELETE FROM {name}.{_identifier(table)}")
                self._admin.execute(
                    "SELECT setval(c.oid, 1, false) FROM pg_class c "
                    "WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'S'",
                    (schema,),
                )

        self._unblocked(empty)


def _identifier(name: str) -> str:
    if not name.replace("_", "").isalnum() or not name.isascii():
        raise ValueError(f"not a plain schema or table name: {name!r}")
    return f'"{name}"'


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: pgserver.py start|stop DIR", file=sys.stderr)
        return 2
    command, folder = argv
    try:
        if command == "start":
            print(start(folder))
        else:
            stop(folder)
    except ServerError as exc:
        print(f"pgserver: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
