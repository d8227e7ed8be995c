"""Reminders in the open app: the notification and bell before a call, the outcome prompt after."""

from __future__ import annotations

from calldiary.config import Settings
from calldiary.model import Direction, Party, Status
from calldiary.notify.deliver import TABLE, due_now
from calldiary.prefs import Prefs
from calldiary.remind import entries
from calldiary.store import Diary
from calldiary.ui.app import CallDiaryApp
from calldiary.ui.dialogs.outcome_prompt import OutcomePrompt
from calldiary.ui.shots import NOW
from tests.ui.conftest import fresh, selected_key, table_text

SIZE = (120, 36)


class RingingApp(CallDiaryApp):
    """The real app, counting the bells it rings."""

    bells = 0

    def bell(self) -> None:
        self.bells += 1
        super().bell()


def _app(diary: Diary) -> RingingApp:
    return RingingApp(diary, diary.clock, Prefs(diary.path.parent / "ui.json"), Settings(), remind=True)


def _calls(diary: Diary) -> dict[str, str]:
    """At the pinned now (Thu 26 Nov 15:00): Ann Lee's 13:00 call needs its outcome, Dr. Brandt
    calls at 15:05, Bob at 17:00."""
    # fixed ids: the detail pane shows the selected call's id (and the snapshot with it)
    ann = diary.add(
        NOW.subtract(hours=2),
        "Ann Lee",
        direction=Direction.I_CALL,
        topic="Pricing",
        call_id="a0000000-0000-4000-8000-000000000001",
    )
    brandt = diary.add(
        NOW.add(minutes=5),
        "Dr. Brandt",
        topic="Results",
        link="+49 30 1234",
        call_id="b0000000-0000-4000-8000-000000000002",
    )
    bob = diary.add(NOW.add(hours=2), "Bob", call_id="c0000000-0000-4000-8000-000000000003")
    return {"ann": ann.id, "brandt": brandt.id, "bob": bob.id}


async def _until_prompt(pilot, shown: bool = True) -> None:
    """Wait (up to 5 s on a loaded machine) until the outcome prompt is, or is not, on top; shown,
    until it takes keys too (the keys of its first moments are refused: see test_remind_timing)."""
    for _ in range(100):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        if isinstance(screen, OutcomePrompt) == shown and (not shown or screen.taking_keys):
            await pilot.pause()  # (notifications arrive a message later)
            return


def _toasts(app: CallDiaryApp) -> list[tuple[str, str]]:
    return [(n.title, str(n.message)) for n in app._notifications]


async def test_upcoming_notifies_and_rings_once_and_outcome_prompts_for_its_call(ui_diary):
    ids = _calls(ui_diary)
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        assert ("Dr. Brandt calls you in 5 min", "15:05, 30 min · Results · +49 30 1234") in _toasts(app)
        assert isinstance(app.screen, OutcomePrompt) and "Did you reach Ann Lee?" in app.screen.question
        assert not any(title.startswith("Did you reach Ann") for title, _ in _toasts(app))  # asked once, not twice
        assert app.bells == 1
        assert isinstance(app.screen, OutcomePrompt)
        await pilot.press("y")
        await _until_prompt(pilot, shown=False)
        assert not isinstance(app.screen, OutcomePrompt)
        assert fresh(ui_diary).get(ids["ann"]).status is Status.KEPT
        assert selected_key(app) == ids["brandt"]  # the prompt was about Ann; Dr. Brandt stays selected
        assert any("Ann Lee · Thu 26 Nov 13:00 — kept (u undoes)" in m for _, m in _toasts(app))
        app.reminding.check()  # the next check: nothing again
        await pilot.pause()
        assert app.bells == 1 and not isinstance(app.screen, OutcomePrompt)
        await pilot.press("u")  # the prompt's answer is an ordinary change: u undoes it
        assert fresh(ui_diary).get(ids["ann"]).status is Status.PLANNED
        await _until_prompt(pilot)  # (and the question is asked again: see below)
        await pilot.press("y")
        await _until_prompt(pilot, shown=False)
        assert app.bells == 1
    # a second app, and `calldiary remind`, say none of it again
    assert due_now(fresh(ui_diary), Settings()) == []


