"""A call and the rules of its life. No I/O, no Textual."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from functools import partial
from itertools import product
from operator import is_not, itemgetter
from typing import Any

from pendulum import DateTime

from calldiary.clock import MAX_YEAR, MIN_YEAR, from_utc_text, utc_text, utc_text_problem, zone_ok
from calldiary.errors import CallDiaryError, RuleError, TooEarly

DEFAULT_MINUTES = 30
MAX_MINUTES = 24 * 60


class Status(StrEnum):
    PLANNED = "planned"
    KEPT = "kept"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @classmethod
    def parse(cls, text: str) -> Status:
        """A status from the user's word; "ignored" is the user's word for no-show."""
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        found = _STATUS_WORDS.get(key)
        if found is None:
            raise CallDiaryError(f"unknown status {text!r}; use planned, kept, cancelled or no_show (alias: ignored)")
        return found

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_WORDS = {
    "planned": Status.PLANNED,
    "kept": Status.KEPT,
    "cancelled": Status.CANCELLED,
    "canceled": Status.CANCELLED,
    "no_show": Status.NO_SHOW,
    "noshow": Status.NO_SHOW,
    "ignored": Status.NO_SHOW,
}
_STATUS_LABELS = {
    Status.PLANNED: "planned",
    Status.KEPT: "kept",
    Status.CANCELLED: "cancelled",
    Status.NO_SHOW: "no-show",
}


class Direction(StrEnum):
    THEY_CALL = "they_call"
    I_CALL = "i_call"

    @property
    def label(self) -> str:
        return "they call" if self is Direction.THEY_CALL else "I call"


class Party(StrEnum):
    ME = "me"
    THEM = "them"


@dataclass(frozen=True, slots=True)
class Call:
    """One call commitment. `start`, `created`, `updated` and `outcome_at` are UTC instants."""

    id: str
    contact: str
    start: DateTime
    tz: str
    created: DateTime
    updated: DateTime
    minutes: int = DEFAULT_MINUTES
    direction: Direction = Direction.THEY_CALL
    topic: str = ""
    notes: str = ""
    link: str = ""
    status: Status = Status.PLANNED
    cancelled_by: Party | None = None
    reason: str = ""
    outcome_at: DateTime | None = None
    prep_minutes: int = 0
    turned_down: str = ""
    no_show_by: Party | None = None

    @property
    def short_id(self) -> str:
        return short_id(self.id)

    @property
    def end(self) -> DateTime:
        return self.start.add(minutes=self.minutes)

    @property
    def dialer(self) -> Party:
        """The party who was to dial: the default culprit of a no-show."""
        return Party.THEM if self.direction is Direction.THEY_CALL else Party.ME

    def _ended(self, now: DateTime) -> bool:
        """The end has passed (plain seconds: pendulum's calendar arithmetic is slow in loops,
        and an instant plus minutes needs none)."""
        return now.timestamp() >= self.start.timestamp() + self.minutes * 60

    def needs_outcome(self, now: DateTime) -> bool:
        """A call whose end has passed and that is still planned."""
        return self.status is Status.PLANNED and self.start <= now and self._ended(now)

    def in_progress(self, now: DateTime) -> bool:
        """A still-planned call between its start and its end (it can already be marked)."""
        return self.status is Status.PLANNED and self.start <= now and not self._ended(now)

    def state(self, now: DateTime) -> str:
        """upcoming | in_progress | needs_outcome | kept | cancelled | no_show (derived, not stored)."""
        if self.status is not Status.PLANNED:
            return self.status.value
        if now < self.start:
            return "upcoming"
        return "needs_outcome" if self._ended(now) else "in_progress"

    @property
    def theirs(self) -> bool:
        """A no-show of the contact's (not mine)."""
        return self.status is Status.NO_SHOW and self.no_show_by is not Party.ME

    def overlaps(self, other: Call) -> bool:
        return self.id != other.id and self.start < other.end and other.start < self.end


def short_id(call_id: str) -> str:
    """The first 8 hex digits of a call's UUID: the id users type."""
    return call_id.replace("-", "")[:8]


def new_id() -> str:
    import uuid  # only when booking

    return str(uuid.uuid4())


def check_fields(contact: str, minutes: int, prep_minutes: int = 0, start: DateTime | None = None) -> None:
    """The rules every call's own fields obey; with `start`, its start and end (in UTC) must fall
    in the years calldiary keeps (MIN_YEAR to MAX_YEAR)."""
    if start is not None:
        check_span(start, minutes)
    if not contact.strip():
        raise RuleError("a call needs a contact name")
    if not 1 <= minutes <= MAX_MINUTES:
        raise RuleError(f"a call lasts 1 to {MAX_MINUTES} minutes, not {minutes}")
    if not 0 <= prep_minutes <= MAX_MINUTES:
        raise RuleError(f"prep time is 0 to {MAX_MINUTES} minutes, not {prep_minutes}")


