from __future__ import annotations

import contextlib
from datetime import date

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calldiary.clock import Clock, parse_week_label, week_bounds, week_label, zone
from calldiary.errors import WhenError
from calldiary.when import FORMS, parse_day, parse_edge, parse_when
from tests.conftest import NOW, at, make_clock


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2026-11-27 13:00", at(27, 13)),
        ("2026-11-27T13:00", at(27, 13)),
        ("today 14:30", at(26, 14, 30)),
        ("tomorrow 9", at(27, 9)),
        ("TOMORROW 9am", at(27, 9)),
        ("fri 13:00", at(27, 13)),
        ("friday 1:30 pm", at(27, 13, 30)),
        ("thu 16:00", at(26, 16)),  # today, still ahead
        ("thu 14:00", pendulum.datetime(2026, 12, 3, 14, tz="Europe/Berlin")),  # passed today: next week
        ("+2d 10:00", at(28, 10)),
        ("+1w 8", pendulum.datetime(2026, 12, 3, 8, tz="Europe/Berlin")),
        ("13:00", at(26, 13)),
        ("9.15", at(26, 9, 15)),
        ("yesterday 17:00", at(25, 17)),
        ("now", NOW),
    ],
)
def test_accepted_forms(clock, text, expected):
    assert parse_when(text, clock).at == expected


def test_a_day_without_a_time_asks_for_one(clock):
    with pytest.raises(WhenError, match=r"a day without a time; add one, e\.g\. fri 14:30"):
        parse_when("fri", clock)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "soon",
        "tomorrow at 9",
        "2026-11-27 13:00 extra",
    ],
)
def test_rejected_forms_list_the_accepted_ones(clock, text):
    with pytest.raises(WhenError, match="tomorrow 9, yesterday 17:00"):
        parse_when(text, clock)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("25:00", "there is no time 25:00: the hour is out of range (0 to 23)"),
        ("yesterday 25:00", "there is no time 25:00: the hour is out of range (0 to 23)"),
        ("24 Dec 24:00", "there is no time 24:00: the hour is out of range (0 to 23)"),
        ("13:60", "there is no time 13:60: the minute is out of range (0 to 59)"),
        ("13pm", "there is no time 13pm: the hour is out of range (1 to 12 with pm)"),
    ],
)
def test_a_time_that_does_not_exist_is_named(clock, text, said):
    with pytest.raises(WhenError) as raised:
        parse_when(text, clock)
    assert str(raised.value) == said
    with pytest.raises(WhenError) as raised:
        parse_edge(text, clock)
    assert str(raised.value) == said


def test_yesterday_is_accepted_and_listed(clock):
    assert parse_when("yesterday 17:00", clock).at == clock.now().subtract(days=1).replace(hour=17, minute=0)
    assert "yesterday 17:00" in FORMS


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2026-02-30 10:00", "there is no day 2026-02-30 (day is out of range for month)"),
        ("31.02.2027 10:00", "there is no day 2027-02-31 (day is out of range for month)"),
        ("2026-13-01 10:00", "there is no day 2026-13-01 (month must be in 1..12)"),
        ("3000-01-01 10:00", "3000-01-01 is out of range: years 1900 to 2999 only"),
        ("1899-12-31 10:00", "1899-12-31 is out of range: years 1900 to 2999 only"),
        ("0001-01-01 00:00", "0001-01-01 is out of range: years 1900 to 2999 only"),
    ],
)
def test_a_day_that_does_not_exist_or_is_out_of_range_is_named(clock, text, said):
    with pytest.raises(WhenError) as raised:
        parse_when(text, clock)
    assert str(raised.value) == said


def test_edges_accept_a_day_alone(clock):
    assert parse_edge("2026-11-01", clock) == pendulum.datetime(2026, 11, 1, tz="Europe/Berlin")
    assert parse_edge("fri", clock) == at(27, 0)
    assert parse_edge("tomorrow 9", clock) == at(27, 9)
    assert parse_day("+1w", clock) == date(2026, 12, 3)
    with pytest.raises(WhenError, match="a day alone"):
        parse_edge("whenever", clock)


