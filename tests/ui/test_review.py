"""The weekly review and the contacts screens, driven by keys."""

from __future__ import annotations

from calldiary.model import Status
from calldiary.ui.dialogs.call_form import CallForm
from calldiary.ui.screens.contacts import ContactCalls, ContactsScreen
from calldiary.ui.screens.review import ReviewScreen
from tests.ui.conftest import by_contact, fresh, make_app, notices, screen_text, selected_key, statics_text

SIZE = (120, 36)


async def open_review(pilot) -> ReviewScreen:
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


async def test_the_review_shows_the_weeks_figures(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_review(pilot)
        shown = screen_text(app)
        assert "Review · Week 48 · Mon 23 – Sun 29 Nov 2026" in shown
        assert "✔ kept        4" in shown and "⊘ no-show     2" in shown and "✖ cancelled   2" in shown
        assert "○ upcoming    4" in shown and "! no outcome  1" in shown
        assert "Show rate  67%" in shown
        assert "Time lost to no-shows  1 h 35 min  (1 h booked + 35 min prep)" in shown
        assert "No-shows  by them 2 · by me 0" in shown
        assert "Cancellations  by them 1 · by me 1" in shown
        assert "Late cancellations  by them 1 · by me 1  (< 24 h ahead)" in shown
        assert "No-shows this week (2)" in shown
        assert "⊘ Priya Natarajan  Mon 23 Nov 15:00 · 30 min + 20 prep · by them" in shown
        assert "turned down: Max Hofmann's intro call at 15:00" in shown
        assert "Repeat no-shows (2+ in 90 days)" in shown
        assert "▲ tallest bar: 13 calls" in shown
        assert "Show rate  67%  -33 pts" in shown  # week 47 of the demo: 100%
        assert "⊘ Priya Natarajan  8 no-shows · last Wed 25 Nov" in shown
        assert "Needs an outcome (1)" in shown
        assert "■ kept  ■ no-show  ■ cancelled  ■ planned" in shown


async def test_marking_from_the_review_and_moving_between_weeks(demo_diary):
    app = make_app(demo_diary)
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_review(pilot)
        assert selected_key(app) == dmitri.id
        await pilot.press("n")
        await pilot.pause()
        assert fresh(demo_diary).get(dmitri.id).status is Status.NO_SHOW
        shown = screen_text(app)
        assert "Needs an outcome (0)" in shown and "Time lost to no-shows  2 h 15 min" in shown
        await pilot.press("u")
        await pilot.pause()
        assert fresh(demo_diary).get(dmitri.id).status is Status.PLANNED
        await pilot.press("[")
        await pilot.pause()
        shown = screen_text(app)
        assert "Week 47 · Mon 16 – Sun 22 Nov 2026" in shown and "Show rate  100%" in shown
        await pilot.press("]", "]")
        await pilot.pause()
        shown = screen_text(app)
        assert "Week 49" in shown and "Show rate  — no kept calls or no-shows by them yet" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
        assert any("no-show" in n for n in notices(app))


async def test_contacts_sort_open_and_drop(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ContactsScreen)
        assert screen.current().name == "Priya Natarajan"  # most no-shows first
        await pilot.press("S")  # S is sync on every screen, here too: it does not touch the order
        await pilot.pause()
        assert any("sync is not set up" in n for n in notices(app))
        assert screen.current().name == "Priya Natarajan" and screen.reverse
        await pilot.press("R")  # fewest first
        assert screen._rows[-1].name == "Priya Natarajan"
        while screen.sort_column != 0:
            await pilot.press("s")
        assert screen._rows[0].name.startswith("Acme")  # names A to Z
        await pilot.press("R")
        assert [r.name for r in screen._rows][:2] == ["Tom Becker", "Sam O'Neill"]
        await pilot.press("R")
        assert screen.current().name == "Priya Natarajan"  # the cursor follows its contact through sorts
        await pilot.press("g", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactCalls) and "Acme Corp · Lena Fischer  ·  8 calls" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        await pilot.press(*"never on time", "enter")
        await pilot.pause()
        assert fresh(demo_diary).dropped() == {"Acme Corp · Lena Fischer": "never on time"}
        assert "dropped: never on time" in screen_text(app), screen_text(app)
        await pilot.press("D")  # again: take them back, which asks first (it erases the note)
        await pilot.pause()
        assert "This erases your note: “never on time”" in statics_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert fresh(demo_diary).dropped() == {}


async def test_booking_a_dropped_contact_warns_in_the_form(demo_diary):
    demo_diary.set_dropped("Priya Natarajan", True, "three strikes")
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"18:00", "tab", "tab", *"Priya Natarajan")
        await pilot.pause()
        warning = str(app.screen.query_one("#contact-message").render())
        assert warning == "⊘ 8 no-shows (last 25 Nov) · show rate 27% · 35 min prep lost · dropped: three strikes"
        await pilot.press("enter")  # a warning, not a refusal
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        assert len(by_contact(fresh(demo_diary), "Priya Natarajan")) == 4


def test_the_charts_week_numbers_are_the_weeks_titles_also_for_sunday_first_weeks():
    """A Sunday-first week (Sun 29 Nov – Sat 5 Dec 2026) is week 49, as the review's title says;
    its Sunday alone belongs to ISO week 48. An empty chart says so instead of "0 calls"."""
    from datetime import date, timedelta

    from calldiary.review import WeekFigures
    from calldiary.ui.widgets.outcome_chart import outcome_chart

    weeks = [WeekFigures(monday=date(2026, 11, 29) + timedelta(weeks=n), kept=n) for n in range(-1, 2)]
    assert [week.label for week in weeks] == ["2026-W48", "2026-W49", "2026-W50"]
    axis = outcome_chart(weeks, current=1).plain.splitlines()[-2]
    assert axis.split() == ["48", "49", "50"]
    assert "no calls in these weeks yet" in outcome_chart([WeekFigures(monday=date(2026, 11, 23))]).plain


async def test_the_review_opens_at_its_top_on_a_small_terminal_and_J_K_scroll_it(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.scroll_y == 0 and screen.max_scroll_y > 0  # the title and figures first
        await pilot.press("J")
        await pilot.pause()
        assert screen.scroll_y == 3
        await pilot.press("K")
        await pilot.pause()
        assert screen.scroll_y == 0


async def test_a_week_with_only_my_no_show_says_why_it_has_no_show_rate(diary):
    from calldiary.model import Party
    from tests.conftest import at

    call = diary.add(at(24, 10), "Ann")
    diary.mark(call.id, Status.NO_SHOW, by=Party.ME)
    app = make_app(diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_review(pilot)
        shown = screen_text(app)
        assert "Show rate  — no kept calls or no-shows by them yet" in shown
        assert "no kept or no-show calls" not in shown
