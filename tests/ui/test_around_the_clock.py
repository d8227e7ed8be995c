"""The demo week seen at Monday 08:00, Wednesday 12:00 and Sunday 20:00, and "in N days" on screen
counting calendar days."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from calldiary.clock import Clock, zone
from calldiary.demo import fill
from calldiary.store import Diary
from calldiary.ui.shots import TZ
from tests.ui.conftest import make_app, screen_text, table_text


def diary_at(tmp_path: Path, moment: str) -> Diary:
    return Diary(tmp_path / "diary.json", Clock(zone(TZ), pendulum.parse(moment, tz=TZ)))


@pytest.mark.parametrize(
    ("moment", "next_call"),
    [
        ("2026-11-23T08:00", "next: Maria Lopez in 1 h"),
        ("2026-11-25T12:00", "next: Maria Lopez tomorrow 09:00"),
        ("2026-11-29T20:00", "next: Dana Whitfield in 30 min"),
    ],
)
async def test_the_demo_week_shows_every_state_at_any_hour(tmp_path: Path, moment: str, next_call: str):
    diary = diary_at(tmp_path, moment)
    fill(diary)
    app = make_app(diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        rows = "\n".join(table_text(app))
        for shown in ("✔ kept", "⊘ no-show", "✖ cancelled", "! needs outcome", "○ planned"):
            assert shown in rows, (shown, rows)
        assert next_call in screen_text(app)
        await pilot.press("r")  # the review has the week before to compare with
        await pilot.pause()
        assert "on last week" in screen_text(app) or "pts" in screen_text(app)


async def test_a_call_tomorrow_morning_seen_late_tonight_is_tomorrow(tmp_path: Path):
    diary = diary_at(tmp_path, "2026-11-23T23:00")
    diary.add(diary.clock.now().add(hours=10), "Early Bird")  # Tue 09:00: ten hours, but tomorrow
    diary.add(diary.clock.now().subtract(hours=3), "Evening Call")  # today, so the now line shows
    app = make_app(diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "next: Early Bird tomorrow 09:00" in shown
        assert "── now 23:00            next tomorrow " in shown  # the now line (09:00 is just below)
        assert "starts tomorrow 09:00" in shown  # the detail of the selected (next) call


async def test_day_numbers_are_written_without_a_leading_zero_everywhere(tmp_path: Path):
    from tests.ui.test_form import message, open_form

    diary = diary_at(tmp_path, "2026-12-02T10:00")
    diary.add(diary.clock.now().add(days=1), "Early Bird")
    app = make_app(diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await open_form(pilot)
        await pilot.press(*"4.12. 9:00")
        assert message(app, "when") == "Friday 4 December 2026, 09:00"
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert "Thursday 3 December 2026" in screen_text(app)


async def test_J_and_K_scroll_details_that_are_cut_off(demo_diary):
    from calldiary.ui.screens.week import DetailScroll

    app = make_app(demo_diary)
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: the details sit under the list
        await pilot.pause()
        detail = app.screen.query_one(DetailScroll)
        assert detail.max_scroll_y > 0 and "id a84fb6be" not in screen_text(app)
        for _ in range(6):
            await pilot.press("J")
        await pilot.pause()
        assert detail.scroll_y > 0 and "id a84fb6be" in screen_text(app)
        for _ in range(6):
            await pilot.press("K")
        await pilot.pause()
        assert detail.scroll_y == 0
        await pilot.press("J", "j")  # another call: its details from the top; the list keeps the keys
        await pilot.pause()
        assert detail.scroll_y == 0 and app.focused is app.screen.query_one("#week-table")


async def test_the_now_line_says_the_time_to_the_next_call_whole(tmp_path: Path):
    """Its words take the empty columns after them: they were cut at the contact column."""
    diary = diary_at(tmp_path, "2026-11-30T01:21")
    fill(diary)
    app = make_app(diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        [now] = [line for line in screen_text(app).splitlines() if "── now" in line]
        assert "── now 01:21" in now and "next in 7 h 39 min " in now and "…" not in now, now


async def test_the_first_frame_at_80x24_shows_the_selected_calls_day(tmp_path: Path):
    """The first layout is a few rows high: the scroll made then hid the day's heading, and the
    list began at the now line."""
    diary = diary_at(tmp_path, "2026-11-30T01:21")
    fill(diary)
    app = make_app(diary)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert lines[1].lstrip().startswith("When")  # (the column titles, then the list)
        assert lines[2].split() == ["Mon", "30", "Nov", "today"], lines[2]
        assert any("09:00–09:30" in line and "Maria Lopez" in line for line in lines[3:12])
        assert table_text(app)[app.screen.query_one("WeekTable").cursor].startswith("  09:00")
