"""Annotation imports that used to lose data or crash, on real libraries (SQLite and
PostgreSQL) and through the real command: rows on an annotated span with other content, mid-word
quotes, approximate matches without a "text changed" flag, URLs compared in one normal form
(export → import of a large generated library changes nothing), hostile files, and dry runs
that disagreed with real runs."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefreader.annotation_import import ImportReport, import_annotations
from briefreader.cli.main import main
from briefreader.exchange.csv_export import HEADER
from briefreader.exchange.files import export_to_file
from briefreader.exchange.importers import parse_file
from briefreader.exchange.importers.uris import from_uri, to_uri, url_key
from briefreader.library import export_csv, import_file
from briefreader.store.api import Annotation, NewAnnotation, NewBrief, SourceInput, Store
from briefreader.text.validate import InvalidValue, normalise_source_url
from tests.conftest import EXAMPLE_BRIEF, database_rows

pytestmark = pytest.mark.all_backends


@pytest.fixture
def brief_id(store: Store) -> int:
    outcome = import_file(store, EXAMPLE_BRIEF)
    assert outcome.brief is not None
    return outcome.brief.id


def everything(store: Store, brief_id: int) -> list[Annotation]:
    return store.annotations_for_brief(brief_id, which="all")


def shape(report: ImportReport) -> list[list[tuple[str, str]]]:
    """What a report says, without the ids a dry run cannot know."""
    return [
        [(i.origin, i.description) for i in items]
        for items in (
            report.created,
            report.updated,
            report.unchanged,
            report.orphaned,
            report.skipped,
        )
    ]


def dry_then_real(store: Store, path: Path, brief_id: int | None = None) -> ImportReport:
    """Import ``path`` as a dry run (checking it writes nothing) and then for real; the two
    reports must say the same."""
    before = database_rows(store)
    dry = import_annotations(store, parse_file(path), brief_id=brief_id, dry_run=True)
    assert database_rows(store) == before
    real = import_annotations(store, parse_file(path), brief_id=brief_id)
    assert shape(dry) == shape(real)
    return real


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def export_rows(store: Store, path: Path) -> list[list[str]]:
    with path.open("w", encoding="utf-8", newline="") as out:
        export_csv(store, out)
    return read_rows(path)


def new_row(header: list[str], **cells: object) -> list[str]:
    row = [""] * len(header)
    for name, value in cells.items():
        row[header.index(name)] = str(value)
    return row


def cli(*argv: str) -> tuple[int, str, str]:
    """``briefreader ARGV`` in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


# ------------------------------------------- 1. a new row on an annotated span is not "the same"


def test_new_rows_on_an_annotated_span_keep_their_own_content(
    store: Store, brief_id: int, tmp_path: Path
) -> None:
    text = store.get_brief(brief_id).text
    start = text.index("Russia ties")
    end = start + len("Russia ties")
    existing = store.create_annotation(brief_id, NewAnnotation(start, end, note="first"))
    path = tmp_path / "export.csv"
    rows = export_rows(store, path)
    header = rows[0]
    common = {"brief_id": brief_id, "quote": "Russia ties", "start": start, "end": end}
    rows += [
        new_row(header, **common, note="a different note"),  # row 3
        new_row(header, **common, note="a different note"),  # row 4: row 3 again
        new_row(header, **common, note="first", tags="energy"),  # row 5: other tags
        new_row(header, **common, note="first"),  # row 6: the existing annotation exactly
        # row 7: a mid-word span is its own annotation, not "Russia ties"
        new_row(
            header, brief_id=brief_id, quote="ussia ties", start=start + 1, end=end, note="mid"
        ),
    ]
    write_rows(path, rows)
    before = store.get_annotation(existing.id)

    report = dry_then_real(store, path)

    assert [i.origin for i in report.created] == ["row 3", "row 5", "row 7"]
    assert [(i.origin, i.description) for i in report.unchanged] == [
        ("row 2", "no changes"),
        ("row 4", "the same as row 3"),
        ("row 6", f"already in the brief as annotation #{existing.id}"),
    ]
    assert report.updated == report.orphaned == report.skipped == ()
    assert store.get_annotation(existing.id) == before
    made = {
        (a.start, a.end, a.note, a.tags) for a in everything(store, brief_id) if a.id != existing.id
    }
    assert made == {
        (start, end, "a different note", ()),
        (start, end, "first", ("energy",)),
        (start + 1, end, "mid", ()),
    }
    # Importing the same file again changes nothing.
    stored = everything(store, brief_id)
    again = import_annotations(store, parse_file(path))
    assert again.created == again.updated == again.orphaned == again.skipped == ()
    assert everything(store, brief_id) == stored


