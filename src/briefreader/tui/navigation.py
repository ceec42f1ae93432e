"""Moving between screens. Screens never import one another: they post one of these messages
and the App, which knows every screen, shows the one asked for."""

from __future__ import annotations

from textual.message import Message


class OpenBrief(Message):
    """Show a brief in the reader, above the library (whatever was above it is left first):
    at ``goto`` (a span of its text, shown as a match), at the annotation ``annotation_id``,
    or where it was last read. With ``above``, the reader opens over the current screen
    instead (the claims desk: ``q`` in the reader comes back to it)."""

    def __init__(
        self,
        brief_id: int,
        goto: tuple[int, int] | None = None,
        annotation_id: int | None = None,
        *,
        above: bool = False,
    ) -> None:
        super().__init__()
        self.brief_id = brief_id
        self.goto = goto
        self.annotation_id = annotation_id
        self.above = above


class OpenDesk(Message):
    """Show the claims desk over the current screen, filtered by ``query`` (the search
    language), unless it is already open: then go back to it."""

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query = query


class ShowLibrary(Message):
    """Put the library in place of the current screen (a reader opened straight from a file
    has no library under it)."""
