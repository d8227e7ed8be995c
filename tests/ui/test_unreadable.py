"""While the diary file can't be read (`echo garbage > diary.json` with the app open): `a` still
opens the form, so a booking typed in one burst is kept and never runs as commands on the week;
Save says why it can't, and saves once the file is put right. The file is never written. The
review and the day agenda show the problem, not figures or calls from an earlier reading."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from calldiary.prefs import Prefs
from calldiary.ui.app import CallDiaryApp
from calldiary.ui.dialogs.call_form import CallForm
from calldiary.ui.screens.day import DayScreen
from calldiary.ui.screens.review import ReviewScreen
from tests.ui.conftest import by_contact, fresh, make_app, notices, screen_text

TYPED = ["a", *"sun 12:00", "tab", "tab", *"Broken Test", "enter"]


async def _burst(app: CallDiaryApp, pilot, keys: list[str]) -> None:
    """Every key queued before the app handles the first, as a terminal delivers a burst."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))
    for _ in range(200):
        await pilot.pause(0.05)
        if not app.typing_ahead:
            break
    await pilot.pause()


def _fields(form: CallForm) -> list[str]:
    return [form.query_one(f"#{name}", Input).value for name in ("when", "minutes", "contact")]


@pytest.mark.parametrize("ahead", [True, False], ids=["form-built-ahead", "form-built-on-a"])
async def test_a_booking_typed_while_the_diary_is_unreadable_stays_in_the_form(demo_diary, ahead):
    good = demo_diary.path.read_bytes()
    app = CallDiaryApp(demo_diary, demo_diary.clock, Prefs(demo_diary.path.parent / "ui.json"), ahead=ahead)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(1.0)
        demo_diary.path.write_bytes(b"garbage\n")
        await pilot.pause(1.2)  # (the week has noticed)
        await _burst(app, pilot, TYPED)
        form = app.screen
        assert isinstance(form, CallForm)  # not the review (the r of "Broken"), no undo, no no-show
        assert _fields(form) == ["sun 12:00", "30", "Broken Test"]
        assert "Not saved: " in screen_text(app) and "not a calldiary diary" in screen_text(app)
        assert not any("undone" in said or "no-show (u undoes)" in said for said in notices(app))
        assert demo_diary.path.read_bytes() == b"garbage\n"  # never overwritten
        demo_diary.path.write_bytes(good)  # put right
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        [call] = by_contact(fresh(demo_diary), "Broken Test")
        assert app.clock.local(call.start).format("ddd HH:mm") == "Sun 12:00"


async def test_a_form_open_as_the_diary_becomes_unreadable_keeps_its_text_on_enter(demo_diary):
    """Enter used to end the app with a traceback here (the overlap check read the diary)."""
    app = make_app(demo_diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause(0.3)
        await pilot.press(*"fri 12:00", "tab", "tab", *"Late Break")
        demo_diary.path.write_bytes(b"garbage\n")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CallForm) and app.is_running
        assert _fields(app.screen)[2] == "Late Break"
        assert "Not saved: " in screen_text(app)
        assert demo_diary.path.read_bytes() == b"garbage\n"


async def test_the_review_of_an_unreadable_diary_shows_the_problem_not_old_figures(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause(0.2)
        assert "✔ kept        4" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        good = demo_diary.path.read_bytes()
        demo_diary.path.write_bytes(b"garbage\n")
        await pilot.press("r")
        await pilot.pause(0.2)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        shown = screen_text(app)
        assert "the diary can't be read now" in shown and "not a calldiary diary" in shown
        assert "kept        4" not in shown and "Show rate" not in shown and "Dmitri" not in shown
        assert review.selected_call() is None  # nothing to mark
        await pilot.press("y")
        await pilot.pause()
        demo_diary.path.write_bytes(good)
        await pilot.pause(1.4)  # picked up within a second
        shown = screen_text(app)
        assert "✔ kept        4" in shown and "can't be read" not in shown


async def test_the_day_agenda_of_an_unreadable_diary_shows_the_problem_not_old_calls(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause(0.2)
        day = app.screen
        assert isinstance(day, DayScreen) and day.selected_call() is not None
        good = demo_diary.path.read_bytes()
        demo_diary.path.write_bytes(b"garbage\n")
        await pilot.pause(1.4)
        shown = screen_text(app)
        assert "the diary can't be read now" in shown and "not a calldiary diary" in shown
        assert day.selected_call() is None
        demo_diary.path.write_bytes(good)
        await pilot.pause(1.4)
        assert day.selected_call() is not None and "can't be read" not in screen_text(app)