def test_hypothesis_annotations_of_two_people_on_one_passage_are_both_kept(
    store: Store, brief_id: int, tmp_path: Path
) -> None:
    quote = "Pak-Russia ties are witnessing a fresh start"
    rows = [
        {
            "id": ident,
            "uri": "https://example.org/pak-russia",
            "user": user,
            "text": note,
            "tags": tags,
            "target": [{"selector": [{"type": "TextQuoteSelector", "exact": quote}]}],
        }
        for ident, user, note, tags in (
            ("aaaaaaaaaaaaaaaaaaaaaa", "acct:ana@hypothes.is", "Ana's reading", ["ana"]),
            ("bbbbbbbbbbbbbbbbbbbbbb", "acct:ben@hypothes.is", "Ben disagrees", ["ben"]),
            (None, "acct:cy@hypothes.is", "Cy, no id", []),
        )
    ]
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps({"rows": rows}), encoding="utf-8")
    report = dry_then_real(store, path, brief_id=brief_id)
    assert len(report.created) == 3 and report.unchanged == ()
    assert sorted(a.note for a in everything(store, brief_id)) == [
        "Ana's reading",
        "Ben disagrees",
        "Cy, no id",
    ]
    stored = everything(store, brief_id)
    again = import_annotations(store, parse_file(path), brief_id=brief_id)
    assert again.created == again.updated == ()
    assert len(again.unchanged) == 3
    assert everything(store, brief_id) == stored


# ------------------------------------------------- 2. an approximate match is "text changed"


BRIEF_TEXT = (
    "Relations cooled after the war. Ten years later the two sides met again in Tashkent.\n\n"
    "Pak-Russia ties are witnessing a fresh start, both sides said.\n"
)


@pytest.fixture
def small_brief(store: Store) -> int:
    return store.import_brief(
        NewBrief(
            text=BRIEF_TEXT,
            title="Ties",
            content_hash="sha256:" + hashlib.sha256(BRIEF_TEXT.encode()).hexdigest(),
            word_count=30,
        )
    ).brief.id


def test_an_approximate_match_is_flagged_text_changed(
    store: Store, small_brief: int, tmp_path: Path, db_url: str
) -> None:
    path = tmp_path / "notes.csv"
    header = list(HEADER)
    write_rows(
        path,
        [
            header,
            new_row(header, brief_id=small_brief, quote="some years later", note="when?"),
        ],
    )
    code, out, err = cli("--db", db_url, "import-annotations", str(path), "--dry-run")
    assert code == 0, err
    dry_line = out.splitlines()[1]
    code, out, err = cli("--db", db_url, "import-annotations", str(path))
    assert code == 0, err
    line = out.splitlines()[1]
    assert "approximate match" in line and "text changed" in line
    assert "'some years later'" in line
    assert dry_line.replace(" (dry run: nothing was written)", "") == line.replace(
        line[line.index("#") : line.index(" ", line.index("#")) + 1], ""
    )
    (made,) = everything(store, small_brief)
    assert not made.orphan and made.note == "when?"
    assert made.quote == BRIEF_TEXT[made.start : made.end]
    assert made.quote != "some years later"
    assert made.previous_quote == "some years later"
    assert [h.annotation_id for h in store.search("is:changed")] == [made.id]
    # The same file again: that annotation, unchanged.
    again = import_annotations(store, parse_file(path))
    assert again.created == again.updated == ()
    assert [i.annotation_id for i in again.unchanged] == [made.id]


