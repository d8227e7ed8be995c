"""Renaming a contact in every call and in the contacts table, in one atomic write and one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calldiary.clock import utc_text
from calldiary.contacts import canonical, contact_key
from calldiary.errors import NotFound, RuleError

if TYPE_CHECKING:
    from calldiary.store import Diary
    from calldiary.store_core import Change


def rename_contact(diary: Diary, old: str, new: str) -> tuple[str, str, int]:
    """Rename a contact in every call and in the contacts table, in one atomic write; when
    `new` is already a contact, the two are merged under its spelling. Returns (old name,
    new name, calls changed). One undo step (Diary.undo gives back every document as it was)."""
    from calldiary.store_core import Step

    old_key = contact_key(old)
    new_name = " ".join(new.split())
    if not old_key or not contact_key(new_name):
        raise RuleError("a contact needs a name")
    with diary._changing():
        known = [*diary.contacts(), *diary.dropped()]
        old_name = next((n for n in known if contact_key(n) == old_key), None)
        if old_name is None:
            raise NotFound(f"no contact called {old.strip()!r}")
        if contact_key(new_name) != old_key:
            new_name = canonical(new_name, known)
        data = diary._storage.read()
        now = utc_text(diary.clock.now())
        calls: dict[str, Any] = data.get("calls", {})
        changes: list[Change] = [
            ("calls", key, dict(doc), {**doc, "contact": new_name, "updated": now})
            for key, doc in calls.items()
            if contact_key(doc["contact"]) == old_key and doc["contact"] != new_name
        ]
        before: dict[str, Any] = data.get("contacts", {})
        contacts = dict(before)
        moved = [contacts.pop(k) for k in list(contacts) if contact_key(contacts[k]["name"]) == old_key]
        target = next((d for d in contacts.values() if contact_key(d["name"]) == contact_key(new_name)), None)
        if moved and target is None:
            contacts[new_name] = {**moved[0], "name": new_name, "changed": now}
        elif moved and target is not None and moved[0]["dropped"] and not target["dropped"]:
            contacts[target["name"]] = {**moved[0], "name": target["name"], "changed": now}
        for key in sorted(set(before) | set(contacts)):
            if before.get(key) != contacts.get(key):
                changes.append(("contacts", key, before.get(key), contacts.get(key)))
        if not changes:
            return old_name, new_name, 0
        diary.write_changes(changes)
        # The step is headed by the new name's contact record (changed or not): undo checks it too.
        head = next((c for c in changes if c[:2] == ("contacts", new_name)), None)
        rest = tuple(c for c in changes if c is not head)
        table, key, doc_before, doc_after = head or ("contacts", new_name, before.get(new_name), before.get(new_name))
        what = f"renamed {old_name} to {new_name}"
        diary._remember(Step(key, doc_before, doc_after, what, table, rest))
    return old_name, new_name, sum(1 for c in changes if c[0] == "calls")
