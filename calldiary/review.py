"""Weekly figures: pure functions over calls. No I/O, no Textual.

(Contact records live in calldiary.contacts; they are re-exported here for older callers.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pendulum import DateTime

from calldiary.clock import Clock, from_utc_text, utc_text, week_label
from calldiary.contacts import LATE_HOURS as LATE_HOURS
from calldiary.contacts import REPEAT_NO_SHOWS as REPEAT_NO_SHOWS
from calldiary.contacts import ContactFigures as ContactFigures
from calldiary.contacts import contact_figures as contact_figures
from calldiary.contacts import contact_key
from calldiary.contacts import contacts_json as contacts_json
from calldiary.contacts import show_rate as show_rate
from calldiary.model import Call, Party, Status

REPEAT_WINDOW_DAYS = 90  # default of the repeat_window_days setting


@dataclass(frozen=True)
class WeekFigures:
    """What happened in one week (Monday `monday`, in the user's zone).

    Only their no-shows count in the show rate and the time lost; mine are counted apart."""

    monday: date
    upcoming: int = 0  # still planned and not over yet (in progress included)
    kept: int = 0
    cancelled: int = 0
    no_show: int = 0  # all no-shows, theirs and mine
    no_show_by_me: int = 0
    cancelled_by_them: int = 0
    cancelled_by_me: int = 0
    late_by_them: int = 0
    late_by_me: int = 0
    minutes_lost: int = 0  # booked minutes of their no-shows
    prep_minutes_lost: int = 0  # prep minutes of their no-shows and their late cancellations
    needs_outcome: tuple[Call, ...] = field(default=())
    no_shows: tuple[Call, ...] = field(default=())  # this week's no-shows, theirs and mine, by start
    turned_down: tuple[Call, ...] = field(default=())  # their no-shows/late cancellations that cost a "no"

    @property
    def label(self) -> str:
        """The ISO week of the week's middle (weeks may start on any day)."""
        return week_label(self.monday + timedelta(days=3))

    @property
    def needs_outcome_count(self) -> int:
        return len(self.needs_outcome)

    @property
    def planned(self) -> int:
        """Every still-planned call: upcoming plus those needing an outcome."""
        return self.upcoming + self.needs_outcome_count

    @property
    def no_show_by_them(self) -> int:
        return self.no_show - self.no_show_by_me

    @property
    def late_cancellations(self) -> int:
        return self.late_by_them + self.late_by_me

    @property
    def total(self) -> int:
        return self.planned + self.kept + self.cancelled + self.no_show

    @property
    def show_rate(self) -> float | None:
        return show_rate(self.kept, self.no_show_by_them)

    @property
    def no_rate(self) -> str:
        """Why there is no show rate: it counts kept calls and no-shows by them (mine don't)."""
        return "no kept calls or no-shows by them yet"


def is_late(call: Call, late_hours: int = LATE_HOURS) -> bool:
    """A cancellation recorded less than `late_hours` before the start (or after it)."""
    return (
        call.status is Status.CANCELLED
        and call.outcome_at is not None
        and call.outcome_at > call.start.subtract(hours=late_hours)
    )


def week_figures(calls: Iterable[Call], monday: date, now: DateTime, late_hours: int = LATE_HOURS) -> WeekFigures:
    """The figures of the week starting `monday`, from that week's calls."""
    counts = dict.fromkeys(Status, 0)
    by_them = by_me = late_them = late_me = lost = prep = mine = upcoming = 0
    waiting: list[Call] = []
    no_shows: list[Call] = []
    turned: list[Call] = []
    for call in calls:
        counts[call.status] += 1
        if call.status is Status.CANCELLED:
            late = is_late(call, late_hours)
            if call.cancelled_by is Party.ME:
                by_me += 1
                late_me += late
            else:
                by_them += 1
                late_them += late
                if late:
                    prep += call.prep_minutes
                    if call.turned_down:
                        turned.append(call)
        elif call.status is Status.NO_SHOW:
            no_shows.append(call)
            if call.no_show_by is Party.ME:
                mine += 1
            else:
                lost += call.minutes
                prep += call.prep_minutes
                if call.turned_down:
                    turned.append(call)
        elif call.needs_outcome(now):
            waiting.append(call)
        elif call.status is Status.PLANNED:
            upcoming += 1
    return WeekFigures(
        monday=monday,
        upcoming=upcoming,
        kept=counts[Status.KEPT],
        cancelled=counts[Status.CANCELLED],
        no_show=counts[Status.NO_SHOW],
        no_show_by_me=mine,
        cancelled_by_them=by_them,
        cancelled_by_me=by_me,
        late_by_them=late_them,
        late_by_me=late_me,
        minutes_lost=lost,
        prep_minutes_lost=prep,
        needs_outcome=tuple(waiting),
        no_shows=tuple(no_shows),
        turned_down=tuple(turned),
    )


def rate_change(this: WeekFigures, before: WeekFigures) -> float | None:
    """Show-rate change in percentage points, or None when either rate is undefined."""
    if this.show_rate is None or before.show_rate is None:
        return None
    return (this.show_rate - before.show_rate) * 100


# --- repeat offenders ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Offender:
    """A contact with repeated no-shows of theirs inside the window."""

    contact: str
    no_shows: int
    last_no_show: DateTime


def repeat_offenders(
    docs: Iterable[Mapping[str, Any]],
    end: DateTime,
    window_days: int = REPEAT_WINDOW_DAYS,
    minimum: int = REPEAT_NO_SHOWS,
) -> list[Offender]:
    """Contacts with `minimum` or more of *their* no-shows among the calls that started in the
    `window_days` before `end` (the end of the reviewed week): later calls never count.
    Worst first (most no-shows, then the most recent)."""
    high = utc_text(end)
    low = utc_text(end.subtract(days=window_days))
    counts: dict[str, int] = {}
    last: dict[str, str] = {}
    names: dict[str, str] = {}
    for doc in docs:
        start = doc["start"]
        if doc["status"] != "no_show" or doc["no_show_by"] == "me" or not low <= start < high:
            continue
        key = contact_key(doc["contact"])
        counts[key] = counts.get(key, 0) + 1
        if start >= last.get(key, ""):
            last[key] = start
            names[key] = doc["contact"]
    rows = [Offender(names[k], n, from_utc_text(last[k])) for k, n in counts.items() if n >= minimum]
    rows.sort(key=lambda r: r.last_no_show, reverse=True)
    rows.sort(key=lambda r: r.no_shows, reverse=True)  # stable: the most recent first among equals
    return rows


# --- JSON -----------------------------------------------------------------------------------------

_COMPARED = (
    "planned",
    "upcoming",
    "needs_outcome_count",
    "kept",
    "cancelled",
    "no_show",
    "no_show_by_me",
    "cancelled_by_them",
    "cancelled_by_me",
    "late_cancellations",
    "late_cancellations_by_them",
    "late_cancellations_by_me",
    "minutes_lost",
    "prep_minutes_lost",
)


def _call_ref(call: Call, clock: Clock | None) -> dict[str, Any]:
    start = clock.local(call.start) if clock else call.start
    return {"id": call.id, "contact": call.contact, "start": start.isoformat()}


def week_json(this: WeekFigures, clock: Clock | None = None) -> dict[str, Any]:
    """One week's own figures."""
    return {
        "week": this.label,
        "planned": this.planned,
        "upcoming": this.upcoming,
        "needs_outcome_count": this.needs_outcome_count,
        "kept": this.kept,
        "cancelled": this.cancelled,
        "no_show": this.no_show,
        "no_show_by_me": this.no_show_by_me,
        "show_rate": this.show_rate,
        "cancelled_by_them": this.cancelled_by_them,
        "cancelled_by_me": this.cancelled_by_me,
        "late_cancellations": this.late_cancellations,
        "late_cancellations_by_them": this.late_by_them,
        "late_cancellations_by_me": this.late_by_me,
        "minutes_lost": this.minutes_lost,
        "prep_minutes_lost": this.prep_minutes_lost,
        "needs_outcome": [call.id for call in this.needs_outcome],
        "no_shows": [
            {
                **_call_ref(call, clock),
                "minutes": call.minutes,
                "prep_minutes": call.prep_minutes,
                "by": (call.no_show_by or call.dialer).value,
                "turned_down": call.turned_down,
            }
            for call in this.no_shows
        ],
        "turned_down": [
            {**_call_ref(call, clock), "status": call.status.value, "turned_down": call.turned_down}
            for call in this.turned_down
        ],
    }


def figures_json(
    this: WeekFigures,
    before: WeekFigures | None = None,
    repeat: list[Offender] | None = None,
    clock: Clock | None = None,
) -> dict[str, Any]:
    """The figures as `calldiary review --json` prints them."""
    out = week_json(this, clock)
    if repeat is not None:
        out["repeat_no_shows"] = [
            {
                "contact": row.contact,
                "no_shows": row.no_shows,
                "last_no_show": (clock.local(row.last_no_show) if clock else row.last_no_show).isoformat(),
            }
            for row in repeat
        ]
    if before is not None:
        previous = week_json(before, clock)
        out["previous_week"] = previous
        change: dict[str, Any] = {name: out[name] - previous[name] for name in _COMPARED}
        change["show_rate_points"] = rate_change(this, before)
        out["change"] = change
    return out


def weeks_back(monday: date, count: int) -> list[date]:
    """The Mondays of the `count` weeks ending with `monday`, oldest first."""
    return [monday - timedelta(weeks=n) for n in range(count - 1, -1, -1)]