def test_w3c_previous_quote_survives_an_import_into_another_library(
    store: Store, small_brief: int, tmp_path: Path, new_db_url: object
) -> None:
    start = BRIEF_TEXT.index("Ten years later")
    ann = store.create_annotation(
        small_brief, NewAnnotation(start, start + len("Ten years later"), note="n")
    )
    changed = BRIEF_TEXT.replace("Ten years later", "Eleven years later")
    store.replace_brief_text(
        small_brief,
        NewBrief(
            text=changed,
            title="Ties",
            content_hash="sha256:" + hashlib.sha256(changed.encode()).hexdigest(),
            word_count=30,
        ),
    )
    flagged = store.get_annotation(ann.id)
    assert flagged.previous_quote == "Ten years later" and not flagged.orphan
    path = tmp_path / "export.jsonld"
    export_to_file(store, path, fmt="json")
    assert callable(new_db_url)
    with Store.open(new_db_url("other")) as other:
        other.import_brief(
            NewBrief(
                text=changed,
                title="Ties",
                content_hash="sha256:" + hashlib.sha256(changed.encode()).hexdigest(),
                word_count=30,
            )
        )
        report = dry_then_real(other, path)
        assert len(report.created) == 1, report.lines()
        copy = other.find_annotation_by_uuid(ann.uuid)
        assert copy is not None
        assert (copy.quote, copy.previous_quote, copy.start, copy.end, copy.note) == (
            flagged.quote,
            "Ten years later",
            flagged.start,
            flagged.end,
            "n",
        )


# ----------------------------------- 3. export → import of a large library changes nothing

WORDS = (  # noqa: SIM905
    "Pakistan Russia ties energy pipeline Moscow Islamabad visit minister strategic edge "
    "«цитата» пример پاکستان روس تعلقات naïve café – — ‘quoted’ “double” 3.5% 2012 SCO "
    'CASA-1000 =SUM(A1) -minus +plus @at, comma; semi "straight" 🙂 emoji tab\tcell'
).split(" ")
URLS = (
    "https://tribune.com.pk/story/440233/پاکستان-روس?q=تعلقات&x=1",
    "https://ur.wikipedia.org/wiki/%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86",
    "https://ur.wikipedia.org/wiki/%d9%be%d8%a7",
    "https://пример.рф/статья/1?ключ=значение#часть",
    "https://xn--e1afmkfd.xn--p1ai/путь",
    'https://example.org/a|b/{c}^d?e="f"&g=`h`',
    "https://example.org/50%25off/%7Euser/%25zz",
    "https://example.org/?q=a+b&c=%26d#frag%20ment",
    "http://[2001:db8::1]:8080/ipv6",
    "https://Example.ORG:443/Mixed/Case",
    "doi:10.1000/xyz123",
    "https://münchen.de/straße?ä=ö",
    "https://example.org/emoji/🙂",
)
BRIEF_SOURCES = (
    "https://tribune.com.pk/story/440233/پاکستان-روس?q=تعلقات",
    "https://пример.рф/статья/2",
    None,
    "https://ur.wikipedia.org/wiki/%d9%be%d8%a7%DA%A9",
    "https://example.org/untitled|1",
    "https://example.org/untitled|2",
)


def _generated_text(rng: random.Random, paragraphs: int) -> str:
    out = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(3, 7)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
            sentences.append(" ".join(words).capitalize() + ".")
        out.append(" ".join(sentences))
    return "\n\n".join(out) + "\n"


def _note(rng: random.Random) -> str:
    return rng.choice(
        [
            "",
            "",
            "plain note",
            '=HYPERLINK("http://evil")',
            "'=already quoted",
            'two\nlines, with "quotes"',
            "-starts with minus",
            "پاکستان note 🙂",
            "x" * 300,
            "@mention\ttab",
        ]
    )


