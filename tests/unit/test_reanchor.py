"""Re-anchoring annotations when a brief's text changes (issue 4).

Every case starts from the example brief (split into paragraphs where a test needs them) and an
edit an analyst would meet when re-importing a corrected or re-scraped version. Anchors are
made the way the store makes them: the quote, 32 characters of context each side, the offsets.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from briefreader.anchoring import context, find_quote
from briefreader.anchoring.reanchor import (
    MAX_EDITS,
    Anchor,
    Placement,
    fold,
    locate,
    reanchor_all,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pakistan-russia-ties.txt"
TEXT = EXAMPLE.read_text(encoding="utf-8")

# Where the one-paragraph example is split into paragraphs for the tests that need them.
PARAGRAPH_STARTS = (
    "Historically, Russia",
    "Keeping in context",
    "In the context of military",
    "The current upturn",
    "The writer is",
)


def paragraphed(text: str = TEXT) -> str:
    for start in PARAGRAPH_STARTS:
        text = text.replace(" " + start, "\n\n" + start, 1)
    return text


def anchor_for(text: str, quote: str, occurrence: int = 1) -> Anchor:
    """The anchor the store keeps for the ``occurrence``-th ``quote`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    prefix, suffix = context(text, start, end)
    return Anchor(quote, prefix, suffix, start, end)


def placed_text(text: str, placement: Placement | None) -> str:
    assert placement is not None
    return text[placement.start : placement.end]


def sentences_of(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.”])\s+(?=[A-Z“])", text.strip()) if s]


# --- edits before, inside and after annotations --------------------------------------------


def test_unchanged_text_puts_every_sentence_back_exactly() -> None:
    anchors = [anchor_for(TEXT, s) for s in sentences_of(TEXT)]
    placements = reanchor_all(TEXT, TEXT, anchors)
    assert [(p.start, p.end, p.method, p.score) for p in placements if p] == [
        (a.start, a.end, "exact", 1.0) for a in anchors
    ]


def test_text_inserted_before_an_annotation_shifts_it_without_counting_as_a_move() -> None:
    note = "Editor’s note: this article was updated on 12 September.\n\n"
    new = note + TEXT
    anchor = anchor_for(TEXT, "Historically, Russia and Pakistan have never enjoyed prolonged")
    assert anchor.start is not None and anchor.end is not None
    [placement] = reanchor_all(TEXT, new, [anchor])
    assert placement == Placement(anchor.start + len(note), anchor.end + len(note), "exact", 1.0)


def test_text_deleted_after_an_annotation_leaves_it_where_it_was() -> None:
    new = TEXT.replace(" He can be reached at farooq@crss.pk", "")
    anchor = anchor_for(
        TEXT, "Putin’s visit was primarily intended for a quadrilateral Afghan summit"
    )
    assert anchor.start is not None and anchor.end is not None
    [placement] = reanchor_all(TEXT, new, [anchor])
    assert placement == Placement(anchor.start, anchor.end, "exact", 1.0)


def test_a_word_changed_inside_an_annotation_is_a_fuzzy_match_covering_the_new_words() -> None:
    quote = "Relations saw only one major milestone during Zulfiqar Ali Bhutto’s government"
    new = TEXT.replace("only one major milestone", "only one real milestone")
    [placement] = reanchor_all(TEXT, new, [anchor_for(TEXT, quote)])
    assert placement is not None and placement.method == "fuzzy"
    assert placed_text(new, placement) == quote.replace("major", "real")
    assert 0.8 < placement.score < 1.0


def test_edits_on_both_sides_and_inside_all_at_once() -> None:
    before = "Officials on both sides have given indications"
    inside = "expressed his desire for cooperation with Moscow in the aforementioned sectors"
    after = "Pakistan is an active member of the world community"
    new = (
        TEXT.replace("Pak-Russia ties", "Pakistan-Russia relations")
        .replace("desire for cooperation", "wish for closer cooperation")
        .replace("world community in", "international community in")
    )
    anchors = [anchor_for(TEXT, q) for q in (before, inside, after)]
    first, second, third = reanchor_all(TEXT, new, anchors)
    assert first is not None and first.method == "exact"
    assert placed_text(new, first) == before
    assert second is not None and second.method == "fuzzy"
    assert placed_text(new, second) == inside.replace("desire for", "wish for closer")
    # The edit ends inside the quote's last words: fuzzy, and the span is the new words.
    assert third is not None and third.method == "fuzzy"
    assert placed_text(new, third) == "Pakistan is an active member of the international community"


# --- typos fixed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "fixed", "quote", "expected"),
    [
        # In the middle of the quote.
        (
            "Shanghai Coopration Organisation",
            "Shanghai Cooperation Organisation",
            "within the framework of the Shanghai Coopration Organisation (SCO) will help",
            "within the framework of the Shanghai Cooperation Organisation (SCO) will help",
        ),
        # In its first word.
        (
            "Histroically, Russia",
            "Historically, Russia",
            "Histroically, Russia and Pakistan",
            "Historically, Russia and Pakistan",
        ),
        # In its last word, a letter missing, then a letter too many: the new span must cover
        # the whole corrected word, not a letter more or less.
        (
            "fruitful tis",
            "fruitful ties",
            "never enjoyed prolonged periods of fruitful tis",
            "never enjoyed prolonged periods of fruitful ties",
        ),
        (
            "energy woess",
            "energy woes",
            "overcoming the country’s energy woess",
            "overcoming the country’s energy woes",
        ),
        # The quote is just the misspelt word.
        ("Mujahidin", "Mujahideen", "Mujahidin", "Mujahideen"),
        # A letter added at the very edge of the quote: the old quote is still there, letter
        # for letter, but it now cuts a word ("woe|s", "H|istorically"): the span takes the
        # whole word.
        (
            "energy woe coupled",
            "energy woes coupled",
            "overcoming the country’s energy woe",
            "overcoming the country’s energy woes",
        ),
        (
            "istorically, Russia",
            "Historically, Russia",
            "istorically, Russia and Pakistan",
            "Historically, Russia and Pakistan",
        ),
    ],
)
def test_a_typo_fixed_inside_the_quote_is_fuzzy_and_covers_exactly_the_corrected_words(
    typo: str, fixed: str, quote: str, expected: str
) -> None:
    old = TEXT.replace(fixed, typo, 1)
    anchor = anchor_for(old, quote)
    [placement] = reanchor_all(old, TEXT, [anchor])
    assert placement is not None and placement.method == "fuzzy"
    assert placed_text(TEXT, placement) == expected
    assert 0.7 < placement.score < 1.0
    # Without the old text (an import with offsets only) it lands on the same words.
    located = locate(TEXT, anchor)
    assert located is not None
    assert (located.start, located.end, located.method) == (
        placement.start,
        placement.end,
        "fuzzy",
    )


# --- repeated quotes -------------------------------------------------------------------------


@pytest.mark.parametrize("quote", ["Pakistan", "the Russian", "Islamabad", "the SCO"])
def test_each_occurrence_of_a_repeated_quote_is_told_apart_by_its_context(quote: str) -> None:
    count = TEXT.count(quote)
    assert count >= 2
    anchors = [anchor_for(TEXT, quote, n) for n in range(1, count + 1)]
    # No offsets at all (a Readwise highlight with context): context alone decides.
    for anchor in anchors:
        placement = locate(TEXT, Anchor(anchor.quote, anchor.prefix, anchor.suffix))
        assert placement is not None
        assert (placement.start, placement.end) == (anchor.start, anchor.end)
        assert placement.method == "moved"


def test_repeated_quotes_follow_their_own_occurrence_through_uneven_edits() -> None:
    quote = "Pakistan"
    count = TEXT.count(quote)
    anchors = [anchor_for(TEXT, quote, n) for n in range(1, count + 1)]
    # Text added and removed between occurrences shifts each by a different amount; one
    # occurrence's sentence is reworded right next to it.
    new = (
        TEXT.replace("Pak-Russia ties are", "Relations between Pakistan and Russia are")
        .replace("Historically, ", "")
        .replace("an active member of", "an active and respected member of")
        .replace("from within Pakistan.", "from inside Pakistan.")
    )
    placements = reanchor_all(TEXT, new, anchors)
    for anchor, placement in zip(anchors, placements, strict=True):
        assert placement is not None
        assert placed_text(new, placement) == quote
        # The same occurrence: what follows it is what followed it before.
        assert new[placement.end : placement.end + 12] == anchor.suffix[:12]
    assert len({p.start for p in placements if p}) == count


def test_a_stale_offset_does_not_beat_context_when_the_quote_is_not_there() -> None:
    quote = "Moscow"
    anchor = anchor_for(TEXT, quote, 3)
    other = anchor_for(TEXT, quote, 1)
    # The offset points a few characters before the first occurrence: near, but wrong.
    stale = Anchor(quote, anchor.prefix, anchor.suffix, (other.start or 0) - 3)
    placement = locate(TEXT, stale)
    assert placement is not None
    assert (placement.start, placement.end) == (anchor.start, anchor.end)


# --- deleted and moved text --------------------------------------------------------------------


def test_annotations_in_a_deleted_paragraph_become_orphans_and_the_others_stay() -> None:
    old = paragraphed()
    paragraphs = old.split("\n\n")
    deleted = paragraphs[2]  # "Keeping in context Pakistan’s current political situation..."
    new = old.replace(deleted + "\n\n", "")
    in_deleted = [
        "Keeping in context Pakistan’s current political situation",
        "Shanghai Cooperation Organisation (SCO)",
        "the US",  # occurs in other paragraphs too: it must not jump to one of them
        "Haqqani network",
        "India",  # likewise, a short quote
    ]
    kept = ["Putin’s visit was primarily intended", "termed his visit as a significant"]
    anchors = [anchor_for(old, q, _occurrence_in(old, q, deleted)) for q in in_deleted + kept]
    placements = reanchor_all(old, new, anchors)
    assert placements[: len(in_deleted)] == [None] * len(in_deleted)
    for quote, placement in zip(kept, placements[len(in_deleted) :], strict=True):
        assert placement is not None and placement.method == "exact"
        assert placed_text(new, placement) == quote


def _occurrence_in(text: str, quote: str, paragraph: str) -> int:
    """Which occurrence of ``quote`` in ``text`` is the first one inside ``paragraph``
    (1-based; the first occurrence overall when the quote is not in it)."""
    start = text.find(paragraph)
    position, n = -1, 0
    while True:
        position = text.find(quote, position + 1)
        n += 1
        if position == -1:
            return 1
        if start <= position < start + len(paragraph):
            return n


def test_a_deleted_passage_does_not_jump_to_a_copy_that_was_already_there() -> None:
    old = paragraphed()
    paragraphs = old.split("\n\n")
    new = old.replace(paragraphs[3] + "\n\n", "")  # "In the context of military cooperation"
    anchor = anchor_for(old, "cooperation with Russia")  # also in "economic cooperation with ..."
    assert old.count(anchor.quote) == 2 and new.count(anchor.quote) == 1
    # The old text shows the other one was there all along: this annotation's passage is gone.
    assert reanchor_all(old, new, [anchor]) == [None]
    # Without it, an exact copy of a 23-character quote is all there is to go on.
    moved = locate(new, anchor)
    assert moved is not None and moved.method == "moved"


def test_an_annotated_pull_quote_that_was_removed_does_not_move_onto_the_body_text() -> None:
    words = "We have turned a new page in our relationship with Russia."
    pull_quote = f"\n\n“{words}”\n\n"
    old = TEXT.replace("It is a major shift.” ", "It is a major shift.”" + pull_quote, 1)
    anchor = anchor_for(old, words, 2)  # the pull quote, a few words after the same sentence
    assert reanchor_all(old, TEXT, [anchor]) == [None]
    # Without the old text nothing says the body's sentence is another copy.
    moved = locate(TEXT, anchor)
    assert moved is not None and moved.method == "moved"


def test_a_quote_that_was_a_whole_word_does_not_match_inside_a_longer_one() -> None:
    anchor = anchor_for(
        TEXT, "the Pakistan Steel Mill"
    )  # "...establish the Pakistan Steel Mill on"
    new = TEXT.replace("establish the Pakistan Steel Mill on", "establish a steel plant on")
    # "...and the Pakistan Steel Mills." holds the letters, not the words.
    assert "the Pakistan Steel Mills" in new
    assert reanchor_all(TEXT, new, [anchor]) == [None]
    assert locate(new, anchor) is None


def test_a_similar_sentence_far_away_with_other_surroundings_is_not_taken() -> None:
    old = paragraphed() + "\n\n" + FILLER
    sentence = (
        "Pakistan enjoys a great strategic edge, serving as a bridge and corridor to different "
        "regions."
    )
    anchor = anchor_for(old, sentence)
    # The sentence goes; far away, a near-duplicate appears among unrelated lines.
    twin = sentence.replace("great", "real")
    new = old.replace(sentence + " ", "").replace("Item 1500:", twin + " Item 1500:")
    assert reanchor_all(old, new, [anchor]) == [None]
    assert locate(new, anchor) is None
    # Near where it was, the same near-duplicate is the edited sentence: fuzzy.
    [placement] = reanchor_all(old, old.replace(sentence, twin), [anchor])
    assert placement is not None and placement.method == "fuzzy"


def test_a_quote_whose_first_words_were_deleted_keeps_only_what_is_left() -> None:
    quote = (
        "the Russian delegation, expressed his desire for cooperation with Moscow in the "
        "aforementioned sectors"
    )
    new = TEXT.replace("meeting the Russian delegation, expressed", "meeting expressed")
    [placement] = reanchor_all(TEXT, new, [anchor_for(TEXT, quote)])
    # Not "meeting expressed ...": the words before the cut were never part of the quote.
    assert placed_text(new, placement) == quote.removeprefix("the Russian delegation, ")


def test_short_quotes_from_a_deleted_sentence_do_not_land_on_a_chance_match() -> None:
    sentence = (
        "Unsurprisingly, officials in Kabul also show an unfriendly attitude towards Pakistan,"
    )
    new = TEXT.replace(sentence, "Officials in Kabul,")
    for quote in ("Pakistan", "an", "Un"):
        anchor = anchor_for(TEXT, quote, _occurrence_in(TEXT, quote, sentence))
        assert reanchor_all(TEXT, new, [anchor]) == [None], quote
        assert locate(new, anchor) is None, quote


def test_a_short_quote_changes_fuzzily_only_where_its_context_agrees() -> None:
    anchor = anchor_for(TEXT, "SCO", 2)
    new = TEXT.replace("SCO", "SC0")  # a scraper's OCR slip, everywhere
    assert reanchor_all(TEXT, new, [anchor]) == [locate(new, anchor)]
    placement = locate(new, anchor)
    assert placement is not None and placement.method == "fuzzy"
    assert (placement.start, placement.end) == (anchor.start, anchor.end)
    # The same change with no context stored: a 3-character quote is not guessed at.
    assert locate(new, Anchor("SCO", start=anchor.start)) is None


FILLER = "".join(
    f"Item {n}: the committee noted figure {n * 37 % 1000} and moved on to the next point.\n"
    for n in range(2_000)
)


def test_a_passage_moved_far_away_and_edited_is_found_where_its_context_went() -> None:
    old = paragraphed() + "\n\n" + FILLER
    quote = "Pakistan enjoys a great strategic edge, serving as a bridge and corridor"
    anchor = anchor_for(old, quote)
    paragraph = next(p for p in old.split("\n\n") if quote in p)
    sentence = next(s for s in sentences_of(paragraph) if quote in s)
    moved = sentence.replace("strategic edge", "strategic advantage")
    # The sentence leaves its paragraph for the end of the document (~150 KB further on),
    # taking its neighbours (its context) along; a decoy with the same words but other
    # surroundings is written where it was.
    i = paragraph.index(sentence)
    neighbours = paragraph[i - 40 : i + len(sentence) + 40]
    decoy = "India, too, enjoys a great strategic edge, serving as a bridge to the Gulf."
    new = old.replace(neighbours, decoy) + "\n\n" + neighbours.replace(sentence, moved)
    assert len(new) - (anchor.start or 0) > 140_000
    expected = quote.replace("strategic edge", "strategic advantage")
    [placement] = reanchor_all(old, new, [anchor])
    assert placed_text(new, placement) == expected
    assert placement is not None and placement.method == "fuzzy"
    # Without the old text the search widens from the old offset until it finds it.
    assert locate(new, anchor) == placement


def test_a_passage_moved_unchanged_is_moved_with_context_agreeing() -> None:
    old = paragraphed()
    paragraphs = old.split("\n\n")
    new = "\n\n".join([paragraphs[3], *paragraphs[:3], *paragraphs[4:]])
    quote = "A foreign office spokesman in Islamabad, on condition of anonymity"
    [placement] = reanchor_all(old, new, [anchor_for(old, quote)])
    assert placement is not None and placement.method == "moved"
    assert placed_text(new, placement) == quote


# --- reformatted documents ---------------------------------------------------------------------


def reformat(text: str) -> str:
    """Another tool's export: straight quotes, two spaces after sentences, wrapped at 70."""
    straight: dict[str, str | int | None] = {"’": "'", "‘": "'", "“": '"', "”": '"'}
    text = text.translate(str.maketrans(straight))
    text = re.sub(r"\. (?=[A-Z])", ".  ", text)
    return "\n\n".join(textwrap.fill(p, 70) for p in text.split("\n\n")) + "\n"


def test_a_reformatted_document_keeps_every_annotation_on_the_same_words() -> None:
    old = paragraphed()
    new = reformat(old)
    anchors = [anchor_for(old, s) for s in sentences_of(old)]
    placements = reanchor_all(old, new, anchors)
    # A long quote across a line break and two with curly quotes are among them.
    assert any("\n" in placed_text(new, p) for p in placements)
    for anchor, placement in zip(anchors, placements, strict=True):
        assert placement is not None and placement.method == "exact", anchor.quote
        got = placed_text(new, placement)
        assert fold(got) == fold(anchor.quote)
        assert got[:1] == anchor.quote[:1] and got[-1:] == anchor.quote[-1:].replace("”", '"')
    # Without the old text the same spans are found around the stale offsets.
    assert [(p.start, p.end) if p else None for p in (locate(new, a) for a in anchors)] == [
        (p.start, p.end) if p else None for p in placements
    ]


def test_a_large_reformatted_document_maps_offsets_exactly() -> None:
    # Too large to align character by character: sentences are matched by their words, and
    # offsets inside them are aligned when an annotation needs them.
    old = paragraphed() + "\n\n" + FILLER.replace(".\n", ". ") + "\n\n" + paragraphed()
    new = reformat(old)
    anchors = [anchor_for(old, s, 2) for s in sentences_of(TEXT)[::3]]
    assert all((a.start or 0) > 150_000 for a in anchors)
    placements = reanchor_all(old, new, anchors)
    for anchor, placement in zip(anchors, placements, strict=True):
        assert placement is not None and placement.method == "exact", anchor.quote
        assert fold(placed_text(new, placement)) == fold(anchor.quote)


def test_fold_tells_formatting_changes_from_text_changes() -> None:
    assert fold("“We have turned\na new page.”  It") == fold('"We have turned a new page." It')
    assert fold("a new page") != fold("a new leaf")
    assert fold("high-\nlevel visits") == fold("high-level visits")


# --- invariants ------------------------------------------------------------------------------

EDIT_CHARS = "ΑΒΓΔ ΕΖ\n"  # letters the brief does not use: an edit cannot recreate its text


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    """The example brief with 1-4 non-overlapping edits (insert, delete or replace), and the
    edits in old-text coordinates."""
    cuts = sorted(draw(st.lists(st.integers(0, len(TEXT)), min_size=2, max_size=8, unique=True)))
    edits = []
    for lo, hi in zip(cuts[::2], cuts[1::2], strict=False):
        hi = min(hi, lo + draw(st.integers(0, 400)))
        edits.append((lo, hi, draw(st.text(EDIT_CHARS, max_size=60))))
    new = TEXT
    for lo, hi, insert in reversed(edits):
        new = new[:lo] + insert + new[hi:]
    return new, edits


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edit=edited(),
    spans=st.lists(
        st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 300)), min_size=1, max_size=6
    ),
)
def test_random_edits_give_spans_in_range_and_leave_untouched_annotations_exact(
    edit: tuple[str, list[tuple[int, int, str]]], spans: list[tuple[int, int]]
) -> None:
    new, edits = edit
    anchors = []
    for start, length in spans:
        end = min(len(TEXT), start + length)
        assume(TEXT[start:end].strip())
        anchors.append(Anchor(TEXT[start:end], *context(TEXT, start, end), start, end))
    placements = reanchor_all(TEXT, new, anchors)
    for anchor, placement in zip(anchors, placements, strict=True):
        assert anchor.start is not None and anchor.end is not None
        if placement is not None:
            assert 0 <= placement.start < placement.end <= len(new)
            assert placement.method in ("exact", "moved", "fuzzy")
            assert 0.0 <= placement.score <= 1.0
        # An annotation no edit touches (one character of margin) stays, shifted exactly. Not
        # checked for quotes of 1-3 characters: next to an edit, which of two equal letters
        # survived it is a toss-up ("soon" minus an "o"), and the search may take the other.
        untouched = all(hi < anchor.start or lo > anchor.end for lo, hi, _ in edits)
        if untouched and len(anchor.quote.strip()) > 3:
            shift = sum(len(ins) - (hi - lo) for lo, hi, ins in edits if hi < anchor.start)
            assert placement == Placement(anchor.start + shift, anchor.end + shift, "exact", 1.0)
        located = locate(new, anchor)
        if located is not None:
            assert 0 <= located.start < located.end <= len(new)


def test_the_edit_budget_is_half_the_quote_and_at_most_max_edits() -> None:
    quote = "the regional approach in addressing the Afghan issue and ensuring stability"
    anchor = anchor_for(TEXT, quote)
    # Rewritten in more than half its characters: an orphan; one word replaced: found.
    heavy = "the local way of handling the Afghan question and keeping things calm"
    assert Levenshtein.distance(quote, heavy) > len(quote) // 2
    assert reanchor_all(TEXT, TEXT.replace(quote, heavy), [anchor]) == [None]
    light = quote.replace("addressing", "tackling")
    [placement] = reanchor_all(TEXT, TEXT.replace(quote, light), [anchor])
    assert placed_text(TEXT.replace(quote, light), placement) == light
    # A long quote rewritten in more than MAX_EDITS characters is an orphan even though
    # that is well under half of it.
    long_quote = TEXT[TEXT.index("Currently, the US") : TEXT.index("Washington’s current")]
    assert len(long_quote) > 4 * MAX_EDITS
    rewritten = long_quote.replace("e", "3").replace("a", "4")
    assert MAX_EDITS < Levenshtein.distance(long_quote, rewritten) < len(long_quote) // 2
    new = TEXT.replace(long_quote, rewritten)
    assert reanchor_all(TEXT, new, [anchor_for(TEXT, long_quote)]) == [None]


def test_anchors_without_text_or_position_are_handled() -> None:
    assert locate(TEXT, Anchor("")) is None
    assert locate(TEXT, Anchor("   ")) is None
    assert reanchor_all(None, TEXT, []) == []
    # Offsets past the end of the text are clamped, not an error.
    placement = locate(TEXT, Anchor("farooq@crss.pk", start=10**9))
    assert placed_text(TEXT, placement) == "farooq@crss.pk"
    [placement] = reanchor_all(TEXT + "x" * 10, TEXT, [Anchor("farooq@crss.pk", start=10**9)])
    assert placed_text(TEXT, placement) == "farooq@crss.pk"


# --- widened candidates (another tool's anchoring cases) -------------------------------------


def at(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """The span of the ``occurrence``-th ``quote`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def span_of(placement: Placement | None) -> tuple[int, int] | None:
    return None if placement is None else (placement.start, placement.end)


