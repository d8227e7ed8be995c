"""calldiary's own fields in X-CALLDIARY-* properties, generic over model.DOC_FIELDS.

Every call document field (but the id, which is the UID) travels in a property named after it:
`cancelled_by` -> X-CALLDIARY-CANCELLED-BY. Text fields are written as TEXT, numbers as digits,
None as an empty value; anything else as JSON. New fields in DOC_FIELDS travel with no change here.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from calldiary.model import DOC_FIELDS

PREFIX = "X-CALLDIARY-"
_ESCAPED = re.compile(r"\\([\\;,nN])")


def prop_name(field: str) -> str:
    return PREFIX + field.upper().replace("_", "-")


def synced_fields() -> list[str]:
    return [name for name in DOC_FIELDS if name != "id"]


def encode(field: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if type(value) is int:
        return str(value)
    return orjson.dumps(value).decode()


def unescape(value: Any) -> str:
    """A TEXT value as written (icalendar leaves unknown properties escaped)."""
    raw = value.to_ical().decode() if hasattr(value, "to_ical") else str(value)
    return _ESCAPED.sub(lambda m: "\n" if m[1] in "nN" else m[1], raw)


_MISSING = object()


def decode(field: str, text: str) -> Any:
    """The field's value from its property text; _MISSING when it does not fit the field's types."""
    types = DOC_FIELDS[field]
    if text == "" and type(None) in types:
        return None
    if str in types:
        return text
    try:
        value = int(text) if int in types and text.lstrip("-").isdigit() else orjson.loads(text)
    except orjson.JSONDecodeError:
        return _MISSING
    return value if type(value) in types else _MISSING


def read_x(event: Any) -> dict[str, Any]:
    """The call fields found in an event's X-CALLDIARY-* properties (ill-typed ones left out)."""
    found: dict[str, Any] = {}
    for field in synced_fields():
        raw = event.get(prop_name(field))
        if raw is None:
            continue
        value = decode(field, unescape(raw))
        if value is not _MISSING:
            found[field] = value
    return found


def has_marker(event: Any) -> bool:
    """True when the event still carries calldiary's own properties (no phone dropped them)."""
    return event.get(prop_name("start")) is not None and event.get(prop_name("status")) is not None
