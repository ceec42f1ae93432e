"""The article view: a brief wrapped to a comfortable width and drawn row by row, with a cursor,
a selection, annotations, search matches and reading-aid styles painted over it.

It is a line-API ``ScrollView`` because TextArea, Static and Markdown are far too slow for a
5 MB brief and cannot paint offset-exact spans (DESIGN.md, "The article view"). Only rows on
screen are drawn; each is built from plain strings into Segments (the brief is never markup) and
cached until something on that row changes. Wrapping and the offset <-> cell mapping live in
:mod:`briefreader.text.layout`; word/sentence/paragraph movement in
:mod:`briefreader.text.boundaries`.

Every offset the widget takes or gives is a code-point offset into the normalised brief text.
The text is drawn through the display-safe table (one character for one character); a Markdown
brief is drawn rendered, its layout and cursor in offsets of the shown text, mapped back to the
stored text's at the widget's edge (:mod:`.rendering`).

The widget is put together from parts, each in its own module:

* :mod:`.view` — :class:`ArticleView`, the widget: text, public API, Textual hooks;
* :mod:`.actions` — what its keys do (movement, selecting a sentence or paragraph);
* :mod:`.rendering` — what is shown of the text (a Markdown brief rendered) and the offsets
  between the shown and the stored text;
* :mod:`.caret` — the cursor and the selection as offsets (no Textual);
* :mod:`.column` — the wrapping width, the column's margin, the layout, scroll arithmetic;
* :mod:`.spans` — :class:`ArticleSpan` and the offset indexes of spans;
* :mod:`.marks` — the annotations and search matches painted now;
* :mod:`.tokens` — reading-aid tokens from the lexer, in cached pieces;
* :mod:`.render` — :class:`~.render.RowPainter`: one row's cuts, layers and styles;
* :mod:`.rows` — the rows drawn, and which a change makes stale;
* :mod:`.palette` — the styles, from the theme's colours;
* :mod:`.bindings` and :mod:`.messages` — the view's keys, and what it tells its screen.
"""

from __future__ import annotations

from briefreader.text.display import display_safe
from briefreader.tui.widgets.article.column import LEFT_MARGIN as LEFT_MARGIN
from briefreader.tui.widgets.article.column import Align as Align
from briefreader.tui.widgets.article.palette import ANNOTATION_KINDS as ANNOTATION_KINDS
from briefreader.tui.widgets.article.spans import ArticleSpan as ArticleSpan
from briefreader.tui.widgets.article.tokens import TOKEN_CHUNK as TOKEN_CHUNK
from briefreader.tui.widgets.article.tokens import TokenSource as TokenSource
from briefreader.tui.widgets.article.view import ArticleView as ArticleView


def display_text(text: str) -> str:
    """The display-safe copy of ``text`` (kept as a name for callers of this module)."""
    return display_safe(text)
