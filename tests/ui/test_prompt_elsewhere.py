"""The outcome prompt and the rest of the world: a call given its outcome (or moved, or deleted)
in another window withdraws its question, and an answer never overwrites that; the question's
notification names no answer key where those keys do something else, and goes once it is asked;
the prompt's own ? and U; toasts never over its buttons."""

from __future__ import annotations

from textual.widgets import Button
from textual.widgets._toast import Toast

from calldiary.model import Status
from calldiary.ui.dialogs.ask import AskText
from calldiary.ui.dialogs.confirm import Confirm
from calldiary.ui.dialogs.outcome_prompt import OutcomePrompt
from calldiary.ui.screens.help import HelpScreen
from calldiary.ui.shots import NOW
from tests.ui.conftest import fresh, notices
from tests.ui.test_remind_ui import SIZE, _app, _toasts, _until_prompt


def _question(app) -> str:
    return str(app.screen.query_one("#prompt-question").render())


async def test_a_question_answered_elsewhere_is_withdrawn_and_its_answer_not_overwritten(ui_diary):
    """W4 #3: `calldiary mark e06e kept` in another terminal; the prompt stayed, and n made it a no-show."""
    ivy = ui_diary.add(NOW.subtract(hours=2), "Ivy Past")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        fresh(ui_diary).mark(ivy.id, Status.KEPT)  # another terminal
        for _ in range(40):
            await pilot.pause(0.05)
            if app.screen.withdrawn:
                break
        assert _question(app) == "Ivy Past · Thu 26 Nov 13:00 was marked kept elsewhere: this question is withdrawn"
        assert not app.screen.query_one("#kept").display and not app.screen.query_one("#no_show").display
        await pilot.press("n")  # meant for the question: it only closes the notice
        await _until_prompt(pilot, shown=False)
        assert fresh(ui_diary).get(ivy.id).status is Status.KEPT
        assert not any("no-show" in said for said in notices(app))
    assert fresh(ui_diary).get(ivy.id).status is Status.KEPT


async def test_an_answer_to_a_call_changed_meanwhile_records_nothing_and_says_so(ui_diary):
    """Answered anyway (the reason asked for c/C is being typed as the call changes elsewhere):
    nothing is recorded, one line names the call; a deleted call is no raw id error."""
    ivy = ui_diary.add(NOW.subtract(hours=3), "Ivy Past")
    del_ = ui_diary.add(NOW.subtract(hours=2), "Dee Gone")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        assert "Ivy Past" in app.screen.question
        await pilot.press("c")
        await _until_prompt(pilot, shown=False)
        await pilot.pause()
        assert isinstance(app.screen, AskText)
        fresh(ui_diary).mark(ivy.id, Status.NO_SHOW)  # another terminal, meanwhile
        await pilot.press(*"moved", "enter")
        await pilot.pause(0.3)
        assert "Ivy Past · Thu 26 Nov 12:00 was marked no-show elsewhere: left as it is" in notices(app)
        assert fresh(ui_diary).get(ivy.id).status is Status.NO_SHOW
        await _until_prompt(pilot)
        assert "Dee Gone" in app.screen.question
        await pilot.press("C")
        await _until_prompt(pilot, shown=False)
        await pilot.pause()
        fresh(ui_diary).delete(del_.id)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert "Dee Gone · Thu 26 Nov 13:00 was deleted elsewhere: left as it is" in notices(app)
        assert not any("no call with id" in said for said in notices(app))
        assert len(fresh(ui_diary)) == 1
    assert fresh(ui_diary).get(ivy.id).cancelled_by is None


async def test_a_moved_call_withdraws_its_question_and_is_asked_at_its_new_time(ui_diary):
    ivy = ui_diary.add(NOW.subtract(hours=3), "Ivy Past")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        fresh(ui_diary).edit(ivy.id, start=NOW.subtract(hours=2))
        for _ in range(40):
            await pilot.pause(0.05)
            if app.screen.withdrawn:
                break
        assert _question(app).startswith("Ivy Past · Thu 26 Nov 12:00 was moved elsewhere to Thu 26 Nov 13:00")
        await pilot.press("escape")
        await _until_prompt(pilot, shown=False)
        app.reminding.check()
        await _until_prompt(pilot)
        assert app.screen.question == "Did Ivy Past call? (13:00, 30 min)"
        await pilot.press("y")
        await _until_prompt(pilot, shown=False)
    assert fresh(ui_diary).get(ivy.id).status is Status.KEPT


