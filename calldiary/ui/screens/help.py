"""The key reference, built from the screens' own bindings so it never drifts: first every key of
the screen it was opened on (dialogs included), then the other screens."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from calldiary.ui.dimmed import DimmedUnder
from calldiary.ui.kept import KeptStyles

INTRO = (
    "calldiary keeps your call commitments. After each call, one key records what happened: "
    "y kept, n no-show (they ignored it), c cancelled by them, C cancelled by me, p back to planned; "
    "u undoes, U redoes. q goes back (quits on the week), w opens contacts and r the review from any screen. "
    "ctrl+p opens the command palette with every action and the themes; ctrl+q quits."
)
CLOSE = "esc, q or ? closes this"
NAMES = {
    "question_mark": "?",
    "f1": "F1",
    "escape": "esc",
    "delete": "del",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
}


def key_names(binding: Binding) -> str:
    return " ".join(NAMES.get(key, key) for key in binding.key.split(","))


def key_table(title: str, bindings: list[Binding]) -> Group:
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column("keys", style="bold", no_wrap=True, min_width=12)
    table.add_column("what")
    for binding in bindings:
        table.add_row(key_names(binding), binding.tooltip or binding.description)
    return Group(Text(title, style="bold"), table)


def screen_keys(screen: Screen) -> list[Binding]:
    """Every key that does something on `screen` now (its focused widget's, its own, the app's),
    once each, then the keys it documents that are not bindings (Enter in a field)."""
    keys: dict[tuple[str, str], list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.tooltip:
            keys.setdefault((binding.action, binding.tooltip), []).append(binding.key)
    found = [Binding(",".join(k), action, tooltip) for (action, tooltip), k in keys.items()]
    return [*found, *getattr(screen, "HELP_EXTRA", [])]


def _as_list(bindings: Sequence[object]) -> list[Binding]:
    return [b for b in bindings if isinstance(b, Binding)]


def _actions(bindings: Sequence[object]) -> set[str]:
    return {b.action for b in _as_list(bindings)}


class HelpScreen(KeptStyles, DimmedUnder, ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,f1,q", "close", "Close", key_display="esc", tooltip="Close the keys")]

    def __init__(self, under: Screen | None = None) -> None:
        super().__init__()
        self.under = under
        self._here: tuple[str, list[Binding]] | None = None  # what "Here" shows

    def reopen(self, under: Screen | None = None) -> None:
        """The same reference for another screen (built once: see ui/kept.py); only "Here" changes."""
        self.under = under
        if self.is_mounted:
            here = self.query_one("#help-here", Static)
            here.display = under is not None
            if under is not None:
                name = getattr(under, "HELP_TITLE", "This screen")
                keys = screen_keys(under)
                if (name, keys) != self._here:  # (the same keys as last time: not laid out again)
                    self._here = (name, keys)
                    here.update(key_table(f"Here: {name}", keys))
            self.query_one("#help", VerticalScroll).scroll_home(animate=False)

    def compose(self) -> ComposeResult:
        from calldiary.ui.dialogs.call_form import CallForm
        from calldiary.ui.screens.contacts import ContactCalls, ContactsScreen
        from calldiary.ui.screens.day import DayScreen
        from calldiary.ui.screens.review import ReviewScreen
        from calldiary.ui.screens.week import WeekScreen

        diary = getattr(self.app, "diary_name", "")
        with VerticalScroll(id="help"):
            title = Text("Keys", style="bold")
            title.append(f"  ·  {CLOSE}")
            yield Static(title, classes="help-title")
            if diary:
                yield Static(Text(f"Diary: {diary}"), classes="help-intro", id="help-diary")
            here = Static(id="help-here")
            if self.under is not None:
                name = getattr(self.under, "HELP_TITLE", "This screen")
                self._here = (name, screen_keys(self.under))
                here.update(key_table(f"Here: {name}", self._here[1]))
            here.display = self.under is not None
            yield here
            yield Static(Text(INTRO), classes="help-intro")
            week = WeekScreen.BINDINGS
            yield Static(key_table("Week screen", _as_list(week)))
            day_only = [b for b in _as_list(DayScreen.BINDINGS) if b.action not in _actions(week) or b.action == "back"]
            yield Static(key_table("Day agenda (also the call keys above)", day_only))
            review_only = [b for b in _as_list(ReviewScreen.BINDINGS) if b.action not in _actions(week)]
            yield Static(key_table("Weekly review (also the call keys above)", review_only))
            yield Static(key_table("Contacts", _as_list(ContactsScreen.BINDINGS)))
            calls_only = [b for b in _as_list(ContactCalls.BINDINGS) if b.action not in _actions(week)]
            yield Static(key_table("A contact's calls (also the call keys above)", calls_only))
            yield Static(key_table("Call form", [*_as_list(CallForm.BINDINGS), *CallForm.HELP_EXTRA]))
            yield Static(
                key_table(
                    "Everywhere",
                    [
                        Binding("j,down", "", "Down: the next call or row"),
                        Binding("k,up", "", "Up: the previous call or row"),
                        Binding("u,ctrl+z", "", "Undo the last change (again for more)"),
                        Binding("U,ctrl+y", "", "Redo what undo took back"),
                        Binding("w", "", "Contacts"),
                        Binding("r", "", "Weekly review"),
                        Binding("q", "", "Back (on the week screen: quit)"),
                        Binding("question_mark,f1", "", "This key reference (F1 also while typing)"),
                        Binding("ctrl+p", "", "Command palette: every action, themes, the open diary"),
                        Binding("ctrl+q", "", "Quit"),
                    ],
                )
            )

    def action_close(self) -> None:
        self.dismiss(None)
