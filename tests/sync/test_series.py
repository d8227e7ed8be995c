"""Occurrences of a recurring event booked on the phone: what changes here (an outcome, notes, a
new time) goes back into the series as a RECURRENCE-ID override carrying calldiary's fields, so a
second device sees it; an occurrence deleted here becomes an EXDATE. The series itself (its rule,
the phone's own properties) stays as the phone wrote it, and new occurrences entering the window
are picked up even when the series did not change. Two diaries = two devices; against real
Radicale and Xandikos."""

from __future__ import annotations

from icalendar import Calendar

from calldiary.model import Party, Status
from tests.conftest import at
from tests.sync.test_phone import vevent

SERIES = "RRULE:FREQ=WEEKLY;COUNT=6\r\nLOCATION:+49 30 1234567\r\nATTENDEE:mailto:bo@example.com\r\n"


def series(phone):
    (obj,) = phone.objects()
    parsed = Calendar.from_ical(obj.data)
    events = parsed.walk("VEVENT")
    master = next(e for e in events if e.get("RECURRENCE-ID") is None)
    overrides = [e for e in events if e.get("RECURRENCE-ID") is not None]
    return master, overrides


def occurrences(device):
    return device.diary.between(at(1, 0), at(15, 0, month=12))


def test_outcomes_of_occurrences_reach_the_other_device(account):
    a, b, phone = account
    phone.add(vevent("weekly@example", "Call with Bo Chen - Weekly", "20261102T090000", "20261102T093000", SERIES))
    assert a.sync().received == 6
    assert b.sync().received == 6
    first, second, third, *_ = occurrences(a)
    a.diary.mark(first.id, Status.KEPT)
    a.diary.mark(second.id, Status.CANCELLED, by=Party.ME, reason="ill")
    a.diary.edit(third.id, notes="bring the figures", start=at(16, 11))  # and two hours later
    assert a.sync().sent == 3
    master, overrides = series(phone)
    assert "RRULE" in master and str(master["ATTENDEE"]) == "mailto:bo@example.com"  # the series as it was
    assert len(overrides) == 3
    cancelled = next(e for e in overrides if e["RECURRENCE-ID"].dt.day == 9)
    assert str(cancelled["STATUS"]) == "CANCELLED"  # what a phone shows
    assert str(cancelled["X-CALLDIARY-REASON"]) == "ill" and str(cancelled["LOCATION"]) == "+49 30 1234567"
    moved = next(e for e in overrides if e["RECURRENCE-ID"].dt.day == 16)
    assert (moved["RECURRENCE-ID"].dt.hour, moved["DTSTART"].dt.hour) == (9, 11)
    report = b.sync()
    assert report.received + report.merged == 3, report.line()
    mine = {c.id: c for c in occurrences(b)}
    assert mine[first.id].status is Status.KEPT
    assert (mine[second.id].status, mine[second.id].cancelled_by, mine[second.id].reason) == (
        Status.CANCELLED, Party.ME, "ill"
    )  # fmt: skip
    assert mine[third.id].notes == "bring the figures" and mine[third.id].status is Status.PLANNED
    assert mine[third.id].start == at(16, 11)  # moved, and still the same call (its RECURRENCE-ID)
    assert len(b.diary) == 6
    # Settled: nothing more to do on either side.
    for device in (a, b):
        again = device.sync()
        assert (again.sent, again.received, again.merged) == (0, 0, 0), again.line()
    # And back: the second device's outcome reaches the first, whose own ones stay.
    fourth = occurrences(b)[3]
    b.later(5).diary.mark(fourth.id, Status.NO_SHOW)
    assert b.sync().sent == 1
    a.sync()
    got = {c.id: c.status for c in occurrences(a)}
    assert [got[c.id] for c in occurrences(b)][:4] == [Status.KEPT, Status.CANCELLED, Status.PLANNED, Status.NO_SHOW]
    assert len(phone.objects()) == 1 and len(series(phone)[1]) == 4


def test_a_series_edit_on_the_phone_keeps_the_outcomes(account):
    a, b, phone = account
    phone.add(vevent("edit@example", "Call with Bo Chen - Weekly", "20261102T090000", "20261102T093000", SERIES))
    a.sync()
    first = occurrences(a)[0]
    a.diary.mark(first.id, Status.KEPT)
    a.sync()
    phone.edit("edit@example", lambda event: event.__setitem__("SUMMARY", "Call with Bo Chen - Planning"))
    a.sync()
    b.sync()
    for device in (a, b):
        calls = occurrences(device)
        assert len(calls) == 6 and {c.topic for c in calls} == {"Planning"}
        assert [c.status for c in calls[:2]] == [Status.KEPT, Status.PLANNED]


def test_both_devices_decide_one_occurrence(account):
    a, b, phone = account
    phone.add(vevent("both@example", "Call with Bo Chen - Weekly", "20261102T090000", "20261102T093000", SERIES))
    a.sync()
    b.sync()
    one = occurrences(a)[0]
    a.diary.mark(one.id, Status.KEPT)
    b.later(30).diary.mark(one.id, Status.NO_SHOW)  # recorded later: it wins
    a.sync()
    report = b.sync()  # the series changed there meanwhile: merged, then written
    assert report.merged >= 1 or report.sent >= 1, report.line()
    a.sync()
    for device in (a, b):
        assert device.diary.get(one.id).status is Status.NO_SHOW
    assert any(loss.get("value") == "kept" for loss in _history(a, one.id) + _history(b, one.id))


def _history(device, call_id):
    from calldiary.sync.state import history

    return history(device.diary, call_id)


def test_an_occurrence_deleted_here_is_deleted_there(account):
    a, b, phone = account
    phone.add(vevent("gone@example", "Call with Bo Chen - Weekly", "20261102T090000", "20261102T093000", SERIES))
    a.sync()
    b.sync()
    fifth = occurrences(a)[4]
    a.diary.delete(fifth.id)
    a.sync()
    master, _ = series(phone)
    assert "EXDATE" in master
    report = b.sync()
    assert report.deleted_here == 1, report.line()
    assert fifth.id not in {c.id for c in occurrences(b)} and len(b.diary) == 5
    assert a.sync().received == 0 and len(a.diary) == 5  # not back


def test_new_occurrences_enter_the_window_without_a_change_there(account):
    a, _, phone = account
    phone.add(
        vevent("open@example", "Call with Bo Chen - Weekly", "20261102T090000", "20261102T093000",
               "RRULE:FREQ=WEEKLY\r\n")
    )  # fmt: skip
    a.sync()
    count = len(a.diary)
    assert count > 50  # a year ahead
    report = a.later(14 * 24 * 60).sync()  # two weeks later; the series did not change
    assert report.received == 2, report.line()
    assert len(a.diary) == count + 2
    assert a.sync().received == 0
