"""The user's configuration: a TOML file read into a typed, frozen object.

``config.toml`` in the config folder (``briefreader.paths.config_dir()``)::

    [reader]
    max_line_length = 88      # columns of text, at most; the view may be narrower
    reading_aids = true       # Pygments reading aids on when a brief opens (r in the reader
                              # switches them and writes the choice here)
    theme = "textual-dark"    # any Textual theme name (one picked in the palette is written)
    suggestions = true        # underline the sentences worth checking (S in the reader
                              # switches them and writes the choice here)

    [user]
    name = "Ayesha Khan"      # who made an annotation, who checked a claim (default: the
                              # operating system's user name)

    [organisation]            # who publishes the fact checks: the author of each review that
    name = "Fact Check Desk"  # `export --format claimreview` writes (left out when not set)
    url = "https://factcheck.example.org/"   # its home page (http or https; optional)

    [keys]                    # binding id = "key[,key...]" (ids are listed by `?` in the app)
    "reader.highlight" = "h"
    "article.sentence_forward" = ")"

A missing file means defaults; a bad value is reported (not fatal) and the default used, and so
is a table or setting briefreader does not know (a typo: ``[reder]``, ``them = ...``). What needs
the app to check (a theme name, binding ids and key names) is checked by the app at start-up.
:func:`save_reader_setting` changes one ``[reader]`` value in the file, keeping everything else
in it as written (comments, order: ``tomlkit``), and replaces the file only once written whole
(the app's ``BriefReaderApp.remember``).
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from briefreader.paths import config_dir

MIN_LINE_LENGTH = 20

#: The settings each table holds (``[keys]`` holds binding ids, checked by the app).
KNOWN_SETTINGS: dict[str, tuple[str, ...]] = {
    "reader": ("max_line_length", "reading_aids", "theme", "suggestions"),
    "user": ("name",),
    "organisation": ("name", "url"),
    "library": ("sort", "sort_descending"),
    "keys": (),
}
#: The library's columns it can be sorted by (``[library] sort``).
LIBRARY_COLUMNS = ("title", "words", "annotations", "claims", "tags", "opened", "imported")


@dataclass(frozen=True)
class Config:
    max_line_length: int = 88
    reading_aids: bool = True
    theme: str = "textual-dark"
    #: The claim finder's suggestions shown in the reader.
    suggestions: bool = True
    keys: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: The user's name, recorded as who made annotations and checked claims (None: the
    #: operating system's user name).
    user_name: str | None = None
    #: The organisation publishing fact checks, the author of exported ClaimReviews (None: not
    #: set), and its home page (an http(s) URL; None: not set, or only with a name).
    organisation_name: str | None = None
    organisation_url: str | None = None
    #: The column the library is sorted by, and which way (``[library]``).
    library_sort: str = "opened"
    library_sort_descending: bool = True
    path: Path | None = None
    problems: tuple[str, ...] = ()


def config_path() -> Path:
    return config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file; never raises for a bad file, but lists what was wrong."""
    path = path or config_path()
    if not path.is_file():
        return Config(path=path)
    problems: list[str] = []
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Config(path=path, problems=(f"{path}: ignored, it could not be read: {exc}",))

    problems.extend(unknown_settings(data, path))
    reader = data.get("reader", {})
    values: dict[str, Any] = {}
    if not isinstance(reader, dict):
        problems.append(f"{path}: [reader] must be a table")
        reader = {}
    length = reader.get("max_line_length", Config.max_line_length)
    if isinstance(length, int) and not isinstance(length, bool) and length >= MIN_LINE_LENGTH:
        values["max_line_length"] = length
    else:
        problems.append(
            f"{path}: reader.max_line_length must be a whole number ≥ {MIN_LINE_LENGTH}"
        )
    aids = reader.get("reading_aids", Config.reading_aids)
    if isinstance(aids, bool):
        values["reading_aids"] = aids
    else:
        problems.append(f"{path}: reader.reading_aids must be true or false")
    shown = reader.get("suggestions", Config.suggestions)
    if isinstance(shown, bool):
        values["suggestions"] = shown
    else:
        problems.append(f"{path}: reader.suggestions must be true or false")
    theme = reader.get("theme", Config.theme)
    if isinstance(theme, str) and theme:
        values["theme"] = theme
    else:
        problems.append(f"{path}: reader.theme must be a theme name")

    user = data.get("user", {})
    if not isinstance(user, dict):
        problems.append(f"{path}: [user] must be a table")
        user = {}
    name = user.get("name")
    if isinstance(name, str) and name.strip() and "\n" not in name:
        values["user_name"] = " ".join(name.split())
    elif name is not None:
        problems.append(f"{path}: user.name must be a name on one line")

    values.update(_organisation(data, path, problems))
    values.update(_library(data, path, problems))

    keys = data.get("keys", {})
    clean: dict[str, str] = {}
    if isinstance(keys, dict):
        for binding_id, key in keys.items():
            if isinstance(key, str) and key.strip():
                clean[str(binding_id)] = key.strip()
            else:
                problems.append(
                    f'{path}: keys.{binding_id} must be a key name like "h" or "ctrl+r"'
                )
    else:
        problems.append(f"{path}: [keys] must be a table")
    return Config(**values, keys=MappingProxyType(clean), path=path, problems=tuple(problems))


