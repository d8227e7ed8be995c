"""iCalendar import and export, with the icalendar library (and recurring-ical-events for series).

Import rule (see README): each VEVENT becomes a call.
- DTSTART with TZID (IANA, Windows names as Outlook writes them, or the file's own VTIMEZONE),
  in UTC, or floating (taken in the user's zone); DTEND or DURATION give the length (default:
  the default call length). All-day events are skipped and counted; events longer than a day too.
- SUMMARY "Call with Ann Lee - Pricing" gives contact "Ann Lee" and topic "Pricing": a leading
  "Call with " / "Call: " is dropped, and the first " - ", " – ", " — " or ": " splits contact from
  topic. DESCRIPTION becomes the prep notes; LOCATION (else URL) the phone or link.
- STATUS:CANCELLED becomes cancelled (by them). calldiary's own X-CALLDIARY-* properties, when
  present, restore everything exactly (contact, topic, direction, outcome, who cancelled, why,
  whose no-show, prep minutes, what was turned down, the contact's dropped note).
- Export (calldiary.interop.ics_write) shows the outcome where other calendars see it:
  "[no-show] " (or [kept], [cancelled]) at the start of SUMMARY and an "Outcome: …" first line in
  DESCRIPTION; import takes both off again (and reads the outcome from them when a calendar
  dropped the X- properties).
- Recurring events are expanded from RECURRENCE_WINDOW_DAYS before today to as many after.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from typing import Any

import pendulum
from pendulum import DateTime

from calldiary.clock import MAX_YEAR, UTC, Clock, check_moment, in_range, utc_text, zone_ok
from calldiary.errors import WhenError
from calldiary.importbase import EVENT_FIELDS
from calldiary.interop.batch import Batch, id_for_uid
from calldiary.interop.icsguard import MAX_OCCURRENCES, MAX_PER_SERIES, check_ics_text
from calldiary.interop.icsguard import IcsError as IcsError
from calldiary.model import DEFAULT_MINUTES, MAX_MINUTES, Call, Direction, Party, Status
from calldiary.when import local_moment

RECURRENCE_WINDOW_DAYS = 365
_SPLIT = re.compile(r" [-–—] |: ")
_PREFIX = re.compile(r"^(call with |call: |call - )", re.IGNORECASE)
_TAG = re.compile(r"^\[(kept|no-show|cancelled)\]\s*", re.IGNORECASE)
_OUTCOME_LINE = re.compile(r"^Outcome: (kept|no-show|cancelled)[^\n]*(\n\n|\n|$)")


def _untag(summary: str) -> tuple[str, Status | None]:
    """ "[no-show] Ann - Pricing" -> ("Ann - Pricing", NO_SHOW)."""
    found = _TAG.match(summary.strip())
    if not found:
        return summary, None
    word = found[1].lower()
    status = {"kept": Status.KEPT, "no-show": Status.NO_SHOW, "cancelled": Status.CANCELLED}[word]
    return summary.strip()[found.end() :], status


def split_summary(summary: str) -> tuple[str, str]:
    """ "Call with Ann Lee - Pricing" -> ("Ann Lee", "Pricing")."""
    text = _PREFIX.sub("", summary.strip())
    parts = _SPLIT.split(text, maxsplit=1)
    contact = parts[0].strip()
    topic = parts[1].strip() if len(parts) > 1 else ""
    return (contact or summary.strip() or "(no name)"), topic


def _line_of(raw: str, needle: str) -> int | None:
    for number, line in enumerate(raw.splitlines(), start=1):
        if needle and needle in line:
            return number
    return None


def _event_lines(raw: str) -> list[int]:
    return [n for n, line in enumerate(raw.splitlines(), start=1) if line.strip().upper() == "BEGIN:VEVENT"]


def _zone_name(moment: datetime, clock: Clock) -> str:
    """The IANA name of an event's zone where one can be found, else the user's zone."""
    key = (id(moment.tzinfo), clock.tz.name)
    found = _ZONES.get(key)
    if found is None:
        # The entry keeps the tzinfo alive, so its id can't be reused by another zone.
        found = _ZONES[key] = (moment.tzinfo, _resolve_zone(moment.tzinfo, clock))
    return found[1]


_ZONES: dict[tuple[int, str], tuple[Any, str]] = {}


def _resolve_zone(tzinfo: Any, clock: Clock) -> str:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    for name in (getattr(tzinfo, "key", None), getattr(tzinfo, "name", None), str(tzinfo or "")):
        if not name:
            continue
        name = str(name).strip("'")
        if name in WINDOWS_TO_OLSON:
            return WINDOWS_TO_OLSON[name]
        try:
            pendulum.timezone(name)
        except Exception:
            continue
        return name
    return clock.tz.name


_BYTES_SHOWN = re.compile(r":?\s*(?<!\w)b(['\"])(?:\\.|(?!\1).)*\1(?:\s*\[\.\.\.\])?", re.DOTALL)
_RANGE_END = datetime(MAX_YEAR + 1, 1, 1, tzinfo=UTC)


def _instant(value: Any, clock: Clock, what: str) -> tuple[DateTime, str] | None:
    """An event time as a UTC instant plus its zone name; None for a date (all-day)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:  # floating: the user's own wall clock
            found = local_moment(clock, value.date(), value.hour, value.minute)
            return found.at.in_tz(UTC), clock.tz.name
        if what != "DTEND" or value.astimezone(UTC) != _RANGE_END:  # a call may end at the range's very end
            check_moment(value, what)
        moment = pendulum.instance(value.astimezone(UTC), tz=UTC)
        return moment, _zone_name(value, clock)
    if isinstance(value, date):
        return None
    raise IcsError(f"{what} is not a date-time")


