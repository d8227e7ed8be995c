"""The review that names names: no-shows of the week, who failed whom, the whole cost, repeat
offenders in a window that never looks past the reviewed week, in-progress calls."""

from __future__ import annotations

from datetime import date

import pendulum

from calldiary.clock import week_bounds
from calldiary.model import Direction, Party, Status
from calldiary.review import figures_json, repeat_offenders, week_figures
from calldiary.store import Diary
from tests.conftest import BERLIN, at, make_clock

MONDAY = date(2026, 11, 23)


def test_no_shows_by_them_and_by_me_and_the_whole_cost(diary, clock):
    theirs = diary.add(at(23, 10), "Bob", minutes=45, prep_minutes=20, turned_down="Max at 10:00")
    mine = diary.add(at(24, 10), "Cy", direction=Direction.I_CALL, prep_minutes=15)
    diary.mark(theirs.id, Status.NO_SHOW)
    diary.mark(mine.id, Status.NO_SHOW)
    late_them = diary.add(at(27, 10), "Dee", prep_minutes=5, turned_down="a walk")
    late_me = diary.add(at(27, 12), "Eve", prep_minutes=50)
    diary.mark(late_them.id, Status.CANCELLED, by=Party.THEM)
    diary.mark(late_me.id, Status.CANCELLED, by=Party.ME)
    diary.mark(diary.add(at(25, 10), "Ann").id, Status.KEPT)
    figures = week_figures(diary.week(MONDAY), MONDAY, clock.now())
    assert (figures.no_show, figures.no_show_by_me, figures.no_show_by_them) == (2, 1, 1)
    assert figures.show_rate == 0.5  # only their no-show counts against the rate
    assert (figures.late_by_them, figures.late_by_me, figures.late_cancellations) == (1, 1, 2)
    assert figures.minutes_lost == 45
    assert figures.prep_minutes_lost == 20 + 5  # their no-show and their late cancellation
    out = figures_json(figures, clock=clock)
    assert out["no_show_by_me"] == 1 and out["no_show"] == 2
    assert out["late_cancellations_by_them"] == 1 and out["late_cancellations_by_me"] == 1
    assert out["late_cancellations"] == 2 and out["prep_minutes_lost"] == 25
    assert out["no_shows"] == [
        {
            "id": theirs.id,
            "contact": "Bob",
            "start": "2026-11-23T10:00:00+01:00",
            "minutes": 45,
            "prep_minutes": 20,
            "by": "them",
            "turned_down": "Max at 10:00",
        },
        {
            "id": mine.id,
            "contact": "Cy",
            "start": "2026-11-24T10:00:00+01:00",
            "minutes": 30,
            "prep_minutes": 15,
            "by": "me",
            "turned_down": "",
        },
    ]
    assert [t["turned_down"] for t in out["turned_down"]] == ["Max at 10:00", "a walk"]


def test_in_progress_is_upcoming_not_needs_outcome(tmp_path):
    now = pendulum.datetime(2026, 11, 26, 13, 10, tz=BERLIN)
    diary = Diary(tmp_path / "d.json", make_clock(now))
    running = diary.add(at(26, 13), "Dr. Brandt", minutes=30)
    over = diary.add(at(26, 12), "Ann", minutes=30)
    later = diary.add(at(27, 9), "Cy")
    assert running.state(now) == "in_progress" and not running.needs_outcome(now)
    assert over.state(now) == "needs_outcome" and later.state(now) == "upcoming"
    assert running.in_progress(now) and not over.in_progress(now)
    assert running.state(now.add(minutes=20)) == "needs_outcome"  # from its end
    diary.mark(running.id, Status.KEPT)  # it can be marked while it runs
    assert diary.get(running.id).state(now) == "kept"
    diary.mark(running.id, Status.PLANNED)
    figures = week_figures(diary.week(MONDAY), MONDAY, now)
    assert (figures.upcoming, figures.needs_outcome_count, figures.planned) == (2, 1, 3)
    out = figures_json(figures)
    assert (out["upcoming"], out["needs_outcome_count"], out["planned"]) == (2, 1, 3)


def _no_show(diary: Diary, start, contact: str, by: Party | None = None) -> None:
    call = diary.add(start, contact)
    Diary(diary.path, make_clock(start.add(days=30))).mark(call.id, Status.NO_SHOW, by=by)


def test_repeat_offenders_window_edges_and_never_later_calls(tmp_path):
    now = pendulum.datetime(2027, 3, 1, 12, tz=BERLIN)
    diary = Diary(tmp_path / "d.json", make_clock(now))
    clock = diary.clock
    end = week_bounds(clock, MONDAY)[1]  # Mon 30 Nov 00:00, the reviewed week's end
    assert end == pendulum.datetime(2026, 11, 30, tz=BERLIN)
    edge = end.subtract(days=90)
    _no_show(diary, edge, "Ann")  # exactly at the window's start: in
    _no_show(diary, at(25, 10), "Ann")
    _no_show(diary, edge.subtract(minutes=1), "Bob")  # one minute before: out
    _no_show(diary, at(24, 10), "Bob")
    _no_show(diary, end.subtract(minutes=1), "Cy")  # the week's last minute: in
    _no_show(diary, at(23, 9), "Cy")
    _no_show(diary, at(23, 11), "Cy")
    _no_show(diary, end, "Dee")  # the next week's first minute: never counted
    _no_show(diary, end.add(days=2), "Dee")
    _no_show(diary, at(20, 10), "Dee")
    _no_show(diary, at(21, 10), "Eve", by=Party.ME)  # mine, not theirs
    _no_show(diary, at(22, 10), "Eve", by=Party.ME)
    rows = repeat_offenders(diary.docs(), end, 90)
    assert [(r.contact, r.no_shows) for r in rows] == [("Cy", 3), ("Ann", 2)]
    assert clock.local(rows[0].last_no_show) == end.subtract(minutes=1)
    # the same diary reviewed a week later: Dee now has 3, and Ann's edge no-show left the window
    later = repeat_offenders(diary.docs(), end.add(weeks=1), 90)
    assert [(r.contact, r.no_shows) for r in later] == [("Dee", 3), ("Cy", 3)]  # equal: latest first
    assert [r.contact for r in repeat_offenders(diary.docs(), end, 91)] == ["Cy", "Ann", "Bob"]
    # variants of a name are one offender
    _no_show(diary, at(23, 8), "ann")
    assert ("Ann", 3) in [(r.contact, r.no_shows) for r in repeat_offenders(diary.docs(), end, 90)]
    out = figures_json(week_figures([], MONDAY, now), repeat=rows, clock=clock)
    assert out["repeat_no_shows"][0] == {
        "contact": "Cy",
        "no_shows": 3,
        "last_no_show": "2026-11-29T23:59:00+01:00",
    }


def test_previous_week_is_its_own_figures_and_change_the_differences(diary, clock):
    diary.mark(diary.add(at(16, 10), "Ann", prep_minutes=10).id, Status.NO_SHOW)
    diary.mark(diary.add(at(23, 10), "Ann").id, Status.KEPT)
    last = date(2026, 11, 16)
    before = week_figures(diary.week(last), last, clock.now())
    this = week_figures(diary.week(MONDAY), MONDAY, clock.now())
    out = figures_json(this, before)
    assert out["previous_week"]["no_show"] == 1 and out["previous_week"]["prep_minutes_lost"] == 10
    assert out["previous_week"]["no_shows"][0]["contact"] == "Ann"
    assert out["change"]["no_show"] == -1 and out["change"]["prep_minutes_lost"] == -10
    assert out["change"]["kept"] == 1 and out["change"]["show_rate_points"] == 100.0
