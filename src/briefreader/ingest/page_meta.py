"""What a web page says about itself: its headline, author, outlet and date of publication.

The title is the page's headline: the candidates are the JSON-LD ``headline``, ``og:title``,
``twitter:title`` and ``<title>``, each without the site's name around it (" | Site",
" - BBC News", "Site » ..."), and the page's ``<h1>`` headings (those in the extracted text
first). A heading that one of the metadata titles agrees with (as a whole, or one of its parts
between separators, ignoring case) is the headline; without such agreement the metadata title is
taken in that order, and a heading only where the page has no metadata title, or only a
one- to three-word one (a section name such as "Themen") while a heading is a longer line. A
heading that is the site's name (a logo) is never the headline.

The outlet is ``og:site_name``, else the JSON-LD publisher, else trafilatura's site name (unless
it is only the page's title again); the date, ``YYYY-MM-DD``, is the date of first publication
trafilatura finds (htmldate, in the page's time zone), else the JSON-LD ``datePublished`` or
``article:published_time``. The author is trafilatura's, else the JSON-LD author, else the
``author`` meta tag; each name once, the site's own name left out when people are named.
Typed Any where lxml and trafilatura objects are handled: neither ships type stubs here.
"""

from __future__ import annotations

import datetime
import html
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from briefreader.ingest.page_clean import dedupe_names

_CJK = "\u3000-\u9fff\uac00-\ud7af\uff00-\uffef"
# " | ", " - ", " » " ...; and "_" between CJK characters ("标题_频道_网站").
_SEPARATOR = re.compile(rf"\s+(?:[|–—•·»›~/]|-{{1,2}}|::)\s+|\s*\|\s*|(?<=[{_CJK}])_(?=[{_CJK}])")
_DATE = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})")
_SPACE = re.compile(r"\s+")
_QUOTES_DASHES = str.maketrans("’‘“”„–—", '\'\'"""--')
# The id or class of a heading (or of what holds it) that is the site's logo.
_LOGO = re.compile(r"logo|site-?title|site-?name|brand|masthead", re.IGNORECASE)
# A host name that has lost its dots: "Facebook Com".
_DOMAIN = re.compile(r"\A[\w-]+ (?:com|net|org|de|at|ch|fr|es|it|pl|uk|co uk|io|info)\Z", re.I)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)
_ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "technarticle",
        "scholarlyarticle", "report", "liveblogposting", "socialmediaposting", "posting",
        "discussionforumposting", "medicalscholarlyarticle", "satiricalarticle",
        "advertisercontentarticle",
    }
)  # fmt: skip
_HOST_LIKE = re.compile(r"\A(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\Z", re.IGNORECASE)
#: A title of this many words or fewer may be a section name rather than the headline.
SHORT_TITLE_WORDS = 3
#: How many headings of the extracted text may be the headline.
MAX_TEXT_HEADINGS = 10
#: A heading longer than this is not a headline (it is a paragraph set in a heading).
MAX_HEADLINE = 300


@dataclass(frozen=True)
class PageMeta:
    """The page's headline, author, outlet and date (``YYYY-MM-DD``); None where unknown."""

    title: str | None
    author: str | None
    outlet: str | None
    published: str | None


def _one_line(value: object) -> str:
    """``value`` as one line of NFC text."""
    if not isinstance(value, str):
        return ""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def _value(value: object) -> str:
    """A metadata value as one line, with HTML entities left in it decoded (a page may escape
    them twice: "Thermen- &#038; Vulkanland")."""
    text = _one_line(value)
    return html.unescape(text) if _ENTITY.search(text) else text


def _key(text: str) -> str:
    """What two spellings of one title share: case, spaces, quote and dash styles folded."""
    folded = text.casefold().translate(_QUOTES_DASHES)
    return " ".join(re.findall(r"\w+", folded))


def _meta(tree: Any, *names: str) -> str:
    """The first non-empty ``<meta>`` content for ``names`` (property or name attribute)."""
    for name in names:
        for element in tree.iterfind(".//meta"):
            key = element.get("property") or element.get("name") or element.get("itemprop")
            if key and key.strip().lower() == name:
                value = _value(element.get("content"))
                if value:
                    return value
    return ""


