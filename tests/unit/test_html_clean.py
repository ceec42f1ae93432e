"""Web pages import as clean text: each cleaning rule on a small page written here, the structure
kept as light Markdown, nothing inside a line marked up or escaped, and nothing trafilatura
keeps lost (see src/briefreader/ingest/page_text.py and page_clean.py)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import trafilatura

from briefreader.anchoring import find_quote
from briefreader.ingest import IngestedBrief, ingest_bytes, ingest_file
from briefreader.ingest.page_clean import is_boilerplate

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "ingest" / "pages"
MANIFEST = json.loads((PAGES / "pages.json").read_text(encoding="utf-8"))

# Two paragraphs long enough for trafilatura to take the page for an article.
ARTICLE = (
    "<p>The port of Gwadar received its first container ship on Monday, a step officials "
    "described as the start of a new phase for trade across the whole region this year.</p>"
    "<p>The harbour master said the ship carried more than a thousand containers and that the "
    "port expects two sailings a week by the end of next year, if the new cranes arrive.</p>"
)


def page(body: str, head: str = "<title>Port news</title>") -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Port news</h1>{body}</article></body></html>"
    ).encode()


def imported(body: str, head: str = "<title>Port news</title>") -> IngestedBrief:
    return ingest_bytes(page(body, head), "page.html")


def fold(text: str) -> str:
    return " ".join(text.split())


# --- references and edit links ---------------------------------------------------------------


def test_wikipedia_references_and_edit_links_are_dropped_and_the_reference_list_kept() -> None:
    brief = ingest_file(PAGES / "wikipedia.html")
    text = brief.text

    for marker in ("[1]", "[2]", "[3]", "citation needed", "[edit]", "edit]", "^"):
        assert marker not in text
    assert "the route of a large share of the world's oil trade.\n" in text
    assert "## History\n" in text and "## Operations\n" in text
    assert "1. Port overview, Gwadar Port Authority, 2019.\n" in text
    assert "6. Berths and draught, Lloyd's List, 2020.\n" in text
    quote = "construction began only in 2002. Its first phase was inaugurated in March 2007"
    start, end = find_quote(text, quote)
    assert text[start:end] == quote


def test_footnote_markers_and_back_links_go_but_a_superscript_that_is_text_stays() -> None:
    brief = imported(
        ARTICLE + "<p>The yard covers 4,000 m<sup>2</sup> of reclaimed land near the town.<sup>"
        "<a href='#fn1' id='ref1'>1</a></sup> Dredging cost more than planned.<sup>[12]</sup>"
        "</p><ol class='notes'><li id='fn1'>Port survey, 2021. <a href='#ref1'>↩</a></li></ol>"
    )
    assert "The yard covers 4,000 m2 of reclaimed land near the town. Dredging" in brief.text
    assert "planned.\n" in brief.text
    assert "[12]" not in brief.text and "↩" not in brief.text
    assert "1. Port survey, 2021." in brief.text


def test_an_edit_link_left_after_a_heading_is_dropped() -> None:
    brief = imported(ARTICLE + "<h2>Operations[edit]</h2>" + ARTICLE.replace("port", "quay"))
    assert "## Operations\n" in brief.text


# --- lines about the page, not the article ------------------------------------------------------

AROUND = [
    "Share this article",
    "Share on Facebook",
    "941 comments",
    "Comments (12)",
    "Continue reading the main story",
    "From the section US & Canada",
    "Watch: How the port was built in ten years",
    "Media playback is unsupported on your device",
    "Read more: Another port opens in the south",
    "Sign up for our newsletter to get the news every morning",
    "Follow us on Twitter",
    "Advertisement",
    "© 2024 The Example Times Company. All rights reserved.",
    "Copyright 2024 Example Media",
    "5 min read",
    "Last updated: 4 March 2024",
    "Lesen Sie auch: Der Hafen von Karachi wächst",
    "Weitere Artikel zum Thema",
    "LE PUEDE INTERESAR: El puerto de Gwadar recibe su primer barco",
    "Czytaj też: Port w Gwadarze",
    "(function() { document.addEventListener('DOMContentLoaded', init); })();",
]


@pytest.mark.parametrize("line", AROUND)
def test_a_line_about_the_page_is_dropped_and_the_article_kept(line: str) -> None:
    brief = imported(ARTICLE[: ARTICLE.index("</p>") + 4] + f"<p>{line}</p>" + ARTICLE[-200:])
    assert line not in brief.text
    assert "The port of Gwadar received its first container ship on Monday" in brief.text
    assert "if the new cranes arrive." in brief.text


def test_a_paragraph_of_the_article_is_never_dropped_for_the_words_it_contains() -> None:
    sentences = [
        "Continue reading the report and you find that the port lost money in each of its "
        "first ten years, while the city around it waited for the water and power it was "
        "promised by three governments in a row.",
        "Readers left 941 comments under the first story about the port, most of them asking "
        "why the fishermen of the old town were moved to a bay with no shelter from the "
        "monsoon winds and no road to the market.",
    ]
    brief = imported(ARTICLE + "".join(f"<p>{s}</p>" for s in sentences))
    for sentence in sentences:
        assert sentence in brief.text


def test_a_byline_repeated_in_capitals_is_kept_once_and_the_author_named_once() -> None:
    brief = ingest_file(PAGES / "news.html")
    assert brief.author == "Jeffrey Gettleman"
    assert "JEFFREY GETTLEMAN" not in brief.text
    brief = imported("<p>By Amina Hassan</p><p>AMINA HASSAN</p>" + ARTICLE)
    assert "AMINA HASSAN" not in brief.text


def test_short_lines_that_are_labels_but_not_boilerplate_are_kept() -> None:
    for line in ("Weitere US-Zellprojekte im Aufbau", "Share prices fell", "Contents of the bill"):
        assert not is_boilerplate(line)


# --- structure: light Markdown at the start of lines ------------------------------------------


def test_headings_lists_quotes_tables_and_code_are_kept_as_structure() -> None:
    brief = imported(
        ARTICLE + "<h2>What the port has</h2>"
        "<ul><li>Three berths<ul><li>one for bulk cargo</li></ul></li><li>A free zone</li></ul>"
        "<ol><li><p>Dredge the channel.</p></li><li>Build the breakwater.</li></ol>"
        "<blockquote><p>“We have waited twenty years,” said a fisherman.</p></blockquote>"
        "<table><tr><th>Year</th><th>Ships</th></tr><tr><td>2022</td><td>14</td></tr>"
        "<tr><td>2023</td><td>22</td></tr></table>"
        "<pre><code>def ships(year):\n    return TABLE[year]\n</code></pre>"
        "<dl><dt>Draught</dt><dd>12.5 metres</dd></dl>" + ARTICLE.replace("port", "quay")
    )
    text = brief.text
    assert brief.format == "page"  # its structure as Markdown lines
    assert text.startswith("# Port news\n\n")
    assert "\n## What the port has\n" in text
    assert "\n- Three berths\n  - one for bulk cargo\n- A free zone\n" in text
    assert "\n1. Dredge the channel.\n2. Build the breakwater.\n" in text
    assert "\n> “We have waited twenty years,” said a fisherman.\n" in text
    assert "\n| Year | Ships |\n|---|---|\n| 2022 | 14 |\n| 2023 | 22 |\n" in text
    assert "\n```\ndef ships(year):\n    return TABLE[year]\n```\n" in text
    assert "\n- Draught\n  12.5 metres\n" in text


def test_a_layout_table_is_paragraphs_and_a_cell_holding_a_pipe_is_not_split() -> None:
    brief = imported(
        "<table><tr><td>" + ARTICLE + "</td></tr></table>"
        "<table><tr><th>Route</th><th>Days</th></tr><tr><td>Gwadar | Dubai</td><td>2</td></tr>"
        "</table>"
    )
    assert "| The port" not in brief.text
    assert "\nThe harbour master said" in brief.text
    assert "\nRoute\tDays\nGwadar | Dubai\t2\n" in brief.text
    assert "\\" not in brief.text


def test_nothing_inside_a_line_is_markup_and_nothing_is_escaped() -> None:
    sentence = (
        "Angebote für Konsument*innen und Nutzer*innen, sagt [Eloise] Brandt: 2 * 3 Tarife, "
        "der snake_case Name und #hafen bleiben, wie die Seite sie zeigt."
    )
    brief = imported(
        ARTICLE + "<p>Angebote für <b>Konsument*innen</b> und Nutzer*innen, sagt [Eloise] Brandt: "
        "2 * 3 Tarife, der <code>snake_case</code> Name und #hafen bleiben, wie die "
        "<a href='https://example.org/a/very/long/address/of/the/page'>Seite</a> sie zeigt.</p>"
    )
    assert sentence in brief.text
    assert "\\" not in brief.text and "**" not in brief.text and "`" not in brief.text
    assert "https://" not in brief.text and "](" not in brief.text
    assert find_quote(brief.text, sentence) == (
        brief.text.index(sentence),
        brief.text.index(sentence) + len(sentence),
    )


def test_line_breaks_follow_the_page_not_the_html_source() -> None:
    brief = imported(
        "<p>The port of Gwadar received\n      its first container ship on Monday,\n a step "
        "officials described as <em>the start\n of a new phase</em> for trade across the "
        "region.</p><p>Harbour office<br>Gwadar<br/>Pakistan</p>"
        "<pre>berth  depth\n1      12.5\n2      11.0</pre>" + ARTICLE.replace("port", "quay")
    )
    assert (
        "The port of Gwadar received its first container ship on Monday, a step officials "
        "described as the start of a new phase for trade across the region.\n"
    ) in brief.text
    assert "\nHarbour office\nGwadar\nPakistan\n" in brief.text
    assert "```\nberth  depth\n1      12.5\n2      11.0\n```" in brief.text


def test_soft_hyphens_the_page_does_not_show_are_dropped() -> None:
    brief = imported(ARTICLE + "<p>Die Werk&shy;zeug&shy;industrie des Hafens wächst.</p>")
    assert "Die Werkzeugindustrie des Hafens wächst." in brief.text
    assert "\u00ad" not in brief.text


# --- Unicode ---------------------------------------------------------------------------------


def test_a_decomposed_page_is_stored_composed_so_a_typed_quote_is_found() -> None:
    raw = (PAGES / "blog-nfd.html").read_text(encoding="utf-8")
    assert "geprüft" not in raw  # the page itself is decomposed (u + combining diaeresis)
    brief = ingest_file(PAGES / "blog-nfd.html")
    assert unicodedata.is_normalized("NFC", brief.text)
    assert brief.title == "Geprüfte Angebote für Konsument*innen"
    start, end = find_quote(brief.text, "hat 40 Tarife geprüft")
    assert brief.text[start:end] == "hat 40 Tarife geprüft"


# --- the pages written to cover what the corpus lacks ----------------------------------------


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_page_keeps_its_main_text_drops_its_boilerplate_and_knows_its_details(
    name: str,
) -> None:
    expected = MANIFEST[name]
    brief = ingest_file(PAGES / name)
    text = fold(brief.text)
    missing = [s for s in expected["with"] if fold(s) not in text]
    kept = [s for s in expected["without"] if fold(s) in text]
    assert (missing, kept) == ([], [])
    assert brief.title == expected["title"]
    for field in ("author", "outlet", "published"):
        if field in expected:
            assert getattr(brief, field) == expected[field]
    assert unicodedata.is_normalized("NFC", brief.text)


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


@pytest.mark.parametrize("name", [*sorted(MANIFEST), "../article.html", "../windows-1252.html"])
def test_every_word_trafilatura_keeps_is_kept_unless_it_is_about_the_page(name: str) -> None:
    data = (PAGES / name).read_bytes()
    brief = ingest_bytes(data, name, fmt="html")
    alone = trafilatura.extract(data, include_comments=False) or ""
    article = "\n".join(line for line in alone.split("\n") if not is_boilerplate(line))
    lost = set(words(article) - words(brief.text))
    # Reference and footnote markers ("[3]", "verspricht.1") and "[edit]" are meant to go.
    markers = {w for w in lost if w.isdigit() and len(w) <= 3} | {"edit", "citation", "needed"}
    # trafilatura alone reads the page that declares no charset as windows-1250.
    misread = {"naďve"} if name == "no-charset.html" else set()
    assert lost - markers == misread
