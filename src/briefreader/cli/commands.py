"""The sub-commands' bodies (``check`` and ``backup`` are in upkeep.py, ``claims`` and ``claim``
in claims.py, ``sources`` in sources.py, ``suggest`` in suggest.py, what they share in
common.py). Each returns an exit status; messages for the user go to stderr, results to stdout.
Anything printed that came from a brief goes through ``display_safe`` so a hostile title cannot
drive the terminal. :func:`run` turns every expected failure into one sentence and status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefreader.cli.claim_json import search_claims, search_fields
from briefreader.cli.claims import cmd_claim, cmd_claims
from briefreader.cli.common import err, export_out, find_brief, open_store
from briefreader.cli.database import database_url
from briefreader.cli.open_app import cmd_open, os_error_sentence
from briefreader.cli.sources import cmd_sources
from briefreader.cli.suggest import cmd_suggest
from briefreader.cli.upkeep import cmd_backup, cmd_check
from briefreader.store.api import SourceInput, Store
from briefreader.text.display import display_safe

if TYPE_CHECKING:
    from briefreader.exchange.claimreview import ReviewAuthor

__all__ = ["HANDLERS", "database_url", "err", "open_store", "run"]


def _fit(text: str, width: int) -> str:
    text = display_safe(text)
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "never"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_import(args: argparse.Namespace) -> int:
    from briefreader.library import import_file, import_paths

    failed = 0
    if "" in args.paths:
        err("an empty path names no file (it would mean the current folder)")
        return 2
    with open_store(args) as store:
        if args.replace is not None:
            if len(args.paths) != 1:
                err("--replace takes exactly one file")
                return 2
            target = find_brief(store, args.replace)
            outcomes = iter([import_file(store, Path(args.paths[0]), replace=target.id)])
        else:
            outcomes = import_paths(store, [Path(p) for p in args.paths])
        for outcome in outcomes:
            if outcome.error or outcome.brief is None:
                failed += 1
                print(f"skipped    {display_safe(outcome.error or str(outcome.path))}")
                continue
            brief = outcome.brief
            status = "imported " if outcome.created else "unchanged"
            extra = "" if outcome.created else "  (already in the library: same content)"
            if outcome.replaced is not None:
                status, extra = "updated  ", f"  ({outcome.replaced.summary()})"
            print(
                f"{status}  #{brief.id}  {_fit(brief.title, 60)}  "
                f"({brief.word_count:,} words){extra}"
            )
            for warning in outcome.warnings:
                err(f"warning: {warning}")
    if failed:
        err(f"{failed} file(s) could not be imported")
    return 1 if failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        briefs = store.list_briefs()
    if args.json:
        data = [
            {
                "id": b.id,
                "title": b.title,
                "source": b.source,
                "author": b.author,
                "words": b.word_count,
                "annotations": b.annotations,
                "claims": b.claims,
                "orphans": b.orphans,
                "version": b.version,
                "tags": list(b.tags),
                "imported_at": b.imported_at.isoformat(),
                "last_opened": b.last_opened_at.isoformat() if b.last_opened_at else None,
            }
            for b in briefs
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if not briefs:
        print("The library is empty. Import a brief with: briefreader import PATH")
        return 0
    width = shutil.get_terminal_size((100, 24)).columns
    title_w = max(20, min(60, width - 70))
    print(
        f"{'id':>4}  {'title':<{title_w}}  {'words':>7}  {'annot':>5}  {'claims':>6}  "
        f"{'last opened':<16}  tags"
    )
    for b in briefs:
        print(
            f"{b.id:>4}  {_fit(b.title, title_w):<{title_w}}  {b.word_count:>7,}  "
            f"{b.annotations:>5}  {b.claims:>6}  {_when(b.last_opened_at):<16}  "
            f"{_fit(', '.join(b.tags), 40)}"
        )
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    from briefreader.library import annotate_quote

    kind = args.kind
    verdict = args.verdict or args.old_status
    if args.old_status:
        err(
            "annotate --status is the verdict's old name: say --verdict (in `briefreader "
            "claim`, --status is how far checking went)"
        )
    claim_fields = args.claimant or args.claim_type or verdict
    if kind is None:
        kind = "claim" if claim_fields else "highlight"
    elif claim_fields and kind != "claim":
        err("--claimant, --claim-type and --verdict need --kind claim")
        return 2
    from briefreader.text.validate import normalise_source_url, normalise_tag

    # Check what was typed before looking for the quote, so every mistake is reported at once.
    for tag in args.tag:
        normalise_tag(tag)
    sources = [
        SourceInput(url=normalise_source_url(url), relation=relation)
        for url, relation, _ in args.sources
    ]
    with open_store(args) as store:
        brief = find_brief(store, args.brief)
        annotation = annotate_quote(
            store,
            brief.id,
            args.quote,
            occurrence=args.occurrence,
            kind=kind,
            tags=args.tag,
            note=args.note,
            color=args.color,
            sources=sources,
            claimant=args.claimant,
            claim_type=args.claim_type,
            claim_status=verdict,
        )
    print(annotation.id)
    return 0


def _brief_ids(store: Store, refs: list[str]) -> list[int]:
    return [find_brief(store, ref).id for ref in refs]


#: The export format a file name implies.
_FORMAT_OF_SUFFIX = {".csv": "csv", ".json": "json", ".jsonld": "json", ".md": "md"}
_SUFFIXES = ".csv, .json, .jsonld or .md"
#: Formats a file name does not imply, and the names they may be written to with --format.
_SUFFIXES_ALSO = {"claimreview": (".json", ".jsonld")}


def _export_format(output: str | None, fmt: str | None) -> tuple[str | None, str]:
    """The format to write, or (as the first item) why the file name and --format cannot
    be used. ``-o -`` and no ``-o`` are standard output, CSV unless ``--format`` says."""
    if output is None or output == "-":
        return None, fmt or "csv"
    suffix = Path(output).suffix.lower()
    implied = _FORMAT_OF_SUFFIX.get(suffix)
    if fmt is None and implied is None:
        return (
            f"cannot tell the format of {output} from its name: end it in {_SUFFIXES}, "
            "or give --format csv|json|md|claimreview",
            "",
        )
    if (
        fmt is not None
        and implied is not None
        and implied != fmt
        and suffix not in _SUFFIXES_ALSO.get(fmt, ())
    ):
        also = _SUFFIXES_ALSO.get(fmt, ())
        names = " or ".join([s for s, f in _FORMAT_OF_SUFFIX.items() if f == fmt] + list(also))
        return (
            f"{output} is a {suffix} name but --format is {fmt}: name it {names}, "
            f"or drop --format ({_SUFFIXES} say the format)",
            "",
        )
    return None, fmt or implied or "csv"


def cmd_export(args: argparse.Namespace) -> int:
    from briefreader.text.validate import normalise_tag

    if args.output == "":
        err("the -o file name is empty (-o - writes to standard output)")
        return 2
    if args.output not in (None, "-") and Path(args.output).expanduser().is_dir():
        err(f"{args.output} is a folder: give a file name (-o FOLDER/annotations.csv)")
        return 1
    problem, fmt = _export_format(args.output, args.format)
    if problem:
        err(problem)
        return 2
    tag = normalise_tag(args.tag) if args.tag is not None else None
    notices: list[str] = []
    reviews: dict[str, Any] = {}
    if fmt == "claimreview":
        reviews = {"review_author": _review_author(notices), "notices": notices}
    with open_store(args) as store:
        brief_ids = _brief_ids(store, args.brief)
        written = export_out(
            store, args.output, force=args.force, brief_ids=brief_ids, tag=tag, fmt=fmt, **reviews
        )
    if written is None:
        return 1
    count, target = written
    if target is not None:
        what = "claim review(s)" if fmt == "claimreview" else "annotation(s)"
        print(f"exported {count} {what} to {target} ({fmt})", file=sys.stderr)
    for notice in notices:
        err(notice)
    if reviews and reviews["review_author"] is None and count:
        from briefreader.config import config_path

        err(
            "warning: the reviews have no author, which Google's fact-check markup asks for "
            f"(the organisation publishing them): set name and url under [organisation] in "
            f"{config_path()}"
        )
    return 0


def _review_author(notices: list[str]) -> ReviewAuthor | None:
    """The author of exported ClaimReviews: the config's ``[organisation]`` (None when it has
    no name); a problem with that table is added to ``notices``."""
    from briefreader.config import load_config
    from briefreader.exchange.claimreview import ReviewAuthor

    config = load_config()
    notices.extend(p for p in config.problems if "organi" in p)
    if config.organisation_name is None:
        return None
    return ReviewAuthor(config.organisation_name, config.organisation_url)


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from briefreader.annotation_import import import_annotations
    from briefreader.exchange.importers import UnknownFormat, parse_file

    if args.file == "":
        err("the file name is empty")
        return 2
    try:
        parsed = parse_file(Path(args.file).expanduser())
    except (UnknownFormat, UnicodeError) as exc:
        err(str(exc))
        return 1
    with open_store(args) as store:
        brief_id = find_brief(store, args.brief).id if args.brief else None
        report = import_annotations(store, parsed, brief_id=brief_id, dry_run=args.dry_run)
    for line in report.lines(unchanged=args.verbose):
        print(display_safe(line))
    # Skips are normal (a Kindle file holds bookmarks and other books): fail only when the
    # file gave nothing at all.
    used = report.created or report.updated or report.unchanged or report.orphaned
    return 1 if report.skipped and not used else 0


#: The most hits --limit asks for (a larger number is this many: no terminal shows more).
_MAX_HITS = 1_000_000


def cmd_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    with open_store(args) as store:
        hits = store.search(query, limit=min(max(1, args.limit), _MAX_HITS))
        claims = search_claims(store, hits) if args.json else {}
    if args.json:
        data = [
            {
                "kind": h.kind,
                "brief_id": h.brief_id,
                "brief_title": h.brief_title,
                "annotation_id": h.annotation_id,
                "annotation_kind": h.annotation_kind,
                "field": h.field,
                "start": h.start,
                "end": h.end,
                "snippet": h.snippet,
                "tags": list(h.tags),
                "orphan": h.orphan,
                **search_fields(claims.get(h.annotation_id or 0)),
            }
            for h in hits
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print(f"no matches for {display_safe(query)!r}", file=sys.stderr)
        return 1
    width = shutil.get_terminal_size((100, 24)).columns
    for h in hits:
        if h.kind == "brief":
            where = "title" if h.field == "title" else f"@{h.start}"
            head = f"#{h.brief_id} {where}"
        else:
            state = " orphan" if h.orphan else ""
            head = f"#{h.brief_id} a{h.annotation_id} {h.annotation_kind}{state} ({h.field})"
        title = _fit(h.brief_title, 30)
        room = max(20, width - len(head) - len(title) - 6)
        snippet = h.snippet
        if h.marks and h.marks[0][1] > room - 1:
            # Start the excerpt shortly before the match, so the match is on screen.
            snippet = "…" + snippet[max(0, h.marks[0][0] - room // 4) :]
        print(f"{head}  {title}  {_fit(snippet.strip(), room)}")
    return 0


def _is_busy(exc: BaseException | None) -> bool:
    """Whether a database error means another connection held the lock past the busy timeout
    (SQLite's SQLITE_BUSY; PostgreSQL's lock_timeout, SQLSTATE 55P03)."""
    name = getattr(exc, "sqlite_errorname", "")
    return (
        name in ("SQLITE_BUSY", "SQLITE_LOCKED")
        or getattr(exc, "sqlstate", None) == "55P03"
        or "database is locked" in str(exc)
    )


def _driver_text(exc: BaseException | None) -> str:
    """The database driver's own words for ``exc`` on one line, without Python's ``[Errno N]``
    (``failed to resolve host 'h': Name or service not known``)."""
    import re

    from briefreader.text.validate import single_line

    return re.sub(r"\[Errno -?\d+\]\s*", "", single_line(str(exc)))


def _busy(timeout: float) -> str:
    return (
        f"the database is busy: another program has kept it locked for more than "
        f"{timeout:g} s, so this command gave up waiting (nothing half-done was saved); try "
        "again when that program has finished (a long import in another briefreader, or a "
        "sqlite3 shell with a transaction open?)"
    )


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "open": cmd_open,
    "import": cmd_import,
    "list": cmd_list,
    "annotate": cmd_annotate,
    "export": cmd_export,
    "import-annotations": cmd_import_annotations,
    "search": cmd_search,
    "claims": cmd_claims,
    "claim": cmd_claim,
    "sources": cmd_sources,
    "suggest": cmd_suggest,
    "check": cmd_check,
    "backup": cmd_backup,
}


def run(args: argparse.Namespace) -> int:
    """Run the sub-command, turning every expected failure into a message and exit status 1."""
    from sqlalchemy.exc import DatabaseError, OperationalError

    from briefreader.anchoring import AmbiguousQuote, QuoteNotFound
    from briefreader.store.api import DatabaseBusy, StoreError
    from briefreader.text.validate import InvalidValue

    try:
        return HANDLERS[args.command](args)
    except DatabaseBusy as exc:
        err(_busy(exc.timeout))
        return 1
    except (StoreError, InvalidValue, QuoteNotFound, AmbiguousQuote) as exc:
        err(str(exc))
        return 1
    except BrokenPipeError:
        # The reader of the output went away (``| head``): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE
    except OperationalError as exc:
        if _is_busy(exc.orig):
            from briefreader.store.engine import BUSY_TIMEOUT_S

            err(_busy(BUSY_TIMEOUT_S))
        else:
            err(f"database error: {_driver_text(exc.orig)}")
        return 1
    except DatabaseError as exc:
        err(f"database error: {_driver_text(exc.orig)}")
        return 1
    except OSError as exc:
        err(os_error_sentence(exc))
        return 1
