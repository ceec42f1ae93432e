"""The library's sources as citations: CSL-JSON (for Zotero, pandoc, citeproc) and BibTeX.

Which sources: all of them, or those cited by the annotations of some briefs
(:func:`cited_sources`). Both formats give a source the same key (``id`` in CSL-JSON, the
entry key in BibTeX), so a document citing ``@muller2024profits`` works with either file:
the first author's family name (or the first word of an organisation's name, or of the
site's host name when no author is known), the year published (``nd`` when not known) and the
first word of the title that is not a small word, in ASCII letters and digits; keys are made
for every source of the library in id order and a key already taken gets ``a``, ``b``, … so a
source keeps its key whichever briefs are exported.

CSL-JSON (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html): a JSON array,
one item per source: ``type`` ``webpage`` for a URL, ``article-journal`` for a DOI (stored as
``https://doi.org/10.…``, so ``DOI`` holds ``10.…`` and ``URL`` the resolver's link),
``title``, ``author`` (a name that reads cleanly as a person's, "Family, Given" or two or three
capitalised words with no organisation word, becomes ``family``/``given``; anything else, an
organisation say, stays ``literal``; several authors are separated by ``;``), ``publisher``,
``issued`` and ``accessed`` as ``date-parts``, and the archived copy's URL as
``archive_location``. How reliable a source is (its reliability note) is the checker's
judgement, not bibliographic data: it is in neither format.

BibTeX: ``@misc`` for a URL, ``@article`` for a DOI, written with bibtexparser. Text values
(title, author, publisher) are escaped for LaTeX: ``\\ { } % & # $ _ ~ ^`` become their
commands, everything else, non-ASCII letters too, stays as UTF-8 text; a title is braced once
more so styles keep its capitals. ``url`` and ``doi`` are verbatim fields (biblatex, the url
package): they are written as they are, with only ``{``, ``}`` and ``\\`` percent-encoded
(the only characters that could break the entry). ``year`` and biblatex's ``date`` (the
published date to the precision known), ``urldate`` (accessed), and the archived copy in
``note`` as ``\\url{…}``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TextIO
from urllib.parse import urlsplit

from briefreader.store.api import SourceRef, Store

#: Words a key never takes from a title.
_SMALL_WORDS = frozenset(
    (  # noqa: SIM905
        "a an and as at by de der die das el en for from in is it la le les of on or the to "
        "un une with"
    ).split()
)
#: Words that make a name an organisation's, not a person's.
_ORGANISATION_WORDS = frozenset(
    (  # noqa: SIM905
        "agency association bank bureau center centre college commission committee company "
        "corporation council department foundation government group inc institute ltd media "
        "ministry network news office organisation organization party press reuters service "
        "society staff team times trust university"
    ).split()
)
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z'’.\-]*|[A-Z]\.)+$|^[^\W\d_]+$")
_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_SPECIAL = re.compile("[" + re.escape("".join(_TEX)) + "]")
_DOI_PREFIX = "https://doi.org/"


def cited_sources(store: Store, brief_ids: Sequence[int] | None = None) -> list[SourceRef]:
    """Every source (by id), or those the annotations of ``brief_ids`` cite."""
    return store.list_sources(list(brief_ids) if brief_ids else None)


# --- keys ---------------------------------------------------------------------------------


def _ascii_word(text: str) -> str:
    """``text`` in lower-case ASCII letters and digits (accents dropped, the rest removed)."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum()).lower()


def _key_base(ref: SourceRef) -> str:
    people = authors(ref.author)
    if people:
        first = people[0]
        who = _ascii_word(first.get("family") or first.get("literal", "").split()[0])
    else:
        host = urlsplit(ref.url).hostname or ""
        host = host.removeprefix("www.")
        who = "doi" if ref.url.startswith(_DOI_PREFIX) else _ascii_word(host.split(".")[0])
    year = (ref.published or "")[:4] or "nd"
    word = next(
        (
            w
            for w in (_ascii_word(part) for part in re.split(r"[\s\-–—/:]+", ref.title))
            if w and w not in _SMALL_WORDS
        ),
        "",
    )
    return f"{who or 'source'}{year}{word}"


def citation_keys(refs: Iterable[SourceRef]) -> dict[int, str]:
    """The key of each source (by id): unique among ``refs``, and the same whatever subset
    of them is exported (made in id order; a key taken gets ``a``, ``b``, …, ``z``, ``aa``)."""
    keys: dict[int, str] = {}
    taken: set[str] = set()
    for ref in sorted(refs, key=lambda r: r.id):
        base = _key_base(ref)
        key, n = base, 0
        while key in taken:
            n += 1
            key = base + _suffix(n)
        taken.add(key)
        keys[ref.id] = key
    return keys


