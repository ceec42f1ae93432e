"""Tab in a dialog field that offers completions (CompletingInput): it accepts the completion
shown as ghost text right after the cursor, and otherwise moves to the next field, leaving the
field as it was."""

from __future__ import annotations

from textual.widgets import Input

from briefreader.tui.screens.dialogs import ClaimDialog
from briefreader.tui.screens.dialogs.base import ChoiceSet
from tests.tui.helpers import sync
from tests.tui.test_dialogs import QUOTE, DialogApp, shown, type_text


@sync
async def test_tab_moves_on_when_no_completion_is_shown_at_the_cursor() -> None:
    app = DialogApp(ClaimDialog(QUOTE, known_claimants=["Vladimir Putin"]))
    async with app.run_test() as pilot:
        claimant = app.dialog.query_one("#claimant", Input)
        claim_type = app.dialog.query_one("#claim-type", ChoiceSet)
        await type_text(pilot, "vla")
        assert shown(claimant) == "vladimir Putin"
        await pilot.press("left", "tab")  # the ghost text is not at the cursor
        assert claimant.value == "vla"
        assert claim_type.has_focus
        await pilot.press("shift+tab", "home", "shift+end")  # back, and select it all
        assert claimant.selected_text == "vla" and claimant.cursor_at_end
        await pilot.press("tab")  # nothing to complete: on to the next field...
        assert claimant.value == "vla"
        assert claim_type.has_focus
        await pilot.press("shift+tab")  # ...leaving the selection as it was
        assert claimant.selected_text == "vla"
        await pilot.press("end")
        await type_text(pilot, "dimir Putin")  # typed in full: nothing left to complete
        await pilot.press("tab")
        assert claimant.value == "vladimir Putin"
        assert claim_type.has_focus
