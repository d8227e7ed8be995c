"""Weekly figures and contact reliability: pure functions over calls. No I/O, no Textual."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pendulum import DateTime

from calldiary.clock import from_utc_text, week_label
from calldiary.model import Call, Party, Status

LATE_HOURS = 24  # default of the late_cancellation_hours setting


@dataclass(frozen=True)
class WeekFigures:
    """What happened in one week (Monday `monday`, in the user's zone)."""

    monday: date
    planned: int = 0
    kept: int = 0
    cancelled: int = 0
    no_show: int = 0
    cancelled_by_them: int = 0
    cancelled_by_me: int = 0
    late_cancellations: int = 0
    minutes_lost: int = 0
    needs_outcome: tuple[Call, ...] = field(default=())

    @property
    def label(self) -> str:
        """The ISO week of the week's middle (weeks may start on any day)."""
        return week_label(self.monday + timedelta(days=3))

    @property
    def total(self) -> int:
        return self.planned + self.kept + self.cancelled + self.no_show

    @property
    def show_rate(self) -> float | None:
        return show_rate(self.kept, self.no_show)


def show_rate(kept: int, no_show: int) -> float | None:
    """kept / (kept + no-show); None when both are zero (undefined, not 0%)."""
    decided = kept + no_show
    return kept / decided if decided else None


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
    by_them = by_me = late = lost = 0
    waiting: list[Call] = []
    for call in calls:
        counts[call.status] += 1
        if call.status is Status.CANCELLED:
            if call.cancelled_by is Party.ME:
                by_me += 1
            else:
                by_them += 1
            late += is_late(call, late_hours)
        elif call.status is Status.NO_SHOW:
            lost += call.minutes
        elif call.needs_outcome(now):
            waiting.append(call)
    return WeekFigures(
        monday=monday,
        planned=counts[Status.PLANNED],
        kept=counts[Status.KEPT],
        cancelled=counts[Status.CANCELLED],
        no_show=counts[Status.NO_SHOW],
        cancelled_by_them=by_them,
        cancelled_by_me=by_me,
        late_cancellations=late,
        minutes_lost=lost,
        needs_outcome=tuple(waiting),
    )


def rate_change(this: WeekFigures, before: WeekFigures) -> float | None:
    """Show-rate change in percentage points, or None when either rate is undefined."""
    if this.show_rate is None or before.show_rate is None:
        return None
    return (this.show_rate - before.show_rate) * 100


def figures_json(this: WeekFigures, before: WeekFigures | None = None) -> dict[str, Any]:
    """The figures as `calldiary review --json` prints them."""
    out: dict[str, Any] = {
        "week": this.label,
        "planned": this.planned,
        "kept": this.kept,
        "cancelled": this.cancelled,
        "no_show": this.no_show,
        "show_rate": this.show_rate,
        "cancelled_by_them": this.cancelled_by_them,
        "cancelled_by_me": this.cancelled_by_me,
        "late_cancellations": this.late_cancellations,
        "minutes_lost": this.minutes_lost,
        "needs_outcome": [call.id for call in this.needs_outcome],
    }
    if before is not None:
        out["previous_week"] = {
            "week": before.label,
            "kept": this.kept - before.kept,
            "cancelled": this.cancelled - before.cancelled,
            "no_show": this.no_show - before.no_show,
            "minutes_lost": this.minutes_lost - before.minutes_lost,
            "show_rate_points": rate_change(this, before),
        }
    return out


# --- contacts ---------------------------------------------------------------------------------


@dataclass
class ContactFigures:
    """A contact's record over every call in the diary."""

    name: str
    calls: int = 0
    kept: int = 0
    cancelled_by_them: int = 0
    cancelled_by_me: int = 0
    no_show: int = 0
    last_no_show: DateTime | None = None
    last_call: DateTime | None = None
    dropped: bool = False
    note: str = ""

    @property
    def cancelled(self) -> int:
        return self.cancelled_by_them + self.cancelled_by_me

    @property
    def show_rate(self) -> float | None:
        return show_rate(self.kept, self.no_show)


REPEAT_NO_SHOWS = 2  # contacts with this many no-shows or more stand out


def contact_figures(
    docs: Iterable[Mapping[str, Any]], dropped: Mapping[str, str] | None = None
) -> list[ContactFigures]:
    """Every contact's record, from call documents (fast: no Call objects), by name."""
    dropped = dropped or {}
    found: dict[str, ContactFigures] = {}
    last_no_show: dict[str, str] = {}
    last_call: dict[str, str] = {}
    for doc in docs:
        name = doc["contact"]
        figures = found.get(name)
        if figures is None:
            figures = found[name] = ContactFigures(name)
        figures.calls += 1
        status = doc["status"]
        start = doc["start"]
        if start > last_call.get(name, ""):
            last_call[name] = start
        if status == "kept":
            figures.kept += 1
        elif status == "no_show":
            figures.no_show += 1
            if start > last_no_show.get(name, ""):
                last_no_show[name] = start
        elif status == "cancelled":
            if doc["cancelled_by"] == "me":
                figures.cancelled_by_me += 1
            else:
                figures.cancelled_by_them += 1
    for name, figures in found.items():
        figures.last_call = from_utc_text(last_call[name])
        if name in last_no_show:
            figures.last_no_show = from_utc_text(last_no_show[name])
        if name in dropped:
            figures.dropped, figures.note = True, dropped[name]
    for name, note in dropped.items():  # dropped before any call was booked (or all deleted)
        if name not in found:
            found[name] = ContactFigures(name, dropped=True, note=note)
    return sorted(found.values(), key=lambda f: f.name.casefold())


def contacts_json(rows: list[ContactFigures]) -> list[dict[str, Any]]:
    return [
        {
            "contact": row.name,
            "calls": row.calls,
            "kept": row.kept,
            "cancelled_by_them": row.cancelled_by_them,
            "cancelled_by_me": row.cancelled_by_me,
            "no_show": row.no_show,
            "show_rate": row.show_rate,
            "last_no_show": row.last_no_show.isoformat() if row.last_no_show else None,
            "dropped": row.dropped,
            "note": row.note,
        }
        for row in rows
    ]


def weeks_back(monday: date, count: int) -> list[date]:
    """The Mondays of the `count` weeks ending with `monday`, oldest first."""
    return [monday - timedelta(weeks=n) for n in range(count - 1, -1, -1)]
