"""``python -m briefreader.finder THRESHOLD``: score the text on standard input (UTF-8) and write
the sentences scoring THRESHOLD or more as JSON (:func:`briefreader.finder.scoring.score_apart`
runs it: a long brief is scored in a process of its own, away from the app's UI thread)."""

from __future__ import annotations

import sys

from briefreader.finder.scoring import scored_as_json


def main() -> int:
    threshold = float(sys.argv[1]) if len(sys.argv) > 1 else 0.0
    text = sys.stdin.buffer.read().decode("utf-8", "surrogatepass")
    sys.stdout.write(scored_as_json(text, threshold))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