def read_ics(
    raw: bytes,
    clock: Clock,
    *,
    default_minutes: int = DEFAULT_MINUTES,
    default_direction: Direction = Direction.THEY_CALL,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda items: items,
) -> Batch:
    """Every call in an .ics file, or IcsError naming the line or event where it stopped."""
    from icalendar import Calendar

    text = raw.decode("utf-8", errors="replace")
    now = clock.now()
    check_ics_text(text, now.add(days=RECURRENCE_WINDOW_DAYS).date())
    try:
        calendar = Calendar.from_ical(raw)
    except RecursionError:
        raise IcsError("not a valid iCalendar file: its components nest too deep") from None
    except ValueError as error:
        if b"END:VCALENDAR" not in raw.upper():
            raise IcsError("not a valid iCalendar file: it ends before END:VCALENDAR (cut short?)") from None
        message = str(error)
        quoted = re.search(r"'([^']{3,})'", message)
        line = _line_of(text, quoted.group(1)) if quoted else None
        spot = f"line {line}: " if line else ""
        message = _BYTES_SHOWN.sub("", message).strip() or "it can't be read"  # no b'...' dumps of the file
        raise IcsError(f"not a valid iCalendar file: {spot}{message.splitlines()[0][:160]}") from None
    if calendar.name != "VCALENDAR":
        raise IcsError("not an iCalendar file: it does not start with BEGIN:VCALENDAR")

    events = list(calendar.walk("VEVENT"))
    starts = _event_lines(text)
    batch = Batch()
    recurring: set[str] = set()
    for event in events:
        if event.get("RRULE") or event.get("RDATE") or event.get("RECURRENCE-ID"):
            recurring.add(str(event.get("UID", "")))
    plain_events = [(n, e) for n, e in enumerate(events) if str(e.get("UID", "")) not in recurring]

    def where(number: int, event: Any) -> str:
        line = f"line {starts[number]}, " if number < len(starts) else ""
        return f"{line}event {number + 1} (UID {str(event.get('UID', '?'))!r}, {str(event.get('SUMMARY', ''))!r})"

    for number, event in progress(plain_events):
        _add_event(batch, event, clock, now, default_minutes, default_direction, partial(where, number, event))
    _report_shared_uids(batch, plain_events, where)
    if recurring:
        for event in _occurrences(calendar, now, recurring, batch):
            before = len(batch.calls)
            _add_event(
                batch,
                event,
                clock,
                now,
                default_minutes,
                default_direction,
                partial(_occurrence_name, event),
                occurrence=True,
            )
            batch.occurrences += len(batch.calls) - before
    return batch


