"""The day agenda and the review show changes made elsewhere within a second, as the week does,
and an outcome key never overwrites an outcome given elsewhere since the call was shown."""

from __future__ import annotations

import pytest

from calldiary.model import Party, Status
from calldiary.ui.screens.day import DayScreen
from calldiary.ui.screens.review import ReviewScreen
from tests.ui.conftest import by_contact, fresh, make_app, notices, screen_text

SIZE = (120, 36)


async def open_day_on(pilot, call_id: str) -> DayScreen:
    pilot.app.screen.show_call(call_id)
    await pilot.pause()
    await pilot.press("d")
    await pilot.pause(0.2)
    screen = pilot.app.screen
    assert isinstance(screen, DayScreen) and screen.selected_call().id == call_id
    return screen


async def open_review(pilot) -> ReviewScreen:
    await pilot.press("r")
    await pilot.pause(0.2)
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


def card_of(screen: DayScreen, call_id: str) -> str:
    card = next(card for card in screen._cards if card.call.id == call_id)
    return str(card.border_title)


async def test_the_day_agenda_shows_an_outside_mark_within_a_second(demo_diary):
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        day = await open_day_on(pilot, dmitri.id)
        assert "needs outcome" in card_of(day, dmitri.id)
        fresh(demo_diary).mark(dmitri.id, Status.KEPT)  # another window, the command line, a sync
        await pilot.pause(1.4)
        assert "kept" in card_of(day, dmitri.id)
        assert day.selected_call().status is Status.KEPT


async def test_the_review_shows_an_outside_mark_within_a_second(demo_diary):
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_review(pilot)
        assert "Needs an outcome (1)" in screen_text(app) and "Dmitri Volkov" in screen_text(app)
        fresh(demo_diary).mark(dmitri.id, Status.KEPT)
        await pilot.pause(1.4)
        shown = screen_text(app)
        assert "Needs an outcome (0)" in shown and "✔ kept        5" in shown


@pytest.mark.parametrize("where", ["day", "review"])
async def test_an_outcome_key_on_a_call_changed_elsewhere_since_it_was_shown_overwrites_nothing(demo_diary, where):
    """The change lands between two looks of the screen (its second's poll held still): the key
    is refused in one line naming the call, the screen shows the call as it is now, and the same
    key pressed again, on what the user now sees, does it."""
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await (open_day_on(pilot, dmitri.id) if where == "day" else open_review(pilot))
        assert screen.selected_call().id == dmitri.id
        screen.follow_timer.pause()
        fresh(demo_diary).mark(dmitri.id, Status.NO_SHOW)  # recorded elsewhere just now
        await pilot.press("y")
        await pilot.pause()
        assert fresh(demo_diary).get(dmitri.id).status is Status.NO_SHOW  # not overwritten
        said = notices(app)[-1]
        assert said == (
            "Dmitri Volkov · Thu 26 Nov 11:00 — changed elsewhere (now no-show by them): not marked kept"
            " — shown as it is now"
        )
        if where == "day":
            assert "no-show" in card_of(screen, dmitri.id) and screen.selected_call().id == dmitri.id
        else:
            assert "Needs an outcome (0)" in screen_text(app) and "⊘ no-show     3" in screen_text(app)
        if where == "day":
            await pilot.press("y")  # seen now: the user means it
            await pilot.pause()
            assert fresh(demo_diary).get(dmitri.id).status is Status.KEPT


async def test_a_reason_typed_for_a_call_changed_meanwhile_overwrites_nothing(demo_diary):
    """c asks for a reason; the call gets its outcome elsewhere while the user types it."""
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_day_on(pilot, dmitri.id)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"ill")
        fresh(demo_diary).mark(dmitri.id, Status.KEPT)
        await pilot.press("enter")
        await pilot.pause()
        now = fresh(demo_diary).get(dmitri.id)
        assert now.status is Status.KEPT and now.reason == ""
        assert notices(app)[-1].startswith("Dmitri Volkov · Thu 26 Nov 11:00 — changed elsewhere (now kept)")


async def test_an_outcome_key_on_a_call_deleted_elsewhere_says_so(demo_diary):
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        day = await open_day_on(pilot, dmitri.id)
        day.follow_timer.pause()
        fresh(demo_diary).delete(dmitri.id)
        await pilot.press("n")
        await pilot.pause()
        assert notices(app)[-1] == "Dmitri Volkov · Thu 26 Nov 11:00 — deleted elsewhere: not marked no-show"
        assert dmitri.id not in [card.call.id for card in day._cards]
        assert "no call with id" not in " ".join(notices(app))


async def test_a_mark_as_shown_still_goes_through(demo_diary):
    """Nothing changed elsewhere: y on the review marks, and a note edited elsewhere meanwhile
    (not what an outcome is about) neither stops it nor is lost."""
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_review(pilot)
        screen.follow_timer.pause()
        fresh(demo_diary).edit(dmitri.id, notes="ask about the referral fee")
        await pilot.press("n")
        await pilot.pause()
        now = fresh(demo_diary).get(dmitri.id)
        assert now.status is Status.NO_SHOW and now.no_show_by is Party.THEM
        assert now.notes == "ask about the referral fee"


async def test_a_contacts_calls_show_an_outside_change_within_a_second(demo_diary):
    """W5 #5: a contact's calls (w, Enter) kept the old status and topic after a change made
    elsewhere; the contacts list itself followed."""
    from textual.widgets import DataTable

    from calldiary.ui.screens.contacts import ContactCalls

    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    app = make_app(demo_diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one(DataTable).move_cursor(row=0)
        for _ in range(40):  # (to Hannah Schmidt's row of the contacts list)
            table = app.screen.query_one(DataTable)
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key == "Hannah Schmidt" or "Hannah Schmidt" in str(table.get_row(key)):
                break
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactCalls) and app.screen.contact == "Hannah Schmidt"
        fresh(demo_diary).edit(hannah.id, topic="Changed in another window")
        for _ in range(30):
            await pilot.pause(0.1)
            if "Changed in another window" in str(app.screen.query_one(DataTable).get_row(hannah.id)):
                break
        assert "Changed in another window" in str(app.screen.query_one(DataTable).get_row(hannah.id))
