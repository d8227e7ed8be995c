"""One key never throws away typing: ctrl+q with a form or a reason holding unsaved text asks
first, as Esc does; ctrl+q again quits. (Found by a walkthrough: ctrl+q quit at once.)"""

from __future__ import annotations

from textual.widgets import Input

from calldiary.ui.dialogs.ask import AskText
from calldiary.ui.dialogs.call_form import CallForm
from tests.ui.conftest import by_contact, fresh, make_app, screen_text

SIZE = (120, 36)


async def test_ctrl_q_in_a_form_with_text_typed_asks_before_quitting(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"sun 16:00", "tab", "tab", *"Quit Test")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, CallForm)
        assert "ctrl+q again to quit without them" in screen_text(app)
        await pilot.press("!")  # typing on takes the warning back: the next ctrl+q asks again
        await pilot.pause()
        assert "ctrl+q again" not in screen_text(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and app.screen.query_one("#contact", Input).value == "Quit Test!"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert not [c for c in fresh(demo_diary).docs() if c["contact"].startswith("Quit Test")]


async def test_ctrl_q_with_nothing_typed_quits_at_once(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")  # a form opened, nothing changed
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_esc_or_ctrl_q_in_the_reason_dialog_keeps_a_reason_typed(demo_diary):
    [ann] = by_contact(demo_diary, "Hannah Schmidt")
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.show_call(ann.id)
        await pilot.pause()
        await pilot.press("c", *"a long reason I typed carefully")
        await pilot.pause()
        assert isinstance(app.screen, AskText)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AskText)  # held: one Esc does not drop it
        assert "Esc again to go on without what you typed" in screen_text(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, AskText)
        await pilot.press("enter")
        await pilot.pause()
        saved = fresh(demo_diary).get(ann.id)
        assert saved.reason == "a long reason I typed carefully"
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: back at once
        await pilot.pause()
        assert not isinstance(app.screen, AskText)
