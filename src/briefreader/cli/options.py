"""Options more than one sub-command has, and the claim, source and suggest commands' parsers:
``--source URL`` each optionally followed by its own ``--relation`` (``annotate``, ``claim``),
``claims`` / ``claim ID`` with their filters and fields (the choices from
:mod:`briefreader.vocabulary`), ``sources``, and ``suggest``.

Reading the command line imports nothing heavy: the commands' bodies are in
:mod:`briefreader.cli.claims`, :mod:`briefreader.cli.sources` and :mod:`briefreader.cli.suggest`.
"""

from __future__ import annotations

import argparse
from typing import Any

from briefreader import vocabulary


class SourceAction(argparse.Action):
    """``--source URL``: appends [url, the default relation, False]; a following --relation
    changes the relation (and sets the flag, so a second --relation is refused)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        sources = list(getattr(namespace, self.dest) or [])
        sources.append([str(values), vocabulary.DEFAULT_RELATION, False])
        setattr(namespace, self.dest, sources)


class RelationAction(argparse.Action):
    """``--relation R``: the relation of the ``--source`` just before it."""

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


def add_source_options(p: argparse.ArgumentParser) -> None:
    """``--source URL [--relation R]``, repeatable, into ``sources`` ([url, relation, _])."""
    p.add_argument(
        "--source",
        action=SourceAction,
        dest="sources",
        default=[],
        metavar="URL",
        help="http(s) URL (without a user name or password) or DOI; repeatable, each may be "
        "followed by --relation",
    )
    p.add_argument(
        "--relation",
        action=RelationAction,
        dest="sources",
        choices=vocabulary.RELATIONS,
        help=f"relation of the preceding --source (default {vocabulary.DEFAULT_RELATION})",
    )


def not_a_verdict(value: str) -> str:
    """``--status``'s type: a verdict typed there is pointed to ``--verdict``."""
    if value in vocabulary.VERDICTS:
        raise argparse.ArgumentTypeError(
            f"{value} is a verdict: give it with --verdict (--status is where checking stands: "
            f"{', '.join(vocabulary.CHECK_STATUSES)})"
        )
    return value


def not_a_status(value: str) -> str:
    """``--verdict``'s type: a check status typed there is pointed to ``--status``."""
    if value in vocabulary.CHECK_STATUSES:
        raise argparse.ArgumentTypeError(
            f"{value} is a check status: give it with --status (a verdict is one of "
            f"{', '.join(vocabulary.VERDICTS)})"
        )
    return value


_STATUS_HELP = "where checking stands: " + ", ".join(vocabulary.CHECK_STATUSES)
_VERDICT_HELP = "the finding: " + ", ".join(vocabulary.VERDICTS)