def check_span(start: DateTime, minutes: int) -> None:
    """RuleError, about the user's input, when the call would start or end (start + minutes, in
    UTC) outside the years calldiary keeps; it may end at the range's very end (3000-01-01 00:00)."""
    keeps = f"calldiary keeps calls from {MIN_YEAR} to {MAX_YEAR}"
    try:
        begin = start.in_tz("UTC")
        end = begin.add(minutes=minutes) if 1 <= minutes <= MAX_MINUTES else begin
    except (OverflowError, ValueError):
        raise RuleError(f"the call's time is out of range; {keeps}") from None
    if begin.year < MIN_YEAR:
        raise RuleError(f"the call would start before {MIN_YEAR}-01-01 00:00 UTC; {keeps}")
    if begin.year > MAX_YEAR:
        raise RuleError(f"the call would start after {MAX_YEAR}-12-31 23:59 UTC; {keeps}")
    if end.year > MAX_YEAR and end > begin.replace(year=MAX_YEAR + 1, month=1, day=1, hour=0, minute=0, second=0):
        raise RuleError(f"the call would end after {MAX_YEAR + 1}-01-01 00:00 UTC; {keeps}")


def with_outcome(
    call: Call,
    status: Status,
    now: DateTime,
    by: Party | None = None,
    reason: str = "",
) -> Call:
    """`call` with a new status, or RuleError when the rules refuse it.

    kept and no-show only once the call's start has passed; cancelled at any time
    (by them unless told otherwise); any outcome can be reset to planned. `by` is who
    cancelled, or for a no-show who did not show up (default: who was to dial).
    """
    if status in (Status.KEPT, Status.NO_SHOW) and now < call.start:
        raise TooEarly(
            f"{call.short_id} starts in the future: it can be marked {status.label} only once its start has passed",
            call,
        )
    if status not in (Status.CANCELLED, Status.NO_SHOW) and by is not None:
        raise RuleError("--by goes only with the status cancelled or no_show")
    if status is not Status.CANCELLED and reason:
        raise RuleError("a reason goes only with the status cancelled")
    if status is Status.PLANNED:
        return replace(call, status=status, cancelled_by=None, no_show_by=None, reason="", outcome_at=None, updated=now)
    return replace(
        call,
        status=status,
        cancelled_by=(by or Party.THEM) if status is Status.CANCELLED else None,
        no_show_by=(by or call.dialer) if status is Status.NO_SHOW else None,
        reason=reason.strip(),
        outcome_at=now,
        updated=now,
    )


# --- documents: the shape of a call in the diary file -----------------------------------

# field -> accepted types; every call document has all of these.
DOC_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "contact": (str,),
    "start": (str,),
    "tz": (str,),
    "minutes": (int,),
    "direction": (str,),
    "topic": (str,),
    "notes": (str,),
    "link": (str,),
    "status": (str,),
    "cancelled_by": (str, type(None)),
    "reason": (str,),
    "outcome_at": (str, type(None)),
    "created": (str,),
    "updated": (str,),
    "prep_minutes": (int,),
    "turned_down": (str,),
    "no_show_by": (str, type(None)),
}
_STATUSES = frozenset(s.value for s in Status)
_DIRECTIONS = frozenset(d.value for d in Direction)
_PARTIES = frozenset((None, Party.ME.value, Party.THEM.value))


_TIMES = ("start", "created", "updated", "outcome_at")
_TEXTS = ("contact", "topic", "notes", "link", "reason", "turned_down")


