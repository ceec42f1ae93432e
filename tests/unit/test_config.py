"""The config file: defaults, values, remapped keys, and bad values reported, not fatal."""

from __future__ import annotations

from pathlib import Path

from briefreader.config import Config, load_config


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml")
    assert (config.max_line_length, config.reading_aids, config.theme) == (88, True, "textual-dark")
    assert dict(config.keys) == {} and config.problems == ()


def test_values_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[reader]\nmax_line_length = 72\nreading_aids = false\ntheme = "textual-light"\n'
        '[keys]\n"reader.highlight" = "H"\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config == Config(
        max_line_length=72,
        reading_aids=False,
        theme="textual-light",
        keys=config.keys,
        path=path,
    )
    assert dict(config.keys) == {"reader.highlight": "H"}


def test_bad_values_are_reported_and_defaults_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[reader]\nmax_line_length = 5\nreading_aids = "yes"\n[keys]\n"reader.note" = 3\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.max_line_length == 88 and config.reading_aids is True
    assert len(config.problems) == 3
    assert any("max_line_length" in p for p in config.problems)


def test_unreadable_toml_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[reader\nmax_line_length = ", encoding="utf-8")
    config = load_config(path)
    assert config.max_line_length == 88
    assert config.problems and "could not be read" in config.problems[0]


def test_the_user_name(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[user]\nname = "  Ayesha   Khan "\n', encoding="utf-8")
    assert load_config(path).user_name == "Ayesha Khan"
    path.write_text("[user]\nname = 3\n", encoding="utf-8")
    config = load_config(path)
    assert config.user_name is None and "user.name must be a name" in config.problems[0]
    path.write_text("[reader]\n", encoding="utf-8")
    assert load_config(path).user_name is None
