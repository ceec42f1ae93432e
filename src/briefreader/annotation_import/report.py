"""What an annotation import did (or, for a dry run, would do) with every record of a file:
:class:`ImportReport` and its :class:`ReportItem` lines, ready to print."""

from __future__ import annotations

from dataclasses import dataclass

from briefreader.exchange.importers import FORMAT_NAMES


@dataclass(frozen=True)
class ReportItem:
    """One record's outcome: where it came from and what happened (or why not)."""

    origin: str
    description: str
    annotation_id: int | None = None
    brief_id: int | None = None

    def line(self) -> str:
        ref = f" #{self.annotation_id}" if self.annotation_id is not None else ""
        return f"{self.origin}:{ref} {self.description}"


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, for a dry run, would do) with every record of the file."""

    format: str
    dry_run: bool = False
    created: tuple[ReportItem, ...] = ()
    updated: tuple[ReportItem, ...] = ()
    unchanged: tuple[ReportItem, ...] = ()
    orphaned: tuple[ReportItem, ...] = ()
    skipped: tuple[ReportItem, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.orphaned)

    def summary(self) -> str:
        """``Readwise CSV: 3 created, 1 updated, 2 unchanged, 1 orphaned, 2 skipped``."""
        name = FORMAT_NAMES.get(self.format, self.format)
        counts = ", ".join(
            f"{len(items)} {label}"
            for label, items in (
                ("created", self.created),
                ("updated", self.updated),
                ("unchanged", self.unchanged),
                ("orphaned", self.orphaned),
                ("skipped", self.skipped),
            )
        )
        suffix = " (dry run: nothing was written)" if self.dry_run else ""
        return f"{name}: {counts}{suffix}"

    def lines(self, *, unchanged: bool = False) -> list[str]:
        """The summary, then one line per record (unchanged ones only when asked)."""
        out = [self.summary()]
        groups: list[tuple[str, tuple[ReportItem, ...]]] = [
            ("created", self.created),
            ("updated", self.updated),
            ("orphaned", self.orphaned),
            ("skipped", self.skipped),
        ]
        if unchanged:
            groups.insert(2, ("unchanged", self.unchanged))
        for label, items in groups:
            out.extend(f"  {label:<9} {item.line()}" for item in items)
        return out
