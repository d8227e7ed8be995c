"""The phone (caldav acting directly on the server): edits that drop X- properties, events made
there, a recurring event, a watched calendar, and a DST week with zoned events."""

from __future__ import annotations

import pendulum
import pytest

from calldiary.model import Direction, Party, Status
from tests.conftest import at
from tests.sync.conftest import Device, Phone, settings_for

pytestmark = pytest.mark.parametrize("server", ["radicale"], indirect=True)


def vevent(uid: str, summary: str, start: str, end: str, extra: str = "", tz: str = "Europe/Berlin") -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20261120T100000Z\r\nDTSTART;TZID={tz}:{start}\r\nDTEND;TZID={tz}:{end}\r\n"
        f"SUMMARY:{summary}\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_a_phone_edit_that_drops_x_properties_keeps_calldiary_fields(account):
    a, b, phone = account
    call = a.diary.add(at(26, 10), "Ann Lee", topic="Pricing", direction=Direction.I_CALL, notes="ask for the quote")
    a.diary.mark(call.id, Status.CANCELLED, by=Party.ME, reason="ill")
    a.sync()

    def move(event):
        event["DTSTART"].dt = event["DTSTART"].dt.replace(hour=11)
        event["DTEND"].dt = event["DTEND"].dt.replace(hour=12, minute=0)  # and an hour long
        event["LOCATION"] = "https://meet.example/ann"

    phone.edit(call.id, move, strip=True)
    report = a.sync()
    assert (report.received, report.sent, report.merged) == (1, 0, 0) or report.merged == 1
    got = a.diary.get(call.id)
    assert got.start == at(26, 11) and got.minutes == 60 and got.link == "https://meet.example/ann"
    assert (got.status, got.cancelled_by, got.reason) == (Status.CANCELLED, Party.ME, "ill")
    assert (got.direction, got.topic, got.notes) == (Direction.I_CALL, "Pricing", "ask for the quote")
    event = phone.events()[call.id]  # calldiary's fields were sent back
    assert str(event["X-CALLDIARY-DIRECTION"]) == "i_call"
    assert str(event["X-CALLDIARY-REASON"]) == "ill"
    b.sync()
    again = b.diary.get(call.id)
    assert (again.start, again.minutes, again.reason, again.direction) == (at(26, 11), 60, "ill", Direction.I_CALL)
    assert a.sync().sent == 0 and b.sync().sent == 0  # settled


def test_a_phone_can_set_an_outcome_in_standard_properties(account):
    a, _, phone = account
    call = a.diary.add(at(27, 10), "Ann Lee")
    a.sync()
    phone.edit(call.id, lambda event: event.__setitem__("STATUS", "CANCELLED"), strip=True)
    a.sync()
    got = a.diary.get(call.id)
    assert (got.status, got.cancelled_by) == (Status.CANCELLED, Party.THEM)


def test_an_event_booked_on_the_phone_becomes_a_call(account):
    a, b, phone = account
    phone.add(vevent("phone-1@example", "Call with Ann Lee - Pricing", "20261127T140000", "20261127T144500",
                     "LOCATION:+49 30 555\r\n"))  # fmt: skip
    report = a.sync()
    assert report.received == 1
    (call,) = a.diary.between(at(27, 0), at(28, 0))
    assert (call.contact, call.topic, call.minutes, call.link) == ("Ann Lee", "Pricing", 45, "+49 30 555")
    assert call.start == at(27, 14) and call.tz == "Europe/Berlin"
    b.sync()
    assert [c.id for c in b.diary.between(at(27, 0), at(28, 0))] == [call.id]  # the same call, not a copy
    a.later(60).diary.mark(call.id, Status.KEPT) if False else None
    a.diary.edit(call.id, notes="bring numbers")
    a.sync()
    b.sync()
    assert b.diary.get(call.id).notes == "bring numbers"
    assert len(phone.objects()) == 1


