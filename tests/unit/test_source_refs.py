"""Sources in their own right (schema version 5), on SQLite and PostgreSQL: one source per URL
however many annotations cite it, what a citation says of the source filling only what the
source lacks, a source changed once for every annotation citing it (with optimistic
concurrency), found for completion, kept when its last citation goes and deleted only when
nobody cites it; undo of a deleted annotation finding its sources again; and libraries of every
older version upgraded to one source per URL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import inspect, text

from briefreader.store.api import (
    AnnotationChange,
    Conflict,
    InvalidValue,
    NewAnnotation,
    NewBrief,
    NotFound,
    SourceInput,
    Store,
)
from briefreader.store.engine import make_engine
from briefreader.store.schema import CURRENT_VERSION, UPGRADES
from tests.unit.test_store import count, load_v1

pytestmark = pytest.mark.all_backends

TEXT = "Russia is now the largest supplier of crude oil. Trade doubled since 2020. Fine."
CUSTOMS = "https://example.org/customs-2023"


def brief(store: Store, text_: str = TEXT, digest: str = "sha256:oil") -> int:
    return store.import_brief(
        NewBrief(text=text_, title="Oil", content_hash=digest, word_count=14)
    ).brief.id


def two_claims(store: Store) -> tuple[int, int, int]:
    brief_id = brief(store)
    first = store.create_annotation(brief_id, NewAnnotation(0, 48, kind="claim")).id
    second = store.create_annotation(brief_id, NewAnnotation(49, 73, kind="claim")).id
    return brief_id, first, second


def test_one_url_is_one_source_cited_by_both_claims(store: Store) -> None:
    _, first, second = two_claims(store)
    a = store.add_source(
        first,
        SourceInput(
            CUSTOMS,
            "refutes",
            "Customs yearbook 2023",
            note="table 3",
            quote="Imports of crude: 12%",
            author="Pakistan Bureau of Statistics",
            published="2024-02",
        ),
    )
    # Typed another way round: the same source. What it says of the source fills only what the
    # source lacks (a publisher, the day read); the title and author it has stay.
    b = store.add_source(
        second,
        SourceInput(
            CUSTOMS + " ",
            "supports",
            "Some other title",
            author="Someone else",
            publisher="PBS",
            accessed_at=date(2026, 3, 1),
        ),
    )
    assert a.source_id == b.source_id and a.id != b.id
    assert count(store, "source_ref") == 1
    ref = store.get_source_ref(a.source_id)
    assert (ref.title, ref.author, ref.publisher, ref.published, ref.accessed_at) == (
        "Customs yearbook 2023",
        "Pakistan Bureau of Statistics",
        "PBS",
        "2024-02",
        date(2026, 3, 1),
    )
    assert ref.revision == 2  # filled once
    assert [(u.annotation_id, u.relation) for u in ref.uses] == [
        (first, "refutes"),
        (second, "supports"),
    ]
    assert (ref.count("supports"), ref.count("refutes"), ref.count("context")) == (1, 1, 0)
    # Each annotation's record shows the source as it is, with its own relation, note, quote.
    (one,) = store.get_annotation(first).sources
    (two,) = store.get_annotation(second).sources
    assert (one.title, one.publisher, one.note, one.quote) == (
        "Customs yearbook 2023",
        "PBS",
        "table 3",
        "Imports of crude: 12%",
    )
    assert (two.title, two.relation, two.quote, two.accessed_at) == (
        "Customs yearbook 2023",
        "supports",
        "",
        date(2026, 3, 1),
    )


def test_a_doi_typed_either_way_is_one_source(store: Store) -> None:
    _, first, second = two_claims(store)
    a = store.add_source(first, SourceInput("doi:10.1000/XYZ.42", "supports"))
    b = store.add_source(second, SourceInput("https://doi.org/10.1000/XYZ.42", "context"))
    assert a.source_id == b.source_id and a.url == "https://doi.org/10.1000/XYZ.42"
    assert store.get_source_ref(a.source_id).is_doi


def test_bad_source_fields_are_refused_with_a_reason(store: Store) -> None:
    _, first, _ = two_claims(store)
    with pytest.raises(InvalidValue, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        store.add_source(first, SourceInput(CUSTOMS, published="March 2024"))
    with pytest.raises(InvalidValue, match="not a real date"):
        store.add_source(first, SourceInput(CUSTOMS, published="2024-02-30"))
    with pytest.raises(InvalidValue, match="archive URL"):
        store.add_source(first, SourceInput(CUSTOMS, archive_url="ftp://archive.example/x"))
    assert store.get_annotation(first).sources == () and store.list_sources() == []


def test_a_source_changed_once_is_changed_for_every_claim(store: Store) -> None:
    _, first, second = two_claims(store)
    ref_id = store.add_source(first, SourceInput(CUSTOMS, "refutes")).source_id
    store.add_source(second, SourceInput(CUSTOMS, "supports"))
    before = store.get_annotation(first).revision
    ref = store.update_source_ref(
        ref_id,
        expected_revision=1,
        title="Customs yearbook 2023",
        published="2024",
        archive_url="https://web.archive.org/web/2024/" + CUSTOMS,
        reliability="Official statistics; revised yearly.",
    )
    assert (ref.revision, ref.published, ref.reliability) == (
        2,
        "2024",
        "Official statistics; revised yearly.",
    )
    for ann_id in (first, second):
        (src,) = store.get_annotation(ann_id).sources
        assert src.title == "Customs yearbook 2023" and src.archive_url == ref.archive_url
    # Not a change of the annotations: a reader's pending edit of them does not conflict.
    assert store.get_annotation(first).revision == before
    # A stale revision is refused, and says what the source is now.
    with pytest.raises(Conflict) as info:
        store.update_source_ref(ref_id, expected_revision=1, title="Stale")
    assert info.value.current.title == "Customs yearbook 2023"
    assert store.get_source_ref(ref_id).title == "Customs yearbook 2023"
    # Cleared, and a URL another source has is refused.
    assert store.update_source_ref(ref_id, published=None, archive_url="").published is None
    other = store.add_source(first, SourceInput("https://example.org/other")).source_id
    with pytest.raises(InvalidValue, match=f"source #{ref_id} has the URL"):
        store.update_source_ref(other, url=CUSTOMS)
    with pytest.raises(NotFound):
        store.update_source_ref(9999, title="x")


def test_editing_a_citation_can_move_it_to_another_source(store: Store) -> None:
    _, first, second = two_claims(store)
    link = store.add_source(first, SourceInput(CUSTOMS, "refutes", "Customs"))
    store.add_source(second, SourceInput(CUSTOMS, "supports"))
    # The same URL: the link's own fields change, and an explicit title is the source's.
    edited = store.update_source(
        link.id, SourceInput(CUSTOMS, "context", "Customs yearbook", quote="p. 12")
    )
    assert (edited.relation, edited.quote, edited.title) == ("context", "p. 12", "Customs yearbook")
    assert store.get_annotation(second).sources[0].title == "Customs yearbook"
    # Another URL (a typo fixed): the citation moves; the first source keeps the other claim.
    moved = store.update_source(link.id, SourceInput("https://example.org/customs-2024"))
    assert moved.source_id != link.source_id and moved.id == link.id
    assert [len(r.uses) for r in store.list_sources()] == [1, 1]


def test_the_last_citation_gone_leaves_the_source_until_it_is_deleted(store: Store) -> None:
    _, first, second = two_claims(store)
    a = store.add_source(first, SourceInput(CUSTOMS, "refutes", "Customs"))
    b = store.add_source(second, SourceInput(CUSTOMS, "supports"))
    with pytest.raises(InvalidValue) as refused:
        store.delete_source_ref(a.source_id)
    assert str(refused.value) == (
        f"source #{a.source_id} is cited by 2 annotations (#{first}, #{second}): "
        "remove it from them first"
    )
    store.delete_source(a.id)
    store.delete_annotation(second)  # its citation goes with it
    (ref,) = store.list_sources()
    assert ref.id == a.source_id and ref.uses == () and ref.title == "Customs"
    assert store.find_sources("customs")[0].id == ref.id
    gone = store.delete_source_ref(ref.id)
    assert gone.title == "Customs" and store.list_sources() == []
    with pytest.raises(NotFound):
        store.get_source_ref(ref.id)
    assert b.id not in {s.id for s in store.get_annotation(first).sources}


def test_undo_of_a_deleted_claim_finds_its_source_again(store: Store) -> None:
    _, first, second = two_claims(store)
    kept = store.add_source(first, SourceInput(CUSTOMS, "refutes", "Customs", quote="12%"))
    store.add_source(second, SourceInput(CUSTOMS, "supports"))
    gone = store.delete_annotation(first)
    assert store.restore_annotation(gone) == gone
    assert store.get_annotation(first).sources[0].source_id == kept.source_id
    # Its source deleted meanwhile (nobody else cited it): made again from what undo holds.
    alone = store.create_annotation(
        brief(store, "Another text entirely.", "sha256:2"),
        NewAnnotation(
            0,
            7,
            sources=(
                SourceInput("https://example.org/solo", "context", "Solo", author="A. Writer"),
            ),
        ),
    )
    gone = store.delete_annotation(alone.id)
    store.delete_source_ref(gone.sources[0].source_id)
    back = store.restore_annotation(gone)
    (src,) = back.sources
    assert (src.id, src.url, src.title, src.author, src.relation) == (
        gone.sources[0].id,
        "https://example.org/solo",
        "Solo",
        "A. Writer",
        "context",
    )
    assert src.source_id != gone.sources[0].source_id


def test_many_citations_in_one_import_share_their_sources(store: Store) -> None:
    brief_id = brief(store)
    items = [
        NewAnnotation(
            i % 40,
            i % 40 + 5,
            sources=(
                SourceInput(CUSTOMS, "refutes", "Customs" if i == 3 else ""),
                SourceInput(f"https://example.org/n/{i % 7}", "context", quote=f"q{i}"),
            ),
        )
        for i in range(300)
    ]
    assert store.bulk_create_annotations(brief_id, items) == 300
    refs = store.list_sources()
    assert len(refs) == 8 and count(store, "source") == 600
    customs = next(r for r in refs if r.url == CUSTOMS)
    assert customs.title == "Customs" and customs.count("refutes") == 300
    # apply_changes: one added (an existing source), one changed (another URL), one removed.
    ann = store.annotations_for_brief(brief_id)[0]
    (changed,) = store.apply_changes(
        [
            AnnotationChange(
                ann.id,
                add_sources=(SourceInput("https://example.org/n/1", "supports"),),
                change_sources=((ann.sources[0].id, SourceInput("https://example.org/n/2")),),
                remove_sources=(ann.sources[1].id,),
            )
        ]
    )
    assert sorted((s.url, s.relation) for s in changed.sources) == [
        ("https://example.org/n/1", "supports"),
        ("https://example.org/n/2", "supports"),
    ]
    assert len(store.list_sources()) == 8


def test_find_sources_for_completion(store: Store) -> None:
    _, first, second = two_claims(store)
    store.add_source(first, SourceInput("https://dawn.com/news/1", "supports", "Dawn report"))
    store.add_source(first, SourceInput(CUSTOMS, "refutes", "Customs yearbook"))
    store.add_source(second, SourceInput(CUSTOMS, "refutes"))
    store.add_source(second, SourceInput("https://tass.ru/x", author="TASS staff 100%_"))
    assert [r.url for r in store.find_sources("")] == [
        CUSTOMS,
        "https://tass.ru/x",
        "https://dawn.com/news/1",
    ]
    assert [r.url for r in store.find_sources("REPORT")] == ["https://dawn.com/news/1"]
    assert [r.url for r in store.find_sources("tass 100%_")] == ["https://tass.ru/x"]
    assert [r.url for r in store.find_sources("example.org")] == [CUSTOMS]
    assert store.find_sources("o", limit=1)[0].url == CUSTOMS  # the most cited first
    assert store.find_sources("50%") == []


def test_list_sources_of_some_briefs(store: Store) -> None:
    _, first, _ = two_claims(store)
    other = brief(store, "Another text entirely.", "sha256:2")
    third = store.create_annotation(other, NewAnnotation(0, 7)).id
    store.add_source(first, SourceInput(CUSTOMS, "refutes"))
    store.add_source(third, SourceInput(CUSTOMS, "supports"))
    store.add_source(third, SourceInput("https://example.org/only-there"))
    (ref,) = store.list_sources([store.get_annotation(first).brief_id])
    assert ref.url == CUSTOMS and [u.annotation_id for u in ref.uses] == [first]
    assert [len(r.uses) for r in store.list_sources()] == [2, 1]


# --- upgrades ------------------------------------------------------------------------------


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_a_library_of_every_older_version_gets_one_source_per_url(
    new_db_url: Callable[[str], str], version: int
) -> None:
    """Made as briefreader 1 made it (one claim citing https://example.org/a, "Example"),
    taken to ``version`` by the upgrades of the time, given there a second annotation citing
    the same URL (untitled) and a DOI written two ways, then opened."""
    url = new_db_url(f"v{version}")
    load_v1(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        for step in range(1, version):
            UPGRADES[step](conn)
        conn.execute(text("UPDATE schema_version SET version = :v"), {"v": version})
        conn.execute(
            text(
                'INSERT INTO annotation (uuid, brief_id, kind, start, "end", quote, prefix, '
                "suffix, note, created_at, updated_at) VALUES ('0b3c6a52-6f0e-4f55-9d6a-"
                "0e1c3b1e2f02', 1, 'highlight', 0, 8, 'Pakistan', '', ' and', '', "
                "'2026-01-03 00:00:00', '2026-01-03 00:00:00')"
            )
        )
        second = conn.execute(text("SELECT max(id) FROM annotation")).scalar_one()
        for ann_id, link_url, title, relation in (
            (second, "https://example.org/a", "", "supports"),
            (second, "https://doi.org/10.1000/abc", "A paper", "context"),
            (1, "doi:10.1000/abc", "", "supports"),  # (before the store normalised DOIs)
        ):
            conn.execute(
                text(
                    "INSERT INTO source (annotation_id, url, title, relation, note, added_at) "
                    "VALUES (:a, :u, :t, :r, 'kept', '2026-01-04 00:00:00')"
                ),
                {"a": ann_id, "u": link_url, "t": title, "r": relation},
            )
    engine.dispose()
    with Store.open(url) as store:
        refs = store.list_sources()
        assert [
            (r.url, r.title, [(u.annotation_id, u.relation) for u in r.uses]) for r in refs
        ] == [
            ("https://example.org/a", "Example", [(1, "refutes"), (second, "supports")]),
            ("https://doi.org/10.1000/abc", "A paper", [(second, "context"), (1, "supports")]),
        ]
        assert refs[0].created_at.isoformat() == "2026-01-02T03:07:00+00:00"  # its first link
        old = store.get_annotation(1)
        assert [(s.url, s.title, s.note) for s in old.sources] == [
            ("https://example.org/a", "Example", ""),
            ("https://doi.org/10.1000/abc", "A paper", "kept"),
        ]
        assert old.sources[0].added_at is not None
        assert old.sources[0].added_at.isoformat() == "2026-01-02T03:07:00+00:00"
        # The tables are as a new library's: the link holds no URL, it cites its source.
        found = inspect(store.engine)
        columns = {c["name"]: c for c in found.get_columns("source")}
        assert set(columns) == {
            "id",
            "annotation_id",
            "source_id",
            "relation",
            "note",
            "quote",
            "added_at",
        }
        assert columns["source_id"]["nullable"] is False
        assert [fk["referred_table"] for fk in found.get_foreign_keys("source")].count(
            "source_ref"
        ) == 1
        assert store.check().ok
        # New citations and sources after the old ones.
        again = store.add_source(1, SourceInput("https://example.org/a", "context"))
        assert again.source_id == refs[0].id and again.id > 3
        fresh = store.add_source(second, SourceInput("https://example.org/new", "context"))
        assert fresh.source_id > refs[1].id
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version FROM schema_version")).scalar_one() == (
                CURRENT_VERSION
            )
