"""When the outcome prompt may appear: never for a call the user just booked or edited for a time
already begun, never while the user types, and never answered by keys typed for the screen before it.

Seen in a walkthrough: `a`, When `today 0:30`, Contact `Past Pat`, Enter, then `e` to edit it —
the prompt "Did Past Pat call?" came first and took the `e`."""

from __future__ import annotations

import time

from textual import events

from calldiary.config import Settings
from calldiary.model import Status
from calldiary.notify.deliver import due_now
from calldiary.ui.dialogs.call_form import CallForm
from calldiary.ui.dialogs.outcome_prompt import GRACE_SECONDS, OutcomePrompt
from calldiary.ui.reminding import IDLE_SECONDS
from calldiary.ui.shots import NOW
from tests.ui.conftest import by_contact, fresh, selected_key
from tests.ui.test_remind_ui import SIZE, _app, _toasts, _until_prompt


def _asked(app) -> list[str]:
    """Every outcome question the app put to the user: on a prompt or in a notification."""
    shown = [app.screen.question] if isinstance(app.screen, OutcomePrompt) else []
    return shown + [title for title, _ in _toasts(app) if title.startswith("Did ")]


async def test_a_call_booked_or_edited_here_for_a_time_begun_is_not_asked_about(ui_diary):
    later = ui_diary.add(NOW.add(hours=2), "Later Lou")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"today 0:30", "tab", "tab", *"Past Pat", "enter")
        await pilot.pause()
        [pat] = by_contact(fresh(ui_diary), "Past Pat")
        assert selected_key(app) == pat.id
        app.reminding.check()  # the next check (every 30 s): Past Pat's outcome is due
        await pilot.pause(IDLE_SECONDS + 1.5)
        assert _asked(app) == []
        await pilot.press("e")  # the key of the walkthrough: it edits Past Pat
        await pilot.pause()
        assert isinstance(app.screen, CallForm) and app.screen.call.id == pat.id
        await pilot.press("escape")
        await pilot.pause()
        # Later Lou moved to 14:00 (over by now): not asked about either
        await pilot.press("j")
        assert selected_key(app) == later.id
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"today 14:00", "enter")
        await pilot.pause()
        assert fresh(ui_diary).get(later.id).needs_outcome(NOW)
        app.reminding.check()
        await pilot.pause(IDLE_SECONDS + 1.5)
        assert _asked(app) == []
        await pilot.press("y")  # marked in place, as the user meant to
        await pilot.pause()
        assert fresh(ui_diary).get(later.id).status is Status.KEPT
        # a call booked elsewhere meanwhile is asked as ever
        fresh(ui_diary).add(NOW.subtract(hours=3), "Booked elsewhere")
        app.reminding.check()
        await _until_prompt(pilot)
        assert _asked(app) == ["Did Booked elsewhere call? (12:00, 30 min)"]
    # the app closed with Past Pat unmarked: `calldiary remind` asks it now
    assert [r.call.contact for r in due_now(fresh(ui_diary), Settings())] == ["Past Pat", "Booked elsewhere"]


async def test_the_prompt_waits_until_the_user_stops_typing(ui_diary):
    ui_diary.add(NOW.add(hours=1), "One")
    ui_diary.add(NOW.add(hours=2), "Two")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        fresh(ui_diary).add(NOW.subtract(hours=3), "Booked elsewhere")  # another terminal
        await pilot.press("j")
        app.reminding.check()
        for key in "kjkjkj":  # a key every 0.4 s for 2.4 s: no prompt, no toast in between
            await pilot.pause(0.4)
            assert _asked(app) == []
            await pilot.press(key)
        last_key = time.monotonic()
        await _until_prompt(pilot)
        assert time.monotonic() - last_key >= IDLE_SECONDS
        assert _asked(app) == ["Did Booked elsewhere call? (12:00, 30 min)"]


async def test_keys_typed_as_the_prompt_appears_do_not_answer_it_and_are_said(ui_diary):
    """The walkthrough's `e` (or a `y` meant for the call selected on the week) pressed just before
    the prompt was pushed: Textual hands it to the prompt, the screen on top when it is handled."""
    selected = ui_diary.add(NOW.add(hours=2), "Selected on the week")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(IDLE_SECONDS)
        asked = fresh(ui_diary).add(NOW.subtract(hours=3), "Booked elsewhere")
        typed = [events.Key("y", "y"), events.Key("e", "e")]  # typed now…
        app.reminding.check()  # … the prompt pushed before they are handled
        assert isinstance(app.screen, OutcomePrompt)
        for key in typed:
            app.post_message(key)
        await pilot.pause(0.2)
        assert fresh(ui_diary).get(asked.id).status is Status.PLANNED  # (before: the y marked it kept)
        assert fresh(ui_diary).get(selected.id).status is Status.PLANNED
        assert isinstance(app.screen, OutcomePrompt)
        refused = str(app.screen.query_one("#prompt-refused").render())
        assert refused.startswith("Not taken: y e — typed as this question appeared.")
        await pilot.click("#kept")  # a click in its first moments: refused too
        assert fresh(ui_diary).get(asked.id).status is Status.PLANNED
        assert "Not taken: y e a click" in str(app.screen.query_one("#prompt-refused").render())
        await pilot.pause(GRACE_SECONDS)
        await _until_prompt(pilot)  # (refused keys hold answers off a second: the user was typing)
        await pilot.press("n")  # once it has been seen, keys answer it
        await _until_prompt(pilot, shown=False)
    assert fresh(ui_diary).get(asked.id).status is Status.NO_SHOW
    assert fresh(ui_diary).get(selected.id).status is Status.PLANNED
