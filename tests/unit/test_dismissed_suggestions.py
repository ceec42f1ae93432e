"""Suggestions dismissed in a brief (schema 6), on SQLite and PostgreSQL: kept by the sentence's
words, whatever its offsets; the same sentence dismissed twice is one dismissal; a brief's
dismissals go with it; every older library is upgraded to hold them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text

from briefreader.ingest.model import content_hash
from briefreader.store.api import NewBrief, NotFound, Store, suggestion_key
from briefreader.store.schema import CURRENT_VERSION
from tests.unit.test_store import library_at

SENTENCE = "Trade between the two countries grew by 40% in 2023."


def brief(store: Store, body: str = SENTENCE) -> int:
    new = NewBrief(text=body, title="t", content_hash=content_hash(body), word_count=9)
    return store.import_brief(new).brief.id


def test_a_dismissal_is_kept_by_the_words_of_the_sentence(db_url: str) -> None:
    with Store.open(db_url) as store:
        brief_id = brief(store)
        other = brief(store, "Another brief.")
        assert store.dismissed_suggestions(brief_id) == frozenset()
        store.dismiss_suggestion(brief_id, SENTENCE)
        store.dismiss_suggestion(
            brief_id, "  trade between the two\ncountries GREW by 40% in 2023. "
        )
        assert store.dismissed_suggestions(brief_id) == {suggestion_key(SENTENCE)}
        assert store.dismissed_suggestions(other) == frozenset()
        assert suggestion_key(SENTENCE) != suggestion_key(SENTENCE.replace("40%", "14%"))
        store.undismiss_suggestion(brief_id, SENTENCE)
        assert store.dismissed_suggestions(brief_id) == frozenset()
        with pytest.raises(NotFound):
            store.dismiss_suggestion(10_000, SENTENCE)
        store.dismiss_suggestion(brief_id, SENTENCE)
        store.delete_brief(brief_id)
        with store.engine.connect() as conn:
            left = conn.execute(text("SELECT COUNT(*) FROM dismissed_suggestion")).scalar_one()
        assert left == 0


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5])
def test_every_older_library_is_upgraded_to_keep_dismissals(
    new_db_url: Callable[[str], str], version: int
) -> None:
    url = new_db_url(f"v{version}")
    library_at(url, version)
    with Store.open(url) as store:
        brief_id = store.list_briefs()[0].id
        store.dismiss_suggestion(brief_id, SENTENCE)
        assert store.dismissed_suggestions(brief_id) == {suggestion_key(SENTENCE)}
        with store.engine.connect() as conn:
            found = conn.execute(text("SELECT version FROM schema_version")).scalar_one()
        assert found == CURRENT_VERSION
