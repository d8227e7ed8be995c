"""Find any call (/): an incremental search over contact, topic, prep notes, phone/link,
cancellation reason and turned-down text, ignoring case and accents; the matching calls newest
first with their date and outcome. Enter returns the chosen call's id (the week screen then
shows that call in its week); Esc returns None."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from calldiary.errors import CallDiaryError
from calldiary.fmt import day_label, span
from calldiary.model import Call
from calldiary.search import Finder
from calldiary.text import printable
from calldiary.ui.footer import FitFooter
from calldiary.ui.host import DiaryHost
from calldiary.ui.kept import KeptStyles
from calldiary.ui.look import plain, status_text

SHOWN = 100  # rows listed at most (type more to narrow)


def finder_for(host: DiaryHost) -> Finder:
    """One Finder per diary, kept on the app: its folded index is built once per diary change."""
    found = getattr(host, "_calldiary_finder", None)
    if found is None or found.diary is not host.diary:
        found = Finder(host.diary)
        host._calldiary_finder = found  # type: ignore[attr-defined]
    return cast(Finder, found)


def result_row(call: Call, host: DiaryHost, width: int = 200) -> Text:
    """Thu 26 Nov 2026 13:00–13:30  ⊘ no-show  Dr. Brandt — Pricing

    Below 100 columns the year, the end time and the padding go (Thu 26 Nov 13:00  ⊘ no-show
    Dr. Brandt — Pricing); the row is cut to `width` cells, never wrapped."""
    clock = host.clock
    start = clock.local(call.start)
    wide = width >= 100
    row = Text(no_wrap=True, overflow="ellipsis")
    if wide:
        row.append(f"{day_label(start.date()) + ' ' + str(start.year):<16} {span(call, clock)}  ", style="bold")
    else:
        row.append(f"{day_label(start.date()):<10} {start:%H:%M}  ", style="bold")
    status = status_text(call, clock.now())
    status.pad_right(max(0, 17 - len(status.plain)) if wide else max(1, 13 - len(status.plain)))
    row.append_text(status)
    who = plain(call.contact, "bold", limit=28)
    if wide:
        who.pad_right(max(0, 28 - len(who.plain)))
    row.append_text(who)
    if call.topic:
        row.append(" — ", style="dim")
        row.append_text(plain(call.topic, limit=40))
    row.truncate(width, overflow="ellipsis")
    return row


class SearchScreen(KeptStyles, Screen[str | None]):
    HELP_TITLE = "Find"
    CSS_PATH = Path(__file__).with_name("search.tcss")
    BINDINGS = [
        Binding("escape", "leave", "Back"),
        Binding("down", "into_list", "Results", show=False),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._query = query
        self._done = False
        self._made: dict[tuple[Call, int, str], Option] = {}

    @property
    def host(self) -> DiaryHost:
        return cast(DiaryHost, self.app)

    def compose(self) -> ComposeResult:
        yield Static(Text("Find a call", style="bold"), id="search-title")
        yield Input(self._query, placeholder="name, topic, note, number, reason…", id="search-input")
        yield Static("", id="search-count")
        yield OptionList(id="search-results")
        yield FitFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.show(self._query)

    def reopen(self, query: str = "") -> None:
        """The same screen again (built once: see ui/kept.py), empty and listing anew."""
        self._done = False
        if self.is_mounted:
            field = self.query_one(Input)
            field.value = query
            field.focus()
            self.query_one(OptionList).scroll_home(animate=False)
            self.show(query)

    def show(self, query: str) -> None:
        """List the calls matching `query`, newest first."""
        listing = self.query_one(OptionList)
        count = self.query_one("#search-count", Static)
        try:
            finder = finder_for(self.host)
            ids, more = finder.first(query, SHOWN)
            calls = finder.calls(ids)
        except CallDiaryError as error:
            self.notify(printable(str(error)), severity="error", markup=False)
            return
        self._query = query
        width = max(20, self.app.size.width - 8)  # (the screen's and the list's padding, the scrollbar)
        listing.clear_options()
        listing.add_options([self._option(call, width) for call in calls])
        if not query.strip():
            count.update(Text("Type to search every call; Enter opens the call in its week.", style="dim"))
        elif not ids:
            count.update(Text("No call matches.", style="dim"))
        else:
            many = f"the newest {SHOWN} of more; type more to narrow" if more else f"{len(ids)} call"
            many += "s" if len(ids) != 1 and not more else ""
            count.update(Text(f"{many} · ↓ to the list, Enter opens"))
        if ids:
            listing.highlighted = 0

    def _option(self, call: Call, width: int) -> Option:
        """The list's entry for `call`: made again only when the call, its status now or the width
        changed (a row is ~0.2 ms to make and Textual measures a new entry again: typing a letter
        relisted up to 100 of them)."""
        key = (call, width, status_text(call, self.host.clock.now()).plain)
        option = self._made.get(key)
        if option is None:
            if len(self._made) > 4 * SHOWN:
                self._made.clear()
            option = self._made[key] = Option(result_row(call, self.host, width), id=call.id)
        return option

    def on_resize(self) -> None:
        if self.is_mounted:
            highlighted = self.query_one(OptionList).highlighted
            self.show(self._query)
            if highlighted is not None and highlighted < self.query_one(OptionList).option_count:
                self.query_one(OptionList).highlighted = highlighted

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self.show(event.value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        listing = self.query_one(OptionList)
        if listing.option_count:
            self._choose(listing.get_option_at_index(listing.highlighted or 0).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, call_id: str | None) -> None:
        if not self._done and call_id:
            self._done = True
            self.dismiss(call_id)

    def action_into_list(self) -> None:
        listing = self.query_one(OptionList)
        if listing.option_count:
            listing.focus()

    def action_leave(self) -> None:
        if not self._done:
            self._done = True
            self.dismiss(None)
