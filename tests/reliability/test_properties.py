"""Property tests: anything the store accepts, it reloads; the importers never raise anything but a
one-line CallDiaryError and never leave a diary that does not reload; calldiary re-imports anything
it exported."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calldiary.config import Settings
from calldiary.errors import CallDiaryError
from calldiary.interop.load import export_bytes, read_file
from calldiary.model import Call, Direction, Party, Status, to_doc
from calldiary.store import Diary
from tests.conftest import make_clock

QUICK = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
ZONES = st.sampled_from(["Europe/Berlin", "UTC", "America/New_York", "Asia/Kolkata", "Mars/Olympus", "", "../etc"])
TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
ANY_MOMENT = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC))
NEAR_MOMENT = st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30), timezones=st.just(UTC))


def _calls(moments):
    @st.composite
    def build(draw):
        status = draw(st.sampled_from(list(Status)))
        return Call(
            id=str(draw(st.uuids())),
            contact=draw(TEXT.filter(lambda t: t.strip())),
            start=pendulum.instance(draw(moments).replace(microsecond=0)),
            tz=draw(ZONES),
            created=pendulum.instance(draw(moments).replace(microsecond=0)),
            updated=pendulum.instance(draw(moments).replace(microsecond=0)),
            minutes=draw(st.integers(-5, 2000)),
            direction=draw(st.sampled_from(list(Direction))),
            topic=draw(TEXT),
            notes=draw(TEXT),
            link=draw(TEXT),
            status=status,
            cancelled_by=draw(st.sampled_from(list(Party))) if status is Status.CANCELLED else None,
            reason=draw(TEXT) if status is Status.CANCELLED else "",
            outcome_at=None if status is Status.PLANNED else pendulum.instance(draw(moments).replace(microsecond=0)),
            prep_minutes=draw(st.integers(-5, 2000)),
            turned_down=draw(TEXT),
            # As the model sets it: who failed to dial, only for a no-show.
            no_show_by=draw(st.sampled_from(list(Party))) if status is Status.NO_SHOW else None,
        )

    return build()


def _reloads(path: Path) -> list[dict]:
    return sorted((to_doc(c) for c in Diary(path, make_clock()).all()), key=lambda d: d["id"])


@QUICK
@given(st.lists(_calls(ANY_MOMENT), max_size=4))
def test_anything_the_store_accepts_it_reloads(calls):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "diary.json"
        diary = Diary(path, make_clock())
        diary.add(pendulum.datetime(2026, 11, 26, 10, tz="UTC"), "Anchor")
        try:
            diary.import_calls(calls)
        except CallDiaryError as error:
            assert "\n" not in str(error)
        reloaded = Diary(path, make_clock())
        assert reloaded.broken() == []
        assert _reloads(path) == sorted((to_doc(c) for c in diary.all()), key=lambda d: d["id"])


def _import(raw: bytes, suffix: str) -> None:
    """Import `raw` as a file into a fresh diary: a CallDiaryError or a diary that reloads."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"in{suffix}"
        source.write_bytes(raw)
        path = Path(folder) / "diary.json"
        try:
            batch = read_file(source, make_clock(), Settings())
            Diary(path, make_clock()).import_calls(batch.calls, batch.carried)
        except CallDiaryError as error:
            assert str(error) and "Traceback" not in str(error)
            return
        reloaded = Diary(path, make_clock())
        assert reloaded.broken() == []
        len(reloaded.all())


VALUE = st.one_of(
    TEXT,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
    ANY_MOMENT.map(lambda m: m.isoformat()),
    st.sampled_from(["2026-11-27T13:00:00+01:00", "0999-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00", "kept"]),
)
KEYS = st.sampled_from(
    [
        "id",
        "start",
        "minutes",
        "contact",
        "direction",
        "status",
        "tz",
        "created",
        "updated",
        "outcome_at",
        "cancelled_by",
        "reason",
        "notes",
        "topic",
        "link",
    ]
)
RECORD = st.dictionaries(KEYS, VALUE, max_size=15).map(
    lambda r: {
        "id": "0123abcd-0000-4000-8000-000000000000",
        "contact": "Ann",
        "direction": "they_call",
        "status": "planned",
        "minutes": 30,
        "start": "2026-11-27T13:00:00+01:00",
        **r,
    }
)


