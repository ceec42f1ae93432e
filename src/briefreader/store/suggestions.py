"""The claim finder's suggestions dismissed in a brief (schema 6): a suggestion is a sentence,
and what is kept is a hash of its words (whitespace collapsed, case folded), not its offsets,
so a dismissal holds wherever the sentence moves when the brief's text changes, and ends only
if its words change. Dismissing twice is the same as once; undismissing brings it back.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, select

from briefreader.store.base import StorePart
from briefreader.store.errors import NotFound
from briefreader.store.models import BriefRow, DismissedSuggestionRow


def suggestion_key(sentence: str) -> str:
    """What a dismissal of ``sentence`` is kept by (64 hex digits)."""
    words = " ".join(sentence.split()).casefold()
    return hashlib.sha256(words.encode("utf-8", "surrogatepass")).hexdigest()


class SuggestionsPart(StorePart):
    """Dismissed suggestions, by brief (module docstring)."""

    def dismiss_suggestion(self, brief_id: int, sentence: str) -> None:
        key = suggestion_key(sentence)
        with self.store._transaction() as s:
            if s.get(BriefRow, brief_id) is None:
                raise NotFound(f"no brief with id {brief_id}")
            if s.get(DismissedSuggestionRow, (brief_id, key)) is None:
                s.add(DismissedSuggestionRow(brief_id=brief_id, text_hash=key))

    def undismiss_suggestion(self, brief_id: int, sentence: str) -> None:
        d = DismissedSuggestionRow.__table__  # type: ignore[attr-defined]
        key = suggestion_key(sentence)
        with self.store._transaction() as s:
            s.execute(delete(d).where(d.c.brief_id == brief_id, d.c.text_hash == key))

    def dismissed_suggestions(self, brief_id: int) -> frozenset[str]:
        """The keys (:func:`suggestion_key`) of the suggestions dismissed in the brief."""
        d = DismissedSuggestionRow.__table__  # type: ignore[attr-defined]
        with self.store._read() as s:
            rows = s.execute(select(d.c.text_hash).where(d.c.brief_id == brief_id))
            return frozenset(row[0] for row in rows)