def _json_ld_nodes(tree: Any) -> Iterator[dict[str, Any]]:
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop(0)
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                yield node
                graph = node.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _name(value: Any) -> str:
    if isinstance(value, dict):
        return _value(value.get("name"))
    if isinstance(value, list):
        return "; ".join(filter(None, (_name(item) for item in value)))
    return _value(value)


@dataclass
class _JsonLd:
    headline: str = ""
    author: str = ""
    publisher: str = ""
    published: str = ""


def _json_ld(tree: Any) -> _JsonLd:
    found = _JsonLd()
    for node in _json_ld_nodes(tree):
        if not _types(node) & _ARTICLE_TYPES:
            continue
        found.headline = found.headline or _value(node.get("headline"))
        found.author = found.author or _name(node.get("author"))
        found.publisher = found.publisher or _name(node.get("publisher"))
        found.published = found.published or _value(node.get("datePublished"))
    return found


def _site_names(tree: Any, document: Any, ld: _JsonLd) -> list[str]:
    """The names the site goes by (as :func:`_key` folds them), from its metadata and host.

    Not trafilatura's site name: without metadata it falls back to the page's title."""
    names = [
        _meta(tree, "og:site_name"),
        _meta(tree, "application-name"),
        _meta(tree, "twitter:site"),
        ld.publisher,
        _one_line(getattr(document, "hostname", None)),
    ]
    for node in _json_ld_nodes(tree):
        if _types(node) & {"website", "organization", "newsmediaorganization"}:
            names.append(_value(node.get("name")))
    keys = []
    for name in names:
        name = urlsplit(name).netloc or name if "://" in name else name.lstrip("@")
        if name:
            keys.append(_key(name))
            if _HOST_LIKE.match(name):  # "www.nytimes.com" also names "nytimes"
                host = name.lower().removeprefix("www.")
                keys.append(_key(host.rsplit(".", 1)[0]))
    return [key for key in keys if key]


def _is_site(part: str, sites: list[str]) -> bool:
    key = _key(part)
    if not key or _HOST_LIKE.match(part.strip()):
        return True
    return any(key == site or (len(key.split()) <= 4 and site in key) for site in sites)


def _without_site(title: str, sites: list[str]) -> str:
    """``title`` without the site's name at either end (" | Site", "Site » ")."""
    parts = [part for part in _SEPARATOR.split(title) if part.strip()]
    if len(parts) < 2:
        return title.strip()
    whole = len(parts)
    while len(parts) > 1 and _is_site(parts[-1], sites):
        parts.pop()
    while len(parts) > 1 and _is_site(parts[0], sites):
        parts.pop(0)
    if len(parts) == whole:
        return title.strip()
    # What is left, as it was written (its own separators kept).
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return (title[start:end] if 0 <= start < end else " ".join(parts)).strip()


def _heading_texts(element: Any) -> list[str]:
    """What a heading says: its text; first its headline alone when it opens with a kicker in
    an element of its own ("<span>Kicker</span> Headline"). Nothing for a logo (a heading
    that is only a link to the site's home page, or marked as the logo or site title)."""
    whole = _one_line("".join(element.itertext()))
    children = [child for child in element if _is_tag(child)]
    links = [link for link in element.iter("a") if _one_line("".join(link.itertext())) == whole]
    if links and urlsplit(links[0].get("href") or "").path in ("", "/"):
        return []
    for node in [element, *list(element.iterancestors())[:2]]:
        if _LOGO.search(f"{node.get('id') or ''} {node.get('class') or ''}"):
            return []
    if not children or _key(element.text or ""):
        return [whole]
    first = children[0]
    kicker = _one_line("".join(first.itertext()))
    rest = _one_line(
        (first.tail or "") + "".join("".join(c.itertext()) + (c.tail or "") for c in children[1:])
    ).lstrip(":.-–—|• ")
    if _key(kicker) and _key(rest):
        return [rest, whole]
    return [whole]


def _is_tag(node: Any) -> bool:
    return isinstance(node.tag, str)


