"""The hostile-text corpus: every kind of brief a careless or malicious author could hand us.

Each :class:`Case` knows the bytes of its file (built here, written to ``tmp_path`` at test
time: no binary blobs in the repository), whether importing it must succeed or be refused with
a clear message, and what must be true afterwards: which hostile characters the stored text
keeps verbatim (``kept``), which must be gone (``gone``, e.g. a ``<script>`` body in HTML), and
what the reader must show instead (``shown``: visible placeholders, literal markup).

Text cases put the hostile part in the first sentence of the brief, so that ``h`` (highlight
the sentence under the cursor, which starts at offset 0), or ``s`` (select it) then ``h``,
annotates a span that covers it, as a person would.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

#: After the hostile sentence: a second one, so the brief has more than one sentence.
TAIL = " Then the brief goes on calmly.\n\nA second paragraph ends it.\n"

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"

# What display_safe turns them into (briefreader.text.display): spelled out here so that a
# change there is a visible change here.
SHOW_ESC = "\u241b"  # ␛
SHOW_BEL = "\u2407"  # ␇
SHOW_C1 = "\u2370"  # ⍰
SHOW_DEL = "\u2421"  # ␡


@dataclass(frozen=True)
class Case:
    """One file of the corpus and what must hold after importing it."""

    name: str
    filename: str
    #: The hostile part; text cases embed it in a sentence (see :meth:`data`).
    payload: str = ""
    #: The exact file contents when the case is not "a sentence around ``payload``".
    raw: bytes | None = None
    #: How the sentence is encoded (with a BOM for the UTF-16/32 cases).
    encoding: str = "utf-8"
    bom: bytes = b""
    #: None: the import succeeds. Otherwise a regex the error message must match.
    refused: str | None = None
    #: Substrings the stored text must contain verbatim (default: the payload).
    kept: tuple[str, ...] | None = None
    #: Substrings the stored text must not contain.
    gone: tuple[str, ...] = ()
    #: Substrings that must be visible on the rendered screen.
    shown: tuple[str, ...] = ()
    #: Substrings that must be visible at 200x60 (too long for the panel or header at 80x24).
    shown_wide: tuple[str, ...] = ()
    #: Characters that may be in the stored text but must never reach the terminal raw.
    hidden: tuple[str, ...] = ()
    #: Substrings of a warning the import must give.
    warns: tuple[str, ...] = ()
    #: True when the sentence under the cursor (offset 0) covers the payload, so that keys
    #: annotate it; False: annotate through the store API and jump to it with ``]``.
    by_keys: bool = True
    #: The keys that annotate: ``h`` alone highlights the sentence under the cursor (the
    #: span ``s`` selects); a few cases select it with ``s`` first, as a person might.
    keys: tuple[str, ...] = ("h",)
    #: Takes seconds on its own: run in a test of its own, marked ``slow``.
    slow: bool = False

    def data(self) -> bytes:
        if self.raw is not None:
            return self.raw
        text = f"Hostile {self.name} here: before {self.payload} after." + TAIL
        return self.bom + text.encode(self.encoding)

    def write(self, folder: Path) -> Path:
        path = folder / self.filename
        path.write_bytes(self.data())
        return path

    @property
    def must_keep(self) -> tuple[str, ...]:
        if self.kept is not None:
            return self.kept
        return (self.payload,) if self.payload else ()


def _long_line() -> bytes:
    # 2 MB with no space at all, a few hostile characters inside so the wrapping of a huge
    # token crosses them, and a sentence end only at the very end.
    chunk = "abcdefghijklmnopqrstuvwxyz0123456789" * 2
    body = chunk * (2_000_000 // len(chunk))
    middle = len(body) // 2
    body = body[:middle] + ESC + "[2J" + "\u202e" + body[middle:]
    return ("Start" + body + ".\n").encode("utf-8")


_SCRIPT = "alert('pwned-by-script')"
_JS_URL = "javascript:alert('pwned-by-link')"


def _html_page() -> bytes:
    return f"""<!doctype html>
