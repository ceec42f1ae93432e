"""The claims of the whole library on the command line: ``briefreader claims`` opens the claims
desk at a terminal, and lists them otherwise (a table with ``--list`` or in a pipe, every field
and the history with ``--json``), filtered as in the claims desk
(check status, verdict, tag, brief, claimant, has a source); ``briefreader claim ID`` changes one
claim's check in one transaction (status, verdict, conclusion, rationale, sources added) and
says what changed. Who checked it and when are filled in, and the history kept, by the store.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from briefreader import vocabulary
from briefreader.cli.claim_json import claim_json
from briefreader.cli.common import err, find_brief, open_store
from briefreader.store.api import (
    Annotation,
    AnnotationChange,
    ClaimCheck,
    ClaimGroup,
    Conflict,
    InvalidValue,
    NotFound,
    SourceInput,
    Store,
    StoreError,
)
from briefreader.text.display import display_safe

#: The most digits an annotation id can have (ids are below 2**63).
_ID_DIGITS = 19
_NO_CHECK = ClaimCheck()


def _fit(text: str, width: int) -> str:
    text = display_safe(" ".join(text.split()))
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "never"


def _check(claim: Annotation) -> ClaimCheck:
    return claim.check or _NO_CHECK


# ----------------------------------------------------------------------------- claims


def _matches(claim: Annotation, args: argparse.Namespace, tags: list[str]) -> bool:
    if args.status and _check(claim).status not in args.status:
        return False
    if args.verdict and claim.claim_status not in args.verdict:
        return False
    if any(tag not in claim.tags for tag in tags):
        return False
    if args.claimant is not None and args.claimant.casefold() not in (
        (claim.claimant or "").casefold()
    ):
        return False
    return not args.has_source or bool(claim.sources)


def _select(store: Store, args: argparse.Namespace) -> list[Annotation]:
    """The library's claims the filters let through, by brief, then in text order."""
    from briefreader.text.validate import normalise_tag

    tags = [normalise_tag(tag) for tag in args.tag]
    brief_ids = sorted({find_brief(store, ref).id for ref in args.brief})
    found = store.export_annotations(brief_ids or None, tags[0] if tags else None)
    return [a for a in found if a.kind == "claim" and _matches(a, args, tags)]


def _filtered(args: argparse.Namespace) -> bool:
    return bool(
        args.status
        or args.verdict
        or args.tag
        or args.brief
        or args.claimant is not None
        or args.has_source
    )


def _sources_count(claim: Annotation) -> str:
    relations = [s.relation for s in claim.sources]
    return f"{relations.count('supports')}/{relations.count('refutes')}"


def _table(claims: list[Annotation]) -> None:
    width = shutil.get_terminal_size((100, 24)).columns
    claim_w = max(30, width - 92)
    print(
        f"{'id':>5}  {'brief':>5}  {'verdict':<10}  {'status':<13}  {'type':<10}  {'s/r':>5}  "
        f"{'claimant':<18}  {'checked by':<12}  claim"
    )
    for c in claims:
        check = _check(c)
        text = ("[orphan] " if c.orphan else "") + c.quote
        print(
            f"{c.id:>5}  {c.brief_id:>5}  {c.claim_status or '':<10}  {check.status:<13}  "
            f"{c.claim_type or '-':<10}  {_sources_count(c):>5}  "
            f"{_fit(c.claimant or '-', 18):<18}  {_fit(check.checked_by or '-', 12):<12}  "
            f"{_fit(text, claim_w)}"
        )
    statuses = [_check(c).status for c in claims]
    counts = ", ".join(
        f"{statuses.count(s)} {s}" for s in vocabulary.CHECK_STATUSES if statuses.count(s)
    )
    print(f"{len(claims)} claim{'s' if len(claims) != 1 else ''}: {counts}")


def desk_query(store: Store, args: argparse.Namespace) -> str:
    """The claims desk's filter (the search language) for the command line's filters."""
    terms = [f"status:{s}" for s in args.status] + [f"verdict:{v}" for v in args.verdict]
    terms += [f'tag:"{t}"' for t in args.tag]
    terms += [f"brief:{find_brief(store, ref).id}" for ref in args.brief]
    if args.claimant is not None:
        # The search language has no quote inside a quoted value: the parts between quotes
        # must each be in the claimant (what --list does with the whole text, near enough).
        parts = re.split(r'["“”„]', args.claimant)
        terms += [f'claimant:"{part.strip()}"' for part in parts if part.strip()]
    if args.has_source:
        terms.append("has:source")
    return " ".join(terms)


