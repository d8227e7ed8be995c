"""Shown over everything while the terminal is too small to show the calls: no key can then act
on a selection the user cannot see."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 50, 14


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmall(ModalScreen[None]):
    """Every key but quit is swallowed here; the app closes this once the terminal is large enough."""

    HELP_TITLE = "Terminal too small"
    BINDINGS = [Binding("q", "app.quit", "Quit", tooltip="Quit calldiary")]

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.show(self.app.size.width, self.app.size.height)

    def show(self, width: int, height: int) -> None:
        text = Text("Terminal too small", style="bold")
        text.append(f"\n{width}x{height}; calldiary needs {MIN_WIDTH}x{MIN_HEIGHT}.\nEnlarge it, or q to quit.")
        self.query_one("#too-small", Static).update(text)

    def on_key(self, event) -> None:
        if event.key != "q":
            event.stop()
            event.prevent_default()