def _occurrences(calendar: Any, now: DateTime, recurring: set[str], batch: Batch) -> list[Any]:
    """The recurring events' occurrences in the window, at most MAX_PER_SERIES of a series and
    MAX_OCCURRENCES in all; what is left out is counted in a note."""
    import recurring_ical_events

    low = now.subtract(days=RECURRENCE_WINDOW_DAYS)
    high = now.add(days=RECURRENCE_WINDOW_DAYS)
    found: list[Any] = []
    dropped = 0
    try:
        for series in recurring_ical_events.of(calendar).series:
            if str(series.uid) not in recurring:
                continue
            kept = 0
            for occurrence in series.between(low, high):
                if kept >= MAX_PER_SERIES or len(found) >= MAX_OCCURRENCES:
                    dropped += 1
                    continue
                found.append(occurrence.as_component(False))
                kept += 1
    except IcsError:
        raise
    except Exception as error:  # the library's own errors: a broken rule or date
        raise IcsError(f"a recurring event can't be expanded: {str(error)[:160]}") from None
    if dropped:
        batch.notes.append(
            f"{dropped} occurrence{'s' if dropped != 1 else ''} of recurring events dropped "
            f"(at most {MAX_PER_SERIES:,} of one series and {MAX_OCCURRENCES:,} in all are imported)"
        )
    return found


def _report_shared_uids(batch: Batch, events: list[tuple[int, Any]], where: Callable[[int, Any], str]) -> None:
    """Two different events with one UID become one call: say so, naming both."""
    first: dict[str, tuple[int, Any]] = {}
    for number, event in events:
        uid = str(event.get("UID", ""))
        if not uid or event.get("RECURRENCE-ID") is not None:
            continue
        if uid in first:
            earlier = first[uid]
            if earlier[1].to_ical() != event.to_ical():
                batch.notes.append(
                    f"{where(number, event)} shares its UID with {where(*earlier)}: only the later one was imported"
                )
        else:
            first[uid] = (number, event)


def _recurrence_id(event: Any, clock: Clock) -> str:
    """The occurrence's RECURRENCE-ID as a UTC instant text ("" when it has none or a date): the
    occurrence's identity even when it was moved to another time."""
    try:
        found = _instant(event.decoded("RECURRENCE-ID"), clock, "RECURRENCE-ID")
    except Exception:
        return ""
    return utc_text(found[0]) if found else ""


def _occurrence_name(event: Any) -> str:
    return f"an occurrence of UID {str(event.get('UID', '?'))!r}"


