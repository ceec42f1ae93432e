"""The library's table of briefs, as plain functions of the briefs and the screen's width: the
filter (words in titles and tags, ``tag:NAME``), "last opened" as a person says it, the column
widths, the rows, the welcome panel of an empty library and the status line. The screen
(:mod:`~briefreader.tui.screens.library`) calls them; nothing here keeps state.

Nothing from a brief (titles, tags) is ever parsed as markup: cells are ``rich.text.Text`` built
from display-safe text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.content import Content
from textual.widgets import DataTable, Static

from briefreader.text.display import display_line, display_safe
from briefreader.tui.screens.library_exchange import plural

if TYPE_CHECKING:
    from briefreader.store.api import BriefSummary, SearchHit

DESCRIPTION = (
    "briefreader: read op-eds and policy briefs in the terminal, highlight and tag them, "
    "check their claims against sources, and export it all to CSV."
)


def human_when(moment: datetime | None, now: datetime | None = None) -> str:
    """``never``, ``today 14:02``, ``yesterday 09:13``, ``3 days ago``, ``12 Mar``,
    ``12 Mar 2024``: when something last happened, in local time, as a person says it."""
    if moment is None:
        return "never"
    local = moment.astimezone()
    today = (now or datetime.now().astimezone()).astimezone().date()
    days = (today - local.date()).days
    if days == 0:
        return f"today {local:%H:%M}"
    if days == 1:
        return f"yesterday {local:%H:%M}"
    if 1 < days < 7:
        return f"{days} days ago"
    if local.year == today.year:
        return f"{local.day} {local:%b}"
    return f"{local.day} {local:%b %Y}"


def brief_filter(query: str) -> Callable[[BriefSummary], bool]:
    """A predicate for the filter box: every word must occur in the title or a tag
    (case-insensitive); ``tag:NAME`` demands that exact tag."""
    words: list[str] = []
    tags: list[str] = []
    for word in query.casefold().split():
        if word.startswith("tag:") and len(word) > 4:
            tags.append(word[4:])
        else:
            words.append(word)

    def matches(brief: BriefSummary) -> bool:
        brief_tags = [t.casefold() for t in brief.tags]
        if any(tag not in brief_tags for tag in tags):
            return False
        haystack = "\n".join([brief.title.casefold(), *brief_tags])
        return all(word in haystack for word in words)

    return matches


def column_widths(width: int) -> tuple[int, ...]:
    """(title, words, annotations, claims, tags, last opened) widths for a screen this wide."""
    columns = 6
    # Margins, the scrollbar and one cell of padding each side of every column.
    room = max(40, width - 2 - 2 - 2 * columns)
    words, claims, opened = 7, 6, 15
    annotations = 11 if room >= 100 else 6
    rest = room - words - claims - opened - annotations
    tags = max(8, min(40, rest // 3))
    return (max(12, rest - tags), words, annotations, claims, tags, opened)


def add_columns(table: DataTable[Any], widths: tuple[int, ...]) -> None:
    title_w, words_w, ann_w, claims_w, tags_w, opened_w = widths
    table.add_column(Text("Title"), width=title_w, key="title")
    table.add_column(Text("Words", justify="right"), width=words_w, key="words")
    ann_label = "Annotations" if ann_w >= 11 else "Annot."
    table.add_column(Text(ann_label, justify="right"), width=ann_w, key="annotations")
    table.add_column(Text("Claims", justify="right"), width=claims_w, key="claims")
    table.add_column(Text("Tags"), width=tags_w, key="tags")
    table.add_column(Text("Last opened"), width=opened_w, key="opened")


def fill_table(
    table: DataTable[Any],
    briefs: Sequence[BriefSummary],
    query: str,
    select_id: int | None,
    widths: tuple[int, ...],
    limit: int,
) -> tuple[list[BriefSummary], int]:
    """Add a row for each brief passing the filter ``query`` (at most ``limit``, and the one
    ``select_id`` all the same), the cursor on ``select_id``'s row; the briefs shown and how
    many matched."""
    title_w, _, _, _, tags_w, _ = widths
    matches = brief_filter(query)
    matching = [b for b in briefs if matches(b)]
    shown = matching[:limit]
    if select_id is not None and all(b.id != select_id for b in shown):
        # A brief just imported may sort below the cap; it is shown all the same.
        shown += [b for b in matching[limit:] if b.id == select_id]
    now = datetime.now().astimezone()
    for brief in shown:
        title = Text(display_line(brief.title), no_wrap=True, overflow="ellipsis")
        title.truncate(title_w, overflow="ellipsis")
        tags = Text(display_line(", ".join(brief.tags)), style="italic", no_wrap=True)
        tags.truncate(tags_w, overflow="ellipsis")
        table.add_row(
            title,
            Text(f"{brief.word_count:,}", justify="right"),
            Text(f"{brief.annotations:,}" if brief.annotations else "–", justify="right"),
            Text(f"{brief.claims:,}" if brief.claims else "–", justify="right"),
            tags,
            Text(human_when(brief.last_opened_at, now)),
            key=str(brief.id),
        )
    row = next((i for i, b in enumerate(shown) if b.id == select_id), 0)
    if shown:
        table.move_cursor(row=row)
    return shown, len(matching)


def empty_panel(import_key: str, example_key: str | None) -> list[Static]:
    """The welcome panel of an empty library, naming the keys bound now."""
    lines: list[Static] = [
        Static(Content("Welcome to briefreader"), classes="empty-title"),
        Static(Content(DESCRIPTION)),
        Static(Content("Your library is empty."), classes="empty-hint"),
        Static(
            Content.from_markup(
                "Press [bold $accent]$key[/] to import a file or folder", key=import_key
            ),
            classes="empty-hint",
        ),
    ]
    if example_key is not None:
        lines.append(
            Static(
                Content.from_markup(
                    "Press [bold $accent]$key[/] to open the example brief", key=example_key
                )
            )
        )
    return lines


def status_line(total: int, query: str, loaded: bool, shown: int, matching: int) -> str:
    """The line under the table: how many briefs, or why none is shown."""
    if not loaded:
        return ""
    if query and not shown:
        return (
            f"No brief matches “{display_safe(query)}” — Enter searches their texts "
            "and annotations · Esc clears the filter"
        )
    if matching > shown:
        return f"Showing the {shown:,} most recent of {matching:,} matching briefs — type to narrow"
    if query:
        return f"{shown:,} of {plural(total, 'brief')}"
    return plural(total, "brief")


#: The palette's entry per tag (see LibraryScreen.tag_commands).
FILTER_BY_TAG = "Filter library by tag: {tag}"
FILTER_BY_TAG_HELP = "Show only the briefs with this tag"


@dataclass(frozen=True)
class ListState:
    """What the library's commands depend on (see :func:`allowed`)."""

    loaded: bool
    has_briefs: bool
    searching: bool
    selected: bool
    filter_text: str
    filter_focused: bool
    store_ready: bool
    importing: bool
    example: bool


