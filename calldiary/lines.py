"""How `calldiary list` writes a call: one line, shared by the CLI (fmt.call_line) and the fast
path of `list` (calldiary.fastlist), which must print byte for byte the same. No imports: the fast
path pays for every module it loads."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date, datetime

STATE_LABELS = {
    "upcoming": "planned",
    "in_progress": "on now",
    "needs_outcome": "no outcome",
    "kept": "kept",
    "cancelled": "cancelled",
    "no_show": "no-show",
}


def call_line(short: str, start: datetime, end: datetime, state: str, direction: str, contact: str, topic: str) -> str:
    """One line of `calldiary list` (times in the user's zone; contact and topic printable)."""
    parts = [short, f"{day_label(start.date())} {time_range(start, end)}", f"{state:<10}", f"{direction:<9}", contact]
    if topic:
        parts.append(f"— {topic}")
    return "  ".join(parts)


def time_range(start: datetime, end: datetime, *, short: bool = False) -> str:
    """09:00–09:30; across a clock change each time says its zone: 02:30 CEST–02:00 CET (a call
    in the autumn night that ends "before" it starts), 01:45 CET–03:15 CEST; ending on a later
    day, it says so: 22:00–01:00 (+1 day). `short` (a narrow column): the times alone."""
    if short or start.utcoffset() == end.utcoffset():
        said = f"{start:%H:%M}–{end:%H:%M}"
    else:
        said = f"{start:%H:%M} {start.tzname()}–{end:%H:%M} {end.tzname()}"
    midnight = end.hour == end.minute == 0 and (start.hour, start.minute) != (0, 0)  # (until midnight: that day)
    days = (end.date() - start.date()).days - midnight
    if days > 0 and not short:
        said += f" (+{days} day{'s' if days != 1 else ''})"
    return said


def day_label(day: date) -> str:
    """Thu 26 Nov"""
    return f"{day:%a} {day.day} {day:%b}"
