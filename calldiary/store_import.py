"""Imports into the diary: many calls (and contact records) in one atomic write, merged with
what the diary holds (see importbase)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from calldiary.clock import utc_text
from calldiary.errors import RuleError
from calldiary.model import Call, check_fields, to_doc
from calldiary.notes_limit import check_imported_notes
from calldiary.schema import record_problem
from calldiary.store_core import DiaryCore


@dataclass(frozen=True)
class Imported:
    """What an import did: calls added, updated, unchanged, and records older than the diary's
    copy (kept as they are); contact records added or replaced."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    older: int = 0
    contacts: int = 0  # contact records added or replaced


def checked(doc: dict[str, Any]) -> dict[str, Any]:
    """The writer's check: the same one the reader applies, so whatever is saved reloads."""
    problem = record_problem(doc["id"], doc)
    if problem:
        raise RuleError(problem)
    return doc


class DiaryImports(DiaryCore):
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
        from calldiary.importbase import merge_contacts, merge_event, merge_full, said

        carried = carried or {}
        incoming: dict[str, dict[str, Any]] = {}
        for call in calls:
            check_fields(call.contact, call.minutes, call.prep_minutes, call.start)
            incoming[call.id] = checked(to_doc(call))  # the last of duplicates wins
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
                    check_imported_notes(changed, raw.get(call_id))
                    changes[call_id] = checked(changed)
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
