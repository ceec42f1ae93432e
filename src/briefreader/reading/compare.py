"""Two versions of an annotation compared as a person reads them: field by field (place,
quote, text change, kind, claimant, claim type, verdict, check status, conclusion, rationale,
claimant contacted, note, tags, sources, colour), each with the value compared in full and the
text shown (clipped). The reading session uses it to tell whether a change made elsewhere
changed anything visible; the conflict dialogs show it.
No Textual here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefreader.store.records import Annotation
from briefreader.text.validate import single_line

#: The most of a quote or a note a cell shows (a quote may be a whole brief).
CELL_CHARS = 600
CELL_LINES = 8


def _clip(text: str, chars: int = CELL_CHARS, lines: int = CELL_LINES) -> str:
    """At most ``chars`` characters and ``lines`` lines, with … where it was cut."""
    cut = text[:chars]
    rows = cut.split("\n")
    if len(rows) > lines:
        return "\n".join(rows[:lines]).rstrip() + " …"
    return cut.rstrip() + " …" if len(text) > chars else cut


def _quote(text: str) -> str:
    return "“" + _clip(" ".join(text[: CELL_CHARS * 2].split()), CELL_CHARS) + "”"


def _sources(a: Annotation) -> str:
    if not a.sources:
        return "(none)"
    out = []
    for s in a.sources:
        line = f"{s.relation}: {single_line(s.url)}"
        if s.title:
            line += f" — {single_line(s.title)}"
        if s.note:
            line += f" ({single_line(s.note)})"
        if s.quote:
            line += f": “{_clip(single_line(s.quote), 200)}”"
        out.append(line)
    return "\n".join(out)


def _text_change(a: Annotation) -> str:
    if a.previous_quote is None:
        return "—"
    return "changed (not accepted yet); it was " + _quote(a.previous_quote)


def _contacted(a: Annotation) -> str:
    if a.check is None or a.check.contacted_at is None:
        return "—"  # not contacted (or not a claim): nothing to show
    when = a.check.contacted_at.astimezone().strftime("%Y-%m-%d")
    outcome = single_line(a.check.contact_outcome or "")
    return f"contacted {when}" + (f": {_clip(outcome, 200)}" if outcome else "")


@dataclass(frozen=True)
class Shown:
    """A field as the dialogs show it: its name, the value compared (in full) and the text
    shown (clipped)."""

    name: str
    value: Callable[[Annotation], object]
    show: Callable[[Annotation], str]


#: What the dialogs show of an annotation, field by field, in this order.
SHOWN: tuple[Shown, ...] = (
    Shown(
        "Place",
        lambda a: a.orphan,
        lambda a: "an orphan (not on the text)" if a.orphan else "on the text",
    ),
    Shown("Quote", lambda a: a.quote, lambda a: _quote(a.quote)),
    Shown("Text change", lambda a: a.previous_quote, _text_change),
    Shown("Kind", lambda a: a.kind, lambda a: a.kind),
    Shown("Claimant", lambda a: a.claimant, lambda a: a.claimant or "(none)"),
    Shown("Claim type", lambda a: a.claim_type, lambda a: a.claim_type or "(unspecified)"),
    Shown("Verdict", lambda a: a.claim_status, lambda a: a.claim_status or "—"),
    Shown(
        "Check",
        lambda a: a.check.status if a.check else None,
        lambda a: a.check.status.replace("-", " ") if a.check else "—",
    ),
    Shown(
        "Conclusion",
        lambda a: a.check.conclusion if a.check else None,
        lambda a: _clip(a.check.conclusion) if a.check and a.check.conclusion else "(none)",
    ),
    Shown(
        "Rationale",
        lambda a: a.check.rationale if a.check else "",
        lambda a: _clip(a.check.rationale) if a.check and a.check.rationale else "(none)",
    ),
    Shown(
        "Contacted",
        lambda a: (a.check.contacted_at, a.check.contact_outcome) if a.check else None,
        _contacted,
    ),
    Shown(
        "Note",
        lambda a: a.note.strip(),
        lambda a: _clip(a.note) if a.note.strip() else "(no note)",
    ),
    Shown(
        "Tags",
        lambda a: a.tags,
        lambda a: "  ".join(f"#{t}" for t in a.tags) if a.tags else "(none)",
    ),
    Shown(
        "Sources",
        lambda a: sorted((s.relation, s.url, s.title, s.note, s.quote) for s in a.sources),
        _sources,
    ),
    Shown("Colour", lambda a: a.color, lambda a: a.color or "(none)"),
)


@dataclass(frozen=True)
class FieldDifference:
    """One field as the two versions have it, as shown."""

    name: str
    theirs: str
    yours: str


def changed_fields(one: Annotation, other: Annotation) -> list[str]:
    """The names (as shown) of the fields that differ between two versions."""
    return [f.name for f in SHOWN if f.value(one) != f.value(other)]


def differences(
    base: Annotation, theirs: Annotation, yours: Annotation | None
) -> tuple[list[FieldDifference], list[str]]:
    """The fields where saving yours would differ from theirs, and the names of the other
    fields they changed (kept whichever is chosen). ``yours`` None means yours deletes it:
    then the rows are the fields they changed, beside ``base`` (what yours would delete)."""
    if yours is None:
        rows = [
            FieldDifference(f.name, f.show(theirs), f.show(base))
            for f in SHOWN
            if f.value(theirs) != f.value(base)
        ]
        return rows, []
    rows = [
        FieldDifference(f.name, f.show(theirs), f.show(yours))
        for f in SHOWN
        if f.value(theirs) != f.value(yours)
    ]
    shown = {row.name for row in rows}
    also = [name for name in changed_fields(base, theirs) if name not in shown]
    return rows, also
