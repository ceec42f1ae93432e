"""The article view's palette: every style it paints with, derived from the theme's colours and
the view's own CSS style, built once per theme or CSS change (:func:`build_palette`)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from rich.style import Style
from textual.color import Color, ColorParseError

#: Annotation kinds the view knows how to paint.
ANNOTATION_KINDS = ("highlight", "claim", "note")


@dataclass(frozen=True)
class _Palette:
    """Every style the view paints with, computed once per theme or CSS change."""

    base: Style
    background: Color
    tokens: dict[str, Style]
    #: Styles of a rendered Markdown brief, by the name the Markdown view gives them.
    markdown: dict[str, Style]
    kinds: dict[str, Color]
    match: Style
    current_match: Style
    #: A suggested claim (a sentence worth checking): underlined, no colour of its own, so it
    #: never fights a highlight.
    suggested: Style
    selection: Style
    cursor: Style


# token name -> (theme variable for the colour, blend toward it, extra attributes). Subtle on
# purpose: reading aids should be noticed, not read.
_TOKEN_LOOKS: dict[str, tuple[str | None, float, Style]] = {
    "quote": ("text-success", 0.55, Style()),
    "number": ("text-warning", 0.55, Style()),
    "acronym": ("text-primary", 0.55, Style()),
    "name": ("text-primary", 0.35, Style(bold=True)),
    "url": ("text-primary", 0.7, Style(underline=True)),
    "heading": ("text-primary", 0.6, Style(bold=True)),
    "emphasis": (None, 0.0, Style(italic=True)),
    "strong": (None, 0.0, Style(bold=True)),
    "code": ("text-warning", 0.6, Style()),
    "code.keyword": ("text-primary", 0.8, Style(bold=True)),
    "code.string": ("text-success", 0.7, Style()),
    "code.comment": ("text-muted", 1.0, Style(italic=True)),
    "code.number": ("text-warning", 0.7, Style()),
    "code.name": (None, 0.0, Style()),
    "code.operator": ("text-secondary", 0.7, Style()),
}
# Markdown style name -> (theme variable, blend toward it, attributes). Headings and links
# must read as such without colour too (bold, underline); emphasis is the terminal's italic.
_MARKDOWN_LOOKS: dict[str, tuple[str | None, float, Style]] = {
    "heading1": ("text-primary", 0.8, Style(bold=True, underline=True)),
    "heading2": ("text-primary", 0.8, Style(bold=True)),
    "heading3": ("text-primary", 0.5, Style(bold=True)),
    "heading4": (None, 0.0, Style(bold=True)),
    "heading5": (None, 0.0, Style(bold=True, italic=True)),
    "heading6": (None, 0.0, Style(italic=True)),
    "emphasis": (None, 0.0, Style(italic=True)),
    "strong": (None, 0.0, Style(bold=True)),
    "strike": (None, 0.0, Style(strike=True)),
    "code": ("text-warning", 0.6, Style()),
    "code-block": ("text-warning", 0.45, Style()),
    "link": ("text-primary", 0.7, Style(underline=True)),
    "image": ("text-muted", 1.0, Style(italic=True)),
    "quote": ("text-secondary", 0.35, Style()),
    "quote-bar": ("text-secondary", 0.8, Style()),
    "bullet": ("text-primary", 0.7, Style(bold=True)),
    "table-header": (None, 0.0, Style(bold=True)),
    "rule": ("text-muted", 1.0, Style()),
}
_KIND_VARIABLES = {"highlight": "warning", "claim": "primary", "note": "success"}
# Kinds must differ without colour too (NO_COLOR, monochrome terminals).
_KIND_ATTRIBUTES = {
    "highlight": Style(),
    "claim": Style(underline=True),
    "note": Style(italic=True),
}
_KIND_TINT = 0.35


def _theme_color(variables: dict[str, str], name: str | None, fallback: Color) -> Color:
    if name is None or name not in variables:
        return fallback
    try:
        return Color.parse(variables[name])
    except ColorParseError:
        return fallback


def build_palette(base: Style, variables: dict[str, str]) -> _Palette:
    """The palette for a view styled ``base`` (its ``rich_style``) under a theme's CSS
    ``variables``."""
    background = (
        Color.from_rich_color(base.bgcolor)
        if base.bgcolor is not None
        else _theme_color(variables, "surface", Color(30, 30, 30))
    )
    foreground = (
        Color.from_rich_color(base.color)
        if base.color is not None
        else _theme_color(variables, "foreground", Color(224, 224, 224))
    )

    def looks(table: dict[str, tuple[str | None, float, Style]]) -> dict[str, Style]:
        styles: dict[str, Style] = {}
        for name, (variable, factor, extra) in table.items():
            target = _theme_color(variables, variable, foreground)
            color = foreground.blend(target, factor) if factor else foreground
            styles[name] = Style(color=color.rich_color) + extra
        return styles

    kinds = {
        kind: _theme_color(variables, variable, foreground)
        for kind, variable in _KIND_VARIABLES.items()
    }
    accent = _theme_color(variables, "accent", foreground)
    primary = _theme_color(variables, "primary", foreground)
    return _Palette(
        base=base,
        background=background,
        tokens=looks(_TOKEN_LOOKS),
        markdown=looks(_MARKDOWN_LOOKS),
        kinds=kinds,
        match=Style(bgcolor=background.blend(accent, 0.45).rich_color),
        current_match=Style(
            bgcolor=accent.rich_color, color=accent.get_contrast_text(1.0).rich_color, bold=True
        ),
        suggested=Style(underline=True),
        selection=Style(bgcolor=background.blend(primary, 0.55).rich_color),
        cursor=Style(reverse=True),
    )


def kind_style(palette: _Palette, kind: str, color: str | None) -> Style:
    """The style of an annotation of ``kind`` (its own ``color`` if it has a valid one): a tint
    of the background, plus the kind's attribute so kinds differ without colour too."""
    tint = palette.kinds.get(kind, palette.kinds["highlight"])
    if color is not None:
        with contextlib.suppress(ColorParseError):
            tint = Color.parse(color)
    return Style(
        bgcolor=palette.background.blend(tint, _KIND_TINT).rich_color
    ) + _KIND_ATTRIBUTES.get(kind, Style())