LATER = "Many years later, the two ministers met again in Moscow to sign the pipeline agreement."


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        (LATER, "Many yers later", "Many years later"),  # 15 characters, no 8 of them intact
        (TEXT, "Haqqani netwrk", "Haqqani network"),
        (TEXT, "Afghan sumit", "Afghan summit"),
    ],
    ids=["Many-yers", "Haqqani-netwrk", "Afghan-sumit"],
)
def test_a_short_quote_missing_a_letter_is_found_without_context(
    text: str, quote: str, expected: str
) -> None:
    # An import with the quote only (no context, no offsets), and with an offset right at it.
    for anchor in (Anchor(quote), Anchor(quote, start=text.index(expected))):
        placement = locate(text, anchor)
        assert placed_text(text, placement) == expected, anchor
        assert placement is not None and placement.method == "fuzzy"
        assert 0.5 < placement.score < 1.0


def test_a_position_hint_chooses_between_equally_good_fuzzy_matches_and_none_is_a_tie() -> None:
    # "the Russian" occurs twice; the quote lost a letter, so both places are equally good.
    first, second = at(TEXT, "the Russian", 1), at(TEXT, "the Russian", 2)
    for hint, want in ((first[0], first), (second[0], second), (second[0] + 40, second)):
        assert span_of(locate(TEXT, Anchor("the Rusian", start=hint))) == want, hint
    # Without a hint nothing tells them apart: an orphan, not the first one.
    assert locate(TEXT, Anchor("the Rusian")) is None
    # Context tells them apart without a hint.
    stored = anchor_for(TEXT, "the Russian", 2)
    typo = Anchor("the Rusian", stored.prefix, stored.suffix)
    assert span_of(locate(TEXT, typo)) == second


