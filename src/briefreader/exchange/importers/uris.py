"""URLs in one form for each purpose: as a URI for the W3C JSON export (:func:`to_uri`), back
as the readable IRI a person typed (:func:`from_uri`), and a normal form to compare them by
(:func:`url_key`), so that a URL typed ``https://ur.wikipedia.org/wiki/پاکستان`` and the same
URL copied from an address bar as ``…/wiki/%D9%BE%D8%A7…`` are one source, and an export that
percent-encodes never looks like a change when it is imported back.

The normal form (RFC 3986 section 6.2.2 and RFC 3987's mapping of IRIs to URIs): scheme and
host lower-cased, the default port dropped, an empty http(s) path made ``/``; in the rest,
escapes of unreserved ASCII characters and of UTF-8 text decoded, other escapes upper-cased,
and the characters a URI cannot hold (ASCII ``<>"{}|\\^`` and the backtick, a ``%`` that starts
no escape; spaces, controls and formatting characters) percent-encoded. Query ``+`` and
``%20`` stay different, as servers tell them apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import SplitResult, urlsplit, urlunsplit

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
#: Characters that stand for themselves in a URI: unreserved, reserved and ``%`` escapes.
_URI_CHARS = _UNRESERVED | frozenset(":/?#[]@!$&'()*+,;=%")
_BRACKETS = frozenset("[]")
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


def _readable(ch: str) -> bool:
    """Whether ``ch`` is a non-ASCII letter, digit or symbol an IRI shows as itself: not a
    space, a control or formatting character (bidi marks, zero-width joiners), nor private or
    unassigned; those stay escaped so no URL read back holds what the store refuses."""
    return ord(ch) >= 0x80 and ch.isprintable() and not ch.isspace()


def _escaped(ch: str) -> str:
    return "".join(f"%{byte:02X}" for byte in ch.encode("utf-8", "surrogatepass"))


def _decode_escapes(part: str, *, keep_ascii_escaped: bool) -> str:
    """``part`` with its escapes of UTF-8 text decoded (and of unreserved ASCII unless
    ``keep_ascii_escaped``); every escape left is upper-cased."""

    def decode(match: re.Match[str]) -> str:
        raw = bytes.fromhex(match.group().replace("%", ""))
        text = raw.decode("utf-8", errors="surrogateescape")
        out = []
        for ch in text:
            code = ord(ch)
            if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8 text: stays escaped
                out.append(f"%{code - 0xDC00:02X}")
            elif _readable(ch) or (ch in _UNRESERVED and not keep_ascii_escaped):
                out.append(ch)
            else:
                out.append(_escaped(ch))
        return "".join(out)

    return _ESCAPES.sub(decode, _LONE_PERCENT.sub("%25", part))


def _encode(part: str, *, non_ascii: bool, host: bool = False) -> str:
    """Percent-encode the ASCII characters a URI cannot hold (and non-ASCII ones, as UTF-8,
    when ``non_ascii``). Brackets stay only in a host (an IPv6 literal): RFC 3986 allows them
    nowhere else, and in a path they would read as markup in a Markdown report."""
    allowed = _URI_CHARS if host else _URI_CHARS - _BRACKETS
    out = []
    for ch in part:
        if ch in allowed or (not non_ascii and _readable(ch)):
            out.append(ch)
        else:
            out.append(_escaped(ch))
    return "".join(out)


def _split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:  # "https://[::1": not a URL the store keeps
        return None


def _host_form(netloc: str, *, ascii_host: bool) -> str:
    """``netloc`` with an internationalised host name in punycode (``ascii_host``) or in its
    own letters; as it is when it has user info, is an IPv6 address or is not a valid name
    (Python's IDNA 2003 codec decides)."""
    if "@" in netloc or netloc.startswith("["):
        return netloc
    host, colon, port = netloc.partition(":")
    try:
        if ascii_host and not host.isascii():
            host = host.encode("idna").decode("ascii")
        elif not ascii_host and "xn--" in host.lower():
            host = host.encode("ascii").decode("idna")
    except UnicodeError:
        return netloc
    return host + colon + port


def _rebuild(parts: SplitResult, netloc: str, convert: Callable[[str], str]) -> str:
    return urlunsplit(
        (parts.scheme, netloc, convert(parts.path), convert(parts.query), convert(parts.fragment))
    )


def to_uri(url: str) -> str:
    """``url`` as a URI, the same for every way of typing it: UTF-8 text and the characters a
    URI cannot hold percent-encoded, escapes of unreserved characters decoded and the rest
    upper-cased. ``https://ur.wikipedia.org/wiki/پاکستان`` and ``…/wiki/%d9%be%d8%a7%DA…``
    both give ``…/wiki/%D9%BE%D8%A7%DA…``."""

    def convert(part: str, *, host: bool = False) -> str:
        return _encode(_decode_escapes(part, keep_ascii_escaped=False), non_ascii=True, host=host)

    parts = _split(url.strip())
    if parts is None:
        return convert(url.strip())
    host = _host_form(_decode_escapes(parts.netloc, keep_ascii_escaped=True), ascii_host=True)
    return _rebuild(parts, convert(host, host=True), convert)


def from_uri(uri: str) -> str:
    """A URI read from a file as the IRI a person would type: escapes of UTF-8 text decoded
    (``…/wiki/%D9%BE…`` -> ``…/wiki/پ…``), ASCII escapes kept as they are, a punycode host
    in its own letters (``xn--e1afmkfd.xn--p1ai`` -> ``пример.рф``)."""
    decoded = _decode_escapes(uri, keep_ascii_escaped=True) if "%" in uri else uri
    parts = _split(decoded)
    if parts is None or "xn--" not in parts.netloc.lower():
        return decoded
    return _rebuild(parts, _host_form(parts.netloc, ascii_host=False), lambda part: part)


def url_key(url: str) -> str:
    """The normal form two spellings of one URL share (see the module docstring)."""
    value = url.strip()
    parts = _split(value)
    if parts is None:
        return value

    def convert(part: str) -> str:
        return _encode(_decode_escapes(part, keep_ascii_escaped=False), non_ascii=False)

    scheme = parts.scheme.lower()
    netloc = _decode_escapes(parts.netloc, keep_ascii_escaped=False).lower()
    netloc = _encode(_host_form(netloc, ascii_host=True), non_ascii=False, host=True)
    default = _DEFAULT_PORTS.get(scheme)
    if default and netloc.endswith(default):
        netloc = netloc[: -len(default)]
    path = convert(parts.path)
    if default and netloc and not path:
        path = "/"
    return urlunsplit((scheme, netloc, path, convert(parts.query), convert(parts.fragment)))
