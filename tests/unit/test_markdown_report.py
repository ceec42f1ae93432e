"""The Markdown report: what a reader of the rendered report sees (checked by rendering it with
markdown-it, GitHub flavour), and that nothing in a brief is taken for Markdown."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from briefreader import library
from briefreader.exchange.markdown_report import ORPHANS_HEADING, escape, write_markdown
from briefreader.store.api import NewAnnotation, NewBrief, SourceInput, Store
from tests.conftest import EXAMPLE_BRIEF

pytestmark = pytest.mark.all_backends

GFM = MarkdownIt("gfm-like").disable("linkify")


def report(store: Store, **selection: Any) -> str:
    out = io.StringIO(newline="")
    write_markdown(store, out, **selection)
    return out.getvalue()


def rendered(markdown: str) -> str:
    page: str = GFM.render(markdown)  # typed Any by markdown-it-py
    return page


@pytest.fixture
def example(store: Store) -> int:
    outcome = library.import_file(store, EXAMPLE_BRIEF)
    assert outcome.brief is not None
    brief_id = outcome.brief.id
    library.annotate_quote(
        store, brief_id, "Pak-Russia ties are witnessing a fresh start", tags=["russia", "ties"]
    )
    library.annotate_quote(
        store,
        brief_id,
        "Putin has postponed his much-hyped visit",
        kind="claim",
        claimant="Foreign Office",
        claim_type="fact",
        claim_status="disputed",
        note="Check the dates.\n\nSecond paragraph.",
        sources=[
            SourceInput("https://example.org/kremlin", "refutes", "Kremlin statement"),
            SourceInput("https://example.org/tass", "supports"),
        ],
    )
    library.annotate_quote(
        store, brief_id, "Islamabad", occurrence=2, kind="note", note="The capital."
    )
    library.annotate_quote(store, brief_id, "SCO", occurrence=1, kind="claim")
    store.create_annotation(
        brief_id,
        NewAnnotation(
            start=50,
            end=60,
            kind="claim",
            claim_status="refuted",
            orphan=True,
            quote="a sentence the new version dropped",
        ),
    )
    return brief_id


def test_a_brief_report_reads_in_text_order_with_every_field(store: Store, example: int) -> None:
    brief = store.get_brief(example)
    text = report(store)
    assert text.startswith(f"# {brief.title}\n")
    assert brief.source is not None and brief.source.endswith("pakistan-russia-ties.txt")
    assert f"\n- Source: {brief.source}\n" in text
    assert "- Version: 1\n" in text
    assert "- Annotations: 5 (1 orphaned)\n" in text

    quotes = [line[2:] for line in text.splitlines() if line.startswith("> ")]
    assert quotes == [
        "Pak-Russia ties are witnessing a fresh start",
        "Putin has postponed his much-hyped visit",
        "Islamabad",
        "SCO",
        "a sentence the new version dropped",  # the orphan, in its own section at the end
    ]
    claim = text[text.index("> Putin") : text.index("> Islamabad")]
    assert claim == (
        "> Putin has postponed his much-hyped visit\n"
        "\n"
        "- Kind: claim\n"
        "- Note: Check the dates.\n"
        "\n"
        "  Second paragraph.\n"
        "- Claimant: Foreign Office\n"
        "- Claim type: fact\n"
        "- Verdict: disputed\n"
        "- Check status: checked\n"
        "- Sources:\n"
        "  - refutes: [Kremlin statement](<https://example.org/kremlin>)\n"
        "  - supports: <https://example.org/tass>\n"
        "\n"
    )
    assert "- Tags: russia, ties\n" in text

    page = rendered(text)
    assert f"<h1>{html.escape(brief.title, quote=False)}</h1>" in page
    assert '<a href="https://example.org/kremlin">Kremlin statement</a>' in page
    assert "<blockquote>\n<p>Putin has postponed his much-hyped visit</p>\n</blockquote>" in page
    # The orphan is under its own heading, after every annotation on the current text.
    orphans = page.index(f"<h2>{ORPHANS_HEADING}</h2>")
    assert page.index("SCO") < orphans < page.index("a sentence the new version dropped")


def test_claims_are_summarised_by_verdict(store: Store, example: int) -> None:
    page = rendered(report(store))
    table = page[page.index("<table>") : page.index("</table>")]
    rows = re.findall(r"<tr>\n(.*?)</tr>", table, re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in rows]
    assert cells == [
        ["Verdict", "Claims", "Quotes"],
        ["unverified", "1", "“SCO”"],
        ["supported", "0", "—"],
        ["disputed", "1", "“Putin has postponed his much-hyped visit”"],
        ["refuted", "1", "“a sentence the new version dropped” (orphaned)"],
    ]


HOSTILE = (
    "a | pipe *not bold* _not italic_ snake_case [not](http://a.link) "
    "<b>not html</b> `not code` ~~not struck~~ &amp; 5 \\ backslash"
)


def test_markdown_in_a_brief_is_shown_as_text(store: Store) -> None:
    lines = ["# Not a heading", "1. not a list", "- not a bullet", "    not code", "==="]
    text = "\n".join([HOSTILE, *lines, "> not quoted\x1b[31m"])
    brief_id = store.import_brief(
        NewBrief(text, "A *bold* title | # 1", "sha256:hostile", 30, source="C:\\briefs\\x_y.md")
    ).brief.id
    store.create_annotation(
        brief_id,
        NewAnnotation(0, len(text), kind="claim", note="**note** <i>x</i>", tags=("a_b",)),
    )
    store.create_annotation(brief_id, NewAnnotation(0, len(HOSTILE), kind="claim"))
    page = rendered(report(store))
    for element in ("<em>", "<strong>", "<a ", "<code>", "<del>", "<b>", "<i>", "<ol>", "<pre>"):
        assert element not in page, element
    assert page.count("<h1>") == 1 and "<h1>A *bold* title | # 1</h1>" in page
    assert page.count("<blockquote>") == 2  # one per annotation; "> not quoted" is text
    # In text order: the shorter annotation at 0 first, then the whole text.
    quote = re.findall(r"<blockquote>(.*?)</blockquote>", page, re.S)[1]
    shown = html.unescape(re.sub(r"<[^>]+>", "", quote)).strip()
    assert shown == text.replace("    not code", "not code").replace("\x1b", "␛")
    assert "C:\\briefs\\x_y.md" in html.unescape(page)
    assert "**note** <i>x</i>" in html.unescape(page)
    assert "\x1b" not in report(store)  # no raw escape sequence reaches a terminal
    # A pipe in a claim quote stays inside its table cell.
    table = page[page.index("<table>") : page.index("</table>")]
    unverified = re.search(
        r"<tr>\n<td>unverified</td>\n<td[^>]*>2</td>\n<td>(.*?)</td>\n</tr>", table, re.S
    )
    assert unverified is not None and "a | pipe" in html.unescape(unverified.group(1))


LINE = st.text(alphabet="ab1 _*[]()<>#|`~\\&;!-+=.:/\"'{}$^%@é\t", min_size=1, max_size=24).map(
    lambda s: s.strip(" \t")
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE.filter(bool), min_size=1, max_size=4))
def test_escaped_text_renders_as_exactly_that_text(lines: list[str]) -> None:
    source = "\n".join(lines)
    page = rendered(escape(source))
    match = re.fullmatch(r"<p>(.*)</p>\n", page, re.S)
    assert match is not None, page
    assert "<" not in match.group(1).replace("&lt;", ""), page
    assert html.unescape(match.group(1)) == source


def test_escaping_keeps_ordinary_prose_readable() -> None:
    assert escape("Pakistan’s 2016 snake_case e-mail: a.b@c.org, 50% (approx.)") == (
        "Pakistan’s 2016 snake_case e-mail: a.b@c.org, 50% (approx.)"
    )


def test_selection_and_repeatability(store: Store, example: int) -> None:
    other = store.import_brief(NewBrief("Second brief text.", "Second", "sha256:two", 3)).brief.id
    store.create_annotation(other, NewAnnotation(0, 6, tags=("russia",)))
    everything = report(store)
    assert report(store) == everything
    assert everything.endswith("\n") and not everything.endswith("\n\n")
    assert everything.count("\n# ") == 1 and "\n# Second\n" in everything

    assert "# Second" not in report(store, brief_ids=[example])
    tagged = report(store, tag="Russia")
    assert [line for line in tagged.splitlines() if line.startswith("> ")] == [
        "> Pak-Russia ties are witnessing a fresh start",
        "> Second",
    ]
    assert write_markdown(store, io.StringIO(), tag="russia") == 2
    assert "No annotations to report." in report(store, tag="nothing-has-this")
    empty = store.import_brief(NewBrief("Unread.", "Untouched", "sha256:three", 1)).brief.id
    assert "No annotations on the current text." in report(store, brief_ids=[empty])
