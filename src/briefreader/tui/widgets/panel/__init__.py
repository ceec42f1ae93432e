"""The reader's side panel (:class:`AnnotationPanel`): four boxes, each a small widget.

- the orphans box (``orphans.py``), shown while the brief has any: annotations re-anchoring
  could not place in its current text; the detail shows the chosen one while the box has focus;
- the annotations box (``annotation_list.py``): the filter line and a row per annotation on
  the text, in text order; those under the article cursor marked, the current one highlighted;
  annotations whose quote changed are marked ≠;
- the detail box (``detail.py``): the current annotation (or chosen orphan) in full, and the
  keys that act on it; a changed quote beside the old one;
- the tags box (``tags.py``): the brief's tags, their counts and quick keys.

The panel reads the screen's one copy of the annotations
(:class:`~briefreader.reading.shown.ShownAnnotations`, given with :meth:`AnnotationPanel.show`)
and is given each change as the :class:`~briefreader.reading.shown.Delta` it returned
(:meth:`AnnotationPanel.apply`); the parts keep only what they draw. Pure presentation: the
panel never touches the store; it posts messages (``messages.py``: jump to an annotation,
edit a field, delete a source, bind a quick key) and the screen acts on them.

Everything that comes from a brief or a user (quotes, notes, tags, titles, URLs) is shown as
plain text through :func:`~briefreader.text.display.display_safe`, never as markup.

Filter syntax (typed in the line above the list; terms are combined with AND, and several
kinds or verdicts with OR): ``#tag`` (exact tag, or tags starting with what was typed),
``highlight`` / ``claim`` / ``note``, ``unverified`` / ``supported`` / ``disputed`` /
``refuted``, ``changed`` (quote changed when the text was replaced), any other word (searched
in quote, note, claimant and sources), ``"quoted words"`` to search for a word that would
otherwise be a keyword.
"""

from briefreader.tui.widgets.panel.detail import DETAIL_DELAY as DETAIL_DELAY
from briefreader.tui.widgets.panel.filtering import (
    FILTER_HELP as FILTER_HELP,
)
from briefreader.tui.widgets.panel.filtering import (
    FILTER_PLACEHOLDER,
    AnnotationFilter,
)
from briefreader.tui.widgets.panel.rows import KIND_MARKERS, VERDICTS
from briefreader.tui.widgets.panel.widget import AnnotationPanel

__all__ = ["FILTER_PLACEHOLDER", "KIND_MARKERS", "VERDICTS", "AnnotationFilter", "AnnotationPanel"]
