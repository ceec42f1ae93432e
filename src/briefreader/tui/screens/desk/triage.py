"""The claims desk's triage view: one claim at a time, as a checker needs it — its sentence in
the brief's own words with the claim marked, what it says (claimant, type, verdict, status,
conclusion, who checked it and when, the claimant contacted), the rationale, the sources and
the history of its check, and the keys that act on it. Nothing here needs Tab: every command
is one key, listed at the bottom.

It only shows; the desk screen (:mod:`~briefreader.tui.screens.desk.screen`) decides which
claim and acts on the keys. Everything from a brief or a claim is shown as plain, display-safe
content, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from briefreader.reading.claim_groups import GroupView
from briefreader.reading.suggested import UnreadSuggestion, reasons_said
from briefreader.store.records import UNCHECKED_CLAIM, Annotation, HistoryEntry
from briefreader.text.display import display_line, display_safe
from briefreader.tui.screens.desk.table import VERDICT_MARKS

#: The keys of triage, as the bottom of the view lists them.
TRIAGE_KEYS = (
    "s supported · d disputed · r refuted · v unverified · x not checkable · i checking\n"
    "w rationale · e conclusion · a source · c contacted · n next · p previous\n"
    "m same claim · M not the same · l leave group · o open in brief · u undo · Esc table"
)
#: The keys of triage on a suggested claim.
SUGGESTION_KEYS = (
    "c claim it · X dismiss · n next · p previous · o open in brief · u undo · Esc table"
)
_VERDICT_STYLES = {
    "supported": "$text-success",
    "disputed": "$text-warning",
    "refuted": "$text-error",
    "unverified": "$text-muted",
}
_FIELD_NAMES = {
    "check_status": "status",
    "claim_status": "verdict",
    "conclusion": "conclusion",
    "rationale": "rationale",
}
#: Characters of the brief shown before and after the claim.
CONTEXT_CHARS = 160
#: The most appearances of a claim group shown (the first ones, and the claim triaged).
GROUP_SHOWN = 8
#: The most history entries shown (the newest; `briefreader claim ID --json` has them all).
HISTORY_SHOWN = 12


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "never"


def _plain(text: str) -> Content:
    return Content(display_safe(text))


def _seen_line(other: Annotation, title: str) -> Content:
    """``in “Other brief” — ✗ refuted, checked 2026-11-30 by Ayesha Khan``."""
    check = other.check or UNCHECKED_CLAIM
    verdict = other.claim_status or "unverified"
    head = Content.assemble(
        _plain(f"in “{display_line(title)[:50]}” — "),
        _verdict(verdict),
    )
    if check.checked_at is not None:
        who = f" by {display_line(check.checked_by)}" if check.checked_by else ""
        head = Content.assemble(head, _muted(f", checked {_when(check.checked_at)}{who}"))
    return head


def group_lines(group: GroupView, claim: Annotation, titles: Mapping[int, str]) -> list[Content]:
    """The claim's group: how many briefs, its verdict (and whether its claims differ), then
    each appearance, first appearance first, this claim marked."""
    briefs = len({c.brief_id for c in group.claims})
    claims = f" ({len(group.claims)} claims)" if len(group.claims) != briefs else ""
    head = Content.styled(
        f"Same claim in {briefs} brief{'s' if briefs != 1 else ''}{claims}", "bold"
    )
    verdict = group.verdict
    if verdict is None:
        said = _muted(" — no verdict in the group yet")
    else:
        said = Content.assemble(
            _plain(" — group verdict "),
            _verdict(verdict),
            _muted(" (given last)"),
        )
    lines = [Content.assemble(head, said)]
    if group.differing:
        counts = " · ".join(f"{v} {n}" for v, n in sorted(group.differing.items()))
        lines.append(Content.styled(f"Its claims' verdicts differ: {counts}", "$text-warning"))
    when = {a.annotation_id: a.brief_imported_at for a in group.group.appearances}
    shown = list(enumerate(group.claims))
    if len(shown) > GROUP_SHOWN:  # the first ones, and this one
        shown = [(i, c) for i, c in shown if i < GROUP_SHOWN - 1 or c.id == claim.id]
    for i, member in shown:
        mark = "first" if i == 0 else "     "
        this = "▸ " if member.id == claim.id else "  "
        title = display_line(titles.get(member.brief_id, f"brief {member.brief_id}"))[:50].rstrip()
        member_verdict = member.claim_status or "unverified"
        lines.append(
            Content.assemble(
                Content.styled(f"{this}{mark} ", "bold" if member.id == claim.id else ""),
                _plain(f"“{title}” "),
                _muted(f"imported {_when(when.get(member.id)).split()[0]} · "),
                _verdict(member_verdict),
            )
        )
    if len(shown) < len(group.claims):
        lines.append(_muted(f"  … {len(group.claims) - len(shown)} more (briefreader claim ID)"))
    lines.append(_muted("l takes this claim out of the group"))
    return lines


def _verdict(verdict: str) -> Content:
    """``✗ refuted``, in the verdict's colour."""
    return Content.styled(
        f"{VERDICT_MARKS.get(verdict, '?')} {verdict}", _VERDICT_STYLES.get(verdict, "")
    )


