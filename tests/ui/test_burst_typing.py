"""Keys typed in one burst (a fast typist, a paste, a slow machine) land where they would one by
one: with the key that opens the form, into the form's fields; right after Enter, on the week."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from calldiary.prefs import Prefs
from calldiary.ui.app import CallDiaryApp
from calldiary.ui.dialogs.call_form import CallForm
from tests.ui.conftest import by_contact

TYPED = ["a", *"sun 10:00", "tab", "tab", *"Zed Zero"]


def _app(diary, ahead: bool) -> CallDiaryApp:
    return CallDiaryApp(diary, diary.clock, Prefs(diary.path.parent / "ui.json"), ahead=ahead)


async def _burst(app: CallDiaryApp, pilot, keys: list[str]) -> None:
    """Every key queued before the app handles the first, as a terminal delivers a burst."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))
    for _ in range(200):  # (the first form is built while the keys wait: up to ~1 s on a slow machine)
        await pilot.pause(0.05)
        if not app.typing_ahead:
            break
    await pilot.pause()


def _fields(form: CallForm) -> list[str]:
    return [form.query_one(f"#{name}", Input).value for name in ("when", "minutes", "contact")]


@pytest.mark.parametrize("ahead", [True, False], ids=["form-built-ahead", "form-built-on-a"])
async def test_keys_typed_with_a_reach_the_form(demo_diary, ahead):
    app = _app(demo_diary, ahead)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(1.0)
        await _burst(app, pilot, TYPED)
        assert isinstance(app.screen, CallForm)
        assert _fields(app.screen) == ["sun 10:00", "30", "Zed Zero"]


async def test_keys_typed_after_enter_act_on_the_week(demo_diary):
    """`e` typed with the Enter that saves opens the new call's edit form; it is not typed into
    the form being closed (which would have saved "Zed Zeroe")."""
    app = _app(demo_diary, True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(1.0)
        await _burst(app, pilot, [*TYPED, "enter", "e"])
        [call] = by_contact(demo_diary, "Zed Zero")
        assert isinstance(app.screen, CallForm)
        assert app.screen.query_one("#contact", Input).value == "Zed Zero"
        assert app.screen.call is not None and app.screen.call.id == call.id


async def test_a_burst_gives_what_typing_slowly_gives(demo_diary):
    keys = [*TYPED, "tab", "tab", *"intro", "enter"]
    slow_app = _app(demo_diary, True)
    async with slow_app.run_test(size=(120, 36)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
    [slow] = by_contact(demo_diary, "Zed Zero")
    demo_diary.delete(slow.id)
    app = _app(demo_diary, True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(1.0)
        await _burst(app, pilot, keys)
    [fast] = by_contact(demo_diary, "Zed Zero")
    assert (fast.start, fast.minutes, fast.contact, fast.topic) == (slow.start, slow.minutes, slow.contact, slow.topic)
    assert fast.topic == "intro"


async def test_a_paste_of_several_lines_into_a_one_line_field_keeps_them_all(demo_diary):
    """Textual's Input keeps a paste's first line only, silently: here the lines are joined."""
    app = _app(demo_diary, False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("a", *"sun 10:00", "tab", "tab", *"Zed", "tab", "tab")
        await pilot.pause()
        app.post_message(events.Paste("Main Street 1\n\n  10115 Berlin\n"))
        app.post_message(events.Paste("+49 30 1234\n"))  # (one line: as Textual does it)
        await pilot.pause(0.3)
        form = app.screen
        assert isinstance(form, CallForm)
        assert form.query_one("#topic", Input).value == "Main Street 1 10115 Berlin+49 30 1234"
        assert any(
            "Pasted 2 lines into a one-line field: joined with spaces" in str(n.message) for n in app._notifications
        )


@pytest.mark.parametrize("where", [["r"], ["w", "enter"]], ids=["review", "contact-calls"])
async def test_a_booking_typed_on_the_review_or_a_contacts_calls_opens_the_form(demo_diary, where):
    """W5 #3: `a` did nothing there, so the letters of a typed booking ran as commands (the n of
    "sun" marked the selected call no-show, u undid a step)."""
    app = _app(demo_diary, True)
    before = {call.id: call.status for call in demo_diary.all()}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(1.0)
        await pilot.press(*where)
        await pilot.pause(0.5)
        await _burst(app, pilot, [*TYPED, "enter"])
        assert not isinstance(app.screen, CallForm)
    [zed] = by_contact(demo_diary, "Zed Zero")
    assert {call.id: call.status for call in demo_diary.all() if call.id != zed.id} == before
