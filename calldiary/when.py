"""The forgiving "when" parser shared by the CLI and the call form.

Accepted: `2026-11-27 13:00`, `today 14:30`, `tomorrow 9`, `yesterday 17:00`, `fri 13:00` (the next Friday,
today included if that time is still ahead), `+2d 10:00`, `13:00` (today), `now`; and where
a range's edge is asked for, a day alone (`2026-11-01`, `today`, `fri`, `+1w`) meaning its start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pendulum
from pendulum import DateTime

from calldiary.clock import MAX_YEAR, MIN_YEAR, Clock, iso_week_monday
from calldiary.errors import WhenError

FORMS = (
    "2026-11-27 13:00, 24 Dec 13:00, 24.12. 13:00, today 14:30, tomorrow 9, yesterday 17:00, fri 13:00, "
    "+2d 10:00, 13:00"
)
EDGE_FORMS = FORMS + ", or a day alone: 2026-11-01, today, fri, +1w"

_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "weds", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}
_RELATIVE_DAYS = {"today": 0, "tod": 0, "tomorrow": 1, "tom": 1, "tmr": 1, "yesterday": -1}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_OFFSET = re.compile(r"^([+-])(\d{1,4})([dw])$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$")


_MONTHS = {
    name: index + 1
    for index, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH = re.compile(r"^(\d{1,2})\.?\s+" + _MONTH + r"(?:\s+(\d{4}))?(?=\s|$)")
_MONTH_DAY = re.compile(r"^" + _MONTH + r"\s+(\d{1,2})(?:,?\s+(\d{4}))?(?=\s|$)")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})?(?=\s|$)")
_WEEK = re.compile(r"^(?:(\d{4})-?)?w(\d{1,2})(?=\s|$)")
_RELATIVE_WEEKS = {"next week": "+1w", "last week": "-1w", "this week": "today"}


def _iso(year: int | None, month: int, day: int, today: date) -> str:
    """A day written as ISO; without a year, the one nearest to today (up to ~6 months back)."""
    if year is None:
        year = today.year
        try:
            if (today - date(year, month, day)).days > 183:
                year += 1
        except ValueError:
            pass
    return f"{year:04d}-{month:02d}-{day:02d}"


def _normalize(text: str, today: date) -> str:
    """The day forms people type (24 Dec, Dec 24, 24.12.2026, 24.12., next week, W50) as ISO days."""
    cleaned = " ".join(text.strip().lower().split())
    for words, token in _RELATIVE_WEEKS.items():
        if cleaned == words or cleaned.startswith(words + " "):
            return token + cleaned[len(words) :]
    match = _DAY_MONTH.match(cleaned)
    if match:
        day, month, year = int(match[1]), _MONTHS[match[2]], match[3]
        return _iso(int(year) if year else None, month, day, today) + cleaned[match.end() :]
    match = _MONTH_DAY.match(cleaned)
    if match:
        month, day, year = _MONTHS[match[1]], int(match[2]), match[3]
        return _iso(int(year) if year else None, month, day, today) + cleaned[match.end() :]
    match = _DOTTED.match(cleaned)
    if match:
        day, month, year = int(match[1]), int(match[2]), match[3]
        return _iso(int(year) if year else None, month, day, today) + cleaned[match.end() :]
    match = _WEEK.match(cleaned)
    if match:
        year = int(match[1]) if match[1] else today.year
        return iso_week_monday(year, int(match[2])).isoformat() + cleaned[match.end() :]
    return cleaned


@dataclass(frozen=True)
class When:
    """A parsed moment in the user's zone, and a note when a DST fold had to be resolved."""

    at: DateTime
    note: str = ""


def _error(text: str, forms: str) -> WhenError:
    return WhenError(f"can't read {text!r} as a date and time; accepted forms: {forms}")


def _parse_time(token: str) -> tuple[int, int] | None:
    """An hour and minute; None when `token` is no time; WhenError when it is one that does not
    exist (25:00, 10:61, 13pm)."""
    match = _TIME.match(token)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    suffix = match[3]
    if suffix:
        if not 1 <= hour <= 12:
            raise WhenError(f"there is no time {token}: the hour is out of range (1 to 12 with {suffix})")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23:
        raise WhenError(f"there is no time {token}: the hour is out of range (0 to 23)")
    if minute > 59:
        raise WhenError(f"there is no time {token}: the minute is out of range (0 to 59)")
    return hour, minute


def _parse_day(token: str, today: date) -> tuple[date, int | None] | None:
    """A day and, for weekday names, the weekday asked for (its rule needs the time)."""
    found = _parse_day_token(token, today)
    if found is not None and not MIN_YEAR <= found[0].year <= MAX_YEAR:
        raise WhenError(f"{found[0].isoformat()} is out of range: years {MIN_YEAR} to {MAX_YEAR} only")
    return found


