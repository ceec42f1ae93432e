"""The library's search results: one entry per hit, in the order the store ranked them.

A hit in a brief's text shows the brief's title and the words around the match; a hit in an
annotation shows its kind, its quote, its note (or claimant), its tags and the brief it is in.
The words that matched are emphasised by styling ranges of plain :class:`Content` built from
the hit's strings, so nothing from a brief is ever read as markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefreader.text.display import display_safe
from briefreader.tui.widgets.markers import KIND_MARKERS, ORPHAN_MARKER, VERDICTS

if TYPE_CHECKING:
    from briefreader.store.records import Annotation
    from briefreader.store.search import SearchHit

#: How matched words are drawn.
MATCH_STYLE = "$text-accent bold underline"
_SUBTLE = "$text-muted"
_TITLE = "bold"
_KIND_STYLES: dict[str, str] = {
    "highlight": "$text-warning",
    "claim": "$text-primary",
    "note": "$text-success",
}
#: Characters of context kept before the first match, so it shows in a narrow terminal.
LEAD_CHARS = 24
#: Most characters of any one line of a result (the list cuts what does not fit).
LINE_CHARS = 240
#: Width of the left column (the kind) that every line of a result is indented by.
GUTTER = 12

_WS = re.compile(r"\s+")

Marks = Sequence[tuple[int, int]]


def emphasise(text: str, marks: Marks = (), style: str = "") -> Content:
    """``text`` as plain, display-safe content with each ``marks`` range in the match style
    (display-safe text has one character for each of ``text``'s, so the ranges stay put)."""
    safe = display_safe(text)
    content = Content.styled(safe, style) if style else Content(safe)
    for start, end in marks:
        if 0 <= start < end <= len(safe):
            content = content.stylize(MATCH_STYLE, start, end)
    return content


def around_first_match(
    text: str, marks: Marks, lead: int = LEAD_CHARS
) -> tuple[str, list[tuple[int, int]]]:
    """``text`` cut to start a little before its first mark (after a ``…``, at a word), and to
    at most :data:`LINE_CHARS` characters; the marks moved with it. The list cuts each line at
    its width, so a match far into a long snippet would otherwise not be seen."""
    cut = 0
    if marks and marks[0][0] > lead and len(text) > lead * 3:
        first = marks[0][0]
        space = text.find(" ", first - lead, first)
        cut = space + 1 if space >= 0 else first - lead
    head = "…" if cut > 0 else ""
    body = text[cut : cut + LINE_CHARS]
    shift = len(head) - cut
    moved = [(s + shift, e + shift) for s, e in marks if s >= cut and e <= cut + LINE_CHARS]
    return head + body, moved


def _flat(text: str) -> str:
    return _WS.sub(" ", text[: LINE_CHARS * 4]).strip()


@dataclass(frozen=True)
class ResultRow:
    """A hit with what the list shows beside it: the annotation (for an annotation hit, when
    the store still has it) to show its quote, note and verdict."""

    hit: SearchHit
    annotation: Annotation | None = None


def _gutter(label: str, style: str) -> Content:
    return Content.styled(label[: GUTTER - 1].ljust(GUTTER), style)


def _indent() -> Content:
    return Content(" " * GUTTER)


def render_row(row: ResultRow) -> Content:
    """The lines of one result, joined with newlines (the list cuts each to its width)."""
    hit = row.hit
    lines: list[Content] = []
    if hit.kind == "brief":
        where = "Title" if hit.field == "title" else "Text"
        title_marks = hit.marks if hit.field == "title" else ()
        title = hit.snippet if hit.field == "title" else hit.brief_title
        lines.append(
            Content.assemble(_gutter(where, _SUBTLE), emphasise(title, title_marks, _TITLE))
        )
        if hit.field != "title":
            snippet, marks = around_first_match(_flat_keep(hit.snippet), hit.marks)
            lines.append(Content.assemble(_indent(), emphasise(snippet, marks)))
        return Content("\n").join(lines)

    kind = hit.annotation_kind or (row.annotation.kind if row.annotation else "highlight")
    marker = KIND_MARKERS.get(kind, "·")
    kind_style = _KIND_STYLES.get(kind, _SUBTLE)
    annotation = row.annotation
    quote_line: Content
    if hit.field == "quote":
        snippet, marks = around_first_match(_flat_keep(hit.snippet), hit.marks)
        quote_line = emphasise(f"“{snippet}”", [(s + 1, e + 1) for s, e in marks])
    elif annotation is not None:
        quote_line = emphasise(f"“{_flat(annotation.quote)}”", (), "italic")
    else:
        quote_line = Content("")
    head = Content.assemble(_gutter(f"{marker} {kind}", kind_style), quote_line)
    lines.append(head)
    detail = _detail_line(row)
    if detail is not None:
        lines.append(Content.assemble(_indent(), detail))
    lines.append(Content.assemble(_indent(), _where_line(row)))
    return Content("\n").join(lines)


def _flat_keep(text: str) -> str:
    """Newlines as spaces, length kept, so the store's marks stay on the right words."""
    return text.replace("\n", " ").replace("\t", " ")


def _detail_line(row: ResultRow) -> Content | None:
    """The note or claimant line of an annotation hit, the matched one emphasised."""
    hit = row.hit
    annotation = row.annotation
    if hit.field in ("note", "claimant"):
        label = "Note: " if hit.field == "note" else "Claimant: "
        snippet, marks = around_first_match(_flat_keep(hit.snippet), hit.marks)
        return Content.assemble(Content.styled(label, _SUBTLE), emphasise(snippet, marks))
    if annotation is not None and annotation.note.strip():
        return Content.assemble(
            Content.styled("Note: ", _SUBTLE), emphasise(_flat(annotation.note))
        )
    if annotation is not None and annotation.claimant:
        return Content.assemble(
            Content.styled("Claimant: ", _SUBTLE), emphasise(_flat(annotation.claimant))
        )
    return None


def _where_line(row: ResultRow) -> Content:
    """Verdict, tags (matched ones emphasised) and the brief's title, on one line."""
    hit = row.hit
    annotation = row.annotation
    parts: list[Content] = []
    if hit.orphan:
        parts.append(Content.styled(f"{ORPHAN_MARKER} orphan", "$text-warning"))
    if annotation is not None and annotation.kind == "claim":
        status = annotation.claim_status or "unverified"
        symbol, style = VERDICTS.get(status, ("?", _SUBTLE))
        parts.append(Content.styled(f"{symbol} {status}", style))
    tags = hit.tags or (annotation.tags if annotation is not None else ())
    if tags:
        if hit.field == "tags":
            # The store marks matched tags in "#a #b" form; draw it as it sent it.
            parts.append(emphasise(hit.snippet, hit.marks, "italic"))
        else:
            parts.append(Content.styled(" ".join(f"#{t}" for t in tags), "italic"))
    parts.append(emphasise(f"in {hit.brief_title}", (), _SUBTLE))
    return Content.styled(" · ", _SUBTLE).join(parts)


class SearchResults(OptionList):
    """The hits, one option each. ↑ on the first hit, typing or backspace go back to the
    search box, so the list never traps the keyboard."""

    DEFAULT_CSS = """
    SearchResults {
        height: 1fr;
        border: none;
        padding: 0;
        background: $surface;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .option-list--option { padding: 0 1; }
    }
    SearchResults:focus { border: none; background-tint: $foreground 3%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "up_or_input", "Previous hit", show=False, id="search.list_up"),
    ]

    class BackToInput(Message):
        """The user left the list upwards or started typing: ``text`` goes to the box."""

        def __init__(self, text: str = "", backspace: bool = False) -> None:
            super().__init__()
            self.text = text
            self.backspace = backspace

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.rows: list[ResultRow] = []

    def show_rows(
        self,
        rows: Sequence[ResultRow],
        prompts: Sequence[Content] | None = None,
        *,
        keep_highlight: bool = False,
    ) -> None:
        """Replace the list with ``rows``, the first highlighted (or, with ``keep_highlight``,
        the same position as before: the same search run again). ``prompts`` are the rows
        already drawn with :func:`render_row` (a worker can draw them off the event loop)."""
        before = self.highlighted if keep_highlight else None
        self.rows = list(rows)
        if prompts is None:
            prompts = [render_row(row) for row in self.rows]
        self.set_options([Option(prompt, id=str(i)) for i, prompt in enumerate(prompts)])
        if self.rows:
            self.highlighted = min(before or 0, len(self.rows) - 1)

    @property
    def current(self) -> ResultRow | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    def action_up_or_input(self) -> None:
        if self.highlighted in (None, 0):
            self.post_message(self.BackToInput())
        else:
            self.action_cursor_up()

    def on_key(self, event: events.Key) -> None:
        if event.key == "backspace":
            self.post_message(self.BackToInput(backspace=True))
        elif event.is_printable and event.character and event.key != "space":
            self.post_message(self.BackToInput(event.character))
        else:
            return
        event.stop()
        event.prevent_default()
