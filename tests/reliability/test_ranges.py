"""Items 2, 12, 14 and 16: one supported range of times and known zones on every path in; a bad
record never locks the user out; one line instead of a traceback."""

from __future__ import annotations

import orjson
import pytest

from calldiary.store import Diary
from tests.conftest import make_clock
from tests.test_store import GOOD_CALL, HEADER

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:e1\r\nDTSTART:{start}\r\n"
    "DTEND:20261127T123000Z\r\nSUMMARY:Ann\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
)
RECORD = {
    "id": "0123abcd-0000-4000-8000-000000000000",
    "start": "2026-11-27T13:00:00+01:00",
    "tz": "Europe/Berlin",
    "minutes": 30,
    "contact": "Ann",
    "direction": "they_call",
    "status": "planned",
}


def _csv(record):
    keys = list(record)
    return (",".join(keys) + "\n" + ",".join(str(record[k]) for k in keys) + "\n").encode()


BAD_IMPORTS = {
    "json year 999": ("x.json", orjson.dumps([{**RECORD, "start": "0999-06-01T10:00:00+00:00"}]), "out of range"),
    "csv year 999": ("x.csv", _csv({**RECORD, "start": "0999-06-01T10:00:00+00:00"}), "line 2: start"),
    "ics year 999": ("x.ics", ICS.format(start="09990601T100000Z", extra="").encode(), "DTSTART is out of range"),
    "json created 999": ("x.json", orjson.dumps([{**RECORD, "created": "0999-01-01T00:00:00Z"}]), "created"),
    "json outcome 9999": (
        "x.json",
        orjson.dumps([{**RECORD, "status": "kept", "outcome_at": "9999-12-31T23:00:00Z"}]),
        "outcome_at",
    ),
    "pushed out by offset": ("x.json", orjson.dumps([{**RECORD, "start": "9999-12-31T23:00:00-05:00"}]), "start"),
    "pushed to 3000": ("x.json", orjson.dumps([{**RECORD, "start": "2999-12-31T23:00:00-05:00"}]), "out of range"),
    "json bad zone": ("x.json", orjson.dumps([{**RECORD, "tz": "Mars/Olympus"}]), "not an IANA time zone"),
    "ics bad zone": (
        "x.ics",
        ICS.format(
            start="20261127T120000Z", extra="X-CALLDIARY-OUTCOME:planned\r\nX-CALLDIARY-TZ:Mars/Olympus\r\n"
        ).encode(),
        "X-CALLDIARY-TZ 'Mars/Olympus'",
    ),
}


@pytest.mark.parametrize("name", BAD_IMPORTS)
def test_imports_out_of_range_or_in_unknown_zones_are_refused_in_one_line(proc, db_path, tmp_path, name):
    file_name, content, message = BAD_IMPORTS[name]
    path = tmp_path / file_name
    path.write_bytes(content)
    code, out, err = proc("import", str(path))
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.count("\n") == 1 and message in err, err
    assert proc("list")[0] == 0  # the diary still opens


def test_ics_stamps_out_of_range_fall_back_and_the_diary_reloads(proc, db_path, tmp_path):
    path = tmp_path / "x.ics"
    path.write_text(
        ICS.format(start="20261127T120000Z", extra="CREATED:09990101T000000Z\r\nLAST-MODIFIED:09990101T000000Z\r\n")
    )
    code, out, err = proc("import", str(path))
    assert code == 0 and "1 added" in out, err
    for args in (["list"], ["review"], ["export", "--format", "json"], ["list", "--json"], ["add", "today 18:00", "B"]):
        code, _, err = proc(*args)
        assert code == 0 and "Traceback" not in err, (args, err)


def test_a_diary_with_one_bad_record_opens_reports_it_and_can_delete_it(proc, db_path):
    good = {**GOOD_CALL, "id": "11111111-2222-4333-8444-555555555555", "contact": "Bob"}
    bad = {**GOOD_CALL, "start": "999-06-01T10:00:00Z"}
    db_path.write_bytes(orjson.dumps({"meta": HEADER, "calls": {bad["id"]: bad, good["id"]: good}}))
    code, out, err = proc("list")
    assert code == 0 and "Bob" in out
    assert "broken call record is set aside" in err and "malformed start '999-06-01T10:00:00Z'" in err
    assert "calldiary delete 0123abcd" in err
    code, out, err = proc("delete", "0123abcd")
    assert code == 0 and "deleted (a broken record)" in out
    code, out, err = proc("list")
    assert code == 0 and err == ""
    assert Diary(db_path, make_clock()).broken() == []


