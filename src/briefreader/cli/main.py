"""The ``briefreader`` command: argument parsing and dispatch.

``briefreader`` and ``briefreader PATH`` open the app; sub-commands work headless. Only the
modules a sub-command needs are imported, when it needs them: ``--version`` and ``--help``
import neither SQLModel nor Textual.

Two things are settled here for every sub-command. A value that is not valid UTF-8 (a byte
Python hands over as a lone surrogate) is refused naming the option, except where a file name
goes (file names may hold any bytes). SIGTERM and SIGHUP become an exception in the main thread,
so that what a command is writing (an export's or a backup's hidden part file) is removed on
the way out; the exit status is then 128 + the signal's number, as a shell reports it.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from briefreader import __version__, heap, vocabulary
from briefreader.cli.argv import Parser, UnknownCommand, prepare
from briefreader.cli.options import (
    add_claim_commands,
    add_source_options,
    add_sources_command,
    add_suggest_command,
)

_EPILOG = """\
examples:
  briefreader                               open the library
  briefreader examples/pakistan-russia-ties.txt
                                            import (if new) and open a brief
  briefreader import briefs/ report.html    import files and folders (recursively)
  briefreader list --json                   the library as JSON
  briefreader annotate 1 --quote "We have turned a new page" --kind claim \\
      --claimant "Foreign office spokesman" --tag russia \\
      --source https://example.org/a --relation supports
  briefreader export --format json -o annotations.jsonld
  briefreader import-annotations readwise.csv --dry-run
  briefreader search "new page" tag:russia kind:claim
  briefreader claims --verdict refuted --json
                                            the refuted claims, every field and the history
  briefreader claim 7 --verdict refuted --rationale "Customs data 2024" \\
      --source https://example.org/customs --relation refutes
  briefreader sources --format bibtex -o sources.bib
                                            the cited sources as BibTeX (or csl-json)
  briefreader suggest 1 --limit 5           the 5 sentences most worth checking, and why
  briefreader check --repair                check the database, fix what is safe
  briefreader backup                        a safe copy, in the data folder's backups/

database: SQLite in the user data folder unless --db (a path or a SQLAlchemy URL, before or
after the command) or the BRIEFREADER_DB environment variable says otherwise. Such a file must
be in a folder that exists; if the file does not exist yet, `import` (or opening the app)
starts a new library in it and the other commands say there is no library there.

numbers (an id, --occurrence, --limit) may be typed in any script's digits (１, ١); --occurrence
and --limit are 1 or more.

