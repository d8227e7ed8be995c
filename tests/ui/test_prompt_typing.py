"""The outcome prompt among typed keys: a typed word never records an outcome, nothing typed
falls through to the week behind it, and it appears only once the week has been quiet.

Seen in a walkthrough (W4 #1): with "Did Ann Lee call?" on screen, the burst
`a "sun 10:00" Tab Tab "Zed Zero" Enter` made the n of "sun" a no-show for Ann Lee, and the e of
"Zed" opened Edit on the call selected on the week."""

from __future__ import annotations

import time

from calldiary.model import Status
from calldiary.ui.dialogs.call_form import CallForm
from calldiary.ui.dialogs.outcome_prompt import OutcomePrompt
from calldiary.ui.reminding import IDLE_SECONDS
from calldiary.ui.shots import NOW
from tests.ui.conftest import fresh
from tests.ui.test_remind_ui import SIZE, _app, _until_prompt

BURST = ["a", *"sun 10:00", "tab", "tab", *"Zed Zero", "enter"]


def _refused(app) -> str:
    line = app.screen.query_one("#prompt-refused")
    return str(line.render()) if line.display else ""


async def _until_taking_keys(pilot) -> None:
    for _ in range(60):
        await pilot.pause(0.05)
        if isinstance(pilot.app.screen, OutcomePrompt) and pilot.app.screen.taking_keys:
            return


async def test_a_typed_booking_is_refused_whole_and_nothing_reaches_the_week(ui_diary):
    ann = ui_diary.add(NOW.subtract(hours=2), "Ann Lee")
    bob = ui_diary.add(NOW.add(hours=2), "Bob Brown")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        await pilot.press(*BURST)
        await pilot.pause(0.4)
        assert isinstance(app.screen, OutcomePrompt)  # (before: the e of "Zed" opened Edit on Bob)
        assert not any(isinstance(screen, CallForm) for screen in app.screen_stack)
        assert fresh(ui_diary).get(ann.id).status is Status.PLANNED  # (before: the n of "sun": no-show)
        assert len(fresh(ui_diary)) == 2
        refused = _refused(app)
        assert refused.startswith("Not taken: ") and refused.endswith(
            " — typing. Answer with y, n, c, C or Esc after a second without keys."
        )
        assert refused.startswith("Not taken: … tab Z e d space Z e r o enter — ")  # (the last keys)
        await pilot.press("n")  # still typing (within a second of the last key): refused too
        await pilot.pause(0.4)
        assert fresh(ui_diary).get(ann.id).status is Status.PLANNED
        await _until_taking_keys(pilot)  # a second without keys: answers are taken again
        await pilot.press("n")
        await _until_prompt(pilot, shown=False)
        assert fresh(ui_diary).get(ann.id).status is Status.NO_SHOW
        assert fresh(ui_diary).get(bob.id).status is Status.PLANNED


async def test_a_word_that_starts_with_an_answer_key_records_nothing(ui_diary):
    ann = ui_diary.add(NOW.subtract(hours=2), "Ann Lee")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        for word in ("nancy", "yes", "call", "up"):
            await pilot.press(*word)
            await pilot.pause(0.5)
            assert isinstance(app.screen, OutcomePrompt), word
            assert fresh(ui_diary).get(ann.id).status is Status.PLANNED, word
            assert _refused(app).startswith(f"Not taken: {' '.join(word)}"), (word, _refused(app))
            await _until_taking_keys(pilot)
        await pilot.press("y")  # alone, it answers (once nothing follows it)
        await _until_prompt(pilot, shown=False)
        assert fresh(ui_diary).get(ann.id).status is Status.KEPT


async def test_the_keys_of_the_walkthrough_after_the_prompt_appeared_do_not_answer(ui_diary):
    """W4 #2: `k y` meant for the week, the prompt having sprung up just before: the k was
    swallowed and the y recorded the prompt's call kept."""
    ann = ui_diary.add(NOW.subtract(hours=2), "Ann Lee")
    other = ui_diary.add(NOW.add(hours=2), "Other")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        await pilot.press("k", "y")
        await pilot.pause(0.5)
        assert isinstance(app.screen, OutcomePrompt)
        assert fresh(ui_diary).get(ann.id).status is Status.PLANNED
        assert fresh(ui_diary).get(other.id).status is Status.PLANNED
        assert _refused(app).startswith("Not taken: k y — typing.")


