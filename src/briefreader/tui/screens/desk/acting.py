"""The claims desk's keys that change a claim: a verdict, a check status, the rationale, the
conclusion, a source, the claimant contacted; the claim groups (the same claim as one seen
before, not the same, out of its group); undo and redo; opening the brief at the claim.

Each acts on the claim in triage, else the one under the table's cursor, as the desk holds it
now — never on a claim gone meanwhile, never from the statistics, and not while edits cannot
be saved (read-only, changes waiting): then it says why. The desk core
(:class:`~briefreader.reading.desk.DeskCommands`) makes the operation; the screen's
:class:`~briefreader.tui.prompts.Prompts` saves it and shows what came of it (a conflict
dialog if the claim was changed elsewhere meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from briefreader.reading.claim_groups import GroupCommands
from briefreader.reading.desk import DeskCommands
from briefreader.reading.outcomes import Done, Operation, Outcome
from briefreader.text.display import display_line
from briefreader.tui.navigation import OpenBrief

if TYPE_CHECKING:
    from textual.screen import Screen

    from briefreader.reading.claim_groups import Groups
    from briefreader.store.api import Annotation, SourceInput, Store
    from briefreader.tui.screens.desk.screen import DeskScreen


class ClaimKeys:
    """What the desk's editing keys do (module docstring)."""

    def __init__(self, screen: DeskScreen, store: Callable[[], Store]) -> None:
        self.screen = screen
        self.commands = DeskCommands(store, screen.claims)
        self.groups = GroupCommands(self._groups_read)
        #: What undoes the last group change or dismissal while no claim was changed since,
        #: and the claim it was on (triage goes back to it).
        self._other_undo: tuple[Operation, int | None] | None = None

    def _refused(self) -> bool:
        refusal = self.screen.brapp.edit_refusal()
        if refusal is not None:
            self.screen.notify(
                refusal, title="Not now", severity="warning", timeout=4, markup=False
            )
        return refusal is not None

    def target(self) -> Annotation | None:
        """The claim a key acts on (module docstring); None, said, when there is none."""
        screen = self.screen
        if screen.mode in ("desk-stats", "desk-sources"):
            shown = "statistics" if screen.mode == "desk-stats" else "sources"
            screen.notify(f"These are the {shown}: Esc goes back to the claims.", timeout=3)
            return None
        claim = screen.current
        if claim is None and screen.mode == "desk-triage" and screen.triage.suggestion:
            screen.notify(
                "This is a suggested claim: c makes it a claim, X dismisses it, n goes on.",
                timeout=4,
            )
            return None
        if claim is None:
            screen.notify("No claim here.", timeout=2)
            return None
        return None if self._refused() else claim

    def claim_changed(self) -> None:
        """A claim's change was saved: undo is the claim's now, not a group change's."""
        self._other_undo = None

    # ------------------------------------------------------------------ claim groups

    def group(self, what: str) -> None:
        """``same``: the claim in triage and the claim seen before at the top of its list are
        the same claim; ``not_same``: they are not; ``leave``: take the claim out of its
        group."""
        screen = self.screen
        if screen.mode != "desk-triage":
            screen.notify(
                "Claim groups are made in triage (Enter on a claim), where the claims seen "
                "before are shown.",
                timeout=4,
            )
            return
        claim = self.target()
        if claim is None:
            return
        claims = screen.claims
        if what == "leave":
            if claims.group_of(claim) is None:
                screen.notify("This claim is in no group.", timeout=3)
                return
            do = self.groups.leave(claim)
        else:
            seen = claims.seen_before(claim, limit=1)
            if not seen:
                screen.notify("No claim seen before to compare it with.", timeout=3)
                return
            other = seen[0][0]
            title = claims.titles.get(other.brief_id, f"brief {other.brief_id}")
            where = f"“{display_line(title)[:50].rstrip()}”"
            if what == "same":
                do = self.groups.same(claim, other, where)
            else:
                do = self.groups.not_same(claim, other, where)

        def done(_outcome: Done) -> None:
            undo = self.groups.last_undo
            self._other_undo = (undo, claim.id) if undo is not None else None
            screen.loader.own_change()

        screen.prompts.perform(do, done)

    def _groups_read(self, groups: Groups) -> None:
        self.screen.claims.set_groups(groups)
        if self.screen.mode == "desk-triage":
            self.screen.triage.refresh()

    def _run(self, make: Callable[[DeskCommands, Annotation], Operation | Outcome]) -> None:
        claim = self.target()
        if claim is not None:
            self.screen.prompts.perform(make(self.commands, claim))

    def verdict(self, verdict: str) -> None:
        """Give ``verdict``; a conclusion written for the old one is kept, and said."""
        claim = self.target()
        if claim is None:
            return
        conclusion = claim.check.conclusion if claim.check else None

        def done(outcome: Done) -> None:
            if conclusion and outcome.after is not None:
                self.screen.notify(
                    f"The conclusion still says “{display_line(conclusion)[:80]}”: e rewrites "
                    "it for the new verdict.",
                    timeout=6,
                    markup=False,
                )

        self.screen.prompts.perform(self.commands.verdict(claim, verdict), done)

    def status(self, status: str) -> None:
        self._run(lambda desk, claim: desk.status(claim, status))

    def _ask(self, dialog_of: Callable[[Annotation], object], then: Callable[..., Any]) -> None:
        """Ask with a dialog, then save its answer on the claim as it is then."""
        claim = self.target()
        if claim is None:
            return
        claims = self.screen.claims

        def answered(value: object) -> None:
            if value is None:
                return
            current = claims.by_id.get(claim.id)
            if current is None:
                self.screen.notify("That claim was deleted meanwhile.", timeout=4)
                return
            self.screen.prompts.perform(then(self.commands, current, value))

        self.screen.app.push_screen(cast("Screen[object]", dialog_of(claim)), answered)

    def rationale(self) -> None:
        from briefreader.tui.screens.dialogs import RationaleDialog

        self._ask(
            lambda c: RationaleDialog(c.quote, c.check.rationale if c.check else ""),
            lambda desk, c, text: desk.rationale(c, text),
        )

    def conclusion(self) -> None:
        from briefreader.tui.screens.dialogs import ConclusionDialog

        self._ask(
            lambda c: ConclusionDialog(c.quote, (c.check.conclusion if c.check else None) or ""),
            lambda desk, c, text: desk.conclusion(c, text),
        )

    def source(self) -> None:
        from briefreader.tui.screens.dialogs import SourceDialog

        def add(desk: DeskCommands, claim: Annotation, source: SourceInput) -> object:
            return desk.add_source(claim, source)

        store = self.screen.brapp.store
        self._ask(lambda c: SourceDialog(c.quote, known=store.find_sources), add)

    # ------------------------------------------------------------------ suggested claims

    def suggested(self, what: str) -> bool:
        """``c`` (``accept``) or ``X`` (``dismiss``) on the suggested claim triage shows; False
        when none is shown (``c`` is then the claimant contacted)."""
        screen = self.screen
        item = screen.triage.suggestion if screen.mode == "desk-triage" else None
        if item is None:
            if what == "dismiss":
                screen.notify("X dismisses a suggested claim (t shows them).", timeout=3)
            return False
        if self._refused():
            return True
        if what == "accept":
            screen.suggested.accept(item)  # the claim made is in the claims' undo history
            return True
        undo = screen.suggested.undismiss(item)

        def done(_outcome: Done) -> None:
            self._other_undo = (undo, None)
            screen.loader.own_change()

        screen.prompts.perform(screen.suggested.dismiss(item), done)
        return True

    def contacted(self) -> None:
        from briefreader.tui.screens.dialogs import ContactDialog

        self._ask(
            lambda c: ContactDialog(c.quote, (c.check.contact_outcome if c.check else None) or ""),
            lambda desk, c, text: desk.contacted(c, text),
        )

    def step(self, *, undo: bool) -> None:
        """Undo or redo the desk's last change, whichever claim it was on (the cursor, or
        triage, then goes to that claim)."""
        if self._refused():
            return
        if undo and self._other_undo is not None:
            (other_undo, claim_id), self._other_undo = self._other_undo, None

            def back(_outcome: Done) -> None:
                if claim_id is not None:
                    self.screen.go_to(claim_id)  # the claim the change was on
                self.screen.loader.own_change()

            self.screen.prompts.perform(other_undo, back)
            return
        step = self.commands.undo() if undo else self.commands.redo()
        self.screen.prompts.perform(step, self._stepped)

    def _stepped(self, done: Done) -> None:
        claim = done.after or done.before
        if claim is not None:
            self.screen.go_to(claim.id)

    def open_brief(self) -> None:
        screen = self.screen
        if screen.mode in ("desk-stats", "desk-sources"):
            return
        item = screen.triage.suggestion if screen.mode == "desk-triage" else None
        if item is not None:
            span = (item.suggestion.start, item.suggestion.end)
            screen.app.post_message(OpenBrief(item.brief_id, goto=span, above=True))
            return
        claim = screen.current
        if claim is None:
            screen.notify("No claim here.", timeout=2)
            return
        screen.app.post_message(OpenBrief(claim.brief_id, annotation_id=claim.id, above=True))
