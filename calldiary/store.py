"""Diary: the one facade every caller uses to read and change calls.

Reads come from the parsed file kept by DiaryStorage (calldiary.storage) and a sorted index of
starts (calldiary.store_core); every change (calldiary.store_write) takes the file lock, re-reads
the file if another process changed it, applies one TinyDB operation and is on disk (fsynced) when
the method returns.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pendulum import DateTime

from calldiary.clock import utc_text, week_bounds
from calldiary.errors import NotFound
from calldiary.model import Call, Status, from_doc, short_id
from calldiary.store_core import Step, default_path
from calldiary.store_import import Imported
from calldiary.store_write import DiaryChanges

__all__ = ["Diary", "Imported", "Step", "default_path"]

# The longest call the overlap search looks back for.
_LOOKBACK_MINUTES = 24 * 60
# The first query after a load keeps the calls this many days around what it was asked for: the
# queries a screen's first frame makes next (the reminders' window reaches 8 days back, the next
# planned call) are answered from it without sorting the whole diary.
SCAN_AROUND_DAYS = 14


_UTC_FIELDS = ((0, 4), (5, 7), (8, 10), (11, 13), (14, 16), (17, 19))


def _days_from(text: str, days: int) -> str:
    """The UTC text `days` days from the UTC text `text` (made by `utc_text`; plain datetime
    arithmetic: no zone, and no strptime, whose module costs start-up time)."""
    try:
        year, month, day, hour, minute, second = (int(text[a:b]) for a, b in _UTC_FIELDS)
        moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC) + timedelta(days=days)
    except (ValueError, OverflowError):
        return "" if days < 0 else "\uffff"  # beyond the calendar: everything that way
    return utc_text(moment)


class Diary(DiaryChanges):
    """The calls in one diary file."""

    def resolve(self, prefix: str) -> Call:
        """The one call whose short id (or full id) starts with `prefix`."""
        self._sync()
        wanted = prefix.strip().lower().replace("-", "")
        if not wanted or any(ch not in "0123456789abcdef" for ch in wanted):
            raise NotFound(f"{prefix!r} is not a call id (ids are hex digits, e.g. 3f9a0c12)")
        raw = self._raw()
        # Ids are UUIDs, whose first 8 digits hold no dash: a short id is a plain prefix.
        found = [key for key in raw if key.startswith(wanted)] if len(wanted) <= 8 else []
        if not found:
            found = [key for key in raw if key.replace("-", "").startswith(wanted)]
        if not found:
            raise NotFound(f"no call with id {prefix}")
        if len(found) > 1:
            shown = ", ".join(sorted(short_id(key) for key in found)[:5])
            raise NotFound(f"id {prefix} is ambiguous ({shown}); type more of it")
        return self.get(found[0])

    def between(self, start: DateTime, end: DateTime) -> list[Call]:
        """Calls starting in [start, end), by start."""
        self._sync()
        low, high = utc_text(start), utc_text(end)
        scan = self._scan
        if (
            self._starts is None
            and scan is not None
            and scan[2] == self._version
            and scan[0] <= low
            and high <= scan[1]
        ):
            raw = self._scan_docs()
            found = scan[3]  # inside the first scan (a screen's first frame asks for its week and around it)
            found = found[bisect_left(found, (low,)) : bisect_left(found, (high,))]
        elif self._starts is None and not self._scanned:
            # The first query after a load (the only one, for a command) scans: cheaper than
            # sorting. It keeps what it finds in the weeks around too, for the queries that follow.
            # A peeked file (see DiaryCore) is scanned in its bytes, before it is parsed.
            self._scanned = True
            wide_low, wide_high = _days_from(low, -SCAN_AROUND_DAYS), _days_from(high, SCAN_AROUND_DAYS)
            around = self._peeked_scan(wide_low, wide_high)
            if around is None:
                raw = self._raw()
                around = sorted((at, key) for key, doc in raw.items() if wide_low <= (at := doc["start"]) < wide_high)
            else:
                raw = self._scan_docs()
            self._scan = (wide_low, wide_high, self._version, around)
            found = around[bisect_left(around, (low,)) : bisect_left(around, (high,))]
        else:
            raw = self._raw()
            index = self._index
            found = index[bisect_left(index, (low,)) : bisect_left(index, (high,))]
        return [from_doc(raw[key]) for _, key in found]

    def week(self, day: date) -> list[Call]:
        """The calls of the week (Monday to Sunday, in the user's zone) holding `day`."""
        return self.between(*week_bounds(self.clock, day))

    def next_planned(self, after: DateTime) -> Call | None:
        """The first still-planned call starting after `after`."""
        self._sync()
        after_text, scan = utc_text(after), self._scan
        if self._starts is None and scan is not None and scan[2] == self._version and scan[0] <= after_text < scan[1]:
            # The first scan holds every call from `after` to its end, in the index's order: the
            # answer, if it is there, without sorting the whole diary for the first frame.
            docs = self._scan_docs()
            for _, key in scan[3][bisect_left(scan[3], (after_text, "\uffff")) :]:
                if docs[key]["status"] == Status.PLANNED.value:
                    return from_doc(docs[key])
        raw = self._raw()
        for _, key in self._index[bisect_left(self._index, (after_text, "\uffff")) :]:
            if raw[key]["status"] == Status.PLANNED.value:
                return from_doc(raw[key])
        return None

    def overlapping(self, start: DateTime, minutes: int, exclude: str | None = None) -> list[Call]:
        """Calls other than `exclude`, not cancelled, whose time overlaps [start, start+minutes)."""
        end = start.add(minutes=minutes)
        near = self.between(start.subtract(minutes=_LOOKBACK_MINUTES), end)
        return [
            call
            for call in near
            if call.id != exclude and call.status is not Status.CANCELLED and call.start < end and start < call.end
        ]

    def calls_with(self, contact: str) -> list[Call]:
        """Every call with `contact`, by start."""
        self._sync()
        raw = self._raw()
        return [from_doc(raw[key]) for _, key in self._index if raw[key]["contact"] == contact]

    def all(self) -> list[Call]:
        """Every call, by start."""
        self._sync()
        raw = self._raw()
        return [from_doc(raw[key]) for _, key in self._index]

    def docs(self) -> Iterator[dict[str, Any]]:
        """The raw call documents, for whole-diary figures (read them, never change them)."""
        self._sync()
        return iter(self._raw().values())

    def doc(self, call_id: str) -> dict[str, Any] | None:
        """One call's raw document, or None (read it, never change it)."""
        self._sync()
        return self._raw().get(call_id)

    def docs_between(self, start: DateTime, end: DateTime) -> list[dict[str, Any]]:
        """The raw documents of the calls starting in [start, end), by start (read, never change)."""
        self._sync()
        low = bisect_left(self._index, (utc_text(start),))
        high = bisect_left(self._index, (utc_text(end),))
        raw = self._raw()
        return [raw[key] for _, key in self._index[low:high]]

    def ids_newest_first(self) -> Iterator[str]:
        """Every call id, latest start first."""
        self._sync()
        return (key for _, key in reversed(self._index))

    def rename_contact(self, old: str, new: str) -> tuple[str, str, int]:
        """Rename a contact everywhere, merging into `new` when it exists (see calldiary.rename)."""
        from calldiary.rename import rename_contact

        return rename_contact(self, old, new)

    def table(self, name: str) -> dict[str, Any]:
        """The documents of table `name` by key, as on disk now (read them, never change them)."""
        self._sync()
        return dict(self._storage.read().get(name, {}))
