"""The diary file's shape: its header, its schema version, migrations and checks.

    {"meta":     {"1": {"app": "calldiary", "schema": 2}},
     "calls":    {"<uuid>": {<call document, see model.DOC_FIELDS>}, ...},
     "contacts": {"<name>": {"name": str, "dropped": bool, "note": str, "changed": "<UTC>"}, ...}}

Schema 1 had no "contacts" table (dropped contacts came with schema 2).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from calldiary.errors import DiaryFileError
from calldiary.model import docs_problem

APP = "calldiary"
SCHEMA = 2


def _add_contacts(data: dict[str, Any]) -> dict[str, Any]:
    data.setdefault("contacts", {})
    return data


# MIGRATIONS[n] turns a schema-n diary into a schema-(n+1) one (in memory; saved on next write).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _add_contacts}

_CONTACT_FIELDS = {"name": str, "dropped": bool, "note": str, "changed": str}


def new_diary() -> dict[str, Any]:
    return {"meta": {"1": {"app": APP, "schema": SCHEMA}}, "calls": {}, "contacts": {}}


def checker(path: Path) -> Callable[[Any], dict[str, Any]]:
    """A check for DiaryStorage: returns the (migrated) data or raises DiaryFileError."""

    def check(data: Any) -> dict[str, Any]:
        problem, migrated = _problem(data)
        if problem:
            raise DiaryFileError(f"{path}: {problem}")
        checked: dict[str, Any] = migrated  # _problem found none: the top level is an object
        return checked

    return check


def _problem(data: Any) -> tuple[str | None, Any]:
    not_ours = "not a calldiary diary"
    if type(data) is not dict:
        return f"{not_ours}: the top level is not an object", data
    header = data.get("meta", {}).get("1") if type(data.get("meta")) is dict else None
    if type(header) is not dict or header.get("app") != APP:
        return f"{not_ours}: it has no calldiary header", data
    schema = header.get("schema")
    if type(schema) is not int or schema < 0:
        return f"{not_ours}: its schema version {schema!r} is not a number", data
    if schema > SCHEMA:
        return (
            f"written by a newer calldiary (schema {schema}; this one reads up to {SCHEMA}): upgrade calldiary",
            data,
        )
    while schema < SCHEMA:
        data = MIGRATIONS[schema](data)
        schema += 1
        data["meta"]["1"]["schema"] = schema
    calls = data.setdefault("calls", {})
    if type(calls) is not dict:
        return f"{not_ours}: 'calls' is not an object", data
    problem = docs_problem(calls)
    if problem:
        return f"broken call record: {problem}", data
    contacts = data.setdefault("contacts", {})
    if type(contacts) is not dict:
        return f"{not_ours}: 'contacts' is not an object", data
    for key, doc in contacts.items():
        if type(doc) is not dict or any(type(doc.get(f)) is not t for f, t in _CONTACT_FIELDS.items()):
            return f"broken contact record {key!r}", data
    return None, data