async def test_the_notification_beside_another_dialog_names_no_answer_key_and_goes_when_asked(ui_diary):
    """W4 #6: beside "Delete …? Yes y / No n" the toast said "y kept"; y deleted the call."""
    zed = ui_diary.add(NOW.add(hours=2), "Zed Zero")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        fresh(ui_diary).add(NOW.subtract(hours=3), "Quin Prompt", topic="Offer")
        app.reminding.check()
        await pilot.pause(0.3)
        said = [(title, body) for title, body in _toasts(app) if title.startswith("Did ")]
        assert said == [("Did Quin Prompt call? (12:00, 30 min)", "Offer — asked when you are back on the week")]
        assert not any("y kept" in body or "no-show" in body for _, body in _toasts(app))
        await pilot.press("n")  # no, don't delete
        await _until_prompt(pilot)
        assert "Quin Prompt" in app.screen.question
        assert not any(title.startswith("Did ") for title, _ in _toasts(app))  # (before: stayed 20 s)
        await pilot.press("y")
        await _until_prompt(pilot, shown=False)
    assert fresh(ui_diary).get(zed.id).status is Status.PLANNED


async def test_help_and_redo_on_the_prompt(ui_diary):
    """W4 #9: ? and F1 did nothing on the prompt; after u brought a question back, U was swallowed."""
    ann = ui_diary.add(NOW.subtract(hours=2), "Ann Lee")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        for key in ("question_mark", "f1"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen), key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, OutcomePrompt)
        await pilot.pause(1.1)  # (the keys before it: a second ago)
        await pilot.press("n")
        await _until_prompt(pilot, shown=False)
        assert fresh(ui_diary).get(ann.id).status is Status.NO_SHOW
        await pilot.press("u")  # undone: the question comes back
        await _until_prompt(pilot)
        assert fresh(ui_diary).get(ann.id).status is Status.PLANNED
        await pilot.press("U")  # redo: the answer undone is given again, and answers the question
        await _until_prompt(pilot, shown=False)
        assert fresh(ui_diary).get(ann.id).status is Status.NO_SHOW
        assert any(said.endswith("— redone: marked no-show") for said in notices(app))
        await pilot.press("u")  # … and u undoes it again: asked again
        await _until_prompt(pilot)
        assert fresh(ui_diary).get(ann.id).status is Status.PLANNED


async def test_help_lists_the_prompts_keys(ui_diary):
    from calldiary.ui.screens.help import screen_keys

    ui_diary.add(NOW.subtract(hours=2), "Ann Lee")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        keys = {binding.key for binding in screen_keys(app.screen)}
        assert {"y", "n", "c", "C", "escape", "u,ctrl+z", "U,ctrl+y", "question_mark,f1"} <= keys


async def test_toasts_never_cover_the_prompts_buttons_on_small_terminals(ui_diary):
    """W4 #9: at 60x20 and 50x14 toasts sat on the buttons (at 50x14 No-show and Later hidden)."""
    for size in ((60, 20), (50, 14), (80, 24)):
        diary = fresh(ui_diary)
        for call in diary.all():
            diary.delete(call.id)
        for n in (2, 3, 4):
            diary.add(NOW.subtract(hours=n), f"Caller {n}")
        diary.add(NOW.add(minutes=5), "Dr. Brandt")  # an upcoming reminder's toast
        app = _app(diary)
        async with app.run_test(size=size) as pilot:
            await _until_prompt(pilot)
            await pilot.press("y")  # its toast, and the next question in place
            await pilot.pause(0.6)
            prompt = app.screen
            assert isinstance(prompt, OutcomePrompt) and "Caller 3" in prompt.question
            assert prompt.query_one("#prompt-said").display  # what became of the one before, on it
            assert "Caller 4 · Thu 26 Nov 11:00 — kept (u undoes)" in str(prompt.query_one("#prompt-said").render())
            buttons = [b.region for b in prompt.query(Button) if b.display]
            toasts = [t.region for t in prompt.query(Toast)]
            assert len(buttons) == 3 and all(b.height == 3 and prompt.region.contains_region(b) for b in buttons), size
            covered = [(t, b) for t in toasts for b in buttons if t.overlaps(b)]
            assert not covered, (size, covered)
