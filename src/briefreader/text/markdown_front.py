"""Front matter and link reference definitions of a Markdown document, for the rendered view.

:func:`front_matter` finds YAML (``---`` ... ``---`` or ``...``) or TOML (``+++`` ... ``+++``)
front matter at the very start of a document and reads its simple fields into a dict of
strings (the header shows them; the view conceals the block). Only what a header needs is
read: top-level ``key: value`` / ``key = value`` pairs, quoted or not, and lists (block or flow)
joined with "; ". Nested mappings and multi-line strings are skipped.

:func:`link_definitions` collects ``[label]: url`` definitions, so that ``[text][label]`` and
``[label]`` links can be shown as links wherever the definition is.
"""

from __future__ import annotations

import re

#: Front matter longer than this is not looked for: a document starting with a thematic break
#: and having another one later is not front matter.
FRONT_MATTER_CHARS = 65536

_YAML_OPEN = re.compile(r"\ufeff?---[ \t]*\n")
_TOML_OPEN = re.compile(r"\ufeff?\+\+\+[ \t]*\n")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)
_YAML_KEY = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_TOML_KEY = re.compile(r"([A-Za-z_][\w.-]*|\"[^\"\n]+\")[ \t]*=[ \t]*(.*?)[ \t]*$")
_YAML_ITEM = re.compile(r"[ \t]+-[ \t]+(.*?)[ \t]*$")
_COMMENT = re.compile(r"[ \t]+#.*\Z")
_DEFINITION = re.compile(
    r"^[ \t>]*\[((?:[^\[\]\\\n]|\\.){1,999})\]:[ \t]*(<[^<>\n]*>|\S+)", re.MULTILINE
)
_SPACES = re.compile(r"\s+")


def front_matter(text: str) -> tuple[int, dict[str, str]] | None:
    """``(end, fields)`` of the front matter at the start of ``text``, or None.

    ``end`` is the offset just after the closing line (its newline excluded).
    """
    yaml = _YAML_OPEN.match(text)
    opener = yaml or _TOML_OPEN.match(text)
    if opener is None:
        return None
    closer = (_YAML_CLOSE if yaml else _TOML_CLOSE).search(
        text, opener.end(), opener.end() + FRONT_MATTER_CHARS
    )
    if closer is None:
        return None
    body = text[opener.end() : closer.start()]
    fields = _yaml_fields(body) if yaml else _toml_fields(body)
    if yaml and body.strip() and not fields:
        return None  # "---" rules around prose, not front matter
    return closer.end(), fields


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return _COMMENT.sub("", value).strip()


def _flow_list(value: str) -> str:
    items = [_unquote(item) for item in value.strip()[1:-1].split(",")]
    return "; ".join(item for item in items if item)


def _yaml_fields(body: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    key = ""
    for line in body.split("\n"):
        match = _YAML_KEY.match(line)
        if match is not None:
            key, value = match[1], (match[2] or "")
            if value.startswith("[") and value.endswith("]"):
                fields[key] = _flow_list(value)
            elif value and value[0] not in "|>{&*":
                fields[key] = _unquote(value)
            else:
                key = key if not value else ""
            continue
        item = _YAML_ITEM.match(line)
        if item is not None and key:
            value = _unquote(item[1])
            fields[key] = f"{fields[key]}; {value}" if fields.get(key) else value
        elif line.strip() and not line[:1].isspace():
            key = ""
    return fields


def _toml_fields(body: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in body.split("\n"):
        if line.lstrip().startswith("["):
            break  # a [table]: its keys are not the document's
        match = _TOML_KEY.match(line)
        if match is None:
            continue
        key, value = match[1].strip('"'), match[2]
        if value.startswith("[") and value.endswith("]"):
            fields[key] = _flow_list(value)
        else:
            fields[key] = _unquote(value)
    return fields


def normalize_label(label: str) -> str:
    """A link label as CommonMark compares them: case-folded, inner whitespace collapsed."""
    return _SPACES.sub(" ", label.strip()).casefold()


def link_definitions(text: str) -> dict[str, str]:
    """``{normalised label: url}`` of every ``[label]: url`` line (the first one wins).
    Footnote definitions (``[^1]: ...``) are not link definitions."""
    found: dict[str, str] = {}
    if "]:" not in text:
        return found
    for match in _DEFINITION.finditer(text):
        label = match[1]
        if label.startswith("^"):
            continue
        url = match[2]
        if url.startswith("<"):
            url = url[1:-1]
        found.setdefault(normalize_label(label), url)
    return found
