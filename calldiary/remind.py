"""Which reminders are due at an instant. Pure: no I/O, no Textual.

Two kinds, for still-planned calls only:
- upcoming: at each lead time before the start (`remind_before`); after a sleep, one more than
  LATE_MINUTES past the start is dropped, and of several leads due at once only the latest is said;
- outcome: once the end plus `ask_outcome_after` has passed; always said late rather than never
  (for calls that ended up to OUTCOME_LOOKBACK_DAYS ago).

What was delivered comes in as `delivered`: the diary's `reminders` table, read by
`entries()`. An entry's key holds the call's id, the kind, the lead and the call's start, so a
call moved elsewhere is due again. An entry is a claim (`pending`) while a delivery is under way:
a claim older than CLAIM_MINUTES belonged to a process that died, and the reminder is due again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pendulum import DateTime

from calldiary.clock import from_utc_text, utc_text
from calldiary.fmt import day_label, duration, until
from calldiary.model import Call, Direction, Status
from calldiary.text import printable

LATE_MINUTES = 5
OUTCOME_LOOKBACK_DAYS = 7
CLAIM_MINUTES = 3
DEFAULT_LEADS = (10,)
DEFAULT_GRACE = 15

RecordLine = Callable[[str], str]


def no_record(_contact: str) -> str:
    return ""


class Kind(StrEnum):
    UPCOMING = "upcoming"
    OUTCOME = "outcome"


class Action(StrEnum):
    """What the user may answer to an outcome reminder."""

    KEPT = "kept"
    NO_SHOW = "no_show"
    LATER = "later"


@dataclass(frozen=True, slots=True)
class Entry:
    """One delivered (or claimed) reminder, as the `reminders` table keeps it."""

    call_id: str
    kind: Kind
    lead: int
    start: str  # the call's start (UTC text) when it was delivered
    at: DateTime  # when it was delivered or claimed
    pending: bool = False  # claimed; delivery under way
    again: DateTime | None = None  # "later": due again from this instant

    def doc(self) -> dict[str, Any]:
        return {
            "call": self.call_id,
            "kind": self.kind.value,
            "lead": self.lead,
            "start": self.start,
            "at": utc_text(self.at),
            "state": "pending" if self.pending else "done",
            "again": utc_text(self.again) if self.again else None,
        }


@dataclass(frozen=True, slots=True)
class Reminder:
    call: Call
    kind: Kind
    lead: int  # minutes before the start (upcoming) or after the end (outcome)
    title: str
    body: str
    covers: tuple[int, ...] = ()  # earlier leads this one stands for (all reached at once)

    @property
    def key(self) -> str:
        return key(self.call.id, self.kind, self.lead, utc_text(self.call.start))

    @property
    def text(self) -> str:
        """One line: the title, and the body after a dash."""
        return f"{self.title} — {self.body}" if self.body else self.title

    @property
    def line(self) -> str:
        """`<short id> <kind> <text>`: what `calldiary remind --print` prints."""
        return f"{self.call.short_id} {self.kind.value} {self.text}"

    def entries(self, at: DateTime, *, pending: bool = False, again: DateTime | None = None) -> dict[str, Entry]:
        """The table entries that record this reminder (one per lead it stands for), by key."""
        start = utc_text(self.call.start)
        return {
            key(self.call.id, self.kind, lead, start): Entry(self.call.id, self.kind, lead, start, at, pending, again)
            for lead in (self.lead, *self.covers)
        }


def key(call_id: str, kind: Kind, lead: int, start: str) -> str:
    return f"{call_id} {kind.value} {lead} {start}"


def entries(table: Mapping[str, Any]) -> dict[str, Entry]:
    """The `reminders` table's documents as entries; a malformed document is skipped."""
    out: dict[str, Entry] = {}
    for name, doc in table.items():
        try:
            again = doc["again"]
            entry = Entry(
                call_id=str(doc["call"]),
                kind=Kind(doc["kind"]),
                lead=int(doc["lead"]),
                start=str(doc["start"]),
                at=from_utc_text(doc["at"]),
                pending=doc["state"] == "pending",
                again=from_utc_text(again) if again else None,
            )
        except (KeyError, TypeError, ValueError):
            continue
        out[name] = entry
    return out


def is_open(entry: Entry | None, now: DateTime) -> bool:
    """True when the reminder this entry records may be said (again) at `now`."""
    if entry is None:
        return True
    if entry.pending:
        return (now - entry.at).total_seconds() >= CLAIM_MINUTES * 60
    return entry.again is not None and entry.again <= now