def _muted(text: str) -> Content:
    return Content.styled(text, "$text-muted")


class Spanned(Protocol):
    """A claim or a suggested one: where it is in its brief's text."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def context_content(excerpt: str, first: int, claim: Spanned) -> Content:
    """The brief's words around the claim (``excerpt`` starts at offset ``first``), the
    claim's span marked, cut at words, with … where the brief goes on."""
    start = max(0, claim.start - first)
    end = max(start, min(len(excerpt), claim.end - first))
    before, marked, after = excerpt[:start], excerpt[start:end], excerpt[end:]
    if first > 0:
        cut = before.find(" ")
        before = "…" + (before[cut + 1 :] if 0 <= cut < 40 else before)
    if after and len(excerpt) - end >= CONTEXT_CHARS:
        cut = after.rfind(" ")
        after = (after[:cut] if cut > len(after) - 40 else after) + "…"
    return Content.assemble(
        _plain(before),
        Content.styled(display_safe(marked), "bold underline $text-primary"),
        _plain(after),
    )


def history_line(entry: HistoryEntry) -> Content:
    """``2026-12-07 14:02 Ayesha: verdict unverified → refuted (correction)``."""
    name = _FIELD_NAMES.get(entry.field, entry.field)
    if entry.field == "rationale":
        change = "rationale written" if entry.new else "rationale removed"
    else:
        old = (entry.old or "none").replace("-", " ")
        new = (entry.new or "none").replace("-", " ")
        change = f"{name} {display_line(old)[:40]} → {display_line(new)[:40]}"
    head = f"{_when(entry.at)} {display_line(entry.by or 'someone')}: {change}"
    if entry.correction:
        return Content.assemble(_plain(head), Content.styled(" (correction)", "$text-warning"))
    return _plain(head)


