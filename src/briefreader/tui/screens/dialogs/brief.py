"""The brief's details: its title, author, outlet, when it was published, its web address and its
tags, edited in one dialog (F2 in the library and in the reader). Every field is checked in
place before anything is saved: a title cannot be empty, a date is ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``, a web address is http(s), tags are tag names (completed as they are typed).
Dismisses with :class:`BriefDetails`, or None on Esc.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from briefreader.text.validate import (
    InvalidValue,
    normalise_source_url,
    published_date,
    single_line,
)
from briefreader.tui.screens.dialogs.base import CompletingInput, Dialog, FieldError, FieldLabel
from briefreader.tui.screens.dialogs.completion import TagListSuggester, normalise_tag_list


@dataclass(frozen=True)
class BriefDetails:
    """What :class:`BriefDialog` shows and returns (an empty field: None, or no tags)."""

    title: str
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()


def web_address(source: str | None) -> str | None:
    """A brief's ``source`` as its web address: only an http(s) one (a file's path is not)."""
    if source and source.strip().lower().startswith(("http://", "https://")):
        return source.strip()
    return None


def details_changed(before: BriefDetails, after: BriefDetails) -> dict[str, Any]:
    """What :meth:`Store.update_brief_details` is given: only the fields that changed (an
    untouched empty web address leaves a file's path as its source)."""
    changed: dict[str, Any] = {}
    for name in ("title", "author", "outlet", "published", "url"):
        if getattr(after, name) != getattr(before, name):
            changed[name] = getattr(after, name)
    if tuple(after.tags) != tuple(before.tags):
        changed["tags"] = after.tags
    return changed


class BriefDialog(Dialog[BriefDetails]):
    """The brief's details (module docstring)."""

    KIND = "Brief details"
    HINT = "ctrl+s save · Tab next field · Esc cancel"

    # Its layout: styles/dialogs.tcss (loaded by the app).

    def __init__(self, current: BriefDetails, known_tags: Iterable[str] = ()) -> None:
        super().__init__()
        self.current = current
        self.known_tags = list(known_tags)

    def compose_body(self) -> ComposeResult:
        c = self.current
        yield FieldLabel("Title")
        # Compact fields (one row each): the dialog fits a 24-row terminal.
        yield Input(c.title, id="title", select_on_focus=False, compact=True)
        yield FieldError(id="title-error")
        with Horizontal(classes="pair"):
            with Vertical():
                yield FieldLabel("Author", "optional")
                yield Input(c.author or "", placeholder="who wrote it", id="author", compact=True)
            with Vertical():
                yield FieldLabel("Outlet", "optional")
                yield Input(c.outlet or "", placeholder="Dawn, RUSI, …", id="outlet", compact=True)
        with Horizontal(classes="pair"):
            with Vertical(id="published-box"):
                yield FieldLabel("Published", "YYYY-MM-DD")
                yield Input(
                    c.published or "", placeholder="2026-11-30", id="published", compact=True
                )
            with Vertical():
                yield FieldLabel("Web address", "optional")
                yield Input(c.url or "", placeholder="https://…", id="url", compact=True)
        yield FieldError(id="details-error")
        yield FieldLabel("Tags", "of the brief · comma-separated · → or Tab completes")
        tags = ", ".join(c.tags)
        yield CompletingInput(
            tags + ", " if tags else "",
            placeholder="e.g. energy, pakistan",
            suggester=TagListSuggester(self.known_tags),
            select_on_focus=False,
            id="tags",
            compact=True,
        )
        yield FieldError(id="tags-error")

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def collect(self) -> BriefDetails:
        title = single_line(self._value("title"))
        if not title:
            error = self.query_one("#title-error", FieldError)
            raise self.fail(error, "A brief needs a title.", self.query_one("#title", Input))
        self.query_one("#title-error", FieldError).clear()
        error = self.query_one("#details-error", FieldError)
        try:
            published = published_date(self._value("published"))
        except InvalidValue as exc:
            said = str(exc)  # "published '2026-13' is not a real date"
            field = self.query_one("#published")
            raise self.fail(error, said[:1].upper() + said[1:], field) from None
        url = self._value("url").strip() or None
        if url is not None:
            try:
                url = normalise_source_url(url)
            except InvalidValue as exc:
                raise self.fail(error, f"Web address: {exc}", self.query_one("#url")) from None
            if not url.lower().startswith(("http://", "https://")):
                message = "Web address: an http(s) address (https://…)"
                raise self.fail(error, message, self.query_one("#url"))
        error.clear()
        names, problems = normalise_tag_list(self._value("tags"))
        if problems:
            tags_error = self.query_one("#tags-error", FieldError)
            raise self.fail(tags_error, "; ".join(problems), self.query_one("#tags"))
        return BriefDetails(
            title=title,
            author=single_line(self._value("author")) or None,
            outlet=single_line(self._value("outlet")) or None,
            published=published,
            url=url,
            tags=tuple(names),
        )
