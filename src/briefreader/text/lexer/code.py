"""Fenced code: the Pygments lexer for a fence's language, and a fence's spans and tokens.

Pygments' lexer registry (:func:`code_lexer`) is consulted only when a fence with a language is
shown. A fence up to :data:`FENCE_LEX_LIMIT` characters is lexed whole and cached by content
(:func:`_fence_spans`); a bigger one only the lines asked for (:func:`_big_fence_spans`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Final

from pygments.lexer import Lexer  # type: ignore[import-untyped, unused-ignore]
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped, unused-ignore]
from pygments.token import String, Text, _TokenType  # type: ignore[import-untyped, unused-ignore]
from pygments.util import ClassNotFound  # type: ignore[import-untyped, unused-ignore]

from briefreader.text.lexer.fences import _fence_lines
from briefreader.text.lexer.tokens import LEXER_OPTIONS, Fence, Span, _lex

#: Fences longer than this (in characters) are not lexed whole: only the lines asked for are
#: (a multi-line string may then be coloured wrongly, which beats freezing the reader:
#: Pygments' Python lexer manages 0.1-0.3 MB/s, so 8 KB costs up to ~60 ms, once per fence).
FENCE_LEX_LIMIT: Final = 8_000


@lru_cache(maxsize=64)
def code_lexer(lang: str) -> Lexer | None:
    """The Pygments lexer for a fence's language (built with :data:`LEXER_OPTIONS`), or None
    when the language is empty or unknown (the fence is then shown plain)."""
    if not lang:
        return None
    try:
        return get_lexer_by_name(lang, **LEXER_OPTIONS)
    except ClassNotFound:
        return None


def _fence_tokens(fence_text: str, lang: str) -> Iterator[tuple[int, int, _TokenType]]:
    """``(start, end, token type)`` relative to the fence, for the Pygments-lexer path."""
    body_start, body_end = _fence_lines(fence_text)
    yield 0, body_start, String.Backtick
    body = fence_text[body_start:body_end]
    pos = body_start
    for value, ttype in _code_tokens(body, lang):
        yield pos, pos + len(value), ttype
        pos += len(value)
    if pos < body_end:
        yield pos, body_end, Text
    if body_end < len(fence_text):
        yield body_end, len(fence_text), String.Backtick


def _code_tokens(body: str, lang: str) -> list[tuple[str, _TokenType]]:
    """``(value, token type)`` of ``body`` lexed as ``lang``; empty when the language is
    unknown or its lexer fails or does not reproduce its input."""
    lexer = code_lexer(lang)
    if lexer is None or not body:
        return []
    try:
        tokens = [(value, ttype) for _index, ttype, value in lexer.get_tokens_unprocessed(body)]
    except Exception:
        return []
    if "".join(value for value, _ttype in tokens) != body:
        return []
    return tokens


@lru_cache(maxsize=32)
def _fence_spans(fence_text: str, lang: str) -> tuple[Span, ...]:
    """Spans of a whole fence relative to its start; cached by content so that a fence is
    lexed once however many of its lines are on screen (and survives edits above it)."""
    body_start, body_end = _fence_lines(fence_text)
    spans: list[Span] = []
    if body_start > 0:
        spans.append((0, body_start, "code"))
    lexer = code_lexer(lang)
    if lexer is not None and body_end > body_start:
        spans.extend(_lex(lexer, fence_text[body_start:body_end], body_start, code=True))
    if body_end < len(fence_text):
        spans.append((body_end, len(fence_text), "code"))
    return tuple(spans)


def _big_fence_spans(text: str, fence: Fence, start: int, end: int) -> list[Span]:
    """Spans of the lines of a fence too big to lex whole that overlap [start, end)."""
    fence_start, fence_end, lang = fence
    body_start, body_end = _fence_lines(text[fence_start:fence_end])
    body_start += fence_start
    body_end += fence_start
    spans: list[Span] = []
    if start < body_start:
        spans.append((fence_start, body_start, "code"))
    lo, hi = max(start, body_start), min(end, body_end)
    lexer = code_lexer(lang)
    if lo < hi and lexer is not None:
        lo = text.rfind("\n", body_start, lo) + 1 or body_start
        newline = text.find("\n", hi - 1, body_end)
        hi = body_end if newline < 0 else newline + 1
        spans.extend(_lex(lexer, text[lo:hi], lo, code=True))
    if end > body_end and body_end < fence_end:
        spans.append((body_end, fence_end, "code"))
    return spans
