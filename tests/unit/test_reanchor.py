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

from briefreader.anchoring import context
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
    [placement] = reanchor_all(TEXT, new, [anchor])
    assert placement == Placement(anchor.start + len(note), anchor.end + len(note), "exact", 1.0)


def test_text_deleted_after_an_annotation_leaves_it_where_it_was() -> None:
    new = TEXT.replace(" He can be reached at farooq@crss.pk", "")
    anchor = anchor_for(
        TEXT, "Putin’s visit was primarily intended for a quadrilateral Afghan summit"
    )
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
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
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
