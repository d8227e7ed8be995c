"""The edit form writes only what the user changed (issue 13, items 3, 5 and 13)."""

from __future__ import annotations

import pendulum
from textual.widgets import Input, TextArea

from calldiary.ui.dialogs.call_form import CallForm
from tests.ui.conftest import by_contact, fresh, make_app

SIZE = (120, 36)


async def test_saving_keeps_a_change_made_elsewhere_to_another_field(demo_diary):
    app = make_app(demo_diary)
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        fresh(demo_diary).edit(hannah.id, notes="Written in another window")
        await pilot.press("tab", "tab", "tab", "tab", "ctrl+a", "ctrl+k", *"New topic", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        saved = fresh(demo_diary).get(hannah.id)
        assert (saved.topic, saved.notes) == ("New topic", "Written in another window")


async def test_a_field_changed_here_and_elsewhere_shows_both_values(demo_diary):
    app = make_app(demo_diary)
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        fresh(demo_diary).edit(hannah.id, topic="Their topic")
        await pilot.press("tab", "tab", "tab", "tab", "ctrl+a", "ctrl+k", *"My topic", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CallForm)  # not overwritten silently
        warning = str(app.screen.query_one("#form-warning").render())
        assert "Changed elsewhere" in warning and "yours “My topic”" in warning and "now “Their topic”" in warning
        assert fresh(demo_diary).get(hannah.id).topic == "Their topic"
        await pilot.press("enter")  # seen both: keep mine
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        assert fresh(demo_diary).get(hannah.id).topic == "My topic"


async def test_an_untouched_time_and_notes_are_never_rewritten(ui_diary):
    berlin = "Europe/Berlin"
    # The second 02:30 of the autumn fold (01:30 UTC), with seconds; notes with a lone CR.
    start = pendulum.datetime(2026, 10, 25, 1, 30, 17, tz="UTC")
    call = ui_diary.add(start, "Fold Person", notes="line one\rline two", tz=berlin)
    ui_diary.add(ui_diary.clock.now().add(hours=1), "Anchor")
    app = make_app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.show_call(call.id)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CallForm)
        await pilot.press("tab", "tab", "tab", "tab", *"Topic", "enter")
        await pilot.pause()
        await pilot.press("enter")  # (no overlap expected; a second Enter is harmless)
        await pilot.pause()
        saved = fresh(ui_diary).get(call.id)
        assert saved.topic == "Topic"
        assert saved.start == start and saved.start.second == 17
        assert saved.notes == "line one\rline two"


async def test_stored_escape_sequences_are_shown_literally_in_the_form(ui_diary):
    ui_diary.add(ui_diary.clock.now().add(hours=1), "\x1b]0;owned\x07Eve", topic="\x1b[2J", notes="a\x1b[31mb")
    app = make_app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#contact", Input).value == "\\x1b]0;owned\\x07Eve"
        assert form.query_one("#topic", Input).value == "\\x1b[2J"
        assert form.query_one("#notes", TextArea).text == "a\\x1b[31mb"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a", *"18:00", "tab", "tab", "\\")  # completion of a stored contact
        await pilot.pause()
        suggestion = app.screen.query_one("#contact", Input)._suggestion
        assert "\x1b" not in suggestion


async def test_the_form_refuses_a_call_that_would_end_after_2999(demo_diary):
    app = make_app(demo_diary)
    before = len(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, CallForm)
        # Berlin 23:30 is 22:30 UTC: two hours run past 3000-01-01 00:00 UTC
        await pilot.press(*"2999-12-31 23:30", "tab", "ctrl+a", "ctrl+k", *"120", "tab", *"Edge", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CallForm)
        warning = str(app.screen.query_one("#form-warning").render())
        assert "the call would end after 3000-01-01 00:00 UTC; calldiary keeps calls from 1900 to 2999" in warning
        assert "malformed" not in warning
        assert len(fresh(demo_diary)) == before


async def test_editing_a_field_keeps_its_invisible_and_control_characters(demo_diary):
    """The form shows a zero-width space as \\u200b and an escape as \\x1b; adding to the topic
    or the notes keeps those characters as stored, not as the six shown ones."""
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    note = "\x1b]0;pwned\x07 note\n\u202eevil"
    demo_diary.edit(hannah.id, topic="Kick\u200boff", notes=note, link="tel:\u200e+49")
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.show_call(hannah.id)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#topic", Input).value == "Kick\\u200boff"  # shown literally
        await pilot.press("tab", "tab", "tab", "tab", "end", "!")
        area = form.query_one("#notes", TextArea)
        area.focus()
        area.move_cursor((0, 0))
        await pilot.press(*"ok ", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        saved = fresh(demo_diary).get(hannah.id)
        assert saved.topic == "Kick\u200boff!"
        assert saved.notes == "ok " + note
        assert saved.link == "tel:\u200e+49"  # untouched: not rewritten at all


async def test_after_a_clash_the_untouched_fields_show_the_call_as_it_is_now(demo_diary):
    """A walkthrough saw "Minutes 30" in the form while the call, changed elsewhere to 45 min,
    stayed 45 on Enter: after a clash, what the form shows is what Enter saves."""
    app = make_app(demo_diary)
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        fresh(demo_diary).edit(hannah.id, topic="Their topic", minutes=45, notes="Their notes")
        await pilot.press("tab", "tab", "tab", "tab", "ctrl+a", "ctrl+k", *"My topic", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CallForm)
        assert form.query_one("#minutes", Input).value == "45"
        assert form.query_one("#notes", TextArea).text == "Their notes"
        assert form.query_one("#topic", Input).value == "My topic"  # (the user's own, kept)
        warning = str(form.query_one("#form-warning").render())  # (still said: W5 saw it cleared)
        assert "Changed elsewhere" in warning and "yours “My topic”" in warning and "now “Their topic”" in warning
        await pilot.press("enter")  # keeps mine
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
    saved = fresh(demo_diary).get(hannah.id)
    assert (saved.topic, saved.minutes, saved.notes) == ("My topic", 45, "Their notes")
