"""Who cancelled, and why: Enter alone records "cancelled by them", no reason."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from calldiary.model import Party


class CancelReason(ModalScreen[tuple[Party, str] | None]):
    """The reason field has the focus; Enter records "by them", the "I cancelled" button "by me"."""

    BINDINGS = [Binding("escape", "leave", "Back")]

    def __init__(self, title: Text) -> None:
        super().__init__()
        self.title_text = title
        self._done = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-text")
            yield Input(placeholder="Reason (optional)", id="reason")
            yield Static(Text("Enter: they cancelled · Tab to “I cancelled” · Esc: back", style="dim"))
            with Horizontal(classes="dialog-buttons"):
                yield Button("They cancelled", variant="primary", id="them")
                yield Button("I cancelled", id="me")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def _record(self, who: Party) -> None:
        if not self._done:
            self._done = True
            self.dismiss((who, self.query_one("#reason", Input).value.strip()))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._record(Party.THEM)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._record(Party.ME if event.button.id == "me" else Party.THEM)

    def action_leave(self) -> None:
        if not self._done:
            self._done = True
            self.dismiss(None)
