"""Diary: the one facade every caller uses to read and change calls.

Reads come from the parsed file kept by DiaryStorage and a sorted index of starts; every
change takes the file lock, re-reads the file if another process changed it, applies one
TinyDB operation and is on disk (fsynced) when the method returns.
"""

from __future__ import annotations

import os
from bisect import bisect_left, insort
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from pendulum import DateTime
from tinydb import TinyDB
from tinydb.table import Document, Table

from calldiary.clock import Clock, check_zone, utc_text, week_bounds
from calldiary.contacts import canonical, contact_key
from calldiary.errors import NotFound, RuleError
from calldiary.importbase import merge_contacts, merge_event, merge_full, said
from calldiary.model import (
    DEFAULT_MINUTES,
    Call,
    Direction,
    Party,
    Status,
    check_fields,
    from_doc,
    new_id,
    short_id,
    to_doc,
    with_outcome,
)
from calldiary.paths import expand, user_dir
from calldiary.schema import checker, new_diary, record_problem
from calldiary.storage import DiaryStorage

_EDITABLE = {"contact", "start", "minutes", "direction", "topic", "notes", "link", "tz"} | {
    "prep_minutes",
    "turned_down",
    "no_show_by",
}
# The longest call the overlap search looks back for.
_LOOKBACK_MINUTES = 24 * 60


@dataclass(frozen=True)
class Imported:
    """What an import did: calls added, updated, unchanged, and records older than the diary's
    copy (kept as they are)."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    older: int = 0
    contacts: int = 0  # contact records added or replaced


def _checked(doc: dict[str, Any]) -> dict[str, Any]:
    """The writer's check: the same one the reader applies, so whatever is saved reloads."""
    problem = record_problem(doc["id"], doc)
    if problem:
        raise RuleError(problem)
    return doc


def default_path() -> Path:
    """CALLDIARY_DB if set, else diary.json in the user's data folder."""
    env = os.environ.get("CALLDIARY_DB", "").strip()
    if env:
        return expand(env, "CALLDIARY_DB")
    return user_dir("data", "CALLDIARY_DB") / "diary.json"


class _CallTable(Table):
    """Calls are keyed by their UUID, never by TinyDB's reusable integer ids.

    TinyDB supports any hashable id class at run time but its hints say int: the
    `type: ignore[...]` comments in this module mark where a str id meets those hints."""

    document_id_class = str  # type: ignore[assignment]

    def _update_table(self, updater: Callable[[dict[Any, Any]], None]) -> None:
        """TinyDB's own copies the whole table twice to turn ids into int and back, a third of a
        change's cost at 100k calls; the ids here are str already, so the table is changed in place."""
        tables = self._storage.read()
        if tables is None:  # (never for DiaryStorage)
            tables = {}
        table = tables.setdefault(self.name, {})
        try:
            updater(table)
        except BaseException:
            self._storage.close()  # memory may be ahead of disk now: re-read it next time
            raise
        self._storage.write(tables)
        self.clear_cache()


class _TinyDB(TinyDB):
    table_class = _CallTable


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


