"""Finding words in the reader's text (``/``): the matches, the one the cursor is on, moving
between them (``n`` / ``N``), and the search box. The screen owns the box and forwards its
events here; the article paints the matches."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.widgets import Input

from briefreader.text.display import display_safe

if TYPE_CHECKING:
    from briefreader.tui.screens.reader import ReaderScreen

#: Matches painted at most (a one-letter search in a 5 MB brief would find millions).
MATCH_LIMIT = 10_000


class FindInText:
    """The reader's in-text search (see the module docstring)."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.matches: list[tuple[int, int]] = []
        self.current: int | None = None

    @property
    def box(self) -> Input:
        return self.screen.query_one("#search", Input)

    def open(self) -> None:
        self.box.add_class("visible")
        self.box.focus()

    def show(self, matches: list[tuple[int, int]], current: int | None = None) -> None:
        self.matches = matches
        self.current = current
        self.screen.article.set_matches(matches, current)

    def changed(self, query: str) -> str:
        """Find ``query`` (smart case: a capital letter makes it case-sensitive); the box's
        title ("3 matches")."""
        matches: list[tuple[int, int]] = []
        # What is on screen is searched: a Markdown brief shown rendered by its words
        # ("Istanbul on Friday" is found in "*Istanbul* on Friday"), each match then placed
        # in the stored text.
        rendering = self.screen.article.rendering
        if query.strip():
            flags = 0 if any(ch.isupper() for ch in query) else re.IGNORECASE
            for match in re.finditer(re.escape(query), rendering.shown, flags):
                matches.append(match.span())
                if len(matches) >= MATCH_LIMIT:
                    break
        limited = len(matches) >= MATCH_LIMIT
        matches = rendering.spans_to_source(matches)  # only drawn characters: none to go to
        self.show(matches)
        shown = f"{len(matches):,}{'+' if limited else ''}"
        return f"{shown} match{'es' if len(matches) != 1 else ''}"

    def submitted(self, query: str) -> None:
        self.close()
        if self.matches:
            self.next()
        elif query.strip():
            self.screen.notify(f"Not found: {display_safe(query)}", severity="warning", timeout=3)

    def close(self) -> None:
        self.box.remove_class("visible")
        self.screen.article.focus()

    def escape(self) -> None:
        """Esc in the box: close it and forget the search."""
        box = self.box
        if box.has_focus:
            self.close()
            box.value = ""
            self.show([])

    def go(self, index: int) -> None:
        self.current = index
        start, _end = self.matches[index]
        article = self.screen.article
        article.set_matches(self.matches, index)
        article.move_to(start, extend=False)
        article.scroll_to_offset(start)
        self.screen.notify(f"Match {index + 1} of {len(self.matches):,}", timeout=1.5)

    def next(self) -> None:
        if not self.matches:
            self.screen.notify("No search — press / to search", timeout=2)
            return
        cursor = self.screen.article.cursor
        if self.current is not None and self.matches[self.current][0] == cursor:
            index = (self.current + 1) % len(self.matches)
        else:
            index = next((i for i, (s, _) in enumerate(self.matches) if s > cursor), 0)
        self.go(index)

    def previous(self) -> None:
        if not self.matches:
            self.screen.notify("No search — press / to search", timeout=2)
            return
        cursor = self.screen.article.cursor
        before = [i for i, (s, _) in enumerate(self.matches) if s < cursor]
        self.go(before[-1] if before else len(self.matches) - 1)
