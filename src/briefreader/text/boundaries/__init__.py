"""Word, sentence and paragraph boundaries over the normalised text.

These drive cursor movement (``w``/``b``, ``)``/``(``, ``}``/``{``), selecting the sentence or
paragraph under the cursor, and word counts. All offsets are code-point offsets into the
normalised text (LF newlines only); spans are ``(start, end)``, end-exclusive, and never include
leading or trailing whitespace.

Definitions, shared by every function so that spans and navigation always agree:

* A **paragraph** is a run of lines none of which is blank; blank (whitespace-only) lines
  separate paragraphs.
* A **sentence** starts at the first non-space character of a paragraph or after an accepted
  sentence boundary (see :func:`.sentence_rules._accept`), and never crosses a paragraph break.
* A **word** is a run of letters/digits joined by single internal apostrophes, hyphens, dots,
  ``@``, ``/``, ``&`` or ``_`` (``Pakistan’s``, ``CASA-1000``, ``3.5``, ``farooq@crss.pk``) or
  by commas between digits (``1,000``), a URL, or a single CJK ideograph/kana. Punctuation is
  not a word.

Navigation is local: the functions that take a position look only at the text around it
(expanding windows, C-level regex scans), so a keypress costs the same in a 6 KB brief and in a
5 MB one (tens of microseconds). Two exceptions: a paragraph longer than 32 KB is looked up in an
index of the whole text, built once per text (milliseconds) and cached for the last two texts;
and a "sentence" longer than :data:`MAX_SENTENCE_SCAN` characters (no sentence end at all) is
not searched to its end: navigation then moves at most that far, to a word start.

**Modules.** :mod:`.common` (:data:`Span`, position helpers), :mod:`.sentence_rules` (what ends
a sentence: terminators, abbreviations, line markers), :mod:`.sentences`, :mod:`.paragraphs`,
:mod:`.words` (spans, the unit at a position, navigation); this package re-exports the public
names.
"""

from __future__ import annotations

from briefreader.text.boundaries.common import Span
from briefreader.text.boundaries.paragraphs import (
    next_paragraph_start,
    paragraph_at,
    paragraph_spans,
    prev_paragraph_start,
)
from briefreader.text.boundaries.sentences import (
    MAX_SENTENCE_SCAN,
    next_sentence_start,
    prev_sentence_start,
    sentence_at,
    sentence_spans,
)
from briefreader.text.boundaries.words import (
    count_words,
    next_word_start,
    prev_word_start,
    word_at,
    word_spans,
)

__all__ = [
    "MAX_SENTENCE_SCAN",
    "Span",
    "count_words",
    "next_paragraph_start",
    "next_sentence_start",
    "next_word_start",
    "paragraph_at",
    "paragraph_spans",
    "prev_paragraph_start",
    "prev_sentence_start",
    "prev_word_start",
    "sentence_at",
    "sentence_spans",
    "word_at",
    "word_spans",
]
