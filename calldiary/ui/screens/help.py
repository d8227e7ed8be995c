"""The full key reference, built from the screens' own bindings so it never drifts."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from calldiary.ui.dialogs.call_form import CallForm

INTRO = (
    "calldiary keeps your call commitments. After each call, one key records what happened: "
    "y kept, n no-show (they ignored it), c cancelled (asks who and why), p back to planned, u undo. "
    "ctrl+p opens the command palette with every action; ctrl+q quits."
)


def _keys(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    names = {"question_mark": "?", "escape": "esc", "delete": "del", "left": "←", "right": "→", "up": "↑", "down": "↓"}
    return " ".join(names.get(key, key) for key in binding.key.split(","))


def key_table(title: str, bindings: list[Binding]) -> Group:
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column("keys", style="bold #ffaf00", no_wrap=True, min_width=12)
    table.add_column("what")
    for binding in bindings:
        table.add_row(_keys(binding), binding.tooltip or binding.description)
    return Group(Text(title, style="bold"), table)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", key_display="esc")]

    def compose(self) -> ComposeResult:
        from calldiary.ui.screens.contacts import ContactsScreen
        from calldiary.ui.screens.day import DayScreen
        from calldiary.ui.screens.review import ReviewScreen
        from calldiary.ui.screens.week import WeekScreen

        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold"), classes="help-title")
            yield Static(Text(INTRO), classes="help-intro")
            yield Static(key_table("Week screen", _as_list(WeekScreen.BINDINGS)))
            day_only = [
                b
                for b in _as_list(DayScreen.BINDINGS)
                if b.action not in _actions(WeekScreen.BINDINGS) or b.action == "back"
            ]
            yield Static(key_table("Day agenda (also the call keys above)", day_only))
            review_only = [
                b
                for b in _as_list(ReviewScreen.BINDINGS)
                if b.action not in _actions(WeekScreen.BINDINGS) or b.action in ("back", "contacts")
            ]
            yield Static(key_table("Weekly review (also the call keys above, and [ ] for weeks)", review_only))
            yield Static(key_table("Contacts", _as_list(ContactsScreen.BINDINGS)))
            yield Static(
                key_table(
                    "Call form",
                    [
                        *_as_list(CallForm.BINDINGS),
                        Binding("enter", "", "Save (in any one-line field)"),
                        Binding("tab", "", "Next field (shift+tab: previous)"),
                    ],
                )
            )
            yield Static(
                key_table(
                    "Everywhere",
                    [
                        Binding("question_mark", "", "This key reference"),
                        Binding("ctrl+p", "", "Command palette: every action, themes"),
                        Binding("ctrl+q", "", "Quit"),
                    ],
                )
            )

    def action_close(self) -> None:
        self.dismiss(None)


def _as_list(bindings: Sequence[BindingType]) -> list[Binding]:
    return [b for b in bindings if isinstance(b, Binding)]


def _actions(bindings: Sequence[BindingType]) -> set[str]:
    return {b.action for b in _as_list(bindings)}
