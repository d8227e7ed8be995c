"""The pure parts of sync: the field-by-field merge and the call <-> VEVENT mapping (no server)."""

from __future__ import annotations

import pendulum
import pytest
from icalendar import Calendar

from calldiary import model
from calldiary.clock import utc_text
from calldiary.model import Party, Status, to_doc
from calldiary.sync import fields
from calldiary.sync.fields import prop_name
from calldiary.sync.mapping import event_to_doc, render
from calldiary.sync.merge import merge
from tests.conftest import NOW, at, make_clock


def doc(**changes):
    call = model.Call(
        id="7a1c1a0e-8a3b-4c39-9c1c-2b9c3f0e0001",
        contact="Ann Lee",
        start=at(27, 10).in_tz("UTC"),
        tz="Europe/Berlin",
        created=NOW.in_tz("UTC"),
        updated=NOW.in_tz("UTC"),
        topic="Pricing",
    )
    found = to_doc(call)
    found.update(changes)
    return found


def t(minutes):
    return utc_text(NOW.add(minutes=minutes))


def test_one_sided_changes_are_both_kept():
    base = doc()
    here = doc(topic="Terms", updated=t(5))
    there = doc(link="+49 1", updated=t(1))
    merged = merge(base, here, there)
    assert (merged.doc["topic"], merged.doc["link"], merged.losses) == ("Terms", "+49 1", [])
    assert merged.doc["updated"] == t(5)


def test_the_later_change_wins_a_field_and_the_loser_is_returned():
    base = doc()
    merged = merge(base, doc(topic="mine", updated=t(9)), doc(topic="theirs", updated=t(3)))
    assert merged.doc["topic"] == "mine"
    assert [(loss.field, loss.value, loss.side) for loss in merged.losses] == [("topic", "theirs", "there")]


def test_start_and_zone_move_together():
    base = doc()
    here = doc(start="2026-11-27T15:00:00Z", tz="America/New_York", updated=t(2))
    there = doc(start="2026-11-27T11:00:00Z", updated=t(4))
    merged = merge(base, here, there)
    assert (merged.doc["start"], merged.doc["tz"]) == ("2026-11-27T11:00:00Z", "Europe/Berlin")


@pytest.mark.parametrize(
    ("here", "there", "wins"),
    [
        ({"status": "planned", "updated": t(9)}, {"status": "kept", "outcome_at": t(1), "updated": t(1)}, "kept"),
        ({"status": "kept", "outcome_at": t(1), "updated": t(1)}, {"status": "planned", "updated": t(9)}, "kept"),
        (
            {"status": "kept", "outcome_at": t(1), "updated": t(9)},
            {"status": "no_show", "outcome_at": t(5), "updated": t(5)},
            "no_show",
        ),
    ],
)
def test_outcome_rules(here, there, wins):
    base = doc(status="cancelled", cancelled_by="me", outcome_at=t(0))
    base_here = {**base, "cancelled_by": None, "outcome_at": None, **here}
    base_there = {**base, "cancelled_by": None, "outcome_at": None, **there}
    assert merge(base, base_here, base_there).doc["status"] == wins


def test_without_a_base_equal_sides_merge_quietly():
    merged = merge(None, doc(), doc(updated=t(1)))
    assert merged.losses == [] and merged.doc["topic"] == "Pricing"


def parse(text):
    return Calendar.from_ical(text).walk("VEVENT")[0]


