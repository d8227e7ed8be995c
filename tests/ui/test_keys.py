"""Never the wrong outcome, never a lost word: who cancelled, the neighbour after a delete, who
dials, undo/redo of everything, the same keys on every screen, the palette and the help."""

from __future__ import annotations

from textual.widgets import Input

from calldiary.model import Direction, Party, Status
from calldiary.ui.dialogs.call_form import CallForm
from calldiary.ui.screens.contacts import ContactCalls, ContactsScreen
from calldiary.ui.screens.day import DayScreen
from calldiary.ui.screens.help import HelpScreen
from calldiary.ui.screens.review import ReviewScreen
from calldiary.ui.screens.week import WeekScreen
from tests.ui.conftest import by_contact, fresh, make_app, notices, screen_text, selected_key, statics_text

SIZE = (120, 36)


def rendered(static) -> str:
    import io

    from rich.console import Console

    console = Console(width=120, file=io.StringIO(), record=True)
    console.print(static.content)
    return console.export_text()


async def test_c_is_cancelled_by_them_and_shift_c_by_me_on_week_day_and_review(demo_diary):
    app = make_app(demo_diary)
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("C")  # Hannah, on the week screen
        await pilot.pause()
        assert "Enter records it" in screen_text(app)
        await pilot.press("enter")  # Enter alone accepts: by me, no reason
        await pilot.pause()
        call = fresh(demo_diary).get(hannah.id)
        assert (call.status, call.cancelled_by, call.reason) == (Status.CANCELLED, Party.ME, "")
        assert "Hannah Schmidt · Thu 26 Nov 16:00 — cancelled by me (u undoes)" in notices(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("k")  # Dmitri in the day agenda
        assert app.screen.selected_call().id == dmitri.id
        await pilot.press("c", *"Train late", "enter")
        await pilot.pause()
        call = fresh(demo_diary).get(dmitri.id)
        assert (call.cancelled_by, call.reason) == (Party.THEM, "Train late")
        await pilot.press("p", "q")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.selected_call().id == dmitri.id
        await pilot.press("C", "enter")
        await pilot.pause()
        assert fresh(demo_diary).get(dmitri.id).cancelled_by is Party.ME


async def test_delete_selects_the_neighbour_in_the_same_day(demo_diary):
    app = make_app(demo_diary)
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    jonas = by_contact(demo_diary, "Jonas Weber")[1]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert selected_key(app) == hannah.id
        await pilot.press("x", "y")
        await pilot.pause()
        assert selected_key(app) == jonas.id  # the next call of Thursday
        await pilot.press("x", "y")
        await pilot.pause()
        assert selected_key(app) == dmitri.id  # no next one: the previous
        await pilot.press("l")  # Friday's first call: the next one is selected after it
        await pilot.press("x", "y")
        await pilot.pause()
        assert selected_key(app) == by_contact(demo_diary, "Priya Natarajan")[2].id
        await pilot.press("x", "y")
        await pilot.pause()
        assert selected_key(app) == "day:2026-11-27"  # the day is empty now: its heading
        await pilot.press("n")  # a reflexive n marks nobody
        assert not any(c.status is Status.NO_SHOW for c in fresh(demo_diary).week(demo_diary.clock.today())[8:])


async def test_who_dials_is_chosen_by_arrows_or_letters_and_enter_saves(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Save" in footer and "Cancel" in footer and "Next field" in footer and "Kept" not in footer
        await pilot.press(*"18:00", "tab", "tab", *"Nora Dial", "tab")
        who = app.screen.query_one("#direction")
        assert app.screen.focused is who
        assert "←/t They call" in screen_text(app).splitlines()[-1]  # the footer shows how to choose
        await pilot.press("right")
        assert who.value is Direction.I_CALL
        await pilot.press("t")
        assert who.value is Direction.THEY_CALL
        await pilot.press("i")
        await pilot.press("enter")  # Enter on the choice saves the form
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        [nora] = by_contact(fresh(demo_diary), "Nora Dial")
        assert nora.direction is Direction.I_CALL


async def test_undo_and_redo_cover_add_edit_delete_and_name_the_call(demo_diary):
    app = make_app(demo_diary)
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"18:00", "tab", "tab", *"Uma Undo", "enter")
        await pilot.pause()
        [uma] = by_contact(fresh(demo_diary), "Uma Undo")
        await pilot.press("u")
        await pilot.pause()
        assert not by_contact(fresh(demo_diary), "Uma Undo")
        assert notices(app)[-1] == "Uma Undo · Thu 26 Nov 18:00 — undone: added"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert fresh(demo_diary).get(uma.id)
        assert selected_key(app) == uma.id
        await pilot.press("k", "x", "y")  # Jonas' call is deleted...
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert notices(app)[-1] == "Jonas Weber · Thu 26 Nov 16:30 — undone: deleted"
        assert len(by_contact(fresh(demo_diary), "Jonas Weber")) == 2
        assert fresh(demo_diary).get(hannah.id)


async def test_undo_and_redo_of_a_drop_and_a_take_back(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert app.screen.current().name == "Priya Natarajan"
        await pilot.press("D", *"three strikes", "enter")
        await pilot.pause()
        assert fresh(demo_diary).dropped() == {"Priya Natarajan": "three strikes"}
        await pilot.press("u")
        await pilot.pause()
        assert fresh(demo_diary).dropped() == {}
        assert notices(app)[-1] == "Priya Natarajan — undone: dropped"
        assert "dropped" not in screen_text(app).split("Priya Natarajan", 1)[1].splitlines()[0]
        await pilot.press("U")
        await pilot.pause()
        assert fresh(demo_diary).dropped() == {"Priya Natarajan": "three strikes"}
        await pilot.press("D", "n")  # take back asks first; no keeps the note
        await pilot.pause()
        assert fresh(demo_diary).dropped() == {"Priya Natarajan": "three strikes"}
        await pilot.press("D", "y")
        await pilot.pause()
        assert fresh(demo_diary).dropped() == {}
        await pilot.press("u")
        await pilot.pause()
        assert fresh(demo_diary).dropped() == {"Priya Natarajan": "three strikes"}  # the note is back


async def test_q_w_r_mean_the_same_on_every_screen(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for opener, kind in (("d", DayScreen), ("r", ReviewScreen), ("w", ContactsScreen)):
            await pilot.press(opener)
            await pilot.pause()
            assert isinstance(app.screen, kind)
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, WeekScreen)
        await pilot.press("d", "w")  # contacts from the day agenda
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        await pilot.press("r")  # the review from contacts
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("w")  # contacts again: back to the one already open
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactCalls)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        await pilot.press("q", "q", "q")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_contacts_calls_open_in_their_week_and_take_outcome_keys(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w", "enter")  # Priya's calls, the latest selected
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ContactCalls)
        latest = screen.selected_call()
        assert latest.contact == "Priya Natarajan"
        await pilot.press("k")  # Wednesday's no-show...
        wednesday = screen.selected_call()
        await pilot.press("y")  # ...was kept after all
        await pilot.pause()
        assert fresh(demo_diary).get(wednesday.id).status is Status.KEPT
        assert screen.selected_call().id == wednesday.id
        await pilot.press("C", *"Moved", "enter")
        await pilot.pause()
        assert fresh(demo_diary).get(wednesday.id).cancelled_by is Party.ME
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        assert selected_key(app) == wednesday.id


async def test_help_lists_the_keys_of_the_screen_it_was_opened_on(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        here = rendered(app.screen.query_one("#help-here"))
        assert "Here: Week screen" in here
        assert "j ↓" in here.replace("down", "↓") or "↓ j" in here
        assert "Down: the next call" in here and "Cancelled" not in here  # descriptions, not footer words
        assert "esc, q or ? closes this" in screen_text(app)
        assert str(demo_diary.path) in statics_text(app)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("x")  # a dialog
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        here = rendered(app.screen.query_one("#help-here"))
        assert "Here: Question" in here and "No: leave everything as it is" in here
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("w", "enter", "question_mark")
        await pilot.pause()
        here = rendered(app.screen.query_one("#help-here"))
        assert "Here: A contact's calls" in here and "Show the selected call in its week" in here
        assert "They cancelled" in here and "The previous call" in here
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_the_palette_lists_the_apps_actions_once_with_keys(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        commands = list(app.get_system_commands(app.screen))
        titles = [c.title for c in commands]
        assert len(titles) == len(set(titles))
        assert not {"Maximize", "Minimize", "Focus Next", "Focus Previous", "Scroll Up", "Page Down"} & set(titles)
        from textual.content import Content

        helps = {c.title: Content.from_markup(c.help).plain for c in commands}  # (as the palette shows it)
        assert helps["No-show"] == "Ignored: nobody called, nobody cancelled  [n]"
        assert helps["Undo"].endswith("[u ctrl+z]")
        assert str(demo_diary.path) in helps["Diary"]
        app.theme = "nord"
        app.search_themes()
        await pilot.pause(0.3)
        await pilot.press(*"nord")
        await pilot.pause(0.5)
        assert "nord  ✔ current" in screen_text(app)


async def test_a_terminal_too_small_shows_a_notice_and_takes_no_outcome_keys(demo_diary):
    from calldiary.ui.dialogs.too_small import TooSmall

    app = make_app(demo_diary)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmall)
        shown = screen_text(app)
        assert "Terminal too small" in shown
        # nothing of the week shows through (seen by hand: "Bob Terminal too small", the footer's keys)
        assert not any(word in shown for word in ("Week", "Kept", "No-show", "Nov", "calls"))
        await pilot.press("k", "n", "y", "x", "p")
        await pilot.pause()
        assert not any(c.status is Status.NO_SHOW for c in by_contact(fresh(demo_diary), "Dmitri Volkov"))
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        await pilot.press("k", "n")
        assert by_contact(fresh(demo_diary), "Dmitri Volkov")[0].status is Status.NO_SHOW
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        assert isinstance(app.screen, TooSmall)


async def test_go_to_takes_the_day_forms_people_type(demo_diary):
    from tests.ui.conftest import selected_key as key

    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g", *"24 Dec", "enter")
        await pilot.pause()
        assert key(app) == "day:2026-12-24"
        await pilot.press("g", *"W54", "enter")
        await pilot.pause()
        assert "2026 has 53 weeks" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k", *"last week", "enter")
        await pilot.pause()
        assert "Week 47" in str(app.screen.query_one("#week-title").render())  # a week before today


async def test_bidi_controls_show_and_wide_or_combining_text_keeps_the_columns(ui_diary):
    soon = ui_diary.clock.now().add(hours=1)
    ui_diary.add(soon, "Eve\u202egnp.exe", topic="zero\u200bwidth")
    ui_diary.add(soon.add(hours=1), "Zoe\u0301 \U0001f468\u200d\U0001f469\u200d\U0001f467 family", topic="日本語の話")
    ui_diary.add(soon.add(hours=2), "Plain Person", topic="plain")
    app = make_app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "Eve\\u202egnp.exe" in shown and "zero\\u200bwidth" in shown
        assert "\u202e" not in shown
        lines = [line for line in shown.splitlines() if "planned" in line and ("–" in line)]
        assert len(lines) == 3
        from rich.cells import cell_len

        columns = {cell_len(line[: line.index("○")]) for line in lines}
        assert len(columns) == 1, lines  # the status column starts at the same cell on every row


async def test_a_diary_that_becomes_unreadable_is_reported_and_the_app_recovers(demo_diary):
    good = demo_diary.path.read_bytes()
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        demo_diary.path.write_bytes(b"{ not json")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("q")  # back on the week: the problem is shown, nothing crashes
        await pilot.pause()
        await pilot.press("a", "e")  # the form opens all the same: the e is typed, not run on the week
        await pilot.pause(1.2)
        assert isinstance(app.screen, CallForm) and app.screen.query_one("#when", Input).value == "e"
        await pilot.press("escape", "escape")  # (changes: Esc again discards them)
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        assert any("diary.json" in n for n in notices(app))
        assert demo_diary.path.read_bytes() == b"{ not json"  # nothing written
        demo_diary.path.write_bytes(good)
        await pilot.pause(1.5)
        await pilot.press("t", "k", "n")
        await pilot.pause()
        assert by_contact(fresh(demo_diary), "Dmitri Volkov")[0].status is Status.NO_SHOW, notices(app)[-3:]


async def test_contacts_show_a_change_made_in_a_contacts_calls_and_one_made_elsewhere(demo_diary):
    """Back from a contact's calls, the contacts table shows the outcome just recorded there; a
    change another process makes shows while the table is open (as on the week screen)."""
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        contacts = app.screen
        assert isinstance(contacts, ContactsScreen)

        def priya() -> tuple[int, int]:
            row = next(r for r in contacts._rows if r.name == "Priya Natarajan")
            return row.kept, row.no_show

        before = priya()
        await pilot.press("enter")  # Priya's calls, the latest selected
        await pilot.pause()
        await pilot.press("k", "y")  # Wednesday's no-show was kept after all
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is contacts
        assert priya() == (before[0] + 1, before[1] - 1)
        wednesday = next(c for c in by_contact(demo_diary, "Priya Natarajan") if c.status is Status.KEPT)
        fresh(demo_diary).mark(wednesday.id, Status.NO_SHOW)  # another terminal
        await pilot.pause(1.5)
        assert priya() == before


async def test_the_key_reference_over_find_names_it_and_shows_slash_as_typed(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = statics_text(app)
        assert "Here: Find" in shown and "This screen" not in shown
        assert "slash" not in shown and "/" in shown
