"""A realistic demo week, relative to the clock's "now": past calls with every outcome,
upcoming calls and an overlap. Used by `calldiary --demo`, the screenshots and the UI tests."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from calldiary.model import Direction, Party, Status
from calldiary.store import Diary

_NAMESPACE = uuid.UUID("6f1c2d4e-8a3b-4c5d-9e0f-123456789abc")

# (weekday 0=Mon, hh:mm, minutes, contact, direction, topic, link, notes, outcome)
# outcome: None (leave planned), "kept", "no_show", ("cancelled", by, reason)
_Outcome = str | tuple[str, str, str] | None
_WEEK: list[tuple[int, str, int, str, str, str, str, str, _Outcome]] = [
    (
        0,
        "09:00",
        30,
        "Maria Lopez",
        "they",
        "Intro: bookkeeping for her studio",
        "+34 612 345 678",
        "Runs a 3-person design studio. Wants monthly books.",
        "kept",
    ),
    (0, "11:30", 45, "Tom Becker", "i", "Contract renewal", "+49 170 5550123", "", "kept"),
    (
        0,
        "15:00",
        30,
        "Priya Natarajan",
        "they",
        "Discovery call",
        "https://meet.example.com/pn-44",
        "Read her LinkedIn: ex-fintech, now consulting.",
        "no_show",
    ),
    (1, "10:00", 30, "Jonas Weber", "they", "Pricing questions", "", "", ("cancelled", "them", "Sick, will rebook")),
    (
        1,
        "14:00",
        60,
        "Acme Corp · Lena Fischer",
        "i",
        "Quarterly review",
        "https://meet.example.com/acme-q4",
        "Bring Q3 numbers.\nAsk about the delayed invoice.",
        "kept",
    ),
    (
        2,
        "09:30",
        30,
        "Priya Natarajan",
        "they",
        "Discovery call (2nd try)",
        "https://meet.example.com/pn-45",
        "",
        "no_show",
    ),
    (
        2,
        "13:00",
        30,
        "Sam O'Neill",
        "i",
        "Follow-up on proposal",
        "+44 20 7946 0958",
        "",
        ("cancelled", "me", "Clashed with a client emergency"),
    ),
    (3, "09:00", 30, "Maria Lopez", "they", "Onboarding checklist", "+34 612 345 678", "", "kept"),
    (3, "11:00", 30, "Dmitri Volkov", "they", "Referral from Tom", "", "Turned down a 11:00 slot for this.", None),
    (
        3,
        "16:00",
        45,
        "Hannah Schmidt",
        "i",
        "Tax deadline prep",
        "+49 151 2345678",
        "Documents: see shared folder.",
        None,
    ),
    (
        3,
        "16:30",
        30,
        "Jonas Weber",
        "they",
        "Rebooked pricing call",
        "",
        "Overlaps Hannah: decide which to move.",
        None,
    ),
    (4, "10:00", 30, "Acme Corp · Lena Fischer", "they", "Invoice follow-up", "", "", None),
    (4, "14:30", 30, "Priya Natarajan", "they", "Discovery call (3rd try)", "", "Last chance.", None),
]


# Prep minutes and what was turned down, by index into _WEEK.
_COST = {
    2: (20, "Max Hofmann's intro call at 15:00"),
    5: (15, "a 09:30 slot for the Weber audit"),
    8: (10, "an 11:00 slot with another client"),
    12: (25, ""),
}

_PAST_CONTACTS = [
    "Maria Lopez",
    "Tom Becker",
    "Priya Natarajan",
    "Jonas Weber",
    "Acme Corp · Lena Fischer",
    "Sam O'Neill",
    "Hannah Schmidt",
]
# Each contact's habits: (kept, no-show, cancelled) weights.
_HABITS = {"Priya Natarajan": (2, 5, 1), "Jonas Weber": (3, 1, 4), "Sam O'Neill": (4, 1, 2)}
HISTORY_WEEKS = 11


def fill(diary: Diary) -> None:
    """Book the demo week (the week holding the clock's today) and 11 weeks of history."""
    clock = diary.clock
    monday = clock.week_first(clock.today())
    _fill_history(diary, monday)
    now = clock.now()
    for n, (weekday, hhmm, minutes, contact, who, topic, link, notes, outcome) in enumerate(_WEEK):
        day = monday + timedelta(days=weekday)
        hour, minute = map(int, hhmm.split(":"))
        start = clock.day_start(day).add(hours=hour, minutes=minute)
        call = diary.add(
            start,
            contact,
            minutes=minutes,
            direction=Direction.THEY_CALL if who == "they" else Direction.I_CALL,
            topic=topic,
            notes=notes,
            link=link,
            prep_minutes=_COST.get(n, (0, ""))[0],
            turned_down=_COST.get(n, (0, ""))[1],
            call_id=str(uuid.uuid5(_NAMESPACE, f"{monday.isoformat()}/{n}")),
        )
        if outcome is None:
            continue
        if isinstance(outcome, tuple):
            diary.mark(call.id, Status.CANCELLED, by=Party(outcome[1]), reason=outcome[2])
        elif start.add(minutes=minutes) <= now:
            diary.mark(call.id, Status(outcome), by=Party.THEM if outcome == "no_show" else None)
    diary.clear_undo()  # the demo's own bookings are not the user's to undo


def _fill_history(diary: Diary, this_monday: date) -> None:
    """Past weeks with outcomes, the same every time (a seeded generator)."""
    rng = random.Random(48)
    clock = diary.clock
    for weeks_ago in range(HISTORY_WEEKS, 0, -1):
        monday = this_monday - timedelta(weeks=weeks_ago)
        for n in range(rng.randint(4, 9)):
            contact = rng.choice(_PAST_CONTACTS)
            day = monday + timedelta(days=rng.randint(0, 4))
            start = clock.day_start(day).add(hours=rng.choice([9, 10, 11, 14, 15, 16]), minutes=rng.choice([0, 30]))
            call = diary.add(
                start,
                contact,
                minutes=rng.choice([30, 30, 45, 60]),
                direction=rng.choice([Direction.THEY_CALL, Direction.I_CALL]),
                topic=rng.choice(["Follow-up", "Check-in", "Pricing", "Proposal review", "Intro"]),
                call_id=str(uuid.uuid5(_NAMESPACE, f"{monday.isoformat()}/history/{n}")),
            )
            kept, no_show, cancelled = _HABITS.get(contact, (8, 1, 1))
            outcome = rng.choices(["kept", "no_show", "cancelled"], weights=[kept, no_show, cancelled])[0]
            if outcome == "cancelled":
                by = rng.choice([Party.THEM, Party.THEM, Party.ME])
                diary.mark(call.id, Status.CANCELLED, by=by, reason=rng.choice(["", "Travelling", "Double-booked"]))
            else:  # the history's no-shows are the contacts' own
                diary.mark(call.id, Status(outcome), by=Party.THEM if outcome == "no_show" else None)