def _interactive(args: argparse.Namespace) -> bool:
    """Whether ``briefreader claims`` opens the desk: a person at a terminal, no --json or
    --list (a pipe or a script gets the table)."""
    return not (args.json or args.list) and sys.stdin.isatty() and sys.stdout.isatty()


def cmd_claims(args: argparse.Namespace) -> int:
    if _interactive(args):
        with open_store(args) as store:
            query = desk_query(store, args)
        from briefreader.cli.open_app import open_desk

        return open_desk(args, query)
    with open_store(args) as store:
        claims = _select(store, args)
        if args.json:
            titles = {b.id: b.title for b in store.list_briefs()}
            histories = store.claim_histories(c.id for c in claims)  # one read, not one each
            groups = store.claim_groups()
            data = [
                claim_json(c, titles.get(c.brief_id), histories.get(c.id, []), groups.get(c.id))
                for c in claims
            ]
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
    if claims:
        _table(claims)
        return 0
    if _filtered(args):
        print("no claims match these filters", file=sys.stderr)
        return 1
    print(
        "No claims in the library yet. Mark one with `c` in the reader, or with: "
        "briefreader annotate BRIEF --quote TEXT --kind claim"
    )
    return 0


# ----------------------------------------------------------------------------- claim ID


def _claim_id(ref: str) -> int | None:
    """The annotation id ``ref`` is (in any script's digits), or None if it is not one."""
    text = ref.strip()
    if not text.isdecimal() or len(text.lstrip("0")) > _ID_DIGITS:
        return None
    return int(text)


def _the_claim(store: Store, claim_id: int) -> Annotation:
    try:
        claim = store.get_annotation(claim_id)
    except NotFound:
        raise NotFound(
            f"no claim with id {claim_id} (`briefreader claims` lists the claims)"
        ) from None
    if claim.kind != "claim":
        raise StoreError(
            f"annotation {claim_id} is a {claim.kind}, not a claim (`briefreader claims` "
            "lists the claims)"
        )
    return claim


def _asked(args: argparse.Namespace) -> dict[str, Any]:
    """The fields the options ask to set (an empty text clears a conclusion or rationale),
    as the store will keep them (so a value it has already is not a change)."""
    from briefreader.text.validate import single_line

    asked: dict[str, Any] = {}
    if args.status is not None:
        asked["check_status"] = args.status
    if args.verdict is not None:
        asked["claim_status"] = args.verdict
    if args.conclusion is not None:
        asked["conclusion"] = single_line(args.conclusion) or None
    if args.rationale is not None:
        asked["rationale"] = args.rationale.strip()
    return asked


def _current(claim: Annotation, name: str) -> object:
    check = _check(claim)
    return {
        "check_status": check.status,
        "claim_status": claim.claim_status,
        "conclusion": check.conclusion,
        "rationale": check.rationale,
    }[name]


def _shown(name: str, value: object) -> str:
    if value is None or value == "":
        return "(none)"
    if name in ("conclusion", "rationale"):
        return f'"{_fit(str(value), 120)}"'
    return display_safe(str(value))


#: How each field is named in what ``claim`` prints.
_LABELS = {
    "claim_status": "verdict",
    "check_status": "status",
    "conclusion": "conclusion",
    "rationale": "rationale",
}


def _changes(before: Annotation, after: Annotation, added: Iterable[SourceInput]) -> list[str]:
    """What changed from ``before`` to ``after``, a line each."""
    was_checked = _check(before).status == vocabulary.CHECKED
    lines = []
    for name, label in _LABELS.items():
        old, new = _current(before, name), _current(after, name)
        if (old or None) != (new or None):
            correction = was_checked and name in ("claim_status", "conclusion")
            mark = "  (a correction: the claim was checked already)" if correction else ""
            lines.append(f"{label}: {_shown(name, old)} → {_shown(name, new)}{mark}")
    for source in added:
        lines.append(f"source added: {source.relation} {display_safe(source.url)}")
    check = _check(after)
    if check.checked_at is not None and check.checked_at != _check(before).checked_at:
        lines.append(
            f"checked by {display_safe(check.checked_by or '?')} at {_when(check.checked_at)}"
        )
    return lines


def _group_line(claim_id: int, group: ClaimGroup | None) -> str:
    """``same claim in 3 briefs: claims 4 (first), 7 (this one), 12``."""
    if group is None:
        return "  in no claim group"
    briefs = len({a.brief_id for a in group.appearances})
    claims = ", ".join(
        f"{a.annotation_id}"
        + (" (first)" if i == 0 else "")
        + (" (this one)" if a.annotation_id == claim_id else "")
        for i, a in enumerate(group.appearances)
    )
    return f"  same claim in {briefs} brief{'s' if briefs != 1 else ''}: claims {claims}"


