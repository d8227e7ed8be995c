"""The clock (real or pinned), the user's zone, instants as text, and week arithmetic."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import pendulum
from pendulum import DateTime
from pendulum.tz.local_timezone import get_local_timezone
from pendulum.tz.timezone import Timezone

from calldiary.errors import CallDiaryError, WhenError

UTC = pendulum.UTC
# The one supported range of years, for every timestamp on every path in (CLI, form, import, sync)
# and in the diary file: the writer and the reader check the same bounds.
MIN_YEAR, MAX_YEAR = 1900, 2999
_UTC_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_WEEK_LABEL = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


def zone(name: str) -> Timezone:
    """The IANA zone called `name`, or a clear error."""
    try:
        return pendulum.timezone(name)
    except Exception:
        raise CallDiaryError(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)") from None


@lru_cache(maxsize=512)
def zone_ok(name: str) -> bool:
    """True when `name` is an IANA zone this machine knows."""
    if not isinstance(name, str) or not name or name != name.strip() or len(name) > 64:
        return False
    try:
        pendulum.timezone(name)
    except Exception:
        return False
    return True


def check_zone(name: str, what: str = "time zone") -> str:
    """`name` when it is a known IANA zone, else a clear error naming `what`."""
    if not zone_ok(name):
        raise CallDiaryError(f"{what} {name!r} is not an IANA time zone (e.g. Europe/Berlin)")
    return name


def in_range(moment: datetime) -> bool:
    """True when the instant's UTC year is inside the supported range (1900 to 2999)."""
    try:
        year = moment.astimezone(UTC).year if moment.tzinfo is not None else moment.year
    except (OverflowError, ValueError):
        return False
    return MIN_YEAR <= year <= MAX_YEAR


def check_moment(moment: datetime, what: str) -> datetime:
    """`moment` when it is in the supported range, else a clear error naming `what`."""
    if not in_range(moment):
        raise WhenError(f"{what} is out of range: years {MIN_YEAR} to {MAX_YEAR} only")
    return moment


def user_zone() -> Timezone:
    """The user's zone: CALLDIARY_TZ if set, else the machine's local zone."""
    name = os.environ.get("CALLDIARY_TZ", "").strip()
    if name:
        return zone(name)
    try:
        local = get_local_timezone()
    except Exception:
        return UTC
    # A bare offset (no IANA name) would land calls an hour off after a DST change: UTC instead.
    return local if isinstance(local, Timezone) else UTC


def utc_text(moment: datetime) -> str:
    """An instant as sortable UTC text: 2026-11-27T12:00:00Z (always four-digit years)."""
    m = moment.astimezone(UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


def utc_text_problem(text: object) -> str | None:
    """What is wrong with a stored UTC instant text, or None when `from_utc_text` reads it and
    its year is in the supported range."""
    if type(text) is not str or not _UTC_TEXT.match(text):
        return "is not a UTC time like 2026-11-27T12:00:00Z"
    try:
        moment = datetime(
            int(text[0:4]), int(text[5:7]), int(text[8:10]), int(text[11:13]), int(text[14:16]), int(text[17:19])
        )
    except ValueError:
        return "is not a real date and time"
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return f"is out of range (years {MIN_YEAR} to {MAX_YEAR} only)"
    return None


def from_utc_text(text: str) -> DateTime:
    """Parse text written by `utc_text`: 2026-11-27T12:00:00Z (fast: no pendulum.parse)."""
    return DateTime(
        int(text[0:4]),
        int(text[5:7]),
        int(text[8:10]),
        int(text[11:13]),
        int(text[14:16]),
        int(text[17:19]),
        tzinfo=UTC,
    )


@dataclass(frozen=True)
class Clock:
    """Answers "now" in the user's zone; pinned when `pinned` is set."""

    tz: Timezone
    pinned: DateTime | None = None
    week_start: int = 0  # the first day of a week: 0 = Monday ... 6 = Sunday

    @classmethod
    def from_env(cls, zone_name: str = "", week_start: int = 0) -> Clock:
        """CALLDIARY_TZ (else `zone_name`, else the machine's) picks the zone; CALLDIARY_NOW
        (ISO 8601) pins the clock."""
        tz = zone(zone_name) if zone_name and not os.environ.get("CALLDIARY_TZ", "").strip() else user_zone()
        text = os.environ.get("CALLDIARY_NOW", "").strip()
        if not text:
            return cls(tz, None, week_start)
        try:
            pinned = pendulum.parse(text, tz=tz, exact=False)
        except Exception:
            raise CallDiaryError(f"CALLDIARY_NOW={text!r} is not an ISO 8601 date-time") from None
        if not isinstance(pinned, DateTime):
            raise CallDiaryError(f"CALLDIARY_NOW={text!r} is not an ISO 8601 date-time")
        if not in_range(pinned) or not MIN_YEAR < pinned.year < MAX_YEAR:
            raise CallDiaryError(f"CALLDIARY_NOW={text!r} is out of range: years {MIN_YEAR + 1} to {MAX_YEAR - 1} only")
        return cls(tz, pinned, week_start)

    def now(self) -> DateTime:
        moment = self.pinned if self.pinned is not None else pendulum.now(self.tz)
        return moment.in_tz(self.tz)

    def today(self) -> date:
        return self.now().date()

    def local(self, moment: datetime) -> DateTime:
        """An instant shown in the user's zone."""
        return pendulum.instance(moment).in_tz(self.tz)

    def week_first(self, day: date) -> date:
        """The first day of the week holding `day`."""
        return week_monday(day, self.week_start)

    def day_start(self, day: date) -> DateTime:
        """Midnight at the start of `day` in the user's zone."""
        return pendulum.datetime(day.year, day.month, day.day, tz=self.tz)


def week_monday(day: date, week_start: int = 0) -> date:
    """The first day of the week holding `day` (week_start 0 = Monday)."""
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def week_bounds(clock: Clock, day: date) -> tuple[DateTime, DateTime]:
    """[start, end) of the week holding `day`, as instants in the user's zone.

    Both edges are local midnights, so a week with a DST change is 167 or 169 hours long.
    """
    first = clock.week_first(day)
    start = clock.day_start(first)
    return start, clock.day_start(first + timedelta(days=7))


def week_label(day: date) -> str:
    """The ISO week holding `day`: 2026-W48."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def iso_week_monday(year: int, week: int) -> date:
    """The Monday of ISO week `week` of `year`; a week past the year's last says how many it has."""
    weeks = date(year, 12, 28).isocalendar()[1]  # (28 Dec is always in the year's last week)
    if not 1 <= week <= weeks:
        raise WhenError(f"{year} has {weeks} weeks; W{week} is not one of them")
    return date.fromisocalendar(year, week, 1)


def parse_week_label(text: str) -> date:
    """The Monday of an ISO week given as YYYY-Www (or YYYYWww)."""
    match = _WEEK_LABEL.match(text)
    if match and not MIN_YEAR <= int(match[1]) <= MAX_YEAR:
        raise WhenError(f"week {text.strip()!r} is out of range: years {MIN_YEAR} to {MAX_YEAR} only")
    if match:
        return iso_week_monday(int(match[1]), int(match[2]))
    raise WhenError(f"{text!r} is not an ISO week; write it as YYYY-Www, e.g. 2026-W48")
