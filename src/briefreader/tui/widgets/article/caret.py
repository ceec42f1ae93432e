"""The article view's cursor and selection as plain offsets: where the cursor is, where the
selection is anchored and whether moving extends it, and what a move remembers (the column a
move by rows aims for, the end of the word, sentence or paragraph moved onto). No Textual here:
the view moves the caret, then redraws, scrolls and announces what changed."""

from __future__ import annotations

from collections.abc import Callable

from briefreader.text import boundaries
from briefreader.text.layout import Layout

#: Finds the span of a unit (word, sentence, paragraph) at an offset, or None.
Unit = Callable[[str, int], "tuple[int, int] | None"]
WORD: Unit = boundaries.word_at
SENTENCE: Unit = boundaries.sentence_at
PARAGRAPH: Unit = boundaries.paragraph_at


class Caret:
    """The cursor's offset (``len(text)`` at the end) and the selection's anchor and mode."""

    def __init__(self) -> None:
        self.offset = 0
        self.anchor: int | None = None
        #: True while movement extends the selection (after ``v``, ``s`` or ``p``).
        self.selecting = False
        #: Where the word, sentence or paragraph the cursor last moved onto ends: a selection
        #: extended by that unit covers it (``v w w w`` includes the third word).
        self.unit_end: int | None = None
        #: The column a move by rows aims for, kept across rows shorter than it.
        self.goal_col: int | None = None

    def reset(self, offset: int) -> None:
        """A new text: no selection, the cursor at ``offset``."""
        self.anchor = None
        self.selecting = False
        self.goal_col = None
        self.offset = offset

    @property
    def clearable(self) -> bool:
        """True while there is a selection, or selection mode, that escape would clear."""
        return self.selecting or self.anchor is not None

    def selection(self, text: str) -> tuple[int, int] | None:
        """The selected span of ``text``, end-exclusive and without surrounding whitespace."""
        if self.anchor is None:
            return None
        start, end = sorted((self.anchor, self.offset))
        if self.unit_end is not None and self.offset > self.anchor:
            end = self.unit_end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def target_span(self, text: str) -> tuple[int, int]:
        """What an annotation command acts on: the selection, else the sentence under the
        cursor, else an empty span at the cursor."""
        selection = self.selection(text)
        if selection is not None:
            return selection
        sentence = boundaries.sentence_at(text, self.offset)
        return sentence if sentence is not None else (self.offset, self.offset)

    def move(
        self,
        text: str,
        layout: Layout | None,
        offset: int,
        *,
        extend: bool | None,
        goal: int | None,
        unit: Unit | None,
    ) -> int:
        """Put the cursor at ``offset`` (kept in the text, snapped to a position ``layout``
        draws) and return where it went. ``extend`` True keeps (or starts) a selection from the
        anchor, False drops it, None follows selection mode. ``goal`` is the column a move by
        rows aims for (None for any other move); ``unit`` is the finder of a move by that unit,
        whose span under the new cursor a forward selection then covers."""
        old = self.offset
        offset = min(max(offset, 0), len(text))
        if layout is not None:
            offset = layout.snap(offset)
        self.unit_end = None
        if unit is not None:
            span = unit(text, offset)
            if span is not None and span[0] <= offset < span[1]:
                self.unit_end = span[1]
        if extend is None:
            extend = self.selecting
        if not extend:
            self.anchor = None
            self.selecting = False
        elif self.anchor is None:
            self.anchor = old
        self.offset = offset
        self.goal_col = goal
        return offset

    def row_and_goal(self, layout: Layout) -> tuple[int, int]:
        """The cursor's row, and the column a move by rows aims for from there."""
        row, col = layout.offset_to_cell(self.offset)
        return row, col if self.goal_col is None else self.goal_col
