"""Full garbage collections while the user is idle, not in the middle of a key.

Python's cycle collector runs a full collection (every tracked object walked) whenever enough
objects have survived the younger collections. With the app's screens built, that is ~50,000
objects and 40-65 ms, a pause added to whichever key it happened to fall on: measured on the
edit form's Enter with a 12 MB note (issue 13, item 20), one save in five took 65 ms longer.
Textual pauses the collector during smooth scrolling for the same reason (PAUSE_GC_ON_SCROLL).

Here the young collections (a few ms at most) run as ever; the full one is left to a timer that
runs it once no key or click has come for `IDLE` seconds, and anyway `LATEST` seconds after the
last one, so memory held by cycles stays bounded while someone types without a pause.
"""

from __future__ import annotations

import gc
import time

from textual.app import App
from textual.timer import Timer

IDLE = 1.0  # seconds without input before a full collection may run
LOOK = 2.0  # how often the timer looks
LATEST = 60.0  # a full collection at the latest this long after the last one


class IdleCollector:
    """Started with the app (`start`), stopped with it (`stop`: the collector as it was);
    `touched()` on every key and click."""

    def __init__(self, app: App) -> None:
        self._app = app
        self._threshold: tuple[int, int, int] | None = None
        self._timer: Timer | None = None
        self.last_input = self.last_full = time.monotonic()
        self.full_collections = 0  # run by this timer (for the tests)

    def start(self) -> None:
        if self._threshold is not None:
            return
        self._threshold = gc.get_threshold()
        young, middle, _ = self._threshold
        # The oldest generation's threshold counts collections of the middle one; this many never
        # come between two timer ticks, so the full collection is the timer's alone.
        gc.set_threshold(young, middle, 1 << 30)
        self._timer = self._app.set_interval(LOOK, self._tick)

    def stop(self) -> None:
        if self._threshold is not None:
            gc.set_threshold(*self._threshold)
            self._threshold = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def touched(self) -> None:
        self.last_input = time.monotonic()

    def _tick(self) -> None:
        now = time.monotonic()
        due = gc.get_count()[2] >= max(self._threshold[2] if self._threshold else 10, 1)
        if due and (now - self.last_input >= IDLE or now - self.last_full >= LATEST):
            gc.collect()
            self.last_full = time.monotonic()
            self.full_collections += 1
