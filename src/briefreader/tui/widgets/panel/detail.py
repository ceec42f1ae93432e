"""The panel's detail box: one annotation's kind, quote (and the quote it had before, when
its text changed), note, claim fields, sources and times, and below them a hint of the keys
that act on it. Which annotation it shows is the panel's call (the current one, or the chosen
orphan); the box only draws it, redrawing at most every :data:`DETAIL_DELAY` seconds while it
keeps changing, and keeps which of its sources is selected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.timer import Timer
from textual.widgets import Static

from briefreader.store.records import Annotation
from briefreader.text.display import display_line, display_safe
from briefreader.tui.widgets.panel.data import PanelData
from briefreader.tui.widgets.panel.orphan_rows import quote_changes
from briefreader.tui.widgets.panel.rows import (
    _KEY_STYLE,
    _SUBTLE,
    _WARNING,
    CHANGED_MARKER,
    KIND_MARKERS,
    ORPHAN_MARKER,
    _kind_style,
    _Packed,
    _update_static,
    _verdict,
    _verdict_badge,
    _when,
)

#: Seconds between redraws of the detail while the current annotation keeps changing.
DETAIL_DELAY = 0.05


@dataclass
class _Hint:
    binding_id: str
    label: str
    needs_sources: int = 0  # shown only when the annotation has at least this many sources


_HINTS = (
    _Hint("panel.note", "note"),
    _Hint("panel.claim", "claim"),
    _Hint("panel.tags", "tags"),
    _Hint("panel.source", "source"),
    _Hint("panel.kind", "kind"),
    _Hint("panel.delete_source", "del source", 1),
    _Hint("panel.next_source", "source", 2),
)
_ORPHAN_HINTS = (
    _Hint("panel.attach_orphan", "attach here"),
    _Hint("panel.delete_orphan", "delete"),
    _Hint("enter", "where it was"),
)
#: The "Now"/"Was" labels of a changed quote: not italic like the quote they label.
_LABEL = f"{_SUBTLE} not italic"


def _orphan_explanation(key_for: Callable[[str], str | None]) -> str:
    attach = key_for("reader.attach_orphan")
    how = (
        f"Select where it belongs in the text (or put the cursor in that sentence) and "
        f"press {attach} to attach it there."
        if attach
        else "Select where it belongs in the text to attach it there."
    )
    return f"Not found in the brief's current text. {how}"


class _DetailScroll(VerticalScroll, can_focus=False):
    """The detail of the current annotation; scrolled with the panel's keys, never focused."""


