"""Anchoring annotations to text: finding a typed quote in a brief, and the quote/prefix/suffix
context stored with every annotation (the W3C TextQuoteSelector's parts).

Re-anchoring annotations when a brief's text changes is in :mod:`briefreader.anchoring.reanchor`.
"""

from __future__ import annotations

import re

#: Characters of context kept on each side of an annotation's quote.
CONTEXT_CHARS = 32

# Characters a person typing a quote in a shell is likely to have typed differently from the
# brief: straight vs typographic quotes and apostrophes, hyphens vs dashes.
_EQUIVALENT = {
    "'": "'‘’‛′",
    '"': '"“”„‟″',
    "-": "-‐‑‒–—",
}
_CLASS_OF = {ch: group for group in _EQUIVALENT.values() for ch in group}


class QuoteNotFound(LookupError):
    """The quote does not occur in the text."""


class AmbiguousQuote(LookupError):
    """The quote occurs more than once and no occurrence was chosen."""

    def __init__(self, message: str, count: int) -> None:
        super().__init__(message)
        self.count = count


def context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The ``chars`` characters before ``start`` and after ``end``."""
    return text[max(0, start - chars) : start], text[end : end + chars]


def _lenient_pattern(quote: str) -> re.Pattern[str]:
    parts: list[str] = []
    for token in re.split(r"(\s+)", quote.strip()):
        if not token:
            continue
        if token.isspace():
            parts.append(r"\s+")
            continue
        for i, ch in enumerate(token):
            group = _CLASS_OF.get(ch)
            parts.append("[" + re.escape(group) + "]" if group else re.escape(ch))
            if group is _EQUIVALENT["-"] and i + 1 < len(token):
                parts.append(r"\s*")  # a line broken after the hyphen ("high-|level")
    return re.compile("".join(parts))


def find_all(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) where ``quote`` occurs: exact matches if there are any, otherwise
    matches that differ only in whitespace runs, a line break after a hyphen, quote/apostrophe
    style or dash style."""
    if not quote.strip():
        return []
    spans: list[tuple[int, int]] = []
    pos = text.find(quote)
    while pos != -1:
        spans.append((pos, pos + len(quote)))
        pos = text.find(quote, pos + 1)
    if spans:
        return spans
    return [m.span() for m in _lenient_pattern(quote).finditer(text)]


def find_quote(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """The span of ``quote`` in ``text``; ``occurrence`` (1-based) picks one of several.

    Raises :class:`QuoteNotFound` or :class:`AmbiguousQuote` with a message for the user.
    """
    spans = find_all(text, quote)
    shown = quote if len(quote) <= 60 else quote[:57] + "…"
    if not spans:
        raise QuoteNotFound(f"quote not found in the brief: {shown!r}")
    if occurrence is None:
        if len(spans) > 1:
            raise AmbiguousQuote(
                f"quote occurs {len(spans)} times in the brief: {shown!r}; "
                f"choose one with --occurrence 1..{len(spans)}",
                len(spans),
            )
        return spans[0]
    if not 1 <= occurrence <= len(spans):
        raise QuoteNotFound(
            f"--occurrence {occurrence}: the quote occurs {len(spans)} time(s): {shown!r}"
        )
    return spans[occurrence - 1]