def test_an_exact_quote_found_twice_with_nothing_to_choose_is_an_orphan() -> None:
    assert locate(TEXT, Anchor("the Russian")) is None
    first = at(TEXT, "the Russian", 1)
    placement = locate(TEXT, Anchor("the Russian", start=first[0]))
    assert span_of(placement) == first and placement is not None and placement.method == "exact"


@pytest.mark.parametrize("quote", ["Haqqani", "Kabul", "Mujahideen"])
def test_a_short_quote_found_once_is_placed_though_its_context_changed(quote: str) -> None:
    anchor = anchor_for(TEXT, quote)
    assert len(quote) < 12 and TEXT.count(quote) == 1
    start, end = at(TEXT, quote)
    # Both sides of it rewritten: the stored context agrees with nothing.
    new = TEXT[: start - 40] + "ΞΞΞΞ " * 8 + quote + " ΨΨΨΨ" * 8 + TEXT[end + 40 :]
    expected = (start, end)
    assert span_of(reanchor_all(TEXT, new, [anchor])[0]) == expected
    # Without the old text: with the old offset (where it is) and with no offset at all.
    assert span_of(locate(new, anchor)) == expected
    moved = locate(new, Anchor(quote, anchor.prefix, anchor.suffix))
    assert span_of(moved) == expected and moved is not None and moved.method == "moved"
    # An offset it is far from says the one copy left is as likely another passage's (the
    # annotated sentence deleted): a short quote stays cautious there.
    shifted = "Ω" * 5_000 + new
    assert locate(shifted, anchor) is None


