"""W3C Web Annotation export: every annotation meets the W3C test suite's MUST assertions
(validated offline against the suite's own JSON schemas), the file is byte-identical on repeat,
and :func:`parse_w3c` reads it back into the records the importer needs."""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

# jsonschema ships no type hints (types-jsonschema is not a dependency); unused-ignore: where
# it is installed.
import jsonschema  # type: ignore[import-untyped, unused-ignore]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from referencing import Registry
from referencing.jsonschema import DRAFT4

from briefreader import library
from briefreader.exchange.w3c import _json, brief_annotations_to_w3c, parse_w3c, write_json
from briefreader.store.api import Annotation, NewAnnotation, NewBrief, SourceInput, Store
from tests.conftest import EXAMPLE_BRIEF, SHARED

pytestmark = pytest.mark.all_backends

SUITE = SHARED / "w3c-web-annotation-tests"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
SECONDS_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
# RFC 3339 date-time: jsonschema checks it only with an extra package, so check it here.
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")
NON_ASCII_URL = "https://ur.wikipedia.org/wiki/پاکستان"

needs_suite = pytest.mark.skipif(
    not (SUITE / "definitions").is_dir(), reason=f"W3C test suite not found at {SUITE}"
)


# --- the suite's schemas -------------------------------------------------------------------


