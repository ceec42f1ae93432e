"""Saving one reader setting into config.toml (briefreader.config.save_reader_setting): the
rest of the file kept as written, a link followed, permissions kept, a read-only or broken file
left alone with a clear error."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from briefreader.config import load_config, save_reader_setting

WRITTEN = """# my settings
[reader]
theme = "textual-light"   # easier on the eyes

[user]
name = "Ayesha Khan"
"""


def test_one_setting_changed_everything_else_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(WRITTEN, encoding="utf-8")
    save_reader_setting("suggestions", False, path)
    text = path.read_text(encoding="utf-8")
    assert "# my settings" in text and "# easier on the eyes" in text
    config = load_config(path)
    assert config.suggestions is False and config.theme == "textual-light"
    assert config.user_name == "Ayesha Khan" and not config.problems
    save_reader_setting("suggestions", True, path)
    assert load_config(path).suggestions is True


def test_a_missing_file_is_made(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    save_reader_setting("suggestions", False, path)
    assert load_config(path).suggestions is False


def test_a_link_is_followed_and_permissions_kept(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "briefreader.toml"
    real.parent.mkdir()
    real.write_text(WRITTEN, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_reader_setting("suggestions", False, link)
    assert link.is_symlink()
    assert load_config(real).suggestions is False
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_a_read_only_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(WRITTEN, encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(OSError, match="read-only"):
        save_reader_setting("suggestions", False, path)
    assert path.read_text(encoding="utf-8") == WRITTEN


def test_a_file_that_is_not_toml_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[reader\nbroken = ", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid TOML"):
        save_reader_setting("suggestions", False, path)
    assert path.read_text(encoding="utf-8") == "[reader\nbroken = "