option values may start with "-" (--note -2+3); one that is itself an option of the command
must be written with "=" (--note=--tag).
"""


_DB_HELP = (
    "database file or SQLAlchemy URL (default: $BRIEFREADER_DB or the user data folder); a new "
    "file is made only by import or the app, and only in a folder that exists"
)
_INIT_HELP = (
    "add briefreader's tables to a database that holds another program's tables (refused "
    "without it, and left untouched)"
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="briefreader",
        description="Read and annotate briefs in the terminal: highlights, claims, sources, tags.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"briefreader {__version__}")
    parser.add_argument("--db", metavar="PATH|URL", help=_DB_HELP)
    parser.add_argument("--init", action="store_true", help=_INIT_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "open",
        help="open the app (the default command): the library, or PATH in the reader",
        description="Open the app. With PATH, import the file if it is new and open it in the "
        "reader; without, open the library. `briefreader PATH` is the same.",
        epilog="example:\n  briefreader open examples/pakistan-russia-ties.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", nargs="?", help="a brief to open (.txt, .md, .html)")

    p = sub.add_parser(
        "import",
        help="import brief files and folders",
        description="Import files (.txt, .md, .html); folders are searched recursively. Prints one "
        "line per brief: id, title, word count, or why a file was skipped. The same content "
        "imported twice is one brief. A file imported before whose content changed becomes a "
        "new version of its brief: the annotations move onto the new text (exactly, moved, or "
        "approximately with 'text changed'), and those not found are kept as orphans. Exit "
        "status 1 if any file failed.",
        epilog="examples:\n  briefreader import examples/pakistan-russia-ties.txt\n"
        "  briefreader import ~/briefs/\n"
        "  briefreader import corrected.txt --replace 3",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--replace",
        metavar="BRIEF",
        help="make the (one) file the new text of this brief (id or unique title part): the "
        "old text is kept as a version and the annotations are re-anchored",
    )

    p = sub.add_parser(
        "list",
        help="list the briefs in the library",
        description="List briefs: id, title, words, annotations, claims, tags, last opened.",
        epilog="examples:\n  briefreader list\n  briefreader list --json | jq '.[].title'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser(
        "annotate",
        help="annotate a brief headless (scripts, pipelines)",
        description="Create an annotation on the text matching --quote (exact, or differing only "
        "in whitespace, quote or dash style). Not found, or found more than once without "
        "--occurrence, is an error. Prints the new annotation's id. Giving claim fields "
        "(--claimant, --claim-type, --verdict) implies --kind claim.",
        epilog='example:\n  briefreader annotate 1 --quote "It is a major shift" --kind claim \\\n'
        '      --claimant "Foreign office spokesman" --claim-type opinion --verdict disputed \\\n'
        "      --tag russia --source https://example.org/a --relation refutes",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("brief", help="brief id (or a unique part of its title)")
    p.add_argument("--quote", required=True, help="the text to annotate, as it appears")
    p.add_argument("--occurrence", type=int, metavar="N", help="which match (1 = the first)")
    p.add_argument("--kind", choices=vocabulary.KINDS)
    p.add_argument("--tag", action="append", default=[], metavar="T", help="repeatable")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--color", metavar="#RRGGBB")
    add_source_options(p)
    p.add_argument("--claimant", metavar="WHO")
    p.add_argument("--claim-type", choices=vocabulary.CLAIM_TYPES)
    verdict = p.add_mutually_exclusive_group()
    verdict.add_argument("--verdict", choices=vocabulary.VERDICTS, help="the claim's verdict")
    # Before `briefreader claim` (where --status is how far checking went), the verdict was
    # given here as --status: still taken, with a word about the new name.
    verdict.add_argument(
        "--status",
        choices=vocabulary.VERDICTS,
        dest="old_status",
        help="the verdict, under its old name (say --verdict)",
    )

    p = sub.add_parser(
        "export",
        help="export annotations",
        description="Export annotations, one row per annotation ordered by brief and position. "
        "CSV: RFC 4180, UTF-8, CRLF; cells a spreadsheet would evaluate are prefixed with '. "
        "claimreview: schema.org ClaimReview JSON-LD, one review per claim checked and given a "
        "finding (rating refuted 1, disputed 2, supported 3; the author is the config's "
        "[organisation]; url is urn:uuid: of the claim until the page publishing it is known); "
        "what was left out, and why, is said on stderr.",
        epilog="examples:\n  briefreader export --format csv > all.csv\n"
        "  briefreader export --brief 1 --tag russia -o russia.csv\n"
        "  briefreader export --format json -o -            (JSON to stdout)\n"
        "  briefreader export --format md -o report.txt     (any name, with --format)\n"
        "  briefreader export --format claimreview -o reviews.jsonld\n"
        "  briefreader export -o all.csv --force            (replace all.csv if it exists)\n"
        "file names: the extension says the format (.csv; .json or .jsonld; .md); a name with\n"
        "another extension or none needs --format, and --format must agree with .csv, .json,\n"
        ".jsonld or .md (claimreview: .json or .jsonld). The folder must exist. An existing\n"
        "file is replaced only with --force; the database itself, a symbolic link, a pipe or a\n"
        "device never.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--brief", action="append", default=[], metavar="ID", help="repeatable")
    p.add_argument("--tag", metavar="T", help="only annotations with this tag")
    p.add_argument(
        "--format",
        choices=("csv", "json", "md", "claimreview"),
        help="csv (a spreadsheet), json (W3C Web Annotation, JSON-LD), md (a Markdown report) "
        "or claimreview (schema.org ClaimReview JSON-LD of the checked claims); default: from "
        "the -o file's extension, else csv",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write here (replaced only once complete) instead of stdout; - is stdout",
    )
    p.add_argument("--force", action="store_true", help="replace the -o file if it exists already")

    p = sub.add_parser(
        "import-annotations",
        help="import annotations from our CSV/JSON, Hypothesis, Readwise or Kindle",
        description="Import annotations from a file: our CSV export (rows with an existing "
        "annotation_id update it, e.g. verdicts filled in a spreadsheet), our W3C JSON export, "
        "a Hypothesis JSON export, a Readwise CSV export or a Kindle 'My Clippings.txt'. The "
        "format is recognised from the content. Each annotation goes to the brief the file "
        "names (id, source or title) unless --brief says which; it is anchored by its quote, "
        "or kept as an orphan if the quote is not in the text. Prints counts of created / "
        "updated / unchanged / orphaned / skipped and a line per record (skipped ones with the "
        "reason). Exit status 1 if nothing in the file could be used.",
        epilog="examples:\n  briefreader import-annotations annotations.csv --dry-run\n"
        "  briefreader import-annotations 'My Clippings.txt' --brief 3",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--brief", metavar="ID", help="put every annotation on this brief")
    p.add_argument("--dry-run", action="store_true", help="print what would change; change nothing")
    p.add_argument(
        "-v", "--verbose", action="store_true", help="also list the records left unchanged"
    )

    p = sub.add_parser(
        "search",
        help="search briefs and annotations",
        description="Search brief titles and texts and annotation quotes, notes, claimants and "
        "tags. Words must all occur (stemmed: 'claims' finds 'claim'); \"a phrase\"; word* "
        "is a prefix; -word excludes; a OR b. Filters: tag:T kind:highlight|claim|note "
        "status:unverified|supported|disputed|refuted has:source|note|tags|claimant "
        "brief:ID-or-title is:orphan|changed. Prints one line per hit: brief, position, what "
        "matched.",
        epilog="examples:\n  briefreader search sanctions\n"
        '  briefreader search "new page" brief:3\n'
        "  briefreader search tag:russia kind:claim status:disputed --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--json", action="store_true", help="print JSON instead of lines")
    p.add_argument("--limit", type=int, default=200, metavar="N", help="at most N hits")

    add_claim_commands(sub)
    add_sources_command(sub)
    add_suggest_command(sub)

    p = sub.add_parser(
        "check",
        help="check the database for damage and inconsistencies (--repair fixes the safe ones)",
        description="Check the database: the file's integrity (SQLite), foreign keys and rows "
        "whose parent is gone (tag links and sources of deleted annotations, annotations of "
        "deleted briefs), the search index, and annotations whose span is outside their "
        "brief's text or whose quote is not the text there. Tags nobody uses are fine. Prints "
        "each problem found. --repair deletes the links and sources whose parent is gone, "
        "rebuilds the search index and makes annotations with a wrong span orphans (keeping "
        "their quotes, to attach again in the reader); it never deletes an annotation, and "
        "does not write to a damaged file. Exit status 1 if problems remain.",
        epilog="examples:\n  briefreader check\n  briefreader --db team.sqlite3 check --repair",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--repair", action="store_true", help="fix what can be fixed safely")

    p = sub.add_parser(
        "backup",
        help="copy the database safely, even while it is in use",
        description="Write a consistent copy of the database, even while the app or other "
        "commands are writing to it: SQLite's online backup API (never a file copy, which can "
        "catch a live database half-written), then an integrity check of the copy. PostgreSQL "
        "databases are dumped with pg_dump (custom format: restore with pg_restore), which "
        "must be on PATH. FILE may be a folder; without FILE the copy goes to backups/ in the "
        "data folder with a timestamped name. Prints where the copy went.",
        epilog="examples:\n  briefreader backup\n  briefreader backup ~/safe/library.sqlite3\n"
        "restore (SQLite): close briefreader, move the database file and its -wal/-shm files\n"
        "away, and copy the backup in its place",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="where to write the copy: a file in an existing folder, or an existing folder (DIR/)",
    )
    p.add_argument(
        "--force", action="store_true", help="replace FILE if it exists (it is never the database)"
    )
    for command in sub.choices.values():
        # --db and --init after the command too; when absent, the ones before it stand.
        command.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS, help=_DB_HELP)
        command.add_argument(
            "--init", action="store_true", default=argparse.SUPPRESS, help=_INIT_HELP
        )
    return parser


#: Where a file name goes: any bytes the file system allows are fine there.
_FILE_NAMES = frozenset({"db", "path", "paths", "file", "output"})


def _not_utf8(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """Why an argument cannot be used, if one holds a byte that is not UTF-8 (see the module
    docstring), naming the option (``--note``) or the value (``QUERY``)."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    actions = sub.choices[args.command]._actions if args.command in sub.choices else []
    for dest, value in vars(args).items():
        if dest in _FILE_NAMES:
            continue
        for item in _strings(value):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                action = next((a for a in actions if a.dest == dest), None)
                name = dest.upper()
                if action is not None:
                    metavar = action.metavar if isinstance(action.metavar, str) else None
                    name = action.option_strings[0] if action.option_strings else metavar or name
                shown = item.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                return (
                    f"{name} is not valid UTF-8 text ({shown}); check the encoding of the "
                    "terminal or script that typed it"
                )
    return None


