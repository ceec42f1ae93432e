"""The library's table of briefs, as plain functions of the briefs and the screen's width: the
filter (words in titles and tags, ``tag:NAME``), "last opened" as a person says it, counts that
fit their column, the columns for the screen's width (on a narrow one, those nobody's brief has
anything in are left out), the rows, the welcome panel of an empty library and the status line.
The screen (:mod:`~briefreader.tui.screens.library`) calls them; nothing here keeps state.

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
    from rich.console import JustifyMethod

    from briefreader.store.api import BriefSummary, SearchHit
    from briefreader.tui.screens.library_sort import LibrarySort

DESCRIPTION = (
    "briefreader: read op-eds and policy briefs in the terminal, highlight and tag them, "
    "check their claims against sources, and export it all to CSV."
)


def human_when(moment: datetime | None, now: datetime | None = None, *, short: bool = False) -> str:
    """``never``, ``today 14:02``, ``yesterday 09:13``, ``3 days ago``, ``12 Mar``,
    ``12 Mar 2024``: when something last happened, in local time, as a person says it. With
    ``short``, in at most 10 characters: ``14:02`` for today, ``yesterday``, and ``Mar 2024``
    for another year."""
    if moment is None:
        return "never"
    local = moment.astimezone()
    today = (now or datetime.now().astimezone()).astimezone().date()
    days = (today - local.date()).days
    if days == 0:
        return f"{local:%H:%M}" if short else f"today {local:%H:%M}"
    if days == 1:
        return "yesterday" if short else f"yesterday {local:%H:%M}"
    if 1 < days < 7:
        return f"{days} days ago"
    if local.year == today.year:
        return f"{local.day} {local:%b}"
    return f"{local:%b %Y}" if short else f"{local.day} {local:%b %Y}"


def fit_count(count: int, width: int) -> str:
    """``count`` as written in a column ``width`` wide: ``12,345`` when that fits, else
    rounded (``100k``, ``1.2M``)."""
    text = f"{count:,}"
    if len(text) <= width:
        return text
    for unit, size in (("k", 10**3), ("M", 10**6), ("G", 10**9), ("T", 10**12)):
        value = count / size
        text = f"{value:.1f}".removesuffix(".0") if value < 9.95 else f"{value:.0f}"
        if float(text) < 1000 and len(text) + 1 <= width:
            return text + unit
    return "#" * width  # more than a terminal column can say


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


#: Screens narrower than this leave out the Tags and Claims columns when no brief has any and
#: say when a brief was opened short, so that titles get the room.
NARROW = 120
#: The width of "when" (last opened, imported) said short (:func:`human_when`).
WHEN_SHORT = 10

#: Each column's heading: (wide, narrow).
HEADINGS: dict[str, tuple[str, str]] = {
    "title": ("Title", "Title"),
    "words": ("Words", "Words"),
    "annotations": ("Annotations", "Annot."),
    "claims": ("Claims", "Claims"),
    "tags": ("Tags", "Tags"),
    "opened": ("Last opened", "Opened"),
    "imported": ("Imported", "Imported"),
}
_NUMBERS = ("words", "annotations", "claims")

#: The table's columns, left to right: (column name, width).
Layout = tuple[tuple[str, int], ...]


def column_widths(
    width: int,
    *,
    tags: bool = True,
    claims: bool = True,
    when: str = "opened",
    sort: str | None = None,
) -> Layout:
    """The table's columns for a screen this wide: title, words, annotations, claims, tags and
    when the brief was last opened (``when="imported"``: imported). Narrower than
    :data:`NARROW`, tags and claims are left out when no brief has any (``tags``, ``claims``
    False) and "when" is said short; the title gets the room the others leave. The column
    ``sort`` is sorted by: on a wide screen, its whole heading and the mark fit."""
    narrow = width < NARROW
    names = ["title", "words", "annotations"]
    names += ["claims"] if claims or not narrow else []
    names += ["tags"] if tags or not narrow else []
    names.append(when)
    # Margins, the scrollbar and one cell of padding each side of every column.
    room = max(40, width - 2 - 2 - 2 * len(names))
    # Wide enough for "100,000" (a narrow screen's headings are short).
    fixed = {"words": 7, "annotations": 7 if narrow else 11, "claims": 7}
    fixed[when] = WHEN_SHORT if narrow else 15
    if sort in fixed and not narrow:
        fixed[sort] = max(fixed[sort], len(HEADINGS[sort][0]) + 2)  # "Annotations ▼"
    rest = room - sum(fixed.get(name, 0) for name in names)
    widths = dict(fixed, tags=max(8, min(40, rest // 3)) if "tags" in names else 0)
    widths["title"] = max(12, rest - widths["tags"])
    return tuple((name, widths[name]) for name in names)


def table_layout(width: int, briefs: Sequence[BriefSummary], order: LibrarySort) -> Layout:
    """:func:`column_widths` for ``briefs`` (every brief in the library, not only those the
    filter lets through: the columns do not come and go while a filter is typed)."""
    return column_widths(
        width,
        tags=any(brief.tags for brief in briefs),
        claims=any(brief.claims for brief in briefs),
        when="imported" if order.column == "imported" else "opened",
        sort=order.column,
    )


def add_columns(table: DataTable[Any], layout: Layout, order: LibrarySort) -> None:
    """The table's columns, the sorted one's heading marked ▲ or ▼."""
    for name, width in layout:
        wide, narrow = HEADINGS[name]
        mark = order.mark(name)
        labels = [f"{wide} {mark}", f"{narrow} {mark}", f"{narrow}{mark}"] if mark else [wide]
        label = next((label for label in labels if len(label) <= width), narrow[:width])
        justify: JustifyMethod = "right" if name in _NUMBERS else "left"
        table.add_column(Text(label, justify=justify), width=width, key=name)


def fill_table(
    table: DataTable[Any],
    briefs: Sequence[BriefSummary],
    query: str,
    select_id: int | None,
    layout: Layout,
    limit: int,
) -> tuple[list[BriefSummary], int]:
    """Add a row for each brief passing the filter ``query`` (at most ``limit``, and the one
    ``select_id`` all the same), the cursor on ``select_id``'s row; the briefs shown and how
    many matched."""
    matches = brief_filter(query)
    matching = [b for b in briefs if matches(b)]
    shown = matching[:limit]
    if select_id is not None and all(b.id != select_id for b in shown):
        # A brief just imported may sort below the cap; it is shown all the same.
        shown += [b for b in matching[limit:] if b.id == select_id]
    now = datetime.now().astimezone()
    for brief in shown:
        table.add_row(
            *(_cell(name, width, brief, now) for name, width in layout), key=str(brief.id)
        )
    row = next((i for i, b in enumerate(shown) if b.id == select_id), 0)
    if shown:
        table.move_cursor(row=row)
    return shown, len(matching)


def _cell(name: str, width: int, brief: BriefSummary, now: datetime) -> Text:
    """What the column ``name`` (``width`` wide) shows for ``brief``."""
    if name in ("title", "tags"):
        text = display_line(brief.title if name == "title" else ", ".join(brief.tags))
        cell = Text(text, style="italic" if name == "tags" else "", no_wrap=True)
        cell.truncate(width, overflow="ellipsis")
        return cell
    if name in _NUMBERS:
        if name == "words":
            return Text(fit_count(brief.word_count, width), justify="right")
        count = brief.annotations if name == "annotations" else brief.claims
        return Text(fit_count(count, width) if count else "–", justify="right")
    moment = brief.imported_at if name == "imported" else brief.last_opened_at
    return Text(human_when(moment, now, short=width < len("yesterday 09:13")))


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


def status_line(
    total: int, query: str, loaded: bool, shown: int, matching: int, order: LibrarySort
) -> str:
    """The line under the table: how many briefs, or why none is shown."""
    if not loaded:
        return ""
    if query and not shown:
        return (
            f"No brief matches “{display_safe(query)}” — Enter searches their texts "
            "and annotations · Esc clears the filter"
        )
    if matching > shown:
        which = (
            f"{shown:,} most recent"
            if order.is_default
            else f"first {shown:,} ({order.describe()})"
        )
        return f"Showing the {which} of {matching:,} matching briefs — type to narrow"
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
        if action in ("delete", "export", "clear_filter", "focus_table", "sort", "details"):
            return False
        if action in ("open", "search"):
            return action == "open"
    has_briefs = state.has_briefs
    verdicts: dict[str, bool | None] = {
        # Nothing matches the filter: Enter searches inside the briefs instead.
        "open": has_briefs and (state.selected or (True if state.filter_text.strip() else None)),
        # With no brief selected it still runs, to say why nothing is deleted. (The list may
        # be shown before the store is open: see LibraryWatch's peek.)
        "delete": has_briefs and state.store_ready,
        # Before the library has loaded, a search opens and runs once the store is ready.
        "search": has_briefs or not state.loaded,
        "export": has_briefs,
        "sort": has_briefs,
        "details": has_briefs and state.store_ready,
        "manage_tags": state.store_ready,
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
