"""Calls read from events of others: the occurrences of a recurring event (one call each, in the
.ics import's window, each with its own outcome) and the events of watched calendars whose SUMMARY
matches `watch_pattern`. They follow their event's changes (merged against the base, so an outcome
or an edit made here stays). Watched calendars are never written; what changes here in an
occurrence goes back into its series as a RECURRENCE-ID override (series.py), which this reads
like any event calldiary wrote (its X-CALLDIARY-* properties)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calldiary.clock import utc_text
from calldiary.errors import CallDiaryError
from calldiary.interop.batch import Batch
from calldiary.interop.ics import RECURRENCE_WINDOW_DAYS, IcsError, _recurrence_id, read_ics
from calldiary.model import Direction, check_fields, to_doc
from calldiary.notes_limit import check_notes
from calldiary.sync.fields import has_marker
from calldiary.sync.mapping import EventError, event_to_doc, is_series
from calldiary.sync.merge import merge
from calldiary.sync.state import KEEP

if TYPE_CHECKING:
    from calldiary.sync.engine import Sync


def take(sync: Sync, href: str, etag: str, text: str, parsed: Any, kind: str) -> None:
    from calldiary.sync.incoming import differs, named

    events = parsed.walk("VEVENT")
    master = next((e for e in events if e.get("RECURRENCE-ID") is None), events[0] if events else None)
    pattern = sync.pattern
    wanted = master is not None and (
        kind != "watch" or pattern is None or bool(pattern.search(str(master.get("SUMMARY", ""))))
    )
    calls = []
    batch = Batch()
    if wanted:
        try:
            batch = read_ics(
                text.encode("utf-8"),
                sync.clock,
                default_minutes=sync.settings.default_minutes,
                default_direction=Direction(sync.settings.default_direction),
            )
        except IcsError as error:
            raise EventError(str(error)) from None
        calls = batch.calls
        for call in calls:  # (the form's, the CLI's and the import's checks)
            try:
                check_fields(call.contact, call.minutes, call.prep_minutes, call.start)
                if call.notes != (sync.local(call.id) or {}).get("notes"):
                    check_notes(call.notes)
            except CallDiaryError as error:
                event = master if master is not None else {}
                raise EventError(f"{named(event, str(event.get('UID', '')).strip())}: {error}") from None
    recurring = is_series(parsed)
    overrides = _overrides(sync, parsed) if recurring else {}
    before = [key for key in sync.by_href().get(href, []) if not key.startswith("~")]
    if not calls:
        for key in before:
            sync.gone_there(key)
        ignored = {"href": href, "etag": etag, "cal": sync.ckey, "kind": "ignored", "recurring": recurring}
        sync.pending.other("~" + href, ignored)
        return
    if sync.records.pop("~" + href, None) is not None:
        sync.pending.other("~" + href, None)
    seen = set()
    for call in calls:
        there = to_doc(call)
        rid = batch.recurrence.get(call.id, "")
        if rid in overrides:  # an occurrence a calldiary wrote back: its fields, exactly
            there = event_to_doc(overrides[rid], there, sync.clock)
            there["id"] = call.id
        seen.add(call.id)
        record = sync.records.get(call.id)
        here = sync.local(call.id)
        history = list((record or {}).get("history", []))
        new: dict[str, Any] = {
            "href": href,
            "etag": etag,
            "cal": sync.ckey,
            "kind": kind,
            "base": there,
            "history": history,
        }
        if recurring:
            new.update(rid=rid, recurring=True)
        if record is not None and record.get("kind") in ("gone", "detached"):
            continue
        if here is None and record is not None:  # deleted here: not again
            sync.keep(call.id, None, None, dict(new, kind="gone"))
            continue
        if here is None:
            sync.keep(call.id, None, there, new)
            sync.report.received += 1
            continue
        merged = merge(record.get("base") if record else None, here, there)
        new["history"] = history + [loss.as_doc(merged.doc["updated"]) for loss in merged.losses]
        if differs(merged.doc, here):
            if merged.here_changed:
                sync.report.merged += 1
            else:
                sync.report.received += 1
        sync.keep(call.id, here, merged.doc if merged.doc != here else KEEP, new)
    low = utc_text(sync.clock.now().subtract(days=RECURRENCE_WINDOW_DAYS))
    for key in before:
        base = sync.records.get(key, {}).get("base") or {}
        if key not in seen and not (recurring and base.get("start", low) < low):  # (not: past the window)
            sync.gone_there(key)


def _overrides(sync: Sync, parsed: Any) -> dict[str, Any]:
    """The series' RECURRENCE-ID overrides that carry calldiary's fields, by RECURRENCE-ID."""
    found = {}
    for event in parsed.walk("VEVENT"):
        if event.get("RECURRENCE-ID") is not None and has_marker(event):
            rid = _recurrence_id(event, sync.clock)
            if rid:
                found[rid] = event
    return found
