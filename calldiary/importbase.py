"""The import base: what an import source last said about each call, and the merge against it.

An import may change only what its source carries, and only where the source changed since the
last import of that event. So for each call made from another calendar's event the diary keeps, in
its "imports" table, the values of the fields that source carries as it last said them (the base).
On the next import a field is applied only when the source's value differs from the base: an
unchanged file changes nothing, and outcomes, who cancelled, reasons and notes edited in calldiary
are never overwritten by a source that does not carry them (or did not change them).

calldiary's own exports (JSON, CSV, .ics with X-CALLDIARY-* properties) carry every field and the
time each record was last changed (`updated`): such a record replaces the diary's copy only when
it is newer, so re-importing an older backup never reverts newer local changes.

Pure functions over call documents (model.to_doc): no I/O, shareable with sync.
"""

from __future__ import annotations

from typing import Any, Literal

# What a foreign calendar event carries: time, length, summary (contact and topic), description,
# location or URL, zone, and whether it is cancelled.
EVENT_FIELDS: frozenset[str] = frozenset({"start", "minutes", "contact", "topic", "notes", "link", "tz", "cancelled"})

Verdict = Literal["added", "updated", "unchanged", "older"]


def said(doc: dict[str, Any], carried: frozenset[str]) -> dict[str, Any]:
    """What a source said about a call: the carried fields of its document (the base to keep)."""
    out = {name: doc[name] for name in sorted(carried) if name != "cancelled"}
    if "cancelled" in carried:
        out["cancelled"] = doc["status"] == "cancelled"
    return out


def _same(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Equal but for when the record was created or last changed."""
    return all(old.get(k) == v for k, v in new.items() if k not in ("created", "updated"))


def merge_full(old: dict[str, Any] | None, new: dict[str, Any]) -> tuple[dict[str, Any] | None, Verdict]:
    """A full calldiary record against the diary's copy: the newer `updated` wins."""
    if old is None:
        return new, "added"
    if _same(old, new):
        return None, "unchanged"
    if new["updated"] <= old["updated"]:
        return None, "older"
    return {**new, "created": old["created"]}, "updated"


def merge_event(
    old: dict[str, Any] | None,
    new: dict[str, Any],
    base: dict[str, Any] | None,
    carried: frozenset[str],
    now_text: str,
) -> tuple[dict[str, Any] | None, Verdict]:
    """A foreign event's call against the diary's copy and the base: the changed document (None
    when nothing changes) and what happened.

    `base` is what the source said at the last import (None: never imported with a base, e.g. a
    diary from before bases existed; then every carried field that differs is taken)."""
    if old is None:
        return new, "added"
    now_said = said(new, carried)
    out = dict(old)
    for name, value in now_said.items():
        if base is not None and name in base and base[name] == value:
            continue  # unchanged at the source since the last import: the diary's value stands
        if name == "cancelled":
            _apply_cancelled(out, new, bool(value), base, now_text)
        else:
            out[name] = value
    if out == old:
        return None, "unchanged"
    out["updated"] = now_text
    return out, "updated"


def _apply_cancelled(
    out: dict[str, Any], new: dict[str, Any], cancelled: bool, base: dict[str, Any] | None, now_text: str
) -> None:
    """The source cancelled the event, or took a cancellation back."""
    if cancelled and out["status"] == "planned":
        out.update(status="cancelled", cancelled_by="them", reason="", outcome_at=new["outcome_at"] or now_text)
    elif (
        not cancelled
        and base is not None
        and base.get("cancelled") is True
        and out["status"] == "cancelled"
        and out["cancelled_by"] == "them"
        and not out["reason"]
    ):
        out.update(status="planned", cancelled_by=None, reason="", outcome_at=None)


def merge_contacts(
    table: dict[str, dict[str, Any]], incoming: list[dict[str, Any]], names: list[str]
) -> dict[str, dict[str, Any]] | None:
    """The contacts table after importing `incoming` contact records (from a calldiary JSON
    export), or None when nothing changes. A record replaces the diary's record of the same
    contact (case, spacing, punctuation folded) only when its `changed` is newer; it is stored
    under the diary's spelling of the name (`names`: the diary's contacts, calls included)."""
    from calldiary.contacts import canonical, contact_key

    out = dict(table)
    for doc in incoming:
        key = contact_key(doc["name"])
        mine = [name for name, have in out.items() if contact_key(have["name"]) == key]
        if any(out[name]["changed"] >= doc["changed"] for name in mine):
            continue  # the diary's record is as new or newer
        for name in mine:
            del out[name]
        name = canonical(doc["name"], [*names, *mine])
        out[name] = {**doc, "name": name}
    return out if out != table else None
