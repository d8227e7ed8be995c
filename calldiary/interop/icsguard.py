"""Limits that keep an .ics import bounded in time and memory, checked on the text before the
icalendar library expands anything.

- An event may repeat at most hourly: FREQ=SECONDLY or MINUTELY, INTERVAL below 1, or more than
  one BYMINUTE/BYSECOND value is refused with a line naming the event.
- A time zone's rules (VTIMEZONE) must repeat yearly, at most one BYHOUR/BYMINUTE/BYSECOND each.
- A series that would take more than MAX_STEPS_PER_SERIES rule steps to expand (say, hourly since
  1900) is refused, and so is a file whose series together would take more than MAX_STEPS.
- Time zones list at most MAX_ZONE_DATES RDATE values in all; components nest at most MAX_DEPTH deep.
The expansion itself keeps at most MAX_PER_SERIES occurrences of a series and MAX_OCCURRENCES in
all, and says how many it dropped (see ics.read_ics).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date

from calldiary.errors import CallDiaryError

MAX_PER_SERIES = 1_000  # occurrences kept of one series (a daily series over two years: 731)
MAX_OCCURRENCES = 50_000  # occurrences kept from one file
MAX_STEPS_PER_SERIES = 100_000
MAX_STEPS = 300_000
MAX_DEPTH = 8
MAX_ZONE_DATES = 10_000  # RDATE values in all time-zone definitions of a file

_HOURS = {"YEARLY": 8766, "MONTHLY": 730, "WEEKLY": 168, "DAILY": 24, "HOURLY": 1}
_DATE = re.compile(r":(\d{4})(\d{2})(\d{2})")


class IcsError(CallDiaryError):
    """A file that can't be imported, with where it stopped."""


@dataclass
class _Component:
    name: str
    line: int
    rules: list[tuple[int, str]] = field(default_factory=list)
    props: dict[str, str] = field(default_factory=dict)


def _lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines with the number of the line each starts on. The pieces of a folded
    line are joined once (adding each to the line so far was quadratic: a 13 MB note took minutes)."""
    out: list[tuple[int, str]] = []
    pieces: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line[:1] in (" ", "\t") and pieces:
            pieces.append(line[1:])
            continue
        if pieces:
            out.append((first, "".join(pieces)))
        first, pieces = number, [line]
    if pieces:
        out.append((first, "".join(pieces)))
    return out


def _parts(rule: str) -> dict[str, str]:
    value = rule.split(":", 1)[1] if ":" in rule else ""
    parts: dict[str, str] = {}
    for item in value.split(";"):
        key, _, val = item.partition("=")
        parts[key.strip().upper()] = val.strip().upper()
    return parts


def _count(value: str | None) -> int:
    return len([v for v in value.split(",") if v]) if value else 1


def _start_year(component: _Component) -> date | None:
    match = _DATE.search(component.props.get("DTSTART", ""))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def check_ics_text(text: str, window_end: date) -> None:
    """Refuse what would make the expansion unbounded; IcsError names the line and the event."""
    stack: list[_Component] = []
    steps = zone_dates = 0
    for number, line in _lines(text):
        name, _, value = line.partition(":")
        key = name.split(";", 1)[0].strip().upper()
        if key == "BEGIN":
            stack.append(_Component(value.strip().upper(), number))
            if len(stack) > MAX_DEPTH:
                raise IcsError(f"line {number}: components nest more than {MAX_DEPTH} deep")
        elif key == "END" and stack:
            done = stack.pop()
            in_zone = any(c.name == "VTIMEZONE" for c in stack)
            steps += _check_component(done, in_zone, window_end)
            if steps > MAX_STEPS:
                raise IcsError(
                    f"line {done.line}: the file's recurring events would take more than {MAX_STEPS:,} steps "
                    "to expand; import a calendar with fewer or shorter series"
                )
        elif key == "RDATE" and any(c.name == "VTIMEZONE" for c in stack):
            zone_dates += value.count(",") + 1
            if zone_dates > MAX_ZONE_DATES:
                raise IcsError(f"line {number}: the time zones list more than {MAX_ZONE_DATES:,} dates (RDATE)")
        elif stack and key in ("RRULE", "EXRULE"):
            stack[-1].rules.append((number, line))
        elif stack and key in ("UID", "SUMMARY", "DTSTART", "TZID"):
            stack[-1].props.setdefault(key, line)


def _what(component: _Component) -> str:
    if component.name in ("STANDARD", "DAYLIGHT"):
        return "a time zone's rule"
    uid = component.props.get("UID", "").partition(":")[2]
    summary = component.props.get("SUMMARY", "").partition(":")[2]
    return f"event {uid!r} ({summary!r})"


def _check_component(component: _Component, in_zone: bool, window_end: date) -> int:
    """The rule steps this component's rules take; IcsError when a rule is refused."""
    steps = 0
    for number, rule in component.rules:
        parts = _parts(rule)
        freq = parts.get("FREQ", "")
        where = f"line {number}: {_what(component)}"
        try:
            interval = int(parts.get("INTERVAL", "1") or "1")
        except ValueError:
            raise IcsError(f"{where}: INTERVAL={parts['INTERVAL']!r} is not a whole number") from None
        if interval < 1:
            raise IcsError(f"{where}: INTERVAL={interval} never moves on; refused")
        if in_zone:
            if freq != "YEARLY" or any(_count(parts.get(k)) > 1 for k in ("BYHOUR", "BYMINUTE", "BYSECOND")):
                raise IcsError(f"{where} repeats {freq.lower() or 'oddly'}: time zone rules must repeat yearly")
            continue
        if freq in ("SECONDLY", "MINUTELY") or _count(parts.get("BYMINUTE")) > 1 or _count(parts.get("BYSECOND")) > 1:
            raise IcsError(
                f"{where} repeats more often than hourly (FREQ={freq or '?'}); calldiary imports series that "
                "repeat at most hourly"
            )
        if freq not in _HOURS:
            continue  # the library reports it
        start = _start_year(component)
        end = window_end
        until = re.match(r"(\d{4})(\d{2})(\d{2})", parts.get("UNTIL", ""))
        if until:
            with contextlib.suppress(ValueError):
                end = min(end, date(int(until[1]), int(until[2]), int(until[3])))
        periods = ((end - start).days * 24 if start else 0) // (_HOURS[freq] * interval) + 1
        if "COUNT" in parts and parts["COUNT"].isdigit():
            periods = min(periods, int(parts["COUNT"]))
        spread = 1
        for key in ("BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYHOUR"):
            spread *= _count(parts.get(key))
        cost = max(periods, 0) * spread
        if cost > MAX_STEPS_PER_SERIES:
            raise IcsError(
                f"{where} would take {cost:,} steps to expand (it repeats {freq.lower()} from "
                f"{start.isoformat() if start else '?'}); calldiary expands at most {MAX_STEPS_PER_SERIES:,}"
            )
        steps += cost
    return steps
