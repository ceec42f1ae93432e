"""Keys handled one at a time, in the order they were typed: a key reaches the widget that has
the focus once every earlier key has done all its work.

Textual hands each key to the focused widget's message queue and moves on to the next key at
once. A key that moves the focus (Tab, a key that opens a dialog, a letter that starts the
library's filter) only does so when it has bubbled through that widget and its parents back to
the App, which runs the binding. Keys that arrive together (a paste, ``tmux send-keys``, a
laggy SSH link) were by then already given to the old field: ``https://b.org/y`` Tab ``r`` put
"yr" in the URL. :class:`KeySequencer` holds each key (and each paste) until the one before it
has settled: it has been handled by every node it bubbled through, including the App's own
bindings, the messages that handling posted to those nodes (an Input's Submitted that closes a
dialog) have run, and a screen it pushed has mounted and placed its focus.

This module is the one place that knows Textual's internals for this (the message queue and
parent of a node, a message's stop flag); ``tests/tui/test_key_bursts.py`` fails loudly if an
upgrade changes them. Settling is measured with barriers: a callback posted to a node's queue
runs after everything queued before it. A node that never answers (closed while we wait) is
given up on after :data:`HOP_TIMEOUT`, so a stuck handler cannot swallow the keyboard.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App

#: The longest we wait for one node to reach a barrier before letting the next key go.
HOP_TIMEOUT = 2.0
#: The longest keys wait behind a gate (see :meth:`KeySequencer.gate`).
GATE_TIMEOUT = 10.0
#: Rounds of settling after the key itself: each runs what the previous round's handling posted
#: (a Submitted, a focus call, a pushed screen's mounting).
SETTLE_ROUNDS = 4

InputEvent = events.Key | events.Paste


class KeySequencer:
    """Holds keys and pastes while an earlier one is still being handled.

    The App calls :meth:`hold` for every new key or paste: False means "handle it now", True
    means it was queued and will be handed back through ``dispatch`` when its turn comes.
    After handling one, the App calls :meth:`handled`.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.pending: deque[InputEvent] = deque()
        self.busy = False
        #: How many keys and pastes have been handled and settled since the app started.
        self.settled = 0
        self._task: asyncio.Task[None] | None = None
        self._gates: list[asyncio.Event] = []

    @property
    def idle(self) -> bool:
        """No key in flight and none waiting."""
        return not self.busy and not self.pending

    def gate(self) -> asyncio.Event:
        """Hold the keys after the one being handled until the returned event is set (at most
        :data:`GATE_TIMEOUT`): for a key whose work finishes later, in a worker — an import
        that then opens the reader, Enter on search hits still being looked for. Set it when
        that work is done (or has failed)."""
        gate = asyncio.Event()
        self._gates.append(gate)
        return gate

    def hold(self, event: InputEvent) -> bool:
        if self.busy:
            self.pending.append(event)
            return True
        self.busy = True
        return False

    def handled(self, event: InputEvent, target: DOMNode | None) -> None:
        """``event`` was given to ``target`` (None: a priority binding took it, or nobody
        did): release the next key once it has settled."""
        self._task = asyncio.create_task(self._settle(event, target))

    async def _settle(self, event: InputEvent, target: DOMNode | None) -> None:
        try:
            if target is not None and event.is_forwarded:
                await self._follow(event, target)
            for _ in range(SETTLE_ROUNDS):
                if not await self._settle_round():
                    break
            # A gate may open onto more work that sets a gate of its own (the example is
            # imported, then the reader it opens loads the brief): follow them in turn.
            for _ in range(SETTLE_ROUNDS):
                if not self._gates:
                    break
                await self._through_gates()
                for _ in range(SETTLE_ROUNDS):
                    if not await self._settle_round():
                        break
        finally:
            self.settled += 1
            self._release()

    async def _through_gates(self) -> None:
        gates, self._gates = self._gates, []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + GATE_TIMEOUT
        for gate in gates:
            try:
                await asyncio.wait_for(gate.wait(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                return

    async def _follow(self, event: InputEvent, target: DOMNode) -> None:
        """Wait for ``event`` to be handled by ``target`` and every node it bubbles to."""
        node: DOMNode | None = target
        while node is not None:
            if not await _barrier(node):
                return
            if node is self.app:
                return
            parent = node.parent
            # Textual has no public reader of a message's stop flag (only stop(), which sets
            # it); tests/tui/test_textual_internals.py checks it is still there.
            stopped = event._stop_propagation
            if stopped and not isinstance(node, Screen):
                # A screen stops a key its App sent on its way up; it still reaches the App.
                return
            node = parent

    async def _settle_round(self) -> bool:
        """Wait for the messages queued on the focus chain (and the App) to run; True if any
        node had some, or the screen is still mounting."""
        app = self.app
        try:
            screen = app.screen
        except Exception:  # no screen yet, or the app is closing
            return False
        busy = False
        if not screen.is_mounted:
            busy = True
            await _barrier(screen)
        for node in _chain(app.focused or screen):
            if node.message_queue_size:
                busy = True
                await _barrier(node)
        return busy

    def _release(self) -> None:
        """Hand the next waiting key to the App (in the App's own task), or go idle."""
        if not self.pending:
            self.busy = False
            return
        event = self.pending.popleft()
        if not self.app.call_later(self._dispatch, event):
            self.busy = False
            self.pending.clear()

    async def _dispatch(self, event: InputEvent) -> None:
        dispatch = getattr(self.app, "dispatch_input", None)
        if dispatch is None:
            self.busy = False
            return
        await dispatch(event)


def _chain(node: DOMNode) -> list[MessagePump]:
    """``node``, its parents, up to and including the App."""
    chain: list[MessagePump] = []
    current: DOMNode | None = node
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain


async def _barrier(node: MessagePump) -> bool:
    """Wait until ``node`` has processed everything queued on it before now. False if it is
    closed (or does not answer in :data:`HOP_TIMEOUT`)."""
    reached = asyncio.Event()
    if not node.call_later(reached.set):
        return False
    try:
        await asyncio.wait_for(reached.wait(), HOP_TIMEOUT)
    except TimeoutError:
        return False
    return True
