"""Which charsets an HTML page may name, and a guess when it names none that can be used.

Only the encodings of the WHATWG Encoding Standard (what browsers accept), by its labels, are
honoured: Python's codec registry also answers to ``rot13``, ``base64``, ``zlib``, ``punycode``,
``idna``, ``undefined`` or ``unicode_escape``, which are not text encodings and must never decode
a page. A label outside the standard, or its "replacement" encoding, is ignored; so are UTF-16
declarations (a page that can declare its charset in ASCII is not UTF-16) and ``x-user-defined``
(HTML reads both as the spec says: UTF-8 and windows-1252).

Without a usable declaration, bytes that are not UTF-8 are given to charset-normalizer, limited
to these encodings; where windows-1252 (the WHATWG default) reads the bytes as well as its guess,
windows-1252 is chosen. A text file that is not UTF-8 is read in the encoding detected the same
way (see :func:`decode_text`); the warning names the encoding used.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from briefreader.text.decode import (
    SNIFF_BYTES,
    BinaryFileError,
    Decoded,
    binary_reason,
    decode_bytes,
    normalise_newlines,
)


class Charset(NamedTuple):
    """A WHATWG encoding: its name (for messages) and the Python codec that decodes it."""

    name: str
    codec: str


# WHATWG name -> (Python codec, its labels). Where Python's codec of the same name differs from
# the WHATWG decoder, the codec is the superset browsers use (GBK -> gb18030, Big5 -> big5hkscs,
# Shift_JIS -> cp932, EUC-KR -> cp949).
_ENCODINGS: dict[str, tuple[str, str]] = {
    "UTF-8": ("utf-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"),
    "IBM866": ("cp866", "866 cp866 csibm866 ibm866"),
    "ISO-8859-2": (
        "iso8859-2",
        "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2",
    ),
    "ISO-8859-3": (
        "iso8859-3",
        "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3",
    ),
    "ISO-8859-4": (
        "iso8859-4",
        "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4",
    ),
    "ISO-8859-5": (
        "iso8859-5",
        "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 "
        "iso_8859-5:1988",
    ),
    "ISO-8859-6": (
        "iso8859-6",
        "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 "
        "iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    ),
    "ISO-8859-7": (
        "iso8859-7",
        "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
        "iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    ),
    "ISO-8859-8": (
        "iso8859-8",
        "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 "
        "iso88598 iso_8859-8 iso_8859-8:1988 visual",
    ),
    "ISO-8859-8-I": ("iso8859-8", "csiso88598i iso-8859-8-i logical"),
    "ISO-8859-10": (
        "iso8859-10",
        "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    ),
    "ISO-8859-13": ("iso8859-13", "iso-8859-13 iso8859-13 iso885913"),
    "ISO-8859-14": ("iso8859-14", "iso-8859-14 iso8859-14 iso885914"),
    "ISO-8859-15": (
        "iso8859-15",
        "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    ),
    "ISO-8859-16": ("iso8859-16", "iso-8859-16"),
    "KOI8-R": ("koi8-r", "cskoi8r koi koi8 koi8-r koi8_r"),
    "KOI8-U": ("koi8-u", "koi8-ru koi8-u"),
    "macintosh": ("mac-roman", "csmacintosh mac macintosh x-mac-roman"),
    "windows-874": ("cp874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"),
    "windows-1250": ("cp1250", "cp1250 windows-1250 x-cp1250"),
    "windows-1251": ("cp1251", "cp1251 windows-1251 x-cp1251"),
    "windows-1252": (
        "cp1252",
        "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
        "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
    ),
    "windows-1253": ("cp1253", "cp1253 windows-1253 x-cp1253"),
    "windows-1254": (
        "cp1254",
        "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 "
        "l5 latin5 windows-1254 x-cp1254",
    ),
    "windows-1255": ("cp1255", "cp1255 windows-1255 x-cp1255"),
    "windows-1256": ("cp1256", "cp1256 windows-1256 x-cp1256"),
    "windows-1257": ("cp1257", "cp1257 windows-1257 x-cp1257"),
    "windows-1258": ("cp1258", "cp1258 windows-1258 x-cp1258"),
    "x-mac-cyrillic": ("mac-cyrillic", "x-mac-cyrillic x-mac-ukrainian"),
    "GBK": (
        "gb18030",
        "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk",
    ),
    "gb18030": ("gb18030", "gb18030"),
    "Big5": ("big5hkscs", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"),
    "EUC-JP": ("euc_jp", "cseucpkdfmtjapanese euc-jp x-euc-jp"),
    "ISO-2022-JP": ("iso2022_jp", "csiso2022jp iso-2022-jp"),
    "Shift_JIS": (
        "cp932",
        "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    ),
    "EUC-KR": (
        "cp949",
        "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
        "ksc_5601 windows-949",
    ),
}
# What a <meta> or XML declaration of these means in HTML (the HTML standard's prescan).
_READ_AS = {
    "UTF-8": "unicodefffe utf-16be csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 "
    "utf-16le",
    "windows-1252": "x-user-defined",
}

CHARSETS: dict[str, Charset] = {
    name: Charset(name, codec) for name, (codec, _) in _ENCODINGS.items()
}
_LABELS: dict[str, Charset] = {
    label: CHARSETS[name] for name, (_, labels) in _ENCODINGS.items() for label in labels.split()
}
_LABELS.update(
    {label: CHARSETS[name] for name, labels in _READ_AS.items() for label in labels.split()}
)
WINDOWS_1252 = CHARSETS["windows-1252"]
UTF_8 = CHARSETS["UTF-8"]

_NOT_ASCII = re.compile(rb"[\x80-\xff]")
#: A text file with fewer bytes beyond ASCII than this is read as windows-1252 or not at all:
#: so few bytes are no evidence of any other encoding.
FEW_BYTES = 8
#: How much of a page charset-normalizer looks at (the whole of a 20 MB page takes it ~3 s).
DETECT_BYTES = 1 << 20


def charset_for_label(label: str) -> Charset | None:
    """The encoding a page's charset declaration names, or None if it names none to use."""
    return _LABELS.get(label.strip().lower())


