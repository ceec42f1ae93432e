"""Completion for dialog inputs: tag lists, plain names, and file system paths.

Textual's Input shows a suggester's answer as ghost text after what was typed and accepts it
with → (and, in these dialogs, Tab). The answer must therefore be the typed value plus the
rest, never a re-cased or re-spelled version of it, or the ghost text would not line up.
"""

from __future__ import annotations

import asyncio
import os
import re
import unicodedata
from collections.abc import Iterable
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from textual.suggester import Suggester

from briefreader.text.validate import InvalidValue, normalise_tag

#: File types a brief can be imported from (kept in step with briefreader.ingest.core, which is
#: not imported here because it pulls in the HTML extractor).
BRIEF_SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})

_WS = re.compile(r"\s+")


def _tag_prefix(fragment: str) -> str:
    """The typed start of a tag, spelled the way :func:`normalise_tag` spells whole names
    (but without trimming a trailing ``-``, which may be half of ``foreign-policy``)."""
    return _WS.sub("-", unicodedata.normalize("NFKC", fragment)).casefold()


def split_tags(value: str) -> list[str]:
    """The non-blank comma-separated items of ``value``, stripped."""
    return [item.strip() for item in value.split(",") if item.strip()]


def normalise_tag_list(value: str) -> tuple[list[str], list[str]]:
    """``("Russia, foreign policy, russia")`` -> ``(["russia", "foreign-policy"], [])``.

    Returns the normalised names (duplicates collapsed, first one wins) and one message per
    item that cannot be a tag. Blank items (``"a,,b"``, a trailing comma) are ignored.
    """
    names: list[str] = []
    errors: list[str] = []
    for item in split_tags(value):
        try:
            name = normalise_tag(item)
        except InvalidValue as exc:
            errors.append(str(exc))
            continue
        if name not in names:
            names.append(name)
    return names, errors


