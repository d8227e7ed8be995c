"""The week's calls as one table: a row per day heading, per call, and a "now" line.

Rows are keyed: a call's row by its id, a day's heading by "day:YYYY-MM-DD", the now line
by "now". The cursor moves over calls and over the headings of days without calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pendulum import DateTime
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from calldiary.clock import Clock
from calldiary.fmt import day_label, span, until
from calldiary.model import Call, Status
from calldiary.ui.look import direction_text, plain, status_text

NOW_KEY = "now"


def day_key(day: date) -> str:
    return f"day:{day.isoformat()}"


def key_day(key: str) -> date | None:
    return date.fromisoformat(key[4:]) if key.startswith("day:") else None


@dataclass(frozen=True)
class Row:
    key: str
    day: date
    selectable: bool
    cells: tuple[Text, ...]


def next_call(calls: list[Call], now: DateTime) -> Call | None:
    """The first planned call that has not started yet."""
    return next((c for c in calls if c.status is Status.PLANNED and c.start > now), None)


def week_rows(calls: list[Call], monday: date, clock: Clock) -> list[Row]:
    """Day headings, calls and (in the current week) the now line, in order."""
    now = clock.now()
    today = now.date()
    by_day: dict[date, list[Call]] = {}
    for call in calls:
        by_day.setdefault(clock.local(call.start).date(), []).append(call)
    upcoming = next_call(calls, now)
    rows: list[Row] = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        todays = by_day.get(day, [])
        heading = Text(day_label(day), style="bold reverse" if day == today else "bold")
        mark = Text("today", style="bold #ffaf00") if day == today else Text("")
        note = Text("" if todays else "no calls", style="dim italic")
        rows.append(Row(day_key(day), day, not todays, (heading, mark, note, Text(""), Text(""))))
        placed_now = day != today
        for call in todays:
            if not placed_now and call.start > now:
                rows.append(_now_row(day, now, upcoming))
                placed_now = True
            rows.append(Row(call.id, day, True, call_cells(call, clock, now)))
        if not placed_now and todays:
            rows.append(_now_row(day, now, upcoming))
    return rows


def _now_row(day: date, now: DateTime, upcoming: Call | None) -> Row:
    line = Text(f"── now {now:%H:%M} ", style="bold #ffaf00")
    if upcoming is not None:
        note = Text(f"next in {until((upcoming.start - now).total_seconds() / 60)}", style="#ffaf00")
    else:
        note = Text("no more calls this week", style="dim")
    return Row(NOW_KEY, day, False, (line, Text(""), note, Text(""), Text("")))


def call_cells(call: Call, clock: Clock, now: DateTime) -> tuple[Text, ...]:
    faded = "dim" if call.status is Status.CANCELLED else ""
    return (
        Text("  " + span(call, clock), style=faded),
        direction_text(call, short=True),
        plain(call.contact, faded or "bold"),
        plain(call.topic, faded),
        status_text(call, now),
    )


COLUMNS = ("When", "Caller", "Contact", "Topic", "Status")
WIDTHS = (13, 7, 0, 0, 15)  # 0: shared out by fit()
FIXED_WIDTH = sum(WIDTHS)


class WeekTable(DataTable[Text]):
    """A DataTable whose cursor skips day headings of busy days and the now line."""

    BINDINGS = [
        Binding("down,j", "step(1)", "Next call", show=False),
        Binding("up,k", "step(-1)", "Previous call", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, show_header=True, **kwargs)  # type: ignore[arg-type]
        self._rows: list[Row] = []
        self._widths: tuple[int, int] = (0, 0)

    def fit(self, width: int) -> bool:
        """Share `width` between the contact and topic columns; True when that changed them."""
        spare = max(width - FIXED_WIDTH - 2 * len(COLUMNS) - 2, 24)
        contact = min(max(spare // 2, 12), 30)
        widths = (contact, spare - contact)
        if widths == self._widths:
            return False
        self._widths = widths
        return True

    def show(self, rows: list[Row], select: str | None) -> None:
        """Replace every row and put the cursor on `select` (or the first selectable row)."""
        self._rows = rows
        self.clear(columns=True)
        contact, topic = self._widths
        for label, width in zip(COLUMNS, (13, 7, contact or 24, topic or 30, 15), strict=True):
            self.add_column(label, width=width, key=label.lower())
        for row in rows:
            self.add_row(*row.cells, key=row.key, height=1)
        keys = [row.key for row in rows]
        if select not in keys or not rows[keys.index(select)].selectable:
            select = next((row.key for row in rows if row.selectable), None)
        if select is not None:
            self.move_cursor(row=keys.index(select), animate=False, scroll=True)

    @property
    def rows_shown(self) -> list[Row]:
        return self._rows

    @property
    def current(self) -> Row | None:
        if not self._rows or not 0 <= self.cursor_row < len(self._rows):
            return None
        return self._rows[self.cursor_row]

    def action_step(self, delta: int) -> None:
        index = self.cursor_row + delta
        while 0 <= index < len(self._rows):
            if self._rows[index].selectable:
                self.move_cursor(row=index, animate=False, scroll=True)
                return
            index += delta
        if delta < 0:
            self.scroll_home(animate=False)  # show the headings above the first call

    def select_key(self, key: str) -> bool:
        keys = [row.key for row in self._rows]
        if key not in keys:
            return False
        self.move_cursor(row=keys.index(key), animate=False, scroll=True)
        return True