def _sources(rng: random.Random) -> tuple[SourceInput, ...]:
    chosen = rng.sample(URLS, rng.choice([0, 0, 1, 2, 3]))
    return tuple(
        SourceInput(
            url,
            rng.choice(["supports", "refutes", "context"]),
            rng.choice(["", "A title", "Заголовок | с чертой", "=formula title"]),
            rng.choice(["", "", "a source note"]),
        )
        for url in chosen
    )


def _annotate(rng: random.Random, store: Store, brief_id: int, text: str, count: int) -> None:
    spans: list[tuple[int, int]] = []
    made: list[NewAnnotation] = []
    for _ in range(count):
        if spans and rng.random() < 0.1:
            start, end = rng.choice(spans)  # another annotation on the same span
        else:
            start = rng.randrange(0, len(text) - 40)
            end = start + rng.randint(1, 40)
            if not text[start:end].strip():
                continue
        spans.append((start, end))
        kind = rng.choice(["highlight", "claim", "note"])
        claim = kind == "claim"
        made.append(
            NewAnnotation(
                start,
                end,
                kind=kind,
                note=_note(rng),
                color=rng.choice([None, None, "#ffcc00", "#abc"]),
                claimant=rng.choice([None, "Foreign Office", "=cmd"]) if claim else None,
                claim_type=rng.choice([None, "fact", "opinion", "prediction"]) if claim else None,
                claim_status=(
                    rng.choice(["unverified", "supported", "disputed", "refuted"])
                    if claim
                    else None
                ),
                tags=tuple(rng.sample(["russia", "énergie", "پاکستان", "sco", "q-1"], 2))
                if rng.random() < 0.6
                else (),
                sources=_sources(rng),
            )
        )
    store.bulk_create_annotations(brief_id, made)


