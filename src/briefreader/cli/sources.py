"""``briefreader sources``: the library's sources (one per URL) on the command line. Listed as a
table (id, how many annotations cite each as supporting, refuting or context, title, URL), as
JSON with every field and the annotations citing each (``--json``), or exported as citations,
CSL-JSON or BibTeX (``--format``; :mod:`briefreader.exchange.citations`), to standard output or
a file (``-o``, written safely as the annotation exports are). ``--brief`` keeps the sources
the annotations of those briefs cite.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from briefreader.cli.claim_json import iso
from briefreader.cli.common import err, export_out, find_brief, open_store
from briefreader.store.api import SourceRef
from briefreader.text.display import display_safe

#: The citation format a file name implies.
_FORMAT_OF_SUFFIX = {".json": "csl-json", ".bib": "bibtex"}


def source_json(ref: SourceRef) -> dict[str, Any]:
    """A source as ``sources --json`` gives it (times ISO 8601 UTC with ``Z``)."""
    return {
        "id": ref.id,
        "url": ref.url,
        "doi": ref.url.removeprefix("https://doi.org/") if ref.is_doi else None,
        "title": ref.title,
        "author": ref.author,
        "publisher": ref.publisher,
        "published": ref.published,
        "accessed_at": ref.accessed_at.isoformat() if ref.accessed_at else None,
        "archive_url": ref.archive_url,
        "reliability": ref.reliability,
        "created_at": iso(ref.created_at),
        "updated_at": iso(ref.updated_at),
        "revision": ref.revision,
        "supports": ref.count("supports"),
        "refutes": ref.count("refutes"),
        "context": ref.count("context"),
        "cited_by": [
            {
                "annotation_id": use.annotation_id,
                "brief_id": use.brief_id,
                "kind": use.kind,
                "relation": use.relation,
            }
            for use in ref.uses
        ],
    }


def _fit(text: str, width: int) -> str:
    text = display_safe(" ".join(text.split()))
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _table(refs: list[SourceRef]) -> None:
    width = shutil.get_terminal_size((100, 24)).columns
    title_w = max(20, min(60, width - 66))  # the URL, in full, gets the rest
    print(f"{'id':>5}  {'sup':>3}  {'ref':>3}  {'ctx':>3}  {'title':<{title_w}}  url")
    for ref in refs:
        counts = "  ".join(f"{ref.count(r):>3}" for r in ("supports", "refutes", "context"))
        title = _fit(ref.title or "-", title_w)
        print(f"{ref.id:>5}  {counts}  {title:<{title_w}}  {display_safe(ref.url)}")
    uses = sum(len(ref.uses) for ref in refs)
    unused = sum(1 for ref in refs if not ref.uses)
    print(
        f"{len(refs)} source{'s' if len(refs) != 1 else ''}, cited {uses} "
        f"time{'s' if uses != 1 else ''}" + (f"; {unused} cited nowhere" if unused else "")
    )


def _citation_format(output: str | None, fmt: str | None) -> tuple[str | None, str]:
    """The citation format to write, or (first) why the file name and --format disagree."""
    if output is None or output == "-":
        return None, fmt or ""
    suffix = Path(output).suffix.lower()
    implied = _FORMAT_OF_SUFFIX.get(suffix)
    if fmt is None and implied is None:
        return (
            f"cannot tell the format of {output} from its name: end it in .json or .bib, or "
            "give --format csl-json|bibtex",
            "",
        )
    if fmt is not None and implied is not None and implied != fmt:
        return (
            f"{output} is a {suffix} name but --format is {fmt}: name it "
            f"{'.bib' if fmt == 'bibtex' else '.json'}, or drop --format",
            "",
        )
    return None, fmt or implied or ""


def cmd_sources(args: argparse.Namespace) -> int:
    if args.output is not None or args.format is not None:
        return _export(args)
    with open_store(args) as store:
        brief_ids = sorted({find_brief(store, ref).id for ref in args.brief})
        refs = store.list_sources(brief_ids or None)
    if args.json:
        print(json.dumps([source_json(ref) for ref in refs], ensure_ascii=False, indent=2))
        return 0 if refs else 1
    if not refs:
        where = " cited on those briefs" if brief_ids else " in the library"
        err(f"no sources{where} (add one to an annotation: annotate or claim --source URL)")
        return 1
    _table(refs)
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.json:
        err("--json lists the sources and --format exports them as citations: give one of them")
        return 2
    if args.output == "":
        err("the -o file name is empty (-o - writes to standard output)")
        return 2
    if args.output not in (None, "-") and Path(args.output).expanduser().is_dir():
        err(f"{args.output} is a folder: give a file name (-o FOLDER/sources.bib)")
        return 1
    problem, fmt = _citation_format(args.output, args.format)
    if problem:
        err(problem)
        return 2
    if not fmt:
        err("give --format csl-json or --format bibtex to write the sources to standard output")
        return 2
    with open_store(args) as store:
        brief_ids = sorted({find_brief(store, ref).id for ref in args.brief})
        written = export_out(
            store, args.output, force=args.force, brief_ids=brief_ids, tag=None, fmt=fmt
        )
    if written is None:
        return 1
    count, target = written
    if target is not None:
        print(f"exported {count} source(s) to {target} ({fmt})", file=sys.stderr)
    return 0