def _parse_day_token(token: str, today: date) -> tuple[date, int | None] | None:
    if token in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[token]), None
    if token in _WEEKDAYS:
        weekday = _WEEKDAYS[token]
        return today + timedelta(days=(weekday - today.weekday()) % 7), weekday
    match = _OFFSET.match(token)
    if match:
        count = int(match[2]) * (7 if match[3] == "w" else 1)
        try:
            return today + timedelta(days=count if match[1] == "+" else -count), None
        except OverflowError:
            return None
    match = _ISO_DATE.match(token)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise WhenError(f"{token} is out of range: years {MIN_YEAR} to {MAX_YEAR} only")
        try:
            return date(year, month, day), None
        except ValueError as error:
            raise WhenError(f"there is no day {token} ({error})") from None
    return None


def _tokens(text: str) -> list[str]:
    cleaned = text.strip().lower()
    cleaned = re.sub(r"^(\d{4}-\d{1,2}-\d{1,2})t", r"\1 ", cleaned)
    cleaned = re.sub(r"\s+(am|pm)$", r"\1", cleaned)
    return cleaned.split()


def local_moment(clock: Clock, day: date, hour: int, minute: int) -> When:
    """Wall-clock `day hour:minute` in the user's zone; a DST gap is an error, a fold is noted."""
    tz = clock.tz
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise WhenError(f"{day.isoformat()} is out of range: years {MIN_YEAR} to {MAX_YEAR} only")
    first = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=tz, fold=0)
    second = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=tz, fold=1)
    if (first.hour, first.minute) != (hour, minute) or (second.hour, second.minute) != (hour, minute):
        raise WhenError(
            f"{day.isoformat()} {hour:02d}:{minute:02d} does not exist in {tz.name} "
            "(the clocks go forward then); pick another time"
        )
    if first.utcoffset() != second.utcoffset():
        note = (
            f"{day.isoformat()} {hour:02d}:{minute:02d} happens twice in {tz.name} "
            f"(the clocks go back); took the first, UTC{first.strftime('%z')}"
        )
        return When(first, note)
    return When(first)


def parse_when(text: str, clock: Clock, day: date | None = None) -> When:
    """A moment from the user's words: a day and a time, a time alone (on `day`, by default
    today), or `now`."""
    now = clock.now()
    tokens = _tokens(_normalize(text, now.date()))
    if tokens == ["now"]:
        return When(now.replace(second=0, microsecond=0))
    if len(tokens) == 1:
        time = _parse_time(tokens[0])
        if time is None and _parse_day(tokens[0], now.date()) is not None:
            raise WhenError(f"{text.strip()!r} is a day without a time; add one, e.g. {tokens[0]} 14:30")
        if time is None:
            raise _error(text, FORMS)
        return local_moment(clock, day or now.date(), *time)
    if len(tokens) != 2:
        raise _error(text, FORMS)
    day_part = _parse_day(tokens[0], now.date())
    time = _parse_time(tokens[1])
    if day_part is None or time is None:
        raise _error(text, FORMS)
    day, weekday = day_part
    found = local_moment(clock, day, *time)
    if weekday is not None and found.at < now:
        found = local_moment(clock, day + timedelta(days=7), *time)
    return found


def parse_day(text: str, clock: Clock) -> date:
    """A day alone: 2026-11-27, today, tomorrow, fri (today included), +2d, -1w, 24 Dec, Dec 24,
    24.12.2026, 24.12., next week, last week, W50 (its Monday)."""
    tokens = _tokens(_normalize(text, clock.today()))
    found = _parse_day(tokens[0], clock.today()) if len(tokens) == 1 else None
    if found is None:
        raise WhenError(
            f"can't read {text!r} as a day; accepted: 2026-11-27, 24 Dec, 24.12., today, fri, +2d, next week, W50"
        )
    return found[0]


def parse_edge(text: str, clock: Clock) -> DateTime:
    """A range's edge: a full moment, or a day alone meaning that day's start."""
    tokens = _tokens(_normalize(text, clock.today()))
    if len(tokens) == 1 and _parse_time(tokens[0]) is None and tokens[0] != "now":
        found = _parse_day(tokens[0], clock.today())
        if found is None:
            raise _error(text, EDGE_FORMS)
        return clock.day_start(found[0])
    try:
        return parse_when(text, clock).at
    except WhenError as error:
        if not str(error).startswith("can't read"):
            raise  # it read the words and says what is wrong: no 25:00, a time the clocks skip, ...
        raise _error(text, EDGE_FORMS) from None
