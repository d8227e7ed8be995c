"""Contacts: who keeps their word. Every contact's record, sortable by each column; Enter lists
a contact's calls; D drops a contact (or takes them back)."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, ScreenStackError
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from calldiary.errors import CallDiaryError
from calldiary.fmt import day_label, percent, span
from calldiary.model import Call
from calldiary.review import REPEAT_NO_SHOWS, ContactFigures, contact_figures
from calldiary.text import printable
from calldiary.ui.actions import ADD_UNSHOWN, CALL_BINDINGS, CallActions
from calldiary.ui.footer import FitFooter
from calldiary.ui.kept import KeptStyles
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


def _day_year(moment) -> str:
    """9 Oct 2026 (day numbers without a leading zero, as everywhere; no platform-only %-d)."""
    return f"{moment.day} {moment:%b %Y}"


class ContactsScreen(KeptStyles, Screen[None]):
    HELP_TITLE = "Contacts"
    BINDINGS = [
        Binding("s", "sort", "Sort", tooltip="Sort by the next column"),
        Binding("R", "reverse", "Reverse", key_display="R", tooltip="Reverse the order"),
        Binding("enter", "open", "Calls", tooltip="Every call with the selected contact"),
        Binding("D", "drop", "Drop / take back", key_display="D", tooltip="Drop the contact, or take them back"),
        Binding("escape,w,q", "back", "Back", tooltip="Back to where you came from"),
        Binding("j", "table('cursor_down')", "Down", show=False, tooltip="The next contact"),
        Binding("k", "table('cursor_up')", "Up", show=False, tooltip="The previous contact"),
        Binding("g", "table('scroll_top')", "First", show=False, tooltip="The first contact"),
        Binding("G", "table('scroll_bottom')", "Last", show=False, tooltip="The last contact"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_column = 5  # most no-shows first: who does not keep their word
        self.reverse = True
        self._rows: list[ContactFigures] = []
        self._shown_version = -1  # the diary's version the table shows

    def compose(self) -> ComposeResult:
        yield Static(id="contacts-title")
        yield DataTable(id="contacts-table", cursor_type="row", zebra_stripes=True, fixed_columns=1)
        yield FitFooter(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()
        self.set_interval(1.0, self._poll)

    def on_screen_resume(self) -> None:
        """Back from a contact's calls (or a dialog): show what changed meanwhile."""
        self._poll()

    def _poll(self) -> None:
        """Pick up changes made on another screen or by another process (the week screen does too)."""
        try:
            changed = self.app.diary.version != self._shown_version  # type: ignore[attr-defined]
        except CallDiaryError:
            return  # (reload says what is wrong when it next runs)
        try:
            shown = self.app.screen is self
        except ScreenStackError:
            return  # (the app is closing: its screens are gone; this screen is kept to the end)
        if changed and shown:
            self.reload()

    def reopen(self) -> None:
        """The same screen again (built once: see ui/kept.py), read anew, in the first order, at
        the first row. When the diary is the one shown, in that order, the table is kept as it is
        (filling it again was most of the cost of opening contacts)."""
        same = (self.sort_column, self.reverse) == (5, True) and self._shown_version == self._version()
        self.sort_column, self.reverse = 5, True
        if self.is_mounted:
            table = self.query_one(DataTable)
            if same:
                table.move_cursor(row=0, column=0, animate=False)
                table.scroll_to(0, 0, animate=False, immediate=True)
            else:
                self._rows = []
                self.reload()
            table.focus()

    def _version(self) -> int | None:
        try:
            return self.app.diary.version  # type: ignore[attr-defined]
        except CallDiaryError:
            return None

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
        self._shown_version = diary.version
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
        last = _day_year(self.clock.local(row.last_no_show)) if row.last_no_show else "—"
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
        from calldiary.ui.kept import again

        row = self.current()
        if row is None:
            return
        diary = self.app.diary  # type: ignore[attr-defined]
        if row.dropped:
            from calldiary.ui.dialogs.confirm import Confirm

            ask = Text("Take back ", style="bold")
            ask.append_text(plain(row.name, "bold"))
            ask.append("? This erases your note")
            if row.note:
                ask.append(": “")
                ask.append_text(plain(row.note))
                ask.append("”")
            ask.append(" (u undoes).")

            def take_back(yes: bool | None) -> None:
                if not yes:
                    return
                try:
                    diary.set_dropped(row.name, False)
                except CallDiaryError as error:
                    self.notify(printable(str(error)), severity="error", markup=False)
                    return
                self.notify(f"{printable(row.name)} taken back (u undoes)", markup=False)
                self.reload(row.name)

            self.app.push_screen(again(self.app, Confirm, ask), take_back)
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
            self.notify(f"{printable(row.name)} dropped (u undoes)", markup=False)
            self.reload(row.name)

        self.app.push_screen(again(self.app, AskText, question, "e.g. three no-shows, stopped answering"), answer)

    def action_back(self) -> None:
        self.dismiss(None)


