"""Title and author of a Markdown brief: front matter first, then the first heading.

The text itself is never changed; this only reads it. Headings are found with markdown-it-py
(a CommonMark parser), so a ``#`` inside a code block or a ``---`` thematic break is not taken
for a heading, and inline markup is dropped from the title (links keep their text).
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefreader.ingest.titles import (
    MAX_SENTENCE_TITLE,
    MAX_TITLE,
    clean_title,
    first_sentence,
    shorten,
)

#: How much of a Markdown brief is parsed to find its first heading.
HEAD_CHARS = 65536
#: Front matter longer than this is not looked for (it would not be front matter).
FRONT_MATTER_CHARS = 65536

_FRONT_OPEN = re.compile(r"\A(---|\+\+\+)[ \t]*\n")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)
_YAML_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_TOML_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*=[ \t]*(.*?)[ \t]*$")
_YAML_COMMENT = re.compile(r"[ \t]+#.*\Z")
_LIST_ITEM = re.compile(r"^[ \t]*-[ \t]+(.*?)[ \t]*$")

_AUTHOR_KEYS = ("author", "authors", "byline")


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


def split_front_matter(text: str) -> tuple[dict[str, str], int]:
    """The simple ``key: value`` fields of YAML (``---``) or TOML (``+++``) front matter, and
    the offset where the body starts (0 if there is no front matter).

    Only what a title and an author need is understood: scalars (plain or quoted), folded or
    literal blocks, and lists of scalars (joined with ", ").
    """
    opening = _FRONT_OPEN.match(text)
    if not opening:
        return {}, 0
    toml = opening.group(1) == "+++"
    closing = (_TOML_CLOSE if toml else _YAML_CLOSE).search(text, opening.end(), FRONT_MATTER_CHARS)
    if not closing:
        return {}, 0
    block = text[opening.end() : closing.start()]
    body_start = closing.end() + 1 if text.startswith("\n", closing.end()) else closing.end()
    fields = _parse_toml(block) if toml else _parse_yaml(block)
    return fields, body_start


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def _inline_list(value: str) -> str:
    if value.startswith("[") and value.endswith("]"):
        items = (_unquote(item) for item in value[1:-1].split(","))
        return ", ".join(item for item in items if item)
    return _unquote(value)


def _parse_toml(block: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in block.split("\n"):
        match = _TOML_KEY.match(line)
        if match:
            fields.setdefault(match.group(1).lower(), _inline_list(match.group(2)))
    return fields


def _parse_yaml(block: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    lines = block.split("\n")
    index = 0
    while index < len(lines):
        match = _YAML_KEY.match(lines[index])
        index += 1
        if not match:
            continue
        key, value = match.group(1).lower(), (match.group(2) or "")
        if not value.startswith(("'", '"')):
            value = _YAML_COMMENT.sub("", value)
        # Indented lines after the key: a block scalar, a list, or a mapping (name: ...).
        nested: list[str] = []
        while index < len(lines) and (not lines[index].strip() or lines[index][:1] in " \t-"):
            if lines[index].strip():
                nested.append(lines[index])
            index += 1
        if value in ("", "|", ">", "|-", ">-", "|+", ">+"):
            items = [m.group(1) for m in map(_LIST_ITEM.match, nested) if m]
            if items:
                value = ", ".join(_unquote(item) for item in items)
            elif value:
                value = " ".join(line.strip() for line in nested)
            else:
                mapping = dict(
                    (m.group(1).lower(), m.group(2) or "")
                    for m in map(_YAML_KEY.match, (line.strip() for line in nested))
                    if m
                )
                value = _unquote(mapping.get("name") or next(iter(mapping.values()), ""))
        else:
            value = _inline_list(value)
        fields.setdefault(key, value)
    return fields


def _plain(tokens: list[Token] | None) -> str:
    """The text a reader sees in an inline token stream: markup and raw HTML dropped."""
    parts: list[str] = []
    for token in tokens or ():
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(_plain(token.children))
    return "".join(parts)


def plain_inline(markdown: str) -> str:
    """A clean one-line title from a line of Markdown (``*x*`` -> x, ``[t](u)`` -> t)."""
    tokens = _parser().parseInline(markdown)
    return clean_title(_plain(tokens[0].children if tokens else None))


def _first_heading(body: str) -> tuple[str | None, str | None]:
    """The first heading in ``body``, and the first paragraph in case there is none."""
    head = body[:HEAD_CHARS]
    if len(body) > HEAD_CHARS and "\n" in head:
        head = head[: head.rfind("\n")]
    tokens = _parser().parse(head)
    paragraph: str | None = None
    for index, token in enumerate(tokens[:-1]):
        inline = tokens[index + 1]
        if inline.type != "inline":
            continue
        if token.type == "heading_open":
            heading = clean_title(_plain(inline.children))
            if heading:
                return heading, paragraph
        elif token.type == "paragraph_open" and paragraph is None:
            text = clean_title(_plain(inline.children))
            if text:
                # A one-line paragraph may be a title; a longer one offers its first sentence.
                one_line = "\n" not in inline.content and len(text) <= MAX_TITLE
                paragraph = text if one_line else shorten(first_sentence(text), MAX_SENTENCE_TITLE)
    return None, paragraph


def markdown_metadata(text: str) -> tuple[str | None, str | None]:
    """``(title, author)`` of a Markdown text; either may be None if nothing readable is found.

    Title: front matter ``title:``, else the first ATX or setext heading, else the first
    paragraph (if short) or its first sentence. Author: front matter ``author:``/``authors:``.
    """
    fields, body_start = split_front_matter(text)
    title = plain_inline(fields["title"]) if fields.get("title") else ""
    author = next((clean_title(fields[key]) for key in _AUTHOR_KEYS if fields.get(key)), None)
    if not title:
        heading, paragraph = _first_heading(text[body_start:])
        if heading:
            title = heading
        elif paragraph:
            title = paragraph
    return (shorten(title, MAX_TITLE) if title else None), (author or None)
