"""A contact's record wherever they appear (form, detail pane, day agenda), whose no-show it was,
and finding any call with / — driven by keys on the real app."""

from __future__ import annotations

from textual.widgets import OptionList

from calldiary.model import Party, Status
from calldiary.ui.dialogs.call_form import CallForm
from calldiary.ui.screens.search import SearchScreen
from calldiary.ui.widgets.call_detail import CallDetail
from tests.ui.conftest import by_contact, fresh, make_app, screen_text, selected_key, statics_text
from tests.ui.test_form import message, open_form

SIZE = (120, 36)
PRIYA = "⊘ 8 no-shows (last 25 Nov) · show rate 27% · 35 min prep lost"


def detail_text(app) -> str:
    return app.screen.query_one(CallDetail).render().plain


async def test_the_record_line_in_the_detail_pane_and_the_day_agenda(demo_diary):
    app = make_app(demo_diary)
    priya = by_contact(demo_diary, "Priya Natarajan")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.reload(priya[-1].id)  # Friday's 3rd try, still planned
        await pilot.pause()
        assert PRIYA in detail_text(app)
        app.screen.reload(by_contact(demo_diary, "Jonas Weber")[-1].id)
        await pilot.pause()
        assert "3 late cancellations" in detail_text(app)
        app.screen.reload(by_contact(demo_diary, "Hannah Schmidt")[-1].id)  # a contact with no problem
        await pilot.pause()
        assert "✓ 11 kept · show rate 100%" in detail_text(app) and "⊘" not in detail_text(app)
        app.screen.reload(priya[-1].id)
        await pilot.press("d")
        await pilot.pause()
        assert PRIYA in statics_text(app)


async def test_the_record_line_and_did_you_mean_in_the_form(demo_diary):
    app = make_app(demo_diary)
    demo_diary.set_dropped("Sam O'Neill", True, "cancels on the day; ask for a deposit first")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_form(pilot)
        await pilot.press(*"18:00", "tab", "tab", *"priya  natarajan")
        await pilot.pause()
        assert message(app, "contact") == f"= Priya Natarajan · {PRIYA}"
        await pilot.press("ctrl+a", "ctrl+k", *"Priya Natarajn")
        assert message(app, "contact") == 'new contact — did you mean "Priya Natarajan"?'
        await pilot.press("ctrl+a", "ctrl+k", *"sam oneill")
        assert message(app, "contact").endswith("dropped: cancels on the day; ask for a deposit first")
        await pilot.press("ctrl+a", "ctrl+k", *"Priya Natarajan", "tab", "tab", "tab", "tab", *"25", "tab")
        await pilot.press(*"Lunch with Ana", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        booked = [c for c in by_contact(fresh(demo_diary), "Priya Natarajan") if c.turned_down == "Lunch with Ana"]
        assert [(c.prep_minutes, c.contact) for c in booked] == [(25, "Priya Natarajan")]
        await open_form(pilot)
        await pilot.press(*"19:00", "tab", "tab", *"Bad Prep", "tab", "tab", "tab", "tab", *"-5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CallForm) and message(app, "prep").startswith("Minutes spent preparing")


async def test_whose_no_show_shown_and_switched_with_b(demo_diary):
    app = make_app(demo_diary)
    first = by_contact(demo_diary, "Priya Natarajan")[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.reload(first.id)
        await pilot.pause()
        assert "no-show by them" in detail_text(app)
        await pilot.press("b")
        await pilot.pause()
        assert fresh(demo_diary).get(first.id).no_show_by is Party.ME
        assert "no-show by me" in detail_text(app)
        assert "⊘ 7 no-shows" in detail_text(app)  # mine no longer counts against her
        await pilot.press("u")
        await pilot.pause()
        assert fresh(demo_diary).get(first.id).no_show_by is Party.THEM
        await pilot.press("j")  # a kept call: b explains itself and changes nothing
        await pilot.pause()
        kept = fresh(demo_diary).get(selected_key(app))
        await pilot.press("b")
        await pilot.pause()
        assert fresh(demo_diary).get(kept.id) == kept


async def test_search_and_jump_to_the_calls_week(demo_diary):
    old = demo_diary.add(demo_diary.clock.now().subtract(weeks=30), "Jürgen Müller", topic="Audit")
    demo_diary.mark(old.id, Status.KEPT)
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"MULLER")
        await pilot.pause()
        listing = app.screen.query_one(OptionList)
        assert listing.option_count == 1 and "1 call" in screen_text(app)
        assert "Thu 30 Apr 2026" in screen_text(app) and "✔ kept" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        assert selected_key(app) == old.id and "Week 18" in screen_text(app)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"pricing")
        await pilot.pause()
        texts = [str(listing_row.prompt) for listing_row in app.screen.query_one(OptionList)._options]
        assert len(texts) == 15 and "Thu 26 Nov" in texts[0]  # newest first
        await pilot.press("escape")
        await pilot.pause()
        assert selected_key(app) == old.id
