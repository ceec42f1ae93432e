"""The reader's side panel: the brief's annotations as a filterable list, the detail of the
current annotation, and the brief's tags with their counts and quick keys; above them, while
the brief has any, its orphans (annotations re-anchoring could not place in the current text,
:meth:`AnnotationPanel.set_orphans` / :meth:`~AnnotationPanel.update_orphans`), whose chosen
one the detail shows while their list has focus. Annotations whose quote changed are marked ≠
and their detail shows the old quote beside the new one.

Pure presentation: the panel never touches the store. The reader screen feeds it data
(:meth:`AnnotationPanel.set_annotations`, :meth:`~AnnotationPanel.set_cursor`,
:meth:`~AnnotationPanel.set_tags`; after an edit, :meth:`~AnnotationPanel.update_annotation`
and :meth:`~AnnotationPanel.adjust_tag_counts`, which touch one row and redraw after the
article has shown the edit) and acts on the messages it posts (jump to an annotation, edit a
field, delete a source, bind a quick key), opening whatever dialogs that needs.

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
