"""What every boundary module shares: the :data:`Span` type and position helpers.

Clamping a position into the text, skipping and trimming whitespace, and :func:`_anchor`, the
visible character a "unit at this position" lookup is about.
"""

from __future__ import annotations

import re
from typing import TypeAlias

Span: TypeAlias = tuple[int, int]

_NONSPACE = re.compile(r"\S")


def _clamp(text: str, pos: int) -> int:
    return 0 if pos < 0 else min(pos, len(text))


def _skip_space(text: str, pos: int) -> int:
    """The first non-space position at or after ``pos`` (``len(text)`` if none)."""
    m = _NONSPACE.search(text, pos)
    return m.start() if m else len(text)


def _rstrip_end(text: str, start: int, end: int) -> int:
    """``end`` moved left over whitespace, not past ``start``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _anchor(text: str, pos: int) -> int | None:
    """The non-space character a unit lookup at ``pos`` is about: ``pos`` itself, else the next
    visible character, else (in trailing whitespace) the last one; None for blank text."""
    pos = _clamp(text, pos)
    q = _skip_space(text, pos)
    if q < len(text):
        return q
    end = _rstrip_end(text, 0, len(text))
    return end - 1 if end else None
