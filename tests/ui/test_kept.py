"""The call form and the day agenda are built once and shown again (calldiary/ui/kept.py): each
time they open they show what a new one would — another call's values, no leftover messages,
text or state from the last time."""

from __future__ import annotations

from textual.widgets import Input, Label, Static, TextArea

from calldiary.ui.dialogs.call_form import CallForm
from calldiary.ui.screens.day import CallCard, DayScreen
from tests.ui.conftest import by_contact, fresh, make_app, selected_key
from tests.ui.test_keys import rendered
from tests.ui.test_long_notes import NOTE

SIZE = (120, 36)


def value(app, name: str) -> str:
    return app.screen.query_one(f"#{name}", Input).value


def message(app, name: str) -> str:
    return str(app.screen.query_one(f"#{name}-message").render())


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_the_form_opens_again_as_new_for_each_call(demo_diary):
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    demo_diary.edit(dmitri.id, notes=NOTE)  # a long note: the form holds it outside the text box
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert selected_key(app) == hannah.id
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, CallForm) and value(app, "contact") == "Hannah Schmidt"
        assert form.query_one("#notes", TextArea).text == "Documents: see shared folder."
        await press(pilot, "tab", "ctrl+a", "ctrl+k", *"abc", "enter")  # a bad length: a message
        assert message(app, "minutes").startswith("A whole number")
        await press(pilot, "escape", "escape")  # changed: the second Esc discards
        assert not isinstance(app.screen, CallForm)
        assert fresh(demo_diary).get(hannah.id).minutes == hannah.minutes

        await press(pilot, "a")  # a new call: the same form, empty, no message left
        assert app.screen is form and form.call is None
        assert value(app, "when") == "" and value(app, "contact") == "" and value(app, "minutes") == "30"
        assert message(app, "minutes") == "" and form.changed() == set()
        assert str(form.query_one("#form-title", Label).render()).startswith("New call · Thu 26 Nov")
        assert form.query_one("#notes", TextArea).text == "" and form.focused.id == "when"
        await press(pilot, "escape")  # untouched: closes at once
        assert not isinstance(app.screen, CallForm)

        await press(pilot, "k")  # Dmitri's call (just before), with the long note
        assert selected_key(app) == dmitri.id
        await press(pilot, "e")
        assert app.screen is form and value(app, "contact") == "Dmitri Volkov"
        assert value(app, "when") == "2026-11-26 11:00" and form.focused.id == "when"
        assert not form.query_one("#notes", TextArea).display
        assert "line 0: figures" in form.query_one("#notes-long", Static).content.plain
        await press(pilot, "tab", "tab", "tab", "tab", "ctrl+a", "ctrl+k", *"Referral call", "enter")
        assert not isinstance(app.screen, CallForm)
        saved = fresh(demo_diary).get(dmitri.id)
        assert saved.topic == "Referral call" and saved.notes == NOTE

        await press(pilot, "j", "e")  # Hannah again: her short note back in the text box
        assert app.screen is form and value(app, "contact") == "Hannah Schmidt"
        area = form.query_one("#notes", TextArea)
        assert area.display and area.text == "Documents: see shared folder."
        assert message(app, "contact").startswith("✓ 11 kept")  # her record line, as when typed
        await press(pilot, "escape")
    assert fresh(demo_diary).get(hannah.id).notes == hannah.notes


async def test_the_day_agenda_opens_again_on_the_day_and_call_chosen(demo_diary):
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "d")
        agenda = app.screen
        assert isinstance(agenda, DayScreen) and agenda.focused.call.id == hannah.id
        await press(pilot, "j")  # another card focused when it closes
        await press(pilot, "q")
        await press(pilot, "l", "d")  # Friday
        assert app.screen is agenda and agenda.day.isoformat() == "2026-11-27"
        cards = list(agenda.query(CallCard))
        assert [card.call.contact[:9] for card in cards] == ["Acme Corp", "Priya Nat"]
        assert agenda.focused is cards[0]  # the week's selection: Friday's first call
        await press(pilot, "q", "h", "h", "h", "d")  # Tuesday: the focus is not left on a card of Friday
        assert app.screen is agenda and agenda.day.isoformat() == "2026-11-24"
        assert isinstance(agenda.focused, CallCard) and agenda.focused.call.contact == "Jonas Weber"
        await press(pilot, "q")
        assert selected_key(app) == agenda.focused.call.id


