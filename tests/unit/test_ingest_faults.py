"""Hostile files met by an import, on real files, real databases (SQLite and PostgreSQL) and
the real command: file names that are not UTF-8 or hold control characters, charset
declarations that name no text encoding, pages too large to extract, and files that vanish,
turn into folders or named pipes, loop, or cannot be read while a folder is imported."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefreader.ingest import IngestError, ingest_bytes, ingest_file, iter_brief_files
from briefreader.library import ImportOutcome, import_paths, store_ingested
from briefreader.store.api import Store
from tests.unit.test_cli_trust import BRIEFREADER, cli

CAFE = os.fsdecode(b"caf\xe9")  # a name with a byte that is not UTF-8: 'caf\udce9'
CAFE_SHOWN = "caf\\xe9"


def write(folder: Path, name: str | bytes, data: bytes) -> Path:
    """Write ``data`` to ``folder/name``; a bytes name is used as the file system's bytes."""
    path = folder / os.fsdecode(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def utf8_clean(value: str | None) -> None:
    """The value can be stored, printed and sent anywhere: it is valid UTF-8."""
    assert value is not None
    value.encode("utf-8")


def in_time(work: Callable[[], list[ImportOutcome]], seconds: float = 60) -> list[ImportOutcome]:
    """Run ``work`` in a thread and fail (not hang) if it has not finished in ``seconds``."""
    done: list[list[ImportOutcome]] = []
    thread = threading.Thread(target=lambda: done.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert done, f"the import did not finish in {seconds} s (waiting on a named pipe?)"
    return done[0]


# --- 1. file names that are not UTF-8 ------------------------------------------------------


@pytest.mark.all_backends
def test_a_folder_with_a_file_name_that_is_not_utf8_imports_every_file(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "briefs"
    write(folder, "a.txt", b"Alpha brief\n\nThe first text.\n")
    write(folder, CAFE + ".md", b"```\ncode only: no title in the text\n```\n")
    write(folder, "z.txt", b"Zulu brief\n\nThe last text.\n")

    outcomes = list(import_paths(store, [folder]))

    assert [o.error for o in outcomes] == [None, None, None]
    assert all(o.created for o in outcomes)
    assert outcomes[1].brief is not None
    cafe = store.get_brief(outcomes[1].brief.id)
    assert cafe.title == "caf\ufffd"
    assert cafe.source == str(folder / "caf\ufffd.md")
    assert "code only" in cafe.text
    for brief in store.list_briefs():
        utf8_clean(brief.title)
        utf8_clean(brief.source)
    # The same files again are the same briefs, not new ones.
    again = list(import_paths(store, [folder]))
    assert [(o.error, o.created) for o in again] == [(None, False)] * 3
    assert len(store.list_briefs()) == 3


@pytest.mark.all_backends
def test_names_differing_only_in_an_undecodable_byte_stay_two_briefs(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "briefs"
    e9 = write(folder, b"caf\xe9.txt", b"First cafe\n\nOne text.\n")
    write(folder, b"caf\xe8.txt", b"Second cafe\n\nAnother text.\n")
    first, second = list(import_paths(store, [folder]))[::-1]  # sorted: \xe8 before \xe9
    assert first.created and second.created and first.brief and second.brief
    assert first.brief.id != second.brief.id

    e9.write_bytes(b"First cafe\n\nOne text, edited.\n")
    outcome = next(o for o in import_paths(store, [e9]))

    # The edited file is a new version of its own brief; the other brief keeps its text.
    assert outcome.replaced is not None and outcome.brief is not None
    assert outcome.brief.id == first.brief.id
    assert store.get_brief(second.brief.id).text == "Second cafe\n\nAnother text.\n"


@pytest.mark.all_backends
def test_opening_a_file_whose_name_is_not_utf8_saves_it(store: Store, tmp_path: Path) -> None:
    # What `briefreader FILE` does: read the file first, then store it from the reader's worker.
    path = write(tmp_path, CAFE + ".txt", b"Caf\xc3\xa9 brief\n\nIts text.\n")
    ingested = ingest_file(path)
    brief, created, _ = store_ingested(store, ingested)
    assert created
    assert store.get_brief(brief.id).text == "Café brief\n\nIts text.\n"
    assert store_ingested(store, ingest_file(path))[:2] == (brief, False)


def test_messages_name_an_undecodable_file_printably(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as info:
        ingest_file(write(tmp_path, CAFE + ".txt", b""))
    assert str(info.value) == f"{tmp_path}/{CAFE_SHOWN}.txt: empty file"
    with pytest.raises(IngestError, match=re.escape(f"{CAFE_SHOWN}.pdf: unsupported")):
        ingest_file(write(tmp_path, CAFE + ".pdf", b"%PDF"))
    brief = ingest_file(write(tmp_path, CAFE + "2.txt", b"Caf\xe9\n\nLatin-1 text.\n"))
    assert brief.warnings and f"{CAFE_SHOWN}2.txt: not valid UTF-8" in brief.warnings[0]
    brief = ingest_bytes(b"No title here?", CAFE + "3.md")
    utf8_clean(brief.title)


# --- 4. control characters in names, in the command's one line per file -------------------


def test_import_prints_one_line_per_file_whatever_the_names(tmp_path: Path) -> None:
    folder = tmp_path / "in\nbox"
    write(folder, "line\nbreak.txt", b"Newline name\n\nText one.\n")
    write(folder, "\x1b[31mred\x1b[0m.txt", b"Escape name\n\nText two.\n")
    write(folder, CAFE + ".txt", b"Latin name\n\nText three \xe9.\n")  # also a warning
    write(folder, "empty\n.md", b"")
    write(folder, "\u202eevil.txt", b"")

    proc = cli("--db", str(tmp_path / "lib.sqlite3"), "import", str(folder))

    assert proc.returncode == 1  # two files could not be imported
    lines = proc.stdout.splitlines()
    assert len(lines) == 5, proc.stdout
    assert sum(line.startswith("imported ") for line in lines) == 3
    skipped = [line for line in lines if line.startswith("skipped ")]
    assert len(skipped) == 2
    assert any("in\\nbox/empty\\n.md: empty file" in line for line in skipped)
    assert any("\\u202eevil.txt: empty file" in line for line in skipped)
    errors = proc.stderr.splitlines()
    assert errors == [
        # Its one byte beyond ASCII is read as windows-1252 ("é"), and the warning says so.
        f"briefreader: warning: {folder.parent}/in\\nbox/{CAFE_SHOWN}.txt: not valid UTF-8;"
        " read as windows-1252 (assumed: too few bytes to detect an encoding)",
        "briefreader: 2 file(s) could not be imported",
    ]
    for text in (proc.stdout, proc.stderr):
        assert "\x1b" not in text and "\u202e" not in text


# --- 2. charset declarations that name no text encoding ------------------------------------

NOT_TEXT_ENCODINGS = [
    "rot13",
    "base64",
    "undefined",
    "punycode",
    "idna",
    "uu",
    "zlib",
    "hex",
    "unicode_escape",
    "utf-7",
    "mbcs",
    "no-such-charset",
    "replacement",
]
DECLARATIONS = [
    b'<meta charset="%s">',
    b'<meta http-equiv="Content-Type" content="text/html; charset=%s">',
]
BODY = b"<p>Caf\xe9 diplomacy is back, the desk says.</p><p>The talks went on for a week.</p>"


def page(declaration: bytes, body: bytes = BODY) -> bytes:
    return b"<html><head>%s<title>T</title></head><body>%s</body></html>" % (declaration, body)


@pytest.mark.parametrize("label", NOT_TEXT_ENCODINGS)
@pytest.mark.parametrize("declaration", DECLARATIONS, ids=["meta", "http-equiv"])
def test_a_declared_charset_that_is_no_text_encoding_is_ignored(
    tmp_path: Path, label: str, declaration: bytes
) -> None:
    path = write(tmp_path, "page.html", page(declaration % label.encode()))
    brief = ingest_file(path)
    assert "Café diplomacy is back" in brief.text
    assert brief.warnings == (
        f"{path}: ignored the charset the page declares ({label!r} is not a text encoding "
        "browsers know); read as windows-1252 (detected)",
    )


def test_an_ignored_declaration_on_a_utf8_page_reads_it_as_utf8(tmp_path: Path) -> None:
    data = page(b"<meta charset=base64>", "<p>Café “quoted” – naïve.</p>".encode())
    brief = ingest_file(write(tmp_path, "page.html", data))
    assert "Café “quoted” – naïve." in brief.text
    assert brief.warnings[0].endswith("read as UTF-8")
    # Mostly UTF-8 with one stray byte: UTF-8, that byte replaced, both said.
    data = page(b"<meta charset=rot13>", "<p>Café “quoted” – naïve.".encode() + b"\xff</p>")
    brief = ingest_file(write(tmp_path, "stray.html", data))
    assert "Café “quoted” – naïve.\ufffd" in brief.text
    assert len(brief.warnings) == 2 and "not valid UTF-8" in brief.warnings[1]


@pytest.mark.parametrize(
    ("label", "text", "codec"),
    [
        ("x-sjis", "パキスタンとロシアの関係は新たな段階に入った。", "shift_jis"),
        ("windows-31j", "パキスタンとロシアの関係は新たな段階に入った。", "cp932"),
        ("x-mac-cyrillic", "Пакистан и Россия: новая страница.", "mac-cyrillic"),
        ("iso-8859-8-i", "פקיסטן ורוסיה פותחות דף חדש ביחסים.", "iso8859-8"),
        ("x-cp1251", "Пакистан и Россия: новая страница.", "cp1251"),
        ("ISO_8859-1:1987", "Café diplomacy — déjà vu.", "cp1252"),
    ],
)
def test_whatwg_labels_python_does_not_know_are_honoured(
    tmp_path: Path, label: str, text: str, codec: str
) -> None:
    data = page(b"<meta charset=%s>" % label.encode(), f"<p>{text}</p>".encode(codec))
    brief = ingest_file(write(tmp_path, "page.html", data))
    assert text in brief.text
    assert brief.warnings == ()


def test_an_undeclared_legacy_page_is_read_in_the_charset_detected(tmp_path: Path) -> None:
    text = "Пакистан и Россия: новая страница в отношениях двух стран, говорят в МИД."
    path = write(tmp_path, "ru.html", page(b"", f"<p>{text}</p>".encode("cp1251")))
    brief = ingest_file(path)
    assert text in brief.text
    assert brief.warnings == (
        f"{path}: not valid UTF-8 and no charset declared; read as windows-1251 (detected)",
    )


def test_legacy_bytes_far_into_a_long_page_are_still_detected() -> None:
    from briefreader.ingest.html import decode_html

    text = "Пакистан и Россия: новая страница в отношениях двух стран, говорят в МИД."
    filler = b"<p>" + b"Plain ASCII words for a long while. " * 40_000 + b"</p>"  # 1.4 MB
    decoded = decode_html(page(b"", filler + f"<p>{text}</p>".encode("cp1251")), "long.html")
    assert text in decoded.text
    assert decoded.warnings == (
        "long.html: not valid UTF-8 and no charset declared; read as windows-1251 (detected)",
    )


RUSSIAN = "Пакистан и Россия: новая страница в отношениях.\n\nВторой абзац текста.\n"
JAPANESE = "パキスタンとロシアの関係は新たな段階に入った。\n\n両国は協力する。\n"


@pytest.mark.parametrize(
    ("text", "codec", "charset"),
    [
        (RUSSIAN, "cp1251", "windows-1251"),
        (RUSSIAN, "koi8_r", "KOI8-R"),
        (JAPANESE, "shift_jis", "Shift_JIS"),
    ],
)
def test_a_legacy_text_file_is_read_not_refused_as_binary(
    tmp_path: Path, text: str, codec: str, charset: str
) -> None:
    path = write(tmp_path, "brief.md", text.encode(codec))
    brief = ingest_file(path)
    assert brief.text == text
    assert brief.warnings == (f"{path}: not valid UTF-8; read as {charset} (detected)",)


def test_noise_that_no_encoding_reads_is_still_refused_as_binary(tmp_path: Path) -> None:
    noise = bytes(range(0x80, 0x100)) * 16
    with pytest.raises(IngestError, match="binary file"):
        ingest_file(write(tmp_path, "noise.txt", noise))


# --- 3. size --------------------------------------------------------------------------------


def sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (and no time) to make."""
    with path.open("wb") as file:
        file.truncate(size)
    return path


PEAK_RSS = """
import re, sys
from pathlib import Path
def peak():
    return int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text())[1])
from briefreader.ingest import IngestError, ingest_file
before = peak()
try:
    ingest_file(Path(sys.argv[1]))
except IngestError as exc:
    print(exc)
print(peak() - before)
"""


def test_html_over_20_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = sparse(tmp_path / "huge.html", 50_000_000)
    proc = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    message, grown_kb = proc.stdout.splitlines()
    assert message == (
        f"{path} is 50 MB; HTML pages over 20 MB are not imported (save it as text first)"
    )
    assert int(grown_kb) < 10_000  # reading it would have taken 50 MB at least
    with pytest.raises(IngestError, match=r"is 20\.1 MB; HTML pages over 20 MB"):
        ingest_bytes(b"<html>" + b" " * 20_050_000, "page.html")


def test_text_over_64_mb_is_refused_and_the_command_says_so(tmp_path: Path) -> None:
    path = sparse(tmp_path / "huge.txt", 70_000_000)
    proc = cli("--db", str(tmp_path / "lib.sqlite3"), "import", str(path))
    assert proc.returncode == 1
    assert proc.stdout == (
        f"skipped    {path} is 70 MB; text and Markdown files over 64 MB are not imported\n"
    )


# --- 4. files that vanish, change kind, loop or cannot be read mid-import -------------------


@pytest.mark.all_backends
def test_files_that_change_under_an_import_are_reported_and_the_rest_imports(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "briefs"
    for name in "abcde":
        write(folder, f"{name}.txt", f"Brief {name}\n\nIts text.\n".encode())

    def run() -> list[ImportOutcome]:
        outcomes: list[ImportOutcome] = []
        for outcome in import_paths(store, [folder]):
            outcomes.append(outcome)
            if len(outcomes) == 1:  # a.txt is in; the folder's listing is already taken
                (folder / "b.txt").unlink()
                (folder / "c.txt").unlink()
                (folder / "c.txt").mkdir()
                (folder / "d.txt").unlink()
                os.mkfifo(folder / "d.txt")
        return outcomes

    outcomes = in_time(run)

    assert [(o.path.name, o.error) for o in outcomes] == [
        ("a.txt", None),
        ("b.txt", f"{folder}/b.txt: no such file"),
        ("c.txt", f"{folder}/c.txt: a folder, not a regular file"),
        ("d.txt", f"{folder}/d.txt: a named pipe, not a regular file"),
        ("e.txt", None),
    ]
    assert sorted(b.title for b in store.list_briefs()) == ["Brief a", "Brief e"]


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder with one good brief among pipes, loops, a dangling link and unreadable files."""
    folder = tmp_path / "hostile"
    write(folder, "good.txt", b"Good brief\n\nIts text.\n")
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "ping.md").symlink_to("pong.md")
    (folder / "pong.md").symlink_to("ping.md")
    (folder / "gone.html").symlink_to("nowhere.html")
    # Unreadable even for root: reading /proc/self/mem at offset 0 is an I/O error.
    (folder / "mem.txt").symlink_to("/proc/self/mem")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")  # a loop of folders: not followed
    (folder / "dir.txt").mkdir()
    write(folder / "dir.txt", "inside.md", b"# Inside\n\nA folder named like a file.\n")
    yield folder


def test_pipes_loops_and_unreadable_files_in_a_folder_each_get_a_reason(
    store: Store, hostile_folder: Path
) -> None:
    outcomes = in_time(lambda: list(import_paths(store, [hostile_folder])))
    found = {o.path.relative_to(hostile_folder).as_posix(): o.error for o in outcomes}
    prefix = f"{hostile_folder}/"
    assert found == {
        "gone.html": f"{prefix}gone.html: a symbolic link to a missing file",
        "good.txt": None,
        "loop.txt": f"{prefix}loop.txt: cannot be read (a loop of symbolic links)",
        "mem.txt": f"{prefix}mem.txt: cannot be read (Input/output error)",
        "ping.md": f"{prefix}ping.md: cannot be read (a loop of symbolic links)",
        "pipe.txt": f"{prefix}pipe.txt: a named pipe, not a regular file",
        "pong.md": f"{prefix}pong.md: cannot be read (a loop of symbolic links)",
        "dir.txt/inside.md": None,
    }
    assert sorted(b.title for b in store.list_briefs()) == ["Good brief", "Inside"]


def test_paths_named_explicitly_get_the_same_reasons(hostile_folder: Path) -> None:
    names = ["pipe.txt", "loop.txt", "gone.html", "missing.txt", "dir.txt"]
    found = list(iter_brief_files(hostile_folder / name for name in names))
    assert [(p.relative_to(hostile_folder).as_posix(), r) for p, r in found] == [
        ("pipe.txt", "a named pipe, not a regular file"),
        ("loop.txt", "cannot be read (a loop of symbolic links)"),
        ("gone.html", "a symbolic link to a missing file"),
        ("missing.txt", "no such file or folder"),
        ("dir.txt/inside.md", None),
    ]
    with pytest.raises(IngestError, match=r"dir\.txt: a folder, not a regular file"):
        ingest_file(hostile_folder / "dir.txt")


def test_the_command_never_waits_on_a_named_pipe(hostile_folder: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "lib.sqlite3")
    pipe = str(hostile_folder / "pipe.txt")
    for argv in (["import", str(hostile_folder)], ["import", pipe], [pipe]):
        proc = subprocess.run(
            [str(BRIEFREADER), "--db", db, *argv],
            capture_output=True,
            text=True,
            timeout=120,  # a wait on the pipe is a failure, not a hang
            stdin=subprocess.DEVNULL,
        )
        assert proc.returncode == 1, argv
        assert "Traceback" not in proc.stderr
        assert "pipe.txt: a named pipe, not a regular file" in proc.stdout + proc.stderr