@pytest.mark.parametrize(
    "args,env,message",
    [
        (["list", "--week", "9999-W52"], {}, "out of range"),
        (["list", "--week", "0001-W01"], {}, "out of range"),
        (["list"], {"CALLDIARY_NOW": "0001-01-01T10:00:00+00:00"}, "CALLDIARY_NOW"),
        (["list"], {"CALLDIARY_NOW": "9999-12-31T10:00:00+00:00"}, "CALLDIARY_NOW"),
        (["review", "--week", "9999-W52"], {}, "out of range"),
        (["add", "2999-12-31 23:30", "Ann"], {"CALLDIARY_TZ": "America/New_York"}, "would start after"),
    ],
)
def test_edges_of_time_are_one_line(proc, args, env, message):
    code, _out, err = proc(*args, **({"now": env.pop("CALLDIARY_NOW")} if "CALLDIARY_NOW" in env else {}), env=env)
    assert code in (1, 2) and "Traceback" not in err
    assert err.count("\n") == 1 and message in err, err


def test_a_full_export_holds_calls_at_both_ends_of_the_range(proc, db_path, tmp_path):
    records = [
        {**RECORD, "id": "0123abcd-0000-4000-8000-000000000001", "start": "1900-01-01T00:00:00Z", "contact": "First"},
        {**RECORD, "id": "0123abcd-0000-4000-8000-000000000002", "start": "2999-12-31T23:30:00Z", "contact": "Last"},
    ]
    path = tmp_path / "edges.json"
    path.write_bytes(orjson.dumps(records))
    assert "2 added" in proc("import", str(path))[1]
    for fmt in ("json", "csv", "ics"):
        code, out, err = proc("export", "--format", fmt)
        assert code == 0, err
        assert "First" in out and "Last" in out, fmt


@pytest.mark.parametrize(
    "args,zone,message",
    [
        (
            ["add", "2999-12-31 23:50", "Edge", "--minutes", "60"],
            "UTC",
            "the call would end after 3000-01-01 00:00 UTC",
        ),
        (["add", "2999-12-31 20:00", "NY"], "America/New_York", "the call would start after 2999-12-31 23:59 UTC"),
        (["add", "1900-01-01 00:30", "Old"], "Europe/Berlin", "the call would start before 1900-01-01 00:00 UTC"),
        (["edit", "0123abcd", "--minutes", "90"], "UTC", "the call would end after 3000-01-01 00:00 UTC"),
    ],
)
def test_a_call_starting_or_ending_outside_the_range_is_refused_about_the_input(
    proc, db_path, tmp_path, args, zone, message
):
    path = tmp_path / "last.json"
    path.write_bytes(orjson.dumps([{**RECORD, "start": "2999-12-31T23:00:00Z"}]))
    assert proc("import", str(path))[0] == 0
    kept = db_path.read_bytes()
    code, out, err = proc(*args, env={"CALLDIARY_TZ": zone})
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert message in err and "calldiary keeps calls from 1900 to 2999" in err
    assert "malformed" not in err and "Traceback" not in err
    assert db_path.read_bytes() == kept


def test_an_import_whose_call_would_end_after_the_range_is_refused_in_one_line(proc, db_path, tmp_path):
    path = tmp_path / "late.json"
    path.write_bytes(orjson.dumps([{**RECORD, "start": "2999-12-31T23:50:00Z", "minutes": 60}]))
    code, _out, err = proc("import", str(path))
    assert code == 1 and err.count("\n") == 1 and "would end after 3000-01-01 00:00 UTC" in err, err
    assert not db_path.exists() or "2999-12-31T23:50" not in db_path.read_text()


def test_a_call_ending_exactly_at_the_edge_round_trips_through_ics(proc, db_path, tmp_path):
    code, _, err = proc("add", "2999-12-31 23:30", "Edge", "--minutes", "30", env={"CALLDIARY_TZ": "UTC"})
    assert code == 0, err
    export = tmp_path / "edge.ics"
    assert proc("export", "--format", "ics", "-o", str(export))[0] == 0
    assert "DTEND:30000101T000000Z" in export.read_text().replace("DTEND;VALUE=DATE-TIME", "DTEND")
    fresh = tmp_path / "fresh.json"
    code, out, err = proc("import", str(export), env={"CALLDIARY_DB": str(fresh)})
    assert code == 0 and "1 added" in out, err
    code, out, _ = proc("export", "--format", "json", env={"CALLDIARY_DB": str(fresh), "CALLDIARY_TZ": "UTC"})
    calls = orjson.loads(out)["calls"]
    assert [(c["contact"], c["start"], c["minutes"]) for c in calls] == [("Edge", "2999-12-31T23:30:00+00:00", 30)]
