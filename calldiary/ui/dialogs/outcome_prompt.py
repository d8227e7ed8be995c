"""The outcome prompt: "Did Dr. Brandt call?" for the call a reminder is about, answered with the
same one-key outcomes as the week screen (y kept, n no-show, c/C cancelled by them/me; Esc: later).

Dismisses with "kept", "no_show", "them" (cancelled by them), "me" (cancelled by me), or None
(later: asked again after the grace period).

With `answered` given, each answer goes to it at once instead (the key's own handler: nothing
typed next can reach the screen underneath meanwhile), and the prompt stays open when it is
refilled with the next question (`ask`): "y n Esc" typed fast for three questions answers the
three, never the call selected on the week. u and U (ctrl+z, ctrl+y) undo and redo from here
too: an answer undone is asked again, and a redo of it answers the question it came back as.

A typed word never records an outcome:
- Keys in its first moments are not answers. Textual routes each key when it handles it, to the
  screen on top *then*: a key typed on the week just before the prompt was pushed (or before it
  was drawn) reaches the prompt. So for `GRACE_SECONDS` after it appears (the refills that follow
  an answer excepted: those keys are answers) keys and clicks are refused, and the prompt says
  which: sending them back to the week instead could not keep them in order with the keys typed
  after them, and a y or n landing on the week marks a call.
- A key that is not one of its own (a letter of "sun 10:00", j, an arrow) does nothing but stop
  it taking answers until no key has come for `QUIET_SECONDS`; it says so. Nothing falls through
  to the week behind it meanwhile.
- An answer key acts once no other key follows it within `SETTLE_SECONDS`: the n of "nancy" is
  followed by an a, so it is refused with the rest of the word. A key of its own that comes
  after it (y n Esc for three questions) takes it at once.

`withdraw` turns it into a notice (the call got its outcome, was moved or deleted elsewhere):
it takes no answer, and any key, or a few seconds, closes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Static

from calldiary.text import printable

ANSWERS = ("kept", "no_show", "them", "me")
STEPS = ("undo", "redo")  # (to `answered` too: the app's undo and redo, said there)
GRACE_SECONDS = 0.6  # keys this soon after the prompt appeared were typed for the screen before it
QUIET_SECONDS = 1.0  # after a key not its own: no answers until no key has come for this long
SETTLE_SECONDS = 0.3  # an answer key followed this soon by a key not its own was a word's letter
AFTER_SECONDS = 1.0  # the week behind takes no outcome key this soon after the prompt closed
WITHDRAWN_SECONDS = 4.0  # a withdrawn question's notice closes by itself after this long
ACTING = {"y": "kept", "n": "no_show", "c": "them", "C": "me", "u": "undo", "ctrl+z": "undo"}
ACTING |= {"U": "redo", "ctrl+y": "redo"}
OWN_KEYS = set(ACTING) | {"escape", "question_mark", "f1", "tab", "shift+tab", "enter"}
SHORT_ROWS = 20  # a terminal lower than this gets the prompt without its blank lines
NARROW_COLUMNS = 62  # … narrower than this, its buttons without their minimum width
SHOWN_KEYS = 10  # the refused keys named on the prompt: the last ones
HINT = "y kept · n no-show · c/C cancelled by them/me · Esc later"


class OutcomePrompt(ModalScreen[str | None]):
    HELP_TITLE = "Outcome question"
    BINDINGS = [
        Binding("y", "answer('kept')", "Kept", tooltip="They called / I reached them"),
        Binding("n", "answer('no_show')", "No-show", tooltip="Nobody called, nobody cancelled"),
        Binding("c", "answer('them')", "Cancelled by them", tooltip="They cancelled (asks why, optional)"),
        Binding("C", "answer('me')", "Cancelled by me", key_display="C", tooltip="I cancelled (asks why, optional)"),
        Binding("escape", "later", "Later", tooltip="Ask again after the grace period"),
        Binding(
            "u,ctrl+z",
            "step('undo')",
            "Undo",
            show=False,
            tooltip="Undo the last change (an answer: asked again)",
        ),
        Binding("U,ctrl+y", "step('redo')", "Redo", show=False, key_display="U", tooltip="Redo what undo took back"),
        Binding("question_mark,f1", "app.help", "Keys", show=False, tooltip="The keys of this question"),
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
        self._quiet_until = -1.0  # (monotonic) answers refused until then: the user is typing
        self._refused: list[str] = []
        self._typing = False  # the refused keys came after its first moments: "typing"
        self._pending: tuple[str, Timer | None] | None = None  # an answer key waiting to settle
        self.withdrawn = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question, style="bold"), id="prompt-question")
            details = Static(Text(self.details), classes="dialog-text", id="prompt-details")
            details.display = bool(self.details)
            yield details
            yield Static(Text(HINT, style="dim"), classes="dialog-text", id="prompt-hint")
            more = Static(self._more_text(), id="prompt-more", classes="dialog-text")
            more.display = bool(self.more)
            yield more
            said = Static("", id="prompt-said", classes="dialog-text")
            said.display = False
            yield said
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
        if self.is_mounted and not self.withdrawn:
            line = self.query_one("#prompt-more", Static)
            line.update(self._more_text())
            line.display = bool(more)

    def ask(self, question: str, details: str, more: int, said: str = "") -> None:
        """The next question, in place of the one answered (`said`: what became of that one)."""
        self.question, self.details = question, details
        self.query_one("#prompt-question", Static).update(Text(question, style="bold"))
        line = self.query_one("#prompt-details", Static)
        line.update(Text(details))
        line.display = bool(details)
        self.show_more(more)
        self.say(said)
        self._refused.clear()
        self._typing = False
        self.query_one("#prompt-refused", Static).display = False
        self.query_one("#later", Button).focus()

    def say(self, said: str) -> None:
        """One line on the prompt: what became of the question before (read literally)."""
        line = self.query_one("#prompt-said", Static)
        line.update(Text(said, style="italic"))
        line.display = bool(said)
        self.call_after_refresh(self.fit_toasts)

    def withdraw(self, why: str) -> None:
        """The call was marked, moved or deleted elsewhere: nothing to answer. The prompt says so
        and takes no answer; any key (taken, not passed on) or a few seconds close it."""
        self.withdrawn = True
        self._cancel_pending()
        if not self.is_mounted:
            self.question, self.details, self.more = why, "", 0
            return
        self.query_one("#prompt-question", Static).update(Text(why, style="bold"))
        for name in ("#prompt-details", "#prompt-hint", "#prompt-more", "#prompt-said", "#prompt-refused"):
            self.query_one(name, Static).display = False
        self.query_one("#kept", Button).display = False
        self.query_one("#no_show", Button).display = False
        later = self.query_one("#later", Button)
        later.label = "Close  Esc"
        later.focus()
        self.set_timer(WITHDRAWN_SECONDS, self.close)
        self.call_after_refresh(self.fit_toasts)

    def close(self) -> None:
        self._cancel_pending()
        if not self._done:
            self._done = True
            self._hold_the_week()
            self.dismiss(None)

    def _hold_the_week(self) -> None:
        """The week behind takes no outcome key for a moment: a second press of an answer key
        (the first looked ignored while it settled) must not mark the call selected there."""
        app: Any = self.app  # (CallDiaryApp: ui/actions.py reads it)
        app.outcome_keys_after = time.monotonic() + AFTER_SECONDS

    @property
    def open(self) -> bool:
        return not self._done

    def on_mount(self) -> None:
        self._shown_at = time.monotonic()
        self.query_one("#later", Button).focus()
        if self.withdrawn:
            self.withdraw(self.question)
        elif self._refused:
            self._say_refused()
        self.call_after_refresh(self.fit_toasts)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_toasts)

    def fit_toasts(self) -> None:
        """Notifications only below the question, never over its buttons (60x20, 50x14): the
        rows under the dialog hold what fits; with none free they wait until it closes. On a low or
        narrow terminal the prompt drops its blank lines and its buttons' spare width, so all of it
        shows."""
        if not self.is_mounted:
            return
        short = self.size.height < SHORT_ROWS  # (50x14: no blank lines, so the buttons fit too)
        self.query_one(".dialog").styles.padding = (0, 2) if short else (1, 2)
        for line in self.query(".dialog-text"):
            line.styles.margin = (0, 0, 0, 0) if short else (0, 0, 1, 0)
        narrow = self.size.width < NARROW_COLUMNS  # (50 columns: the three buttons side by side still)
        for button in self.query(Button):
            button.styles.min_width = 0 if narrow else 16
            button.styles.margin = (0, 0, 0, 1 if narrow else 2)
        self.call_after_refresh(self._fit_rack)

    def _fit_rack(self) -> None:
        from textual.widgets._toast import ToastRack

        if not self.is_mounted:
            return
        free = self.size.height - self.query_one(".dialog").region.bottom - 1  # (the rack's margin)
        for rack in self.query(ToastRack):
            rack.styles.max_height = max(free, 0) if free >= 4 else 0  # (a toast takes 4 rows or more)

    @property
    def taking_keys(self) -> bool:
        """Past its first moments and no typing going on: keys answer it."""
        now = time.monotonic()
        return not self.withdrawn and now >= self._shown_at + GRACE_SECONDS and now >= self._quiet_until

    def on_key(self, event: events.Key) -> None:
        """Every key comes here first (from the focused button): see the module's docstring."""
        key = event.key
        if self._done:
            event.stop()
            event.prevent_default()
            return
        if self.withdrawn:
            event.stop()
            event.prevent_default()
            self.close()  # (the key is taken: the user meant it for this question)
            return
        early = event.time < self._shown_at + GRACE_SECONDS
        quiet = event.time < self._quiet_until and key != "escape"  # (Esc records nothing: taken)
        if early or quiet or key not in OWN_KEYS:
            event.stop()
            event.prevent_default()
            if not early and event.time >= self._quiet_until and self._pending is None:
                self._refused, self._typing = [], False  # (typing again after a pause: said afresh)
            self._typing = self._typing or not early
            self._refuse_pending()
            if key not in OWN_KEYS:  # (typing: the quiet starts again; an answer key does not prolong it)
                self._quiet_until = max(self._quiet_until, event.time + QUIET_SECONDS)
            self._refuse(_shown(event))
            return
        if self._pending is not None:
            self._settle()  # (a key of its own: the answer before it was meant)
            if not self.open:  # the last question answered: this key was for it, not for the week
                event.stop()
                event.prevent_default()
                if key != "escape":
                    self.app.notify(f"Not taken: {_shown(event)} — typed as the question closed", markup=False)
                return
        if key in ACTING:
            event.stop()
            event.prevent_default()
            self._refused, self._typing = [], False  # (should a word follow: it is said afresh)
            timer = self.set_timer(SETTLE_SECONDS, self._settle_when_quiet) if self.answered else None
            self._pending = (ACTING[key], timer)
            if timer is None:
                self._settle()

    def _settle_when_quiet(self) -> None:
        """The answer key's moment has passed; keys still being handed on come first."""
        if self._pending is not None and getattr(self.app, "typing_ahead", False):
            self._pending = (self._pending[0], self.set_timer(0.05, self._settle_when_quiet))
            return
        self._settle()

    def _settle(self) -> None:
        if self._pending is None:
            return
        what, timer = self._pending
        self._pending = None
        if timer is not None:
            timer.stop()
        if what in STEPS:
            self.action_step(what)
        else:
            self.action_answer(what)

    def _cancel_pending(self) -> str | None:
        if self._pending is None:
            return None
        what, timer = self._pending
        self._pending = None
        if timer is not None:
            timer.stop()
        return what

    def _refuse_pending(self) -> None:
        """The answer key before this one was the start of a word: refused with it."""
        what = self._cancel_pending()
        if what is not None:
            self._refused.append(next(k for k, a in ACTING.items() if a == what))

    def _refuse(self, what: str) -> None:
        self._refused.append(what)
        if self.is_mounted:  # (else said once it is: see on_mount)
            self._say_refused()

    def _say_refused(self) -> None:
        line = self.query_one("#prompt-refused", Static)
        said = Text("Not taken: ", style="bold")
        if len(self._refused) > SHOWN_KEYS:
            said.append("… ")
        said.append(" ".join(self._refused[-SHOWN_KEYS:]), style="bold reverse")
        if self._typing:
            said.append(" — typing. Answer with y, n, c, C or Esc after a second without keys.")
        else:
            said.append(" — typed as this question appeared. Answer it now, or Esc for later.")
        line.update(said)
        line.display = True
        self.call_after_refresh(self.fit_toasts)

    def action_answer(self, answer: str) -> None:
        if answer in ANSWERS:
            self._give(answer)

    def action_later(self) -> None:
        self._give(None)

    def action_step(self, which: str) -> None:
        """u / U: the app's undo or redo (see Reminding: a redone answer answers this question)."""
        if which in STEPS and self.answered is not None and not self._done and not self.withdrawn:
            self._to_answered(which)

    def _give(self, answer: str | None) -> None:
        if self._done:
            return
        if self.withdrawn:
            self.close()
            return
        if self.answered is not None:
            self._to_answered(answer)  # (it asks the next question here, or closes this)
            return
        self._done = True
        self._hold_the_week()
        self.dismiss(answer)

    def _to_answered(self, answer: str | None) -> None:
        """Hand the answer on as the app's own: a dialog it opens (c: why?) reports back to the
        app, not to this prompt, which is closed by then (Textual calls back whoever was running
        when a screen was pushed; a key binding runs as the app, a timer here as this screen)."""
        from textual._context import active_message_pump

        assert self.answered is not None
        token = active_message_pump.set(self.app)
        try:
            self.answered(self, answer)
        finally:
            active_message_pump.reset(token)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.withdrawn:
            self.close()
            return
        if self._pending is not None:
            self._settle()  # (the key before the click was meant)
            if self._done:
                return
        if not self.taking_keys:
            self._refuse("a click")
            return
        if event.button.id == "later":
            self.action_later()
        else:
            self.action_answer(str(event.button.id))


def _shown(event: events.Key) -> str:
    """A key as the prompt names it: the character typed (a space as "space"), else its name."""
    if event.character == " ":
        return "space"
    return printable(event.character if event.is_printable and event.character else event.key)
