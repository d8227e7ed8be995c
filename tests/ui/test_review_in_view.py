"""On a short terminal the review's "Needs an outcome" list is below the figures: a key for its
selected call first brings that call into view (and is not taken); pressed again, it acts."""

from __future__ import annotations

import pytest

from calldiary.model import Status
from calldiary.ui.screens.review import ReviewScreen, row_on_screen
from calldiary.ui.widgets.week_table import WeekTable
from tests.ui.conftest import by_contact, fresh, make_app, notices, screen_text


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_an_outcome_key_on_the_review_acts_only_on_a_call_in_view(demo_diary, size):
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    app = make_app(demo_diary)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause(0.2)
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.selected_call().id == dmitri.id
        table = review.query_one(WeekTable)
        assert not row_on_screen(review, table)  # the figures fill the screen: the list is below
        assert "Dmitri Volk" not in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert fresh(demo_diary).get(dmitri.id).status is Status.PLANNED  # not taken
        assert notices(app)[-1] == (
            "Dmitri Volkov · Thu 26 Nov 11:00 — scrolled into view: press the key again to mark it kept"
        )
        assert row_on_screen(review, table)
        shown = screen_text(app)
        assert "Needs an outcome (1)" in shown and "Dmitri Volk" in shown  # (cut at 60 columns)
        await pilot.press("n")  # seen now: taken
        await pilot.pause()
        assert fresh(demo_diary).get(dmitri.id).status is Status.NO_SHOW


@pytest.mark.parametrize("key", ["c", "e", "x"])
async def test_the_other_call_keys_on_the_review_wait_for_the_call_to_be_seen_too(demo_diary, key):
    app = make_app(demo_diary)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause(0.2)
        review = app.screen
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is review  # no dialog opened for a call out of sight
        assert "scrolled into view: press the key again to" in notices(app)[-1]
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is not review  # in view now: the reason, the form or the question


async def test_a_review_that_fits_takes_the_key_at_once(demo_diary):
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    app = make_app(demo_diary)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause(0.2)
        assert row_on_screen(app.screen, app.screen.query_one(WeekTable))
        await pilot.press("y")
        await pilot.pause()
        assert fresh(demo_diary).get(dmitri.id).status is Status.KEPT
