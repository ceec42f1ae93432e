"""Tags in their own right, on SQLite and PostgreSQL: usage counts; rename (colour and quick key
go along), merge into an existing tag, delete — each put back exactly by its snapshot (undo);
every annotation whose tags changed gets a new revision (an open reader notices)."""

from __future__ import annotations

import pytest

from briefreader.ingest.model import content_hash
from briefreader.store.api import InvalidValue, NewAnnotation, NewBrief, NotFound, Store

pytestmark = pytest.mark.all_backends

BODY = "Exports rose by 40% in 2023. Imports fell. The minister spoke."


def library(store: Store) -> tuple[int, list[int]]:
    brief_id = store.import_brief(NewBrief(BODY, "Trade", content_hash(BODY), 12)).brief.id
    made = [
        store.create_annotation(brief_id, NewAnnotation(0, 27, tags=("trade", "pakistan"))).id,
        store.create_annotation(brief_id, NewAnnotation(28, 41, tags=("trade",))).id,
        store.create_annotation(brief_id, NewAnnotation(42, 62, tags=("economy",))).id,
    ]
    store.set_brief_tags(brief_id, ["trade"])
    store.update_tag("trade", color="#d08770", quick_key=3)
    return brief_id, made


def usage(store: Store) -> dict[str, tuple[int, int]]:
    return {u.tag.name: (u.annotations, u.briefs) for u in store.tag_usage()}


def tags_of(store: Store, ids: list[int]) -> list[tuple[str, ...]]:
    return [store.get_annotation(i).tags for i in ids]


def test_usage_rename_and_undo(db_url: str) -> None:
    with Store.open(db_url) as store:
        brief_id, ids = library(store)
        assert usage(store) == {"economy": (1, 0), "pakistan": (1, 0), "trade": (2, 1)}
        revisions = [store.get_annotation(i).revision for i in ids]
        snapshot = store.rename_tag("trade", "Commerce")
        assert usage(store) == {"commerce": (2, 1), "economy": (1, 0), "pakistan": (1, 0)}
        renamed = next(u.tag for u in store.tag_usage() if u.tag.name == "commerce")
        assert (renamed.color, renamed.quick_key) == ("#d08770", 3)  # they go along
        assert tags_of(store, ids) == [("commerce", "pakistan"), ("commerce",), ("economy",)]
        after = [store.get_annotation(i).revision for i in ids]
        assert after == [revisions[0] + 1, revisions[1] + 1, revisions[2]]
        assert store.get_brief(brief_id).tags == ("commerce",)
        store.restore_tag(snapshot)
        assert usage(store) == {"economy": (1, 0), "pakistan": (1, 0), "trade": (2, 1)}
        with pytest.raises(InvalidValue):
            store.rename_tag("trade", "TRADE")
        with pytest.raises(NotFound):
            store.rename_tag("nothing", "else")


def test_merge_into_an_existing_tag_and_undo(db_url: str) -> None:
    with Store.open(db_url) as store:
        brief_id, ids = library(store)
        store.update_tag("economy", color="#88c0d0")
        snapshot = store.rename_tag("trade", "economy")
        assert snapshot.merged
        assert usage(store) == {"economy": (3, 1), "pakistan": (1, 0)}
        assert tags_of(store, ids) == [("economy", "pakistan"), ("economy",), ("economy",)]
        economy = next(u.tag for u in store.tag_usage() if u.tag.name == "economy")
        assert economy.color == "#88c0d0"  # the tag merged into keeps its own look
        store.restore_tag(snapshot)
        assert usage(store) == {"economy": (1, 0), "pakistan": (1, 0), "trade": (2, 1)}
        assert tags_of(store, ids) == [("pakistan", "trade"), ("trade",), ("economy",)]
        trade = next(u.tag for u in store.tag_usage() if u.tag.name == "trade")
        assert (trade.color, trade.quick_key) == ("#d08770", 3)
        assert store.get_brief(brief_id).tags == ("trade",)


def test_delete_and_undo_and_what_changed_meanwhile(db_url: str) -> None:
    with Store.open(db_url) as store:
        _brief_id, ids = library(store)
        snapshot = store.remove_tag("trade")
        assert "trade" not in usage(store)
        assert tags_of(store, ids) == [("pakistan",), (), ("economy",)]
        store.delete_annotation(ids[1])  # gone meanwhile: not brought back by the undo
        store.update_tag("economy", quick_key=3)  # its quick key taken meanwhile
        restored = store.restore_tag(snapshot)
        assert restored.quick_key is None and restored.color == "#d08770"
        assert usage(store)["trade"] == (1, 1)
        assert tags_of(store, [ids[0]]) == [("pakistan", "trade")]
        # A tag of the same name made meanwhile: the undo says so and changes nothing.
        snapshot = store.remove_tag("pakistan")
        store.ensure_tag("pakistan")
        with pytest.raises(InvalidValue, match="made since"):
            store.restore_tag(snapshot)


def test_completion_offers_the_most_used_tag_first(db_url: str) -> None:
    import asyncio

    from briefreader.tui.screens.dialogs.completion import TagListSuggester

    with Store.open(db_url) as store:
        library(store)
        store.ensure_tag("tractor")  # nobody uses it
        order = store.tags_by_use()
        assert order[0] == "trade" and order[-1] == "tractor"
        suggester = TagListSuggester(order)
        assert asyncio.run(suggester.get_suggestion("tr")) == "trade"
        assert asyncio.run(suggester.get_suggestion("tra, trac")) == "tra, tractor"
