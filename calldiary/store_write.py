"""The diary's changes: add, edit, mark, delete, import, drop; undo and redo.

Every change takes the file lock, re-reads the file if another process changed it, applies one
TinyDB operation and is on disk (fsynced) when the method returns.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pendulum import DateTime

from calldiary.clock import check_zone, utc_text
from calldiary.contacts import contact_key
from calldiary.errors import ChangedElsewhere, NotFound, RuleError, StepRefused
from calldiary.model import (
    DEFAULT_MINUTES,
    DOC_FIELDS,
    Call,
    Direction,
    Party,
    Status,
    check_fields,
    new_id,
    short_id,
    to_doc,
    with_outcome,
)
from calldiary.notes_limit import check_notes
from calldiary.store_core import Change, Step
from calldiary.store_import import DiaryImports, checked

_EDITABLE = {"contact", "start", "minutes", "direction", "topic", "notes", "link", "tz"} | {
    "prep_minutes",
    "turned_down",
    "no_show_by",
}


def _as_seen(call: Call) -> tuple[Any, ...]:
    """What an outcome is given for: who, when, who dials, the outcome so far (not notes or topic)."""
    c = call
    return (c.contact, c.start, c.minutes, c.direction, c.status, c.cancelled_by, c.no_show_by, c.reason, c.outcome_at)


class DiaryChanges(DiaryImports):
    """Every change to the diary, each one atomic and durable (see Diary for the queries)."""

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

    def change_table(self, name: str, change: Callable[[dict[str, Any]], None]) -> None:
        """Let `change` edit table `name` (a dict of documents by key) under the lock, on disk
        as one atomic, durable write when this returns. `change` sees what is on disk now."""
        with self._changing():
            table: Any = self._db.table(name, cache_size=0)
            table._update_table(change)

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
        check_fields(contact, minutes, prep_minutes, start)
        check_notes(notes)
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
            check_fields(after.contact, after.minutes, after.prep_minutes, after.start)
            if after.notes != before.notes:  # (a note stored before the limit stays as long as it is)
                check_notes(after.notes)
            check_zone(after.tz)
            self._put(to_doc(before), to_doc(after), "edited")
        return after

    def mark(
        self, call_id: str, status: Status, *, by: Party | None = None, reason: str = "", seen: Call | None = None
    ) -> Call:
        """`seen`: the call as shown when the user asked; changed elsewhere since: ChangedElsewhere."""
        with self._changing():
            before = self.get(call_id)
            if seen is not None and _as_seen(seen) != _as_seen(before):
                raise ChangedElsewhere(
                    f"{before.short_id} was changed elsewhere since it was shown (now {before.status.label})", before
                )
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
                    stack.pop()  # (it can never apply again: dropped, and the error says so)
                    name = key if table == "contacts" else f"call {short_id(key)}"
                    known = (before if forward else after) or (after if forward else before)
                    raise StepRefused(
                        f"can't {verb} ({step.what}): {name} was changed elsewhere since",
                        verb=verb,
                        what=step.what,
                        table=table,
                        key=key,
                        doc=known,
                    )
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
            checked(after)
        call_id = (after or before or {})["id"]
        self._write(call_id, before, after)
        self._remember(Step(call_id, before, after, what))

    def _write_step(self, step: Step, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        if step.table == "calls":
            self._write(step.call_id, before, after)
            return
        from calldiary.tinyglue import Document

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
        # An added or replaced document with just the call fields (to_doc's, checked) leaves the
        # diary as plain as it was; a deletion may make it plain: the writer then looks again.
        plain = after is not None and len(after) == len(DOC_FIELDS)
        stored = self._raw().get(call_id)
        stored = dict(stored) if stored is not None and after is not None else None  # (changed in place below)
        with self._storage.one_call_change(call_id, plain):
            from calldiary.tinyglue import Document

            if before is None and after is not None:
                self._calls.insert(Document(after, doc_id=call_id))  # type: ignore[arg-type]
            elif after is None:
                self._calls.remove(doc_ids=[call_id])  # type: ignore[list-item]
            else:
                self._calls.update(after, doc_ids=[call_id])  # type: ignore[list-item]
        # (A failed write raises before this point; the next _sync rebuilds from disk.)
        self._version += 1
        if stored is not None and after is not None:
            self._log = [*self._log[-31:], (self._version, stored, dict(self._raw()[call_id]))]
        self._step_scan(call_id, before, after)
        if self._starts is not None and (before is None or after is None or before["start"] != after["start"]):
            if before is not None:
                self._index.remove((before["start"], call_id))
            if after is not None:
                insort(self._index, (after["start"], call_id))
        if before is None or after is None or before["contact"] != after["contact"]:
            self._contacts = None
            self._roster += 1
