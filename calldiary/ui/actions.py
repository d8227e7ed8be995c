"""The call actions the week screen, the day agenda, the review and a contact's calls share:
one-key outcomes, add, edit and delete (undo and redo are the app's, for every screen).
Each is one Diary call; a refusal or a storage error is shown as a
notification and the app keeps running. (Dialogs are imported when first opened: the form's
widgets cost start-up time the first frame doesn't need.)"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from rich.text import Text
from textual.app import ScreenStackError
from textual.binding import Binding
from textual.screen import Screen

from calldiary.errors import CallDiaryError, ChangedElsewhere, NotFound
from calldiary.fmt import call_subject, error_said
from calldiary.model import DEFAULT_MINUTES, Call, Direction, Party, Status
from calldiary.text import printable
from calldiary.ui.host import DiaryHost

T = TypeVar("T")
R = TypeVar("R")

CALL_BINDINGS = [
    Binding("y", "mark('kept')", "Kept", tooltip="They called / I reached them: mark kept"),
    Binding("n", "mark('no_show')", "No-show", tooltip="Ignored: nobody called, nobody cancelled"),
    Binding("c", "cancel_call('them')", "Canc. by them", tooltip="They cancelled: asks for a reason (optional)"),
    Binding("C", "cancel_call('me')", "by me", key_display="C", tooltip="I cancelled: asks for a reason (optional)"),
    Binding("p", "mark('planned')", "Planned", show=False, tooltip="Reset the outcome to planned"),
    Binding("a", "add", "Add", tooltip="Book a new call"),
    Binding("e,enter", "edit", "Edit", show=False, tooltip="Edit the selected call"),
    Binding("x,delete", "delete", "Delete", show=False, tooltip="Delete the selected call"),
    Binding("b", "switch_no_show", "No-show by", show=False, tooltip="Whose no-show was it: switch them/me"),
]
# `a` where the footer has no room for it (the review, a contact's calls): a booking typed there
# must open the form, not run its letters as commands (the n of "sun" marked a no-show: W5 #3).
ADD_UNSHOWN = Binding("a", "add", "Add", show=False, tooltip="Book a new call")
POLL_SECONDS = 1.0
NEEDS_CALL = {"mark", "cancel_call", "edit", "delete", "switch_no_show"}


def outcome_words(call: Call) -> str:
    """A call's outcome in words: kept, no-show by them, cancelled by me, planned."""
    if call.status is Status.CANCELLED:
        return f"cancelled by {(call.cancelled_by or Party.THEM).value}"
    if call.status is Status.NO_SHOW:
        return f"no-show by {(call.no_show_by or call.dialer).value}"
    return call.status.label


