"""Renaming a contact in every call and in the contacts table, in one atomic write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from calldiary.clock import utc_text
from calldiary.contacts import canonical, contact_key
from calldiary.errors import NotFound, RuleError

if TYPE_CHECKING:
    from calldiary.store import Diary


def rename_contact(diary: Diary, old: str, new: str) -> tuple[str, str, int]:
    """Rename a contact in every call and in the contacts table, in one atomic write; when
    `new` is already a contact, the two are merged under its spelling. Returns (old name,
    new name, calls changed). Not an undo step."""
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
        data = dict(diary._storage.read())
        now = utc_text(diary.clock.now())
        calls = dict(data.get("calls", {}))
        changed = 0
        for key, doc in calls.items():
            if contact_key(doc["contact"]) == old_key and doc["contact"] != new_name:
                calls[key] = {**doc, "contact": new_name, "updated": now}
                changed += 1
        contacts = dict(data.get("contacts", {}))
        moved = [contacts.pop(k) for k in list(contacts) if contact_key(contacts[k]["name"]) == old_key]
        target = next((d for d in contacts.values() if contact_key(d["name"]) == contact_key(new_name)), None)
        if moved and target is None:
            contacts[new_name] = {**moved[0], "name": new_name, "changed": now}
        elif moved and target is not None and moved[0]["dropped"] and not target["dropped"]:
            contacts[target["name"]] = {**moved[0], "name": target["name"], "changed": now}
        data["calls"], data["contacts"] = calls, contacts
        diary._storage.write(data)
        diary._reindex(calls)
        diary._undo.clear()  # earlier steps name the old spelling
    return old_name, new_name, changed
