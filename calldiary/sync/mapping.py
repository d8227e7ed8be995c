"""One call document <-> one VEVENT.

Written: UID, DTSTART/DTEND in the zone the call was booked in, SUMMARY ("Call with Ann Lee -
Pricing", the .ics import's rule), LOCATION (the phone or link), DESCRIPTION (prep notes, then an
"Outcome:" line), STATUS (CANCELLED for cancelled calls), CATEGORIES (the outcome), one VALARM per
`remind_before` lead time for planned calls, and every field in X-CALLDIARY-* (fields.py).

Read: the X- properties restore the call exactly; then every standard property that differs from
what those fields would have written (a phone edited it, or dropped the X- properties and kept
only the standard ones) is taken from the event. A phone's edit can set an outcome (CATEGORIES,
STATUS:CANCELLED) but never reset one to planned.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import pendulum

from calldiary.clock import UTC, Clock, from_utc_text, utc_text
from calldiary.errors import CallDiaryError
from calldiary.interop.ics import _instant, split_summary
from calldiary.model import MAX_MINUTES, Party, Status, doc_problem
from calldiary.sync.fields import PREFIX, encode, has_marker, prop_name, read_x, synced_fields

_OWNED = (
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "DURATION",
    "SUMMARY",
    "LOCATION",
    "DESCRIPTION",
    "STATUS",
    "CATEGORIES",
    "SEQUENCE",
    "CREATED",
    "LAST-MODIFIED",
)
_OUTCOME_LINE = "Outcome: "
_ALARM_TAG = "X-CALLDIARY-ALARM"


class EventError(CallDiaryError):
    """An event from the server that can't be read as a call."""


def summary(doc: dict[str, Any]) -> str:
    return str(f"Call with {doc['contact']} - {doc['topic']}" if doc["topic"] else f"Call with {doc['contact']}")


def outcome_line(doc: dict[str, Any]) -> str:
    status = Status(doc["status"])
    line = _OUTCOME_LINE + status.label
    if doc.get("cancelled_by"):
        line += f" by {doc['cancelled_by']}"
    if doc.get("reason"):
        line += f" - {doc['reason']}"
    return " ".join(line.split())  # one line, whatever the reason holds


def description(doc: dict[str, Any]) -> str:
    if doc["status"] == Status.PLANNED.value:
        return str(doc["notes"])
    return f"{doc['notes']}\n\n{outcome_line(doc)}" if doc["notes"] else outcome_line(doc)


def notes_of(text: str) -> str:
    """The prep notes in a DESCRIPTION: everything before calldiary's "Outcome:" line."""
    lines = text.replace("\r\n", "\n").rstrip().split("\n")
    if lines and lines[-1].startswith(_OUTCOME_LINE):
        lines.pop()
    return "\n".join(lines).rstrip()


def render(
    doc: dict[str, Any],
    *,
    uid: str,
    sequence: int,
    remind_before: list[int],
    stamp: datetime,
    existing: Any = None,
) -> str:
    """The iCalendar text of one call; `existing` (an event read from the server) keeps the
    properties calldiary does not own (attendees, the phone's own alarms, ...)."""
    from icalendar import Alarm, Calendar, Event
    from icalendar.prop import vText

    event = copy.deepcopy(existing) if existing is not None else Event()
    for name in [*_OWNED, *(key for key in event if key.upper().startswith(PREFIX))]:
        event.pop(name, None)
    event.pop("UID", None)
    start = from_utc_text(doc["start"]).in_tz(doc["tz"])
    mine = {f"-PT{minutes}M" for minutes in remind_before}
    event.subcomponents = [
        sub
        for sub in event.subcomponents
        if not (
            sub.name == "VALARM"
            and (sub.get(_ALARM_TAG) is not None or str(sub.get("TRIGGER", "").to_ical().decode()) in mine)
        )
    ]
    event.add("UID", uid)
    event.add("DTSTAMP", stamp)
    event.add("DTSTART", start)
    event.add("DTEND", start.add(minutes=doc["minutes"]))
    event.add("SUMMARY", summary(doc))
    if doc["link"]:
        event.add("LOCATION", doc["link"])
    text = description(doc)
    if text:
        event.add("DESCRIPTION", text)
    event.add("STATUS", "CANCELLED" if doc["status"] == Status.CANCELLED.value else "CONFIRMED")
    event.add("CATEGORIES", [Status(doc["status"]).label])
    event.add("SEQUENCE", sequence)
    event.add("CREATED", from_utc_text(doc["created"]))
    event.add("LAST-MODIFIED", from_utc_text(doc["updated"]))
    for field in synced_fields():
        event.add(prop_name(field), vText(encode(field, doc.get(field))))
    if doc["status"] == Status.PLANNED.value:
        for minutes in remind_before:
            alarm = Alarm()
            alarm.add("ACTION", "DISPLAY")
            alarm.add("TRIGGER", pendulum.duration(minutes=-minutes))
            alarm.add("DESCRIPTION", summary(doc))
            alarm.add(_ALARM_TAG, vText(str(minutes)))
            event.add_component(alarm)
    calendar = Calendar()
    calendar.add("PRODID", "-//calldiary//calldiary sync//EN")
    calendar.add("VERSION", "2.0")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return str(calendar.to_ical().decode("utf-8"))


