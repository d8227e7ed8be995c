"""Keys typed faster than the app handles them (a paste, a fast typist, a slow machine) land where
they would at any speed: the keys after Tab go to the next field, not the one just left."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from calldiary.ui.dialogs.call_form import CallForm
from tests.ui.conftest import make_app

KEYS = [*"tomorrow 10", "tab", *"45", "tab", *"Ann", "shift+tab", "7"]


async def _form_after(diary, keys: list[str], *, at_once: bool) -> list[str]:
    app = make_app(diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CallForm)
        if at_once:  # every key queued before the app handles the first (Pilot waits between keys)
            for key in keys:
                app.post_message(events.Key(key, key if len(key) == 1 else None))
        else:
            await pilot.press(*keys)
        await pilot.pause(0.5)
        return [form.query_one(f"#{name}", Input).value for name in ("when", "minutes", "contact")]


async def test_keys_typed_right_after_tab_go_to_the_next_field(demo_diary):
    assert await _form_after(demo_diary, KEYS, at_once=True) == ["tomorrow 10", "7", "Ann"]


async def test_typing_at_once_gives_what_typing_slowly_gives(demo_diary):
    assert await _form_after(demo_diary, KEYS, at_once=True) == await _form_after(demo_diary, KEYS, at_once=False)
