"""Finding files shipped with briefreader: the TCSS stylesheets and the example brief.

In an installed wheel the top-level ``styles/`` folder is inside the package
(``briefreader/styles``, via hatch ``force-include``); in an editable install or a checkout it is
the repository's top-level ``styles/``. Both are looked up at call time, never at import.
"""

from __future__ import annotations

from pathlib import Path, PurePath

_PACKAGE = Path(__file__).resolve().parent


def styles_dir() -> Path:
    """The folder holding the app's ``.tcss`` files."""
    shipped = _PACKAGE / "styles"
    if shipped.is_dir():
        return shipped
    checkout = _PACKAGE.parent.parent / "styles"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"briefreader's stylesheets are missing (looked in {shipped} and {checkout}); "
        "reinstall briefreader"
    )


#: The app's stylesheets, in the order the app loads them: app-wide rules, then one file per
#: screen or dialog family. Of two equally specific rules the later one wins.
STYLESHEETS = ("app.tcss", "library.tcss", "reader.tcss", "dialogs.tcss", "help.tcss")


def stylesheet_path(name: str = "app.tcss") -> Path:
    return styles_dir() / name


def stylesheet_paths() -> list[str | PurePath]:
    """Every stylesheet the app loads, in order, typed as ``App(css_path=...)`` takes them. An
    App that shows briefreader's screens or dialogs (a test's, say) needs them all for their
    layout."""
    return [stylesheet_path(name) for name in STYLESHEETS]


def example_brief() -> Path | None:
    """The example brief in a checkout (``examples/``), if there is one."""
    candidate = _PACKAGE.parent.parent / "examples" / "pakistan-russia-ties.txt"
    return candidate if candidate.is_file() else None
