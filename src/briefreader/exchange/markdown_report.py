"""The Markdown report: a brief's annotations as a document to read, share or print.

Per brief: ``# title``, its source, author, outlet, publication date, tags and text version,
then every annotation on the current text in text order (the quote as a blockquote, then kind,
tags, note, claim fields and sources as links with their relation, author, date, note and the
passage quoted), the orphans (annotations re-anchoring could not place in the current text) in a
section of their own, the evidence of each checked claim (its verdict, conclusion, rationale,
who checked it and when, the claimant contacted, its sources with their relation) under a
heading of its own, and a table of the claims by verdict.

Everything that comes from the brief or the user is escaped, so Markdown in a quote or a note is
shown as typed rather than interpreted: ``* _ [ ] < > # | ` ~ \\`` are backslash-escaped
(``_`` only where it could start or end emphasis, so ``snake_case`` stays readable), ``&`` where
it would start an entity, and at the start of a line whatever would begin a list, a heading
underline or a code block. Control and invisible characters become visible placeholders (as in
the reader). URLs are written as URIs inside ``<…>``, so no character of theirs can end a link.

The same data always gives the same bytes: briefs by id, annotations by position then id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TextIO

from briefreader.exchange.importers.uris import to_uri
from briefreader.exchange.w3c import selected_annotations
from briefreader.store.api import Annotation, BriefSummary, Store
from briefreader.text.display import display_safe
from briefreader.vocabulary import CHECKED
from briefreader.vocabulary import VERDICTS as CLAIM_STATUSES

ORPHANS_HEADING = "Orphaned annotations (not found in the current text)"
EVIDENCE_HEADING = "Evidence for the checked claims"
#: Claim quotes in the summary table are cut to this many characters.
SUMMARY_QUOTE_CHARS = 80

_ALWAYS = re.compile(r"([\\`*\[\]<>#|~])")
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])", re.MULTILINE)
_LEADING_SPACE = re.compile(r"^[ \t]+", re.MULTILINE)
_WS = re.compile(r"\s+")
# Anything any of the substitutions below would change; most prose quotes have none of it.
_SPECIAL = re.compile(r"[\\`*\[\]<>#|~_&]|^[ \t]|^[-+=]|^\d+[.)]", re.MULTILINE)


def escape(text: str) -> str:
    """``text`` as Markdown that renders as exactly this text (line by line; leading
    indentation is dropped, as it would otherwise make a code block)."""
    text = display_safe(text)
    if _SPECIAL.search(text) is None:
        return text
    text = _ALWAYS.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _LEADING_SPACE.sub("", text)
    return _LINE_START.sub(lambda m: "\\" + m[1] if m[1] else m[2] + "\\" + m[3], text)


def escape_line(text: str) -> str:
    """:func:`escape` for a place that takes one line (a heading, a table cell)."""
    return escape(_WS.sub(" ", text).strip())


def _link(url: str, title: str = "") -> str:
    """A link to ``url`` shown as its title, else as the URL as typed (``<uri>`` when that is
    the URI itself): percent-encoded non-ASCII letters are unreadable."""
    uri = to_uri(url)
    if not title.strip() and uri == url:
        return f"<{uri}>"
    return f"[{escape_line(title if title.strip() else url)}](<{uri}>)"


def _blockquote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in escape(text).split("\n")]


def _item(label: str, text: str) -> list[str]:
    """A list item whose value may run over several lines (indented under the item)."""
    lines = escape(text.strip()).split("\n")
    return [f"- {label}: {lines[0]}"] + [f"  {line}" if line else "" for line in lines[1:]]


def _annotation(annotation: Annotation) -> list[str]:
    lines = _blockquote(annotation.quote)
    lines.append("")
    lines.append(f"- Kind: {annotation.kind}")
    if annotation.tags:
        lines.append("- Tags: " + ", ".join(escape_line(tag) for tag in annotation.tags))
    if annotation.note:
        lines.extend(_item("Note", annotation.note))
    if annotation.kind == "claim":
        if annotation.claimant:
            lines.append(f"- Claimant: {escape_line(annotation.claimant)}")
        if annotation.claim_type:
            lines.append(f"- Claim type: {annotation.claim_type}")
        if annotation.claim_status:
            lines.append(f"- Verdict: {annotation.claim_status}")
        if annotation.check is not None:
            lines.append(f"- Check status: {annotation.check.status}")
    lines += _sources(annotation)
    if annotation.previous_quote is not None:
        lines.append(f"- Text changed; the quote was: “{escape_line(annotation.previous_quote)}”")
    lines.append("")
    return lines


def _sources(annotation: Annotation) -> list[str]:
    if not annotation.sources:
        return []
    lines = ["- Sources:"]
    for source in annotation.sources:
        entry = f"  - {source.relation}: {_link(source.url, source.title)}"
        if source.author.strip():
            entry += f", {escape_line(source.author)}"
        if source.published:
            entry += f" ({source.published})"
        if source.note.strip():
            entry += f" — {escape_line(source.note)}"
        if source.quote.strip():
            entry += f": “{escape_line(source.quote)}”"
        lines.append(entry)
    return lines


def _when(moment: datetime) -> str:
    """``2026-11-27 19:55 UTC``: a time for people, to the minute."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _evidence(annotation: Annotation) -> list[str]:
    """The evidence section of a checked claim: a heading naming it, then its verdict,
    conclusion, rationale, who checked it and when, the claimant contacted and its sources."""
    check = annotation.check
    assert check is not None
    heading = f"“{escape_line(_shorten(annotation.quote))}”"
    if annotation.orphan:
        heading += " (orphaned)"
    lines = [f"### {heading}", ""]
    lines.append(f"- Verdict: {annotation.claim_status or 'unverified'}")
    if check.conclusion:
        lines.append(f"- Conclusion: {escape_line(check.conclusion)}")
    if check.rationale.strip():
        lines.extend(_item("Rationale", check.rationale))
    if annotation.claimant:
        lines.append(f"- Claimant: {escape_line(annotation.claimant)}")
    if check.checked_by:
        lines.append(f"- Checked by: {escape_line(check.checked_by)}")
    if check.checked_at is not None:
        lines.append(f"- Checked at: {_when(check.checked_at)}")
    if check.contacted_at is not None or check.contact_outcome:
        contacted = "- Claimant contacted:"
        if check.contacted_at is not None:
            contacted += f" {_when(check.contacted_at)}"
        if check.contact_outcome:
            contacted += f" — {escape_line(check.contact_outcome)}"
        lines.append(contacted)
    lines += _sources(annotation) or ["- Sources: none"]
    lines.append("")
    return lines


