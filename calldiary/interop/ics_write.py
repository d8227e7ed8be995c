"""iCalendar export (the import rule and its counterpart: calldiary.interop.ics)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from calldiary.clock import UTC, Clock, utc_text
from calldiary.interop.batch import OWN_UID_SUFFIX
from calldiary.model import Call, Status

_TAGS = {Status.KEPT: "[kept]", Status.NO_SHOW: "[no-show]", Status.CANCELLED: "[cancelled]"}


def outcome_line(call: Call) -> str:
    """Outcome: no-show (by them) — the DESCRIPTION line other calendars show."""
    if call.status is Status.CANCELLED:
        by = call.cancelled_by.value if call.cancelled_by else "them"
        return f"Outcome: cancelled by {by}" + (f" — {call.reason}" if call.reason else "")
    if call.status is Status.NO_SHOW:
        return f"Outcome: no-show (by {(call.no_show_by or call.dialer).value})"
    return "Outcome: kept"


def write_ics(calls: Iterable[Call], clock: Clock, dropped: Mapping[str, str] | None = None) -> bytes:
    """An .ics of `calls`: times in UTC (read right by every calendar), outcomes shown in
    SUMMARY and DESCRIPTION and kept exactly in STATUS and X-CALLDIARY-* properties."""
    from icalendar import Calendar, Event
    from icalendar.prop import vText

    from calldiary.contacts import contact_key

    calendar = Calendar()
    calendar.add("PRODID", "-//calldiary//calldiary//EN")
    calendar.add("VERSION", "2.0")
    stamp = clock.now().in_tz(UTC)
    dropped_keys = {contact_key(name): note for name, note in (dropped or {}).items()}
    for call in calls:
        event = Event()
        event.add("UID", f"{call.id}{OWN_UID_SUFFIX}")
        event.add("DTSTAMP", stamp)
        event.add("DTSTART", call.start.in_tz(UTC))
        event.add("DTEND", call.end.in_tz(UTC))
        summary = f"{call.contact} - {call.topic}" if call.topic else call.contact
        tag = _TAGS.get(call.status)
        event.add("SUMMARY", f"{tag} {summary}" if tag else summary)
        description = call.notes
        if tag:
            description = outcome_line(call) + (f"\n\n{call.notes}" if call.notes else "")
        if description:
            event.add("DESCRIPTION", description)
        if call.link:
            event.add("LOCATION", call.link)
        event.add("STATUS", "CANCELLED" if call.status is Status.CANCELLED else "CONFIRMED")
        event.add("CREATED", call.created.in_tz(UTC))
        event.add("LAST-MODIFIED", call.updated.in_tz(UTC))
        event.add("X-CALLDIARY-CONTACT", vText(call.contact))
        event.add("X-CALLDIARY-TOPIC", vText(call.topic))
        event.add("X-CALLDIARY-DIRECTION", vText(call.direction.value))
        event.add("X-CALLDIARY-OUTCOME", vText(call.status.value))
        event.add("X-CALLDIARY-TZ", vText(call.tz))
        if call.cancelled_by:
            event.add("X-CALLDIARY-CANCELLED-BY", vText(call.cancelled_by.value))
        if call.reason:
            event.add("X-CALLDIARY-REASON", vText(call.reason))
        if call.outcome_at:
            event.add("X-CALLDIARY-OUTCOME-AT", vText(utc_text(call.outcome_at)))
        if description != call.notes:
            event.add("X-CALLDIARY-NOTES", vText(call.notes))
        if call.no_show_by:
            event.add("X-CALLDIARY-NO-SHOW-BY", vText(call.no_show_by.value))
        if call.prep_minutes:
            event.add("X-CALLDIARY-PREP-MINUTES", vText(str(call.prep_minutes)))
        if call.turned_down:
            event.add("X-CALLDIARY-TURNED-DOWN", vText(call.turned_down))
        if contact_key(call.contact) in dropped_keys:
            event.add("X-CALLDIARY-CONTACT-DROPPED", vText("yes"))
            event.add("X-CALLDIARY-CONTACT-NOTE", vText(dropped_keys[contact_key(call.contact)]))
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
