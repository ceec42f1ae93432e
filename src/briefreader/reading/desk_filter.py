"""The claims desk's filter: what the user typed, in the search language
(:func:`briefreader.store.search_query.parse_query`: words, "phrases", -excluded, ``OR``,
``status:`` ``verdict:`` ``tag:`` ``brief:`` ``claimant:`` ``has:`` ``is:``), as a predicate
over claim records held in memory, so filtering 10,000 claims takes milliseconds and asks
nothing of the database. Words match case-insensitively anywhere in a claim's text, claimant,
conclusion, rationale, note or tags; a bad filter is a :class:`SearchQueryError` (one sentence).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from briefreader.store.records import UNCHECKED_CLAIM, Annotation
from briefreader.store.search_query import SearchQuery, SearchQueryError, parse_query

Predicate = Callable[[Annotation], bool]

__all__ = ["Predicate", "SearchQueryError", "claim_filter"]


def _unquoted(phrase: str) -> str:
    """An FTS phrase (``"word"``, ``"a b"*``) as the plain text it stands for."""
    text = phrase.rstrip("*")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    return text.casefold()


def _haystack(claim: Annotation) -> str:
    check = claim.check or UNCHECKED_CLAIM
    return "\n".join(
        (
            claim.quote,
            claim.claimant or "",
            check.conclusion or "",
            check.rationale,
            claim.note,
            " ".join(claim.tags),
        )
    ).casefold()


def _brief_matches(refs: list[str], titles: Mapping[int, str]) -> set[int]:
    """The briefs any of ``refs`` names, as search takes them: digits are an id (only), any
    other text a part of the title."""
    found: set[int] = set()
    for ref in refs:
        text = ref.strip()
        if text.isascii() and text.isdigit():
            found.add(int(text))
            continue
        lowered = text.casefold()
        found.update(i for i, title in titles.items() if lowered in title.casefold())
    return found


def claim_filter(query: str, titles: Mapping[int, str]) -> Predicate | None:
    """The predicate for ``query`` (None: no filter, every claim), given the briefs' titles.
    Raises :class:`SearchQueryError` for what cannot be a filter."""
    if not query.strip():
        return None
    parsed = parse_query(query, exclusions_alone=True)
    if parsed.kinds and "claim" not in parsed.kinds:
        raise SearchQueryError("the desk shows claims only: drop the kind: filter")
    return _predicate(parsed, titles)


def _predicate(parsed: SearchQuery, titles: Mapping[int, str]) -> Predicate:
    words = [w.casefold() for w in parsed.raw_words]
    excluded = [_unquoted(w) for w in parsed.excluded]
    any_of = parsed.any_of
    tags = set(parsed.tags)
    verdicts = set(parsed.statuses)
    statuses = set(parsed.check_statuses)
    claimants = [c.casefold() for c in parsed.claimants]
    has = set(parsed.has)
    is_ = set(parsed.is_)
    briefs = _brief_matches(parsed.briefs, titles) if parsed.briefs else None

    def keep(claim: Annotation) -> bool:
        if briefs is not None and claim.brief_id not in briefs:
            return False
        if verdicts and (claim.claim_status or "unverified") not in verdicts:
            return False
        if statuses and (claim.check or UNCHECKED_CLAIM).status not in statuses:
            return False
        if tags and not tags.issubset(claim.tags):
            return False
        if claimants:
            who = (claim.claimant or "").casefold()
            if not all(c in who for c in claimants):
                return False
        if has and not _has(claim, has):
            return False
        if "orphan" in is_ and not claim.orphan:
            return False
        if "changed" in is_ and claim.previous_quote is None:
            return False
        if words or excluded:
            text = _haystack(claim)
            if any(w in text for w in excluded):
                return False
            if words:
                found = (w in text for w in words)
                return any(found) if any_of else all(found)
        return True

    return keep


def _has(claim: Annotation, wanted: set[str]) -> bool:
    checks = {
        "source": bool(claim.sources),
        "note": bool(claim.note.strip()),
        "tags": bool(claim.tags),
        "claimant": bool(claim.claimant),
    }
    return all(checks.get(what, False) for what in wanted)
