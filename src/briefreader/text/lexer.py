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
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, ClassVar, Final

from pygments.lexer import (  # type: ignore[import-untyped, unused-ignore]
    Lexer,
    RegexLexer,
    bygroups,
    inherit,
)
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped, unused-ignore]
from pygments.token import (  # type: ignore[import-untyped, unused-ignore]
    Comment,
    Generic,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
    _TokenType,
)
from pygments.util import ClassNotFound  # type: ignore[import-untyped, unused-ignore]

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

#: Formats lexed as Markdown; every other format is lexed as prose.
MARKDOWN_FORMATS: Final = frozenset({"markdown", "md"})

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

#: Fences longer than this (in characters) are not lexed whole: only the lines asked for are
#: (a multi-line string may then be coloured wrongly, which beats freezing the reader:
#: Pygments' Python lexer manages 0.1-0.3 MB/s, so 8 KB costs up to ~60 ms, once per fence).
FENCE_LEX_LIMIT: Final = 8_000


# --- character classes ----------------------------------------------------------------------
# `re` has no \p{Lu}/\p{Ll}, and exact classes for every cased script are thousands of
# characters long (100 ms to compile the patterns that use them). Capital letters matter for
# Latin, Greek and Cyrillic; in the blocks where upper- and lowercase alternate letter by letter
# (Latin Extended, Cyrillic Supplement) a letter counts as either case, which only loosens the
# rules for words that start with a rare lowercase letter.
_MIXED = r"\u0100-\u024f\u0460-\u052f\u1e00-\u1eff"
_UP = rf"A-Z\u00c0-\u00d6\u00d8-\u00de\u0386\u0388-\u038f\u0391-\u03ab\u0400-\u042f{_MIXED}"
# Combining marks belong to the word: NFD text ("Jose\u0301") must not break a name in two.
_LO = (
    rf"a-z\u00b5\u00df-\u00f6\u00f8-\u00ff\u0250-\u02af\u0300-\u036f\u03ac-\u03ce"
    rf"\u0430-\u045f{_MIXED}"
)


# --- prose patterns -------------------------------------------------------------------------
_URL = (
    r"(?:(?:https?|ftp)://|www\.)"
    r"(?:\([^\s()<>]*\)|[^\s()<>\"“”‘’'])*"
    # A URL never ends in sentence punctuation or a closing quote: "see https://x.org/a."
    r"(?:\([^\s()<>]*\)|[^\s()<>\"“”‘’'.,;:!?*_])"
)
_EMAIL = r"(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w@])"

# A quotation may run over a line break but not over a blank line (a new paragraph).
_CURLY_QUOTE = r"“(?:[^”\n]|\n(?![ \t]*\n))*”"
_STRAIGHT_QUOTE = r"(?<!\w)\"(?=\S)(?:[^\"\n]|\n(?![ \t]*\n))*(?<=\S)\"(?!\w)"
# ’ is also the apostrophe, so a closing ’ followed by a letter ("Pakistan’s") does not close.
_SINGLE_QUOTE = r"‘(?:[^’\n]|’(?=\w)|\n(?![ \t]*\n))*’(?!\w)"
_OTHER_QUOTE = r"«[^»\n]*»|„[^“”\n]*[“”]"

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SIGN = r"(?:(?<![\w.,])[-+−](?=\d))?"
_SCALE = r"(?:bn|mn|tn|[mkKMB]|million|billion|trillion|crore|lakh)"
_CURRENCY = r"(?:(?:US|A|C|HK|NZ|S)?[$€£¥₹₽₩₦]|(?:Rs\.?|PKR|INR|USD|EUR|GBP)[ \u00a0]?)"
_MONEY = rf"{_SIGN}{_CURRENCY}[ \u00a0]?(?:{_NUM})(?:[ \u00a0]?{_SCALE})?(?!\w)"
_PERCENT = rf"{_SIGN}(?:{_NUM})[ \u00a0]?(?:%|percent(?!\w)|per cent(?!\w))"
_NUMBER = (
    r"\d{4}-\d{2}-\d{2}(?!\w)"  # ISO date
    r"|\d{1,2}:\d{2}(?::\d{2})?(?!\w)"  # time
    rf"|{_SIGN}(?:{_NUM})(?:st|nd|rd|th|s|{_SCALE})?(?!\w)"
)

_ACRONYM = (
    rf"(?:[{_UP}]\.){{2,}}"  # U.S., U.N.
    rf"|(?:[{_UP}]{{2,}}|[{_UP}]\d[{_UP}\d]*|[{_UP}](?=-\d))"  # SCO, G20, F(-16)
    rf"(?:[-/&](?:[{_UP}]+|\d+))*"  # CASA-1000, HIV/AIDS, AT&T, F-16
    r"s?(?!\w)"  # MOUs
)