def allowed(action: str, state: ListState) -> bool | None:
    """Whether a library command shows and works now: True, False (hidden), or None (shown
    greyed out: it cannot apply just now)."""
    if state.searching:
        # The list is not on screen: only what acts on the search (or on no brief) applies.
        if action in ("delete", "export", "clear_filter", "focus_table"):
            return False
        if action in ("open", "search"):
            return action == "open"
    has_briefs = state.has_briefs
    verdicts: dict[str, bool | None] = {
        # Nothing matches the filter: Enter searches inside the briefs instead.
        "open": has_briefs and (state.selected or (True if state.filter_text.strip() else None)),
        # With no brief selected it still runs, to say why nothing is deleted.
        "delete": has_briefs,
        # Before the library has loaded, a search opens and runs once the store is ready.
        "search": has_briefs or not state.loaded,
        "export": has_briefs,
        "import_annotations": has_briefs and state.store_ready,
        "example": state.loaded and not has_briefs and state.example,
        "import": True if state.store_ready and not state.importing else None,
        "clear_filter": has_briefs and (bool(state.filter_text) or state.filter_focused),
        "focus_table": has_briefs and state.filter_focused,
    }
    return verdicts.get(action, True)


#: Said when a search hit is an orphan (opening it chooses it in the reader's orphans list).
ORPHAN_HIT = (
    "That annotation lost its place when the brief's text changed: it is in the reader's "
    "Orphans list."
)


def hit_place(hit: SearchHit) -> tuple[tuple[int, int] | None, int | None]:
    """Where a search hit opens its brief: (a span to show as a match, an annotation id) —
    the annotation when it is one; nothing (where the brief was last read) for a title."""
    if hit.annotation_id is not None:
        return None, hit.annotation_id
    if hit.field == "title":
        return None, None  # a title has no place in the text
    return (hit.start, hit.end), None
