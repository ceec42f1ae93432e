"""The tags of the library, looked after in one place: every tag with how many annotations and
briefs carry it (the most used first), and the keys that rename one (into another tag's name:
the two are merged), delete one everywhere, and undo each of those (``u``, as many times as
there were changes while the dialog was open).

Every change is saved through the app's writes (never on the event loop) and the list read
again; a change refused (read-only, busy, a name taken since) is said in the dialog. Readers and
the desk notice the changed annotations through their usual look for changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from briefreader.text.display import display_line
from briefreader.text.validate import InvalidValue, normalise_tag
from briefreader.tui.screens.dialogs.base import (
    CompletingInput,
    Dialog,
    FieldError,
    FieldLabel,
)
from briefreader.tui.screens.dialogs.completion import PrefixSuggester
from briefreader.tui.screens.dialogs.simple import ConfirmDialog

if TYPE_CHECKING:
    from briefreader.store.api import Store, TagSnapshot, TagUsage
    from briefreader.tui.app import BriefReaderApp


def _line(usage: TagUsage) -> Content:
    counts = f"{usage.annotations:,} annotation{'s' if usage.annotations != 1 else ''}"
    if usage.briefs:
        counts += f" · {usage.briefs:,} brief{'s' if usage.briefs != 1 else ''}"
    if not usage.annotations and not usage.briefs:
        counts = "unused"
    key = f" · key {usage.tag.quick_key}" if usage.tag.quick_key else ""
    return Content.assemble(
        Content(f"{display_line(usage.tag.name)[:40]:<40} "),
        Content.styled(counts + key, "$text-muted"),
    )


class RenameTagDialog(Dialog[str]):
    """A tag's new name; another tag's name merges the two (said under the field)."""

    KIND = "Rename tag"
    HINT = "Enter save · Esc cancel"

    def __init__(self, name: str, others: list[str]) -> None:
        super().__init__(kind=f"Rename tag “{name}”")
        self.tag_name = name
        self.others = others

    def compose_body(self) -> ComposeResult:
        yield FieldLabel("New name", "another tag's name merges the two · → completes")
        yield CompletingInput(
            self.tag_name,
            suggester=PrefixSuggester(self.others),
            select_on_focus=False,
            id="name",
        )
        yield FieldError(id="name-error")

    def collect(self) -> str:
        field = self.query_one("#name", Input)
        error = self.query_one("#name-error", FieldError)
        try:
            new = normalise_tag(field.value)
        except InvalidValue as exc:
            raise self.fail(error, str(exc), field) from None
        if new == self.tag_name:
            raise self.fail(error, "That is its name already.", field)
        return new


class TagManager(Dialog[None]):
    """Every tag, renamed, merged, deleted and undone by keys (module docstring)."""

    KIND = "Tags"
    HINT = "Enter/r rename or merge · x delete · u undo · Esc close"
    CONFIRM_LABEL = "Close"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,f2", "rename", "Rename", show=False, id="tags.rename"),
        Binding("x,delete", "delete", "Delete", show=False, id="tags.delete"),
        Binding("u", "undo", "Undo", show=False, id="tags.undo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.usage: list[TagUsage] = []
        #: The changes made here, the last one last (``u`` puts them back).
        self.done: list[TagSnapshot] = []

    @property
    def brapp(self) -> BriefReaderApp:
        return cast("BriefReaderApp", self.app)

    def compose_body(self) -> ComposeResult:
        yield OptionList(id="tag-list")
        yield Static("", id="tag-said")

    def on_mount(self) -> None:
        self.read()

    def read(self, select: str | None = None) -> None:
        """The tags again (a few milliseconds), the cursor on ``select`` or where it was."""
        listing = self.query_one("#tag-list", OptionList)
        at = listing.highlighted
        current = self.current()
        try:
            usage = self.brapp.store.tag_usage()
        except Exception as exc:
            self.say(f"The tags could not be read: {exc}")
            return
        usage.sort(key=lambda u: (-(u.annotations + u.briefs), u.tag.name))
        self.usage = usage
        listing.clear_options()
        listing.add_options([Option(_line(u)) for u in usage])
        if not usage:
            self.say("No tags yet: t in the reader tags an annotation.")
            return
        wanted = select or (current.tag.name if current else None)
        found = next((i for i, u in enumerate(usage) if u.tag.name == wanted), None)
        listing.highlighted = found if found is not None else min(at or 0, len(usage) - 1)
        listing.focus()

    def current(self) -> TagUsage | None:
        listing = self.query_one("#tag-list", OptionList)
        at = listing.highlighted
        return self.usage[at] if at is not None and 0 <= at < len(self.usage) else None

    def say(self, message: str) -> None:
        self.query_one("#tag-said", Static).update(Content(message))

    def _write(self, label: str, call: Callable[[Store], Any], then: Callable[[Any], None]) -> None:
        refusal = self.brapp.edit_refusal()
        if refusal is not None:
            self.say(refusal)
            return
        self.brapp.writes.run(label, call, then, lambda exc: self.say(f"Not saved: {exc}"))

    def action_rename(self) -> None:
        usage = self.current()
        if usage is None:
            return
        name = usage.tag.name
        others = [u.tag.name for u in self.usage if u.tag.name != name]

        def renamed(new: str | None) -> None:
            if new is None:
                return

            def done(snapshot: TagSnapshot) -> None:
                self.done.append(snapshot)
                verb = "Merged into" if snapshot.merged else "Renamed to"
                self.say(
                    f"{verb} “{new}” on {len(snapshot.annotation_ids):,} annotations (u undoes)."
                )
                self.read(select=new)

            self._write("rename tag", lambda store: store.rename_tag(name, new), done)

        self.app.push_screen(RenameTagDialog(name, others), renamed)

    def action_delete(self) -> None:
        usage = self.current()
        if usage is None:
            return
        name = usage.tag.name
        where = f"{usage.annotations:,} annotations" + (
            f" and {usage.briefs:,} briefs" if usage.briefs else ""
        )

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def done(snapshot: TagSnapshot) -> None:
                self.done.append(snapshot)
                self.say(f"Deleted “{name}” from {where} (u undoes).")
                self.read()

            self._write("delete tag", lambda store: store.remove_tag(name), done)

        self.app.push_screen(
            ConfirmDialog("Delete tag", f"Delete the tag “{name}” from {where}?"), confirmed
        )

    def action_undo(self) -> None:
        if not self.done:
            self.say("Nothing to undo here.")
            return
        snapshot = self.done[-1]

        def undone(_tag: object) -> None:
            self.done.pop()
            self.say(f"Undone: “{snapshot.tag.name}” is back as it was.")
            self.read(select=snapshot.tag.name)

        self._write("undo tag change", lambda store: store.restore_tag(snapshot), undone)

    @on(OptionList.OptionSelected, "#tag-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_rename()  # Enter on a tag: rename it

    def collect(self) -> None:
        return None
