"""The article's text column: how wide the brief is wrapped, where the column sits in the view
(in the middle, or a small margin in from the left) and the wrapping itself (a
:class:`~briefreader.text.layout.Layout`); and the row arithmetic of scrolling to an offset."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from briefreader.text.layout import Layout

Align = Literal["center", "left"]

#: Cells left of the text when aligned left.
LEFT_MARGIN = 2


class TextColumn:
    """The wrapping of the brief for the view's width, and the column's place in the view."""

    def __init__(self, max_line_length: int, align: Align, tab_size: int) -> None:
        #: The widest the text is wrapped, in cells (narrower if the view is narrower).
        self.max_line_length = max(1, max_line_length)
        self.align: Align = align
        self.tab_size = tab_size
        #: The wrapping: None before the view has a size, and from a change of text until the
        #: next :meth:`fit`.
        self.layout: Layout | None = None
        #: Blank cells left of the text column.
        self.margin = 0
        #: The view's width in cells: every row is drawn this wide.
        self.view_width = 0

    def fit(self, display: str, available: int, hanging: Mapping[int, int] | None = None) -> Layout:
        """Place the column in a view ``available`` cells wide and wrap ``display`` to fit it
        (continuation rows of the lines in ``hanging`` indented); the wrapping is kept while
        neither its width nor the text changes."""
        # One cell is kept free right of the text for the cursor at the end of a full row.
        width = max(1, min(self.max_line_length, available - 1))
        spare = max(0, available - width - 1)
        self.margin = spare // 2 if self.align == "center" else min(LEFT_MARGIN, spare)
        self.view_width = available
        layout = self.layout
        if layout is None or layout.width != width or layout.text is not display:
            layout = self.layout = Layout(display, width, self.tab_size, hanging)
        return layout


def scroll_target(row: int, top: int, height: int, center: bool) -> int | None:
    """Where to scroll a view ``height`` rows high, now at ``top``, to show ``row``: with it in
    the middle if ``center``, else by as little as shows it (None: it shows already)."""
    if center:
        target = row - height // 2
    elif row < top:
        target = row
    elif row >= top + height:
        target = row - height + 1
    else:
        return None
    return max(0, target)
