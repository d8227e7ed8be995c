"""The day agenda: every call of one day with all its details, the daily-diary view."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from calldiary.errors import CallDiaryError
from calldiary.fmt import span
from calldiary.model import Call
from calldiary.ui.actions import CALL_BINDINGS, CallActions
from calldiary.ui.footer import FitFooter
from calldiary.ui.kept import KeptStyles
from calldiary.ui.look import NOTE_LINES, status_text
from calldiary.ui.widgets.call_detail import describe


class CallCard(Static, can_focus=True):
    """One call, fully described; focus it to act on it."""

    def __init__(self, call: Call, body: Text, title: str) -> None:
        super().__init__(body, classes="card")
        self.call = call
        self.body = body
        self.border_title = title

    def fill(self, call: Call, body: Text, title: str) -> None:
        """This card for `call` (what is shown again is not drawn again)."""
        self.call = call
        self.border_title = title
        if body != self.body:
            self.body = body
            self.update(body)


DAY_NOTE_LINES = NOTE_LINES  # every call of the day is shown in full; a long note shows its start


class DayScreen(KeptStyles, CallActions[tuple[date, str | None]]):
    HELP_TITLE = "Day agenda"
    BINDINGS = [
        *CALL_BINDINGS,
        Binding("j,down", "step(1)", "Next call", show=False, tooltip="The next call of the day"),
        Binding("k,up", "step(-1)", "Previous call", show=False, tooltip="The previous call of the day"),
        Binding("h,left", "day(-1)", "Prev day", tooltip="The day before"),
        Binding("l,right", "day(1)", "Next day", tooltip="The day after"),
        Binding("t", "today", "Today", show=False, tooltip="Today"),
        Binding("escape,q,d", "back", "Week", tooltip="Back to the week, on this day"),
    ]

    def __init__(self, day: date, select: str | None = None) -> None:
        super().__init__()
        self.day = day
        self._select = select
        self._cards: list[CallCard] = []

    def compose(self) -> ComposeResult:
        yield Static(id="day-header")
        yield VerticalScroll(id="day-cards")
        yield FitFooter(compact=True)

    def on_mount(self) -> None:
        self.reload(self._select)
        self.follow_diary()

    def on_screen_resume(self) -> None:
        """Back from a dialog: show what changed meanwhile (reopened: reopen read it already)."""
        if self.stale():
            self.reload()

    def reopen(self, day: date, select: str | None = None) -> None:
        """The same screen for another day (built once: see ui/kept.py)."""
        self.day = day
        self._select = select
        if self.is_mounted:
            self.query_one("#day-cards").scroll_home(animate=False, immediate=True)  # (as a new one)
            self.reload(select, fresh=True)  # (the card focused when it was last closed is no selection now)

    # --- what CallActions needs ---------------------------------------------------------------

    def selected_call(self) -> Call | None:
        focused = self.focused
        return focused.call if isinstance(focused, CallCard) else None

    def selected_day(self) -> date:
        return self.day

    def reload(self, select: str | None = None, *, fresh: bool = False) -> None:
        if select is None and isinstance(self.focused, CallCard) and not fresh:
            select = self.focused.call.id
        clock = self.calldiary.clock
        try:
            calls = self.calldiary.diary.between(
                clock.day_start(self.day), clock.day_start(self.day + timedelta(days=1))
            )
        except CallDiaryError as error:
            self._unreadable(error)
            return
        self.shown_now()
        header = Text(f"{self.day:%A} {self.day.day} {self.day:%B %Y}", style="bold")
        if self.day == clock.today():
            header.append("  today", style="bold #ffaf00")
        header.append(f"  ·  {len(calls)} call{'s' if len(calls) != 1 else ''}", style="dim")
        self.query_one("#day-header", Static).update(header)
        box = self.query_one("#day-cards", VerticalScroll)
        now = clock.now()
        shown = [
            (call, describe(call, clock, record=self.record_of(call.contact), note_lines=DAY_NOTE_LINES))
            for call in calls
        ]
        # The cards already there are filled anew (mounting a card costs more than filling one);
        # only the difference is mounted or removed.
        reused, extra = self._cards[: len(calls)], self._cards[len(calls) :]
        for card, (call, body) in zip(reused, shown, strict=False):
            card.fill(call, body, f" {span(call, clock)} · {status_text(call, now).plain} ")
        for card in extra:
            card.remove()
        new = [
            CallCard(call, body, f" {span(call, clock)} · {status_text(call, now).plain} ")
            for call, body in shown[len(reused) :]
        ]
        self._cards = [*reused, *new]
        box.query(".day-unreadable").remove()  # (read again after it could not be)
        empty = [found for found in box.query(".day-empty") if not found.has_class("day-unreadable")]
        if self._cards:
            for found in empty:
                found.remove()
            if new:
                box.mount_all(new)
        elif not empty:
            box.mount(
                Static(
                    Text("No calls this day.\n\nPress a to book one, h/l to move between days.", style="dim"),
                    classes="day-empty",
                )
            )
        target = next((c for c in self._cards if c.call.id == select), self._cards[0] if self._cards else None)
        if target is not None and target in reused:
            target.focus(scroll_visible=False)  # (at once: the keys for a call stay enabled, no footer churn)
        if target is not None:
            self.call_after_refresh(self._focus_card, target)
        else:
            self.call_after_refresh(box.focus)
        self.call_after_refresh(self.update_bindings)

    def _unreadable(self, error: CallDiaryError) -> None:
        """The diary can't be read now: say so in place of the calls (none shown is none acted on)."""
        first = not self.unreadable
        self.shown_now(error)
        header = Text(f"{self.day:%A} {self.day.day} {self.day:%B %Y}", style="bold")
        header.append("  ·  the diary can't be read now", style="bold #ff5f5f")
        self.query_one("#day-header", Static).update(header)
        for card in self._cards:
            card.remove()
        self._cards = []
        box = self.query_one("#day-cards", VerticalScroll)
        box.query(".day-empty").remove()
        said = Text(self.unreadable, style="bold")
        said.append(
            "\n\nNo call is shown or changed until it can be read; the file put right is picked up within a second."
        )
        box.mount(Static(said, classes="day-empty day-unreadable"))
        self.call_after_refresh(box.focus)
        self.call_after_refresh(self.update_bindings)
        if first:
            self.notify(self.unreadable, severity="error", markup=False)

    def _focus_card(self, card: CallCard) -> None:
        """Focus `card` and centre it at once (Textual's focus centres it animated: a dozen
        frames drawn for one key)."""
        card.focus(scroll_visible=False)
        box, place = self.query_one("#day-cards", VerticalScroll), card.virtual_region
        # (from the cards' places, not the screen's last drawing: a card filled anew may have moved)
        if place.y < box.scroll_y or place.bottom > box.scroll_y + box.scrollable_content_region.height:
            self.scroll_to_center(card, animate=False, origin_visible=True)

    def neighbour(self, call: Call) -> str | None:
        ids = [card.call.id for card in self._cards]
        if call.id not in ids:
            return None
        index = ids.index(call.id)
        others = ids[index + 1 :] + ids[:index][::-1]
        return others[0] if others else None

    # --- moving --------------------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        if not self._cards:
            return
        current = self.focused
        index = self._cards.index(current) if isinstance(current, CallCard) and current in self._cards else -1
        index = max(0, min(len(self._cards) - 1, index + delta))
        self._cards[index].focus()
        self._cards[index].scroll_visible(animate=False)
        self.update_bindings()

    def action_day(self, delta: int) -> None:
        self.day += timedelta(days=delta)
        self.reload()

    def action_today(self) -> None:
        self.day = self.calldiary.clock.today()
        self.reload()

    def action_back(self) -> None:
        call = self.selected_call()
        self.dismiss((self.day, call.id if call else None))
