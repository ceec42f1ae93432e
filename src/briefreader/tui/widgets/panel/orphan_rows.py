"""How an annotation that is not on the text (yet) is drawn: an orphan's row (annotations
re-anchoring could not place in the brief's current text), and a "text changed" quote next to
the quote it had before, its words marked."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from briefreader.store.records import Annotation
from briefreader.text.display import display_safe
from briefreader.tui.widgets.panel.rows import (
    _SUBTLE,
    _WARNING,
    KIND_MARKERS,
    ORPHAN_MARKER,
    _kind_style,
    _snippet,
    _verdict,
    _verdict_badge,
)

#: Quotes longer than this (old and new together) are shown without word marks: the diff is
#: quadratic in the worst case, and a mark in a page-long quote helps nobody.
DIFF_LIMIT = 4000
_REMOVED = "$text-error strike"
_INSERTED = "$text-success bold underline"
_WORDS = re.compile(r"\w+|\s+|[^\w\s]")


def orphan_row(
    annotation: Annotation, tag_styles: Mapping[str, str], *, compact: bool = False
) -> Content:
    """One orphan as two short lines: marker, kind and quote; then its note and tags (left
    to the detail when ``compact``)."""
    a = annotation
    first = Content.assemble(
        (ORPHAN_MARKER, _WARNING),
        (KIND_MARKERS.get(a.kind, "·"), _kind_style(a)),
        " ",
        (_snippet(a.quote) or "(empty)", "italic"),
        strip_control_codes=False,
    )
    if compact:
        return first
    parts: list[str | tuple[str, str]] = ["  "]
    status = _verdict(a)
    if status is not None:
        parts.extend((_verdict_badge(status), "  "))
    if a.note.strip():
        parts.extend((("✎ ", _SUBTLE), (_snippet(a.note), _SUBTLE), "  "))
    for tag in a.tags:
        parts.extend(((f"#{display_safe(tag)}", tag_styles.get(tag, _SUBTLE)), " "))
    if len(parts) == 1:
        return first
    meta = Content.assemble(*parts, strip_control_codes=False).rstrip()
    return Content("\n").join((first, meta))


def quote_changes(old: str, new: str) -> tuple[Content, Content]:
    """``old`` with the words that went struck out, and ``new`` with the words that came
    marked, both display-safe; unmarked when the quotes are long."""
    old, new = display_safe(old), display_safe(new)
    if len(old) + len(new) > DIFF_LIMIT:
        return Content(old), Content(new)
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    was: list[str | tuple[str, str]] = []
    now: list[str | tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, inserted = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            was.append(removed)
            now.append(inserted)
            continue
        # Words are marked, not the spaces between them: a struck-out space is invisible and
        # would seem to join two words; whitespace-only changes (a reflow) go unmarked.
        was.extend(_marked(a[i1:i2], _REMOVED))
        now.extend(_marked(b[j1:j2], _INSERTED))
    return (
        Content.assemble(*was, strip_control_codes=False),
        Content.assemble(*now, strip_control_codes=False),
    )


def _marked(tokens: list[str], style: str) -> list[str | tuple[str, str]]:
    return [token if token.isspace() else (token, style) for token in tokens]


def _has_meta(annotation: Annotation) -> bool:
    return bool(_verdict(annotation) or annotation.note.strip() or annotation.tags)


def rows_needed(orphans: Sequence[Annotation]) -> int:
    """Lines the orphans take as full (not compact) rows."""
    return sum(2 if _has_meta(a) else 1 for a in orphans)


class _OrphanRow(Visual):
    """One orphan's row, drawn from :func:`orphan_row` only when first shown (a brief can have
    thousands of orphans after importing the wrong file)."""

    def __init__(
        self, annotation: Annotation, tag_styles: Mapping[str, str], *, compact: bool
    ) -> None:
        self.annotation = annotation
        self._tag_styles = tag_styles
        self._compact = compact
        self._height = 1 if compact or not _has_meta(annotation) else 2
        self._content: Content | None = None

    def _lines(self) -> list[Content]:
        if self._content is None:
            self._content = orphan_row(self.annotation, self._tag_styles, compact=self._compact)
        return self._content.split("\n")

    def __str__(self) -> str:
        return "\n".join(line.plain for line in self._lines())

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if width <= 0:
            return []
        strips: list[Strip] = []
        for line in self._lines():
            strips += line.truncate(width, ellipsis=True).render_strips(width, 1, style, options)
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._height
