"""The ``briefreader`` command: argument parsing and dispatch.

``briefreader`` and ``briefreader PATH`` open the app; sub-commands work headless. Only the
modules a sub-command needs are imported, when it needs them: ``--version`` and ``--help``
import neither SQLModel nor Textual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from briefreader import __version__
from briefreader.cli.argv import Parser, UnknownCommand, prepare

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
  briefreader check --repair                check the database, fix what is safe
  briefreader backup                        a safe copy, in the data folder's backups/

database: SQLite in the user data folder unless --db (a path or a SQLAlchemy URL, before or
after the command) or the BRIEFREADER_DB environment variable says otherwise.

option values may start with "-" (--note -2+3); one that is itself an option of the command
must be written with "=" (--note=--tag).
"""


class _SourceAction(argparse.Action):
    """``--source URL``: appends [url, "supports"]; a following --relation changes the latter."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        sources = list(getattr(namespace, self.dest) or [])
        sources.append([str(values), "supports", False])
        setattr(namespace, self.dest, sources)


class _RelationAction(argparse.Action):
    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        sources = getattr(namespace, self.dest) or []
        if not sources or sources[-1][2]:
            parser.error("each --relation must follow its own --source")
        sources[-1][1] = str(values)
        sources[-1][2] = True


_DB_HELP = "database file or SQLAlchemy URL (default: $BRIEFREADER_DB or the user data folder)"


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="briefreader",
        description="Read and annotate briefs in the terminal: highlights, claims, sources, tags.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"briefreader {__version__}")
    parser.add_argument("--db", metavar="PATH|URL", help=_DB_HELP)
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
        "(--claimant, --claim-type, --status) implies --kind claim.",
        epilog='example:\n  briefreader annotate 1 --quote "It is a major shift" --kind claim \\\n'
        '      --claimant "Foreign office spokesman" --claim-type opinion --status disputed \\\n'
        "      --tag russia --source https://example.org/a --relation refutes",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("brief", help="brief id (or a unique part of its title)")
    p.add_argument("--quote", required=True, help="the text to annotate, as it appears")
    p.add_argument("--occurrence", type=int, metavar="N", help="which match (1 = the first)")
    p.add_argument("--kind", choices=("highlight", "claim", "note"))
    p.add_argument("--tag", action="append", default=[], metavar="T", help="repeatable")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--color", metavar="#RRGGBB")
    p.add_argument(
        "--source",
        action=_SourceAction,
        dest="sources",
        default=[],
        metavar="URL",
        help="http(s) URL (without a user name or password) or DOI; repeatable, each may be "
        "followed by --relation",
    )
    p.add_argument(
        "--relation",
        action=_RelationAction,
        dest="sources",
        choices=("supports", "refutes", "context"),
        help="relation of the preceding --source (default supports)",
    )
    p.add_argument("--claimant", metavar="WHO")
    p.add_argument("--claim-type", choices=("fact", "opinion", "prediction"))
    p.add_argument("--status", choices=("unverified", "supported", "disputed", "refuted"))

    p = sub.add_parser(
        "export",
        help="export annotations",
        description="Export annotations, one row per annotation ordered by brief and position. "
        "CSV: RFC 4180, UTF-8, CRLF; cells a spreadsheet would evaluate are prefixed with '.",
        epilog="examples:\n  briefreader export --format csv > all.csv\n"
        "  briefreader export --brief 1 --tag russia -o russia.csv\n"
        "  briefreader export --format json -o -            (JSON to stdout)\n"
        "  briefreader export --format md -o report.txt     (any name, with --format)\n"
        "file names: the extension says the format (.csv; .json or .jsonld; .md); a name with\n"
        "another extension or none needs --format, and --format must agree with .csv, .json,\n"
        ".jsonld or .md. The folder must exist.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--brief", action="append", default=[], metavar="ID", help="repeatable")
    p.add_argument("--tag", metavar="T", help="only annotations with this tag")
    p.add_argument(
        "--format",
        choices=("csv", "json", "md"),
        help="csv (a spreadsheet), json (W3C Web Annotation, JSON-LD) or md (a Markdown "
        "report); default: from the -o file's extension, else csv",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write here (replaced only once complete) instead of stdout; - is stdout",
    )

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
        help="where to write the copy: a file (its folder is made if need be) or an existing "
        "folder (DIR/)",
    )
    for command in sub.choices.values():
        # --db after the command too; when absent, the one before it (if any) stands.
        command.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS, help=_DB_HELP)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        prepared = prepare(parser, args_list)
    except UnknownCommand as exc:
        print(f"briefreader: {exc}", file=sys.stderr)
        return 2
    args = parser.parse_args(prepared)

    from briefreader.cli import commands

    try:
        return commands.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
