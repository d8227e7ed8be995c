"""`calldiary sync`: make the diary and the server's calendar agree, both ways.

1. List what changed there (the collection's sync token, else every etag compared with the ones
   remembered), fetch those events and merge each into its call against the base (incoming.py,
   merge.py).
2. Events gone there: delete the call here if it is unchanged here, else send it again.
3. Calls new or changed here are sent (If-None-Match / If-Match); calls deleted here are deleted
   there (If-Match). A 412 means "changed there meanwhile": fetch, merge, retry.
4. Watched calendars are read only (readonly.py).
Every call is applied atomically with its sync record; the token is saved last, so a sync that
stops anywhere (an error, a kill -9) is picked up by the next one without duplicates or losses.
"""

from __future__ import annotations

import re
from typing import Any

from calldiary.config import Settings
from calldiary.errors import CallDiaryError
from calldiary.store import Diary
from calldiary.sync import incoming
from calldiary.sync.incoming import differs
from calldiary.sync.mapping import EventError, is_series, parse_calendar, render, the_event
from calldiary.sync.password import password_of
from calldiary.sync.remote import CalendarGone, Remote, canonical
from calldiary.sync.report import Report
from calldiary.sync.state import KEEP, Pending, records

LOCK_TIMEOUT = 60.0


def run_sync(diary: Diary, settings: Settings, remote: Remote | None = None) -> Report:
    """One sync of `diary` with the [caldav] settings; raises SyncError / CallDiaryError."""
    from filelock import FileLock, Timeout

    if settings.caldav is None:
        raise CallDiaryError("no [caldav] settings: add them to the settings file (see README, Sync)")
    if remote is None:
        from calldiary.sync.need import require_caldav

        require_caldav()
    lock = FileLock(f"{diary.path}.sync.lock", timeout=LOCK_TIMEOUT, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise CallDiaryError(f"{diary.path}: another sync of this diary is still running") from None
    try:
        cfg = settings.caldav
        remote = remote or Remote(cfg.url, cfg.username, password_of(cfg))
        return Sync(diary, settings, remote).run()
    finally:
        lock.release()


class Sync:
    def __init__(self, diary: Diary, settings: Settings, remote: Remote):
        assert settings.caldav is not None
        self.cfg = settings.caldav
        self.diary = diary
        self.clock = diary.clock
        self.settings = settings
        self.alarms = [int(m) for m in getattr(settings, "remind_before", [10])]
        self.remote = remote
        self.report = Report()
        self.pending = Pending(diary)
        self.records: dict[str, dict[str, Any]] = {}
        self.done: set[str] = set()
        self.cal: Any = None
        self.ckey = ""
        self.pattern: re.Pattern[str] | None = None

    # --- the run ---------------------------------------------------------------------------

    def run(self) -> Report:
        try:
            self.sync_calendar(self.cfg.calendar, watched=False)
            self.pattern = re.compile(self.cfg.watch_pattern)
            for name in self.cfg.watch:
                self.sync_calendar(name, watched=True)
        finally:
            self.pending.flush()
        return self.report

    def sync_calendar(self, name: str, *, watched: bool) -> None:
        """One pass over the calendar with that display name. Its URL is remembered, so a sync
        makes no discovery requests (principal, home set, calendar list) until it answers 404."""
        key = f"#{name}|{self.cfg.username}|{self.cfg.url}"
        known = records(self.diary).get(key)
        if known and known.get("url"):
            try:
                self.calendar_pass(self.remote.calendar_at(known["url"]), watched=watched)
                return
            except CalendarGone:
                self.pending.other(key, None)
        calendar = self.remote.calendar(name, create=not watched)
        self.pending.other(key, {"url": str(calendar.url)})
        self.calendar_pass(calendar, watched=watched)

    def calendar_pass(self, calendar: Any, *, watched: bool) -> None:
        from calldiary.sync import readonly, series

        self.cal, self.ckey = calendar, canonical(calendar.url)
        self.records = dict(records(self.diary))
        meta = self.records.get("@" + self.ckey) or {}
        listing = self.remote.listing(calendar, meta.get("token"))
        by_href = self.by_href()
        changed = {
            href: etag
            for href, etag in listing.changed.items()
            if not by_href.get(href) or any(self.records[key].get("etag") != etag for key in by_href[href])
        }
        today = self.clock.today().isoformat()
        if meta.get("day") != today:  # the window moved: new occurrences of unchanged series enter it
            for record in self.records.values():
                recurring = record.get("recurring") or record.get("kind") == "series"
                if recurring and record.get("cal") == self.ckey and record.get("href"):
                    changed.setdefault(record["href"], record.get("etag", ""))
        gone = set(listing.deleted)
        if listing.full:
            gone |= {href for href in by_href if href not in listing.changed}
        fetched = self.remote.fetch(calendar, sorted(changed))
        gone |= set(changed) - set(fetched)
        for href in sorted(fetched):
            etag, text = fetched[href]
            try:
                parsed = parse_calendar(text)
                if watched or is_series(parsed):
                    readonly.take(self, href, etag, text, parsed, "watch" if watched else "series")
                else:
                    self.take(href, etag, the_event(parsed))
            except EventError as problem:
                self.report.problems.append(f"{self.remote.server}: skipped the event at {href}: {problem}")
        for href in sorted(gone & set(by_href)):
            for key in by_href[href]:
                if key not in self.done:
                    self.gone_there(key)
        if not watched:
            self.local_pass()
            series.write_back(self)
        self.pending.flush()
        done = dict(meta, token=listing.token, day=today)
        if not self.pending.skipped and not self.report.problems and done != meta:
            self.pending.other("@" + self.ckey, done)
            self.pending.flush()

    def by_href(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for key, record in self.records.items():
            if record.get("cal") == self.ckey and record.get("href"):
                found.setdefault(record["href"], []).append(key)
        return found

    def local(self, call_id: str) -> dict[str, Any] | None:
        found = self.diary.doc(call_id)
        return dict(found) if found is not None else None

    def keep(self, key: str, expected: Any, doc: Any, record: dict[str, Any] | None) -> None:
        """Queue one call's new document and record (written together, atomically)."""
        self.done.add(key)
        if record is None:
            self.records.pop(key, None)
        else:
            self.records[key] = record
        self.pending.call(key, expected, doc, record)

    # --- one event of our calendar -----------------------------------------------------------

    def take(self, href: str, etag: str, event: Any) -> None:
        """Merge the event at `href` into its call (incoming.py)."""
        incoming.take(self, href, etag, event)

    def record(
        self,
        href: str,
        etag: str,
        doc: dict[str, Any] | None,
        uid: str,
        sequence: int,
        history: list[dict[str, Any]],
        kind: str = "own",
    ) -> dict[str, Any]:
        return {
            "href": href,
            "etag": etag,
            "cal": self.ckey,
            "kind": kind,
            "uid": uid,
            "seq": sequence,
            "base": doc,
            "history": history,
        }

    # --- gone there -------------------------------------------------------------------------

    def gone_there(self, key: str) -> None:
        record = self.records.get(key)
        if record is None:
            return
        if key.startswith("~"):
            self.done.add(key)
            self.records.pop(key, None)
            self.pending.other(key, None)
            return
        here = self.local(key)
        kind = record.get("kind")
        if record.get("base") is None:  # being sent when a sync stopped
            if here is None:
                self.keep(key, None, KEEP, None)
            return  # else the local pass sends it
        if here is None:
            self.keep(key, None, KEEP, None)
        elif not differs(here, record["base"]):
            self.keep(key, here, None, None)
            self.report.deleted_here += 1
        elif kind == "own":  # deleted there but changed here: send it again
            text = render(
                here,
                uid=record.get("uid") or key,
                sequence=int(record.get("seq", 0)) + 1,
                remind_before=self.alarms,
                stamp=self.clock.now(),
            )
            etag = self.remote.put(record["href"], text, None)
            if etag is None:
                self.done.add(key)  # made again there meanwhile: the next sync merges it
                return
            etag = etag or self.remote.etag(record["href"])
            self.keep(key, here, KEEP, dict(record, etag=etag, base=here))
            self.report.sent += 1
        else:  # a read-only call changed here: it stays, as the diary's own
            self.keep(key, here, KEEP, {"kind": "detached", "base": here, "history": record.get("history", [])})

    # --- here to there ----------------------------------------------------------------------

    def local_pass(self) -> None:
        calls = {doc["id"]: doc for doc in self.diary.docs()}
        # First remember that these calls are being sent (a sync killed right after a PUT must
        # not later take the event for one made elsewhere, e.g. once the call is deleted here).
        # A call synced with another calendar (this one was made anew after it vanished there, or
        # another one is configured) goes to this one like a new call.
        for call_id, raw in calls.items():
            known = self.records.get(call_id)
            elsewhere = known is not None and known.get("kind") == "own" and known.get("cal") != self.ckey
            if call_id not in self.done and (known is None or elsewhere):
                href = canonical(self.cal.url.join(f"{call_id}.ics"))
                intent = self.record(href, "", None, call_id, 0, list((known or {}).get("history", [])))
                self.pending.call(call_id, dict(raw), KEEP, intent)
                self.records[call_id] = intent
        self.pending.flush()
        for call_id, raw in calls.items():
            if call_id in self.done:
                continue
            record = self.records.get(call_id)
            if record is None or record.get("base") is None:
                self.send_new(dict(raw))
            elif record.get("kind") == "own" and raw != record.get("base") and differs(raw, record["base"]):
                found = self.remote.get(record["href"])
                if found is None:
                    self.gone_there(call_id)
                else:
                    self.take(record["href"], found[0], the_event(parse_calendar(found[1])))
        for key, record in list(self.records.items()):
            if key in self.done or key in calls or key[:1] in "@~#":
                continue
            kind = record.get("kind")
            if kind == "own" and record.get("cal") == self.ckey:
                done = self.remote.delete(record["href"], record.get("etag", ""))
                if done:
                    self.keep(key, None, KEEP, None)
                    self.report.deleted_there += record.get("base") is not None
                else:  # changed there meanwhile: it comes back here
                    found = self.remote.get(record["href"])
                    if found is None:
                        self.keep(key, None, KEEP, None)
                    else:
                        self.take(record["href"], found[0], the_event(parse_calendar(found[1])))
            elif kind in ("series", "watch"):
                self.keep(key, None, KEEP, dict(record, kind="gone"))

    def send_new(self, doc: dict[str, Any]) -> None:
        call_id = doc["id"]
        href = canonical(self.cal.url.join(f"{call_id}.ics"))
        text = render(doc, uid=call_id, sequence=0, remind_before=self.alarms, stamp=self.clock.now())
        etag = self.remote.put(href, text, None)
        if etag is None:  # already there (a sync stopped before it could remember it): merge
            found = self.remote.get(href)
            if found is not None:
                self.take(href, found[0], the_event(parse_calendar(found[1])))
            return
        etag = etag or self.remote.etag(href)
        self.keep(call_id, doc, KEEP, self.record(href, etag, doc, call_id, 0, []))
        self.report.sent += 1
