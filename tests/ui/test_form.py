"""The add/edit form: every field checked on Enter, overlaps, Esc, storage errors."""

from __future__ import annotations

import os

from textual.widgets import Input

from calldiary.model import Direction
from calldiary.ui.dialogs.call_form import CallForm
from calldiary.ui.screens.help import HelpScreen
from tests.ui.conftest import by_contact, fresh, make_app, selected_key, statics_text, table_text

SIZE = (120, 36)


def message(app, name: str) -> str:
    return str(app.screen.query_one(f"#{name}-message").render())


def value(app, name: str) -> str:
    return app.screen.query_one(f"#{name}", Input).value


async def open_form(pilot, key: str = "a") -> None:
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, CallForm)


async def test_every_field_is_checked_on_enter_and_nothing_is_saved(demo_diary):
    app = make_app(demo_diary)
    before = len(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_form(pilot)
        assert value(app, "when") == ""
        await pilot.press("tab", "ctrl+a", "ctrl+k", *"ab", "enter")  # minutes "ab", no time, no contact
        await pilot.pause()
        assert isinstance(app.screen, CallForm)
        assert message(app, "when").startswith("When is the call? e.g. 2026-11-27 13:00, 24 Dec 13:00")
        assert message(app, "minutes") == "A whole number of minutes, 1 to 1440"
        assert message(app, "contact") == "Who is the call with?"
        assert app.screen.focused.id == "when"  # the first field with a problem
        assert len(fresh(demo_diary)) == before
        await pilot.press(*"fri", "enter")
        await pilot.pause()
        assert message(app, "when") == "'fri' is a day without a time; add one, e.g. fri 14:30"
        await pilot.press("ctrl+a", "ctrl+k", *"17:30", "tab", "ctrl+a", "ctrl+k", *"20", "tab", *"Nina Park")
        await pilot.press("tab", "right")  # "I call them": the arrow chooses
        await pilot.press("tab", *"Kick-off", "tab", *"+1 555 0100", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        [nina] = by_contact(fresh(demo_diary), "Nina Park")
        assert (nina.minutes, nina.topic, nina.link, nina.direction) == (
            20,
            "Kick-off",
            "+1 555 0100",
            Direction.I_CALL,
        )
        assert demo_diary.clock.local(nina.start).format("ddd HH:mm") == "Thu 17:30"
        assert selected_key(app) == nina.id


async def test_a_time_alone_means_the_selected_day(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")  # Friday
        await open_form(pilot)
        assert "New call · Fri 27 Nov 2026" in str(app.screen.query_one("#form-title").render())
        await pilot.press(*"8:15")
        assert message(app, "when") == "Friday 27 November 2026, 08:15"
        await pilot.press("tab", "tab", *"Early Bird", "enter")
        await pilot.pause()
        [early] = by_contact(fresh(demo_diary), "Early Bird")
        assert demo_diary.clock.local(early.start).format("YYYY-MM-DD HH:mm") == "2026-11-27 08:15"


async def test_escape_on_a_changed_form_asks_first_and_keeps_the_text(demo_diary):
    app = make_app(demo_diary)
    before = len(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_form(pilot)
        await pilot.press(*"18:00", "tab", "tab", *"Ghost", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CallForm)  # nothing typed is lost to one Esc
        assert value(app, "contact") == "Ghost"
        assert "Esc again to discard" in str(app.screen.query_one("#form-warning").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        assert len(fresh(demo_diary)) == before


async def test_escape_on_an_untouched_form_closes_at_once(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_form(pilot, "e")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)


async def test_an_overlap_is_named_and_can_be_kept_anyway(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_form(pilot)
        await pilot.press(*"16:15", "tab", "tab", *"Overlap Olga", "enter")
        await pilot.pause()
        warning = str(app.screen.query_one("#form-warning").render())
        assert "Overlaps Hannah Schmidt Thu 26 Nov 16:00–16:45, Jonas Weber Thu 26 Nov 16:30–17:00" in warning
        assert not by_contact(fresh(demo_diary), "Overlap Olga")
        await pilot.press("enter")
        await pilot.pause()
        assert by_contact(fresh(demo_diary), "Overlap Olga")


async def test_changing_the_time_after_an_overlap_warning_checks_again(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_form(pilot)
        await pilot.press(*"16:15", "tab", "tab", *"Olga", "enter")
        await pilot.pause()
        await pilot.press("shift+tab", "shift+tab", "ctrl+a", "ctrl+k", *"today 18:00", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        assert fresh(demo_diary).clock.local(by_contact(fresh(demo_diary), "Olga")[0].start).hour == 18


async def test_edit_prefills_and_follows_the_call_to_another_week(demo_diary):
    app = make_app(demo_diary)
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_form(pilot, "e")
        assert (value(app, "when"), value(app, "minutes"), value(app, "contact")) == (
            "2026-11-26 16:00",
            "45",
            "Hannah Schmidt",
        )
        await pilot.press("ctrl+a", "ctrl+k", *"2026-12-08 10:00", "enter")
        await pilot.pause()
        moved = fresh(demo_diary).get(hannah.id)
        assert demo_diary.clock.local(moved.start).format("YYYY-MM-DD HH:mm") == "2026-12-08 10:00"
        assert moved.topic == "Tax deadline prep" and moved.notes == "Documents: see shared folder."
        assert "Week 50" in str(app.screen.query_one("#week-title").render())
        assert selected_key(app) == hannah.id
        await pilot.press("u")
        assert fresh(demo_diary).get(hannah.id).start == hannah.start


async def test_known_contacts_are_suggested(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_form(pilot)
        await pilot.press(*"18:00", "tab", "tab", *"pri", "right")
        assert value(app, "contact") == "Priya Natarajan"


async def test_a_storage_error_keeps_everything_typed(demo_diary, monkeypatch):
    app = make_app(demo_diary)
    before = demo_diary.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_form(pilot)
        await pilot.press(*"18:00", "tab", "tab", *"Rita Read-Only", "tab", "tab", *"Important")

        def read_only(*_args):
            raise OSError(30, "Read-only file system")

        monkeypatch.setattr(os, "replace", read_only)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CallForm)
        assert "Not saved:" in str(app.screen.query_one("#form-warning").render())
        assert "Read-only file system" in str(app.screen.query_one("#form-warning").render())
        assert (value(app, "contact"), value(app, "topic")) == ("Rita Read-Only", "Important")
        assert demo_diary.path.read_bytes() == before
        monkeypatch.undo()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        assert by_contact(fresh(demo_diary), "Rita Read-Only")
        assert any("Rita Read-Only" in row for row in table_text(app))


async def test_f1_shows_the_forms_keys_while_typing_and_keeps_the_text(demo_diary):
    """In a text field `?` is a character (typed), F1 opens the keys; closing them returns to the
    form with everything typed."""
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_form(pilot)
        await pilot.press("tab", "tab", *"Ghost?")
        await pilot.pause()
        assert isinstance(app.screen, CallForm) and value(app, "contact") == "Ghost?"
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Here: Call form" in statics_text(app) and "? F1" in statics_text(app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, CallForm) and value(app, "contact") == "Ghost?"


async def test_typing_after_the_discard_warning_takes_it_back(demo_diary):
    """Esc warns; typing more means the user goes on: the next Esc warns again, it does not discard."""
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_form(pilot)
        await pilot.press("tab", "tab", *"Ghost", "escape")
        await pilot.pause()
        assert "Esc again to discard" in str(app.screen.query_one("#form-warning").render())
        await pilot.press(*" Writer")
        await pilot.pause()
        assert "Esc again" not in str(app.screen.query_one("#form-warning").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CallForm) and value(app, "contact") == "Ghost Writer"
        assert "Esc again to discard" in str(app.screen.query_one("#form-warning").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)


async def test_a_new_name_close_to_a_known_contact_is_asked_about_once(demo_diary):
    """Enter on "Maria Lop" (the completion "ez" not taken) would book a new contact "Maria Lop":
    the form asks first; Enter again books it; a known or unrelated name saves at once."""
    app = make_app(demo_diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("a", *"sat 10:00", "tab", "tab", *"Maria Lop", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CallForm)
        warning = str(app.screen.query_one("#form-warning").render())
        assert '“Maria Lop” would be a new contact — did you mean "Maria Lopez"?' in warning
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        assert "Maria Lop" in fresh(demo_diary).contacts()
        await pilot.press("a", *"sat 11:00", "tab", "tab", *"Zed Zero", "enter")  # close to no one
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)


async def test_the_start_of_a_known_name_is_asked_about_once(demo_diary):
    """Typing "Ma" shows the completion "Maria Lopez" in the field, but Enter takes what was
    typed: a new contact "Ma" is asked about first (a walkthrough saved "Pa" without a word)."""
    app = make_app(demo_diary)
    before = len(by_contact(demo_diary, "Maria Lopez"))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("a", *"sat 10:00", "tab", "tab", *"ma", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CallForm)
        warning = str(app.screen.query_one("#form-warning").render())
        assert "“ma” would be a new contact — did you mean" in warning and '"Maria Lopez"' in warning
        await pilot.press("right", "enter")  # → takes the completion: the known contact, no question
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
    assert "ma" not in fresh(demo_diary).contacts()
    assert len(by_contact(demo_diary, "Maria Lopez")) == before + 1