async def test_no_prompt_right_after_another_screen_closes(ui_diary):
    """A screen closed without a key (here by the app itself): the prompt waits until the week
    has been on top for a while too, as it does after a key."""
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")  # the review on top
        await pilot.pause(IDLE_SECONDS + 1.2)  # long since the last key
        fresh(ui_diary).add(NOW.subtract(hours=3), "Booked elsewhere")
        app.reminding.check()
        await pilot.pause(1.2)
        app.pop_screen()  # back on the week, no key pressed
        back = time.monotonic()
        while time.monotonic() - back < IDLE_SECONDS - 0.4:
            await pilot.pause(0.1)
            assert not isinstance(app.screen, OutcomePrompt)  # (before: within a second)
        await _until_prompt(pilot)
        assert isinstance(app.screen, OutcomePrompt) and time.monotonic() - back >= IDLE_SECONDS


async def test_answer_keys_refused_while_typing_do_not_prolong_the_quiet(ui_diary):
    """W5 #2: after a stray word, `n` pressed every 0.8 s was refused for ever (each refused key
    restarted the quiet second); Esc, which records nothing, is taken at once."""
    ann = ui_diary.add(NOW.subtract(hours=2), "Ann Lee")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        await pilot.press(*"hello")
        await pilot.pause(0.6)
        await pilot.press("n")  # within the quiet second: refused, and it does not prolong it
        assert "after a second without keys" in _refused(app)
        await pilot.pause(0.7)
        await pilot.press("n")
        await _until_prompt(pilot, shown=False)
        assert fresh(ui_diary).get(ann.id).status is Status.NO_SHOW


async def test_escape_is_taken_while_typing_and_the_week_holds_outcome_keys_a_moment(ui_diary):
    """W5 #1: a second press of an answer key, just after the prompt closed, marked the call
    selected on the week. For a second after a question closes, the week takes no outcome key
    (and says so); then it does."""
    ann = ui_diary.add(NOW.subtract(hours=2), "Ann Lee")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        await pilot.press(*"hi", "escape")  # Esc after typing: taken (later)
        await _until_prompt(pilot, shown=False)
        app.screen.show_call(ann.id)
        await pilot.press("n")
        await pilot.pause()
        assert fresh(ui_diary).get(ann.id).status is Status.PLANNED
        assert any("Not taken: n — typed as a question closed" in str(n.message) for n in app._notifications)
        await pilot.pause(1.1)
        await pilot.press("n")
        await pilot.pause()
        assert fresh(ui_diary).get(ann.id).status is Status.NO_SHOW


async def test_an_answer_while_the_diary_cant_be_read_is_said_and_asked_again(ui_diary):
    """W5 #4: `n` on the prompt while the file was garbage closed it with a generic toast; the
    question never came back, though nothing was recorded."""
    ann = ui_diary.add(NOW.subtract(hours=2), "Ann Lee")
    app = _app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await _until_prompt(pilot)
        good = ui_diary.path.read_bytes()
        ui_diary.path.write_bytes(b"garbage\n")
        await pilot.press("n")
        await _until_prompt(pilot, shown=False)
        said = [str(n.message) for n in app._notifications]
        assert any(
            "Ann Lee" in s and "not recorded" in s and "asked again once the diary can be read" in s for s in said
        ), said
        assert ui_diary.path.read_bytes() == b"garbage\n"
        ui_diary.path.write_bytes(good)
        for _ in range(80):  # (the file watched again, the week quiet for 2 s: asked again)
            await pilot.pause(0.1)
            if isinstance(app.screen, OutcomePrompt):
                break
        await _until_prompt(pilot)
        await pilot.press("n")
        await _until_prompt(pilot, shown=False)
    assert fresh(ui_diary).get(ann.id).status is Status.NO_SHOW
