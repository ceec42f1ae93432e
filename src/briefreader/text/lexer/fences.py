"""Fenced code blocks and front matter in Markdown: where they are and where their body is.

Plain string and regex work (no Pygments): :func:`fence_ranges` finds every fence of a document
in one regex pass, :func:`_fence_lines` splits one fence into opening line, body and closing
line.
"""

from __future__ import annotations

import re

from briefreader.text.lexer.tokens import Fence

_FRONT_MATTER = {"---": "yaml", "+++": "toml"}


def fence_ranges(text: str) -> list[Fence]:
    """``(start, end, lang)`` of every fenced code block in a Markdown document, in order.

    ``start`` is the start of the opening ```` ``` ```` / ``~~~`` line, ``end`` the end of the
    closing line (before its newline), or ``len(text)`` when a fence is never closed (as
    CommonMark does). ``lang`` is the first word of the info string, lowercased ("" if none).
    YAML (``---``) or TOML (``+++``) front matter at the very start counts as a fence of
    ``yaml`` / ``toml``, so its lines are never mistaken for headings.

    Compute it once per document and pass it to :func:`reading_aid_spans`: one regex pass,
    about 10 ms for 5 MB of prose.
    """
    fences: list[Fence] = []
    pos = 0
    front = _front_matter(text)
    if front is not None:
        fences.append(front)
        pos = front[1]
    else:
        first = _FENCE_AT_START.match(text, 1 if text.startswith("\ufeff") else 0)
        if first is not None:
            fences.append((first.start(), first.end(), _fence_lang(first["info"])))
            pos = first.end()
    for match in _FENCE.finditer(text, pos):
        fences.append((match.start() + 1, match.end(), _fence_lang(match["info"])))
    return fences


_FENCE_BODY = r"""
    (?P<fence>(?P<char>[`~])(?P=char){2,})
    (?P<info>(?<=`)[^`\n]*|(?<=~)[^\n]*)   # a backtick fence's info has no backtick
    (?:\n(?![ \t]*(?P=fence)(?P=char)*[ \t]*(?:\n|\Z))[^\n]*)*   # lines that do not close it
    (?:\n[ \t]*(?P=fence)(?P=char)*[ \t]*(?=\n|\Z))?   # no closing line: it runs to the end
"""
# Starting with a literal "\n" lets `re` skip from newline to newline in C: one pass over 5 MB.
_FENCE = re.compile(r"\n[ \t]*" + _FENCE_BODY, re.VERBOSE)
_FENCE_AT_START = re.compile(r"[ \t]*" + _FENCE_BODY, re.VERBOSE)


def _fence_lang(info: str) -> str:
    words = info.strip().split()
    if not words:
        return ""
    # Pandoc and R Markdown write "{.python .numberLines}" or "{r}".
    return words[0].strip("{}").lstrip(".").rstrip(",").lower()


def _front_matter(text: str) -> Fence | None:
    offset = 1 if text.startswith("\ufeff") else 0
    first_end = text.find("\n", offset)
    if first_end < 0:
        return None
    lang = _FRONT_MATTER.get(text[offset:first_end].rstrip(" \t"))
    if lang is None:
        return None
    closers = ("---", "...") if lang == "yaml" else ("+++",)
    ends = [end for mark in closers if (end := _closing_line(text, mark, first_end)) >= 0]
    return (0, min(ends), lang) if ends else None


def _closing_line(text: str, mark: str, pos: int) -> int:
    """End of the first line after ``pos`` that is exactly ``mark``, or -1."""
    while True:
        found = text.find("\n" + mark, pos)
        if found < 0:
            return -1
        line_end = text.find("\n", found + 1)
        if line_end < 0:
            line_end = len(text)
        if text[found + 1 : line_end].rstrip(" \t") == mark:
            return line_end
        pos = line_end


def _fence_lines(fence_text: str) -> tuple[int, int]:
    """``(body_start, body_end)`` of a fence's text: after the opening line, before the
    closing line (or the end, when the fence is never closed)."""
    first_end = fence_text.find("\n")
    if first_end < 0:
        return len(fence_text), len(fence_text)
    body_start = first_end + 1
    last_start = fence_text.rfind("\n") + 1
    if last_start <= first_end:
        return body_start, len(fence_text)
    opening = fence_text[:first_end].strip(" \t\ufeff")
    closing = fence_text[last_start:].rstrip(" \t").lstrip(" \t")
    mark = opening[:3]
    if mark in _FRONT_MATTER:
        closes = closing in (mark, "...") if mark == "---" else closing == mark
    else:
        run = len(opening) - len(opening.lstrip(mark[0]))
        closes = len(closing) >= run and closing == mark[0] * len(closing)
    if closes:
        return body_start, last_start
    return body_start, len(fence_text)
