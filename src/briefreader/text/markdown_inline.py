"""Inline Markdown for the rendered view: what to conceal and style inside one block of text.

:func:`parse_inline` reads source ``[start, end)`` (a paragraph, a heading's text, a table
cell) and records :class:`~briefreader.text.markdown_map.Edits`:

* code spans: the backtick runs concealed, the code kept verbatim (nothing inside is markup);
* backslash escapes of ASCII punctuation: the backslash concealed (also before a line end);
* emphasis, strong (``*``, ``_``, ``**``, ``__``) and ``~~`` strikethrough: markers concealed,
  following CommonMark's delimiter-run rules, so ``2 * 3 * 4`` and ``snake_case_name`` are
  not emphasis, unbalanced markers stay visible and ``***a** b*`` nests properly;
* links ``[text](url "title")``, ``[text][ref]``, ``[text][]``, ``[ref]`` (references only
  when defined) and autolinks ``<https://...>``: shown as their text, the URL recorded; the
  text may hold balanced brackets, escapes, code and emphasis;
* images ``![alt](src)``: shown as ``[image: alt]``, the brackets virtual, the alt real;
* HTML comments on one line: concealed.

Concealed ranges never hold a newline or a line's leading whitespace, so they cannot collide
with what the block parser does at line starts (quote bars, list indentation).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from briefreader.text.markdown_front import normalize_label
from briefreader.text.markdown_map import Edits

# A one-backtick code span is found whole (the most common case); other backtick runs alone.
_TOKEN = re.compile(r"\\[!-/:-@\[-`{-~\n]|`[^`]+`(?!`)|`+|\*+|_+|~~+|!\[|[\[\]<]")
_LINK_TAIL = re.compile(
    r"\([ \t]*(<(?:[^<>\n\\]|\\.)*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
    r"(?:[ \t]+(?:\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|\((?:[^()\\\n]|\\.)*\)))?[ \t]*\)"
)
_REF_TAIL = re.compile(r"\[((?:[^\[\]\\\n]|\\.){0,999})\]")
_AUTOLINK = re.compile(
    r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>"
    r"|<([\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>"
)
_COMMENT = re.compile(r"<!--(?:-?>|.*?-->)")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_STYLE_BY_USE = {1: "emphasis", 2: "strong"}


@lru_cache(maxsize=64)
def _closing_ticks(length: int) -> re.Pattern[str]:
    return re.compile(f"(?<!`)`{{{length}}}(?!`)")


@lru_cache(maxsize=4096)
def _is_punct(char: str) -> bool:
    if char.isascii():
        return char in _ASCII_PUNCT
    return unicodedata.category(char)[0] in "PS"


@dataclass(slots=True)
class _Delim:
    """A run of ``*``, ``_`` or ``~`` that may open or close emphasis."""

    pos: int
    length: int
    char: str
    can_open: bool
    can_close: bool
    orig: int
    active: bool = True


@dataclass(slots=True)
class _Bracket:
    """A ``[`` or ``![`` waiting for its ``]``."""

    pos: int
    image: bool
    delim_index: int
    active: bool = True


class _Inline:
    """One pass over one block of text; see :func:`parse_inline`."""

    def __init__(self, text: str, start: int, end: int, edits: Edits, refs: dict[str, str]):
        self.text = text
        self.start = start
        self.end = end
        self.edits = edits
        self.refs = refs
        self.delims: list[_Delim] = []
        self.brackets: list[_Bracket] = []
        self.no_closer: dict[int, int] = {}

    def run(self, match: re.Match[str] | None) -> None:
        text, end = self.text, self.end
        search = _TOKEN.search
        add_op = self.edits.ops.append
        add_style = self.edits.styles.append
        while True:
            if match is None:
                break
            s, e = match.span()
            char = text[s]
            if char == "\\":
                add_op((s, s + 1, "", ""))
                pos = e
            elif char == "`":
                if e - s > 2 and text[s + 1] != "`":
                    add_op((s, s + 1, "", ""))
                    add_op((e - 1, e, "", ""))
                    add_style((s + 1, e - 1, "code"))
                    pos = e
                else:
                    pos = self._code(s, e)
            elif char in "*_~":
                self._delim(s, e, char)
                pos = e
            elif char == "!" or char == "[":
                self.brackets.append(_Bracket(s, char == "!", len(self.delims)))
                pos = e
            elif char == "]":
                pos = self._close(s)
            else:
                pos = self._angle(s)
            match = search(text, pos, end)
        if self.delims:
            self._emphasis(0)

    # -- code, autolinks, comments ----------------------------------------------------------

    def _code(self, s: int, e: int) -> int:
        length = e - s
        if self.no_closer.get(length, self.end) <= s:
            return e
        closer = _closing_ticks(length).search(self.text, e, self.end)
        if closer is None:
            self.no_closer[length] = s
            return e
        self.edits.hide(s, e)
        self.edits.hide(closer.start(), closer.end())
        self.edits.style(e, closer.start(), "code")
        return closer.end()

    def _angle(self, s: int) -> int:
        comment = _COMMENT.match(self.text, s, self.end)
        if comment is not None:
            self.edits.hide(s, comment.end())
            return comment.end()
        link = _AUTOLINK.match(self.text, s, self.end)
        if link is None:
            return s + 1
        url = link[1] or f"mailto:{link[2]}"
        self.edits.hide(s, s + 1)
        self.edits.hide(link.end() - 1, link.end())
        self.edits.style(s + 1, link.end() - 1, "link")
        self.edits.links.append((s + 1, link.end() - 1, url, False))
        return link.end()

    # -- emphasis ---------------------------------------------------------------------------

    def _delim(self, s: int, e: int, char: str) -> None:
        text = self.text
        before = text[s - 1] if s > self.start else " "
        after = text[e] if e < self.end else " "
        after_space = after.isspace()
        before_space = before.isspace()
        left = not after_space and (not _is_punct(after) or before_space or _is_punct(before))
        right = not before_space and (not _is_punct(before) or after_space or _is_punct(after))
        if char == "_":
            can_open = left and (not right or _is_punct(before))
            can_close = right and (not left or _is_punct(after))
        elif e - s == 1 and before.isalnum() and after.isalnum():
            # Not CommonMark: one `*` inside a word is written, not markup. Saved web pages
            # and German text use it so ("Konsument*innen und Bürger*innen", the gender star;
            # 16 of 400 pages of the HTML corpus), and "2*3*4" is arithmetic.
            return
        else:
            can_open, can_close = left, right
        if can_open or can_close:
            self.delims.append(_Delim(s, e - s, char, can_open, can_close, e - s))

    def _emphasis(self, bottom: int) -> None:
        """CommonMark's "process emphasis" over the delimiters from ``bottom`` on."""
        delims = self.delims
        openers_bottom: dict[tuple[str, bool, int], int] = {}
        i = bottom
        while i < len(delims):
            closer = delims[i]
            if not (closer.active and closer.can_close and closer.length):
                i += 1
                continue
            key = (closer.char, closer.can_open, closer.orig % 3)
            j = i - 1
            floor = max(bottom, openers_bottom.get(key, bottom))
            found = -1
            while j >= floor:
                opener = delims[j]
                if (
                    opener.active
                    and opener.length
                    and opener.can_open
                    and opener.char == closer.char
                    and self._pairs(opener, closer)
                ):
                    found = j
                    break
                j -= 1
            if found < 0:
                openers_bottom[key] = i
                if not closer.can_open:
                    closer.active = False
                i += 1
                continue
            opener = delims[found]
            use = 2 if opener.length >= 2 and closer.length >= 2 else 1
            opener.length -= use
            inner_start = opener.pos + opener.length + use
            self.edits.hide(opener.pos + opener.length, inner_start)
            self.edits.hide(closer.pos, closer.pos + use)
            name = "strike" if closer.char == "~" else _STYLE_BY_USE[use]
            self.edits.style(inner_start, closer.pos, name)
            closer.pos += use
            closer.length -= use
            for between in range(found + 1, i):
                delims[between].active = False
            if not closer.length:
                i += 1

    @staticmethod
    def _pairs(opener: _Delim, closer: _Delim) -> bool:
        if closer.char == "~":
            return opener.orig == 2 and closer.orig == 2
        if (opener.can_close or closer.can_open) and (opener.orig + closer.orig) % 3 == 0:
            return opener.orig % 3 == 0 and closer.orig % 3 == 0
        return True

    # -- links and images -------------------------------------------------------------------

    def _close(self, s: int) -> int:
        if not self.brackets:
            return s + 1
        opener = self.brackets.pop()
        if not opener.active:
            return s + 1
        text_start = opener.pos + (2 if opener.image else 1)
        found = self._destination(text_start, s)
        if found is None:
            return s + 1
        url, tail_end = found
        self._emphasis(opener.delim_index)
        del self.delims[opener.delim_index :]
        hide = self.edits.hide
        if opener.image:
            hide(opener.pos, text_start, "[image: " if s > text_start else "[image", "image")
            hide(s, tail_end, "]", "image")
            self.edits.style(text_start, s, "image")
        else:
            hide(opener.pos, text_start)
            hide(s, tail_end)
            self.edits.style(text_start, s, "link")
            for earlier in self.brackets:
                if not earlier.image:
                    earlier.active = False
        if opener.image:
            self.edits.links.append((opener.pos, tail_end, url, True))
        else:
            self.edits.links.append((text_start, s, url, False))
        return tail_end

    def _destination(self, text_start: int, close: int) -> tuple[str, int] | None:
        """``(url, end)`` of what follows the ``]`` at ``close``, if it makes a link."""
        text = self.text
        after = close + 1
        tail = _LINK_TAIL.match(text, after, self.end)
        if tail is not None:
            url = tail[1]
            if url.startswith("<"):
                url = url[1:-1]
            return _UNESCAPE.sub(r"\1", url), tail.end()
        ref = _REF_TAIL.match(text, after, self.end)
        if ref is not None:
            label = ref[1] or text[text_start:close]
            url = self.refs.get(normalize_label(label)) if label.strip() else None
            return (url, ref.end()) if url is not None else None
        if self.refs and text[text_start:close].strip():
            url = self.refs.get(normalize_label(text[text_start:close]))
            if url is not None:
                return url, after
        return None


def parse_inline(
    text: str, start: int, end: int, edits: Edits, refs: dict[str, str] | None
) -> None:
    """Record the inline markup of source ``[start, end)`` in ``edits`` (see the module's
    docstring); ``refs`` maps normalised link labels to URLs. With ``refs`` None the text has
    no inline markup (a saved web page's: its words are stored as they were on the page)."""
    if refs is None:
        return
    first = _TOKEN.search(text, start, end)
    if first is not None:
        _Inline(text, start, end, edits, refs).run(first)
