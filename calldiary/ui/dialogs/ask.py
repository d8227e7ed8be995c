"""Ask for one line of text (optional); Enter answers, Esc goes back."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from calldiary.ui.dialogs.one_line import OneLine
from calldiary.ui.dimmed import DimmedUnder
from calldiary.ui.kept import KeptStyles


class AskText(KeptStyles, DimmedUnder, ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "leave", "Back", tooltip="Back, changing nothing (with text typed: Esc again)")]
    HELP_TITLE = "Question"
    HELP_EXTRA = [Binding("enter", "", "Confirm the answer")]

    def __init__(
        self, question: Text, placeholder: str = "", value: str = "", hint: str = "Enter to confirm · Esc to go back"
    ) -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.value = value
        self.hint = hint
        self._done = False
        self._armed = ""  # the key that, pressed again, leaves without the text typed ("" none)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text", id="question")
            yield OneLine(self.value, placeholder=self.placeholder, id="answer")
            yield Static(Text(self.hint, style="dim"), classes="dialog-hint", id="hint")

    def reopen(
        self, question: Text, placeholder: str = "", value: str = "", hint: str = "Enter to confirm · Esc to go back"
    ) -> None:
        """The same dialog for another question (built once: see ui/kept.py)."""
        self.question, self.placeholder, self.value, self.hint = question, placeholder, value, hint
        self._done = False
        self._armed = ""
        if self.is_mounted:
            self.query_one("#question", Static).update(question)
            self.query_one("#hint", Static).update(Text(hint, style="dim"))
            answer = self.query_one("#answer", Input)
            answer.placeholder = placeholder
            answer.value = value
            answer.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if not self._done:
            self._done = True
            self.dismiss(event.value.strip())

    def action_leave(self) -> None:
        if not self._done and not self._holds("Esc"):
            self._done = True
            self.dismiss(None)

    def holds_on_quit(self) -> bool:
        return not self._done and self._holds("ctrl+q")

    def _holds(self, key: str) -> bool:
        """Text typed (other than what the dialog opened with) is not dropped by one key: the
        first press says so and holds (True); the same key again goes on without it."""
        typed = self.query_one("#answer", Input).value.strip()
        if not typed or typed == self.value.strip() or self._armed == key:
            return False
        self._armed = key
        warning = f"{key} again to go on without what you typed · Enter to confirm it"
        self.query_one("#hint", Static).update(Text(warning, style="bold"))
        return True

    @on(Input.Changed)
    def _typed(self) -> None:
        if self._armed:
            self._armed = ""
            self.query_one("#hint", Static).update(Text(self.hint, style="dim"))