def _edited(rng: random.Random, text: str) -> str:
    """``text`` with words changed, sentences dropped: orphans and changed quotes."""
    words = text.split(" ")
    for _ in range(len(words) // 12):
        i = rng.randrange(len(words))
        words[i] = rng.choice(["changed", words[i][:-1] or "x", words[i] + "s", ""])
    edited = " ".join(words)
    sentences = edited.split(". ")
    for _ in range(len(sentences) // 8):
        sentences.pop(rng.randrange(len(sentences)))
    return ". ".join(sentences)


def _brief(text: str, title: str, source: str | None) -> NewBrief:
    return NewBrief(
        text=text,
        title=title,
        content_hash="sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest(),
        word_count=len(text.split()),
        source=source,
    )


def generated_library(store: Store) -> None:
    """Six briefs (sources with non-ASCII paths and queries, IDN hosts, percent escapes, none;
    two with one title), about 500 annotations of every kind with tags, notes, claims and
    sources, then new versions of three texts: orphans and "text changed" annotations."""
    rng = random.Random(20261127)
    titles = ["Pak-Russia ties", "Россия и Пакистан", "=No source", "ویکی", "Untitled", "Untitled"]
    for index, (title, source) in enumerate(zip(titles, BRIEF_SOURCES, strict=True)):
        text = _generated_text(rng, 12)
        brief = store.import_brief(_brief(text, title, source)).brief
        _annotate(rng, store, brief.id, text, 85)
        if index in (0, 2, 4):
            store.replace_brief_text(brief.id, _brief(_edited(rng, text), title, source))


def test_export_then_import_of_a_large_library_changes_nothing(
    store: Store, tmp_path: Path, db_url: str
) -> None:
    generated_library(store)
    annotations = [a for b in store.list_briefs() for a in everything(store, b.id)]
    assert len(annotations) >= 450
    assert sum(a.orphan for a in annotations) >= 10
    assert sum(a.previous_quote is not None for a in annotations) >= 10
    assert sum(bool(a.sources) for a in annotations) >= 200
    for fmt in ("csv", "json"):
        path = tmp_path / f"export.{fmt}"
        export_to_file(store, path, fmt=fmt)
        before = database_rows(store)
        report = dry_then_real(store, path)
        problems = [line for line in report.lines() if not line.startswith("  unchanged")][1:]
        assert problems == [], f"{fmt}: " + "\n".join(problems[:20])
        assert len(report.unchanged) == len(annotations)
        assert database_rows(store) == before, fmt
        code, out, err = cli("--db", db_url, "import-annotations", str(path))
        assert code == 0, err
        assert f"0 created, 0 updated, {len(annotations)} unchanged, 0 orphaned, 0 skipped" in out
        assert database_rows(store) == before, fmt


# ------------------------------------------------ 4. a quote exactly at its offsets is placed


@pytest.mark.parametrize("fmt", ["csv", "w3c", "hypothesis"])
def test_a_mid_word_quote_at_its_offsets_is_placed_there(
    store: Store, brief_id: int, tmp_path: Path, fmt: str
) -> None:
    text = store.get_brief(brief_id).text
    start = text.index("ussia ties")
    end = start + len("ussia ties")
    selectors = [
        {"type": "TextQuoteSelector", "exact": "ussia ties"},
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]
    if fmt == "csv":
        path = tmp_path / "rows.csv"
        header = list(HEADER)
        write_rows(path, [header, new_row(header, quote="ussia ties", start=start, end=end)])
    elif fmt == "w3c":
        path = tmp_path / "other.jsonld"
        data: dict[str, object] = {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "Annotation",
            "target": {"source": "urn:x", "selector": selectors},
        }
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        path = tmp_path / "hypothesis.json"
        data = {"rows": [{"uri": "urn:x", "user": "acct:a", "target": [{"selector": selectors}]}]}
        path.write_text(json.dumps(data), encoding="utf-8")
    report = dry_then_real(store, path, brief_id=brief_id)
    assert report.orphaned == () and len(report.created) == 1, report.lines()
    (made,) = everything(store, brief_id)
    assert (made.start, made.end, made.quote, made.orphan) == (start, end, "ussia ties", False)


# --------------------------------------------------------------------- 5. hostile files


def _hypothesis_row(quote: str, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "uri": "urn:x",
        "user": "acct:a",
        "target": [{"selector": [{"type": "TextQuoteSelector", "exact": quote}]}],
    }
    row.update(extra)
    return row


def test_json_nested_a_thousand_levels_is_one_sentence(
    store: Store, brief_id: int, tmp_path: Path, db_url: str
) -> None:
    for name, body in (
        ("deep.json", "[" * 1000 + "]" * 1000),
        ("deep-object.json", '{"rows": ' + '{"a": ' * 1000 + "1" + "}" * 1001),
        ("almost.json", '{"rows": [' + "[" * 900 + "]" * 900 + "]}"),
    ):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        code, out, err = cli("--db", db_url, "import-annotations", str(path), "--brief", "1")
        assert code == 1, (name, out, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert name in err
    assert everything(store, brief_id) == []


def test_an_integer_of_thousands_of_digits_is_no_crash(
    store: Store, brief_id: int, tmp_path: Path, db_url: str
) -> None:
    quote = "Pak-Russia ties are witnessing a fresh start"
    huge = "9" * 4400
    path = tmp_path / "huge.json"
    row = json.dumps(
        {"rows": [_hypothesis_row(quote, text="kept"), _hypothesis_row("Moscow", text="x")]}
    ).replace('"user": "acct:a"', f'"user": "acct:a", "n": {huge}', 1)
    row = row.replace(
        '"exact": "Pak-Russia ties are witnessing a fresh start"}',
        '"exact": "Pak-Russia ties are witnessing a fresh start"}, '
        f'{{"type": "TextPositionSelector", "start": {huge}, "end": -{huge}}}',
        1,
    )
    path.write_text(row, encoding="utf-8")
    code, out, err = cli("--db", db_url, "import-annotations", str(path), "--brief", "1")
    assert code == 0 and "Traceback" not in err, err
    (made,) = [a for a in everything(store, brief_id) if a.note == "kept"]
    assert made.quote == quote and made.start == 0
    # Our CSV: an id or offset of thousands of digits skips its row, with the reason.
    csv_path = tmp_path / "huge.csv"
    header = list(HEADER)
    write_rows(
        csv_path,
        [
            header,
            new_row(header, annotation_id=huge, quote="Moscow"),
            new_row(header, quote="Moscow", start=huge, end=huge, note="offsets ignored"),
        ],
    )
    code, out, err = cli("--db", db_url, "import-annotations", str(csv_path), "--brief", "1")
    assert code == 0 and "Traceback" not in err, err
    assert "row 2" in out and "is not an id" in out
    assert any(a.note == "offsets ignored" for a in everything(store, brief_id))


def test_a_long_quote_exported_to_csv_imports_back(
    store: Store, tmp_path: Path, db_url: str
) -> None:
    text = "".join(f"Sentence number {i} of a very long brief. " for i in range(8000))
    brief = store.import_brief(_brief(text, "Long", None)).brief
    long = store.create_annotation(brief.id, NewAnnotation(10, 200_010, note="n" * 140_000))
    assert len(long.quote) == 200_000
    path = tmp_path / "long.csv"
    export_to_file(store, path, fmt="csv")
    before = database_rows(store)
    report = dry_then_real(store, path)
    assert [i.annotation_id for i in report.unchanged] == [long.id], report.lines()
    assert database_rows(store) == before
    # The same quote typed in as a new row: found, with its 140,000-character note.
    rows = read_rows(path)
    rows[1][0] = ""
    rows[1][rows[0].index("note")] = "m" * 140_000
    write_rows(path, rows)
    code, out, err = cli("--db", db_url, "import-annotations", str(path))
    assert code == 0 and "Traceback" not in err, err
    assert "1 created" in out
    assert sorted(len(a.quote) for a in everything(store, brief.id)) == [200_000, 200_000]


def test_a_csv_cell_past_the_csv_modules_limit_in_readwise_and_ours(
    store: Store, brief_id: int, tmp_path: Path, db_url: str
) -> None:
    note = "long " * 40_000
    path = tmp_path / "readwise.csv"
    path.write_text(
        "Highlight,Book Title,Note\n"
        f'"Pak-Russia ties are witnessing a fresh start","Pak-Russia ties","{note}"\n',
        encoding="utf-8",
    )
    code, _out, err = cli("--db", db_url, "import-annotations", str(path))
    assert code == 0 and "Traceback" not in err, err
    (made,) = everything(store, brief_id)
    assert made.note == note.strip()


@pytest.mark.parametrize("where", ["note", "quote", "tag", "title", "source"])
def test_a_lone_surrogate_gives_the_same_dry_run_and_real_run(
    store: Store, brief_id: int, tmp_path: Path, db_url: str, where: str
) -> None:
    quote = "Pak-Russia ties are witnessing a fresh start"
    row = _hypothesis_row(
        quote if where != "quote" else "Pak-Russia ties \\ud800 witnessing",
        text="bad \\ud800 note" if where == "note" else "fine",
        tags=["bad\\udc00tag"] if where == "tag" else [],
        document={"title": ["Pak-Russia ties \\ud800"] if where == "title" else []},
    )
    if where == "source":
        row["uri"] = "https://example.org/\\udfff"
    path = tmp_path / "surrogate.json"
    path.write_text(json.dumps({"rows": [row]}).replace("\\\\u", "\\u"), encoding="utf-8")
    code, dry, err = cli(
        "--db", db_url, "import-annotations", str(path), "--brief", "1", "--dry-run"
    )
    assert code == 0 and "Traceback" not in err, err
    code, real, err = cli("--db", db_url, "import-annotations", str(path), "--brief", "1")
    assert code == 0 and "Traceback" not in err, err
    assert "1 created" in dry and "1 created" in real, (dry, real)
    (made,) = everything(store, brief_id)
    stored = made.note + made.quote + (made.previous_quote or "") + "".join(made.tags)
    assert ("\ufffd" in stored) == (where in ("note", "quote", "tag"))
    assert stored.encode("utf-8")


def test_hostile_values_give_the_same_dry_run_and_real_run(
    store: Store, brief_id: int, tmp_path: Path
) -> None:
    quote = "Pak-Russia ties are witnessing a fresh start"
    rows = [
        _hypothesis_row(quote, text="year one", created="0001-01-01T00:00:00+14:00"),
        _hypothesis_row("Moscow", text="year 9999", created="9999-12-31T23:59:59-14:00"),
        _hypothesis_row("Islamabad", text="nul \x00 in the note", tags=["nul\x00tag"]),
        _hypothesis_row("Putin", text="x", tags=["t" * 65]),
        _hypothesis_row("\x00\x00", text="only NULs"),
        _hypothesis_row("SCO", text=7, tags="not a list"),
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"rows": rows}), encoding="utf-8")
    first = dry_then_real(store, path, brief_id=brief_id)
    assert len(first.created) + len(first.orphaned) + len(first.skipped) == len(rows)
    stored = everything(store, brief_id)
    second = dry_then_real(store, path, brief_id=brief_id)
    assert second.created == second.updated == second.orphaned == ()
    assert everything(store, brief_id) == stored


# ------------------------------------------------------------- URLs in one normal form


_PIECES = [*"aZ09-._~/%|{}^`\"<>'()*+,;=:@!$&", "%7e", "%D9%BE", "%d9%be", "پ", "ä", "\u200c"]
_PIECES += ["%C2%A0", "%zz", "%2F", "🙂", "%E2%80%8C", "%FF"]


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    host=st.sampled_from(
        ["example.org", "Example.ORG", "пример.рф", "xn--e1afmkfd.xn--p1ai", "[2001:db8::1]:8080"]
    ),
    path=st.lists(st.sampled_from(_PIECES), max_size=12).map("".join),
    query=st.lists(st.sampled_from([*"a=&+%", "%20", "ключ", "%26"]), max_size=6).map("".join),
)
def test_a_url_survives_export_and_import_in_any_spelling(host: str, path: str, query: str) -> None:
    # rfc3987 ships no type hints (and has no stub package).
    from rfc3987 import match  # type: ignore[import-untyped]

    url = f"https://{host}/{path}" + (f"?{query}" if query else "")
    try:
        stored = normalise_source_url(url)
    except InvalidValue:
        return
    uri = to_uri(stored)
    assert match(uri, rule="URI"), uri
    assert to_uri(uri) == uri  # one spelling in the export, however it was typed
    back = from_uri(uri)
    assert normalise_source_url(back) == back  # an import into another library keeps it
    assert url_key(back) == url_key(stored)
    assert to_uri(back) == uri


