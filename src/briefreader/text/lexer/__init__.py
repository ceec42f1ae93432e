"""Reading aids: Pygments lexers for prose and Markdown, and an offset API for the reader.

The reader paints subtle styles over quotations, numbers, acronyms, names, URLs and (in
Markdown) headings, emphasis, inline code and fenced code. :func:`reading_aid_spans` is what the
widget calls: it lexes one block (a paragraph or a line) and returns ``(start, end, name)``
spans in code points of the *whole* text, so they can be merged with highlights, the cursor
and search matches without any conversion.

Lexing is meant for what is on screen only, cached per block by the caller: a 6 KB paragraph
takes a few milliseconds, a whole 5 MB brief would take seconds.

Pygments' ``get_tokens`` strips and rewrites its input (leading newlines, tabs, a final
newline), which would shift every offset after the change. Everything here uses
``get_tokens_unprocessed`` on lexers built with :data:`LEXER_OPTIONS`, rebuilds offsets from
token lengths and checks every token against the text it claims to cover.

**Modules.** :mod:`.tokens` (span types, lexer options, token type -> name, tokens -> spans),
:mod:`.prose` (:class:`ProseLexer`), :mod:`.fences` (:func:`fence_ranges`, a fence's body),
:mod:`.code` (a fence language's Pygments lexer, a fence's spans), :mod:`.markdown`
(:class:`MarkdownProseLexer`), :mod:`.spans` (:func:`reading_aid_spans`); this package
re-exports the public names. Importing it imports Pygments (the reader imports it only when it
turns reading aids on); the lexers' patterns are compiled on first use.
"""

from __future__ import annotations

from briefreader.text.lexer.code import FENCE_LEX_LIMIT, code_lexer
from briefreader.text.lexer.fences import fence_ranges
from briefreader.text.lexer.markdown import MarkdownProseLexer
from briefreader.text.lexer.prose import ProseLexer
from briefreader.text.lexer.spans import CONTEXT, MARKDOWN_FORMATS, reading_aid_spans
from briefreader.text.lexer.tokens import (
    CODE_NAMES,
    LEXER_OPTIONS,
    READING_AID_NAMES,
    Fence,
    Span,
    token_name,
)

__all__ = [
    "CODE_NAMES",
    "CONTEXT",
    "FENCE_LEX_LIMIT",
    "LEXER_OPTIONS",
    "MARKDOWN_FORMATS",
    "READING_AID_NAMES",
    "Fence",
    "MarkdownProseLexer",
    "ProseLexer",
    "Span",
    "code_lexer",
    "fence_ranges",
    "reading_aid_spans",
    "token_name",
]
