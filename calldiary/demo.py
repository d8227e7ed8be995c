"""A realistic demo week built around the clock's "now", whatever the day and hour: past calls with
every outcome (recorded at realistic times: after the call, never in the future), a call still
needing an outcome, upcoming calls, an overlap, and 11 weeks of history for the review. Used by
`calldiary --demo`, the screenshots and the UI tests."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import date, timedelta

import pendulum
from pendulum import DateTime

from calldiary.clock import Clock
from calldiary.model import Call, Direction, Party, Status
from calldiary.store import Diary

_NAMESPACE = uuid.UUID("6f1c2d4e-8a3b-4c5d-9e0f-123456789abc")

# The week as it looks on Thursday afternoon; other moments move outcomes and add calls (see fill).
# (weekday 0=Mon, hh:mm, minutes, contact, direction, topic, link, notes, outcome)
# outcome: None (planned: needs an outcome once over), "kept", "no_show" (both only once over),
# ("cancelled", by, reason): cancelled with notice, recorded _NOTICE minutes before the start.
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


# How long before the start each cancellation came (minutes): both on the day, so late ones.
_NOTICE = {3: 80, 6: 70}

# Calls added when the week so far lacks a kept call, a no-show or one needing an outcome (early on
# a Monday), or when fewer than two calls are still ahead (late in the week): a short call each.
# (contact, direction, topic, link, minutes)
_EARLIER = {
    Status.PLANNED: ("Kenji Sato", "they", "Weekly sync (Tokyo)", "+81 3 1234 5678", 20),
    Status.NO_SHOW: ("Olivia Brown", "they", "Intro via Maria", "", 20),
    Status.KEPT: ("Tom Becker", "i", "Quick check-in", "+49 170 5550123", 15),
}
_LATER = [
    ("Dana Whitfield", "they", "Catch-up (New York)", "https://meet.example.com/dw-1", 30),
    ("Tom Becker", "i", "Renewal: the signed copy", "+49 170 5550123", 15),
]
_MIN_UPCOMING = 2


def fill(diary: Diary) -> None:
    """Book the demo week (the week holding the clock's today) and 11 weeks of history, in one write."""
    clock = diary.clock
    first = clock.week_first(clock.today())
    diary.import_calls(_history(clock, first) + _week(clock, first))
    diary.clear_undo()  # the demo's own bookings are not the user's to undo


def _at(clock: Clock, day: date, hhmm: str) -> DateTime:
    hour, minute = map(int, hhmm.split(":"))
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=clock.tz)


def _booked(
    clock: Clock, call_id: str, start: DateTime, minutes: int, contact: str, who: str, topic: str, **more: str | int
) -> Call:
    now = clock.now()
    created = min(start.subtract(days=4), now.subtract(hours=2))  # booked some days before, never later than now
    return Call(
        id=call_id,
        contact=contact,
        start=start.in_tz("UTC"),
        tz=clock.tz.name,
        created=created.in_tz("UTC"),
        updated=created.in_tz("UTC"),
        minutes=minutes,
        direction=Direction.THEY_CALL if who == "they" else Direction.I_CALL,
        topic=topic,
        **more,  # type: ignore[arg-type]
    )


def _outcome(call: Call, status: Status, at: DateTime, by: Party | None = None, reason: str = "") -> Call:
    """`call` with an outcome recorded at `at` (never before it was booked)."""
    at = max(at, call.created.add(minutes=30)).in_tz("UTC")
    return replace(
        call,
        status=status,
        cancelled_by=(by or Party.THEM) if status is Status.CANCELLED else None,
        no_show_by=(by or call.dialer) if status is Status.NO_SHOW else None,
        reason=reason,
        outcome_at=at,
        updated=at,
    )


def _after(call: Call, minutes: int, now: DateTime) -> DateTime:
    """Recorded `minutes` after the call's end, or now if that is still to come."""
    return min(call.end.add(minutes=minutes), now)


def _week(clock: Clock, first: date) -> list[Call]:
    now = clock.now()
    calls: list[Call] = []
    for n, (weekday, hhmm, minutes, contact, who, topic, link, notes, outcome) in enumerate(_WEEK):
        day = first + timedelta(days=(weekday - clock.week_start) % 7)
        prep, turned_down = _COST.get(n, (0, ""))
        call = _booked(
            clock,
            str(uuid.uuid5(_NAMESPACE, f"{first.isoformat()}/{n}")),
            _at(clock, day, hhmm),
            minutes,
            contact,
            who,
            topic,
            link=link,
            notes=notes,
            prep_minutes=prep,
            turned_down=turned_down,
        )
        over = call.end <= now
        if isinstance(outcome, tuple):  # said before the call, or a while ago if that is still to come
            said = min(call.start.subtract(minutes=_NOTICE.get(n, 24 * 60)), now.subtract(minutes=10 + 7 * n))
            call = _outcome(call, Status.CANCELLED, said, Party(outcome[1]), outcome[2])
        elif outcome is not None and over:
            call = _outcome(call, Status(outcome), _after(call, 5 if outcome == "kept" else 15, now))
        calls.append(call)
    return _round_off(clock, first, calls)