def add_claim_commands(sub: Any) -> None:
    """The ``claims`` and ``claim`` sub-commands on ``sub`` (argparse's sub-parsers)."""
    p = sub.add_parser(
        "claims",
        help="the claims desk: every claim in the library, triaged to a verdict (in a pipe, "
        "or with --list, a table; --json: every field, history included)",
        description="At a terminal, open the claims desk (the filters given filter it). "
        "Otherwise list the claims of every brief (orphans too, marked), by brief and then "
        "in text order: id, brief, verdict, check status, type, sources supporting / "
        "refuting, claimant, checked by, the claim's text. With --json, every field: the "
        "check (status, verdict, conclusion, rationale, checked by and at, claimant contacted "
        "at and outcome), creator, tags, sources and the history of every change (a change "
        "of verdict or conclusion after the claim was checked is a correction). Times are "
        "ISO 8601 UTC. Filters narrow the list; a filter repeated means any of its values "
        "(--tag: all of them). Exit status 1 if no claim matches the filters (--json: []).",
        epilog="examples:\n  briefreader claims\n"
        "  briefreader claims --status to-check --brief 3\n"
        "  briefreader claims --verdict disputed --verdict refuted --has-source --json\n"
        "  briefreader claims --json | jq '.[] | select(.history[].correction)'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument(
        "--list",
        action="store_true",
        help="print the table even at a terminal (where the claims desk opens otherwise)",
    )
    p.add_argument(
        "--status",
        action="append",
        default=[],
        type=not_a_verdict,
        choices=vocabulary.CHECK_STATUSES,
        help=f"{_STATUS_HELP} (repeatable)",
    )
    p.add_argument(
        "--verdict",
        action="append",
        default=[],
        type=not_a_status,
        choices=vocabulary.VERDICTS,
        help=f"{_VERDICT_HELP} (repeatable)",
    )
    p.add_argument("--tag", action="append", default=[], metavar="T", help="repeatable")
    p.add_argument(
        "--brief",
        action="append",
        default=[],
        metavar="ID",
        help="a brief's id or a unique part of its title (repeatable)",
    )
    p.add_argument(
        "--claimant", metavar="TEXT", help="claimant contains TEXT (whatever the letters' case)"
    )
    p.add_argument("--has-source", action="store_true", help="only claims with a source")

    p = sub.add_parser(
        "claim",
        help="change a claim's check: status, verdict, conclusion, rationale, sources",
        description="Change one claim in one go: its check status, verdict, conclusion and "
        "rationale, and sources added (each --source may be followed by its own --relation). "
        "Giving a verdict to a claim still to check marks it checked; who checked it (the "
        "user) and when are filled in, and every change is kept in the claim's history (a "
        "new verdict or conclusion for a claim checked already is a correction). An empty "
        "--conclusion or --rationale clears it. Prints what changed (--json: the claim as "
        "`claims --json` gives it, and what changed on stderr); without changes, shows the "
        "claim.",
        epilog="examples:\n  briefreader claim 7\n"
        '  briefreader claim 7 --verdict refuted --conclusion "False: it is the third" \\\n'
        '      --rationale "Customs data 2024, table 3" \\\n'
        "      --source https://example.org/customs --relation refutes\n"
        "  briefreader claim 7 --status checking --json\n"
        "  briefreader claim 7 --same-as 12",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("claim_id", metavar="ID", help="the claim's id (as `briefreader claims` shows)")
    p.add_argument(
        "--status", type=not_a_verdict, choices=vocabulary.CHECK_STATUSES, help=_STATUS_HELP
    )
    p.add_argument("--verdict", type=not_a_status, choices=vocabulary.VERDICTS, help=_VERDICT_HELP)
    p.add_argument("--conclusion", metavar="TEXT", help="the verdict in words (one line)")
    p.add_argument("--rationale", metavar="TEXT", help="why this verdict")
    add_source_options(p)
    p.add_argument(
        "--same-as",
        metavar="OTHER",
        help="claim OTHER is the same claim (made elsewhere): the two join one claim group",
    )
    p.add_argument(
        "--not-same-as",
        metavar="OTHER",
        help="claim OTHER is not the same claim (the desk stops offering it as seen before)",
    )
    p.add_argument(
        "--leave-group", action="store_true", help="take the claim out of its claim group"
    )
    p.add_argument("--json", action="store_true", help="print the claim as JSON")


#: The formats ``briefreader sources --format`` writes (``exchange.files.CITATION_FORMATS``,
#: kept here so reading the command line imports nothing heavy).
CITATION_FORMATS = ("csl-json", "bibtex")


def add_sources_command(sub: Any) -> None:
    """The ``sources`` sub-command on ``sub`` (argparse's sub-parsers)."""
    p = sub.add_parser(
        "sources",
        help="the sources the annotations cite: list them, or export them as citations "
        "(CSL-JSON, BibTeX)",
        description="List the library's sources, one per URL (a DOI is one too), with how "
        "many annotations cite each as supporting, refuting or context: id, the three "
        "counts, title, URL. With --json, every field (author, publisher, published, "
        "accessed, archived copy, reliability) and the annotations citing it. With --format, "
        "export them as citations instead: csl-json (Zotero, pandoc, citeproc) or bibtex; "
        "a source has the same key in both. --brief keeps the sources the annotations of "
        "those briefs cite. Exit status 1 if there is no source to list (--json: []).",
        epilog="examples:\n  briefreader sources\n"
        "  briefreader sources --brief 3 --json\n"
        "  briefreader sources --format bibtex -o sources.bib\n"
        "  briefreader sources --format csl-json --brief 3 > brief3.json\n"
        "file names: .json and .bib say the format; another name needs --format. An existing "
        "file\nis replaced only with --force.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument(
        "--brief",
        action="append",
        default=[],
        metavar="ID",
        help="only the sources cited on this brief (id or a unique part of its title; repeatable)",
    )
    p.add_argument(
        "--format",
        choices=CITATION_FORMATS,
        help="export the sources as citations in this format instead of listing them",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the citations here (replaced only once complete) instead of stdout; "
        "- is stdout",
    )
    p.add_argument("--force", action="store_true", help="replace the -o file if it exists already")


def add_suggest_command(sub: Any) -> None:
    """The ``suggest`` sub-command on ``sub`` (argparse's sub-parsers)."""
    p = sub.add_parser(
        "suggest",
        help="the sentences of a brief most worth checking, and why",
        description="Rank a brief's sentences by how much they look like claims worth "
        "checking, each with the signals found (numbers, comparisons, causes, attribution, "
        "laws, dates, named bodies, ... and, against, questions, greetings, feelings, hedges, "
        "advice). The score (0 to 1) ranks; it says nothing about whether a sentence is true. "
        "BRIEF is an id or a unique part of a title; a FILE that exists is imported first (if "
        "new), as `briefreader FILE` does. Prints the 10 best (--limit N), best first: score, "
        "offset in the text, the sentence, then its signals (those counting against it "
        "marked −). --all: every sentence in text order with its score. --json: the same "
        "selection as JSON: start, end (offsets into the brief's text, as annotations use), "
        'text, score, reasons (signal, text, start, end) and state: "claim" when a claim '
        'covers the sentence already, "dismissed" when it was dismissed as a suggestion, '
        "else null (marked [claim] / [dismissed] in the lines). Exit status 1 if the brief has "
        "no sentence.",
        epilog="examples:\n  briefreader suggest 3\n"
        "  briefreader suggest examples/pakistan-russia-ties.txt --limit 5\n"
        "  briefreader suggest 3 --all\n"
        "  briefreader suggest 3 --json | jq '.[0].reasons'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "path",
        metavar="BRIEF|FILE",
        help="a brief's id or a unique part of its title, or a file to import (.txt, .md, .html)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of lines")
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--all", action="store_true", help="every sentence, in text order, with its score"
    )
    which.add_argument(
        "--limit", type=int, metavar="N", help="the N sentences most worth checking (default 10)"
    )