def test_a_recurring_event_becomes_one_call_per_occurrence(account):
    a, b, phone = account
    phone.add(vevent("weekly@example", "Call with Bo Chen - Weekly", "20261102T090000", "20261102T093000",
                     "RRULE:FREQ=WEEKLY;COUNT=6\r\n"))  # fmt: skip
    assert a.sync().received == 6
    calls = a.diary.between(at(1, 0), at(15, 0, month=12))
    assert [c.start.in_tz("Europe/Berlin").hour for c in calls] == [9] * 6
    assert {c.contact for c in calls} == {"Bo Chen"}
    a.diary.mark(calls[0].id, Status.KEPT)
    a.diary.mark(calls[1].id, Status.NO_SHOW)
    assert a.sync().sent == 2  # the outcomes go back into the series (test_series.py)
    phone.edit("weekly@example", lambda event: event.__setitem__("SUMMARY", "Call with Bo Chen - Planning"))
    a.sync()
    calls = a.diary.between(at(1, 0), at(15, 0, month=12))
    assert [c.status for c in calls[:3]] == [Status.KEPT, Status.NO_SHOW, Status.PLANNED]
    assert {c.topic for c in calls} == {"Planning"}
    b.sync()
    assert len(b.diary) == 6
    assert len(phone.objects()) == 1


def test_a_watched_calendar_is_read_only(server, tmp_path, request):
    name = request.node.name[:40].replace("[", "-").replace("]", "").lower()
    settings = settings_for(server, name, watch=["Work"])
    a = Device(tmp_path / "a.json", settings)
    phone = Phone(server.url, name, "Work")
    phone.add(vevent("w1@example", "Call Ann Lee - budget", "20261127T110000", "20261127T113000"))
    phone.add(vevent("w2@example", "Lunch with Bo", "20261127T120000", "20261127T130000"))
    phone.add(vevent("w3@example", "Telefonat mit Cy", "20261130T080000", "20261130T081500"))
    assert a.sync().received == 2
    names = sorted(c.contact for c in a.diary.between(at(27, 0), at(1, 0, month=12)))
    assert names == ["Call Ann Lee", "Telefonat mit Cy"] or len(names) == 2
    before = {str(o.url): o.data for o in phone.objects()}
    (first,) = a.diary.between(at(27, 0), at(28, 0))
    a.later(24 * 60).diary.mark(first.id, Status.KEPT)
    a.sync()
    assert {str(o.url): o.data for o in phone.objects()} == before  # never written back
    phone.edit(
        "w1@example",
        lambda event: event.__setitem__("SUMMARY", "Call Ann Lee - budget 2027"),
    )
    a.sync()
    got = a.diary.get(first.id)
    assert got.status is Status.KEPT and "2027" in (got.contact + got.topic)
    assert "calldiary" in {c.get_display_name() for c in phone.client.principal().calendars()}


def test_a_dst_week_with_zoned_events(account):
    a, b, phone = account
    # Europe moves its clocks on 28 March 2027: a daily 09:00 call stays at 09:00 local time.
    phone.add(vevent("dst@example", "Call with Ann Lee - Daily", "20270326T090000", "20270326T091500",
                     "RRULE:FREQ=DAILY;COUNT=5\r\n"))  # fmt: skip
    # A call booked in New York (its clocks moved on 14 March) for 29 March, 10:00 there.
    ny = pendulum.datetime(2027, 3, 29, 10, tz="America/New_York")
    mine = a.diary.add(ny, "Bo Chen", tz="America/New_York")
    a.sync()
    b.sync()
    low, high = pendulum.datetime(2027, 3, 26, tz="Europe/Berlin"), pendulum.datetime(2027, 3, 31, tz="Europe/Berlin")
    for device in (a, b):
        daily = [c for c in device.diary.between(low, high) if c.contact == "Ann Lee"]
        assert [c.start.in_tz("Europe/Berlin").format("DD HH:mm") for c in daily] == [
            "26 09:00", "27 09:00", "28 09:00", "29 09:00", "30 09:00"
        ]  # fmt: skip
        assert [c.start.in_tz("UTC").hour for c in daily] == [8, 8, 7, 7, 7]
        got = device.diary.get(mine.id)
        assert got.tz == "America/New_York" and got.start.in_tz("America/New_York").hour == 10
    event = phone.events()[mine.id]
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event["DTSTART"].dt.hour == 10
