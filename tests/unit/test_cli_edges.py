"""Edges of the command line an adversarial tester found: numbers below one, digits of other
scripts, malformed database URLs, a ``--db`` whose folder or file is missing, a mistyped
command in capitals, backups into a missing folder, and source URLs with malformed escapes or
unusual hosts. Every test runs the real command on a real SQLite file in the test's folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefreader.backup import backups_dir, daily_backup
from briefreader.paths import default_db_path
from briefreader.store.api import Store
from briefreader.text.validate import InvalidValue, normalise_source_url
from tests.conftest import EXAMPLE_BRIEF
from tests.unit.test_cli_trust import BRIEFREADER, CLAIM, cli, ok, one_sentence

_URL_REFUSED = (
    "briefreader: the database (--db or $BRIEFREADER_DB) is neither a file path nor a "
    "database URL briefreader can use ("
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A library (a SQLite file) holding the example brief (#1)."""
    path = tmp_path / "lib.sqlite3"
    ok("--db", str(path), "import", str(EXAMPLE_BRIEF))
    return str(path)


def quotes(db: str) -> list[str]:
    with Store.open(f"sqlite:///{db}") as store:
        return [a.quote for a in store.annotations_for_brief(1)]


# --- 1, 2. numbers below one ----------------------------------------------------------------


def test_a_limit_below_one_is_a_usage_error(db: str) -> None:
    for value in ("0", "-1", "-99999999999999999999", "０"):
        proc = cli("--db", db, "search", "russia", "--limit", value)
        assert proc.returncode == 2, (value, proc.stderr)
        assert one_sentence(proc.stderr) == (
            f"briefreader: --limit must be 1 or more, not {int(value)}"
        )
        assert proc.stdout == ""
    for quote in ("Moscow", CLAIM):
        ok("--db", db, "annotate", "1", "--quote", quote, "--occurrence", "1", "--note", "russia")
    assert len(ok("--db", db, "search", "russia").splitlines()) == 3  # the brief, two notes
    assert len(ok("--db", db, "search", "russia", "--limit", "1").splitlines()) == 1
    assert len(ok("--db", db, "search", "russia", "--limit", "2").splitlines()) == 2


def test_an_occurrence_below_one_is_a_usage_error(db: str) -> None:
    for value in ("0", "-1", "-0"):
        proc = cli("--db", db, "annotate", "1", "--quote", "Russia", "--occurrence", value)
        assert proc.returncode == 2, (value, proc.stderr)
        assert one_sentence(proc.stderr) == (
            f"briefreader: --occurrence must be 1 or more (1 is the first match), not {int(value)}"
        )
    assert quotes(db) == []


# --- 3. digits of any script ----------------------------------------------------------------


def test_digits_of_any_script_are_read_as_numbers_everywhere(db: str, tmp_path: Path) -> None:
    # Full-width (what a Japanese or Chinese input method types) and Arabic-Indic digits.
    ok("--db", db, "annotate", "１", "--quote", "Russia", "--occurrence", "３")
    ok("--db", db, "annotate", "\u0661", "--quote", CLAIM)
    assert sorted(quotes(db)) == sorted(["Russia", CLAIM])
    exported = tmp_path / "out.csv"
    ok("--db", db, "export", "--brief", "１", "-o", str(exported))
    assert CLAIM in exported.read_text(encoding="utf-8")
    dry = ok("--db", db, "import-annotations", str(exported), "--brief", "１", "--dry-run")
    assert "unchanged" in dry
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(EXAMPLE_BRIEF.read_text(encoding="utf-8") + "\nA new last line.\n")
    assert ok("--db", db, "import", str(corrected), "--replace", "１").startswith("updated")
    assert len(ok("--db", db, "search", "russia", "--limit", "２").splitlines()) == 2
    # Not a decimal digit (int() refuses it): a title part, as before.
    for ref in ("²", "９"):
        proc = cli("--db", db, "export", "--brief", ref)
        assert proc.returncode == 1
        assert "no brief matches" in one_sentence(proc.stderr)
    # More digits than int() reads by default: no brief, said in one sentence.
    for ref in ("9" * 5000, "９" * 5000):
        proc = cli("--db", db, "annotate", ref, "--quote", CLAIM)
        assert proc.returncode == 1
        assert "no brief matches" in one_sentence(proc.stderr)


