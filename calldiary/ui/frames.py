"""No frame lost to a batch: Textual (8.2.8) drops a frame computed while any batch is held
(`App._display` returns at once when `_batch_count` is set) and does not draw it again when the
batch ends. A batch is held across awaits by every `Widget.recompose()` (the footer's, when the
keys change) and by Textual's own screen pops, so a screen pushed by a timer at that moment — the
outcome prompt asking "Did Ann call?" — was laid out, focused and taking keys, but never drawn:
the user saw the week, pressed y for the call selected there, and answered the hidden question
about another call. Here a dropped frame is remembered and the whole screen drawn again as soon as
the last batch ends (what Textual's own `delay_update` does when its batch ends)."""

from __future__ import annotations

import contextlib
from typing import Any

from textual.app import App, ScreenStackError


class KeepFrames(App[None]):
    _frame_dropped = False  # a frame was computed during a batch and not shown

    def _display(self, screen: Any, renderable: Any) -> None:
        if renderable is not None and self._batch_count:
            self._frame_dropped = True
        super()._display(screen, renderable)

    def _end_batch(self) -> None:
        super()._end_batch()
        if not self._batch_count and self._frame_dropped:
            self._frame_dropped = False
            with contextlib.suppress(ScreenStackError):  # (closing: no screen left to draw)
                self.screen.refresh()
