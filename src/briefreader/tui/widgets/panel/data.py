"""What every part of the side panel reads: the screen's one copy of the brief's annotations
(:class:`~briefreader.reading.shown.ShownAnnotations`) and the brief's tags with their counts.

The panel owns this object and hands it to its parts; the parts keep only what they draw
from it (the list its filtered rows, the orphans list its rows, the detail what it shows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from briefreader.reading.shown import ShownAnnotations
from briefreader.store.records import Tag


@dataclass
class PanelData:
    """The annotations (shared with the screen) and tags the panel shows."""

    shown: ShownAnnotations = field(default_factory=ShownAnnotations)
    #: The brief's tags with their annotation counts, by name (as the store counts them).
    tags: list[tuple[Tag, int]] = field(default_factory=list)
    #: Tag name -> colour, for the tags that have one.
    tag_styles: dict[str, str] = field(default_factory=dict)

    def known_tags(self) -> list[str]:
        """Every tag name the filter's ``#prefix`` can complete to: the brief's tags and those
        the shown annotations carry."""
        names = {tag.name for tag, _ in self.tags}
        names.update(self.shown.tag_uses)
        return sorted(names)

    def set_tags(self, counts: Sequence[tuple[Tag, int]]) -> bool:
        """Take the store's counts; True when the tags' colours changed (rows redraw)."""
        self.tags = sorted(counts, key=lambda tc: tc[0].name)
        styles = {tag.name: tag.color for tag, _ in counts if tag.color}
        restyle = styles != self.tag_styles
        self.tag_styles = styles
        return restyle

    def adjust_tags(self, delta: Mapping[str, int]) -> bool | None:
        """Add ``delta`` to the counts as an edit changes them: tags no annotation carries any
        more are dropped unless they have a quick key, as the store counts them. None when a
        tag with no record here would appear (the caller then asks the store); else whether
        anything changed."""
        counts = {tag.name: count for tag, count in self.tags}
        for name, change in delta.items():
            if change and (name not in counts or counts[name] + change < 0):
                return None
        updated: list[tuple[Tag, int]] = []
        for tag, count in self.tags:
            count += delta.get(tag.name, 0)
            if count or tag.quick_key is not None:
                updated.append((tag, count))
        if updated == self.tags:
            return False
        self.tags = updated
        return True