@cache
def registry() -> Registry[Any]:
    """Every schema of the suite's definitions/, by the id the assertions refer to it by."""
    resources = []
    for path in sorted((SUITE / "definitions").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"], DRAFT4.create_resource(schema)))
    return Registry().with_resources(resources)


def format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(["uri"])  # "uri" is checked with rfc3987

    # Untyped for the same reason as the import above.
    @checker.checks("date-time")  # type: ignore[untyped-decorator, unused-ignore]
    def date_time(value: object) -> bool:
        return not isinstance(value, str) or bool(RFC3339.match(value))

    assert "uri" in checker.checkers, "rfc3987 is needed to check URIs"
    return checker


@cache
def must_validators(test_file: str) -> tuple[tuple[str, jsonschema.Draft4Validator], ...]:
    """A validator per MUST assertion listed in one of the suite's ``*Musts.test`` files."""
    listing = json.loads((SUITE / test_file).read_text(encoding="utf-8"))
    validators = []
    for name in listing["assertions"]:
        schema = json.loads((SUITE / name).read_text(encoding="utf-8"))
        assert schema["assertionType"] == "must" and schema["expectedResult"] == "valid"
        validators.append(
            (
                name,
                jsonschema.Draft4Validator(
                    schema, registry=registry(), format_checker=format_checker()
                ),
            )
        )
    assert len(validators) >= 10
    return tuple(validators)


def must_failures(obj: object, test_file: str) -> list[str]:
    return [
        f"{name}: {error.message[:200]}"
        for name, validator in must_validators(test_file)
        for error in validator.iter_errors(obj)
    ]


ANNOTATION_MUSTS = "annotations/annotationMusts.test"
COLLECTION_MUSTS = "collections/collectionMusts.test"
PAGE_MUSTS = "collections/pages/pageMusts.test"


# --- data --------------------------------------------------------------------------------


@pytest.fixture
def example(store: Store) -> int:
    """The example brief with one annotation of every kind and feature the export carries."""
    outcome = library.import_file(store, EXAMPLE_BRIEF)
    assert outcome.brief is not None
    brief_id = outcome.brief.id
    library.annotate_quote(
        store,
        brief_id,
        "Pak-Russia ties are witnessing a fresh start",
        tags=["russia", "Foreign Policy"],
        color="#ffcc00",
    )
    library.annotate_quote(
        store,
        brief_id,
        "Putin has postponed his much-hyped visit",
        kind="claim",
        claimant="Foreign Office",
        claim_type="fact",
        claim_status="disputed",
        note="Check the dates.\nTwo lines.",
        tags=["russia"],
        sources=[
            SourceInput("https://example.org/kremlin?a=1&b=2", "refutes", "Kremlin | statement"),
            SourceInput(NON_ASCII_URL, "context"),
        ],
    )
    library.annotate_quote(
        store, brief_id, "Islamabad", occurrence=2, kind="note", note="The capital *again*."
    )
    library.annotate_quote(store, brief_id, "SCO", occurrence=1, kind="claim")
    store.create_annotation(
        brief_id,
        NewAnnotation(
            start=100,
            end=120,
            kind="claim",
            claim_type="prediction",
            orphan=True,
            quote="a sentence the new version dropped",
            prefix="before ",
            suffix=" after",
            tags=("lost",),
        ),
    )
    moved = store.create_annotation(
        brief_id,
        NewAnnotation(start=0, end=1, orphan=True, quote="Pakistan–Russia ties"),
    )
    text = store.get_brief(brief_id).text
    start = text.index("Pak-Russia ties")
    store.reattach_annotation(moved.id, start, start + len("Pak-Russia ties"))
    return brief_id


def export(store: Store, **selection: Any) -> str:
    out = io.StringIO(newline="")
    write_json(store, out, **selection)
    return out.getvalue()


def items(document: dict[str, Any]) -> list[dict[str, Any]]:
    page = document["first"]
    assert page["type"] == "AnnotationPage"
    result: list[dict[str, Any]] = page["items"]
    return result


def bodies(item: dict[str, Any]) -> list[dict[str, Any]]:
    body = item.get("body", [])
    return body if isinstance(body, list) else [body]


def selectors(item: dict[str, Any]) -> list[dict[str, Any]]:
    selector = item["target"]["selector"]
    return selector if isinstance(selector, list) else [selector]


def all_annotations(store: Store, brief_id: int) -> list[Annotation]:
    return store.annotations_for_brief(brief_id, which="all")


# --- validation ----------------------------------------------------------------------------


@needs_suite
def test_every_exported_annotation_meets_the_w3c_musts(store: Store, example: int) -> None:
    document = json.loads(export(store))
    exported = items(document)
    assert len(exported) == 6
    # The export covers what the acceptance test asks for.
    assert {item["motivation"] for item in exported} == {"highlighting", "assessing", "commenting"}
    purposes = {body["purpose"] for item in exported for body in bodies(item)}
    assert purposes == {"tagging", "commenting", "assessing", "linking"}
    assert any(len(selectors(item)) == 1 for item in exported)  # the orphan
    assert any("briefreader:previousQuote" in item["target"] for item in exported)

    for item in exported:
        assert must_failures(item, ANNOTATION_MUSTS) == [], item["id"]
    assert must_failures(document, COLLECTION_MUSTS) == []
    assert must_failures(document, PAGE_MUSTS) == []


@needs_suite
def test_an_empty_export_is_a_valid_collection(store: Store) -> None:
    document = json.loads(export(store))
    assert document["total"] == 0 and items(document) == []
    assert must_failures(document, COLLECTION_MUSTS) == []
    assert must_failures(document, PAGE_MUSTS) == []


def incorrect_samples() -> Iterator[tuple[str, object]]:
    """The suite's samples of wrong annotations that are at least valid JSON."""
    for path in sorted((SUITE / "tools" / "samples" / "incorrect").glob("*.json")):
        try:
            yield path.name, json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue


@needs_suite
def test_the_validation_rejects_wrong_annotations(store: Store, example: int) -> None:
    samples = list(incorrect_samples())
    assert len(samples) >= 10
    for name, sample in samples:
        assert must_failures(sample, ANNOTATION_MUSTS), f"{name} passed every MUST"

    good = next(
        item
        for item in items(json.loads(export(store)))
        if "body" in item and len(selectors(item)) == 2
    )
    breakages: dict[str, Any] = {
        "no @context": lambda a: a.pop("@context"),
        "id not a URI": lambda a: a.update(id="not a uri"),
        "created not a date-time": lambda a: a.update(created="yesterday"),
        "no target": lambda a: a.pop("target"),
        "source not a URI": lambda a: a["target"]["source"].update(id="has spaces in it"),
        "quote without exact": lambda a: a["target"]["selector"][0].pop("exact"),
        "a TextualBody as target": lambda a: a.update(target={"type": "TextualBody", "value": "x"}),
        "body and bodyValue": lambda a: a.update(bodyValue="both"),
    }
    for what, breaks in breakages.items():
        broken = copy.deepcopy(good)
        breaks(broken)
        assert must_failures(broken, ANNOTATION_MUSTS), f"{what} passed every MUST"


# --- what the export says ------------------------------------------------------------------


def test_annotations_carry_ids_times_selectors_and_bodies(store: Store, example: int) -> None:
    brief = store.get_brief(example)
    by_quote = {selectors(item)[0]["exact"]: item for item in items(json.loads(export(store)))}
    stored = {a.quote: a for a in all_annotations(store, example)}

    highlight = by_quote["Pak-Russia ties are witnessing a fresh start"]
    annotation = stored["Pak-Russia ties are witnessing a fresh start"]
    assert re.fullmatch(rf"urn:uuid:{UUID}", highlight["id"])
    assert highlight["id"] == f"urn:uuid:{annotation.uuid}"
    assert highlight["type"] == "Annotation"
    assert highlight["motivation"] == "highlighting"
    assert SECONDS_UTC.match(highlight["created"]) and SECONDS_UTC.match(highlight["modified"])
    assert highlight["briefreader:color"] == "#ffcc00"
    assert highlight["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert [(b["purpose"], b["value"]) for b in bodies(highlight)] == [
        ("tagging", "foreign-policy"),
        ("tagging", "russia"),
    ]
    target = highlight["target"]
    hex_digest = brief.content_hash.removeprefix("sha256:")
    assert target["source"] == {
        "id": f"urn:sha256:{hex_digest}",
        "type": "Text",
        "label": brief.title,
    }
    quote, position = target["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": annotation.quote,
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
    }
    assert position == {
        "type": "TextPositionSelector",
        "start": annotation.start,
        "end": annotation.end,
    }
    assert brief.text[position["start"] : position["end"]] == quote["exact"]

    claim = by_quote["Putin has postponed his much-hyped visit"]
    assert claim["motivation"] == "assessing"
    note, assessment, tag, first, second = bodies(claim)
    assert note == {
        "type": "TextualBody",
        "purpose": "commenting",
        "format": "text/plain",
        "value": "Check the dates.\nTwo lines.",
    }
    assert assessment["purpose"] == "assessing"
    assert assessment["value"] == "fact · disputed · claimed by Foreign Office"
    assert (
        assessment["briefreader:claimType"],
        assessment["briefreader:claimStatus"],
        assessment["briefreader:claimant"],
    ) == ("fact", "disputed", "Foreign Office")
    assert tag["purpose"] == "tagging"
    assert first == {
        "type": "SpecificResource",
        "purpose": "linking",
        "source": {"id": "https://example.org/kremlin?a=1&b=2", "label": "Kremlin | statement"},
        "briefreader:relation": "refutes",
    }
    # A URI cannot hold non-ASCII letters: they are percent-encoded.
    assert (
        second["source"]
        == "https://ur.wikipedia.org/wiki/%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86"
    )
    assert second["briefreader:relation"] == "context"

    assert by_quote["Islamabad"]["motivation"] == "commenting"
    bare_claim = by_quote["SCO"]
    assert [b["value"] for b in bodies(bare_claim)] == ["claim · unverified"]

    orphan = by_quote["a sentence the new version dropped"]
    assert orphan["target"]["selector"] == {
        "type": "TextQuoteSelector",
        "exact": "a sentence the new version dropped",
        "prefix": "before ",
        "suffix": " after",
    }
    changed = by_quote["Pak-Russia ties"]
    assert changed["target"]["briefreader:previousQuote"] == "Pakistan–Russia ties"


def test_a_brief_from_the_web_is_identified_by_its_url(store: Store) -> None:
    brief_id = store.import_brief(
        NewBrief(
            text="Energy ties deepen.",
            title="Energy",
            content_hash="sha256:abc",
            word_count=3,
            source="https://example.com/op-ed/énergie",
            author="A. Writer",
        )
    ).brief.id
    store.create_annotation(brief_id, NewAnnotation(0, 6))
    brief = store.get_brief(brief_id)
    [item] = brief_annotations_to_w3c(brief, store.annotations_for_brief(brief_id))
    assert item["target"]["source"] == {
        "id": "https://example.com/op-ed/%C3%A9nergie",
        "type": "Text",
        "label": "Energy",
        "creator": {"name": "A. Writer"},
    }


def test_the_export_is_byte_identical_on_repeat_and_in_a_stable_order(
    store: Store, example: int
) -> None:
    first = export(store)
    assert export(store) == first
    assert first.endswith("}\n") and not first.endswith("\n\n")
    # Exactly what json.dumps writes for the whole document, non-ASCII text as it is.
    assert json.dumps(json.loads(first), ensure_ascii=False, indent=2) + "\n" == first
    assert "Pakistan–Russia" in first and "\\u2013" not in first
    document = json.loads(first)
    assert document["type"] == "AnnotationCollection"
    assert document["total"] == 6
    assert re.fullmatch(rf"urn:uuid:{UUID}", document["id"])
    # In text order; the orphan sits where it used to be (100..120).
    in_order = sorted(all_annotations(store, example), key=lambda a: (a.start, a.end, a.id))
    assert [item["id"] for item in items(document)] == [f"urn:uuid:{a.uuid}" for a in in_order]
    assert [selectors(item)[0]["exact"] for item in items(document)][:3] == [
        "Pak-Russia ties",
        "Pak-Russia ties are witnessing a fresh start",
        "a sentence the new version dropped",
    ]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_the_fast_writer_writes_what_json_dumps_writes(value: object) -> None:
    assert _json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_briefs_and_tags_select_what_is_exported(store: Store, example: int) -> None:
    other = store.import_brief(NewBrief("Another brief.", "Other", "sha256:0ther", 2)).brief.id
    store.create_annotation(other, NewAnnotation(0, 7, tags=("russia",)))

    def ids(text: str) -> list[str]:
        return [item["id"] for item in items(json.loads(text))]

    everything = ids(export(store))
    assert len(everything) == 7
    assert len(ids(export(store, brief_ids=[example]))) == 6
    assert len(ids(export(store, brief_ids=[other, 999]))) == 1  # an unknown id adds nothing
    tagged = json.loads(export(store, tag="Russia"))
    assert tagged["total"] == 3
    assert tagged["label"].endswith("tagged russia")
    assert all(any(b.get("value") == "russia" for b in bodies(item)) for item in items(tagged))
    assert write_json(store, io.StringIO(), tag="nothing-has-this") == 0


# --- reading it back -----------------------------------------------------------------------


def test_our_export_reads_back_into_the_same_annotations(store: Store, example: int) -> None:
    parsed = parse_w3c(json.loads(export(store)))
    assert parsed.format == "w3c" and parsed.skipped == ()
    stored = sorted(all_annotations(store, example), key=lambda a: (a.start, a.end, a.id))
    brief = store.get_brief(example)
    assert len(parsed.annotations) == len(stored)
    for number, (read, annotation) in enumerate(zip(parsed.annotations, stored, strict=True), 1):
        assert read.origin == f"annotation {number}"
        assert read.uuid == annotation.uuid
        assert (read.quote, read.prefix, read.suffix) == (
            annotation.quote,
            annotation.prefix,
            annotation.suffix,
        )
        if annotation.orphan:
            assert (read.start, read.end) == (None, None)
        else:
            assert (read.start, read.end) == (annotation.start, annotation.end)
        assert read.kind == annotation.kind
        assert read.note == annotation.note
        assert read.tags == annotation.tags
        assert read.color == annotation.color
        assert (read.claimant, read.claim_type, read.claim_status) == (
            annotation.claimant,
            annotation.claim_type,
            annotation.claim_status,
        )
        assert read.sources == tuple(
            SourceInput(s.url, s.relation, s.title, s.note) for s in annotation.sources
        )
        assert read.created_at == annotation.created_at.replace(microsecond=0)
        assert read.brief_title == brief.title
        assert read.brief_source == "urn:" + brief.content_hash
    # The non-ASCII source URL comes back as it was typed.
    assert any(s.url == NON_ASCII_URL for a in parsed.annotations for s in a.sources or ())


def test_a_page_a_list_or_one_annotation_is_read_too(store: Store, example: int) -> None:
    document = json.loads(export(store))
    page = document["first"]
    assert len(parse_w3c(page).annotations) == 6
    assert len(parse_w3c(page["items"]).annotations) == 6
    single = parse_w3c(page["items"][0])
    assert len(single.annotations) == 1
    assert single.annotations[0].quote == page["items"][0]["target"]["selector"][0]["exact"]


def test_what_cannot_be_used_is_skipped_with_a_reason() -> None:
    quote = {"type": "TextQuoteSelector", "exact": "fresh start"}
    data = [
        "https://example.org/annotations/1",
        42,
        {"type": "Person", "name": "not an annotation"},
        {
            "type": "Annotation",
            "target": {"source": "https://x.org", "selector": {"type": "FragmentSelector"}},
        },
        {"type": "Annotation", "target": "https://example.org/page"},
        {
            "type": "Annotation",
            "target": {"source": "https://x.org", "selector": {**quote, "exact": " "}},
        },
        {"type": "Annotation", "target": {"source": "https://x.org", "selector": quote}},
    ]
    parsed = parse_w3c(data, origin_prefix="item")
    assert [a.origin for a in parsed.annotations] == ["item 7"]
    reasons = {s.origin: s.reason for s in parsed.skipped}
    assert set(reasons) == {f"item {n}" for n in range(1, 7)}
    assert "link" in reasons["item 1"]
    assert "not a JSON object" in reasons["item 2"]
    assert "not an Annotation" in reasons["item 3"]
    assert "TextQuoteSelector" in reasons["item 4"] and "TextQuoteSelector" in reasons["item 5"]
    assert "empty" in reasons["item 6"]


def test_annotations_from_other_tools_leave_unknown_fields_unset() -> None:
    """A W3C annotation from elsewhere: what it does not say is None ("not given"), so an
    import never clears a note or tags it knows nothing about."""
    other_tool = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/anno/7",
        "type": "Annotation",
        "created": "2025-03-01T10:00:00+01:00",
        "target": {
            "source": "https://example.org/op-ed",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": "fresh start",
                    "prefix": "a ",
                    "suffix": " with",
                },
                {"type": "TextPositionSelector", "start": 40, "end": 51},
            ],
        },
    }
    [bare] = parse_w3c(other_tool).annotations
    assert (bare.kind, bare.note, bare.tags, bare.sources, bare.uuid) == (
        "highlight",
        None,
        None,
        None,
        None,
    )
    assert (bare.start, bare.end, bare.prefix, bare.suffix) == (40, 51, "a ", " with")
    assert bare.brief_source == "https://example.org/op-ed" and bare.brief_title is None
    assert bare.created_at is not None and bare.created_at.utcoffset() is not None

    commented = {
        **other_tool,
        "bodyValue": "Worth checking",
        "body": None,
    }
    [read] = parse_w3c(commented).annotations
    assert (read.kind, read.note) == ("note", "Worth checking")

    # A claim whose extension properties were lost still reads from its human-readable value.
    assessed = {
        **other_tool,
        "motivation": "assessing",
        "body": [
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "value": "opinion · refuted · claimed by PM",
            },
            {"type": "TextualBody", "purpose": "tagging", "value": "energy"},
            {"type": "SpecificResource", "purpose": "linking", "source": "https://example.org/src"},
        ],
    }
    [claim] = parse_w3c(assessed).annotations
    assert (claim.kind, claim.claim_type, claim.claim_status, claim.claimant) == (
        "claim",
        "opinion",
        "refuted",
        "PM",
    )
    assert claim.tags == ("energy",)
    assert claim.sources == (SourceInput("https://example.org/src", "context"),)


def test_write_json_counts_what_it_wrote(store: Store, example: int, tmp_path: Path) -> None:
    out = tmp_path / "annotations.json"
    with out.open("w", encoding="utf-8", newline="") as stream:
        assert write_json(store, stream) == 6
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 6
