"""A web page's title is its headline, and what else the page says about itself is kept: its
author (each name once), outlet and date of publication; the store keeps outlet and date (see
src/briefreader/ingest/page_meta.py)."""

from __future__ import annotations

import pytest

from briefreader.ingest import IngestedBrief, ingest_bytes
from briefreader.store.api import NewBrief, Store

BODY = (
    "<p>The port of Gwadar received its first container ship on Monday, a step officials "
    "described as the start of a new phase for trade across the whole region this year.</p>"
    "<p>The harbour master said the ship carried more than a thousand containers and that the "
    "port expects two sailings a week by the end of next year, if the new cranes arrive.</p>"
)


def page(head: str, headings: str = "", body: str = BODY) -> IngestedBrief:
    html = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>"
        f"<header>{headings}</header><article>{body}</article></body></html>"
    )
    return ingest_bytes(html.encode(), "saved-page.html")


@pytest.mark.parametrize(
    ("head", "headings", "title"),
    [
        # The site's name after the headline, in og:title and <title>.
        (
            "<title>First ship docks at Gwadar - BBC News</title>"
            "<meta property='og:site_name' content='BBC News'>",
            "",
            "First ship docks at Gwadar",
        ),
        (
            "<meta property='og:title' content='First ship docks at Gwadar | The Example Times'>"
            "<meta property='og:site_name' content='The Example Times'>",
            "",
            "First ship docks at Gwadar",
        ),
        # The site's name first, and known only from the address of the page.
        (
            "<title>example-port.com » First ship docks at Gwadar</title>",
            "",
            "First ship docks at Gwadar",
        ),
        # The JSON-LD headline comes first.
        (
            "<title>Gwadar | Ports | Example</title><script type='application/ld+json'>"
            '{"@type": "NewsArticle", "headline": "First ship docks at Gwadar"}</script>',
            "",
            "First ship docks at Gwadar",
        ),
        # A headline the page shows agrees with one part of the title: that part, as shown.
        (
            "<title>Ports and Shipping | First ship docks at Gwadar | Example</title>",
            "<h1>First ship docks at Gwadar</h1>",
            "First ship docks at Gwadar",
        ),
        # A kicker in the heading ("Trade: Headline"): the headline alone.
        (
            "<meta property='og:title' content='First ship docks at Gwadar - Trade'>",
            "<h1><span class='kicker'>Trade</span> First ship docks at Gwadar</h1>",
            "First ship docks at Gwadar",
        ),
        # The site's logo is a heading too: it is not the headline.
        (
            "<title>First ship docks at Gwadar | Harbour Weekly</title>",
            "<h1 class='site-title'>Harbour Weekly</h1><h1>First ship docks at Gwadar</h1>",
            "First ship docks at Gwadar",
        ),
        # A section name for a title, and a headline on the page.
        (
            "<title>Themen</title>",
            "<h1>First ship docks at Gwadar</h1>",
            "First ship docks at Gwadar",
        ),
        # No metadata at all: the first heading.
        ("", "<h1>First ship docks at Gwadar</h1>", "First ship docks at Gwadar"),
        # Chinese sites put the channel and the site after underscores.
        (
            "<title>瓜达尔港迎来首艘集装箱船_新闻频道_示例网</title>",
            "<h1>瓜达尔港迎来首艘集装箱船</h1>",
            "瓜达尔港迎来首艘集装箱船",
        ),
        # Entities a page escaped twice in its metadata.
        (
            "<meta property='og:title' content='Ships &amp;#038; ports'>",
            "",
            "Ships & ports",
        ),
    ],
)
def test_the_title_is_the_headline(head: str, headings: str, title: str) -> None:
    brief = page(head, headings)
    assert brief.title == title


def test_a_long_headline_is_kept_whole_and_a_title_never_ends_with_an_ellipsis() -> None:
    headline = (
        "El Nobel de la Paz ruso, Dmitry Muratov, advirtió que el régimen de Vladimir Putin "
        "podría utilizar armas nucleares en Ucrania"
    )
    assert len(headline) > 120
    site = "<meta property='og:site_name' content='infobae'>"
    assert page(f"<title>{headline} - Infobae</title>{site}").title == headline
    very_long = "Ships " * 80
    title = page(f"<title>{very_long}</title>").title
    assert len(title) <= 250 and not title.endswith("…") and title.startswith("Ships Ships")


def test_a_page_without_title_or_heading_is_named_by_its_text() -> None:
    assert page("").title.startswith("The port of Gwadar received its first container ship")


def test_author_outlet_and_date_come_from_the_metadata() -> None:
    brief = page(
        "<title>First ship docks at Gwadar</title>"
        "<meta property='article:published_time' content='2023-11-20T08:30:00+05:00'>"
        "<script type='application/ld+json'>"
        '{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "headline": "First ship docks at Gwadar",'
        ' "author": [{"@type": "Person", "name": "Amina Hassan"},'
        ' {"@type": "Person", "name": "AMINA HASSAN"}],'
        ' "publisher": {"@type": "Organization", "name": "Harbour Weekly"}}</script>'
    )
    assert (brief.author, brief.outlet, brief.published) == (
        "Amina Hassan",
        "Harbour Weekly",
        "2023-11-20",
    )


def test_the_sites_own_name_is_not_an_author_when_a_person_is_named() -> None:
    brief = page(
        "<title>First ship docks at Gwadar</title>"
        "<meta property='og:site_name' content='Harbour Weekly'>"
        "<meta name='author' content='Harbour Weekly; Amina Hassan'>"
    )
    assert brief.author == "Amina Hassan"
    assert brief.outlet == "Harbour Weekly"


def test_a_date_that_is_no_date_is_left_out() -> None:
    brief = page(
        "<title>First ship docks at Gwadar</title><script type='application/ld+json'>"
        '{"@type": "NewsArticle", "datePublished": "2023-02-30"}</script>'
    )
    assert brief.published is None


def test_the_store_keeps_an_imported_briefs_outlet_and_date(store: Store) -> None:
    brief = page(
        "<title>First ship docks at Gwadar</title>"
        "<meta property='og:site_name' content='Harbour Weekly'>"
        "<meta property='article:published_time' content='2023-11-20'>"
    )
    new = NewBrief(
        text=brief.text,
        title=brief.title,
        content_hash=brief.content_hash,
        word_count=20,
        format=brief.format,
        outlet=brief.outlet,
        published=brief.published,
    )
    stored = store.import_brief(new).brief
    assert (stored.outlet, stored.published) == ("Harbour Weekly", "2023-11-20")
    # A date the store cannot keep is dropped; the brief is still imported.
    odd = NewBrief(
        text="Other text.", title="t", content_hash="sha256:1", word_count=2, published="20 Nov"
    )
    assert store.import_brief(odd).brief.published is None
