"""Claim groups on the claims desk, in the real app on a real SQLite file: the same claim seen
in other briefs is confirmed (m) into one group, shown with its appearances, its first
appearance and its verdict; a claim seen before is said not to be the same (M) and is not
offered again; a claim taken out of its group (l); u undoes the last of these; and the
groups are there when the desk is opened again."""

from __future__ import annotations

from pathlib import Path

from briefreader.ingest.model import content_hash
from briefreader.store.api import Annotation, NewAnnotation, NewBrief, Store
from tests.tui.helpers import Toasts, screen_text, settle, sync, wait_until
from tests.tui.test_desk import desk_app, library, opened


def same_claim_in(store: Store, title: str, said: str, verdict: str | None = None) -> Annotation:
    """A brief titled ``title`` saying ``said`` in other words around it, with it a claim."""
    text = f"{title}: a report.\n\nAs the ministry had it, {said}"
    new = NewBrief(text=text, title=title, content_hash=content_hash(text), word_count=30)
    brief = store.import_brief(new).brief
    start = text.index(said)
    return store.create_annotation(
        brief.id, NewAnnotation(start, start + len(said), kind="claim", claim_status=verdict)
    )


def group_of(store: Store, claim: Annotation) -> set[int]:
    group = store.claim_groups().get(claim.id)
    return set(group.claim_ids) if group is not None else set()


@sync
async def test_the_same_claim_confirmed_into_a_group_by_keys(tmp_path: Path) -> None:
    store, url, claims = library(tmp_path, 2)
    said = " ".join(claims[0].quote.split())
    older = same_claim_in(store, "Older report", said, "refuted")
    third = same_claim_in(store, "Third report", said)
    app = desk_app(store, url)
    async with app.run_test(size=(120, 50)) as pilot:
        desk = await opened(pilot)
        toasts = Toasts.of(app)
        await pilot.press("m")  # in the table: groups are made in triage
        await wait_until(pilot, lambda: "Claim groups are made in triage" in toasts.text())
        desk.table.select(claims[0].id)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "Seen before (maybe the same claim)" in text
        assert "Same claim in" not in text

        await pilot.press("m")  # the first one seen before is the same claim
        await wait_until(pilot, lambda: len(group_of(store, claims[0])) == 2)
        await wait_until(pilot, lambda: "Same claim in 2 briefs" in screen_text(app))
        first = group_of(store, claims[0])
        assert claims[0].id in first and first & {older.id, third.id}
        text = screen_text(app)
        assert "▸ first" in text  # the example brief came into the library first
        assert "u undoes" in toasts.text()

        # The other one is not the same claim: it is not offered again.
        await pilot.press("M")
        await wait_until(pilot, lambda: bool(store.not_same_pairs()))
        await wait_until(pilot, lambda: "Seen before" not in screen_text(app))
        # u undoes that: offered again.
        await pilot.press("u")
        await wait_until(pilot, lambda: not store.not_same_pairs())
        await wait_until(pilot, lambda: "Seen before" in screen_text(app))
        await pilot.press("m")
        await wait_until(pilot, lambda: len(group_of(store, claims[0])) == 3)
        await wait_until(pilot, lambda: "Same claim in 3 briefs" in screen_text(app))
        text = screen_text(app)
        assert "group verdict ✗ refuted" in text
        assert "Seen before" not in text

        # Verdicts that differ within the group are said.
        await pilot.press("s")
        await wait_until(
            pilot, lambda: store.get_annotation(claims[0].id).claim_status != "unverified"
        )
        await wait_until(pilot, lambda: "verdicts differ" in screen_text(app))
        assert "group verdict ✓ supported" in screen_text(app)  # the one given last

        # Out of the group, and back with u.
        await pilot.press("l")
        await wait_until(pilot, lambda: group_of(store, claims[0]) == set())
        await wait_until(pilot, lambda: "Same claim in" not in screen_text(app))
        assert group_of(store, older) == {older.id, third.id}
        await pilot.press("u")
        await wait_until(pilot, lambda: len(group_of(store, claims[0])) == 3)
        # u again undoes the claim's last change (the verdict), not a group change.
        await pilot.press("u")
        await wait_until(
            pilot, lambda: store.get_annotation(claims[0].id).claim_status == "unverified"
        )
        assert len(group_of(store, claims[0])) == 3
    # Opened again: the group is there.
    async with desk_app(store, url).run_test(size=(120, 50)) as pilot:
        desk = await opened(pilot)
        desk.table.select(older.id)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "Same claim in 3 briefs" in text
        assert "Seen before" not in text


@sync
async def test_undo_of_a_merge_puts_both_groups_back_even_after_a_dialog(tmp_path: Path) -> None:
    """m on a claim of one group with a claim of another makes one group of four; a dialog
    opened and cancelled meanwhile changes nothing; u puts the two groups back as they were,
    and goes back to the claim it was on."""
    store, url, claims = library(tmp_path, 2)
    said = " ".join(claims[0].quote.split())
    a = claims[0]
    b, c, d = (same_claim_in(store, f"Report {n}", said) for n in (1, 2, 3))
    store.join_claims(a.id, b.id)
    store.join_claims(c.id, d.id)
    app = desk_app(store, url)
    async with app.run_test(size=(120, 50)) as pilot:
        desk = await opened(pilot)
        desk.table.select(a.id)
        await pilot.press("enter")
        await settle(pilot)
        assert "Same claim in 2 briefs" in screen_text(app)
        await pilot.press("m")
        await wait_until(pilot, lambda: len(group_of(store, a)) == 4)
        await wait_until(pilot, lambda: "Same claim in 4 briefs" in screen_text(app))
        await pilot.press("w")  # the rationale dialog, cancelled: no claim changed
        await wait_until(pilot, lambda: app.screen is not desk)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is desk)
        await pilot.press("n")  # on to another claim: u still undoes the merge, and comes back
        await settle(pilot)
        await pilot.press("u")
        await wait_until(pilot, lambda: group_of(store, a) == {a.id, b.id})
        assert group_of(store, c) == {c.id, d.id}
        await wait_until(
            pilot, lambda: desk.triage.shown is not None and desk.triage.shown.id == a.id
        )
        await wait_until(pilot, lambda: "Same claim in 2 briefs" in screen_text(app))