class DetailBox(Vertical):
    """The detail of one annotation and the key hint below it (see the module docstring).

    ``target()`` is what to show (None: nothing is current); ``key_for(binding_id)`` the key
    bound to a panel or screen action, for the hints; ``on_shown(annotation)`` is called when
    the detail shows another annotation or the same one changed (the panel's keys depend on
    it).
    """

    def __init__(
        self,
        data: PanelData,
        target: Callable[[], Annotation | None],
        key_for: Callable[[str], str | None],
        on_shown: Callable[[Annotation | None], None],
    ) -> None:
        super().__init__(id="panel-detail-box", classes="panel-box")
        self.border_title = "Detail"
        self._data = data
        self._target = target
        self._key_for = key_for
        self._on_shown = on_shown
        self._scroll = _DetailScroll(id="panel-detail-scroll")
        self._timer: Timer | None = None
        self._shown_at = 0.0
        #: The selected source of the annotation shown (``[``/``]`` move it; ``D`` deletes it).
        self.source_index = 0
        self._source_of: int | None = None
        self._blocks: list[Content] = []
        self._source_lines: list[int] = []
        # What the detail and the key hint show now, so an unchanged one is not redrawn.
        self._shown: object = None
        self._hint_shown: list[tuple[str, str]] | None = None

    def compose(self) -> ComposeResult:
        with self._scroll:
            yield Static(id="detail-head")
            yield Static(id="detail-claim")
            yield Static(id="detail-quote")
            yield Static(id="detail-body")
        yield Static(id="detail-link")
        yield Static(id="detail-hint")

    def show_link(self, url: str | None, image: bool = False) -> None:
        """Show the web address of the link (or image) under the article's cursor below the
        detail, or nothing (None)."""
        if not self.is_mounted:
            return
        line = self.query_one("#detail-link", Static)
        line.display = url is not None
        if url is not None:
            label = "Image " if image else "Link "
            _update_static(line, Content.assemble((label, _SUBTLE), display_line(url)))

    @property
    def pending(self) -> bool:
        """A redraw is held back (see :meth:`request`)."""
        return self._timer is not None

    def request(self) -> None:
        """Show the target's detail now, or shortly if it was just redrawn: holding a key down
        moves through the list at key-repeat speed, and redrawing the detail (a relayout) on
        every step would make the list lag behind the keys."""
        if not self.is_mounted or self._timer is not None:
            return
        if monotonic() - self._shown_at >= DETAIL_DELAY:
            self.show()
        else:
            self._timer = self.set_timer(DETAIL_DELAY, self._flush)

    def _flush(self) -> None:
        self._timer = None
        self.show()

    def next_source(self, step: int) -> None:
        """Select the next (or previous) source of the annotation shown, in view."""
        a = self._target()
        if a is None or not a.sources:
            return
        self.source_index = (self.source_index + step) % len(a.sources)
        self.show()
        self.call_after_refresh(self._scroll_to_source)

    def scroll(self, step: int) -> None:
        self._scroll.scroll_relative(y=step * 3, animate=False)

    def show(self) -> None:
        """Show the target's detail now."""
        if not self.is_mounted:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._shown_at = monotonic()
        a = self._target()
        if a is None or a.id != self._source_of:
            self._source_of = None if a is None else a.id
            self.source_index = 0
        any_shown = bool(self._data.shown.annotations)
        shown = (a, self.source_index) if a is not None else any_shown
        if shown == self._shown:
            return
        self._shown = shown
        self._on_shown(a)
        head = self.query_one("#detail-head", Static)
        claim = self.query_one("#detail-claim", Static)
        quote = self.query_one("#detail-quote", Static)
        body = self.query_one("#detail-body", Static)
        claim_blocks = _claim_blocks(a) if a is not None else []
        if claim_blocks:
            # A claim's fields come first: they are what a checker reads it for.
            _update_static(claim, Content("\n").join(claim_blocks))
        claim.display = bool(claim_blocks)
        if a is None:
            if any_shown:
                text = "Nothing under the cursor. Tab to the list to pick an annotation."
            else:
                text = "No annotations yet."
            _update_static(head, Content.styled(text, _SUBTLE))
            quote.display = body.display = False
            self._show_hint(None)
            return
        head_parts: list[str | tuple[str, str]] = []
        if a.orphan:
            head_parts.extend(((f"{ORPHAN_MARKER} Orphan", _WARNING), (" · ", _SUBTLE)))
        head_parts.extend(
            ((KIND_MARKERS.get(a.kind, "·"), _kind_style(a)), " ", a.kind.capitalize())
        )
        status = _verdict(a)
        if status is not None:
            head_parts.extend(("  ", _verdict_badge(status)))
        if a.previous_quote is not None and not a.orphan:
            head_parts.extend(("  ", (f"{CHANGED_MARKER} text changed", _WARNING)))
        _update_static(head, Content.assemble(*head_parts, strip_control_codes=False))
        quote.display = body.display = True
        quote.set_class(a.orphan, "-orphan")
        self.source_index = min(self.source_index, max(len(a.sources) - 1, 0))
        blocks, self._source_lines = _detail_blocks(a, self.source_index)
        lead: list[Content] = []
        if a.previous_quote is not None and not a.orphan:
            was, now = quote_changes(a.previous_quote, a.quote)
            _update_static(quote, Content.assemble(("Now ", _LABEL), now))
            # The old quote is dimmer than the new one above it: it is what is going away.
            lead.append(Content.assemble(("Was ", _LABEL), was.stylize_before(_SUBTLE)))
            accept = self._key_for("panel.accept_change")
            if accept:
                lead.append(
                    Content.assemble(
                        (accept, _KEY_STYLE), (" accepts the new text (clears the flag)", _SUBTLE)
                    )
                )
        else:
            _update_static(quote, Content(display_safe(a.quote)))
        if a.orphan:
            lead.append(Content.styled(_orphan_explanation(self._key_for), _WARNING))
        if lead:
            self._source_lines = [line + len(lead) for line in self._source_lines]
            blocks = lead + blocks
        self._blocks = blocks
        _update_static(body, Content("\n").join(blocks))
        self._show_hint(a)

    def _scroll_to_source(self) -> None:
        """Scroll the detail so the selected source (title and URL) is in view."""
        a = self._target()
        if a is None or not a.sources or self.source_index >= len(self._source_lines):
            return
        body = self.query_one("#detail-body", Static)
        width = body.content_region.width
        if width <= 0:
            return
        first_block = self._source_lines[self.source_index]
        rules: RulesMap = {}  # the body wraps with the defaults
        heights = [block.get_height(rules, width) for block in self._blocks]
        top = sum(heights[:first_block])
        height = sum(heights[first_block : first_block + 2])
        y = body.virtual_region.y + top
        self._scroll.scroll_to_region(
            Region(0, y, width, height), animate=False, immediate=True, force=True
        )

    def _show_hint(self, a: Annotation | None) -> None:
        hint = self.query_one("#detail-hint", Static)
        if a is None:
            pairs = [("Enter", "jump"), (self._key_for("panel.filter") or "/", "filter")]
        else:
            pairs = []
            hints = _ORPHAN_HINTS if a.orphan else _HINTS
            if a.previous_quote is not None and not a.orphan:
                hints = (_Hint("panel.accept_change", "accept text"), *hints)
            for item in hints:
                if len(a.sources) < item.needs_sources:
                    continue
                key = "Enter" if item.binding_id == "enter" else self._key_for(item.binding_id)
                if key is None:
                    continue
                if item.binding_id == "panel.next_source":
                    key = f"{self._key_for('panel.previous_source') or ''}{key}"
                pairs.append((key, item.label))
        if pairs == self._hint_shown:
            return
        self._hint_shown = pairs
        items = [
            Content.assemble((key, _KEY_STYLE), (f" {label}", _SUBTLE)) for key, label in pairs
        ]
        _update_static(hint, _Packed(items))


