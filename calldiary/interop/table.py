"""CSV and JSON: calldiary's own export formats, and importing them back."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import orjson
import pendulum

from calldiary.clock import MAX_YEAR as _MAX_YEAR
from calldiary.clock import MIN_YEAR as _MIN_YEAR
from calldiary.clock import UTC, Clock, in_range, utc_text, zone_ok
from calldiary.errors import CallDiaryError
from calldiary.fmt import call_json
from calldiary.interop.batch import Batch
from calldiary.model import MAX_MINUTES, Call, Direction, Party, Status

FIELDS = [
    "id",
    "start",
    "end",
    "tz",
    "minutes",
    "contact",
    "direction",
    "topic",
    "notes",
    "link",
    "status",
    "cancelled_by",
    "reason",
    "outcome_at",
    "created",
    "updated",
    "no_show_by",
    "prep_minutes",
    "turned_down",
    "contact_dropped",
    "contact_note",
]
REQUIRED = ["id", "start", "minutes", "contact", "direction", "status"]
# Text cells a spreadsheet would evaluate as a formula (or that start with the guard itself) get a
# leading apostrophe on export; importing calldiary's own CSV takes it off again.
TEXT_FIELDS = ("contact", "topic", "notes", "link", "reason", "turned_down", "contact_note")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


class TableError(CallDiaryError):
    """A CSV or JSON file that can't be imported, with where it stopped."""


def _dropped_fields(call: Call, dropped: Mapping[str, str] | None) -> dict[str, Any]:
    """The call's contact's dropped state, carried by each of their calls."""
    from calldiary.contacts import contact_key

    key = contact_key(call.contact)
    for name, note in (dropped or {}).items():
        if contact_key(name) == key:
            return {"contact_dropped": True, "contact_note": note}
    return {"contact_dropped": False, "contact_note": ""}


def _record(call: Call, clock: Clock, dropped: Mapping[str, str] | None) -> dict[str, Any]:
    return {**call_json(call, clock), **_dropped_fields(call, dropped)}


def _records(calls: Iterable[Call], clock: Clock, dropped: Mapping[str, str] | None) -> list[dict[str, Any]]:
    return [{name: _record(call, clock, dropped)[name] for name in FIELDS} for call in calls]


# The JSON export is an object: {"calldiary_export": 1, "calls": [...], "contacts": [...]}, each
# call as `list --json` (plus contact_dropped/contact_note), each contact as the diary's contacts
# table holds it. Older exports were a bare list of calls: import reads both.
EXPORT_VERSION = 1
_CONTACT_TYPES = {"name": str, "dropped": bool, "note": str, "changed": str}


def write_json(
    calls: Iterable[Call],
    clock: Clock,
    dropped: Mapping[str, str] | None = None,
    contacts: Iterable[Mapping[str, Any]] = (),
) -> bytes:
    """`calls` and the whole contacts table (`contacts`: its records) as calldiary's JSON export."""
    records = [_record(call, clock, dropped) for call in calls]
    table = sorted(({name: doc[name] for name in _CONTACT_TYPES} for doc in contacts), key=lambda d: d["name"])
    export = {"calldiary_export": EXPORT_VERSION, "calls": records, "contacts": table}
    return orjson.dumps(export, option=orjson.OPT_INDENT_2) + b"\n"


def _contact(item: Any) -> dict[str, Any]:
    """One contact record of a JSON export, checked; its `changed` as UTC text."""
    if not isinstance(item, dict):
        raise TableError("not an object")
    for name, kind in _CONTACT_TYPES.items():
        if type(item.get(name)) is not kind:
            raise TableError(f"{name} is missing or not {'text' if kind is str else 'true or false'}")
    if not item["name"].strip():
        raise TableError("the name is empty")
    changed = utc_text(_instant(item["changed"], "changed"))
    note = item["note"] if item["dropped"] else ""
    return {"name": " ".join(item["name"].split()), "dropped": item["dropped"], "note": note, "changed": changed}


def neutralise(text: str) -> str:
    """A cell a spreadsheet shows as text, never evaluates: '=1+1 for =1+1."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def restore(text: str) -> str:
    """The cell's text as calldiary wrote it before neutralising."""
    return text[1:] if text[:1] == "'" and text[1:].startswith(_FORMULA_START) else text