_WORD = rf"[{_UP}](?:['’][{_UP}])?[{_LO}]+(?:[{_UP}][{_LO}]+)*"  # Khan, O’Brien, McDonald
_CAP_WORD = rf"{_WORD}(?:-{_WORD})*"  # Pak-Russia, Jean-Luc
_TITLE_DOT = r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Sen|Rep|Gov|St|Sr|Jr)\."
_CONNECTOR = r"(?:of|de|da|del|der|van|von|bin|ibn|al|el|la|le|du|dos|das)"
_NAME_SEP = rf"[ \u00a0]+(?:{_CONNECTOR}[ \u00a0]+)?"
# Two or more capitalised words; initials and "Dr." may lead but never end a name.
_NAME_RUN = rf"(?:(?:{_TITLE_DOT}|[{_UP}]\.|{_CAP_WORD}){_NAME_SEP})+{_CAP_WORD}(?!\w)"

#: Capitalised only because they start a sentence; "Although Russian President Putin" is a
#: name without its first word.
_SENTENCE_WORD_LIST = """
    a an the this that these those it its he she we they i you his her our their my your
    in on at by for from with without of to into onto as after before during since until while
    when where why how what which who whom whose if but and or nor so yet although though
    because however therefore thus hence moreover furthermore meanwhile also even only just
    still then there here now today yesterday tomorrow unlike like despite under over between
    among about against through across along around according both each every all some many
    most several few no not never should would could can will may might must is are was were
    do does did has have had let yes perhaps instead once upon unless whereas whether besides
    beyond following regarding within per such other another any either neither much more"""
_SENTENCE_WORDS: Final = frozenset(_SENTENCE_WORD_LIST.split())
_ADVERB_MIN = 7  # "Historically", "Finally"; shorter -ly words are often names (Emily, Kelly)
_SENTENCE_END = frozenset(".!?…:")
_OPENERS = frozenset(" \t\u00a0\"“‘'([{*_>#-–—")
_CLOSERS = frozenset("\"”’')]}*_")


def _at_sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence: block or line start, or after ``.!?…:``."""
    i = pos
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    if i == 0 or text[i - 1] == "\n":
        return True
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
    return i > 0 and text[i - 1] in _SENTENCE_END


_FIRST_SEP = re.compile(_NAME_SEP)


def _name_run(lexer: Any, match: re.Match[str]) -> Iterator[tuple[int, _TokenType, str]]:
    """Yield a capitalised run as a Name, minus an ordinary sentence-initial first word."""
    start, value = match.start(), match.group()
    sep = _FIRST_SEP.search(value)
    assert sep is not None  # the pattern needs a separator between its words
    first = value[: sep.start()]
    lowered = first.lower()
    ordinary = lowered in _SENTENCE_WORDS or (
        len(first) >= _ADVERB_MIN and lowered.endswith("ly") and "-" not in first
    )
    if not (ordinary and _at_sentence_start(match.string, start)):
        yield start, Name, value
        return
    yield start, Text, first
    yield start + sep.start(), Whitespace, sep.group()
    rest = value[sep.end() :]
    rest_start = start + sep.end()
    yield rest_start, Name if _FIRST_SEP.search(rest) else Text, rest


_PLAIN_RUN = (
    r"(?:[a-z]+(?:-[a-z]+)*(?![\w.@:+'’-])"
    r"|[a-z]+(?=[.:](?![\w/]))"
    r"|[^\S\n]+"
    r"|[,;.:!?)](?![\w\[]))+"
)


def _prose_rules() -> list[Any]:
    return [
        (r"\n", Whitespace),
        (r"[^\S\n]+", Whitespace),
        # Most of a brief is runs of lowercase words, spaces and punctuation that start no
        # aid: one token per run instead of a dozen patterns per word. Emails and URLs start
        # lowercase too, hence the lookaheads.
        (_PLAIN_RUN, Text),
        (_URL, Name.Tag),
        (_EMAIL, Name.Tag),
        (_CURLY_QUOTE, String.Double),
        (_STRAIGHT_QUOTE, String.Double),
        (_SINGLE_QUOTE, String.Single),
        (_OTHER_QUOTE, String.Double),
        (_MONEY, Number),
        (_PERCENT, Number),
        (_NUMBER, Number),
        (_ACRONYM, Name.Constant),
        (_NAME_RUN, _name_run),
        # Whole words, so a number or acronym is only ever looked for at a word's start.
        (r"\w+", Text),
        (r".", Text),
    ]


class ProseLexer(RegexLexer):  # type: ignore[misc, unused-ignore]
    """Prose: quotations (``String``, curly or straight, possibly over several sentences),
    numbers, years, percentages and money (``Number``), acronyms (``Name.Constant``), names of
    two or more capitalised words (``Name``), URLs and emails (``Name.Tag``), else ``Text``.
    """

    name = "Prose"
    aliases: ClassVar[list[str]] = ["prose"]
    filenames: ClassVar[list[str]] = []
    mimetypes: ClassVar[list[str]] = []
    flags = re.MULTILINE
    tokens: ClassVar[dict[str, list[Any]]] = {"root": _prose_rules()}


# --- Markdown -------------------------------------------------------------------------------
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


# --- lexers and tokens -> spans -------------------------------------------------------------
@lru_cache(maxsize=1)
def _prose_lexer() -> ProseLexer:
    # Built on first use: compiling the patterns takes ~25 ms, which importing should not cost.
    return ProseLexer(**LEXER_OPTIONS)


@lru_cache(maxsize=1)
def _markdown_lexer() -> MarkdownProseLexer:
    return MarkdownProseLexer(**LEXER_OPTIONS)


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


# --- fences ---------------------------------------------------------------------------------
_FRONT_MATTER = {"---": "yaml", "+++": "toml"}


def fence_ranges(text: str) -> list[Fence]:
    """``(start, end, lang)`` of every fenced code block in a Markdown document, in order.

    ``start`` is the start of the opening ```` ``` ```` / ``~~~`` line, ``end`` the end of the
    closing line (before its newline), or ``len(text)`` when a fence is never closed (as
    CommonMark does). ``lang`` is the first word of the info string, lowercased ("" if none).
    YAML (``---``) or TOML (``+++``) front matter at the very start counts as a fence of
    ``yaml`` / ``toml``, so its lines are never mistaken for headings.

    Compute it once per document and pass it to :func:`reading_aid_spans`: one regex pass,
    about 10 ms for 5 MB of prose.
    """
    fences: list[Fence] = []
    pos = 0
    front = _front_matter(text)
    if front is not None:
        fences.append(front)
        pos = front[1]
    else:
        first = _FENCE_AT_START.match(text, 1 if text.startswith("\ufeff") else 0)
        if first is not None:
            fences.append((first.start(), first.end(), _fence_lang(first["info"])))
            pos = first.end()
    for match in _FENCE.finditer(text, pos):
        fences.append((match.start() + 1, match.end(), _fence_lang(match["info"])))
    return fences


_FENCE_BODY = r"""
    (?P<fence>(?P<char>[`~])(?P=char){2,})
    (?P<info>(?<=`)[^`\n]*|(?<=~)[^\n]*)   # a backtick fence's info has no backtick
    (?:\n(?![ \t]*(?P=fence)(?P=char)*[ \t]*(?:\n|\Z))[^\n]*)*   # lines that do not close it
    (?:\n[ \t]*(?P=fence)(?P=char)*[ \t]*(?=\n|\Z))?   # no closing line: it runs to the end
