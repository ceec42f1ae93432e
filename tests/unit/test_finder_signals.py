"""The check-worthiness signals on hand-written sentences: each signal (and each signal against
checking) is found with the right words at the right offsets, look-alikes are not, and hostile
input (control characters, lone surrogates, a megabyte with no sentence end, nothing at all)
is read quickly and without error."""

from __future__ import annotations

import time

import pytest

from briefreader.finder.signals import (
    LABELS,
    MAX_PER_SIGNAL,
    NEGATIVE,
    SIGNALS,
    Reason,
    find_signals,
)


def found(sentence: str, signal: str) -> list[str]:
    """The words matched for ``signal``, each checked against its offsets."""
    reasons = find_signals(sentence)
    for r in reasons:
        assert sentence[r.start : r.end] == r.text, r
    return [r.text for r in reasons if r.signal == signal]


@pytest.mark.parametrize(
    ("sentence", "signal", "words"),
    [
        ("Exports rose 40% last year.", "number", "40%"),
        ("The deal is worth $3.5 billion to the mills.", "number", "$3.5 billion"),
        ("It cost Rs. 500 a tonne.", "number", "Rs. 500"),
        ("Some 1,200 people and two million pilgrims came.", "number", "1,200"),
        ("Some 1,200 people and two million pilgrims came.", "number", "two"),
        ("Prices are more than double what they were.", "comparison", "more than"),
        ("Imports were far higher this winter than last.", "comparison", "higher"),
        ("Trade grew faster than investment.", "comparison", "faster than"),
        ("Output fell, compared with the year before.", "comparison", "compared with"),
        ("It is the largest steel mill in the country.", "superlative", "largest"),
        (
            "Liaquat Ali Khan, Pakistan’s first prime minister, went.",
            "superlative",
            "Pakistan’s first",
        ),
        ("Unemployment increased sharply.", "change", "increased"),
        ("Growth slowed because of the floods.", "cause", "because of"),
        ("That is why the talks failed.", "cause", "That is why"),
        ("The minister said the plant would open.", "attribution", "said"),
        ("According to the survey, most agreed.", "attribution", "According to"),
        ("He said, “We have turned a new page.”", "quotation", "“We have turned a new page.”"),
        ('She called it "a major shift" twice.', "quotation", '"a major shift"'),
        ("Fines doubled under the act.", "law", "under the act"),
        ("Parliament passed the Energy Act last week.", "law", "Act"),
        ("The pipeline will carry gas to India.", "prediction", "will"),
        ("Prices are expected to fall.", "prediction", "expected to"),
        ("Tariffs have been in force since 2014.", "time", "since 2014"),
        ("Steel output peaked in the 1990s.", "time", "in the 1990s"),
        ("The plant closed two years ago.", "time", "two years ago"),
        ("A delegation arrived in early September.", "time", "in early September"),
        ("Historically, the two have rarely agreed.", "time", "Historically"),
        ("Putin has postponed his visit.", "past", "postponed"),
        ("The Ministry of Energy denied it.", "named_body", "Ministry of Energy"),
        ("Talks within the SCO continue.", "named_body", "SCO"),
        (
            "He works at the Centre for Research and Security Studies now.",
            "named_body",
            "Centre for Research and Security Studies",
        ),
        ("Officials in Kabul deny it.", "institution", "Officials"),
        ("Even then, Liaquat Ali Khan visited the US first.", "name", "Liaquat Ali Khan"),
        ("Is the pipeline ready?", "question", "?"),
        ("Thank you very much.", "greeting", "Thank you"),
        ("Good evening, ladies and gentlemen.", "greeting", "Good evening"),
        ("I feel this is wrong.", "feeling", "I feel"),
        ("We really believe in peace.", "feeling", "We really believe"),
        ("I'm proud of our record.", "feeling", "I'm proud"),
        ("Maybe the visit is off.", "hedge", "Maybe"),
        ("The talks may resume.", "hedge", "may"),
        ("Pakistan should expand cooperation.", "advice", "should"),
        ("It would be useful to talk.", "advice", "It would be"),
    ],
)
def test_each_signal_is_found_with_its_words(sentence: str, signal: str, words: str) -> None:
    assert words in found(sentence, signal)


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("We chose talks rather than sanctions.", "comparison"),
        ("The interest rate protest continued.", "superlative"),
        ("Thanks to the rain, the harvest grew.", "greeting"),
        ("May I ask a question.", "time"),
        ("The visit happened in 2014.", "number"),  # a year is a time
        ("Leaders of the G20 met.", "number"),
        ("An act of kindness changed nothing.", "law"),
        ("Historically, relations were cold.", "name"),  # a sentence's first word
        ("They need indeed to proceed.", "past"),
        ("He can be reached at the office.", "greeting"),
        ("The report was long.", "question"),
        ("The plan is good.", "hedge"),
    ],
)
def test_look_alikes_are_not_signals(sentence: str, signal: str) -> None:
    assert found(sentence, signal) == []


