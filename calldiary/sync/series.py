"""Outcomes (and edits) of occurrences of a recurring event, written back into the series, so
every device sees them: an occurrence changed here becomes a RECURRENCE-ID override of the
series (the standard way, which phone calendars show), carrying calldiary's fields in
X-CALLDIARY-* like any call's event; an occurrence deleted here becomes an EXDATE of the series.
The series' own properties (its rule, the phone's alarms, attendees) are left as they are. The
write is conditional on the series' etag; a 412 means it changed there meanwhile: read it
(merge), and write again."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from calldiary.sync.mapping import parse_calendar, render
from calldiary.sync.remote import SyncError
from calldiary.sync.state import KEEP

if TYPE_CHECKING:
    from calldiary.sync.engine import Sync

_RETRIES = 5
_SERIES_ONLY = ("RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID")


def write_back(sync: Sync) -> None:
    """Write every occurrence of this calendar's series that changed (or was deleted) here."""
    from calldiary.sync.incoming import differs

    sync.pending.flush()
    todo: dict[str, list[str]] = {}
    for key, record in sync.records.items():
        if record.get("cal") != sync.ckey or not record.get("rid") or not record.get("href"):
            continue
        if record.get("kind") == "series":
            here = sync.local(key)
            if here is not None and record.get("base") is not None and differs(here, record["base"]):
                todo.setdefault(record["href"], []).append(key)
        elif record.get("kind") == "gone" and not record.get("exdate"):
            todo.setdefault(record["href"], []).append(key)
    for href in sorted(todo):
        _write(sync, href, todo[href])


def _pending(sync: Sync, keys: list[str]) -> list[str]:
    from calldiary.sync.incoming import differs

    left = []
    for key in keys:
        record = sync.records.get(key)
        if record is None:
            continue
        here = sync.local(key)
        if (record.get("kind") == "gone" and not record.get("exdate")) or (
            record.get("kind") == "series" and here is not None and differs(here, record.get("base") or {})
        ):
            left.append(key)
    return left


def _write(sync: Sync, href: str, keys: list[str]) -> None:
    from calldiary.sync import readonly

    for _ in range(_RETRIES):
        found = sync.remote.get(href)
        if found is None:
            return  # the series is gone there: the next listing says so
        etag, text = found
        parsed = parse_calendar(text)
        if any(sync.records[key].get("etag") != etag for key in keys if key in sync.records):
            readonly.take(sync, href, etag, text, parsed, "series")  # changed there: merge it first
            sync.pending.flush()
            keys = _pending(sync, keys)
            if not keys:
                return
        docs = {key: sync.local(key) for key in keys}
        for key in keys:
            _apply(sync, parsed, sync.records[key], docs[key])
        put = sync.remote.put(href, parsed.to_ical().decode("utf-8"), etag)
        if put is None:
            continue  # changed there meanwhile: read, merge, write again
        new_etag = put or sync.remote.etag(href)
        for key, record in list(sync.records.items()):
            if record.get("href") != href or record.get("cal") != sync.ckey or key.startswith("~"):
                continue
            if key in docs and record.get("kind") == "gone":
                sync.keep(key, KEEP, KEEP, dict(record, etag=new_etag, exdate=True))
            elif key in docs:
                sync.keep(key, docs[key], KEEP, dict(record, etag=new_etag, base=docs[key]))
                sync.report.sent += 1
            else:
                sync.keep(key, KEEP, KEEP, dict(record, etag=new_etag))
        return
    raise SyncError(f"{sync.remote.server}: the event at {href} kept changing while being saved; try again")


def _master(calendar: Any) -> Any:
    return next((e for e in calendar.walk("VEVENT") if e.get("RECURRENCE-ID") is None), None)


def _rid_value(master: Any, rid: str, sync: Sync) -> datetime:
    """The occurrence's RECURRENCE-ID in the form of the series' DTSTART (its zone, UTC or floating)."""
    moment = datetime.fromisoformat(rid.replace("Z", "+00:00"))
    start = master.decoded("DTSTART")
    if isinstance(start, datetime) and start.tzinfo is not None:
        return moment.astimezone(start.tzinfo)
    if isinstance(start, datetime):  # floating: the user's wall clock
        from zoneinfo import ZoneInfo

        return moment.astimezone(ZoneInfo(sync.clock.tz.name)).replace(tzinfo=None)
    return moment.astimezone(UTC)


def _same_rid(event: Any, rid: str, sync: Sync) -> bool:
    from calldiary.clock import utc_text
    from calldiary.interop.ics import _instant

    try:
        found = _instant(event.decoded("RECURRENCE-ID"), sync.clock, "RECURRENCE-ID")
    except Exception:
        return False
    return found is not None and utc_text(found[0]) == rid


def _apply(sync: Sync, calendar: Any, record: dict[str, Any], doc: dict[str, Any] | None) -> None:
    """Put one occurrence's override (or its EXDATE) into the series."""
    import copy

    master = _master(calendar)
    if master is None:
        return
    rid = record["rid"]
    override = next(
        (e for e in calendar.walk("VEVENT") if e.get("RECURRENCE-ID") is not None and _same_rid(e, rid, sync)), None
    )
    if override is not None:
        calendar.subcomponents.remove(override)
    value = _rid_value(master, rid, sync)
    if doc is None:  # deleted here: not any more there either
        master.add("EXDATE", value)
        return
    existing = copy.deepcopy(override if override is not None else master)
    for name in _SERIES_ONLY:
        existing.pop(name, None)
    try:
        sequence = int(master.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        sequence = 0
    text = render(
        doc,
        uid=str(master.get("UID", "")),
        sequence=sequence,
        remind_before=sync.alarms,
        stamp=sync.clock.now(),
        existing=existing,
    )
    rendered = parse_calendar(text)
    event = rendered.walk("VEVENT")[0]
    event.add("RECURRENCE-ID", value)
    calendar.add_component(event)
    names = {str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")}
    for zone in rendered.walk("VTIMEZONE"):
        if str(zone.get("TZID")) not in names:
            calendar.subcomponents.insert(0, zone)
