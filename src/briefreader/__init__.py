"""briefreader: read and annotate briefs (op-eds, policy briefs, reports) in the terminal.

The package is layered one way (see DESIGN.md): ``text`` -> ``ingest`` -> ``anchoring`` ->
``store`` -> ``exchange`` -> ``tui`` -> ``cli``. Importing this package imports nothing heavy.
"""

__version__ = "0.1.0"
