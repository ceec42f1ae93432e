"""``briefreader suggest BRIEF|FILE``: a brief's sentences ranked by how much they look worth
checking, each with the signals that make it so (:mod:`briefreader.finder`).

BRIEF is an id or a unique part of a title; an existing file is imported first, as
``briefreader PATH`` does (a new library is started if there is none). By default the ten
sentences most worth checking, best first (``--limit N``); ``--all`` every sentence in text
order with its score; ``--json`` the same selection as JSON, with offsets into the brief's
text (the offsets annotations use). A sentence a claim covers already is marked ``[claim]``,
one dismissed as a suggestion in the brief ``[dismissed]`` (``state`` in the JSON). A score
ranks; it says nothing about truth.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path
from typing import Any

from briefreader.cli.argv import BRIEF_SUFFIXES
from briefreader.cli.common import err, find_brief, open_store
from briefreader.finder.scoring import Suggestion, load_weights, rank, score_text
from briefreader.finder.signals import Reason
from briefreader.store.api import Brief, NotFound, Store
from briefreader.text.display import display_safe

#: How many suggestions are listed without ``--limit`` (or ``--all``).
DEFAULT_LIMIT = 10


def _fit(text: str, width: int) -> str:
    text = display_safe(" ".join(text.split()))
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _looks_like_a_path(ref: str) -> bool:
    return "/" in ref or os.sep in ref or ref.lower().endswith(BRIEF_SUFFIXES)


def _import(args: argparse.Namespace, path: Path) -> Brief | None:
    """Import ``path`` (if new) as ``briefreader PATH`` does; the brief, or None (said why)."""
    from briefreader.library import import_file

    # `import` may start a library where there is none yet; `suggest BRIEF` may not.
    importing = argparse.Namespace(**{**vars(args), "command": "import"})
    with open_store(importing) as store:
        outcome = import_file(store, path)
        if outcome.error is not None or outcome.brief is None:
            err(outcome.error or f"{path}: could not be imported")
            return None
        for warning in outcome.warnings:
            err(f"warning: {warning}")
        if outcome.created:
            err(f"imported {path} as brief #{outcome.brief.id}")
        elif outcome.replaced is not None:
            # The file changed since it was imported: a new version, its annotations moved.
            err(f"updated brief #{outcome.brief.id} from {path} ({outcome.replaced.summary()})")
        return store.get_brief(outcome.brief.id)


def _find(args: argparse.Namespace, ref: str) -> Brief | None:
    """The brief ``ref`` names (id or title part), or None (said why)."""
    try:
        ref.encode("utf-8")
    except UnicodeEncodeError:
        shown = ref.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        err(f"BRIEF is not valid UTF-8 text ({shown}) and no such file exists")
        return None
    with open_store(args) as store:
        return _lookup(store, ref)


def _lookup(store: Store, ref: str) -> Brief | None:
    try:
        return store.get_brief(find_brief(store, ref).id)
    except NotFound:
        if not _looks_like_a_path(ref):
            raise
        err(f"{ref}: no such file, and no brief's title contains it")
        return None


def _reason_json(reason: Reason) -> dict[str, Any]:
    return {"signal": reason.signal, "text": reason.text, "start": reason.start, "end": reason.end}


def _suggestion_json(s: Suggestion, state: str | None) -> dict[str, Any]:
    return {
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "score": round(s.score, 4),
        "reasons": [_reason_json(r) for r in s.reasons],
        "state": state,
    }


def _states(args: argparse.Namespace, brief: Brief, chosen: list[Suggestion]) -> list[str | None]:
    """What became of each sentence in the library: ``claim`` (a claim covers it),
    ``dismissed`` (dismissed as a suggestion in this brief), else None."""
    from briefreader.reading.suggested import still_to_suggest

    with open_store(args) as store:
        claims = [
            (a.start, a.end) for a in store.annotations_for_brief(brief.id) if a.kind == "claim"
        ]
        dismissed = store.dismissed_suggestions(brief.id)
    open_ = {id(s) for s in still_to_suggest(chosen, claims, frozenset())}
    kept = {id(s) for s in still_to_suggest(chosen, (), dismissed)}
    return [
        None
        if id(s) in open_ and id(s) in kept
        else ("claim" if id(s) not in open_ else "dismissed")
        for s in chosen
    ]


def _reasons_line(reasons: tuple[Reason, ...]) -> str:
    """Each signal once, with its first words and how many times it occurs; the signals that
    count against checking after the others, marked with a minus."""
    weights = load_weights()
    first: dict[str, Reason] = {}
    counts: dict[str, int] = {}
    for r in reasons:
        first.setdefault(r.signal, r)
        counts[r.signal] = counts.get(r.signal, 0) + 1
    order = sorted(first, key=lambda sig: -weights.of(sig))
    parts = []
    for sig in order:
        r = first[sig]
        sign = "−" if weights.of(sig) < 0 else ""
        more = f" ×{counts[sig]}" if counts[sig] > 1 else ""
        parts.append(f"{sign}{r.label} “{' '.join(r.text.split())}”{more}")
    return " · ".join(parts) if parts else "(no signal)"


#: How a sentence's state is shown before it (the same width for every line).
_MARKS = {None: "", "claim": "[claim] ", "dismissed": "[dismissed] "}


def _print_ranked(suggestions: list[Suggestion], states: list[str | None], width: int) -> None:
    for s, state in zip(suggestions, states, strict=True):
        head = f"{s.score:.2f}  @{s.start:<6} "
        text = _MARKS[state] + s.text
        print(f"{head}{_fit(text, max(20, width - len(head)))}")
        print(f"{'':{len(head)}}{_fit(_reasons_line(s.reasons), max(20, width - len(head)))}")


def _print_all(suggestions: list[Suggestion], states: list[str | None], width: int) -> None:
    for s, state in zip(suggestions, states, strict=True):
        head = f"{s.score:.2f}  @{s.start:<6} "
        print(f"{head}{_fit(_MARKS[state] + s.text, max(20, width - len(head)))}")


def cmd_suggest(args: argparse.Namespace) -> int:
    ref: str = args.path
    if not ref.strip():
        err("give a brief: its id, a part of its title, or a file to import")
        return 2
    path = Path(ref).expanduser()
    if path.is_dir():
        err(f"{ref} is a folder: give one brief's file (.txt, .md, .html), or its id")
        return 2
    brief = _import(args, path) if path.exists() else _find(args, ref)
    if brief is None:
        return 1
    scored = score_text(brief.text)
    chosen = scored if args.all else rank(scored, limit=args.limit or DEFAULT_LIMIT)
    states = _states(args, brief, chosen)
    if args.json:
        items = [_suggestion_json(s, state) for s, state in zip(chosen, states, strict=True)]
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0 if chosen else 1
    if not chosen:
        err(f"brief #{brief.id} has no sentences")
        return 1
    width = shutil.get_terminal_size((100, 24)).columns
    if args.all:
        _print_all(chosen, states, width)
    else:
        _print_ranked(chosen, states, width)
    return 0
