"""Applying an annotation file that an importer read (:mod:`briefreader.exchange.importers`) to
the library: which brief each record belongs to, whether it is an annotation already there (to
update, or leave alone) or a new one (anchored in the brief's text, else kept as an orphan), and
a report of what happened to every record.

Work happens in two passes. :class:`~briefreader.annotation_import.plan.Planner` only reads
the store and decides, for each record, one step (create, update, unchanged, skipped), on the
values as the store would keep them (:mod:`.clean`); :func:`import_annotations` then carries
the steps out, unless it is a dry run. A dry run therefore reports exactly what a real run
would do and cannot write anything.

Rules, in order, for each record:

1. The brief: ``brief_id`` when the caller gives one; else the brief id our CSV names (when that
   brief exists and has the title the row gives); else the brief whose source URL matches
   (compared in their normal form, :func:`briefreader.exchange.importers.uris.url_key`, with
   the scheme, ``www.`` and a trailing ``/`` ignored; or whose content hash a ``urn:`` names);
   else by title: equal ignoring case, then the one brief whose title contains the file's
   title or is contained in it. Titles are compared with quotes, dashes and spacing made
   uniform. When several briefs fit, the one that holds the record's uuid.
2. The same annotation: our CSV's ``annotation_id`` (only if that annotation is on the same brief
   and on the same quote, so a CSV from another library cannot overwrite unrelated
   annotations), or the record's uuid (W3C ids, Hypothesis ids). It is updated with only the
   fields that differ (:mod:`.diff`); nothing differing means it is left alone (no new
   revision). Our own formats say everything about an annotation, so they set every field
   they carry: a source missing from the sources cell is deleted, as a spreadsheet user who
   deleted it expects. Other tools' files (Hypothesis, Readwise, Kindle) know nothing of kinds,
   claims or sources, so re-importing one only adds: a note it lacks (after the note written
   here, never instead of it), tags it lacks, a colour when it has none; work done here since
   the first import is kept. An import never moves an existing annotation: edited quote or
   offset cells are ignored (re-attach an orphan in the app).
3. A new annotation: placed where the text between its offsets is exactly its quote (even
   inside a word) unless its prefix and suffix say otherwise, else with
   :func:`briefreader.anchoring.reanchor.locate` (quote, context, offsets). Placed on text that
   differs in words from its quote (an approximate match, or a "text changed" quote our W3C
   export carries), it is flagged "text changed" with the file's quote, as re-anchoring flags
   it, and the report says so. An annotation on the same span (or an orphan on the same quote)
   with exactly the record's content, already there or made earlier in the same file, is the
   record imported before: unchanged. Same span, other content: for another tool's record
   without an id (Readwise, Kindle), an update that adds to the first such annotation not yet
   claimed by another record; otherwise a new annotation, so no note, tag or source is lost.
   For our formats "the same" also means the same kind; for other tools' any kind (their kind
   is our guess, and may have been changed here). Not placed: created as an orphan with its
   quote. Never dropped silently.
4. A record with a value the store refuses (a tag, a URL, a claim status, a colour) is skipped
   with the reason; the rest of the file is imported. Values the store changes on the way in
   (NUL characters, a timestamp out of range) are changed in the plan too.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefreader.annotation_import.diff import Update
from briefreader.annotation_import.plan import _NUMBER, COMPLETE_FORMATS, Create, Planner
from briefreader.annotation_import.report import ImportReport, ReportItem
from briefreader.exchange.imported import ParsedFile
from briefreader.store.api import AnnotationChange, Store, StoreError
from briefreader.store.errors import DatabaseUnavailable


def _change(step: Update) -> AnnotationChange:
    """The planned update as one store change, refused with ``Conflict`` if the annotation
    changed since the plan read it (the app may be open on the same library)."""
    return AnnotationChange(
        annotation_id=step.annotation.id,
        expected_revision=step.annotation.revision,
        fields=dict(step.fields),
        tags=step.tags,
        add_sources=tuple(step.add_sources),
        change_sources=tuple(step.change_sources),
        remove_sources=tuple(step.remove_sources),
    )


def _update_all(store: Store, updates: Sequence[Update]) -> dict[int, str]:
    """Apply the planned updates; return the reasons of those that failed, by position.

    All in one transaction (one commit for 1,000 updates instead of several each). Should the
    store refuse one, the batch is rolled back and retried one update at a time, each still
    all-or-nothing, so only the refused ones are skipped.
    """
    if not updates:
        return {}
    try:
        store.apply_changes([_change(step) for step in updates])
        return {}
    except DatabaseUnavailable:
        raise  # busy, full, read-only, replaced: the whole import stops, said once
    except (StoreError, ValueError):
        pass
    failed: dict[int, str] = {}
    for index, step in enumerate(updates):
        try:
            store.apply_changes([_change(step)])
        except DatabaseUnavailable:
            raise  # busy, full, read-only, replaced: the whole import stops, said once
        except (StoreError, ValueError) as exc:
            failed[index] = str(exc)
    return failed


def _create_all(store: Store, creates: Sequence[Create]) -> dict[str, int]:
    """Create the planned annotations; return their ids by uuid.

    One transaction per brief (creating them one by one costs a transaction and a read of the
    brief's text each: 24 ms apiece on a 5 MB brief). Should the store refuse one, the brief's
    batch is rolled back and retried one at a time so only that one is skipped, with the
    store's reason in its ``error``.
    """
    by_brief: dict[int, list[Create]] = {}
    for create in creates:
        by_brief.setdefault(create.brief_id, []).append(create)
    ids: dict[str, int] = {}
    for brief_id, group in by_brief.items():
        try:
            store.bulk_create_annotations(brief_id, [c.new for c in group])
        except DatabaseUnavailable:
            raise  # busy, full, read-only, replaced: the whole import stops, said once
        except (StoreError, ValueError):
            for create in group:
                try:
                    store.create_annotation(brief_id, create.new)
                except DatabaseUnavailable:
                    raise  # busy, full, read-only, replaced: the whole import stops, said once
                except (StoreError, ValueError) as exc:
                    create.error = str(exc)
        wanted = {c.new.uuid for c in group}
        for ann in store.annotations_for_brief(brief_id, which="all"):
            if ann.uuid in wanted:
                ids[ann.uuid] = ann.id
    for create in creates:
        made = ids.get(create.new.uuid or "")
        if create.flag is not None and made is not None:
            # Made on the file's quote as an orphan; attached to its span now, which keeps
            # that quote as the one the text changed from.
            try:
                store.reattach_annotation(made, *create.span, expected_revision=1)
            except DatabaseUnavailable:
                raise  # busy, full, read-only, replaced: the whole import stops, said once
            except (StoreError, ValueError) as exc:
                create.error = f"kept as an orphan on its quote: {exc}"
    return ids


def import_annotations(
    store: Store,
    parsed: ParsedFile,
    *,
    brief_id: int | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import what a parser read into ``store`` (see the module docstring for the rules).

    ``brief_id`` puts every record on that brief (``NotFound`` if there is no such brief).
    With ``dry_run`` the store is only read and the report says what would happen.
    """
    if brief_id is not None:
        store.get_brief_summary(brief_id)  # raises NotFound for the caller to show
    plan = Planner(store, parsed, brief_id).run(parsed)
    created: list[ReportItem] = []
    orphaned: list[ReportItem] = []
    updated: list[ReportItem] = []
    skipped = list(plan.skipped)
    ids: dict[str, int] = {} if dry_run else _create_all(store, plan.creates)
    for create in plan.creates:
        into = orphaned if create.new.orphan and create.flag is None else created
        uuid = create.new.uuid or ""
        if dry_run or uuid in ids:
            description = create.description
            if not dry_run and create.flag is not None and create.error != "not created":
                into, description = orphaned, create.error
            into.append(ReportItem(create.item.origin, description, ids.get(uuid), create.brief_id))
        else:
            skipped.append(ReportItem(create.item.origin, create.error, None, create.brief_id))
    failures = {} if dry_run else _update_all(store, plan.updates)
    for index, update in enumerate(plan.updates):
        ann = update.annotation
        if index in failures:
            skipped.append(ReportItem(update.item.origin, failures[index], ann.id, ann.brief_id))
            continue
        updated.append(ReportItem(update.item.origin, update.description, ann.id, ann.brief_id))
    return ImportReport(
        format=parsed.format,
        dry_run=dry_run,
        created=_in_file_order(created),
        updated=_in_file_order(updated),
        unchanged=_in_file_order(plan.unchanged),
        orphaned=_in_file_order(orphaned),
        skipped=_in_file_order(skipped),
    )


def _in_file_order(items: list[ReportItem]) -> tuple[ReportItem, ...]:
    """Sorted by the record number in the origin ("row 12", "clipping 3"): parsers' skips and
    the planner's come in separately."""

    def number(item: ReportItem) -> int:
        found = _NUMBER.search(item.origin)
        return int(found.group()) if found else 0

    return tuple(sorted(items, key=number))


__all__ = ["COMPLETE_FORMATS", "ImportReport", "ReportItem", "import_annotations"]