def test_a_unique_short_quote_at_the_very_end_of_the_text_ignores_a_suffix_that_is_gone() -> None:
    text = "The delegation flew home on Tuesday"
    placement = locate(text, Anchor("Tuesday", prefix="flew home on ", suffix=" and rested."))
    assert placed_text(text, placement) == "Tuesday"
    placement = locate(text, Anchor("home", prefix="It used to be the ", suffix=" on Tuesday"))
    assert placed_text(text, placement) == "home"


def test_a_unique_short_quote_still_does_not_move_onto_an_old_copy() -> None:
    # "the Russian sports minister" rewritten: the one "the Russian" left was already there.
    anchor = anchor_for(TEXT, "the Russian", 1)
    new = TEXT.replace("headed by the Russian sports minister", "led by a sports official")
    assert new.count("the Russian") == 1
    assert reanchor_all(TEXT, new, [anchor]) == [None]
    # Without the old text, the offset says the copy left is elsewhere: cautious too.
    assert locate(new, anchor) is None
    # With no offset either, the one copy is all there is to go on (as for longer quotes).
    bare = Anchor(anchor.quote, anchor.prefix, anchor.suffix)
    assert span_of(locate(new, bare)) == at(new, "the Russian")


@pytest.mark.parametrize("quote", ["Pakistan", "the US", "the SCO", "Islamabad", "Moscow"])
def test_short_quotes_that_occur_several_times_stay_orphans_when_their_place_is_gone(
    quote: str,
) -> None:
    # One occurrence and the words around it deleted; at least two others remain.
    start, end = at(TEXT, quote, 2)
    anchor = anchor_for(TEXT, quote, 2)
    new = TEXT[: start - 33] + " " + TEXT[end + 33 :]
    assert new.count(quote) >= 2
    assert reanchor_all(TEXT, new, [anchor]) == [None]
    assert locate(new, anchor) is None
    assert locate(new, Anchor(quote, anchor.prefix, anchor.suffix)) is None
    # Only the quote, no context, no position: nothing to choose by.
    assert locate(new, Anchor(quote)) is None