def window(now: DateTime, leads: Sequence[int]) -> tuple[DateTime, DateTime]:
    """[low, high): the starts of every call that can have a reminder due at `now`."""
    low = now.subtract(days=OUTCOME_LOOKBACK_DAYS + 1)
    return low, now.add(minutes=max(leads, default=0) + 1)


def due(
    calls: Iterable[Call],
    delivered: Mapping[str, Entry],
    now: DateTime,
    leads: Sequence[int] = DEFAULT_LEADS,
    grace: int = DEFAULT_GRACE,
    record_line: RecordLine = no_record,
) -> list[Reminder]:
    """The reminders due at `now`, upcoming ones first, each kind by the call's start.

    `now` carries the user's zone (times are said in it); `record_line(contact)` is the
    contact's record line, or "" when they have no history worth a warning.
    """
    upcoming: list[Reminder] = []
    outcome: list[Reminder] = []
    oldest = now.subtract(days=OUTCOME_LOOKBACK_DAYS)
    for call in calls:
        if call.status is not Status.PLANNED:
            continue
        start_text = utc_text(call.start)
        if now < call.start.add(minutes=LATE_MINUTES):
            reached = sorted(lead for lead in set(leads) if call.start.subtract(minutes=lead) <= now)
            if reached and is_open(delivered.get(key(call.id, Kind.UPCOMING, reached[0], start_text)), now):
                covers = tuple(
                    lead
                    for lead in reached[1:]
                    if is_open(delivered.get(key(call.id, Kind.UPCOMING, lead, start_text)), now)
                )
                title, body = upcoming_text(call, now, record_line)
                upcoming.append(Reminder(call, Kind.UPCOMING, reached[0], title, body, covers))
        asked = call.end.add(minutes=grace)
        if (
            asked <= now
            and asked >= oldest
            and is_open(delivered.get(key(call.id, Kind.OUTCOME, grace, start_text)), now)
        ):
            title, body = outcome_text(call, now)
            outcome.append(Reminder(call, Kind.OUTCOME, grace, title, body))
    upcoming.sort(key=_order)
    outcome.sort(key=_order)
    return upcoming + outcome


def _order(reminder: Reminder) -> tuple[DateTime, str, str]:
    return reminder.call.start, reminder.call.contact.casefold(), reminder.call.id


def waiting(calls: Iterable[Call], now: DateTime, grace: int = DEFAULT_GRACE) -> list[Call]:
    """Still-planned calls whose outcome is asked for (end plus grace passed, within the lookback)."""
    oldest = now.subtract(days=OUTCOME_LOOKBACK_DAYS)
    return [call for call in calls if call.status is Status.PLANNED and oldest <= call.end.add(minutes=grace) <= now]


# --- the words ------------------------------------------------------------------------------


def _when(call: Call, now: DateTime) -> str:
    """13:00, or Wed 25 Nov 13:00 when it is not today."""
    local = call.start.in_tz(now.timezone or "UTC")
    if local.date() == now.date():
        return f"{local:%H:%M}"
    return f"{day_label(local.date())} {local:%H:%M}"


def _in(call: Call, now: DateTime) -> str:
    minutes = math.ceil((call.start - now).total_seconds() / 60)
    if minutes > 0:
        return until(call.start, now)  # in 10 min; tomorrow 09:00 / in 3 days for long leads
    if minutes == 0:
        return "now"
    return f"{duration(-minutes)} ago"


def upcoming_text(call: Call, now: DateTime, record_line: RecordLine = no_record) -> tuple[str, str]:
    """("Dr. Brandt calls you in 10 min", "13:00, 30 min · Results · +49 30 1234 · 2 no-shows ...")."""
    who = printable(call.contact)
    if call.direction is Direction.THEY_CALL:
        title = f"{who} calls you {_in(call, now)}"
    else:
        title = f"You call {who} {_in(call, now)}"
    parts = [f"{_when(call, now)}, {duration(call.minutes)}"]
    parts += [printable(text) for text in (call.topic, call.link, record_line(call.contact)) if text.strip()]
    return title, " · ".join(parts)


def outcome_text(call: Call, now: DateTime) -> tuple[str, str]:
    """("Did Dr. Brandt call? (13:00, 30 min)", "Results")."""
    who = printable(call.contact)
    question = f"Did {who} call?" if call.direction is Direction.THEY_CALL else f"Did you reach {who}?"
    return f"{question} ({_when(call, now)}, {duration(call.minutes)})", printable(call.topic)
