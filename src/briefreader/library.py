"""Library operations shared by the command line and the app: importing files, finding a brief
from what a person typed, annotating by quote, exporting.

No Textual here and no printing: callers decide how to show outcomes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from briefreader.anchoring import find_quote
from briefreader.ingest import IngestedBrief, IngestError, ingest_file, iter_brief_files
from briefreader.ingest.names import printable_name
from briefreader.store.api import (
    Annotation,
    BriefSummary,
    NewAnnotation,
    NewBrief,
    NotFound,
    ReanchorReport,
    SourceInput,
    Store,
    StoreError,
)
from briefreader.text.boundaries import count_words


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one path: imported (created, already there, or a new version of a
    brief whose file changed: ``replaced``) or skipped with a reason."""

    path: Path
    brief: BriefSummary | None = None
    created: bool = False
    error: str | None = None
    warnings: tuple[str, ...] = ()
    replaced: ReanchorReport | None = None


def new_brief(ingested: IngestedBrief) -> NewBrief:
    source = ingested.source
    source_path = ingested.source_key
    if source_path is None and source and Path(source).is_absolute():
        source_path = source  # a file's path given as the source by a caller of ingest_bytes
    return NewBrief(
        text=ingested.text,
        title=ingested.title,
        content_hash=ingested.content_hash,
        word_count=count_words(ingested.text),
        source=source,
        author=ingested.author,
        outlet=ingested.outlet,
        published=ingested.published,
        format=ingested.format,
        # What identifies the file (its path, or its file: URI if its name is not UTF-8); a URL
        # is not a file.
        source_path=source_path,
    )


def store_ingested(
    store: Store, ingested: IngestedBrief, *, replace: int | None = None
) -> tuple[BriefSummary, bool, ReanchorReport | None]:
    """Put an ingested file in the library: ``(brief, created, replaced)``.

    The same content already stored is that brief. Otherwise, with ``replace`` (a brief id), or
    when a brief was imported from the same file before, the file is a new version of that
    brief: its text is replaced and its annotations re-anchored (see
    :meth:`Store.replace_brief_text`). Otherwise a new brief is created.
    """
    new = new_brief(ingested)
    target = None
    if replace is not None:
        target = store.get_brief_summary(replace)
    elif new.source_path is not None:
        target = store.find_brief_by_source_path(new.source_path)
    if target is not None and target.content_hash != new.content_hash:
        already = store.find_brief_by_hash(new.content_hash)
        if already is None:
            report = store.replace_brief_text(target.id, new)
            return report.brief, False, report
        if replace is not None:
            raise StoreError(
                f"this text is already in the library as brief #{already.id} "
                f"({already.title!r}); not replacing brief #{target.id}"
            )
    result = store.import_brief(new)
    return result.brief, result.created, None


def import_file(store: Store, path: Path, *, replace: int | None = None) -> ImportOutcome:
    try:
        ingested = ingest_file(path)
    except IngestError as exc:
        return ImportOutcome(path, error=str(exc))
    brief, created, replaced = store_ingested(store, ingested, replace=replace)
    return ImportOutcome(path, brief, created, warnings=ingested.warnings, replaced=replaced)


def import_paths(store: Store, paths: Iterable[Path]) -> Iterator[ImportOutcome]:
    """Import files and folders (recursively), one outcome per file. A file imported before
    whose content changed becomes a new version of its brief (annotations re-anchored)."""
    for path, reason in iter_brief_files(paths):
        if reason is not None:
            yield ImportOutcome(path, error=f"{printable_name(path)}: {reason}")
        else:
            yield import_file(store, path)


def resolve_brief(store: Store, ref: str) -> BriefSummary:
    """The one brief ``ref`` names (an id, or a unique part of a title)."""
    matches = store.find_briefs(ref)
    if not matches:
        raise NotFound(f"no brief matches {ref!r} (use an id from `briefreader list`)")
    if len(matches) > 1:
        listed = ", ".join(f"#{b.id} {b.title!r}" for b in matches[:5])
        raise StoreError(f"{ref!r} matches {len(matches)} briefs ({listed}); use the id")
    return matches[0]


def annotate_quote(
    store: Store,
    brief_id: int,
    quote: str,
    *,
    occurrence: int | None = None,
    kind: str = "highlight",
    tags: Sequence[str] = (),
    note: str = "",
    color: str | None = None,
    sources: Sequence[SourceInput] = (),
    claimant: str | None = None,
    claim_type: str | None = None,
    claim_status: str | None = None,
) -> Annotation:
    """Annotate the text matching ``quote`` in the brief (see :func:`find_quote`)."""
    text = store.get_brief(brief_id).text
    start, end = find_quote(text, quote, occurrence)
    return store.create_annotation(
        brief_id,
        NewAnnotation(
            start=start,
            end=end,
            kind=kind,
            note=note,
            color=color,
            claimant=claimant,
            claim_type=claim_type,
            claim_status=claim_status,
            tags=tuple(tags),
            sources=tuple(sources),
        ),
    )


def export_csv(
    store: Store, out: TextIO, brief_ids: Sequence[int] = (), tag: str | None = None
) -> int:
    """Write the CSV export to ``out`` (opened with ``newline=""``); return the row count."""
    from briefreader.exchange.csv_export import write_csv

    return write_csv(store.iter_export_rows(brief_ids or None, tag), out)