class TriageView(VerticalScroll):
    """One claim to check (module docstring). Drawn as one Static: laying out one widget
    when the claim changes costs a fraction of laying out a widget per section."""

    DEFAULT_CSS = """
    TriageView {
        height: 1fr;
        padding: 0 1;
        background: $surface;
        & > Static { width: 1fr; }
        & > #triage-keys { margin-top: 1; color: $text-muted; }
    }
    """

    can_focus = True

    def compose(self) -> ComposeResult:
        yield Static(id="triage-body")
        yield Static(TRIAGE_KEYS, id="triage-keys", markup=False)

    def show_none(self, message: str) -> None:
        """No claim to show: ``message`` says why (the queue is done, the view is empty)."""
        self.query_one("#triage-body", Static).update(_plain(message))
        self._keys(TRIAGE_KEYS)

    def _keys(self, keys: str) -> None:
        shown = self.query_one("#triage-keys", Static)
        if str(shown.content) != keys:
            shown.update(keys)

    def show_suggestion(
        self,
        item: UnreadSuggestion,
        *,
        position: str,
        context: Content,
        seen: Sequence[tuple[Annotation, str]] = (),
    ) -> None:
        """A claim suggested in a brief not yet read: its sentence in the brief, why it was
        suggested, and the claimant and type the claim dialog will be filled in with."""
        found = item.suggestion
        guess = (
            Content.assemble(
                _plain(item.claimant), _muted(f"  (from “{display_line(item.cue or '')[:40]}”)")
            )
            if item.claimant
            else _muted("(none guessed)")
        )
        lines = [
            _muted(display_safe(f"{position} · {display_line(item.title)}")),
            Content(""),
            Content.assemble(Content.styled("▌ ", "$accent"), context),
            Content(""),
            Content.assemble(
                Content.styled("Suggested", "bold $accent"),
                _muted(f"  worth checking {found.score:.2f} — it ranks; it does not judge truth"),
            ),
            Content.assemble(Content.styled("Why      ", "bold"), _plain(reasons_said(found))),
            Content.assemble(Content.styled("Claimant ", "bold"), guess),
            Content.assemble(Content.styled("Type     ", "bold"), _plain(item.claim_type)),
        ]
        if seen:
            lines += [Content(""), Content.styled("Seen before (maybe the same claim)", "bold")]
            lines += [Content.assemble(Content("  "), _seen_line(o, t)) for o, t in seen]
        lines += [
            Content(""),
            _muted(
                "From a brief not read yet: c makes it a claim to check, X dismisses it, "
                "n skips it, o opens the brief there."
            ),
        ]
        self.query_one("#triage-body", Static).update(Content("\n").join(lines))
        self._keys(SUGGESTION_KEYS)
        self.scroll_home(animate=False)

    def show_claim(
        self,
        claim: Annotation,
        *,
        position: str,
        title: str,
        context: Content,
        history: Sequence[HistoryEntry],
        seen: Sequence[tuple[Annotation, str]] = (),
        group: GroupView | None = None,
        titles: Mapping[int, str] | None = None,
    ) -> None:
        check = claim.check or UNCHECKED_CLAIM
        verdict = claim.claim_status or "unverified"
        lines = [
            _muted(display_safe(f"{position} · {display_line(title)}")),
            Content(""),
            Content.assemble(Content.styled("▌ ", "$primary"), context),
            Content(""),
            Content.assemble(
                Content.styled("Verdict  ", "bold"),
                _verdict(verdict),
                _plain(f"   Status  {check.status.replace('-', ' ')}"),
                _plain(f"   Type  {claim.claim_type or 'unspecified'}"),
            ),
            Content.assemble(
                Content.styled("Claimant ", "bold"), _plain(claim.claimant or "(none)")
            ),
        ]
        if check.conclusion:
            lines.append(
                Content.assemble(Content.styled("Conclusion ", "bold"), _plain(check.conclusion))
            )
        checked = f"checked by {check.checked_by or 'someone'} {_when(check.checked_at)}"
        made = f"made by {claim.creator}" if claim.creator else ""
        said = " · ".join(p for p in (checked if check.checked_at else "", made) if p)
        lines.append(_muted(display_safe(said) or "not checked yet"))
        if check.contacted_at is not None:
            outcome = f": {check.contact_outcome}" if check.contact_outcome else ""
            lines.append(_plain(f"Claimant contacted {_when(check.contacted_at)}{outcome}"))
        # Before the rationale: what m, M and l act on is on the first screen.
        if group is not None:
            lines += [Content(""), *group_lines(group, claim, titles or {})]
        if seen:
            lines += [
                Content(""),
                Content.assemble(
                    Content.styled("Seen before (maybe the same claim)", "bold"),
                    _muted("  m the same · M not the same (the first one)"),
                ),
            ]
            lines += [
                Content.assemble(Content("▸ " if i == 0 else "  "), _seen_line(other, title))
                for i, (other, title) in enumerate(seen)
            ]
        lines += [Content(""), Content.styled("Rationale", "bold")]
        lines.append(_plain(check.rationale) if check.rationale else _muted("(none: w writes one)"))
        lines += [Content(""), Content.styled("Sources", "bold")]
        lines += [
            _plain(
                f"{s.relation}: {display_line(s.url)}"
                + (f" — {display_line(s.title)}" if s.title else "")
                + (f" ({display_line(s.note)})" if s.note else "")
            )
            for s in claim.sources
        ] or [_muted("(none: a adds one)")]
        lines += [Content(""), Content.styled("History", "bold")]
        if len(history) > HISTORY_SHOWN:
            lines.append(_muted(f"… {len(history) - HISTORY_SHOWN} earlier"))
        lines += [history_line(e) for e in list(history)[-HISTORY_SHOWN:]] or [
            _muted("(no changes yet)")
        ]
        body = Content("\n").join(lines)
        self.query_one("#triage-body", Static).update(body)
        self._keys(TRIAGE_KEYS)
        self.scroll_home(animate=False)