def detect_charset(data: bytes, first_bad: int = 0) -> Charset | None:
    """Guess the legacy encoding of ``data`` (bytes that are not UTF-8 from ``first_bad`` on),
    or None if no encoding reads them cleanly (then they are most likely UTF-8 with a few bad
    bytes). Bytes before the first bad one that are UTF-8 beyond ASCII mean UTF-8 with a few bad
    bytes too. Only ``DETECT_BYTES`` from the first bad byte on are looked at."""
    if _NOT_ASCII.search(data, 0, first_bad):
        return None  # valid UTF-8 beyond ASCII before the first bad byte: UTF-8, damaged
    from charset_normalizer import from_bytes

    by_codec: dict[str, Charset] = {}
    for charset in CHARSETS.values():
        by_codec.setdefault(charset.codec.replace("-", "_"), charset)
    # From the first bad byte: ASCII before it says nothing and only dilutes what does.
    sample = data[first_bad : first_bad + DETECT_BYTES]
    matches = from_bytes(sample, cp_isolation=sorted(by_codec))
    best = matches.best()
    if best is None:
        return None
    # Encodings that read the bytes as well as the best guess: windows-1252 wins among them.
    as_good = [
        encoding
        for match in matches
        if match.chaos <= best.chaos and match.coherence >= best.coherence
        for encoding in match.could_be_from_charset
    ]
    if "cp1252" in as_good:
        return WINDOWS_1252
    return by_codec.get(best.encoding)


def decode_as(data: bytes, charset: Charset, name: str, why: str) -> Decoded:
    """``data`` in ``charset`` (chosen for ``why``); undecodable bytes replaced and reported."""
    try:
        return Decoded(normalise_newlines(data.decode(charset.codec)), charset.codec)
    except UnicodeDecodeError as exc:
        warning = (
            f"{name}: not valid {charset.name} ({why}) at byte {exc.start}; "
            "undecodable bytes were replaced with \ufffd"
        )
        text = data.decode(charset.codec, errors="replace")
        return Decoded(normalise_newlines(text), charset.codec, (warning,))


def decode_text(data: bytes, name: str) -> Decoded:
    """A text or Markdown file: as :func:`decode_bytes`, except that a file that is not UTF-8
    (and has no BOM) is read in the legacy encoding detected, if one reads it: a Russian text
    in windows-1251 is not a binary file, and a French one in windows-1252 keeps its "é"
    rather than get U+FFFD. The warning says which encoding was used. Bytes that are not UTF-8
    after some that are (UTF-8 with a few bad bytes), or that no encoding reads cleanly, are
    replaced as :func:`decode_bytes` does; so few bytes beyond ASCII that they tell nothing
    (under :data:`FEW_BYTES`) are read as windows-1252 if it reads them, else replaced."""
    try:
        decoded = decode_bytes(data, name)
    except BinaryFileError:
        if binary_reason(data[:SNIFF_BYTES], legacy=True) is not None:
            raise
        legacy = detect_charset(data)
        if legacy is None or legacy == UTF_8:
            raise
        detected = decode_as(data, legacy, name, "the charset detected")
        warning = f"{name}: not valid UTF-8; read as {legacy.name} (detected)"
        return Decoded(detected.text, detected.encoding, (warning, *detected.warnings))
    if decoded.encoding != "utf-8" or not decoded.warnings:
        return decoded  # valid UTF-8, or a BOM said what it is
    first_bad = 0
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    how = "detected"
    if len(_NOT_ASCII.findall(data, first_bad)) < FEW_BYTES:
        # Too few bytes to tell one encoding from another: the most common one, if it reads
        # them, else none (U+FFFD rather than a guess at "EUC-KR" from one byte).
        how = "assumed: too few bytes to detect an encoding"
        guess: Charset | None = None if _NOT_ASCII.search(data, 0, first_bad) else WINDOWS_1252
    else:
        guess = detect_charset(data, first_bad)
    if guess is None or guess == UTF_8:
        return decoded
    detected = decode_as(data, guess, name, "the charset detected")
    if detected.warnings:
        return decoded  # the guess does not read it either: keep UTF-8 and its replacements
    warning = f"{name}: not valid UTF-8; read as {guess.name} ({how})"
    return Decoded(detected.text, detected.encoding, (warning,))
