"""How the command line is read before argparse parses it, and where argparse is corrected.

* A value that starts with ``-`` is a value: ``--note -2+3`` becomes ``--note=-2+3`` for argparse
  unless the word is itself an option of that (sub-)command (``--note --tag x`` stays an error:
  the note was forgotten). ``search`` words starting with ``-`` (``-word`` excludes) are query
  words.
* ``--`` is a value too when given as one (``--note=--``, ``--note --``): Python 3.11's argparse
  drops it and hands the action an empty list (see :class:`Parser`).
* No command means ``open``; a first word that is neither a command nor a path is a mistake
  (:class:`UnknownCommand`), with the closest command suggested (whatever the letters' case:
  ``LIST`` -> did you mean list?).
"""

from __future__ import annotations

import argparse
import difflib
import os
from collections.abc import Sequence
from typing import Any

#: What ``briefreader PATH`` opens (``briefreader.ingest.SUPPORTED_SUFFIXES``, kept here so
#: reading the command line imports nothing heavy; a test checks that they agree).
BRIEF_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")

#: Sub-commands whose positional words may start with ``-`` (search's ``-word``).
_WORDS_MAY_START_WITH_DASH = frozenset({"search"})


class UnknownCommand(ValueError):
    """The first word is neither a command nor a file; the message says so, for the user."""


class Parser(argparse.ArgumentParser):
    """argparse, but an option's value may be ``--`` (``--claimant=--`` stores ``"--"``)."""

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> Any:
        # Python 3.11 removes a "--" from every option's values, leaving an empty list where
        # the value was; for an option of one value, "--" can only be that value.
        if action.option_strings and action.nargs is None and arg_strings == ["--"]:
            value = self._get_value(action, "--")
            self._check_value(action, value)
            return value
        return super()._get_values(action, arg_strings)


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return parser._option_string_actions


def _resolve(parser: argparse.ArgumentParser, word: str) -> argparse.Action | None:
    """The option ``word`` names as argparse would read it (exactly, or a unique prefix of a
    long option); None if it names none or several."""
    options = _options(parser)
    name = word.partition("=")[0] if word.startswith("--") else word
    if name in options:
        return options[name]
    if name.startswith("--") and len(name) > 2 and parser.allow_abbrev:
        found = {id(a): a for o, a in options.items() if o.startswith(name)}
        return next(iter(found.values())) if len(found) == 1 else None
    return None


def _is_option(parser: argparse.ArgumentParser, word: str) -> bool:
    """Whether argparse would take ``word`` for one of ``parser``'s options (so it cannot be
    the value of the option before it)."""
    if not word.startswith("-") or word in ("-", "--"):
        return False
    options = _options(parser)
    if word.startswith("--"):
        name = word.partition("=")[0]
        return any(option.startswith(name) for option in options)
    if word in options:
        return True
    # "-ofile": a short option with its value attached.
    attached = options.get(word[:2])
    return attached is not None and attached.nargs is None


def _takes_one_value(action: argparse.Action | None) -> bool:
    return action is not None and action.nargs is None and bool(action.option_strings)


def _values_as_values(parser: argparse.ArgumentParser, words: list[str]) -> list[str]:
    """``--opt -x`` -> ``--opt=-x`` for every option of ``parser`` that takes one value."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            return out + words[i:]
        action = _resolve(parser, word) if word.startswith("-") and "=" not in word else None
        if (
            _takes_one_value(action)
            and (word.startswith("--") or len(word) == 2)
            and i + 1 < len(words)
            and not _is_option(parser, words[i + 1])
        ):
            value = words[i + 1]
            out.extend([f"{word}={value}"] if value.startswith("-") else [word, value])
            i += 2
            continue
        out.append(word)
        i += 1
    return out


def _words_last(parser: argparse.ArgumentParser, words: list[str]) -> list[str]:
    """Options first, then ``--`` and the positional words, so that words starting with ``-``
    (and words after options) are all words: ``dash -spot --json`` -> ``--json -- dash -spot``.
    A mistyped long option (``--jsn``) is left for argparse to report."""
    options: list[str] = []
    positional: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            positional.extend(words[i + 1 :])
            break
        if word.startswith("--") or _is_option(parser, word):
            options.append(word)
            if _takes_one_value(_resolve(parser, word)) and "=" not in word:
                options.extend(words[i + 1 : i + 2])
                i += 1
        else:
            positional.append(word)
        i += 1
    return [*options, "--", *positional] if positional else options


def _looks_like_a_path(word: str) -> bool:
    return (
        os.sep in word
        or "/" in word
        or word.lower().endswith(BRIEF_SUFFIXES)
        or os.path.lexists(word)
    )


def _unknown(word: str, commands: Sequence[str]) -> UnknownCommand:
    # Compared in lower case (LIST -> list), but never run as another command: commands are
    # spelled in lower case, and a word that is not one may be a file name.
    close = difflib.get_close_matches(word.lower(), commands, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else " (briefreader --help lists the commands)"
    return UnknownCommand(f"no such command or file: {word}{hint}")


def prepare(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """``argv`` as argparse should see it (see the module docstring). Raises
    :class:`UnknownCommand` for a first word that is neither a command nor a path."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    commands: dict[str, argparse.ArgumentParser] = sub.choices
    words = list(argv)
    i = 0
    ended = False  # "briefreader -- -odd-name.txt": what follows "--" is a path
    while i < len(words):  # the options before the command
        word = words[i]
        if word == "--":
            del words[i]
            ended = True
            break
        if not word.startswith("-") or word == "-":
            break
        if word in ("-h", "--help", "--version"):
            return _values_as_values(parser, words)
        action = _resolve(parser, word)
        i += 2 if _takes_one_value(action) and "=" not in word else 1
    head = _values_as_values(parser, words[: min(i, len(words))])
    rest = words[i:]
    if rest and rest[0] in commands and not ended:
        command, rest = rest[0], rest[1:]
    elif ended:
        return [*head, "open", "--", *rest]
    else:
        if rest and not _looks_like_a_path(rest[0]):
            raise _unknown(rest[0], list(commands))
        command = "open"
    chosen = commands[command]
    rest = _values_as_values(chosen, rest)
    if command in _WORDS_MAY_START_WITH_DASH:
        rest = _words_last(chosen, rest)
    return [*head, command, *rest]
