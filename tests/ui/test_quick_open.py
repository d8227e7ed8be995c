"""Screens shown again are drawn as a new one would be: a kept screen skips Textual's restyle on
open only while the theme and CSS are the same (ui/kept.py KeptStyles), and a dialog reuses its
dimmed background only while the screen under it shows the same (ui/dimmed.py). Each test
compares the whole terminal (SVG screenshot) with a new app brought to the same state."""

from __future__ import annotations

from tests.ui.conftest import make_app

SIZE = (120, 36)


async def picture(app, pilot) -> str:
    """The terminal now, with the text cursors steady (not caught mid-blink)."""
    for screen in app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            widget.cursor_blink = False
    await pilot.pause()
    await pilot.pause()
    return app.export_screenshot()


async def shot(diary, *keys: str, theme: str | None = None) -> str:
    """The terminal of a new app after `keys`, in `theme`."""
    app = make_app(diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if theme:
            app.theme = theme
            await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        return await picture(app, pilot)


async def test_a_form_shown_again_after_a_theme_change_has_the_new_theme(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("e", "escape", "d", "q"):
            await pilot.press(key)
            await pilot.pause()
        app.theme = "textual-light"  # while every kept screen is closed
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = await picture(app, pilot)
        for key in ("escape", "d"):
            await pilot.press(key)
            await pilot.pause()
        day = await picture(app, pilot)
    assert form == await shot(demo_diary, "e", theme="textual-light")
    assert day == await shot(demo_diary, "d", theme="textual-light")


async def test_a_form_shown_again_looks_as_the_first_time(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shots = []
        for _ in range(3):
            await pilot.press("e")
            await pilot.pause()
            shots.append(await picture(app, pilot))
            await pilot.press("escape")
            await pilot.pause()
    assert shots[0] == shots[1] == shots[2]


async def test_the_dimmed_week_behind_a_dialog_is_the_week_as_it_is_now(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("e", "escape", "x", "escape", "j", "j"):  # seen once; then another call selected
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = await picture(app, pilot)
        await pilot.press("f1")  # the keys over the form over the week: two dimmed screens
        await pilot.pause()
        keys = await picture(app, pilot)
        for key in ("escape", "escape", "x"):
            await pilot.press(key)
            await pilot.pause()
        delete = await picture(app, pilot)
    assert form == await shot(demo_diary, "j", "j", "e")
    assert keys == await shot(demo_diary, "j", "j", "e", "f1")
    assert delete == await shot(demo_diary, "j", "j", "x")


def agenda(screen) -> tuple:
    """What the agenda shows: its header, each card's title, text and focus, the scroll, the
    empty day's line. (Not the picture: Textual leaves the scrollbar's thumb where it was when
    the day changes, new agenda or not.)"""
    from calldiary.ui.screens.day import CallCard

    cards = [(c.border_title, str(c.render()), c.has_focus) for c in screen.query(CallCard)]
    empty = [str(s.render()) for s in screen.query(".day-empty")]
    return str(screen.query_one("#day-header").render()), cards, screen.query_one("#day-cards").scroll_y, empty


async def test_the_day_agenda_filled_anew_is_the_agenda_of_that_day(demo_diary):
    """The agenda's cards are refilled in place (more, fewer, none, with another call focused):
    each day shows what a new agenda of that day does."""
    from datetime import timedelta

    from calldiary.ui.screens.day import DayScreen

    today = demo_diary.clock.today()
    days = [1, 2, -3, 0]  # (the demo week: 2 calls, none, 3, 4)
    app = make_app(demo_diary)
    seen = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("d", "j", "q", "k", "d"):  # (closed scrolled down, opened on another call)
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()
        reopened, focused = agenda(app.screen), app.screen.focused.call.id
        at = 0
        for day in days:
            for _ in range(abs(day - at)):
                await pilot.press("l" if day > at else "h")
                await pilot.pause()
            at = day
            await pilot.pause()
            seen.append(agenda(app.screen))
    assert [len(cards) for _, cards, _, _ in seen] == [2, 0, 3, 4]
    new = make_app(demo_diary)
    async with new.run_test(size=SIZE) as pilot:
        await pilot.pause()
        new.push_screen(DayScreen(today, focused))
        await pilot.pause()
        await pilot.pause()
        assert reopened == agenda(new.screen)
    for day, shown in zip(days, seen, strict=True):
        new = make_app(demo_diary)
        async with new.run_test(size=SIZE) as pilot:
            await pilot.pause()
            new.push_screen(DayScreen(today + timedelta(days=day)))
            await pilot.pause()
            await pilot.pause()
            assert shown == agenda(new.screen), day


async def test_the_review_shown_again_shows_the_week_as_it_is_now(demo_diary):
    """Opened again, the review redraws only what changed (a call marked elsewhere meanwhile:
    other figures, one call less waiting), from the first waiting call, as a new review."""
    from calldiary.model import Status

    early = demo_diary.add(demo_diary.clock.now().subtract(hours=6), "Early Bird")  # (waiting too)
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("r", "j", "q"):  # (closed on the second call waiting)
            await pilot.press(key)
            await pilot.pause()
        again = await picture_of(app, pilot, "r")
        assert app.screen.selected_call().id == early.id
        await pilot.press("j", "q")
        await pilot.pause()
        demo_diary.mark(early.id, Status.KEPT)
        changed = await picture_of(app, pilot, "r")
    assert changed == await shot(demo_diary, "r")
    demo_diary.undo()
    assert again == await shot(demo_diary, "r")


async def picture_of(app, pilot, key: str) -> str:
    await pilot.press(key)
    await pilot.pause()
    return await picture(app, pilot)


async def test_find_lists_a_call_changed_meanwhile_as_it_is_now(demo_diary):
    """Find's rows are made once per call as it is (and its status now, and the width): a call
    changed meanwhile is listed anew, the same as in a new app."""
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("slash", "h", "escape", "slash"):  # (every row listed, then Hannah's)
            await pilot.press(key)
            await pilot.pause()
        [hannah] = [c for c in demo_diary.week(demo_diary.clock.today()) if c.contact == "Hannah Schmidt"]
        demo_diary.edit(hannah.id, topic="Renamed meanwhile")
        await pilot.press("h")
        await pilot.pause()
        shown = await picture(app, pilot)
        assert "Renamed\u00a0meanwhile" in shown.replace("&#160;", "\u00a0")
    assert shown == await shot(demo_diary, "slash", "h")


async def test_contacts_and_keys_shown_again_are_as_new(demo_diary):
    """Contacts opened again on an unchanged diary keep their table (at the first row, scrolled
    home); the key reference keeps "Here" when it is the same screen's keys."""
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("w", "j", "j", "right", "right", "q"):
            await pilot.press(key)
            await pilot.pause()
        contacts = await picture_of(app, pilot, "w")
        for key in ("q", "question_mark", "escape", "d"):
            await pilot.press(key)
            await pilot.pause()
        day_keys = await picture_of(app, pilot, "question_mark")
        for key in ("escape", "q"):
            await pilot.press(key)
            await pilot.pause()
        keys = await picture_of(app, pilot, "question_mark")
    assert contacts == await shot(demo_diary, "w")
    assert day_keys == await shot(demo_diary, "d", "question_mark")
    assert keys == await shot(demo_diary, "question_mark")


async def test_typing_what_is_not_a_time_yet_keeps_the_when_line_blank(demo_diary):
    """The line under When says how the text reads; while it reads as nothing it stays, blank, so
    the form does not jump a line per letter. Enter still says what is wrong."""
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen.query_one("#form")
        line = app.screen.query_one("#when-message")
        height, said = form.outer_size.height, str(line.render())
        assert said.startswith("Thursday 26 November 2026")
        await pilot.press("x")
        await pilot.pause()
        assert str(line.render()).strip() == "" and line.display and form.outer_size.height == height
        await pilot.press("backspace")
        await pilot.pause()
        assert str(line.render()) == said
        await pilot.press("x", "enter")
        await pilot.pause()
        assert str(line.render()).strip() and app.screen.query_one("#when").has_class("invalid")
        await pilot.press("escape", "escape", "a")  # a new call: no line under an empty When
        await pilot.pause()
        assert not app.screen.query_one("#when-message").display
