"""What an import file yields before anything is written: calls, and what was left out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from calldiary.model import Call

# Calls made from another calendar's event get an id derived from the event's UID (and, for one
# occurrence of a series, its RECURRENCE-ID): importing the same file again finds the same calls.
_NAMESPACE = uuid.UUID("0b9e8a44-3c1f-4b7e-9a51-6c2d7f3e1a90")
OWN_UID_SUFFIX = "@calldiary"


def id_for_uid(uid: str, occurrence: str = "") -> str:
    """The call id for an event's UID: calldiary's own UIDs map back to their call's id."""
    if uid.endswith(OWN_UID_SUFFIX) and not occurrence:
        candidate = uid[: -len(OWN_UID_SUFFIX)]
        try:
            return str(uuid.UUID(candidate))
        except ValueError:
            pass
    return str(uuid.uuid5(_NAMESPACE, f"{uid}|{occurrence}"))


@dataclass
class Batch:
    """The calls read from a file, and what was left out or made along the way."""

    calls: list[Call] = field(default_factory=list)
    all_day: int = 0
    too_long: int = 0
    occurrences: int = 0  # calls made by expanding recurring events
    notes: list[str] = field(default_factory=list)
    dropped: dict[str, str] = field(default_factory=dict)  # contacts the file says were dropped: name -> note
    # The whole contacts table, from a calldiary JSON export: {name, dropped, note, changed} records,
    # each applied when newer than the diary's (then `dropped` is not used).
    contacts: list[dict[str, Any]] = field(default_factory=list)
    # Calls made from another calendar's event: id -> the fields that event carries (merged field
    # by field against the import base). Calls not listed are full calldiary records.
    carried: dict[str, frozenset[str]] = field(default_factory=dict)
    # Calls made from an occurrence of a recurring event: id -> its RECURRENCE-ID (a UTC instant
    # text), which names the occurrence however it was moved.
    recurrence: dict[str, str] = field(default_factory=dict)
