"""What the app writes to the terminal, captured in a test and taken apart.

How the bytes are captured: the real :class:`~briefreader.tui.app.BriefReaderApp` runs under
``App.run_test(headless=False)`` with ``app.driver_class = CapturingDriver``. That driver is a
HeadlessDriver (no terminal, no input thread) that says it is *not* headless, so Textual's
``App._display`` does what it does for a real terminal: it renders every frame to the exact
string a terminal would receive (``CompositorUpdate.render_segments(console)``: text, SGR
colours, cursor moves) and hands it to ``driver.write``, which keeps it. Nothing in Textual or
in the app is patched.

How it is judged (:func:`scan`): the stream is cut into escape sequences and text. Textual
draws with three kinds of sequence only (:data:`DRAWING`): SGR (``ESC[…m``), cursor position
(``ESC[row;colH``) and the kitty pointer shape (``ESC]22;name BEL``); the benign control brief
of the test suite checks that this list is what Textual really emits. Any other sequence, and
any C0 control other than newline, DEL or C1 control in the text between sequences, came from
somewhere else: from the brief. A brief's own ``ESC[31m`` would be a well-formed SGR, so the
drawn segments are also checked one by one (:func:`frame`): the text of every segment must be
free of controls, which attributes anything raw to the brief exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from textual.app import App
from textual.drivers.headless_driver import HeadlessDriver

from tests.tui.helpers import full_repaint

#: Every escape sequence form (ECMA-48): CSI, OSC, DCS/SOS/PM/APC, and the rest (a lone ESC too).
SEQUENCE = re.compile(
    r"""
      \x1b\[ [0-?]* [ -/]* [@-~]?
    | \x1b\] [^\x07\x1b]* (?:\x07|\x1b\\)?
    | \x1b[PX^_] [^\x1b]* (?:\x1b\\)?
    | \x1b [ -/]* [0-~]?
    """,
    re.VERBOSE,
)
#: The sequences Textual draws a screen with.
DRAWING = (
    re.compile(r"\x1b\[[0-9;:]*m"),  # SGR: colours and attributes
    re.compile(r"\x1b\[[0-9]+;[0-9]+H"),  # cursor position
    re.compile(r"\x1b\]22;[a-z-]+\x07"),  # kitty pointer shape
)
#: Characters that must never reach the terminal outside a drawing sequence.
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


class CapturingDriver(HeadlessDriver):
    """A headless driver that keeps every string the app writes (see the module docstring)."""

    #: Where the running app's output goes; a session sets a fresh list before it starts.
    sink: list[str] = []  # noqa: RUF012 -- one app runs at a time in a test

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        CapturingDriver.sink.append(data)


@dataclass(frozen=True)
class Scan:
    """An output stream taken apart."""

    #: Escape sequences that are not drawing sequences.
    foreign: tuple[str, ...]
    #: The kinds of escape sequence seen (``"m"``, ``"H"``, ``"]22"``, …).
    kinds: frozenset[str]
    #: Control characters found in the text between the sequences.
    controls: tuple[str, ...]
    #: The text between the sequences.
    text: str


def _kind(sequence: str) -> str:
    if sequence.startswith("\x1b]"):
        return "]" + sequence[2:].split(";", 1)[0]
    return sequence[-1] if sequence.startswith("\x1b[") else sequence[:2]


def scan(output: str) -> Scan:
    """Take ``output`` (what the app wrote to the terminal) apart."""
    sequences = SEQUENCE.findall(output)
    foreign = tuple(s for s in sequences if not any(p.fullmatch(s) for p in DRAWING))
    text = SEQUENCE.sub("", output)
    return Scan(
        foreign=foreign,
        kinds=frozenset(_kind(s) for s in sequences),
        controls=tuple(CONTROLS.findall(text)),
        text=text,
    )


@dataclass(frozen=True)
class Frame:
    """One screen as the terminal would get it in a full repaint."""

    #: The bytes of a full repaint.
    output: str
    #: The text of each row, as drawn.
    rows: tuple[str, ...]
    #: The text segments drawn (no control segments).
    segments: tuple[Segment, ...]

    def find(self, needle: str) -> tuple[int, int] | None:
        """``(x, y)`` screen cell where ``needle`` starts on one row, or None.

        Columns are counted in characters, which equals cells for the ASCII text this is used
        for."""
        for y, row in enumerate(self.rows):
            x = row.find(needle)
            if x >= 0:
                return x, y
        return None

    @property
    def screen_text(self) -> str:
        return "\n".join(self.rows)


def frame(app: App[Any]) -> Frame:
    """A full repaint of ``app``'s current screen, rendered as ``App._display`` renders it
    (see :func:`tests.tui.helpers.full_repaint`)."""
    repaint = full_repaint(app)
    segments = tuple(segment for line in repaint.lines for segment in line)
    return Frame(repaint.output, tuple(repaint.rows), segments)
