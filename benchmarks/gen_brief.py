"""Generate large, realistic briefs for the reader benchmarks.

The text is English prose from the example brief (``examples/pakistan-russia-ties.txt``): its
sentences shuffled with a fixed seed and grouped into paragraphs of 3–9 sentences, separated by
blank lines, until the UTF-8 size reaches the target. The same arguments always give the same
text. ``--single-paragraph`` joins every sentence with a space instead: one line of the whole
size, the worst case for wrapping and lexing.

Run from the repository root::

    .venv/bin/python benchmarks/gen_brief.py --size 5MB -o /tmp/brief5mb.txt
    .venv/bin/python benchmarks/gen_brief.py --size 5MB --single-paragraph -o /tmp/one5mb.txt
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefreader.text.boundaries import sentence_spans  # noqa: E402

EXAMPLE = ROOT / "examples" / "pakistan-russia-ties.txt"
SEED = 20260
MB = 1_000_000
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(kb|mb|b)?\s*$", re.IGNORECASE)


def example_sentences(path: Path = EXAMPLE) -> list[str]:
    """The example brief's sentences, whitespace-trimmed, in order."""
    text = path.read_text(encoding="utf-8")
    sentences = [text[start:end].strip() for start, end in sentence_spans(text)]
    return [sentence for sentence in sentences if sentence]


def make_brief(target_bytes: int, *, seed: int = SEED, single_paragraph: bool = False) -> str:
    """At least ``target_bytes`` of UTF-8 prose (a little more: whole sentences only).

    Paragraphs are separated by one blank line and the text ends with a newline; with
    ``single_paragraph`` the text is one line.
    """
    sentences = example_sentences()
    rng = random.Random(seed)
    # Sizes are summed per sentence rather than re-encoding the growing text.
    sizes = {sentence: len(sentence.encode("utf-8")) for sentence in sentences}
    paragraphs: list[str] = []
    total = 0
    pool: list[str] = []
    separator = 1 if single_paragraph else 2
    while total < target_bytes:
        count = rng.randint(3, 9)
        chosen: list[str] = []
        for _ in range(count):
            if not pool:
                pool = sentences[:]
                rng.shuffle(pool)
            chosen.append(pool.pop())
        paragraph = " ".join(chosen)
        paragraphs.append(paragraph)
        total += sum(sizes[sentence] for sentence in chosen) + count - 1 + separator
    if single_paragraph:
        return " ".join(paragraphs) + "\n"
    return "\n\n".join(paragraphs) + "\n"


def parse_size(value: str) -> int:
    """``"5MB"`` -> 5,000,000; ``"512kb"`` -> 512,000; a bare number is bytes."""
    match = _SIZE.match(value)
    if match is None:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (try 1MB, 500kb, 12000)")
    unit = (match.group(2) or "b").lower()
    return int(float(match.group(1)) * {"b": 1, "kb": 1000, "mb": MB}[unit])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=parse_size, default=5 * MB, help="e.g. 1MB, 5MB")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--single-paragraph", action="store_true", help="one line, no breaks")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    text = make_brief(args.size, seed=args.seed, single_paragraph=args.single_paragraph)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(f"{args.output}: {len(text.encode('utf-8')):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