def _round_off(clock: Clock, first: date, calls: list[Call]) -> list[Call]:
    """Make the week, seen now, hold a kept call, a no-show and one needing an outcome before now
    (only the latest unrecorded one: the earlier were kept), and at least two calls ahead."""
    now = clock.now()
    open_past = [c for c in calls if c.needs_outcome(now)]
    for call in open_past[:-1]:
        calls[calls.index(call)] = _outcome(call, Status.KEPT, _after(call, 5, now))
    kept = [c for c in calls if c.status is Status.KEPT]
    if not open_past and len(kept) >= 2:  # the latest kept call is still to be recorded
        calls[calls.index(kept[-1])] = _unrecorded(kept[-1])
    wanted = [
        status
        for status, have in (
            (Status.PLANNED, any(c.needs_outcome(now) for c in calls)),
            (Status.NO_SHOW, any(c.status is Status.NO_SHOW for c in calls)),
            (Status.KEPT, any(c.status is Status.KEPT for c in calls)),
        )
        if not have
    ]
    slots = _free(clock, first, calls, [_EARLIER[status][-1] for status in wanted], before=True)
    for k, (status, start) in enumerate(zip(wanted, slots, strict=False)):
        contact, who, topic, link, minutes = _EARLIER[status]
        call = _booked(
            clock,
            str(uuid.uuid5(_NAMESPACE, f"{first.isoformat()}/earlier/{k}")),
            start,
            minutes,
            contact,
            who,
            topic,
            link=link,
        )
        if status is not Status.PLANNED:
            call = _outcome(call, status, _after(call, 5 if status is Status.KEPT else 15, now))
        calls.append(call)
    ahead = sum(1 for c in calls if c.status is Status.PLANNED and c.start > now)
    if ahead < _MIN_UPCOMING:
        later = _LATER[: _MIN_UPCOMING - ahead]
        slots = _free(clock, first, calls, [m for *_, m in later], before=False)
        for k, (start, what) in enumerate(zip(slots, later, strict=False)):
            contact, who, topic, link, minutes = what
            call_id = str(uuid.uuid5(_NAMESPACE, f"{first.isoformat()}/later/{k}"))
            calls.append(_booked(clock, call_id, start, minutes, contact, who, topic, link=link))
    return sorted(calls, key=lambda c: c.start)


def _unrecorded(call: Call) -> Call:
    return replace(call, status=Status.PLANNED, outcome_at=None, updated=call.created)


def _free(clock: Clock, first: date, calls: list[Call], lengths: list[int], *, before: bool) -> list[DateTime]:
    """Free half-hour slots for calls of `lengths` minutes, nearest to now first: ending before now
    (today, then earlier days of the week in office hours) or starting after it (today, then later
    days in office hours). Fewer when the week has no room left (Monday just after midnight)."""
    now = clock.now()
    today = date(now.year, now.month, now.day)
    days = [today - timedelta(days=k) for k in range((today - first).days + 1)]
    if not before:
        days = [today + timedelta(days=k) for k in range(7 - (today - first).days)]
    found: list[DateTime] = []
    taken = [(c.start, c.end) for c in calls]
    for length in lengths:
        slot = _slot(clock, days, today, taken, length, before)
        if slot is None:
            break
        found.append(slot)
        taken.append((slot, slot.add(minutes=length)))
    return found


def _slot(
    clock: Clock, days: list[date], today: date, taken: list[tuple[DateTime, DateTime]], length: int, before: bool
) -> DateTime | None:
    now = clock.now()
    for day in days:
        low, high = ("00:00", "23:30") if day == today else ("09:00", "17:00")
        starts = [_at(clock, day, low).add(minutes=30 * k) for k in range(48)]
        starts = [s for s in starts if s <= _at(clock, day, high)]
        if before:
            starts = [s for s in reversed(starts) if s.add(minutes=length) <= now]
        else:
            starts = [s for s in starts if s >= now.add(minutes=15)]
        for start in starts:
            end = start.add(minutes=length)
            if all(end <= a or start >= b for a, b in taken):
                return start
    return None


def _history(clock: Clock, this_first: date) -> list[Call]:
    """Past weeks with outcomes, the same every time (a seeded generator)."""
    rng = random.Random(48)
    calls: list[Call] = []
    for weeks_ago in range(HISTORY_WEEKS, 0, -1):
        first = this_first - timedelta(weeks=weeks_ago)
        for n in range(rng.randint(4, 9)):
            contact = rng.choice(_PAST_CONTACTS)
            day = first + timedelta(days=rng.randint(0, 4))
            start = _at(clock, day, f"{rng.choice([9, 10, 11, 14, 15, 16])}:{rng.choice([0, 30]):02d}")
            call = _booked(
                clock,
                str(uuid.uuid5(_NAMESPACE, f"{first.isoformat()}/history/{n}")),
                start,
                rng.choice([30, 30, 45, 60]),
                contact,
                rng.choice(["they", "i"]),
                rng.choice(["Follow-up", "Check-in", "Pricing", "Proposal review", "Intro"]),
            )
            kept, no_show, cancelled = _HABITS.get(contact, (8, 1, 1))
            outcome = rng.choices(["kept", "no_show", "cancelled"], weights=[kept, no_show, cancelled])[0]
            if outcome == "cancelled":
                by = rng.choice([Party.THEM, Party.THEM, Party.ME])
                reason = rng.choice(["", "Travelling", "Double-booked"])
                notice = 3 * 60 if n % 2 else 26 * 60  # some on the day (late), some the day before
                call = _outcome(call, Status.CANCELLED, call.start.subtract(minutes=notice), by, reason)
            else:  # the history's no-shows are the contacts' own
                late = 5 if outcome == "kept" else 15
                call = _outcome(
                    call, Status(outcome), call.end.add(minutes=late), Party.THEM if outcome == "no_show" else None
                )
            calls.append(call)
    return calls
