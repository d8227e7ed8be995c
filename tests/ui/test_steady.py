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
