"""What the article view tells the screen around it: the cursor moved, the selection changed.

Both are ``ArticleView.CursorMoved`` and ``ArticleView.SelectionChanged`` to their receivers;
the ``article_view`` namespace gives them the handler names they had as classes nested in the
view (``on_article_view_cursor_moved``, ``on_article_view_selection_changed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from briefreader.tui.widgets.article.view import ArticleView


class CursorMoved(Message, namespace="article_view"):
    """The cursor moved to ``offset``."""

    def __init__(self, article_view: ArticleView, offset: int) -> None:
        super().__init__()
        self.article_view = article_view
        self.offset = offset

    @property
    def control(self) -> ArticleView:
        return self.article_view


class SelectionChanged(Message, namespace="article_view"):
    """The selection is now ``span`` (``(start, end)``), or None when there is none."""

    def __init__(self, article_view: ArticleView, span: tuple[int, int] | None) -> None:
        super().__init__()
        self.article_view = article_view
        self.span = span

    @property
    def control(self) -> ArticleView:
        return self.article_view