def parse_calendar(text: str) -> Any:
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(text)
    except ValueError as error:
        raise EventError(f"not valid iCalendar: {str(error).splitlines()[0][:120]}") from None
    return calendar


def is_series(calendar: Any) -> bool:
    return any(
        event.get("RRULE") or event.get("RDATE") or event.get("RECURRENCE-ID") for event in calendar.walk("VEVENT")
    )


def the_event(calendar: Any) -> Any:
    events = calendar.walk("VEVENT")
    if not events:
        raise EventError("it holds no VEVENT")
    return events[0]


def _stamp(event: Any, name: str) -> str | None:
    try:
        value = event.decoded(name)
    except Exception:
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return utc_text(value)
    return None


def event_to_doc(event: Any, fallback: dict[str, Any], clock: Clock) -> dict[str, Any]:
    """The call an event says, reading its changes over `fallback` (the base, or the local call)."""
    doc = dict(fallback)
    if has_marker(event):
        doc.update(read_x(event))
        problem = doc_problem(doc)
        if problem:
            raise EventError(problem)
    changed = False
    try:
        if event.get("DTSTART") is not None:
            found = _instant(event.decoded("DTSTART"), clock, "DTSTART")
            if found is None:
                raise EventError("it became an all-day event")
            begin, zone = found
            if utc_text(begin) != doc["start"]:
                doc["start"] = utc_text(begin)
                if zone != "UTC":
                    doc["tz"] = zone
                changed = True
            minutes = None
            if event.get("DTEND") is not None:
                end = _instant(event.decoded("DTEND"), clock, "DTEND")
                minutes = round((end[0] - begin).total_seconds() / 60) if end else None
            elif event.get("DURATION") is not None:
                minutes = round(event.decoded("DURATION").total_seconds() / 60)
            if minutes is not None and minutes != doc["minutes"]:
                doc["minutes"] = min(max(minutes, 1), MAX_MINUTES)
                changed = True
    except EventError:
        raise
    except Exception as error:
        raise EventError(f"its time can't be read: {str(error)[:120]}") from None
    said = str(event.get("SUMMARY", "")).strip()
    if said and said != summary(doc).strip():
        doc["contact"], doc["topic"] = split_summary(said)
        changed = True
    link = str(event.get("LOCATION", "") or "").strip()
    if link != doc["link"]:
        doc["link"] = link
        changed = True
    said = str(event.get("DESCRIPTION", "") or "").replace("\r\n", "\n").rstrip()
    notes = notes_of(said)
    if said != description(doc).rstrip() and notes != doc["notes"].rstrip():
        doc["notes"] = notes
        changed = True
    modified = _stamp(event, "LAST-MODIFIED") or _stamp(event, "DTSTAMP")
    outcome = _standard_outcome(event)
    if outcome is not None and outcome.value != doc["status"]:
        doc["status"] = outcome.value
        doc["cancelled_by"] = Party.THEM.value if outcome is Status.CANCELLED else None
        doc["reason"] = ""
        doc["outcome_at"] = modified or utc_text(clock.now())
        changed = True
    if changed:
        doc["updated"] = max(doc["updated"], modified or utc_text(clock.now().in_tz(UTC)))
    return doc


def _standard_outcome(event: Any) -> Status | None:
    """A decided outcome that the standard properties state (never planned)."""
    cats = event.get("CATEGORIES")
    words: list[str] = []
    for item in cats if isinstance(cats, list) else [cats] if cats is not None else []:
        words.extend(str(word) for word in getattr(item, "cats", [item]))
    for word in words:
        try:
            status = Status.parse(str(word))
        except CallDiaryError:
            continue
        if status is not Status.PLANNED:
            return status
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return Status.CANCELLED
    return None
