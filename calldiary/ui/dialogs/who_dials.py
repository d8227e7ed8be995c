"""Who dials: two choices side by side; the arrows (or t / i) choose, there is no separate
"highlight" that only looks like a choice."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from calldiary.model import Direction

LABELS = {Direction.THEY_CALL: "They call me", Direction.I_CALL: "I call them"}
KEYS = {Direction.THEY_CALL: "t", Direction.I_CALL: "i"}


class WhoDials(Widget, can_focus=True):
    """The chosen direction is `value`; ←/↑/t choose "they call me", →/↓/i "I call them"."""

    DEFAULT_CSS = """
    WhoDials {
        height: 1;
        width: 1fr;
    }
    """
    BINDINGS = [
        Binding("left,up,t", "choose('they_call')", "They call", key_display="←/t", tooltip="They call me"),
        Binding("right,down,i", "choose('i_call')", "I call", key_display="→/i", tooltip="I call them"),
        Binding("space", "switch", "Switch", show=False, tooltip="Switch who dials"),
    ]

    value: reactive[Direction] = reactive(Direction.THEY_CALL)

    def __init__(self, value: Direction, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.set_reactive(WhoDials.value, value)

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis")
        for n, direction in enumerate(Direction):
            chosen = direction is self.value
            if n:
                out.append("   ")
            out.append("◉ " if chosen else "○ ", style="bold" if chosen else "")
            out.append(LABELS[direction], style="bold underline" if chosen and self.has_focus else "")
            out.append(f" ({KEYS[direction]})")
        return out

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_choose(self, value: str) -> None:
        self.value = Direction(value)

    def action_switch(self) -> None:
        self.value = Direction.I_CALL if self.value is Direction.THEY_CALL else Direction.THEY_CALL
