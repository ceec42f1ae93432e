"""Pygments token types -> reading-aid names, and lexer tokens -> offset spans.

The shared vocabulary of the reading-aid lexer: the :data:`Span` and :data:`Fence` tuples, the
:data:`LEXER_OPTIONS` that keep Pygments from rewriting its input, the names the widget styles
(:data:`READING_AID_NAMES`), :func:`token_name`, and :func:`_spans` / :func:`_lex`, which turn a
lexer's tokens into spans checked against the text they claim to cover.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Final

from pygments.lexer import Lexer  # type: ignore[import-untyped, unused-ignore]
from pygments.token import (  # type: ignore[import-untyped, unused-ignore]
    Comment,
    Generic,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    String,
    _TokenType,
)

#: ``(start, end, name)``: end-exclusive code-point offsets into the text, and a style name.
Span = tuple[int, int, str]
#: ``(start, end, lang)`` of a fenced code block (opening line to end of closing line).
Fence = tuple[int, int, str]

#: Options that stop Pygments from changing the text it lexes, so offsets stay exact.
LEXER_OPTIONS: Final[dict[str, Any]] = {
    "stripnl": False,
    "stripall": False,
    "ensurenl": False,
    "tabsize": 0,
}

#: Names for tokens inside fenced code blocks.
CODE_NAMES: Final = frozenset(
    {
        "code.keyword",
        "code.string",
        "code.comment",
        "code.number",
        "code.name",
        "code.operator",
    }
)

#: Every name :func:`reading_aid_spans` can return; the widget maps each to a style.
READING_AID_NAMES: Final = frozenset(
    {
        "quote",
        "number",
        "acronym",
        "name",
        "url",
        "heading",
        "emphasis",
        "strong",
        "code",
    }
    | CODE_NAMES
)


# --- token names ----------------------------------------------------------------------------
def token_name(ttype: _TokenType, *, code: bool = False) -> str | None:
    """The reading-aid name for a Pygments token type, or None for plain text.

    ``code`` says the token comes from a fenced code block: there ``String`` is a string
    literal ("code.string"), not a quotation, and an identifier is not a person's name.
    """
    return _token_name(ttype, code)


@lru_cache(maxsize=1024)
def _token_name(ttype: _TokenType, code: bool) -> str | None:
    # Cached: a token-type test walks the type's ancestry in Python, and a paragraph has
    # thousands of tokens but only a handful of types.
    if code:
        return _code_token_name(ttype)
    if ttype in Generic.Heading or ttype in Generic.Subheading:
        return "heading"
    if ttype in Generic.Strong or ttype in Generic.EmphStrong:
        return "strong"
    if ttype in Generic.Emph:
        return "emphasis"
    if ttype in String.Backtick:
        return "code"
    if ttype in String.Escape:
        return None
    if ttype in String:
        return "quote"
    if ttype in Number:
        return "number"
    if ttype in Name.Constant:
        return "acronym"
    if ttype in Name.Tag or ttype in Name.Attribute or ttype is Literal:
        return "url"
    if ttype in Name:
        return "name"
    return None


def _code_token_name(ttype: _TokenType) -> str | None:
    if ttype in Comment:
        return "code.comment"
    if ttype in Keyword or ttype in Operator.Word:
        return "code.keyword"
    if ttype in String:
        return "code.string"
    if ttype in Number or ttype in Literal.Date:
        return "code.number"
    if ttype in Literal:
        return "code.string"
    if ttype in Operator:
        return "code.operator"
    # Plain identifiers stay plain; functions, classes, builtins, tags, attributes stand out.
    if ttype in Name and ttype is not Name and ttype not in Name.Other:
        return "code.name"
    return None


# --- tokens -> spans ------------------------------------------------------------------------
def _spans(
    tokens: Iterable[tuple[int, _TokenType, str]], text: str, offset: int, *, code: bool
) -> list[Span]:
    """Spans from ``tokens`` lexed from ``text``, shifted by ``offset``, adjacent equal names
    merged.

    Offsets are recomputed from the token lengths and each token is checked against the text:
    a third-party lexer that drops or rewrites text raises ValueError instead of silently
    misplacing every span after it.
    """
    out: list[Span] = []
    pos = 0
    for _index, ttype, value in tokens:
        if not text.startswith(value, pos):
            raise ValueError(f"lexer output does not match its input at {pos}")
        end = pos + len(value)
        name = _token_name(ttype, code)
        if name is not None and end > pos:
            if out and out[-1][2] == name and out[-1][1] == offset + pos:
                out[-1] = (out[-1][0], offset + end, name)
            else:
                out.append((offset + pos, offset + end, name))
        pos = end
    if pos != len(text):
        raise ValueError("lexer output is shorter than its input")
    return out


def _lex(lexer: Lexer, text: str, offset: int, *, code: bool) -> list[Span]:
    try:
        return _spans(lexer.get_tokens_unprocessed(text), text, offset, code=code)
    except Exception:
        # A broken third-party code lexer must not take the reader down: show the code plain.
        if code:
            return []
        raise
