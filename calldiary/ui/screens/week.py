"""The week screen: the week's calls by day, the selected call's details, one-key outcomes."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult, ScreenStackError
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Static

from calldiary.errors import CallDiaryError
from calldiary.fmt import until, week_title
from calldiary.model import Call
from calldiary.remind import waiting as outcomes_waiting
from calldiary.remind import window
from calldiary.text import printable
from calldiary.ui.actions import CALL_BINDINGS, CallActions
from calldiary.ui.footer import FitFooter
from calldiary.ui.widgets.call_detail import CallDetail
from calldiary.ui.widgets.week_table import Made, Row, WeekTable, day_key, next_call, week_rows

EMPTY = """No calls yet.

Press  a  to book your first call:
type when (fri 13:00, tomorrow 9), who it is with
and who dials. After the call, one key records
what happened: y kept · n no-show · c cancelled.

Or run  calldiary --demo  to look around
a filled week first."""  # (short lines: nothing wraps at 60 columns)

NARROW = 100
DETAIL_WIDTH = 38  # as in app.tcss
POLL_SECONDS = 1.0


class DetailScroll(VerticalScroll, can_focus=False):
    """The details pane: scrolls (wheel, J/K) when too short; never takes the focus from the list."""


def rows_day(rows: list[Row], key: str) -> date | None:
    return next((row.day for row in rows if row.key == key), None)


class WeekScreen(CallActions[None]):
    HELP_TITLE = "Week screen"
    BINDINGS = [
        *CALL_BINDINGS,
        Binding("h,left", "day(-1)", "Prev day", show=False, tooltip="The day before"),
        Binding("l,right", "day(1)", "Next day", show=False, tooltip="The day after"),
        Binding("[", "week(-1)", "Prev week", show=False, tooltip="The week before"),
        Binding("]", "week(1)", "Next week", show=False, tooltip="The week after"),
        Binding("t", "today", "Today", show=False, tooltip="Back to today and the next call"),
        Binding("g", "goto", "Go to", show=False, tooltip="Go to a day or week: 24 Dec, 24.12., next week, W50"),
        Binding("d", "agenda", "Day", tooltip="The selected day in full"),
        Binding("J", "details(3)", "Details down", show=False, tooltip="Scroll the details down (when cut off)"),
        Binding("K", "details(-3)", "Details up", show=False, tooltip="Scroll the details up"),
        Binding("q", "app.quit", "Quit", show=False, tooltip="Quit calldiary"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.monday = date.min
        self._calls: dict[str, Call] = {}
        self._shown_minute = -1  # the minute the now line and the header were drawn for
        self._last_error = ""
        self._detail_key: str | None = None
        self._shown_version = -1
        self._painted = False  # the first frame is up (see _show_detail)
        self._made: Made = {}  # the rows shown, by call: a reload makes only the changed ones again

    def compose(self) -> ComposeResult:
        with Horizontal(id="week-header"):
            yield Static(id="week-title")
            yield Static(id="week-next")
            if self.calldiary.settings.caldav is not None:
                yield Static(id="sync-state")
        with Horizontal(id="week-body"):
            with Vertical(id="week-list"):
                yield Static(id="week-columns")
                yield WeekTable(id="week-table")
            with DetailScroll(id="detail"):
                yield CallDetail(id="detail-text")
        yield Static(Text(EMPTY), id="empty-state")
        yield FitFooter(compact=True)

    def on_mount(self) -> None:
        clock = self.calldiary.clock
        self.monday = clock.week_first(clock.today())
        self._fit(self.app.size.width)
        self.reload(self._opening_selection())
        table = self.query_one(WeekTable)
        table.focus()
        self.set_interval(POLL_SECONDS, self._poll)
        if self.calldiary.settings.caldav is not None:
            self.watch(self.app, "sync_status", self._show_sync)
        self.watch(self.app, "broken_count", self._show_broken, init=False)

    def _show_broken(self, _count: int) -> None:
        if self.is_mounted:
            self._header(list(self._calls.values()))

    def _show_sync(self, status: str) -> None:
        self.query_one("#sync-state", Static).update(Text(f"  {status}" if status else ""))

    def _opening_selection(self) -> str:
        """The next upcoming call of this week, else the latest past one needing an outcome."""
        clock = self.calldiary.clock
        now = clock.now()
        calls = self._week_calls()
        upcoming = next_call(calls, now)
        if upcoming is not None:
            return upcoming.id
        waiting = [c for c in calls if c.needs_outcome(now)]
        return waiting[-1].id if waiting else day_key(clock.today())

    def _week_calls(self) -> list[Call]:
        clock = self.calldiary.clock
        start = clock.day_start(self.monday)
        return self.calldiary.diary.between(start, clock.day_start(self.monday + timedelta(days=7)))

    # --- showing the week --------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Re-read the week from the diary and show it, keeping the cursor on `select`."""
        table = self.query_one(WeekTable)
        if select is None and table.current is not None:
            select = table.current.key
        clock = self.calldiary.clock
        try:
            calls = self._week_calls()
            empty = self.calldiary.diary.is_empty()
        except CallDiaryError as error:
            self._report(error)
            return
        self._calls = {call.id: call for call in calls}
        self._shown_version = self.calldiary.diary.version
        self._shown_minute = self._minute()
        self._detail_key = None
        if select in self._calls or select is None:
            pass
        elif select and not select.startswith("day:"):
            # A call moved out of this week (edited) or went away: follow it if it still exists.
            moved = self._find(select)
            if moved is not None:
                self.monday = clock.week_first(clock.local(moved.start).date())
                return self.reload(select)
        with self.app.batch_update():
            table.show(week_rows(calls, self.monday, clock, self._made), select)
            self.set_class(empty, "empty")
            if not empty and self.focused is None and self.app.screen is self:
                table.focus()  # (hidden while the diary was empty, the list lost the focus)
            self._header(calls)
            self._show_detail()
            self.update_bindings()

    def _find(self, call_id: str) -> Call | None:
        try:
            return self.calldiary.diary.get(call_id)
        except CallDiaryError:
            return None

    def _header(self, calls: list[Call]) -> None:
        clock = self.calldiary.clock
        now = clock.now()
        self.query_one("#week-title", Static).update(Text(week_title(self.monday), style="bold"))
        # How many outcomes are waiting (any week of the reminders' lookback): every ended call
        # still planned, as the table flags it — not only those the reminders ask about yet
        # (their grace period passed), or the header says 1 beside two flags.
        settings = self.calldiary.settings
        near = self.calldiary.diary.between(*window(now, settings.remind_before))
        waiting = len(outcomes_waiting(near, now, grace=0))
        right = Text()
        if waiting:
            right.append(f"! {waiting} outcome{'s' if waiting != 1 else ''} waiting", style="bold #ffaf00")
            right.append("   ")
        upcoming = self.calldiary.diary.next_planned(now)
        if upcoming is not None:
            right.append("next: ")
            right.append(printable(upcoming.contact), style="bold")
            right.append(f" {until(upcoming.start, now)}")
        broken = getattr(getattr(self.app, "broken_records", None), "header", "")  # (ui/broken.py)
        room = self.app.size.width - len(week_title(self.monday)) - 4 - (len(broken) + 3 if broken else 0)
        if right.cell_len > room and upcoming is not None:  # narrow: the now line says "next in" too
            right.right_crop(len(right.plain) - right.plain.rfind("next: "))
            right.rstrip()
        if right.cell_len > room:
            right = Text(f"! {waiting}", style="bold #ffaf00") if waiting else Text("")
        if broken:
            right = Text.assemble((broken, "bold #ffaf00"), "   ", right)
        self.query_one("#week-next", Static).update(right)

    def action_details(self, lines: int) -> None:
        self.query_one(DetailScroll).scroll_relative(y=lines, animate=False)

    def _show_detail(self) -> None:
        row = self.query_one(WeekTable).current
        if row is not None and row.key == self._detail_key:
            return  # already shown (a reload clears this)
        self._detail_key = row.key if row else None
        self.query_one(DetailScroll).scroll_home(animate=False)
        detail = self.query_one(CallDetail)
        call = self._calls.get(row.key) if row else None
        if row is not None and call is None:
            detail.show(None, self.calldiary.clock, "No calls this day.\n\nPress a to book one.")
        elif call is not None and not self._painted:
            # The first frame shows without the contact's record line, whose first computation
            # passes over every call (0.1 s and more at 100k calls); it fills in right after.
            detail.show(call, self.calldiary.clock)
            self.call_after_refresh(self._fill_record, call.id)
        else:
            detail.show(call, self.calldiary.clock, record=self.record_of(call.contact) if call else "")

    def _fill_record(self, call_id: str) -> None:
        self._painted = True
        if self._detail_key == call_id:
            self._detail_key = None  # (shown again, with the record line)
            self._show_detail()

    @on(WeekTable.Highlighted)
    def _highlighted(self) -> None:
        self._show_detail()
        self.update_bindings()

    @on(WeekTable.Chosen)
    def _chosen(self) -> None:
        if self.selected_call() is not None:
            self.action_edit()
        else:
            self.action_add()

    def on_resize(self, event: Resize) -> None:
        if self._fit(event.size.width) and self.query_one(WeekTable).rows_shown:
            self.reload()

    def _fit(self, width: int) -> bool:
        """Lay the screen out for `width` columns; True when the table's columns changed."""
        self.set_class(width < NARROW, "narrow")
        table = self.query_one(WeekTable)
        if not table.fit(width if width < NARROW else width - DETAIL_WIDTH):
            return False
        self.query_one("#week-columns", Static).update(table.header())
        return True

    # --- what CallActions needs ---------------------------------------------------------------

    def selected_call(self) -> Call | None:
        row = self.query_one(WeekTable).current
        return self._calls.get(row.key) if row else None

    def selected_day(self) -> date:
        row = self.query_one(WeekTable).current
        return row.day if row else self.calldiary.clock.today()

    # --- moving --------------------------------------------------------------------------------

    def _select_day(self, day: date) -> None:
        """Show the week holding `day` with its first call (or its heading) selected."""
        monday = self.calldiary.clock.week_first(day)
        if monday != self.monday:
            self.monday = monday
            self.reload(day_key(day))
        else:
            self.query_one(WeekTable).select_key(day_key(day))

    def action_day(self, delta: int) -> None:
        self._select_day(self.selected_day() + timedelta(days=delta))

    def action_week(self, delta: int) -> None:
        self._select_day(self.selected_day() + timedelta(days=7 * delta))

    def action_today(self) -> None:
        self.monday = self.calldiary.clock.week_first(self.calldiary.clock.today())
        self.reload(self._opening_selection())

    def action_goto(self) -> None:
        from calldiary.ui.dialogs.goto import GoTo
        from calldiary.ui.kept import again

        def go(day: date | None) -> None:
            if day is not None:
                self._select_day(day)

        self.app.push_screen(again(self.app, GoTo, self.calldiary.clock), go)

    def action_agenda(self) -> None:
        from calldiary.ui.screens.day import DayScreen

        def back(where: tuple[date, str | None] | None) -> None:
            if where is None:
                return
            day, call_id = where
            self._select_day(day)
            if call_id is not None:
                self.query_one(WeekTable).select_key(call_id)

        from calldiary.ui.kept import kept

        call = self.selected_call()
        args = (self.selected_day(), call.id if call else None)
        self.app.push_screen(kept(self.app, DayScreen, lambda: DayScreen(*args), lambda s: s.reopen(*args)), back)

    def show_call(self, call_id: str) -> None:
        """Select `call_id`, in whichever week it is."""
        call = self._find(call_id)
        if call is not None:
            clock = self.calldiary.clock
            self.monday = clock.week_first(clock.local(call.start).date())
            self.reload(call_id)

    def neighbour(self, call: Call) -> str | None:
        """The next call of the same day, else the previous one, else the day's heading."""
        rows = self.query_one(WeekTable).rows_shown
        same_day = [row.key for row in rows if row.day == rows_day(rows, call.id) and row.key in self._calls]
        if call.id not in same_day:
            return None
        index = same_day.index(call.id)
        others = same_day[index + 1 :] + same_day[:index][::-1]
        return others[0] if others else day_key(self.calldiary.clock.local(call.start).date())

    # --- changes made elsewhere -------------------------------------------------------------

    def _poll(self) -> None:
        """Pick up changes another process made; move the now line as time passes."""
        try:
            # (compare versions: another reader of this Diary, e.g. the sync runner, may have
            # been the first to notice the change on disk)
            changed = self.calldiary.diary.version != self._shown_version
        except CallDiaryError as error:
            self._report(error)
            return
        self._last_error = ""
        minute = self._minute()
        try:
            shown = self.app.screen is self
        except ScreenStackError:
            return  # (the app is closing: its screens are gone)
        if (changed or minute != self._shown_minute) and shown:
            self.reload()  # (another screen on top: on_screen_resume reloads)

    def _minute(self) -> int:
        """Minutes since the epoch: the now line and "in 5 min" move when this changes (within
        the second it does, not up to 30 s later)."""
        return int(self.calldiary.clock.now().timestamp()) // 60

    def on_screen_resume(self) -> None:
        """Back from a dialog or the agenda: show what changed meanwhile."""
        try:
            changed = self.calldiary.diary.version != self._shown_version
        except CallDiaryError as error:
            self._report(error)  # the diary can't be read now: say so, keep running, write nothing
            return
        if changed or self._minute() != self._shown_minute:
            self.reload()

    def _report(self, error: CallDiaryError) -> None:
        message = printable(str(error))
        if message != self._last_error:
            self._last_error = message
            self.notify(message, severity="error", markup=False, timeout=10)
