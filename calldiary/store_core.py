"""The diary's state: the TinyDB glue, the parsed file and what is derived from it.

DiaryCore keeps the sorted index of starts and the contact list in step with the file (re-read
when another process changed it) and holds the lock around changes; the changes themselves are in
calldiary.store_write, the queries in calldiary.store (Diary, the facade every caller uses).
"""

from __future__ import annotations

import os
from bisect import insort
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from calldiary.clock import Clock
from calldiary.contacts import canonical
from calldiary.errors import NotFound
from calldiary.model import Call, from_doc
from calldiary.paths import expand, user_dir
from calldiary.schema import checker, new_diary, plain
from calldiary.storage import DiaryStorage

if TYPE_CHECKING:
    from tinydb.table import Table

    from calldiary.tinyglue import DiaryDB


_UTC_SAMPLE = "2026-11-27T12:00:00Z"


def default_path() -> Path:
    """CALLDIARY_DB if set, else diary.json in the user's data folder."""
    env = os.environ.get("CALLDIARY_DB", "").strip()
    if env:
        return expand(env, "CALLDIARY_DB")
    return user_dir("data", "CALLDIARY_DB") / "diary.json"


# One document a step changed: (table, key, before, after); None: no such document.
Change = tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]


@dataclass(frozen=True)
class Step:
    """One change the user made, as the documents before and after it (None: no such document).

    `table` is "calls" (key: the call's id) or "contacts" (key: the contact's name); `what`
    says what was done in words ("marked kept", "dropped")."""

    call_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    what: str
    table: str = "calls"
    # Further documents the same step changed, as (table, key, before, after): a contact's
    # rename changes every call of theirs and the contacts table in one step.
    more: tuple[Change, ...] = ()

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every document the step changed, as (table, key, before, after), this one first."""
        return ((self.table, self.call_id, self.before, self.after), *self.more)

    @property
    def doc(self) -> dict[str, Any]:
        """The document as it was after the change, or (for a deletion) before it."""
        found = self.after if self.after is not None else self.before
        assert found is not None
        return found


class DiaryCore:
    """The parsed diary file and the state derived from it (see Diary for the whole facade)."""

    def __init__(self, path: str | os.PathLike[str], clock: Clock, *, peek: bool = False):
        """`peek`: when the file's seal vouches for it (see DiaryStorage.peek), read it now but
        parse it when first needed; the first query of a range (a screen's first frame) is then
        answered from the file's bytes (calldiary.fastlist.docs_between), without the parse."""
        self.path = Path(path)
        self.clock = clock
        self._storage = DiaryStorage(self.path, checker(self.path), new_diary, plain)
        self._tinydb: DiaryDB | None = None  # made on the first change (see `_db`)
        self._generation = -1
        self._starts: list[tuple[str, str]] | None = None  # (start as UTC text, id), sorted; made on first need
        self._scanned = False
        self._scan: tuple[str, str, int, list[tuple[str, str]]] | None = None  # (low, high, version, found)
        self._contacts: list[str] | None = None
        self._roster = 0  # grows whenever calls come or go or change contact (see `roster`)
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._version = 0
        # The latest one-call updates as (version after it, document before, document after): what
        # changed between two versions, for whoever keeps figures in step (see `changes_since`).
        self._log: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
        # The documents the first scan found in a peeked file's bytes, while it is not parsed.
        self._preview: dict[str, dict[str, Any]] | None = None
        if peek and self._storage.peek() is not None:
            self._generation = self._storage.generation
            self._reindex({})
        else:
            self._sync()

    # --- keeping derived state in step with the file -------------------------------------

    def _raw(self) -> dict[str, dict[str, Any]]:
        """The calls of the version `_sync` last saw (or this process last wrote). Never a newer
        one: an index built between two looks at a file another process was replacing named
        calls the other look did not have (a KeyError in two writers at once)."""
        calls: dict[str, dict[str, Any]] = self._storage.current().get("calls", {})
        return calls

    def _sync(self) -> bool:
        """Re-read the file if another process changed it; True when it did."""
        if self._storage.unchanged_since_peek():
            return False  # (parsed when first needed: see `_raw`)
        raw: dict[str, dict[str, Any]] = self._storage.read().get("calls", {})
        if self._storage.generation == self._generation:
            return False
        self._reindex(raw)
        self._generation = self._storage.generation
        return True

    def _reindex(self, raw: dict[str, dict[str, Any]]) -> None:
        self._starts = None
        self._scanned = False
        self._preview = None
        self._contacts = None
        self._roster += 1
        self._version += 1

    def _step_scan(self, call_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        """Keep the first scan (see Diary.between) in step with a one-call change, so the queries
        after a change made on the first frame's week need not sort the whole diary either."""
        scan = self._scan
        if scan is None or scan[2] != self._version - 1:
            return
        low, high, _, found = scan
        try:
            if before is not None and low <= before["start"] < high:
                found.remove((before["start"], call_id))
        except ValueError:  # (not there: the scan can't be trusted any more)
            self._scan = None
            return
        if after is not None and low <= after["start"] < high:
            insort(found, (after["start"], call_id))
        self._scan = (low, high, self._version, found)

    @property
    def _index(self) -> list[tuple[str, str]]:
        """The calls as (start as UTC text, id), sorted: built on first need, then kept in step."""
        if self._starts is None:
            raw = self._raw()
            self._starts = sorted(zip(map(itemgetter("start"), raw.values()), raw, strict=True))  # C-level: 1/3 faster
        return self._starts

    @property
    def version(self) -> int:
        """Grows with every change, made here or read from disk: a cheap "did anything change?"."""
        self._sync()
        return self._version

    @property
    def roster(self) -> int:
        """Grows whenever a call is added or deleted or changes contact, or the file is re-read:
        while it stays the same, each contact has the same calls (their other fields may change)."""
        self._sync()
        return self._roster

    def changes_since(self, version: int) -> list[tuple[dict[str, Any], dict[str, Any]]] | None:
        """The call documents (before, after) of every change from `version` to now, when each
        was one call's update (not an addition, a deletion, another table's change or a re-read
        of the file) and few enough are remembered; else None. Read them, never change them."""
        self._sync()
        found = [(before, after) for at, before, after in self._log if at > version]
        return found if len(found) == self._version - version else None

    def docs_of(self, call_ids: list[str]) -> list[dict[str, Any]]:
        """The raw documents of these calls (read them, never change them)."""
        self._sync()
        raw = self._raw()
        return [raw[key] for key in call_ids]

    def refresh(self) -> bool:
        """True when the file changed on disk since the last look (another process wrote it)."""
        return self._sync()

    @contextmanager
    def _changing(self) -> Iterator[None]:
        with self._storage.locked():
            self._sync()
            yield
            self._sync()

    def _scan_docs(self) -> dict[str, dict[str, Any]]:
        """Where the first scan's calls are: the parsed file's calls, or, while a peeked file is
        not parsed yet, the documents the scan read from its bytes."""
        if self._preview is not None and self._storage.peeked is not None:
            return self._preview
        return self._raw()

    def _peeked_scan(self, low: str, high: str) -> list[tuple[str, str]] | None:
        """(start, id) of the calls starting in [low, high), by start, read from the bytes of a
        peeked file not parsed yet (their documents kept in `_preview`); None otherwise."""
        peeked = self._storage.peeked
        if (
            peeked is None or len(low) != len(_UTC_SAMPLE) or len(high) != len(_UTC_SAMPLE)
        ):  # ("" / "\uffff": beyond the calendar)
            return None
        from calldiary.fastlist import docs_between

        found = docs_between(*peeked, low, high)
        if found is None:
            return None
        self._preview = {str(doc["id"]): doc for doc in found}
        return [(str(doc["start"]), str(doc["id"])) for doc in found]

    def is_empty(self) -> bool:
        """No calls (a peeked file says so without being parsed)."""
        self._sync()
        peeked = self._storage.peeked
        if peeked is not None:
            begin, end = peeked[1]["calls"]
            return bool(end - begin == len(b"{}"))
        return not self._raw()

    def __len__(self) -> int:
        self._sync()
        return len(self._raw())

    def get(self, call_id: str) -> Call:
        self._sync()
        doc = self._raw().get(call_id)
        if doc is None:
            raise NotFound(f"no call with id {call_id}")
        return from_doc(doc)

    def broken(self) -> list[tuple[str, str]]:
        """Call records set aside because they fail their check: (key, what is wrong)."""
        out = []
        for key, entry in self._storage.read().get("broken", {}).items():
            problem = entry.get("problem") if type(entry) is dict else None
            out.append((key, problem if type(problem) is str else "the record is not a call"))
        return sorted(out)

    def dropped(self) -> dict[str, str]:
        """Contacts the user stopped dealing with: name -> note."""
        self._sync()
        contacts = self._storage.read().get("contacts", {})
        return {doc["name"]: doc["note"] for doc in contacts.values() if doc["dropped"]}

    def contacts(self) -> list[str]:
        """Every contact name in the diary, most recently booked first."""
        self._sync()
        if self._contacts is None:
            raw = self._raw()
            latest: dict[str, str] = {}
            for start, key in self._index:
                latest[raw[key]["contact"]] = start
            self._contacts = sorted(latest, key=lambda name: latest[name], reverse=True)
        return list(self._contacts)

    def canonical(self, name: str) -> str:
        """`name` as the diary already spells that contact (case, spacing, punctuation folded),
        else `name` itself with its spacing tidied."""
        return canonical(name, [*self.contacts(), *self.dropped()])

    @property
    def _db(self) -> DiaryDB:
        """The TinyDB the changes go through (TinyDB is imported on the first change)."""
        if self._tinydb is None:
            from calldiary.tinyglue import open_db

            self._tinydb = open_db(self._storage)
        return self._tinydb

    @property
    def _calls(self) -> Table:
        return self._db.table("calls", cache_size=0)

    def close(self) -> None:
        if self._tinydb is not None:
            self._tinydb.close()
        else:
            self._storage.close()