async def test_find_contacts_and_review_open_again_as_new(demo_diary):
    from textual.widgets import DataTable, OptionList

    from calldiary.ui.screens.contacts import ContactsScreen
    from calldiary.ui.screens.review import ReviewScreen
    from calldiary.ui.screens.search import SearchScreen
    from calldiary.ui.widgets.week_table import WeekTable

    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "slash", *"Hannah")
        finder = app.screen
        assert isinstance(finder, SearchScreen) and finder.query_one(OptionList).option_count >= 1
        await press(pilot, "escape")
        maria = by_contact(demo_diary, "Maria Lopez")[0]
        demo_diary.edit(maria.id, topic="Zebra migration")  # changed meanwhile: found at once
        await press(pilot, "slash")
        assert app.screen is finder and finder.query_one("#search-input", Input).value == ""
        assert "Type to search every call" in str(finder.query_one("#search-count").render())
        await press(pilot, *"zebra")
        assert finder.query_one(OptionList).option_count == 1
        await press(pilot, "enter")
        assert selected_key(app) == maria.id

        await press(pilot, "w")
        contacts = app.screen
        assert isinstance(contacts, ContactsScreen) and "sorted by no-shows" in str(
            contacts.query_one("#contacts-title").render()
        )
        await press(pilot, "s", "j", "j", "q")  # another order, another row: not kept for next time
        await press(pilot, "w")
        assert app.screen is contacts and "sorted by no-shows" in str(contacts.query_one("#contacts-title").render())
        assert contacts.query_one(DataTable).cursor_row == 0 and contacts.focused is contacts.query_one(DataTable)
        await press(pilot, "q")

        await press(pilot, "r")
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.monday.isoformat() == "2026-11-23"
        first = review.query_one(WeekTable).current.key
        await press(pilot, "]", "q")  # closed on the next week
        await press(pilot, "r")  # opened again from this week: this week, its first call waiting
        assert app.screen is review and review.monday.isoformat() == "2026-11-23"
        assert "Review · Week 48" in str(review.query_one("#review-title").render())
        assert review.query_one(WeekTable).current.key == first


