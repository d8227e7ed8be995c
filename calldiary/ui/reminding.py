"""Reminders while the app is open: a check every 30 s (and at start) through the same core as
`calldiary remind`, so the app, cron and a second terminal never say one twice.

An upcoming call shows a notification and rings the bell once. An outcome reminder shows a
notification and, on the week screen (nothing else on top), the outcome prompt for *that* call,
whichever call is selected. Prompts wait their turn; the ones never shown are given back when the
app closes, so `calldiary remind` asks them instead.

A prompt never cuts into typing: it appears once no key or click has come, and the week has been
on top, for `IDLE_SECONDS` (and refuses the keys of its first moments, and typing: see
OutcomePrompt). A question whose call got its outcome, was moved or deleted elsewhere meanwhile is
withdrawn (looked at each second, and again at the answer): an answer never overwrites that.
While a question waits behind another screen, its notification names no answer key (there y, n
and c do something else); it goes once the question is on the prompt. A call the user booked or edited
here for a time already begun is not asked about in this session at all: it is on screen, flagged,
and y/n/c mark it in place. Its question is held, and given back at close like the unanswered.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import App

from calldiary.errors import CallDiaryError, ChangedElsewhere, NotFound
from calldiary.fmt import call_subject, day_label
from calldiary.model import Call, Party, Status
from calldiary.notify.deliver import Claimed, claim, due_now, give_back, no_show_history, settle
from calldiary.remind import Kind, RecordLine, Reminder
from calldiary.text import printable
from calldiary.ui.host import DiaryHost

if TYPE_CHECKING:
    from pendulum import DateTime
    from textual.notifications import Notification

    from calldiary.ui.dialogs.outcome_prompt import OutcomePrompt

CHECK_SECONDS = 30.0
OFFER_SECONDS = 1.0  # how soon a waiting prompt appears once the week screen is back
IDLE_SECONDS = 2.0  # … and once no key or click has come for this long
LATER = "asked when you are back on the week"


@dataclass
class _Asking:
    reminder: Reminder
    before: Claimed


class Reminding:
    def __init__(self, app: App, host: DiaryHost, record_line: RecordLine | None = None) -> None:
        self.app = app
        self.host = host
        self.record_line = record_line or no_show_history(host.diary, host.settings.late_cancellation_hours)
        self.waiting: list[_Asking] = []
        self.asking: _Asking | None = None
        self.answered: dict[str, Claimed] = {}  # call id → its question's claim, for an undo
        self._last_error = ""
        self.last_input = -math.inf  # when the user last pressed a key or clicked (monotonic)
        self.here: dict[str, DateTime] = {}  # call id → start: booked or edited here, already begun
        self.held: list[_Asking] = []  # their questions: not asked in this session
        self.prompt: OutcomePrompt | None = None  # the open prompt
        self.away = -math.inf  # when another screen was last seen on top of the week (monotonic)
        self._was_on_week = True
        self.toasts: dict[str, Notification] = {}  # call id ("" for several) → its waiting question's toast

    def start(self) -> None:
        self.app.set_interval(CHECK_SECONDS, self.check, name="reminders")
        self.app.set_interval(OFFER_SECONDS, self.offer, name="outcome-prompts")
        self.app.call_after_refresh(self.check)

    def touched(self) -> None:
        """A key or a click: the user is busy; a prompt waits."""
        self.last_input = time.monotonic()

    def saved_here(self, call: Call) -> None:
        """The user booked or edited `call` in the form. Begun already: they are looking at it and
        mark it in place, so it is not asked about (a question waiting for it is held)."""
        if call.start > self.host.clock.now():
            self.here.pop(call.id, None)  # (its time is still to come: asked as any call)
            return
        self.here[call.id] = call.start
        mine = [asking for asking in self.waiting if self._seen_here(asking.reminder.call)]
        self.waiting = [asking for asking in self.waiting if asking not in mine]
        self.held += mine

    def _seen_here(self, call: Call) -> bool:
        return self.here.get(call.id) == call.start

    def check(self) -> None:
        """Say what is due now (claimed in the diary first: nobody else says it too)."""
        diary = self.host.diary
        try:
            found = due_now(diary, self.host.settings, self.record_line)
            claimed = claim(diary, found, pending=False) if found else []
        except CallDiaryError as error:
            message = printable(str(error))
            if message != self._last_error:
                self._last_error = message
                self.app.notify(message, severity="error", markup=False, timeout=10)
            return
        self._last_error = ""
        rang = False
        asked = []
        for reminder, before in claimed:
            if reminder.kind is Kind.UPCOMING:
                self.app.notify(reminder.body, title=reminder.title, markup=False, timeout=60)
                if not rang:
                    self.app.bell()
                    rang = True
            elif self._seen_here(reminder.call):
                self.held.append(_Asking(reminder, before))
            else:
                asked.append(_Asking(reminder, before))
        self.waiting += asked
        self.offer()
        self._say_waiting([asking for asking in asked if any(waiting is asking for waiting in self.waiting)])

    def _say_waiting(self, queued: list[_Asking]) -> None:
        """Questions that can't be on screen now. Behind an open prompt they are counted on it
        (six toasts piled over the prompt hid it); behind another screen one notification says
        them (one question: itself; more: how many and who)."""
        if self.asking is not None:
            self._count_on_prompt()
            return
        if len(self.app.screen_stack) == 1:
            return  # on the week: the prompt comes as soon as the user stops typing
        if len(queued) == 1:
            reminder = queued[0].reminder
            said = f"{reminder.body} — {LATER}" if reminder.body else LATER[0].upper() + LATER[1:]
            self._toast(reminder.call.id, said, reminder.title)
        elif queued:
            names = [printable(asking.reminder.call.contact) for asking in queued]
            who = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            self._toast("", f"{who}: {LATER}", f"{len(queued)} calls need their outcome")

    def _toast(self, key: str, message: str, title: str) -> None:
        """A question's notification, kept to be withdrawn once it is asked or answered."""
        from textual.notifications import Notification, Notify

        self._untoast(key)
        note = Notification(message, title, "warning", 20, markup=False)
        self.toasts[key] = note
        self.app.post_message(Notify(note))

    def _untoast(self, *keys: str) -> None:
        """Withdraw these questions' notifications (all with no keys given)."""
        gone = [self.toasts.pop(key) for key in (keys or list(self.toasts)) if key in self.toasts]
        shown = [note for note in gone if note in self.app._notifications]
        for note in shown:
            self.app._unnotify(note, refresh=False)  # (Textual has no public way to take one back)
        if shown:
            self.app._refresh_notifications()

    def _count_on_prompt(self) -> None:
        from calldiary.ui.dialogs.outcome_prompt import OutcomePrompt

        stack = self.app.screen_stack
        if stack and isinstance(stack[-1], OutcomePrompt):
            stack[-1].show_more(len(self.waiting))

    def offer(self) -> None:
        """Show the next waiting prompt, when the week screen is on top, no prompt is open and
        the user has not typed or clicked, and the week has been on top, for `IDLE_SECONDS`.
        (Each second: also withdraws a question whose call changed elsewhere.)"""
        self._look_again()
        on_week = len(self.app.screen_stack) == 1
        if not (on_week and self._was_on_week):
            self.away = time.monotonic()  # (another screen on top, or just gone: counted from now)
        self._was_on_week = on_week
        if self.asking is not None or not self.waiting or len(self.app.screen_stack) != 1:
            return
        if time.monotonic() - max(self.last_input, self.away) < IDLE_SECONDS:
            return  # (looked at again each OFFER_SECONDS)
        asking = self._next()
        if asking is None:
            return
        from calldiary.ui.dialogs.outcome_prompt import OutcomePrompt

        self.asking = asking
        self._untoast()  # (the question is on screen now: its notification would say it twice)
        self.prompt = OutcomePrompt(
            asking.reminder.title, self._details(asking.reminder), more=len(self.waiting), answered=self._answered
        )
        self.app.push_screen(self.prompt)

    def _look_again(self) -> None:
        """The questions whose call changed elsewhere: the one on the prompt is withdrawn (the
        prompt says why), the waiting ones dropped with their notification."""
        for said in [a for a in self.waiting if a.reminder.call.id in self.toasts]:
            if self._changed(said):
                self.waiting.remove(said)
                self._untoast(said.reminder.call.id)
        prompt, asking = self.prompt, self.asking
        if prompt is None or asking is None or not prompt.open or prompt.withdrawn:
            return
        why = self._changed(asking)
        if why:
            self.asking = None
            with contextlib.suppress(CallDiaryError):
                give_back(self.host.diary, asking.before)  # (planned again some day: asked again)
            prompt.withdraw(f"{why}: this question is withdrawn")

    def _changed(self, asking: _Asking) -> str:
        """ "" while the call still waits for this answer; else what became of it elsewhere."""
        call = asking.reminder.call
        subject = call_subject(call, self.host.clock)
        try:
            now = self.host.diary.get(call.id)
        except NotFound:
            return f"{subject} was deleted elsewhere"
        except CallDiaryError:
            return ""  # (the diary can't be read now: the answer says why, if it is given)
        if now.status is Status.CANCELLED:
            by = now.cancelled_by.value if now.cancelled_by else "them"
            return f"{subject} was marked cancelled by {by} elsewhere"
        if now.status is not Status.PLANNED:
            return f"{subject} was marked {now.status.label} elsewhere"
        if now.start != call.start:
            when = self.host.clock.local(now.start)
            return f"{subject} was moved elsewhere to {day_label(when.date())} {when:%H:%M}"
        return ""

    def _next(self) -> _Asking | None:
        """The next waiting question still to ask (not answered, moved or deleted meanwhile)."""
        while self.waiting:
            asking = self.waiting.pop(0)
            call = asking.reminder.call
            try:
                now = self.host.diary.get(call.id)
            except NotFound:
                continue  # deleted meanwhile
            except CallDiaryError:
                self.waiting.insert(0, asking)  # (the diary can't be read now: asked once it can)
                return None
            if now.status is Status.PLANNED and now.start == call.start:
                return asking
        return None

    def _details(self, reminder: Reminder) -> str:
        when = self.host.clock.local(reminder.call.start)
        parts = [f"{day_label(when.date())} {when:%H:%M}", reminder.call.direction.label]
        if reminder.body:
            parts.append(reminder.body)
        return " · ".join(parts)

    def _answered(self, prompt: OutcomePrompt, answer: str | None) -> None:
        """An answer, handled in the key's own handler: the next question replaces it at once."""
        asking = self.asking
        if asking is None:
            prompt.close()
            return
        if answer in ("undo", "redo"):
            self._step(prompt, asking, answer)
            return
        if answer in ("them", "me"):
            prompt.close()
            self._ask_reason(asking, Party(answer))  # (still asking: no other prompt meanwhile)
            return
        self.asking = None
        said = self._record(asking, answer)
        self._ask_next(prompt, said)

    def _ask_next(self, prompt: OutcomePrompt, said: str) -> None:
        following = self._next()
        if following is None:
            prompt.close()
            return
        self.asking = following
        prompt.ask(following.reminder.title, self._details(following.reminder), len(self.waiting), said)

    def _step(self, prompt: OutcomePrompt, asking: _Asking, which: str) -> None:
        """u / U on the prompt: the app's undo or redo, as on any screen. A redo that gives this
        call its outcome again (u brought the question back) answers the question."""
        step = getattr(self.app, f"action_{which}", None)
        if step is None:
            return
        step()
        if self.asking is not asking or not self._changed(asking):
            return
        self.asking = None
        with contextlib.suppress(CallDiaryError):
            if self.host.diary.get(asking.reminder.call.id).status is not Status.PLANNED:
                self.answered[asking.reminder.call.id] = asking.before  # (u undoes it: asked again)
        self._ask_next(prompt, "")

    def _ask_reason(self, asking: _Asking, who: Party) -> None:
        """Cancelled: why? (optional) — as `c`/`C` on the week ask. Esc: asked again later."""
        from rich.text import Text

        from calldiary.ui.dialogs.ask import AskText
        from calldiary.ui.kept import again

        title = Text(f"Cancelled by {who.value}: ", style="bold")
        title.append(f"{call_subject(asking.reminder.call, self.host.clock)} — why? (optional)")

        def got(reason: str | None) -> None:
            self.asking = None
            self._record(asking, who.value if reason is not None else None, reason or "")

        hint = "Enter records it (a reason is optional) · Esc: ask again later"
        self.app.push_screen(again(self.app, AskText, title, "Reason (optional)", hint=hint), got)

    def _record(self, asking: _Asking, answer: str | None, reason: str = "") -> str:
        """Record the answer (unless the call changed elsewhere meanwhile); returns what was said."""
        reminder = asking.reminder
        diary = self.host.diary
        why = self._changed(asking)
        if why:
            with contextlib.suppress(CallDiaryError):
                give_back(diary, asking.before)
            said = f"{why}: left as it is" if answer is not None else f"{why}: nothing to ask"
            self.app.notify(said, severity="warning", markup=False, timeout=8)
            self.app.call_after_refresh(self.offer)
            return said
        try:
            if answer is None:
                settle(diary, reminder, later=True)
                said = f"asking again in {max(reminder.lead, 1)} min"
            elif answer in ("them", "me"):  # (seen: checked again under the diary's lock)
                diary.mark(reminder.call.id, Status.CANCELLED, by=Party(answer), reason=reason, seen=reminder.call)
                said = f"cancelled by {answer} (u undoes)"
            else:
                done = diary.mark(reminder.call.id, Status(answer), seen=reminder.call)
                said = f"{done.status.label} (u undoes)"
        except ChangedElsewhere:  # (between the check above and the mark: the same words)
            why = self._changed(asking) or f"{call_subject(reminder.call, self.host.clock)} was changed elsewhere"
            said = f"{why}: left as it is"
            self.app.notify(said, severity="warning", markup=False, timeout=8)
            self.app.call_after_refresh(self.offer)
            return said
        except CallDiaryError as error:
            from calldiary.fmt import error_said

            # Not recorded (the diary can't be read or written now): said, and asked again once
            # it can be — an answer is never dropped without a word (W5 #4).
            if answer is not None and not isinstance(error, NotFound):
                self.waiting.insert(0, asking)
                subject = call_subject(reminder.call, self.host.clock)
                why = error_said(error, self.host.clock)
                said = f"{subject} — not recorded: {why}; asked again once the diary can be read"
            else:
                said = error_said(error, self.host.clock)
            self.app.notify(said, severity="error", markup=False, timeout=8)
            return said
        if answer is not None:
            self.answered[reminder.call.id] = asking.before
        said = f"{call_subject(reminder.call, self.host.clock)} — {said}"
        self.app.notify(said, markup=False)
        self.app.call_after_refresh(self.offer)
        return said

    def undone(self, call_id: str) -> None:
        """A change to `call_id` was undone: if it was the answer to its question here and the call
        is planned again, the question is due again (asked at once, as a new one would be)."""
        before = self.answered.pop(call_id, None)
        if before is None:
            return
        try:
            if self.host.diary.get(call_id).status is not Status.PLANNED:
                self.answered[call_id] = before  # (an older change undone: the answer stands)
                return
            give_back(self.host.diary, before)
        except CallDiaryError:
            return
        self.app.call_after_refresh(self.check)

    def stop(self) -> None:
        """The app is closing: prompts never answered are due again for `calldiary remind`."""
        left = ([self.asking] if self.asking else []) + self.waiting + self.held
        self.asking, self.waiting, self.held = None, [], []
        for asking in left:
            with contextlib.suppress(CallDiaryError):
                give_back(self.host.diary, asking.before)
