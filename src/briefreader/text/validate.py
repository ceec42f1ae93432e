"""Validation and normalisation of small user-typed values: tag names, source URLs, colours.

Pure functions, shared by the store (which enforces them) and the UI (which explains them in
place before anything is saved).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

_WS = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TAG_FORBIDDEN = re.compile(r"[,;\x00-\x1f\x7f-\x9f]")
_HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_DOI = re.compile(r"^(?:doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
#: The characters of a host name label: ASCII letters, digits, ``-`` and ``_`` (see
#: :func:`normalise_source_url` for the underscore), and any non-ASCII character (IDNA judges).
_HOST_CHARS = re.compile(r"^[A-Za-z0-9_\x80-\U0010ffff-]+$")
#: A ``%`` that does not start a two-hex-digit escape.
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
TAG_MAX_LEN = 64


class InvalidValue(ValueError):
    """A value the user typed that cannot be stored; the message says why, for the user."""


def normalise_tag(name: str) -> str:
    """``" Foreign  Policy "`` -> ``"foreign-policy"``: NFKC, case-folded, spaces to ``-``.

    Raises :class:`InvalidValue` for an empty name, one that is too long, or one containing a
    comma, a semicolon (they separate tags in inputs and exports) or a control character.
    """
    cleaned = _WS.sub("-", unicodedata.normalize("NFKC", name).strip()).casefold()
    cleaned = cleaned.strip("-")
    if not cleaned:
        raise InvalidValue("a tag needs a name")
    if _TAG_FORBIDDEN.search(cleaned):
        raise InvalidValue(
            f"tag {name!r}: commas, semicolons and control characters are not allowed"
        )
    if len(cleaned) > TAG_MAX_LEN:
        raise InvalidValue(f"tag {name!r} is longer than {TAG_MAX_LEN} characters")
    return cleaned


def normalise_source_url(url: str) -> str:
    """Accept http(s) URLs with a host, and DOIs (``doi:10.x/y`` or ``10.x/y``, stored as
    ``https://doi.org/10.x/y``). Anything else raises :class:`InvalidValue` with the reason:
    not http(s), no host, a malformed host or port (``https://[::1``, ``http://a:b``, a port
    outside 1-65535), a ``%`` not followed by two hex digits (``/%zz``; a literal ``%`` is
    ``%25``), or a user name or password in it (``https://user:pw@host/``: it would be copied
    into every export).

    Host names are checked as browsers read them (the WHATWG URL Standard), since a source is
    a URL copied from a browser: labels of letters, digits, ``-`` and ``_``, none empty or
    longer than 63 characters (a final ``.`` is allowed); an all-digit last label makes it an
    IPv4 address, which must be a valid one. An underscore is accepted although RFC 952/1123
    keep it out of DNS host names: real sub-domains have one (``my_blog.blogspot.com``) and
    browsers open them, so refusing would refuse real sources. Internationalised names
    (``bücher.de``, ``हिन्दी.भारत``) are accepted as typed when IDNA can encode them
    (Python's ``idna`` codec); ``%`` escapes in a host are not."""
    value = url.strip()
    doi = _DOI.match(value)
    if doi:
        return "https://doi.org/" + doi.group(1)
    if not value:
        raise InvalidValue("a source needs a URL")
    if any(ch.isspace() for ch in value) or _CONTROL.search(value):
        raise InvalidValue(f"source URL {value!r} contains spaces or control characters")
    try:
        parts = urlsplit(value)
    except ValueError:  # unbalanced or invalid [brackets] around the host
        raise InvalidValue(
            f"source URL {value!r} is not a valid URL: a host in [brackets] must be an IPv6 address"
        ) from None
    if "@" in parts.netloc:
        shown = value.replace(parts.netloc, "…@" + parts.netloc.rpartition("@")[2], 1)
        raise InvalidValue(
            f"source URL {shown!r} contains a user name or password; remove it (it would be "
            "copied into every export)"
        )
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidValue(
            f"source URL {value!r}: only http(s) URLs and DOIs (doi:10.… or 10.…) are accepted"
        )
    if not parts.hostname:
        raise InvalidValue(f"source URL {value!r} has no host")
    _check_host_and_port(value, parts)
    bad = _BAD_ESCAPE.search(value)
    if bad:
        raise InvalidValue(
            f"source URL {value!r} has a malformed percent escape "
            f"({value[bad.start() : bad.start() + 3]!r}): % must be followed by two hex digits "
            "(a % sign itself is %25)"
        )
    return value


def _check_host_and_port(value: str, parts: SplitResult) -> None:
    netloc = parts.netloc
    if netloc.startswith("["):
        host, _, rest = netloc.partition("]")
        try:
            ipaddress.IPv6Address(host[1:])
        except ValueError:
            raise InvalidValue(
                f"source URL {value!r} is not a valid URL: a host in [brackets] must be an "
                "IPv6 address"
            ) from None
        if rest and not rest.startswith(":"):
            raise InvalidValue(f"source URL {value!r} is not a valid URL")
        port = rest[1:]
    else:
        host, _, port = netloc.partition(":")
        if not host:
            raise InvalidValue(f"source URL {value!r} has no host")
        problem = _host_name_problem(host)
        if problem:
            raise InvalidValue(f"source URL {value!r}: {host!r} is not {problem}")
    if port and not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
        raise InvalidValue(f"source URL {value!r}: the port must be a number from 1 to 65535")


def _host_name_problem(host: str) -> str | None:
    """What ``host`` (not in brackets) is not, or None if it is a host name or IPv4 address."""
    labels = host.removesuffix(".").split(".")
    if labels[-1].isascii() and labels[-1].isdigit():
        try:
            ipaddress.IPv4Address(host.removesuffix("."))
        except ValueError:
            return "an IPv4 address (four numbers from 0 to 255, like 192.0.2.1)"
        return None
    for label in labels:
        if not label:
            return "a host name (it has an empty part between dots)"
        if not _HOST_CHARS.match(label):
            return "a host name (letters, digits, - and _ between dots)"
        try:
            encoded = label.encode("idna") if not label.isascii() else label.encode()
        except UnicodeError:
            return "a host name (an internationalised name IDNA cannot encode)"
        if len(encoded) > 63:
            return "a host name (a part between dots is longer than 63 characters)"
    return None


def normalise_color(color: str | None) -> str | None:
    """``#rgb``/``#rrggbb`` (lower-cased) or None; anything else raises :class:`InvalidValue`."""
    if color is None or not color.strip():
        return None
    value = color.strip()
    if not _HEX_COLOR.match(value):
        raise InvalidValue(f"colour {color!r}: use #rgb or #rrggbb")
    return value.lower()


#: What a NUL character becomes: PostgreSQL cannot store NUL in text (SQLite can), and both
#: backends must hold the same text, so it is replaced everywhere text enters the store.
NUL_REPLACEMENT = "\ufffd"


def without_nul(value: str) -> str:
    """``value`` with every NUL replaced by U+FFFD (same length: offsets do not move)."""
    return value.replace("\x00", NUL_REPLACEMENT) if "\x00" in value else value


def single_line(value: str) -> str:
    """Collapse all whitespace (newlines included) to single spaces and strip control chars."""
    value = _CONTROL.sub(" ", value)
    return _WS.sub(" ", value).strip()


_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def published_date(value: str | None) -> str | None:
    """When something was published: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a real date), or
    None when empty. Raises :class:`InvalidValue` saying what is wrong."""
    import datetime

    if value is None or not value.strip():
        return None
    text = value.strip()
    found = _PUBLISHED.match(text)
    if found is None:
        raise InvalidValue(
            f"published {single_line(text)[:40]!r}: give the date as YYYY, YYYY-MM or YYYY-MM-DD"
        )
    year, month, day = found.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise InvalidValue(f"published {text!r} is not a real date") from None
    return text
