"""Text handling with no UI and no database: decoding, the one coordinate system, boundaries,
display-safe views and the reading-aid lexer.

Every offset in briefreader is a code-point offset into the *normalised* text (see
:func:`briefreader.text.decode.normalise_newlines`), end-exclusive.
"""
