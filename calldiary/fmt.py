"""Words and numbers for people: how days, weeks and calls are written (CLI and UI share them)."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pendulum
from pendulum import DateTime

from calldiary.clock import Clock
from calldiary.contacts import ContactFigures
from calldiary.errors import CallDiaryError, StepRefused, TooEarly
from calldiary.lines import STATE_LABELS as STATE_LABELS  # (shared with the fast path of `list`)
from calldiary.lines import call_line as line_of
from calldiary.lines import day_label as day_label
from calldiary.lines import time_range
from calldiary.model import Call, Status, from_doc
from calldiary.text import cells, fit, printable

if TYPE_CHECKING:
    from calldiary.review import Offender, WeekFigures


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


def call_subject(call: Call, clock: Clock) -> str:
    """Whom and when a message is about: Ann Lee · Thu 26 Nov 13:00 (the name printable)."""
    when = clock.local(call.start)
    return f"{printable(call.contact)} · {day_label(when.date())} {when:%H:%M}"


def error_said(error: CallDiaryError, clock: Clock) -> str:
    """An error as the app says it: a call named by who and when (`call_subject`), not by the
    short id the command line uses (the command line takes ids; the app shows people)."""
    if isinstance(error, TooEarly) and isinstance(error.call, Call):
        said, call = printable(str(error)), error.call
        if said.startswith(call.short_id):  # ("ab943fbf starts in the future: …")
            return call_subject(call, clock) + said[len(call.short_id) :]
        return said
    if isinstance(error, StepRefused):
        name = printable(error.key)
        if error.table == "calls" and isinstance(error.doc, dict):
            try:
                name = call_subject(from_doc(error.doc), clock)
            except (CallDiaryError, KeyError, TypeError, ValueError):
                name = f"call {printable(error.key[:8])}"
        return f"can't {error.verb} ({error.what}): {name} was changed elsewhere since, so that step is dropped"
    return printable(str(error))


def span(call: Call, clock: Clock, *, short: bool = False) -> str:
    """09:00–09:30 in the user's zone (with the zones when the clocks change in between, and
    "(+1 day)" past midnight; `short`: the times alone, for a narrow column)."""
    return time_range(clock.local(call.start), clock.local(call.end), short=short)


def until(start: datetime, now: DateTime) -> str:
    """How far off `start` is, seen at `now` (in the user's zone): in 5 min, in 2 h 10 min on the
    same day (or within the hour), then by calendar days: tomorrow 09:00, in 3 days. A call
    tomorrow morning seen late tonight is "tomorrow", whatever the hours between; DST changes
    do not move the count."""
    minutes = math.ceil((start - now).total_seconds() / 60)
    if minutes <= 0:
        return "now"
    local = pendulum.instance(start).in_tz(now.timezone or pendulum.UTC)
    days = (local.date() - now.date()).days
    if days <= 0 or minutes < 60:
        return f"in {duration(minutes)}"
    if days == 1:
        return f"tomorrow {local:%H:%M}"
    return f"in {days} days"


def state_label(call: Call, clock: Clock) -> str:
    """planned, on now, no outcome, kept, cancelled, no-show (them|me)."""
    label = STATE_LABELS[call.state(clock.now())]
    if call.status is Status.NO_SHOW and call.no_show_by is not None and call.no_show_by is not call.dialer:
        label += f" ({call.no_show_by.value})"
    return label


def call_line(call: Call, clock: Clock) -> str:
    """One plain-text line for `calldiary list` (the fast path of `list` writes it the same way)."""
    return line_of(
        call.short_id,
        clock.local(call.start),
        clock.local(call.end),
        state_label(call, clock),
        call.direction.label,
        printable(call.contact),
        printable(call.topic) if call.topic else "",
    )


def call_json(call: Call, clock: Clock) -> dict[str, Any]:
    """A call as `list --json` prints it: times in the user's zone with their UTC offset, and
    its derived `state` (upcoming, in_progress, needs_outcome, kept, cancelled, no_show)."""
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
        "state": call.state(clock.now()),
        "cancelled_by": call.cancelled_by.value if call.cancelled_by else None,
        "no_show_by": call.no_show_by.value if call.no_show_by else None,
        "reason": call.reason,
        "prep_minutes": call.prep_minutes,
        "turned_down": call.turned_down,
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


def review_lines(this: WeekFigures, before: WeekFigures, repeat: list[Offender], clock: Clock) -> list[str]:
    """`calldiary review` in plain text."""
    from calldiary.review import rate_change  # (the review's module: only when one is shown)

    change = rate_change(this, before)
    rate = percent(this.show_rate)
    if this.show_rate is None:
        rate = f"— {this.no_rate}"
    elif change is not None:
        rate += f" ({signed(change, ' pts')} on {before.label})"
    lines = [
        f"{week_title(this.monday)} ({this.label})",
        f"  kept        {this.kept:>4}  ({signed(this.kept - before.kept)})",
        (
            f"  no-show     {this.no_show:>4}  ({signed(this.no_show - before.no_show)}) — "
            f"by them {this.no_show_by_them}, by me {this.no_show_by_me}"
        ),
        (
            f"  cancelled   {this.cancelled:>4}  ({signed(this.cancelled - before.cancelled)}) — "
            f"by them {this.cancelled_by_them}, by me {this.cancelled_by_me}"
        ),
        f"  late cancellations: by them {this.late_by_them}, by me {this.late_by_me}",
        f"  upcoming    {this.upcoming:>4}",
        f"  no outcome  {this.needs_outcome_count:>4}",
        f"  show rate   {rate}",
        (
            f"  time lost to their no-shows: {duration(this.minutes_lost)} booked"
            f" + {duration(this.prep_minutes_lost)} prep"
        ),
    ]
    if this.no_shows:
        lines.append(f"no-shows this week ({len(this.no_shows)}):")
        lines += ["  " + no_show_line(call, clock) for call in this.no_shows]
    if this.turned_down:
        lines.append("turned down for calls that did not happen:")
        lines += [f"  {printable(c.turned_down)} (for {printable(c.contact)})" for c in this.turned_down]
    if this.needs_outcome:
        lines.append(f"needs an outcome ({len(this.needs_outcome)}):")
        lines += ["  " + call_line(call, clock) for call in this.needs_outcome]
    if repeat:
        lines.append(
            "repeat no-shows: "
            + ", ".join(
                f"{printable(r.contact)} ({r.no_shows}, last {day_label(clock.local(r.last_no_show).date())})"
                for r in repeat
            )
        )
    return lines


def no_show_line(call: Call, clock: Clock) -> str:
    """Dr. Brandt · Thu 26 Nov 13:00 · 30 min + 20 min prep · by them · turned down: …"""
    start = clock.local(call.start)
    line = f"{printable(call.contact)} · {day_label(start.date())} {start:%H:%M} · {call.minutes} min"
    if call.prep_minutes:
        line += f" + {call.prep_minutes} min prep"
    line += f" · by {(call.no_show_by or call.dialer).value}"
    if call.turned_down:
        line += f" · turned down: {printable(call.turned_down)}"
    return line


def contact_lines(rows: list[ContactFigures], clock: Clock) -> list[str]:
    """`calldiary contacts` in plain text: one aligned row per contact."""
    names = [printable(row.name) for row in rows]
    width = min(max(cells(n) for n in names), 32)  # terminal cells: wide letters, emoji, combining marks
    out = [f"{fit('contact', width)}  calls  kept  canc(them/me)  late  no-show  show rate  last no-show"]
    for name, row in zip(names, rows, strict=True):
        last = (
            day_label(clock.local(row.last_no_show).date()) + f" {row.last_no_show.year}" if row.last_no_show else "—"
        )
        line = (
            f"{fit(name, width)}  {row.calls:>5}  {row.kept:>4}"
            f"  {row.cancelled_by_them:>6}/{row.cancelled_by_me:<6}  {row.late_by_them:>4}"
            f"  {row.no_show:>7}  {percent(row.show_rate):>9}  {last}"
        )
        if row.dropped:
            line += "  dropped" + (f": {printable(row.note)}" if row.note else "")
        out.append(line)
    return out


def show_lines(call: Call, clock: Clock, record: str) -> list[str]:
    """`calldiary show`: everything about one call, then the contact's record line."""
    start = clock.local(call.start)
    rows = [
        ("id", call.id),
        ("contact", printable(call.contact)),
        ("when", f"{day_label(start.date())} {start.year} {span(call, clock)} ({call.minutes} min, {call.tz})"),
        ("who dials", call.direction.label),
        ("state", state_label(call, clock)),
    ]
    if call.status is Status.CANCELLED:
        rows.append(("cancelled by", (call.cancelled_by.value if call.cancelled_by else "them")))
        if call.reason:
            rows.append(("reason", printable(call.reason)))
    if call.status is Status.NO_SHOW:
        rows.append(("no-show by", (call.no_show_by or call.dialer).value))
    if call.outcome_at:
        done = clock.local(call.outcome_at)
        rows.append(("recorded", f"{day_label(done.date())} {done.year} {done:%H:%M}"))
    rows += [
        ("topic", printable(call.topic) or "—"),
        ("phone/link", printable(call.link) or "—"),
        ("prep", f"{call.prep_minutes} min"),
        ("turned down", printable(call.turned_down) or "—"),
    ]
    width = max(len(label) for label, _ in rows) + 2  # every value starts in one column
    lines = [f"{label + ':':<{width}}{value}" for label, value in rows]
    notes = (
        "\n  " + printable(call.notes, multiline=True).replace("\n", "\n  ") if call.notes else " " * (width - 11) + "—"
    )
    lines.append("prep notes:" + notes)
    if record:
        lines.append(f"{'record:':<{width}}{printable(record)}")
    return lines
