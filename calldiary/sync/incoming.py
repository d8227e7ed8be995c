"""One event of our own calendar merged into its call (`take`): read over the base (or the
call here, or as a new call by the .ics import's rules), checked by the rules every call obeys,
merged three ways, and sent back when the server lacks part of the merge (If-Match; a 412
fetches, merges and tries again)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from calldiary.errors import CallDiaryError
from calldiary.interop.batch import id_for_uid
from calldiary.model import check_fields, doc_problem, from_doc
from calldiary.notes_limit import check_notes
from calldiary.sync.fields import has_marker
from calldiary.sync.mapping import EventError, event_to_doc, parse_calendar, render, the_event
from calldiary.sync.merge import groups, merge
from calldiary.sync.remote import SyncError
from calldiary.sync.state import KEEP

if TYPE_CHECKING:
    from calldiary.sync.engine import Sync

_RETRIES = 5


def differs(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """True when two call documents differ in anything but when they were created or changed."""
    return any(one.get(f) != other.get(f) for group in groups() for f in group)


def is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def take(sync: Sync, href: str, etag: str, event: Any) -> None:
    """Merge the event at `href` into its call, and send the merge back when the server lacks part of it."""
    uid = str(event.get("UID", "")).strip()
    known = [k for k in sync.by_href().get(href, []) if sync.records[k].get("kind") == "own"]
    call_id = known[0] if known else (uid if is_uuid(uid) else id_for_uid(uid))
    for _ in range(_RETRIES):
        record = sync.records.get(call_id)
        base = record.get("base") if record else None
        here = sync.local(call_id)
        if here is None and record is not None and (record.get("etag") == etag or record.get("base") is None):
            return  # deleted here, unchanged there (or never confirmed): the local pass deletes it there
        fallback = base or here or _fresh(sync, event, call_id)
        if fallback is None:
            sync.pending.other("~" + href, {"href": href, "etag": etag, "cal": sync.ckey, "kind": "ignored"})
            return
        there = event_to_doc(event, fallback, sync.clock)
        there["id"] = call_id
        problem = doc_problem(there)
        if problem is None:
            call = from_doc(there)
            try:  # (the form's, the CLI's and the import's check: its span in the years kept too)
                check_fields(call.contact, call.minutes, call.prep_minutes, call.start)
                if call.notes != (here or {}).get("notes"):  # (a note the diary holds may come back)
                    check_notes(call.notes)
            except CallDiaryError as error:
                problem = f"{named(event, uid)}: {error}"
        if problem:
            raise EventError(problem)
        if here is None:
            doc, losses, send = there, [], not has_marker(event)
        else:
            merged = merge(base, here, there)
            doc, losses = merged.doc, merged.losses
            send = not has_marker(event) or differs(doc, there)
        new_etag = etag
        sequence = _sequence(event) + (1 if (doc["start"], doc["minutes"]) != (there["start"], there["minutes"]) else 0)
        if send:
            text = render(
                doc,
                uid=uid or call_id,
                sequence=sequence,
                remind_before=sync.alarms,
                stamp=sync.clock.now(),
                existing=event,
            )
            put = sync.remote.put(href, text, etag)
            if put is None:  # changed there meanwhile: fetch, merge, retry
                found = sync.remote.get(href)
                if found is None:
                    sync.gone_there(call_id)
                    return
                etag, event = found[0], the_event(parse_calendar(found[1]))
                continue
            new_etag = put or sync.remote.etag(href)
        _count(sync, here, doc, there, send, bool(losses))
        history = list((record or {}).get("history", [])) + [loss.as_doc(doc["updated"]) for loss in losses]
        sync.keep(
            call_id,
            here,
            doc if doc != here else KEEP,
            sync.record(href, new_etag, doc, uid or call_id, sequence, history),
        )
        return
    raise SyncError(f"{sync.remote.server}: the event at {href} kept changing while being saved; try again")


def named(event: Any, uid: str) -> str:
    """The event as the user knows it: its title (and its UID)."""
    return f"{str(event.get('SUMMARY', '')).strip()!r} (UID {uid!r})"


def _count(
    sync: Sync, here: dict[str, Any] | None, doc: dict[str, Any], there: dict[str, Any], send: bool, lost: bool
) -> None:
    changed_here = here is None or differs(doc, here)
    if here is not None and (lost or (changed_here and send)):
        sync.report.merged += 1
    elif changed_here:
        sync.report.received += 1
    elif send:
        sync.report.sent += 1


def _fresh(sync: Sync, event: Any, call_id: str) -> dict[str, Any] | None:
    """A new call from an event made elsewhere (the .ics import's rules), or None (all-day, too long)."""
    from icalendar import Calendar

    from calldiary.interop.ics import IcsError, read_ics
    from calldiary.model import Direction, to_doc

    calendar = Calendar()
    calendar.add("PRODID", "-//calldiary//sync//EN")
    calendar.add("VERSION", "2.0")
    calendar.add_component(event)
    try:
        batch = read_ics(
            calendar.to_ical(),
            sync.clock,
            default_minutes=sync.settings.default_minutes,
            default_direction=Direction(sync.settings.default_direction),
        )
    except IcsError as error:
        raise EventError(str(error)) from None
    if not batch.calls:
        return None
    doc = to_doc(batch.calls[0])
    doc["id"] = call_id
    return doc


def _sequence(event: Any) -> int:
    try:
        return int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0
