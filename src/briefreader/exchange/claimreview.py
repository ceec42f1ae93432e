"""ClaimReview export: the checked claims as schema.org ``ClaimReview`` objects in JSON-LD, the
markup fact-checkers publish with a fact check (Google's fact-check markup, the Fact Check
Explorer, other fact-check tools).

One ``ClaimReview`` per claim that was checked (check status ``checked``) and given a finding
(verdict supported, disputed or refuted); any other claim is left out, and :class:`ClaimReviews`
counts why. The file is a JSON array of self-contained objects, each with ``"@context":
"https://schema.org"``, so each can be cut out for the page that publishes it::

    {"@context": "https://schema.org", "@type": "ClaimReview",
     "url": "urn:uuid:<the claim's uuid>",
     "claimReviewed": "<the quote, on one line>",
     "datePublished": "<checked at, UTC>",
     "author": {"@type": "Organization", "name": …, "url": …},      (the config's [organisation])
     "reviewRating": {"@type": "Rating", "ratingValue": 1, "worstRating": 1, "bestRating": 3,
                      "name": "Refuted", "alternateName": "<the conclusion, else Refuted>",
                      "ratingExplanation": "<the rationale>"},
     "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "<claimant>"},
                      "appearance": {"@type": "CreativeWork", "@id": "<brief URL or urn:sha256>",
                                     "url": "<brief URL>", "name": "<title>", "author": …}},
     "citation": [{"@type": "CreativeWork", "url": "<source>", "name": "<its title>"}, …]}

- The rating scale (:data:`SCALE`): refuted 1, disputed 2, supported 3 (higher is truer, as
  schema.org's ratings are read); ``name`` is the verdict, so each number has one text.
- ``url`` must be the page that publishes the review, which briefreader does not know: it is
  ``urn:uuid:`` with the claim's uuid, stable across exports, to be replaced on publication.
- The claimant is a ``Person``: briefreader does not record whether a claimant is a person or
  an organisation. ``appearance`` is the brief, with its http(s) address when it has one,
  else identified by ``urn:sha256:`` of its text. A claim in a claim group (the same claim
  confirmed in several briefs: :mod:`briefreader.store.claim_groups`) appears in each of its
  group's briefs: ``appearance`` is their list and ``firstAppearance`` the first of them.
  When the claim was made is not known, so the Claim has no ``datePublished``.
- A value that is empty is left out, never written empty; nothing is invented (no author
  without the config's, no date without the check's).

The same data always gives the same bytes: briefs by id, claims in text order.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from briefreader.exchange.importers.uris import to_uri
from briefreader.exchange.w3c import brief_uri, selected_annotations, timestamp
from briefreader.store.api import Annotation, BriefSummary, Store
from briefreader.vocabulary import CHECK_STATUSES, CHECKED, UNCHECKED

CONTEXT = "https://schema.org"
#: The numeric rating of each finding (``ratingValue``), worst to best.
SCALE: dict[str, int] = {"refuted": 1, "disputed": 2, "supported": 3}
WORST_RATING = min(SCALE.values())
BEST_RATING = max(SCALE.values())
#: Each finding as the rating's ``name`` (and ``alternateName`` when there is no conclusion).
LABELS: dict[str, str] = {verdict: verdict.capitalize() for verdict in SCALE}
#: Google's fact-check markup asks for a ``claimReviewed`` under this many characters (it
#: wraps on a phone); a longer one is written as it is, with a warning.
CLAIM_REVIEWED_CHARS = 75
#: How many over-long claims are named one by one; the rest are counted.
_LONG_NAMED = 10


@dataclass(frozen=True)
class ReviewAuthor:
    """Who publishes the reviews: the organisation of the config's ``[organisation]``."""

    name: str
    url: str | None = None


