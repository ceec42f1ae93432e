"""A display-safe view of the text: one character for one character, so offsets never move.

Control characters that a terminal would act on (C0 other than tab and newline, ESC, DEL, C1)
become visible placeholders from the Control Pictures block. Characters that are invisible or
reorder text (bidi embeddings/overrides/isolates, zero-width characters, the BOM, line and
paragraph separators) become visible markers too: the stored text keeps them, the reader sees
that they are there, and nothing is ever sent to the terminal raw.

The zero-width joiner is kept only inside an emoji sequence (an emoji, or its variation selector
or keycap, before it and an emoji after it), where it is what draws a family or a flag. Anywhere
else it is invisible and worse: rich, and so the layout, counts the character after a joiner as
part of the joiner's cluster (zero cells), while a terminal draws it in a cell of its own, so a
brief full of ``a<ZWJ>b`` would push the rest of its rows sideways into the panel.
"""

from __future__ import annotations

import re

#: Placeholder for C1 controls (U+0080..U+009F), which have no control pictures of their own.
C1_PLACEHOLDER = "\u2370"  # ⍰

#: Visible markers for invisible or text-reordering characters.
INVISIBLE_MARKERS: dict[int, str] = {
    0x00AD: "\u00ac",  # soft hyphen -> ¬
    0x061C: "\u21c4",  # Arabic letter mark -> ⇄
    0x200B: "\u2423",  # zero width space -> ␣
    0x200C: "\u2af0",  # zero width non-joiner -> ⫰ (ZWJ: see JOINER_MARKER)
    0x200E: "\u21c0",  # LRM -> ⇀
    0x200F: "\u21bd",  # RLM -> ↽
    0x2028: "\u2424",  # line separator -> ␤
    0x2029: "\u00b6",  # paragraph separator -> ¶
    0x202A: "\u21e5",  # LRE
    0x202B: "\u21e4",  # RLE
    0x202C: "\u21b2",  # PDF
    0x202D: "\u21a6",  # LRO
    0x202E: "\u21a4",  # RLO
    0x2060: "\u2040",  # word joiner -> ⁀
    0x2066: "\u21e5",  # LRI
    0x2067: "\u21e4",  # RLI
    0x2068: "\u21c6",  # FSI
    0x2069: "\u21b2",  # PDI
    0xFEFF: "\u2423",  # BOM / ZWNBSP
}


#: What a zero-width joiner outside an emoji sequence becomes (⋈, "join").
JOINER_MARKER = "\u22c8"

# Roughly Unicode's Extended_Pictographic, which the regex module cannot name: what a joiner
# may join in an emoji sequence.
_EMOJI = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u25fe"
    "\u2600-\u27bf\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff"
)
# A joiner not between an emoji (or the variation selector or keycap mark ending one) and an
# emoji. It starts with the joiner itself so that the scan skips to joiners at C speed.
_LONE_JOINER = re.compile(f"\u200d(?:(?<![{_EMOJI}\ufe0f\u20e3]\u200d)|(?![{_EMOJI}]))")


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if code not in (0x09, 0x0A):
            table[code] = chr(0x2400 + code)  # ␀ .. ␟ (ESC -> ␛)
    table[0x7F] = "\u2421"  # DEL -> ␡
    for code in range(0x80, 0xA0):
        table[code] = C1_PLACEHOLDER
    table.update(INVISIBLE_MARKERS)
    return table


DISPLAY_TABLE: dict[int, str] = _build_table()

# str.translate walks every character (~0.6 s for 5 MB); a regex over the same table only
# touches the characters that need replacing, and costs ~30 ms when there are none.
_UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(DISPLAY_TABLE)) + "]")


def display_safe(text: str) -> str:
    """Return ``text`` with every unsafe or invisible character replaced by a visible one.

    ``len(display_safe(t)) == len(t)`` always holds.
    """
    if _UNSAFE.search(text) is not None:
        text = _UNSAFE.sub(lambda match: DISPLAY_TABLE[ord(match.group())], text)
    if "\u200d" in text:
        text = _LONE_JOINER.sub(JOINER_MARKER, text)
    return text


def is_display_safe(text: str) -> bool:
    """True if ``text`` contains nothing that :func:`display_safe` would replace."""
    return _UNSAFE.search(text) is None and ("\u200d" not in text or not _LONE_JOINER.search(text))


_LINE_BREAKS = str.maketrans({"\n": "\u240a", "\t": "\u2409"})  # ␊ ␉


def display_line(text: str) -> str:
    """:func:`display_safe` for a place that has one line (a file name in a list, a title in a
    table row, a toast's path): line feeds and tabs become visible too, so a name with a
    newline in it is one row, not two. Same length as ``text``."""
    return display_safe(text).translate(_LINE_BREAKS)