def test_a_short_fuzzy_quote_that_fits_several_places_equally_is_an_orphan() -> None:
    # "Pakistn" fits each of the 23 "Pakistan"s as well as the others.
    assert locate(TEXT, Anchor("Pakistn")) is None
    # With an offset at one of them it is that one.
    start, end = at(TEXT, "Pakistan", 5)
    placement = locate(TEXT, Anchor("Pakistn", start=start))
    assert span_of(placement) == (start, end)


@pytest.mark.parametrize(
    ("text", "quote", "prefix", "expected"),
    [
        # The first word replaced: the whole changed phrase, not only the words left.
        (LATER, "Some years later", "", "Many years later"),
        (LATER, "some years later", "", "Many years later"),
        (TEXT, "Traditionally, Russia and Pakistan", "", "Historically, Russia and Pakistan"),
        (
            TEXT,
            "Traditionally, Russia and Pakistan",
            anchor_for(TEXT, "Historically, Russia").prefix,
            "Historically, Russia and Pakistan",
        ),
        # The last word replaced.
        (LATER, "two ministers met again in Sochi", "", "two ministers met again in Moscow"),
    ],
    ids=["Some", "some", "Traditionally", "Traditionally-context", "Sochi"],
)
def test_a_quote_whose_edge_word_was_replaced_covers_the_replacement(
    text: str, quote: str, prefix: str, expected: str
) -> None:
    placement = locate(text, Anchor(quote, prefix))
    assert placed_text(text, placement) == expected
    assert placement is not None and placement.method == "fuzzy" and placement.score < 1.0


