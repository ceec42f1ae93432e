"""The filter line above the annotation list: :class:`AnnotationFilter` (parsing what was
typed and matching annotations against it) and the input widget it is typed into."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from briefreader.store.records import Annotation
from briefreader.text.validate import InvalidValue, normalise_tag
from briefreader.tui.widgets.panel.rows import VERDICTS, _verdict

_KIND_WORDS: dict[str, str] = {
    "highlight": "highlight",
    "highlights": "highlight",
    "claim": "claim",
    "claims": "claim",
    "note": "note",
    "notes": "note",
}
FILTER_PLACEHOLDER = 'f filter: #tag claim refuted words "text"'
FILTER_HELP = (
    "Filter the annotations. Terms combine with AND:\n"
    "  #tag       annotations with that tag (or tags starting with it)\n"
    "  highlight  claim  note       by kind (several: any of them)\n"
    "  unverified  supported  disputed  refuted   by claim verdict\n"
    "  changed    annotations whose text changed when the brief was replaced (≠)\n"
    "  words      found in the quote, note, claimant or sources\n"
    '  "claim"    search for a keyword as a word\n'
    "Enter: back to the list.  Esc: clear the filter."
)

_CHANGED_WORD = "changed"

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class AnnotationFilter:
    """A parsed filter line. ``tags`` holds, per ``#tag`` term, the tag names that satisfy it."""

    text: str = ""
    tags: tuple[frozenset[str], ...] = ()
    kinds: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()
    #: Only annotations flagged "text changed" (``previous_quote`` set).
    changed: bool = False

    @classmethod
    def parse(cls, text: str, known_tags: Sequence[str] = ()) -> AnnotationFilter:
        tags: list[frozenset[str]] = []
        kinds: set[str] = set()
        statuses: set[str] = set()
        words: list[str] = []
        changed = False
        for match in _TOKEN.finditer(text):
            quoted, bare = match.group(1), match.group(2)
            if quoted is not None:
                words.extend(w.casefold() for w in quoted.split())
                continue
            lowered = bare.casefold()
            if bare.startswith("#"):
                try:
                    name = normalise_tag(bare[1:])
                except InvalidValue:
                    continue  # a lone "#" while typing: no term yet
                if name in known_tags:
                    tags.append(frozenset((name,)))
                else:  # still typing, or a prefix on purpose
                    tags.append(frozenset(t for t in known_tags if t.startswith(name)))
            elif lowered in _KIND_WORDS:
                kinds.add(_KIND_WORDS[lowered])
            elif lowered in VERDICTS:
                statuses.add(lowered)
            elif lowered == _CHANGED_WORD:
                changed = True
            else:
                words.append(lowered)
        return cls(text, tuple(tags), frozenset(kinds), frozenset(statuses), tuple(words), changed)

    @property
    def active(self) -> bool:
        return bool(self.tags or self.kinds or self.statuses or self.words or self.changed)

    def matches(self, annotation: Annotation, haystack: str) -> bool:
        """``haystack``: the annotation's searchable text, case-folded (see ``_haystack``)."""
        if self.kinds and annotation.kind not in self.kinds:
            return False
        if self.statuses and _verdict(annotation) not in self.statuses:
            return False
        if self.changed and annotation.previous_quote is None:
            return False
        for wanted in self.tags:
            if wanted.isdisjoint(annotation.tags):
                return False
        return all(word in haystack for word in self.words)


def _haystack(annotation: Annotation) -> str:
    parts = [annotation.quote, annotation.note, annotation.claimant or ""]
    for source in annotation.sources:
        parts.extend((source.title, source.url, source.note))
    return "\n".join(parts).casefold()


class _FilterInput(Input):
    """The filter line. Kept out of the normal Tab order (the panel decides when it takes
    focus) so that tabbing into the panel lands on the list, not on the line above it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", id="panel.filter_clear"),
    ]

    DEFAULT_CSS = """
    _FilterInput {
        background: $boost;
        padding: 0 1;
        margin-bottom: 0;
        &:focus { background-tint: $foreground 5%; }
    }
    """

    def __init__(self) -> None:
        super().__init__(placeholder=FILTER_PLACEHOLDER, compact=True, id="panel-filter")
        self.tooltip = FILTER_HELP
        self._armed = False

    def allow_focus(self) -> bool:
        return self._armed or self.has_focus

    def arm(self) -> None:
        self._armed = True

    def on_blur(self, event: events.Blur) -> None:
        self._armed = False

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._armed = True
        self.focus()

    class Leave(Message):
        """Esc in the filter line: cleared; the focus goes back to the article."""

    def action_clear_filter(self) -> None:
        self.value = ""
        self.post_message(self.Leave())