class PrefixSuggester(Suggester):
    """Completes the whole value from a list of names, ignoring case (claimants, tag names)."""

    def __init__(self, names: Iterable[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        self._names = [(name, name.casefold()) for name in dict.fromkeys(names) if name]

    async def get_suggestion(self, value: str) -> str | None:
        typed = value.casefold()
        if not typed:
            return None
        for name, folded in self._names:
            if folded.startswith(typed) and len(name) > len(value):
                return value + name[len(value) :]
        return None


class TagListSuggester(Suggester):
    """Completes the item after the last comma from known tag names, skipping names already
    in the list: ``"russia, fo"`` -> ``"russia, foreign-policy"``."""

    def __init__(self, known: Iterable[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        self._known = list(dict.fromkeys(known))

    async def get_suggestion(self, value: str) -> str | None:
        head, _, fragment = value.rpartition(",")
        fragment = fragment.lstrip()
        # A trailing space may be the start of a two-word tag, but completing after it would
        # double the separator ("foreign -policy").
        if not fragment or fragment[-1].isspace():
            return None
        prefix = _tag_prefix(fragment)
        taken, _ = normalise_tag_list(head)
        matches = [name for name in self._known if name.startswith(prefix) and name not in taken]
        if not matches or prefix in matches:
            return None
        return value + matches[0][len(prefix) :]


class PathEntry(NamedTuple):
    """One entry of a folder listing offered for completion (a tuple: folders can be huge)."""

    name: str
    is_dir: bool
    folded: str  # the name case-folded, for matching what was typed


def restarted(text: str) -> str:
    """What was typed after the last fresh start of a path: a field pre-filled with a folder
    (``/home/me/``) where the user then typed ``/tmp/x.csv`` or ``~/x.csv`` means that path,
    as in a shell's or an editor's minibuffer: ``/home/me//tmp/x.csv`` -> ``/tmp/x.csv``."""
    slashes = text.rfind("//")
    tilde = text.rfind("/~")
    if tilde > slashes and text[tilde + 2 : tilde + 3] in ("", "/"):
        return text[tilde + 1 :]
    return text[slashes + 1 :] if slashes != -1 else text


def expand_path(text: str, base: Path) -> Path:
    """What the user means by ``text``: restarted at a ``//`` or ``/~``, ``~`` expanded,
    relative to ``base``."""
    path = Path(os.path.expanduser(restarted(text.strip())))
    return path if path.is_absolute() else base / path


def split_path_input(value: str, base: Path) -> tuple[str, Path, str]:
    """``"~/Docs/br"`` -> ``("~/Docs/", <home>/Docs, "br")``: the typed folder part, the folder
    it means, and the fragment of the next component."""
    value = restarted(value)
    if value == "~":
        return "", base, "~"
    head, sep, fragment = value.rpartition("/")
    typed_folder = head + sep
    folder = expand_path(typed_folder, base) if typed_folder else base
    return typed_folder, folder, fragment


def list_folder(folder: Path, suffixes: frozenset[str] | None, prefix: str = "") -> list[PathEntry]:
    """Sub-folders then files of ``folder`` whose names start with ``prefix`` (ignoring case),
    files only with one of ``suffixes`` when given; each group sorted ignoring case. Hidden
    entries only when ``prefix`` starts with a dot. Empty if the folder cannot be read."""
    folded_prefix = prefix.casefold()
    show_hidden = prefix.startswith(".")
    dirs: list[PathEntry] = []
    files: list[PathEntry] = []
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                name = entry.name
                folded = name.casefold()
                if not folded.startswith(folded_prefix) or (
                    name.startswith(".") and not show_hidden
                ):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    continue
                if is_dir:
                    dirs.append(PathEntry(name, True, folded))
                elif suffixes is None or _suffix(folded) in suffixes:
                    files.append(PathEntry(name, False, folded))
    except OSError:
        return []
    dirs.sort(key=itemgetter(2))
    files.sort(key=itemgetter(2))
    return dirs + files


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def matching_entries(entries: Iterable[PathEntry], fragment: str) -> list[PathEntry]:
    """Entries whose name starts with ``fragment`` (ignoring case); hidden ones only when the
    fragment itself starts with a dot."""
    folded = fragment.casefold()
    if fragment.startswith("."):
        return [e for e in entries if e.folded.startswith(folded)]
    return [e for e in entries if e.folded.startswith(folded) and not e.name.startswith(".")]


def complete_path(value: str, base: Path, suffixes: frozenset[str] | None) -> str | None:
    """The typed ``value`` completed by one path component (with ``/`` after a folder)."""
    if value == "~":
        return "~/"
    _, folder, fragment = split_path_input(value, base)
    if not fragment:
        return None
    for entry in list_folder(folder, suffixes, fragment):
        # Only an exact-case prefix can be completed in place: "doc" + "uments" is not a path
        # on a case-sensitive file system when the folder is "Documents".
        if entry.name.startswith(fragment) and entry.name != fragment:
            return value + entry.name[len(fragment) :] + ("/" if entry.is_dir else "")
        if entry.name == fragment and entry.is_dir:
            return value + "/"
    return None


class PathSuggester(Suggester):
    """Completes the next component of a typed path from the folder it names. Only folders and
    files with one of ``suffixes`` (all files when None) are suggested."""

    def __init__(self, base: Path, suffixes: frozenset[str] | None = None) -> None:
        # No cache: the file system changes under us.
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base
        self.suffixes = suffixes

    async def get_suggestion(self, value: str) -> str | None:
        # A folder on a network drive can take a while to list; keep the event loop free.
        return await asyncio.to_thread(complete_path, value, self.base, self.suffixes)


def display_path(path: Path) -> str:
    """``path`` as the user would type it: under the home folder as ``~/…``."""
    home = Path.home()
    try:
        relative = path.relative_to(home)
    except ValueError:
        return str(path)
    return "~" if str(relative) == "." else f"~/{relative}"
