"""StoreBase: the engine, sessions and lifecycle of the Store, and the helpers that more than
one group of its methods needs (tag ids, a brief's text, annotations with their tags and sources,
bumping an annotation's revision). The methods themselves live in the mixins of briefs.py,
tags.py, annotations.py, sources.py and export.py; :mod:`briefreader.store.api` puts them together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self, cast

from sqlalchemy import Engine, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlmodel import col

from briefreader.store.engine import make_engine, writer
from briefreader.store.errors import NotFound
from briefreader.store.models import (
    AnnotationRow,
    AnnotationTagRow,
    BriefRow,
    SourceRow,
    TagRow,
    utcnow,
)
from briefreader.store.records import Annotation, Source
from briefreader.store.schema import ensure_schema


class StoreBase:
    """The database a Store works on, and its shared helpers (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = writer(engine)
        ensure_schema(engine)

    @classmethod
    def open(cls, url: str) -> Self:
        """Open (creating or upgrading) the database at SQLAlchemy ``url``."""
        return cls(make_engine(url))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def _read(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def _write(self) -> Session:
        return Session(self._writer, expire_on_commit=False)

    def _tag_ids(self, s: Session, names: Sequence[str]) -> dict[str, int]:
        """Ids of the (already normalised) tags ``names``, creating the missing ones."""
        if not names:
            return {}
        found: dict[str, int] = {
            name: cast(int, tag_id)
            for name, tag_id in s.execute(
                select(col(TagRow.name), col(TagRow.id)).where(col(TagRow.name).in_(names))
            )
        }
        for name in names:
            if name not in found:
                row = TagRow(name=name)
                s.add(row)
                s.flush()
                assert row.id is not None
                found[name] = row.id
        return {n: found[n] for n in names}

    def _load_annotations(self, s: Session, rows: Sequence[AnnotationRow]) -> list[Annotation]:
        ids = [r.id for r in rows]
        tags: dict[int, list[str]] = {}
        sources: dict[int, list[Source]] = {}
        if ids:
            for ann_id, name in s.execute(
                select(col(AnnotationTagRow.annotation_id), col(TagRow.name))
                .join(TagRow, col(TagRow.id) == AnnotationTagRow.tag_id)
                .where(col(AnnotationTagRow.annotation_id).in_(ids))
                .order_by(col(TagRow.name))
            ):
                tags.setdefault(ann_id, []).append(name)
            for src in s.execute(
                select(SourceRow)
                .where(col(SourceRow.annotation_id).in_(ids))
                .order_by(col(SourceRow.id))
            ).scalars():
                sources.setdefault(src.annotation_id, []).append(
                    Source(
                        src.id or 0,
                        src.annotation_id,
                        src.url,
                        src.title,
                        src.relation,
                        src.note,
                        src.added_at,
                    )
                )
        out = []
        for r in rows:
            assert r.id is not None
            out.append(
                Annotation(
                    id=r.id,
                    uuid=r.uuid,
                    brief_id=r.brief_id,
                    kind=r.kind,
                    start=r.start,
                    end=r.end,
                    quote=r.quote,
                    prefix=r.prefix,
                    suffix=r.suffix,
                    note=r.note,
                    color=r.color,
                    claimant=r.claimant,
                    claim_type=r.claim_type,
                    claim_status=r.claim_status,
                    created_at=r.created_at,
                    updated_at=r.updated_at,
                    revision=r.revision,
                    tags=tuple(tags.get(r.id, ())),
                    sources=tuple(sources.get(r.id, ())),
                    orphan=bool(r.orphan),
                    previous_quote=r.previous_quote,
                )
            )
        return out

    def _brief_text(self, s: Session, brief_id: int) -> str:
        text = s.execute(
            select(col(BriefRow.text)).where(col(BriefRow.id) == brief_id)
        ).scalar_one_or_none()
        if text is None:
            raise NotFound(f"no brief with id {brief_id}")
        return text

    def _touch(self, s: Session, annotation_id: int) -> None:
        result = s.execute(
            update(AnnotationRow)
            .where(col(AnnotationRow.id) == annotation_id)
            .values(updated_at=utcnow(), revision=col(AnnotationRow.revision) + 1)
        )
        if cast("CursorResult[Any]", result).rowcount == 0:
            raise NotFound(f"no annotation with id {annotation_id}")