def _add_event(
    batch: Batch,
    event: Any,
    clock: Clock,
    now: DateTime,
    default_minutes: int,
    default_direction: Direction,
    where: Callable[[], str],
    *,
    occurrence: bool = False,
) -> None:
    errors = getattr(event, "errors", None)
    if errors:
        prop, problem = errors[0]
        raise IcsError(f"{where()}: {prop}: {problem}")
    try:
        if event.get("DTSTART") is None:
            raise IcsError("it has no DTSTART")
        start = _instant(event.decoded("DTSTART"), clock, "DTSTART")
        if start is None:
            batch.all_day += 1
            return
        begin, zone = start
        if event.get("DTEND") is not None:
            end = _instant(event.decoded("DTEND"), clock, "DTEND")
            minutes = round((end[0] - begin).total_seconds() / 60) if end else default_minutes
        elif event.get("DURATION") is not None:
            minutes = round(event.decoded("DURATION").total_seconds() / 60)
        else:
            minutes = default_minutes
    except (IcsError, WhenError) as error:
        raise IcsError(f"{where()}: {error}") from None
    except Exception as error:
        raise IcsError(f"{where()}: {str(error)[:160]}") from None
    if minutes > MAX_MINUTES:
        batch.too_long += 1
        return
    minutes = max(minutes, 1)
    uid = str(event.get("UID", "")) or f"{utc_text(begin)}|{event.get('SUMMARY', '')}"
    recurrence = ""
    if occurrence or event.get("RECURRENCE-ID") is not None:
        recurrence = _recurrence_id(event, clock) or utc_text(begin)
    x = {key.upper(): _text(value) for key, value in event.items() if key.upper().startswith("X-CALLDIARY-")}
    summary, tagged = _untag(str(event.get("SUMMARY", "")))
    contact, topic = split_summary(summary)
    contact = x.get("X-CALLDIARY-CONTACT", contact)
    topic = x.get("X-CALLDIARY-TOPIC", topic)
    status = Status.CANCELLED if str(event.get("STATUS", "")).upper() == "CANCELLED" else tagged or Status.PLANNED
    description = str(event.get("DESCRIPTION", ""))
    notes = x["X-CALLDIARY-NOTES"] if "X-CALLDIARY-NOTES" in x else _OUTCOME_LINE.sub("", description, count=1)
    try:
        status = Status(x["X-CALLDIARY-OUTCOME"]) if "X-CALLDIARY-OUTCOME" in x else status
        direction = Direction(x["X-CALLDIARY-DIRECTION"]) if "X-CALLDIARY-DIRECTION" in x else default_direction
        by = Party(x["X-CALLDIARY-CANCELLED-BY"]) if x.get("X-CALLDIARY-CANCELLED-BY") else None
        no_show_by = Party(x["X-CALLDIARY-NO-SHOW-BY"]) if x.get("X-CALLDIARY-NO-SHOW-BY") else None
        prep = int(x.get("X-CALLDIARY-PREP-MINUTES") or 0)
        if not 0 <= prep <= MAX_MINUTES:
            raise ValueError(f"X-CALLDIARY-PREP-MINUTES {prep} is not between 0 and {MAX_MINUTES}")
    except ValueError as error:
        raise IcsError(f"{where()}: {error}") from None
    if "X-CALLDIARY-CONTACT-DROPPED" in x:
        batch.dropped[contact.strip()] = x.get("X-CALLDIARY-CONTACT-NOTE", "")
    tz = x.get("X-CALLDIARY-TZ", zone)
    if not zone_ok(tz):
        raise IcsError(f"{where()}: X-CALLDIARY-TZ {tz!r} is not an IANA time zone")
    link = str(event.get("LOCATION", "") or event.get("URL", "") or "")
    created = _stamp(event, "CREATED") or now
    updated = _stamp(event, "LAST-MODIFIED") or created
    outcome_at = None
    if status is not Status.PLANNED:
        outcome_at = _x_time(x.get("X-CALLDIARY-OUTCOME-AT")) or updated
    call_id = id_for_uid(uid, recurrence)
    if recurrence:
        batch.recurrence[call_id] = recurrence
    if "X-CALLDIARY-OUTCOME" not in x:
        batch.carried[call_id] = EVENT_FIELDS  # another calendar's event: merged field by field
    batch.calls.append(
        Call(
            id=call_id,
            contact=contact.strip() or "(no name)",
            start=begin,
            tz=tz,
            created=created.in_tz(UTC),
            updated=updated.in_tz(UTC),
            minutes=minutes,
            direction=direction,
            topic=topic.strip(),
            notes=notes.rstrip(),
            link=link.strip(),
            status=status,
            cancelled_by=(by or Party.THEM) if status is Status.CANCELLED else None,
            reason=x.get("X-CALLDIARY-REASON", "") if status is Status.CANCELLED else "",
            outcome_at=outcome_at.in_tz(UTC) if outcome_at else None,
            prep_minutes=prep,
            turned_down=x.get("X-CALLDIARY-TURNED-DOWN", ""),
            no_show_by=(no_show_by or (Party.THEM if direction is Direction.THEY_CALL else Party.ME))
            if status is Status.NO_SHOW
            else None,
        )
    )


_ESCAPED = re.compile(r"\\([\\;,nN])")


def _text(value: Any) -> str:
    """An X- property's TEXT value, unescaped (icalendar leaves unknown properties as written)."""
    return _ESCAPED.sub(lambda m: "\n" if m[1] in "nN" else m[1], str(value))


def _stamp(event: Any, name: str) -> DateTime | None:
    try:
        value = event.decoded(name)
    except Exception:
        return None
    if isinstance(value, datetime) and value.tzinfo is not None and in_range(value):
        return pendulum.instance(value.astimezone(UTC), tz=UTC)
    return None


def _x_time(text: str | None) -> DateTime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if moment.tzinfo is None or not in_range(moment):
            return None
        return pendulum.instance(moment.astimezone(UTC), tz=UTC)
    except ValueError:
        return None