@dataclass
class ClaimReviews:
    """The reviews of an export, and what was left out or is missing, and why."""

    reviews: list[dict[str, Any]] = field(default_factory=list)
    #: Highlights and notes in the selection (not claims).
    not_claims: int = 0
    #: Claims not checked, by their check status.
    not_checked: Counter[str] = field(default_factory=Counter)
    #: Claims checked with the verdict still ``unverified``.
    no_finding: int = 0
    #: (claim id, characters, its start) of each ``claimReviewed`` over
    #: :data:`CLAIM_REVIEWED_CHARS`.
    long: list[tuple[int, int, str]] = field(default_factory=list)
    no_claimant: int = 0
    no_source: int = 0
    no_web_address: int = 0
    no_check_time: int = 0

    @property
    def left_out(self) -> int:
        """Claims in the selection without a review."""
        return sum(self.not_checked.values()) + self.no_finding

    def notices(self) -> list[str]:
        """What the user should know about this export, one sentence each (but for a missing
        author: the caller, who knows where the author is configured, says that)."""
        lines = []
        if self.left_out:
            why = []
            if self.not_checked:
                counts = ", ".join(
                    f"{status} {self.not_checked[status]}"
                    for status in CHECK_STATUSES
                    if self.not_checked[status]
                )
                why.append(f"{sum(self.not_checked.values())} not checked ({counts})")
            if self.no_finding:
                why.append(f"{self.no_finding} checked with the verdict still {UNCHECKED}")
            total = self.left_out + len(self.reviews)
            lines.append(
                f"left out {self.left_out} of {total} claim(s), which have no finding to "
                f"publish: {'; '.join(why)}"
            )
        if self.not_claims:
            lines.append(f"left out {self.not_claims} highlight(s) and note(s): not claims")
        for claim_id, length, quote in self.long[:_LONG_NAMED]:
            lines.append(
                f"warning: claim {claim_id}: claimReviewed is {length} characters, over the "
                f"{CLAIM_REVIEWED_CHARS} Google's fact-check markup asks for: “{quote}”"
            )
        if len(self.long) > _LONG_NAMED:
            lines.append(
                f"warning: {len(self.long) - _LONG_NAMED} more claim(s) over "
                f"{CLAIM_REVIEWED_CHARS} characters"
            )
        for count, what in (
            (self.no_claimant, "have no claimant: their Claim has no author"),
            (self.no_source, "cite no source"),
            (self.no_check_time, "have no time of check: no datePublished"),
            (
                self.no_web_address,
                "are of claims in a brief without a web address: their appearance is only "
                "the brief's urn:sha256 id",
            ),
        ):
            if count:
                lines.append(f"warning: {count} review(s) {what}")
        return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shorten(text: str, chars: int = 60) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _appearance(brief: BriefSummary) -> dict[str, Any]:
    """The brief the claim appears in, as a ``CreativeWork``."""
    uri = brief_uri(brief)
    work: dict[str, Any] = {"@type": "CreativeWork", "@id": uri}
    if not uri.startswith("urn:"):
        work["url"] = uri
    if brief.title.strip():
        work["name"] = _one_line(brief.title)
    if brief.author and brief.author.strip():
        work["author"] = {"@type": "Person", "name": _one_line(brief.author)}
    if brief.outlet and brief.outlet.strip():
        work["publisher"] = {"@type": "Organization", "name": _one_line(brief.outlet)}
    if brief.published:
        work["datePublished"] = brief.published
    return work


def _rating(verdict: str, conclusion: str | None, rationale: str) -> dict[str, Any]:
    rating: dict[str, Any] = {
        "@type": "Rating",
        "ratingValue": SCALE[verdict],
        "worstRating": WORST_RATING,
        "bestRating": BEST_RATING,
        "name": LABELS[verdict],
        "alternateName": _one_line(conclusion or "") or LABELS[verdict],
    }
    if rationale.strip():
        rating["ratingExplanation"] = rationale.strip()
    return rating