#: The numeric options, which must be 1 or more: option -> what 1 means, if it needs saying.
_COUNTS = {"occurrence": " (1 is the first match)", "limit": ""}


def _below_one(args: argparse.Namespace) -> str | None:
    """Why a numeric option cannot be used (0 or less), if one cannot. argparse's ``int``
    reads the decimal digits of any script (``--limit ５``); a huge value is fine (``--limit``
    is at most that many, ``--occurrence`` says how many matches there are)."""
    for dest, meaning in _COUNTS.items():
        value = getattr(args, dest, None)
        if isinstance(value, int) and value < 1:
            return f"--{dest} must be 1 or more{meaning}, not {value}"
    return None


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived: unwind (removing part files), then exit 128 + signal."""


def _terminate(signum: int, _frame: object) -> None:
    signal.signal(signum, signal.SIG_IGN)  # a second one must not cut the cleanup short
    raise Terminated(128 + signum)


@contextmanager
def _signals_unwind() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Terminated` while the command runs (main thread only)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [signal.SIGTERM, getattr(signal, "SIGHUP", None)]  # no SIGHUP on Windows
    saved = {sig: signal.signal(sig, _terminate) for sig in wanted if sig is not None}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def main(argv: Sequence[str] | None = None) -> int:
    # No cycle collection while the command starts (see briefreader.heap): opening the store
    # ends the pause (for the app: once it has opened it), and so does the command's end.
    heap.pause_for_start_up()
    try:
        return _main(argv)
    finally:
        heap.start_up_over()


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        prepared = prepare(parser, args_list)
    except UnknownCommand as exc:
        print(f"briefreader: {exc}", file=sys.stderr)
        return 2
    args = parser.parse_args(prepared)
    problem = _not_utf8(parser, args)
    if problem is None and args.db == "":
        problem = "--db is empty: give a database file or URL, or leave --db out"
    if problem is None:
        problem = _below_one(args)
    if problem is not None:
        print(f"briefreader: {problem}", file=sys.stderr)
        return 2

    try:
        if args.command == "open" and not args.init:
            # Opening the app imports no store here (see briefreader.cli.open_app).
            from briefreader.cli import open_app

            return open_app.run(args)
        from briefreader.cli import commands

        if args.command in ("open", "claims"):
            # The app handles its own signals (`claims` opens the desk at a terminal): a
            # SIGHUP raised as an exception inside its event loop left it running on a closed
            # terminal, its input thread spinning at 70% CPU.
            return commands.run(args)
        with _signals_unwind():
            return commands.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Terminated as exc:
        print("briefreader: stopped by a signal; nothing half-written was left", file=sys.stderr)
        return int(exc.code or 1)
