"""The symbols every list of annotations marks them with (the reader's panel, the library's
search results, the claims desk): each kind's marker, each verdict's symbol and colour, and the
markers of a changed quote and of an orphan.

Kept apart from the panel's package so that a screen showing annotations without a panel (the
library's search) does not import the panel's widgets with them (20 ms of the library's start).
"""

from __future__ import annotations

from briefreader import vocabulary

#: Kind markers, one cell each in common terminals (checked: East Asian width N or A, and not
#: emoji-presentation), so rows differ without colour.
KIND_MARKERS: dict[str, str] = {"highlight": "▌", "claim": "❝", "note": "✎"}
#: Claim verdicts: a symbol and a colour, always shown with the word so colour is not needed.
VERDICTS: dict[str, tuple[str, str]] = dict(
    zip(
        vocabulary.VERDICTS,
        (
            ("?", "$text-muted"),
            ("✓", "$text-success"),
            ("~", "$text-warning"),
            ("✗", "$text-error"),
        ),
        strict=True,
    )
)
#: Marks an annotation whose quote changed when the brief's text was replaced.
CHANGED_MARKER = "≠"
#: Marks an orphan: an annotation re-anchoring could not place in the current text.
ORPHAN_MARKER = "◌"
