"""Screens are whole from their first frame, and snapshots do not depend on the machine's speed."""

from __future__ import annotations

from textual import events
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from calldiary.ui.dialogs.call_form import CallForm
from calldiary.ui.shots import State, build_app
from tests.ui.conftest import make_app

SIZE = (80, 24)


async def test_a_dialog_shows_its_own_keys_from_its_first_frame(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = CallForm(demo_diary)
        await app.push_screen(form)  # mounted, not yet drawn
        keys = [key.description for key in form.query(FooterKey)]
        assert "Save" in keys and "Cancel" in keys


async def test_a_dialog_opened_while_the_terminal_is_unfocused_shows_its_keys(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.post_message(events.AppBlur())  # (the terminal window lost focus, as in tmux or after the palette)
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, CallForm)
        keys = [key.description for key in app.screen.query(FooterKey) if key.display]
        assert "Save" in keys and "Cancel" in keys


async def test_snapshot_cursors_never_blink(tmp_path):
    app = build_app(State("steady", ""), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        field = app.screen.query_one("#when", Input)
        seen = set()
        for _ in range(6):  # over three blink periods
            await pilot.pause(0.25)
            seen.add((field.has_focus, field._cursor_visible))
        assert seen == {(True, True)}


async def test_the_footer_follows_the_selection_without_remounting_its_keys(demo_diary):
    """Moving between a call and a day without calls enables and disables the call keys in the
    footer; the keys are the same widgets throughout (remounting them on every move was most of
    the cost of opening a screen)."""
    from calldiary.ui.widgets.week_table import WeekTable

    app = make_app(demo_diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()

        def footer() -> dict[str, FooterKey]:
            return {key.key: key for key in app.screen.query(FooterKey)}

        before = footer()
        assert not before["y"].has_class("-disabled")
        await pilot.press("l", "l")  # Thursday → Saturday: a day without calls
        await pilot.pause()
        assert app.screen.query_one(WeekTable).current.key.startswith("day:")
        now = footer()
        assert now["y"].has_class("-disabled") and now["c"].has_class("-disabled")
        assert not now["a"].has_class("-disabled")
        assert all(now[key] is before[key] for key in before)  # the same widgets
        await pilot.press("h", "h")
        await pilot.pause()
        assert not footer()["y"].has_class("-disabled") and footer()["y"] is before["y"]


async def test_the_weeks_footer_is_measured_again_after_a_resize_under_a_dialog(demo_diary):
    """Resized to 60x20 and back while the form was open, the week's footer kept only the keys
    that fit 60 columns (its keys were measured under the dialog, where it is not laid out again)."""
    app = make_app(demo_diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()

        def shown() -> list[str]:
            return [key.key for key in app.screen.query(FooterKey) if key.display]

        before = shown()
        assert "slash" in before
        await pilot.press("a")
        await pilot.pause()
        await pilot.resize_terminal(60, 20)
        await pilot.pause(0.2)
        await pilot.resize_terminal(120, 36)
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, CallForm)
        assert shown() == before
