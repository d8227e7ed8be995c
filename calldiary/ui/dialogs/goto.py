"""Go to a day or a week, typed the forgiving way: fri, +2d, 2026-12-03, 2026-W50."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from calldiary.clock import Clock
from calldiary.errors import WhenError
from calldiary.ui.dimmed import DimmedUnder
from calldiary.ui.kept import KeptStyles
from calldiary.when import parse_day, parse_edge


def read_day(text: str, clock: Clock) -> date:
    """A day from a day form, a full "when", or an ISO week (its Monday)."""
    try:
        return parse_day(text, clock)
    except WhenError as first:
        if not str(first).startswith("can't read"):
            raise  # it read the day and says what is wrong with it: no 30 Feb, out of range, ...
        try:
            return parse_edge(text, clock).date()
        except WhenError as second:
            if not str(second).startswith("can't read"):
                raise  # a day and a time it read, and what is wrong with them: no 25:00, ...
            raise WhenError(
                f"can't read {text!r} as a day; try 24 Dec, Dec 24, 24.12., 2026-12-03, fri, +2d, next week or W50"
            ) from None


class DayInput(Input):
    """The day typed; "?" is no part of any day form, so it stays a key (the dialog's help)."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character != "?" and super().check_consume_key(key, character)


class GoTo(KeptStyles, DimmedUnder, ModalScreen[date | None]):
    BINDINGS = [
        Binding("escape", "leave", "Back", tooltip="Back, staying where you were"),
        # no day form has a "?": it opens the keys here too, even while typing
        Binding("question_mark,f1", "app.help", "Keys", show=False, priority=True, tooltip="The keys of this dialog"),
    ]
    HELP_TITLE = "Go to"
    HELP_EXTRA = [Binding("enter", "", "Go to the day or week typed")]

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock
        self._done = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Go to a day or week", style="bold"), classes="dialog-text")
            yield DayInput(placeholder="24 Dec, 24.12., fri, +2d, next week, W50", id="goto")
            yield Static("", id="goto-message", classes="message")

    def reopen(self, clock: Clock) -> None:
        """The same dialog again, empty (built once: see ui/kept.py)."""
        self.clock = clock
        self._done = False
        if self.is_mounted:
            self.query_one("#goto", Input).value = ""
            box = self.query_one("#goto-message", Static)
            box.update("")
            box.remove_class("shown")
            self.query_one("#goto", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if self._done:
            return
        try:
            day = read_day(event.value, self.clock)
        except WhenError as error:
            box = self.query_one("#goto-message", Static)
            box.update(Text(str(error)))
            box.add_class("shown")
            return
        self._done = True
        self.dismiss(day)

    def action_leave(self) -> None:
        if not self._done:
            self._done = True
            self.dismiss(None)
