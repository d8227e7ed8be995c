"""Weekly figures and contact records on small hand-made diaries with known answers."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest

from calldiary.model import Party, Status
from calldiary.review import contact_figures, figures_json, rate_change, week_figures, weeks_back
from calldiary.store import Diary
from tests.conftest import at, make_clock

MONDAY = date(2026, 11, 23)


def marked(
    diary: Diary,
    start,
    contact: str,
    status: Status | None = None,
    *,
    minutes: int = 30,
    by: Party | None = None,
    when=None,
):
    """Book a call and record its outcome as if at `when` (default: the pinned now)."""
    call = diary.add(start, contact, minutes=minutes)
    if status is not None:
        recorder = Diary(diary.path, make_clock(when)) if when is not None else diary
        recorder.mark(call.id, status, by=by)
    return call


def test_an_empty_week_is_all_zero_and_its_show_rate_undefined(diary, clock):
    figures = week_figures(diary.week(MONDAY), MONDAY, clock.now())
    assert (figures.planned, figures.kept, figures.cancelled, figures.no_show) == (0, 0, 0, 0)
    assert figures.show_rate is None and figures.minutes_lost == 0 and figures.needs_outcome == ()
    assert figures_json(figures)["show_rate"] is None


def test_a_known_week(diary, clock):
    for day in (23, 24, 25):
        marked(diary, at(day, 10), "Ann", Status.KEPT)
    marked(diary, at(24, 14), "Bob", Status.NO_SHOW, minutes=45)
    late = marked(diary, at(26, 14), "Bob", Status.CANCELLED, when=at(26, 12))  # 2 h before: late
    marked(diary, at(27, 9), "Cy", Status.CANCELLED, by=Party.ME, when=at(24, 9))  # 3 days before
    waiting = marked(diary, at(26, 9), "Dee")  # past, planned
    marked(diary, at(28, 9), "Eve")  # future, planned
    marked(diary, at(30, 9), "Next week", Status.CANCELLED)
    figures = week_figures(diary.week(MONDAY), MONDAY, clock.now())
    assert (figures.planned, figures.kept, figures.cancelled, figures.no_show) == (2, 3, 2, 1)
    assert figures.show_rate == pytest.approx(0.75)
    assert (figures.cancelled_by_them, figures.cancelled_by_me, figures.late_cancellations) == (1, 1, 1)
    assert figures.minutes_lost == 45
    assert [c.id for c in figures.needs_outcome] == [waiting.id]
    out = figures_json(figures)
    assert out["week"] == "2026-W48" and out["needs_outcome"] == [waiting.id]
    assert late.id not in out["needs_outcome"]
    # a 48-hour threshold also counts the cancellation made 3 days ahead? no: 72 h > 48 h
    assert week_figures(diary.week(MONDAY), MONDAY, clock.now(), late_hours=72).late_cancellations == 1
    assert week_figures(diary.week(MONDAY), MONDAY, clock.now(), late_hours=80).late_cancellations == 2


def test_change_against_the_previous_week(diary, clock):
    last_monday = date(2026, 11, 16)
    marked(diary, at(16, 10), "Ann", Status.KEPT)
    marked(diary, at(17, 10), "Ann", Status.NO_SHOW)
    marked(diary, at(23, 10), "Ann", Status.KEPT)
    before = week_figures(diary.week(last_monday), last_monday, clock.now())
    this = week_figures(diary.week(MONDAY), MONDAY, clock.now())
    assert rate_change(this, before) == pytest.approx(50.0)
    out = figures_json(this, before)
    previous, change = out["previous_week"], out["change"]
    assert previous["week"] == "2026-W47"
    assert (previous["kept"], previous["no_show"], previous["minutes_lost"]) == (1, 1, 30)
    assert previous["show_rate"] == pytest.approx(0.5)
    assert (change["kept"], change["cancelled"], change["no_show"], change["minutes_lost"]) == (0, 0, -1, -30)
    assert change["show_rate_points"] == pytest.approx(50.0)
    assert rate_change(this, week_figures([], date(2026, 11, 9), clock.now())) is None


@pytest.mark.parametrize("tz", ["Europe/Berlin", "America/New_York"])
def test_week_edges_at_midnight_in_a_dst_week(tmp_path, tz):
    # Europe changes on Sun 29 Mar 2026, the US on Sun 8 Mar 2026: take each zone's DST week.
    monday = date(2026, 3, 23) if tz == "Europe/Berlin" else date(2026, 3, 2)
    clock = make_clock(pendulum.datetime(2026, 4, 15, 12, tz=tz), tz=tz)
    diary = Diary(tmp_path / "d.json", clock)

    def local(day: date, hour: int, minute: int = 0):
        return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=tz)

    sunday, next_monday = date.fromordinal(monday.toordinal() + 6), date.fromordinal(monday.toordinal() + 7)
    marked(diary, local(monday, 0, 0), "first minute", Status.KEPT)
    marked(diary, local(sunday, 23, 59), "last minute", Status.NO_SHOW)
    marked(diary, local(sunday, 9, 0), "after the change", Status.KEPT)
    marked(diary, local(next_monday, 0, 0), "next week", Status.NO_SHOW)
    marked(diary, local(monday, 0, 0).subtract(minutes=1), "last week", Status.NO_SHOW)
    calls = diary.week(monday)
    assert [c.contact for c in calls] == ["first minute", "after the change", "last minute"]
    assert clock.local(calls[1].start).hour == 9
    figures = week_figures(calls, monday, clock.now())
    assert (figures.kept, figures.no_show, figures.minutes_lost) == (2, 1, 30)


def test_contact_records(diary, clock):
    marked(diary, at(16, 10), "Priya", Status.NO_SHOW)
    marked(diary, at(23, 10), "Priya", Status.NO_SHOW)
    marked(diary, at(24, 10), "Priya", Status.KEPT)
    marked(diary, at(25, 10), "Tom", Status.CANCELLED, by=Party.ME)
    marked(diary, at(25, 11), "Tom", Status.CANCELLED)
    diary.set_dropped("Priya", True, "two no-shows")
    diary.set_dropped("Zed", True)
    rows = {row.name: row for row in contact_figures(diary.docs(), diary.dropped())}
    priya, tom, zed = rows["Priya"], rows["Tom"], rows["Zed"]
    assert (priya.calls, priya.kept, priya.no_show, priya.show_rate) == (3, 1, 2, pytest.approx(1 / 3))
    assert priya.last_no_show == at(23, 10) and priya.dropped and priya.note == "two no-shows"
    assert (tom.cancelled_by_me, tom.cancelled_by_them, tom.cancelled, tom.show_rate) == (1, 1, 2, None)
    assert zed.calls == 0 and zed.dropped
    assert list(rows) == ["Priya", "Tom", "Zed"]


def test_weeks_back():
    assert weeks_back(MONDAY, 3) == [date(2026, 11, 9), date(2026, 11, 16), MONDAY]


def test_a_week_with_only_my_no_show_says_why_it_has_no_show_rate(diary, clock):
    from calldiary.fmt import review_lines

    marked(diary, at(24, 10), "Ann", Status.NO_SHOW, by=Party.ME)
    figures = week_figures(diary.week(MONDAY), MONDAY, clock.now())
    assert figures.show_rate is None and figures.no_show == 1
    assert figures.no_rate == "no kept calls or no-shows by them yet"
    before = week_figures([], MONDAY.replace(day=16), clock.now())
    lines = review_lines(figures, before, [], clock)
    assert "  show rate   — no kept calls or no-shows by them yet" in lines
    assert not any("no kept or no-show calls" in line for line in lines)