# ------------------------------------------------ siblings in the other tools' importers

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
READWISE_HEADER = "Highlight,Book Title,Book Author,Note,Color,Tags\n"


def test_readwise_rows_on_one_passage_with_other_notes_are_all_kept(
    store: Store, brief_id: int, tmp_path: Path
) -> None:
    quote = "Pak-Russia ties are witnessing a fresh start"
    path = tmp_path / "readwise.csv"
    path.write_text(
        READWISE_HEADER
        + f"{quote},Pak-Russia ties,Farooq Yousaf,First reading,yellow,\n"
        + f"{quote},Pak-Russia ties,Farooq Yousaf,Second reading,blue,later\n"
        + f"{quote},Pak-Russia ties,Farooq Yousaf,First reading,yellow,\n",
        encoding="utf-8",
    )
    report = dry_then_real(store, path)
    assert [i.origin.split(" (")[0] for i in report.created] == ["row 2", "row 3"]
    assert [i.description for i in report.unchanged] == ["the same as row 2"]
    assert sorted((a.note, a.tags) for a in everything(store, brief_id)) == [
        ("First reading", ()),
        ("Second reading", ("later",)),
    ]
    stored = everything(store, brief_id)
    again = import_annotations(store, parse_file(path))
    assert again.created == again.updated == ()
    assert everything(store, brief_id) == stored


