"""The weekly review: outcomes, show rate, late cancellations, time lost to no-shows, the last
12 weeks as a chart, repeat no-show contacts, and the week's calls still needing an outcome —
which can be marked right here with the same keys as the week screen."""

from __future__ import annotations

from datetime import date, timedelta

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.errors import NoWidget
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static

from calldiary.errors import CallDiaryError
from calldiary.fmt import duration, percent, signed, week_title
from calldiary.model import Call, Status
from calldiary.review import WeekFigures, rate_change, repeat_offenders, week_figures, weeks_back
from calldiary.ui.actions import ADD_UNSHOWN, CALL_BINDINGS, CallActions
from calldiary.ui.footer import FitFooter
from calldiary.ui.kept import KeptStyles
from calldiary.ui.look import STATUS_STYLE, plain
from calldiary.ui.widgets.call_detail import CallDetail
from calldiary.ui.widgets.outcome_chart import outcome_chart
from calldiary.ui.widgets.review_names import names_text
from calldiary.ui.widgets.week_table import Row, WeekTable, call_cells

HISTORY_WEEKS = 12
NARROW = 110
DETAIL_WIDTH = 40  # as in app.tcss


def figures_table(this: WeekFigures, before: WeekFigures) -> Table:
    """The week's counts, each with its change against the week before."""
    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(justify="right")
    table.add_column(style="dim")
    for status, count, prior in (
        (Status.KEPT, this.kept, before.kept),
        (Status.NO_SHOW, this.no_show, before.no_show),
        (Status.CANCELLED, this.cancelled, before.cancelled),
        (Status.PLANNED, this.upcoming, before.upcoming),
    ):
        glyph, word, style = STATUS_STYLE[status]
        if status is Status.PLANNED:
            word = "upcoming"
        table.add_row(
            Text(f"{glyph} {word}", style=style), str(count), f"{signed(count - prior)} on {before.label[5:]}"
        )
    table.add_row(
        Text("! no outcome", style="bold #ffaf00" if this.needs_outcome_count else "dim"),
        str(this.needs_outcome_count),
        "still to mark",
    )
    return table


def summary(this: WeekFigures, before: WeekFigures, late_hours: int) -> Text:
    out = Text()
    out.append("Show rate  ", style="bold")
    if this.show_rate is None:
        out.append(f"— {this.no_rate}", style="dim")
    else:
        out.append(percent(this.show_rate), style="bold")
        change = rate_change(this, before)
        if change is not None:
            out.append(
                f"  {signed(change, ' pts')}", style="#5fd75f" if change > 0 else "#ff5f5f" if change < 0 else "dim"
            )
    lost = this.minutes_lost + this.prep_minutes_lost
    out.append("\nTime lost to no-shows  ", style="bold")
    out.append(duration(lost), style="bold #ff5f5f" if lost else "")
    if this.prep_minutes_lost:
        out.append(f"  ({duration(this.minutes_lost)} booked + {duration(this.prep_minutes_lost)} prep)", style="dim")
    out.append("\nNo-shows  ", style="bold")
    out.append(f"by them {this.no_show_by_them} · by me {this.no_show_by_me}")
    out.append("\nCancellations  ", style="bold")
    out.append(f"by them {this.cancelled_by_them} · by me {this.cancelled_by_me}")
    out.append("\nLate cancellations  ", style="bold")
    out.append(
        f"by them {this.late_by_them} · by me {this.late_by_me}",
        style="bold #ffaf00" if this.late_cancellations else "",
    )
    out.append(f"  (< {late_hours} h ahead)", style="dim")
    if this.turned_down:
        out.append("\nTurned down for them  ", style="bold")
        out.append_text(plain(", ".join(call.turned_down for call in this.turned_down), limit=40))
    return out


def row_on_screen(screen: Screen, table: WeekTable) -> bool:
    """The table's selected row is drawn on the screen now, whole (not scrolled out of sight,
    in the table or in the screen around it)."""
    try:
        geometry = screen.find_widget(table)
    except NoWidget:
        return False
    top = table.scroll_offset.y
    if not top <= table.cursor < top + table.scrollable_content_region.height:
        return False  # (scrolled out of the table's own view)
    y = geometry.region.shrink(table.styles.gutter).y + table.cursor - top
    seen = geometry.region.intersection(geometry.clip)
    return seen.y <= y < seen.bottom


