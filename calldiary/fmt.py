"""Words and numbers for people: how days, weeks and calls are written (CLI and UI share them)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from calldiary.clock import Clock
from calldiary.model import Call
from calldiary.text import printable


def day_label(day: date) -> str:
    """Thu 26 Nov"""
    return f"{day:%a} {day.day} {day:%b}"


def week_title(monday: date) -> str:
    """Week 48 · Mon 23 – Sun 29 Nov 2026 (months and years only where they change)."""
    sunday = monday + timedelta(days=6)
    week = monday.isocalendar()[1]
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
