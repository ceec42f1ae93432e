"""Comparing text regardless of formatting: :func:`fold` turns a passage and a reformatted
copy of it (other whitespace runs, line breaks after hyphens, typographic quotes and dashes)
into the same string. The alignment and every search step compare through it."""

from __future__ import annotations

import re

# Characters a reformatted copy of a brief may have in place of each other.
_SAME = {"'": "'‘’‛′", '"': '"“”„‟″', "-": "-‐‑‒–—"}
_FOLD_PAIRS = [(ch, plain) for plain, group in _SAME.items() for ch in group if ch != plain]
_HYPHEN_SPACE = re.compile(r"(?<=\w-) (?=\w)")
_CLASS = {ch: "[" + re.escape(group) + "]" for group in _SAME.values() for ch in group}


def fold(text: str) -> str:
    """``text`` with whitespace runs as one space, none after a hyphen inside a word (a line
    broken at "high-|level"), and typographic quotes/dashes as ASCII: two quotes that fold to
    the same string differ only in formatting."""
    return _HYPHEN_SPACE.sub("", " ".join(_fold_marks(text).split()))


def _squeeze(text: str) -> str:
    """``text`` folded and without whitespace at all."""
    return "".join(_fold_marks(text).split())


def _fold_marks(text: str) -> str:
    """Typographic quotes and dashes as ASCII, one character for one."""
    # str.replace per character: str.translate walks every character through a dict (35x
    # slower on text with typographic quotes).
    for fancy, plain in _FOLD_PAIRS:
        if fancy in text:
            text = text.replace(fancy, plain)
    return text


def _lower(text: str) -> str:
    """``text`` in lower case where that keeps every offset (it does not for a few characters,
    such as "İ", which lower to two): the fuzzy search finds a passage whose case changed."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text