def _headings(tree: Any, text_headings: list[str]) -> list[str]:
    """The page's headings that may be its headline: those of the extracted text (an ``<h1>``
    among them with its headline part first), then the page's other ``<h1>`` headings."""
    page = [_heading_texts(h1) for h1 in tree.iterfind(".//h1")]
    found: list[str] = []

    def add(text: str) -> None:
        if text and text not in found and len(text) <= MAX_HEADLINE:
            found.append(text)

    for text in text_headings[:MAX_TEXT_HEADINGS]:
        glued = _key(text).replace(" ", "")  # spans with no space between them
        for texts in page:
            if texts and _key(texts[-1]).replace(" ", "") == glued:
                for piece in texts:
                    add(piece)
        add(text)
    for texts in page:
        for piece in texts:
            add(piece)
    return found


def _agrees(heading: str, title: str) -> bool:
    """The heading is the title, a run of its parts between separators, or what follows a
    colon in one ("Kicker: Headline"), in words, ignoring case and punctuation."""
    key = _key(heading)
    if not key:
        return False
    parts = [part for part in _SEPARATOR.split(title) if _key(part)]
    runs = [" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)]
    after_colon = [part.split(": ", 1)[1] for part in [title, *parts] if ": " in part]
    return any(key == _key(text) for text in [title, *runs, *after_colon])


def choose_title(
    tree: Any, document: Any, text_headings: list[str], ld: _JsonLd, sites: list[str]
) -> str | None:
    """The page's headline (see the module docstring), or None if it offers none."""
    title_tag = tree.find(".//title")
    raw = [
        ld.headline,
        _meta(tree, "og:title"),
        _meta(tree, "twitter:title"),
        _one_line("".join(title_tag.itertext())) if title_tag is not None else "",
        _one_line(getattr(document, "title", None)),
    ]
    candidates = [_without_site(title, sites) for title in raw if title]
    headings = [h for h in _headings(tree, text_headings) if not _is_site(h, sites)]
    for title in candidates:
        for heading in headings:
            if _agrees(heading, title):
                # The metadata's spelling when it says the same (a heading may be in capitals).
                return title if _key(heading) == _key(title) and not title.isupper() else heading
    title = next((title for title in candidates if title), "")
    longer = [h for h in headings if len(_key(h).split()) > SHORT_TITLE_WORDS]
    if longer and (not title or len(_key(title).split()) <= SHORT_TITLE_WORDS):
        return longer[0]
    return title or (headings[0] if headings else None)


def _people(names: str, sites: list[str]) -> str:
    """``names`` ("A; B") without the site or outlet among them ("Die Tagespost; Christoph von
    Ritter" -> "Christoph von Ritter"), unless nobody else is named."""
    parts = names.split("; ")
    people = [part for part in parts if not _is_site(part, sites) and not _DOMAIN.match(part)]
    return "; ".join(people or parts)


def _date(value: str) -> str | None:
    match = _DATE.match(value.strip())
    if not match:
        return None
    year, month, day = (int(group) for group in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return match.group(0) if 1900 <= year <= 2200 else None


def page_meta(tree: Any, document: Any, text_headings: list[str]) -> PageMeta:
    """Title, author, outlet and published date of the page ``tree`` (the parsed page) as
    trafilatura's ``document`` and the page's own metadata give them."""
    ld = _json_ld(tree)
    sites = _site_names(tree, document, ld)
    title = choose_title(tree, document, text_headings, ld, sites)
    author = _one_line(getattr(document, "author", None)) or ld.author
    if not author:
        author = _meta(tree, "author", "article:author", "dc.creator")
        author = "" if "://" in author else author  # a profile's address, not a name
    outlet = _meta(tree, "og:site_name") or ld.publisher
    if "://" in outlet:
        outlet = urlsplit(outlet).netloc or outlet
    if not outlet:
        # trafilatura's site name, unless it fell back to the page's title.
        found = _one_line(getattr(document, "sitename", None))
        titles = {_key(title or ""), _key(_one_line(getattr(document, "title", None)))}
        outlet = "" if _key(found) in titles else found
    # htmldate's (through trafilatura) first: it reads the date in the page's time zone.
    published = (
        _date(_one_line(getattr(document, "date", None)))
        or _date(ld.published)
        or _date(_meta(tree, "article:published_time", "datepublished"))
    )
    return PageMeta(
        title=title,
        author=_people(dedupe_names(author), [*sites, _key(outlet)]) or None,
        outlet=outlet or None,
        published=published,
    )
