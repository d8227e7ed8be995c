"""The diary file's shape: its header, its schema version, migrations and checks.

    {"meta":     {"1": {"app": "calldiary", "schema": 2}},
     "calls":    {"<uuid>": {<call document, see model.DOC_FIELDS>}, ...},
     "contacts": {"<name>": {"name": str, "dropped": bool, "note": str, "changed": "<UTC>"}, ...},
     "reminders": {"<call id> <kind> <lead> <start>": {see remind.Entry.doc}, ...}}   (optional)

Schema 1 had no "contacts" table (dropped contacts came with schema 2); schema 3 added the call
fields prep_minutes, turned_down and no_show_by.

Tables added without a schema bump (an absent table means empty):
    "imports": {"<call id>": {<what the import source last said, see importbase>}}
    "broken":  {"<key>": {"problem": str, "record": <the call record as it was found>}}

A call record that fails its check does not lock the user out of the others: on reading it is set
aside under "broken" (kept in the file on the next write, never dropped) and reported, so the user
can delete it (`calldiary delete ID`) or fix it in the file; a fixed record goes back to "calls".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from calldiary.errors import DiaryFileError
from calldiary.model import DOC_FIELDS, all_valid, doc_problem

APP = "calldiary"
SCHEMA = 3


def _add_contacts(data: dict[str, Any]) -> dict[str, Any]:
    data.setdefault("contacts", {})
    return data


def _add_cost_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 3: prep minutes, what was turned down, and whose no-show it was (default: who was to dial)."""
    calls = data.get("calls")
    if type(calls) is not dict:
        return data
    for doc in calls.values():
        if type(doc) is not dict:
            continue
        doc.setdefault("prep_minutes", 0)
        doc.setdefault("turned_down", "")
        if "no_show_by" not in doc:
            no_show = doc.get("status") == "no_show"
            doc["no_show_by"] = ("me" if doc.get("direction") == "i_call" else "them") if no_show else None
    return data


# MIGRATIONS[n] turns a schema-n diary into a schema-(n+1) one (in memory; saved on next write).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _add_contacts, 2: _add_cost_fields}

_CONTACT_FIELDS = {"name": str, "dropped": bool, "note": str, "changed": str}

# Tables added without a schema bump (an absent one is empty): each must be an object of objects.
EXTRA_TABLES = ("reminders", "sync")


def new_diary() -> dict[str, Any]:
    return {"meta": {"1": {"app": APP, "schema": SCHEMA}}, "calls": {}, "contacts": {}}


def plain(data: dict[str, Any]) -> bool:
    """True when the diary suits the layout the seal vouches for (calldiary.seal): the current
    schema's header, no broken records set aside, and every call document with exactly its fields
    (the writer checked each, so none holds a nested value)."""
    calls = data.get("calls")
    return (
        data.get("meta") == new_diary()["meta"]
        and not data.get("broken")
        and type(calls) is dict
        and set(map(len, calls.values())) <= {len(DOC_FIELDS)}
    )


def checker(path: Path) -> Callable[[Any, bool], dict[str, Any]]:
    """A check for DiaryStorage: returns the (migrated) data or raises DiaryFileError. `sealed`:
    the file is byte for byte one calldiary wrote (see storage.seal), its records already checked."""

    def check(data: Any, sealed: bool = False) -> dict[str, Any]:
        problem, migrated = _problem(data, sealed)
        if problem:
            raise DiaryFileError(f"{path}: {problem}")
        checked: dict[str, Any] = migrated  # _problem found none: the top level is an object
        return checked

    return check


def _problem(data: Any, sealed: bool = False) -> tuple[str | None, Any]:
    not_ours = "not a calldiary diary"
    if type(data) is not dict:
        return f"{not_ours}: the top level is not an object", data
    header = data.get("meta", {}).get("1") if type(data.get("meta")) is dict else None
    if type(header) is not dict or header.get("app") != APP:
        return f"{not_ours}: it has no calldiary header", data
    schema = header.get("schema")
    if type(schema) is not int or schema < 0:
        return f"{not_ours}: its schema version {schema!r} is not a number", data
    if any(step not in MIGRATIONS for step in range(schema, SCHEMA)):
        return f"{not_ours}: its schema version {schema} is not one calldiary ever wrote", data
    if schema > SCHEMA:
        return (
            f"written by a newer calldiary (schema {schema}; this one reads up to {SCHEMA}): upgrade calldiary",
            data,
        )
    migrated = schema < SCHEMA
    while schema < SCHEMA:
        data = MIGRATIONS[schema](data)
        schema += 1
        data["meta"]["1"]["schema"] = schema
    calls = data.setdefault("calls", {})
    if type(calls) is not dict:
        return f"{not_ours}: 'calls' is not an object", data
    for name in ("broken", "imports"):
        if type(data.setdefault(name, {})) is not dict:
            return f"{not_ours}: {name!r} is not an object", data
    _set_aside(calls, data["broken"], checked=sealed and not migrated)
    contacts = data.setdefault("contacts", {})
    if type(contacts) is not dict:
        return f"{not_ours}: 'contacts' is not an object", data
    for key, doc in contacts.items():
        if type(doc) is not dict or any(type(doc.get(f)) is not t for f, t in _CONTACT_FIELDS.items()):
            return f"broken contact record {key!r}", data
    for name in EXTRA_TABLES:
        table = data.get(name, {})
        if type(table) is not dict or any(type(doc) is not dict for doc in table.values()):
            return f"{not_ours}: {name!r} is not an object of records", data
    return None, data


def record_problem(key: str, doc: Any) -> str | None:
    """What is wrong with the call record stored under `key`, or None."""
    problem = doc_problem(doc)
    if problem is None and doc["id"] != key:
        problem = f"call {key!r} is stored under another id ({doc['id']!r})"
    return problem


def _set_aside(calls: dict[str, Any], broken: dict[str, Any], *, checked: bool = False) -> None:
    """Move bad call records from `calls` to `broken`, and fixed ones back (`checked`: the
    records are known to pass, as written by calldiary itself)."""
    if not broken and (checked or all_valid(calls)):  # the usual case: no record-by-record check
        return
    for key, entry in list(broken.items()):
        record = entry.get("record") if type(entry) is dict else entry
        if key not in calls and record_problem(key, record) is None:
            calls[key] = record
            del broken[key]
    for key, doc in list(calls.items()):
        problem = record_problem(key, doc)
        if problem:
            broken[key] = {"problem": problem, "record": doc}
            del calls[key]
