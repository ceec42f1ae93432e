"""What the config file says that briefreader cannot use, each said in one sentence naming the
file and the thing, the rest of the file still applied: a table or setting it does not know
(with the name it most looks like), a key that is not a key name, a binding id no binding has.
The README's example file is known, all of it."""

from __future__ import annotations

import re
from pathlib import Path

from briefreader.config import load_config
from briefreader.tui.keys import binding_ids, check_keymap, is_key_name, unknown_binding_ids
from briefreader.tui.screens.help import INTROS

ROOT = Path(__file__).resolve().parents[2]


def readme_example() -> str:
    """The config file the README's Configuration section shows."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Configuration") :]
    found = re.search(r"```toml\n(.*?)```", section, re.S)
    assert found is not None
    return found.group(1)


def test_the_readme_example_is_known_all_of_it(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(readme_example(), encoding="utf-8")
    config = load_config(path)
    assert config.problems == ()
    assert config.keys and not unknown_binding_ids(config.keys, binding_ids(), path)
    assert check_keymap(config.keys, path) == (dict(config.keys), [])


def test_unknown_tables_and_settings_are_said_and_the_rest_applies(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "theme = 'nord'\n"
        "colours = 'many'\n"
        "[reder]\nreading_aids = false\n"
        "[reader]\nthem = 'nord'\nmax_line_length = 70\nfont = 'mono'\n"
        "[user]\nnam = 'Ayesha'\n"
        "[organisation]\nname = 'Desk'\nurl = 'https://desk.example.org'\nadress = 'x'\n"
        "[keys]\n'anything.goes' = 'h'\n",  # ids are the app's to check
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.max_line_length == 70 and config.organisation_name == "Desk"
    assert config.theme == "textual-dark" and config.reading_aids is True
    assert list(config.problems) == [
        f"{path}: theme at the top of the file is ignored: it belongs in the [reader] table",
        f"{path}: colours at the top of the file is not a setting briefreader knows, so it is "
        "ignored",
        f"{path}: [reder] is not a table briefreader knows (did you mean [reader]?), so it is "
        "ignored",
        f"{path}: reader.them is not a setting briefreader knows (did you mean reader.theme?), "
        "so it is ignored",
        f"{path}: reader.font is not a setting briefreader knows, so it is ignored",
        f"{path}: user.nam is not a setting briefreader knows (did you mean user.name?), so it "
        "is ignored",
        f"{path}: organisation.adress is not a setting briefreader knows, so it is ignored",
    ]


def test_the_american_spelling_is_said_once(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[organization]\nname = 'Desk'\n", encoding="utf-8")
    assert load_config(path).problems == (
        f"{path}: [organization] is not read: the table is [organisation]",
    )


def test_key_names_as_textual_names_them() -> None:
    good = ["h", "H", "?", ")", "ctrl+r", "ctrl+shift+up", "f2", "f24", "question_mark"]
    good += ["right_parenthesis", "space", "escape", "enter", "tab", "pagedown", "minus"]
    assert all(is_key_name(key) for key in good), [k for k in good if not is_key_name(k)]
    bad = ["Ctrl+R", "F2", "ctrl+rigth", "control+r", "escpe", "ctrl+", "shift+"]
    assert not any(is_key_name(key) for key in bad), [k for k in bad if is_key_name(k)]


def test_a_key_that_is_not_a_key_name_is_left_out_and_said() -> None:
    keymap = {"reader.note": "Ctrl+N", "reader.claim": "ctrl+rigth, C", "reader.tags": "T"}
    clean, problems = check_keymap(keymap, "config.toml")
    assert clean == {"reader.claim": "C", "reader.tags": "T"}  # reader.note keeps its key
    assert problems == [
        'config.toml: [keys] "reader.note": "Ctrl+N" is not a key name (did you mean '
        '"ctrl+n"?), so its usual key is kept',
        'config.toml: [keys] "reader.claim": "ctrl+rigth" is not a key name (keys are "h", "H", '
        '"ctrl+r", "f2", "question_mark"…), so its other keys are used',
    ]


def test_a_binding_id_no_binding_has_is_said() -> None:
    known = binding_ids()
    # Of every screen, imported or not yet: the desk's, a dialog's, the reader's article's.
    assert {"desk.stats", "reader.highlight", "article.sentence_forward", "app.help"} <= known
    keymap = {"reader.highlite": "H", "desk.stats": "G", "zzz": "z"}
    assert unknown_binding_ids(keymap, known, "config.toml") == [
        'config.toml: [keys] "reader.highlite" is not a binding id (did you mean '
        '"reader.highlight"?), so it changes no key; the help screen lists the ids',
        'config.toml: [keys] "zzz" is not a binding id, so it changes no key; the help screen '
        "lists the ids",
    ]


def test_every_key_the_help_intros_name_is_a_binding() -> None:
    named = {m for text in INTROS.values() for m in re.findall(r"\[\[([\w.]+)\|", text)}
    assert named and named <= binding_ids()