def test_only_case_or_punctuation_changed_is_a_fuzzy_match_on_the_new_spelling() -> None:
    cases = [
        ("a fresh start", "a Fresh Start", "witnessing a fresh start with an exchange"),
        ("to Pakistan, yet", "to Pakistan yet", "his much-hyped visit to Pakistan, yet a visit"),
        ("Haqqani network", "Haqqani Network", "Haqqani network"),
        ("Kabul", "KABUL", "Kabul"),
    ]
    for old_words, new_words, quote in cases:
        new = TEXT.replace(old_words, new_words, 1)
        anchor = anchor_for(TEXT, quote)
        expected = quote.replace(old_words, new_words)
        [placement] = reanchor_all(TEXT, new, [anchor])
        assert placed_text(new, placement) == expected, quote
        assert placement is not None and placement.method == "fuzzy", quote
        located = locate(new, anchor)
        assert span_of(located) == span_of(placement), quote
        # Without context either (an import of the quote alone).
        assert placed_text(new, locate(new, Anchor(quote))) == expected, quote


@pytest.mark.parametrize(
    ("quote", "broken"),
    [
        ("a fresh start", "a fresh\nstart"),
        ("high-level visits from both the sides", "high-\nlevel visits from both\nthe sides"),
        ("Haqqani network", "Haqqani\r\nnetwork"),
    ],
)
def test_a_quote_split_across_a_line_break_stays_exact(quote: str, broken: str) -> None:
    anchor = anchor_for(TEXT, quote)
    new = TEXT.replace(quote, broken, 1)
    [placement] = reanchor_all(TEXT, new, [anchor])
    assert placed_text(new, placement) == broken
    assert placement is not None and placement.method == "exact"
    assert span_of(locate(new, anchor)) == span_of(placement)
    assert placed_text(new, locate(new, Anchor(quote))) == broken