def claim_review(
    brief: BriefSummary,
    claim: Annotation,
    author: ReviewAuthor | None,
    appearances: Sequence[BriefSummary] = (),
) -> dict[str, Any]:
    """The ``ClaimReview`` of ``claim`` (checked, with a finding) in ``brief``; when the claim
    is in a claim group, ``appearances`` are its group's briefs, the first appearance first."""
    check = claim.check
    if check is None or claim.claim_status not in SCALE:
        raise ValueError(f"claim {claim.id} has no finding to review")
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": f"urn:uuid:{claim.uuid}",
        "claimReviewed": _one_line(claim.quote),
    }
    if check.checked_at is not None:
        review["datePublished"] = timestamp(check.checked_at)
    if author is not None:
        organisation = {"@type": "Organization", "name": author.name}
        if author.url:
            organisation["url"] = to_uri(author.url)
        review["author"] = organisation
    review["reviewRating"] = _rating(claim.claim_status, check.conclusion, check.rationale)
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant and claim.claimant.strip():
        item["author"] = {"@type": "Person", "name": _one_line(claim.claimant)}
    works: list[dict[str, Any]] = []
    for where in appearances or (brief,):
        work = _appearance(where)
        if all(w["@id"] != work["@id"] for w in works):  # one per work, whatever its title
            works.append(work)
    item["appearance"] = works[0] if len(works) == 1 else works
    if len(works) > 1:
        item["firstAppearance"] = works[0]
    review["itemReviewed"] = item
    citations = []
    for source in claim.sources:
        work = {"@type": "CreativeWork", "url": to_uri(source.url)}
        if source.title.strip():
            work["name"] = _one_line(source.title)
        citations.append(work)
    if citations:
        review["citation"] = citations
    return review


def claim_reviews(
    store: Store,
    brief_ids: Sequence[int] = (),
    tag: str | None = None,
    author: ReviewAuthor | None = None,
) -> ClaimReviews:
    """The reviews of the export selection (``brief_ids``, all briefs when empty; only the
    annotations tagged ``tag`` if given), and what was left out."""
    result = ClaimReviews()
    groups = store.claim_groups()
    briefs = {b.id: b for b in store.list_briefs()} if groups else {}
    for brief, chosen in selected_annotations(store, brief_ids, tag):
        for annotation in chosen:
            if annotation.kind != "claim":
                result.not_claims += 1
                continue
            check = annotation.check
            status = check.status if check is not None else CHECK_STATUSES[0]
            if status != CHECKED:
                result.not_checked[status] += 1
                continue
            if annotation.claim_status not in SCALE:
                result.no_finding += 1
                continue
            group = groups.get(annotation.id)
            appearances = []
            if group is not None:
                appearances = [
                    briefs[a.brief_id] for a in group.appearances if a.brief_id in briefs
                ]
            review = claim_review(brief, annotation, author, appearances)
            result.reviews.append(review)
            claimed = review["claimReviewed"]
            if len(claimed) > CLAIM_REVIEWED_CHARS:
                result.long.append((annotation.id, len(claimed), _shorten(claimed)))
            item = review["itemReviewed"]
            result.no_claimant += "author" not in item
            result.no_source += "citation" not in review
            result.no_check_time += "datePublished" not in review
            first = item.get("firstAppearance", item["appearance"])
            result.no_web_address += "url" not in first
    return result


def write_claimreview(
    store: Store,
    out: TextIO,
    brief_ids: Sequence[int] = (),
    tag: str | None = None,
    author: ReviewAuthor | None = None,
) -> ClaimReviews:
    """Write the reviews (:func:`claim_reviews`) to ``out`` as a JSON array; return them with
    what was left out."""
    result = claim_reviews(store, brief_ids, tag, author)
    out.write(json.dumps(result.reviews, ensure_ascii=False, indent=2) + "\n")
    return result


__all__ = [
    "BEST_RATING",
    "CLAIM_REVIEWED_CHARS",
    "LABELS",
    "SCALE",
    "WORST_RATING",
    "ClaimReviews",
    "ReviewAuthor",
    "claim_review",
    "claim_reviews",
    "write_claimreview",
]
