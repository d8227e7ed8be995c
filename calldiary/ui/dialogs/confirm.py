"""A yes/no question. y or Enter says yes; n or Esc says no."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from calldiary.ui.dimmed import DimmedUnder
from calldiary.ui.kept import KeptStyles


class Confirm(KeptStyles, DimmedUnder, ModalScreen[bool]):
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", tooltip="Yes"),
        Binding("n,escape", "answer(False)", "No", tooltip="No: leave everything as it is"),
        Binding("question_mark,f1", "app.help", "Keys", show=False, tooltip="The keys of this question"),
    ]
    HELP_TITLE = "Question"

    def __init__(self, question: Text) -> None:
        super().__init__()
        self.question = question
        self._done = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text", id="question")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes  y", variant="error", id="yes")
                yield Button("No  n", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def reopen(self, question: Text) -> None:
        """The same dialog for another question (built once: see ui/kept.py)."""
        self.question = question
        self._done = False
        if self.is_mounted:
            self.query_one("#question", Static).update(question)
            self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        if not self._done:
            self._done = True
            self.dismiss(yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id == "yes")