CJK = (
    "巴基斯坦与俄罗斯的关系正在经历一个新的开始，双方高层互访频繁。过去被认为不可能的事情，"
    "可能很快就会成为现实，因为双方都在争取双边关系的新起点。俄罗斯总统普京推迟了他备受期待的"
    "巴基斯坦之行，但俄罗斯代表团于九月初访问了伊斯兰堡，巴基斯坦陆军参谋长也可能访问莫斯科。"
)
ARABIC = (
    "تشهد العلاقات الباكستانية الروسية بداية جديدة مع تبادل الزيارات رفيعة المستوى من الجانبين. "
    "وقد يصبح ما كان يعتبر مستبعدا في الماضي حقيقة قريبا، إذ يسعى الجانبان إلى بداية جديدة في "
    "العلاقات الثنائية. ورغم أن الرئيس الروسي أجل زيارته إلى باكستان، "
    "فإن وفدا روسيا زار إسلام آباد."
)


@pytest.mark.parametrize(
    ("text", "old_words", "new_words", "quote"),
    [
        (CJK, "频繁", "频密", "双方高层互访频繁"),
        (CJK, "争取", "争夺", "因为双方都在争取双边关系"),
        (CJK, "普京", "普金", "普京推迟了他"),
        (ARABIC, "رفيعة", "رفيعه", "تبادل الزيارات رفيعة المستوى"),
        (ARABIC, "أجل", "أخر", "الرئيس الروسي أجل زيارته"),
    ],
    ids=["cjk-1", "cjk-2", "cjk-3", "arabic-1", "arabic-2"],
)
def test_a_cjk_or_arabic_quote_with_one_character_changed_is_fuzzy_on_the_new_words(
    text: str, old_words: str, new_words: str, quote: str
) -> None:
    new = text.replace(old_words, new_words, 1)
    expected = quote.replace(old_words, new_words)
    anchor = anchor_for(text, quote)
    [placement] = reanchor_all(text, new, [anchor])
    assert placed_text(new, placement) == expected
    assert placement is not None and placement.method == "fuzzy"
    assert span_of(locate(new, anchor)) == span_of(placement)
    # Imported without context: the same words, not the rest of an unspaced line.
    for bare in (Anchor(quote), Anchor(quote, start=anchor.start)):
        assert placed_text(new, locate(new, bare)) == expected, bare
    # Unchanged, inside a line of CJK without spaces, without context: exact where it is.
    assert placed_text(text, locate(text, Anchor(quote))) == quote