class CallActions(Screen[R]):
    """A screen that shows calls and lets the user change the selected one."""

    @property
    def calldiary(self) -> DiaryHost:
        return self.app  # type: ignore[return-value]  # the running app is a CallDiaryApp

    # What a concrete screen supplies.
    def selected_call(self) -> Call | None:
        raise NotImplementedError

    def selected_day(self) -> date:
        raise NotImplementedError

    def reload(self, select: str | None = None) -> None:
        raise NotImplementedError

    _binding_state: tuple[bool, bool] | None = None

    # --- changes made elsewhere: shown within a second, as on the week -----------------------

    _shown_at: tuple[int, int] | None = None  # the diary's version and the minute the screen shows
    unreadable = ""  # the diary can't be read now: what is wrong (the screen shows this, no calls)

    def follow_diary(self) -> None:
        """Look every second whether the diary changed (another window, the command line, a
        sync) or the minute turned, and show it; call from on_mount."""
        self.follow_timer = self.set_interval(POLL_SECONDS, self._look_again)

    def _state(self) -> tuple[int, int]:
        return self.calldiary.diary.version, int(self.calldiary.clock.now().timestamp()) // 60

    def shown_now(self, error: CallDiaryError | None = None) -> None:
        """A reload showed the diary as it is now (or `error`: it can't be read now)."""
        self.unreadable = printable(str(error)) if error is not None else ""
        if error is None:
            self._shown_at = self._state()

    def stale(self) -> bool:
        """The diary changed since the screen showed it (or became readable, or unreadable)."""
        try:
            return bool(self.unreadable) or self._state() != self._shown_at
        except CallDiaryError:
            return not self.unreadable

    def _look_again(self) -> None:
        try:
            shown = self.app.screen is self
        except ScreenStackError:
            return  # (the app is closing: its screens are gone, this kept screen's timer still ticks)
        if shown and self.stale():
            self.reload()  # (another screen on top: the screen looks again as it resumes)

    def update_bindings(self) -> None:
        """Refresh the Footer only when what the keys can do has changed (a refresh rebuilds it)."""
        state = (self.selected_call() is not None, True)
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_CALL and self.selected_call() is None:
            return None
        return True

    def attempt(self, change: Callable[[], T]) -> T | None:
        """Run one diary change; a refusal or storage error becomes a notification."""
        try:
            result = change()
        except CallDiaryError as error:
            self.notify(error_said(error, self.calldiary.clock), severity="error", markup=False, timeout=6)
            return None
        self.update_bindings()
        return result

    def _said(self, call: Call, what: str) -> str:
        return f"{call_subject(call, self.calldiary.clock)} — {what}"

    def in_view(self, call: Call, what: str) -> bool:
        """True when the selected `call` is on screen; a screen whose rows can be scrolled out of
        sight brings it into view instead, says so and returns False (the key is not taken)."""
        return True

    def _target(self, what: str) -> Call | None:
        """The call a key acts on: the selected one, once the user can see it."""
        call = self.selected_call()
        return call if call is not None and self.in_view(call, what) else None

    def _held(self, key: str, what: str) -> bool:
        """True (and said) right after an outcome question closed: the key was most likely a
        second press of an answer meant for it, not for the call selected here."""
        if time.monotonic() >= getattr(self.app, "outcome_keys_after", 0.0):
            return False
        call = self.selected_call()
        where = self._said(call, f"press {key} again to {what}") if call is not None else f"press {key} again"
        self.notify(f"Not taken: {key} — typed as a question closed; {where}", markup=False, timeout=5)
        return True

    def action_mark(self, status: str) -> None:
        wanted = Status(status)
        if self._held({"kept": "y", "no_show": "n", "planned": "p"}.get(status, status), f"mark it {wanted.label}"):
            return
        call = self._target(f"mark it {wanted.label}")
        if call is not None:
            self._record(call, wanted)

    def _record(self, call: Call, status: Status, by: Party | None = None, reason: str = "") -> None:
        """Give `call` (as shown) an outcome; one changed or deleted elsewhere since it was shown
        is not overwritten: the screen shows it as it is now and says so in one line."""
        try:
            done = self.calldiary.diary.mark(call.id, status, by=by, reason=reason, seen=call)
        except ChangedElsewhere as error:
            now = error.call if isinstance(error.call, Call) else call
            self.reload(call.id)
            told = f"changed elsewhere (now {outcome_words(now)}): not marked {status.label} — shown as it is now"
            self.notify(self._said(now, told), severity="warning", markup=False, timeout=8)
            return
        except NotFound:
            self.reload(self.neighbour(call))
            self.notify(self._said(call, f"deleted elsewhere: not marked {status.label}"), severity="warning")
            return
        except CallDiaryError as error:
            self.notify(error_said(error, self.calldiary.clock), severity="error", markup=False, timeout=6)
            return
        self.update_bindings()
        self.reload(done.id)
        if status is Status.CANCELLED:
            self.notify(self._said(done, f"cancelled by {(by or Party.THEM).value} (u undoes)"), markup=False)
        else:
            self.notify(self._said(done, f"{status.label} (u undoes)"), markup=False)

    def action_cancel_call(self, by: str) -> None:
        who = Party(by)
        if self._held("C" if who is Party.ME else "c", f"cancel it (by {who.value})"):
            return
        call = self._target(f"cancel it (by {who.value})")
        if call is None:
            return
        from calldiary.ui.dialogs.ask import AskText
        from calldiary.ui.kept import again

        title = Text(f"Cancelled by {'me' if who is Party.ME else 'them'}: ", style="bold")
        title.append(self._said(call, "why? (optional)"))

        def record(reason: str | None) -> None:
            if reason is not None:
                self._record(call, Status.CANCELLED, who, reason)

        hint = "Enter records it (a reason is optional) · Esc: back"
        self.app.push_screen(again(self.app, AskText, title, "Reason (optional)", hint=hint), record)

    def action_add(self) -> None:
        settings = self.calldiary.settings
        self._open_form(None, (settings.default_minutes, Direction(settings.default_direction)))

    def action_edit(self) -> None:
        call = self._target("edit it")
        if call is not None:
            self._open_form(call)

    def _open_form(self, call: Call | None, defaults: tuple[int, Direction] | None = None) -> None:
        """The app's call form (built once, see ui/kept.py), for `call` or a new call."""
        from calldiary.ui.dialogs.call_form import CallForm
        from calldiary.ui.dialogs.form_diary import form_diary
        from calldiary.ui.kept import kept

        # (a diary that can't be read now still opens the form: nothing typed is lost, Save says
        # why it can't, see form_diary)
        diary, day = form_diary(self.calldiary.diary), None if call else self.selected_day()
        args = (call, day, defaults or (DEFAULT_MINUTES, Direction.THEY_CALL), self.record_of)
        form = self.attempt(lambda: kept(self.app, CallForm, lambda: CallForm(diary, *args), lambda f: f.reopen(*args)))
        if form is not None:
            self.app.push_screen(form, self._after_form)

    def _after_form(self, saved: Call | None) -> None:
        if saved is not None:
            self.calldiary.saved_in_form(saved)
            self.update_bindings()
            self.reload(saved.id)
            self.notify(self._said(saved, "saved"), markup=False)

    def neighbour(self, call: Call) -> str | None:
        """What to select once `call` is gone (a screen that knows its rows says)."""
        return None

    def action_delete(self) -> None:
        call = self._target("delete it")
        if call is None:
            return
        from calldiary.ui.dialogs.confirm import Confirm
        from calldiary.ui.kept import again

        question = Text("Delete ", style="bold")
        question.append(self._said(call, "for good?"))

        def answer(yes: bool | None) -> None:
            if yes:
                after = self.neighbour(call)
                gone = self.attempt(lambda: self.calldiary.diary.delete(call.id))
                if gone is not None:
                    self.reload(after)
                    self.notify(self._said(gone, "deleted (u undoes)"), markup=False)

        self.app.push_screen(again(self.app, Confirm, question), answer)

    # --- contacts' records and whose no-show it was ---------------------------------------------

    def record_of(self, contact: str) -> str:
        """The contact's record line (computed once per diary change, shared by every screen)."""
        from calldiary.contacts import RecordBook

        book = getattr(self.app, "_calldiary_records", None)
        if book is None or book.diary is not self.calldiary.diary:
            book = RecordBook(self.calldiary.diary, self.calldiary.settings.late_cancellation_hours)
            self.app._calldiary_records = book  # type: ignore[attr-defined]
        try:
            return book.line(contact)
        except CallDiaryError:
            return ""

    def action_switch_no_show(self) -> None:
        """A no-show: switch whose it was (them <-> me); it counts against them only when theirs."""
        call = self._target("switch whose no-show it was")
        if call is None:
            return
        if call.status is not Status.NO_SHOW:
            self.notify("b switches whose no-show it was: mark the call a no-show first (n)", markup=False)
            return
        other = Party.ME if (call.no_show_by or call.dialer) is Party.THEM else Party.THEM
        done = self.attempt(lambda: self.calldiary.diary.edit(call.id, no_show_by=other))
        if done is not None:
            self.reload(done.id)
            self.notify(self._said(done, f"no-show by {other.value} (u undoes)"), markup=False)
