"""The source dialog: a source for an annotation — its URL (or DOI), how it bears on the claim
(supports / refutes / context), a title and a note, the passage quoted from it, an archived
copy and the day it was read.

A source already in the library is picked instead of typed again: as the URL field is typed
in, the sources whose URL, title or author contain it are listed under it (the most cited
first); ↓ goes into the list and Enter takes one (its URL and title fill the fields; the store
reuses the source, so its author, publisher and date come with it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from briefreader import vocabulary
from briefreader.store.records import SourceInput, SourceRef
from briefreader.text.display import display_line
from briefreader.text.validate import InvalidValue, normalise_source_url, single_line
from briefreader.tui.screens.dialogs.base import ChoiceSet, Dialog, FieldError, FieldLabel

#: Finds the sources matching what was typed (``Store.find_sources``).
FindSources = Callable[[str], Sequence[SourceRef]]
#: The most sources listed under the URL field.
SHOWN_SOURCES = 5


def _known_label(ref: SourceRef) -> Content:
    cited = len(ref.uses)
    title = display_line(ref.title or ref.author or "(no title)")
    return Content.assemble(
        Content(title[:60]),
        Content.styled(f"  {display_line(ref.url)[:80]}", "$text-muted"),
        Content.styled(f"  · cited {cited}×" if cited else "  · not cited yet", "$text-muted"),
    )


class KnownSources(OptionList):
    """The sources already in the library that match the URL field (module docstring)."""

    DEFAULT_CSS = """
    KnownSources {
        height: auto;
        max-height: 5;
        border: none;
        padding: 0;
        display: none;
        &.-shown { display: block; }
    }
    """


class SourceDialog(Dialog[SourceInput]):
    """A source for the annotation (module docstring)."""

    KIND = "Source"

    # Its layout: styles/dialogs.tcss (loaded by the app).

    def __init__(
        self,
        quote: str,
        initial: SourceInput | None = None,
        *,
        known: FindSources | None = None,
    ) -> None:
        super().__init__(quote)
        self.initial = initial or SourceInput(url="")
        self.known = known
        self._found: list[SourceRef] = []
        self._tried = False

    def compose_body(self) -> ComposeResult:
        hint = "http(s) address or DOI (doi:10.…)"
        if self.known is not None:
            hint += " · ↓ a source already cited"
        yield FieldLabel("URL", hint)
        yield Input(self.initial.url, placeholder="https://…", id="url", select_on_focus=False)
        yield FieldError(id="url-error")
        yield KnownSources(id="known")
        yield FieldLabel("Relation", "←/→ · 1–3 · underlined letter")
        relations = [(r, r) for r in vocabulary.RELATIONS]
        yield ChoiceSet(relations, self.initial.relation, id="relation")
        # Side by side: both are optional and short, and the dialog must fit in 24 rows.
        with Horizontal(id="title-note"):
            with Vertical():
                yield FieldLabel("Title", "optional")
                yield Input(
                    self.initial.title,
                    placeholder="title of the source",
                    id="title",
                    select_on_focus=False,
                )
            with Vertical():
                yield FieldLabel("Note", "optional")
                yield Input(
                    self.initial.note,
                    placeholder="what it shows",
                    id="source-note",
                    select_on_focus=False,
                )
        yield FieldLabel("Passage", "the words of the source that bear on it (optional)")
        yield Input(self.initial.quote, placeholder="“…”", id="passage")
        with Horizontal(id="archive-accessed"):
            with Vertical():
                yield FieldLabel("Archived copy", "optional")
                yield Input(
                    self.initial.archive_url or "",
                    placeholder="https://web.archive.org/…",
                    id="archive",
                )
            with Vertical():
                yield FieldLabel("Read on", "YYYY-MM-DD")
                accessed = self.initial.accessed_at
                yield Input(accessed.isoformat() if accessed else "", id="accessed")
        yield FieldError(id="details-error")

    # ------------------------------------------------------------------ known sources

    @on(Input.Changed, "#url")
    def _url_changed(self, event: Input.Changed) -> None:
        # Half-typed URLs are not wrong yet: only re-check once the user has tried to save.
        if self._tried:
            self._check_url()
        self._list_known(event.value)

    def _list_known(self, typed: str) -> None:
        listing = self.query_one(KnownSources)
        text = typed.strip()
        found = list(self.known(text))[:SHOWN_SOURCES] if self.known and len(text) >= 2 else []
        # The source already in the field is not offered again.
        found = [ref for ref in found if ref.url != text]
        self._found = found
        listing.clear_options()
        listing.add_options([Option(_known_label(ref)) for ref in found])
        listing.set_class(bool(found), "-shown")

    def on_key(self, event: events.Key) -> None:
        listing = self.query_one(KnownSources)
        if event.key == "down" and self.focused is self.query_one("#url") and self._found:
            event.stop()
            listing.focus()
            listing.highlighted = 0

    @on(OptionList.OptionSelected, "#known")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ref = self._found[event.option_index]
        url = self.query_one("#url", Input)
        url.value = ref.url
        title = self.query_one("#title", Input)
        if not title.value.strip():
            title.value = ref.title
        self._list_known("")
        self.query_one("#relation", ChoiceSet).focus()

    # ------------------------------------------------------------------ result

    def _check_url(self) -> str | None:
        error = self.query_one("#url-error", FieldError)
        try:
            url = normalise_source_url(self.query_one("#url", Input).value)
        except InvalidValue as exc:
            error.show(str(exc))
            return None
        error.clear()
        return url

    def _details(self) -> tuple[str | None, date | None]:
        """The archive URL and the day read, as typed (raises StayOpen, said, if not valid)."""
        error = self.query_one("#details-error", FieldError)
        archive_field = self.query_one("#archive", Input)
        archive: str | None = None
        if archive_field.value.strip():
            try:
                archive = normalise_source_url(archive_field.value)
            except InvalidValue as exc:
                raise self.fail(error, f"Archived copy: {exc}", archive_field) from None
        accessed_field = self.query_one("#accessed", Input)
        accessed: date | None = None
        if accessed_field.value.strip():
            try:
                accessed = date.fromisoformat(accessed_field.value.strip())
            except ValueError:
                message = "Read on: a date as YYYY-MM-DD, e.g. 2026-12-07"
                raise self.fail(error, message, accessed_field) from None
        error.clear()
        return archive, accessed

    def collect(self) -> SourceInput:
        self._tried = True
        url = self._check_url()
        if url is None:
            error = self.query_one("#url-error", FieldError)
            raise self.fail(error, error.message, self.query_one("#url", Input))
        archive, accessed = self._details()
        return SourceInput(
            url=url,
            relation=self.query_one("#relation", ChoiceSet).value,
            title=single_line(self.query_one("#title", Input).value),
            note=self.query_one("#source-note", Input).value.strip(),
            quote=self.query_one("#passage", Input).value.strip(),
            archive_url=archive,
            accessed_at=accessed,
        )
