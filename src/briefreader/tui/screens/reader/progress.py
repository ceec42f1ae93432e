"""How far the brief has been read, and coming back to it as it was left.

"% read" in the header is the furthest point read, not where the view is: it never drops when
the reader scrolls back, a brief just opened has read nothing (even when its first screen shows
a quarter of it), and it reaches 100 % when the end of the brief has been scrolled to or the
cursor went there. The furthest point is where the top of the view, or the cursor, got to
(the end when the view reached the bottom of a brief longer than a screen). It is kept with the
brief (``read_to``), as are the cursor and the offset at the top of the view, so the brief
opens again showing exactly the lines it showed — the view does not move to centre the cursor.

Saving is best effort, in a thread, every couple of seconds and when the reader is left: a busy,
full or read-only database just means it is tried again later; it never holds up a key.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from briefreader.tui.screens.reader.loading import BEST_EFFORT_PATIENCE_S
from briefreader.tui.screens.reader.part import ReaderPart
from briefreader.tui.threads import in_thread

if TYPE_CHECKING:
    from briefreader.store.api import Brief, Store
    from briefreader.tui.screens.reader.screen import ReaderScreen

#: Seconds between two saves of the reading position.
POSITION_SAVE_INTERVAL = 2.0
#: Frames to wait for the article's layout before giving up restoring the view (it then
#: simply shows the cursor).
_RESTORE_TRIES = 20


class ReadingProgress(ReaderPart):
    """The furthest point read, the header's progress, the position saved (module docstring)."""

    def __init__(self, screen: ReaderScreen) -> None:
        super().__init__(screen)
        #: The furthest offset read (kept with the brief), and what was last saved of it all.
        self.reached = 0
        self._saved: tuple[int, int | None, int] | None = None

    # ------------------------------------------------------------------ reading

    def start(self, brief: Brief) -> None:
        """The brief is on screen: what was read of it before, and what is saved now."""
        self.reached = min(max(self.reached, brief.read_to), len(brief.text))
        self._saved = (brief.reading_position, brief.view_top, brief.read_to)

    def view_top(self) -> int | None:
        """The offset at the top of the view (None before the article is laid out)."""
        article = self.article
        return article.offset_at_row(max(0, int(article.scroll_offset.y)))

    def moved(self) -> None:
        """The view scrolled or the cursor moved: the furthest point may move on."""
        article = self.article
        text_length = len(article.text)
        reached = max(self.reached, article.cursor)
        top = self.view_top()
        if top is not None and article.scroll_offset.y > 0:
            reached = max(reached, top)
            if article.max_scroll_y > 0 and article.scroll_offset.y >= article.max_scroll_y:
                reached = text_length  # the end of a brief longer than a screen is in view
        self.reached = min(reached, text_length)

    @property
    def fraction(self) -> float:
        return self.article.fraction_of(self.reached)

    def restore_view(self, top: int | None, cursor: int) -> None:
        """Show the lines shown when the brief was left: ``top`` at the top of the view, if the
        cursor is then in view (else the cursor, as it is)."""
        if top is None:
            return
        self._restore(top, cursor, _RESTORE_TRIES)

    def _restore(self, top: int, cursor: int, tries: int) -> None:
        article = self.article
        row = article.row_of(min(top, len(article.text)))
        cursor_row = article.row_of(cursor)
        if row is None or cursor_row is None or not article.size.height:
            if tries:
                self.screen.call_after_refresh(self._restore, top, cursor, tries - 1)
            return
        if row <= cursor_row < row + article.size.height:
            article.scroll_to(y=row, animate=False)

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        """Remember where the reader is (best effort: module docstring)."""
        screen = self.screen
        if screen.brief_id is None or not self.brapp.store_ready or self._saved is None:
            return
        now = (self.article.cursor, self.view_top(), self.reached)
        if now != self._saved:
            write = partial(self._write, self.brapp.store, screen.brief_id, now)
            in_thread(screen, write, "reader-position", exclusive=True)

    def _write(self, store: Store, brief_id: int, now: tuple[int, int | None, int]) -> None:
        from briefreader.store.patience import patience

        cursor, top, reached = now
        try:
            with patience(store, BEST_EFFORT_PATIENCE_S):
                store.set_reading_position(brief_id, cursor, top)
                store.note_read_to(brief_id, reached)
        except Exception:
            return
        self._saved = now
