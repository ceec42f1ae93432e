"""What is known of a brief (schema 8), on SQLite and PostgreSQL: its title, author, outlet,
publication date, web address and tags changed in one go and validated (nothing changed when a
value cannot be kept); the furthest point read only moves on; the exports use them (W3C
target, ClaimReview appearance) and a claim group's first appearance is the brief published
first; every older library is upgraded."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text

from briefreader.exchange.claimreview import claim_review
from briefreader.exchange.markdown_report import brief_report
from briefreader.exchange.w3c import target_source
from briefreader.ingest.model import content_hash
from briefreader.store.api import InvalidValue, NewAnnotation, NewBrief, NotFound, Store
from briefreader.store.schema import CURRENT_VERSION
from tests.unit.test_store import library_at

pytestmark = pytest.mark.all_backends

BODY = "Pipeline gas will reach Karachi by 2027, the minister said."


def brief(store: Store, body: str = BODY, title: str = "Pipeline gas will reach Karachi…") -> int:
    new = NewBrief(text=body, title=title, content_hash=content_hash(body), word_count=10)
    return store.import_brief(new).brief.id


def test_details_are_changed_in_one_go_and_validated(db_url: str) -> None:
    with Store.open(db_url) as store:
        brief_id = brief(store)
        done = store.update_brief_details(
            brief_id,
            title="  The gas  pipeline\n",
            author="Ayesha Siddiqa",
            outlet="Dawn",
            published="2026-11",
            url="https://www.dawn.com/news/1/gas",
            tags=["Energy", "pakistan", "energy"],
        )
        assert (done.title, done.author, done.outlet, done.published) == (
            "The gas pipeline",
            "Ayesha Siddiqa",
            "Dawn",
            "2026-11",
        )
        assert done.source == "https://www.dawn.com/news/1/gas"
        assert done.tags == ("energy", "pakistan")
        again = store.get_brief(brief_id)
        assert (again.outlet, again.published, again.tags) == ("Dawn", "2026-11", done.tags)
        assert store.list_briefs()[0].outlet == "Dawn"
        # Only what is given changes; an empty value clears it.
        store.update_brief_details(brief_id, author="", published="")
        kept = store.get_brief_summary(brief_id)
        assert (kept.title, kept.author, kept.outlet, kept.published) == (
            "The gas pipeline",
            None,
            "Dawn",
            None,
        )
        for bad in (
            {"title": "  "},
            {"published": "2026-13"},
            {"published": "last week"},
            {"url": "ftp://example.org/x"},
            {"url": "not a url"},
        ):
            with pytest.raises(InvalidValue):
                store.update_brief_details(brief_id, outlet="Changed", **bad)
            assert store.get_brief_summary(brief_id).outlet == "Dawn", bad  # nothing changed
        with pytest.raises(NotFound):
            store.update_brief_details(999, title="x")


def test_the_furthest_point_read_only_moves_on(db_url: str) -> None:
    with Store.open(db_url) as store:
        brief_id = brief(store)
        assert store.get_brief_summary(brief_id).read_to == 0
        store.note_read_to(brief_id, 40)
        store.note_read_to(brief_id, 10)  # scrolled back: still 40 read
        assert store.get_brief_summary(brief_id).read_to == 40


def test_the_exports_say_where_and_when_a_brief_was_published(db_url: str) -> None:
    with Store.open(db_url) as store:
        brief_id = brief(store)
        store.update_brief_details(
            brief_id, outlet="Dawn", published="2026-11-03", url="https://dawn.com/a"
        )
        summary = store.get_brief_summary(brief_id)
        source = target_source(summary)
        assert source["briefreader:publisher"] == "Dawn"
        assert source["briefreader:published"] == "2026-11-03"
        assert source["id"] == "https://dawn.com/a"
        made = store.create_annotation(
            brief_id, NewAnnotation(0, 20, kind="claim", claim_status="refuted")
        )
        claim = store.update_annotation(made.id, check_status="checked")
        work = claim_review(summary, claim, None)["itemReviewed"]["appearance"]
        assert work["publisher"] == {"@type": "Organization", "name": "Dawn"}
        assert work["datePublished"] == "2026-11-03"
        report = brief_report(summary, [claim]).splitlines()
        assert "- Outlet: Dawn" in report and "- Published: 2026-11-03" in report


def test_the_first_appearance_is_the_brief_published_first(db_url: str) -> None:
    with Store.open(db_url) as store:
        first_in = brief(store, BODY, "Imported first")
        later = brief(store, BODY + " Again.", "Imported later, published earlier")
        store.update_brief_details(later, published="2024-05")
        a = store.create_annotation(first_in, NewAnnotation(0, 20, kind="claim")).id
        b = store.create_annotation(later, NewAnnotation(0, 20, kind="claim")).id
        store.join_claims(a, b)
        group = store.claim_groups()[a]
        assert group.first.brief_id == later
        assert group.first.when == "2024-05"


@pytest.mark.parametrize("version", [1, 5, 7])
def test_every_older_library_is_upgraded_to_hold_the_details(
    new_db_url: Callable[[str], str], version: int
) -> None:
    url = new_db_url(f"v{version}")
    library_at(url, version, "UPDATE brief SET reading_position = 12")
    with Store.open(url) as store:
        summary = store.list_briefs()[0]
        assert (summary.outlet, summary.published, summary.read_to) == (None, None, 12)
        store.update_brief_details(summary.id, outlet="Dawn")
        assert store.get_brief_summary(summary.id).outlet == "Dawn"
        with store.engine.connect() as conn:
            found = conn.execute(text("SELECT version FROM schema_version")).scalar_one()
        assert found == CURRENT_VERSION >= 8


@pytest.mark.parametrize(
    ("source_path", "was", "becomes"),
    [
        ("/home/a/saved/Port news.HTML", "markdown", "page"),
        ("/home/a/saved/page.htm", "markdown", "page"),
        ("/home/a/notes/brief.md", "markdown", "markdown"),
        ("/home/a/notes/brief.txt", "text", "text"),
    ],
)
def test_saved_pages_imported_before_get_the_page_format(
    new_db_url: Callable[[str], str], source_path: str, was: str, becomes: str
) -> None:
    # Version 9: a saved web page's words are literal (no inline Markdown is read in them).
    url = new_db_url("v8")
    library_at(url, 8, f"UPDATE brief SET format = '{was}', source_path = '{source_path}'")
    with Store.open(url) as store:
        for summary in store.list_briefs():
            assert store.get_brief(summary.id).format == becomes
