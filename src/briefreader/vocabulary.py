"""The words annotations are made of, defined once: the kinds of annotation, the types of a
claim, the verdicts a claim can be given, and how a source relates to what it is attached to.

The store's CHECK constraints, the command line's choices, the importers' validation, the
exports and the dialogs all read them from here, so a new word is added in one place (and in a
schema upgrade for the constraints). Nothing here imports anything: every layer may use it.
"""

from __future__ import annotations

from typing import Final

#: What an annotation is: a highlighted passage, a claim to be checked, or a note.
KINDS: Final = ("highlight", "claim", "note")
#: What kind of statement a claim is.
CLAIM_TYPES: Final = ("fact", "opinion", "prediction")
#: A claim's verdict, from "not checked yet" to the three findings (stored as ``claim_status``).
VERDICTS: Final = ("unverified", "supported", "disputed", "refuted")
#: The verdict a new claim starts with.
UNCHECKED: Final = "unverified"
#: Where checking a claim stands, apart from its verdict: to be checked, being checked,
#: checked, or not checkable (an opinion, or a prediction that cannot be checked yet).
CHECK_STATUSES: Final = ("to-check", "checking", "checked", "not-checkable")
#: The check status a new claim starts with.
TO_CHECK: Final = "to-check"
#: The check status of a claim whose verdict was given (a later verdict is a correction).
CHECKED: Final = "checked"
#: The claim fields whose every change is kept in the claim's history.
TRACKED: Final = ("check_status", "claim_status", "conclusion", "rationale")
#: How a source bears on the annotation it is attached to.
RELATIONS: Final = ("supports", "refutes", "context")
#: The relation a source gets when none is said.
DEFAULT_RELATION: Final = "supports"
