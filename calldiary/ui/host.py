"""What the screens need from the app that hosts them, as a protocol: screens and dialogs
never import `calldiary.ui.app` (the app imports them), so the UI's layers have no cycle."""

from __future__ import annotations

from typing import Protocol

from calldiary.clock import Clock
from calldiary.config import Settings
from calldiary.model import Call
from calldiary.prefs import Prefs
from calldiary.store import Diary


class DiaryHost(Protocol):
    """The running app as the screens see it (CallDiaryApp is one)."""

    diary: Diary
    clock: Clock
    prefs: Prefs | None
    settings: Settings

    def show_call(self, call_id: str) -> None:
        """Close the screens above the week and select `call_id` there."""
        ...

    def saved_in_form(self, call: Call) -> None:
        """The user booked or edited `call` in the form (the reminders take note)."""
        ...