def _encodable(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def doc_problem(doc: Any) -> str | None:
    """What is wrong with a call document, or None when it is a valid one.

    The writer checks every document with this before it is saved, and the reader checks every
    document it loads: whatever the store accepts, it reads back. (all_valid makes the same
    checks for a whole diary at once: a new check goes in both.)"""
    if type(doc) is not dict:
        return "a call is not an object"
    for name, types in DOC_FIELDS.items():
        value = doc.get(name, doc)
        if value is doc:
            return f"call {doc.get('id')!r} has no {name!r} field"
        if type(value) not in types:
            return f"field {name!r} of call {doc.get('id')!r} has the wrong type"
    call = repr(doc["id"])
    if doc["status"] not in _STATUSES or doc["direction"] not in _DIRECTIONS or doc["cancelled_by"] not in _PARTIES:
        return f"call {call} has an unknown status, direction or cancelled_by"
    if doc["no_show_by"] not in _PARTIES:
        return f"call {call} has an unknown no_show_by"
    if not 0 <= doc["prep_minutes"] <= MAX_MINUTES:
        return f"call {call} has {doc['prep_minutes']} prep minutes (0 to {MAX_MINUTES} only)"
    for name in _TIMES:
        value = doc[name]
        if value is None:
            continue
        problem = utc_text_problem(value)
        if problem:
            return f"call {call} has a malformed {name} {value!r}: it {problem}"
    if not 1 <= doc["minutes"] <= MAX_MINUTES:
        return f"call {call} lasts {doc['minutes']} minutes (1 to {MAX_MINUTES} only)"
    if not zone_ok(doc["tz"]):
        return f"call {call} has an unknown time zone {doc['tz']!r}"
    for name in _TEXTS:
        if not _encodable(doc[name]):
            return f"field {name!r} of call {call} is not valid text (broken UTF-8)"
    return None


# all_valid makes doc_problem's checks for a whole diary at a fraction of the cost of parsing the
# file: one pass fetches each document's fields at once (a KeyError is a missing one) and looks
# their types up as one tuple among the accepted combinations; the value checks then run on what
# has few distinct values (enumerations, zones, the date and the time-of-day parts of instants),
# or as one C-level operation over all of them (minutes' range, the texts' encoding).
_FIELD_NAMES = tuple(DOC_FIELDS)
_fields_of = itemgetter(*_FIELD_NAMES)
_GOOD_TYPES = frozenset(product(*DOC_FIELDS.values()))
_ID = _FIELD_NAMES.index("id")
_enums_of = itemgetter(*(_FIELD_NAMES.index(name) for name in ("status", "direction", "cancelled_by", "no_show_by")))
_GOOD_ENUMS = frozenset(product(_STATUSES, _DIRECTIONS, _PARTIES, _PARTIES))
_date_part, _clock_part = itemgetter(slice(0, 10)), itemgetter(slice(10, 20))


def all_valid(docs: dict[str, Any]) -> bool:
    """True when every document of `docs` (id -> call document) passes doc_problem and is stored
    under its own id. False means: ask doc_problem record by record (it names what is wrong)."""
    fields_of, good_types, enums_of, good_enums = _fields_of, _GOOD_TYPES, _enums_of, _GOOD_ENUMS
    try:
        for key, doc in docs.items():
            values = fields_of(doc)
            if (
                type(doc) is not dict
                or tuple(map(type, values)) not in good_types
                or enums_of(values) not in good_enums
                or values[_ID] != key
            ):
                return False
    except (KeyError, TypeError):  # a missing field, or not an object
        return False
    records = list(docs.values())
    if not records:
        return True
    minutes = list(map(itemgetter("minutes"), records))
    if min(minutes) < 1 or max(minutes) > MAX_MINUTES:
        return False
    prep = list(map(itemgetter("prep_minutes"), records))
    if min(prep) < 0 or max(prep) > MAX_MINUTES:
        return False
    if not all(map(zone_ok, set(map(itemgetter("tz"), records)))):
        return False
    times: list[str] = []
    for name in _TIMES:
        times.extend(filter(partial(is_not, None), map(itemgetter(name), records)))
    if set(map(len, times)) != {20}:
        return False
    # An instant's text is valid when its date part and its time-of-day part are (see utc_text_problem).
    if any(utc_text_problem(day + "T00:00:00Z") for day in set(map(_date_part, times))):
        return False
    if any(utc_text_problem("2000-01-01" + clock) for clock in set(map(_clock_part, times))):
        return False
    texts = "".join("".join(map(itemgetter(name), records)) for name in _TEXTS)
    return texts.isascii() or _encodable(texts)


def to_doc(call: Call) -> dict[str, Any]:
    return {
        "id": call.id,
        "contact": call.contact,
        "start": utc_text(call.start),
        "tz": call.tz,
        "minutes": call.minutes,
        "direction": call.direction.value,
        "topic": call.topic,
        "notes": call.notes,
        "link": call.link,
        "status": call.status.value,
        "cancelled_by": call.cancelled_by.value if call.cancelled_by else None,
        "reason": call.reason,
        "outcome_at": utc_text(call.outcome_at) if call.outcome_at else None,
        "created": utc_text(call.created),
        "updated": utc_text(call.updated),
        "prep_minutes": call.prep_minutes,
        "turned_down": call.turned_down,
        "no_show_by": call.no_show_by.value if call.no_show_by else None,
    }


def from_doc(doc: dict[str, Any]) -> Call:
    return Call(
        id=doc["id"],
        contact=doc["contact"],
        start=from_utc_text(doc["start"]),
        tz=doc["tz"],
        created=from_utc_text(doc["created"]),
        updated=from_utc_text(doc["updated"]),
        minutes=doc["minutes"],
        direction=Direction(doc["direction"]),
        topic=doc["topic"],
        notes=doc["notes"],
        link=doc["link"],
        status=Status(doc["status"]),
        cancelled_by=Party(doc["cancelled_by"]) if doc["cancelled_by"] else None,
        reason=doc["reason"],
        outcome_at=from_utc_text(doc["outcome_at"]) if doc["outcome_at"] else None,
        prep_minutes=doc["prep_minutes"],
        turned_down=doc["turned_down"],
        no_show_by=Party(doc["no_show_by"]) if doc["no_show_by"] else None,
    )