def _field(label: str, value: str) -> Content:
    return Content.assemble((f"{label} ", _SUBTLE), value, strip_control_codes=False)


_RELATION_STYLES = {
    "supports": "$text-success",
    "refutes": "$text-error",
    "context": "$text-secondary",
}


def _claim_blocks(a: Annotation) -> list[Content]:
    """A claim's fields, one block per line, shown above its quote: who claims it, its verdict
    and how far checking it went, its type, and the checker's conclusion and rationale."""
    status = _verdict(a)
    if status is None:
        return []
    check = a.check
    verdict: list[str | tuple[str, str]] = [("Verdict ", _SUBTLE), _verdict_badge(status)]
    if check is not None:
        verdict.extend(((" · ", _SUBTLE), (check.status.replace("-", " "), _SUBTLE)))
    verdict.extend((("   Type ", _SUBTLE), a.claim_type or "—"))
    blocks = [
        _field("Claimant", display_safe(a.claimant or "") or "—"),
        Content.assemble(*verdict, strip_control_codes=False),
    ]
    if check is not None and check.conclusion:
        blocks.append(_field("Conclusion", display_safe(check.conclusion)))
    if check is not None and check.rationale:
        blocks.append(_field("Rationale", display_safe(check.rationale)))
    if check is not None and check.checked_at is not None:
        who = f" by {display_safe(check.checked_by)}" if check.checked_by else ""
        blocks.append(Content.styled(f"Checked {_when(check.checked_at)}{who}", _SUBTLE))
    return blocks


def _detail_blocks(a: Annotation, selected_source: int) -> tuple[list[Content], list[int]]:
    """The detail below the quote as blocks (one per line before wrapping), and the index of
    the block where each source starts (for scrolling to the selected one)."""
    blocks: list[Content] = []
    if a.note.strip():
        blocks.append(_field("Note", display_safe(a.note)))
    else:
        blocks.append(Content.styled("Note none", _SUBTLE))
    blocks.append(
        Content.styled(f"Sources ({len(a.sources)})" if a.sources else "Sources none", _SUBTLE)
    )
    source_lines: list[int] = []
    several = len(a.sources) > 1
    for index, source in enumerate(a.sources):
        selected = several and index == selected_source
        source_lines.append(len(blocks))
        title = display_safe(source.title.strip()) or "(untitled)"
        blocks.append(
            Content.assemble(
                ("▸ " if selected else "  ", _KEY_STYLE),
                (source.relation, _RELATION_STYLES.get(source.relation, _SUBTLE)),
                " ",
                (title, "bold" if selected else ""),
                strip_control_codes=False,
            )
        )
        blocks.append(
            Content.assemble(
                "    ",
                (display_safe(source.url), "$text-muted underline"),
                strip_control_codes=False,
            )
        )
    stamp = f"Created {_when(a.created_at)}"
    if a.creator:
        stamp += f" by {display_line(a.creator)}"
    if a.updated_at != a.created_at:
        stamp += f" · edited {_when(a.updated_at)}"
    blocks.append(Content.styled(stamp, _SUBTLE))
    return blocks, source_lines