async def test_the_prompt_keys(ui_diary):
    """y/n record at once; c/C ask for the reason as on the week (Enter alone: none; Esc: asked
    again later, like Esc on the prompt)."""
    from calldiary.ui.dialogs.ask import AskText

    calls = [ui_diary.add(NOW.subtract(hours=h), f"Caller {h}") for h in (6, 5, 4, 3, 2)]
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        for keys in (["n"], ["c", *"moved to Friday", "enter"], ["C", "enter"], ["c", "escape"], ["escape"]):
            await _until_prompt(pilot)
            assert isinstance(app.screen, OutcomePrompt)
            await pilot.press(keys[0])
            await _until_prompt(pilot, shown=False)
            if len(keys) > 1:
                await pilot.pause()
                assert isinstance(app.screen, AskText) and "Caller" in str(app.screen.query_one("#question").render())
                await pilot.press(*keys[1:])
                await pilot.pause()
        await pilot.pause(1.2)
        assert not isinstance(app.screen, OutcomePrompt)
    got = [fresh(ui_diary).get(c.id) for c in calls]
    assert [(c.status, c.cancelled_by, c.reason) for c in got] == [
        (Status.NO_SHOW, None, ""),
        (Status.CANCELLED, Party.THEM, "moved to Friday"),
        (Status.CANCELLED, Party.ME, ""),
        (Status.PLANNED, None, ""),
        (Status.PLANNED, None, ""),
    ]
    # Esc: later — asked again once the grace period has passed, not before
    for later in calls[3:]:
        [entry] = [e for e in entries(fresh(ui_diary).table(TABLE)).values() if e.call_id == later.id]
        assert entry.again == NOW.add(minutes=15)


async def test_the_header_counts_the_outcomes_waiting(ui_diary):
    _calls(ui_diary)
    ui_diary.add(NOW.subtract(days=1), "Yesterday")  # last week's too: any week
    ui_diary.add(NOW.subtract(minutes=35), "Just ended")  # ended 5 min ago: flagged, not asked yet
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await _until_prompt(pilot)
            await pilot.press("escape")
            await _until_prompt(pilot, shown=False)
        header = str(app.screen.query_one("#week-next").render())
        assert "! 3 outcomes waiting" in header and "next: Dr. Brandt in 5 min" in header
        # the same number the week shows flagged (seen by hand: "1 waiting" beside two flags)
        assert sum("needs outcome" in row for row in table_text(app)) == 3


async def test_prompts_wait_for_the_week_screen_and_unanswered_ones_are_given_back(ui_diary):
    ids = _calls(ui_diary)
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        await pilot.press("escape")  # later
        await _until_prompt(pilot, shown=False)
        await pilot.press("r")  # the review on top
        await pilot.pause()
        other = fresh(ui_diary)
        other.add(NOW.subtract(hours=3), "Booked elsewhere")  # another terminal
        app.reminding.check()
        await pilot.pause(1.2)
        assert not isinstance(app.screen, OutcomePrompt)  # not over the review: said in a notification
        assert any(title.startswith("Did Booked elsewhere call?") for title, _ in _toasts(app))
        await pilot.press("escape")  # back to the week
        await _until_prompt(pilot)
        assert isinstance(app.screen, OutcomePrompt)
        assert "Did Booked elsewhere call?" in app.screen.question
    # closed without an answer: `calldiary remind` asks it instead
    left = due_now(fresh(ui_diary), Settings())
    assert [r.call.contact for r in left] == ["Booked elsewhere"]
    assert fresh(ui_diary).get(ids["ann"]).status is Status.PLANNED


def test_snapshot_of_the_prompt(ui_diary, snap_compare):
    _calls(ui_diary)

    async def run_before(pilot) -> None:
        await _until_prompt(pilot)
        await pilot.pause(0.2)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(_app(ui_diary), terminal_size=SIZE, run_before=run_before)


