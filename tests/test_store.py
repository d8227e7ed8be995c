from __future__ import annotations

import os
import stat

import orjson
import pytest

from calldiary.clock import week_bounds
from calldiary.errors import DiaryFileError, NotFound, RuleError
from calldiary.model import Direction, Party, Status
from calldiary.store import Diary, default_path
from tests.conftest import at, make_clock


def test_add_is_on_disk_with_private_mode(diary, db_path, clock):
    call = diary.add(at(27, 13), "Ann", topic="Intro", minutes=45, direction=Direction.I_CALL)
    on_disk = orjson.loads(db_path.read_bytes())
    assert on_disk["meta"]["1"] == {"app": "calldiary", "schema": 3}
    doc = on_disk["calls"][call.id]
    assert (doc["start"], doc["tz"], doc["minutes"], doc["direction"]) == (
        "2026-11-27T12:00:00Z",
        "Europe/Berlin",
        45,
        "i_call",
    )
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert Diary(db_path, clock).get(call.id) == call


def test_week_query_is_sorted_and_bounded(diary, clock):
    inside = [diary.add(at(d, h), f"c{d}{h}") for d, h in [(29, 23), (23, 0), (26, 9)]]
    diary.add(at(22, 23, 59), "before")
    diary.add(at(30, 0), "after")
    found = diary.between(*week_bounds(clock, clock.today()))
    assert [c.id for c in found] == [inside[1].id, inside[2].id, inside[0].id]


def test_mark_edit_delete_and_undo_every_step(diary, db_path, clock):
    call = diary.add(at(26, 10), "Ann")
    diary.mark(call.id, Status.NO_SHOW)
    diary.edit(call.id, topic="Rescheduled", start=at(26, 11))
    diary.mark(call.id, Status.CANCELLED, by=Party.ME, reason="clash")
    diary.delete(call.id)
    with pytest.raises(NotFound):
        diary.get(call.id)
    undone = diary.undo()
    assert (undone.call_id, undone.what, undone.doc["contact"]) == (call.id, "deleted", "Ann")
    assert diary.get(call.id).cancelled_by is Party.ME
    diary.undo()
    diary.undo()
    assert diary.get(call.id).status is Status.NO_SHOW
    assert [c.start for c in diary.between(at(26, 0), at(27, 0))] == [at(26, 10)]
    diary.undo()
    diary.undo()
    assert len(Diary(db_path, clock)) == 0
    with pytest.raises(RuleError, match="nothing to undo"):
        diary.undo()


def test_redo_steps_forward_again_and_a_new_change_ends_it(diary, db_path, clock):
    call = diary.add(at(26, 10), "Ann")
    diary.mark(call.id, Status.NO_SHOW)
    diary.undo()
    diary.undo()
    assert len(Diary(db_path, clock)) == 0
    assert diary.redo().what == "added"
    assert diary.redo().what == "marked no-show"
    assert Diary(db_path, clock).get(call.id).status is Status.NO_SHOW
    with pytest.raises(RuleError, match="nothing to redo"):
        diary.redo()
    diary.undo()
    diary.mark(call.id, Status.KEPT)
    assert not diary.can_redo()


def test_drop_and_take_back_are_undone_and_redone(diary, db_path, clock):
    diary.set_dropped("Ann", True, "never calls")
    diary.set_dropped("Ann", False)
    assert Diary(db_path, clock).dropped() == {}
    assert diary.undo().what == "taken back"
    assert Diary(db_path, clock).dropped() == {"Ann": "never calls"}
    assert diary.undo().what == "dropped"
    assert Diary(db_path, clock).dropped() == {}
    diary.redo()
    assert Diary(db_path, clock).dropped() == {"Ann": "never calls"}


def test_undo_refuses_to_overwrite_a_change_made_elsewhere(diary, db_path, clock):
    call = diary.add(at(26, 10), "Ann")
    diary.mark(call.id, Status.KEPT)
    Diary(db_path, clock).mark(call.id, Status.NO_SHOW)
    with pytest.raises(RuleError, match="changed elsewhere"):
        diary.undo()
    assert Diary(db_path, clock).get(call.id).status is Status.NO_SHOW


