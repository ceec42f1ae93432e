"""The brief's details in the reader: its byline and date in the header ("Title — Author ·
Outlet · 2026-11-30"), and F2, which edits them (title, author, outlet, published, web address,
the brief's tags: :class:`~briefreader.tui.screens.dialogs.BriefDialog`) and shows the header
again once saved. A change that cannot be saved now is said, and the dialog's values are kept
for another try (F2 opens with them).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from briefreader.tui.screens.reader.markdown import front_byline
from briefreader.tui.screens.reader.part import ReaderPart

if TYPE_CHECKING:
    from briefreader.store.api import BriefSummary, Store
    from briefreader.tui.screens.dialogs import BriefDetails
    from briefreader.tui.screens.reader.screen import ReaderScreen


class BriefDetailsPart(ReaderPart):
    """F2 in the reader (module docstring)."""

    def __init__(self, screen: ReaderScreen) -> None:
        super().__init__(screen)
        #: What was typed in a dialog that could not be saved: offered again; and the details
        #: as they were when the dialog opened (only what changed is saved).
        self._unsaved: BriefDetails | None = None
        self._before: BriefDetails | None = None

    def edit(self) -> None:
        brief = self.screen.brief
        if brief is None:
            self.notify("The brief is still opening.", timeout=2)
            return
        refusal = self.brapp.edit_refusal()
        if refusal is not None:
            self.notify(refusal, title="Not now", severity="warning", markup=False)
            return
        from briefreader.tui.screens.dialogs import BriefDetails, BriefDialog
        from briefreader.tui.screens.dialogs.brief import web_address

        self._before = BriefDetails(
            brief.title,
            brief.author,
            brief.outlet,
            brief.published,
            web_address(brief.source),
            brief.tags,
        )
        current = self._unsaved or self._before
        try:
            known = self.brapp.store.tags_by_use()  # a few ms: the most used offered first
        except Exception:
            known = []  # completion is a nicety
        self.app.push_screen(BriefDialog(current, known), self._save)

    def _save(self, details: BriefDetails | None) -> None:
        brief = self.screen.brief
        if details is None or brief is None:
            return
        from briefreader.tui.screens.dialogs.brief import details_changed

        brief_id = brief.id
        changed = details_changed(self._before, details) if self._before else {}
        if not changed:
            self.notify("No change.", timeout=2)
            return

        def write(store: Store) -> BriefSummary:
            return store.update_brief_details(brief_id, **changed)

        def saved(summary: BriefSummary) -> None:
            self._unsaved = None
            current = self.screen.brief
            if current is None or current.id != summary.id:
                return
            self.screen.brief = dataclasses.replace(
                current,
                title=summary.title,
                author=summary.author,
                outlet=summary.outlet,
                published=summary.published,
                source=summary.source,
                tags=details.tags,  # its own (a summary's are its annotations' too)
            )
            self.show()
            self.notify("Brief details saved.", timeout=2)

        def failed(exc: Exception) -> None:
            self._unsaved = details
            self.notify(
                f"Not saved: {exc} (F2 opens what you typed again)",
                severity="error",
                markup=False,
            )

        self.brapp.writes.run("brief details", write, saved, failed)

    def show(self) -> None:
        """The header again, from the brief as held now."""
        brief = self.screen.brief
        if brief is None:
            return
        # A Markdown brief's front matter fills what its details leave empty.
        said = " · ".join(front_byline(brief, self.article.rendering.front_matter))
        if not said:
            self.screen.title = self.short(brief.title)
            return
        # The title gives way to the byline (short, and the part most often cut otherwise).
        room = self._limit() - len(said) - 3
        title = self.short(brief.title, max(12, room))
        self.screen.title = self.short(f"{title} — {said}")

    def _limit(self) -> int:
        return max(16, min(90, self.app.size.width - 54))

    def short(self, title: str, limit: int | None = None) -> str:
        """The title for the header, short enough to leave room for the progress."""
        from briefreader.text.display import display_safe

        limit = self._limit() if limit is None else limit
        title = display_safe(title)
        return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
