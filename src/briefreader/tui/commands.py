"""Command palette providers (Ctrl+P): one entry per brief, one per tag, one per export format,
and the library's search and annotation import.

Data-driven: the entries come from the library, not from a hand-written list. Tag entries come
from the screen under the palette: any screen with a ``tag_commands()`` method (see
:class:`TagCommandSource`) gets one entry per tag for each :class:`TagCommand` it returns, so
the reader adds "Jump to next <tag>" by defining that method, without touching this module.

Titles and tags are shown as plain :class:`~textual.content.Content`, never parsed as markup
(Textual's ``Matcher.highlight`` would parse them, so matches are highlighted here).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from briefreader.text.display import display_line

if TYPE_CHECKING:
    from briefreader.store.api import BriefSummary, Store
    from briefreader.tui.app import BriefReaderApp


@dataclass(frozen=True)
class TagCommand:
    """A palette entry for each of ``tags``: ``template`` with ``{tag}`` in it (e.g.
    ``"Filter library by tag: {tag}"``); choosing it calls ``run(tag)``."""

    template: str
    tags: Sequence[str]
    run: Callable[[str], object]
    help: str = ""


@runtime_checkable
class TagCommandSource(Protocol):
    """A screen that offers per-tag commands in the palette."""

    def tag_commands(self) -> Iterable[TagCommand]: ...


def highlight(matcher: Matcher, text: str) -> Content:
    """``text`` as plain content with the characters ``matcher`` matched styled."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


@dataclass(frozen=True)
class Entry:
    """One palette entry: plain text, what it does, and a line of help (plain text too)."""

    text: str
    run: Callable[[], object]
    help: str = ""


class EntriesProvider(Provider):
    """A provider over a list of entries made once when the palette opens."""

    def __init__(self, screen: Any, match_style: Any = None) -> None:
        super().__init__(screen, match_style)
        self.entries: list[Entry] = []

    async def load(self) -> list[Entry]:
        return []

    async def startup(self) -> None:
        self.entries = await self.load()

    async def discover(self) -> Hits:
        for entry in self.entries:
            yield DiscoveryHit(
                Content(entry.text), entry.run, text=entry.text, help=escape(entry.help) or None
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.entries:
            score = matcher.match(entry.text)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, entry.text),
                    entry.run,
                    text=entry.text,
                    help=escape(entry.help) or None,
                )


def _store(provider: Provider) -> Store | None:
    """The app's store if it is open, else None (the palette can open before it is)."""
    app = cast("BriefReaderApp", provider.app)
    return app.store if getattr(app, "store_ready", False) else None


class BriefsProvider(EntriesProvider):
    """ "Open brief: <title>" for every brief, most recently opened first."""

    async def load(self) -> list[Entry]:
        store = _store(self)
        if store is None:
            return []
        briefs: list[BriefSummary] = await asyncio.to_thread(store.list_briefs)
        return [
            Entry(
                f"Open brief: {display_line(b.title)}",
                partial(open_brief, self.app, b.id),
                f"#{b.id} · {b.word_count:,} words · {b.annotations:,} annotations",
            )
            for b in briefs
        ]


def _library(provider: Provider) -> Any:
    """The library screen on the app's stack, if there is one (typed loosely: this module is
    imported by the screens, so it does not import them)."""
    return cast("BriefReaderApp", provider.app).library()


def open_brief(app: Any, brief_id: int) -> None:
    """Open ``brief_id`` in the reader, from whichever screen the palette was over."""
    from briefreader.tui.navigation import OpenBrief

    app.post_message(OpenBrief(brief_id))


class TagsProvider(EntriesProvider):
    """One entry per tag for each :class:`TagCommand` the screen under the palette offers."""

    async def load(self) -> list[Entry]:
        screen = self.screen
        if not isinstance(screen, TagCommandSource):
            return []
        return [
            Entry(
                command.template.format(tag=display_line(tag)),
                partial(command.run, tag),
                command.help,
            )
            for command in screen.tag_commands()
            for tag in command.tags
        ]


#: How the palette names each export format (formats the build cannot write are left out).
EXPORT_NAMES: dict[str, str] = {
    "csv": "CSV",
    "json": "W3C JSON (Web Annotations)",
    "md": "a Markdown report",
}


class ExportProvider(EntriesProvider):
    """ "Export all annotations to CSV…" (and to each other format): the export dialog, for
    every brief."""

    async def load(self) -> list[Entry]:
        from briefreader.tui.screens.dialogs.files import available_formats

        library = _library(self)
        if library is None or _store(self) is None:
            return []
        return [
            Entry(
                f"Export all annotations to {EXPORT_NAMES.get(fmt, fmt)}…",
                partial(library.request_export, everything=True, fmt=fmt),
                "Choose a file; every annotation of every brief",
            )
            for fmt in available_formats()
        ]


class LibraryProvider(EntriesProvider):
    """The library's searches and annotation import, offered while the library is on screen
    (the reader keeps its own view of a brief's annotations, which an import would change
    under it)."""

    async def load(self) -> list[Entry]:
        library = _library(self)
        if library is None or id(self.screen) != id(library) or _store(self) is None:
            return []
        if not library.briefs:
            return []
        return [
            Entry(
                "Search briefs and annotations…",
                library.action_search,
                "Words in brief texts, quotes, notes and tags; tag: kind: status: filters",
            ),
            Entry(
                "Import annotations from a file…",
                library.request_annotation_import,
                "Our CSV or W3C JSON, Hypothesis JSON, Readwise CSV, Kindle clippings",
            ),
        ]