def test_reimporting_another_tools_file_never_replaces_a_note_or_colour_set_here(
    store: Store, brief_id: int, tmp_path: Path
) -> None:
    import_annotations(store, parse_file(FIXTURES / "My Clippings.txt"))
    noted = next(a for a in everything(store, brief_id) if a.note.startswith("Not quite"))
    store.update_annotation(noted.id, note="Mine: the 1970s were not warm either.")
    import_annotations(store, parse_file(FIXTURES / "readwise.csv"))
    blue = next(a for a in everything(store, brief_id) if a.color == "#6fa8dc")
    store.update_annotation(blue.id, color="#ff0000")

    kindle = dry_then_real(store, FIXTURES / "My Clippings.txt")
    readwise = dry_then_real(store, FIXTURES / "readwise.csv")

    note = store.get_annotation(noted.id).note
    assert note.startswith("Mine: the 1970s were not warm either.")  # kept, first
    assert note.endswith("Not quite: the 1970s were warm. Check trade figures.")  # added
    assert [i.description for i in kindle.updated] == [
        "note appended 'Not quite: the 1970s were war…'"
    ]
    assert store.get_annotation(blue.id).color == "#ff0000"
    assert readwise.updated == ()
    # The note is in it now: a third import adds nothing.
    third = import_annotations(store, parse_file(FIXTURES / "My Clippings.txt"))
    assert third.updated == third.created == ()


