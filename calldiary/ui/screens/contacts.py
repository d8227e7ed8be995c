"""Contacts: who keeps their word. Every contact's record, sortable by each column; Enter lists
a contact's calls; D drops a contact (or takes them back)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from calldiary.errors import CallDiaryError
from calldiary.fmt import day_label, percent, span
from calldiary.review import REPEAT_NO_SHOWS, ContactFigures, contact_figures
from calldiary.text import printable
from calldiary.ui.look import plain, status_text

# (title, sort key); None sorts last whichever way round.
COLUMNS: list[tuple[str, Any]] = [
    ("Contact", lambda r: r.name.casefold()),
    ("Calls", lambda r: r.calls),
    ("Kept", lambda r: r.kept),
    ("Canc. by them", lambda r: r.cancelled_by_them),
    ("by me", lambda r: r.cancelled_by_me),
    ("No-shows", lambda r: r.no_show),
    ("Show rate", lambda r: r.show_rate),
    ("Last no-show", lambda r: r.last_no_show),
    ("Dropped", lambda r: (r.dropped, r.note)),
]


def sort_rows(rows: list[ContactFigures], column: int, reverse: bool) -> list[ContactFigures]:
    key = COLUMNS[column][1]
    known = [r for r in rows if key(r) is not None]
    unknown = [r for r in rows if key(r) is None]
    return sorted(known, key=key, reverse=reverse) + sorted(unknown, key=lambda r: r.name.casefold())


class ContactsScreen(Screen[None]):
    BINDINGS = [
        Binding("s", "sort", "Sort by next column"),
        Binding("S", "reverse", "Reverse", key_display="S"),
        Binding("enter", "open", "Calls"),
        Binding("D", "drop", "Drop / take back", key_display="D"),
        Binding("escape,w", "back", "Back"),
        Binding("j", "table('cursor_down')", "Down", show=False),
        Binding("k", "table('cursor_up')", "Up", show=False),
        Binding("g", "table('scroll_top')", "First", show=False),
        Binding("G", "table('scroll_bottom')", "Last", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_column = 5  # most no-shows first: who does not keep their word
        self.reverse = True
        self._rows: list[ContactFigures] = []

    def compose(self) -> ComposeResult:
        yield Static(id="contacts-title")
        yield DataTable(id="contacts-table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()

    @property
    def clock(self):
        return self.app.clock  # type: ignore[attr-defined]

    def reload(self, select: str | None = None) -> None:
        diary = self.app.diary  # type: ignore[attr-defined]
        table = self.query_one(DataTable)
        if select is None and self._rows and 0 <= table.cursor_row < len(self._rows):
            select = self._rows[table.cursor_row].name
        try:
            rows = contact_figures(diary.docs(), diary.dropped())
        except CallDiaryError as error:
            self.notify(printable(str(error)), severity="error", markup=False)
            return
        self._rows = sort_rows(rows, self.sort_column, self.reverse)
        arrow = " ▼" if self.reverse else " ▲"
        table.clear(columns=True)
        for index, (title, _) in enumerate(COLUMNS):
            table.add_column(title + (arrow if index == self.sort_column else ""), key=str(index))
        for row in self._rows:
            table.add_row(*self._cells(row), key=row.name)
        if select is not None and select in {r.name for r in self._rows}:
            table.move_cursor(row=table.get_row_index(select), animate=False)
        heading = Text("Contacts", style="bold")
        heading.append(f"  ·  {len(self._rows)}  ·  sorted by {COLUMNS[self.sort_column][0].lower()}", style="dim")
        self.query_one("#contacts-title", Static).update(heading)

    def _cells(self, row: ContactFigures) -> list[Text]:
        loud = row.no_show >= REPEAT_NO_SHOWS
        last = f"{self.clock.local(row.last_no_show):%-d %b %Y}" if row.last_no_show else "—"
        dropped = Text("dropped", style="bold #a8a8a8") if row.dropped else Text("")
        if row.note:
            dropped.append(": ")
            dropped.append_text(plain(row.note, "dim", limit=30))
        return [
            plain(row.name, "bold #ff5f5f" if loud else "bold", limit=32),
            Text(str(row.calls), justify="right"),
            Text(str(row.kept), justify="right", style="#5fd75f" if row.kept else "dim"),
            Text(str(row.cancelled_by_them), justify="right"),
            Text(str(row.cancelled_by_me), justify="right"),
            Text(
                str(row.no_show),
                justify="right",
                style="bold #ff5f5f" if loud else ("#ff5f5f" if row.no_show else "dim"),
            ),
            Text(percent(row.show_rate), justify="right"),
            Text(last, style="" if row.last_no_show else "dim"),
            dropped,
        ]

    def current(self) -> ContactFigures | None:
        table = self.query_one(DataTable)
        return self._rows[table.cursor_row] if 0 <= table.cursor_row < len(self._rows) else None

    async def action_table(self, action: str) -> None:
        await self.query_one(DataTable).run_action(action)

    def action_sort(self) -> None:
        self.sort_column = (self.sort_column + 1) % len(COLUMNS)
        self.reload()

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self.reload()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        column = int(str(event.column_key.value))
        self.reverse = not self.reverse if column == self.sort_column else column != 0
        self.sort_column = column
        self.reload()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        row = self.current()
        if row is not None:
            self.app.push_screen(ContactCalls(row.name))

    def action_drop(self) -> None:
        from calldiary.ui.dialogs.ask import AskText

        row = self.current()
        if row is None:
            return
        diary = self.app.diary  # type: ignore[attr-defined]
        if row.dropped:
            try:
                diary.set_dropped(row.name, False)
            except CallDiaryError as error:
                self.notify(printable(str(error)), severity="error", markup=False)
                return
            self.notify(f"{printable(row.name)} taken back", markup=False)
            self.reload(row.name)
            return
        question = Text("Drop ", style="bold")
        question.append_text(plain(row.name, "bold"))
        question.append("? Booking them again will show a warning.\nA note for later (optional):")

        def answer(note: str | None) -> None:
            if note is None:
                return
            try:
                diary.set_dropped(row.name, True, note)
            except CallDiaryError as error:
                self.notify(printable(str(error)), severity="error", markup=False)
                return
            self.notify(f"{printable(row.name)} dropped", markup=False)
            self.reload(row.name)

        self.app.push_screen(AskText(question, "e.g. three no-shows, stopped answering"), answer)

    def action_back(self) -> None:
        self.dismiss(None)


class ContactCalls(Screen[None]):
    """Every call with one contact, oldest first."""

    BINDINGS = [Binding("escape,enter", "back", "Back")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.contact = name

    def compose(self) -> ComposeResult:
        yield Static(id="contact-title")
        yield DataTable(id="contact-calls", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        app: Any = self.app
        calls = app.diary.calls_with(self.contact)
        clock = app.clock
        title = plain(self.contact, "bold")
        title.append(f"  ·  {len(calls)} call{'s' if len(calls) != 1 else ''}", style="dim")
        self.query_one("#contact-title", Static).update(title)
        table = self.query_one(DataTable)
        table.add_columns("Day", "Time", "Caller", "Topic", "Status", "Outcome")
        now = clock.now()
        for call in calls:
            day = clock.local(call.start).date()
            outcome = Text("")
            if call.cancelled_by:
                outcome = Text(f"by {call.cancelled_by.value}")
                if call.reason:
                    outcome.append(" · ")
                    outcome.append_text(plain(call.reason, limit=40))
            table.add_row(
                f"{day_label(day)} {day.year}",
                span(call, clock),
                "← them" if call.direction.value == "they_call" else "→ me",
                plain(call.topic, limit=40),
                status_text(call, now),
                outcome,
                key=call.id,
            )
        if calls:
            table.move_cursor(row=len(calls) - 1, animate=False)
        table.focus()

    def action_back(self) -> None:
        self.dismiss(None)