@QUICK
@given(st.one_of(st.lists(RECORD, max_size=4).map(lambda r: json.dumps(r).encode()), st.binary(max_size=200)))
def test_json_imports_never_traceback_and_always_reload(raw):
    _import(raw, ".json")


@QUICK
@given(st.lists(RECORD, min_size=1, max_size=4), st.sampled_from(["\n", "\r\n", "\r"]))
def test_csv_imports_never_traceback_and_always_reload(records, newline):
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=sorted({k for r in records for k in r}), lineterminator=newline)
    writer.writeheader()
    writer.writerows(records)
    _import(out.getvalue().encode("utf-8", "surrogatepass"), ".csv")


ICS_LINES = st.sampled_from(
    [
        "DTSTART:20261127T120000Z",
        "DTSTART:09990101T000000Z",
        "DTSTART:99991231T230000Z",
        "DTSTART;VALUE=DATE:20261127",
        "DTSTART;TZID=Europe/Berlin:20261127T120000",
        "DTSTART;TZID=Nowhere:20261127T120000",
        "DTEND:20261127T130000Z",
        "DTEND:19000101T000000Z",
        "DURATION:PT30M",
        "DURATION:P400D",
        "RRULE:FREQ=DAILY;COUNT=3",
        "RRULE:FREQ=SECONDLY",
        "RRULE:FREQ=HOURLY",
        "RRULE:FREQ=WEEKLY;INTERVAL=0",
        "RRULE:FREQ=YEARLY;BYMONTH=13",
        "RRULE:garbage",
        "EXDATE:20261128T120000Z",
        "RECURRENCE-ID:20261128T120000Z",
        "STATUS:CANCELLED",
        "SUMMARY:Call with Ann - x",
        "SUMMARY:\x1b]52;c;x\x07",
        "X-CALLDIARY-OUTCOME:kept",
        "X-CALLDIARY-OUTCOME:maybe",
        "X-CALLDIARY-TZ:Mars/Olympus",
        "X-CALLDIARY-TZ:Europe/Berlin",
        "X-CALLDIARY-OUTCOME-AT:0999-01-01T00:00:00Z",
        "LAST-MODIFIED:09990101T000000Z",
        "CREATED:99991231T235959Z",
        "UID:a",
        "UID:b",
        "LOCATION:+49 30 1",
        "DESCRIPTION:notes\\nmore",
    ]
)


@QUICK
@given(st.lists(st.lists(ICS_LINES, max_size=8), max_size=4))
def test_ics_imports_never_traceback_and_always_reload(events):
    body = "".join("BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n" for lines in events)
    _import(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{body}END:VCALENDAR\r\n".encode(), ".ics")


def _valid_calls():
    good = _calls(NEAR_MOMENT).filter(lambda c: 1 <= c.minutes <= 1440 and c.tz in ("Europe/Berlin", "UTC"))
    return st.lists(good, max_size=4, unique_by=lambda c: c.id)


@QUICK
@given(_valid_calls(), st.sampled_from(["json", "csv", "ics"]))
def test_calldiary_reimports_anything_it_exported(calls, fmt):
    clock = make_clock()
    with tempfile.TemporaryDirectory() as folder:
        first = Path(folder) / "first.json"
        try:
            Diary(first, clock).import_calls(calls)
        except CallDiaryError:
            return  # not a call the store takes (e.g. an outcome before its start is fine; text is not)
        exported = Path(folder) / f"calls.{fmt}"
        exported.write_bytes(export_bytes(fmt, Diary(first, clock).all(), clock))
        second = Path(folder) / "second.json"
        batch = read_file(exported, clock, Settings())
        Diary(second, clock).import_calls(batch.calls, batch.carried)
        strip = lambda docs: [{k: v for k, v in d.items() if k not in ("created", "updated")} for d in docs]  # noqa: E731
        if fmt == "ics":  # iCalendar text may come back with its line breaks normalised
            keys = ("id", "start", "minutes", "tz", "direction", "status", "cancelled_by", "outcome_at")
            strip = lambda docs: [{k: d[k] for k in keys} for d in docs]  # noqa: E731
        assert strip(_reloads(second)) == strip(_reloads(first))
