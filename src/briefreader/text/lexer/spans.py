"""The offset API: :func:`reading_aid_spans`, what the reader widget calls per block.

It lexes a block within its paragraph (see :data:`CONTEXT`) with the prose or Markdown lexer,
colours the parts inside fenced code by the fence's language, and returns absolute spans
clipped to the block.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from briefreader.text.lexer.code import FENCE_LEX_LIMIT, _big_fence_spans, _fence_spans
from briefreader.text.lexer.fences import fence_ranges
from briefreader.text.lexer.markdown import MarkdownProseLexer
from briefreader.text.lexer.prose import ProseLexer
from briefreader.text.lexer.tokens import LEXER_OPTIONS, Fence, Span, _lex, _spans

#: Formats lexed as Markdown; every other format is lexed as prose.
MARKDOWN_FORMATS: Final = frozenset({"markdown", "md"})


# --- lexers -----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _prose_lexer() -> ProseLexer:
    # Built on first use: compiling the patterns takes ~25 ms, which importing should not cost.
    return ProseLexer(**LEXER_OPTIONS)


@lru_cache(maxsize=1)
def _markdown_lexer() -> MarkdownProseLexer:
    return MarkdownProseLexer(**LEXER_OPTIONS)


def _clip(spans: Sequence[Span], start: int, end: int, shift: int = 0) -> list[Span]:
    """The parts of ``spans`` (shifted by ``shift``) inside [start, end)."""
    first = bisect_right(spans, start - shift, key=lambda span: span[1])
    out: list[Span] = []
    for span_start, span_end, name in spans[first:]:
        span_start += shift
        if span_start >= end:
            break
        out.append((max(span_start, start), min(span_end + shift, end), name))
    return out


@lru_cache(maxsize=4)
def _document_fences(text: str) -> list[Fence]:
    # Keyed by the text itself: the same str object hashes once and compares by identity.
    return fence_ranges(text)


# --- the offset API -------------------------------------------------------------------------
def reading_aid_spans(
    text: str,
    start: int,
    end: int,
    fmt: str = "text",
    fences: Sequence[Fence] | None = None,
) -> list[Span]:
    """Reading-aid spans for ``text[start:end]``: absolute ``(start, end, name)``, sorted,
    non-overlapping, inside ``[start, end)``, names from :data:`READING_AID_NAMES`.

    Call it per block (a paragraph, or a line) on screen and cache the result per block.
    ``fmt`` "markdown"/"md" lexes Markdown; anything else is prose. For Markdown, pass
    ``fences=fence_ranges(text)`` computed once per document: a block inside a fenced code
    block is then coloured by the fence's language even when the block is one line of it.
    Without ``fences`` they are computed from ``text`` (and cached for the last few texts).

    A block is lexed within its paragraph (at most :data:`CONTEXT` more characters each side),
    so a line, or a piece of a long paragraph cut at a space, is marked as it is when its
    whole paragraph is lexed.
    """
    start = max(start, 0)
    end = min(end, len(text))
    if start >= end:
        return []
    if fmt not in MARKDOWN_FORMATS:
        ctx_start, ctx_end = _context(text, start, end, 0, len(text))
        prose = _lex(_prose_lexer(), text[ctx_start:ctx_end], ctx_start, code=False)
        return _clip(prose, start, end)
    if fences is None:
        fences = _document_fences(text)
    spans: list[Span] = []
    pos = start
    index = bisect_right(fences, start, key=lambda fence: fence[1])
    gap_start = fences[index - 1][1] if index else 0  # where the Markdown outside fences starts
    while pos < end:
        if index >= len(fences) or fences[index][0] >= end:
            gap_end = fences[index][0] if index < len(fences) else len(text)
            spans.extend(_markup_spans(text, pos, end, gap_start, gap_end))
            break
        fence = fences[index]
        fence_start, fence_end, lang = fence
        if pos < fence_start:
            spans.extend(_markup_spans(text, pos, fence_start, gap_start, fence_start))
        lo, hi = max(pos, fence_start), min(end, fence_end)
        if fence_end - fence_start > FENCE_LEX_LIMIT:
            spans.extend(_clip(_big_fence_spans(text, fence, lo, hi), lo, hi))
        else:
            local = _fence_spans(text[fence_start:fence_end], lang)
            spans.extend(_clip(local, lo, hi, shift=fence_start))
        pos = gap_start = max(pos, fence_end)
        index += 1
    return _merge(spans)


#: How far (in characters) a block is widened each side, up to its paragraph's edges, before
#: lexing. A block may be a line of a Markdown paragraph, or a ~4 KB piece of a long one-line
#: paragraph cut at a space: with the context, a quotation, name or ``*emphasis*`` that runs
#: over the cut is still found, and a setext "Title" line sees its "=====" underline. Small
#: enough that text with no blank lines costs only a little extra lexing per block.
CONTEXT: Final = 1000


def _context(text: str, start: int, end: int, lo_bound: int, hi_bound: int) -> tuple[int, int]:
    """The stretch of ``text`` around [start, end) to lex: out to the enclosing paragraph's
    edges (a blank line, or ``lo_bound``/``hi_bound``) if they are within :data:`CONTEXT`,
    else to the farthest line break, else space, within it."""
    lo = max(lo_bound, start - CONTEXT)
    blank = text.rfind("\n\n", lo, start)
    if blank >= 0:
        ctx_start = blank + 2
    elif lo == lo_bound:
        ctx_start = lo_bound
    else:
        cut = text.find("\n", lo, start)
        if cut < 0:
            cut = text.find(" ", lo, start)
        ctx_start = cut + 1 if cut >= 0 else start
    hi = min(hi_bound, end + CONTEXT)
    blank = text.find("\n\n", end, hi)
    if blank >= 0:
        ctx_end = blank
    elif hi == hi_bound:
        ctx_end = hi_bound
    else:
        cut = text.rfind("\n", end, hi)
        if cut < 0:
            cut = text.rfind(" ", end, hi)
        ctx_end = cut if cut >= 0 else end
    return min(ctx_start, start), max(ctx_end, end)


def _markup_spans(text: str, start: int, end: int, gap_start: int, gap_end: int) -> list[Span]:
    """Markdown spans in [start, end), lexed with their context (see :data:`CONTEXT`), never
    past the edge of a fence."""
    ctx_start, ctx_end = _context(text, start, end, gap_start, gap_end)
    part = text[ctx_start:ctx_end]
    spans = _spans(_markdown_lexer()._markup_tokens(part, 0), part, ctx_start, code=False)
    return _clip(spans, start, end)


def _merge(spans: list[Span]) -> list[Span]:
    """Join touching spans of the same name (a fence line next to markup, say)."""
    out: list[Span] = []
    for span in spans:
        if out and out[-1][2] == span[2] and out[-1][1] == span[0]:
            out[-1] = (out[-1][0], span[1], span[2])
        else:
            out.append(span)
    return out
