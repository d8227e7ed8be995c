"""The record line in the week's detail pane: it fills in once the first frame is up, and after
each outcome key it is the record computed from scratch from what is on disk (the app moves the
figures by the one call that changed) — driven by keys on the real app."""

from __future__ import annotations

from calldiary.contacts import RecordBook
from calldiary.fmt import day_label, span
from calldiary.ui.widgets.call_detail import CallDetail
from tests.ui.conftest import fresh, make_app

SIZE = (120, 36)


def detail_text(app) -> str:
    return app.screen.query_one(CallDetail).render().plain


def day_line(app, call) -> str:
    start = app.clock.local(call.start)
    return f"{day_label(start.date())} · {span(call, app.clock)} · {call.minutes} min"


def from_scratch(diary, contact: str) -> str:
    return RecordBook(fresh(diary), 24).line(contact)


async def test_the_opening_calls_record_line_fills_in_after_the_first_frame(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        call = app.screen.selected_call()
        assert call is not None
        line = from_scratch(demo_diary, call.contact)
        assert line and line in detail_text(app)


async def test_after_every_outcome_key_the_record_line_is_the_one_computed_from_scratch(demo_diary):
    now = demo_diary.clock.now()
    started = [c for c in demo_diary.week(demo_diary.clock.today()) if c.start < now]
    async with make_app(demo_diary).run_test(size=SIZE) as pilot:
        app = pilot.app
        await pilot.pause()
        for call in started[-4:]:
            app.screen.reload(call.id)
            await pilot.pause()
            for key in ("n", "b", "y", "p", "n", "c", "u", "u", "U"):
                await pilot.press(key)
                await pilot.pause()
                if key == "c":  # the reason dialog: no reason
                    await pilot.press("enter")
                    await pilot.pause()
                # the line under the contact's name: their record, or (none) the call's day and time
                under_name = detail_text(app).splitlines()[1]
                day = fresh(demo_diary).get(call.id)
                assert under_name == (from_scratch(demo_diary, call.contact) or day_line(app, day)), key
