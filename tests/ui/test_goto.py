"""Go to a day (g): a day that does not exist is named as such, as the form and the CLI say."""

from __future__ import annotations

import pytest

from calldiary.errors import WhenError
from calldiary.when import parse_when
from tests.conftest import make_clock
from tests.ui.conftest import make_app

SIZE = (120, 36)


@pytest.mark.parametrize(
    "typed,day", [("30 feb", "2026-02-30"), ("31.02.", "2026-02-31"), ("2026-02-30", "2026-02-30")]
)
async def test_a_day_that_does_not_exist_gets_the_forms_message(demo_diary, typed, day):
    with pytest.raises(WhenError) as form_says:
        parse_when(f"{typed} 10:00", make_clock())
    assert f"there is no day {day} (day is out of range for month)" in str(form_says.value)
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*typed, "enter")
        await pilot.pause()
        said = str(app.screen.query_one("#goto-message").render())
        assert f"there is no day {day} (day is out of range for month)" in said
        assert "can't read" not in said


@pytest.mark.parametrize("typed", ["yesterday 25:00", "fri 24:30", "2026-11-20 9:75", "30 feb 10:00"])
async def test_an_impossible_time_gets_the_add_forms_message(demo_diary, typed):
    """Seen in a walkthrough: `yesterday 25:00` in go-to said "can't read … as a day"; the add form
    says what is wrong with it ("there is no time 25:00: the hour is out of range (0 to 23)")."""
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*typed, "tab", "tab", *"Ann", "enter")
        await pilot.pause()
        form_says = str(app.screen.query_one("#when-message").render())
        assert form_says.startswith("there is no ")
        await pilot.press("escape", "escape")  # (the second: discard what was typed)
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*typed, "enter")
        await pilot.pause()
        said = str(app.screen.query_one("#goto-message").render())
        assert said == form_says
