"""The outcome prompt: "Did Dr. Brandt call?" for the call a reminder is about, answered with the
same one-key outcomes as the week screen (y kept, n no-show, c/C cancelled by them/me; Esc: later).

Dismisses with "kept", "no_show", "them" (cancelled by them), "me" (cancelled by me), or None
(later: asked again after the grace period).

With `answered` given, each answer goes to it at once instead (the key's own handler: nothing
typed next can reach the screen underneath meanwhile), and the prompt stays open when it is
refilled with the next question (`ask`): "y n Esc" typed fast for three questions answers the
three, never the call selected on the week.

Keys in its first moments are not answers. Textual routes each key when it handles it, to the
screen on top *then*: a key typed on the week just before the prompt was pushed (or before it was
drawn) reaches the prompt. So for `GRACE_SECONDS` after it appears (the refills that follow an
answer excepted: those keys are answers) keys and clicks are refused, and the prompt says which:
sending them back to the week instead could not keep them in order with the keys typed after
them, and a y or n landing on the week marks a call.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from calldiary.text import printable

ANSWERS = ("kept", "no_show", "them", "me")
GRACE_SECONDS = 0.6  # keys this soon after the prompt appeared were typed for the screen before it


class OutcomePrompt(ModalScreen[str | None]):
    HELP_TITLE = "Outcome question"
    BINDINGS = [
        Binding("y", "answer('kept')", "Kept", tooltip="They called / I reached them"),
        Binding("n", "answer('no_show')", "No-show", tooltip="Nobody called, nobody cancelled"),
        Binding("c", "answer('them')", "Cancelled by them"),
        Binding("C", "answer('me')", "Cancelled by me", key_display="C"),
        Binding("escape", "later", "Later", tooltip="Ask again after the grace period"),
    ]

    def __init__(
        self,
        question: str,
        details: str,
        more: int = 0,
        answered: Callable[[OutcomePrompt, str | None], None] | None = None,
    ) -> None:
        super().__init__(classes="outcome-prompt")
        self.question = question
        self.details = details
        self.more = more  # questions waiting after this one
        self.answered = answered
        self._done = False
        self._shown_at = time.monotonic()  # (again when mounted: what came before is refused too)
        self._refused: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question, style="bold"), id="prompt-question")
            details = Static(Text(self.details), classes="dialog-text", id="prompt-details")
            details.display = bool(self.details)
            yield details
            yield Static(
                Text("y kept · n no-show · c/C cancelled by them/me · Esc later", style="dim"),
                classes="dialog-text",
            )
            more = Static(self._more_text(), id="prompt-more", classes="dialog-text")
            more.display = bool(self.more)
            yield more
            refused = Static("", id="prompt-refused", classes="dialog-text")
            refused.display = False
            yield refused
            with Horizontal(classes="dialog-buttons"):
                yield Button("Kept  y", variant="success", id="kept")
                yield Button("No-show  n", variant="error", id="no_show")
                yield Button("Later  Esc", id="later")

    def _more_text(self) -> Text:
        if not self.more:
            return Text("")
        return Text(f"{self.more} more question{'s' if self.more != 1 else ''} after this one", style="italic")

    def show_more(self, more: int) -> None:
        """More questions came meanwhile: say how many follow."""
        self.more = more
        if self.is_mounted:
            line = self.query_one("#prompt-more", Static)
            line.update(self._more_text())
            line.display = bool(more)

    def ask(self, question: str, details: str, more: int) -> None:
        """The next question, in place of the one answered."""
        self.question, self.details = question, details
        self.query_one("#prompt-question", Static).update(Text(question, style="bold"))
        line = self.query_one("#prompt-details", Static)
        line.update(Text(details))
        line.display = bool(details)
        self.show_more(more)
        self._refused.clear()
        self.query_one("#prompt-refused", Static).display = False
        self.query_one("#later", Button).focus()

    def close(self) -> None:
        if not self._done:
            self._done = True
            self.dismiss(None)

    def on_mount(self) -> None:
        self._shown_at = time.monotonic()
        self.query_one("#later", Button).focus()
        if self._refused:
            self._say_refused()

    @property
    def taking_keys(self) -> bool:
        """Past its first moments: keys answer it."""
        return time.monotonic() >= self._shown_at + GRACE_SECONDS

    def on_key(self, event: events.Key) -> None:
        """A key typed before the prompt (or in its first moments): refused, and said on it."""
        if event.time < self._shown_at + GRACE_SECONDS:
            event.stop()
            event.prevent_default()
            self._refuse(event.character if event.is_printable and event.character else event.key)

    def _refuse(self, what: str) -> None:
        self._refused = [*self._refused, printable(what)][-5:]
        if self.is_mounted:  # (else said once it is: see on_mount)
            self._say_refused()

    def _say_refused(self) -> None:
        line = self.query_one("#prompt-refused", Static)
        said = Text("Not taken: ", style="bold")
        said.append(" ".join(self._refused), style="bold reverse")
        said.append(" — typed as this question appeared. Answer it now, or Esc for later.")
        line.update(said)
        line.display = True

    def action_answer(self, answer: str) -> None:
        if answer in ANSWERS:
            self._give(answer)

    def action_later(self) -> None:
        self._give(None)

    def _give(self, answer: str | None) -> None:
        if self._done:
            return
        if self.answered is not None:
            self.answered(self, answer)  # (it asks the next question here, or closes this)
            return
        self._done = True
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self.taking_keys:
            self._refuse("a click")
            return
        if event.button.id == "later":
            self.action_later()
        else:
            self.action_answer(str(event.button.id))