def test_change_by_another_diary_object_is_seen(diary, db_path, clock):
    other = Diary(db_path, clock)
    call = other.add(at(26, 10), "Ann")
    assert diary.refresh() is True
    assert [c.id for c in diary.between(at(26, 0), at(27, 0))] == [call.id]
    assert diary.refresh() is False
    mine = diary.add(at(26, 12), "Bob")
    assert {c.id for c in other.between(at(26, 0), at(27, 0))} == {call.id, mine.id}


def test_resolve_by_prefix(diary):
    call = diary.add(at(26, 10), "Ann")
    assert diary.resolve(call.short_id[:3].upper()).id == call.id
    assert diary.resolve(call.id).id == call.id
    for bad in ["zz", "", "0000000000"]:
        with pytest.raises(NotFound):
            diary.resolve(bad)


def test_overlaps_ignore_cancelled_and_self(diary):
    long = diary.add(at(27, 9), "Ann", minutes=90)
    gone = diary.add(at(27, 10), "Bob")
    diary.mark(gone.id, Status.CANCELLED)
    assert [c.id for c in diary.overlapping(at(27, 10), 30)] == [long.id]
    assert diary.overlapping(at(27, 10, 30), 30) == []
    assert diary.overlapping(at(27, 9), 30, exclude=long.id) == []


def test_contacts_most_recent_first(diary):
    diary.add(at(23, 9), "Ann")
    diary.add(at(25, 9), "Bob")
    diary.add(at(27, 9), "Ann")
    assert diary.contacts() == ["Ann", "Bob"]


def test_default_path_honours_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CALLDIARY_DB", str(tmp_path / "x.json"))
    assert default_path() == tmp_path / "x.json"
    monkeypatch.delenv("CALLDIARY_DB")
    assert default_path().name == "diary.json"


GOOD_CALL = {
    "id": "0123abcd-0000-4000-8000-000000000000",
    "contact": "Ann",
    "start": "2026-11-26T09:00:00Z",
    "tz": "Europe/Berlin",
    "minutes": 30,
    "direction": "they_call",
    "topic": "",
    "notes": "",
    "link": "",
    "status": "planned",
    "cancelled_by": None,
    "reason": "",
    "outcome_at": None,
    "created": "2026-11-26T09:00:00Z",
    "updated": "2026-11-26T09:00:00Z",
}
HEADER = {"1": {"app": "calldiary", "schema": 1}}


def _with_call(**changes):
    doc = {**GOOD_CALL, **changes}
    return orjson.dumps({"meta": HEADER, "calls": {GOOD_CALL["id"]: doc}})


