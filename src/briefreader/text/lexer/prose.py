"""The prose lexer: quotations, numbers and money, acronyms, names, URLs and emails.

:class:`ProseLexer` is a Pygments ``RegexLexer`` over plain text; its patterns are plain ``re``
(no ``\\p{...}`` classes), so a whole paragraph lexes in a few milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar, Final

from pygments.lexer import RegexLexer  # type: ignore[import-untyped, unused-ignore]
from pygments.token import (  # type: ignore[import-untyped, unused-ignore]
    Name,
    Number,
    String,
    Text,
    Whitespace,
    _TokenType,
)

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