def unknown_settings(data: dict[str, Any], path: Path) -> list[str]:
    """A sentence for each table or setting in ``data`` that briefreader does not read, with
    the known name it most looks like."""
    problems: list[str] = []
    for name, value in data.items():
        if name == "organization" and "organisation" not in data:
            continue  # said by _organisation
        if name in KNOWN_SETTINGS and not isinstance(value, dict):
            continue  # said: "[reader] must be a table"
        if not isinstance(value, dict):
            owner = next((t for t, keys in KNOWN_SETTINGS.items() if name in keys), None)
            if owner is None:
                said = "is not a setting briefreader knows, so it is ignored"
            else:
                said = f"is ignored: it belongs in the [{owner}] table"
            problems.append(f"{path}: {name} at the top of the file {said}")
        elif name not in KNOWN_SETTINGS:
            hint = _like(name, list(KNOWN_SETTINGS))
            problems.append(
                f"{path}: [{name}] is not a table briefreader knows"
                f"{f' (did you mean [{hint}]?)' if hint else ''}, so it is ignored"
            )
        elif KNOWN_SETTINGS[name]:
            for key in value:
                if key not in KNOWN_SETTINGS[name]:
                    hint = _like(key, list(KNOWN_SETTINGS[name]))
                    problems.append(
                        f"{path}: {name}.{key} is not a setting briefreader knows"
                        f"{f' (did you mean {name}.{hint}?)' if hint else ''}, so it is ignored"
                    )
    return problems


def _like(name: str, known: list[str]) -> str | None:
    """The known name ``name`` is most likely a typo of, if any."""
    found = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
    return found[0] if found else None


def _library(data: dict[str, Any], path: Path, problems: list[str]) -> dict[str, Any]:
    """The library's order from ``[library]``: ``sort`` (a column) and ``sort_descending``."""
    table = data.get("library", {})
    if not isinstance(table, dict):
        problems.append(f"{path}: [library] must be a table")
        return {}
    values: dict[str, Any] = {}
    column = table.get("sort")
    if column in LIBRARY_COLUMNS:
        values["library_sort"] = column
    elif column is not None:
        problems.append(f"{path}: library.sort must be one of {', '.join(LIBRARY_COLUMNS)}")
    descending = table.get("sort_descending")
    if isinstance(descending, bool):
        values["library_sort_descending"] = descending
    elif descending is not None:
        problems.append(f"{path}: library.sort_descending must be true or false")
    return values


def _organisation(data: dict[str, Any], path: Path, problems: list[str]) -> dict[str, str]:
    """``organisation_name`` and ``organisation_url`` from the ``[organisation]`` table, those
    that are usable; what is wrong is added to ``problems``."""
    if "organization" in data and "organisation" not in data:
        problems.append(f"{path}: [organization] is not read: the table is [organisation]")
    table = data.get("organisation", {})
    if not isinstance(table, dict):
        problems.append(f"{path}: [organisation] must be a table")
        return {}
    values: dict[str, str] = {}
    name = table.get("name")
    if isinstance(name, str) and name.strip() and "\n" not in name.strip():
        values["organisation_name"] = " ".join(name.split())
    elif name is not None:
        problems.append(f"{path}: organisation.name must be a name on one line")
    url = table.get("url")
    if isinstance(url, str) and _is_web_address(url.strip()):
        if "organisation_name" in values:
            values["organisation_url"] = url.strip()
        elif name is None:
            problems.append(f"{path}: organisation.url is given without organisation.name")
    elif url is not None:
        problems.append(
            f"{path}: organisation.url must be a web address (https://…), without spaces"
        )
    return values


def _is_web_address(url: str) -> bool:
    """An absolute http(s) URL with a host and no spaces or control characters."""
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def save_reader_setting(name: str, value: bool | int | str, path: Path | None = None) -> None:
    """Set ``[reader] name = value`` in the config file: :func:`save_setting`."""
    save_setting("reader", name, value, path)


def save_setting(
    table_name: str, name: str, value: bool | int | str, path: Path | None = None
) -> None:
    """Set ``[table_name] name = value`` in the config file (made if missing), keeping the rest of
    it as written, its permissions, and a symbolic link to it (the file linked to is written).
    Raises ``OSError`` if it cannot be written (a read-only file is left alone), ``ValueError``
    if the file is not TOML (left as it is: the user's file is never overwritten with a
    guess)."""
    import os
    import tempfile

    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = path or config_path()
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (TOMLKitError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from None
    if document is None:
        document = tomlkit.document()
    table = document.get(table_name)
    if not isinstance(table, dict):
        table = tomlkit.table()
        document[table_name] = table
    table[name] = value
    target = path.resolve()  # a link (dotfiles) is followed: the file it names is written
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
    if target.exists() and (not os.access(target, os.W_OK) or not mode & 0o200):
        raise OSError(f"{target} is read-only")  # made so on purpose (root could write it)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".config.", suffix=".toml.part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(tomlkit.dumps(document))
        os.chmod(temp, mode)  # as the file was (mkstemp makes it 600)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
