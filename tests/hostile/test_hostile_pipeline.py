"""Hostile briefs, end to end: import -> reader (80x24 and 200x60) -> annotate -> export.

Every case of :mod:`tests.hostile.corpus` goes through the real app on a real SQLite store (see
:mod:`tests.hostile.session`). What a user would notice, and what is checked:

* nothing crashes; an empty or binary file is refused with a message naming it, and nothing of
  it is stored;
* the terminal never receives a control character or escape sequence from the brief: the bytes
  the app writes hold only Textual's drawing sequences, and no drawn segment holds a control
  (see :mod:`tests.hostile.terminal` for how the bytes are captured and judged);
* escapes, controls, bidi and invisible characters are shown as visible placeholders, markup as
  the literal text (and clicking on ``[@click=app.quit]`` does nothing), while the stored text
  and the exports keep every character as the author wrote it;
* the CSV (read back with ``csv.reader``), the W3C JSON and the Markdown report quote exactly
  ``text[start:end]`` of the stored text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from briefreader.exchange.files import write_export
from briefreader.exchange.importers.csv_ours import unneutralise
from briefreader.ingest import IngestError, ingest_file
from briefreader.text.validate import NUL_REPLACEMENT
from tests.hostile.corpus import BENIGN, CASES, ESC, Case
from tests.hostile.session import CLICK_TARGET, SIZES, Pipeline, quitting
from tests.hostile.terminal import CONTROLS, scan
from tests.tui.helpers import sync

FAST = [c for c in CASES if not c.slow]
SLOW = [c for c in CASES if c.slow]
OPENED = [c for c in FAST if c.refused is None]
REFUSED = [c for c in FAST if c.refused is not None]
# Controls that must not be in a Markdown report (tab and newline are text there).
MD_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def ids(case: Case) -> str:
    return case.name


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    folder = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as patch:
        # Module-scoped, so the autouse per-test isolation does not apply yet: do the same.
        patch.setenv("BRIEFREADER_DATA_DIR", str(folder / "data"))
        patch.setenv("BRIEFREADER_CONFIG_DIR", str(folder / "config"))
        patch.delenv("BRIEFREADER_DB", raising=False)
        done = Pipeline(folder, [*FAST, BENIGN]).run()
        yield done
        done.store.close()


# --- the checks, shared by the fast cases and the slow one ----------------------------------


def check_import(p: Pipeline, case: Case) -> None:
    outcome = p.outcomes[case.name]
    assert outcome.error is None, outcome.error
    brief = p.brief(case)
    for kept in case.must_keep:
        assert kept in brief.text
    for gone in case.gone:
        assert gone not in brief.text
    for warning in case.warns:
        assert any(warning in w for w in outcome.warnings), outcome.warnings
    # NUL cannot be stored by PostgreSQL: both backends hold U+FFFD in its place instead.
    assert "\x00" not in brief.text and "\x00" not in brief.title
    assert not CONTROLS.search(brief.title), "a title is one clean line"


def check_annotation(p: Pipeline, case: Case) -> None:
    brief = p.brief(case)
    [annotation] = p.store.annotations_for_brief(brief.id)
    text = brief.text
    assert annotation.quote == text[annotation.start : annotation.end]
    assert annotation.prefix == text[annotation.start - len(annotation.prefix) : annotation.start]
    assert annotation.suffix == text[annotation.end : annotation.end + len(annotation.suffix)]
    for kept in case.must_keep:
        assert kept in annotation.quote, "the annotation covers the hostile characters"
    if case.name == "nul":
        where = case.data().decode("utf-8-sig").index("\x00")
        assert text[where] == NUL_REPLACEMENT
        assert annotation.start <= where < annotation.end


def check_visit(p: Pipeline, case: Case, size: str) -> None:
    visit = p.visits.get((case.name, size))
    assert visit is not None, "not visited: the app crashed on it before"
    assert visit.crash is None, visit.crash
    assert visit.frame is not None
    assert "1 annotation" in visit.sub_title
    for output in (visit.stream, visit.frame.output):
        found = scan(output)
        assert found.foreign == (), "an escape sequence that Textual does not draw with"
        assert found.controls == (), "a control character reached the terminal"
        for char in case.hidden:
            assert char not in found.text, f"{char!r} reached the terminal raw"
    for segment in visit.frame.segments:
        assert not CONTROLS.search(segment.text), segment
        style = segment.style
        if style is not None:
            assert style.link is None or "evil" not in style.link
            assert "app.quit" not in repr(style.meta)
    screen = visit.frame.screen_text
    for shown in case.shown + (case.shown_wide if size == "wide" else ()):
        assert shown in screen, f"{shown!r} is not on screen"


def exports(p: Pipeline, case: Case) -> dict[str, str]:
    written: dict[str, str] = {}
    for fmt in ("csv", "json", "md"):
        out = io.StringIO(newline="")
        assert write_export(p.store, out, [p.brief(case).id], fmt=fmt) == 1
        written[fmt] = out.getvalue()
    return written


def check_exports(p: Pipeline, case: Case) -> None:
    brief = p.brief(case)
    [annotation] = p.store.annotations_for_brief(brief.id)
    text = brief.text
    written = exports(p, case)

    header, *rows = list(csv.reader(io.StringIO(written["csv"], newline="")))
    [row] = rows
    cell = dict(zip(header, row, strict=True))
    start, end = int(cell["start"]), int(cell["end"])
    assert (start, end) == (annotation.start, annotation.end)
    assert unneutralise(cell["quote"]) == text[start:end]
    assert unneutralise(cell["prefix"]) == annotation.prefix
    assert unneutralise(cell["suffix"]) == annotation.suffix
    assert unneutralise(cell["note"]) == annotation.note
    assert "\x00" not in annotation.note, "NUL in a note is replaced where it is stored"

    collection = json.loads(written["json"])
    [item] = collection["first"]["items"]
    quote_selector, position = item["target"]["selector"]
    assert (position["start"], position["end"]) == (start, end)
    assert quote_selector["exact"] == text[start:end]
    assert quote_selector["prefix"] == annotation.prefix
    assert quote_selector["suffix"] == annotation.suffix
    for kept in case.must_keep:
        assert kept in quote_selector["exact"] and kept in unneutralise(cell["quote"])

    report = written["md"]
    assert not MD_CONTROLS.search(report), "the Markdown report shows controls as placeholders"
    for char in case.hidden:
        assert char not in report
    if "[@click=app.quit]" in annotation.quote:
        assert "\\[@click=app.quit\\]" in report
        assert not re.search(r"(?<!\\)\[@click", report), "markup in a report is escaped"
    if "<script>" in annotation.quote:
        assert "\\<script\\>" in report
        assert not re.search(r"(?<!\\)<script>", report), "HTML in a report is escaped"


# --- the fast cases -------------------------------------------------------------------------


@pytest.mark.parametrize("case", REFUSED, ids=ids)
def test_bad_files_are_refused_clearly_and_nothing_is_stored(
    pipeline: Pipeline, case: Case
) -> None:
    outcome = pipeline.outcomes[case.name]
    assert outcome.brief is None
    assert outcome.error is not None and re.search(case.refused or "", outcome.error)
    path = str((pipeline.folder / case.filename).resolve())
    assert all(b.source != path for b in pipeline.store.list_briefs())


@pytest.mark.parametrize("case", OPENED, ids=ids)
def test_import_keeps_every_character(pipeline: Pipeline, case: Case) -> None:
    check_import(pipeline, case)


@pytest.mark.parametrize("case", OPENED, ids=ids)
def test_annotation_quotes_the_stored_text(pipeline: Pipeline, case: Case) -> None:
    check_annotation(pipeline, case)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("case", [*OPENED, BENIGN], ids=ids)
def test_reader_sends_nothing_raw_to_the_terminal(
    pipeline: Pipeline, case: Case, size: str
) -> None:
    check_visit(pipeline, case, size)


@pytest.mark.parametrize("case", OPENED, ids=ids)
def test_exports_quote_exactly_the_stored_text(pipeline: Pipeline, case: Case) -> None:
    check_exports(pipeline, case)


def test_markup_is_text_and_clicking_it_does_nothing(pipeline: Pipeline) -> None:
    clicked = [
        name for (name, size), visit in pipeline.visits.items() if visit.click_survived is not None
    ]
    assert {"markup", "markdown", "html"} <= set(clicked)
    for (name, _size), visit in pipeline.visits.items():
        assert visit.click_survived is not False, f"clicking on markup in {name} did something"


def test_benign_control_draws_with_the_expected_sequences(pipeline: Pipeline) -> None:
    # The allow-list in tests.hostile.terminal is what Textual really draws with: colours and
    # cursor moves are there, and nothing else is.
    visit = pipeline.visits[(BENIGN.name, "wide")]
    found = scan(visit.stream)
    assert {"m", "H"} <= found.kinds
    assert found.foreign == () and found.controls == ()
    assert visit.frame is not None
    assert "Hostile benign here: before plain words only after." in visit.frame.screen_text


def test_whole_sessions_send_nothing_raw_and_end_cleanly(pipeline: Pipeline) -> None:
    # Start-up, the base reader and the moves between visits are in no visit's stream.
    assert pipeline.errors == []
    assert len(pipeline.streams) == 1, "one app for the whole corpus: nothing crashed it"
    for stream in pipeline.streams:
        found = scan(stream)
        assert found.foreign == () and found.controls == ()


def test_the_terminal_check_catches_what_it_must() -> None:
    # The same checks, fed what a raw brief would put on the wire.
    for raw in (
        "\x1b[2J",
        "\x1b]52;c;eA==\x07",
        "\x1bP$q\x1b\\",
        "\x9b2J",
        "a\x00b",
        "\x7f",
        "\x1b",
    ):
        found = scan("\x1b[1;1H\x1b[38;2;1;2;3mtext" + raw + "\x1b[0m")
        assert found.foreign or found.controls, raw
    assert scan("\x1b[1;1H\x1b[38;2;1;2;3mtext\x1b[0m\x1b]22;default\x07").foreign == ()


@sync
async def test_the_click_check_catches_interpreted_markup() -> None:
    # Were a brief's markup interpreted, the click in the pipeline would run app.quit: this is
    # what that looks like, so that the pipeline's "clicking does nothing" can fail.
    class Markup(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(f"[{CLICK_TARGET}]click here[/]")

    app = Markup()
    async with app.run_test(size=(40, 3)) as pilot:
        await pilot.click(offset=(2, 0))
        await pilot.pause()
        assert quitting(app)


def test_every_case_was_looked_at_at_both_sizes(pipeline: Pipeline) -> None:
    assert set(pipeline.visits) == {(c.name, size) for c in [*OPENED, BENIGN] for size in SIZES}
    # The numbers for the record (shown with pytest -s); not a speed assertion.
    slowest = max(pipeline.visits.items(), key=lambda item: item[1].seconds)
    print(
        "\nhostile pipeline: "
        + ", ".join(f"{k} {v:.1f}s" for k, v in pipeline.timings.items())
        + f"; slowest look {slowest[0]} {slowest[1].seconds:.2f}s"
    )


# --- slow cases: a pipeline of their own, so `-m "not slow"` skips their cost ----------------


@pytest.mark.slow
@pytest.mark.parametrize("case", SLOW, ids=ids)
def test_slow_case_end_to_end(tmp_path: Path, case: Case) -> None:
    p = Pipeline(tmp_path, [case]).run()
    try:
        check_import(p, case)
        check_annotation(p, case)
        for size in SIZES:
            check_visit(p, case, size)
        check_exports(p, case)
    finally:
        p.store.close()


# --- bugs this suite found, kept as regressions ------------------------------------------------


def test_html_with_control_character_entities_imports_or_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "entities.html"
    page.write_text(
        "<html><body><article><p>Escapes as entities &#27;[2J and a bell &#7;\n"
        "across a line break, in a paragraph long enough to be the main text of a page.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    try:
        brief = ingest_file(page)
    except IngestError:
        return  # refused with a message: acceptable
    assert ESC not in brief.title
