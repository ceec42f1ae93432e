"""File names as text: what is stored, what identifies a file, and what is printed.

A POSIX file name is bytes, not text. Python hands over a name that is not valid UTF-8 with each
undecodable byte as a lone surrogate (U+DC80..U+DCFF, PEP 383), which no database, terminal or
UTF-8 stream accepts; and a name may hold a newline or a terminal escape. So a path is never
used as text as it comes:

- :func:`storable_name` (titles, a brief's ``source``): valid Unicode, each undecodable byte
  U+FFFD;
- :func:`path_key` (how a brief remembers the file it came from): the absolute path, or, for a
  name that is not valid UTF-8, its ``file:`` URI, whose percent-escapes keep every byte, so two
  such names never share a key and a key is never a plain path;
- :func:`printable_name` (messages): one printable line, with undecodable bytes as ``\\xe9`` and
  control and invisible characters as escapes (``\\n``, ``\\x1b``, ``\\u202e``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from briefreader.text.display import DISPLAY_TABLE

_SURROGATES = re.compile("[\ud800-\udfff]")
_UNPRINTABLE = re.compile(
    "[\t\n" + "".join(re.escape(chr(code)) for code in sorted(DISPLAY_TABLE)) + "]"
)


def storable_name(name: str | os.PathLike[str]) -> str:
    """``name`` as valid Unicode: each byte that is not UTF-8 becomes U+FFFD."""
    return _SURROGATES.sub("\ufffd", os.fspath(name))


def printable_name(name: str | os.PathLike[str]) -> str:
    """``name`` as one printable line, for messages (see the module docstring)."""
    text = os.fspath(name)
    if _SURROGATES.search(text):
        try:
            text = os.fsencode(text).decode("utf-8", "backslashreplace")
        except UnicodeError:  # a surrogate that no file system name gives
            text = _SURROGATES.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


def path_key(path: str | os.PathLike[str]) -> str:
    """The text that identifies the file at absolute ``path`` (see the module docstring)."""
    text = os.fspath(path)
    if not _SURROGATES.search(text):
        return text
    try:
        return Path(text).as_uri()
    except (UnicodeError, ValueError):
        return storable_name(text)
