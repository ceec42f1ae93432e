"""Exporting to a file: complete or not at all, with ordinary permissions."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

import pytest

from briefreader.exchange import files, w3c
from briefreader.exchange.files import FORMATS, UnsupportedFormat, export_to_file, write_export
from briefreader.store.api import ExportRow, NewAnnotation, NewBrief, Store

pytestmark = pytest.mark.all_backends


@pytest.fixture
def two_briefs(store: Store) -> tuple[int, int]:
    text = "Alpha beta gamma delta. Epsilon zeta eta theta."
    first = store.import_brief(NewBrief(text, "First", "sha256:1", 8)).brief.id
    second = store.import_brief(NewBrief(text + " More.", "Second", "sha256:2", 9)).brief.id
    store.create_annotation(first, NewAnnotation(0, 5, tags=("greek",)))
    store.create_annotation(first, NewAnnotation(6, 10))
    store.create_annotation(second, NewAnnotation(0, 5, tags=("greek",)))
    return first, second


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A folder of its own (the database lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_writes_every_annotation_or_the_selection(
    store: Store, two_briefs: tuple[int, int], out_dir: Path
) -> None:
    first, _second = two_briefs
    out = out_dir / "all.csv"
    assert export_to_file(store, out) == 3
    assert len(read_rows(out)) == 1 + 3
    assert export_to_file(store, out, [first]) == 2
    assert {row[1] for row in read_rows(out)[1:]} == {str(first)}
    assert export_to_file(store, out, tag="greek") == 2
    assert [p.name for p in out_dir.iterdir()] == ["all.csv"]  # no temporary file left


def test_a_failure_halfway_leaves_the_previous_file_untouched(
    store: Store, two_briefs: tuple[int, int], out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = out_dir / "annotations.csv"
    out.write_text("the previous export\n", encoding="utf-8")

    def disk_full(rows: Iterable[ExportRow], stream: TextIO) -> int:
        stream.write("annotation_id,brief_id\r\n1,")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_csv", disk_full)
    with pytest.raises(OSError, match="No space left"):
        export_to_file(store, out)
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in out_dir.iterdir()] == ["annotations.csv"]


def test_an_unknown_format_or_a_folder_is_refused_before_writing(
    store: Store, out_dir: Path
) -> None:
    with pytest.raises(UnsupportedFormat, match=r"'pdf'.*csv, json, md"):
        export_to_file(store, out_dir / "out.pdf", fmt="pdf")
    with pytest.raises(IsADirectoryError):
        export_to_file(store, out_dir)
    assert list(out_dir.iterdir()) == []


def test_json_and_markdown_exports_select_like_csv(
    store: Store, two_briefs: tuple[int, int], out_dir: Path
) -> None:
    first, _second = two_briefs
    assert FORMATS == ("csv", "json", "md")
    out = out_dir / "annotations.json"
    assert export_to_file(store, out, fmt="json") == 3
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["type"] == "AnnotationCollection" and document["total"] == 3
    assert export_to_file(store, out, [first], tag="greek", fmt="json") == 1
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 1

    report = out_dir / "report.md"
    assert export_to_file(store, report, fmt="md") == 3
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# First\n") and "\n# Second\n" in text
    assert text.count("\n> Alpha") == 2 and "> beta" in text
    assert export_to_file(store, report, [first], fmt="md") == 2
    assert "# Second" not in report.read_text(encoding="utf-8")
    assert sorted(p.name for p in out_dir.iterdir()) == ["annotations.json", "report.md"]


def test_write_export_writes_any_format_to_a_stream(
    store: Store, two_briefs: tuple[int, int], out_dir: Path
) -> None:
    for fmt in FORMATS:
        stream = io.StringIO(newline="")
        assert write_export(store, stream, tag="greek", fmt=fmt) == 2
        path = out_dir / f"same.{fmt}"
        export_to_file(store, path, tag="greek", fmt=fmt)
        # The file holds exactly what the stream got, line ends included.
        assert path.read_bytes() == stream.getvalue().encode("utf-8")
    with pytest.raises(UnsupportedFormat):
        write_export(store, io.StringIO(), fmt="xlsx")


def test_a_json_export_that_fails_halfway_leaves_the_previous_file(
    store: Store, two_briefs: tuple[int, int], out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = out_dir / "annotations.json"
    out.write_text("[]\n", encoding="utf-8")

    written: list[object] = []

    def fails_on_the_second(*args: object, **kwargs: object) -> dict[str, object]:
        if written:
            raise OSError(errno.EIO, "Input/output error")
        written.append(args)
        return {"type": "Annotation"}

    monkeypatch.setattr(w3c, "annotation_to_w3c", fails_on_the_second)
    with pytest.raises(OSError, match="Input/output error"):
        export_to_file(store, out, fmt="json")
    assert written  # it had started writing
    assert out.read_text(encoding="utf-8") == "[]\n"
    assert [p.name for p in out_dir.iterdir()] == ["annotations.json"]


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_permissions_are_those_of_an_ordinary_file(
    store: Store, out_dir: Path, umask_022: None
) -> None:
    new = out_dir / "new.csv"
    export_to_file(store, new)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not mkstemp's 0600
    kept = out_dir / "kept.csv"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    export_to_file(store, kept)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