"""
# Starting with a literal "\n" lets `re` skip from newline to newline in C: one pass over 5 MB.
_FENCE = re.compile(r"\n[ \t]*" + _FENCE_BODY, re.VERBOSE)
_FENCE_AT_START = re.compile(r"[ \t]*" + _FENCE_BODY, re.VERBOSE)


def _fence_lang(info: str) -> str:
    words = info.strip().split()
    if not words:
        return ""
    # Pandoc and R Markdown write "{.python .numberLines}" or "{r}".
    return words[0].strip("{}").lstrip(".").rstrip(",").lower()


def _front_matter(text: str) -> Fence | None:
    offset = 1 if text.startswith("\ufeff") else 0
    first_end = text.find("\n", offset)
    if first_end < 0:
        return None
    lang = _FRONT_MATTER.get(text[offset:first_end].rstrip(" \t"))
    if lang is None:
        return None
    closers = ("---", "...") if lang == "yaml" else ("+++",)
    ends = [end for mark in closers if (end := _closing_line(text, mark, first_end)) >= 0]
    return (0, min(ends), lang) if ends else None


def _closing_line(text: str, mark: str, pos: int) -> int:
    """End of the first line after ``pos`` that is exactly ``mark``, or -1."""
    while True:
        found = text.find("\n" + mark, pos)
        if found < 0:
            return -1
        line_end = text.find("\n", found + 1)
        if line_end < 0:
            line_end = len(text)
        if text[found + 1 : line_end].rstrip(" \t") == mark:
            return line_end
        pos = line_end


def _fence_lines(fence_text: str) -> tuple[int, int]:
    """``(body_start, body_end)`` of a fence's text: after the opening line, before the
    closing line (or the end, when the fence is never closed)."""
    first_end = fence_text.find("\n")
    if first_end < 0:
        return len(fence_text), len(fence_text)
    body_start = first_end + 1
    last_start = fence_text.rfind("\n") + 1
    if last_start <= first_end:
        return body_start, len(fence_text)
    opening = fence_text[:first_end].strip(" \t\ufeff")
    closing = fence_text[last_start:].rstrip(" \t").lstrip(" \t")
    mark = opening[:3]
    if mark in _FRONT_MATTER:
        closes = closing in (mark, "...") if mark == "---" else closing == mark
    else:
        run = len(opening) - len(opening.lstrip(mark[0]))
        closes = len(closing) >= run and closing == mark[0] * len(closing)
    if closes:
        return body_start, last_start
    return body_start, len(fence_text)


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
