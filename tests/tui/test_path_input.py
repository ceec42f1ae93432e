"""Typing a path in a dialog whose field is pre-filled with a folder: the completion helpers
take what a person means, as a shell's or an editor's minibuffer would."""

from __future__ import annotations

from pathlib import Path

from briefreader.tui.screens.dialogs.completion import (
    complete_path,
    expand_path,
    restarted,
    split_path_input,
)


def test_a_path_typed_after_the_prefilled_folder_starts_over() -> None:
    assert restarted("/home/me//tmp/x.csv") == "/tmp/x.csv"
    assert restarted("/home/me/~/notes.csv") == "~/notes.csv"
    assert restarted("/home/me/~") == "~"
    assert restarted("/home/me/~backup/x") == "/home/me/~backup/x"  # a folder named ~backup
    assert restarted("notes/x.csv") == "notes/x.csv"
    base = Path("/home/me")
    assert expand_path("/home/me//tmp/x.csv", base) == Path("/tmp/x.csv")
    assert expand_path("/home/me/~/x.csv", base) == Path.home() / "x.csv"
    assert expand_path("docs/x.csv", base) == base / "docs" / "x.csv"


def test_completion_follows_the_restarted_path(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "annotations.csv").write_text("x", encoding="utf-8")
    typed = f"/somewhere/else/{tmp_path}/exports/ann"  # tmp_path is absolute: "...else//tmp"
    folder_part, folder, fragment = split_path_input(typed, Path("/"))
    assert folder == tmp_path / "exports" and fragment == "ann"
    assert folder_part == f"{tmp_path}/exports/"
    assert complete_path(typed, Path("/"), None) == typed + "otations.csv"
