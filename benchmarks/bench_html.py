"""Benchmark: importing web pages, briefreader against trafilatura's extract() alone, page by page.

Run from the repository root::

    .venv/bin/python benchmarks/bench_html.py [--corpus ../shared/html-pages] [--limit N]
        [--json rows.json] [--verbose]

Pages: the 400 saved pages of ``--corpus`` (``pages.tar.xz`` unpacked into a temporary folder,
never into the repository, and ``evaldata.json``: per page, snippets its main text must
contain, ``with``, and boilerplate it must not, ``without``, and for most pages the title), plus
the pages of ``tests/fixtures/ingest/pages`` (``pages.json``) that cover what the corpus lacks:
a Wikipedia article with references and edit links, a news page with a repeated byline,
comment count and promotions, a right-to-left page, a Chinese page, a page in windows-1252
that declares no charset, a blog stored decomposed (NFD) with footnotes and characters
Markdown would escape. Their ``with`` snippets are every line of the main text, so their
expected word count is known.

For each page, briefreader is ``ingest_bytes(page, name, fmt="html")``, the stored text and
title; trafilatura alone is ``bare_extraction(page, include_comments=False,
with_metadata=True)`` on the same bytes: its text is what ``extract(page,
include_comments=False)`` returns (the same extraction; metadata does not change it) and its
title is its metadata's. Snippets are compared after folding whitespace, nothing else (a
snippet typed as the page shows it must be found as it is). A title counts as right when it
has the same words as the expected one, ignoring case, punctuation, and quote and dash styles.
Words are counted as the app counts them (``count_words``).

Reported: ``with`` snippets found, ``without`` snippets absent, titles right (where known),
words kept (and, on our pages, against the words expected), pages whose text has a backslash
trafilatura's has not (a Markdown escape), pages where a Markdown renderer would read inline
markup (emphasis, code, links) into the literal text. Then every per-page regression against
trafilatura: a ``with`` snippet it finds and briefreader does not, a ``without`` snippet it
leaves out and briefreader keeps, a title it gets right and briefreader does not, and the
pages where briefreader keeps under 90 % of its words (with the lines dropped, to check they
are boilerplate). A ``with`` or ``without`` regression makes the exit status 1.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
import tempfile
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Measure this checkout even when the venv's install points elsewhere.
sys.path.insert(0, str(ROOT / "src"))

import trafilatura  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

from briefreader.ingest import IngestError, ingest_bytes  # noqa: E402
from briefreader.text.boundaries import count_words  # noqa: E402

OWN_PAGES = ROOT / "tests" / "fixtures" / "ingest" / "pages"
DEFAULT_CORPUS = ROOT.parent / "shared" / "html-pages"
#: A page keeping less than this share of trafilatura's words is listed with what it dropped.
FEW_WORDS = 0.9
_QUOTES_DASHES = str.maketrans("’‘“”„–—", '\'\'"""--')
_INLINE_MARKUP = frozenset({"em_open", "strong_open", "link_open", "code_inline", "html_inline"})


@dataclass
class Page:
    name: str
    data: bytes
    with_: list[str]
    without: list[str]
    title: str | None
    own: bool


@dataclass
class Row:
    """One page's scores, briefreader (``ours``) and trafilatura alone (``alone``)."""

    name: str
    own: bool
    with_total: int
    with_ours: int
    with_alone: int
    without_total: int
    without_ours: int
    without_alone: int
    title_expected: str | None
    title_ours: str
    title_alone: str
    title_ours_right: bool | None
    title_alone_right: bool | None
    words_ours: int
    words_alone: int
    words_expected: int | None
    seconds_ours: float
    seconds_alone: float
    lost: list[str]
    kept: list[str]
    escapes: bool
    inline_markup: bool
    error: str | None = None


def fold(text: str) -> str:
    return " ".join(text.split())


def title_key(text: str | None) -> str:
    folded = unicodedata.normalize("NFC", text or "").casefold()
    folded = folded.translate(_QUOTES_DASHES)
    return " ".join(re.findall(r"\w+", folded))