async def test_the_small_dialogs_and_the_keys_open_again_as_new(demo_diary):
    from calldiary.ui.dialogs.ask import AskText
    from calldiary.ui.dialogs.confirm import Confirm
    from calldiary.ui.dialogs.goto import GoTo
    from calldiary.ui.screens.help import HelpScreen

    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "c", *"busy")
        ask = app.screen
        assert isinstance(ask, AskText) and "Hannah Schmidt" in str(ask.query_one("#question").render())
        await press(pilot, "escape", "escape", "k", "c")  # (Esc twice: text was typed) another call: no leftover
        assert app.screen is ask and "Dmitri Volkov" in str(ask.query_one("#question").render())
        assert ask.query_one("#answer", Input).value == "" and ask.focused.id == "answer"
        await press(pilot, *"ill", "enter")
        [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
        assert fresh(demo_diary).get(dmitri.id).reason == "ill"

        await press(pilot, "x")
        confirm = app.screen
        assert isinstance(confirm, Confirm) and "Dmitri Volkov" in str(confirm.query_one("#question").render())
        await press(pilot, "n", "j", "x")
        assert app.screen is confirm and "Hannah Schmidt" in str(confirm.query_one("#question").render())
        assert confirm.focused.id == "no"
        await press(pilot, "escape")

        await press(pilot, "g", *"nonsense", "enter")
        goto = app.screen
        assert isinstance(goto, GoTo) and "can't read" in str(goto.query_one("#goto-message").render())
        await press(pilot, "escape", "g")
        assert app.screen is goto and goto.query_one("#goto", Input).value == ""
        assert not goto.query_one("#goto-message").has_class("shown")
        await press(pilot, *"fri", "enter")
        assert app.screen.selected_day().isoformat() == "2026-11-27"

        await press(pilot, "question_mark")
        keys = app.screen
        assert isinstance(keys, HelpScreen) and "Here: Week screen" in rendered(keys.query_one("#help-here"))
        await press(pilot, "escape", "d", "question_mark")
        assert app.screen is keys and "Here: Day agenda" in rendered(keys.query_one("#help-here"))


async def test_the_real_app_builds_every_big_screen_after_its_first_frame(demo_diary):
    """The form, the agenda and find half a second after the first frame; the review, contacts
    and the key reference a second later. None is ever shown until asked for."""
    from calldiary.prefs import Prefs
    from calldiary.ui.app import CallDiaryApp
    from calldiary.ui.screens.contacts import ContactsScreen
    from calldiary.ui.screens.help import HelpScreen
    from calldiary.ui.screens.review import ReviewScreen
    from calldiary.ui.screens.search import SearchScreen

    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    app = CallDiaryApp(demo_diary, demo_diary.clock, Prefs(demo_diary.path.parent / "ui.json"), ahead=True)
    first, later = (CallForm, DayScreen, SearchScreen), (ReviewScreen, ContactsScreen, HelpScreen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause(1.0)
        assert len(app.screen_stack) == 1 and selected_key(app) == hannah.id  # never shown
        assert all(app.is_screen_installed(f"calldiary-{kind.__name__}") for kind in first)
        await pilot.pause(1.0)  # (the later ones: a second after; not asserted at a moment — timing)
        assert len(app.screen_stack) == 1 and selected_key(app) == hannah.id
        built = {kind: app.get_screen(f"calldiary-{kind.__name__}") for kind in (*first, *later)}
        await press(pilot, "e")
        assert app.screen is built[CallForm] and value(app, "contact") == "Hannah Schmidt"
        assert app.screen.focused.id == "when" and app.screen.changed() == set()
        await press(pilot, "escape", "d")
        assert app.screen is built[DayScreen] and app.screen.focused.call.id == hannah.id
        await press(pilot, "q", "slash", *"Hannah")
        assert app.screen is built[SearchScreen] and app.screen.focused.id == "search-input"
        await press(pilot, "escape")
        assert selected_key(app) == hannah.id
        await press(pilot, "r")
        assert app.screen is built[ReviewScreen] and "Review · Week 48" in str(
            app.screen.query_one("#review-title").render()
        )
        await press(pilot, "q", "w")
        assert app.screen is built[ContactsScreen] and app.screen.query_one("#contacts-table").row_count > 5
        await press(pilot, "q", "question_mark")
        assert app.screen is built[HelpScreen] and "Here: Week screen" in rendered(app.screen.query_one("#help-here"))
        await press(pilot, "escape")
        assert len(app.screen_stack) == 1 and selected_key(app) == hannah.id


async def test_screens_built_ahead_show_their_keys_in_the_footer_on_every_open(demo_diary):
    """A screen built ahead mounts its footer while it is not drawn (every key 0 wide): the keys
    were measured then and all hidden as cut off, and stayed hidden when the screen was shown."""
    import asyncio

    from calldiary.prefs import Prefs
    from calldiary.ui.app import CallDiaryApp
    from tests.ui.conftest import screen_text

    app = CallDiaryApp(demo_diary, demo_diary.clock, Prefs(demo_diary.path.parent / "ui.json"), ahead=True)
    wanted = {
        "w": ("s Sort", "R Reverse", "esc Back"),  # contacts
        "slash": ("esc Back", "/ Find"),  # find
        "r": ("y Kept", "[ Prev week", "esc Week"),  # review
        "d": ("y Kept", "h Prev day", "esc Week"),  # the day agenda
        "a": ("tab Next field", "Save", "esc Cancel"),  # the form
    }
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(60):  # (the last batch is built ~1.5 s after the first frame)
            await asyncio.sleep(0.1)
            if app.is_screen_installed("calldiary-HelpScreen"):
                break
        await pilot.pause(0.5)
        for _ in range(2):
            for key, hints in wanted.items():
                await pilot.press(key)
                await pilot.pause(0.3)
                footer = screen_text(app).splitlines()[-1]
                assert all(hint in footer for hint in hints), (key, footer)
                await pilot.press("escape")
                await pilot.pause(0.3)
