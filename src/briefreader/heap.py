"""Python's cycle collector: paused while a process starts, and while a brief with very many
annotations is read.

Start-up: a command imports a great deal (Textual, SQLAlchemy, SQLModel, pydantic), and the
collector ran 158 times before the reader's first words were on screen, 43-55 ms of the
~0.3 s launch, one full collection alone 22-31 ms (measured with ``gc.callbacks``); the import of
SQLModel alone is 60-80 ms faster without it. Nothing made while starting is garbage with
cycles worth finding, so :func:`pause_for_start_up` (the CLI's first step) turns the collector
off, and :func:`start_up_over` (a command's store open, the app's store open or failed, the
command's end) freezes what start-up made and turns it back on.

Many annotations:
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
_starting = False


def pause_for_start_up() -> None:
    """Pause cycle collection until :func:`start_up_over`."""
    global _starting
    with _lock:
        _starting = True
        gc.disable()


def start_up_over() -> None:
    """Start-up is done: freeze what it made and collect again (unless a :func:`hold` is on).
    Does nothing if start-up was not paused, or is already over."""
    global _starting
    with _lock:
        if not _starting:
            return
        _starting = False
        gc.freeze()
        if _held == 0:
            gc.enable()


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
        if _held == 0 and not _starting:
            gc.enable()


def release() -> None:
    """Let the collector see the frozen objects again."""
    gc.unfreeze()