<html><head><title>Hostile page [@click=app.quit]t[/]</title>
<script>{_SCRIPT}</script>
<style>body {{ color: red }}</style></head>
<body><article>
<h1>A hostile page</h1>
<p>First paragraph with markup [@click=app.quit]x[/] and [link=https://evil.example]y[/link]
and a lone [/] and <a href="{_JS_URL}">a javascript link</a> in it. More words follow here.</p>
<p>Second paragraph: it closes the article with enough words to be the main text of it.</p>
<script>document.write("{_SCRIPT}")</script>
</article></body></html>
""".encode()


def _html_entities() -> bytes:
    # Control characters spelled as character references, on one source line (with a line
    # break in the same paragraph the import used to crash: see the regression test in
    # test_hostile_pipeline).
    return (
        b"<html><body><article><p>Escapes as entities &#27;[2J and &#x9b;31m and &#x202e;rev"
        b"&#x202c; and a bell &#7; and a NUL &#0; in one paragraph, long enough to be the text."
        b"</p></article></body></html>\n"
    )


_MARKDOWN = f"""# Hostile Markdown [@click=app.quit]t[/]

Markup [@click=app.quit]x[/] and [link=https://evil.example]y[/link] and a lone [/] here.

<script>{_SCRIPT}</script>

A [javascript link]({_JS_URL}) and <a href="{_JS_URL}">raw html</a> follow.
"""

#: What a person might paste into a note, a claimant or a source title: the whole mix.
HOSTILE_NOTE = (
    f"{ESC}[2J {ESC}]52;c;ZXZpbA=={BEL} \u009b31m rub\x7fout nul\x00 [@click=app.quit]n[/] "
    "\u202eevil\u202c zero\u200bwidth"
)
#: Characters of :data:`HOSTILE_NOTE` that must never reach the terminal raw.
NOTE_HIDDEN = (ESC, BEL, "\u009b", "\x7f", "\x00", "\u202e", "\u202c", "\u200b")
#: How the panel shows the start of that note.
NOTE_SHOWN = f"Note {SHOW_ESC}[2J {SHOW_ESC}]52;c;ZXZpbA=={SHOW_BEL} {SHOW_C1}31m rub{SHOW_DEL}out"

MARKUP = "[@click=app.quit]x[/] [link=https://evil.example]y[/link] a lone [/] [bold red]z"
BIDI = "\u202eevil\u202c \u2066a\u2069 \u2067b\u2069 \u2068c\u2069"
ZERO_WIDTH = "zero\u200bwidth non\u200cjoiner joi\u200dner bom\ufeffinside"

CASES: tuple[Case, ...] = (
    Case("csi", "csi.txt", ESC + "[2J", shown=(SHOW_ESC + "[2J",), hidden=(ESC,)),
    Case(
        # A well-formed SGR: only the check of drawn segments can tell it from Textual's own.
        "csi-sgr",
        "csi-sgr.txt",
        ESC + "[31;1mred" + ESC + "[0m",
        shown=(SHOW_ESC + "[31;1mred" + SHOW_ESC + "[0m",),
        hidden=(ESC,),
    ),
    Case(
        "osc52-bel",
        "osc52-bel.txt",
        ESC + "]52;c;ZXZpbA==" + BEL,
        shown=(SHOW_ESC + "]52;c;ZXZpbA==" + SHOW_BEL,),
        hidden=(ESC, BEL),
    ),
    Case(
        "osc52-st",
        "osc52-st.txt",
        ESC + "]52;c;ZXZpbA==" + ST,
        shown=(SHOW_ESC + "]52;c;ZXZpbA==" + SHOW_ESC + "\\",),
        hidden=(ESC,),
    ),
    Case(
        "osc8",
        "osc8.txt",
        ESC + "]8;;https://evil.example/" + ST + "click" + ESC + "]8;;" + ST,
        shown=(SHOW_ESC + "]8;;https://evil.example/" + SHOW_ESC + "\\click",),
        hidden=(ESC,),
    ),
    Case(
        "osc0-title",
        "osc0.txt",
        ESC + "]0;pwned-title" + BEL,
        shown=(SHOW_ESC + "]0;pwned-title" + SHOW_BEL,),
        hidden=(ESC, BEL),
    ),
    Case(
        "dcs",
        "dcs.txt",
        ESC + 'P$q"p' + ST,
        shown=(SHOW_ESC + 'P$q"p' + SHOW_ESC + "\\",),
        hidden=(ESC,),
    ),
    Case(
        "osc-unterminated",
        "osc-open.txt",
        ESC + "]52;c;ZXZpbA==",
        # A terminal would swallow everything after an open OSC: the rest must still show.
        shown=(SHOW_ESC + "]52;c;ZXZpbA==", "after.", "calmly."),
        hidden=(ESC,),
    ),
    Case(
        "c1",
        "c1.txt",
        "\u009b2J and \u009d0;pwned\u009c",
        shown=(SHOW_C1 + "2J", SHOW_C1 + "0;pwned" + SHOW_C1),
        hidden=("\u009b", "\u009d", "\u009c"),
    ),
    Case(
        # NUL inside a text file with a BOM: imported (a BOM-less one is refused as binary,
        # below), the NUL replaced at import (briefreader.text.validate.NUL_REPLACEMENT).
        "nul",
        "nul.txt",
        "nul\x00here",
        bom=codecs.BOM_UTF8,
        kept=(),
        warns=("NUL",),
        hidden=("\x00",),
    ),
    Case(
        "nul-no-bom",
        "nul-no-bom.txt",
        raw=b"A brief with a NUL\x00 in its head.\n",
        refused=r"nul-no-bom\.txt.*binary.*NUL",
    ),
    Case("del", "del.txt", "rub\x7fout", shown=("rub" + SHOW_DEL + "out",), hidden=("\x7f",)),
    Case(
        "markup",
        "markup.txt",
        MARKUP,
        keys=("s", "h"),
        shown=("[@click=app.quit]x[/]", "[link=https://evil.example]y[/link]", "[/]", "[bold"),
    ),
    Case(
        "bidi",
        "bidi.txt",
        BIDI,
        keys=("s", "h"),
        shown=("\u21a4evil\u21b2", "\u21e5a\u21b2", "\u21e4b\u21b2", "\u21c6c\u21b2"),
        hidden=("\u202e", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069"),
    ),
    Case(
        "zero-width",
        "zero-width.txt",
        ZERO_WIDTH,
        # The joiner between two letters too: see briefreader.text.display.JOINER_MARKER.
        shown=("zero\u2423width", "non\u2af0joiner", "joi\u22c8ner", "bom\u2423inside"),
        hidden=("\u200b", "\u200c", "\u200d", "\ufeff"),
    ),
    Case(
        "combining",
        "combining.txt",
        "cafe\u0301 Z\u0336\u0335\u0334\u0337algo a\u0300\u0301\u0302\u0303\u0304\u0305 \u0301lead",
        shown=("cafe\u0301",),
    ),
    Case(
        "emoji-zwj",
        "emoji.txt",
        "\U0001f468\u200d\U0001f469\u200d\U0001f467 \U0001f3f3\ufe0f\u200d\U0001f308 "
        "\U0001f44d\U0001f3fd 1\ufe0f\u20e3",
        keys=("s", "h"),
        shown=("\U0001f468\u200d\U0001f469\u200d\U0001f467",),
    ),
    Case("cjk", "cjk.txt", "中文字符测试 日本語のテキスト 한국어", shown=("中文字符测试",)),
    Case(
        "rtl",
        "rtl.txt",
        "مرحبا بالعالم שלום עולם",
        shown=("مرحبا", "שלום"),
    ),
    Case("tabs", "tabs.txt", "col1\tcol2\t\tcol3", kept=("col1\tcol2\t\tcol3",)),
    Case(
        "long-line",
        "long-line.txt",
        raw=_long_line(),
        kept=(ESC + "[2J\u202e",),
        shown=(SHOW_ESC + "[2J\u21a4",),
        shown_wide=(NOTE_SHOWN,),
        hidden=NOTE_HIDDEN,
        by_keys=False,
        slow=True,
    ),
    Case("empty", "empty.txt", raw=b"", refused=r"empty\.txt: empty file"),
    Case("blank", "blank.txt", raw=b" \n\t\n", refused=r"blank\.txt: empty file"),
    Case(
        "utf16-le",
        "utf16le.txt",
        ESC + "[2J \u202eutf16",
        encoding="utf-16-le",
        bom=codecs.BOM_UTF16_LE,
        shown=(SHOW_ESC + "[2J",),
        hidden=(ESC, "\u202e"),
    ),
    Case(
        "utf16-be",
        "utf16be.txt",
        "東京 \u009b2J",
        encoding="utf-16-be",
        bom=codecs.BOM_UTF16_BE,
        shown=("東京", SHOW_C1 + "2J"),
        hidden=("\u009b",),
    ),
    Case(
        "utf32-le",
        "utf32le.txt",
        "\U0001f468\u200d\U0001f469 \x7f",
        encoding="utf-32-le",
        bom=codecs.BOM_UTF32_LE,
        shown=(SHOW_DEL,),
        hidden=("\x7f",),
    ),
    Case(
        "utf32-be",
        "utf32be.txt",
        "Αθήνα \u2066iso\u2069",
        encoding="utf-32-be",
        bom=codecs.BOM_UTF32_BE,
        shown=("Αθήνα", "\u21e5iso\u21b2"),
        hidden=("\u2066", "\u2069"),
    ),
    Case(
        "invalid-utf8",
        "invalid.txt",
        # \x81 and \x8d are no character in windows-1252 either: nothing reads it, so the
        # bytes that are not UTF-8 become U+FFFD, said.
        raw=b"Hostile invalid here: caf\xe9 and \x81\x8d and \xc3 after." + TAIL.encode(),
        kept=("caf\ufffd and \ufffd\ufffd and \ufffd after.",),
        warns=("not valid UTF-8",),
    ),
    Case(
        "windows-1252",
        "legacy.txt",
        raw=b"Hostile legacy here: caf\xe9 cr\xe8me \x93quoted\x94." + TAIL.encode(),
        kept=("caf\u00e9 cr\u00e8me \u201cquoted\u201d.",),
        warns=("windows-1252",),
    ),
    Case(
        "binary",
        "picture.txt",
        raw=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        refused=r"picture\.txt.*binary",
    ),
    Case(
        "markdown",
        "hostile.md",
        raw=_MARKDOWN.encode(),
        kept=("[@click=app.quit]x[/]", "<script>", _JS_URL),
        shown=("[@click=app.quit]x[/]", "<script>"),
        shown_wide=("Hostile Markdown [@click=app.quit]t[/]", NOTE_SHOWN),
        hidden=NOTE_HIDDEN,
        by_keys=False,
    ),
    Case(
        "html",
        "hostile.html",
        raw=_html_page(),
        # The extracted text is Markdown-ish: brackets come out escaped (\\[@click=…\\]).
        kept=("@click=app.quit", "link=https://evil.example", "javascript link"),
        gone=(_SCRIPT, "javascript:", "color: red"),
        shown=("@click=app.quit",),
        shown_wide=(NOTE_SHOWN,),
        hidden=NOTE_HIDDEN,
        by_keys=False,
    ),
    Case(
        "html-entities",
        "entities.html",
        raw=_html_entities(),
        kept=("[2J",),
        hidden=(*NOTE_HIDDEN, "\u202c"),
        by_keys=False,
    ),
)

#: The control brief: the same shape as a text case, nothing hostile in it.
BENIGN = Case("benign", "benign.txt", "plain words only")