class ReviewScreen(KeptStyles, CallActions[date]):
    HELP_TITLE = "Weekly review"
    BINDINGS = [
        *[b for b in CALL_BINDINGS if b.action != "add"],
        ADD_UNSHOWN,
        Binding("[", "week(-1)", "Prev week", tooltip="The week before"),
        Binding("]", "week(1)", "Next week", tooltip="The week after"),
        Binding("t", "this_week", "This week", show=False, tooltip="This week"),
        Binding("escape,r,q", "back", "Week", tooltip="Back to the week screen"),
        Binding("J", "scroll_review(3)", "Down", show=False, tooltip="Scroll the review down (when cut off)"),
        Binding("K", "scroll_review(-3)", "Up", show=False, tooltip="Scroll the review up"),
    ]

    def __init__(self, day: date) -> None:
        super().__init__()
        self.monday = self.calldiary.clock.week_first(day)
        self._calls: dict[str, Call] = {}
        self._ready = False
        self._from_top = False
        self._shown: dict[str, object] = {}  # what each Static shows now (an update relays the screen)

    def compose(self) -> ComposeResult:
        yield Static(id="review-title")
        with Horizontal(id="review-top"):
            with Vertical(id="review-figures"):
                yield Static(id="review-counts")
                yield Static(id="review-summary")
                yield Static(id="review-repeat")
            yield Static(id="review-chart")
        yield Static(id="review-waiting-title")
        with Horizontal(id="review-bottom"):
            yield WeekTable(id="review-list")
            yield CallDetail(id="review-detail")
        yield FitFooter(compact=True)

    def on_mount(self) -> None:
        self._fit(self.app.size.width)
        self.reload()
        self._focus_list()
        self._ready = True
        self.follow_diary()

    def _focus_list(self) -> None:
        """The list takes the keys, but the review opens at its top (the week's figures), also when
        the terminal is too short for all of it: J/K scroll it."""
        self.query_one(WeekTable).focus(scroll_visible=False)
        self.call_after_refresh(self.scroll_home, animate=False)

    def action_scroll_review(self, lines: int) -> None:
        self.scroll_relative(y=lines, animate=False)

    def reopen(self, day: date) -> None:
        """The same screen for the week of `day` (built once: see ui/kept.py); it is read again
        as it resumes, from the first call waiting, as a new one would be."""
        self.monday = self.calldiary.clock.week_first(day)
        if self.is_mounted:
            self._from_top = True  # (read again as it resumes: the first call waiting selected)
            self._focus_list()

    def on_resize(self, event: Resize) -> None:
        if self._fit(event.size.width):
            self.reload()

    def _fit(self, width: int) -> bool:
        """Below NARROW columns the detail pane gives its room to the list."""
        narrow = width < NARROW
        self.set_class(narrow, "narrow")
        return self.query_one(WeekTable).fit(width if narrow else width - DETAIL_WIDTH)

    # --- what CallActions needs -----------------------------------------------------------

    def selected_call(self) -> Call | None:
        row = self.query_one(WeekTable).current
        return self._calls.get(row.key) if row else None

    def selected_day(self) -> date:
        return self.monday

    def in_view(self, call: Call, what: str) -> bool:
        """Below the figures, the list of calls needing an outcome may be scrolled out of sight
        (80x24, 60x20): a key for its selected call then scrolls it into view and is not taken."""
        table = self.query_one(WeekTable)
        if row_on_screen(self, table):
            return True
        self.scroll_to_widget(self.query_one("#review-bottom"), animate=False, immediate=True)
        self.call_after_refresh(table.scroll_to_cursor)
        said = self._said(call, f"scrolled into view: press the key again to {what}")
        self.notify(said, markup=False, timeout=6)
        return False

    def reload(self, select: str | None = None) -> None:
        diary, clock = self.calldiary.diary, self.calldiary.clock
        now = clock.now()
        try:
            late = self.calldiary.settings.late_cancellation_hours
            history = [week_figures(diary.week(m), m, now, late) for m in weeks_back(self.monday, HISTORY_WEEKS + 1)]
            window = self.calldiary.settings.repeat_window_days
            end = clock.day_start(self.monday + timedelta(weeks=1))
            repeat = repeat_offenders(diary.docs_between(end.subtract(days=window), end), end, window)
        except CallDiaryError as error:
            self._unreadable(error)
            return
        self.shown_now()
        before, this = history[-2], history[-1]
        self._show("review-title", Text(f"Review · {week_title(self.monday)}", style="bold"))
        self._show("review-counts", figures_table(this, before), (this, before))
        self._show("review-summary", summary(this, before, late))
        self._show("review-repeat", names_text(this, repeat, clock, window))
        self._show("review-chart", outcome_chart(history[1:], height=8))
        waiting = list(this.needs_outcome)
        self._calls = {call.id: call for call in waiting}
        title = Text(f"Needs an outcome ({len(waiting)})", style="bold #ffaf00" if waiting else "bold")
        if not waiting:
            title.append("  — every call of this week has one", style="dim")
        self._show("review-waiting-title", title)
        rows = [Row(c.id, clock.local(c.start).date(), True, self._cells(c)) for c in waiting]
        table = self.query_one(WeekTable)
        if select is None and table.current is not None and not self._from_top:
            select = table.current.key
        self._from_top = False
        table.show(rows, select)
        self._show_detail()
        self.update_bindings()

    def _unreadable(self, error: CallDiaryError) -> None:
        """The diary can't be read now: the review says so and shows no figures (figures from an
        earlier reading would pass for today's) and no call to mark."""
        first = not self.unreadable
        self.shown_now(error)
        title = Text(f"Review · {week_title(self.monday)}", style="bold")
        title.append("  ·  the diary can't be read now", style="bold #ff5f5f")
        self._show("review-title", title)
        said = Text(self.unreadable, style="bold")
        said.append("\n\nNo figures are shown until it can be read; the file put right is picked up within a second.")
        self._show("review-counts", said)
        for name in ("review-summary", "review-repeat", "review-chart", "review-waiting-title"):
            self._show(name, Text())
        self._calls = {}
        self.query_one(WeekTable).show([], None)
        self._show_detail()
        self.update_bindings()
        if first:
            self.notify(self.unreadable, severity="error", markup=False)

    def _show(self, name: str, shown: RenderableType, made_of: object = None) -> None:
        """`shown` in the Static `name`, unless it shows that already (`made_of`: what it was made
        from, for what can't be compared): opened again on an unchanged week, nothing is laid out
        again."""
        same = shown if made_of is None else made_of
        if name not in self._shown or self._shown[name] != same:
            self.query_one(f"#{name}", Static).update(shown)
            self._shown[name] = same

    def _cells(self, call: Call) -> tuple[Text, ...]:
        clock = self.calldiary.clock
        cells = call_cells(call, clock, clock.now())
        return (Text(f"  {clock.local(call.start):%a %H:%M}"), *cells[1:])

    def _show_detail(self) -> None:
        call = self.selected_call()
        hint = "" if self.unreadable else "Nothing waiting: press [ and ] for other weeks, w for contacts."
        record = self.record_of(call.contact) if call else ""
        self.query_one(CallDetail).show(call, self.calldiary.clock, hint, record)

    @on(WeekTable.Highlighted)
    def _highlighted(self) -> None:
        self._show_detail()
        self.update_bindings()

    @on(WeekTable.Chosen)
    def _chosen(self) -> None:
        self.action_edit()

    # --- moving ------------------------------------------------------------------------------

    def action_week(self, delta: int) -> None:
        self.monday += timedelta(weeks=delta)
        self.reload()

    def action_this_week(self) -> None:
        self.monday = self.calldiary.clock.week_first(self.calldiary.clock.today())
        self.reload()

    def on_screen_resume(self) -> None:
        """Back from contacts or a dialog: show what changed meanwhile."""
        if self._ready:
            self.reload()

    def neighbour(self, call: Call) -> str | None:
        ids = [row.key for row in self.query_one(WeekTable).rows_shown]
        if call.id not in ids:
            return None
        index = ids.index(call.id)
        others = ids[index + 1 :] + ids[:index][::-1]
        return others[0] if others else None

    def action_back(self) -> None:
        self.dismiss(self.monday)
