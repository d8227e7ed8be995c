"""Two devices and a phone on a real server: first sync both ways, the merge rules, deletes."""

from __future__ import annotations

from calldiary.model import Party, Status
from calldiary.sync.state import history
from tests.conftest import at


def counts(report):
    return (report.sent, report.received, report.merged, report.deleted_here, report.deleted_there)


def test_first_sync_both_ways(account):
    a, b, phone = account
    ann = a.diary.add(at(27, 10), "Ann Lee", topic="Pricing", link="+49 30 1234")
    bo = b.diary.add(at(30, 9), "Bo Chen")
    assert counts(a.sync()) == (1, 0, 0, 0, 0)
    assert counts(b.sync()) == (1, 1, 0, 0, 0)
    assert counts(a.sync()) == (0, 1, 0, 0, 0)
    assert counts(a.sync()) == (0, 0, 0, 0, 0)
    assert counts(b.sync()) == (0, 0, 0, 0, 0)
    for device in (a, b):
        got = device.diary
        assert {c.id for c in got.between(at(1, 0), at(30, 23))} == {ann.id, bo.id}
        assert got.get(ann.id).link == "+49 30 1234"
        assert got.get(ann.id).topic == "Pricing"
    events = phone.events()
    assert set(events) == {ann.id, bo.id}
    event = events[ann.id]
    assert str(event["SUMMARY"]) == "Call with Ann Lee - Pricing"
    assert str(event["LOCATION"]) == "+49 30 1234"
    assert event["DTSTART"].params.get("TZID") == "Europe/Berlin"
    assert [str(alarm["TRIGGER"].to_ical().decode()) for alarm in event.subcomponents] == ["-PT10M"]


def test_different_fields_on_each_side_are_both_kept(account):
    a, b, _ = account
    call = a.diary.add(at(26, 10), "Ann Lee", topic="Pricing")
    a.sync(), b.sync()
    a.later(5).diary.mark(call.id, Status.KEPT)
    b.later(6).diary.edit(call.id, topic="Pricing and terms")
    assert counts(a.sync()) == (1, 0, 0, 0, 0)
    assert counts(b.sync()) == (0, 0, 1, 0, 0)
    a.sync()
    for device in (a, b):
        got = device.diary.get(call.id)
        assert (got.status, got.topic) == (Status.KEPT, "Pricing and terms")
        assert history(device.diary, call.id) == []


def test_same_field_later_change_wins_and_the_loser_is_kept(account):
    a, b, _ = account
    call = a.diary.add(at(27, 10), "Ann Lee", topic="Pricing")
    a.sync(), b.sync()
    a.later(5).diary.edit(call.id, topic="from a")
    b.later(9).diary.edit(call.id, topic="from b")  # later
    a.sync()
    assert counts(b.sync()) == (0, 0, 1, 0, 0)
    a.sync()
    assert a.diary.get(call.id).topic == b.diary.get(call.id).topic == "from b"
    lost = history(b.diary, call.id)
    assert [(h["field"], h["value"], h["side"]) for h in lost] == [("topic", "from a", "there")]
    # The other way round: the earlier edit syncs last and still loses.
    a.later(20).diary.edit(call.id, topic="late a")  # 15:25
    b.later(3).diary.edit(call.id, topic="early b")  # 15:12
    b.sync()
    a.sync()
    b.sync()
    assert a.diary.get(call.id).topic == b.diary.get(call.id).topic == "late a"
    assert ("topic", "early b", "there") in [(h["field"], h["value"], h["side"]) for h in history(a.diary, call.id)]


def test_a_decided_outcome_beats_planned(account):
    a, b, _ = account
    call = a.diary.add(at(26, 10), "Ann Lee")
    a.diary.mark(call.id, Status.CANCELLED, by=Party.ME)
    a.sync(), b.sync()
    a.later(10).diary.mark(call.id, Status.PLANNED)  # reset here, later
    b.later(5).diary.mark(call.id, Status.KEPT)  # decided there
    a.sync()
    b.sync()
    a.sync()
    assert a.diary.get(call.id).status is b.diary.get(call.id).status is Status.KEPT
    assert a.diary.get(call.id).cancelled_by is None


def test_between_two_outcomes_the_later_recorded_wins(account):
    a, b, _ = account
    call = a.diary.add(at(26, 10), "Ann Lee")
    a.sync(), b.sync()
    b.later(30).diary.mark(call.id, Status.NO_SHOW)  # recorded later, synced first
    a.later(10).diary.mark(call.id, Status.KEPT)
    b.sync()
    a.sync()
    b.sync()
    assert a.diary.get(call.id).status is b.diary.get(call.id).status is Status.NO_SHOW
    lost = [(h["field"], h["value"]) for h in history(a.diary, call.id)]
    assert ("status", "kept") in lost


def test_deletes_each_way(account):
    a, b, phone = account
    one = a.diary.add(at(27, 10), "Ann Lee")
    two = a.diary.add(at(27, 11), "Bo Chen")
    three = a.diary.add(at(26, 9), "Cy Diaz")
    a.sync(), b.sync()
    a.diary.delete(one.id)
    assert counts(a.sync()) == (0, 0, 0, 0, 1)
    assert counts(b.sync()) == (0, 0, 0, 1, 0)
    assert one.id not in phone.events()
    # Deleted there (by the phone), unchanged here: deleted here.
    phone.delete(two.id)
    assert counts(a.sync()) == (0, 0, 0, 1, 0)
    # Deleted there but changed here: sent again.
    b.later(5).diary.mark(three.id, Status.KEPT)
    phone.delete(three.id)
    assert counts(b.sync()) == (1, 0, 0, 1, 0)  # two deleted here, three sent again
    a.sync()
    assert a.diary.get(three.id).status is Status.KEPT
    assert len(a.diary) == len(b.diary) == 1
    assert set(phone.events()) == {three.id}
