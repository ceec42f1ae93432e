"""The Markdown lexer: Markdown structure over the prose reading aids, fences lexed as code.

:class:`MarkdownProseLexer` extends :class:`~briefreader.text.lexer.prose.ProseLexer` with
headings, emphasis, strong, inline code and links, and hands fenced code blocks to the fence
language's lexer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from pygments.lexer import bygroups, inherit  # type: ignore[import-untyped, unused-ignore]
from pygments.token import (  # type: ignore[import-untyped, unused-ignore]
    Generic,
    Name,
    Punctuation,
    String,
    Whitespace,
    _TokenType,
)

from briefreader.text.lexer.code import _fence_tokens
from briefreader.text.lexer.fences import fence_ranges
from briefreader.text.lexer.prose import ProseLexer

_NOT_BLANK_LINE = r"\n(?![ \t]*\n)"
_MD_RULES: list[Any] = [
    (r"[ \t]*\n", Whitespace),
    (r"^[ ]{0,3}#(?=[ \t]|$)[^\n]*", Generic.Heading),
    (r"^[ ]{0,3}#{2,6}(?=[ \t]|$)[^\n]*", Generic.Subheading),
    (
        r"^[ ]{0,3}(?![-+*>#]|\d+[.)][ \t]|[ \t]*\n)[^\n]+\n[ ]{0,3}=+[ \t]*(?=\n|\Z)",
        Generic.Heading,
    ),
    (
        r"^[ ]{0,3}(?![-+*>#]|\d+[.)][ \t]|[ \t]*\n)[^\n]+\n[ ]{0,3}-+[ \t]*(?=\n|\Z)",
        Generic.Subheading,
    ),
    (r"^[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*(?=\n|\Z)", Punctuation),  # thematic break
    (r"^[ ]{0,3}(?:>[ ]?)+", Punctuation),
    (r"^[ \t]*(?:[-+*]|\d{1,9}[.)])(?=[ \t]|\n|\Z)", Punctuation),  # list item
    (
        r"^([ ]{0,3}\[)([^\]\n]+)(\]:)([ \t]*)(\S+)",  # link reference definition
        bygroups(Punctuation, Name.Tag, Punctuation, Whitespace, Name.Attribute),
    ),
    (r"\\[\\`*_{}\[\]()#+\-.!>~|]", String.Escape),
    (rf"(`+)(?!`)(?:[^`\n]|{_NOT_BLANK_LINE}|(?!\1(?!`))`++)+?(?<!`)\1(?!`)", String.Backtick),
    (r"<(?:(?:https?|ftp|mailto):[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>", Name.Tag),
    (
        r"(!?\[)((?:[^\]\n\\]|\\.)+)(\]\()([^)\s]*(?:\([^)\s]*\)[^)\s]*)*)"
        r"((?:[ \t]+\"[^\"\n]*\")?\))",
        bygroups(Punctuation, Name.Tag, Punctuation, Name.Attribute, Punctuation),
    ),
    (r"(!?\[)((?:[^\]\n\\]|\\.)+)(\]\[[^\]\n]*\])", bygroups(Punctuation, Name.Tag, Punctuation)),
    (rf"\*\*\*(?![\s*])(?:[^*\n]|{_NOT_BLANK_LINE})+?(?<![\s*])\*\*\*", Generic.EmphStrong),
    (
        rf"\*\*(?![\s*])(?:[^*\n]|\*(?!\*)|{_NOT_BLANK_LINE})+?(?<![\s*\\])\*\*(?!\*)",
        Generic.Strong,
    ),
    (
        rf"(?<![\w\\])__(?![\s_])(?:[^_\n]|_(?!_)|{_NOT_BLANK_LINE})+?(?<![\s_\\])__(?!\w)",
        Generic.Strong,
    ),
    (
        rf"(?<![\w*\\])\*(?![\s*])(?:[^*\n]|\*\*(?![\s*])[^*\n]+?(?<![\s*])\*\*|{_NOT_BLANK_LINE})+?"
        r"(?<![\s*\\])\*(?![\w*])",
        Generic.Emph,
    ),
    (
        rf"(?<![\w\\])_(?![\s_])(?:[^_\n]|{_NOT_BLANK_LINE})+?(?<![\s_\\])_(?!\w)",
        Generic.Emph,
    ),
    inherit,
]


class MarkdownProseLexer(ProseLexer):
    """Markdown structure over prose: headings, emphasis, strong, inline code, links, and
    fenced code blocks (and YAML/TOML front matter) lexed by the fence language's lexer.

    Paragraph text gets the same reading aids as :class:`ProseLexer`. Fences are found with
    :func:`fence_ranges` before anything else, so a ``#`` or ``*`` inside code is never read as
    Markdown.
    """

    name = "Markdown prose"
    aliases: ClassVar[list[str]] = ["markdown-prose"]
    tokens: ClassVar[dict[str, list[Any]]] = {"root": _MD_RULES}

    def get_tokens_unprocessed(
        self, text: str, stack: Sequence[str] = ("root",)
    ) -> Iterator[tuple[int, _TokenType, str]]:
        pos = 0
        for start, end, lang in fence_ranges(text):
            if pos < start:
                yield from self._markup_tokens(text[pos:start], pos, stack)
            for rel_start, rel_end, ttype in _fence_tokens(text[start:end], lang):
                yield start + rel_start, ttype, text[start + rel_start : start + rel_end]
            pos = end
        if pos < len(text):
            yield from self._markup_tokens(text[pos:], pos, stack)

    def _markup_tokens(
        self, text: str, offset: int, stack: Sequence[str] = ("root",)
    ) -> Iterator[tuple[int, _TokenType, str]]:
        """Markdown outside fences (no fence detection), offsets shifted by ``offset``."""
        for index, ttype, value in super().get_tokens_unprocessed(text, stack):
            yield index + offset, ttype, value