BROKEN = {
    "not json": (b'{"meta": ', "not valid JSON"),
    "empty": (b"", "the file is empty"),
    "a list": (b"[1, 2]", "top level is not an object"),
    "another app": (b'{"_default": {"1": {"x": 1}}}', "no calldiary header"),
    "newer schema": (orjson.dumps({"meta": {"1": {"app": "calldiary", "schema": 99}}, "calls": {}}), "newer calldiary"),
    "calls not object": (orjson.dumps({"meta": HEADER, "calls": []}), "'calls' is not an object"),
    "schema 0": (orjson.dumps({"meta": {"1": {"app": "calldiary", "schema": 0}}, "calls": {}}), "schema version 0"),
}
# One bad call record never locks the user out of the others: it is set aside and reported.
BROKEN_RECORDS = {
    "minutes as text": (_with_call(minutes="30"), "'minutes'"),
    "missing field": (orjson.dumps({"meta": HEADER, "calls": {"x": {"id": "x"}}}), "has no 'contact'"),
    "unknown status": (_with_call(status="maybe"), "unknown status"),
    "bad start": (_with_call(start="tomorrow"), "malformed start"),
    "year 999": (_with_call(start="999-06-01T10:00:00Z"), "malformed start"),
    "bad created": (_with_call(created="0999-06-01T10:00:00Z"), "out of range"),
    "outcome in 9999": (_with_call(status="kept", outcome_at="9999-12-31T23:00:00Z"), "malformed outcome_at"),
    "unknown zone": (_with_call(tz="Mars/Olympus"), "unknown time zone"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_file_is_named_and_left_untouched(db_path, clock, name):
    content, message = BROKEN[name]
    db_path.write_bytes(content)
    before = db_path.stat()
    with pytest.raises(DiaryFileError) as caught:
        Diary(db_path, clock)
    assert str(db_path) in str(caught.value) and message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert db_path.read_bytes() == content
    assert db_path.stat().st_mtime_ns == before.st_mtime_ns


def test_a_folder_in_place_of_the_file(tmp_path, clock):
    with pytest.raises(DiaryFileError, match="is a folder"):
        Diary(tmp_path, clock)


def test_a_file_broken_while_open_is_reported_not_overwritten(diary, db_path):
    diary.add(at(26, 10), "Ann")
    db_path.write_bytes(b"garbage")
    with pytest.raises(DiaryFileError, match="not valid JSON"):
        diary.add(at(26, 11), "Bob")
    assert db_path.read_bytes() == b"garbage"


def test_a_failed_save_leaves_memory_and_disk_in_step(diary, db_path, clock, monkeypatch):
    kept = diary.add(at(26, 10), "Ann")
    saved = db_path.read_bytes()

    def no_space(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(DiaryFileError, match="can't save the diary: No space left"):
        diary.add(at(26, 11), "Bob")
    with pytest.raises(DiaryFileError):
        diary.mark(kept.id, Status.KEPT)
    monkeypatch.undo()
    assert db_path.read_bytes() == saved
    assert [c.contact for c in diary.between(at(26, 0), at(27, 0))] == ["Ann"]
    assert diary.get(kept.id).status is Status.PLANNED
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith(".tmp")]


def test_migrations_have_a_place(db_path, clock, monkeypatch):
    from calldiary import schema

    old = {"meta": {"1": {"app": "calldiary", "schema": 0}}, "people": [{"name": "Ann"}]}
    db_path.write_bytes(orjson.dumps(old))

    def zero_to_one(data):
        data.pop("people")
        data["calls"] = {}
        return data

    monkeypatch.setitem(schema.MIGRATIONS, 0, zero_to_one)
    diary = Diary(db_path, clock)
    assert len(diary) == 0
    diary.add(at(26, 10), "Ann")
    assert orjson.loads(db_path.read_bytes())["meta"]["1"]["schema"] == 3


def test_a_pinned_clock_in_new_york_stores_utc_and_zone(tmp_path):
    import pendulum

    clock = make_clock(tz="America/New_York")
    diary = Diary(tmp_path / "d.json", clock)
    call = diary.add(pendulum.datetime(2026, 11, 27, 9, tz="America/New_York"), "Ann")
    doc = orjson.loads((tmp_path / "d.json").read_bytes())["calls"][call.id]
    assert (doc["start"], doc["tz"]) == ("2026-11-27T14:00:00Z", "America/New_York")


def test_next_planned_skips_outcomes_and_the_past(diary, clock):
    diary.add(at(26, 14), "Past")
    done = diary.add(at(26, 16), "Done")
    diary.mark(done.id, Status.CANCELLED)
    later = diary.add(at(27, 9), "Later")
    diary.add(at(28, 9), "Even later")
    assert diary.next_planned(clock.now()).id == later.id
    assert diary.next_planned(at(28, 9)) is None


def test_version_grows_with_every_change_here_or_elsewhere(diary, db_path, clock):
    start = diary.version
    call = diary.add(at(26, 10), "Ann")
    assert diary.version > start
    seen = diary.version
    assert diary.version == seen  # reading changes nothing
    Diary(db_path, clock).mark(call.id, Status.KEPT)
    assert diary.version > seen


def test_schema_1_gains_a_contacts_table_on_first_save(db_path, clock):
    db_path.write_bytes(_with_call())  # a schema-1 diary: no "contacts"
    diary = Diary(db_path, clock)
    assert diary.dropped() == {}
    diary.set_dropped("Ann", True, "never calls")
    saved = orjson.loads(db_path.read_bytes())
    assert saved["meta"]["1"]["schema"] == 3 and GOOD_CALL["id"] in saved["calls"]
    assert saved["contacts"]["Ann"]["note"] == "never calls"


def test_dropping_a_contact_and_taking_it_back(diary, db_path, clock):
    diary.set_dropped("Ann", True, "  ignores calls  ")
    assert Diary(db_path, clock).dropped() == {"Ann": "ignores calls"}
    diary.set_dropped("Ann", False)
    assert Diary(db_path, clock).dropped() == {}
    with pytest.raises(RuleError):
        diary.set_dropped("  ", True)


def test_a_broken_contact_record_is_named(db_path, clock):
    data = {"meta": {"1": {"app": "calldiary", "schema": 2}}, "calls": {}, "contacts": {"Ann": {"name": 3}}}
    db_path.write_bytes(orjson.dumps(data))
    with pytest.raises(DiaryFileError, match="broken contact record 'Ann'"):
        Diary(db_path, clock)


@pytest.mark.parametrize("name", BROKEN_RECORDS)
def test_one_bad_record_is_set_aside_and_reported_never_locking_out_the_rest(db_path, clock, name):
    content, message = BROKEN_RECORDS[name]
    data = orjson.loads(content)
    other = {**GOOD_CALL, "id": "11111111-2222-4333-8444-555555555555", "contact": "Other"}
    data["calls"][other["id"]] = other
    db_path.write_bytes(orjson.dumps(data))
    diary = Diary(db_path, clock)
    assert [c.contact for c in diary.all()] == ["Other"]
    [(key, problem)] = diary.broken()
    assert message in problem
    # A write keeps the bad record in the file (set aside), never drops it.
    diary.add(at(26, 10), "Ann")
    saved = orjson.loads(db_path.read_bytes())
    # (as found, plus the defaults schema 3's migration gives every record, so a fix brings it back)
    as_found = {"prep_minutes": 0, "turned_down": "", "no_show_by": None, **data["calls"][key]}
    assert key in saved["broken"] and saved["broken"][key]["record"] == as_found
    again = Diary(db_path, clock)
    assert len(again) == 2 and [k for k, _ in again.broken()] == [key]
    again.delete_broken(key)
    assert Diary(db_path, clock).broken() == []


def test_a_record_fixed_in_the_file_comes_back(db_path, clock):
    content, _ = BROKEN_RECORDS["year 999"]
    db_path.write_bytes(content)
    diary = Diary(db_path, clock)
    diary.add(at(26, 10), "Ann")
    data = orjson.loads(db_path.read_bytes())
    data["broken"][GOOD_CALL["id"]]["record"]["start"] = "2026-11-26T09:00:00Z"
    db_path.write_bytes(orjson.dumps(data))
    fixed = Diary(db_path, clock)
    assert fixed.broken() == [] and len(fixed) == 2


@pytest.mark.parametrize(
    "field,value",
    [("start", "999-06-01T10:00:00Z"), ("created", "0999-01-01T00:00:00Z"), ("tz", "Nowhere/Land")],
)
def test_the_writer_refuses_what_the_reader_would_set_aside(diary, db_path, field, value):
    from calldiary.errors import RuleError
    from calldiary.model import from_doc, to_doc

    call = diary.add(at(26, 10), "Ann")
    before = db_path.read_bytes()
    doc = to_doc(call)
    doc[field] = value
    with pytest.raises((RuleError, ValueError)):
        diary.import_calls([from_doc(doc)])
    assert db_path.read_bytes() == before