@pytest.mark.parametrize("tz,gap", [("Europe/Berlin", "2026-03-29 02:30"), ("America/New_York", "2026-03-08 02:30")])
def test_a_time_in_the_spring_gap_is_an_error(tz, gap):
    with pytest.raises(WhenError, match="does not exist"):
        parse_when(gap, make_clock(tz=tz))


@pytest.mark.parametrize(
    "tz,fold,offset",
    [
        ("Europe/Berlin", "2026-10-25 02:30", "+02:00"),
        ("America/New_York", "2026-11-01 01:30", "-04:00"),
    ],
)
def test_a_time_in_the_autumn_fold_takes_the_first_with_a_note(tz, fold, offset):
    found = parse_when(fold, make_clock(tz=tz))
    assert "happens twice" in found.note
    assert found.at.isoformat().endswith(offset)


@pytest.mark.parametrize(
    "tz,monday",
    [
        ("Europe/Berlin", date(2026, 3, 23)),
        ("Europe/Berlin", date(2026, 10, 19)),
        ("America/New_York", date(2026, 3, 2)),
        ("America/New_York", date(2026, 10, 26)),
    ],
)
def test_dst_weeks_keep_wall_clock_times(tz, monday):
    clock = make_clock(tz=tz)
    start, end = week_bounds(clock, monday)
    hours = (end - start).total_seconds() / 3600
    assert hours in (167, 169)
    assert (start.hour, end.hour, start.date(), end.date().weekday()) == (0, 0, monday, 0)
    nine = pendulum.datetime(monday.year, monday.month, monday.day, 9, tz=tz)
    assert all(nine.add(days=n).in_tz(tz).hour == 9 for n in range(7))


def test_week_labels():
    assert week_label(date(2026, 11, 26)) == "2026-W48"
    assert parse_week_label("2026-W48") == date(2026, 11, 23)
    assert parse_week_label("2026w1") == date(2025, 12, 29)
    with pytest.raises(WhenError, match="2026 has 53 weeks; W54 is not one of them"):
        parse_week_label("2026-W54")
    with pytest.raises(WhenError, match="2025 has 52 weeks; W53 is not one of them"):
        parse_week_label("2025-W53")


def test_pinned_clock_from_environment(monkeypatch):
    monkeypatch.setenv("CALLDIARY_TZ", "America/New_York")
    monkeypatch.setenv("CALLDIARY_NOW", "2026-11-26T09:00")
    clock = Clock.from_env()
    assert clock.now() == pendulum.datetime(2026, 11, 26, 9, tz="America/New_York")
    monkeypatch.setenv("CALLDIARY_NOW", "2026-11-26T09:00:00Z")
    assert Clock.from_env().now().hour == 4


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_never_a_traceback(text):
    clock = Clock(zone("Europe/Berlin"), NOW)
    for parse in (parse_when, parse_edge, parse_day):
        with contextlib.suppress(WhenError):
            parse(text, clock)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)),
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC"]),
)
def test_iso_form_gives_that_wall_clock_time_or_a_gap_error(day, hour, minute, tz):
    clock = Clock(zone(tz), NOW.in_tz(tz))
    try:
        found = parse_when(f"{day.isoformat()} {hour}:{minute:02d}", clock).at
    except WhenError as error:
        assert "does not exist" in str(error)
        return
    assert (found.date(), found.hour, found.minute) == (day, hour, minute)
    start, end = week_bounds(clock, day)
    assert start <= found < end


def test_day_forms_people_type(clock):
    expected = {
        "24 Dec": "2026-12-24",
        "Dec 24": "2026-12-24",
        "24.12.2026": "2026-12-24",
        "24.12.": "2026-12-24",
        "24 december 2027": "2027-12-24",
        "next week": "2026-12-03",
        "last week": "2026-11-19",
        "W50": "2026-12-07",
        "2026-W50": "2026-12-07",
        "2 Jan": "2027-01-02",  # a day without a year: the nearest one
    }
    for text, day in expected.items():
        assert parse_day(text, clock).isoformat() == day, text
    assert parse_when("24.12. 13:00", clock).at.format("YYYY-MM-DD HH:mm") == "2026-12-24 13:00"
    assert parse_when("Dec 24 9:30", clock).at.format("YYYY-MM-DD HH:mm") == "2026-12-24 09:30"
    with pytest.raises(WhenError, match="2026 has 53 weeks"):
        parse_day("W54", clock)