def write_csv(calls: Iterable[Call], clock: Clock, dropped: Mapping[str, str] | None = None) -> bytes:
    out = io.StringIO()
    # RFC 4180 line ends: a cell holding a lone CR or LF is quoted, so it reads back as written.
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for record in _records(calls, clock, dropped):
        row = {k: "" if v is None else v for k, v in record.items()}
        for name in TEXT_FIELDS:
            row[name] = neutralise(row[name])
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _instant(text: Any, name: str) -> pendulum.DateTime:
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise TableError(f"{name} {text!r} is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise TableError(f"{name} {text!r} has no UTC offset")
    if not in_range(moment):
        raise TableError(f"{name} {text!r} is out of range: years {_MIN_YEAR} to {_MAX_YEAR} (UTC) only")
    return pendulum.instance(moment.astimezone(UTC), tz=UTC)


def record_call(record: dict[str, Any], now: pendulum.DateTime) -> Call:
    """One exported record back into a call; TableError says which field is wrong."""
    missing = [name for name in REQUIRED if record.get(name) in (None, "")]
    if missing:
        raise TableError(f"missing {', '.join(missing)}")
    try:
        call_id = str(uuid.UUID(str(record["id"])))
    except ValueError:
        raise TableError(f"id {record['id']!r} is not a UUID") from None
    try:
        minutes = int(record["minutes"])
    except (TypeError, ValueError, OverflowError):
        raise TableError(f"minutes {record['minutes']!r} is not a whole number") from None
    if not 1 <= minutes <= MAX_MINUTES:
        raise TableError(f"minutes {minutes} is not between 1 and {MAX_MINUTES}")
    try:
        status = Status.parse(str(record["status"]))
        direction = Direction(str(record["direction"]))
        by = Party(str(record["cancelled_by"])) if record.get("cancelled_by") else None
        no_show_by = Party(str(record["no_show_by"])) if record.get("no_show_by") else None
    except (ValueError, CallDiaryError) as error:
        raise TableError(str(error)) from None
    start = _instant(record["start"], "start")
    created = _instant(record["created"], "created") if record.get("created") else now
    updated = _instant(record["updated"], "updated") if record.get("updated") else created
    outcome_at = _instant(record["outcome_at"], "outcome_at") if record.get("outcome_at") else None
    try:
        prep = int(record.get("prep_minutes") or 0)
    except (TypeError, ValueError):
        raise TableError(f"prep_minutes {record['prep_minutes']!r} is not a whole number") from None
    if not 0 <= prep <= MAX_MINUTES:
        raise TableError(f"prep_minutes {prep} is not between 0 and {MAX_MINUTES}")
    tz = str(record.get("tz") or "UTC")
    if not zone_ok(tz):
        raise TableError(f"tz {tz!r} is not an IANA time zone")
    if not str(record["contact"]).strip():
        raise TableError("missing contact")
    return Call(
        id=call_id,
        contact=str(record["contact"]),  # as exported: a re-import changes nothing
        start=start,
        tz=tz,
        created=created,
        updated=updated,
        minutes=minutes,
        direction=direction,
        topic=str(record.get("topic") or ""),
        notes=str(record.get("notes") or ""),
        link=str(record.get("link") or ""),
        status=status,
        cancelled_by=(by or Party.THEM) if status is Status.CANCELLED else None,
        reason=str(record.get("reason") or "") if status is Status.CANCELLED else "",
        outcome_at=outcome_at if status is not Status.PLANNED else None,
        prep_minutes=prep,
        turned_down=str(record.get("turned_down") or ""),
        no_show_by=(no_show_by or (Party.THEM if direction is Direction.THEY_CALL else Party.ME))
        if status is Status.NO_SHOW
        else None,
    )


def _note_dropped(batch: Batch, record: Mapping[str, Any], call: Call) -> None:
    flag = record.get("contact_dropped")
    if flag is True or (isinstance(flag, str) and flag.strip().lower() in ("true", "1", "yes")):
        batch.dropped[call.contact] = str(record.get("contact_note") or "")


def _calls_of(data: Any, batch: Batch) -> list[Any]:
    """The call records of a JSON export (an export object, or an older bare list of calls); an
    export object's contacts table goes into `batch.contacts`."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise TableError("not a calldiary export: the top level is neither an export object nor a list of calls")
    if "meta" in data and "calldiary_export" not in data:
        raise TableError(
            "this is a diary file, not an export: open it with --db PATH, or export from it with "
            "'calldiary --db PATH export -o FILE.json'"
        )
    if "calldiary_export" not in data:
        raise TableError('not a calldiary export: no "calldiary_export": 1')
    if data["calldiary_export"] != EXPORT_VERSION:
        raise TableError(f"export version {data['calldiary_export']!r} is not one this calldiary reads (1)")
    calls, contacts = _listed(data, "calls"), _listed(data, "contacts")
    for number, item in enumerate(contacts, start=1):
        try:
            batch.contacts.append(_contact(item))
        except TableError as error:
            raise TableError(f"contact {number}: {error}") from None
    return calls


def read_json(raw: bytes, clock: Clock) -> Batch:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise TableError(f"not valid JSON: {error}") from None
    batch = Batch()
    items = _calls_of(data, batch)
    now = clock.now()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise TableError(f"item {number}: not an object")
        try:
            batch.calls.append(record_call(item, now))
        except TableError as error:
            raise TableError(f"item {number}: {error}") from None
        if not batch.contacts:  # (an export object's contacts table says it all, with times)
            _note_dropped(batch, item, batch.calls[-1])
    return batch


def read_csv(raw: bytes, clock: Clock) -> Batch:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError("not UTF-8 text") from None
    # newline="": the csv module itself reads \n, \r\n and bare \r line ends, and keeps line
    # breaks inside quoted cells as they were. Cells are as long as the file allows (long notes).
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _read_records(reader, clock)
    except csv.Error as error:
        raise TableError(f"line {reader.line_num}: not a readable CSV line ({error})") from None


def _read_records(reader: csv.DictReader[str], clock: Clock) -> Batch:
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing:
        raise TableError(
            f"line 1: the header lacks {', '.join(missing)} (a calldiary CSV export has {', '.join(FIELDS)})"
        )
    batch = Batch()
    now = clock.now()
    for record in reader:
        for name in TEXT_FIELDS:
            if isinstance(record.get(name), str):
                record[name] = restore(record[name])
        try:
            batch.calls.append(record_call(record, now))
        except TableError as error:
            raise TableError(f"line {reader.line_num}: {error}") from None
        _note_dropped(batch, record, batch.calls[-1])
    return batch


def _listed(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        said = "is missing" if value is None else "is not a list"
        raise TableError(f'not a calldiary export: its "{key}" {said}')
    return value
