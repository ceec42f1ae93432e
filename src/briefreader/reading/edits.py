"""One change the user makes to an annotation, kept apart from the version it was made on.

When someone else saved the annotation in between (the Store raises ``Conflict``), the same
change can be previewed on top of their version (:meth:`Edit.apply`, what the conflict dialog
shows as "Yours") and saved there (:meth:`Edit.save`, with their revision as the expected one).
An edit holds only what the user changed: fields they left alone and tags they did not touch
keep whatever the other version has, so "overwrite with mine" overwrites only what was mine.

No Textual here; the Store's heavy modules are imported only when an edit is saved.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefreader import vocabulary
from briefreader.store.errors import Conflict
from briefreader.store.records import (
    UNCHECKED_CLAIM,
    Annotation,
    ClaimCheck,
    Source,
    SourceInput,
)
from briefreader.text.validate import single_line

if TYPE_CHECKING:
    from briefreader.store.api import Store

#: The fields ``update_annotation`` / ``apply_changes`` take by name: the annotation's own and
#: a claim's check (``CHECK``, held in ``Annotation.check``).
CHECK = ("check_status", "conclusion", "rationale", "contacted_at", "contact_outcome")
FIELDS = ("kind", "note", "color", "claimant", "claim_type", "claim_status", *CHECK)
#: A check field's attribute in :class:`ClaimCheck`.
_IN_CHECK = {
    "check_status": "status",
    "conclusion": "conclusion",
    "rationale": "rationale",
    "contacted_at": "contacted_at",
    "contact_outcome": "contact_outcome",
}
#: The verdicts that say a claim was checked (the Store marks it so: see store/claims.py).
_FINDINGS = tuple(v for v in vocabulary.VERDICTS if v != vocabulary.UNCHECKED)


def field_value(annotation: Annotation, name: str) -> Any:
    """One of :data:`FIELDS` as ``annotation`` has it (a check field: None for no check)."""
    if name in _IN_CHECK:
        check = annotation.check
        return None if check is None else getattr(check, _IN_CHECK[name])
    return getattr(annotation, name)


def _clean(name: str, value: Any) -> Any:
    """A field's value as the Store will keep it, so an unchanged field compares equal."""
    if name in ("note", "rationale"):
        return str(value or "").strip()
    if name in ("claimant", "conclusion", "contact_outcome"):
        return single_line(value) or None if value else None
    return value


@dataclass(frozen=True)
class Edit:
    """What one command changes: fields, tags added/removed, sources added/removed, putting an
    orphan on a span (``attach``: start, end and the text there) or accepting changed text."""

    fields: Mapping[str, Any] = field(default_factory=dict)
    add_tags: frozenset[str] = frozenset()
    remove_tags: frozenset[str] = frozenset()
    add_sources: tuple[SourceInput, ...] = ()
    remove_sources: frozenset[int] = frozenset()
    attach: tuple[int, int, str] | None = None
    accept_text: bool = False

    @classmethod
    def between(cls, base: Annotation, *, tags: Iterable[str] | None = None, **fields: Any) -> Edit:
        """The edit from ``base`` to these field values and (when given) this tag list,
        keeping only what differs from ``base``."""
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise TypeError(f"not an annotation field: {', '.join(sorted(unknown))}")
        changed = {
            name: _clean(name, value)
            for name, value in fields.items()
            if _clean(name, value) != field_value(base, name)
        }
        add: frozenset[str] = frozenset()
        remove: frozenset[str] = frozenset()
        if tags is not None:
            wanted, had = frozenset(tags), frozenset(base.tags)
            add, remove = wanted - had, had - wanted
        return cls(changed, add, remove)

    def __bool__(self) -> bool:
        return bool(
            self.fields
            or self.add_tags
            or self.remove_tags
            or self.add_sources
            or self.remove_sources
            or self.attach
            or self.accept_text
        )

    def apply(self, on: Annotation) -> Annotation:
        """``on`` with this edit made to it, as saving it would (near enough to show)."""
        values: dict[str, Any] = {k: v for k, v in self.fields.items() if k not in _IN_CHECK}
        kind = values.get("kind", on.kind)
        if kind != "claim":
            # As the Store does: a highlight or note has no verdict fields, and no check.
            values["claim_type"] = values["claim_status"] = values["check"] = None
        else:
            if values.get("claim_status", on.claim_status) is None:
                values["claim_status"] = "unverified"
            values["check"] = self._check(on, values.get("claim_status", on.claim_status))
        if self.add_tags or self.remove_tags:
            values["tags"] = tuple(sorted((set(on.tags) | self.add_tags) - self.remove_tags))
        if self.add_sources or self.remove_sources:
            kept = tuple(s for s in on.sources if s.id not in self.remove_sources)
            added = tuple(
                Source(
                    0,
                    on.id,
                    s.url,
                    s.title,
                    s.relation,
                    s.note,
                    quote=s.quote,
                    author=s.author,
                    publisher=s.publisher,
                    published=s.published,
                    accessed_at=s.accessed_at,
                    archive_url=s.archive_url,
                )
                for s in self.add_sources
            )
            values["sources"] = kept + added
        if self.attach is not None:
            start, end, quote = self.attach
            previous = on.previous_quote
            if quote != on.quote and previous is None:
                previous = on.quote
            elif quote == previous:
                previous = None
            values.update(start=start, end=end, quote=quote, orphan=False, previous_quote=previous)
        if self.accept_text:
            values["previous_quote"] = None
        return dataclasses.replace(on, **values)

    def _check(self, on: Annotation, verdict: str | None) -> ClaimCheck:
        """The claim's check with this edit made (a finding given to a claim still to check
        marks it checked, as the Store does)."""
        check = on.check or UNCHECKED_CLAIM
        given = {_IN_CHECK[k]: v for k, v in self.fields.items() if k in _IN_CHECK}
        if (
            verdict in _FINDINGS
            and verdict != on.claim_status
            and "status" not in given
            and check.status in (vocabulary.TO_CHECK, "checking")
        ):
            given["status"] = vocabulary.CHECKED
        return dataclasses.replace(check, **given) if given else check

    def save(self, store: Store, on: Annotation) -> Annotation:
        """Save this edit on top of ``on``, which must still be the stored version: raises
        ``Conflict`` if it changed since, ``NotFound`` if it was deleted."""
        if self.attach is not None:
            start, end, _ = self.attach
            return store.reattach_annotation(on.id, start, end, expected_revision=on.revision)
        if self.accept_text:
            return store.accept_text_change(on.id, expected_revision=on.revision)
        from briefreader.store.api import AnnotationChange

        tags = None
        if self.add_tags or self.remove_tags:
            tags = tuple(sorted((set(on.tags) | self.add_tags) - self.remove_tags))
        present = {s.id for s in on.sources}
        change = AnnotationChange(
            on.id,
            expected_revision=on.revision,
            fields=dict(self.fields),
            tags=tags,
            add_sources=self.add_sources,
            remove_sources=tuple(sorted(self.remove_sources & present)),
        )
        if not (change.fields or tags is not None or change.add_sources or change.remove_sources):
            # Nothing left to do on this version (its sources were already removed there):
            # still, only if it is what is stored.
            current = store.get_annotation(on.id)
            if current.revision != on.revision:
                raise Conflict("this annotation was changed elsewhere since you opened it", current)
            return current
        return store.apply_changes([change])[0]
