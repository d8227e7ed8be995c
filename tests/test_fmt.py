"""How far off a call is: hours and minutes on the same day, calendar days beyond (DST included)."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calldiary.fmt import until

TZ = "Europe/Berlin"


def at(text: str) -> pendulum.DateTime:
    return pendulum.parse(text, tz=TZ)


@pytest.mark.parametrize(
    ("now", "start", "said"),
    [
        ("2026-11-23T10:00", "2026-11-23T10:05", "in 5 min"),
        ("2026-11-23T10:00", "2026-11-23T12:10", "in 2 h 10 min"),
        ("2026-11-23T10:00", "2026-11-23T23:00", "in 13 h"),
        ("2026-11-23T23:00", "2026-11-24T09:00", "tomorrow 09:00"),  # 10 hours, but tomorrow
        ("2026-11-23T01:00", "2026-11-24T23:00", "tomorrow 23:00"),  # 46 hours: still tomorrow
        ("2026-11-23T23:00", "2026-11-25T01:00", "in 2 days"),  # 26 hours: the day after tomorrow
        ("2026-11-23T23:30", "2026-11-24T00:15", "in 45 min"),  # under an hour: minutes, even past midnight
        ("2026-11-23T08:00", "2026-11-29T20:00", "in 6 days"),
        ("2026-11-23T10:00:30", "2026-11-23T10:05", "in 5 min"),  # a part-minute counts as a minute
        ("2026-11-23T10:00", "2026-11-23T10:00", "now"),
        # DST weeks (Europe/Berlin): spring forward on 29 March, fall back on 25 October 2026
        ("2026-03-28T23:30", "2026-03-30T00:30", "in 2 days"),  # 24 real hours, two calendar days
        ("2026-03-29T01:00", "2026-03-29T04:00", "in 2 h"),  # real time on the day of the change
        ("2026-03-28T22:00", "2026-03-29T09:00", "tomorrow 09:00"),
        ("2026-10-24T23:30", "2026-10-26T00:10", "in 2 days"),  # 25 h 40 min real
        ("2026-10-25T01:00", "2026-10-25T04:00", "in 4 h"),  # the repeated hour is real time too
        ("2026-10-19T08:00", "2026-10-26T07:00", "in 7 days"),
    ],
)
def test_until_counts_calendar_days(now: str, start: str, said: str) -> None:
    assert until(at(start), at(now)) == said
    assert until(at(start).in_tz("UTC"), at(now)) == said  # stored instants are UTC


@given(
    st.integers(min_value=0, max_value=365 * 24 * 4),
    st.integers(min_value=60, max_value=30 * 24 * 60),
)
def test_the_day_count_is_the_local_calendar_difference(quarter_hours: int, minutes: int) -> None:
    now = pendulum.datetime(2026, 1, 1, tz=TZ).add(minutes=15 * quarter_hours)
    start = now.add(minutes=minutes)
    days = (start.in_tz(TZ).date() - now.date()).days
    said = until(start, now)
    if days == 0:
        assert said.startswith("in ") and "day" not in said
    elif days == 1:
        assert said == f"tomorrow {start.in_tz(TZ):%H:%M}"
    else:
        assert said == f"in {days} days"


def test_a_reminder_a_day_ahead_says_tomorrow_like_the_app(tmp_path) -> None:
    from calldiary.clock import Clock, zone
    from calldiary.remind import upcoming_text
    from calldiary.store import Diary

    now = at("2026-11-25T13:00")
    diary = Diary(tmp_path / "diary.json", Clock(zone(TZ), now))
    call = diary.add(at("2026-11-26T13:00"), "Dr. Brandt", topic="Results")
    later = diary.add(at("2026-11-28T09:00"), "Ann Lee")
    assert upcoming_text(call, now)[0] == "Dr. Brandt calls you tomorrow 13:00"
    assert upcoming_text(later, now)[0] == "Ann Lee calls you in 3 days"
    assert upcoming_text(call, at("2026-11-26T12:50"))[0] == "Dr. Brandt calls you in 10 min"


@pytest.mark.parametrize(
    ("start", "minutes", "shown"),
    [
        ("2026-11-23T10:00:00+01:00", 30, "10:00–10:30"),
        # seen by hand: a call in the autumn night's first 02:30 "ended" at 02:00
        ("2026-10-25T02:30:00+02:00", 30, "02:30 CEST–02:00 CET"),
        ("2026-10-25T02:30:00+01:00", 30, "02:30–03:00"),  # (the second 02:30: no change inside)
        ("2026-03-29T01:45:00+01:00", 30, "01:45 CET–03:15 CEST"),
        # seen by hand: 900 min from 10:00 "ended" at 01:00, 1440 min at 10:00
        ("2026-12-01T10:00:00+01:00", 900, "10:00–01:00 (+1 day)"),
        ("2026-12-01T10:00:00+01:00", 1440, "10:00–10:00 (+1 day)"),
        ("2026-12-01T23:30:00+01:00", 30, "23:30–00:00"),  # (until midnight: that day)
        ("2026-12-01T00:00:00+01:00", 1440, "00:00–00:00 (+1 day)"),
        ("2026-10-24T23:30:00+02:00", 240, "23:30 CEST–02:30 CET (+1 day)"),
    ],
)
def test_a_time_range_across_a_clock_change_names_both_zones(start, minutes, shown):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from calldiary.clock import Clock, zone
    from calldiary.fmt import span
    from calldiary.lines import time_range
    from calldiary.model import Call

    begin = pendulum.parse(start)
    utc = begin.in_tz("UTC")
    call = Call(id="a" * 8, contact="Ann", start=utc, tz=TZ, created=utc, updated=utc, minutes=minutes)
    assert span(call, Clock(zone(TZ))) == shown
    # the fast path of `list` (stdlib datetimes) says the same
    first = datetime.fromisoformat(start)
    end = first + timedelta(minutes=minutes)  # (a fixed offset: real time)
    assert time_range(first.astimezone(ZoneInfo(TZ)), end.astimezone(ZoneInfo(TZ))) == shown
