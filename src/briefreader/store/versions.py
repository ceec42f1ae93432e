"""Replacing a brief's text with a new version (:class:`VersionsPart`): the old text is kept
in ``brief_version`` and every annotation is re-anchored on the new text, or kept as an orphan.
Nothing is ever dropped.
"""

from __future__ import annotations

import contextlib
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from briefreader.anchoring import context
from briefreader.store.base import StorePart
from briefreader.store.briefs import clean_brief
from briefreader.store.errors import NotFound, StoreError
from briefreader.store.inputs import NewBrief
from briefreader.store.models import AnnotationRow, BriefRow, BriefVersionRow, utcnow
from briefreader.store.records import BriefVersion, ReanchorReport
from briefreader.text.validate import InvalidValue, published_date, single_line

# Annotation columns re-anchoring reads, in this order.
_READ = ("id", "start", "end", "quote", "prefix", "suffix", "orphan", "previous_quote", "revision")


class VersionsPart(StorePart):
    """Brief versions: each public method is one transaction."""

    def brief_versions(self, brief_id: int) -> list[BriefVersion]:
        """The earlier texts of a brief, oldest first (the current text is not among them)."""
        with self.store._read() as s:
            rows = s.execute(
                select(BriefVersionRow)
                .where(col(BriefVersionRow.brief_id) == brief_id)
                .order_by(col(BriefVersionRow.version))
            ).scalars()
            return [
                BriefVersion(
                    r.brief_id, r.version, r.content_hash, r.word_count, r.replaced_at, r.text
                )
                for r in rows
            ]

    def replace_brief_text(self, brief_id: int, new: NewBrief) -> ReanchorReport:
        """Make ``new`` the brief's current text (version + 1, the old text kept) and move every
        annotation onto it (see :mod:`briefreader.anchoring.reanchor`): found → placed there,
        its quote updated (a changed quote is flagged with ``previous_quote``); not found → an
        orphan that keeps its quote. Title, author and tags stay as they are. Only the
        annotations that moved or changed get a new revision and ``updated_at``; one found
        exactly where it was keeps both (its stored context is brought up to date).

        The matching runs before the write lock is taken; if the brief or its annotations
        changed meanwhile, it runs again, so a concurrent edit is never overwritten.
        """

        new = clean_brief(new)
        for _attempt in range(5):
            with self.store._read() as s:
                row = s.get(BriefRow, brief_id)
                if row is None:
                    raise NotFound(f"no brief with id {brief_id}")
                if row.content_hash == new.content_hash:
                    return ReanchorReport(
                        self.store._briefs._summaries(s, [row])[0], text_changed=False
                    )
                self._check_hash_free(s, brief_id, new.content_hash)
                old_text, old_hash = row.text, row.content_hash
                annotations = self._reanchor_rows(s, brief_id)
            # (Imported here: the fuzzy matcher costs every other command 15 ms of start-up.)
            from briefreader.anchoring.reanchor import Anchor, fold, reanchor_all

            anchors = [
                Anchor(quote=a[3], prefix=a[4], suffix=a[5], start=a[1], end=a[2])
                for a in annotations
            ]
            placements = reanchor_all(old_text, new.text, anchors)
            with self.store._transaction() as s:
                row = s.get(BriefRow, brief_id)
                if row is None:
                    raise NotFound(f"no brief with id {brief_id}")
                if row.content_hash != old_hash or self._reanchor_rows(s, brief_id) != annotations:
                    continue  # changed while we were matching: match again
                self._check_hash_free(s, brief_id, new.content_hash)
                s.add(
                    BriefVersionRow(
                        brief_id=brief_id,
                        version=row.version,
                        text=row.text,
                        content_hash=row.content_hash,
                        word_count=row.word_count,
                    )
                )
                counts = {"exact": 0, "moved": 0, "fuzzy": 0, "orphan": 0}
                now = utcnow()
                values: list[dict[str, Any]] = []  # annotations moved or changed
                contexts: list[dict[str, Any]] = []  # in place; the text around them changed
                text = new.text
                for (
                    ann_id,
                    start,
                    end,
                    quote,
                    prefix,
                    suffix,
                    orphan,
                    previous,
                    revision,
                ), placed in zip(annotations, placements, strict=True):
                    if placed is None:
                        counts["orphan"] += 1
                        if orphan:
                            continue  # still an orphan: nothing to write
                        start = min(start, len(text))
                        values.append(
                            {
                                "ann_id": ann_id,
                                "start": start,
                                "end": min(max(start, end), len(text)),
                                "quote": quote,
                                "prefix": prefix,
                                "suffix": suffix,
                                "orphan": True,
                                "previous_quote": previous,
                                "revision": revision + 1,
                                "updated_at": now,
                            }
                        )
                        continue
                    counts[placed.method] = counts.get(placed.method, 0) + 1
                    new_quote = text[placed.start : placed.end]
                    new_prefix, new_suffix = context(text, placed.start, placed.end)
                    # Only a change of words is "text changed"; whitespace, line breaks and
                    # quote or dash style are not.
                    new_previous = previous
                    if previous is None and fold(new_quote) != fold(quote):
                        new_previous = quote
                    elif previous is not None and fold(new_quote) == fold(previous):
                        new_previous = None
                    if (placed.start, placed.end, new_quote, orphan, new_previous) == (
                        start,
                        end,
                        quote,
                        False,
                        previous,
                    ):
                        # Exactly where it was: not a change of the annotation (its revision
                        # and updated_at stay); only the text around it may have changed.
                        if (new_prefix, new_suffix) != (prefix, suffix):
                            contexts.append(
                                {"ann_id": ann_id, "prefix": new_prefix, "suffix": new_suffix}
                            )
                        continue
                    values.append(
                        {
                            "ann_id": ann_id,
                            "start": placed.start,
                            "end": placed.end,
                            "quote": new_quote,
                            "prefix": new_prefix,
                            "suffix": new_suffix,
                            "orphan": False,
                            "previous_quote": new_previous,
                            "revision": revision + 1,
                            "updated_at": now,
                        }
                    )
                a = AnnotationRow.__table__  # type: ignore[attr-defined]
                for changes in (values, contexts):
                    if changes:
                        s.connection().execute(
                            update(a).where(a.c.id == bindparam("ann_id")), changes
                        )
                row.text = text
                row.content_hash = new.content_hash
                row.word_count = new.word_count
                row.version += 1
                row.reading_position = min(row.reading_position, len(text))
                row.read_to = min(row.read_to, len(text))
                row.view_top = None  # the text moved: the view follows the cursor
                if new.source_path:
                    row.source_path = new.source_path
                # What the page now says of itself fills what is not known (never what the
                # user wrote in the brief's details).
                if new.outlet and not row.outlet:
                    row.outlet = single_line(new.outlet)
                if new.published and not row.published:
                    with contextlib.suppress(InvalidValue):
                        row.published = published_date(new.published)
                s.add(row)
                s.flush()
                return ReanchorReport(
                    self.store._briefs._summaries(s, [row])[0],
                    exact=counts["exact"],
                    moved=counts["moved"],
                    changed=counts["fuzzy"],
                    orphaned=counts["orphan"],
                )
        raise StoreError("the brief kept changing while its text was being replaced; try again")

    def _check_hash_free(self, s: Session, brief_id: int, content_hash: str) -> None:
        other = s.execute(
            select(col(BriefRow.id), col(BriefRow.title)).where(
                col(BriefRow.content_hash) == content_hash, col(BriefRow.id) != brief_id
            )
        ).first()
        if other is not None:
            raise StoreError(
                f"this text is already in the library as brief #{other[0]} ({other[1]!r})"
            )

    def _reanchor_rows(self, s: Session, brief_id: int) -> list[tuple[Any, ...]]:
        a = AnnotationRow.__table__  # type: ignore[attr-defined]
        return [
            tuple(r)
            for r in s.connection().execute(
                select(*(a.c[name] for name in _READ))
                .where(a.c.brief_id == brief_id)
                .order_by(a.c.id)
            )
        ]