def corpus_pages(corpus: Path, folder: Path, limit: int | None) -> list[Page]:
    with tarfile.open(corpus / "pages.tar.xz") as archive:
        archive.extractall(folder, filter="data")
    evaldata = json.loads((corpus / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for entry in list(evaldata.values())[:limit]:
        path = folder / "eval" / entry["file"]
        title = entry.get("title") or None
        pages.append(
            Page(entry["file"], path.read_bytes(), entry["with"], entry["without"], title, False)
        )
    return pages


def own_pages() -> list[Page]:
    manifest = json.loads((OWN_PAGES / "pages.json").read_text(encoding="utf-8"))
    return [
        Page(name, (OWN_PAGES / name).read_bytes(), e["with"], e["without"], e["title"], True)
        for name, e in manifest.items()
    ]


def inline_markup(text: str, parser: MarkdownIt) -> bool:
    """True if a Markdown renderer would read emphasis, code or a link into ``text``."""
    for token in parser.parse(text):
        if token.type == "inline" and any(c.type in _INLINE_MARKUP for c in token.children or ()):
            return True
    return False


def score(page: Page, parser: MarkdownIt) -> Row:
    start = time.perf_counter()
    error = None
    try:
        brief = ingest_bytes(page.data, page.name, fmt="html")
        text, title = brief.text, brief.title
    except IngestError as exc:
        text, title, error = "", "", str(exc)
    middle = time.perf_counter()
    document = trafilatura.bare_extraction(page.data, include_comments=False, with_metadata=True)
    end = time.perf_counter()
    alone = getattr(document, "text", None) or ""
    alone_title = getattr(document, "title", None) or ""
    ours_folded, alone_folded = fold(text), fold(alone)
    found = [fold(s) in ours_folded for s in page.with_]
    found_alone = [fold(s) in alone_folded for s in page.with_]
    absent = [fold(s) not in ours_folded for s in page.without]
    absent_alone = [fold(s) not in alone_folded for s in page.without]
    expected = title_key(page.title) if page.title else None
    return Row(
        name=page.name,
        own=page.own,
        with_total=len(page.with_),
        with_ours=sum(found),
        with_alone=sum(found_alone),
        without_total=len(page.without),
        without_ours=sum(absent),
        without_alone=sum(absent_alone),
        title_expected=page.title,
        title_ours=title,
        title_alone=alone_title,
        title_ours_right=None if expected is None else title_key(title) == expected,
        title_alone_right=None if expected is None else title_key(alone_title) == expected,
        words_ours=count_words(text),
        words_alone=count_words(alone),
        words_expected=count_words("\n".join(page.with_)) if page.own else None,
        seconds_ours=middle - start,
        seconds_alone=end - middle,
        lost=[s for s, a, b in zip(page.with_, found, found_alone, strict=True) if b and not a],
        kept=[s for s, a, b in zip(page.without, absent, absent_alone, strict=True) if b and not a],
        escapes=bool(re.search(r"\\[\\`*_{}\[\]()#+\-.!|]", text))
        and not re.search(r"\\[\\`*_{}\[\]()#+\-.!|]", alone),
        inline_markup=inline_markup(text, parser),
        error=error,
    )


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def summary(rows: list[Row], label: str) -> list[str]:
    if not rows:
        return []
    titled = [r for r in rows if r.title_expected]
    w_total = sum(r.with_total for r in rows)
    wo_total = sum(r.without_total for r in rows)
    expected = [r for r in rows if r.words_expected is not None]
    lines = [
        f"### {label} ({len(rows)} pages)",
        "",
        "| | briefreader | trafilatura alone |",
        "|---|---|---|",
        f"| `with` snippets found ({w_total}) | {_percent(sum(r.with_ours for r in rows), w_total)}"
        f" | {_percent(sum(r.with_alone for r in rows), w_total)} |",
        f"| `without` snippets absent ({wo_total}) "
        f"| {_percent(sum(r.without_ours for r in rows), wo_total)}"
        f" | {_percent(sum(r.without_alone for r in rows), wo_total)} |",
        f"| titles right ({len(titled)} known) "
        f"| {_percent(sum(bool(r.title_ours_right) for r in titled), len(titled))}"
        f" | {_percent(sum(bool(r.title_alone_right) for r in titled), len(titled))} |",
        f"| words kept | {sum(r.words_ours for r in rows):,} "
        f"| {sum(r.words_alone for r in rows):,} |",
    ]
    if expected:
        want = sum(r.words_expected or 0 for r in expected)
        ours = sum(min(r.words_ours, r.words_expected or 0) for r in expected)
        alone = sum(min(r.words_alone, r.words_expected or 0) for r in expected)
        lines.append(
            f"| words kept / expected ({want:,}) | {_percent(ours, want)} "
            f"| {_percent(alone, want)} |"
        )
    lines += [
        f"| pages with a Markdown escape trafilatura's text has not "
        f"| {sum(r.escapes for r in rows)} | – |",
        f"| pages a Markdown renderer would read inline markup into "
        f"| {sum(r.inline_markup for r in rows)} | – |",
        f"| time | {sum(r.seconds_ours for r in rows):.1f} s "
        f"| {sum(r.seconds_alone for r in rows):.1f} s |",
        "",
    ]
    return lines


def _dropped_lines(ours: str, alone: str) -> list[str]:
    """Lines of trafilatura's text whose words are not all in ours (what briefreader dropped)."""
    folded = fold(ours)
    dropped = []
    for line in alone.split("\n"):
        line = re.sub(r"\A\s*(?:[-*>]|\d+\.)\s+", "", line)  # a list item's marker
        cells = [fold(cell) for cell in line.strip().strip("|").split("|")]
        if any(cell and cell not in folded for cell in cells):
            dropped.append(fold(line)[:100])
    return dropped


def regressions(rows: list[Row], pages: dict[str, Page], verbose: bool) -> tuple[list[str], int]:
    lines = ["### Per-page regressions against trafilatura alone", ""]
    failures = 0
    for row in rows:
        notes = []
        if row.error:
            notes.append(f"not imported: {row.error}")
        notes += [f"lost `with` snippet: {s!r}" for s in row.lost]
        notes += [f"kept `without` snippet: {s!r}" for s in row.kept]
        failures += len(row.lost) + len(row.kept) + bool(row.error)
        if row.title_alone_right and not row.title_ours_right:
            notes.append(f"title {row.title_ours!r}; trafilatura's {row.title_alone!r} is right")
        if row.words_alone and row.words_ours < FEW_WORDS * row.words_alone:
            notes.append(f"{row.words_ours} words of trafilatura's {row.words_alone}")
            if verbose:
                page = pages[row.name]
                ours = ingest_bytes(page.data, page.name, fmt="html").text
                document = trafilatura.bare_extraction(page.data, include_comments=False)
                alone = getattr(document, "text", None) or ""
                notes += [f"  dropped: {line}" for line in _dropped_lines(ours, alone)]
        if notes:
            lines.append(f"- {row.name}")
            lines += [f"  - {note}" for note in notes]
    if len(lines) == 2:
        lines.append("none")
    return lines, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N corpus pages")
    parser.add_argument("--json", type=Path, default=None, help="write every page's scores here")
    parser.add_argument("--verbose", action="store_true", help="list the lines dropped")
    args = parser.parse_args(argv)

    markdown = MarkdownIt("commonmark").enable("table")
    with tempfile.TemporaryDirectory(prefix="bench-html-") as folder:
        corpus = corpus_pages(args.corpus, Path(folder), args.limit)
        own = own_pages()
        pages = {page.name: page for page in corpus + own}
        rows = [score(page, markdown) for page in corpus + own]
        report = summary([r for r in rows if not r.own], "The corpus")
        report += summary([r for r in rows if r.own], "Our pages")
        found, failures = regressions(rows, pages, args.verbose)
    print("\n".join(report + found))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