def test_thanks_to_is_a_cause_not_a_greeting() -> None:
    sentence = "Thanks to the subsidy, exports doubled."
    assert found(sentence, "cause") == ["Thanks to"]
    assert found(sentence, "greeting") == []


def test_words_of_a_number_in_digits_count_once() -> None:
    assert found("The fund holds $3.5 billion.", "number") == ["$3.5 billion"]


def test_a_name_inside_a_named_body_is_the_body_only() -> None:
    sentence = "Then the Shanghai Cooperation Organisation met in Islamabad."
    assert found(sentence, "named_body") == ["Shanghai Cooperation Organisation"]
    assert found(sentence, "name") == ["Islamabad"]


def test_reasons_come_in_text_order_with_their_labels() -> None:
    sentence = "Since 2014, exports rose 40%, the Ministry of Energy said."
    reasons = find_signals(sentence)
    assert [r.start for r in reasons] == sorted(r.start for r in reasons)
    assert [(r.label, r.text) for r in reasons] == [
        ("time", "Since 2014"),
        ("change", "rose"),
        ("number", "40%"),
        ("named body", "Ministry of Energy"),
        ("attribution", "said"),
    ]


def test_every_signal_has_a_label_and_the_negative_ones_are_signals() -> None:
    assert set(LABELS) == set(SIGNALS)
    assert set(SIGNALS) >= NEGATIVE
    assert {"question", "greeting", "feeling", "hedge"} <= NEGATIVE


def test_shifted_moves_the_offsets_only() -> None:
    r = Reason("number", "40%", 3, 6)
    assert r.shifted(100) == Reason("number", "40%", 103, 106)


def test_a_signal_keeps_at_most_its_cap() -> None:
    sentence = ", ".join(str(n) for n in range(10, 60)) + " people."
    assert len(found(sentence, "number")) == MAX_PER_SIGNAL


@pytest.mark.parametrize("sentence", ["", "   ", "\n\n", ".", "?!", "\u200b", "’’’"])
def test_empty_or_blank_input(sentence: str) -> None:
    assert all(r.signal == "question" for r in find_signals(sentence))


def test_control_characters_and_lone_surrogates() -> None:
    sentence = "\x00\x1b[31mThe \x07minister\ud800 said\x9b 40%\x7f rose\u202e."
    reasons = find_signals(sentence)
    for r in reasons:
        assert sentence[r.start : r.end] == r.text
    assert {"attribution", "number", "change"} <= {r.signal for r in reasons}


_EXAMPLE_WORDS = (
    "Moscow has expressed interest in the construction of the TAPI pipeline, said officials "
    "in 2014, because of the 40% rise, more than the largest “new page” will "
)


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param((_EXAMPLE_WORDS * 12_000)[:1_000_000] + "?", id="prose"),
        pytest.param("a" * 1_000_000, id="one-word"),
        pytest.param("A" * 1_000_000, id="one-capital-word"),
        pytest.param("Aaa " * 250_000, id="capitalised-words"),
        pytest.param("1," * 500_000, id="digits"),
        pytest.param("“" * 1_000_000, id="open-quotes"),
        pytest.param('"a' * 500_000, id="straight-quotes"),
        pytest.param("I really really think " * 50_000, id="feelings"),
        pytest.param("\x1b" * 1_000_000, id="escapes"),
    ],
)
def test_a_megabyte_sentence_is_read_in_under_a_second(sentence: str) -> None:
    began = time.perf_counter()
    reasons = find_signals(sentence)
    assert time.perf_counter() - began < 1.0
    for r in reasons:
        assert sentence[r.start : r.end] == r.text
    if sentence.endswith("?"):
        assert reasons[-1] == Reason("question", "?", len(sentence) - 1, len(sentence))