def _suffix(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


# --- names and dates --------------------------------------------------------------------


def authors(text: str) -> list[dict[str, str]]:
    """The authors of a source (``;`` between several) as CSL names: ``family``/``given``
    when one reads cleanly as a person's name, else ``literal``."""
    return [_name(part.strip()) for part in text.split(";") if part.strip()]


def _name(text: str) -> dict[str, str]:
    if text.count(",") == 1:
        family, given = (part.strip() for part in text.split(","))
        if _is_name(family.split()) and _is_name(given.split()):
            return {"family": family, "given": given}
        return {"literal": text}
    words = text.split()
    if 2 <= len(words) <= 3 and _is_name(words) and not text.isupper():
        return {"family": words[-1], "given": " ".join(words[:-1])}
    return {"literal": text}


def _is_name(words: list[str]) -> bool:
    return bool(words) and all(
        _NAME_WORD.match(w) and w[0].isupper() and w.lower().strip(".") not in _ORGANISATION_WORDS
        for w in words
    )


def _date_parts(value: str | date | None) -> list[int] | None:
    if value is None:
        return None
    if isinstance(value, date):
        return [value.year, value.month, value.day]
    return [int(part) for part in value.split("-")]


# --- CSL-JSON -----------------------------------------------------------------------------


def csl_item(ref: SourceRef, key: str) -> dict[str, Any]:
    """One source as a CSL-JSON item (see the module docstring)."""
    doi = ref.url.removeprefix(_DOI_PREFIX) if ref.url.startswith(_DOI_PREFIX) else None
    item: dict[str, Any] = {"id": key, "type": "article-journal" if doi else "webpage"}
    if ref.title:
        item["title"] = ref.title
    names = authors(ref.author)
    if names:
        item["author"] = names
    if ref.publisher:
        item["publisher"] = ref.publisher
    issued = _date_parts(ref.published)
    if issued:
        item["issued"] = {"date-parts": [issued]}
    if doi:
        item["DOI"] = doi
    item["URL"] = ref.url
    accessed = _date_parts(ref.accessed_at)
    if accessed:
        item["accessed"] = {"date-parts": [accessed]}
    if ref.archive_url:
        item["archive_location"] = ref.archive_url
    return item


def csl_json(refs: Sequence[SourceRef], keys: dict[int, str]) -> list[dict[str, Any]]:
    """The CSL-JSON array of ``refs`` (keys from :func:`citation_keys`)."""
    return [csl_item(ref, keys[ref.id]) for ref in refs]


def write_csl_json(refs: Sequence[SourceRef], keys: dict[int, str], out: TextIO) -> int:
    """Write the CSL-JSON of ``refs`` (UTF-8 text, indented); return how many items."""
    json.dump(csl_json(refs, keys), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(refs)


# --- BibTeX -------------------------------------------------------------------------------


def tex_text(value: str) -> str:
    """``value`` as LaTeX text: its special characters escaped, the rest as it is."""
    return _TEX_SPECIAL.sub(lambda m: _TEX[m.group()], " ".join(value.split()))


def tex_url(value: str) -> str:
    """A URL for a verbatim field: only what could break the entry percent-encoded."""
    return value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _bib_author(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + tex_text(name["literal"]) + "}"  # braced: not split into names
    return f"{tex_text(name['family'])}, {tex_text(name['given'])}"


def bibtex_fields(ref: SourceRef) -> list[tuple[str, str]]:
    """The fields of a source's BibTeX entry, in order, as they are written (escaped)."""
    doi = ref.url.removeprefix(_DOI_PREFIX) if ref.url.startswith(_DOI_PREFIX) else None
    fields: list[tuple[str, str]] = []
    names = authors(ref.author)
    if names:
        fields.append(("author", " and ".join(_bib_author(n) for n in names)))
    if ref.title:
        fields.append(("title", "{" + tex_text(ref.title) + "}"))
    if ref.publisher:
        fields.append(("publisher", tex_text(ref.publisher)))
    if ref.published:
        fields.append(("year", ref.published[:4]))
        fields.append(("date", ref.published))
    if doi:
        fields.append(("doi", tex_url(doi)))
    fields.append(("url", tex_url(ref.url)))
    if ref.accessed_at:
        fields.append(("urldate", ref.accessed_at.isoformat()))
    if ref.archive_url:
        archived = tex_url(ref.archive_url).replace("%", r"\%").replace("#", r"\#")
        fields.append(("note", f"Archived at \\url{{{archived}}}"))
    return fields


def bibtex(refs: Sequence[SourceRef], keys: dict[int, str]) -> str:
    """The BibTeX of ``refs`` (keys from :func:`citation_keys`)."""
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field
    from bibtexparser.writer import BibtexFormat, write

    library = Library()
    for ref in refs:
        kind = "article" if ref.url.startswith(_DOI_PREFIX) else "misc"
        fields = [Field(name, "{" + value + "}") for name, value in bibtex_fields(ref)]
        library.add(Entry(kind, keys[ref.id], fields))
    style = BibtexFormat()  # type: ignore[no-untyped-call]
    style.indent = "  "
    style.block_separator = "\n"
    text = write(library, style)
    return text if text.endswith("\n") or not text else text + "\n"


def write_bibtex(refs: Sequence[SourceRef], keys: dict[int, str], out: TextIO) -> int:
    """Write the BibTeX of ``refs``; return how many entries."""
    out.write(bibtex(refs, keys))
    return len(refs)


def write_citations(store: Store, out: TextIO, brief_ids: Sequence[int], fmt: str) -> int:
    """Write the sources ``brief_ids``' annotations cite (all sources when none is given) as
    ``csl-json`` or ``bibtex``; return how many. Their keys are made over every source of
    the library (see the module docstring)."""
    every = store.list_sources()
    refs = cited_sources(store, brief_ids) if brief_ids else every
    keys = citation_keys(every)
    if fmt == "bibtex":
        return write_bibtex(refs, keys, out)
    return write_csl_json(refs, keys, out)


__all__ = [
    "authors",
    "bibtex",
    "bibtex_fields",
    "citation_keys",
    "cited_sources",
    "csl_item",
    "csl_json",
    "tex_text",
    "tex_url",
    "write_bibtex",
    "write_citations",
    "write_csl_json",
]
