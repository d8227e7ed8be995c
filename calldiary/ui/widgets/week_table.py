"""The week's calls as one list: a line per day heading, per call, and a "now" line.

A Line-API widget (a ScrollView that renders its own lines, as Textual's docs recommend for
speed): each row is laid out into a Strip when it is first drawn, and later frames only crop
those strips. Rows are keyed: a call's row by its id, a day's heading by "day:YYYY-MM-DD",
the now line by "now". The cursor stops on calls and on the headings of days without calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pendulum import DateTime
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from calldiary.clock import Clock
from calldiary.fmt import day_label, span, until
from calldiary.model import Call, Status
from calldiary.ui.look import direction_text, plain, status_text

NOW_KEY = "now"
COLUMNS = ("When", "Caller", "Contact", "Topic", "Status")
WIDTHS = (13, 7, 0, 0, 15)  # 0: shared out by WeekTable.fit()
GAP = 2


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


# What a call's row was made from and what it was: (the call, what its status showed at the time
# (see `_shown_state`), its day, its cells). Kept by the week screen between reloads.
Made = dict[str, tuple[Call, tuple[bool, bool], date, tuple[Text, ...]]]


def _shown_state(call: Call, now: DateTime) -> tuple[bool, bool]:
    """What of `now` a call's row shows: whether it needs an outcome, whether it is on now."""
    return call.needs_outcome(now), call.in_progress(now)


def week_rows(calls: list[Call], monday: date, clock: Clock, made: Made | None = None) -> list[Row]:
    """Day headings, calls and (in the current week) the now line, in order.

    With `made` (what the last call of this kept, for the same clock) a call equal to the one a
    row was made from, in the same state at `now`, gets that row's day and cells again (the same
    objects: the table then keeps its drawn line); `made` is updated to hold this week's calls."""
    now = clock.now()
    today = now.date()
    by_day: dict[date, list[Call]] = {}
    cells: dict[str, tuple[Text, ...]] = {}
    fresh: Made = {}
    for call in calls:
        state = _shown_state(call, now)
        before = made.get(call.id) if made is not None else None
        if before is not None and before[1] == state and before[0] == call:
            fresh[call.id] = before
        else:
            fresh[call.id] = (call, state, clock.local(call.start).date(), call_cells(call, clock, now))
        by_day.setdefault(fresh[call.id][2], []).append(call)
        cells[call.id] = fresh[call.id][3]
    if made is not None:
        made.clear()
        made.update(fresh)
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
            rows.append(Row(call.id, day, True, cells[call.id]))
        if not placed_now and todays:
            rows.append(_now_row(day, now, upcoming))
    return rows


def _now_row(day: date, now: DateTime, upcoming: Call | None) -> Row:
    line = Text(f"── now {now:%H:%M} ", style="bold #ffaf00")
    if upcoming is not None:
        words = until(upcoming.start, now)  # the time of a call tomorrow is on its row just below
        note = Text(f"next {'tomorrow' if words.startswith('tomorrow') else words}", style="#ffaf00")
    else:
        note = Text("no more this week", style="dim")
    return Row(NOW_KEY, day, False, (line, Text(""), note, Text(""), Text("")))


def call_cells(call: Call, clock: Clock, now: DateTime) -> tuple[Text, ...]:
    faded = "dim" if call.status is Status.CANCELLED else ""
    return (
        Text("  " + span(call, clock, short=True), style=faded),  # (the details say the rest)
        direction_text(call, short=True),
        plain(call.contact, faded or "bold"),
        plain(call.topic, faded),
        status_text(call, now),
    )


