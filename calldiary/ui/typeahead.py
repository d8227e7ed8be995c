"""Keys typed ahead are taken one after the other, as they would be typed slowly.

Textual (8.2.8) hands each key to the widget focused at the moment the app reads it, without
waiting for the key before it to be handled. So keys typed in one burst — a fast typist, a paste,
a slow machine — all go to the widget focused when the burst began: after `a` (which opens the
form) the letters meant for the form's When field sat in the week table's queue and were lost,
and letters typed right after Enter in the form went into the form being closed. Here a key is
handed on only once the one before it has settled: it has been handled by the widget it went to
and by every parent it bubbled to (the app's key bindings run there), and whatever that started
— a screen pushed or closed, the focus moved, a message such as Input.Submitted — has been
handled too. Keys arriving meanwhile wait in order (pastes too). A key typed at any human pace
finds nothing settling and goes straight on; a burst costs a few message round trips per key.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

MOST_ROUNDS = 6  # a key's consequences followed this many hops deep at most
LOOK_SECONDS = 0.25  # how often a stalled settling looks whether its widget is gone
MOST_SECONDS = 3.0  # a key's settling given up after this long: the keys behind it go on


class KeysInOrder(App[None]):
    _held: deque[events.Event] | None = None
    _keys = 0  # keys handed on so far: a late callback or watchdog knows its key is done
    _started = 0.0
    _settling = 0  # the key being settled (its number); 0 when none, -1 while the next is handed on
    _watchdog: asyncio.TimerHandle | None = None
    _waiting: tuple[int, MessagePump, list[MessagePump], Callable[[], None]] | None = None

    @property
    def typing_ahead(self) -> bool:
        """A key is still being settled, or keys wait behind it."""
        return bool(self._settling or self._held)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self._held is None:
                self._held = deque()
            if self._settling or self._held:
                self._held.append(event)
                return
            await self._hand_on(event)
            return
        await super().on_event(event)

    async def _hand_on(self, event: events.Event) -> None:
        await super().on_event(event)  # (Textual's own: priority bindings, else to the focused widget)
        self._keys += 1
        token = self._settling = self._keys
        self._started = time.monotonic()
        if self._watchdog is None:
            self._watch()
        self._round(token, 1, self._where())

    def _where(self) -> tuple[object, object]:
        return (self.screen_stack[-1] if self.screen_stack else None, self.focused)

    def _round(self, token: int, count: int, before: tuple[object, object]) -> None:
        """Follow the key up from the focused widget to the app, then look at what changed."""
        if token != self._settling:
            return
        nodes: list[MessagePump] = []
        node: MessagePump | None = self.focused or (self.screen_stack[-1] if self.screen_stack else None)
        while node is not None and node is not self:
            nodes.append(node)
            node = node._parent
        nodes.append(self)

        def next_round() -> None:
            after = self._where()
            if count >= MOST_ROUNDS or (count >= 2 and after == before):
                self._settled(token)
            else:
                self._round(token, count + 1, after)

        self._visit(token, nodes, next_round)

    def _visit(self, token: int, nodes: list[MessagePump], then: Callable[[], None]) -> None:
        """Each node in turn handles what it has queued (our callback goes behind it)."""
        if token != self._settling:
            return
        while nodes:
            node, rest = nodes[0], nodes[1:]
            if node.call_later(self._visit, token, rest, then):
                self._waiting = (token, node, rest, then)
                return
            nodes = rest  # (closed: nothing more will come from it)
        self._waiting = None
        then()

    def _watch(self) -> None:
        self._watchdog = asyncio.get_running_loop().call_later(LOOK_SECONDS, self._look)

    def _look(self) -> None:
        """A widget removed with our callback in its queue never runs it: go on without it.
        One still at work (the form being built on a slow machine) is waited for, up to a limit."""
        self._watchdog = None
        if not self._settling or self._settling < 0 or self._waiting is None:
            return
        token, node, rest, then = self._waiting
        if time.monotonic() - self._started > MOST_SECONDS:
            self.call_later(self._settled, token)
        elif node._closing or node._closed or not node.is_attached:
            self.call_later(self._visit, token, rest, then)
        else:
            self._watch()

    def _settled(self, token: int) -> None:
        if token != self._settling:
            return
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        self._settling, self._waiting = 0, None
        if self._held:
            self._settling = -1  # (busy until the next key is handed on: nothing overtakes it)
            self.call_later(self._next_held)

    async def _next_held(self) -> None:
        self._settling = 0
        if self._held:
            await self._hand_on(self._held.popleft())