def test_a_typed_quote_is_found_across_a_line_break_after_a_hyphen() -> None:
    # A brief wrapped at "high-|level": what re-anchoring calls formatting, typing does too.
    wrapped = TEXT.replace("high-level visits from", "high-\nlevel visits\nfrom", 1)
    start, end = find_quote(wrapped, "exchange of high-level visits from both")
    assert wrapped[start:end] == "exchange of high-\nlevel visits\nfrom both"
    assert fold(wrapped[start:end]) == "exchange of high-level visits from both"


def test_in_a_large_text_a_passage_found_twice_without_a_position_is_an_orphan() -> None:
    # Over 64 KB the fuzzy search looks around hits of pieces of the passage: it must see
    # both copies, not take the first.
    sentence = "Pakistan enjoys a great strategic edge, serving as a bridge and corridor"
    big = FILLER[:40_000] + "\n" + sentence + ".\n" + FILLER[40_000:] + sentence + ". End."
    assert len(big) > 1 << 16 and big.count(sentence) == 2
    typo = sentence.replace("strategic", "strategc")
    assert locate(big, Anchor(typo)) is None
    assert locate(big, Anchor(sentence)) is None
    # With a position either copy is found, as it is when only one is left.
    second = big.rindex(sentence)
    assert span_of(locate(big, Anchor(typo, start=second))) == (second, second + len(sentence))
    once = big.replace(sentence, "", 1)
    placed = locate(once, Anchor(typo))
    assert placed_text(once, placed) == sentence


@pytest.mark.parametrize(
    ("sentence", "quote"),
    [
        ("Although Russian President Putin", "Russian President"),  # "Pakistani president"
        ("Putin’s visit was primarily", "Islamabad that also"),  # "Islamabad and a"
        # Not checked: "visit by the" → "first by the", one edge word swapped for one as long,
        # is what "Some years later" → "Many years later" is; without context, alike.
    ],
)
def test_a_bare_quote_from_deleted_text_does_not_land_on_a_merely_similar_one(
    sentence: str, quote: str
) -> None:
    # Imported without context: its own letters are all the evidence, so a passage that
    # differs in a third of them is not taken for it.
    start = TEXT.index(sentence)
    end = TEXT.index(". ", start) + 2
    assert quote in TEXT[start:end]
    new = TEXT[:start] + TEXT[end:]
    assert quote not in new
    assert locate(new, Anchor(quote)) is None
    assert locate(new, Anchor(quote, start=start + TEXT[start:end].index(quote))) is None
