"""An event on the server whose description would give a call prep notes over the limit (1 MB as
stored) is skipped with the same one-line reason the form, the CLI and the import give, named in the
sync's report; the rest of the sync goes on, and the call here keeps its notes."""

from __future__ import annotations

import pytest

from calldiary.notes_limit import MAX_NOTES_BYTES
from tests.conftest import at
from tests.sync.conftest import Device, Phone

pytestmark = pytest.mark.parametrize("server", ["radicale"], indirect=True)

BIG = "x" * (MAX_NOTES_BYTES + 10)


def ics(uid: str, summary: str, description: str) -> str:
    text = description.replace("\\", "\\\\").replace("\n", "\\n")
    lines = [f"DESCRIPTION:{text}"] if description else []
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//phone//EN", "BEGIN:VEVENT", f"UID:{uid}",
            "DTSTAMP:20261120T100000Z", "DTSTART:20261127T100000Z", "DURATION:PT30M", f"SUMMARY:{summary}",
            *lines, "END:VEVENT", "END:VCALENDAR", "",
        ]
    )  # fmt: skip


def test_notes_new_event(account: tuple[Device, Device, Phone]):
    a, _, phone = account
    phone.add(ics("big@phone", "Big Note", BIG))
    phone.add(ics("fine@phone", "Fine", "short"))
    report = a.sync()
    [problem] = report.problems
    assert "big%40phone.ics" in problem and "'Big Note' (UID 'big@phone')" in problem, problem
    assert f"prep notes can take up to {MAX_NOTES_BYTES:,} bytes" in problem
    assert f"these take {len(BIG):,}" in problem
    assert sorted(doc["contact"] for doc in a.diary.docs()) == ["Fine"]


def test_notes_grown_there(account: tuple[Device, Device, Phone]):
    a, _, phone = account
    call = a.diary.add(at(26, 10), "Ann Lee", notes="agenda")
    a.sync()

    def grow(event):
        event.pop("DESCRIPTION", None)
        event.add("DESCRIPTION", BIG)

    phone.edit(call.id, grow, strip=True)
    report = a.sync()
    [problem] = report.problems
    assert f"{call.id}.ics" in problem and "these take" in problem, problem
    assert a.diary.get(call.id).notes == "agenda"  # the call here is as it was


def test_notes_series(account: tuple[Device, Device, Phone]):
    """A recurring event (each occurrence a call of its own) is held to the same limit."""
    a, _, phone = account
    series = ics("weekly@phone", "Weekly Big", BIG).replace(
        "DURATION:PT30M", "DURATION:PT30M\r\nRRULE:FREQ=WEEKLY;COUNT=3"
    )
    phone.add(series)
    phone.add(ics("fine@phone", "Fine", "short"))
    report = a.sync()
    [problem] = report.problems
    assert "'Weekly Big' (UID 'weekly@phone')" in problem and "these take 1,000,010" in problem, problem
    assert sorted(doc["contact"] for doc in a.diary.docs()) == ["Fine"]