# --- 4. database URLs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("database", "reason"),
    [
        ("postgresql://x@[::1", "a host in [brackets] must be an IPv6 address"),
        ("postgresql://x@[::1/db", "a host in [brackets] must be an IPv6 address"),
        ("postgresql://x@[zz]/db", "a host in [brackets] must be an IPv6 address"),
        ("postgresql://x@[::1]x/db", "after the host"),
        ("postgresql://x@host:abc/db", "the port must be a number from 1 to 65535"),
        ("postgresql://x@host:99999/db", "the port must be a number from 1 to 65535"),
        ("postgresql://x@host:0/db", "the port must be a number from 1 to 65535"),
        ("postgresql://x@host:-1/db", "the port must be a number from 1 to 65535"),
        ("postgresql+nosuch://x@host/db", "postgresql+nosuch is not a kind of database"),
        ("weird://x", "weird is not a kind of database"),
        ("http://example.org/", "http is not a kind of database"),
        ("a b://x", "a database URL looks like"),
        ("sqlite://x/y", "a SQLite URL has no host"),
        ("sqlite://:memory:", "a SQLite URL has no host"),
        ("sqlite:///lib.sqlite3?foo=bar", "a SQLite URL takes no ?options"),
    ],
)
def test_a_malformed_database_url_is_one_sentence(
    database: str, reason: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for argv, env in [(["--db", database, "list"], None), (["list"], {"BRIEFREADER_DB": database})]:
        proc = cli(*argv, env=env)
        assert proc.returncode == 1, proc.stderr
        line = one_sentence(proc.stderr)
        assert line.startswith(_URL_REFUSED) and reason in line, line
        for python in ("int()", "literal", "plugin", "sqlalchemy", "Warning", "Errno"):
            assert python not in line, line
    assert list(tmp_path.iterdir()) == []


def test_a_database_driver_that_is_not_installed_is_named_plainly() -> None:
    proc = cli("--db", "mysql://u:secret@host/db", "list")
    assert proc.returncode == 1
    assert one_sentence(proc.stderr) == (
        "briefreader: cannot open mysql://u:***@host/db: its database driver (the Python "
        "module MySQLdb) is not installed"
    )


# --- 5. mistyped commands, backup folders ---------------------------------------------------


def test_a_command_in_capitals_is_suggested_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for typed, meant in [
        ("LIST", "list"),
        ("Lsit", "list"),
        ("SEARCH", "search"),
        ("Import-Annotations", "import-annotations"),
    ]:
        proc = cli(typed)
        assert proc.returncode == 2 and proc.stdout == ""
        assert one_sentence(proc.stderr) == (
            f"briefreader: no such command or file: {typed} (did you mean {meant}?)"
        )
    assert not default_db_path().exists()  # nothing ran


def test_a_backup_into_a_missing_folder_is_refused(db: str, tmp_path: Path) -> None:
    for target in (tmp_path / "nonexist" / "b.db", tmp_path / "a" / "b" / "c.sqlite3"):
        proc = cli("--db", db, "backup", str(target))
        assert proc.returncode == 1
        assert one_sentence(proc.stderr) == (
            f"briefreader: the folder {target.parent} does not exist"
        )
    assert not (tmp_path / "nonexist").exists() and not (tmp_path / "a").exists()
    # The library's own backups/ folder is still made when needed, by hand and daily.
    assert not backups_dir().exists()
    made = Path(ok("--db", db, "backup").strip())
    assert made.parent == backups_dir() and made.is_file()
    made.unlink()
    backups_dir().rmdir()
    with Store.open(f"sqlite:///{db}") as store:
        daily = daily_backup(store)
    assert daily.made is not None and daily.made.path.parent == backups_dir()


# --- 6. a --db whose folder or file is missing ----------------------------------------------


def test_a_database_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent-folder"
    target = missing / "x.db"
    for argv, env in [
        (["--db", str(target), "list"], None),
        (["--db", str(target), "import", str(EXAMPLE_BRIEF)], None),
        (["list"], {"BRIEFREADER_DB": str(target)}),
        (["--db", f"sqlite:///{target}", "search", "russia"], None),
    ]:
        proc = cli(*argv, env=env)
        assert proc.returncode == 1, proc.stderr
        line = one_sentence(proc.stderr)
        assert line.startswith(f"briefreader: the folder {missing} does not exist"), line
    # The app is refused before it takes the terminal.
    app = subprocess.run(
        [str(BRIEFREADER), "--db", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert app.returncode == 1
    assert one_sentence(app.stderr).startswith(f"briefreader: the folder {missing} does not")
    assert not missing.exists()


def test_commands_that_only_read_do_not_create_a_library(tmp_path: Path) -> None:
    path = tmp_path / "typo.sqlite3"
    for argv in (
        ["list"],
        ["search", "russia"],
        ["export", "--format", "csv"],
        ["check"],
        ["backup", str(tmp_path / "copy.sqlite3")],
        ["annotate", "1", "--quote", CLAIM],
    ):
        proc = cli("--db", str(path), *argv)
        assert proc.returncode == 1, (argv, proc.stderr)
        assert one_sentence(proc.stderr).startswith(f"briefreader: no library at {path}")
    assert sorted(tmp_path.iterdir()) == []
    # Importing starts a library there; then everything reads it.
    ok("--db", str(path), "import", str(EXAMPLE_BRIEF))
    assert "Pak-Russia" in ok("--db", str(path), "list")


def test_the_default_library_is_still_made_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFREADER_DATA_DIR", str(tmp_path / "fresh" / "data"))
    assert "library is empty" in ok("list")
    assert default_db_path().is_file()


# --- 7. source URLs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://example.org/%zz", "malformed percent escape"),
        ("https://example.org/a%2", "malformed percent escape"),
        ("https://example.org/?q=100%", "malformed percent escape"),
        ("https://example.org/#%g1", "malformed percent escape"),
        ("http://a..b.org/", "is not a host name"),
        ("http://.a.org/", "is not a host name"),
        ("http://exa!mple.org/", "is not a host name"),
        ("http://ex%61mple.org/", "is not a host name"),
        ("http://" + "a" * 64 + ".org/", "is not a host name"),
        ("http://999.1.1.1/", "is not an IPv4 address"),
        ("http://1.2.3.4.5/", "is not an IPv4 address"),
    ],
)
def test_malformed_source_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        normalise_source_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://exa_mple.org/",  # invalid in DNS host names, but real sub-domains have it
        "https://bücher.de/",
        "https://हिन्दी.भारत/",  # combining vowel signs
        "https://пример.рф/путь",
        "https://例え.jp/",
        "https://xn--bcher-kva.de/",
        "https://example.org./",
        "https://example.org/%7E%41?q=%2F#%C3%A9",
        "http://192.0.2.1:8080/",
        "https://a-b.example/",
    ],
)
def test_unusual_but_valid_source_urls_are_kept(url: str) -> None:
    assert normalise_source_url(url) == url