def _group_changes(store: Store, claim_id: int, args: argparse.Namespace) -> list[str]:
    """Join, mark not the same or leave, as asked; a line each for what was done."""
    done = []
    if args.same_as is not None:
        store.join_claims(claim_id, args.same_as)
        done.append(f"the same claim as claim {args.same_as}")
    if args.not_same_as is not None:
        store.mark_not_same(claim_id, args.not_same_as)
        done.append(f"not the same claim as claim {args.not_same_as}")
    if args.leave_group:
        store.leave_claim_group(claim_id)
        done.append("out of its claim group")
    if done:
        group = store.claim_groups([claim_id]).get(claim_id)
        done.append(_group_line(claim_id, group).strip())
    return done


def _describe(claim: Annotation, brief_title: str, group: ClaimGroup | None) -> list[str]:
    """``claim`` for a person, when no change was asked for."""
    check = _check(claim)
    lines = [
        f"claim {claim.id} in brief #{claim.brief_id} {_fit(brief_title, 60)}"
        + ("  (orphan: its text is no longer in the brief)" if claim.orphan else ""),
        f"  {_fit(claim.quote, 200)}",
        f"  claimant: {display_safe(claim.claimant or '-')}   type: {claim.claim_type or '-'}",
        f"  verdict: {claim.claim_status}   status: {check.status}"
        + (
            f"   checked by {display_safe(check.checked_by or '?')} at {_when(check.checked_at)}"
            if check.checked_at
            else ""
        ),
    ]
    if check.conclusion:
        lines.append(f"  conclusion: {display_safe(check.conclusion)}")
    if check.rationale:
        lines.append(f"  rationale: {_fit(check.rationale, 400)}")
    for source in claim.sources:
        lines.append(f"  source: {source.relation} {display_safe(source.url)}")
    lines.append(_group_line(claim.id, group))
    return lines


def cmd_claim(args: argparse.Namespace) -> int:
    from briefreader.text.validate import normalise_source_url

    claim_id = _claim_id(args.claim_id)
    if claim_id is None:
        err(
            f"{args.claim_id!r} is not a claim's id: give the number `briefreader claims` "
            "shows in its id column"
        )
        return 2
    # What was typed is checked before the database is opened.
    sources = [
        SourceInput(url=normalise_source_url(url), relation=relation)
        for url, relation, _ in args.sources
    ]
    others = {}
    for option in ("same_as", "not_same_as"):
        ref = getattr(args, option)
        if ref is None:
            continue
        other = _claim_id(ref)
        flag = "--" + option.replace("_", "-")
        if other is None or other == claim_id:
            said = "is this claim itself" if other == claim_id else "is not a claim's id"
            err(f"{flag} {ref!r} {said}: give another claim's id (`briefreader claims`)")
            return 2
        others[option] = other
    args.same_as, args.not_same_as = others.get("same_as"), others.get("not_same_as")
    with open_store(args) as store:
        before = _the_claim(store, claim_id)
        for other in others.values():
            _the_claim(store, other)  # said before anything is changed
        asked = _asked(args)
        fields = {k: v for k, v in asked.items() if (v or None) != (_current(before, k) or None)}
        after = before
        if fields or sources:
            change = AnnotationChange(
                claim_id,
                expected_revision=before.revision,
                fields=fields,
                add_sources=tuple(sources),
            )
            try:
                (after,) = store.apply_changes([change])
            except Conflict:
                err(
                    f"claim {claim_id} was changed by someone else while this command ran, "
                    "so nothing was saved; run the command again"
                )
                return 1
        try:
            grouped = _group_changes(store, claim_id, args)
        except (NotFound, InvalidValue) as exc:
            err(f"claim {claim_id}: {exc}")
            return 1
        title = store.get_brief_summary(after.brief_id).title
        history = store.claim_history(claim_id) if args.json else []
        group = store.claim_groups([claim_id]).get(claim_id)
    changed = bool(asked or sources or grouped)
    if not changed:
        lines = _describe(after, title, group)
    else:
        lines = _changes(before, after, sources) if asked or sources else []
        if not lines and not grouped:
            lines = ["unchanged: the claim has these values already"]
        lines = [f"claim {claim_id}: {line}" for line in lines + grouped]
    out = sys.stderr if args.json else sys.stdout
    if args.json:
        print(json.dumps(claim_json(after, title, history, group), ensure_ascii=False, indent=2))
        if not changed:
            return 0
    for line in lines:
        print(line, file=out)
    return 0
