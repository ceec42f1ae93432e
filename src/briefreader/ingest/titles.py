"""Titles for briefs: clean one-line text, cut at a word boundary, found in plain text.

A title is shown in lists and headers, so it must be a single short line with nothing a terminal
would act on. Only the head of a brief is ever looked at, so a 5 MB brief costs the same as a
short one.
"""

from __future__ import annotations

import re

from briefreader.text.boundaries import count_words, sentence_at
from briefreader.text.display import DISPLAY_TABLE

#: The longest title kept as is; longer ones are cut at a word boundary.
MAX_TITLE = 120
#: The longest headline of a web page kept as is (a headline is written to be the title, and
#: real ones run to 125 characters and more; whoever shows it cuts it to the room it has).
MAX_PAGE_TITLE = 250
#: How long a title made from the first sentence may be (a longer sentence is cut at a word).
MAX_SENTENCE_TITLE = MAX_TITLE
#: How much of the start of a text is searched for a title.
HEAD_CHARS = 4096
ELLIPSIS = "…"

# Terminal escape sequences are removed whole: removing only ESC would leave "[2J" in a title.
_ESCAPES = re.compile(
    r"""
      (?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?          # OSC ... BEL/ST
    | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?  # DCS/SOS/PM/APC ... ST
    | (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?                              # CSI
    | \x1b[ -/]*[0-~]?                                               # other ESC sequences
    """,
    re.VERBOSE,
)
# Characters that separate words become spaces; every other unsafe or invisible one goes.
_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"
_TITLE_TABLE: dict[int, str | None] = {code: None for code in DISPLAY_TABLE}
_TITLE_TABLE.update({ord(ch): " " for ch in _SPACES})
_WHITESPACE = re.compile(r"\s+")
_SURROGATES = re.compile("[\ud800-\udfff]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")

_WORD = re.compile(r"\w+")
_TRAILING_JUNK = re.compile(r"[\s,;:\-–—(\[{\"'“‘]+\Z")


def clean_title(raw: str) -> str:
    """One line with no escape sequences, control or invisible characters; spaces collapsed.

    A lone surrogate (a byte of a file name that is not UTF-8) becomes U+FFFD.
    """
    text = _ESCAPES.sub("", _SURROGATES.sub("\ufffd", raw)).translate(_TITLE_TABLE)
    return _WHITESPACE.sub(" ", text).strip()


def shorten(text: str, limit: int, mark: str = "") -> str:
    """``text`` if it fits in ``limit`` characters, else cut at a word boundary (followed by
    ``mark``). A title is stored without a mark: "…" in a stored title would be quoted in
    every export of its annotations; whoever shows it cuts it to the room it has."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(mark) + 1]
    space = cut.rfind(" ")
    # A single enormous "word" (a URL, a hash) is cut mid-word rather than lost.
    cut = cut[:space] if space >= limit // 3 else cut[: limit - len(mark)]
    cut = _TRAILING_JUNK.sub("", cut)
    return (cut or text[: limit - len(mark)]) + mark


def first_sentence(paragraph: str) -> str:
    """The first sentence of ``paragraph``, as the reader's sentence selection sees it."""
    span = sentence_at(paragraph, 0)
    return paragraph[span[0] : span[1]] if span else paragraph


def _looks_like_title(line: str, next_line: str) -> bool:
    """A short line standing over the text, not the first line of a hard-wrapped paragraph."""
    if line[-1] in ".,;:-–—" or count_words(line) > 20:
        return False
    if line.isupper() or len(line) <= 0.6 * len(next_line):
        return True
    words = [w for w in _WORD.findall(line) if w[0].isalpha()]
    capitalised = sum(1 for w in words if w[0].isupper())
    return bool(words) and capitalised / len(words) >= 0.6


def title_from_text(text: str) -> str | None:
    """A title for plain text: the first line if it is a title, else the first sentence.

    The first line counts if it is at most 120 characters and is followed by a blank line (or
    nothing), or looks like a title; otherwise the first sentence, cut at a word boundary if it
    is over 120 characters (without "…": see :func:`shorten`).
    Returns None if the head of the text has nothing readable.
    """
    lines = text[:HEAD_CHARS].split("\n")
    # When the text goes on past the head, the last piece may be a cut-off line.
    complete = len(lines) if len(text) <= HEAD_CHARS else len(lines) - 1
    for index, raw in enumerate(lines):
        line = clean_title(raw)
        if not line:
            continue
        if index < complete and len(line) <= MAX_TITLE:
            if index + 1 == len(lines):
                return line
            next_line = clean_title(lines[index + 1])
            if not next_line or _looks_like_title(line, next_line):
                return line
        paragraph = _PARAGRAPH_BREAK.split("\n".join(lines[index:]), maxsplit=1)[0]
        return shorten(first_sentence(clean_title(paragraph)), MAX_SENTENCE_TITLE)
    return None


def fallback_title(name: str) -> str:
    """A title from a file name, for briefs whose text offers none."""
    stem = name.replace("\\", "/").rsplit("/", 1)[-1]
    if "." in stem.strip("."):
        stem = stem.rsplit(".", 1)[0]
    return shorten(clean_title(stem), MAX_TITLE) or "Untitled brief"
