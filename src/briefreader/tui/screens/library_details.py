"""The library's keys on a brief's details and on the tags: F2 edits the details of the brief
under the cursor (title, author, outlet, published, web address, its own tags — the dialog the
reader's F2 opens too), ctrl+g looks after the library's tags (rename, merge, delete, undo).
Saved through the app's writes; the list is read again once saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefreader.store.api import BriefSummary, Store
    from briefreader.tui.screens.dialogs import BriefDetails
    from briefreader.tui.screens.library import LibraryScreen


class LibraryDetails:
    """F2 and ctrl+g in the library (module docstring)."""

    def __init__(self, screen: LibraryScreen) -> None:
        self.screen = screen

    def _refused(self) -> bool:
        refusal = self.screen.brapp.edit_refusal()
        if refusal is not None:
            self.screen.notify(refusal, title="Not now", severity="warning", markup=False)
        return refusal is not None

    def edit(self) -> None:
        screen = self.screen
        brief = screen.selected_brief()
        if brief is None:
            screen.notify("No brief selected: ↓ to the list, then F2.", timeout=3)
            return
        if not screen.brapp.store_ready or self._refused():
            return
        from briefreader.tui.screens.dialogs import BriefDetails, BriefDialog
        from briefreader.tui.screens.dialogs.brief import web_address

        store = screen.brapp.store
        try:  # a few milliseconds, and the dialog needs them
            own_tags, known = store.brief_tags(brief.id), store.tags_by_use()
        except Exception as exc:
            screen.notify(f"Could not read the brief: {exc}", severity="error", markup=False)
            return
        url = web_address(brief.source)
        current = BriefDetails(
            brief.title, brief.author, brief.outlet, brief.published, url, own_tags
        )
        screen.app.push_screen(
            BriefDialog(current, known), lambda details: self._save(brief, current, details)
        )

    def _save(
        self, brief: BriefSummary, before: BriefDetails, details: BriefDetails | None
    ) -> None:
        from briefreader.tui.screens.dialogs.brief import details_changed

        if details is None:
            return
        screen = self.screen
        changed = details_changed(before, details)
        if not changed:
            screen.notify("No change.", timeout=2)
            return

        def write(store: Store) -> BriefSummary:
            return store.update_brief_details(brief.id, **changed)

        def saved(summary: BriefSummary) -> None:
            screen.notify("Brief details saved.", timeout=2)
            screen.reload(select_id=summary.id)

        def failed(exc: Exception) -> None:
            screen.notify(f"Not saved: {exc}", severity="error", markup=False)

        screen.brapp.writes.run("brief details", write, saved, failed)

    def manage_tags(self) -> None:
        screen = self.screen
        if not screen.brapp.store_ready:
            return
        from briefreader.tui.screens.dialogs import TagManager

        screen.app.push_screen(TagManager(), lambda _: screen.reload(screen._selected_id()))