class WeekTable(ScrollView, can_focus=True):
    """The week as rows of fixed columns; the cursor skips busy days' headings and the now line."""

    COMPONENT_CLASSES = {"week-table--cursor"}
    DEFAULT_CSS = """
    WeekTable {
        overflow-x: hidden;
    }
    WeekTable > .week-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    WeekTable:blur > .week-table--cursor {
        background: $block-cursor-blurred-background;
    }
    """
    BINDINGS = [
        Binding("down,j", "step(1)", "Next call", show=False, tooltip="Down: the next call"),
        Binding("up,k", "step(-1)", "Previous call", show=False, tooltip="Up: the previous call"),
        Binding("enter", "choose", "Open", show=False, tooltip="Edit the call (on a day without calls: book one)"),
    ]

    cursor: reactive[int] = reactive(-1, layout=False, repaint=True)

    class Highlighted(Message):
        """The cursor is on another row."""

        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    class Chosen(Message):
        """Enter or a double click on a row."""

        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows: list[Row] = []
        self._strips: list[Strip | None] = []
        self._widths: tuple[int, ...] = (13, 7, 24, 30, 15)

    # --- layout ---------------------------------------------------------------------------

    def fit(self, width: int) -> bool:
        """Share `width` between the contact and topic columns; True when that changed them."""
        # The status stays whole; the topic gives way first, then the contact (a scrollbar takes 2).
        spare = max(width - sum(WIDTHS) - GAP * len(COLUMNS) - 3, 6)
        contact = min(max(spare // 2, min(spare, 14)), 30)
        topic = spare - contact
        if topic < 6:
            contact, topic = spare, 0
        widths = (13, 7, contact, topic, 15)
        if widths == self._widths:
            return False
        self._widths = widths
        self._strips = [None] * len(self._rows)  # (laid out for the old widths)
        return True

    def _line(self, cells: tuple[Text, ...]) -> Text:
        """Cells cut or padded to their columns' widths, in one line."""
        line = Text(" ", no_wrap=True, end="")
        for cell, width in zip(cells, self._widths, strict=True):
            if not width:
                continue
            piece = cell.copy()
            piece.truncate(width, overflow="ellipsis", pad=True)
            line.append_text(piece)
            line.append(" " * GAP)
        return line

    def _layout(self, cells: tuple[Text, ...]) -> Strip:
        """One row as a Strip, built straight from segments (Rich's full render is ~20x slower)."""
        segments = [Segment(" ")]
        for cell, width in zip(cells, self._spans(cells), strict=True):
            if not width:
                continue
            if cell.spans:  # not made by this module: take the slow, general path
                piece = cell.copy()
                piece.truncate(width, overflow="ellipsis", pad=True)
                segments.extend(piece.render(self.app.console))
            else:
                text = cell.plain
                if cell_len(text) > width:
                    text = set_cell_size(text, width - 1).rstrip() + "…"
                style = Style.parse(cell.style) if isinstance(cell.style, str) else cell.style
                segments.append(Segment(text, style))
                segments.append(Segment(" " * (width - cell_len(text))))
            segments.append(Segment(" " * GAP))
        return Strip(segments)

    def _spans(self, cells: tuple[Text, ...]) -> list[int]:
        """Each cell's width; the row's last text also takes the empty columns after it (the now
        line's "next in 6 h 39 min" is not cut at the contact column)."""
        widths = list(self._widths)
        last = max((i for i, cell in enumerate(cells) if cell.plain), default=0)
        for i in range(last + 1, len(widths)):
            if widths[i]:
                widths[last] += GAP + widths[i]
                widths[i] = 0
        return widths

    def header(self) -> Text:
        """The column titles, laid out like the rows (shown above the list)."""
        return self._line(tuple(Text(label, style="bold") for label in COLUMNS))

    # --- content ----------------------------------------------------------------------------

    def show(self, rows: list[Row], select: str | None) -> None:
        """Replace every row and put the cursor on `select` (see `_index_for`). A row whose cells
        are the very objects a row shown now has keeps its laid-out line (see `week_rows`)."""
        drawn = {row.key: (row.cells, strip) for row, strip in zip(self._rows, self._strips, strict=True)}
        kept = [drawn.get(row.key, (None, None)) for row in rows]
        self._strips = [strip if cells is row.cells else None for row, (cells, strip) in zip(rows, kept, strict=True)]
        self._rows = rows  # (the others are laid out when first drawn)
        self.virtual_size = Size(sum(self._widths) + GAP * len(COLUMNS) + 1, len(rows))
        index = self._index_for(select)
        self.set_reactive(WeekTable.cursor, -1)
        self.cursor = -1 if index is None else index
        self.refresh()

    @property
    def rows_shown(self) -> list[Row]:
        return self._rows

    @property
    def current(self) -> Row | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    def _index_for(self, key: str | None) -> int | None:
        """Where `key` is; a busy day's heading means its first call; else the first stop."""
        rows = self._rows
        day = key_day(key) if key else None
        for index, row in enumerate(rows):
            if row.selectable and (row.key == key or (day is not None and row.day == day)):
                return index
        return next((index for index, row in enumerate(rows) if row.selectable), None)

    def select_key(self, key: str) -> None:
        """Put the cursor on `key` (a call, or a day: its first call)."""
        index = self._index_for(key)
        if index is not None:
            self.cursor = index

    def watch_cursor(self, index: int) -> None:
        if 0 <= index < len(self._rows):
            self.scroll_to_cursor()
            self.post_message(self.Highlighted(self._rows[index]))

    def scroll_to_cursor(self) -> None:
        """Bring the cursor's row into view with its day's heading when both fit, else with the
        row above it. (Run again on each resize: the first layout can be a few rows high, and a
        scroll made then must not leave the heading above the view once the list is taller.)"""
        if 0 <= self.cursor < len(self._rows):
            rows, cursor = self._rows, self.cursor
            heading = cursor
            while heading > 0 and rows[heading].key != day_key(rows[cursor].day):
                heading -= 1
            fits = cursor - heading < max(self.scrollable_content_region.height, 1)
            top = heading if fits else max(cursor - 1, 0)
            self.scroll_to_region(Region(0, top, 1, cursor - top + 1), animate=False, force=True, immediate=True)

    def on_resize(self) -> None:
        self.call_after_refresh(self.scroll_to_cursor)

    # --- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self._strips):
            return Strip.blank(width, self.rich_style)
        strip = self._strips[index]
        if strip is None:
            strip = self._strips[index] = self._layout(self._rows[index].cells)
        cursor = index == self.cursor
        strip = strip.apply_style(self.get_component_rich_style("week-table--cursor") if cursor else self.rich_style)
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    # --- moving ------------------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        index = self.cursor + delta
        while 0 <= index < len(self._rows):
            if self._rows[index].selectable:
                self.cursor = index
                return
            index += delta
        if delta < 0:
            self.scroll_home(animate=False)  # show the headings above the first call

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self._rows) and self._rows[index].selectable:
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()
