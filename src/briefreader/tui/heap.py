"""Python's cycle collector and a brief with very many annotations.

A full collection walks every live container object; with 100,000 annotations loaded (each a
dataclass with tuples of tags and sources, a span, a list row) that is about a million
objects, and one pass took 100-200 ms, several times while loading and then now and then at a
key press (measured with ``gc.callbacks``; ``benchmarks/bench_scale.py``). None of that data
forms reference cycles — it is freed by reference counting — so the collector gains nothing by
walking it:

* :func:`hold` pauses the collector while a brief's annotations are read and shown, and
  :func:`settle` then moves everything alive into the permanent generation (``gc.freeze``),
  which collections skip, and turns the collector back on;
* :func:`release` (the reader closing) gives those objects back to the collector, so cycles
  among them (widgets of a closed screen) are still collected.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_held = 0


def hold() -> None:
    """Pause cycle collection (nested: each hold needs its settle)."""
    global _held
    with _lock:
        _held += 1
        gc.disable()


def settle() -> None:
    """Freeze what is alive now and end one :func:`hold`."""
    global _held
    with _lock:
        gc.freeze()
        _held = max(0, _held - 1)
        if _held == 0:
            gc.enable()


def release() -> None:
    """Let the collector see the frozen objects again."""
    gc.unfreeze()