class Diary:
    """The calls in one diary file."""

    def __init__(self, path: str | os.PathLike[str], clock: Clock):
        self.path = Path(path)
        self.clock = clock
        self._storage = DiaryStorage(self.path, checker(self.path), new_diary)
        self._db = _TinyDB(storage=lambda: self._storage)
        self._calls = self._db.table("calls", cache_size=0)
        self._generation = -1
        self._starts: list[tuple[str, str]] | None = None  # (start as UTC text, id), sorted; made on first need
        self._scanned = False
        self._contacts: list[str] | None = None
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._version = 0
        self._sync()

    # --- keeping derived state in step with the file -------------------------------------

    def _raw(self) -> dict[str, dict[str, Any]]:
        calls: dict[str, dict[str, Any]] = self._storage.read().get("calls", {})
        return calls

    def _sync(self) -> bool:
        """Re-read the file if another process changed it; True when it did."""
        raw = self._raw()
        if self._storage.generation == self._generation:
            return False
        self._reindex(raw)
        self._generation = self._storage.generation
        return True

    def _reindex(self, raw: dict[str, dict[str, Any]]) -> None:
        self._starts = None
        self._scanned = False
        self._contacts = None
        self._version += 1

    @property
    def _index(self) -> list[tuple[str, str]]:
        """The calls as (start as UTC text, id), sorted: built on first need, then kept in step."""
        if self._starts is None:
            self._starts = sorted((doc["start"], key) for key, doc in self._raw().items())
        return self._starts

    @property
    def version(self) -> int:
        """Grows with every change, made here or read from disk: a cheap "did anything change?"."""
        self._sync()
        return self._version

    def refresh(self) -> bool:
        """True when the file changed on disk since the last look (another process wrote it)."""
        return self._sync()

    @contextmanager
    def _changing(self) -> Iterator[None]:
        with self._storage.locked():
            self._sync()
            yield
            self._sync()

    # --- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        self._sync()
        return len(self._raw())

    def get(self, call_id: str) -> Call:
        self._sync()
        doc = self._raw().get(call_id)
        if doc is None:
            raise NotFound(f"no call with id {call_id}")
        return from_doc(doc)

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
        raw = self._raw()
        if self._starts is None and not self._scanned:
            # The first query after a load (the only one, for a command) scans: cheaper than sorting.
            self._scanned = True
            found = sorted((doc["start"], key) for key, doc in raw.items() if low <= doc["start"] < high)
        else:
            index = self._index
            found = index[bisect_left(index, (low,)) : bisect_left(index, (high,))]
        return [from_doc(raw[key]) for _, key in found]

    def week(self, day: date) -> list[Call]:
        """The calls of the week (Monday to Sunday, in the user's zone) holding `day`."""
        return self.between(*week_bounds(self.clock, day))

    def next_planned(self, after: DateTime) -> Call | None:
        """The first still-planned call starting after `after`."""
        self._sync()
        raw = self._raw()
        for _, key in self._index[bisect_left(self._index, (utc_text(after), "\uffff")) :]:
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

    def broken(self) -> list[tuple[str, str]]:
        """Call records set aside because they fail their check: (key, what is wrong)."""
        out = []
        for key, entry in self._storage.read().get("broken", {}).items():
            problem = entry.get("problem") if type(entry) is dict else None
            out.append((key, problem if type(problem) is str else "the record is not a call"))
        return sorted(out)

    def delete_broken(self, prefix: str) -> str:
        """Remove one set-aside record (by its key or the start of its short id); returns its key."""
        wanted = prefix.strip().lower()
        keys = [key for key, _ in self.broken() if key == prefix or short_id(key).lower().startswith(wanted)]
        if not wanted or len(keys) != 1:
            raise NotFound(f"no call with id {prefix}" if not keys else f"id {prefix} is ambiguous; type more of it")
        with self._changing():
            self._db.table("broken", cache_size=0).remove(doc_ids=[keys[0]])  # type: ignore[list-item]
            self._version += 1
        return keys[0]

    def docs(self) -> Iterator[dict[str, Any]]:
        """The raw call documents, for whole-diary figures (read them, never change them)."""
        self._sync()
        return iter(self._raw().values())

    def doc(self, call_id: str) -> dict[str, Any] | None:
        """One call's raw document, or None (read it, never change it)."""
        self._sync()
        return self._raw().get(call_id)

    def transact(self, change: Callable[[dict[str, Any]], bool]) -> bool:
        """Run `change` on the whole diary data under the lock (after re-reading it if another
        process wrote it); when it returns True, the data is saved in one atomic write (all of
        the change is on disk, or none). For batch work such as sync; not an undo step."""
        with self._changing():
            data = self._storage.read()
            try:
                wrote = change(data)
                if wrote:
                    self._storage.write(data)
            except BaseException:
                self._storage.close()  # memory may be ahead of disk: reload on the next read
                self._generation = -1
                raise
            if wrote:
                self._reindex(self._raw())
        return wrote

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

    # --- contacts ------------------------------------------------------------------------

    def dropped(self) -> dict[str, str]:
        """Contacts the user stopped dealing with: name -> note."""
        self._sync()
        contacts = self._storage.read().get("contacts", {})
        return {doc["name"]: doc["note"] for doc in contacts.values() if doc["dropped"]}

    def set_dropped(self, contact: str, dropped: bool, note: str = "") -> None:
        """Mark `contact` as dropped (with an optional note), or as dealt with again."""
        name = self.canonical(contact)
        if not name:
            raise RuleError("which contact?")
        doc = {
            "name": name,
            "dropped": dropped,
            "note": note.strip() if dropped else "",
            "changed": utc_text(self.clock.now()),
        }
        with self._changing():
            table = self._db.table("contacts", cache_size=0)
            for other in [d["name"] for d in table.all() if contact_key(d["name"]) == contact_key(name)]:
                if other != name:
                    table.remove(doc_ids=[other])  # an older spelling of the same contact
            before = self._storage.read().get("contacts", {}).get(name)
            what = "dropped" if dropped else "taken back"
            step = Step(name, dict(before) if before is not None else None, doc, what, "contacts")
            self._write_step(step, step.before, step.after)
            self._remember(step)

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

    def rename_contact(self, old: str, new: str) -> tuple[str, str, int]:
        """Rename a contact everywhere, merging into `new` when it exists (see calldiary.rename)."""
        from calldiary.rename import rename_contact

        return rename_contact(self, old, new)

    # --- tables beside the calls (reminders, ...): an absent table is empty ---------------

    def table(self, name: str) -> dict[str, Any]:
        """The documents of table `name` by key, as on disk now (read them, never change them)."""
        self._sync()
        return dict(self._storage.read().get(name, {}))

    def change_table(self, name: str, change: Callable[[dict[str, Any]], None]) -> None:
        """Let `change` edit table `name` (a dict of documents by key) under the lock, on disk
        as one atomic, durable write when this returns. `change` sees what is on disk now."""
        with self._changing():
            table: Any = self._db.table(name, cache_size=0)
            table._update_table(change)

    # --- changing ------------------------------------------------------------------------

    def add(
        self,
        start: DateTime,
        contact: str,
        *,
        minutes: int = DEFAULT_MINUTES,
        direction: Direction = Direction.THEY_CALL,
        topic: str = "",
        notes: str = "",
        link: str = "",
        prep_minutes: int = 0,
        turned_down: str = "",
        tz: str | None = None,
        call_id: str | None = None,
    ) -> Call:
        """Book a call; `call_id` (a UUID) is for imports and reproducible demos. A contact
        spelled like an existing one but for case, spacing or punctuation is booked under the
        existing spelling."""
        check_fields(contact, minutes, prep_minutes)
        check_zone(tz or self.clock.tz.name)
        now = self.clock.now()
        call = Call(
            id=call_id or new_id(),
            contact=self.canonical(contact),
            start=start.in_tz("UTC"),
            tz=tz or self.clock.tz.name,
            created=now,
            updated=now,
            minutes=minutes,
            direction=direction,
            topic=topic.strip(),
            notes=notes.rstrip(),
            link=link.strip(),
            prep_minutes=prep_minutes,
            turned_down=turned_down.strip(),
        )
        with self._changing():
            self._put(None, to_doc(call), "added")
        return call

    def edit(self, call_id: str, **changes: Any) -> Call:
        """Change a call's own fields (contact, start, minutes, direction, topic, notes, link,
        prep_minutes, turned_down), or whose no-show it was (no_show_by, for a no-show)."""
        unknown = set(changes) - _EDITABLE
        if unknown:
            raise RuleError(f"can't edit {', '.join(sorted(unknown))} this way")
        if "start" in changes:
            changes["start"] = changes["start"].in_tz("UTC")
        if "turned_down" in changes:
            changes["turned_down"] = changes["turned_down"].strip()
        with self._changing():
            before = self.get(call_id)
            if "contact" in changes and contact_key(changes["contact"]) != contact_key(before.contact):
                changes["contact"] = self.canonical(changes["contact"])
            elif "contact" in changes:
                changes["contact"] = " ".join(changes["contact"].split())
            if changes.get("no_show_by") is not None and before.status is not Status.NO_SHOW:
                raise RuleError(f"{before.short_id} is not a no-show")
            after = replace(before, **changes, updated=self.clock.now())
            check_fields(after.contact, after.minutes, after.prep_minutes)
            check_zone(after.tz)
            self._put(to_doc(before), to_doc(after), "edited")
        return after

    def mark(self, call_id: str, status: Status, *, by: Party | None = None, reason: str = "") -> Call:
        with self._changing():
            before = self.get(call_id)
            after = with_outcome(before, status, self.clock.now(), by, reason)
            what = f"marked {status.label}"
            if status is Status.CANCELLED:
                what = f"marked cancelled by {after.cancelled_by.value if after.cancelled_by else 'them'}"
            self._put(to_doc(before), to_doc(after), what)
        return after

    def delete(self, call_id: str) -> Call:
        with self._changing():
            before = self.get(call_id)
            self._put(to_doc(before), None, "deleted")
        return before

    def import_calls(
        self,
        calls: list[Call],
        carried: dict[str, frozenset[str]] | None = None,
        contacts: list[dict[str, Any]] | None = None,
    ) -> Imported:
        """Add or update many calls (and `contacts` records, see importbase.merge_contacts) in one
        atomic write. Imports are not undo steps.

        A call whose id is in `carried` comes from another calendar's event that carries only
        those fields: it is merged field by field against the base kept in the "imports" table
        (see importbase). Any other call is a full calldiary record: it replaces the diary's copy
        only when its `updated` is newer. The created time of a known call is always kept.
        """
        carried = carried or {}
        incoming: dict[str, dict[str, Any]] = {}
        for call in calls:
            check_fields(call.contact, call.minutes, call.prep_minutes)
            incoming[call.id] = _checked(to_doc(call))  # the last of duplicates wins
        now_text = utc_text(self.clock.now())
        with self._changing():
            raw = self._raw()
            bases = self._storage.read().get("imports", {})
            changes: dict[str, dict[str, Any]] = {}
            new_bases: dict[str, dict[str, Any]] = {}
            counts = {"added": 0, "updated": 0, "unchanged": 0, "older": 0}
            for call_id, doc in incoming.items():
                fields = carried.get(call_id)
                if fields is None:
                    changed, verdict = merge_full(raw.get(call_id), doc)
                else:
                    base = bases.get(call_id)
                    changed, verdict = merge_event(
                        raw.get(call_id), doc, base if type(base) is dict else None, fields, now_text
                    )
                    if base != said(doc, fields):
                        new_bases[call_id] = said(doc, fields)
                counts[verdict] += 1
                if changed is not None:
                    changes[call_id] = _checked(changed)
            table = self._storage.read().get("contacts", {})
            names = [*self.contacts(), *(doc["contact"] for doc in incoming.values())]
            new_table = merge_contacts(table, contacts, names) if contacts else None
            if changes or new_bases or new_table is not None:
                # One write for the whole batch (calls, bases, contacts): all of it is on disk, or none.
                data = self._storage.read()
                data.setdefault("calls", {}).update(changes)
                data.setdefault("imports", {}).update(new_bases)
                if new_table is not None:
                    data["contacts"] = new_table
                self._storage.write(data)
                self._reindex(self._raw())
        touched = sum(1 for key, doc in (new_table or {}).items() if table.get(key) != doc)
        return Imported(counts["added"], counts["updated"], counts["unchanged"], counts["older"], touched)

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def clear_undo(self) -> None:
        """Forget this session's changes as undo steps (they stay done)."""
        self._undo.clear()
        self._redo.clear()

    def undo(self) -> Step:
        """Take back this session's latest change (it can then be redone)."""
        if not self._undo:
            raise RuleError("nothing to undo")
        step = self._undo[-1]
        self._apply(step, False, self._undo, "undo")
        self._redo.append(step)
        return step

    def redo(self) -> Step:
        """Do again the change the latest undo took back."""
        if not self._redo:
            raise RuleError("nothing to redo")
        step = self._redo[-1]
        self._apply(step, True, self._redo, "redo")
        self._undo.append(step)
        return step

    def _apply(self, step: Step, forward: bool, stack: list[Step], verb: str) -> None:
        """Do the step again (`forward`) or take it back, unless one of its documents was changed
        elsewhere meanwhile."""
        with self._changing():
            data = self._storage.read()
            for table, key, before, after in step.changes:
                if data.get(table, {}).get(key) != (before if forward else after):
                    stack.pop()
                    name = key if table == "contacts" else f"call {short_id(key)}"
                    if step.more:
                        raise RuleError(f"can't {verb} ({step.what}): {name} was changed elsewhere since")
                    raise RuleError(f"can't {verb}: {name} was changed elsewhere since you {step.what} it")
            if step.more:
                if forward:
                    self.write_changes(list(step.changes))
                else:
                    self.write_changes([(table, key, after, before) for table, key, before, after in step.changes])
            else:
                self._write_step(step, *((step.before, step.after) if forward else (step.after, step.before)))
        stack.pop()

    def write_changes(self, changes: list[Change]) -> None:
        """Put each change's `after` document in place of its `before` (None: remove it), all in
        one atomic write. For callers holding the lock that checked the `before`s themselves."""
        with self._changing():
            data = self._storage.read()
            try:
                for table, key, _before, after in changes:
                    docs = data.setdefault(table, {})
                    if after is None:
                        docs.pop(key, None)
                    else:
                        docs[key] = dict(after)
                self._storage.write(data)
            except BaseException:
                self._storage.close()  # memory may be ahead of disk: reload on the next read
                self._generation = -1
                raise
            self._reindex(self._raw())

    def _remember(self, step: Step) -> None:
        self._undo.append(step)
        self._redo.clear()

    def _put(self, before: dict[str, Any] | None, after: dict[str, Any] | None, what: str) -> None:
        if after is not None:
            _checked(after)
        call_id = (after or before or {})["id"]
        self._write(call_id, before, after)
        self._remember(Step(call_id, before, after, what))

    def _write_step(self, step: Step, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        if step.table == "calls":
            self._write(step.call_id, before, after)
            return
        table = self._db.table(step.table, cache_size=0)
        if after is None:
            table.remove(doc_ids=[step.call_id])  # type: ignore[list-item]
        elif before is None:
            table.insert(Document(after, doc_id=step.call_id))  # type: ignore[arg-type]
        else:
            table.update(after, doc_ids=[step.call_id])  # type: ignore[list-item]
        self._version += 1

    def _write(self, call_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        """Replace the document `before` by `after` (either may be None) and keep the index in step."""
        if before is None and after is not None:
            self._calls.insert(Document(after, doc_id=call_id))  # type: ignore[arg-type]
        elif after is None:
            self._calls.remove(doc_ids=[call_id])  # type: ignore[list-item]
        else:
            self._calls.update(after, doc_ids=[call_id])  # type: ignore[list-item]
        # (A failed write raises before this point; the next _sync rebuilds from disk.)
        self._version += 1
        if self._starts is not None and (before is None or after is None or before["start"] != after["start"]):
            if before is not None:
                self._index.remove((before["start"], call_id))
            if after is not None:
                insort(self._index, (after["start"], call_id))
        if before is None or after is None or before["contact"] != after["contact"]:
            self._contacts = None

    def close(self) -> None:
        self._db.close()
