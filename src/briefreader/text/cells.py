"""Terminal cell widths of text, as :mod:`briefreader.text.layout` needs them: which characters
are one cell and start their own cluster (the fast path), and a width code per character for
lines that hold wide, zero-width or joined characters. Widths mirror :func:`rich.cells.cell_len`,
which Textual uses to place the segments the article view hands it."""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size

ZWJ = "\u200d"
VS16 = "\ufe0f"
#: Drawn under a zero-width character that has no base character to combine with.
ORPHAN_BASE = "\u25cc"

# Characters rich measures as exactly one cell and that never combine: the fast path. Checked
# against rich's tables by tests/unit/test_layout.py.
SIMPLE_CHARS = (
    "\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff\u2010-\u2027\u2030-\u205e"
    "\u20a0-\u20c0\u2100-\u22ff\u2370\u2400-\u2426"
)
NOT_SIMPLE = re.compile(f"[^{SIMPLE_CHARS}]")
# Characters rich measures as exactly two cells: CJK, kana, hangul, fullwidth forms.
WIDE_CHARS = (
    "\u1100-\u115f\u2e9b-\u2ef3\u2f00-\u2fd5\u3000-\u3029\u3030-\u303e\u3041-\u3096"
    "\u309b-\u30ff\u3190-\u31e5\u3250-\ua48c\uac00-\ud7a3\uf900-\ufaff\uff01-\uff60"
)
# Runs of one-cell, of two-cell, and of other characters; the first two are coded without
# looking at each character, which matters for long CJK or mostly-ASCII lines.
_RUNS = f"([{SIMPLE_CHARS}]+)|([{WIDE_CHARS}]+)|(\t+)|([^\t{SIMPLE_CHARS}{WIDE_CHARS}]+)"
_RUN_CODES = ("", "1", "2", "T")


@lru_cache(maxsize=1)
def _runs() -> re.Pattern[str]:
    """:data:`_RUNS` compiled when a line first needs it (one that is not all simple
    characters): its classes of wide ranges cost 8 ms to compile on the test machine, paid at
    every launch though most briefs have no such line (measured 2026-12-08)."""
    return re.compile(_RUNS)


_ZERO_OR_JOINER = re.compile("[0JV]")


class _WidthCodes(dict[int, str]):
    """``str.translate`` table: code point -> width code, filled in on first sight of a char.

    Codes: "0", "1", "2" cells; "T" tab; "J" zero-width joiner; "V" variation selector 16.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char == "\t":
            value = "T"
        elif char == ZWJ:
            value = "J"
        elif char == VS16:
            value = "V"
        elif code < 0x20 or 0x7F <= code < 0xA0:
            # Controls are shown as one-cell placeholders (see briefreader.text.display).
            value = "1"
        else:
            value = "012"[min(2, max(0, get_character_cell_size(char)))]
        self[code] = value
        return value


_WIDTH_CODES = _WidthCodes()


@lru_cache(maxsize=1024)
def _widens_with_vs16(char: str) -> bool:
    # rich makes some narrow characters (digits, ©, some symbols) wide when VS16 follows.
    return cell_len(char + VS16) > cell_len(char)


def cluster_codes(text: str) -> str:
    """Width code per character of ``text``: "1"/"2" for a cluster's base, "0" for the rest.

    Tabs stay "T" (their width depends on the column). ``text`` must start at a cluster
    boundary (a line start or a row start); a zero-width first character is an orphan base and
    counts as one cell (it is drawn on a dotted circle).
    """
    base = "".join(
        match.group().translate(_WIDTH_CODES)
        if match.lastindex == 4
        else _RUN_CODES[match.lastindex or 0] * (match.end() - match.start())
        for match in _runs().finditer(text)
    )
    changes: dict[int, str] = {}
    swallowed_until = -1
    widened = -1
    # Only zero-width characters need attention; visiting just those keeps long lines with a
    # few combining marks or emoji sequences fast.
    for match in _ZERO_OR_JOINER.finditer(base):
        i = match.start()
        if i < swallowed_until:
            continue
        code = base[i]
        changes[i] = "1" if i == 0 else "0"
        if code == "V" and i > 0:
            # rich widens the last measured character: the base of this cluster.
            j = i - 1
            while j > 0 and changes.get(j, base[j]) == "0":
                j -= 1
            if j != widened and changes.get(j, base[j]) == "1" and _widens_with_vs16(text[j]):
                changes[j] = "2"
                widened = j
        elif code == "J" and i + 1 < len(base) and base[i + 1] != "T":
            # rich skips the character after a joiner; it is part of this cluster.
            changes[i + 1] = "0"
            swallowed_until = i + 2
    if not changes:
        return base
    pieces: list[str] = []
    last = 0
    for i in sorted(changes):
        pieces.append(base[last:i])
        pieces.append(changes[i])
        last = i + 1
    pieces.append(base[last:])
    return "".join(pieces)


def _encodes_cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def is_simple(text: str) -> bool:
    """True if every character of ``text`` is one cell wide and starts its own cluster."""
    # Cheap C-speed checks first: ASCII, then Windows-1252 (curly quotes, dashes, accents),
    # which covers most English briefs; the regex is ~3x slower per character.
    return "\t" not in text and (
        text.isascii() or _encodes_cp1252(text) or NOT_SIMPLE.search(text) is None
    )


_last_checked: tuple[str, bool] = ("", True)


def whole_text_is_simple(text: str) -> bool:
    # Re-wrapping on every resize need not re-scan 5 MB to learn the same answer.
    global _last_checked
    if _last_checked[0] is not text:
        _last_checked = (text, is_simple(text))
    return _last_checked[1]
