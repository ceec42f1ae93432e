"""The claims desk in the real app, on a real SQLite file: claims triaged to a verdict by keys
alone (verdict, rationale, source) and the result checked in the store, its history and the
CSV export; a correction after "checked" recorded as one; two users on one claim getting the
conflict dialog; undo of every desk change; sorting and filtering; opening the brief at the
claim and coming back."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select

from briefreader.exchange.csv_export import write_csv
from briefreader.store.api import Annotation, NewAnnotation, Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.desk import DeskScreen
from briefreader.tui.screens.desk.table import ClaimTable
from briefreader.tui.screens.dialogs import ConflictDialog, RationaleDialog, SourceDialog
from briefreader.tui.screens.reader import ReaderScreen
from tests.tui.helpers import Toasts, screen_text, settle, store_with_example, sync, wait_until

SIZE = (100, 32)
CLAIMANTS = ("Foreign Office", "Ministry of Energy", "Dr. Siddiqa", None, "Kremlin")


def library(tmp_path: Path, count: int = 10) -> tuple[Store, str, list[Annotation]]:
    """The example brief with a claim on each of its first ``count`` sentences."""
    store, url, brief_id = store_with_example(tmp_path)
    text = store.get_brief(brief_id).text
    claims = []
    for i, m in enumerate(re.finditer(r"[A-Z][^.!?\n]{40,200}[.!?]", text)):
        if i == count:
            break
        new = NewAnnotation(m.start(), m.end(), kind="claim", claimant=CLAIMANTS[i % 5])
        claims.append(store.create_annotation(brief_id, new))
    assert len(claims) == count
    return store, url, claims


def desk_app(store: Store, url: str, query: str = "") -> BriefReaderApp:
    app = BriefReaderApp(url, store=store, desk=query)
    Toasts(app)
    return app


async def opened(pilot: Pilot[None]) -> DeskScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, DeskScreen))
    desk = pilot.app.screen
    assert isinstance(desk, DeskScreen)
    await wait_until(pilot, lambda: desk.loader.loaded)
    await settle(pilot)
    return desk


def given_verdict(store: Store, claim_id: int) -> Callable[[], bool]:
    return lambda: store.get_annotation(claim_id).claim_status != "unverified"


def given_source(store: Store, claim_id: int) -> Callable[[], bool]:
    return lambda: bool(store.get_annotation(claim_id).sources)


def newer_than(now: Callable[[], Annotation], revision: int) -> Callable[[], bool]:
    return lambda: now().revision > revision


async def dialog_of(pilot: Pilot[None], kind: type) -> object:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))
    return pilot.app.screen


@sync
async def test_ten_claims_triaged_by_keys_alone(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path)
    verdicts = {"s": "supported", "d": "disputed", "r": "refuted"}
    keys = "sdrsdrsdrs"
    async with desk_app(store, url).run_test(size=SIZE) as pilot:
        desk = await opened(pilot)
        assert "10 claims · 10 to check" in screen_text(pilot.app)
        await pilot.press("t")
        for i, key in enumerate(keys):
            shown = desk.triage.shown
            assert shown is not None
            await pilot.press(key)
            await wait_until(pilot, given_verdict(store, shown.id))
            await pilot.press("w")
            await dialog_of(pilot, RationaleDialog)
            await pilot.press(*f"reason {i}", "ctrl+s")
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, DeskScreen))
            await pilot.press("a")
            await dialog_of(pilot, SourceDialog)
            await pilot.press(*f"https://example.org/{i}", "enter")
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, DeskScreen))
            await wait_until(pilot, given_source(store, shown.id))
            await pilot.press("n")
            await settle(pilot)
        text = screen_text(pilot.app)
        assert "Nothing left to check in this view" in text
        await pilot.press("escape")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "10 claims · 0 to check · 10 checked" in text
        assert "✓ supported" in text and "✗ refuted" in text and "~ disputed" in text
    # The queue walks the claims oldest first: the i-th claim made got the i-th key.
    for i, (claim, key) in enumerate(zip(claims, keys, strict=True)):
        now = store.get_annotation(claim.id)
        assert now.claim_status == verdicts[key]
        assert now.check is not None and now.check.status == "checked"
        assert now.check.rationale == f"reason {i}"
        assert now.check.checked_by == store.user and now.check.checked_at is not None
        assert [s.url for s in now.sources] == [f"https://example.org/{i}"]
        fields = [(e.field, e.old, e.new) for e in store.claim_history(claim.id)]
        assert ("claim_status", "unverified", verdicts[key]) in fields
        assert ("check_status", "to-check", "checked") in fields
        assert ("rationale", "", f"reason {i}") in fields or (
            "rationale",
            None,
            f"reason {i}",
        ) in fields
    out = io.StringIO()
    write_csv(store.iter_export_rows(), out)
    rows = {int(r["annotation_id"]): r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    for i, claim in enumerate(claims):
        row = rows[claim.id]
        assert row["claim_status"] == verdicts[keys[i]]
        assert row["check_status"] == "checked"
        assert row["rationale"] == f"reason {i}"
        assert f"https://example.org/{i}" in row["sources"]


@sync
async def test_a_verdict_changed_after_checked_is_a_correction(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path, 2)
    async with desk_app(store, url).run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("enter")  # triage the claim under the cursor
        await pilot.press("s")
        await wait_until(
            pilot, lambda: store.get_annotation(claims[0].id).claim_status == "supported"
        )
        await pilot.press("r")
        await wait_until(
            pilot, lambda: store.get_annotation(claims[0].id).claim_status == "refuted"
        )
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "verdict supported → refuted (correction)" in text
    history = store.claim_history(claims[0].id)
    verdicts = [(e.old, e.new, e.correction) for e in history if e.field == "claim_status"]
    assert verdicts == [("unverified", "supported", False), ("supported", "refuted", True)]


@sync
async def test_two_users_on_one_claim_get_the_conflict_dialog(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path, 3)
    other = Store.open(url)
    async with desk_app(store, url).run_test(size=SIZE) as pilot:
        desk = await opened(pilot)
        # B gives a verdict while A looks at the same claim.
        other.update_annotation(claims[0].id, claim_status="disputed")
        assert desk.table.current is not None and desk.table.current.id == claims[0].id
        await pilot.press("s")
        dialog = await dialog_of(pilot, ConflictDialog)
        assert isinstance(dialog, ConflictDialog)
        text = screen_text(pilot.app)
        assert "disputed" in text and "supported" in text
        await pilot.press("escape")  # keep theirs
        await settle(pilot)
        assert store.get_annotation(claims[0].id).claim_status == "disputed"
        assert desk.claims.by_id[claims[0].id].claim_status == "disputed"  # shown as stored
        # Again, this time overwriting with mine.
        other.update_annotation(claims[0].id, claim_status="refuted")
        await pilot.press("s")
        await dialog_of(pilot, ConflictDialog)
        await pilot.press("o")
        await wait_until(
            pilot, lambda: store.get_annotation(claims[0].id).claim_status == "supported"
        )
    other.close()


@sync
async def test_undo_covers_every_desk_change(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path, 2)
    claim_id = claims[0].id

    def now() -> Annotation:
        return store.get_annotation(claim_id)

    async with desk_app(store, url).run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("enter")
        steps: list[tuple[str, ...]] = [
            ("r",),
            ("x",),
            ("i",),
            ("w", *"because", "ctrl+s"),
            ("e", *"Mostly false", "enter"),
            ("a", *"https://example.org/a", "enter"),
            ("c", *"no reply", "enter"),
        ]
        before = [now()]
        for step in steps:
            revision = now().revision
            await pilot.press(*step)
            await wait_until(pilot, newer_than(now, revision))
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, DeskScreen))
            before.append(now())
        last = now()
        assert last.check is not None
        assert last.check.conclusion == "Mostly false" and last.check.rationale == "because"
        assert last.check.contact_outcome == "no reply" and last.check.contacted_at is not None
        assert [s.url for s in last.sources] == ["https://example.org/a"]
        for expected in reversed(before[:-1]):
            revision = now().revision
            await pilot.press("u")
            await wait_until(pilot, newer_than(now, revision))
            got = now()
            assert (got.claim_status, got.check, [s.url for s in got.sources]) == (
                expected.claim_status,
                expected.check,
                [s.url for s in expected.sources],
            )
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: now().claim_status == "refuted")


@sync
async def test_sorting_and_filtering_by_keys(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path, 10)
    store.update_annotation(claims[3].id, claim_status="refuted")
    store.update_annotation(claims[5].id, claim_status="refuted")
    store.set_annotation_tags(claims[5].id, ["energy"])
    async with desk_app(store, url).run_test(size=SIZE) as pilot:
        desk = await opened(pilot)
        await pilot.press("2")  # by claimant
        await settle(pilot)
        names = [c.claimant for c in desk.claims.view]
        assert names == sorted(names, key=lambda n: (n is None, (n or "").casefold()))
        assert "▲Claimant" in screen_text(pilot.app)
        await pilot.press("2")  # again: the other way
        await settle(pilot)
        assert "▼Claimant" in screen_text(pilot.app)
        await pilot.press("slash")
        await pilot.press(*"verdict:refuted")
        await settle(pilot)
        assert {c.id for c in desk.claims.view} == {claims[3].id, claims[5].id}
        assert "2 claims of 10" in screen_text(pilot.app)
        await pilot.press(*" tag:energy")
        await settle(pilot)
        assert [c.id for c in desk.claims.view] == [claims[5].id]
        field = pilot.app.screen.query_one("#desk-filter", Input)
        field.insert_text_at_cursor(" verdict:nonsense")  # as a paste does
        await settle(pilot)
        assert "verdict:nonsense" in screen_text(pilot.app)  # said, under the filter
        assert [c.id for c in desk.claims.view] == [claims[5].id]  # the last good filter
        field.value = ""
        await settle(pilot)
        assert len(desk.claims.view) == 10


@sync
async def test_open_the_brief_at_the_claim_and_come_back(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path, 4)
    async with desk_app(store, url).run_test(size=SIZE) as pilot:
        desk = await opened(pilot)
        await pilot.press("down", "down")
        assert desk.table.current is not None and desk.table.current.id == claims[2].id
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen)
        await wait_until(pilot, lambda: reader.article.cursor == claims[2].start)
        await pilot.press("q")
        await wait_until(pilot, lambda: pilot.app.screen is desk)
        assert desk.table.current is not None and desk.table.current.id == claims[2].id


@sync
async def test_a_change_made_elsewhere_shows_in_the_desk(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path, 3)
    other = Store.open(url)
    async with desk_app(store, url).run_test(size=SIZE) as pilot:
        desk = await opened(pilot)
        other.update_annotation(claims[1].id, claim_status="refuted")
        desk.loader.look()
        await wait_until(pilot, lambda: desk.claims.by_id[claims[1].id].claim_status == "refuted")
        await settle(pilot)
        assert "✗ refuted" in screen_text(pilot.app)
    other.close()


@sync
async def test_the_desk_from_the_library_and_the_reader(tmp_path: Path) -> None:
    store, url, _ = library(tmp_path, 3)
    app = BriefReaderApp(url, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "Library" in str(pilot.app.screen.sub_title))
        await pilot.press("ctrl+t")
        desk = await opened(pilot)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
        await pilot.press("C")  # the desk again: the one open, not a second
        await wait_until(pilot, lambda: pilot.app.screen is desk)
        assert sum(isinstance(s, DeskScreen) for s in pilot.app.screen_stack) == 1
        await pilot.press("q")
        await wait_until(pilot, lambda: "Library" in str(pilot.app.screen.sub_title))
        assert pilot.app.query(ClaimTable) is not None


@sync
async def test_statistics_show_the_claims_as_bars(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path, 5)
    store.update_annotation(claims[0].id, claim_status="refuted")
    async with desk_app(store, url).run_test(size=(80, 60)) as pilot:
        await opened(pilot)
        await pilot.press("g")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "By verdict" in text and "By claimant" in text and "Checked per day" in text
        refuted = next(line for line in text.splitlines() if line.strip().startswith("refuted"))
        assert "█" in refuted or "▏" in refuted
        await pilot.press("escape")
        await settle(pilot)
        assert "1Claim" in screen_text(pilot.app)


@sync
async def test_a_claim_deleted_elsewhere_leaves_the_table_and_keys_stay_on_what_is_shown(
    tmp_path: Path,
) -> None:
    from briefreader.tui.screens.dialogs import DeletedElsewhereDialog

    store, url, claims = library(tmp_path, 4)
    other = Store.open(url)
    async with desk_app(store, url).run_test(size=SIZE) as pilot:
        desk = await opened(pilot)
        await pilot.press("down")
        assert desk.table.current is not None and desk.table.current.id == claims[1].id
        other.delete_annotation(claims[1].id)
        await pilot.press("s")
        await dialog_of(pilot, DeletedElsewhereDialog)
        await pilot.press("d")  # drop my change
        await wait_until(pilot, lambda: pilot.app.screen is desk)
        await settle(pilot)
        assert desk.table.rows == len(desk.claims.view) == 3
        gone = " ".join(claims[1].quote.split())[:30]
        assert gone not in screen_text(pilot.app)
        shown = desk.table.current
        assert shown is not None and shown.id in {c.id for c in desk.claims.view}
        await pilot.press("s")
        await wait_until(pilot, lambda: store.get_annotation(shown.id).claim_status == "supported")
    other.close()


@sync
async def test_keys_change_nothing_unseen(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path, 2)
    app = desk_app(store, url)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("g", "r")  # in the statistics
        await settle(pilot)
        assert "Esc goes back to the claims" in Toasts.of(app).text()
        await pilot.press("escape", "t", "s", "n", "s", "n")  # the queue, done
        await settle(pilot)
        assert "Nothing left to check in this view. Esc" in screen_text(pilot.app)  # no skip
        await pilot.press("r")  # no claim in triage now
        await settle(pilot)
        assert "No claim here." in Toasts.of(app).text()
    assert [store.get_annotation(c.id).claim_status for c in claims] == ["supported"] * 2


@sync
async def test_a_filter_that_cannot_be_used_says_why_on_screen(tmp_path: Path) -> None:
    store, url, _ = library(tmp_path, 3)
    async with desk_app(store, url).run_test(size=SIZE) as pilot:
        desk = await opened(pilot)
        field = desk.query_one("#desk-filter", Input)
        field.focus()
        field.insert_text_at_cursor("has:foo")
        await settle(pilot)
        assert "has:foo: use one of source, note, tags, claimant" in screen_text(pilot.app)
        field.value = ""
        await settle(pilot)
        assert "use one of" not in screen_text(pilot.app)


@sync
async def test_rows_changed_in_triage_show_when_back_at_the_table(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path, 30)
    async with desk_app(store, url).run_test(size=(100, 16)) as pilot:
        desk = await opened(pilot)
        await pilot.press("t", *["n"] * 25)
        await settle(pilot)
        shown = desk.triage.shown
        assert shown is not None and shown.id == claims[25].id
        await pilot.press("escape")
        await settle(pilot)
        assert desk.table.current is not None and desk.table.current.id == claims[25].id
        await pilot.press("s")
        await wait_until(
            pilot, lambda: store.get_annotation(claims[25].id).claim_status == "supported"
        )
        await settle(pilot)
        row = next(r for r in screen_text(pilot.app).splitlines() if "✓ supported" in r)
        assert " ".join(claims[25].quote.split())[:20] in row
        assert "1Claim" in screen_text(pilot.app)


@sync
async def test_undo_works_whatever_the_table_shows(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path, 2)
    async with desk_app(store, url).run_test(size=SIZE) as pilot:
        desk = await opened(pilot)
        await pilot.press("s")
        await wait_until(
            pilot, lambda: store.get_annotation(claims[0].id).claim_status == "supported"
        )
        field = desk.query_one("#desk-filter", Input)
        field.value = "claimant:nobody"
        await settle(pilot)
        assert not desk.claims.view
        assert "No claim of 2 matches this filter" in screen_text(pilot.app)
        desk.table.focus()
        await pilot.press("u")
        await wait_until(
            pilot, lambda: store.get_annotation(claims[0].id).claim_status == "unverified"
        )


@sync
async def test_a_source_already_cited_is_picked_not_typed_again(tmp_path: Path) -> None:
    from briefreader.store.api import SourceInput

    store, url, claims = library(tmp_path, 2)
    cited = SourceInput("https://example.org/fo-briefing", "supports", "FO briefing")
    store.add_source(claims[1].id, cited)
    app = desk_app(store, url)
    async with app.run_test(size=SIZE) as pilot:
        desk = await opened(pilot)
        assert desk.table.current is not None and desk.table.current.id == claims[0].id
        await pilot.press("a")
        dialog = await dialog_of(pilot, SourceDialog)
        await pilot.press(*"briefing")
        await settle(pilot)
        assert "FO briefing" in screen_text(pilot.app) and "cited 1×" in screen_text(pilot.app)
        await pilot.press("down", "enter")  # into the list; take it
        await settle(pilot)
        assert isinstance(dialog, SourceDialog)
        assert dialog.query_one("#url", Input).value == cited.url
        assert dialog.query_one("#title", Input).value == "FO briefing"
        dialog.query_one("#accessed", Input).value = "2026-13-01"
        dialog.query_one("#passage", Input).value = "Three visits since 2014."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is dialog  # a day that is not one: said, nothing saved
        assert "Read on: a date as YYYY-MM-DD" in screen_text(pilot.app)
        dialog.query_one("#accessed", Input).value = "2026-12-01"
        await pilot.press("ctrl+s")
        await wait_until(pilot, given_source(store, claims[0].id))
    [mine] = store.get_annotation(claims[0].id).sources
    [theirs] = store.get_annotation(claims[1].id).sources
    assert mine.source_id == theirs.source_id  # one source, cited twice
    assert mine.quote == "Three visits since 2014."
    assert str(mine.accessed_at) == "2026-12-01"
    assert [len(s.uses) for s in store.list_sources()] == [2]


@sync
async def test_the_sources_view_lists_each_source_with_the_claims_it_bears_on(
    tmp_path: Path,
) -> None:
    from briefreader.store.api import SourceInput

    store, url, claims = library(tmp_path, 3)
    shared = "https://example.org/energy-deal"
    store.add_source(claims[0].id, SourceInput(shared, "supports", "Energy deal"))
    store.add_source(claims[1].id, SourceInput(shared, "refutes"))
    store.add_source(claims[2].id, SourceInput("https://example.org/other", "context", "Other"))
    store.update_annotation(claims[1].id, claim_status="refuted")
    async with desk_app(store, url).run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("S")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "✓1 ✗1 ~0  Energy deal" in text and "✓0 ✗0 ~1  Other" in text
        assert "Cited by 2" in text
        assert "refutes: ✗ refuted" in text
        await pilot.press("s")  # a verdict key here changes nothing
        await settle(pilot)
        assert store.get_annotation(claims[0].id).claim_status == "unverified"
        await pilot.press("down")
        await settle(pilot)
        assert "Cited by 1" in screen_text(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
        assert "1Claim" in screen_text(pilot.app)


@sync
async def test_claim_reviews_and_sources_exported_from_the_desk(tmp_path: Path) -> None:
    import json

    from briefreader.config import Config
    from briefreader.store.api import SourceInput
    from briefreader.tui.screens.dialogs import ExportDialog

    store, url, claims = library(tmp_path, 2)
    store.update_annotation(claims[0].id, claim_status="refuted", rationale="Wrong year.")
    store.add_source(claims[0].id, SourceInput("https://example.org/a", "refutes", "A report"))
    config = Config(organisation_name="Check Desk", organisation_url="https://check.example")
    app = BriefReaderApp(url, store=store, desk="", config=config)
    Toasts(app)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        for fmt, name in (("claimreview", "reviews.jsonld"), ("bibtex", "sources.bib")):
            await pilot.press("E")
            dialog = await dialog_of(pilot, ExportDialog)
            assert isinstance(dialog, ExportDialog)
            dialog.query_one("#format", Select).value = fmt
            await settle(pilot)
            dialog.query_one("#path", Input).value = str(tmp_path / name)
            await pilot.press("ctrl+s")
            await wait_until(pilot, (tmp_path / name).exists)
            await wait_until(pilot, lambda: "Exported" in Toasts.of(app).text())
    reviews = json.loads((tmp_path / "reviews.jsonld").read_text(encoding="utf-8"))
    text = json.dumps(reviews)
    assert "ClaimReview" in text and "Check Desk" in text and "Wrong year." in text
    assert "A report" in (tmp_path / "sources.bib").read_text(encoding="utf-8")


@sync
async def test_a_new_verdict_says_the_old_conclusion_is_still_there(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path, 1)
    store.update_annotation(claims[0].id, claim_status="refuted", conclusion="False: from 2019")
    app = desk_app(store, url)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: "The conclusion still says" in Toasts.of(app).text())
    now = store.get_annotation(claims[0].id)
    assert now.claim_status == "supported"
    assert now.check is not None and now.check.conclusion == "False: from 2019"  # kept


@sync
async def test_triage_shows_the_same_claim_seen_in_another_brief(tmp_path: Path) -> None:
    from briefreader.ingest.model import content_hash
    from briefreader.store.api import NewBrief

    store, url, claims = library(tmp_path, 2)
    said = " ".join(claims[0].quote.split())
    other_text = f"An older report.\n\n{said.replace('.', ',')} as the ministry had it."
    new = NewBrief(
        text=other_text, title="Older report", content_hash=content_hash(other_text), word_count=20
    )
    older = store.import_brief(new).brief
    start = other_text.index(said[:20])
    earlier = store.create_annotation(
        older.id, NewAnnotation(start, len(other_text), kind="claim", claim_status="refuted")
    )
    async with desk_app(store, url).run_test(size=(120, 40)) as pilot:
        desk = await opened(pilot)
        desk.table.select(claims[0].id)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "Seen before (maybe the same claim)" in text
        assert "in “Older report” — ✗ refuted" in text
        desk.table.select(claims[1].id)
        await pilot.press("escape")
        await settle(pilot)
        desk.table.select(claims[1].id)
        await pilot.press("enter")
        await settle(pilot)
        assert "Seen before" not in screen_text(pilot.app)
    assert earlier.id != claims[0].id
