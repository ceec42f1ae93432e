"""The detail part of the panel: the current annotation's kind, quote, note, claim and
sources, the key hint below them, and the panel's code that redraws them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic

from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.widgets import Static

from briefreader.store.records import Annotation
from briefreader.text.display import display_safe
from briefreader.tui.keys import key_for
from briefreader.tui.widgets.panel.orphans import _OrphanList, quote_changes
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
from briefreader.tui.widgets.panel.state import _PanelBase

#: Seconds between redraws of the detail while the current annotation keeps changing.
DETAIL_DELAY = 0.05

# ---------------------------------------------------------------------------------- the panel


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


class _PanelDetail(_PanelBase):
    """AnnotationPanel's detail part (a mixin: the panel is the widget)."""

    def _request_detail(self) -> None:
        """Show the current annotation's detail now, or shortly if it was just redrawn: holding
        a key down moves through the list at key-repeat speed, and redrawing the detail (a
        relayout) on every step would make the list lag behind the keys."""
        if not self.is_mounted or self._detail_timer is not None:
            return
        if monotonic() - self._detail_shown_at >= DETAIL_DELAY:
            self._show_detail()
        else:
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._flush_detail)

    def _flush_detail(self) -> None:
        self._detail_timer = None
        self._show_detail()

    def _show_detail(self) -> None:
        if not self.is_mounted:
            return
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        self._detail_shown_at = monotonic()
        a = self._detail_target
        shown = (a, self._source_index) if a is not None else bool(self._state.annotations)
        if shown == self._detail_shown:
            return
        self._detail_shown = shown
        self._sync_bindings()
        head = self.query_one("#detail-head", Static)
        quote = self.query_one("#detail-quote", Static)
        body = self.query_one("#detail-body", Static)
        if a is None:
            if self._state.annotations:
                text = "Nothing under the cursor. Tab to the list to pick an annotation."
            else:
                text = "No annotations yet."
            _update_static(head, Content.styled(text, _SUBTLE))
            quote.display = body.display = False
            self._show_hint()
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
        self._source_index = min(self._source_index, max(len(a.sources) - 1, 0))
        blocks, self._source_lines = _detail_blocks(a, self._source_index)
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
        self._detail_blocks = blocks
        _update_static(body, Content("\n").join(blocks))
        self._show_hint()

    def _scroll_to_source(self) -> None:
        """Scroll the detail so the selected source (title and URL) is in view."""
        a = self._detail_target
        if a is None or not a.sources or self._source_index >= len(self._source_lines):
            return
        body = self.query_one("#detail-body", Static)
        width = body.content_region.width
        if width <= 0:
            return
        first_block = self._source_lines[self._source_index]
        rules: RulesMap = {}  # the body wraps with the defaults
        heights = [block.get_height(rules, width) for block in self._detail_blocks]
        top = sum(heights[:first_block])
        height = sum(heights[first_block : first_block + 2])
        y = body.virtual_region.y + top
        self._scroll.scroll_to_region(
            Region(0, y, width, height), animate=False, immediate=True, force=True
        )

    def _show_hint(self) -> None:
        a = self._detail_target
        hint = self.query_one("#detail-hint", Static)
        items: list[Content] = []
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
        for key, label in pairs:
            items.append(Content.assemble((key, _KEY_STYLE), (f" {label}", _SUBTLE)))
        _update_static(hint, _Packed(items))

    def _key_for(self, binding_id: str) -> str | None:
        """The key bound to ``binding_id`` now (the user's keymap wins), as shown to people."""
        bindings = self._bindings_by_id()
        if self.is_mounted:
            # Keys the screen owns (attach an orphan) are hinted here too.
            bindings += [b for b in self.screen.BINDINGS if isinstance(b, Binding)]
        return key_for(self, binding_id, None, bindings)

    @classmethod
    def _bindings_by_id(cls) -> list[Binding]:
        return [b for b in (*cls.BINDINGS, *_OrphanList.BINDINGS) if isinstance(b, Binding)]

    def _sync_bindings(self) -> None:
        """Tell the footer when what :meth:`check_action` depends on changed, while it shows the
        panel's keys (the article no longer asks the footer to redraw on every cursor move)."""
        a = self._detail_target
        state = (
            None if a is None else (min(len(a.sources), 2), a.previous_quote is not None, a.orphan)
        )
        if state != self._bindings_state:
            self._bindings_state = state
            if self.is_mounted and self.has_focus_within:
                self.refresh_bindings()


def _field(label: str, value: str) -> Content:
    return Content.assemble((f"{label} ", _SUBTLE), value, strip_control_codes=False)


_RELATION_STYLES = {
    "supports": "$text-success",
    "refutes": "$text-error",
    "context": "$text-secondary",
}


def _detail_blocks(a: Annotation, selected_source: int) -> tuple[list[Content], list[int]]:
    """The detail below the quote as blocks (one per line before wrapping), and the index of
    the block where each source starts (for scrolling to the selected one)."""
    blocks: list[Content] = []
    if a.note.strip():
        blocks.append(_field("Note", display_safe(a.note)))
    else:
        blocks.append(Content.styled("Note none", _SUBTLE))
    status = _verdict(a)
    if status is not None:
        blocks.append(_field("Claimant", display_safe(a.claimant or "") or "—"))
        blocks.append(_field("Type", a.claim_type or "—"))
        blocks.append(Content.assemble(("Verdict ", _SUBTLE), _verdict_badge(status)))
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
    if a.updated_at != a.created_at:
        stamp += f" · edited {_when(a.updated_at)}"
    blocks.append(Content.styled(stamp, _SUBTLE))
    return blocks, source_lines
