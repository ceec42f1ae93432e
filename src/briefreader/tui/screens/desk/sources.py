"""The claims desk's sources view (``S``): every source in the library — one per URL or DOI,
however many claims cite it — with how many annotations it supports, refutes or gives context
to, and for the source under the cursor its details and the claims it bears on (relation,
verdict, the claim, its brief). ``E`` exports them as CSL-JSON or BibTeX.

It only shows; the sources are read by the screen (``Store.list_sources``). Everything from a
source or a claim is display-safe plain content.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefreader.store.records import Annotation, SourceRef
from briefreader.text.display import display_line
from briefreader.tui.screens.desk.table import VERDICT_MARKS

_RELATION_MARKS = {"supports": "✓", "refutes": "✗", "context": "~"}
#: The most claims listed under one source.
CLAIMS_SHOWN = 30


def source_row(ref: SourceRef) -> Content:
    """``✓3 ✗1 ~0  Title — https://…``."""
    counts = " ".join(f"{mark}{ref.count(rel)}" for rel, mark in _RELATION_MARKS.items())
    title = display_line(ref.title or ref.author or "(no title)")
    return Content.assemble(
        Content.styled(f"{counts}  ", "$text-muted"),
        Content(title[:80]),
        Content.styled(f"  {display_line(ref.url)[:100]}", "$text-muted"),
    )


def source_detail(
    ref: SourceRef, claims: Mapping[int, Annotation], titles: Mapping[int, str]
) -> Content:
    """The source's fields, then each annotation citing it."""
    fields = [
        ("URL", ref.url),
        ("Title", ref.title),
        ("Author", ref.author),
        ("Publisher", ref.publisher),
        ("Published", ref.published or ""),
        ("Read on", ref.accessed_at.isoformat() if ref.accessed_at else ""),
        ("Archived", ref.archive_url or ""),
        ("Reliability", ref.reliability),
    ]
    lines = [
        Content.assemble(Content.styled(f"{name:<12}", "bold"), Content(display_line(value)))
        for name, value in fields
        if value
    ]
    lines.append(Content(""))
    uses = list(ref.uses)
    lines.append(Content.styled(f"Cited by {len(uses)}", "bold"))
    for use in uses[:CLAIMS_SHOWN]:
        claim = claims.get(use.annotation_id)
        if claim is None:
            what = f"a {use.kind} (not a claim) in {titles.get(use.brief_id, 'a brief')}"
            lines.append(Content(display_line(f"  {use.relation}: {what}")))
            continue
        verdict = claim.claim_status or "unverified"
        quote = display_line(" ".join(claim.quote[:200].split()))[:90]
        lines.append(
            Content.assemble(
                Content(f"  {use.relation}: "),
                Content.styled(f"{VERDICT_MARKS.get(verdict, '?')} {verdict}  ", "$text-muted"),
                Content(quote),
                Content.styled(
                    f"  ({display_line(titles.get(claim.brief_id, ''))[:40]})", "$text-muted"
                ),
            )
        )
    if len(uses) > CLAIMS_SHOWN:
        lines.append(Content.styled(f"  … {len(uses) - CLAIMS_SHOWN} more", "$text-muted"))
    return Content("\n").join(lines)


class SourcesView(Vertical):
    """The sources list and the detail of the one highlighted (module docstring)."""

    DEFAULT_CSS = """
    SourcesView {
        height: 1fr;
        background: $surface;
        & > #sources-list { height: 1fr; border: none; }
        & > #sources-detail { height: 1fr; padding: 0 1; border-top: solid $primary; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._refs: list[SourceRef] = []
        self._claims: Mapping[int, Annotation] = {}
        self._titles: Mapping[int, str] = {}

    def compose(self) -> ComposeResult:
        yield OptionList(id="sources-list")
        with VerticalScroll(id="sources-detail"):
            yield Static(id="sources-text")

    def show(
        self,
        refs: Sequence[SourceRef],
        claims: Mapping[int, Annotation],
        titles: Mapping[int, str],
    ) -> None:
        self._refs, self._claims, self._titles = list(refs), claims, titles
        listing = self.query_one("#sources-list", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        if not refs:
            self.query_one("#sources-text", Static).update(
                Content("No sources yet: a adds one to a claim (in the table or in triage).")
            )
            return
        listing.add_options([Option(source_row(ref)) for ref in refs])
        listing.highlighted = min(keep or 0, len(refs) - 1)
        self._detail(listing.highlighted)

    def focus_list(self) -> None:
        self.query_one("#sources-list", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#sources-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._detail(event.option_index)

    def _detail(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self._refs):
            return
        detail = source_detail(self._refs[index], self._claims, self._titles)
        self.query_one("#sources-text", Static).update(detail)
