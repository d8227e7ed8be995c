"""Words and numbers for people: how days, weeks and calls are written (CLI and UI share them)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from calldiary.clock import Clock
from calldiary.model import Call
from calldiary.review import ContactFigures, WeekFigures, rate_change
from calldiary.text import cells, fit, printable


def day_label(day: date) -> str:
    """Thu 26 Nov"""
    return f"{day:%a} {day.day} {day:%b}"


def week_title(monday: date) -> str:
    """Week 48 · Mon 23 – Sun 29 Nov 2026 (months and years only where they change).

    `monday` is the week's first day, whichever weekday weeks start on."""
    sunday = monday + timedelta(days=6)
    week = (monday + timedelta(days=3)).isocalendar()[1]  # the ISO week of the week's middle
    if monday.year != sunday.year:
        first = f"{monday:%a} {monday.day} {monday:%b %Y}"
    elif monday.month != sunday.month:
        first = f"{monday:%a} {monday.day} {monday:%b}"
    else:
        first = f"{monday:%a} {monday.day}"
    return f"Week {week} · {first} – {sunday:%a} {sunday.day} {sunday:%b %Y}"


def span(call: Call, clock: Clock) -> str:
    """09:00–09:30 in the user's zone."""
    start = clock.local(call.start)
    end = clock.local(call.end)
    return f"{start:%H:%M}–{end:%H:%M}"


def until(minutes: float) -> str:
    """in 5 min, in 2 h 10 min, in 3 days"""
    minutes = int(minutes)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        hours, rest = divmod(minutes, 60)
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days = round(minutes / (24 * 60))
    return f"{days} day" + ("s" if days != 1 else "")


def call_line(call: Call, clock: Clock) -> str:
    """One plain-text line for `calldiary list`."""
    start = clock.local(call.start)
    parts = [
        call.short_id,
        f"{day_label(start.date())} {span(call, clock)}",
        f"{call.status.label:<9}",
        f"{call.direction.label:<9}",
        printable(call.contact),
    ]
    if call.topic:
        parts.append(f"— {printable(call.topic)}")
    return "  ".join(parts)


def call_json(call: Call, clock: Clock) -> dict[str, Any]:
    """A call as `list --json` prints it: times in the user's zone with their UTC offset."""
    return {
        "id": call.id,
        "short_id": call.short_id,
        "start": clock.local(call.start).isoformat(),
        "end": clock.local(call.end).isoformat(),
        "tz": call.tz,
        "minutes": call.minutes,
        "contact": call.contact,
        "direction": call.direction.value,
        "topic": call.topic,
        "notes": call.notes,
        "link": call.link,
        "status": call.status.value,
        "cancelled_by": call.cancelled_by.value if call.cancelled_by else None,
        "reason": call.reason,
        "outcome_at": clock.local(call.outcome_at).isoformat() if call.outcome_at else None,
        "created": clock.local(call.created).isoformat(),
        "updated": clock.local(call.updated).isoformat(),
    }


def duration(minutes: int) -> str:
    """1 h 15 min, 45 min, 0 min"""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def signed(number: float, unit: str = "") -> str:
    return f"{number:+.0f}{unit}" if number else f"±0{unit}"


def review_lines(this: WeekFigures, before: WeekFigures, repeat: list[ContactFigures], clock: Clock) -> list[str]:
    """`calldiary review` in plain text."""
    change = rate_change(this, before)
    rate = percent(this.show_rate)
    if this.show_rate is None:
        rate = "— (no kept or no-show calls yet)"
    elif change is not None:
        rate += f" ({signed(change, ' pts')} on {before.label})"
    lines = [
        f"{week_title(this.monday)} ({this.label})",
        f"  kept        {this.kept:>4}  ({signed(this.kept - before.kept)})",
        f"  no-show     {this.no_show:>4}  ({signed(this.no_show - before.no_show)})",
        (
            f"  cancelled   {this.cancelled:>4}  ({signed(this.cancelled - before.cancelled)}) — "
            f"by them {this.cancelled_by_them}, by me {this.cancelled_by_me}, late {this.late_cancellations}"
        ),
        f"  planned     {this.planned:>4}",
        f"  show rate   {rate}",
        f"  time lost to no-shows: {duration(this.minutes_lost)}",
    ]
    if this.needs_outcome:
        lines.append(f"needs an outcome ({len(this.needs_outcome)}):")
        lines += ["  " + call_line(call, clock) for call in this.needs_outcome]
    if repeat:
        lines.append("repeat no-shows: " + ", ".join(f"{printable(c.name)} ({c.no_show})" for c in repeat))
    return lines


def contact_lines(rows: list[ContactFigures], clock: Clock) -> list[str]:
    """`calldiary contacts` in plain text: one aligned row per contact."""
    names = [printable(row.name) for row in rows]
    width = min(max(cells(n) for n in names), 32)  # terminal cells: wide letters, emoji, combining marks
    out = [f"{fit('contact', width)}  calls  kept  canc(them/me)  no-show  show rate  last no-show"]
    for name, row in zip(names, rows, strict=True):
        last = (
            day_label(clock.local(row.last_no_show).date()) + f" {row.last_no_show.year}" if row.last_no_show else "—"
        )
        line = (
            f"{fit(name, width)}  {row.calls:>5}  {row.kept:>4}"
            f"  {row.cancelled_by_them:>6}/{row.cancelled_by_me:<6}"
            f"  {row.no_show:>7}  {percent(row.show_rate):>9}  {last}"
        )
        if row.dropped:
            line += "  dropped" + (f": {printable(row.note)}" if row.note else "")
        out.append(line)
    return out
