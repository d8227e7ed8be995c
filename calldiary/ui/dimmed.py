"""A dialog's dimmed background, tinted again only when the screen under it changed.

Textual draws a translucent ModalScreen by drawing the whole screen underneath again, segment by
segment, tinted (`BackgroundScreen`), every time the dialog's own background is drawn: opening
the call form tinted the week two or three times (~15 ms each on this machine, a third of the
form's cost), although the week had not changed. `DimmedUnder` keeps the last tinted drawing
with what the screen underneath showed then (each of its widgets' place and drawn lines, which
Textual keeps cached while a widget is unchanged); when that, the size and the tint are the
same, the drawing is reused, otherwise Textual draws it as always. The look is Textual's own."""

from __future__ import annotations

from typing import Any

from textual._context import visible_screen_stack
from textual.screen import Screen
from textual.widget import _RenderCache


def shown(screen: Screen) -> list[Any]:
    """What `screen` shows now: each visible widget's region, clip and drawn lines."""
    return list(screen._compositor._get_renders())


class DimmedUnder:
    """Mix into a translucent ModalScreen (before ModalScreen among its bases)."""

    _dimmed: tuple[tuple[Any, ...], list[Any], _RenderCache] | None = None

    def _render_content(self) -> None:
        screen: Any = self
        try:
            stack = visible_screen_stack.get()
        except LookupError:
            stack = []
        if not stack or stack[-1] is screen or screen.styles.background.a >= 1:
            super()._render_content()  # type: ignore[misc]
            return
        base = stack.pop()  # (as Screen.render does: a dialog under a dialog takes the next one)
        under = shown(base)
        key = (id(base), screen.size, screen.styles.background, screen.visual_style)
        if self._dimmed is not None and self._dimmed[0] == key and self._dimmed[1] == under:
            screen._render_cache = self._dimmed[2]
            screen._dirty_regions.clear()
            return
        stack.append(base)
        super()._render_content()  # type: ignore[misc]
        self._dimmed = (key, under, screen._render_cache)