def test_every_field_travels_and_comes_back(monkeypatch):
    # A field added to the call document later (as issue 8 adds prep_minutes) travels with no change.
    monkeypatch.setitem(model.DOC_FIELDS, "prep_minutes", (int,))
    monkeypatch.setitem(model.DOC_FIELDS, "no_show_by", (str, type(None)))
    original = doc(
        status="cancelled", cancelled_by="me", reason="ill; back, soon\nreally", outcome_at=t(3), prep_minutes=15,
        no_show_by=None, notes="line one\nline two",
    )  # fmt: skip
    text = render(original, uid=original["id"], sequence=0, remind_before=[10, 60], stamp=NOW)
    event = parse(text)
    assert str(event[prop_name("prep_minutes")]) == "15"
    blank = {k: ("" if isinstance(v, str) else v) for k, v in original.items()}
    blank.update(id=original["id"], start=original["start"], tz="UTC", minutes=1, prep_minutes=0, no_show_by="them")
    back = event_to_doc(event, dict(blank, updated=original["updated"], created=original["created"]), make_clock())
    assert back == original
    assert "Outcome: cancelled by me - ill; back, soon really" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CANCELLED" and [str(c) for c in event["CATEGORIES"].cats] == ["cancelled"]
    assert event.subcomponents == []  # no alarms for a call that is not planned anymore


def test_alarms_one_per_lead_time():
    text = render(doc(), uid="u", sequence=3, remind_before=[5, 30], stamp=NOW)
    event = parse(text)
    assert [a["TRIGGER"].to_ical().decode() for a in event.subcomponents] == ["-PT5M", "-PT30M"]
    assert int(event["SEQUENCE"]) == 3


def test_a_stripped_event_changes_only_what_it_says():
    base = doc(direction="i_call", status="kept", outcome_at=t(1), notes="prep")
    event = parse(render(base, uid="u", sequence=0, remind_before=[], stamp=NOW))
    for key in [k for k in event if k.startswith("X-")]:
        del event[key]
    event["DTSTART"].dt = pendulum.datetime(2026, 11, 27, 12, tz="Europe/Berlin")
    event["DTEND"].dt = pendulum.datetime(2026, 11, 27, 12, 45, tz="Europe/Berlin")
    del event["LAST-MODIFIED"]
    event.add("LAST-MODIFIED", NOW.add(minutes=30))
    got = event_to_doc(event, base, make_clock())
    assert (got["start"], got["minutes"]) == ("2026-11-27T11:00:00Z", 45)
    assert (got["direction"], got["status"], got["notes"], got["topic"]) == ("i_call", "kept", "prep", "Pricing")
    assert got["updated"] == t(30)


def test_field_codec():
    assert fields.prop_name("cancelled_by") == "X-CALLDIARY-CANCELLED-BY"
    assert fields.decode("minutes", "30") == 30
    assert fields.decode("cancelled_by", "") is None
    assert fields.decode("minutes", "lots") is fields._MISSING
    assert fields.encode("cancelled_by", Party.ME.value) == "me"
    assert Status.KEPT.value == fields.decode("status", "kept")


def test_history_lines(tmp_path):
    from calldiary.store import Diary
    from calldiary.sync.state import TABLE, history_lines

    diary = Diary(tmp_path / "d.json", make_clock())
    call = diary.add(at(27, 10), "Ann Lee")
    record = {"history": [{"field": "topic", "value": "old", "side": "there", "at": t(5)}]}
    diary.transact(lambda data: bool(data.setdefault(TABLE, {}).update({call.id: record})) or True)
    assert history_lines(diary, call.id) == [f"{t(5)}  topic: 'old' (on the server) lost a sync conflict"]


def test_show_lists_the_sync_history(db_path, run):
    from calldiary.store import Diary
    from calldiary.sync.state import TABLE

    diary = Diary(db_path, make_clock())
    call = diary.add(at(27, 10), "Ann Lee", topic="Terms")
    record = {"history": [{"field": "topic", "value": "Pricing", "side": "there", "at": t(5)}]}
    diary.transact(lambda data: bool(data.setdefault(TABLE, {}).update({call.id: record})) or True)
    code, out, _ = run("show", call.short_id)
    assert code == 0
    assert "sync history (values that lost a conflict):" in out
    assert f"{t(5)}  topic: 'Pricing' (on the server) lost a sync conflict" in out
    code, out, _ = run("show", call.short_id, "--json")
    assert '"field": "topic"' in out and '"value": "Pricing"' in out