def test_another_tools_approximate_match_is_flagged_text_changed(
    store: Store, small_brief: int, tmp_path: Path
) -> None:
    path = tmp_path / "readwise.csv"
    path.write_text(READWISE_HEADER + "some years later,Ties,,when?,,\n", encoding="utf-8")
    report = dry_then_real(store, path)
    (line,) = [i.description for i in report.created]
    assert "approximate match, text changed: the file had 'some years later'" in line
    (made,) = everything(store, small_brief)
    assert made.previous_quote == "some years later" and made.note == "when?"


def test_a_hypothesis_uri_matches_the_brief_however_it_is_spelled(
    store: Store, tmp_path: Path
) -> None:
    brief = store.import_brief(
        _brief(BRIEF_TEXT, "Ties", "https://пример.рф/статья/ties?ключ=значение")
    ).brief
    store.import_brief(_brief("Another text.", "Ties", "https://example.org/other"))
    row = _hypothesis_row("Ten years later", text="n")
    row["uri"] = (
        "https://xn--e1afmkfd.xn--p1ai/%d1%81%d1%82%d0%b0%d1%82%d1%8c%d1%8f/ties"
        "?%D0%BA%D0%BB%D1%8E%D1%87=%D0%B7%D0%BD%D0%B0%D1%87%D0%B5%D0%BD%D0%B8%D0%B5"
    )
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps({"rows": [row]}), encoding="utf-8")
    report = dry_then_real(store, path)
    assert [i.brief_id for i in report.created] == [brief.id], report.lines()


def test_a_utf16_file_with_a_lone_surrogate_is_read_with_a_replacement_character(
    store: Store, brief_id: int, tmp_path: Path, db_url: str
) -> None:
    text = (FIXTURES / "My Clippings.txt").read_text(encoding="utf-8-sig")
    text = text.replace("Check trade figures.", "Check trade figures \ud800.")
    path = tmp_path / "My Clippings.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le", "surrogatepass"))
    code, _out, err = cli("--db", db_url, "import-annotations", str(path))
    assert code == 0 and "Traceback" not in err, err
    assert any(a.note.endswith("figures \ufffd.") for a in everything(store, brief_id))


def test_w3c_records_find_their_brief_among_briefs_with_one_title_and_url(
    store: Store, tmp_path: Path
) -> None:
    """Two versions of a page imported as two briefs: the file's description fits both, the
    annotation's id says which."""
    source = "https://example.org/page"
    ids = []
    for text in (BRIEF_TEXT, BRIEF_TEXT.replace("Tashkent", "Moscow")):
        brief = store.import_brief(_brief(text, "Page", source)).brief
        ids.append(store.create_annotation(brief.id, NewAnnotation(0, 9, note=text[-30:])).id)
    path = tmp_path / "export.jsonld"
    export_to_file(store, path, fmt="json")
    before = database_rows(store)
    report = dry_then_real(store, path)
    assert sorted(i.annotation_id or 0 for i in report.unchanged) == ids, report.lines()
    assert database_rows(store) == before