class FrameCountingApp(CallDiaryApp):
    """The real app, noting each frame it hands to the terminal: which screen, and whether a
    batch was held then (Textual drops those frames)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.frames: list[tuple[str, bool]] = []

    def _display(self, screen, renderable) -> None:
        if renderable is not None:
            self.frames.append((type(screen).__name__, bool(self._batch_count)))
        super()._display(screen, renderable)


async def test_a_prompt_pushed_while_the_footer_recomposes_is_drawn_once_that_ends(ui_diary):
    """Seen by hand: the outcome prompt pushed by its timer while a widget recomposed (a batch
    held across awaits) was laid out and took y/n, but its only frame was dropped — the user saw
    the week and answered the hidden question about another call."""
    import asyncio

    from calldiary.ui.footer import FitFooter

    _calls(ui_diary)
    app = FrameCountingApp(ui_diary, ui_diary.clock, Prefs(ui_diary.path.parent / "ui.json"), Settings())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        footer = app.screen.query_one(FitFooter)
        async with footer.batch():  # what Widget.recompose() holds while it removes and mounts
            app.push_screen(OutcomePrompt("Did you reach Ann Lee?", "Thu 26 Nov 13:00"))
            await asyncio.sleep(0.3)
            assert isinstance(app.screen, OutcomePrompt)
        await asyncio.sleep(0.5)  # (not pilot.pause(): it forces a screen update, which hid this)
        drawn = [held for name, held in app.frames if name == "OutcomePrompt"]
        assert drawn and not drawn[-1], f"the prompt never reached the terminal: {drawn}"


async def test_several_questions_are_counted_on_the_prompt_not_piled_over_it(ui_diary):
    """Seen by hand: six calls waiting gave one prompt with five toasts piled over it."""
    for hour in (2, 3, 4):
        ui_diary.add(NOW.subtract(hours=hour), f"Caller {hour}")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        assert "Did Caller 4 call?" in app.screen.question
        assert str(app.screen.query_one("#prompt-more").render()) == "2 more questions after this one"
        assert not any(title.startswith("Did ") for title, _ in _toasts(app))
        await pilot.press("y")
        await _until_prompt(pilot, shown=False)
        await _until_prompt(pilot)
        assert "Did Caller 3 call?" in app.screen.question
        assert str(app.screen.query_one("#prompt-more").render()) == "1 more question after this one"
        await pilot.press("y")
        await _until_prompt(pilot, shown=False)
        await _until_prompt(pilot)
        assert not app.screen.query_one("#prompt-more").display  # the last one


async def test_several_questions_behind_another_screen_are_said_in_one_notification(ui_diary):
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")  # the review on top
        await pilot.pause()
        other = fresh(ui_diary)
        for n, hour in enumerate((2, 3, 4, 5, 6)):
            other.add(NOW.subtract(hours=hour), f"Caller {n}")  # booked in another terminal
        app.reminding.check()
        await pilot.pause(0.5)
        said = [(title, body) for title, body in _toasts(app) if "outcome" in title or title.startswith("Did ")]
        assert said == [
            (
                "5 calls need their outcome",
                "Caller 4, Caller 3, Caller 2 and 2 more: asked when you are back on the week",
            )
        ]


async def test_answers_typed_ahead_go_to_the_next_questions_never_to_the_week(ui_diary):
    """Seen by hand: three questions, "y n Esc" typed fast: the n fell through to the week between
    two prompts and marked the call selected there (another call) a no-show."""
    from textual import events

    selected = ui_diary.add(NOW.add(hours=2), "Selected on the week")
    asked = [ui_diary.add(NOW.subtract(hours=h), f"Caller {h}") for h in (4, 3, 2)]
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        from calldiary.ui.widgets.week_table import WeekTable

        assert app.screen_stack[0].query_one(WeekTable).current.key == selected.id
        for key in ("y", "n", "escape"):  # queued before the app handles the first
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause(0.5)
        assert not isinstance(app.screen, OutcomePrompt)
    got = fresh(ui_diary)
    assert [got.get(c.id).status for c in asked] == [Status.KEPT, Status.NO_SHOW, Status.PLANNED]
    assert got.get(selected.id).status is Status.PLANNED


async def test_an_answer_undone_is_asked_again(ui_diary):
    """Seen by hand: y in the prompt, then u: the call needed its outcome again (flagged, counted)
    but was never asked again, in the app or by `calldiary remind`."""
    ids = _calls(ui_diary)
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        await pilot.press("y")
        await _until_prompt(pilot, shown=False)
        assert fresh(ui_diary).get(ids["ann"]).status is Status.KEPT
        await pilot.press("u")
        await _until_prompt(pilot)
        assert isinstance(app.screen, OutcomePrompt) and "Did you reach Ann Lee?" in app.screen.question
        await pilot.press("n")
        await _until_prompt(pilot, shown=False)
        assert fresh(ui_diary).get(ids["ann"]).status is Status.NO_SHOW
        await pilot.press("u")  # undone again: asked again; the app closes before it is answered
        await _until_prompt(pilot)
        assert isinstance(app.screen, OutcomePrompt)
    assert fresh(ui_diary).get(ids["ann"]).status is Status.PLANNED  # … so `calldiary remind` asks it
    assert [r.title for r in due_now(fresh(ui_diary), Settings())] == ["Did you reach Ann Lee? (13:00, 30 min)"]