def test_annotate_refuses_a_malformed_escape_in_one_sentence(db: str) -> None:
    proc = cli("--db", db, "annotate", "1", "--quote", CLAIM, "--source", "https://e.org/%zz")
    assert proc.returncode == 1
    assert "malformed percent escape" in one_sentence(proc.stderr)
    assert quotes(db) == []


def test_backup_over_an_existing_file_needs_force(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "briefreader", "--db", str(db), "import", str(EXAMPLE_BRIEF)],
        check=True,
        capture_output=True,
    )
    precious = tmp_path / "exists.bak"
    precious.write_text("precious")
    refused = subprocess.run(
        [sys.executable, "-m", "briefreader", "--db", str(db), "backup", str(precious)],
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1
    assert "already exists; give --force" in refused.stderr
    assert precious.read_text() == "precious"
    forced = subprocess.run(
        [sys.executable, "-m", "briefreader", "--db", str(db), "backup", str(precious), "--force"],
        capture_output=True,
        text=True,
    )
    assert forced.returncode == 0, forced.stderr
    assert precious.read_bytes().startswith(b"SQLite format 3")


def test_a_name_too_long_for_the_file_system_is_said_in_one_sentence(tmp_path: Path) -> None:
    # The app's own start (briefreader [PATH]) says it as the other commands do: no traceback.
    long_db = tmp_path / ("x" * 300 + ".sqlite3")
    long_brief = tmp_path / ("y" * 300 + ".txt")
    for argv in (["--db", str(long_db)], ["--db", str(tmp_path / "lib.sqlite3"), str(long_brief)]):
        app = subprocess.run(
            [str(BRIEFREADER), *argv],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert app.returncode == 1, app.stderr
        line = one_sentence(app.stderr)
        assert "File name too long" in line and "Traceback" not in app.stderr, app.stderr
