"""Calls read from events calldiary never writes: the occurrences of a recurring event (one call
each, in the .ics import's window, each with its own outcome) and the events of watched calendars
whose SUMMARY matches `watch_pattern`. They follow their event's changes (merged against the base,
so an outcome or an edit made here stays) and are never written back."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from calldiary.interop.ics import IcsError, read_ics
from calldiary.model import Direction, to_doc
from calldiary.sync.mapping import EventError
from calldiary.sync.merge import merge
from calldiary.sync.state import KEEP

if TYPE_CHECKING:
    from calldiary.sync.engine import Sync


def watch_pass(sync: Sync, calendar: Any, pattern: re.Pattern[str]) -> None:
    sync.pattern = pattern
    sync.calendar_pass(calendar, watched=True)


def take(sync: Sync, href: str, etag: str, text: str, parsed: Any, kind: str) -> None:
    from calldiary.sync.engine import differs

    events = parsed.walk("VEVENT")
    master = next((e for e in events if e.get("RECURRENCE-ID") is None), events[0] if events else None)
    pattern = sync.pattern
    wanted = master is not None and (
        kind != "watch" or pattern is None or bool(pattern.search(str(master.get("SUMMARY", ""))))
    )
    calls = []
    if wanted:
        try:
            calls = read_ics(
                text.encode("utf-8"),
                sync.clock,
                default_minutes=sync.settings.default_minutes,
                default_direction=Direction(sync.settings.default_direction),
            ).calls
        except IcsError as error:
            raise EventError(str(error)) from None
    before = [key for key in sync.by_href().get(href, []) if not key.startswith("~")]
    if not calls:
        for key in before:
            sync.gone_there(key)
        sync.pending.other("~" + href, {"href": href, "etag": etag, "cal": sync.ckey, "kind": "ignored"})
        return
    if sync.records.pop("~" + href, None) is not None:
        sync.pending.other("~" + href, None)
    seen = set()
    for call in calls:
        there = to_doc(call)
        seen.add(call.id)
        record = sync.records.get(call.id)
        here = sync.local(call.id)
        history = list((record or {}).get("history", []))
        new = {"href": href, "etag": etag, "cal": sync.ckey, "kind": kind, "base": there, "history": history}
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
    for key in before:
        if key not in seen:
            sync.gone_there(key)
