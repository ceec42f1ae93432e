"""Work run in a thread worker, as every screen does it: one call that names the worker by its
group, never by its arguments.

Textual names a worker started without a ``description`` by the ``repr`` of what it runs,
made at once on the UI thread. A ``partial`` holding a brief's text or a copy of 100,000
annotations made that a 300 MB string (the reader's peak memory 184 -> 492 MB) before Textual
cut it to 1,000 characters. ``tests/unit/test_code_shape.py`` checks that nothing starts a
worker without a description.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode
from textual.worker import Worker


def in_thread(
    node: DOMNode, work: Callable[[], Any], group: str, *, exclusive: bool = False
) -> Worker[Any]:
    """Run ``work`` in a thread worker of ``node`` in ``group`` (``exclusive``: cancelling the
    group's others). Its failures are the work's to report: they do not end the app."""
    return node.run_worker(
        work,
        thread=True,
        group=group,
        description=group,
        exclusive=exclusive,
        exit_on_error=False,
    )
