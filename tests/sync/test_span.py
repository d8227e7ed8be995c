"""An event on the server whose call would end after 2999 (UTC) is refused by the same one-line
check the form, the CLI and the import make (model.check_span), named in the sync's report; the
rest of the sync goes on. (A DTSTART or DTEND outside the years kept, before 1900 included, is
refused earlier by the .ics reader's own check, in the words `calldiary import` uses.)"""

from __future__ import annotations

import pendulum
import pytest

from calldiary.errors import RuleError
from calldiary.model import check_span
from tests.conftest import at
from tests.sync.conftest import Device, Phone

pytestmark = pytest.mark.parametrize("server", ["radicale"], indirect=True)

# (DTSTART as the phone writes it, DURATION in minutes, what the form says about that call)
LATE = ("DTSTART:29991231T235000Z", 60, "the call would end after 3000-01-01 00:00 UTC")
LATER = ("DTSTART;TZID=Europe/Berlin:30000101T003000", 60, "the call would end after 3000-01-01 00:00 UTC")
SPANS = pytest.mark.parametrize("start,minutes,says", [LATE, LATER], ids=["utc", "berlin"])


def form_says(start: str, minutes: int) -> str:
    """What the form, the CLI and the import say about such a call."""
    zone, _, stamp = start.partition(":")
    moment = pendulum.parse(stamp, tz=zone.partition("TZID=")[2] or "UTC")
    with pytest.raises(RuleError) as refused:
        check_span(moment, minutes)
    return str(refused.value)


def ics(uid: str, summary: str, start: str, minutes: int) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20261120T100000Z\r\n{start}\r\nDURATION:PT{minutes}M\r\n"
        f"SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


@SPANS
def test_span_new_event(account: tuple[Device, Device, Phone], start: str, minutes: int, says: str):
    a, _, phone = account
    phone.add(ics("far@phone", "Far Out", start, minutes))
    phone.add(ics("fine@phone", "Fine", "DTSTART:20261127T100000Z", 30))
    a.diary.add(at(3, 9, month=12), "Still sent")
    report = a.sync()
    message = form_says(start, minutes)
    assert says in message
    [problem] = report.problems
    assert "skipped the event at " in problem and "far%40phone.ics" in problem, problem
    assert problem.endswith(f": 'Far Out' (UID 'far@phone'): {message}"), problem
    assert sorted(doc["contact"] for doc in a.diary.docs()) == ["Fine", "Still sent"]
    assert (report.received, report.sent) == (1, 1)


@SPANS
def test_span_moved_there(account: tuple[Device, Device, Phone], start: str, minutes: int, says: str):
    a, _, phone = account
    call = a.diary.add(at(26, 10), "Ann Lee")
    a.sync()
    _, _, stamp = start.partition(":")

    def move(event):
        from icalendar import Calendar

        moved = Calendar.from_ical(ics(call.id, "Ann Lee", start, minutes)).walk("VEVENT")[0]
        for name in ("DTSTART", "DURATION"):
            event.pop(name, None)
            event.add(name, moved.decoded(name), parameters=dict(moved[name].params))
        event.pop("DTEND", None)

    phone.edit(call.id, move, strip=True)
    assert stamp in phone.objects()[0].data.replace("\r\n ", "")
    report = a.sync()
    [problem] = report.problems
    assert problem.endswith(f"{call.id}.ics: 'Call with Ann Lee' (UID '{call.id}'): {form_says(start, minutes)}")
    assert a.diary.get(call.id).start == at(26, 10)  # the call here is as it was


def test_span_early_start(account: tuple[Device, Device, Phone]):
    """Before 1900 (UTC): the .ics reader's check, as `calldiary import` says it."""
    from calldiary.errors import CallDiaryError
    from calldiary.interop.ics import read_ics
    from tests.conftest import make_clock

    a, _, phone = account
    early = ics("old@phone", "Old", "DTSTART;TZID=Europe/Berlin:19000101T003000", 30)
    with pytest.raises(CallDiaryError) as imported:
        read_ics(early.encode(), make_clock())
    phone.add(early)
    [problem] = a.sync().problems
    assert problem.endswith(f"old%40phone.ics: {imported.value}"), problem
    assert "DTSTART is out of range: years 1900 to 2999 only" in problem
    assert len(a.diary) == 0