class ContactCalls(CallActions[None]):
    """Every call with one contact, oldest first; the call keys work here, Enter shows the call
    in its week."""

    HELP_TITLE = "A contact's calls"
    HELP_EXTRA = [Binding("enter", "", "Show the selected call in its week")]
    BINDINGS = [
        *[b for b in CALL_BINDINGS if b.action not in ("add", "edit")],
        ADD_UNSHOWN,
        Binding("e", "edit", "Edit", show=False, tooltip="Edit the selected call"),
        Binding("enter", "show", "In week", tooltip="Show the selected call in its week"),
        Binding("j", "table('cursor_down')", "Down", show=False, tooltip="The next call"),
        Binding("k", "table('cursor_up')", "Up", show=False, tooltip="The previous call"),
        Binding("escape,q", "back", "Back", tooltip="Back to the contacts"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.contact = name
        self._calls: list[Call] = []

    def compose(self) -> ComposeResult:
        yield Static(id="contact-title")
        yield DataTable(id="contact-calls", cursor_type="row", zebra_stripes=True, fixed_columns=1)
        yield FitFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # the status before the topic: at 60 columns it stays whole, the topic scrolls (the day stays)
        table.add_columns("Day", "Time", "Caller", "Status", "Topic", "Outcome")
        self.reload()
        if self._calls:
            table.move_cursor(row=len(self._calls) - 1, animate=False)
        table.focus()
        self.follow_diary()  # (changes made elsewhere shown within a second, as on the week: W5 #5)

    def on_screen_resume(self) -> None:
        """Back from a dialog: show what changed meanwhile."""
        if self.is_mounted and self.stale():
            self.reload()

    def reload(self, select: str | None = None) -> None:
        app: Any = self.app
        table = self.query_one(DataTable)
        if select is None and self.selected_call() is not None:
            select = self.selected_call().id  # type: ignore[union-attr]
        try:
            calls = app.diary.calls_with(self.contact)
        except CallDiaryError as error:
            if not self.unreadable:  # (said once, not every second while it stays unreadable)
                self.notify(printable(str(error)), severity="error", markup=False)
            self.shown_now(error)
            return
        self.shown_now()
        self._calls = calls
        clock = app.clock
        title = plain(self.contact, "bold")
        title.append(f"  ·  {len(calls)} call{'s' if len(calls) != 1 else ''}", style="dim")
        self.query_one("#contact-title", Static).update(title)
        table.clear()
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
                status_text(call, now),
                plain(call.topic, limit=40),
                outcome,
                key=call.id,
            )
        ids = [call.id for call in calls]
        if select in ids:
            table.move_cursor(row=ids.index(select), animate=False)
        self.update_bindings()

    def selected_call(self) -> Call | None:
        table = self.query_one(DataTable)
        return self._calls[table.cursor_row] if 0 <= table.cursor_row < len(self._calls) else None

    def selected_day(self) -> date:
        call = self.selected_call()
        clock = self.calldiary.clock
        return clock.local(call.start).date() if call else clock.today()

    def neighbour(self, call: Call) -> str | None:
        ids = [c.id for c in self._calls]
        index = ids.index(call.id) if call.id in ids else -1
        others = ids[index + 1 :] + ids[:index][::-1] if index >= 0 else []
        return others[0] if others else None

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.update_bindings()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show()

    async def action_table(self, action: str) -> None:
        await self.query_one(DataTable).run_action(action)

    def action_show(self) -> None:
        call = self.selected_call()
        if call is not None:
            self.calldiary.show_call(call.id)

    def action_back(self) -> None:
        self.dismiss(None)
