"""What the side panel tells the screen: the messages its parts post (handled as
``on_annotation_panel_…``; the screen reaches them as ``AnnotationPanel.JumpTo`` and so on).

Posted by the part where the user acted (the list, the orphans, the tags, the filter line, or
the panel's own keys); none of them changes anything by itself: the screen decides.
"""

from __future__ import annotations

from textual.message import Message


class PanelMessage(Message, namespace="annotation_panel"):
    """Base of the panel's messages (their handlers are named ``on_annotation_panel_…``)."""


class JumpTo(PanelMessage, namespace="annotation_panel"):
    """Enter on a list row: show this annotation in the article."""

    def __init__(self, annotation_id: int) -> None:
        super().__init__()
        self.annotation_id = annotation_id


class EditRequested(PanelMessage, namespace="annotation_panel"):
    """Edit one field of an annotation: "note", "claim", "tags", "source" or "kind"."""

    def __init__(self, annotation_id: int, field: str) -> None:
        super().__init__()
        self.annotation_id = annotation_id
        self.field = field


class DeleteSourceRequested(PanelMessage, namespace="annotation_panel"):
    """``D`` in the detail: delete the selected source."""

    def __init__(self, source_id: int) -> None:
        super().__init__()
        self.source_id = source_id


class BindKeyRequested(PanelMessage, namespace="annotation_panel"):
    """``b`` on the tags list; ``tag_name`` is None when no tag is highlighted."""

    def __init__(self, tag_name: str | None) -> None:
        super().__init__()
        self.tag_name = tag_name


class OrphanJumpTo(PanelMessage, namespace="annotation_panel"):
    """Enter on an orphan: show where it used to be in the article."""

    def __init__(self, annotation_id: int) -> None:
        super().__init__()
        self.annotation_id = annotation_id


class DeleteOrphanRequested(PanelMessage, namespace="annotation_panel"):
    """``x`` on the orphans list: delete this orphan (the screen confirms)."""

    def __init__(self, annotation_id: int) -> None:
        super().__init__()
        self.annotation_id = annotation_id


class AcceptChangeRequested(PanelMessage, namespace="annotation_panel"):
    """Accept the new text of an annotation flagged "text changed"."""

    def __init__(self, annotation_id: int) -> None:
        super().__init__()
        self.annotation_id = annotation_id


class FilterChanged(PanelMessage, namespace="annotation_panel"):
    """The list's filter changed: ``shown`` of ``total`` annotations pass it."""

    def __init__(self, text: str, shown: int, total: int) -> None:
        super().__init__()
        self.text = text
        self.shown = shown
        self.total = total


class ToArticle(PanelMessage, namespace="annotation_panel"):
    """Esc in any part of the panel: the focus goes back to the article."""


class CurrentChanged(PanelMessage, namespace="annotation_panel"):
    """The user moved to another row of the list (not posted for a cursor move)."""

    def __init__(self, annotation_id: int | None) -> None:
        super().__init__()
        self.annotation_id = annotation_id
