"""Reading-aid tokens for the article view: asks the token source (the lexer) for the tokens of
the rows being drawn, in pieces whose edges depend only on the text, and caches each piece so it
is lexed once however the view scrolls."""

from __future__ import annotations

from collections.abc import Callable

from briefreader.text.layout import Layout

#: ``(text, block_start, block_end) -> [(start, end, token_name), ...]`` in absolute offsets.
TokenSource = Callable[[str, int, int], list[tuple[int, int, str]]]

#: Blocks longer than this are lexed in pieces of about this size, cut after a space, so a
#: 5 MB brief with no line breaks never hands the lexer more than a screenful or two.
TOKEN_CHUNK = 4096
_TOKEN_CACHE_LIMIT = 256


class TokenCache:
    """The token source in use (None: no reading aids) and the tokens it gave, by piece."""

    def __init__(self) -> None:
        self.source: TokenSource | None = None
        self._tokens: dict[tuple[int, int], list[tuple[int, int, str]]] = {}

    def clear(self) -> None:
        """Forget every piece lexed (the text or the source changed)."""
        self._tokens.clear()

    def tokens_in(
        self, text: str, layout: Layout, start: int, end: int
    ) -> list[tuple[int, int, str]]:
        """The tokens of ``text`` overlapping ``[start, end)`` (one row), in order."""
        source = self.source
        if source is None or start >= end:
            return []
        line_start, line_end = layout.line_span(start)
        tokens: list[tuple[int, int, str]] = []
        for chunk in _chunks(text, line_start, line_end, start, end):
            cached = self._tokens.get(chunk)
            if cached is None:
                if len(self._tokens) > _TOKEN_CACHE_LIMIT:
                    self._tokens.clear()
                cached = sorted(source(text, *chunk))
                self._tokens[chunk] = cached
            tokens.extend(token for token in cached if token[0] < end and token[1] > start)
        return tokens


def _chunks(
    text: str, line_start: int, line_end: int, start: int, end: int
) -> list[tuple[int, int]]:
    """The lexing pieces of the line ``[line_start, line_end)`` that ``[start, end)`` touches.

    Piece edges depend only on the text, never on the scroll position, so each piece is
    lexed once and cached.
    """
    if line_end - line_start <= TOKEN_CHUNK:
        return [(line_start, line_end)]

    def edge(index: int) -> int:
        if index <= 0:
            return line_start
        nominal = line_start + index * TOKEN_CHUNK
        if nominal >= line_end:
            return line_end
        space = text.find(" ", nominal, min(line_end, nominal + 256))
        return nominal if space < 0 else space + 1

    index = (start - line_start) // TOKEN_CHUNK
    if start < edge(index):
        index -= 1
    pieces: list[tuple[int, int]] = []
    while True:
        piece = (edge(index), edge(index + 1))
        pieces.append(piece)
        if piece[1] >= end or piece[1] >= line_end:
            return pieces
        index += 1
