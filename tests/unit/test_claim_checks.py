"""A claim's check (schema version 4), on SQLite and PostgreSQL: its status apart from its
verdict, conclusion and rationale, who checked it and when, and the history of every change
(a verdict changed after checking is a correction); who made each annotation; and libraries
of every older version upgraded with their claims' status worked out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from briefreader.store.api import (
    Conflict,
    InvalidValue,
    NewAnnotation,
    NewBrief,
    Store,
)
from briefreader.store.schema import CURRENT_VERSION
from tests.unit.test_store import library_at

pytestmark = pytest.mark.all_backends

TEXT = "Russia is now the largest supplier of crude oil. Trade doubled since 2020. Fine."


def brief(store: Store) -> int:
    return store.import_brief(
        NewBrief(text=TEXT, title="Oil", content_hash="sha256:oil", word_count=14)
    ).brief.id


def test_a_new_claim_is_to_be_checked_and_its_maker_is_kept(store: Store) -> None:
    store.user = "ayesha"
    brief_id = brief(store)
    claim = store.create_annotation(brief_id, NewAnnotation(0, 48, kind="claim"))
    assert claim.check is not None and claim.check.status == "to-check"
    assert claim.creator == "ayesha"
    note = store.create_annotation(brief_id, NewAnnotation(49, 73, kind="note"))
    assert note.check is None and note.creator == "ayesha"
    imported = store.create_annotation(
        brief_id, NewAnnotation(49, 73, kind="claim", claim_status="refuted", creator="bilal")
    )
    assert imported.creator == "bilal"
    assert imported.check is not None and imported.check.status == "checked"
    # Made with its finding (the claim dialog on new text, `annotate --verdict`): checked now,
    # by whoever made it.
    assert imported.check.checked_by == "ayesha" and imported.check.checked_at is not None
    with pytest.raises(InvalidValue, match="claims only"):
        store.create_annotation(brief_id, NewAnnotation(0, 5, rationale="why"))


def test_a_verdict_checks_the_claim_and_every_change_is_in_its_history(store: Store) -> None:
    brief_id = brief(store)
    claim = store.create_annotation(brief_id, NewAnnotation(0, 48, kind="claim"))
    store.user = "ayesha"
    checking = store.update_annotation(claim.id, check_status="checking")
    assert checking.check is not None and checking.check.checked_by is None
    checked = store.update_annotation(
        claim.id,
        claim_status="refuted",
        conclusion="False: it is the third largest",
        rationale="Customs data 2024, table 3",
    )
    check = checked.check
    assert check is not None
    assert (check.status, check.checked_by) == ("checked", "ayesha")
    assert check.checked_at is not None and check.checked_at.tzinfo is not None
    assert (check.conclusion, check.rationale) == (
        "False: it is the third largest",
        "Customs data 2024, table 3",
    )
    history = store.claim_history(claim.id)
    assert [(h.field, h.old, h.new, h.correction) for h in history] == [
        ("check_status", "to-check", "checking", False),
        ("check_status", "checking", "checked", False),
        ("claim_status", "unverified", "refuted", False),
        ("conclusion", None, "False: it is the third largest", False),
        ("rationale", "", "Customs data 2024, table 3", False),
    ]
    assert {h.by for h in history} == {"ayesha"}
    assert history[-1].rationale == "Customs data 2024, table 3"
    # Changed after it was checked: a correction, by whoever made it.
    store.user = "bilal"
    corrected = store.update_annotation(claim.id, claim_status="disputed")
    assert corrected.check is not None and corrected.check.checked_by == "bilal"
    last = store.claim_history(claim.id)[-1]
    assert (last.field, last.old, last.new, last.correction, last.by) == (
        "claim_status",
        "refuted",
        "disputed",
        True,
        "bilal",
    )
    # Nothing tracked changed: nothing added.
    store.update_annotation(claim.id, note="a note")
    assert len(store.claim_history(claim.id)) == 6


def test_check_fields_are_validated_and_apply_to_claims_only(store: Store) -> None:
    brief_id = brief(store)
    claim = store.create_annotation(brief_id, NewAnnotation(0, 48, kind="claim"))
    note = store.create_annotation(brief_id, NewAnnotation(49, 73, kind="note"))
    with pytest.raises(InvalidValue, match="check status 'done'"):
        store.update_annotation(claim.id, check_status="done")
    with pytest.raises(InvalidValue, match="claims only"):
        store.update_annotation(note.id, check_status="checked")
    assert store.claim_history(claim.id) == []  # a refused change leaves no trace
    contacted = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    claim = store.update_annotation(
        claim.id, contacted_at=contacted, contact_outcome="  No reply\nyet "
    )
    assert claim.check is not None
    assert (claim.check.contacted_at, claim.check.contact_outcome) == (contacted, "No reply yet")
    # A claim made a note drops its check (the history says so).
    made_note = store.update_annotation(claim.id, kind="note")
    assert made_note.check is None and made_note.claim_status is None
    assert [(h.field, h.new) for h in store.claim_history(claim.id)] == [
        ("check_status", None),
        ("claim_status", None),
    ]


def test_undo_is_a_change_in_the_history_and_a_deleted_claim_keeps_its_history(
    store: Store,
) -> None:
    brief_id = brief(store)
    before = store.create_annotation(brief_id, NewAnnotation(0, 48, kind="claim"))
    store.update_annotation(before.id, claim_status="supported")
    restored = store.restore_annotation(before)  # undo
    assert restored.claim_status == "unverified"
    assert restored.check is not None and restored.check.status == "to-check"
    assert [(h.field, h.old, h.new) for h in store.claim_history(before.id)][-2:] == [
        ("check_status", "checked", "to-check"),
        ("claim_status", "supported", "unverified"),
    ]
    kept = len(store.claim_history(before.id))
    gone = store.delete_annotation(before.id)
    assert len(store.claim_history(before.id)) == kept
    store.restore_annotation(gone)  # undo of the delete: as it was, no new entry
    assert len(store.claim_history(before.id)) == kept


def test_a_stale_verdict_is_refused_and_leaves_no_history(db_url: str) -> None:
    with Store.open(db_url) as mine, Store.open(db_url) as theirs:
        brief_id = brief(mine)
        claim = mine.create_annotation(brief_id, NewAnnotation(0, 48, kind="claim"))
        theirs.update_annotation(claim.id, claim_status="refuted", expected_revision=1)
        with pytest.raises(Conflict):
            mine.update_annotation(claim.id, claim_status="supported", expected_revision=1)
        assert [h.new for h in mine.claim_history(claim.id)] == ["checked", "refuted"]


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_a_library_of_every_older_version_is_upgraded_with_its_claims_status(
    new_db_url: Callable[[str], str], version: int
) -> None:
    """Made as briefreader 1 made it, taken to ``version`` by the upgrades of the time, given
    a checked and an unchecked claim there, then opened."""
    url = new_db_url(f"v{version}")
    library_at(url, version, "UPDATE annotation SET claim_status = 'refuted' WHERE id = 1")
    with Store.open(url) as store:
        old = store.get_annotation(1)
        assert old.kind == "claim" and old.claim_status == "refuted"
        assert old.check is not None and old.check.status == "checked"
        assert old.creator is None and store.claim_history(1) == []
        unverified = store.update_annotation(1, claim_status="unverified")
        assert unverified.check is not None and unverified.check.status == "checked"
        assert [h.correction for h in store.claim_history(1)] == [True]
        new = store.create_annotation(1, NewAnnotation(0, 8, kind="claim"))
        assert new.check is not None and new.check.status == "to-check"
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version FROM schema_version")).scalar_one() == (
                CURRENT_VERSION
            )
