"""The JSON export carries the whole contacts table (a contact dropped with --new, who has no
calls, included) and import restores it, newer record wins; CSV and .ics carry a contact's
dropped state only with their calls."""

from __future__ import annotations

import json

import orjson

from calldiary.store import Diary
from tests.conftest import make_clock


def _diary(run) -> None:
    assert run("add", "2026-11-24 10:00", "Ann Lee")[0] == 0
    assert run("add", "2026-11-25 10:00", "Bo")[0] == 0
    assert run("drop", "Spam Caller", "--new", "--note", "sells timeshares;\nnever again")[0] == 0
    assert run("drop", "Bo", "--note", "late")[0] == 0
    assert run("drop", "Bo", "--undo")[0] == 0  # taken back: a record with dropped = false


def test_json_export_round_trips_the_contacts_table(run, db_path, tmp_path):
    _diary(run)
    exported = tmp_path / "backup.json"
    assert run("export", "-o", str(exported))[0] == 0
    data = json.loads(exported.read_text())
    assert data["calldiary_export"] == 1 and len(data["calls"]) == 2
    assert [(c["name"], c["dropped"], c["note"]) for c in data["contacts"]] == [
        ("Bo", False, ""),
        ("Spam Caller", True, "sells timeshares;\nnever again"),
    ]
    empty = tmp_path / "empty.json"
    code, out, err = run("--db", str(empty), "import", str(exported))
    assert code == 0, err
    assert out == "backup.json: 2 added, 0 updated, 0 skipped (unchanged); 2 contact records restored\n"
    assert Diary(empty, make_clock()).dropped() == {"Spam Caller": "sells timeshares;\nnever again"}
    assert orjson.loads(empty.read_bytes())["contacts"] == orjson.loads(db_path.read_bytes())["contacts"]
    # booking the dropped contact in the restored diary warns, as in the original
    code, _, err = run("--db", str(empty), "add", "2026-11-27 10:00", "spam caller")
    assert code == 0 and "sells timeshares" in err
    # importing the same file again changes nothing
    assert run("--db", str(empty), "import", str(exported))[1].startswith("backup.json: 0 added, 0 updated, 2 skipped")


def test_an_older_backup_never_drops_again_a_contact_taken_back_since(run, db_path, tmp_path, monkeypatch):
    _diary(run)
    backup = tmp_path / "backup.json"
    assert run("export", "-o", str(backup))[0] == 0
    monkeypatch.setenv("CALLDIARY_NOW", "2026-11-26T17:00:00+01:00")  # two hours later
    assert run("drop", "Spam Caller", "--undo")[0] == 0
    code, out, err = run("import", str(backup))
    assert code == 0, err
    assert "contact record" not in out
    assert Diary(db_path, make_clock()).dropped() == {}


def test_a_newer_contact_record_in_the_file_wins(run, db_path, tmp_path):
    _diary(run)
    data = json.loads(run("export", "--format", "json")[1])
    spam = next(c for c in data["contacts"] if c["name"] == "Spam Caller")
    spam.update(note="now a client", dropped=False, changed="2026-11-27T09:00:00+01:00")
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(data))
    code, out, _ = run("import", str(newer))
    assert code == 0 and out.endswith("1 contact record restored\n")
    assert Diary(db_path, make_clock()).dropped() == {}
    assert orjson.loads(db_path.read_bytes())["contacts"]["Spam Caller"]["changed"] == "2026-11-27T08:00:00Z"


def test_csv_and_ics_carry_dropped_contacts_with_calls_only(run, db_path, tmp_path):
    _diary(run)
    run("drop", "Ann Lee", "--note", "no-show twice")
    for fmt in ("csv", "ics"):
        exported = tmp_path / f"calls.{fmt}"
        assert run("export", "-o", str(exported))[0] == 0
        assert "Spam Caller" not in exported.read_text()
        other = tmp_path / f"other-{fmt}.json"
        assert run("--db", str(other), "import", str(exported))[0] == 0
        assert Diary(other, make_clock()).dropped() == {"Ann Lee": "no-show twice"}, fmt


def test_an_older_bare_list_export_still_imports_with_its_dropped_flags(run, db_path, tmp_path):
    _diary(run)
    run("drop", "Ann Lee", "--note", "no-show twice")
    calls = json.loads(run("export", "--format", "json")[1])["calls"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(calls))
    other = tmp_path / "other.json"
    code, out, err = run("--db", str(other), "import", str(old))
    assert code == 0 and out.startswith("old.json: 2 added"), err
    assert Diary(other, make_clock()).dropped() == {"Ann Lee": "no-show twice"}


def test_bad_exports_are_one_line_naming_the_place(run, db_path, tmp_path):
    _diary(run)
    good = json.loads(run("export", "--format", "json")[1])
    cases = [
        ({**good, "contacts": [{"name": "X"}]}, "contact 1: dropped is missing or not true or false"),
        ({**good, "contacts": [{**good["contacts"][0], "changed": "soon"}]}, "contact 1: changed 'soon' is not"),
        ({**good, "calldiary_export": 7}, "export version 7 is not one this calldiary reads"),
        ({"calls": []}, 'not a calldiary export: no "calldiary_export": 1'),
        ({"calldiary_export": 1, "calls": [{"contact": "x"}]}, 'not a calldiary export: its "contacts" is missing'),
        ({"calldiary_export": 1, "calls": {}, "contacts": []}, 'not a calldiary export: its "calls" is not a list'),
        (orjson.loads(db_path.read_bytes()), "this is a diary file, not an export: open it with --db PATH"),
    ]
    for number, (content, message) in enumerate(cases):
        path = tmp_path / f"bad{number}.json"
        path.write_bytes(orjson.dumps(content))
        before = db_path.read_bytes()
        code, _, err = run("import", str(path))
        assert code == 1 and message in err and err.count("\n") == 1, err
        assert db_path.read_bytes() == before
