"""A Markdown brief in the reader: shown rendered (headings, emphasis, lists, tables; see
:mod:`briefreader.text.markdown_view`), ``m`` shows its source as it is and back, ``o`` gives
the web address of the link under the cursor (said, and copied to the clipboard through the
terminal), and the front matter's byline and date fill what the brief's own details leave
empty in the header (:func:`front_byline`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefreader.tui.screens.reader.part import ReaderPart

if TYPE_CHECKING:
    from briefreader.store.api import Brief, BriefSummary

#: Front matter keys read for each part of the header's byline, first found first.
_FRONT_KEYS = {
    "author": ("author", "authors", "byline", "creator"),
    "outlet": ("outlet", "publisher", "site_name", "site", "publication", "source"),
    "published": ("published", "date", "pubdate", "published_at", "publishdate"),
}


def front_byline(brief: Brief | BriefSummary, front_matter: dict[str, str]) -> list[str]:
    """Author, outlet and published date for the header: the brief's own, else its front
    matter's (a date keeps its day: ``2026-11-30T10:00`` is shown ``2026-11-30``)."""
    parts: list[str] = []
    for field, keys in _FRONT_KEYS.items():
        value = getattr(brief, field) or ""
        if not value:
            found = next((front_matter[k] for k in keys if front_matter.get(k)), "")
            value = " ".join(found.split())
            if field == "published" and len(value) > 10 and value[4:5] == "-":
                value = value[:10]
        if value:
            parts.append(value)
    return parts


class MarkdownCommands(ReaderPart):
    """``m`` and ``o`` in the reader (module docstring)."""

    def toggle_source(self) -> None:
        article = self.article
        if not article.rendering.is_markdown:
            self.notify("This brief is plain text: it is shown as it is stored.", timeout=3)
            return
        article.show_source(article.rendering.rendered)
        self.screen.reading_aids_again()
        if article.rendering.rendered:
            self.notify("Markdown shown rendered.", timeout=2)
        else:
            self.notify("Markdown source shown as it is stored (m: rendered).", timeout=3)

    def link_address(self) -> None:
        link = self.article.link_at_cursor()
        if link is None:
            self.notify("No link under the cursor.", timeout=2)
            return
        self.app.copy_to_clipboard(link.url)
        what = "Image" if link.image else "Link"
        self.notify(link.url, title=f"{what} address (copied)", timeout=8, markup=False)