def _evidence_sections(annotations: Sequence[Annotation]) -> list[str]:
    checked = [a for a in annotations if a.check is not None and a.check.status == CHECKED]
    if not checked:
        return []
    lines = [f"## {EVIDENCE_HEADING}", ""]
    for annotation in checked:
        lines += _evidence(annotation)
    return lines


def _shorten(quote: str) -> str:
    quote = _WS.sub(" ", quote).strip()
    if len(quote) <= SUMMARY_QUOTE_CHARS:
        return quote
    cut = quote[: SUMMARY_QUOTE_CHARS - 1]
    if " " in cut[SUMMARY_QUOTE_CHARS // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def _claims_table(annotations: Sequence[Annotation]) -> list[str]:
    claims = [a for a in annotations if a.kind == "claim"]
    lines = ["## Claims by verdict", ""]
    if not claims:
        return [*lines, "No claims.", ""]
    lines += ["| Verdict | Claims | Quotes |", "| --- | ---: | --- |"]
    for verdict in CLAIM_STATUSES:
        quotes = [
            f"“{escape_line(_shorten(a.quote))}”" + (" (orphaned)" if a.orphan else "")
            for a in claims
            if a.claim_status == verdict
        ]
        lines.append(f"| {verdict} | {len(quotes)} | {' · '.join(quotes) or '—'} |")
    return [*lines, ""]


def brief_report(brief: BriefSummary, annotations: Sequence[Annotation]) -> str:
    """The report of one brief (``annotations`` in text order, orphans included)."""
    anchored = [a for a in annotations if not a.orphan]
    orphans = [a for a in annotations if a.orphan]
    lines = [f"# {escape_line(brief.title) or 'Untitled brief'}", ""]
    if brief.source:
        source = brief.source.strip()
        is_url = source.lower().startswith(("http://", "https://")) and " " not in source
        lines.append(f"- Source: {_link(source) if is_url else escape_line(source)}")
    if brief.author:
        lines.append(f"- Author: {escape_line(brief.author)}")
    if brief.outlet:
        lines.append(f"- Outlet: {escape_line(brief.outlet)}")
    if brief.published:
        lines.append(f"- Published: {brief.published}")
    if brief.tags:
        lines.append(f"- Tags: {escape_line(', '.join(brief.tags))}")
    lines.append(f"- Version: {brief.version}")
    counted = f"- Annotations: {len(annotations)}"
    if orphans:
        counted += f" ({len(orphans)} orphaned)"
    lines += [counted, ""]
    lines += ["## Annotations", ""]
    if not anchored:
        lines += ["No annotations on the current text.", ""]
    for annotation in anchored:
        lines += _annotation(annotation)
    if orphans:
        lines += [f"## {ORPHANS_HEADING}", ""]
        for annotation in orphans:
            lines += _annotation(annotation)
    lines += _evidence_sections([*anchored, *orphans])
    lines += _claims_table(annotations)
    return "\n".join(lines)


def write_markdown(
    store: Store, out: TextIO, brief_ids: Sequence[int] = (), tag: str | None = None
) -> int:
    """Write the report of ``brief_ids`` (all briefs when empty; with ``tag``, only its
    annotations, and only briefs that have some unless named in ``brief_ids``); return how
    many annotations it shows."""
    count = 0
    reports = []
    for brief, chosen in selected_annotations(store, brief_ids, tag):
        if tag is not None and not chosen and brief.id not in brief_ids:
            continue
        reports.append(brief_report(brief, chosen))
        count += len(chosen)
    if not reports:
        reports.append("No annotations to report.\n")
    out.write("\n".join(reports))
    return count


__all__ = [
    "EVIDENCE_HEADING",
    "ORPHANS_HEADING",
    "brief_report",
    "escape",
    "escape_line",
    "write_markdown",
]
