"""The library's order: by any of its columns (or the day a brief was imported), either way,
the briefs with nothing in the column (no tags, never opened) last both ways, and briefs equal
in it in the store's order (the most recently opened, then imported, first).

The library screen keeps one :class:`LibrarySort`, read from the config file when it opens and
written back when the user chooses another (:func:`order_of`, :func:`remember_order`), sorts the
briefs it reads with :func:`sort_briefs`, and marks the sorted column's
heading with :meth:`LibrarySort.mark`; :func:`sort_dialog` asks which column. Nothing here keeps
state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefreader.config import Config
    from briefreader.store.api import BriefSummary
    from briefreader.tui.app import BriefReaderApp
    from briefreader.tui.screens.dialogs import SortDialog

#: What the library sorts by, in the order the sort dialog lists them: (name, label).
SORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("words", "Words"),
    ("annotations", "Annotations"),
    ("claims", "Claims"),
    ("tags", "Tags"),
    ("opened", "Last opened"),
    ("imported", "Imported"),
)

_KEYS: dict[str, Callable[[BriefSummary], Any]] = {
    "title": lambda brief: brief.title.casefold(),
    "words": lambda brief: brief.word_count,
    "annotations": lambda brief: brief.annotations,
    "claims": lambda brief: brief.claims,
    "tags": lambda brief: [tag.casefold() for tag in brief.tags],
    "opened": lambda brief: brief.last_opened_at,
    "imported": lambda brief: brief.imported_at,
}

#: Which briefs have nothing in a column: they come last, whichever way it is sorted.
_BLANK: dict[str, Callable[[BriefSummary], bool]] = {
    "tags": lambda brief: not brief.tags,
    "opened": lambda brief: brief.last_opened_at is None,
}

#: Each column's two ways, as said in the sort dialog: (ascending, descending). A column
#: chosen anew is sorted the way that comes first here: names A to Z, numbers and days the
#: most and the newest first.
_WAYS: dict[str, tuple[str, str]] = {
    "title": ("A to Z", "Z to A"),
    "words": ("shortest first", "longest first"),
    "annotations": ("fewest first", "most first"),
    "claims": ("fewest first", "most first"),
    "tags": ("A to Z", "Z to A"),
    "opened": ("longest ago first", "most recent first"),
    "imported": ("oldest first", "newest first"),
}
_FIRST_DESCENDING = frozenset({"words", "annotations", "claims", "opened", "imported"})


@dataclass(frozen=True)
class LibrarySort:
    """The column the library is sorted by and which way. The default is the store's own
    order: the most recently opened first, then the most recently imported."""

    column: str = "opened"
    descending: bool = True

    def __post_init__(self) -> None:
        if self.column not in _KEYS:
            raise ValueError(f"the library has no column {self.column!r} to sort by")

    def then(self, column: str) -> LibrarySort:
        """The order once ``column`` is chosen: the column sorted already, the other way; any
        other, its first way (names A to Z, numbers and days the most and newest first)."""
        if column == self.column:
            return LibrarySort(column, not self.descending)
        return LibrarySort(column, column in _FIRST_DESCENDING)

    @property
    def is_default(self) -> bool:
        return self == LibrarySort()

    def mark(self, column: str) -> str:
        """▲ (ascending) or ▼ (descending) for the sorted column, else nothing."""
        if column != self.column:
            return ""
        return "▼" if self.descending else "▲"

    def describe(self) -> str:
        """``Words, longest first``: the order in words."""
        return f"{dict(SORT_COLUMNS)[self.column]}, {_WAYS[self.column][self.descending]}"


def sort_briefs(briefs: Sequence[BriefSummary], order: LibrarySort) -> list[BriefSummary]:
    """``briefs`` in ``order``: those with nothing in the column last (in the order they came),
    and briefs equal in the column in the order they came (Python's sort is stable both ways)."""
    blank = _BLANK.get(order.column)
    empty = [brief for brief in briefs if blank is not None and blank(brief)]
    rest = [brief for brief in briefs if blank is None or not blank(brief)]
    rest.sort(key=_KEYS[order.column], reverse=order.descending)
    return rest + empty


def sort_dialog(order: LibrarySort) -> SortDialog:
    """The "Sort by" dialog, ``order`` the one chosen now; it dismisses with a column's name
    (see :meth:`LibrarySort.then`)."""
    from briefreader.tui.screens.dialogs import SortDialog

    return SortDialog(SORT_COLUMNS, order.column, order.mark(order.column), order.describe())


def order_of(config: Config) -> LibrarySort:
    """The order kept in the config file (``[library] sort``, ``sort_descending``)."""
    try:
        return LibrarySort(config.library_sort, config.library_sort_descending)
    except ValueError:  # reported when the config was read
        return LibrarySort()


def remember_order(app: BriefReaderApp, order: LibrarySort) -> None:
    """Keep the order for the next launch (said, if the config file cannot take it)."""
    said = f"The library's order ({order.column})"
    app.remember("sort", order.column, said, table="library")
    app.remember("sort_descending", order.descending, said, table="library")
