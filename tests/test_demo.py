"""`--demo` builds its week around the clock: whatever the day and hour, the week holds past calls
with every outcome (recorded after the call, never in the future), a call needing an outcome and
upcoming calls; the weeks before have history for the review."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pendulum
import pytest

from calldiary.clock import Clock, zone
from calldiary.demo import fill
from calldiary.model import Party, Status
from calldiary.review import is_late
from calldiary.store import Diary

TZ = "Europe/Berlin"
MOMENTS = ["2026-11-23T08:00", "2026-11-25T12:00", "2026-11-29T20:00", "2026-11-26T15:00", "2026-11-27T16:30"]


def demo(tmp_path: Path, moment: str, week_start: int = 0) -> Diary:
    clock = Clock(zone(TZ), pendulum.parse(moment, tz=TZ), week_start)
    diary = Diary(tmp_path / "demo.json", clock)
    fill(diary)
    return diary


@pytest.mark.parametrize("moment", MOMENTS)
def test_the_demo_week_fits_the_clock(tmp_path: Path, moment: str) -> None:
    diary = demo(tmp_path, moment)
    now = diary.clock.now()
    week = diary.week(diary.clock.today())
    past = [c for c in week if c.end <= now]
    assert any(c.status is Status.KEPT for c in past)
    assert any(c.status is Status.NO_SHOW and c.no_show_by is Party.THEM for c in past)
    assert any(c.status is Status.CANCELLED and c.cancelled_by is Party.THEM for c in week)
    assert any(c.status is Status.CANCELLED and c.cancelled_by is Party.ME for c in week)
    assert len([c for c in week if c.needs_outcome(now)]) == 1  # the one still to record
    assert len([c for c in week if c.status is Status.PLANNED and c.start > now]) >= 2
    assert not diary.can_undo()
    for call in diary.between(now.subtract(weeks=13), now.add(weeks=1)):
        assert call.created <= now
        if call.outcome_at is None:
            assert call.status is Status.PLANNED
            continue
        assert call.created < call.outcome_at <= now, call  # recorded after it was booked, never ahead
        assert call.updated == call.outcome_at
        if call.status in (Status.KEPT, Status.NO_SHOW):
            assert call.outcome_at >= call.end  # recorded after the call
        else:
            assert call.outcome_at < call.start  # cancelled with notice


@pytest.mark.parametrize("moment", MOMENTS)
def test_the_week_before_has_history_for_the_review(tmp_path: Path, moment: str) -> None:
    diary = demo(tmp_path, moment)
    last_week = diary.week(diary.clock.today() - timedelta(days=7))
    assert len(last_week) >= 4 and all(c.status is not Status.PLANNED for c in last_week)


def test_thursday_afternoon_keeps_the_documented_week(tmp_path: Path) -> None:
    """The screenshots' moment: the calls the README and the UI tests speak of."""
    diary = demo(tmp_path, "2026-11-26T15:00")
    now = diary.clock.now()
    week = {(c.contact, diary.clock.local(c.start).format("ddd HH:mm")): c for c in diary.week(diary.clock.today())}
    assert len(week) == 13
    assert week[("Dmitri Volkov", "Thu 11:00")].needs_outcome(now)
    jonas = week[("Jonas Weber", "Tue 10:00")]
    sam = week[("Sam O'Neill", "Wed 13:00")]
    assert jonas.cancelled_by is Party.THEM and is_late(jonas)  # on the morning itself
    assert sam.cancelled_by is Party.ME and is_late(sam)
    assert diary.clock.local(week[("Maria Lopez", "Mon 09:00")].outcome_at).format("ddd HH:mm") == "Mon 09:35"


def test_early_monday_and_late_sunday_add_calls_of_their_own(tmp_path: Path) -> None:
    monday = demo(tmp_path / "a", "2026-11-23T08:00")
    early = [c for c in monday.week(monday.clock.today()) if c.start < monday.clock.now()]
    assert [monday.clock.local(c.start).format("HH:mm") for c in early] == ["06:30", "07:00", "07:30"]
    sunday = demo(tmp_path / "b", "2026-11-29T20:00")
    late = [c for c in sunday.week(sunday.clock.today()) if c.start > sunday.clock.now()]
    assert [sunday.clock.local(c.start).format("ddd HH:mm") for c in late] == ["Sun 20:30", "Sun 21:00"]


def test_a_week_starting_on_sunday_and_a_dst_week(tmp_path: Path) -> None:
    sunday_first = demo(tmp_path / "a", "2026-11-25T12:00", week_start=6)
    week = sunday_first.week(sunday_first.clock.today())
    assert {sunday_first.clock.local(c.start).format("ddd") for c in week} <= {"Mon", "Tue", "Wed", "Thu", "Fri"}
    autumn = demo(tmp_path / "b", "2026-10-28T12:00")  # the week after the clocks went back
    starts = {autumn.clock.local(c.start).format("HH:mm") for c in autumn.week(autumn.clock.today())}
    assert "09:00" in starts and "09:30" in starts  # wall-clock times, not shifted by an hour
